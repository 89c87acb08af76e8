package roadmap

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// planKeys are the keys of items, in order.
func planKeys(items []PlanItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Key
	}
	return out
}

func TestBuildPlanWithoutDecisionsIsDerive(t *testing.T) {
	t.Parallel()
	for _, org := range []OrgSnapshot{startupOrg(), midsizeOrg(), matureOrg(), acceptanceOrg(), {}} {
		want := Derive(org, deriveNow)
		p := BuildPlan(org, nil, nil, deriveNow)
		if len(p.Items) != len(want) || len(p.Done)+len(p.Dismissed)+len(p.Resolved) != 0 {
			t.Fatalf("BuildPlan lists %d live items (+%d others), Derive %d", len(p.Items), len(p.Done)+len(p.Dismissed)+len(p.Resolved), len(want))
		}
		for i, it := range p.Items {
			if it.Key != want[i].Key || it.Quarter != want[i].Quarter || it.Phase != want[i].Phase || it.Status != StatusProposed || it.Decided {
				t.Errorf("item %d = %s q%d %s %s, Derive gives %s q%d %s", i, it.Key, it.Quarter, it.Phase, it.Status, want[i].Key, want[i].Quarter, want[i].Phase)
			}
		}
	}
}

func TestBuildPlanDecisions(t *testing.T) {
	t.Parallel()
	org := acceptanceOrg()
	base := Derive(org, deriveNow)
	if len(base) < 6 {
		t.Fatalf("the scenario derives %d initiatives, want at least 6", len(base))
	}
	tls, last := base[0].Key, base[len(base)-1].Key
	start := PlanStart(deriveNow)
	done := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

	tests := []struct {
		name      string
		decisions []Decision
		custom    []CustomInitiative
		check     func(t *testing.T, p Plan)
	}{
		{"a dismissal leaves the live plan and stays listed", []Decision{{Key: tls, Status: StatusDismissed}}, nil, func(t *testing.T, p Plan) {
			if slices.Contains(planKeys(p.Items), tls) || !slices.Equal(planKeys(p.Dismissed), []string{tls}) {
				t.Errorf("live %v, dismissed %v: want %s dismissed only", planKeys(p.Items), planKeys(p.Dismissed), tls)
			}
		}},
		{"done takes no capacity and carries the quarter it was done in", []Decision{{Key: tls, Status: StatusDone, StatusChangedAt: done}}, nil, func(t *testing.T, p Plan) {
			if len(p.Done) != 1 || p.Done[0].Key != tls || p.Done[0].QuarterName != "2026 Q4" || p.Done[0].Phase != "" {
				t.Errorf("done = %+v, want %s done in 2026 Q4 without a phase", p.Done, tls)
			}
		}},
		{"a chosen quarter pins the initiative", []Decision{{Key: tls, Status: StatusAccepted, Quarter: QuarterName(start, 3)}}, nil, func(t *testing.T, p Plan) {
			it, _ := p.Find(tls)
			if it.Quarter != 3 || it.QuarterName != QuarterName(start, 3) || it.Phase != PhaseLater || it.Override == "" {
				t.Errorf("pinned item = q%d %s %s override %q, want quarter 3, later", it.Quarter, it.QuarterName, it.Phase, it.Override)
			}
		}},
		{"in progress is this quarter's work", []Decision{{Key: last, Status: StatusInProgress}}, nil, func(t *testing.T, p Plan) {
			if it, _ := p.Find(last); it.Quarter != 0 || it.Phase != PhaseNow || it.Status != StatusInProgress {
				t.Errorf("started item = q%d %s %s, want quarter 0, now", it.Quarter, it.Phase, it.Status)
			}
		}},
		{"a decision on something no longer derived is resolved by the data", []Decision{
			{Key: "finding:999", Status: StatusAccepted, Title: "Rotate the keys"},
			{Key: "finding:998", Status: StatusDismissed, Title: "Gone and dismissed"},
			{Key: "finding:997", Status: StatusDone, Title: "Gone and done", StatusChangedAt: done}}, nil, func(t *testing.T, p Plan) {
			if len(p.Resolved) != 1 || p.Resolved[0].Key != "finding:999" || p.Resolved[0].Title != "Rotate the keys" {
				t.Errorf("resolved = %+v, want the accepted one, by its stored title", p.Resolved)
			}
			if len(p.Done) != 1 || p.Done[0].Key != "finding:997" || !p.Done[0].Gone ||
				len(p.Dismissed) != 1 || p.Dismissed[0].Key != "finding:998" || !p.Dismissed[0].Gone || !p.Resolved[0].Gone {
				t.Errorf("done %v dismissed %v: want each listed as such, gone from the data (so it can be undone)", planKeys(p.Done), planKeys(p.Dismissed))
			}
		}},
		{"a hand-added initiative is scored by its value and size", nil, []CustomInitiative{{ID: 4, Title: "Pass the SOC 2 audit",
			Category: InitiativeCulture, Effort: EffortS, Value: 20, Notes: "The board asked.\nSecond line."}}, func(t *testing.T, p Plan) {
			it, ok := p.Find("custom:4")
			if !ok || !it.Custom || it.CustomID != 4 || it.Score.Value != 20 || it.Score.CostOfDelay != 22 || it.Score.JobSize != 2 {
				t.Fatalf("custom = %+v, want value 20 + 1 + 1 over job size 2", it)
			}
			if it.Evidence[0].Text != "Added by hand." || it.Details != "The board asked.\nSecond line." || it.Quadrant != QuadrantQuickWin {
				t.Errorf("custom evidence %q quadrant %s", it.Evidence[0].Text, it.Quadrant)
			}
		}},
		{"a hand-added initiative's quarter pins it, a decision's wins", []Decision{{Key: "custom:5", Status: StatusAccepted, Quarter: QuarterName(start, 2)}},
			[]CustomInitiative{{ID: 5, Title: "Pinned", Category: InitiativeDelivery, Effort: EffortM, Value: 3, Quarter: QuarterName(start, 5)},
				{ID: 6, Title: "Own quarter", Category: InitiativeDelivery, Effort: EffortM, Value: 3, Quarter: QuarterName(start, 5)}}, func(t *testing.T, p Plan) {
				a, _ := p.Find("custom:5")
				b, _ := p.Find("custom:6")
				if a.Quarter != 2 || b.Quarter != 5 {
					t.Errorf("custom quarters = %d and %d, want 2 (the decision's) and 5 (its own)", a.Quarter, b.Quarter)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.check(t, BuildPlan(org, tt.decisions, tt.custom, deriveNow))
		})
	}
}

func TestAcceptedWorkGetsCapacityFirst(t *testing.T) {
	t.Parallel()
	org := acceptanceOrg()
	org.TeamSize = 2 // 4.8 person-weeks a quarter: the plan spans many quarters
	base := Derive(org, deriveNow)
	// The lowest-priority initiative without dependencies that fits a quarter.
	i := len(base) - 1
	for ; i >= 0 && (len(base[i].DependsOn) > 0 || base[i].PersonWeeks > QuarterCapacity(2, DefaultImprovementShare)); i-- {
	}
	if i < 0 || base[i].Quarter == 0 {
		t.Fatalf("no late initiative to accept in %d", len(base))
	}
	p := BuildPlan(org, []Decision{{Key: base[i].Key, Status: StatusAccepted}}, nil, deriveNow)
	it, _ := p.Find(base[i].Key)
	if it.Quarter != 0 {
		t.Errorf("accepted %s is in quarter %d (proposed, it was in %d), want the first", it.Key, it.Quarter, base[i].Quarter)
	}
	if got := planKeys(p.Items); got[i] != base[i].Key {
		t.Errorf("accepting re-ordered the priority list: %v", got)
	}
}

func TestBuildPlanKPIChanges(t *testing.T) {
	t.Parallel()
	org := acceptanceOrg()
	list := Derive(org, deriveNow)
	i := slices.IndexFunc(list, func(it Initiative) bool { return slices.Contains(it.KPIs, string(MetricChangeFailureRate)) })
	if i < 0 {
		t.Fatal("no initiative moves the change failure rate")
	}
	it := list[i]
	then := AtAcceptance(it, KPIValues(org, deriveNow))
	if then[string(MetricChangeFailureRate)].Text != "40 %" {
		t.Fatalf("at acceptance the change failure rate is %+v, want 40 %%", then[string(MetricChangeFailureRate)])
	}
	later := org
	k := *org.KPI
	k.ChangeFailureRate = fp(12)
	later.KPI = &k
	p := BuildPlan(later, []Decision{{Key: it.Key, Status: StatusAccepted, AtAcceptance: then}}, nil, deriveNow)
	got, ok := p.Find(it.Key)
	if !ok {
		t.Fatalf("%s left the plan once the rate improved", it.Key)
	}
	var texts []string
	for _, c := range got.Changes {
		texts = append(texts, c.Text())
		if c.KPI == string(MetricChangeFailureRate) && c.Direction != 1 {
			t.Errorf("40 %% → 12 %% is direction %d, want better (+1)", c.Direction)
		}
	}
	if !slices.Contains(texts, "change failure rate 40 % → 12 % since accepted") {
		t.Errorf("changes = %q, want the change failure rate's", texts)
	}
	// A proposal records nothing and shows no change.
	if p := BuildPlan(later, []Decision{{Key: it.Key, Status: StatusProposed, AtAcceptance: then}}, nil, deriveNow); len(p.Items[slices.IndexFunc(p.Items, func(x PlanItem) bool { return x.Key == it.Key })].Changes) != 0 {
		t.Error("a proposed initiative shows KPI changes")
	}
}

func TestDirection(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		kpi       string
		then, now float64
		want      int
	}{
		{string(MetricChangeFailureRate), 3, 8, 1}, // metric scores: higher is better
		{string(MetricLeadTime), 8, 3, -1},
		{KPIStackCost, 1000, 800, 1},
		{KPISupportHours, 10, 30, -1},
		{KPISkillCoverage, 0.5, 0.75, 1},
		{KPIBusFactor, 3, 1, 1},
		{KPIMaturity, 3.2, 2.9, -1},
		{KPIMaturity, 3, 3, 0},
	} {
		if got := direction(tt.kpi, tt.then, tt.now); got != tt.want {
			t.Errorf("direction(%s, %v → %v) = %d, want %d", tt.kpi, tt.then, tt.now, got, tt.want)
		}
	}
}

