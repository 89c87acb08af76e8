package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/roadmap"
)

// Step 2b's DORA KPIs: snapshots (one per organization and date) and the
// targets per metric. A snapshot is stored as entered (roadmap.Snapshot);
// tiers and scores are derived by the domain on every read.

// ErrKPIDateTaken: an edit moved a snapshot to a date that already has one.
// It is an ErrConflict (409).
var ErrKPIDateTaken = fmt.Errorf("%w: kpi snapshot date", ErrConflict)

// The audit actions of a recorded snapshot: RecordKPISnapshot records the
// event its ctx carries, as AuditKPIReplaced when the snapshot replaced the
// one of its date.
const (
	AuditKPIRecorded = "kpi.recorded"
	AuditKPIReplaced = "kpi.replaced"
)

// KPISnapshot is a stored snapshot.
type KPISnapshot struct {
	OrgID                     int64     `db:"org_id"`
	ID                        int64     `db:"id"`
	MeasuredOn                time.Time `db:"measured_on"`
	Edition                   string    `db:"edition"`
	DeploymentsPerWeek        *float64  `db:"deployments_per_week"`
	LeadTimeHours             *float64  `db:"lead_time_hours"`
	RecoveryTimeHours         *float64  `db:"recovery_time_hours"`
	ChangeFailureRate         *float64  `db:"change_failure_rate"`
	ReworkRate                *float64  `db:"rework_rate"`
	DeploymentFrequencyAnswer *int      `db:"deployment_frequency_answer"`
	LeadTimeAnswer            *int      `db:"lead_time_answer"`
	RecoveryTimeAnswer        *int      `db:"recovery_time_answer"`
	Version                   int       `db:"version"`
	CreatedAt                 time.Time `db:"created_at"`
	UpdatedAt                 time.Time `db:"updated_at"`
}

// Snapshot is the domain value of the stored snapshot.
func (k KPISnapshot) Snapshot() roadmap.Snapshot {
	return roadmap.Snapshot{MeasuredOn: k.MeasuredOn, Edition: k.Edition,
		DeploymentsPerWeek: k.DeploymentsPerWeek, LeadTimeHours: k.LeadTimeHours, RecoveryTimeHours: k.RecoveryTimeHours,
		ChangeFailureRate: k.ChangeFailureRate, ReworkRate: k.ReworkRate,
		DeploymentFrequencyAnswer: k.DeploymentFrequencyAnswer, LeadTimeAnswer: k.LeadTimeAnswer, RecoveryTimeAnswer: k.RecoveryTimeAnswer}
}

const kpiSnapshotColumns = `org_id, id, measured_on, edition, deployments_per_week, lead_time_hours, recovery_time_hours,
	change_failure_rate, rework_rate, deployment_frequency_answer::int AS deployment_frequency_answer,
	lead_time_answer::int AS lead_time_answer, recovery_time_answer::int AS recovery_time_answer, version, created_at, updated_at`

// KPITarget is a stored target (Value or Tier, as roadmap.Target).
type KPITarget struct {
	Metric    roadmap.Metric `db:"metric"`
	Value     *float64       `db:"value"`
	Tier      roadmap.Tier   `db:"tier"`
	UpdatedAt time.Time      `db:"updated_at"`
}

// Target is the domain value of the stored target.
func (t KPITarget) Target() roadmap.Target {
	return roadmap.Target{Metric: t.Metric, Value: t.Value, Tier: t.Tier}
}

// FindKPIs lists the organization's snapshots, newest date first, and its
// targets in the order of roadmap.Metrics, in one round trip.
func (s *Store) FindKPIs(ctx context.Context, orgID int64) ([]KPISnapshot, []KPITarget, error) {
	var snaps []KPISnapshot
	var targets []KPITarget
	err := s.readTenant(ctx, orgID, func(q *reads) {
		readAll(q, &snaps, `SELECT `+kpiSnapshotColumns+` FROM kpi_snapshots WHERE org_id = $1 ORDER BY measured_on DESC`, orgID)
		readAll(q, &targets, `SELECT metric, value, coalesce(tier, '') AS tier, updated_at FROM kpi_targets WHERE org_id = $1
			ORDER BY array_position(ARRAY['deployment_frequency', 'lead_time', 'recovery_time', 'change_failure_rate', 'rework_rate'], metric)`, orgID)
	})
	return snaps, targets, err
}

// FindKPISnapshot loads one snapshot of the organization (ErrNotFound).
func (s *Store) FindKPISnapshot(ctx context.Context, orgID, id int64) (KPISnapshot, error) {
	return tenantOne[KPISnapshot](ctx, s, orgID, `SELECT `+kpiSnapshotColumns+` FROM kpi_snapshots WHERE org_id = $1 AND id = $2`, orgID, id)
}

