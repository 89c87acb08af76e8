package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/roadmap"
)

// Step 2a's skills matrix: the organization's skill catalog, the level each
// job role requires per skill, and the members' self-ratings (appended, the
// latest per member and skill current). Skills are archived, never deleted:
// an archived skill leaves the matrix and keeps its ratings.

// ErrSkillNotFound: a rating or requirement names a skill the organization
// does not have (another organization's, or an archived one where only
// active skills are allowed). It is an ErrNotFound.
var ErrSkillNotFound = fmt.Errorf("%w: skill", ErrNotFound)

// ErrMemberNotFound: the user is not a member of the organization. It is an
// ErrNotFound.
var ErrMemberNotFound = fmt.Errorf("%w: member", ErrNotFound)

// Skill is a stored skill of the organization's catalog.
type Skill struct {
	OrgID       int64                 `db:"org_id"`
	ID          int64                 `db:"id"`
	Key         string                `db:"key"`
	Name        string                `db:"name"`
	Category    roadmap.SkillCategory `db:"category"`
	Description string                `db:"description"`
	Level1      string                `db:"level_1"`
	Level2      string                `db:"level_2"`
	Level3      string                `db:"level_3"`
	Level4      string                `db:"level_4"`
	Position    int                   `db:"position"`
	Archived    bool                  `db:"archived"`
	Version     int                   `db:"version"`
	CreatedAt   time.Time             `db:"created_at"`
	UpdatedAt   time.Time             `db:"updated_at"`
}

// Skill is the domain value of the stored skill.
func (s Skill) Skill() roadmap.Skill {
	return roadmap.Skill{Key: s.Key, Name: s.Name, Category: s.Category, Description: s.Description,
		Levels: [roadmap.MaxSkillLevel]string{s.Level1, s.Level2, s.Level3, s.Level4}}
}

// MatrixSkill is the skill as the gap analysis reads it.
func (s Skill) MatrixSkill() roadmap.MatrixSkill {
	return roadmap.MatrixSkill{Key: s.Key, Name: s.Name, Category: s.Category, Position: s.Position, Archived: s.Archived}
}

const skillColumns = `org_id, id, key, name, category, description, level_1, level_2, level_3, level_4, position, archived, version, created_at, updated_at`

// SkillRequirement is a stored required level.
type SkillRequirement struct {
	JobRole  string `db:"job_role"`
	SkillID  int64  `db:"skill_id"`
	SkillKey string `db:"key"`
	Level    int    `db:"level"`
}

// SkillRating is a stored rating (Level nil: an interest without a level).
type SkillRating struct {
	UserID     int64     `db:"user_id"`
	SkillID    int64     `db:"skill_id"`
	SkillKey   string    `db:"key"`
	Level      *int      `db:"level"`
	Interested bool      `db:"interested"`
	RatedAt    time.Time `db:"rated_at"`
}

// Rating is the domain value of the stored rating.
func (r SkillRating) Rating() roadmap.Rating {
	lv := roadmap.NotRated
	if r.Level != nil {
		lv = *r.Level
	}
	return roadmap.Rating{UserID: r.UserID, SkillKey: r.SkillKey, Level: lv, Interested: r.Interested, RatedAt: r.RatedAt}
}

// SkillMatrix is everything the matrix page and the API read.
type SkillMatrix struct {
	Skills       []Skill            // every skill, archived ones too, by position then name
	Requirements []SkillRequirement // levels above 0
	Members      []Member           // with their job roles, as the team page lists them
	Ratings      []SkillRating      // the current (latest) rating per member and skill
}

// Input is the matrix as the gap analysis reads it (a member with a custom
// title has no job role to compare against).
func (m SkillMatrix) Input() roadmap.SkillInput {
	in := roadmap.SkillInput{
		Skills:       make([]roadmap.MatrixSkill, len(m.Skills)),
		Members:      make([]roadmap.MatrixMember, len(m.Members)),
		Requirements: make([]roadmap.Requirement, len(m.Requirements)),
		Ratings:      make([]roadmap.Rating, len(m.Ratings)),
	}
	for i, s := range m.Skills {
		in.Skills[i] = s.MatrixSkill()
	}
	for i, mb := range m.Members {
		in.Members[i] = roadmap.MatrixMember{UserID: mb.UserID, Name: mb.Name, JobRole: mb.JobRoleKey}
	}
	for i, r := range m.Requirements {
		in.Requirements[i] = roadmap.Requirement{JobRole: r.JobRole, SkillKey: r.SkillKey, Level: r.Level}
	}
	for i, r := range m.Ratings {
		in.Ratings[i] = r.Rating()
	}
	return in
}

