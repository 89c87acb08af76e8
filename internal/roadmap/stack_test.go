package roadmap

import (
	"maps"
	"math"
	"strings"
	"testing"
)

func goodItem() StackItem {
	return StackItem{Name: "GitHub", Category: CategorySourceControl, Lifecycle: LifecycleAdopt, MonthlyCost: 420.5,
		CostScaling: CostLinear, Scalability: 4, SupportHoursPerMonth: 2, Owner: "Platform team", Notes: "Enterprise plan\nrenews in May"}
}

func goodFinding() Finding {
	id := int64(7)
	return Finding{Kind: FindingDebt, Title: "Jenkins on one VM", Description: "No backups.\nNo HA.", Severity: 3,
		Effort: EffortM, Status: FindingOpen, StackItemID: &id}
}

func TestStackItemValidate(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) }
	with := func(f func(*StackItem)) FieldErrors { it := goodItem(); f(&it); return it.Validate() }
	tests := []struct {
		name string
		got  FieldErrors
		want FieldErrors
	}{
		{"ok", goodItem().Validate(), FieldErrors{}},
		{"limits", with(func(it *StackItem) {
			it.Name, it.Owner, it.Notes = long(200), long(200), long(2000)
			it.MonthlyCost, it.SupportHoursPerMonth, it.Scalability = 1e9, 10000, 5
		}), FieldErrors{}},
		{"zeros", with(func(it *StackItem) {
			it.MonthlyCost, it.SupportHoursPerMonth, it.Scalability, it.Owner, it.Notes = 0, 0, 1, "", ""
		}), FieldErrors{}},
		{"no name", with(func(it *StackItem) { it.Name = " " }), FieldErrors{"name": "Name is required."}},
		{"long name", with(func(it *StackItem) { it.Name = long(201) }), FieldErrors{"name": "Name must be at most 200 characters."}},
		{"name on two lines", with(func(it *StackItem) { it.Name = "a\nb" }), FieldErrors{"name": MsgLineBreak}},
		{"unknown category", with(func(it *StackItem) { it.Category = "tools" }), FieldErrors{"category": "Choose a category: source control, CI/CD, " +
			"infrastructure as code, containers and orchestration, cloud, observability, security, data, collaboration or other."}},
		{"label is not a key", with(func(it *StackItem) { it.Category = "CI/CD" }), FieldErrors{"category": "Choose a category: source control, CI/CD, " +
			"infrastructure as code, containers and orchestration, cloud, observability, security, data, collaboration or other."}},
		{"no lifecycle", with(func(it *StackItem) { it.Lifecycle = "" }), FieldErrors{"lifecycle": "Choose a lifecycle ring: adopt, trial, assess, hold or retire."}},
		{"unknown scaling", with(func(it *StackItem) { it.CostScaling = "exponential" }), FieldErrors{"cost_scaling": "Choose how the cost scales: flat, linear or superlinear."}},
		{"negative cost", with(func(it *StackItem) { it.MonthlyCost = -0.01 }), FieldErrors{"monthly_cost": "Monthly cost cannot be negative."}},
		{"NaN cost", with(func(it *StackItem) { it.MonthlyCost = math.NaN() }), FieldErrors{"monthly_cost": "Monthly cost must be a number."}},
		{"infinite cost", with(func(it *StackItem) { it.MonthlyCost = math.Inf(1) }), FieldErrors{"monthly_cost": "Monthly cost must be a number."}},
		{"huge cost", with(func(it *StackItem) { it.MonthlyCost = 1e9 + 1 }), FieldErrors{"monthly_cost": "Monthly cost must be at most 1,000,000,000."}},
		{"scalability 0", with(func(it *StackItem) { it.Scalability = 0 }), FieldErrors{"scalability": "Scalability must be a whole number from 1 to 5."}},
		{"scalability 6", with(func(it *StackItem) { it.Scalability = 6 }), FieldErrors{"scalability": "Scalability must be a whole number from 1 to 5."}},
		{"negative hours", with(func(it *StackItem) { it.SupportHoursPerMonth = -1 }), FieldErrors{"support_hours_per_month": "Support hours per month cannot be negative."}},
		{"-Inf hours", with(func(it *StackItem) { it.SupportHoursPerMonth = math.Inf(-1) }), FieldErrors{"support_hours_per_month": "Support hours per month must be a number."}},
		{"too many hours", with(func(it *StackItem) { it.SupportHoursPerMonth = 10000.5 }), FieldErrors{"support_hours_per_month": "Support hours per month must be at most 10,000."}},
		{"long owner", with(func(it *StackItem) { it.Owner = long(201) }), FieldErrors{"owner": "Owner must be at most 200 characters."}},
		{"long notes", with(func(it *StackItem) { it.Notes = long(2001) }), FieldErrors{"notes": "Notes must be at most 2000 characters."}},
		{"control in notes", with(func(it *StackItem) { it.Notes = "a\x00b" }), FieldErrors{"notes": MsgNotAllowed}},
		{"everything wrong", StackItem{MonthlyCost: -1, SupportHoursPerMonth: math.NaN()}.Validate(), FieldErrors{
			"name":                    "Name is required.",
			"category":                "Choose a category: source control, CI/CD, infrastructure as code, containers and orchestration, cloud, observability, security, data, collaboration or other.",
			"lifecycle":               "Choose a lifecycle ring: adopt, trial, assess, hold or retire.",
			"monthly_cost":            "Monthly cost cannot be negative.",
			"cost_scaling":            "Choose how the cost scales: flat, linear or superlinear.",
			"scalability":             "Scalability must be a whole number from 1 to 5.",
			"support_hours_per_month": "Support hours per month must be a number.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !maps.Equal(tt.got, tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestFindingValidate(t *testing.T) {
	with := func(f func(*Finding)) FieldErrors { x := goodFinding(); f(&x); return x.Validate() }
	zero, neg := int64(0), int64(-3)
	tests := []struct {
		name string
		got  FieldErrors
		want FieldErrors
	}{
		{"ok", goodFinding().Validate(), FieldErrors{}},
		{"opportunity without item", with(func(f *Finding) { f.Kind, f.StackItemID, f.Severity, f.Effort = FindingOpportunity, nil, 1, EffortXL }), FieldErrors{}},
		{"long description", with(func(f *Finding) { f.Description = strings.Repeat("x", 4000) }), FieldErrors{}},
		{"too long description", with(func(f *Finding) { f.Description = strings.Repeat("x", 4001) }), FieldErrors{"description": "Description must be at most 4000 characters."}},
		{"unknown kind", with(func(f *Finding) { f.Kind = "bug" }), FieldErrors{"kind": "Choose a kind: tech debt or growth opportunity."}},
		{"no title", with(func(f *Finding) { f.Title = "" }), FieldErrors{"title": "Title is required."}},
		{"title on two lines", with(func(f *Finding) { f.Title = "a\r\nb" }), FieldErrors{"title": MsgLineBreak}},
		{"severity 0", with(func(f *Finding) { f.Severity = 0 }), FieldErrors{"severity": "Severity must be a whole number from 1 to 4."}},
		{"severity 5", with(func(f *Finding) { f.Severity = 5 }), FieldErrors{"severity": "Severity must be a whole number from 1 to 4."}},
		{"unknown effort", with(func(f *Finding) { f.Effort = "xxl" }), FieldErrors{"effort": "Choose an effort: XS, S, M, L or XL."}},
		{"no status", with(func(f *Finding) { f.Status = "" }), FieldErrors{"status": "Choose a status: open, planned or resolved."}},
		{"no status, defaulted", func() FieldErrors { x := goodFinding(); x.Status = ""; return x.WithDefaults().Validate() }(), FieldErrors{}},
		{"zero item", with(func(f *Finding) { f.StackItemID = &zero }), FieldErrors{"stack_item_id": "Unknown stack item."}},
		{"negative item", with(func(f *Finding) { f.StackItemID = &neg }), FieldErrors{"stack_item_id": "Unknown stack item."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !maps.Equal(tt.got, tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
	if got := (Finding{Status: FindingResolved}).WithDefaults().Status; got != FindingResolved {
		t.Errorf("WithDefaults changed a given status to %q", got)
	}
}

// Each catalog has unique keys and labels, and the typed helpers agree with it.
func TestStackCatalogs(t *testing.T) {
	checkUnique(t, "categories", Categories)
	checkUnique(t, "lifecycles", Lifecycles)
	checkUnique(t, "cost scalings", CostScalings)
	checkUnique(t, "kinds", FindingKinds)
	checkUnique(t, "efforts", Efforts)
	checkUnique(t, "statuses", FindingStatuses)
	checkUnique(t, "severities", Severities)
	if len(Categories) != 10 || len(Lifecycles) != 5 || len(CostScalings) != 3 || len(Efforts) != 5 || len(FindingStatuses) != 3 {
		t.Errorf("catalog sizes changed: %d %d %d %d %d", len(Categories), len(Lifecycles), len(CostScalings), len(Efforts), len(FindingStatuses))
	}
	if CategoryCICD.Label() != "CI/CD" || !CategoryOther.Valid() || Category("x").Valid() || Category("x").Label() != "" {
		t.Error("Category helpers")
	}
	if LifecycleAdopt.Rank() != 0 || LifecycleRetire.Rank() != 4 || Lifecycle("x").Rank() != -1 {
		t.Error("Lifecycle.Rank")
	}
	if EffortXS.Rank() != 0 || EffortXL.Rank() != 4 || EffortM.Label() != "M" {
		t.Error("Effort helpers")
	}
	if SeverityLabel(4) != "Critical" || SeverityLabel(0) != "" {
		t.Error("SeverityLabel")
	}
	for _, tt := range []struct{ in, want string }{
		{" ci/cd ", "ci_cd"}, {"Infrastructure as code", "iac"}, {"SOURCE_CONTROL", "source_control"}, {"tools", "tools"}, {"", ""},
	} {
		if got := ParseCategory(tt.in); string(got) != tt.want {
			t.Errorf("ParseCategory(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if ParseLifecycle("Hold") != LifecycleHold || ParseCostScaling("LINEAR") != CostLinear || ParseFindingKind("Tech debt") != FindingDebt ||
		ParseEffort("XL") != EffortXL || ParseFindingStatus(" planned") != FindingPlanned {
		t.Error("Parse helpers")
	}
	if got := ListWords([]string{"a", "b", "c"}); got != "a, b or c" {
		t.Errorf("ListWords = %q", got)
	}
	if got := ListWords([]string{"a"}); got != "a" {
		t.Errorf("ListWords = %q", got)
	}
}

func checkUnique[T comparable](t *testing.T, name string, c []Choice[T]) {
	t.Helper()
	keys, labels := map[T]bool{}, map[string]bool{}
	var zero T
	for _, ch := range c {
		if ch.Key == zero || ch.Label == "" || keys[ch.Key] || labels[strings.ToLower(ch.Label)] {
			t.Errorf("%s: %+v is empty or repeated", name, ch)
		}
		keys[ch.Key], labels[strings.ToLower(ch.Label)] = true, true
	}
}

func TestNormalizeLineBreaks(t *testing.T) {
	for in, want := range map[string]string{"a\r\nb": "a\nb", "a\rb": "a\nb", "a\r\r\nb": "a\n\nb", "a\nb": "a\nb", "plain": "plain", "": ""} {
		if got := NormalizeLineBreaks(in); got != want {
			t.Errorf("NormalizeLineBreaks(%q) = %q, want %q", in, got, want)
		}
	}
}
