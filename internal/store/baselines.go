package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/roadmap"
)

// Roadmap baselines: the derived roadmap saved under a name, compared with
// later readings (roadmap.CompareBaseline). A baseline is never edited:
// saved, read and deleted.

// ErrBaselineNameTaken: the organization has a baseline of that name
// already (names are unique without case). It is an ErrConflict.
var ErrBaselineNameTaken = fmt.Errorf("%w: baseline name", ErrConflict)

// ErrBaselineLimit: the organization keeps roadmap.MaxBaselines baselines
// already; nothing was stored.
var ErrBaselineLimit = errors.New("store: baseline limit reached")

// BaselineListed is a baseline as the list shows it.
type BaselineListed struct {
	ID            int64     `db:"id"`
	Name          string    `db:"name"`
	CreatedAt     time.Time `db:"created_at"`
	CreatedByName string    `db:"created_by_name"` // "" once they left or were deleted
	Items         int       `db:"items"`           // how many initiatives it holds
}

// Baseline is one baseline with its items.
type Baseline struct {
	ID            int64                  `db:"id"`
	Name          string                 `db:"name"`
	CreatedAt     time.Time              `db:"created_at"`
	CreatedByName string                 `db:"created_by_name"`
	Items         []roadmap.BaselineItem `db:"items"`
}

// The creator's name is read only while they are a member, as the tokens
// list does: a former member is no one's business.
const baselineCreatedByName = `coalesce((SELECT u.name FROM memberships m JOIN users u ON u.id = m.user_id
	WHERE m.org_id = b.org_id AND m.user_id = b.created_by), '') AS created_by_name`

// CreateBaseline stores a validated name with items, created by userID.
// A taken name is ErrBaselineNameTaken, a full organization ErrBaselineLimit.
func (s *Store) CreateBaseline(ctx context.Context, orgID, userID int64, name string, items []roadmap.BaselineItem) (int64, error) {
	if items == nil {
		items = []roadmap.BaselineItem{} // an empty roadmap is [] (the CHECK wants an array)
	}
	var id int64
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		// Two saves at once may both pass the count and store one over the
		// cap: the cap bounds storage, it does not need to be exact.
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM roadmap_baselines WHERE org_id = $1`, orgID).Scan(&n); err != nil {
			return err
		}
		if n >= roadmap.MaxBaselines {
			return ErrBaselineLimit
		}
		err := tx.QueryRow(ctx, `INSERT INTO roadmap_baselines (org_id, name, items, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
			orgID, name, items, userID).Scan(&id)
		if isUniqueViolation(err, "roadmap_baselines_name_unique") {
			return ErrBaselineNameTaken
		}
		return mapErr(err)
	})
	return id, err
}

// FindBaselines lists the organization's baselines, newest first.
func (s *Store) FindBaselines(ctx context.Context, orgID int64) ([]BaselineListed, error) {
	return tenantAll[BaselineListed](ctx, s, orgID, `SELECT b.id, b.name, b.created_at, `+baselineCreatedByName+`,
			jsonb_array_length(b.items) AS items
		FROM roadmap_baselines b WHERE b.org_id = $1 ORDER BY b.created_at DESC, b.id DESC`, orgID)
}

// FindBaseline reads one baseline with its items (ErrNotFound when the
// organization has none of that id).
func (s *Store) FindBaseline(ctx context.Context, orgID, id int64) (Baseline, error) {
	return tenantOne[Baseline](ctx, s, orgID, `SELECT b.id, b.name, b.created_at, `+baselineCreatedByName+`, b.items
		FROM roadmap_baselines b WHERE b.org_id = $1 AND b.id = $2`, orgID, id)
}

// DeleteBaseline deletes one baseline (ErrNotFound when there is none).
func (s *Store) DeleteBaseline(ctx context.Context, orgID, id int64) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM roadmap_baselines WHERE org_id = $1 AND id = $2`, orgID, id)
		if err == nil && tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return err
	})
}
