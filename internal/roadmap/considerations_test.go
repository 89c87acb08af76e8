package roadmap

import (
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
)

// A known inventory: two superlinear, two linear (a cost tie), two flat
// (an hours tie), one on hold, one to retire.
var knownInventory = []StackItem{
	{Name: "Datadog", Scalability: 4, CostScaling: CostSuperlinear, MonthlyCost: 1000, SupportHoursPerMonth: 10, Lifecycle: LifecycleAdopt},
	{Name: "GitHub", Scalability: 5, CostScaling: CostLinear, MonthlyCost: 500, SupportHoursPerMonth: 2, Lifecycle: LifecycleAdopt},
	{Name: "Jenkins", Scalability: 2, CostScaling: CostFlat, MonthlyCost: 200, SupportHoursPerMonth: 40, Lifecycle: LifecycleHold},
	{Name: "Slack", Scalability: 5, CostScaling: CostLinear, MonthlyCost: 500, SupportHoursPerMonth: 0, Lifecycle: LifecycleAdopt},
	{Name: "AWS", Scalability: 5, CostScaling: CostSuperlinear, MonthlyCost: 3000, SupportHoursPerMonth: 8, Lifecycle: LifecycleTrial},
	{Name: "Nagios", Scalability: 1, CostScaling: CostFlat, MonthlyCost: 0, SupportHoursPerMonth: 40, Lifecycle: LifecycleRetire},
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestComputeStackFacts(t *testing.T) {
	tests := []struct {
		name          string
		items         []StackItem
		team, planned int
		want          StackFacts
	}{
		{"known inventory", knownInventory, 10, 15, StackFacts{
			Items:       6,
			MonthlyCost: 5200,
			// superlinear (1000 + 3000) × 2^1.5 = 11313.708498984761,
			// linear (500 + 500) × 2, flat 200 × 1
			DoubleTeamCost:  13513.708498984761,
			TeamSize:        10,
			PlannedTeamSize: 15,
			PlannedGrowth:   1.5,
			// 4000 × 1.5^1.5 = 7348.469228349534, + 1000 × 1.5 + 200
			PlannedTeamCost:  9048.469228349534,
			SupportHours:     100,
			SupportFTE:       0.625,          // 100 h ÷ 160 h
			WorstCostScaling: []int{4, 0, 1}, // AWS, Datadog, GitHub (before Slack at the same cost)
			MostSupportHours: []int{2, 5, 0}, // Jenkins, Nagios (tie at 40 h, by name), Datadog
			OnHoldOrRetire:   []int{2, 5},    // Jenkins (hold), Nagios (retire)
			LeastScalable:    []int{5, 2},    // Nagios (1), Jenkins (2)
		}},
		{"one superlinear item", []StackItem{{Name: "x", CostScaling: CostSuperlinear, MonthlyCost: 100, SupportHoursPerMonth: 16}}, 4, 4, StackFacts{
			Items: 1, MonthlyCost: 100, DoubleTeamCost: 100 * 2 * math.Sqrt2, TeamSize: 4, PlannedTeamSize: 4, PlannedGrowth: 1,
			PlannedTeamCost: 100, SupportHours: 16, SupportFTE: 0.1, WorstCostScaling: []int{0}, MostSupportHours: []int{0},
		}},
		{"shrinking team", []StackItem{{Name: "x", CostScaling: CostLinear, MonthlyCost: 100}}, 10, 5, StackFacts{
			Items: 1, MonthlyCost: 100, DoubleTeamCost: 200, TeamSize: 10, PlannedTeamSize: 5, PlannedGrowth: 0.5,
			PlannedTeamCost: 50, WorstCostScaling: []int{0},
		}},
		{"only flat and unsupported", []StackItem{{Name: "x", CostScaling: CostFlat, MonthlyCost: 100, Lifecycle: LifecycleAdopt}}, 0, 0, StackFacts{
			Items: 1, MonthlyCost: 100, DoubleTeamCost: 100,
		}},
		{"empty inventory", nil, 5, 8, StackFacts{TeamSize: 5, PlannedTeamSize: 8, PlannedGrowth: 1.6}},
		{"empty inventory, no sizes", []StackItem{}, 0, 0, StackFacts{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ComputeStackFacts(tt.items, tt.team, tt.planned)
			w := tt.want
			if got.Items != w.Items || got.TeamSize != w.TeamSize || got.PlannedTeamSize != w.PlannedTeamSize {
				t.Errorf("counts: got %+v, want %+v", got, w)
			}
			for _, f := range []struct {
				name      string
				got, want float64
			}{
				{"MonthlyCost", got.MonthlyCost, w.MonthlyCost}, {"DoubleTeamCost", got.DoubleTeamCost, w.DoubleTeamCost},
				{"PlannedGrowth", got.PlannedGrowth, w.PlannedGrowth}, {"PlannedTeamCost", got.PlannedTeamCost, w.PlannedTeamCost},
				{"SupportHours", got.SupportHours, w.SupportHours}, {"SupportFTE", got.SupportFTE, w.SupportFTE},
			} {
				if !near(f.got, f.want) {
					t.Errorf("%s = %.12g, want %.12g", f.name, f.got, f.want)
				}
			}
			if !slices.Equal(got.WorstCostScaling, w.WorstCostScaling) || !slices.Equal(got.MostSupportHours, w.MostSupportHours) ||
				!slices.Equal(got.OnHoldOrRetire, w.OnHoldOrRetire) {
				t.Errorf("lists: got %v %v %v, want %v %v %v", got.WorstCostScaling, got.MostSupportHours, got.OnHoldOrRetire,
					w.WorstCostScaling, w.MostSupportHours, w.OnHoldOrRetire)
			}
		})
	}
}

func TestCostFactor(t *testing.T) {
	for _, tt := range []struct {
		s      CostScaling
		growth float64
		want   float64
	}{
		{CostFlat, 2, 1}, {CostLinear, 2, 2}, {CostSuperlinear, 2, 2.8284271247461903}, {CostSuperlinear, 4, 8},
		{CostSuperlinear, 1, 1}, {"", 3, 3},
	} {
		if got := CostFactor(tt.s, tt.growth); !near(got, tt.want) {
			t.Errorf("CostFactor(%q, %v) = %v, want %v", tt.s, tt.growth, got, tt.want)
		}
	}
	if got := SupportFTE(40); got != 0.25 {
		t.Errorf("SupportFTE(40) = %v", got)
	}
	if got := WorstCostScaling(knownInventory, 10); !slices.Equal(got, []int{4, 0, 1, 3}) {
		t.Errorf("WorstCostScaling without a limit = %v", got)
	}
}

func TestConsiderationsValidate(t *testing.T) {
	ok := Considerations{TeamSize: 8, PlannedTeamSize: 12}.WithDefaults()
	with := func(f func(*Considerations)) FieldErrors { c := ok; f(&c); return c.Validate() }
	tests := []struct {
		name string
		got  FieldErrors
		want FieldErrors
	}{
		{"defaults", ok.Validate(), FieldErrors{}},
		{"answered", with(func(c *Considerations) {
			c.Cost = Answer{VerdictConcern, strings.Repeat("x", 2000)}
			c.Support = Answer{VerdictOK, "two\nlines"}
		}), FieldErrors{}},
		{"unanswered", Considerations{TeamSize: 1, PlannedTeamSize: 100000}.Validate(), FieldErrors{
			"team_verdict": "Choose an answer: fine for now, a concern or not sure yet.", "cost_verdict": "Choose an answer: fine for now, a concern or not sure yet.",
			"scalability_verdict": "Choose an answer: fine for now, a concern or not sure yet.", "support_verdict": "Choose an answer: fine for now, a concern or not sure yet.",
		}},
		{"sizes", with(func(c *Considerations) { c.TeamSize, c.PlannedTeamSize = 0, 100001 }), FieldErrors{
			"team_size":         "Team size must be a whole number from 1 to 100,000.",
			"planned_team_size": "Planned team size must be a whole number from 1 to 100,000.",
		}},
		{"bad verdict and long notes", with(func(c *Considerations) { c.Scalability = Answer{"maybe", strings.Repeat("x", 2001)} }), FieldErrors{
			"scalability_verdict": "Choose an answer: fine for now, a concern or not sure yet.",
			"scalability_notes":   "Notes must be at most 2000 characters.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !maps.Equal(tt.got, tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
	c := Considerations{Team: Answer{Verdict: VerdictOK}, Cost: Answer{Notes: "c"}, Scalability: Answer{Notes: "s"}, Support: Answer{Notes: "p"}}
	if c.Answer("team").Verdict != VerdictOK || c.Answer("cost").Notes != "c" || c.Answer("scalability").Notes != "s" ||
		c.Answer("support").Notes != "p" || c.Answer("nope") != (Answer{}) {
		t.Error("Answer by key")
	}
	if c.WithDefaults().Team.Verdict != VerdictOK || c.WithDefaults().Cost.Verdict != VerdictUnknown {
		t.Error("WithDefaults")
	}
	checkUnique(t, "verdicts", Verdicts)
	if len(ConsiderationQuestions) != 4 || VerdictConcern.Label() != "A concern" || !VerdictOK.Valid() || Verdict("").Valid() {
		t.Error("questions or verdict helpers")
	}
}

func TestLeastScalable(t *testing.T) {
	tests := []struct {
		name  string
		items []StackItem
		want  []int
	}{
		{"none rated low", []StackItem{{Name: "a", Scalability: 3}, {Name: "b", Scalability: 5}}, nil},
		{"lowest first, then costlier, then by name", []StackItem{
			{Name: "b", Scalability: 2, MonthlyCost: 10},
			{Name: "a", Scalability: 2, MonthlyCost: 10},
			{Name: "c", Scalability: 1},
			{Name: "d", Scalability: 2, MonthlyCost: 50},
		}, []int{2, 3, 1}},
		{"unrated items are not named", []StackItem{{Name: "x", Scalability: 0}, {Name: "y", Scalability: 2}}, []int{1}},
	}
	for _, tt := range tests {
		if got := LeastScalable(tt.items, ConsiderationTopN); !slices.Equal(got, tt.want) {
			t.Errorf("%s: LeastScalable = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCostByScalingAddsUpToTheProjection(t *testing.T) {
	today, doubled := CostByScaling(knownInventory, 2)
	// flat 200 + 0, linear 500 + 500, superlinear 1000 + 3000.
	if !slices.Equal(today, []float64{200, 1000, 4000}) {
		t.Errorf("today by scaling = %v", today)
	}
	if !near(doubled[0], 200) || !near(doubled[1], 2000) || !near(doubled[2], 4000*2*math.Sqrt2) {
		t.Errorf("doubled by scaling = %v", doubled)
	}
	if sum := doubled[0] + doubled[1] + doubled[2]; !near(sum, ProjectedMonthlyCost(knownInventory, 2)) {
		t.Errorf("the lines add up to %v, the projection is %v", sum, ProjectedMonthlyCost(knownInventory, 2))
	}
}
