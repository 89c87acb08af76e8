package roadmap

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Step 4, the maturity assessment. A leader answers every question of
// MaturityQuestions with a level 1–5; a dimension's score is the mean of its
// answers, the overall score the mean of the four dimensions (each counts
// the same, whatever its number of questions), and the overall level the
// overall score rounded down: a mean of 3.9 has not reached "measured" on
// every dimension yet. Each question's ordered risk rules turn a weak answer
// into a high or medium risk with an improvement (the AWS Well-Architected
// pattern). The team may answer the same questions (a survey): once at
// least MinSurveyAnswers members answered every question of a dimension,
// that dimension is scored on the team's medians instead of the leader's
// answers, and questions where the two differ by BlindSpotGap levels or
// more are blind spots.

// Dimension is one of the four sides of DevOps maturity.
type Dimension string

// The dimensions, as stored and sent by the API.
const (
	DimensionCulture       Dimension = "culture"
	DimensionTechnology    Dimension = "technology"
	DimensionStructure     Dimension = "structure"
	DimensionCollaboration Dimension = "collaboration"
)

// Dimensions are the dimensions in the order the questionnaire, the radar
// and every list use.
var Dimensions = []Choice[Dimension]{
	{DimensionCulture, "Culture"},
	{DimensionTechnology, "Technology"},
	{DimensionStructure, "Structure"},
	{DimensionCollaboration, "Collaboration"},
}

// Label is the dimension as people read it ("" when unknown).
func (d Dimension) Label() string { return labelOf(Dimensions, d) }

// Valid reports whether d is in the catalog.
func (d Dimension) Valid() bool { return indexOf(Dimensions, d) >= 0 }

// The range of an answer.
const (
	MinMaturityLevel = 1
	MaxMaturityLevel = 5
)

// MaturityLevels name the five levels of the maturity model (CMMI's names,
// as the DevOps maturity models use them).
var MaturityLevels = []Choice[int]{
	{1, "Initial"},
	{2, "Managed"},
	{3, "Defined"},
	{4, "Measured"},
	{5, "Optimizing"},
}

// MaturityLevelName is the name of a level 1–5 ("" outside).
func MaturityLevelName(n int) string { return labelOf(MaturityLevels, n) }

// RiskLevel is how much a weak answer puts delivery at risk.
type RiskLevel string

// The risk levels, as stored and sent by the API.
const (
	RiskLevelHigh   RiskLevel = "high"
	RiskLevelMedium RiskLevel = "medium"
	RiskLevelNone   RiskLevel = "none"
)

// RiskLevels are the levels, most serious first (the risk list's order).
var RiskLevels = []Choice[RiskLevel]{
	{RiskLevelHigh, "High risk"},
	{RiskLevelMedium, "Medium risk"},
	{RiskLevelNone, "No risk"},
}

// Label is the risk level as people read it ("" when unknown).
func (r RiskLevel) Label() string { return labelOf(RiskLevels, r) }

// RiskRule turns an answer at or below AtMost into a risk. A question's
// rules are tried in order and the first that applies wins, so the
// strictest comes first (for example ≤ 1 high, then ≤ 3 medium); an answer
// no rule applies to carries no risk.
type RiskRule struct {
	AtMost      int
	Risk        RiskLevel
	Improvement string // what to do about it, as the results page says it
	// What the improvement points to: a practice of step 3 (its key) or a
	// DORA capability (its slug) where no practice fits; either may be "".
	Practice   string
	Capability string
}

// MaturityQuestion is one question of the questionnaire.
type MaturityQuestion struct {
	Key       string // stable: stored, the form field and the API's key
	Dimension Dimension
	Text      string
	Options   [MaxMaturityLevel]string // what level 1 … 5 looks like
	Rules     []RiskRule
}

// Option is the text of the answer at level (1–5; "" outside).
func (q MaturityQuestion) Option(level int) string {
	if level < MinMaturityLevel || level > MaxMaturityLevel {
		return ""
	}
	return q.Options[level-1]
}

// RuleFor is the first of q's rules that applies to answer (which may be a
// team's median, so a fraction), and false when none does.
func (q MaturityQuestion) RuleFor(answer float64) (RiskRule, bool) {
	for _, r := range q.Rules {
		if answer <= float64(r.AtMost) {
			return r, r.Risk != RiskLevelNone
		}
	}
	return RiskRule{}, false
}

