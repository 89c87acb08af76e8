package store

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/roadmap"
)

// The roadmap's decisions (stored by initiative key, apart from the
// derivation) and the initiatives added by hand.

// DecisionRow is a stored decision.
type DecisionRow struct {
	Key             string         `db:"key"`
	Status          roadmap.Status `db:"status"`
	OwnerID         *int64         `db:"owner_id"`
	Quarter         string         `db:"quarter"`
	Notes           string         `db:"notes"`
	Title           string         `db:"title"`
	AtAcceptance    []byte         `db:"kpis_at_acceptance"`
	AcceptedAt      *time.Time     `db:"accepted_at"`
	StatusChangedAt time.Time      `db:"status_changed_at"`
	Version         int            `db:"version"`
	CreatedAt       time.Time      `db:"created_at"`
	UpdatedAt       time.Time      `db:"updated_at"`
}

const decisionColumns = `key, status, owner_id, quarter, notes, title, kpis_at_acceptance, accepted_at, status_changed_at,
	version, created_at, updated_at`

// Decision is the domain value of the row (unreadable recorded KPIs read
// as none: they are ours, written by SaveDecision).
func (d DecisionRow) Decision() roadmap.Decision {
	out := roadmap.Decision{Key: d.Key, Status: d.Status, Quarter: d.Quarter, Notes: d.Notes, Title: d.Title,
		StatusChangedAt: d.StatusChangedAt, Version: d.Version, UpdatedAt: d.UpdatedAt}
	if d.OwnerID != nil {
		out.OwnerID = *d.OwnerID
	}
	if d.AcceptedAt != nil {
		out.AcceptedAt = *d.AcceptedAt
	}
	if len(d.AtAcceptance) > 0 {
		_ = json.Unmarshal(d.AtAcceptance, &out.AtAcceptance)
	}
	return out
}

// AnyVersion saves a decision whatever its stored version (the API's
// PATCH without a version: last write wins).
const AnyVersion = -1

// SaveDecision stores the decision about d.Key if it is still at version
// (0: none stored yet; AnyVersion: whatever is stored), else ErrStale. The
// first time the initiative is committed to (accepted, started or done)
// atAcceptance is kept as its KPIs at acceptance, and later saves keep
// that record. The status change time moves only when the status does.
func (s *Store) SaveDecision(ctx context.Context, orgID int64, d roadmap.Decision, version int, atAcceptance map[string]roadmap.KPIValue) (DecisionRow, error) {
	var kpis []byte
	if d.Status.Committed() && atAcceptance != nil {
		var err error
		if kpis, err = json.Marshal(atAcceptance); err != nil {
			return DecisionRow{}, err
		}
	}
	var owner *int64
	if d.OwnerID > 0 {
		owner = &d.OwnerID
	}
	var out DecisionRow
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `INSERT INTO roadmap_decisions AS r (org_id, key, status, owner_id, quarter, notes, title,
				kpis_at_acceptance, accepted_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, CASE WHEN $3 IN ('accepted', 'in_progress', 'done') THEN now() END)
			ON CONFLICT (org_id, key) DO UPDATE SET status = EXCLUDED.status, owner_id = EXCLUDED.owner_id,
				quarter = EXCLUDED.quarter, notes = EXCLUDED.notes, title = EXCLUDED.title,
				kpis_at_acceptance = coalesce(r.kpis_at_acceptance, EXCLUDED.kpis_at_acceptance),
				accepted_at = coalesce(r.accepted_at, EXCLUDED.accepted_at),
				status_changed_at = CASE WHEN r.status <> EXCLUDED.status THEN now() ELSE r.status_changed_at END,
				version = r.version + 1, updated_at = now()
			WHERE $9 < 0 OR r.version = $9
			RETURNING `+decisionColumns,
			orgID, d.Key, string(d.Status), owner, d.Quarter, d.Notes, d.Title, kpis, version)
		var err error
		out, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[DecisionRow])
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrStale // a row exists at another version (the insert would have returned one)
		}
		return mapErr(err)
	})
	return out, err
}

