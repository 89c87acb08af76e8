package http

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/headwayhq/headway/internal/report"
	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// The PDF exports (internal/report draws them): the blank printable
// worksheet (public), and the organization's roadmap report for its
// members and for a live share link. The report holds aggregates only: no
// member's name, email or rating, and no owner, note or stakeholder of an
// initiative, so the member's and the share link's reports differ only in
// the cover's words (and hand-added initiatives' notes, which a share link
// does not show).

// templatePDFName is the blank worksheet's file name.
const templatePDFName = "headway-roadmap-template.pdf"

// handleTemplatePDF is GET /template/headway-roadmap-template.pdf: the
// blank worksheet, the same for everyone.
func (s *Server) handleTemplatePDF(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if err := report.WriteWorksheet(&buf, blankWorksheet(s.now())); err != nil {
		s.error(w, r, err)
		return
	}
	writePDF(w, templatePDFName, "public, max-age=3600", buf.Bytes())
}

// handleReportPDF is GET /o/{slug}/roadmap.pdf (members).
func (s *Server) handleReportPDF(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	s.reportPDF(w, r, org.ID, org.Name, org.Slug, false)
}

// handleShareReportPDF is GET /share/{token}/roadmap.pdf: the report of a
// live share link's organization; an unknown, revoked or expired token
// gets the share page's 404.
func (s *Server) handleShareReportPDF(w http.ResponseWriter, r *http.Request) {
	l, ok := s.openShare(w, r, s.now())
	if !ok {
		return
	}
	s.reportPDF(w, r, l.OrgID, l.OrgName, "shared", true)
}

