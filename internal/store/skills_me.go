package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// Step 2a's self-rating page and the managers' view of who has not rated:
// a member's own current ratings beside the active skills, each member's
// latest rating date, and the reminders sent to them (skill_reminders).

// SelfRating is what the self-rating page reads: the active skills, in the
// catalog's order, and the member's current rating of each.
type SelfRating struct {
	Skills  []Skill       // active skills only, by position then name
	Ratings []SkillRating // the member's latest rating per skill (archived skills too)
}

// FindSelfRating reads the organization's active skills and userID's
// current ratings in one round trip.
func (s *Store) FindSelfRating(ctx context.Context, orgID, userID int64) (SelfRating, error) {
	var sr SelfRating
	err := s.readTenant(ctx, orgID, func(q *reads) {
		readAll(q, &sr.Skills, `SELECT `+skillColumns+` FROM skills WHERE org_id = $1 AND NOT archived ORDER BY position, name, id`, orgID)
		readAll(q, &sr.Ratings, `SELECT DISTINCT ON (r.skill_id) r.user_id, r.skill_id, s.key, r.level::int AS level, r.interested, r.rated_at
			FROM skill_ratings r JOIN skills s ON s.org_id = r.org_id AND s.id = r.skill_id
			WHERE r.org_id = $1 AND r.user_id = $2 ORDER BY r.skill_id, r.rated_at DESC, r.id DESC`, orgID, userID)
	})
	return sr, err
}

// RatingStatus is a member as the "who has not rated" page lists them.
type RatingStatus struct {
	Member
	LatestRatedAt  *time.Time `db:"latest_rated_at"`  // their latest rating with a level (nil: never rated)
	Rated          int        `db:"rated"`            // active skills their current rating gives a level
	LastReminderAt *time.Time `db:"last_reminder_at"` // the last reminder sent to them
}

// RatingStatuses is the page's data: every member with their rating
// status, and how many skills are active.
type RatingStatuses struct {
	Members      []RatingStatus
	ActiveSkills int
}

// FindRatingStatuses reads every member with the date of their latest
// rating, how many active skills they rated and the last reminder sent to
// them, in one round trip. An interest flagged without a level is not a
// rating.
func (s *Store) FindRatingStatuses(ctx context.Context, orgID int64) (RatingStatuses, error) {
	var out RatingStatuses
	err := s.readTenant(ctx, orgID, func(q *reads) {
		readAll(q, &out.Members, `WITH latest AS (
				SELECT DISTINCT ON (r.user_id, r.skill_id) r.user_id, r.skill_id, r.level, r.rated_at
				FROM skill_ratings r WHERE r.org_id = $1
				ORDER BY r.user_id, r.skill_id, r.rated_at DESC, r.id DESC),
			per AS (
				SELECT l.user_id, max(l.rated_at) FILTER (WHERE l.level IS NOT NULL) AS latest_rated_at,
					count(*) FILTER (WHERE l.level IS NOT NULL AND NOT s.archived) AS rated
				FROM latest l JOIN skills s ON s.org_id = $1 AND s.id = l.skill_id
				GROUP BY l.user_id)
			SELECT `+memberColumns+`, p.latest_rated_at, coalesce(p.rated, 0)::int AS rated, sr.sent_at AS last_reminder_at
			FROM memberships m JOIN users u ON u.id = m.user_id
			LEFT JOIN per p ON p.user_id = m.user_id
			LEFT JOIN skill_reminders sr ON sr.org_id = m.org_id AND sr.user_id = m.user_id
			WHERE m.org_id = $1
			ORDER BY p.latest_rated_at NULLS FIRST, lower(u.name), u.id`, orgID)
		q.b.Queue(`SELECT count(*) FROM skills WHERE org_id = $1 AND NOT archived`, orgID).QueryRow(func(row pgx.Row) error {
			return row.Scan(&out.ActiveSkills)
		})
	})
	return out, err
}

// ClaimSkillReminder records that a reminder to userID is sent at now,
// unless one was sent less than period before: then sent is false and last
// is when that one was (nothing changes). One statement decides, so two
// managers clicking at once send one reminder. userID must be a member
// (ErrMemberNotFound).
func (s *Store) ClaimSkillReminder(ctx context.Context, orgID, userID int64, now time.Time, period time.Duration) (sent bool, last time.Time, err error) {
	err = s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		var member bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM memberships WHERE org_id = $1 AND user_id = $2)`, orgID, userID).Scan(&member); err != nil {
			return err
		}
		if !member {
			return ErrMemberNotFound
		}
		err := tx.QueryRow(ctx, `INSERT INTO skill_reminders AS sr (org_id, user_id, sent_at) VALUES ($1, $2, $3)
			ON CONFLICT (org_id, user_id) DO UPDATE SET sent_at = excluded.sent_at WHERE sr.sent_at <= $3 - make_interval(secs => $4)
			RETURNING sent_at`, orgID, userID, now, period.Seconds()).Scan(&last)
		if err == nil {
			sent = true
			return nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT sent_at FROM skill_reminders WHERE org_id = $1 AND user_id = $2`, orgID, userID).Scan(&last); err != nil {
			return err
		}
		// Refused: no audit entry either (inTenant records the context's
		// entry when fn succeeds).
		return errReminderRefused
	})
	if errors.Is(err, errReminderRefused) {
		return false, last, nil
	}
	return sent, last, err
}

// errReminderRefused rolls back ClaimSkillReminder's transaction (and its
// audit entry) when a reminder was sent within the period.
var errReminderRefused = errors.New("store: reminder sent within the period")

// ReleaseSkillReminder gives back the claim made at sentAt (its email could
// not be sent), so that the reminder can be sent again at once; the
// previous reminder's time, if any, is lost with it.
func (s *Store) ReleaseSkillReminder(ctx context.Context, orgID, userID int64, sentAt time.Time) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM skill_reminders WHERE org_id = $1 AND user_id = $2 AND sent_at = $3`, orgID, userID, sentAt)
		return err
	})
}
