package roadmap

import (
	"math"
	"sort"
)

// SuperlinearExponent is how a superlinear cost grows with the team: as
// growth^1.5, so twice the team costs 2^1.5 ≈ 2.83 times as much. It is
// Headway's reading of usage-priced tools (load, hosts and data grow
// faster than the people who create them), stated on the page, not a law.
const SuperlinearExponent = 1.5

// HoursPerFTEMonth is one full-time engineer's working month: 40 hours a
// week × 4 weeks. Support hours ÷ this = the engineers the stack keeps
// busy.
const HoursPerFTEMonth = 160

// ConsiderationTopN is how many tools the considerations name for the worst
// cost scaling and the most support hours.
const ConsiderationTopN = 3

// TotalMonthlyCost is the sum of the items' monthly costs.
func TotalMonthlyCost(items []StackItem) float64 {
	var sum float64
	for _, it := range items {
		sum += it.MonthlyCost
	}
	return sum
}

// CostFactor is what an item's cost is multiplied by when the team grows by
// growth (2 = twice the team): flat ×1, linear ×growth, superlinear
// ×growth^SuperlinearExponent. An unknown scaling counts as linear, the
// middle reading.
func CostFactor(s CostScaling, growth float64) float64 {
	switch s {
	case CostFlat:
		return 1
	case CostSuperlinear:
		return math.Pow(growth, SuperlinearExponent)
	default:
		return growth
	}
}

// ProjectedMonthlyCost is the monthly cost once the team has grown by growth
// (see CostFactor).
func ProjectedMonthlyCost(items []StackItem, growth float64) float64 {
	var sum float64
	for _, it := range items {
		sum += it.MonthlyCost * CostFactor(it.CostScaling, growth)
	}
	return sum
}

// TotalSupportHours is the sum of the items' support hours per month.
func TotalSupportHours(items []StackItem) float64 {
	var sum float64
	for _, it := range items {
		sum += it.SupportHoursPerMonth
	}
	return sum
}

// SupportFTE is the full-time engineers that hours of support a month are.
func SupportFTE(hoursPerMonth float64) float64 { return hoursPerMonth / HoursPerFTEMonth }

