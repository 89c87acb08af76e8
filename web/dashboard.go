package web

import (
	"strings"

	"github.com/headwayhq/headway/internal/roadmap"
)

// The dashboard (internal/http/dashboard.go builds it). OrgSummaryProps is
// the part without personal data, which the read-only share page renders
// too: aggregates and catalog names only, never a member.

// DashboardProps is the dashboard's data.
type DashboardProps struct {
	Tasks     []Task
	Progress  bool   // show the checklist's progress (owners and admins)
	Steps     []Step // the four steps, with what each holds so far
	StepsDone bool   // every step has data: the checklist gives way to the summary
	Summary   OrgSummaryProps
	// QuickStart offers the quick assessment to owners and admins while
	// the steps are empty ("" hides it): its link.
	QuickStart string
	// OfferSample: no step has data yet, so the dashboard offers to explore
	// the sample organization (SampleOffer).
	OfferSample bool
}

// OrgSummaryProps is the organization at a glance.
type OrgSummaryProps struct {
	Slug string
	// ReadOnly hides the links to the steps' pages (a share link's visitor
	// cannot open them).
	ReadOnly bool
	// RoadmapHref is the roadmap page the quick wins link into (their key
	// is the anchor); "" for no links.
	RoadmapHref string

	MeasuredOn, PreviousOn string // the KPI snapshots' dates ("" for none)
	KPIs                   []DORATile
	Maturity               *MaturitySummary // nil: no completed assessment
	Skills                 SkillsSummary
	Stack                  StackSummary
	QuickWins              []QuickWin
	Progress               RoadmapProgress
}

// DORATile is one metric of the latest snapshot against the one before.
type DORATile struct {
	Metric roadmap.Metric
	Given  bool
	Value  string // with its unit, or the answer's range
	Tier   roadmap.Tier
	Trend  roadmap.Trend
	Rising bool   // the value went up (the arrow)
	Target string // in words, "" without one
	Met    roadmap.TargetStatus
}

// MaturitySummary is the latest assessment's radar and level.
type MaturitySummary struct {
	Radar      MaturityRadar
	Level      int
	Overall    float64
	Dimensions []roadmap.DimensionScore
	Previous   bool // the radar draws the previous assessment too
}

// SkillsSummary is the matrix's aggregates.
type SkillsSummary struct {
	Rated     bool // anyone rated anything
	Skills    int  // active skills
	Requiring int  // member × skill requirements
	Covered   int  // of those, met
	Risks     []SkillRisk
}

// SkillRisk is a skill with a bus factor of 0 or 1.
type SkillRisk struct {
	Name      string
	BusFactor int
}

// MaxSummaryRisks is how many bus-factor risks the summary names.
const MaxSummaryRisks = 5

// StackSummary is the inventory's totals.
type StackSummary struct {
	Items        int
	MonthlyCost  float64
	SupportHours float64
}

// QuickWin is a quick-win initiative of the roadmap.
type QuickWin struct {
	Key, Title, Category, Effort, Quarter string
}

// RoadmapProgress is the initiatives' status by quarter.
type RoadmapProgress struct {
	Quarters []QuarterProgress
}

// QuarterProgress counts one quarter's initiatives by status (dismissed
// ones are not counted).
type QuarterProgress struct {
	Name                                 string
	Done, InProgress, Accepted, Proposed int
}

// Total is the quarter's initiatives.
func (q QuarterProgress) Total() int { return q.Done + q.InProgress + q.Accepted + q.Proposed }

// Empty reports a roadmap without initiatives.
func (p RoadmapProgress) Empty() bool { return len(p.Quarters) == 0 }

func (p RoadmapProgress) totals() QuarterProgress {
	var t QuarterProgress
	for _, q := range p.Quarters {
		t.Done += q.Done
		t.InProgress += q.InProgress
		t.Accepted += q.Accepted
		t.Proposed += q.Proposed
	}
	return t
}

// Coverage is the share of requirements met, in percent (0 without any).
func (s SkillsSummary) Coverage() int {
	if s.Requiring == 0 {
		return 0
	}
	return s.Covered * 100 / s.Requiring
}

// riskCounts are the skills one person holds and those nobody does.
func (s SkillsSummary) riskCounts() (one, nobody int) {
	for _, r := range s.Risks {
		if r.BusFactor == 0 {
			nobody++
		} else {
			one++
		}
	}
	return one, nobody
}