const (
	findSkills = `SELECT ` + skillColumns + ` FROM skills WHERE org_id = $1 ORDER BY position, name, id`
	// Archived skills' requirements are read too: the grid editor keeps them.
	findRequirements = `SELECT q.job_role, q.skill_id, s.key, q.level::int AS level
		FROM skill_requirements q JOIN skills s ON s.org_id = q.org_id AND s.id = q.skill_id
		WHERE q.org_id = $1 AND q.level > 0 ORDER BY q.job_role, s.position, s.id`
	// The latest rating per member and skill (skill_ratings_latest).
	findLatestRatings = `SELECT DISTINCT ON (r.user_id, r.skill_id) r.user_id, r.skill_id, s.key, r.level::int AS level, r.interested, r.rated_at
		FROM skill_ratings r JOIN skills s ON s.org_id = r.org_id AND s.id = r.skill_id
		WHERE r.org_id = $1 ORDER BY r.user_id, r.skill_id, r.rated_at DESC, r.id DESC`
)

// FindSkillMatrix reads the skills, the requirements, the members with
// their job roles and their current ratings in one round trip.
func (s *Store) FindSkillMatrix(ctx context.Context, orgID int64) (SkillMatrix, error) {
	var m SkillMatrix
	err := s.readTenant(ctx, orgID, func(q *reads) {
		readAll(q, &m.Skills, findSkills, orgID)
		readAll(q, &m.Requirements, findRequirements, orgID)
		readAll(q, &m.Members, findMembers, orgID)
		readAll(q, &m.Ratings, findLatestRatings, orgID)
	})
	return m, err
}

// FindSkills lists the organization's skills, archived ones too, by
// position then name.
func (s *Store) FindSkills(ctx context.Context, orgID int64) ([]Skill, error) {
	return tenantAll[Skill](ctx, s, orgID, findSkills, orgID)
}

// FindRatingHistory lists a member's ratings, newest first (the history
// behind the current ones).
func (s *Store) FindRatingHistory(ctx context.Context, orgID, userID int64) ([]SkillRating, error) {
	return tenantAll[SkillRating](ctx, s, orgID, `SELECT r.user_id, r.skill_id, s.key, r.level::int AS level, r.interested, r.rated_at
		FROM skill_ratings r JOIN skills s ON s.org_id = r.org_id AND s.id = r.skill_id
		WHERE r.org_id = $1 AND r.user_id = $2 ORDER BY r.rated_at DESC, r.id DESC`, orgID, userID)
}

// SaveRatings records a member's self-rating form in one transaction, at
// now: a new row per rated skill (and per skill only flagged as
// interesting), so the history keeps every earlier rating; skills left
// unrated and not flagged are left as they were. Saving the same level
// again is recorded too: it dates the review (stale ratings are older than
// 180 days). Every key must be an active skill of the organization
// (ErrSkillNotFound) and userID one of its members (ErrMemberNotFound);
// nothing is saved otherwise.
func (s *Store) SaveRatings(ctx context.Context, orgID, userID int64, ratings []roadmap.RatingInput, now time.Time) error {
	var keys []string
	var levels []*int
	var interested []bool
	for _, r := range ratings {
		if r.Level == nil && !r.Interested {
			continue
		}
		keys, levels, interested = append(keys, r.SkillKey), append(levels, r.Level), append(interested, r.Interested)
	}
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error { return saveRatings(ctx, tx, orgID, userID, keys, levels, interested, now) })
}

