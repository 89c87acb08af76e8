package roadmap

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The questionnaire is data the forms, the API and stored answers rely on:
// four dimensions of 4–6 questions, five distinct options each, keys unique
// and form-safe, and rules that are ordered, reachable and point at
// something real.
func TestMaturityQuestions(t *testing.T) {
	keyRE := regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	keys := map[string]bool{}
	for _, d := range Dimensions {
		if n := len(QuestionsIn(d.Key)); n < 4 || n > 6 {
			t.Errorf("dimension %s has %d questions, want 4 to 6", d.Key, n)
		}
	}
	for _, q := range MaturityQuestions {
		if !keyRE.MatchString(q.Key) || keys[q.Key] || !strings.HasPrefix(q.Key, string(q.Dimension)+"_") {
			t.Errorf("key %q is malformed, repeated or not prefixed by its dimension", q.Key)
		}
		keys[q.Key] = true
		if !q.Dimension.Valid() || !strings.HasSuffix(q.Text, "?") {
			t.Errorf("%s: dimension %q, text %q", q.Key, q.Dimension, q.Text)
		}
		seen := map[string]bool{}
		for l := MinMaturityLevel; l <= MaxMaturityLevel; l++ {
			o := q.Option(l)
			if len(o) < 15 || seen[o] {
				t.Errorf("%s: option %d %q is missing, too short or repeated", q.Key, l, o)
			}
			seen[o] = true
		}
		if q.Option(0) != "" || q.Option(6) != "" {
			t.Errorf("%s: options outside 1–5 are not empty", q.Key)
		}
		if len(q.Rules) == 0 {
			t.Errorf("%s: no risk rule", q.Key)
		}
		prev := 0
		for i, r := range q.Rules {
			if r.AtMost <= prev || r.AtMost >= MaxMaturityLevel {
				t.Errorf("%s: rule %d applies at most to %d: rules must rise strictly, below level 5 (else a later rule is unreachable)", q.Key, i, r.AtMost)
			}
			prev = r.AtMost
			if r.Risk != RiskLevelHigh && r.Risk != RiskLevelMedium {
				t.Errorf("%s: rule %d has risk %q", q.Key, i, r.Risk)
			}
			if i > 0 && indexOf(RiskLevels, r.Risk) < indexOf(RiskLevels, q.Rules[i-1].Risk) {
				t.Errorf("%s: rule %d is more serious than the stricter rule before it", q.Key, i)
			}
			if len(r.Improvement) < 20 || !strings.HasSuffix(r.Improvement, ".") {
				t.Errorf("%s: rule %d improvement %q", q.Key, i, r.Improvement)
			}
			if r.Practice == "" && r.Capability == "" {
				t.Errorf("%s: rule %d points to nothing", q.Key, i)
			}
			if _, ok := PracticeByKey(r.Practice); r.Practice != "" && !ok {
				t.Errorf("%s: rule %d names practice %q, not in the catalog", q.Key, i, r.Practice)
			}
			if _, ok := CapabilityBySlug(r.Capability); r.Capability != "" && !ok {
				t.Errorf("%s: rule %d names capability %q, not DORA's", q.Key, i, r.Capability)
			}
		}
		if got, ok := MaturityQuestionByKey(q.Key); !ok || got.Text != q.Text {
			t.Errorf("MaturityQuestionByKey(%q) = %q, %v", q.Key, got.Text, ok)
		}
	}
	if len(MaturityLevels) != 5 || MaturityLevelName(1) != "Initial" || MaturityLevelName(5) != "Optimizing" || MaturityLevelName(6) != "" {
		t.Error("the level names are not initial … optimizing")
	}
}

// answers is every question at level, then the overrides.
func answers(level int, over map[string]int) MaturityAnswers {
	a := MaturityAnswers{}
	for _, q := range MaturityQuestions {
		a[q.Key] = level
	}
	for k, v := range over {
		a[k] = v
	}
	return a
}

