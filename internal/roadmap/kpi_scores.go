package roadmap

import "math"

// The DORA Quick Check's 0–10 scores, the six answer buckets and the
// cut points that put an exact number in a bucket, and targets.
//
// Scores: a categorical answer v (1 worst … 6 best) scores (v − 1) / 5 · 10,
// so 0, 2, 4, 6, 8 or 10; a percentage p (change failure rate, rework rate)
// scores 10 − p / 10. Throughput is the mean of the lead time, deployment
// frequency and recovery time scores; stability the mean of the percentage
// metrics given; overall the mean of every metric given.
//
// Buckets of an exact number (Headway's reading of the Quick Check's answer
// texts; the page shows them):
//   - lead time and recovery time, in hours: < 1 → 6, < 24 → 5, < 168 (a
//     week) → 4, < 720 (30 days) → 3, < 4320 (180 days) → 2, else 1;
//   - deployments a week: ≥ 14 (twice a day) → 6, ≥ 7 (daily) → 5, ≥ 1 → 4,
//     ≥ 12/52 (monthly) → 3, ≥ 2/52 (twice a year) → 2, else 1. The Quick
//     Check draws no line between "on demand (multiple deploys per day)" and
//     "between once per hour and once per day"; twice a day is Headway's.

// Bucket cut points in hours (lead time, recovery time) and in
// deployments a week.
const (
	HoursPerWeek  = 168
	HoursPerMonth = 720  // 30 days
	HoursPerHalf  = 4320 // 180 days: "six months"
	WeeksPerMonth = 52.0 / 12
)

// hourCuts are the upper bounds (exclusive) of buckets 6, 5, 4, 3, 2.
var hourCuts = [5]float64{1, 24, HoursPerWeek, HoursPerMonth, HoursPerHalf}

// deployCuts are the lower bounds (inclusive) of buckets 6, 5, 4, 3, 2.
var deployCuts = [5]float64{14, 7, 1, 12.0 / 52, 2.0 / 52}

// Bucket is the Quick Check answer (1–6) an exact value of a categorical
// metric falls in (0 for the rates).
func Bucket(m Metric, v float64) int {
	switch m {
	case MetricDeploymentFrequency:
		for i, c := range deployCuts {
			if v >= c {
				return 6 - i
			}
		}
		return 1
	case MetricLeadTime, MetricRecoveryTime:
		for i, c := range hourCuts {
			if v < c {
				return 6 - i
			}
		}
		return 1
	}
	return 0
}

// BucketRange is the range [lo, hi) of exact values in answer v of m (hi
// is +Inf for the open end).
func BucketRange(m Metric, v int) (lo, hi float64) {
	if v < 1 || v > 6 || !m.Categorical() {
		return math.NaN(), math.NaN()
	}
	i := 6 - v // index of the bucket's own cut
	if m == MetricDeploymentFrequency {
		lo, hi = 0, math.Inf(1)
		if i < 5 {
			lo = deployCuts[i]
		}
		if i > 0 {
			hi = deployCuts[i-1]
		}
		return lo, hi
	}
	lo, hi = 0, math.Inf(1)
	if i > 0 {
		lo = hourCuts[i-1]
	}
	if i < 5 {
		hi = hourCuts[i]
	}
	return lo, hi
}

// Answers are the six Quick Check answers of each categorical metric as
// a page lists them, best first (Key is the answer 1–6, Label the bucket
// in short words: what a snapshot answered this way shows).
var Answers = map[Metric][]Choice[int]{
	MetricDeploymentFrequency: {
		{6, "on demand, several a day"},
		{5, "once an hour – once a day"},
		{4, "once a day – once a week"},
		{3, "once a week – once a month"},
		{2, "once a month – once every 6 months"},
		{1, "less than once every 6 months"},
	},
	MetricLeadTime:     hourAnswers,
	MetricRecoveryTime: hourAnswers,
}

var hourAnswers = []Choice[int]{
	{6, "less than 1 hour"},
	{5, "1 hour – 1 day"},
	{4, "1 day – 1 week"},
	{3, "1 week – 1 month"},
	{2, "1 – 6 months"},
	{1, "more than 6 months"},
}