// saveRatings is SaveRatings in tx (the workbook import's transaction too).
func saveRatings(ctx context.Context, tx pgx.Tx, orgID, userID int64, keys []string, levels []*int, interested []bool, now time.Time) error {
	var member bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM memberships WHERE org_id = $1 AND user_id = $2)`, orgID, userID).Scan(&member); err != nil {
		return err
	}
	if !member {
		return ErrMemberNotFound
	}
	if len(keys) == 0 {
		return nil
	}
	tag, err := tx.Exec(ctx, `INSERT INTO skill_ratings (org_id, user_id, skill_id, level, interested, rated_at)
		SELECT $1, $2, s.id, r.level, r.interested, $3
		FROM unnest($4::text[], $5::int[], $6::bool[]) WITH ORDINALITY AS r(key, level, interested, n)
		JOIN skills s ON s.org_id = $1 AND s.key = r.key AND NOT s.archived
		ORDER BY r.n`, orgID, userID, now, keys, levels, interested)
	if err != nil {
		return mapErr(err)
	}
	if tag.RowsAffected() != int64(len(keys)) {
		return ErrSkillNotFound // the transaction rolls back: nothing saved
	}
	return nil
}

// CreateSkill adds a validated skill at the end of the catalog, with the
// key custom_<id> (ErrConflict when the name is taken, in any case).
func (s *Store) CreateSkill(ctx context.Context, orgID int64, sk roadmap.Skill) (Skill, error) {
	var out Skill
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `WITH n AS (SELECT nextval(pg_get_serial_sequence('skills', 'id')) AS id)
			INSERT INTO skills (org_id, id, key, name, category, description, level_1, level_2, level_3, level_4, position)
			OVERRIDING SYSTEM VALUE
			SELECT $1, n.id, 'custom_' || n.id, $2, $3, $4, $5, $6, $7, $8,
				coalesce((SELECT max(position) + 1 FROM skills WHERE org_id = $1), 0)
			FROM n RETURNING `+skillColumns,
			orgID, sk.Name, string(sk.Category), sk.Description, sk.Levels[0], sk.Levels[1], sk.Levels[2], sk.Levels[3])
		var err error
		out, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Skill])
		return mapErr(err)
	})
	return out, err
}

// UpdateSkill renames or rewrites a skill (name, category, description,
// level texts) if it is still at version (ErrStale, ErrNotFound,
// ErrConflict for a name taken) and returns it at its next version. Its key,
// and so its ratings and requirements, stay.
func (s *Store) UpdateSkill(ctx context.Context, orgID, id int64, version int, sk roadmap.Skill) (Skill, error) {
	return s.changeSkill(ctx, orgID, id, version, `name = $4, category = $5, description = $6, level_1 = $7, level_2 = $8, level_3 = $9, level_4 = $10`,
		sk.Name, string(sk.Category), sk.Description, sk.Levels[0], sk.Levels[1], sk.Levels[2], sk.Levels[3])
}

// SetSkillArchived archives a skill (it leaves the matrix and the
// self-rating form; its ratings and requirements stay) or brings it back.
func (s *Store) SetSkillArchived(ctx context.Context, orgID, id int64, version int, archived bool) (Skill, error) {
	return s.changeSkill(ctx, orgID, id, version, `archived = $4`, archived)
}

func (s *Store) changeSkill(ctx context.Context, orgID, id int64, version int, set string, args ...any) (Skill, error) {
	var out Skill
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `UPDATE skills SET `+set+`, version = version + 1, updated_at = now()
			WHERE org_id = $1 AND id = $2 AND version = $3 RETURNING `+skillColumns, append([]any{orgID, id, version}, args...)...)
		var err error
		out, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Skill])
		if errors.Is(err, pgx.ErrNoRows) {
			return staleOrGone(ctx, tx, "skills", orgID, id)
		}
		return mapErr(err)
	})
	return out, err
}

// ReorderSkills puts the skills ids names first, in that order; the others
// follow in their present order. An id the organization does not have is
// ErrSkillNotFound, and nothing moves.
func (s *Store) ReorderSkills(ctx context.Context, orgID int64, ids []int64) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		var known int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM skills WHERE org_id = $1 AND id = ANY($2)`, orgID, ids).Scan(&known); err != nil {
			return err
		}
		if known != countDistinct(ids) {
			return ErrSkillNotFound
		}
		// Positions become 0, 1, 2 … in the new order; only moved rows
		// change. The version stays: no edit form holds the position, so a
		// reorder must not make an open form stale.
		_, err := tx.Exec(ctx, `WITH wanted AS (SELECT id, min(n) AS n FROM unnest($2::bigint[]) WITH ORDINALITY AS w(id, n) GROUP BY id),
			ranked AS (
				SELECT s.id, row_number() OVER (ORDER BY w.n NULLS LAST, s.position, s.name, s.id) - 1 AS position
				FROM skills s LEFT JOIN wanted w ON w.id = s.id WHERE s.org_id = $1)
			UPDATE skills s SET position = r.position, updated_at = now()
			FROM ranked r WHERE s.org_id = $1 AND s.id = r.id AND s.position <> r.position`, orgID, ids)
		return err
	})
}

