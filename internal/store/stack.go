package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/headwayhq/headway/internal/roadmap"
)

// Step 1's inventory (stack items) and its findings. Every update carries
// the version the caller read: a row that moved on since is not overwritten
// (ErrStale), so two editors cannot lose each other's changes.

// ErrStackItemNotFound: a finding names a stack item the organization does
// not have (another organization's, or one just deleted). It is an
// ErrNotFound, so callers that do not care see not found.
var ErrStackItemNotFound = fmt.Errorf("%w: stack item", ErrNotFound)

// ErrStackItemNameTaken: the inventory has an item of that name already
// (names are unique without case). It is an ErrConflict.
var ErrStackItemNameTaken = fmt.Errorf("%w: stack item name", ErrConflict)

// stackItemErr maps a write's error, naming a taken name.
func stackItemErr(err error) error {
	if isUniqueViolation(err, "stack_items_name_unique") {
		return ErrStackItemNameTaken
	}
	return mapErr(err)
}

// StackItem is a stored item of the inventory.
type StackItem struct {
	OrgID                int64               `db:"org_id"`
	ID                   int64               `db:"id"`
	Name                 string              `db:"name"`
	Category             roadmap.Category    `db:"category"`
	Lifecycle            roadmap.Lifecycle   `db:"lifecycle"`
	MonthlyCost          float64             `db:"monthly_cost"`
	CostScaling          roadmap.CostScaling `db:"cost_scaling"`
	Scalability          int                 `db:"scalability"`
	SupportHoursPerMonth float64             `db:"support_hours_per_month"`
	Owner                string              `db:"owner"`
	Notes                string              `db:"notes"`
	Version              int                 `db:"version"`
	CreatedAt            time.Time           `db:"created_at"`
	UpdatedAt            time.Time           `db:"updated_at"`
}

// Item is the domain value of the stored item.
func (it StackItem) Item() roadmap.StackItem {
	return roadmap.StackItem{Name: it.Name, Category: it.Category, Lifecycle: it.Lifecycle, MonthlyCost: it.MonthlyCost,
		CostScaling: it.CostScaling, Scalability: it.Scalability, SupportHoursPerMonth: it.SupportHoursPerMonth,
		Owner: it.Owner, Notes: it.Notes}
}

// stackItemColumns reads money and hours as float8 (they are numeric).
const stackItemColumns = `org_id, id, name, category, lifecycle, monthly_cost::float8 AS monthly_cost, cost_scaling,
	scalability::int AS scalability, support_hours_per_month::float8 AS support_hours_per_month, owner, notes, version, created_at, updated_at`

// FindStackItems lists the organization's inventory by name.
func (s *Store) FindStackItems(ctx context.Context, orgID int64) ([]StackItem, error) {
	return tenantAll[StackItem](ctx, s, orgID, `SELECT `+stackItemColumns+` FROM stack_items WHERE org_id = $1 ORDER BY name, id`, orgID)
}

// FindStackItem loads one item of the organization (ErrNotFound).
func (s *Store) FindStackItem(ctx context.Context, orgID, id int64) (StackItem, error) {
	return tenantOne[StackItem](ctx, s, orgID, `SELECT `+stackItemColumns+` FROM stack_items WHERE org_id = $1 AND id = $2`, orgID, id)
}

// CreateStackItem stores a validated item.
func (s *Store) CreateStackItem(ctx context.Context, orgID int64, it roadmap.StackItem) (StackItem, error) {
	var out StackItem
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `INSERT INTO stack_items (org_id, name, category, lifecycle, monthly_cost, cost_scaling, scalability,
				support_hours_per_month, owner, notes)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING `+stackItemColumns,
			orgID, it.Name, string(it.Category), string(it.Lifecycle), it.MonthlyCost, string(it.CostScaling), it.Scalability,
			it.SupportHoursPerMonth, it.Owner, it.Notes)
		var err error
		out, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[StackItem])
		return stackItemErr(err)
	})
	return out, err
}

// UpdateStackItem replaces the item's fields if it is still at version
// (ErrStale when it moved on, ErrNotFound when it is gone) and returns it
// at its next version.
func (s *Store) UpdateStackItem(ctx context.Context, orgID, id int64, version int, it roadmap.StackItem) (StackItem, error) {
	var out StackItem
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `UPDATE stack_items SET name = $4, category = $5, lifecycle = $6, monthly_cost = $7, cost_scaling = $8,
				scalability = $9, support_hours_per_month = $10, owner = $11, notes = $12, version = version + 1, updated_at = now()
			WHERE org_id = $1 AND id = $2 AND version = $3 RETURNING `+stackItemColumns,
			orgID, id, version, it.Name, string(it.Category), string(it.Lifecycle), it.MonthlyCost, string(it.CostScaling), it.Scalability,
			it.SupportHoursPerMonth, it.Owner, it.Notes)
		var err error
		out, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[StackItem])
		if errors.Is(err, pgx.ErrNoRows) {
			return staleOrGone(ctx, tx, "stack_items", orgID, id)
		}
		return stackItemErr(err)
	})
	return out, err
}

