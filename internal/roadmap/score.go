package roadmap

import (
	"cmp"
	"math"
	"strconv"
)

// Scoring of initiatives: WSJF (weighted shortest job first) as the
// package doc explains. Every component sits on the modified Fibonacci
// scale 1-2-3-5-8-13-20, so a person can argue with any one of them.

// ScoreScale is the scale every score component is chosen from.
var ScoreScale = []int{1, 2, 3, 5, 8, 13, 20}

// stepUp is the next value of ScoreScale above v (20 stays 20).
func stepUp(v int) int {
	for _, s := range ScoreScale {
		if s > v {
			return s
		}
	}
	return ScoreScale[len(ScoreScale)-1]
}

// onScale rounds v to the nearest value of ScoreScale at or below it (at
// least 1), so a rule table can never leave the scale.
func onScale(v int) int {
	out := ScoreScale[0]
	for _, s := range ScoreScale {
		if s <= v {
			out = s
		}
	}
	return out
}

// effortWeeks is the effort scale in person-weeks: xs a day or two, s a
// week, m three weeks, l six weeks (a person for a half quarter), xl twelve
// weeks (a person for a whole quarter).
var effortWeeks = map[Effort]float64{EffortXS: 0.5, EffortS: 1, EffortM: 3, EffortL: 6, EffortXL: 12}

// effortJobSize is WSJF's job size of an effort, on ScoreScale.
var effortJobSize = map[Effort]int{EffortXS: 1, EffortS: 2, EffortM: 5, EffortL: 8, EffortXL: 13}

// PersonWeeks is the effort in person-weeks (0 for an unknown effort).
func (e Effort) PersonWeeks() float64 { return effortWeeks[e] }

// JobSize is the effort as WSJF's job size, on ScoreScale (0 when unknown).
func (e Effort) JobSize() int { return effortJobSize[e] }

// smaller is one step smaller on the effort scale (xs stays xs).
func (e Effort) smaller() Effort {
	if r := e.Rank(); r > 0 {
		return Efforts[r-1].Key
	}
	return e
}

// Score is an initiative's WSJF score with its breakdown.
type Score struct {
	Value           int     // user and business value, on ScoreScale
	TimeCriticality int     // how fast the value decays or the risk grows, on ScoreScale
	RiskReduction   int     // the risk it removes or the opportunity it opens, on ScoreScale
	CostOfDelay     int     // Value + TimeCriticality + RiskReduction (3 to 60)
	JobSize         int     // the effort on ScoreScale
	WSJF            float64 // CostOfDelay ÷ JobSize, rounded to two decimals
}

// Breakdown is the score as the roadmap page explains it.
func (s Score) Breakdown() string {
	return "cost of delay " + strconv.Itoa(s.CostOfDelay) + " (value " + strconv.Itoa(s.Value) +
		" + time criticality " + strconv.Itoa(s.TimeCriticality) + " + risk reduction " + strconv.Itoa(s.RiskReduction) +
		") ÷ job size " + strconv.Itoa(s.JobSize) + " = " + strconv.FormatFloat(s.WSJF, 'f', 2, 64)
}

// signal is what one piece of evidence says about an initiative's cost of
// delay (each on ScoreScale).
type signal struct{ value, time, risk int }

// scoreOf combines the signals of an initiative's evidence: the strongest
// signal in each component counts, and each further piece of evidence
// raises the value one step on the scale (several independent reasons to
// do the same thing make it matter more).
func scoreOf(signals []signal, e Effort) Score {
	var s Score
	for _, g := range signals {
		s.Value = max(s.Value, onScale(g.value))
		s.TimeCriticality = max(s.TimeCriticality, onScale(g.time))
		s.RiskReduction = max(s.RiskReduction, onScale(g.risk))
	}
	for range max(len(signals)-1, 0) {
		s.Value = stepUp(s.Value)
	}
	s.CostOfDelay = s.Value + s.TimeCriticality + s.RiskReduction
	s.JobSize = max(e.JobSize(), 1)
	s.WSJF = math.Round(float64(s.CostOfDelay)/float64(s.JobSize)*100) / 100
	return s
}

