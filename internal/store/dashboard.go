package store

import (
	"context"
	"time"
)

// Dashboard is what the organization's dashboard reads beyond
// FindRoadmapSnapshot: the checklist's counts and the KPI snapshot before
// the latest (the tiles' trend).
type Dashboard struct {
	Onboarding  Onboarding
	PreviousKPI *KPISnapshot // the second newest snapshot (nil: fewer than two)
}

// FindDashboard reads the dashboard's extras in one round trip. The stack
// aggregates of Onboarding are left zero: the snapshot's inventory has them.
func (s *Store) FindDashboard(ctx context.Context, orgID int64, now time.Time) (Dashboard, error) {
	var out Dashboard
	var kpis []KPISnapshot
	err := s.readTenant(ctx, orgID, func(q *reads) {
		readOne(q, &out.Onboarding, `SELECT
			(SELECT count(*) FROM memberships WHERE org_id = $1) AS members,
			(SELECT count(*) FROM memberships WHERE org_id = $1 AND job_role IS NULL AND job_title = '') AS members_without_role,
			(SELECT count(*) FROM invitations WHERE org_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2) AS pending_invitations,
			(SELECT count(*) FROM api_tokens WHERE org_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)) AS active_tokens,
			0 AS stack_items, 0::float8 AS stack_monthly_cost, 0::float8 AS stack_support_hours`, orgID, now)
		// The same order as FindRoadmapSnapshot's latest, one further.
		readAll(q, &kpis, `SELECT `+kpiSnapshotColumns+` FROM kpi_snapshots WHERE org_id = $1 ORDER BY measured_on DESC OFFSET 1 LIMIT 1`, orgID)
	})
	if err != nil {
		return Dashboard{}, err
	}
	if len(kpis) == 1 {
		out.PreviousKPI = &kpis[0]
	}
	return out, nil
}
