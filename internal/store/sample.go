package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/sample"
)

// ErrSampleExists: the user has a sample organization already (at most
// one each); nothing was stored. It is an ErrConflict.
var ErrSampleExists = errors.Join(ErrConflict, errors.New("store: sample organization exists"))

// SampleEmailDomain is the domain of the placeholder members' addresses:
// reserved (RFC 6761), so no mail to them can ever be delivered, and the
// server's mailer drops it before trying.
const SampleEmailDomain = "sample.invalid"

// SampleBaseline builds the baseline items of a loaded sample from its
// snapshot as it stood at the baseline's date (the http layer derives the
// plan; the store only stores).
type SampleBaseline func(rs RoadmapSnapshot, at time.Time) []roadmap.BaselineItem

// LoadSample creates the sample organization of ownerID from f, in one
// transaction: the organization (is_sample, owned by ownerID only), the
// fictional members as placeholder users without usable accounts, and
// every step's rows, decisions, stakeholders and a baseline, with dates
// relative to now. A second sample of the same user is ErrSampleExists.
func (s *Store) LoadSample(ctx context.Context, ownerID int64, f sample.Fixture, now time.Time, baseline SampleBaseline) (Org, error) {
	var o Org
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) (err error) {
		o, err = loadSample(ctx, tx, ownerID, f, now, baseline)
		return err
	})
	if isUniqueViolation(err, "organizations_sample_owner_id_key") {
		return Org{}, ErrSampleExists
	}
	return o, err
}

