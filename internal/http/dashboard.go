package http

import (
	"net/http"
	"slices"
	"time"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// The organization's dashboard /o/{slug}/: the checklist until the four
// steps have data, then (and below it before) the organization at a glance.
// It reads in two round trips after the membership: the roadmap's snapshot
// and store.FindDashboard.

// Initiative statuses as the dashboard counts them (roadmap.Status keys).
const (
	statusProposed   = "proposed"
	statusAccepted   = "accepted"
	statusInProgress = "in_progress"
	statusDone       = "done"
	statusDismissed  = "dismissed"
)

// handleDashboard is GET /o/{slug}/ (members read).
func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	now := s.now()
	rs, err := s.store.FindRoadmapSnapshot(r.Context(), org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	dash, err := s.store.FindDashboard(r.Context(), org.ID, now)
	if err != nil {
		s.error(w, r, err)
		return
	}
	on := dash.Onboarding
	sum := orgSummary(org.Slug, rs, dash.PreviousKPI, planFrom(rs, now).Plan, now)
	on.StackItems, on.StackMonthlyCost, on.StackSupportHours = sum.Stack.Items, sum.Stack.MonthlyCost, sum.Stack.SupportHours
	sum.RoadmapHref = orgPath(org, "roadmap")
	d := web.DashboardProps{Tasks: onboardingTasks(org, on), Progress: canManage(org.Role), Summary: sum,
		StepsDone: stepsHaveData(rs), OfferSample: !org.IsSample && stepsEmpty(rs)}
	if canManage(org.Role) && stepsEmpty(rs) {
		d.QuickStart = orgPath(org, "start") // start.go
	}
	for _, st := range roadmap.Steps {
		step := web.Step{Number: st.Number, Title: st.Title, Blurb: st.Summary, Available: st.Sections[0].Available}
		if step.Available {
			step.Href = orgPath(org, st.Sections[0].Key)
		}
		if st.Number == 1 && on.StackItems > 0 {
			step.Status = plural(on.StackItems, "tool", "tools") + " · " + web.Money(on.StackMonthlyCost) + " a month · " +
				web.Hours(on.StackSupportHours) + " h support a month"
		}
		d.Steps = append(d.Steps, step)
	}
	s.render(w, r, http.StatusOK, web.DashboardPage(s.page(r, org.Name, "dashboard"), d))
}

// stepsHaveData reports whether each of the four steps holds something:
// tools (1), skill ratings and a KPI snapshot (2), a practice status (3)
// and a completed maturity assessment (4).
func stepsHaveData(rs store.RoadmapSnapshot) bool {
	return len(rs.Stack) > 0 && len(rs.Skills.Ratings) > 0 && rs.KPI != nil && len(rs.Practices) > 0 &&
		len(rs.Maturity.Completed) > 0
}

// orgSummary is the organization at a glance from its stored steps, with
// the KPI snapshot before the latest for the trends (nil: none) and the
// plan built from rs. It names no member: the share page renders
// it too (setting ReadOnly and its own RoadmapHref).
func orgSummary(slug string, rs store.RoadmapSnapshot, previousKPI *store.KPISnapshot, plan roadmap.Plan, now time.Time) web.OrgSummaryProps {
	d := web.OrgSummaryProps{Slug: slug}
	if rs.KPI != nil {
		var prev *roadmap.Snapshot
		if previousKPI != nil {
			p := previousKPI.Snapshot()
			prev = &p
			d.PreviousOn = previousKPI.MeasuredOn.Format(roadmap.DateLayout)
		}
		d.MeasuredOn = rs.KPI.MeasuredOn.Format(roadmap.DateLayout)
		targets := make([]roadmap.Target, 0, len(rs.Targets))
		for _, t := range rs.Targets {
			targets = append(targets, t.Target())
		}
		d.KPIs = doraTiles(rs.KPI.Snapshot(), prev, targets)
	}

	if results := rs.Maturity.Results(); len(results) > 0 {
		latest := results[len(results)-1]
		var prev *roadmap.MaturityResult
		if len(results) > 1 {
			prev = &results[len(results)-2]
		}
		d.Maturity = &web.MaturitySummary{Radar: web.NewMaturityRadar(&latest, prev), Level: latest.Level,
			Overall: latest.Overall, Dimensions: latest.Dimensions, Previous: prev != nil}
	}

	d.Skills = skillsSummary(rs.Skills.Input(), len(rs.Skills.Ratings) > 0, now)

	for _, it := range rs.Stack {
		d.Stack.Items++
		d.Stack.MonthlyCost += it.MonthlyCost
		d.Stack.SupportHours += it.SupportHoursPerMonth
	}

	// The live plan and the done initiatives (in the quarter they were
	// done in), each with its status.
	items := slices.Concat(plan.Items, plan.Done)
	list := make([]roadmap.Initiative, len(items))
	status := make(map[string]string, len(items))
	for i, it := range items {
		list[i], status[it.Key] = it.Initiative, string(it.Status)
	}
	statusOf := func(key string) string { return status[key] }
	d.QuickWins = quickWins(list[:len(plan.Items)], statusOf, 3)
	d.Progress = roadmapProgress(list, statusOf)
	return d
}

// doraTiles are the five metrics of latest, each with its trend against
// previous (nil: no trend) and its target.
func doraTiles(latest roadmap.Snapshot, previous *roadmap.Snapshot, targets []roadmap.Target) []web.DORATile {
	ev := latest.Evaluate()
	var pev *roadmap.Evaluation
	if previous != nil {
		e := previous.Evaluate()
		pev = &e
	}
	out := make([]web.DORATile, 0, len(roadmap.Metrics))
	for _, c := range roadmap.Metrics {
		res := ev.Metric(c.Key)
		t := web.DORATile{Metric: c.Key, Given: res.Given, Value: res.Label(), Tier: res.Tier}
		if pev != nil {
			t.Trend, t.Rising = roadmap.KPITrend(res, pev.Metric(c.Key))
		}
		if i := slices.IndexFunc(targets, func(t roadmap.Target) bool { return t.Metric == c.Key }); i >= 0 {
			t.Target, t.Met = web.TargetWords(targets[i]), targets[i].Met(res)
		}
		out = append(out, t)
	}
	return out
}

// skillsSummary aggregates the matrix: requirement coverage and the skills
// with a bus factor of 0 or 1, by skill name only.
func skillsSummary(in roadmap.SkillInput, rated bool, now time.Time) web.SkillsSummary {
	out := web.SkillsSummary{Rated: rated}
	if !rated {
		return out
	}
	a := roadmap.AnalyzeSkills(in, now)
	out.Skills = len(a.Skills)
	for _, s := range a.Skills {
		out.Requiring += s.Requiring
		out.Covered += s.Covered
	}
	for _, s := range a.Risks {
		out.Risks = append(out.Risks, web.SkillRisk{Name: s.Skill.Name, BusFactor: s.BusFactor})
	}
	// A skill one person holds is the risk the team can still act on
	// before they leave: those first, each group in matrix order.
	slices.SortStableFunc(out.Risks, func(a, b web.SkillRisk) int { return b.BusFactor - a.BusFactor })
	return out
}

// quickWins are the first n quick wins in priority order that are still to
// be done (not done, not dismissed).
func quickWins(list []roadmap.Initiative, statusOf func(string) string, n int) []web.QuickWin {
	var out []web.QuickWin
	for _, it := range list {
		if len(out) == n {
			break
		}
		if st := statusOf(it.Key); it.Quadrant != roadmap.QuadrantQuickWin || st == statusDone || st == statusDismissed {
			continue
		}
		out = append(out, web.QuickWin{Key: it.Key, Title: it.Title, Category: it.Category.Label(),
			Effort: it.Effort.Label(), Quarter: it.QuarterName})
	}
	return out
}

// progressQuarters is how many quarters the progress shows one by one; the
// rest of the plan is one "Later" row, so a long plan by a small team stays
// a glance.
const progressQuarters = 4

// roadmapProgress counts the initiatives of each quarter by status, the
// quarters in order, those after the first progressQuarters together as
// "Later"; dismissed initiatives are not counted, and an unknown status
// counts as proposed.
func roadmapProgress(list []roadmap.Initiative, statusOf func(string) string) web.RoadmapProgress {
	// By quarter name ("2027 Q1" sorts as time does): done initiatives
	// carry the quarter they were done in, which may be before the plan's.
	byQuarter := map[string]*web.QuarterProgress{}
	var order []string
	for _, it := range list {
		st := statusOf(it.Key)
		if st == statusDismissed {
			continue
		}
		q, ok := byQuarter[it.QuarterName]
		if !ok {
			q = &web.QuarterProgress{Name: it.QuarterName}
			byQuarter[it.QuarterName] = q
			order = append(order, it.QuarterName)
		}
		switch st {
		case statusDone:
			q.Done++
		case statusInProgress:
			q.InProgress++
		case statusAccepted:
			q.Accepted++
		default:
			q.Proposed++
		}
	}
	slices.Sort(order)
	var out web.RoadmapProgress
	for i, n := range order {
		q := *byQuarter[n]
		if i < progressQuarters {
			out.Quarters = append(out.Quarters, q)
			continue
		}
		if i == progressQuarters {
			out.Quarters = append(out.Quarters, web.QuarterProgress{Name: "Later"})
		}
		later := &out.Quarters[progressQuarters]
		later.Done += q.Done
		later.InProgress += q.InProgress
		later.Accepted += q.Accepted
		later.Proposed += q.Proposed
	}
	return out
}