func TestMaturityAnswersValidate(t *testing.T) {
	full := answers(3, nil)
	partial := MaturityAnswers{"culture_incidents": 2, "technology_integration": 4}
	cases := []struct {
		name     string
		a        MaturityAnswers
		complete bool
		want     map[string]string
	}{
		{"complete and valid", full, true, nil},
		{"a draft may be partial", partial, false, nil},
		{"a level outside 1–5 and an unknown key are named", MaturityAnswers{"culture_incidents": 0, "technology_integration": 6, "nope": 3}, false,
			map[string]string{"culture_incidents": MsgLevelRange, "technology_integration": MsgLevelRange, "nope": MsgUnknownQuestion}},
		{"empty draft", MaturityAnswers{}, false, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.a.Validate(c.complete); !mapsEqual(got, c.want) {
				t.Errorf("Validate(%v) = %v, want %v", c.complete, got, c.want)
			}
		})
	}
	// Completing a partial set names every missing question, and only them.
	fe := partial.Validate(true)
	if len(fe) != len(MaturityQuestions)-2 {
		t.Errorf("%d errors, want %d", len(fe), len(MaturityQuestions)-2)
	}
	for _, q := range MaturityQuestions {
		_, named := fe[q.Key]
		if _, answered := partial[q.Key]; named == answered || (named && fe[q.Key] != MsgUnansweredQuestion) {
			t.Errorf("%s: named %v (%q), answered %v", q.Key, named, fe[q.Key], answered)
		}
	}
	if m := partial.Missing(); len(m) != len(MaturityQuestions)-2 || m[0] != "culture_information_flow" {
		t.Errorf("Missing() = %v", m)
	}
}

func TestParseMaturityAnswers(t *testing.T) {
	form := map[string]string{"culture_incidents": "2", "culture_learning": " 5 ", "technology_integration": "6",
		"technology_deployment": "x", "structure_metrics": "", "not_a_question": "3"}
	a, fe := ParseMaturityAnswers(func(k string) string { return form[k] })
	if len(a) != 2 || a["culture_incidents"] != 2 || a["culture_learning"] != 5 {
		t.Errorf("answers = %v", a)
	}
	if !mapsEqual(fe, FieldErrors{"technology_integration": MsgLevelRange, "technology_deployment": MsgLevelRange}) {
		t.Errorf("errors = %v", fe)
	}
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func riskKeys(rs []MaturityRisk) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r.Risk) + ":" + r.Question
	}
	return out
}