func TestDecisionAndCustomValidate(t *testing.T) {
	t.Parallel()
	start := PlanStart(deriveNow)
	for _, tt := range []struct {
		name  string
		fe    FieldErrors
		field string // "" for valid
		msg   string
	}{
		{"valid", Decision{Status: StatusAccepted, Quarter: QuarterName(start, 2)}.Validate(deriveNow), "", ""},
		{"empty status", Decision{}.Validate(deriveNow), "status", "must be one of"},
		{"unknown status", Decision{Status: "finished"}.Validate(deriveNow), "status", "must be one of"},
		{"not a quarter", Decision{Status: StatusProposed, Quarter: "Q1 2027"}.Validate(deriveNow), "quarter", "must be a quarter such as"},
		{"a past quarter", Decision{Status: StatusProposed, Quarter: "2020 Q1"}.Validate(deriveNow), "quarter", "or later"},
		{"too far", Decision{Status: StatusProposed, Quarter: QuarterName(start, PlanHorizonQuarters)}.Validate(deriveNow), "quarter", "within five years"},
		{"long notes", Decision{Status: StatusProposed, Notes: strings.Repeat("n", MaxNotes+1)}.Validate(deriveNow), "notes", ""},
		{"custom valid", CustomInitiative{Title: "Audit", Category: InitiativeCulture, Effort: EffortM, Value: 8}.Validate(deriveNow), "", ""},
		{"custom no title", CustomInitiative{Category: InitiativeCulture, Effort: EffortM, Value: 8}.Validate(deriveNow), "title", ""},
		{"custom value off the scale", CustomInitiative{Title: "A", Category: InitiativeCulture, Effort: EffortM, Value: 4}.Validate(deriveNow), "value", "1, 2, 3, 5, 8, 13 or 20"},
		{"custom bad category", CustomInitiative{Title: "A", Category: "people", Effort: EffortM, Value: 8}.Validate(deriveNow), "category", "tech_debt"},
		{"custom bad effort", CustomInitiative{Title: "A", Category: InitiativeCulture, Effort: "huge", Value: 8}.Validate(deriveNow), "effort", "xs, s, m, l or xl"},
	} {
		switch {
		case tt.field == "" && len(tt.fe) > 0:
			t.Errorf("%s: %v, want valid", tt.name, tt.fe)
		case tt.field != "" && !strings.Contains(tt.fe[tt.field], tt.msg):
			t.Errorf("%s: %v, want %q beside %s", tt.name, tt.fe, tt.msg, tt.field)
		case tt.field != "" && tt.fe[tt.field] == "":
			t.Errorf("%s: no message beside %s (%v)", tt.name, tt.field, tt.fe)
		}
	}
}

