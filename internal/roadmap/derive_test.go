package roadmap

import (
	"flag"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files of TestDeriveGolden")

// renderRoadmap writes a roadmap as the golden files hold it: what a
// person reviewing the derivation reads.
func renderRoadmap(title string, s OrgSnapshot, list []Initiative) string {
	var b strings.Builder
	v := Capacity(list, s.Engineers(), s.PlannedTeamSize, s.Share())
	b.WriteString("# " + title + "\n\n" + strconv.Itoa(len(list)) + " initiatives. " + v.Text() + "\n")
	for i, it := range list {
		b.WriteString("\n" + strconv.Itoa(i+1) + ". " + it.Title + "  [" + it.Key + "]\n")
		b.WriteString("   " + it.Category.Label() + " · " + it.Quadrant.Label() + " · " + it.Impact.Label() + " · effort " +
			it.Effort.Label() + " (" + pluralWeeks(it.PersonWeeks) + ") · " + it.Phase.Label() + ", " + it.QuarterName + "\n")
		b.WriteString("   score: " + it.Score.Breakdown() + "\n")
		if len(it.KPIs) > 0 {
			b.WriteString("   moves: " + strings.Join(it.KPIs, ", ") + "\n")
		}
		if len(it.DependsOn) > 0 {
			b.WriteString("   after: " + strings.Join(it.DependsOn, ", ") + "\n")
		}
		for _, e := range it.Evidence {
			ref := string(e.Ref.Kind) + " " + e.Ref.Key
			if e.Ref.ID != 0 {
				ref = string(e.Ref.Kind) + " " + strconv.FormatInt(e.Ref.ID, 10)
			}
			b.WriteString("   - " + e.Text + " (" + ref + ")\n")
		}
	}
	return b.String()
}

func pluralWeeks(w float64) string {
	if w == 1 {
		return "1 person-week"
	}
	return number(w) + " person-weeks"
}

func TestDeriveGolden(t *testing.T) {
	for _, sc := range []struct {
		name, title string
		org         OrgSnapshot
	}{
		{"startup", "A startup with no automation", startupOrg()},
		{"midsize", "A mid-size team with poor stability", midsizeOrg()},
		{"mature", "A mature team", matureOrg()},
		{"acceptance", "The issue's acceptance scenario", acceptanceOrg()},
		{"empty", "An empty organization", OrgSnapshot{}},
	} {
		t.Run(sc.name, func(t *testing.T) {
			got := renderRoadmap(sc.title, sc.org, Derive(sc.org, deriveNow))
			path := filepath.Join("testdata", "roadmap", sc.name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/roadmap -run TestDeriveGolden -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the derivation; review and rerun with -update. Got:\n%s", path, got)
			}
		})
	}
}

func byKey(list []Initiative, key string) (Initiative, int) {
	for i, it := range list {
		if it.Key == key {
			return it, i
		}
	}
	return Initiative{}, -1
}

func refKinds(it Initiative) []RefKind {
	var out []RefKind
	for _, e := range it.Evidence {
		out = append(out, e.Ref.Kind)
	}
	return out
}

// The acceptance scenario: an explained initiative for each
// signal, the quick win above the big projects, the same order every time.
func TestDeriveAcceptance(t *testing.T) {
	org := acceptanceOrg()
	list := Derive(org, deriveNow)

	debt, debtAt := byKey(list, "finding:7")
	if debtAt < 0 || debt.Quadrant != QuadrantQuickWin || debt.Effort != EffortXS {
		t.Fatalf("the severe xs debt item: %+v at %d, want a quick win", debt, debtAt)
	}
	tool, _ := byKey(list, "stack:1")
	if got := len(tool.Evidence); got != 3 {
		t.Errorf("Splunk (costly, superlinear, on hold) has %d pieces of evidence, want 3: %+v", got, tool.Evidence)
	}
	if !slices.Contains(tool.KPIs, KPIStackCost) {
		t.Errorf("Splunk moves %v, want stack_cost", tool.KPIs)
	}
	tests, _ := byKey(list, "practice:test_automation")
	if kinds := refKinds(tests); !slices.Contains(kinds, RefMetric) || !slices.Contains(kinds, RefPractice) || !slices.Contains(kinds, RefAnswer) {
		t.Errorf("Automate tests: evidence %v, want the CFR, the practice and the answer merged", kinds)
	}
	if tests.Title != "Automate tests in the pipeline" {
		t.Errorf("title %q", tests.Title)
	}
	for i, p := range PracticeCatalog {
		if _, at := byKey(list, "practice:"+p.Key); i%2 == 1 && at < 0 {
			t.Errorf("missing practice %s is not on the roadmap", p.Key)
		}
	}
	if _, at := byKey(list, "dimension:culture"); at < 0 {
		t.Error("no initiative for the weak culture dimension")
	}
	for i, it := range list {
		if it.Quadrant == QuadrantMajorProject && i < debtAt {
			t.Errorf("major project %s ranks %d, above the quick win at %d", it.Key, i, debtAt)
		}
		if len(it.Evidence) == 0 || it.Evidence[0].Text == "" {
			t.Errorf("%s is not explained", it.Key)
		}
	}
	if again := Derive(acceptanceOrg(), deriveNow); !reflect.DeepEqual(list, again) {
		t.Error("a second derivation differs")
	}
	// New data keeps the keys of what was there: a decision stored by key
	// survives (a dismissal is the store's; the key is the derivation's).
	more := acceptanceOrg()
	more.Findings = append(more.Findings, FindingEntry{8, Finding{Kind: FindingDebt, Title: "Backups never restored", Severity: 3, Effort: EffortS}})
	after := Derive(more, deriveNow)
	for _, it := range list {
		if _, at := byKey(after, it.Key); at < 0 {
			t.Errorf("%s vanished when a finding was added", it.Key)
		}
	}
	if _, at := byKey(after, "finding:8"); at < 0 {
		t.Error("the new finding has no initiative")
	}
}

// Signals about one subject merge: the example.
func TestDeriveMergesSignals(t *testing.T) {
	org := OrgSnapshot{
		TeamSize:  5,
		KPI:       &Snapshot{ChangeFailureRate: fp(40)},
		Practices: practicesAt(PracticeFully, map[string]PracticeStatus{"test_automation": PracticeNotStarted}),
	}
	m := ScoreMaturity(MaturityInput{Answers: answersAt(5, map[string]int{"technology_integration": 2})})
	org.Maturity = &m
	list := Derive(org, deriveNow)
	var keys []string
	for _, it := range list {
		keys = append(keys, it.Key)
	}
	if !slices.Equal(keys, []string{"practice:test_automation"}) {
		t.Fatalf("initiatives %v, want only Automate tests", keys)
	}
	got := list[0]
	want := []Ref{{Kind: RefMetric, Key: "change_failure_rate"}, {Kind: RefPractice, Key: "test_automation"}, {Kind: RefAnswer, Key: "technology_integration"}}
	var refs []Ref
	for _, e := range got.Evidence {
		refs = append(refs, e.Ref)
	}
	if !reflect.DeepEqual(refs, want) {
		t.Errorf("evidence %v, want %v", refs, want)
	}
	// Three signals: the strongest of each component, value raised twice.
	if got.Score.Value != 20 || got.Score.TimeCriticality != 8 || got.Score.RiskReduction != 8 || got.Score.JobSize != 8 {
		t.Errorf("score %+v", got.Score)
	}
	if !slices.Equal(got.KPIs, []string{"change_failure_rate", "rework_rate"}) {
		t.Errorf("KPIs %v", got.KPIs)
	}
}

func TestScoreAndGrid(t *testing.T) {
	for _, c := range []struct {
		signals  []signal
		e        Effort
		want     Score
		quadrant Quadrant
	}{
		{[]signal{{5, 8, 13}}, EffortXS, Score{5, 8, 13, 26, 1, 26}, QuadrantQuickWin},
		{[]signal{{3, 2, 3}}, EffortS, Score{3, 2, 3, 8, 2, 4}, QuadrantFillIn},
		{[]signal{{8, 5, 8}}, EffortXL, Score{8, 5, 8, 21, 13, 1.62}, QuadrantMajorProject},
		{[]signal{{2, 2, 2}}, EffortL, Score{2, 2, 2, 6, 8, 0.75}, QuadrantThankless},
		{[]signal{{3, 2, 3}, {2, 5, 2}}, EffortM, Score{5, 5, 3, 13, 5, 2.6}, QuadrantQuickWin},      // a second signal raises the value a step
		{[]signal{{4, 7, 100}}, EffortM, Score{3, 5, 20, 28, 5, 5.6}, QuadrantQuickWin},              // off-scale inputs snap down onto it
		{[]signal{{20, 20, 20}, {1, 1, 1}}, EffortS, Score{20, 20, 20, 60, 2, 30}, QuadrantQuickWin}, // 20 stays 20
	} {
		got := scoreOf(c.signals, c.e)
		if got != c.want {
			t.Errorf("scoreOf(%v, %s) = %+v, want %+v", c.signals, c.e, got, c.want)
		}
		if q := QuadrantFor(got, c.e); q != c.quadrant {
			t.Errorf("QuadrantFor(%+v, %s) = %s, want %s", got, c.e, q, c.quadrant)
		}
	}
	for _, c := range []struct {
		e     Effort
		weeks float64
		size  int
	}{{EffortXS, 0.5, 1}, {EffortS, 1, 2}, {EffortM, 3, 5}, {EffortL, 6, 8}, {EffortXL, 12, 13}, {"", 0, 0}} {
		if c.e.PersonWeeks() != c.weeks || c.e.JobSize() != c.size {
			t.Errorf("%q: %v weeks, size %d", c.e, c.e.PersonWeeks(), c.e.JobSize())
		}
	}
	for cod, want := range map[int]Impact{3: ImpactLow, 12: ImpactLow, 13: ImpactMedium, 25: ImpactMedium, 26: ImpactHigh, 60: ImpactHigh} {
		if got := ImpactOf(cod); got != want {
			t.Errorf("ImpactOf(%d) = %s, want %s", cod, got, want)
		}
	}
}

func TestSchedule(t *testing.T) {
	mk := func(key string, weeks float64, deps ...string) Initiative {
		return Initiative{Key: key, PersonWeeks: weeks, DependsOn: deps}
	}
	for _, c := range []struct {
		name     string
		list     []Initiative
		capacity float64
		want     []int
		quarters int
	}{
		{"fills quarters in priority order", []Initiative{mk("a", 6), mk("b", 6), mk("c", 6)}, 12, []int{0, 0, 1}, 2},
		{"a smaller later one backfills", []Initiative{mk("a", 8), mk("b", 6), mk("c", 3)}, 12, []int{0, 1, 0}, 2},
		{"a dependency goes first", []Initiative{mk("cd", 6, "ci"), mk("x", 12), mk("ci", 6)}, 12, []int{0, 1, 0}, 2},
		{"not before its dependency", []Initiative{mk("ci", 12), mk("cd", 1, "ci")}, 12, []int{0, 1}, 2},
		{"an oversized one takes a quarter alone", []Initiative{mk("a", 1), mk("big", 20), mk("b", 1)}, 9.6, []int{0, 1, 0}, 2},
		{"nothing joins an oversized quarter", []Initiative{mk("big", 20), mk("a", 1, "big")}, 9.6, []int{0, 1}, 2},
		{"unknown dependencies are ignored", []Initiative{mk("a", 1, "gone")}, 2, []int{0}, 1},
		{"empty", nil, 12, nil, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			q := Schedule(c.list, c.capacity)
			var got []int
			for _, it := range c.list {
				got = append(got, it.Quarter)
			}
			if !slices.Equal(got, c.want) || q != c.quarters {
				t.Errorf("quarters %v (%d), want %v (%d)", got, q, c.want, c.quarters)
			}
		})
	}
}

