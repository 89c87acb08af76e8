package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/roadmap"
)

// The KPI pages' reads and the organization's benchmark profile (industry
// and size, migration 0017).

// orgProfileRow is the profile as stored (NULL: not chosen).
type orgProfileRow struct {
	Industry         string  `db:"industry"`
	Size             string  `db:"size"`
	ImprovementShare float64 `db:"improvement_share"`
}

const orgProfileSQL = `SELECT coalesce(industry, '') AS industry, coalesce(size, '') AS size,
	improvement_share::float8 AS improvement_share FROM organizations WHERE id = $1`

// KPIPage is what the KPI page shows: the snapshots, newest first, the
// targets, and the profile the benchmark compares with.
type KPIPage struct {
	Snapshots []KPISnapshot
	Targets   []KPITarget
	Profile   roadmap.OrgProfile
}

// FindKPIPage reads the KPI page's data in one round trip, whatever the
// number of snapshots.
func (s *Store) FindKPIPage(ctx context.Context, orgID int64) (KPIPage, error) {
	var out KPIPage
	var p orgProfileRow
	err := s.readTenant(ctx, orgID, func(q *reads) {
		readAll(q, &out.Snapshots, `SELECT `+kpiSnapshotColumns+` FROM kpi_snapshots WHERE org_id = $1 ORDER BY measured_on DESC`, orgID)
		readAll(q, &out.Targets, `SELECT metric, value, coalesce(tier, '') AS tier, updated_at FROM kpi_targets WHERE org_id = $1
			ORDER BY array_position(ARRAY['deployment_frequency', 'lead_time', 'recovery_time', 'change_failure_rate', 'rework_rate'], metric)`, orgID)
		readOne(q, &p, orgProfileSQL, orgID)
	})
	out.Profile = roadmap.OrgProfile{Industry: p.Industry, Size: p.Size}
	return out, err
}

// FindKPISnapshotOn loads the organization's snapshot of a date
// (ErrNotFound when the date has none).
func (s *Store) FindKPISnapshotOn(ctx context.Context, orgID int64, on time.Time) (KPISnapshot, error) {
	return tenantOne[KPISnapshot](ctx, s, orgID, `SELECT `+kpiSnapshotColumns+` FROM kpi_snapshots WHERE org_id = $1 AND measured_on = $2`, orgID, on)
}

// FindOrgProfile reads the organization's industry and size.
func (s *Store) FindOrgProfile(ctx context.Context, orgID int64) (roadmap.OrgProfile, error) {
	p, err := tenantOne[orgProfileRow](ctx, s, orgID, orgProfileSQL, orgID)
	return roadmap.OrgProfile{Industry: p.Industry, Size: p.Size}, err
}

// FindOrgSettings reads the profile and the improvement share (the
// settings page) in one round trip.
func (s *Store) FindOrgSettings(ctx context.Context, orgID int64) (roadmap.OrgProfile, float64, error) {
	p, err := tenantOne[orgProfileRow](ctx, s, orgID, orgProfileSQL, orgID)
	return roadmap.OrgProfile{Industry: p.Industry, Size: p.Size}, p.ImprovementShare, err
}

// SetOrgProfile stores a validated profile ("" clears a choice); the audit
// event ctx carries is recorded in the same transaction.
func (s *Store) SetOrgProfile(ctx context.Context, orgID int64, p roadmap.OrgProfile) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE organizations SET industry = NULLIF($2, ''), size = NULLIF($3, '') WHERE id = $1`,
			orgID, p.Industry, p.Size)
		return mapErr(err)
	})
}