func countDistinct[T comparable](v []T) int {
	seen := make(map[T]bool, len(v))
	for _, x := range v {
		seen[x] = true
	}
	return len(seen)
}

// SaveRequirements writes a grid of required levels in one transaction:
// each (job role, skill) of reqs gets its level, 0 removing the row; cells
// not in reqs stay. Every skill key must be the organization's
// (ErrSkillNotFound) and nothing is saved otherwise. The job roles are the
// caller's to validate (Requirement.Validate).
func (s *Store) SaveRequirements(ctx context.Context, orgID int64, reqs []roadmap.Requirement) error {
	if len(reqs) == 0 {
		return nil
	}
	roles, keys, levels := make([]string, len(reqs)), make([]string, len(reqs)), make([]int, len(reqs))
	for i, r := range reqs {
		roles[i], keys[i], levels[i] = r.JobRole, r.SkillKey, r.Level
	}
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error { return saveRequirements(ctx, tx, orgID, roles, keys, levels) })
}

// saveRequirements is SaveRequirements in tx.
func saveRequirements(ctx context.Context, tx pgx.Tx, orgID int64, roles, keys []string, levels []int) error {
	var known int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM skills WHERE org_id = $1 AND key = ANY($2)`, orgID, keys).Scan(&known); err != nil {
		return err
	}
	if known != countDistinct(keys) {
		return ErrSkillNotFound
	}
	// The last entry for a cell wins, as a form's last field would.
	if _, err := tx.Exec(ctx, `WITH grid AS (
			SELECT DISTINCT ON (g.role, s.id) g.role, s.id AS skill_id, g.level
			FROM unnest($2::text[], $3::text[], $4::int[]) WITH ORDINALITY AS g(role, key, level, n)
			JOIN skills s ON s.org_id = $1 AND s.key = g.key
			ORDER BY g.role, s.id, g.n DESC),
		gone AS (
			DELETE FROM skill_requirements q USING grid
			WHERE q.org_id = $1 AND q.job_role = grid.role AND q.skill_id = grid.skill_id AND grid.level = 0)
		INSERT INTO skill_requirements (org_id, job_role, skill_id, level)
		SELECT $1, role, skill_id, level FROM grid WHERE level > 0
		ON CONFLICT (org_id, job_role, skill_id) DO UPDATE SET level = excluded.level`, orgID, roles, keys, levels); err != nil {
		return mapErr(err)
	}
	return nil
}

// seedSkills gives a new organization the skill catalog and its default
// requirements, in the transaction that creates it (as its tenant).
func seedSkills(ctx context.Context, tx pgx.Tx, orgID int64) error {
	n := len(roadmap.SkillCatalog)
	keys, names, cats, descs := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	var lv [roadmap.MaxSkillLevel][]string
	for i := range lv {
		lv[i] = make([]string, n)
	}
	for i, s := range roadmap.SkillCatalog {
		keys[i], names[i], cats[i], descs[i] = s.Key, s.Name, string(s.Category), s.Description
		for j := range lv {
			lv[j][i] = s.Levels[j]
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO skills (org_id, key, name, category, description, level_1, level_2, level_3, level_4, position)
		SELECT $1, c.key, c.name, c.category, c.description, c.l1, c.l2, c.l3, c.l4, c.n - 1
		FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
			WITH ORDINALITY AS c(key, name, category, description, l1, l2, l3, l4, n)`,
		orgID, keys, names, cats, descs, lv[0], lv[1], lv[2], lv[3]); err != nil {
		return err
	}
	reqs := roadmap.DefaultRequirements()
	roles, rkeys, levels := make([]string, len(reqs)), make([]string, len(reqs)), make([]int, len(reqs))
	for i, r := range reqs {
		roles[i], rkeys[i], levels[i] = r.JobRole, r.SkillKey, r.Level
	}
	_, err := tx.Exec(ctx, `INSERT INTO skill_requirements (org_id, job_role, skill_id, level)
		SELECT $1, r.role, s.id, r.level FROM unnest($2::text[], $3::text[], $4::int[]) AS r(role, key, level)
		JOIN skills s ON s.org_id = $1 AND s.key = r.key`, orgID, roles, rkeys, levels)
	return err
}