func TestCapacityVerdict(t *testing.T) {
	var list []Initiative
	for i := range 10 {
		list = append(list, Initiative{Key: "i" + strconv.Itoa(i), PersonWeeks: 6})
	}
	// 60 person-weeks; 4 engineers at 20 % have 9.6 a quarter: one 6-week
	// initiative fits a quarter, so 10 quarters; 4 more engineers (19.2 a
	// quarter, three initiatives) bring it within a year, 4.
	v := Capacity(list, 4, 0, 0)
	want := "At 20 % improvement time, 4 engineers have 9.6 person-weeks a quarter; this plan of 60 person-weeks needs 10 quarters; with 4 more engineers, 4."
	if v.Text() != want {
		t.Errorf("got  %q\nwant %q", v.Text(), want)
	}
	if v := Capacity(list, 4, 6, 0.2); v.Extra != 2 || v.ExtraQuarters != 5 {
		t.Errorf("with the planned team: %+v", v)
	}
	if v := Capacity(list[:2], 10, 0, 0.2); !strings.HasSuffix(v.Text(), "needs 1 quarter, within a year.") {
		t.Errorf("a small plan: %q", v.Text())
	}
	chain := []Initiative{{Key: "a", PersonWeeks: 1}, {Key: "b", PersonWeeks: 1, DependsOn: []string{"a"}}}
	for i := range 6 {
		chain = append(chain, Initiative{Key: "x" + strconv.Itoa(i), PersonWeeks: 1000})
	}
	if v := Capacity(chain, 2, 0, 0.2); !v.Floor || v.Extra != 0 {
		t.Errorf("oversized initiatives set the pace: %+v %s", v, v.Text())
	}
	if v := Capacity(nil, 3, 0, 0.2); v.Text() != "Nothing is planned yet, so the team has room to spare." {
		t.Errorf("empty: %q", v.Text())
	}
}

