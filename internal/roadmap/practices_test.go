package roadmap

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The catalog is data other code relies on: keys unique and well formed,
// every group populated as the issue lists it, every text present, every
// capability a real DORA slug, every metric one of step 2's keys.
func TestPracticeCatalog(t *testing.T) {
	keyRE := regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	if len(PracticeCatalog) < 20 {
		t.Errorf("the catalog has %d practices, want at least 20", len(PracticeCatalog))
	}
	keys, titles, perGroup := map[string]bool{}, map[string]bool{}, map[PracticeGroup]int{}
	for _, p := range PracticeCatalog {
		if !keyRE.MatchString(p.Key) || keys[p.Key] {
			t.Errorf("key %q is malformed or repeated", p.Key)
		}
		keys[p.Key] = true
		if titles[p.Title] {
			t.Errorf("title %q is repeated", p.Title)
		}
		titles[p.Title] = true
		if !p.Group.Valid() {
			t.Errorf("%s: group %q is not a group", p.Key, p.Group)
		}
		perGroup[p.Group]++
		for what, s := range map[string]string{"title": p.Title, "means": p.Means, "matters": p.Matters} {
			if len(strings.TrimSpace(s)) < 10 {
				t.Errorf("%s: %s %q is missing or too short", p.Key, what, s)
			}
		}
		if p.Capability != "" {
			if _, ok := CapabilityBySlug(p.Capability); !ok {
				t.Errorf("%s: capability %q is not a DORA capability", p.Key, p.Capability)
			}
		}
		seen := map[string]bool{}
		for _, m := range p.Moves {
			if !slices.Contains(doraMetricKeys, m.Metric) || seen[m.Metric] {
				t.Errorf("%s: metric %q is unknown or repeated", p.Key, m.Metric)
			}
			seen[m.Metric] = true
			if strings.TrimSpace(m.Why) == "" {
				t.Errorf("%s: moving %s has no reason", p.Key, m.Metric)
			}
		}
		if got, ok := PracticeByKey(p.Key); !ok || got.Title != p.Title {
			t.Errorf("PracticeByKey(%q) = %q, %v", p.Key, got.Title, ok)
		}
	}
	for _, g := range PracticeGroups {
		if perGroup[g.Key] < 5 {
			t.Errorf("group %s has %d practices, want at least 5", g.Key, perGroup[g.Key])
		}
		if n := len(PracticesIn(g.Key)); n != perGroup[g.Key] {
			t.Errorf("PracticesIn(%s) = %d practices, want %d", g.Key, n, perGroup[g.Key])
		}
	}
	// The practices the issue names, by key, so the roadmap's rules can
	// rely on them.
	for _, k := range []string{"ci", "test_automation", "continuous_delivery", "deployment_automation", "infrastructure_as_code",
		"configuration_management", "automated_rollback", "secrets_management", "database_change_management",
		"stateless_services", "horizontal_autoscaling", "load_balancing", "container_orchestration", "capacity_planning", "cost_aware_scaling",
		"metrics", "centralized_logs", "tracing", "symptom_alerting", "slos", "on_call_runbooks", "dashboards"} {
		if !keys[k] {
			t.Errorf("practice %q is missing", k)
		}
	}
	if _, ok := PracticeByKey("nope"); ok {
		t.Error(`PracticeByKey("nope") found a practice`)
	}
}

// Every prerequisite is a practice of the catalog, never the practice
// itself, and following prerequisites never comes back where it started;
// the orderings the issue names hold.
func TestPracticePrerequisites(t *testing.T) {
	for _, p := range PracticeCatalog {
		for _, d := range p.DependsOn {
			if _, ok := PracticeByKey(d); !ok || d == p.Key {
				t.Errorf("%s depends on %q, which is not another practice", p.Key, d)
			}
		}
	}
	if hasCycle(PracticeCatalog) {
		t.Error("the prerequisites have a cycle")
	}
	for _, c := range [][2]string{{"continuous_delivery", "ci"}, {"container_orchestration", "containers"}, {"slos", "metrics"}} {
		p, _ := PracticeByKey(c[0])
		if !slices.Contains(p.DependsOn, c[1]) {
			t.Errorf("%s does not depend on %s", c[0], c[1])
		}
	}
}

