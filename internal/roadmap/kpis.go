package roadmap

import (
	"math"
	"strconv"
	"time"
)

// Step 2b: the DORA delivery metrics. A Snapshot is what a team measured on
// one date, kept as it was entered (exact numbers or Quick Check answers);
// Evaluate derives the answer buckets, the tiers of an edition (see
// kpi_editions.go) and the 0–10 scores (kpi_scores.go) from it, so a
// bucket answer is always shown as the bucket it is, never as a made-up
// number.

// Metric is one of DORA's five software delivery metrics.
type Metric string

// The metrics, as stored and sent by the API.
const (
	MetricDeploymentFrequency Metric = "deployment_frequency"
	MetricLeadTime            Metric = "lead_time"
	MetricChangeFailureRate   Metric = "change_failure_rate"
	MetricRecoveryTime        Metric = "recovery_time"
	MetricReworkRate          Metric = "rework_rate"
)

// Metrics are the five metrics in the order pages and responses list them:
// the three throughput metrics, then the two stability ones.
var Metrics = []Choice[Metric]{
	{MetricDeploymentFrequency, "Deployment frequency"},
	{MetricLeadTime, "Change lead time"},
	{MetricRecoveryTime, "Failed deployment recovery time"},
	{MetricChangeFailureRate, "Change failure rate"},
	{MetricReworkRate, "Deployment rework rate"},
}

// MetricSummaries say in one line what each metric measures (the empty
// state of the KPI page).
var MetricSummaries = map[Metric]string{
	MetricDeploymentFrequency: "How often the team deploys to production.",
	MetricLeadTime:            "How long a change takes from commit to running in production.",
	MetricRecoveryTime:        "How long it takes to recover when a deployment fails in production.",
	MetricChangeFailureRate:   "The share of deployments that cause a failure in production.",
	MetricReworkRate:          "The share of deployments that were unplanned, made to fix a problem in production.",
}

// Label is the metric as people read it ("" when unknown).
func (m Metric) Label() string { return labelOf(Metrics, m) }

// Valid reports whether m is one of the five metrics.
func (m Metric) Valid() bool { return indexOf(Metrics, m) >= 0 }

// Categorical reports whether the Quick Check asks m as one of six answers
// (deployment frequency, lead time, recovery time); the two rates are
// percentages.
func (m Metric) Categorical() bool {
	return m == MetricDeploymentFrequency || m == MetricLeadTime || m == MetricRecoveryTime
}

// Throughput reports whether m counts towards the throughput score.
func (m Metric) Throughput() bool { return m.Categorical() }

// HigherIsBetter reports the direction of the metric's exact value: more
// deployments are better, every other metric is better lower.
func (m Metric) HigherIsBetter() bool { return m == MetricDeploymentFrequency }

// Unit is the unit of the metric's exact value, as a page writes it after
// the number.
func (m Metric) Unit() string {
	switch m {
	case MetricDeploymentFrequency:
		return "deployments a week"
	case MetricLeadTime, MetricRecoveryTime:
		return "hours"
	}
	return "%"
}

// ValueField is the JSON and form field of the metric's exact value.
func (m Metric) ValueField() string {
	switch m {
	case MetricDeploymentFrequency:
		return "deployments_per_week"
	case MetricLeadTime:
		return "lead_time_hours"
	case MetricRecoveryTime:
		return "recovery_time_hours"
	}
	return string(m) // change_failure_rate, rework_rate
}

// AnswerField is the form field of the metric's Quick Check answer (""
// for the rates, which are answered as a percentage in ValueField).
func (m Metric) AnswerField() string {
	if !m.Categorical() {
		return ""
	}
	return string(m) + "_answer"
}

// Limits of the exact numbers: far beyond any real team, low enough to
// catch a typo and to fit the database's CHECKs.
const (
	MaxDeploymentsPerWeek = 100000 // about ten a minute, around the clock
	MaxKPIHours           = 100000 // over eleven years
)