func TestPlanStart(t *testing.T) {
	for now, want := range map[string]string{
		"2026-12-01": "2027 Q1", "2026-10-31": "2026 Q4", "2026-11-01": "2027 Q1", "2027-01-15": "2027 Q1", "2027-03-31": "2027 Q2",
	} {
		d, _ := time.Parse(DateLayout, now)
		if got := QuarterName(PlanStart(d), 0); got != want {
			t.Errorf("plan from %s starts %s, want %s", now, got, want)
		}
	}
	if got := QuarterName(PlanStart(deriveNow), 5); got != "2028 Q2" {
		t.Errorf("quarter 5: %s", got)
	}
}

func TestEveryPracticeHasAnActionAndEffort(t *testing.T) {
	for _, p := range PracticeCatalog {
		if practiceActions[p.Key] == "" || !practiceEfforts[p.Key].Valid() {
			t.Errorf("practice %s: action %q, effort %q", p.Key, practiceActions[p.Key], practiceEfforts[p.Key])
		}
	}
	for _, q := range MaturityQuestions {
		for _, r := range q.Rules {
			if _, isPractice := PracticeByKey(r.Practice); !isPractice && r.Capability != "" && capabilityActions[r.Capability] == "" {
				t.Errorf("question %s points at capability %s, which has no initiative title", q.Key, r.Capability)
			}
		}
	}
}