// Known answers give known dimension scores, overall level and risk list.
func TestScoreMaturity(t *testing.T) {
	cases := []struct {
		name    string
		answers MaturityAnswers
		scores  [4]float64 // culture, technology, structure, collaboration
		overall float64
		level   string
		risks   []string
	}{
		{
			name: "all defined", answers: answers(3, nil), scores: [4]float64{3, 3, 3, 3}, overall: 3, level: "Defined",
			// Only observability still flags level 3: alerts without SLOs.
			risks: []string{"medium:technology_observability"},
		},
		{
			name: "all optimizing", answers: answers(5, nil), scores: [4]float64{5, 5, 5, 5}, overall: 5, level: "Optimizing",
		},
		{
			name: "mixed: technology weakest, then collaboration, culture", answers: answers(0, map[string]int{
				"culture_incidents": 2, "culture_information_flow": 4, "culture_learning": 4, "culture_ownership": 4, "culture_experimentation": 4,
				"technology_integration": 2, "technology_deployment": 2, "technology_infrastructure": 2, "technology_observability": 2,
				"technology_scaling": 2, "technology_security": 2,
				"structure_team_boundaries": 5, "structure_change_approval": 5, "structure_work_flow": 5, "structure_platform": 5, "structure_metrics": 5,
				"collaboration_dev_ops": 3, "collaboration_knowledge": 1, "collaboration_business": 3, "collaboration_security": 3, "collaboration_feedback": 3,
			}),
			scores: [4]float64{3.6, 2, 5, 2.6}, overall: 3.3, level: "Defined",
			risks: []string{
				"high:collaboration_knowledge",
				"medium:technology_integration", "medium:technology_deployment", "medium:technology_infrastructure",
				"medium:technology_observability", "medium:technology_scaling", "medium:technology_security",
				"medium:culture_incidents",
			},
		},
		{
			name: "just below a level rounds down", answers: answers(4, map[string]int{"culture_incidents": 3}),
			scores: [4]float64{3.8, 4, 4, 4}, overall: 3.95, level: "Defined",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if fe := c.answers.Validate(true); len(fe) > 0 {
				t.Fatalf("the case's answers are invalid: %v", fe)
			}
			r := ScoreMaturity(MaturityInput{Answers: c.answers})
			for i, d := range Dimensions {
				ds := r.Dimensions[i]
				if ds.Dimension != d.Key || round2(ds.Score) != c.scores[i] || ds.Source != SourceLeader || ds.Change != nil {
					t.Errorf("%s = %+v, want score %v from the leader, no change", d.Key, ds, c.scores[i])
				}
			}
			if round2(r.Overall) != c.overall || r.LevelName() != c.level {
				t.Errorf("overall %v (%s), want %v (%s)", r.Overall, r.LevelName(), c.overall, c.level)
			}
			if got := riskKeys(r.Risks); !slices.Equal(got, c.risks) && !(len(got) == 0 && len(c.risks) == 0) {
				t.Errorf("risks = %v\nwant    %v", got, c.risks)
			}
			if r.BlindSpots != nil {
				t.Errorf("blind spots without a survey: %v", r.BlindSpots)
			}
		})
	}
}

// All at level 1: every high risk before any medium one; dimensions tie,
// so dimension order then questionnaire order decide, every time.
func TestScoreMaturityRiskOrderIsDeterministic(t *testing.T) {
	r := ScoreMaturity(MaturityInput{Answers: answers(1, nil)})
	if r.Level != 1 || r.LevelName() != "Initial" || r.Weakest() != DimensionCulture {
		t.Errorf("level %d %s, weakest %s", r.Level, r.LevelName(), r.Weakest())
	}
	firstMedium := slices.IndexFunc(r.Risks, func(x MaturityRisk) bool { return x.Risk == RiskLevelMedium })
	if firstMedium < 0 || slices.ContainsFunc(r.Risks[firstMedium:], func(x MaturityRisk) bool { return x.Risk == RiskLevelHigh }) {
		t.Fatalf("high and medium risks are mixed: %v", riskKeys(r.Risks))
	}
	if len(r.Risks) != len(MaturityQuestions) {
		t.Errorf("%d risks at level 1, want one per question (%d)", len(r.Risks), len(MaturityQuestions))
	}
	for i := 1; i < len(r.Risks); i++ {
		a, b := r.Risks[i-1], r.Risks[i]
		if a.Risk == b.Risk && questionIndex()[a.Question] > questionIndex()[b.Question] {
			t.Errorf("%s before %s: not in questionnaire order on a tie", a.Question, b.Question)
		}
	}
	want := fmt.Sprint(riskKeys(r.Risks))
	for range 20 {
		if got := fmt.Sprint(riskKeys(ScoreMaturity(MaturityInput{Answers: answers(1, nil)}).Risks)); got != want {
			t.Fatalf("risk order changed between runs:\n%s\n%s", got, want)
		}
	}
	if r.Risks[0].Improvement == "" || (r.Risks[0].Practice == "" && r.Risks[0].Capability == "") {
		t.Errorf("the first risk says nothing to do: %+v", r.Risks[0])
	}
}