// RecordKPISnapshot stores a validated snapshot for its date, replacing the
// one already there (same id, next version), and says whether it replaced
// one. The audit event ctx carries is recorded in the same transaction, as
// AuditKPIReplaced when it replaced one and the event was AuditKPIRecorded.
func (s *Store) RecordKPISnapshot(ctx context.Context, orgID int64, k roadmap.Snapshot) (KPISnapshot, bool, error) {
	k = k.WithDefaults()
	ev, audited := ctx.Value(auditKey{}).(AuditEvent)
	var out KPISnapshot
	var replaced bool
	// The entry depends on the write's outcome, so it is recorded here
	// rather than by inTenant.
	err := s.inTenant(context.WithValue(ctx, auditKey{}, nil), orgID, func(tx pgx.Tx) error {
		// xmax is 0 on a freshly inserted row and the updating transaction
		// on a row ON CONFLICT updated: one statement, no race between a
		// look-up and the write.
		rows, _ := tx.Query(ctx, `INSERT INTO kpi_snapshots (org_id, measured_on, edition, deployments_per_week, lead_time_hours,
				recovery_time_hours, change_failure_rate, rework_rate, deployment_frequency_answer, lead_time_answer, recovery_time_answer)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (org_id, measured_on) DO UPDATE SET edition = EXCLUDED.edition,
				deployments_per_week = EXCLUDED.deployments_per_week, lead_time_hours = EXCLUDED.lead_time_hours,
				recovery_time_hours = EXCLUDED.recovery_time_hours, change_failure_rate = EXCLUDED.change_failure_rate,
				rework_rate = EXCLUDED.rework_rate, deployment_frequency_answer = EXCLUDED.deployment_frequency_answer,
				lead_time_answer = EXCLUDED.lead_time_answer, recovery_time_answer = EXCLUDED.recovery_time_answer,
				version = kpi_snapshots.version + 1, updated_at = now()
			RETURNING `+kpiSnapshotColumns+`, xmax <> 0 AS replaced`, kpiArgs(orgID, k)...)
		row, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[kpiUpsert])
		if err != nil {
			return mapErr(err)
		}
		out, replaced = row.KPISnapshot, row.Replaced
		if !audited {
			return nil
		}
		if replaced && ev.Action == AuditKPIRecorded {
			ev.Action = AuditKPIReplaced
		}
		return recordAudit(WithAudit(ctx, ev), tx, orgID)
	})
	return out, replaced, err
}

// kpiUpsert is the upsert's row and whether it replaced one.
type kpiUpsert struct {
	KPISnapshot
	Replaced bool `db:"replaced"`
}

func kpiArgs(orgID int64, k roadmap.Snapshot) []any {
	return []any{orgID, k.MeasuredOn, k.Edition, k.DeploymentsPerWeek, k.LeadTimeHours, k.RecoveryTimeHours, k.ChangeFailureRate,
		k.ReworkRate, k.DeploymentFrequencyAnswer, k.LeadTimeAnswer, k.RecoveryTimeAnswer}
}

// UpdateKPISnapshot replaces a snapshot's fields, date included, if it is
// still at version (ErrStale, ErrNotFound; ErrKPIDateTaken when another
// snapshot has the new date), and returns it at its next version.
func (s *Store) UpdateKPISnapshot(ctx context.Context, orgID, id int64, version int, k roadmap.Snapshot) (KPISnapshot, error) {
	k = k.WithDefaults()
	var out KPISnapshot
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		args := append(kpiArgs(orgID, k), id, version)
		rows, _ := tx.Query(ctx, `UPDATE kpi_snapshots SET measured_on = $2, edition = $3, deployments_per_week = $4,
				lead_time_hours = $5, recovery_time_hours = $6, change_failure_rate = $7, rework_rate = $8,
				deployment_frequency_answer = $9, lead_time_answer = $10, recovery_time_answer = $11,
				version = version + 1, updated_at = now()
			WHERE org_id = $1 AND id = $12 AND version = $13 RETURNING `+kpiSnapshotColumns, args...)
		var err error
		out, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[KPISnapshot])
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return staleOrGone(ctx, tx, "kpi_snapshots", orgID, id)
		case isUniqueViolation(err, "kpi_snapshots_org_id_measured_on_key"):
			return ErrKPIDateTaken
		}
		return mapErr(err)
	})
	return out, err
}

// DeleteKPISnapshot deletes a snapshot if it is still at version
// (ErrStale, ErrNotFound).
func (s *Store) DeleteKPISnapshot(ctx context.Context, orgID, id int64, version int) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM kpi_snapshots WHERE org_id = $1 AND id = $2 AND version = $3`, orgID, id, version)
		if err == nil && tag.RowsAffected() == 0 {
			return staleOrGone(ctx, tx, "kpi_snapshots", orgID, id)
		}
		return err
	})
}

// SetKPITargets replaces the organization's targets with targets (validated,
// at most one per metric; a metric left out has no target), in one
// transaction, and returns them as stored.
func (s *Store) SetKPITargets(ctx context.Context, orgID int64, targets []roadmap.Target) ([]KPITarget, error) {
	out := make([]KPITarget, 0, len(targets))
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM kpi_targets WHERE org_id = $1`, orgID); err != nil {
			return err
		}
		for _, t := range targets {
			var tier *string
			if t.Tier != roadmap.TierNone {
				s := string(t.Tier)
				tier = &s
			}
			rows, _ := tx.Query(ctx, `INSERT INTO kpi_targets (org_id, metric, value, tier) VALUES ($1, $2, $3, $4)
				RETURNING metric, value, coalesce(tier, '') AS tier, updated_at`, orgID, string(t.Metric), t.Value, tier)
			stored, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[KPITarget])
			if err != nil {
				return mapErr(err)
			}
			out = append(out, stored)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