// randomOrg generates an organization of n of everything from r.
func randomOrg(r *rand.Rand, members, skills, items, findings int) OrgSnapshot {
	pick := func(n int) int { return r.IntN(n) }
	s := OrgSnapshot{TeamSize: pick(30), PlannedTeamSize: pick(40), ImprovementShare: []float64{0, 0.1, 0.2, 0.35}[pick(4)]}
	for i := range items {
		s.Stack = append(s.Stack, StackEntry{int64(100 + i), StackItem{
			Name: "Tool " + strconv.Itoa(i), Category: Categories[pick(len(Categories))].Key, Lifecycle: Lifecycles[pick(len(Lifecycles))].Key,
			MonthlyCost: float64(pick(5) * pick(3000)), CostScaling: CostScalings[pick(3)].Key, Scalability: 1 + pick(5),
			SupportHoursPerMonth: float64(pick(4) * pick(20)),
		}})
	}
	for i := range findings {
		f := Finding{Kind: FindingKinds[pick(2)].Key, Title: "Finding " + strconv.Itoa(i), Severity: 1 + pick(4),
			Effort: Efforts[pick(len(Efforts))].Key, Status: FindingStatuses[pick(3)].Key}
		if items > 0 && pick(2) == 0 {
			f.StackItemID = idp(int64(100 + pick(items)))
		}
		s.Findings = append(s.Findings, FindingEntry{int64(1000 + i), f})
	}
	roles := []string{"engineer", "senior_engineer", "sre", "platform_engineer", ""}
	for j := range skills {
		s.Skills.Skills = append(s.Skills.Skills, MatrixSkill{Key: "skill_" + strconv.Itoa(j), Name: "Skill " + strconv.Itoa(j), Category: SkillDelivery, Position: j})
		for _, role := range roles[:4] {
			if lv := pick(5); lv > 0 {
				s.Skills.Requirements = append(s.Skills.Requirements, Requirement{JobRole: role, SkillKey: "skill_" + strconv.Itoa(j), Level: lv})
			}
		}
	}
	for u := range members {
		s.Skills.Members = append(s.Skills.Members, MatrixMember{UserID: int64(u + 1), Name: "M" + strconv.Itoa(u), JobRole: roles[pick(len(roles))]})
		for j := range skills {
			if pick(5) > 0 {
				s.Skills.Ratings = append(s.Skills.Ratings, Rating{UserID: int64(u + 1), SkillKey: "skill_" + strconv.Itoa(j), Level: pick(5),
					Interested: pick(6) == 0, RatedAt: deriveNow.AddDate(0, 0, -pick(400))})
			}
		}
	}
	if pick(5) > 0 {
		k := &Snapshot{}
		for _, m := range []**float64{&k.DeploymentsPerWeek, &k.LeadTimeHours, &k.RecoveryTimeHours} {
			if pick(3) > 0 {
				*m = fp(float64(pick(200)) / 4)
			}
		}
		for _, m := range []**int{&k.DeploymentFrequencyAnswer, &k.LeadTimeAnswer, &k.RecoveryTimeAnswer} {
			if pick(3) == 0 {
				*m = ip(1 + pick(6))
			}
		}
		// a metric holds a value or an answer, not both
		if k.DeploymentFrequencyAnswer != nil {
			k.DeploymentsPerWeek = nil
		}
		if k.LeadTimeAnswer != nil {
			k.LeadTimeHours = nil
		}
		if k.RecoveryTimeAnswer != nil {
			k.RecoveryTimeHours = nil
		}
		k.ChangeFailureRate, k.ReworkRate = fp(float64(pick(60))), fp(float64(pick(40)))
		s.KPI = k
		for _, c := range Metrics {
			switch pick(3) {
			case 0:
				s.Targets = append(s.Targets, Target{Metric: c.Key, Value: fp(float64(1 + pick(30)))})
			case 1:
				if c.Key != MetricReworkRate {
					s.Targets = append(s.Targets, Target{Metric: c.Key, Tier: Tiers[pick(len(Tiers))].Key})
				}
			}
		}
	}
	s.Practices = map[string]PracticeStatus{}
	for _, p := range PracticeCatalog {
		if pick(6) > 0 {
			s.Practices[p.Key] = PracticeStatuses[pick(4)].Key
		}
	}
	if pick(5) > 0 {
		answers := MaturityAnswers{}
		counts := SurveyCounts{}
		for _, q := range MaturityQuestions {
			answers[q.Key] = 1 + pick(5)
			var c [MaxMaturityLevel]int
			for l := range c {
				c[l] = pick(4)
			}
			counts[q.Key] = c
		}
		in := MaturityInput{Answers: answers}
		if pick(2) == 0 {
			agg := AggregateSurvey(counts)
			in.Survey = &agg
		}
		m := ScoreMaturity(in)
		s.Maturity = &m
	}
	return s
}