// DORAAnswerTexts are the Quick Check's own answer texts by answer 1–6
// (dora-team/dora.dev at commit fcaf07b, svelte/quick-check/src/lib/data/
// metrics_question_responses.json; Google LLC, CC BY 4.0), for a form that
// asks in DORA's words. Answers' labels are Headway's shorter ones.
var DORAAnswerTexts = map[Metric][7]string{
	MetricDeploymentFrequency: {1: "Less than once per six months", 2: "Between once per month and once every six months",
		3: "Between once per week and once per month", 4: "Between once per day and once per week",
		5: "Between once per hour and once per day", 6: "On demand (multiple deploys per day)"},
	MetricLeadTime: {1: "More than six months", 2: "One to six months", 3: "One week to one month", 4: "One day to one week",
		5: "Less than one day", 6: "Less than one hour"},
	MetricRecoveryTime: {1: "More than six months", 2: "One to six months", 3: "One week to one month", 4: "One day to one week",
		5: "Less than one day", 6: "Less than one hour"},
}

// BucketLabel is answer v of m in words ("1 day – 1 week"; "" when v is not
// an answer of m).
func BucketLabel(m Metric, v int) string { return labelOf(Answers[m], v) }

// AnswerScore is the 0–10 score of a Quick Check answer 1–6.
func AnswerScore(v int) float64 { return float64(v-1) / 5 * 10 }

// PercentScore is the 0–10 score of a percentage.
func PercentScore(p float64) float64 { return 10 - p/10 }

// meanOf accumulates an arithmetic mean.
type meanOf struct {
	sum float64
	n   int
}

func (m *meanOf) add(x float64) { m.sum += x; m.n++ }

// mean is the mean of the values added (nil for none).
func (m meanOf) mean() *float64 {
	if m.n == 0 {
		return nil
	}
	v := m.sum / float64(m.n)
	return &v
}

// Target is what an organization aims for on one metric: an exact value
// (in the metric's unit: at least that many deployments a week, at most
// that many hours or percent) or a tier (that tier or better).
type Target struct {
	Metric Metric
	Value  *float64
	Tier   Tier
}

// TargetField is the form and JSON field of m's target.
func TargetField(m Metric) string { return string(m) + "_target" }

// Validate checks a target: a known metric, a value or a tier but not
// both, the value within the metric's limits, no tier for rework rate.
func (t Target) Validate() FieldErrors {
	fe := FieldErrors{}
	if !t.Metric.Valid() {
		fe.Add("metric", "Unknown metric.")
		return fe
	}
	field, label := TargetField(t.Metric), t.Metric.Label()
	switch {
	case t.Value != nil && t.Tier != TierNone:
		fe.Add(field, label+": set a value or a tier as the target, not both.")
	case t.Value == nil && t.Tier == TierNone:
		fe.Add(field, label+": set a value or a tier as the target.")
	case t.Value != nil:
		fe.kpiNumber(field, t.Metric, *t.Value)
	case !t.Tier.Valid():
		fe.Add(field, label+": choose a tier: elite, high, medium or low.")
	case t.Metric == MetricReworkRate:
		fe.Add(field, label+" has no tiers in the DORA reports: set a value as its target.")
	}
	return fe
}

// TargetStatus says whether a target is met.
type TargetStatus int

// The target statuses. TargetUnknown: the metric was not measured, or a
// bucket answer straddles the target value.
const (
	TargetUnknown TargetStatus = iota
	TargetMet
	TargetNotMet
)

// Met says whether r meets the target: a tier target by r's tier, a value
// target by r's exact value, or by the whole range of r's bucket when
// only an answer was given.
func (t Target) Met(r MetricResult) TargetStatus {
	if !r.Given {
		return TargetUnknown
	}
	if t.Value == nil {
		if !r.Tier.Valid() || !t.Tier.Valid() {
			return TargetUnknown
		}
		return metIf(r.Tier.AtLeast(t.Tier))
	}
	goal := *t.Value
	if r.Value != nil {
		if t.Metric.HigherIsBetter() {
			return metIf(*r.Value >= goal)
		}
		return metIf(*r.Value <= goal)
	}
	lo, hi := BucketRange(t.Metric, r.Answer)
	switch {
	case t.Metric.HigherIsBetter() && lo >= goal, !t.Metric.HigherIsBetter() && hi <= goal:
		return TargetMet
	case t.Metric.HigherIsBetter() && hi <= goal, !t.Metric.HigherIsBetter() && lo > goal:
		return TargetNotMet
	}
	return TargetUnknown
}

func metIf(ok bool) TargetStatus {
	if ok {
		return TargetMet
	}
	return TargetNotMet
}