func loadSample(ctx context.Context, tx pgx.Tx, ownerID int64, f sample.Fixture, now time.Time, baseline SampleBaseline) (Org, error) {
	o, err := createOrg(ctx, tx, ownerID, f.Name)
	if err != nil {
		return Org{}, err
	}
	id := o.ID
	day := func(daysAgo int) time.Time { return now.AddDate(0, 0, -daysAgo) }
	month := func(monthsAgo int) time.Time { return now.AddDate(0, -monthsAgo, 0) }
	var industry, size *string
	if f.Industry != "" {
		industry = &f.Industry
	}
	if f.Size != "" {
		size = &f.Size
	}
	if _, err := tx.Exec(ctx, `UPDATE organizations SET is_sample = true, sample_owner_id = $2, industry = $3, size = $4,
			improvement_share = $5, created_at = $6 WHERE id = $1`,
		id, ownerID, industry, size, f.ImprovementShare, month(12)); err != nil {
		return Org{}, err // a second sample breaks the unique owner (LoadSample)
	}
	if _, err := tx.Exec(ctx, `UPDATE memberships SET job_role = $3 WHERE org_id = $1 AND user_id = $2`,
		id, ownerID, nullIfEmpty(f.OwnerJobRole)); err != nil {
		return Org{}, err
	}

	// The fictional members: placeholder users whose address is reserved
	// and random, whose password hash matches no password, and who go with
	// the organization (users.sample_org_id).
	n := len(f.Members)
	emails, names, hashes := make([]string, n), make([]string, n), make([]string, n)
	roles, jobRoles := make([]string, n), make([]string, n)
	for i, m := range f.Members {
		emails[i] = "sample-" + strings.ToLower(rand.Text()[:16]) + "@" + SampleEmailDomain
		names[i], hashes[i], roles[i], jobRoles[i] = m.Name, unusableHash(), m.Role, m.JobRole
	}
	memberIDs := make([]int64, n)
	rows, _ := tx.Query(ctx, `INSERT INTO users (email, name, password_hash, sample_org_id, created_at)
		SELECT e, n, h, $4, $5 FROM unnest($1::text[], $2::text[], $3::text[]) AS u(e, n, h) RETURNING id, email`,
		emails, names, hashes, id, month(12))
	byEmail := map[string]int64{}
	var uid int64
	var email string
	if _, err := pgx.ForEachRow(rows, []any{&uid, &email}, func() error { byEmail[email] = uid; return nil }); err != nil {
		return Org{}, err
	}
	for i, e := range emails {
		memberIDs[i] = byEmail[e]
	}
	if _, err := tx.Exec(ctx, `INSERT INTO memberships (org_id, user_id, role, job_role, created_at)
		SELECT $1, u, r, j, $5 FROM unnest($2::bigint[], $3::text[], $4::text[]) AS m(u, r, j)`,
		id, memberIDs, roles, jobRoles, month(11)); err != nil {
		return Org{}, err
	}

	// Step 1: the considerations, the inventory and the findings.
	c := f.Considerations
	if _, err := tx.Exec(ctx, `INSERT INTO stack_considerations (org_id, team_size, planned_team_size, team_verdict, team_notes,
			cost_verdict, cost_notes, scalability_verdict, scalability_notes, support_verdict, support_notes, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		id, c.TeamSize, c.PlannedTeamSize, c.TeamVerdict, c.TeamNotes, c.CostVerdict, c.CostNotes,
		c.ScalabilityVerdict, c.ScalabilityNotes, c.SupportVerdict, c.SupportNotes, day(20)); err != nil {
		return Org{}, err
	}
	tools := map[string]int64{}
	for _, t := range f.Stack {
		var tid int64
		if err := tx.QueryRow(ctx, `INSERT INTO stack_items (org_id, name, category, lifecycle, monthly_cost, cost_scaling, scalability,
				support_hours_per_month, owner, notes, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
			id, t.Name, t.Category, t.Lifecycle, t.MonthlyCost, t.CostScaling, t.Scalability, t.SupportHours, t.Owner, t.Notes, month(10)).
			Scan(&tid); err != nil {
			return Org{}, err
		}
		tools[t.Ref] = tid
	}
	findings := map[string]int64{}
	for _, fd := range f.Findings {
		var item *int64
		if tid, ok := tools[fd.Tool]; ok {
			item = &tid
		}
		var fid int64
		if err := tx.QueryRow(ctx, `INSERT INTO findings (org_id, kind, title, description, severity, effort, status, stack_item_id,
				created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			id, fd.Kind, fd.Title, fd.Description, fd.Severity, fd.Effort, fd.Status, item, month(9)).Scan(&fid); err != nil {
			return Org{}, err
		}
		findings[fd.Ref] = fid
	}

	// Step 2a: every member's self-ratings of the seeded catalog.
	rows, _ = tx.Query(ctx, `SELECT id, key FROM skills WHERE org_id = $1 ORDER BY position, id`, id)
	var skillIDs []int64
	var skillKeys []string
	var sid int64
	var key string
	if _, err := pgx.ForEachRow(rows, []any{&sid, &key}, func() error {
		skillIDs, skillKeys = append(skillIDs, sid), append(skillKeys, key)
		return nil
	}); err != nil {
		return Org{}, err
	}
	gaps, interests := set(f.TeamGaps), set(f.TeamInterests)
	var rUser, rSkill []int64
	var rLevel []int
	var rInterested []bool
	var rAt []time.Time
	for i, m := range f.Members {
		for j, sk := range skillKeys {
			rUser, rSkill = append(rUser, memberIDs[i]), append(rSkill, skillIDs[j])
			rLevel = append(rLevel, sample.SkillLevel(m, i, j, gaps[sk]))
			rInterested = append(rInterested, interests[sk] && i%3 != 0)
			rAt = append(rAt, day(m.RatedDaysAgo))
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO skill_ratings (org_id, user_id, skill_id, level, interested, rated_at)
		SELECT $1, u, s, l, i, a FROM unnest($2::bigint[], $3::bigint[], $4::int[], $5::bool[], $6::timestamptz[]) AS r(u, s, l, i, a)`,
		id, rUser, rSkill, rLevel, rInterested, rAt); err != nil {
		return Org{}, err
	}

	// Step 2b: a year of monthly snapshots and the targets.
	for _, k := range f.KPIs {
		on := month(k.MonthsAgo)
		on = time.Date(on.Year(), on.Month(), on.Day(), 0, 0, 0, 0, time.UTC)
		snap := roadmap.Snapshot{MeasuredOn: on, DeploymentsPerWeek: &k.DeploymentsPerWeek, LeadTimeHours: &k.LeadTimeHours,
			RecoveryTimeHours: &k.RecoveryTimeHours, ChangeFailureRate: &k.ChangeFailureRate, ReworkRate: &k.ReworkRate}.WithDefaults()
		if _, err := tx.Exec(ctx, `INSERT INTO kpi_snapshots (org_id, measured_on, edition, deployments_per_week, lead_time_hours,
				recovery_time_hours, change_failure_rate, rework_rate, deployment_frequency_answer, lead_time_answer, recovery_time_answer)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, kpiArgs(id, snap)...); err != nil {
			return Org{}, err
		}
	}
	for _, t := range f.Targets {
		if _, err := tx.Exec(ctx, `INSERT INTO kpi_targets (org_id, metric, value, tier) VALUES ($1, $2, $3, $4)`,
			id, t.Metric, t.Value, nullIfEmpty(t.Tier)); err != nil {
			return Org{}, err
		}
	}

	// Step 3: the practices in place so far.
	for _, p := range f.Practices {
		if _, err := tx.Exec(ctx, `INSERT INTO practice_status (org_id, practice_key, status, notes, changed_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, p.Key, p.Status, p.Notes, memberIDs[0], day(25)); err != nil {
			return Org{}, err
		}
	}

	// Step 4: the completed assessments, months apart.
	for _, a := range f.Assessments {
		at := month(a.MonthsAgo)
		var aid int64
		if err := tx.QueryRow(ctx, `INSERT INTO maturity_assessments (org_id, status, questions_version, created_by, completed_at,
				created_at, updated_at)
			VALUES ($1, 'completed', $2, $3, $4, $4, $4) RETURNING id`, id, roadmap.MaturityQuestionsVersion, ownerID, at).Scan(&aid); err != nil {
			return Org{}, err
		}
		qk, ql := make([]string, len(roadmap.MaturityQuestions)), make([]int, len(roadmap.MaturityQuestions))
		for qi, q := range roadmap.MaturityQuestions {
			qk[qi], ql[qi] = q.Key, sample.AnswerLevel(a.Levels[string(q.Dimension)], qi)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO maturity_answers (org_id, assessment_id, question_key, level)
			SELECT $1, $2, k, l FROM unnest($3::text[], $4::int[]) AS a(k, l)`, id, aid, qk, ql); err != nil {
			return Org{}, err
		}
	}

	// The roadmap: stakeholders, a baseline, and decisions already taken.
	for _, st := range f.Stakeholders {
		var stID int64
		if err := tx.QueryRow(ctx, `INSERT INTO stakeholders (org_id, name, title, interest, influence, notes)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, id, st.Name, st.Title, st.Interest, st.Influence, st.Notes).Scan(&stID); err != nil {
			return Org{}, err
		}
		for _, k := range st.Initiatives {
			key, _ := sample.ResolveKey(k, findings, tools)
			if _, err := tx.Exec(ctx, `INSERT INTO initiative_stakeholders (org_id, stakeholder_id, initiative_key) VALUES ($1, $2, $3)`,
				id, stID, key); err != nil {
				return Org{}, err
			}
		}
	}
	// The baseline is saved as the plan stood before the decisions.
	if baseline != nil && f.Baseline.Name != "" {
		q := &reads{}
		done := queueRoadmapSnapshot(q, id)
		if err := tx.SendBatch(ctx, &q.b).Close(); err != nil {
			return Org{}, err
		}
		items := baseline(done(), day(f.Baseline.DaysAgo))
		if items == nil {
			items = []roadmap.BaselineItem{}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO roadmap_baselines (org_id, name, items, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5)`, id, f.Baseline.Name, items, ownerID, day(f.Baseline.DaysAgo)); err != nil {
			return Org{}, err
		}
	}
	for _, d := range f.Decisions {
		key, _ := sample.ResolveKey(d.Key, findings, tools)
		var owner *int64
		if d.Owner != nil {
			owner = &memberIDs[*d.Owner]
		}
		at := day(d.DaysAgo)
		if _, err := tx.Exec(ctx, `INSERT INTO roadmap_decisions (org_id, key, status, owner_id, notes, accepted_at,
				status_changed_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, CASE WHEN $3 IN ('accepted', 'in_progress', 'done') THEN $6::timestamptz END, $6, $6, $6)`,
			id, key, d.Status, owner, d.Notes, at); err != nil {
			return Org{}, err
		}
	}
	return o, nil
}

// unusableHash is an argon2id hash in the stored format whose key is
// random bytes: no password hashes to it, so the placeholder can never log
// in, and a login attempt is an ordinary wrong password.
func unusableHash() string {
	salt, key := make([]byte, 16), make([]byte, 32)
	_, _ = rand.Read(salt) // crypto/rand.Read never fails
	_, _ = rand.Read(key)
	b64 := base64.RawStdEncoding.EncodeToString
	return "$argon2id$v=19$m=19456,t=2,p=1$" + b64(salt) + "$" + b64(key)
}

func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func set(keys []string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}