// refExists reports whether a piece of evidence points at something the
// snapshot holds.
func refExists(s OrgSnapshot, ref Ref) bool {
	switch ref.Kind {
	case RefFinding:
		return slices.ContainsFunc(s.Findings, func(f FindingEntry) bool { return f.ID == ref.ID && f.WithDefaults().Status == FindingOpen })
	case RefStackItem:
		return slices.ContainsFunc(s.Stack, func(e StackEntry) bool { return e.ID == ref.ID })
	case RefSkill:
		return slices.ContainsFunc(s.Skills.Skills, func(k MatrixSkill) bool { return k.Key == ref.Key && !k.Archived })
	case RefMetric:
		return s.KPI != nil && s.KPI.Evaluate().Metric(Metric(ref.Key)).Given
	case RefPractice:
		_, ok := PracticeByKey(ref.Key)
		return ok && s.Practices[ref.Key].Rank() < PracticeMostly.Rank()
	case RefAnswer:
		return s.Maturity != nil && slices.ContainsFunc(s.Maturity.Risks, func(r MaturityRisk) bool { return r.Question == ref.Key })
	case RefBlindSpot:
		return s.Maturity != nil && slices.ContainsFunc(s.Maturity.BlindSpots, func(b BlindSpot) bool { return b.Question == ref.Key })
	case RefDimension:
		return s.Maturity != nil && s.Maturity.Weakest() == Dimension(ref.Key)
	}
	return false
}