// MaturityQuestionByKey finds a question of the questionnaire.
func MaturityQuestionByKey(key string) (MaturityQuestion, bool) {
	i, ok := questionIndex()[key]
	if !ok {
		return MaturityQuestion{}, false
	}
	return MaturityQuestions[i], true
}

var questionIndex = sync.OnceValue(func() map[string]int {
	m := make(map[string]int, len(MaturityQuestions))
	for i, q := range MaturityQuestions {
		m[q.Key] = i
	}
	return m
})

// QuestionsIn lists the questions of one dimension, in questionnaire order.
func QuestionsIn(d Dimension) []MaturityQuestion {
	var out []MaturityQuestion
	for _, q := range MaturityQuestions {
		if q.Dimension == d {
			out = append(out, q)
		}
	}
	return out
}

// MaturityAnswers are answers by question key, each a level 1–5: a
// leader's assessment, or one member's survey.
type MaturityAnswers map[string]int

// The messages of an answer set's validation, beside the question.
const (
	MsgUnansweredQuestion = "Answer this question: choose the level that describes you best."
	MsgUnknownQuestion    = "Unknown question."
	MsgLevelRange         = "Choose a level from 1 (initial) to 5 (optimizing)."
)

// Validate checks every answer (a known question, a level 1–5) and, when
// complete, that every question is answered: each problem is keyed by the
// question's key, so a 422 names every missing or wrong answer at once.
func (a MaturityAnswers) Validate(complete bool) FieldErrors {
	fe := FieldErrors{}
	for key, level := range a {
		switch _, ok := MaturityQuestionByKey(key); {
		case !ok:
			fe.Add(key, MsgUnknownQuestion)
		case level < MinMaturityLevel || level > MaxMaturityLevel:
			fe.Add(key, MsgLevelRange)
		}
	}
	if complete {
		for _, q := range MaturityQuestions {
			if _, ok := a[q.Key]; !ok {
				fe.Add(q.Key, MsgUnansweredQuestion)
			}
		}
	}
	return fe
}

// ParseMaturityAnswers reads a questionnaire form: get returns the value
// posted for a question key ("" when none was chosen, which leaves the
// question unanswered). A value that is not a level 1–5 is named with
// MsgLevelRange; what was read is returned either way, for Validate and
// for keeping the chosen options on a 422.
func ParseMaturityAnswers(get func(key string) string) (MaturityAnswers, FieldErrors) {
	a, fe := MaturityAnswers{}, FieldErrors{}
	for _, q := range MaturityQuestions {
		v := strings.TrimSpace(get(q.Key))
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < MinMaturityLevel || n > MaxMaturityLevel {
			fe.Add(q.Key, MsgLevelRange)
			continue
		}
		a[q.Key] = n
	}
	return a, fe
}

// Missing lists the questions a has no answer for, in questionnaire order.
func (a MaturityAnswers) Missing() []string {
	var out []string
	for _, q := range MaturityQuestions {
		if _, ok := a[q.Key]; !ok {
			out = append(out, q.Key)
		}
	}
	return out
}

// MinSurveyAnswers is how many members must have answered a question before
// any aggregate of it is shown or used: below it, a median would all but
// show one person's answer.
const MinSurveyAnswers = 3

// BlindSpotGap is how many levels the leader's answer must be from the
// team's median for the question to be a blind spot.
const BlindSpotGap = 2

// SurveyCounts are a survey's answers as the store aggregates them: per
// question key, how many members answered each level (index 0 is level 1).
// No single member's answers travel further than the database.
type SurveyCounts map[string][MaxMaturityLevel]int

// QuestionAggregate is the team's answer to one question.
type QuestionAggregate struct {
	Question string
	Answers  int // how many members answered
	// Shown is false below MinSurveyAnswers answers: Median and Spread
	// are then zero and must not be shown.
	Shown  bool
	Median float64 // the middle answer; the mean of the two middle ones for an even count
	Spread int     // highest answer minus lowest, in levels
}