// Snapshot is one date's delivery metrics as entered. Each categorical
// metric holds an exact number or a Quick Check answer (1 worst … 6 best),
// not both; the rates are percentages either way. Rework rate is optional.
// nil means not given.
type Snapshot struct {
	MeasuredOn time.Time // a date (UTC midnight)
	Edition    string    // the tier table's key; "" is DefaultEdition

	DeploymentsPerWeek *float64
	LeadTimeHours      *float64
	RecoveryTimeHours  *float64
	ChangeFailureRate  *float64 // percent, 0–100
	ReworkRate         *float64 // percent, 0–100

	DeploymentFrequencyAnswer *int
	LeadTimeAnswer            *int
	RecoveryTimeAnswer        *int
}

// WithDefaults fills the edition of a snapshot given without one.
func (s Snapshot) WithDefaults() Snapshot {
	if s.Edition == "" {
		s.Edition = DefaultEdition
	}
	return s
}

// Value is the exact number entered for m (nil when not given).
func (s Snapshot) Value(m Metric) *float64 {
	switch m {
	case MetricDeploymentFrequency:
		return s.DeploymentsPerWeek
	case MetricLeadTime:
		return s.LeadTimeHours
	case MetricRecoveryTime:
		return s.RecoveryTimeHours
	case MetricChangeFailureRate:
		return s.ChangeFailureRate
	case MetricReworkRate:
		return s.ReworkRate
	}
	return nil
}

// Answer is the Quick Check answer entered for m (nil when not given, and
// always for the rates).
func (s Snapshot) Answer(m Metric) *int {
	switch m {
	case MetricDeploymentFrequency:
		return s.DeploymentFrequencyAnswer
	case MetricLeadTime:
		return s.LeadTimeAnswer
	case MetricRecoveryTime:
		return s.RecoveryTimeAnswer
	}
	return nil
}

// DateLayout is how a measured_on date is written: YYYY-MM-DD.
const DateLayout = "2006-01-02"

// MsgDate is the message of a date that is not YYYY-MM-DD.
const MsgDate = "Enter the date as YYYY-MM-DD, like 2026-03-31."

// ParseDate reads a YYYY-MM-DD date as UTC midnight.
func ParseDate(v string) (time.Time, bool) {
	d, err := time.Parse(DateLayout, v)
	return d, err == nil
}

// Validate checks the snapshot against now: a date no later than
// tomorrow (a team ahead of UTC measures "today" early), a known edition,
// every required metric given once (as a number or as an answer), numbers
// finite and not negative, rates at most 100, answers 1 to 6. The fields
// are the API's.
func (s Snapshot) Validate(now time.Time) FieldErrors {
	fe := FieldErrors{}
	switch {
	case s.MeasuredOn.IsZero():
		fe.Add("measured_on", "The date measured is required: enter it as YYYY-MM-DD.")
	case s.MeasuredOn.After(now.UTC().AddDate(0, 0, 1)):
		fe.Add("measured_on", "The date measured cannot be in the future.")
	}
	if _, ok := EditionByKey(s.WithDefaults().Edition); !ok {
		fe.Add("edition", "Choose an edition of the tier table: "+editionList()+".")
	}
	for _, c := range Metrics {
		m := c.Key
		v, a := s.Value(m), s.Answer(m)
		field := m.ValueField()
		switch {
		case v != nil && a != nil:
			fe.Add(field, c.Label+": give the exact number or the Quick Check answer, not both.")
		case v == nil && a == nil && m != MetricReworkRate:
			if m.Categorical() {
				fe.Add(field, c.Label+" is required: give the number ("+m.Unit()+") or a Quick Check answer.")
			} else {
				fe.Add(field, c.Label+" is required (a percentage from 0 to 100).")
			}
		case v != nil:
			fe.kpiNumber(field, m, *v)
		case a != nil && (*a < 1 || *a > 6):
			fe.Add(m.AnswerField(), c.Label+": choose one of the six answers.")
		}
	}
	return fe
}