// Properties over generated organizations.
func TestDeriveProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 2026))
	for n := range 300 {
		s := randomOrg(r, r.IntN(30), r.IntN(15), r.IntN(40), r.IntN(40))
		list := Derive(s, deriveNow)
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("org %d: "+format, append([]any{n}, args...)...)
		}
		if again := Derive(s, deriveNow); !reflect.DeepEqual(list, again) {
			fail("two derivations differ")
		}
		// The input's order does not matter.
		shuffled := s
		shuffled.Stack, shuffled.Findings = slices.Clone(s.Stack), slices.Clone(s.Findings)
		r.Shuffle(len(shuffled.Stack), func(i, j int) { shuffled.Stack[i], shuffled.Stack[j] = shuffled.Stack[j], shuffled.Stack[i] })
		r.Shuffle(len(shuffled.Findings), func(i, j int) {
			shuffled.Findings[i], shuffled.Findings[j] = shuffled.Findings[j], shuffled.Findings[i]
		})
		if again := Derive(shuffled, deriveNow); !reflect.DeepEqual(list, again) {
			fail("shuffling the stack and the findings changes the roadmap")
		}
		capacity := QuarterCapacity(s.Engineers(), s.Share())
		quarter := map[string]int{}
		load := map[int]float64{}
		count := map[int]int{}
		for i, it := range list {
			if _, dup := quarter[it.Key]; dup {
				fail("key %s twice", it.Key)
			}
			quarter[it.Key] = it.Quarter
			load[it.Quarter] += it.PersonWeeks
			count[it.Quarter]++
			if i > 0 && comparePriority(&list[i-1], &list[i]) >= 0 {
				fail("%s is not in priority order after %s", it.Key, list[i-1].Key)
			}
			if len(it.Evidence) == 0 {
				fail("%s has no evidence", it.Key)
			}
			for _, e := range it.Evidence {
				if e.Text == "" || !refExists(s, e.Ref) {
					fail("%s: evidence %+v points at nothing in the snapshot", it.Key, e)
				}
			}
			if it.Title == "" || it.Category.Label() == "" || !it.Effort.Valid() || it.Quadrant.Label() == "" || it.Phase != PhaseOf(it.Quarter) {
				fail("%s is incomplete: %+v", it.Key, it)
			}
		}
		for _, it := range list {
			for _, dep := range it.DependsOn {
				q, ok := quarter[dep]
				if !ok {
					fail("%s depends on %s, which is not on the roadmap", it.Key, dep)
				}
				if q > it.Quarter {
					fail("%s (quarter %d) is scheduled before %s (quarter %d), which it depends on", it.Key, it.Quarter, dep, q)
				}
			}
		}
		for q, w := range load {
			if w > capacity+1e-9 && count[q] != 1 {
				fail("quarter %d holds %v person-weeks in %d initiatives, capacity %v", q, w, count[q], capacity)
			}
		}
	}
}