// SurveyAggregate is a survey's result, one aggregate per question in
// questionnaire order.
type SurveyAggregate struct {
	Questions []QuestionAggregate
}

// Question is the aggregate of one question (zero when unknown).
func (s SurveyAggregate) Question(key string) QuestionAggregate {
	if i, ok := questionIndex()[key]; ok && i < len(s.Questions) {
		return s.Questions[i]
	}
	return QuestionAggregate{Question: key}
}

// Respondents is the largest number of answers any question has: the
// number of members who took part (each answers every question).
func (s SurveyAggregate) Respondents() int {
	n := 0
	for _, q := range s.Questions {
		n = max(n, q.Answers)
	}
	return n
}

// AggregateSurvey computes each question's median and spread from the
// counts; questions with fewer than MinSurveyAnswers answers are not shown.
// Levels outside 1–5 cannot be counted (the array has five places) and keys
// outside the questionnaire are ignored.
func AggregateSurvey(c SurveyCounts) SurveyAggregate {
	out := SurveyAggregate{Questions: make([]QuestionAggregate, len(MaturityQuestions))}
	for i, q := range MaturityQuestions {
		counts := c[q.Key]
		agg := QuestionAggregate{Question: q.Key}
		lo, hi := 0, 0
		for l, n := range counts {
			if n <= 0 {
				continue
			}
			agg.Answers += n
			if lo == 0 {
				lo = l + 1
			}
			hi = l + 1
		}
		if agg.Answers >= MinSurveyAnswers {
			agg.Shown = true
			agg.Spread = hi - lo
			n := agg.Answers
			if n%2 == 1 {
				agg.Median = float64(nthLevel(counts, n/2))
			} else {
				agg.Median = float64(nthLevel(counts, n/2-1)+nthLevel(counts, n/2)) / 2
			}
		}
		out.Questions[i] = agg
	}
	return out
}

// nthLevel is the level of the k-th answer (from 0) in ascending order.
func nthLevel(counts [MaxMaturityLevel]int, k int) int {
	for l, n := range counts {
		if n <= 0 {
			continue
		}
		if k < n {
			return l + 1
		}
		k -= n
	}
	return MaxMaturityLevel
}

// BlindSpot is a question where the leader sees the organization at least
// BlindSpotGap levels away from how the team sees it.
type BlindSpot struct {
	Question   string
	Leader     int
	TeamMedian float64
}

// Gap is the leader's answer minus the team's median: positive when the
// leader sees it rosier than the team does.
func (b BlindSpot) Gap() float64 { return float64(b.Leader) - b.TeamMedian }

// BlindSpots lists the questions with a shown team aggregate whose median
// is at least BlindSpotGap from the leader's answer: the widest gaps first,
// then in questionnaire order.
func BlindSpots(leader MaturityAnswers, team SurveyAggregate) []BlindSpot {
	var out []BlindSpot
	for _, q := range MaturityQuestions {
		agg := team.Question(q.Key)
		l, ok := leader[q.Key]
		if !ok || !agg.Shown {
			continue
		}
		if b := (BlindSpot{Question: q.Key, Leader: l, TeamMedian: agg.Median}); math.Abs(b.Gap()) >= BlindSpotGap {
			out = append(out, b)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return math.Abs(out[i].Gap()) > math.Abs(out[j].Gap()) })
	return out
}

// ScoreSource says whose answers a dimension's score is from.
type ScoreSource string

// The sources.
const (
	SourceLeader ScoreSource = "leader" // the assessment's own answers
	SourceTeam   ScoreSource = "team"   // the team survey's medians
)

// Label is the source as the results page says it.
func (s ScoreSource) Label() string {
	if s == SourceTeam {
		return "the team's medians"
	}
	return "the leader's answers"
}

// DimensionScore is one dimension's result.
type DimensionScore struct {
	Dimension Dimension
	Score     float64 // 1 to 5: the mean of the dimension's answers
	Source    ScoreSource
	// Change is Score minus the previous completed assessment's score of
	// the dimension; nil for the first assessment.
	Change *float64
}

// MaturityRisk is a weak answer turned into a risk by its question's rules
// (the rule that applied: its Risk, Improvement, Practice and Capability).
type MaturityRisk struct {
	Question  string
	Dimension Dimension
	Answer    float64 // the answer the rule judged (a team median may be a fraction)
	RiskRule
}