func (s SkillsSummary) riskWords() string {
	one, nobody := s.riskCounts()
	return plural(one, "skill rests", "skills rest") + " on one person, " + plural(nobody, "skill has", "skills have") + " nobody at practitioner level."
}

func (s SkillsSummary) moreRisks() int { return max(0, len(s.Risks)-MaxSummaryRisks) }

func (s SkillsSummary) shownRisks() []SkillRisk { return s.Risks[:min(len(s.Risks), MaxSummaryRisks)] }

func (r SkillRisk) words() string {
	if r.BusFactor == 0 {
		return "nobody at practitioner level"
	}
	return "one person at practitioner level"
}

func (s StackSummary) fte() string { return FTE(roadmap.SupportFTE(s.SupportHours)) }

// trendArrow is the value's direction: up, down or flat.
func (t DORATile) trendArrow() string {
	switch {
	case t.Trend == roadmap.TrendSame:
		return "→"
	case t.Rising:
		return "↑"
	}
	return "↓"
}

func trendKind(t roadmap.Trend) string {
	switch t {
	case roadmap.TrendBetter:
		return "success"
	case roadmap.TrendWorse:
		return "danger"
	}
	return "neutral"
}

// kpiDates says which snapshots the tiles compare.
func (d OrgSummaryProps) kpiDates() string {
	if d.PreviousOn == "" {
		return "DORA metrics measured on " + d.MeasuredOn + "."
	}
	return "DORA metrics measured on " + d.MeasuredOn + ", trend against " + d.PreviousOn + "."
}

func (d OrgSummaryProps) quickWinHref(key string) string {
	return d.RoadmapHref + "#" + InitiativeAnchor(key)
}

// stepHref is a step's page, "" when read-only.
func (d OrgSummaryProps) stepHref(elems ...string) string {
	if d.ReadOnly {
		return ""
	}
	return OrgPath(d.Slug, elems...)
}

// radarDesc is the dashboard radar's <desc>: the scores in words.
func (m MaturitySummary) radarDesc() string {
	parts := make([]string, 0, len(m.Dimensions))
	for _, s := range m.Dimensions {
		parts = append(parts, s.Dimension.Label()+" "+score(s.Score))
	}
	out := "Scores from 1 to 5 on four axes: " + strings.Join(parts, ", ") + "."
	if m.Previous {
		out += " The dashed outline is the previous assessment."
	}
	return out
}

// progressDesc is the progress chart's text.
func (p RoadmapProgress) progressDesc() string {
	t := p.totals()
	return itoa(t.Done) + " done, " + itoa(t.InProgress) + " in progress, " + itoa(t.Accepted) + " accepted and " +
		itoa(t.Proposed) + " proposed, over " + itoa(len(p.Quarters)) + " quarters."
}

// The progress chart: one stacked bar per quarter, as wide as its count
// against the busiest quarter.
const (
	progressW, progressLabel, progressRow = 400.0, 80.0, 26.0
)

type progressBar struct {
	Y, TextY, Name string
	Segments       []progressSegment
}

type progressSegment struct{ X, W, Class string }

func (p RoadmapProgress) viewBox() string {
	return "0 0 " + num(progressW) + " " + num(progressRow*float64(len(p.Quarters)))
}

func (p RoadmapProgress) bars() []progressBar {
	most := 1
	for _, q := range p.Quarters {
		most = max(most, q.Total())
	}
	unit := (progressW - progressLabel) / float64(most)
	out := make([]progressBar, 0, len(p.Quarters))
	for i, q := range p.Quarters {
		y := float64(i) * progressRow
		b := progressBar{Y: num(y + 4), TextY: num(y + 17), Name: q.Name}
		x := progressLabel
		for _, s := range []struct {
			n     int
			class string
		}{{q.Done, "done"}, {q.InProgress, "in-progress"}, {q.Accepted, "accepted"}, {q.Proposed, "proposed"}} {
			if s.n == 0 {
				continue
			}
			w := unit * float64(s.n)
			b.Segments = append(b.Segments, progressSegment{X: num(x), W: num(w), Class: "progress-" + s.class})
			x += w
		}
		out = append(out, b)
	}
	return out
}