func TestQuarterIndex(t *testing.T) {
	t.Parallel()
	start := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		want int
		ok   bool
	}{
		{"2027 Q1", 0, true}, {"2027 Q4", 3, true}, {"2028 Q2", 5, true}, {"2026 Q4", -1, true},
		{"2027 Q5", 0, false}, {"2027Q1", 0, false}, {"27 Q1", 0, false}, {"", 0, false}, {"2027 Q1 ", 0, false},
	} {
		got, ok := QuarterIndex(start, tt.name)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("QuarterIndex(%q) = %d, %v; want %d, %v", tt.name, got, ok, tt.want, tt.ok)
		}
		if ok && QuarterName(start, got) != tt.name {
			t.Errorf("QuarterName(QuarterIndex(%q)) = %q", tt.name, QuarterName(start, got))
		}
	}
}

func TestMetricsWithoutPracticesAreTheirOwnInitiative(t *testing.T) {
	t.Parallel()
	org := acceptanceOrg()
	org.Practices = nil
	for _, it := range Derive(org, deriveNow) {
		if strings.HasPrefix(it.Key, RulePractice+":") {
			for _, ev := range it.Evidence {
				if ev.Ref.Kind == RefMetric {
					t.Errorf("%s carries metric evidence though step 3 was never opened: %q", it.Key, ev.Text)
				}
			}
		}
	}
	list := Derive(org, deriveNow)
	i := slices.IndexFunc(list, func(it Initiative) bool { return it.Key == InitiativeKey(RuleMetric, string(MetricChangeFailureRate)) })
	if i < 0 || !strings.Contains(list[i].Evidence[0].Text, "step 3") {
		t.Errorf("no metric initiative pointing to step 3 for the change failure rate")
	}
}