// The cycle check above must be able to fail: a loop is caught.
func TestPracticePrerequisitesCycleIsDetected(t *testing.T) {
	loop := []Practice{{Key: "a", DependsOn: []string{"b"}}, {Key: "b", DependsOn: []string{"c"}}, {Key: "c", DependsOn: []string{"a"}}, {Key: "d"}}
	if !hasCycle(loop) {
		t.Error("a → b → c → a was not found")
	}
	if hasCycle(loop[3:]) || hasCycle([]Practice{{Key: "a"}, {Key: "b", DependsOn: []string{"a"}}}) {
		t.Error("a graph without a loop was taken for a cycle")
	}
}

// hasCycle is Kahn's algorithm: a graph whose nodes cannot all be peeled
// off in dependency order has a cycle.
func hasCycle(ps []Practice) bool {
	pending := map[string]int{}
	users := map[string][]string{}
	for _, p := range ps {
		pending[p.Key] += 0
		for _, d := range p.DependsOn {
			pending[p.Key]++
			users[d] = append(users[d], p.Key)
		}
	}
	var ready []string
	for k, n := range pending {
		if n == 0 {
			ready = append(ready, k)
		}
	}
	done := 0
	for len(ready) > 0 {
		k := ready[0]
		ready = ready[1:]
		done++
		for _, u := range users[k] {
			if pending[u]--; pending[u] == 0 {
				ready = append(ready, u)
			}
		}
	}
	return done != len(pending)
}

func TestPracticeStatusWeights(t *testing.T) {
	for _, c := range []struct {
		s    PracticeStatus
		want float64
	}{{PracticeNotStarted, 0}, {PracticePartial, 1.0 / 3}, {PracticeMostly, 2.0 / 3}, {PracticeFully, 1}, {"", 0}, {"bogus", 0}} {
		if got := c.s.Weight(); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%q.Weight() = %v, want %v", c.s, got, c.want)
		}
	}
	if ParsePracticeStatus(" Mostly ") != PracticeMostly || ParsePracticeStatus("not started") != PracticeNotStarted {
		t.Error("ParsePracticeStatus does not read labels")
	}
}

func TestPracticeCompletion(t *testing.T) {
	nAuto, nScale, nMon := len(PracticesIn(GroupAutomation)), len(PracticesIn(GroupScaling)), len(PracticesIn(GroupMonitoring))
	cases := []struct {
		name   string
		status map[string]PracticeStatus
		ratio  [3]float64
		fully  [3]int
	}{
		{"nothing rated", nil, [3]float64{0, 0, 0}, [3]int{}},
		{"one of each weight in automation", map[string]PracticeStatus{"ci": PracticeFully, "test_automation": PracticeMostly,
			"continuous_delivery": PracticePartial, "deployment_automation": PracticeNotStarted},
			[3]float64{2 / float64(nAuto), 0, 0}, [3]int{1, 0, 0}},
		{"unknown keys and statuses are ignored", map[string]PracticeStatus{"nope": PracticeFully, "metrics": "bogus"},
			[3]float64{0, 0, 0}, [3]int{}},
		{"monitoring all fully", allIn(GroupMonitoring, PracticeFully), [3]float64{0, 0, 1}, [3]int{0, 0, nMon}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := PracticeCompletion(c.status)
			if len(got) != 3 || got[0].Group != GroupAutomation || got[1].Group != GroupScaling || got[2].Group != GroupMonitoring {
				t.Fatalf("groups = %+v, want automation, scaling, monitoring", got)
			}
			for i, g := range got {
				if math.Abs(g.Ratio-c.ratio[i]) > 1e-12 || g.Fully != c.fully[i] {
					t.Errorf("%s: ratio %v fully %d, want %v and %d", g.Group, g.Ratio, g.Fully, c.ratio[i], c.fully[i])
				}
			}
			if got[0].Practices != nAuto || got[1].Practices != nScale || got[2].Practices != nMon {
				t.Errorf("practice counts = %d, %d, %d", got[0].Practices, got[1].Practices, got[2].Practices)
			}
		})
	}
	if p := (GroupCompletion{Ratio: 2.0 / 3}).Percent(); p != 67 {
		t.Errorf("Percent of ⅔ = %d, want 67", p)
	}
}