func TestScoreMaturityChangeSincePrevious(t *testing.T) {
	prev := ScoreMaturity(MaturityInput{Answers: answers(2, nil)})
	cur := ScoreMaturity(MaturityInput{Answers: answers(3, map[string]int{"structure_metrics": 1}), Previous: &prev})
	want := map[Dimension]float64{DimensionCulture: 1, DimensionTechnology: 1, DimensionStructure: 0.6, DimensionCollaboration: 1}
	for _, ds := range cur.Dimensions {
		if ds.Change == nil || round2(*ds.Change) != want[ds.Dimension] {
			t.Errorf("%s change = %v, want %v", ds.Dimension, ds.Change, want[ds.Dimension])
		}
	}
}

// counts builds survey counts from members' answers (what the store's
// GROUP BY returns).
func counts(members ...MaturityAnswers) SurveyCounts {
	c := SurveyCounts{}
	for _, m := range members {
		for k, l := range m {
			v := c[k]
			v[l-1]++
			c[k] = v
		}
	}
	return c
}

func TestAggregateSurvey(t *testing.T) {
	cases := []struct {
		name   string
		levels [5]int
		shown  bool
		median float64
		spread int
	}{
		{"no answers", [5]int{}, false, 0, 0},
		{"two answers are not enough", [5]int{0, 1, 0, 1, 0}, false, 0, 0},
		{"three answers: 2, 3, 4", [5]int{0, 1, 1, 1, 0}, true, 3, 2},
		{"four answers: the mean of the middle two", [5]int{2, 0, 0, 0, 2}, true, 3, 4},
		{"four answers: 1, 2, 2, 5", [5]int{1, 2, 0, 0, 1}, true, 2, 4},
		{"unanimous", [5]int{0, 0, 0, 0, 3}, true, 5, 0},
		{"five answers: 1, 1, 1, 4, 5", [5]int{3, 0, 0, 1, 1}, true, 1, 4},
		{"six answers: 2, 2, 3, 4, 4, 4", [5]int{0, 2, 1, 3, 0}, true, 3.5, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			agg := AggregateSurvey(SurveyCounts{"culture_learning": c.levels, "nope": {9, 9, 9, 9, 9}}).Question("culture_learning")
			n := 0
			for _, v := range c.levels {
				n += v
			}
			if agg.Answers != n || agg.Shown != c.shown || agg.Median != c.median || agg.Spread != c.spread {
				t.Errorf("= %+v, want %d answers, shown %v, median %v, spread %d", agg, n, c.shown, c.median, c.spread)
			}
		})
	}
	agg := AggregateSurvey(nil)
	if len(agg.Questions) != len(MaturityQuestions) || agg.Respondents() != 0 || agg.Question("nope").Shown {
		t.Errorf("an empty survey: %d questions, %d respondents", len(agg.Questions), agg.Respondents())
	}
}