// kpiNumber checks an exact value of m.
func (fe FieldErrors) kpiNumber(field string, m Metric, v float64) {
	label := m.Label()
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		fe.Add(field, label+" must be a number.")
	case v < 0:
		fe.Add(field, label+" cannot be negative.")
	case !m.Categorical() && v > 100:
		fe.Add(field, label+" is a percentage: at most 100.")
	case m == MetricDeploymentFrequency && v > MaxDeploymentsPerWeek:
		fe.Add(field, label+" must be at most "+strconv.Itoa(MaxDeploymentsPerWeek)+" deployments a week.")
	case (m == MetricLeadTime || m == MetricRecoveryTime) && v > MaxKPIHours:
		fe.Add(field, label+" must be at most "+strconv.Itoa(MaxKPIHours)+" hours.")
	}
}

// MetricResult is one metric of an evaluated snapshot. Given says whether
// the snapshot holds the metric at all (rework rate is optional).
type MetricResult struct {
	Metric Metric
	Given  bool
	Value  *float64 // the exact number, when one was entered
	// Answer is the Quick Check answer 1–6 of a categorical metric: the one
	// entered, or the bucket the exact number falls in (FromValue).
	Answer    int
	FromValue bool
	Tier      Tier    // TierNone for rework rate (the reports give it no tiers) and when not given
	Score     float64 // 0–10, higher is better (meaningless unless Given)
}

// Label is what the page shows as the metric's value: the exact number
// with its unit, or the answer's bucket ("1 day – 1 week") when only an
// answer was given.
func (r MetricResult) Label() string {
	switch {
	case !r.Given:
		return "not measured"
	case r.Value != nil:
		return FormatKPIValue(r.Metric, *r.Value)
	}
	return BucketLabel(r.Metric, r.Answer)
}

// FormatKPIValue writes an exact value with its unit ("12.5 hours", "4 %",
// "7 deployments a week").
func FormatKPIValue(m Metric, v float64) string {
	n := strconv.FormatFloat(v, 'f', -1, 64)
	if len(n) > 8 {
		n = strconv.FormatFloat(v, 'f', 2, 64)
	}
	if m.Categorical() {
		switch {
		case v == 1 && m == MetricDeploymentFrequency:
			return n + " deployment a week"
		case v == 1:
			return n + " hour"
		}
		return n + " " + m.Unit()
	}
	return n + " %"
}

// Evaluation is a snapshot with everything derived from it: per metric (in
// Metrics' order) its bucket, tier and score, and the three aggregate
// scores (nil when none of their metrics is given).
type Evaluation struct {
	Edition    Edition
	Metrics    []MetricResult
	Throughput *float64
	Stability  *float64
	Overall    *float64
}

// Metric is the result of m.
func (e Evaluation) Metric(m Metric) MetricResult {
	for _, r := range e.Metrics {
		if r.Metric == m {
			return r
		}
	}
	return MetricResult{Metric: m}
}

// Evaluate derives the buckets, tiers and scores of a valid snapshot under
// its edition (an unknown edition falls back to the default, which Validate
// never lets through).
func (s Snapshot) Evaluate() Evaluation {
	ed, ok := EditionByKey(s.Edition)
	if !ok {
		ed = editions[0]
	}
	ev := Evaluation{Edition: ed, Metrics: make([]MetricResult, 0, len(Metrics))}
	var thr, stab, all meanOf
	for _, c := range Metrics {
		r := s.evaluate(ed, c.Key)
		ev.Metrics = append(ev.Metrics, r)
		if !r.Given {
			continue
		}
		all.add(r.Score)
		if c.Key.Throughput() {
			thr.add(r.Score)
		} else {
			stab.add(r.Score)
		}
	}
	ev.Throughput, ev.Stability, ev.Overall = thr.mean(), stab.mean(), all.mean()
	return ev
}

func (s Snapshot) evaluate(ed Edition, m Metric) MetricResult {
	r := MetricResult{Metric: m, Value: s.Value(m)}
	switch a := s.Answer(m); {
	case a != nil:
		r.Given, r.Answer = true, *a
	case r.Value != nil:
		r.Given = true
		if m.Categorical() {
			r.Answer, r.FromValue = Bucket(m, *r.Value), true
		}
	default:
		return r
	}
	if m.Categorical() {
		r.Score = AnswerScore(r.Answer)
	} else {
		r.Score = PercentScore(*r.Value)
	}
	r.Tier = ed.Classify(m, r)
	return r
}