// DeleteStackItem deletes an item (ErrNotFound when there is none); its
// findings stay, unlinked (the foreign key sets their stack_item_id null).
func (s *Store) DeleteStackItem(ctx context.Context, orgID, id int64) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM stack_items WHERE org_id = $1 AND id = $2`, orgID, id)
		if err == nil && tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return err
	})
}

// Finding is a stored finding.
type Finding struct {
	OrgID       int64                 `db:"org_id"`
	ID          int64                 `db:"id"`
	Kind        roadmap.FindingKind   `db:"kind"`
	Title       string                `db:"title"`
	Description string                `db:"description"`
	Severity    int                   `db:"severity"`
	Effort      roadmap.Effort        `db:"effort"`
	Status      roadmap.FindingStatus `db:"status"`
	StackItemID *int64                `db:"stack_item_id"`
	Version     int                   `db:"version"`
	CreatedAt   time.Time             `db:"created_at"`
	UpdatedAt   time.Time             `db:"updated_at"`
}

// Finding is the domain value of the stored finding.
func (f Finding) Finding() roadmap.Finding {
	return roadmap.Finding{Kind: f.Kind, Title: f.Title, Description: f.Description, Severity: f.Severity, Effort: f.Effort,
		Status: f.Status, StackItemID: f.StackItemID}
}

const findingColumns = `org_id, id, kind, title, description, severity::int AS severity, effort, status, stack_item_id, version, created_at, updated_at`

// FindFindings lists the organization's findings, most severe first, then
// the smallest effort, then the oldest.
func (s *Store) FindFindings(ctx context.Context, orgID int64) ([]Finding, error) {
	return tenantAll[Finding](ctx, s, orgID, `SELECT `+findingColumns+` FROM findings WHERE org_id = $1
		ORDER BY severity DESC, array_position(ARRAY['xs', 's', 'm', 'l', 'xl'], effort), id`, orgID)
}

// FindFinding loads one finding of the organization (ErrNotFound).
func (s *Store) FindFinding(ctx context.Context, orgID, id int64) (Finding, error) {
	return tenantOne[Finding](ctx, s, orgID, `SELECT `+findingColumns+` FROM findings WHERE org_id = $1 AND id = $2`, orgID, id)
}

// CreateFinding stores a validated finding; a stack item the organization
// does not have is ErrStackItemNotFound, and nothing is stored.
func (s *Store) CreateFinding(ctx context.Context, orgID int64, f roadmap.Finding) (Finding, error) {
	var out Finding
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		if err := checkStackItem(ctx, tx, orgID, f.StackItemID); err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `INSERT INTO findings (org_id, kind, title, description, severity, effort, status, stack_item_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING `+findingColumns,
			orgID, string(f.Kind), f.Title, f.Description, f.Severity, string(f.Effort), string(f.Status), f.StackItemID)
		var err error
		out, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Finding])
		return findingErr(err)
	})
	return out, err
}

// UpdateFinding replaces the finding's fields if it is still at version
// (ErrStale, ErrNotFound, ErrStackItemNotFound as for the other writes).
func (s *Store) UpdateFinding(ctx context.Context, orgID, id int64, version int, f roadmap.Finding) (Finding, error) {
	var out Finding
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		if err := checkStackItem(ctx, tx, orgID, f.StackItemID); err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `UPDATE findings SET kind = $4, title = $5, description = $6, severity = $7, effort = $8, status = $9,
				stack_item_id = $10, version = version + 1, updated_at = now()
			WHERE org_id = $1 AND id = $2 AND version = $3 RETURNING `+findingColumns,
			orgID, id, version, string(f.Kind), f.Title, f.Description, f.Severity, string(f.Effort), string(f.Status), f.StackItemID)
		var err error
		out, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Finding])
		if errors.Is(err, pgx.ErrNoRows) {
			return staleOrGone(ctx, tx, "findings", orgID, id)
		}
		return findingErr(err)
	})
	return out, err
}

// DeleteFinding deletes a finding (ErrNotFound when there is none).
func (s *Store) DeleteFinding(ctx context.Context, orgID, id int64) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM findings WHERE org_id = $1 AND id = $2`, orgID, id)
		if err == nil && tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return err
	})
}

// checkStackItem refuses a stack item the tenant cannot see (RLS hides
// every other organization's). The foreign key refuses it too, should the
// item go between this check and the write (findingErr).
func checkStackItem(ctx context.Context, tx pgx.Tx, orgID int64, id *int64) error {
	if id == nil {
		return nil
	}
	var ok bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM stack_items WHERE org_id = $1 AND id = $2)`, orgID, *id).Scan(&ok); err != nil {
		return err
	}
	if !ok {
		return ErrStackItemNotFound
	}
	return nil
}

// findingErr is mapErr, with the foreign key's refusal as
// ErrStackItemNotFound.
func findingErr(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23503" {
		return ErrStackItemNotFound
	}
	return mapErr(err)
}

// staleOrGone says why a versioned update matched no row: the row is gone
// (ErrNotFound) or at another version (ErrStale).
func staleOrGone(ctx context.Context, tx pgx.Tx, table string, orgID, id int64) error {
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+pgx.Identifier{table}.Sanitize()+` WHERE org_id = $1 AND id = $2)`, orgID, id).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return ErrStale
	}
	return ErrNotFound
}