func benchmarkOrg() OrgSnapshot {
	r := rand.New(rand.NewPCG(10, 10))
	s := randomOrg(r, 100, 40, 200, 100)
	for s.KPI == nil || s.Maturity == nil || s.Maturity.BlindSpots == nil { // every source, the survey included
		s = randomOrg(r, 100, 40, 200, 100)
	}
	s.TeamSize = 100
	for _, p := range PracticeCatalog {
		s.Practices[p.Key] = PracticeStatuses[r.IntN(4)].Key
	}
	for i := len(s.Practices); i < 30; i++ {
		s.Practices["retired_practice_"+strconv.Itoa(i)] = PracticePartial // keys the catalog no longer has are ignored
	}
	return s
}

// BenchmarkDerive: 100 members × 40 skills, 200 stack items, 100
// findings, 30 practice statuses and a full maturity assessment with a
// survey (the size; the target is under 1 ms).
func BenchmarkDerive(b *testing.B) {
	s := benchmarkOrg()
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(Derive(s, deriveNow))
	}
	b.ReportMetric(float64(n), "initiatives")
}

func TestBenchmarkOrgIsLarge(t *testing.T) {
	s := benchmarkOrg()
	list := Derive(s, deriveNow)
	if len(s.Skills.Members) != 100 || len(s.Skills.Skills) != 40 || len(s.Stack) != 200 || len(s.Findings) != 100 || len(s.Practices) != 30 {
		t.Fatalf("benchmark org has the wrong size")
	}
	if len(list) < 50 || math.IsNaN(list[0].Score.WSJF) {
		t.Errorf("only %d initiatives", len(list))
	}
}

// The rule ordering the issue names: CI before CD, containers before
// orchestration, metrics before SLOs, whatever their scores.
func TestDeriveRuleOrdering(t *testing.T) {
	list := Derive(startupOrg(), deriveNow)
	for _, c := range [][2]string{
		{"practice:continuous_delivery", "practice:ci"},
		{"practice:container_orchestration", "practice:containers"},
		{"practice:slos", "practice:metrics"},
	} {
		later, at := byKey(list, c[0])
		first, firstAt := byKey(list, c[1])
		if at < 0 || firstAt < 0 {
			t.Fatalf("%s or %s is missing from the startup's roadmap", c[0], c[1])
		}
		if !slices.Contains(later.DependsOn, c[1]) || first.Quarter > later.Quarter {
			t.Errorf("%s (quarter %d, after %v) does not wait for %s (quarter %d)", c[0], later.Quarter, later.DependsOn, c[1], first.Quarter)
		}
	}
	// A prerequisite already in place is no dependency.
	org := startupOrg()
	org.Practices = practicesAt(PracticeNotStarted, map[string]PracticeStatus{"ci": PracticeMostly})
	cd, _ := byKey(Derive(org, deriveNow), "practice:continuous_delivery")
	if slices.Contains(cd.DependsOn, "practice:ci") {
		t.Errorf("CD waits for CI, which is mostly in place: %v", cd.DependsOn)
	}
}

// Step 3 never opened (nil statuses) is no evidence that nothing is in
// place; an empty map is (every practice not started).
func TestDerivePracticesNotAssessed(t *testing.T) {
	if got := Derive(OrgSnapshot{TeamSize: 3}, deriveNow); len(got) != 0 {
		t.Errorf("an organization with no data has %d initiatives", len(got))
	}
	got := Derive(OrgSnapshot{TeamSize: 3, Practices: map[string]PracticeStatus{}}, deriveNow)
	if len(got) != len(PracticeCatalog) {
		t.Errorf("nothing in place: %d initiatives, want one per practice (%d)", len(got), len(PracticeCatalog))
	}
}