// CustomInitiativeRow is a stored hand-added initiative.
type CustomInitiativeRow struct {
	ID        int64                      `db:"id"`
	Title     string                     `db:"title"`
	Category  roadmap.InitiativeCategory `db:"category"`
	Effort    roadmap.Effort             `db:"effort"`
	Value     int                        `db:"value"`
	Quarter   string                     `db:"quarter"`
	Notes     string                     `db:"notes"`
	Version   int                        `db:"version"`
	CreatedAt time.Time                  `db:"created_at"`
	UpdatedAt time.Time                  `db:"updated_at"`
}

const customInitiativeColumns = `id, title, category, effort, value::int AS value, quarter, notes, version, created_at, updated_at`

// Initiative is the domain value of the row.
func (c CustomInitiativeRow) Initiative() roadmap.CustomInitiative {
	return roadmap.CustomInitiative{ID: c.ID, Title: c.Title, Category: c.Category, Effort: c.Effort, Value: c.Value,
		Quarter: c.Quarter, Notes: c.Notes, Version: c.Version}
}

// FindCustomInitiative loads one hand-added initiative (ErrNotFound).
func (s *Store) FindCustomInitiative(ctx context.Context, orgID, id int64) (CustomInitiativeRow, error) {
	return tenantOne[CustomInitiativeRow](ctx, s, orgID, `SELECT `+customInitiativeColumns+` FROM roadmap_initiatives
		WHERE org_id = $1 AND id = $2`, orgID, id)
}

// CreateCustomInitiative stores a validated hand-added initiative.
func (s *Store) CreateCustomInitiative(ctx context.Context, orgID int64, c roadmap.CustomInitiative) (CustomInitiativeRow, error) {
	var out CustomInitiativeRow
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `INSERT INTO roadmap_initiatives (org_id, title, category, effort, value, quarter, notes)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING `+customInitiativeColumns,
			orgID, c.Title, string(c.Category), string(c.Effort), c.Value, c.Quarter, c.Notes)
		var err error
		out, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[CustomInitiativeRow])
		return mapErr(err)
	})
	return out, err
}

// UpdateCustomInitiative replaces its fields if it is still at version
// (ErrStale, ErrNotFound).
func (s *Store) UpdateCustomInitiative(ctx context.Context, orgID, id int64, version int, c roadmap.CustomInitiative) (CustomInitiativeRow, error) {
	var out CustomInitiativeRow
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `UPDATE roadmap_initiatives SET title = $4, category = $5, effort = $6, value = $7, quarter = $8,
				notes = $9, version = version + 1, updated_at = now()
			WHERE org_id = $1 AND id = $2 AND version = $3 RETURNING `+customInitiativeColumns,
			orgID, id, version, c.Title, string(c.Category), string(c.Effort), c.Value, c.Quarter, c.Notes)
		var err error
		out, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[CustomInitiativeRow])
		if errors.Is(err, pgx.ErrNoRows) {
			return staleOrGone(ctx, tx, "roadmap_initiatives", orgID, id)
		}
		return mapErr(err)
	})
	return out, err
}

// DeleteCustomInitiative deletes a hand-added initiative and the decision
// about it, in one transaction (ErrNotFound when there is none).
func (s *Store) DeleteCustomInitiative(ctx context.Context, orgID, id int64) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM roadmap_initiatives WHERE org_id = $1 AND id = $2`, orgID, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		_, err = tx.Exec(ctx, `DELETE FROM roadmap_decisions WHERE org_id = $1 AND key = $2`, orgID,
			roadmap.InitiativeKey(roadmap.RuleCustom, strconv.FormatInt(id, 10)))
		return err
	})
}

// SetImprovementShare sets the share of engineering time for improvement
// work the roadmap's schedule counts (validated by the caller: 0.05 to 1).
func (s *Store) SetImprovementShare(ctx context.Context, orgID int64, share float64) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE organizations SET improvement_share = $2 WHERE id = $1`, orgID, share)
		if err == nil && tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return mapErr(err)
	})
}
