package store

import (
	"context"
)

// RoadmapSnapshot is everything the roadmap is derived from, as stored: the
// four steps' data (the http layer turns it into roadmap.OrgSnapshot).
type RoadmapSnapshot struct {
	Considerations Considerations
	Stack          []StackItem
	Findings       []Finding
	Skills         SkillMatrix
	KPI            *KPISnapshot // the latest (nil: none yet)
	Targets        []KPITarget
	Practices      Practices // empty when step 3 was never opened
	Maturity       MaturityPage
	// ImprovementShare is the organization's share of time for improvement
	// work (settings; 0.20 unless changed).
	ImprovementShare float64
	Decisions        []DecisionRow
	Custom           []CustomInitiativeRow
	Stakeholders     []Stakeholder
}

// FindRoadmapSnapshot reads the four steps' data in one round trip, with
// the statements the steps' own pages use. No viewer's own survey answers
// are read: the roadmap is the organization's, not a member's.
func (s *Store) FindRoadmapSnapshot(ctx context.Context, orgID int64) (RoadmapSnapshot, error) {
	var done func() RoadmapSnapshot
	if err := s.readTenant(ctx, orgID, func(q *reads) { done = queueRoadmapSnapshot(q, orgID) }); err != nil {
		return RoadmapSnapshot{}, err
	}
	return done(), nil
}

// queueRoadmapSnapshot queues FindRoadmapSnapshot's reads; the function it
// returns assembles the snapshot once they ran (the sample's loader sends
// them inside its own transaction, to see its own writes).
func queueRoadmapSnapshot(q *reads, orgID int64) func() RoadmapSnapshot {
	var out RoadmapSnapshot
	var considerations []considerationsRow
	var members struct {
		N int `db:"n"`
	}
	var kpis []KPISnapshot
	var practices []PracticeStatus
	var maturity func() MaturityPage
	var stakeholders func() []Stakeholder
	var share struct {
		Share float64 `db:"share"`
	}
	readAll(q, &considerations, `SELECT `+considerationsColumns+` FROM stack_considerations WHERE org_id = $1`, orgID)
	readOne(q, &members, `SELECT count(*)::int AS n FROM memberships WHERE org_id = $1`, orgID)
	readAll(q, &out.Stack, `SELECT `+stackItemColumns+` FROM stack_items WHERE org_id = $1 ORDER BY name, id`, orgID)
	readAll(q, &out.Findings, `SELECT `+findingColumns+` FROM findings WHERE org_id = $1 ORDER BY id`, orgID)
	readAll(q, &out.Skills.Skills, findSkills, orgID)
	readAll(q, &out.Skills.Requirements, findRequirements, orgID)
	readAll(q, &out.Skills.Members, findMembers, orgID)
	readAll(q, &out.Skills.Ratings, findLatestRatings, orgID)
	readAll(q, &kpis, `SELECT `+kpiSnapshotColumns+` FROM kpi_snapshots WHERE org_id = $1 ORDER BY measured_on DESC LIMIT 1`, orgID)
	readAll(q, &out.Targets, `SELECT metric, value, coalesce(tier, '') AS tier, updated_at FROM kpi_targets WHERE org_id = $1 ORDER BY metric`, orgID)
	readAll(q, &practices, `SELECT `+practiceStatusColumns+` FROM practice_status WHERE org_id = $1`, orgID)
	maturity = queueMaturity(q, orgID, 0)
	stakeholders = queueStakeholders(q, orgID)
	readOne(q, &share, `SELECT improvement_share::float8 AS share FROM organizations WHERE id = $1`, orgID)
	readAll(q, &out.Decisions, `SELECT `+decisionColumns+` FROM roadmap_decisions WHERE org_id = $1 ORDER BY key`, orgID)
	readAll(q, &out.Custom, `SELECT `+customInitiativeColumns+` FROM roadmap_initiatives WHERE org_id = $1 ORDER BY id`, orgID)
	return func() RoadmapSnapshot {
		out.Considerations = considerationsOf(considerations, members.N)
		if len(kpis) == 1 {
			out.KPI = &kpis[0]
		}
		out.Practices = make(Practices, len(practices))
		for _, p := range practices {
			out.Practices[p.Key] = p
		}
		out.Maturity = maturity()
		out.Stakeholders = stakeholders()
		out.ImprovementShare = share.Share
		return out
	}
}
