package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/roadmap"
)

// Step 3: where the organization stands on each practice of the catalog.
// A practice nobody has set has no row and is not started; a set status
// carries the version it is at, so two people changing the same practice
// cannot overwrite each other unseen (ErrStale).

// ErrPracticeNotFound: the key is not a practice of the catalog. It is an
// ErrNotFound (a 404, like a path that does not exist).
var ErrPracticeNotFound = fmt.Errorf("%w: practice", ErrNotFound)

// PracticeStatus is a practice's stored status.
type PracticeStatus struct {
	Key         string                 `db:"practice_key"`
	Status      roadmap.PracticeStatus `db:"status"`
	Notes       string                 `db:"notes"`
	ChangedBy   *int64                 `db:"changed_by"`      // nil for an API token, or a member who has left
	ChangerName string                 `db:"changed_by_name"` // "" when ChangedBy is nil
	Version     int                    `db:"version"`
	UpdatedAt   time.Time              `db:"updated_at"`
}

const practiceStatusColumns = `practice_key, status, notes, changed_by,
	coalesce((SELECT u.name FROM users u WHERE u.id = changed_by), '') AS changed_by_name, version, updated_at`

// Practices is the practices page's data: the stored statuses by practice
// key (a practice without one is not started).
type Practices map[string]PracticeStatus

// Statuses are the statuses alone, as the domain's completion and
// warnings take them.
func (p Practices) Statuses() map[string]roadmap.PracticeStatus {
	out := make(map[string]roadmap.PracticeStatus, len(p))
	for k, v := range p {
		out[k] = v.Status
	}
	return out
}

// Status is the practice's stored status, or a not-started one at version
// 0 (what a first change must carry).
func (p Practices) Status(key string) PracticeStatus {
	if st, ok := p[key]; ok {
		return st
	}
	return PracticeStatus{Key: key, Status: roadmap.PracticeNotStarted}
}

// FindPractices reads the organization's practice statuses in one round
// trip.
func (s *Store) FindPractices(ctx context.Context, orgID int64) (Practices, error) {
	rows, err := tenantAll[PracticeStatus](ctx, s, orgID, `SELECT `+practiceStatusColumns+` FROM practice_status WHERE org_id = $1`, orgID)
	out := make(Practices, len(rows))
	for _, r := range rows {
		out[r.Key] = r
	}
	return out, err
}

// SetPracticeStatus stores a validated change of one practice by userID
// (nil for an API token); notes nil keeps the stored notes. version is the version the caller read: 0 for a
// practice never set, and nil to overwrite whatever is stored (an API
// client that sends no version). A version the row has moved on from is
// ErrStale and nothing changes; a key outside the catalog is
// ErrPracticeNotFound.
func (s *Store) SetPracticeStatus(ctx context.Context, orgID int64, userID *int64, key string, version *int, ch roadmap.PracticeChange) (PracticeStatus, error) {
	if _, ok := roadmap.PracticeByKey(key); !ok {
		return PracticeStatus{}, ErrPracticeNotFound
	}
	var out PracticeStatus
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		var rows pgx.Rows
		switch {
		case version == nil:
			rows, _ = tx.Query(ctx, `INSERT INTO practice_status AS p (org_id, practice_key, status, notes, changed_by)
				VALUES ($1, $2, $3, coalesce($4, ''), $5)
				ON CONFLICT (org_id, practice_key) DO UPDATE SET status = excluded.status, notes = coalesce($4, p.notes),
					changed_by = excluded.changed_by, version = p.version + 1, updated_at = now()
				RETURNING `+practiceStatusColumns, orgID, key, string(ch.Status), ch.Notes, userID)
		case *version == 0:
			// Never set: a row that appeared meanwhile is someone else's change.
			rows, _ = tx.Query(ctx, `INSERT INTO practice_status (org_id, practice_key, status, notes, changed_by)
				VALUES ($1, $2, $3, coalesce($4, ''), $5) ON CONFLICT (org_id, practice_key) DO NOTHING
				RETURNING `+practiceStatusColumns, orgID, key, string(ch.Status), ch.Notes, userID)
		default:
			rows, _ = tx.Query(ctx, `UPDATE practice_status SET status = $4, notes = coalesce($5, notes), changed_by = $6, version = version + 1, updated_at = now()
				WHERE org_id = $1 AND practice_key = $2 AND version = $3
				RETURNING `+practiceStatusColumns, orgID, key, *version, string(ch.Status), ch.Notes, userID)
		}
		var err error
		out, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[PracticeStatus])
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrStale
		}
		return mapErr(err)
	})
	return out, err
}