func allIn(g PracticeGroup, s PracticeStatus) map[string]PracticeStatus {
	m := map[string]PracticeStatus{}
	for _, p := range PracticesIn(g) {
		m[p.Key] = s
	}
	return m
}

func TestPrerequisiteWarnings(t *testing.T) {
	cases := []struct {
		name   string
		status map[string]PracticeStatus
		want   []string // practice<prerequisite:status
	}{
		{"nothing started warns of nothing", nil, nil},
		{"CD partial on partial CI and missing tests and deployments", map[string]PracticeStatus{
			"continuous_delivery": PracticePartial, "ci": PracticePartial},
			[]string{"continuous_delivery<ci:partial", "continuous_delivery<test_automation:not_started", "continuous_delivery<deployment_automation:not_started"}},
		{"mostly is enough", map[string]PracticeStatus{"container_orchestration": PracticeFully, "containers": PracticeMostly}, nil},
		{"SLOs without metrics", map[string]PracticeStatus{"slos": PracticeMostly, "symptom_alerting": PracticeFully, "metrics": PracticePartial},
			[]string{"symptom_alerting<metrics:partial", "slos<metrics:partial"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, w := range PrerequisiteWarnings(c.status) {
				got = append(got, w.Practice+"<"+w.Prerequisite+":"+string(w.Status))
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("warnings = %v, want %v", got, c.want)
			}
		})
	}
	for st, want := range map[PracticeStatus]string{
		PracticePartial:    "Builds on Continuous integration on every change, which is only partly in place: get it at least mostly in place first.",
		PracticeNotStarted: "Builds on Continuous integration on every change, which is not started yet: get it at least mostly in place first.",
	} {
		if msg := (PrerequisiteWarning{Practice: "continuous_delivery", Prerequisite: "ci", Status: st}).Message(); msg != want {
			t.Errorf("Message() = %q, want %q", msg, want)
		}
	}
}

func TestPracticeChangeValidate(t *testing.T) {
	cases := []struct {
		in   PracticeChange
		want FieldErrors
	}{
		{PracticeChange{Status: PracticeMostly, Notes: ptr("Two services left\non the old runner.")}, FieldErrors{}},
		{PracticeChange{Status: PracticeMostly}, FieldErrors{}},
		{PracticeChange{Status: "done"}, FieldErrors{"status": "Choose a status: not started, partial, mostly or fully."}},
		{PracticeChange{Status: PracticeFully, Notes: ptr(strings.Repeat("x", MaxPracticeNotes+1))}, FieldErrors{"notes": "Notes must be at most 2000 characters."}},
	}
	for _, c := range cases {
		if got := c.in.Validate(); !mapsEqual(got, c.want) {
			t.Errorf("%+v.Validate() = %v, want %v", c.in.Status, got, c.want)
		}
	}
}

func mapsEqual(a, b FieldErrors) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// The embedded capability list reads, holds DORA's 34 capabilities with
// unquoted slugs that match their URLs.
func TestCapabilities(t *testing.T) {
	caps := Capabilities()
	if len(caps) != 34 {
		t.Errorf("%d capabilities, want DORA's 34", len(caps))
	}
	for _, c := range caps {
		if c.Title == "" || c.URL != "https://dora.dev/capabilities/"+c.Slug+"/" {
			t.Errorf("capability %q: title %q, URL %q", c.Slug, c.Title, c.URL)
		}
	}
	if c, ok := CapabilityBySlug("continuous-integration"); !ok || c.Title != "Continuous integration" || !c.Core {
		t.Errorf("continuous-integration = %+v, %v", c, ok)
	}
}

func ptr[T any](v T) *T { return &v }