// reportPDF reads the organization (its roadmap snapshot and its profile,
// for the benchmark) and sends its report as "<slug>-roadmap-<date>.pdf".
func (s *Server) reportPDF(w http.ResponseWriter, r *http.Request, orgID int64, orgName, slug string, shared bool) {
	now := s.now()
	rs, err := s.store.FindRoadmapSnapshot(r.Context(), orgID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	profile, err := s.store.FindOrgProfile(r.Context(), orgID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := report.WriteReport(&buf, roadmapReport(orgName, rs, profile, now, shared)); err != nil {
		s.error(w, r, err)
		return
	}
	writePDF(w, slug+"-roadmap-"+now.UTC().Format(roadmap.DateLayout)+".pdf", "no-store", buf.Bytes())
}

// writePDF sends a PDF as a download. name is a slug ([a-z0-9-]), a date
// and a fixed suffix, so it needs no quoting.
func writePDF(w http.ResponseWriter, name, cache string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", cache)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
}

// roadmapReport is the report of a stored organization at now: the
// dashboard's summary (orgSummary, which names no member), the benchmark
// of the KPI page, and the plan in priority order then the done
// initiatives.
func roadmapReport(orgName string, rs store.RoadmapSnapshot, profile roadmap.OrgProfile, now time.Time, shared bool) report.Report {
	d := planFrom(rs, now)
	sum := orgSummary("", rs, nil, d.Plan, now)
	out := report.Report{Org: orgName, Date: now, Shared: shared, MeasuredOn: sum.MeasuredOn, Capacity: d.Plan.Verdict.Text()}
	out.Plan = plural(len(d.Plan.Items), "initiative", "initiatives") + " in the plan over " +
		plural(d.Plan.Quarters, "quarter", "quarters") + ", " + strconv.Itoa(len(d.Plan.Done)) + " done."

	for _, k := range sum.KPIs {
		kpi := report.KPI{Metric: k.Metric.Label(), Value: k.Value, Tier: k.Tier.Label(), Target: k.Target}
		switch k.Met {
		case roadmap.TargetMet:
			kpi.Met = "met"
		case roadmap.TargetNotMet:
			kpi.Met = "not met"
		}
		out.KPIs = append(out.KPIs, kpi)
	}
	if rs.KPI != nil {
		for _, g := range kpiBenchmark(profile, rs.KPI.Snapshot().Evaluate()).Groups {
			bg := report.BenchGroup{Heading: g.Heading}
			for _, row := range g.Rows {
				bg.Rows = append(bg.Rows, report.BenchRow{Label: row.Label, Score: row.Score, Mean: row.Mean, Sentence: row.Sentence})
			}
			out.Benchmark = append(out.Benchmark, bg)
		}
	}

	if results := rs.Maturity.Results(); len(results) > 0 {
		latest := results[len(results)-1]
		m := &report.Maturity{Level: strconv.Itoa(latest.Level) + ": " + latest.LevelName(), Overall: latest.Overall,
			Max: roadmap.MaxMaturityLevel, HasPrevious: len(results) > 1}
		for _, dim := range roadmap.Dimensions {
			a := report.Axis{Label: dim.Label, Score: latest.Dimension(dim.Key).Score}
			if m.HasPrevious {
				a.Previous = results[len(results)-2].Dimension(dim.Key).Score
			}
			m.Axes = append(m.Axes, a)
		}
		out.Maturity = m
	}

	out.Skills = report.Skills{Rated: sum.Skills.Rated, Skills: sum.Skills.Skills, Requiring: sum.Skills.Requiring,
		Covered: sum.Skills.Covered}
	for _, risk := range sum.Skills.Risks {
		out.Skills.Risks = append(out.Skills.Risks, report.SkillRisk{Name: risk.Name, BusFactor: risk.BusFactor})
	}

	out.Stack = stackReport(rs.Stack)

	for _, q := range sum.Progress.Quarters {
		out.Quarters = append(out.Quarters, report.Quarter{Name: q.Name, Done: q.Done, InProgress: q.InProgress,
			Accepted: q.Accepted, Proposed: q.Proposed})
	}

	titles := map[string]string{}
	for _, it := range d.Plan.All() {
		titles[it.Key] = it.Title
	}
	for _, it := range slices.Concat(d.Plan.Items, d.Plan.Done) {
		ri := report.Initiative{Title: it.Title, Category: it.Category.Label(), Quarter: it.QuarterName, Status: it.Status.Label(),
			Effort: it.Effort.Label(), Impact: it.Impact.Label(), Quadrant: it.Quadrant.Label(), PersonWeeks: it.PersonWeeks,
			Score: it.Score.Breakdown()}
		if ri.Status == "" {
			ri.Status = roadmap.StatusProposed.Label()
		}
		for _, ev := range it.Evidence {
			ri.Evidence = append(ri.Evidence, ev.Text)
		}
		// A hand-added initiative's own notes are the organization's: its
		// members' report shows them, a share link's does not.
		if it.Details != "" && !shared {
			ri.Evidence = append(ri.Evidence, "Notes: "+it.Details)
		}
		for _, k := range it.KPIs {
			ri.KPIs = append(ri.KPIs, web.KPILabel(k))
		}
		for _, k := range it.DependsOn {
			if t, ok := titles[k]; ok {
				ri.DependsOn = append(ri.DependsOn, t)
			}
		}
		out.Items = append(out.Items, ri)
	}
	return out
}

// stackReport is the inventory's totals, by category and by lifecycle
// ring (those with items, in the catalogs' order).
func stackReport(items []store.StackItem) report.Stack {
	var cost, hours float64
	byCat := map[roadmap.Category]*report.StackGroup{}
	byRing := map[roadmap.Lifecycle]*report.StackGroup{}
	catSums, ringSums := map[roadmap.Category][2]float64{}, map[roadmap.Lifecycle][2]float64{} // cost, hours
	for _, it := range items {
		cost += it.MonthlyCost
		hours += it.SupportHoursPerMonth
		if byCat[it.Category] == nil {
			byCat[it.Category] = &report.StackGroup{Name: it.Category.Label()}
		}
		byCat[it.Category].Items++
		c := catSums[it.Category]
		catSums[it.Category] = [2]float64{c[0] + it.MonthlyCost, c[1] + it.SupportHoursPerMonth}
		if byRing[it.Lifecycle] == nil {
			byRing[it.Lifecycle] = &report.StackGroup{Name: it.Lifecycle.Label()}
		}
		byRing[it.Lifecycle].Items++
		l := ringSums[it.Lifecycle]
		ringSums[it.Lifecycle] = [2]float64{l[0] + it.MonthlyCost, l[1] + it.SupportHoursPerMonth}
	}
	out := report.Stack{Items: len(items), MonthlyCost: web.Money(cost), SupportHours: web.Hours(hours),
		People: web.FTE(roadmap.SupportFTE(hours)) + " of a full-time engineer"}
	for _, c := range roadmap.Categories {
		if g := byCat[c.Key]; g != nil {
			g.MonthlyCost, g.Hours = web.Money(catSums[c.Key][0]), web.Hours(catSums[c.Key][1])
			out.Categories = append(out.Categories, *g)
		}
	}
	for _, l := range roadmap.Lifecycles {
		if g := byRing[l.Key]; g != nil {
			g.MonthlyCost, g.Hours = web.Money(ringSums[l.Key][0]), web.Hours(ringSums[l.Key][1])
			out.Lifecycles = append(out.Lifecycles, *g)
		}
	}
	return out
}

// blankWorksheet is the printable worksheet's content: the steps and the
// domain's catalogs, the same sections as the workbook's sheets.
func blankWorksheet(now time.Time) report.Worksheet {
	ws := report.Worksheet{Date: now}
	for _, st := range roadmap.Steps {
		ws.Steps = append(ws.Steps, report.Step{Number: st.Number, Title: st.Title, Summary: st.Summary})
	}
	// Widths in mm that fit the headers (the page's content is 180 mm wide).
	ws.Stack = []report.Field{{Head: "Name", W: 30}, {Head: "Category", W: 24}, {Head: "Lifecycle", W: 19},
		{Head: "Monthly cost", W: 18}, {Head: "Cost scaling", W: 19}, {Head: "Scalability", Hint: "1–5", W: 22},
		{Head: "Support hours", Hint: "a month", W: 22}, {Head: "Owner"}}
	ws.Findings = []report.Field{{Head: "Kind", W: 20}, {Head: "Title", W: 38}, {Head: "Description"},
		{Head: "Severity", Hint: "1–4", W: 19}, {Head: "Effort", W: 14}, {Head: "Status", W: 17}, {Head: "Stack item", W: 22}}
	ws.Choices = []report.Choices{
		{Name: "Category", Values: labels(roadmap.Categories)},
		{Name: "Lifecycle", Values: labels(roadmap.Lifecycles)},
		{Name: "Cost scaling", Values: labels(roadmap.CostScalings)},
		{Name: "Scalability", Values: numbered(roadmap.Scalabilities)},
		{Name: "Kind", Values: labels(roadmap.FindingKinds)},
		{Name: "Severity", Values: numbered(roadmap.Severities)},
		{Name: "Effort", Values: labels(roadmap.Efforts)},
		{Name: "Status", Values: labels(roadmap.FindingStatuses)},
	}
	for _, l := range roadmap.SkillLevels {
		ws.SkillLevels = append(ws.SkillLevels, strconv.Itoa(l.Key)+" "+l.Label+": "+roadmap.SkillLevelMeanings[l.Key])
	}
	for _, sk := range roadmap.SkillCatalog {
		ws.Skills = append(ws.Skills, report.Skill{Category: sk.Category.Label(), Name: sk.Name})
	}
	for _, m := range roadmap.Metrics {
		q := report.Question{Group: m.Label, Text: roadmap.MetricSummaries[m.Key]}
		if m.Key.Categorical() {
			q.Answers = labels(roadmap.Answers[m.Key])
		} else {
			q.Unit = "% of deployments"
		}
		ws.QuickCheck = append(ws.QuickCheck, q)
	}
	ws.PracticeStatuses = labels(roadmap.PracticeStatuses)
	for _, p := range roadmap.PracticeCatalog {
		ws.Practices = append(ws.Practices, report.Practice{Group: p.Group.Label(), Title: p.Title})
	}
	for _, q := range roadmap.MaturityQuestions {
		ws.Maturity = append(ws.Maturity, report.Question{Group: q.Dimension.Label(), Text: q.Text, Answers: q.Options[:]})
	}
	return ws
}

func labels[T comparable](c []roadmap.Choice[T]) []string {
	out := make([]string, len(c))
	for i, ch := range c {
		out[i] = ch.Label
	}
	return out
}

func numbered(c []roadmap.Choice[int]) []string {
	out := make([]string, len(c))
	for i, ch := range c {
		out[i] = strconv.Itoa(ch.Key) + " " + ch.Label
	}
	return out
}