// WorstCostScaling are the indexes (into items) of up to n items whose cost
// grows fastest: superlinear before linear, then the higher cost, then by
// name. Flat items are never named: their cost does not grow.
func WorstCostScaling(items []StackItem, n int) []int {
	var idx []int
	for i, it := range items {
		if it.CostScaling == CostSuperlinear || it.CostScaling == CostLinear {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool {
		x, y := items[idx[a]], items[idx[b]]
		if x.CostScaling != y.CostScaling {
			return x.CostScaling == CostSuperlinear
		}
		if x.MonthlyCost != y.MonthlyCost {
			return x.MonthlyCost > y.MonthlyCost
		}
		return x.Name < y.Name
	})
	return head(idx, n)
}

// MostSupportHours are the indexes (into items) of up to n items that take
// the most support hours, ties by name. Items without support hours are
// never named.
func MostSupportHours(items []StackItem, n int) []int {
	var idx []int
	for i, it := range items {
		if it.SupportHoursPerMonth > 0 {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool {
		x, y := items[idx[a]], items[idx[b]]
		if x.SupportHoursPerMonth != y.SupportHoursPerMonth {
			return x.SupportHoursPerMonth > y.SupportHoursPerMonth
		}
		return x.Name < y.Name
	})
	return head(idx, n)
}

// OnHoldOrRetire are the indexes (into items) of the items in the hold or
// retire ring: hold first, then by name.
func OnHoldOrRetire(items []StackItem) []int {
	var idx []int
	for i, it := range items {
		if it.Lifecycle == LifecycleHold || it.Lifecycle == LifecycleRetire {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool {
		x, y := items[idx[a]], items[idx[b]]
		if x.Lifecycle != y.Lifecycle {
			return x.Lifecycle == LifecycleHold
		}
		return x.Name < y.Name
	})
	return idx
}

// LowScalability is the highest scalability that counts as scaling badly.
const LowScalability = 2

// LeastScalable are the indexes (into items) of up to n items rated
// LowScalability or less: the lowest first, then the costlier, then by name.
func LeastScalable(items []StackItem, n int) []int {
	var idx []int
	for i, it := range items {
		if it.Scalability >= MinScalability && it.Scalability <= LowScalability { // 0: not rated
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool {
		x, y := items[idx[a]], items[idx[b]]
		if x.Scalability != y.Scalability {
			return x.Scalability < y.Scalability
		}
		if x.MonthlyCost != y.MonthlyCost {
			return x.MonthlyCost > y.MonthlyCost
		}
		return x.Name < y.Name
	})
	return head(idx, n)
}

// CostByScaling is the monthly cost of the items of each cost scaling,
// today and at growth times the team, in the order of CostScalings: the
// projection line by line.
func CostByScaling(items []StackItem, growth float64) (today, projected []float64) {
	today = make([]float64, len(CostScalings))
	projected = make([]float64, len(CostScalings))
	for _, it := range items {
		if i := indexOf(CostScalings, it.CostScaling); i >= 0 {
			today[i] += it.MonthlyCost
			projected[i] += it.MonthlyCost * CostFactor(it.CostScaling, growth)
		}
	}
	return today, projected
}

func head(idx []int, n int) []int {
	if len(idx) > n {
		idx = idx[:n]
	}
	return idx
}

// StackFacts are the figures the considerations show beside the questions,
// all computed from the inventory and the team sizes. Item lists are
// indexes into the items passed to ComputeStackFacts, so a page can link
// to each item.
type StackFacts struct {
	Items            int
	MonthlyCost      float64
	DoubleTeamCost   float64 // ProjectedMonthlyCost at twice the team
	TeamSize         int
	PlannedTeamSize  int
	PlannedGrowth    float64 // PlannedTeamSize ÷ TeamSize; 0 when a size is not known
	PlannedTeamCost  float64 // ProjectedMonthlyCost at PlannedGrowth; 0 when it is 0
	SupportHours     float64
	SupportFTE       float64
	WorstCostScaling []int
	MostSupportHours []int
	OnHoldOrRetire   []int
	LeastScalable    []int
}

// ComputeStackFacts computes every figure of the considerations. Team sizes
// of 0 or less mean "not known": the planned projection is left at 0.
func ComputeStackFacts(items []StackItem, teamSize, plannedTeamSize int) StackFacts {
	f := StackFacts{
		Items:            len(items),
		MonthlyCost:      TotalMonthlyCost(items),
		DoubleTeamCost:   ProjectedMonthlyCost(items, 2),
		TeamSize:         teamSize,
		PlannedTeamSize:  plannedTeamSize,
		SupportHours:     TotalSupportHours(items),
		WorstCostScaling: WorstCostScaling(items, ConsiderationTopN),
		MostSupportHours: MostSupportHours(items, ConsiderationTopN),
		OnHoldOrRetire:   OnHoldOrRetire(items),
		LeastScalable:    LeastScalable(items, ConsiderationTopN),
	}
	f.SupportFTE = SupportFTE(f.SupportHours)
	if teamSize > 0 && plannedTeamSize > 0 {
		f.PlannedGrowth = float64(plannedTeamSize) / float64(teamSize)
		f.PlannedTeamCost = ProjectedMonthlyCost(items, f.PlannedGrowth)
	}
	return f
}

// Verdict is an organization's short answer to a consideration.
type Verdict string

// The verdicts. A question nobody has answered yet is unknown, which is
// also the honest answer when the facts are missing.
const (
	VerdictOK      Verdict = "ok"
	VerdictConcern Verdict = "concern"
	VerdictUnknown Verdict = "unknown"
)

// DefaultVerdict is the answer of a question not answered yet.
const DefaultVerdict = VerdictUnknown

// Verdicts are the answers, in the order a form offers them.
var Verdicts = []Choice[Verdict]{
	{VerdictOK, "Fine for now"},
	{VerdictConcern, "A concern"},
	{VerdictUnknown, "Not sure yet"},
}

// Label is the verdict as people read it ("" when unknown).
func (v Verdict) Label() string { return labelOf(Verdicts, v) }

// Valid reports whether v is in the catalog.
func (v Verdict) Valid() bool { return indexOf(Verdicts, v) >= 0 }

// Question is one of the four considerations of step 1.
type Question struct {
	Key      string // the prefix of its fields: <key>_verdict, <key>_notes
	Title    string
	Question string
}

// ConsiderationQuestions are the four considerations, in the order the page
// asks them.
var ConsiderationQuestions = []Question{
	{"team", "Team size against plans", "Will the stack carry the team you plan to have in 12 months?"},
	{"cost", "Cost scalability", "Do the tools' costs scale with the team and the load, or faster?"},
	{"scalability", "Technical scalability", "Will the tools scale in function as the load grows?"},
	{"support", "Support burden", "Is the time spent troubleshooting third-party tools acceptable?"},
}

// Limits of the considerations.
const (
	MaxConsiderationNotes = 2000
	MaxTeamSize           = 100000
)

// Answer is the organization's answer to one question.
type Answer struct {
	Verdict Verdict
	Notes   string
}

// Considerations are an organization's team sizes and its answers to the
// four questions. Field names: team_size, planned_team_size, and
// <key>_verdict, <key>_notes for each question key (team, cost, scalability,
// support).
type Considerations struct {
	TeamSize        int // engineers today (defaults to the member count)
	PlannedTeamSize int // engineers planned in 12 months
	Team            Answer
	Cost            Answer
	Scalability     Answer
	Support         Answer
}

// Answer is the answer to the question with the key (the zero Answer for an
// unknown key), so a page can range over ConsiderationQuestions.
func (c Considerations) Answer(key string) Answer {
	switch key {
	case "team":
		return c.Team
	case "cost":
		return c.Cost
	case "scalability":
		return c.Scalability
	case "support":
		return c.Support
	}
	return Answer{}
}

// WithDefaults answers unanswered questions with DefaultVerdict.
func (c Considerations) WithDefaults() Considerations {
	for _, a := range []*Answer{&c.Team, &c.Cost, &c.Scalability, &c.Support} {
		if a.Verdict == "" {
			a.Verdict = DefaultVerdict
		}
	}
	return c
}

// Validate checks the team sizes and the answers.
func (c Considerations) Validate() FieldErrors {
	fe := FieldErrors{}
	fe.intRange("team_size", "Team size", c.TeamSize, 1, MaxTeamSize)
	fe.intRange("planned_team_size", "Planned team size", c.PlannedTeamSize, 1, MaxTeamSize)
	for _, q := range ConsiderationQuestions {
		a := c.Answer(q.Key)
		checkChoice(fe, q.Key+"_verdict", "an answer", Verdicts, a.Verdict)
		fe.MultilineText(q.Key+"_notes", "Notes", a.Notes, false, MaxConsiderationNotes)
	}
	return fe
}