// Three members answer: their medians score the dimensions and the
// leader's distant answers are blind spots; with two, the leader's answers
// score and no aggregate is used.
func TestScoreMaturityWithTeamSurvey(t *testing.T) {
	leader := answers(4, map[string]int{"culture_incidents": 5, "culture_learning": 1, "technology_integration": 3})
	team := []MaturityAnswers{
		answers(2, map[string]int{"culture_learning": 3, "technology_integration": 2}),
		answers(2, map[string]int{"culture_learning": 3, "technology_integration": 1}),
		answers(3, map[string]int{"culture_learning": 4, "technology_integration": 2}),
	}
	agg := AggregateSurvey(counts(team...))
	r := ScoreMaturity(MaturityInput{Answers: leader, Survey: &agg})
	for _, ds := range r.Dimensions {
		if ds.Source != SourceTeam {
			t.Errorf("%s is scored from %s, want the team", ds.Dimension, ds.Source)
		}
	}
	// Culture medians: 2, 2, 3 (learning), 2, 2 → 2.2; technology: 2 (integration) and 2 × 5 → 2.
	if c, tech := round2(r.Dimension(DimensionCulture).Score), round2(r.Dimension(DimensionTechnology).Score); c != 2.2 || tech != 2 {
		t.Errorf("culture %v, technology %v, want 2.2 and 2", c, tech)
	}
	var got []string
	for _, b := range r.BlindSpots {
		got = append(got, fmt.Sprintf("%s %d/%g", b.Question, b.Leader, b.TeamMedian))
	}
	// culture_incidents: 5 against 2 (gap 3) first; culture_learning 1
	// against 3 (−2); integration 3 against 2 is no blind spot; every
	// other question 4 against 2 (gap 2), in questionnaire order.
	if len(got) < 3 || got[0] != "culture_incidents 5/2" || got[1] != "culture_information_flow 4/2" || slices.Contains(got, "technology_integration 3/2") {
		t.Errorf("blind spots = %v", got)
	}
	if !slices.Contains(got, "culture_learning 1/3") {
		t.Errorf("a leader seeing it worse than the team is a blind spot too: %v", got)
	}
	// The risks follow the answers used: integration's median of 2 is a
	// medium risk, not the leader's 3.
	if i := slices.IndexFunc(r.Risks, func(x MaturityRisk) bool { return x.Question == "technology_integration" }); i < 0 || r.Risks[i].Risk != RiskLevelMedium || r.Risks[i].Answer != 2 {
		t.Errorf("integration risk: %v", riskKeys(r.Risks))
	}

	two := AggregateSurvey(counts(team[:2]...))
	r2 := ScoreMaturity(MaturityInput{Answers: leader, Survey: &two})
	if r2.Dimension(DimensionCulture).Source != SourceLeader || round2(r2.Dimension(DimensionTechnology).Score) != round2((3+4*5)/6.0) || len(r2.BlindSpots) != 0 {
		t.Errorf("with two answers: %+v, blind spots %v", r2.Dimensions, r2.BlindSpots)
	}

	// A survey that covers only culture's questions scores only culture
	// from the team.
	cultureOnly := SurveyCounts{}
	for _, q := range QuestionsIn(DimensionCulture) {
		cultureOnly[q.Key] = [5]int{3}
	}
	part := AggregateSurvey(cultureOnly)
	r3 := ScoreMaturity(MaturityInput{Answers: leader, Survey: &part})
	if r3.Dimension(DimensionCulture).Source != SourceTeam || r3.Dimension(DimensionCulture).Score != 1 || r3.Dimension(DimensionStructure).Source != SourceLeader {
		t.Errorf("culture-only survey: %+v", r3.Dimensions)
	}
}

func BenchmarkScoreMaturity(b *testing.B) {
	prev := ScoreMaturity(MaturityInput{Answers: answers(2, nil)})
	leader := answers(3, map[string]int{"culture_incidents": 1, "technology_deployment": 2, "structure_metrics": 5})
	b.Run("leader", func(b *testing.B) {
		for b.Loop() {
			ScoreMaturity(MaturityInput{Answers: leader, Previous: &prev})
		}
	})
	c := counts(answers(2, nil), answers(3, nil), answers(4, nil), answers(1, nil), answers(5, nil))
	b.Run("team survey", func(b *testing.B) {
		for b.Loop() {
			agg := AggregateSurvey(c)
			ScoreMaturity(MaturityInput{Answers: leader, Survey: &agg, Previous: &prev})
		}
	})
}

func BenchmarkRiskRules(b *testing.B) {
	for b.Loop() {
		for _, q := range MaturityQuestions {
			for l := 1; l <= 5; l++ {
				q.RuleFor(float64(l))
			}
		}
	}
}

func BenchmarkPracticeCompletion(b *testing.B) {
	status := map[string]PracticeStatus{}
	for i, p := range PracticeCatalog {
		status[p.Key] = PracticeStatuses[i%4].Key
	}
	for b.Loop() {
		PracticeCompletion(status)
		PrerequisiteWarnings(status)
	}
}