// MaturityInput is what an assessment is scored from.
type MaturityInput struct {
	Answers MaturityAnswers // the leader's: every question answered
	// Survey is the team's aggregate (nil without a survey).
	Survey *SurveyAggregate
	// Previous is the previous completed assessment's result, for the
	// change per dimension (nil for the first).
	Previous *MaturityResult
}

// MaturityResult is a scored assessment.
type MaturityResult struct {
	Dimensions []DimensionScore // in Dimensions order
	Overall    float64          // the mean of the dimension scores
	Level      int              // Overall rounded down, 1–5
	Risks      []MaturityRisk   // high first, then medium; weakest dimension first within each
	BlindSpots []BlindSpot      // nil without a survey
}

// LevelName is the overall level's name.
func (r MaturityResult) LevelName() string { return MaturityLevelName(r.Level) }

// Dimension is the score of d (zero when the result has none).
func (r MaturityResult) Dimension(d Dimension) DimensionScore {
	for _, s := range r.Dimensions {
		if s.Dimension == d {
			return s
		}
	}
	return DimensionScore{Dimension: d}
}

// Weakest is the dimension with the lowest score (the first in Dimensions
// order on a tie); "" for an empty result.
func (r MaturityResult) Weakest() Dimension {
	var w Dimension
	best := math.Inf(1)
	for _, s := range r.Dimensions {
		if s.Score < best {
			w, best = s.Dimension, s.Score
		}
	}
	return w
}

// ScoreMaturity scores an assessment. Answers must be complete and valid
// (Validate(true)): a missing answer counts as level 1, so an incomplete
// set is never flattered. Pure and deterministic.
func ScoreMaturity(in MaturityInput) MaturityResult {
	res := MaturityResult{Dimensions: make([]DimensionScore, len(Dimensions))}
	effective := make(map[string]float64, len(MaturityQuestions))
	sum := 0.0
	for i, d := range Dimensions {
		qs := QuestionsIn(d.Key)
		src := SourceLeader
		if in.Survey != nil && len(qs) > 0 && slices.IndexFunc(qs, func(q MaturityQuestion) bool { return !in.Survey.Question(q.Key).Shown }) < 0 {
			src = SourceTeam
		}
		total := 0.0
		for _, q := range qs {
			v := float64(max(in.Answers[q.Key], MinMaturityLevel))
			if src == SourceTeam {
				v = in.Survey.Question(q.Key).Median
			}
			effective[q.Key] = v
			total += v
		}
		ds := DimensionScore{Dimension: d.Key, Source: src}
		if len(qs) > 0 {
			ds.Score = total / float64(len(qs))
		}
		if in.Previous != nil {
			change := ds.Score - in.Previous.Dimension(d.Key).Score
			ds.Change = &change
		}
		res.Dimensions[i] = ds
		sum += ds.Score
	}
	res.Overall = sum / float64(len(Dimensions))
	// Rounded down, with a little slack for sums of thirds (3.9999…).
	res.Level = min(max(int(math.Floor(res.Overall+1e-9)), MinMaturityLevel), MaxMaturityLevel)

	for _, q := range MaturityQuestions {
		if rule, ok := q.RuleFor(effective[q.Key]); ok {
			res.Risks = append(res.Risks, MaturityRisk{Question: q.Key, Dimension: q.Dimension, Answer: effective[q.Key], RiskRule: rule})
		}
	}
	rank := func(d Dimension) (float64, int) { return res.Dimension(d).Score, indexOf(Dimensions, d) }
	slices.SortStableFunc(res.Risks, func(a, b MaturityRisk) int {
		if c := cmp.Compare(indexOf(RiskLevels, a.Risk), indexOf(RiskLevels, b.Risk)); c != 0 {
			return c
		}
		as, ai := rank(a.Dimension)
		bs, bi := rank(b.Dimension)
		if c := cmp.Compare(as, bs); c != 0 {
			return c
		}
		return cmp.Compare(ai, bi) // then questionnaire order (stable)
	})
	if in.Survey != nil {
		res.BlindSpots = BlindSpots(in.Answers, *in.Survey)
	}
	return res
}