// Impact is how much an initiative's cost of delay says it matters.
type Impact string

// The impacts.
const (
	ImpactHigh   Impact = "high"   // cost of delay HighImpactCostOfDelay or more
	ImpactMedium Impact = "medium" // cost of delay ImpactfulCostOfDelay or more
	ImpactLow    Impact = "low"
)

// Impacts are the impacts, highest first.
var Impacts = []Choice[Impact]{{ImpactHigh, "High impact"}, {ImpactMedium, "Medium impact"}, {ImpactLow, "Low impact"}}

// Label is the impact as people read it.
func (i Impact) Label() string { return labelOf(Impacts, i) }

// The cost-of-delay thresholds of Impact: 13 is, for example, value 5 +
// time criticality 3 + risk reduction 5, a middling reason on every
// count; 26 needs a strong reason on at least two.
const (
	ImpactfulCostOfDelay  = 13
	HighImpactCostOfDelay = 26
)

// ImpactOf is the impact of a cost of delay.
func ImpactOf(costOfDelay int) Impact {
	switch {
	case costOfDelay >= HighImpactCostOfDelay:
		return ImpactHigh
	case costOfDelay >= ImpactfulCostOfDelay:
		return ImpactMedium
	}
	return ImpactLow
}

// Quadrant places an initiative on the impact/effort grid.
type Quadrant string

// The quadrants.
const (
	QuadrantQuickWin     Quadrant = "quick_win"     // impactful, small
	QuadrantMajorProject Quadrant = "major_project" // impactful, large
	QuadrantFillIn       Quadrant = "fill_in"       // little impact, small
	QuadrantThankless    Quadrant = "thankless"     // little impact, large
)

// Quadrants are the quadrants in the order a page lists them.
var Quadrants = []Choice[Quadrant]{
	{QuadrantQuickWin, "Quick win"},
	{QuadrantMajorProject, "Major project"},
	{QuadrantFillIn, "Fill-in"},
	{QuadrantThankless, "Thankless task"},
}

// Label is the quadrant as people read it.
func (q Quadrant) Label() string { return labelOf(Quadrants, q) }

// SmallEffort is the largest effort that still counts as small on the
// grid: three person-weeks, a sprint or two for one person.
const SmallEffort = EffortM

// QuadrantFor places a score and an effort: impactful means a cost of delay
// of ImpactfulCostOfDelay or more, small means SmallEffort or less.
func QuadrantFor(s Score, e Effort) Quadrant {
	impactful, small := s.CostOfDelay >= ImpactfulCostOfDelay, e.Rank() <= SmallEffort.Rank()
	switch {
	case impactful && small:
		return QuadrantQuickWin
	case impactful:
		return QuadrantMajorProject
	case small:
		return QuadrantFillIn
	}
	return QuadrantThankless
}

// Phase is when an initiative is planned, from its quarter.
type Phase string

// The phases: the first planned quarter is now, the second next, the rest
// later.
const (
	PhaseNow   Phase = "now"
	PhaseNext  Phase = "next"
	PhaseLater Phase = "later"
)

// Phases are the phases in order.
var Phases = []Choice[Phase]{{PhaseNow, "Now"}, {PhaseNext, "Next"}, {PhaseLater, "Later"}}

// Label is the phase as people read it.
func (p Phase) Label() string { return labelOf(Phases, p) }

// PhaseOf is the phase of a quarter index (0 is the plan's first quarter).
func PhaseOf(quarter int) Phase {
	switch quarter {
	case 0:
		return PhaseNow
	case 1:
		return PhaseNext
	}
	return PhaseLater
}

// comparePriority orders initiatives: higher WSJF first, then higher cost
// of delay, then smaller effort, then key (so the order is total and the
// same on every read).
func comparePriority(a, b *Initiative) int {
	return cmp.Or(
		-cmp.Compare(a.Score.WSJF, b.Score.WSJF),
		-cmp.Compare(a.Score.CostOfDelay, b.Score.CostOfDelay),
		cmp.Compare(a.Effort.Rank(), b.Effort.Rank()),
		cmp.Compare(a.Key, b.Key),
	)
}
