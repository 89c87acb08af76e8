package roadmap

import (
	"math"
	"strings"
	"testing"
	"time"
)

func f64(v float64) *float64 { return &v }
func intp(v int) *int        { return &v }

var kpiNow = time.Date(2026, 3, 31, 15, 0, 0, 0, time.UTC)

func exactSnapshot() Snapshot {
	return Snapshot{MeasuredOn: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), Edition: "2023",
		DeploymentsPerWeek: f64(10), LeadTimeHours: f64(30), RecoveryTimeHours: f64(0.5), ChangeFailureRate: f64(12), ReworkRate: f64(20)}
}

func answerSnapshot() Snapshot {
	return Snapshot{MeasuredOn: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		DeploymentFrequencyAnswer: intp(4), LeadTimeAnswer: intp(4), RecoveryTimeAnswer: intp(5), ChangeFailureRate: f64(15)}
}

// The 2023 table of DESIGN §3 at and around every threshold.
func TestClassify2023Boundaries(t *testing.T) {
	ed, ok := EditionByKey("2023")
	if !ok || DefaultEdition != "2023" || Editions()[0].Key != "2023" {
		t.Fatal("2023 is not the default edition")
	}
	month := 12.0 / 52
	tests := []struct {
		m    Metric
		v    float64
		want Tier
	}{
		{MetricDeploymentFrequency, 0, TierLow},
		{MetricDeploymentFrequency, 0.23, TierLow},
		{MetricDeploymentFrequency, math.Nextafter(month, 0), TierLow},
		{MetricDeploymentFrequency, month, TierMedium},
		{MetricDeploymentFrequency, 0.99, TierMedium},
		{MetricDeploymentFrequency, 1, TierHigh},
		{MetricDeploymentFrequency, 6.99, TierHigh},
		{MetricDeploymentFrequency, 7, TierElite}, // 7 deploys a week is elite
		{MetricDeploymentFrequency, 70, TierElite},
		{MetricLeadTime, 0, TierElite},
		{MetricLeadTime, 23.99, TierElite},
		{MetricLeadTime, 24, TierHigh}, // exactly 24 h is high, not elite
		{MetricLeadTime, 24.01, TierHigh},
		{MetricLeadTime, 167.99, TierHigh},
		{MetricLeadTime, 168, TierMedium},
		{MetricLeadTime, 719.99, TierMedium},
		{MetricLeadTime, 720, TierLow},
		{MetricLeadTime, 5000, TierLow},
		{MetricChangeFailureRate, 0, TierElite},
		{MetricChangeFailureRate, 4.99, TierElite},
		{MetricChangeFailureRate, 5, TierElite}, // exactly 5 % is elite
		{MetricChangeFailureRate, 5.01, TierHigh},
		{MetricChangeFailureRate, 10, TierHigh},
		{MetricChangeFailureRate, 10.01, TierMedium},
		{MetricChangeFailureRate, 15, TierMedium},
		{MetricChangeFailureRate, 15.01, TierLow},
		{MetricChangeFailureRate, 100, TierLow},
		{MetricRecoveryTime, 0, TierElite},
		{MetricRecoveryTime, 0.99, TierElite},
		{MetricRecoveryTime, 1, TierHigh}, // exactly 1 h is high
		{MetricRecoveryTime, 23.99, TierHigh},
		{MetricRecoveryTime, 24, TierMedium},
		{MetricRecoveryTime, 167.99, TierMedium},
		{MetricRecoveryTime, 168, TierLow},
		{MetricReworkRate, 0, TierNone},
		{MetricReworkRate, 50, TierNone},
	}
	for _, tt := range tests {
		if got := ed.ClassifyValue(tt.m, tt.v); got != tt.want {
			t.Errorf("2023 %s %v = %q, want %q", tt.m, tt.v, got, tt.want)
		}
	}
}

// design2023 is DESIGN §3's table written out independently of the
// buckets: classifying through the buckets must agree with it everywhere.
func design2023(m Metric, v float64) Tier {
	pick := func(elite, high, medium bool) Tier {
		switch {
		case elite:
			return TierElite
		case high:
			return TierHigh
		case medium:
			return TierMedium
		}
		return TierLow
	}
	switch m {
	case MetricDeploymentFrequency:
		return pick(v >= 7, v >= 1, v >= 12.0/52)
	case MetricLeadTime:
		return pick(v < 24, v < 168, v < 720)
	case MetricRecoveryTime:
		return pick(v < 1, v < 24, v < 168)
	case MetricChangeFailureRate:
		return pick(v <= 5, v <= 10, v <= 15)
	}
	return TierNone
}

func TestClassify2023MatchesDesignTable(t *testing.T) {
	ed, _ := EditionByKey("2023")
	for _, c := range Metrics {
		for v := 0.0; v <= 1000; v += 0.01 {
			if c.Key == MetricReworkRate || !c.Key.Categorical() && v > 100 {
				continue
			}
			if got, want := ed.ClassifyValue(c.Key, v), design2023(c.Key, v); got != want {
				t.Fatalf("2023 %s %v = %q, the table says %q", c.Key, v, got, want)
			}
		}
	}
}

// 2024 classifies by the nearest cluster, ties to the lower tier.
func TestClassify2024NearestCluster(t *testing.T) {
	ed, ok := EditionByKey("2024")
	if !ok || !ed.Nearest {
		t.Fatal("no 2024 nearest-cluster edition")
	}
	answers := []struct {
		m    Metric
		want [7]Tier // by answer 1–6
	}{
		{MetricDeploymentFrequency, [7]Tier{1: TierLow, 2: TierLow, 3: TierMedium, 4: TierHigh, 5: TierHigh, 6: TierElite}},
		{MetricLeadTime, [7]Tier{1: TierLow, 2: TierLow, 3: TierMedium, 4: TierHigh, 5: TierElite, 6: TierElite}},
		// High and medium share "less than a day": the tie goes to medium,
		// and 1 day – 1 week is as near low as high and medium: low.
		{MetricRecoveryTime, [7]Tier{1: TierLow, 2: TierLow, 3: TierLow, 4: TierLow, 5: TierMedium, 6: TierElite}},
	}
	for _, tt := range answers {
		for a := 1; a <= 6; a++ {
			if got := ed.Classify(tt.m, MetricResult{Metric: tt.m, Given: true, Answer: a}); got != tt.want[a] {
				t.Errorf("2024 %s answer %d = %q, want %q", tt.m, a, got, tt.want[a])
			}
		}
	}
	values := []struct {
		m    Metric
		v    float64
		want Tier
	}{
		{MetricChangeFailureRate, 0, TierElite},
		{MetricChangeFailureRate, 5, TierElite},
		{MetricChangeFailureRate, 7.49, TierElite},
		{MetricChangeFailureRate, 7.5, TierMedium}, // tie elite / medium
		{MetricChangeFailureRate, 10, TierMedium},
		{MetricChangeFailureRate, 15, TierMedium}, // tie medium / high: the lower
		{MetricChangeFailureRate, 15.01, TierHigh},
		{MetricChangeFailureRate, 20, TierHigh},
		{MetricChangeFailureRate, 29.99, TierHigh},
		{MetricChangeFailureRate, 30, TierLow}, // tie high / low
		{MetricChangeFailureRate, 100, TierLow},
		{MetricDeploymentFrequency, 14, TierElite},
		{MetricDeploymentFrequency, 7, TierHigh},
		{MetricLeadTime, 23.99, TierElite},
		{MetricLeadTime, 24, TierHigh},
		{MetricRecoveryTime, 0.5, TierElite},
		{MetricRecoveryTime, 1, TierMedium},
		{MetricReworkRate, 3, TierNone},
	}
	for _, tt := range values {
		if got := ed.ClassifyValue(tt.m, tt.v); got != tt.want {
			t.Errorf("2024 %s %v = %q, want %q", tt.m, tt.v, got, tt.want)
		}
	}
}

func TestBucketBoundaries(t *testing.T) {
	month := 12.0 / 52
	tests := []struct {
		m    Metric
		v    float64
		want int
	}{
		{MetricLeadTime, 0, 6}, {MetricLeadTime, 0.99, 6}, {MetricLeadTime, 1, 5}, {MetricLeadTime, 23.99, 5},
		{MetricLeadTime, 24, 4}, {MetricLeadTime, 167.99, 4}, {MetricLeadTime, 168, 3}, {MetricLeadTime, 719.99, 3},
		{MetricLeadTime, 720, 2}, {MetricLeadTime, 4319.99, 2}, {MetricLeadTime, 4320, 1}, {MetricLeadTime, 99999, 1},
		{MetricRecoveryTime, 1, 5}, {MetricRecoveryTime, 168, 3},
		{MetricDeploymentFrequency, 0, 1}, {MetricDeploymentFrequency, math.Nextafter(2.0/52, 0), 1},
		{MetricDeploymentFrequency, 2.0 / 52, 2}, {MetricDeploymentFrequency, math.Nextafter(month, 0), 2},
		{MetricDeploymentFrequency, month, 3}, {MetricDeploymentFrequency, 0.99, 3}, {MetricDeploymentFrequency, 1, 4},
		{MetricDeploymentFrequency, 6.99, 4}, {MetricDeploymentFrequency, 7, 5}, {MetricDeploymentFrequency, 13.99, 5},
		{MetricDeploymentFrequency, 14, 6}, {MetricDeploymentFrequency, 500, 6},
		{MetricChangeFailureRate, 10, 0},
	}
	for _, tt := range tests {
		if got := Bucket(tt.m, tt.v); got != tt.want {
			t.Errorf("Bucket(%s, %v) = %d, want %d", tt.m, tt.v, got, tt.want)
		}
	}
	// Every value lies in its bucket's range.
	for _, m := range []Metric{MetricDeploymentFrequency, MetricLeadTime, MetricRecoveryTime} {
		for _, v := range []float64{0, 0.01, 0.03, 0.0385, 0.2, 0.23, 0.5, 1, 2, 6.9, 7, 13, 14, 23, 24, 100, 168, 700, 720, 4000, 4320, 9e4} {
			b := Bucket(m, v)
			lo, hi := BucketRange(m, b)
			if v < lo || v >= hi {
				t.Errorf("%s %v is in bucket %d, whose range is [%v, %v)", m, v, b, lo, hi)
			}
		}
	}
	if BucketLabel(MetricLeadTime, 4) != "1 day – 1 week" || BucketLabel(MetricRecoveryTime, 6) != "less than 1 hour" ||
		BucketLabel(MetricDeploymentFrequency, 6) != "on demand, several a day" || BucketLabel(MetricLeadTime, 7) != "" {
		t.Error("bucket labels")
	}
	if DORAAnswerTexts[MetricLeadTime][4] != "One day to one week" || DORAAnswerTexts[MetricDeploymentFrequency][6] != "On demand (multiple deploys per day)" {
		t.Error("DORA's answer texts")
	}
	for _, m := range []Metric{MetricDeploymentFrequency, MetricLeadTime, MetricRecoveryTime} {
		if len(Answers[m]) != 6 {
			t.Errorf("%s has %d answers", m, len(Answers[m]))
		}
	}
}

func TestScores(t *testing.T) {
	for v, want := range []float64{1: 0, 2: 2, 3: 4, 4: 6, 5: 8, 6: 10} {
		if v > 0 && AnswerScore(v) != want {
			t.Errorf("AnswerScore(%d) = %v, want %v", v, AnswerScore(v), want)
		}
	}
	for p, want := range map[float64]float64{0: 10, 5: 9.5, 15: 8.5, 50: 5, 100: 0} {
		if PercentScore(p) != want {
			t.Errorf("PercentScore(%v) = %v, want %v", p, PercentScore(p), want)
		}
	}
	near := func(p *float64, want float64) bool { return p != nil && math.Abs(*p-want) < 1e-9 }

	// Exact numbers: 10 a week → 5 (8), 30 h → 4 (6), 0.5 h → 6 (10), 12 % → 8.8, 20 % → 8.
	ev := exactSnapshot().Evaluate()
	want := map[Metric]struct {
		answer int
		tier   Tier
		score  float64
	}{
		MetricDeploymentFrequency: {5, TierElite, 8}, MetricLeadTime: {4, TierHigh, 6}, MetricRecoveryTime: {6, TierElite, 10},
		MetricChangeFailureRate: {0, TierMedium, 8.8}, MetricReworkRate: {0, TierNone, 8},
	}
	for _, r := range ev.Metrics {
		w := want[r.Metric]
		if !r.Given || r.Answer != w.answer || r.Tier != w.tier || math.Abs(r.Score-w.score) > 1e-9 || r.Value == nil {
			t.Errorf("%s = %+v, want %+v", r.Metric, r, w)
		}
	}
	if !near(ev.Throughput, 8) || !near(ev.Stability, 8.4) || !near(ev.Overall, 8.16) {
		t.Errorf("scores = %v %v %v, want 8, 8.4, 8.16", *ev.Throughput, *ev.Stability, *ev.Overall)
	}
	if r := ev.Metric(MetricLeadTime); !r.FromValue || r.Label() != "30 hours" {
		t.Errorf("lead time label = %q", r.Label())
	}

	// Answers, no rework: stability is the change failure rate alone; overall of the four given.
	ev = answerSnapshot().WithDefaults().Evaluate()
	if ev.Edition.Key != "2023" {
		t.Errorf("edition = %q", ev.Edition.Key)
	}
	if r := ev.Metric(MetricLeadTime); r.Label() != "1 day – 1 week" || r.Value != nil || r.FromValue || r.Tier != TierHigh {
		t.Errorf("answered lead time = %+v, label %q", r, r.Label())
	}
	if r := ev.Metric(MetricReworkRate); r.Given || r.Label() != "not measured" || r.Tier != TierNone {
		t.Errorf("rework = %+v", r)
	}
	if r := ev.Metric(MetricRecoveryTime); r.Tier != TierHigh || r.Score != 8 {
		t.Errorf("recovery answer 5 = %+v", r)
	}
	if !near(ev.Throughput, (6+6+8)/3.0) || !near(ev.Stability, 8.5) || !near(ev.Overall, (6+6+8+8.5)/4) {
		t.Errorf("answer scores = %v %v %v", *ev.Throughput, *ev.Stability, *ev.Overall)
	}
	if ev := (Snapshot{}).Evaluate(); ev.Throughput != nil || ev.Stability != nil || ev.Overall != nil {
		t.Error("an empty snapshot has scores")
	}
}

func TestFormatKPIValue(t *testing.T) {
	for _, tt := range []struct {
		m    Metric
		v    float64
		want string
	}{
		{MetricLeadTime, 12.5, "12.5 hours"}, {MetricRecoveryTime, 1, "1 hour"}, {MetricChangeFailureRate, 4, "4 %"},
		{MetricDeploymentFrequency, 7, "7 deployments a week"}, {MetricDeploymentFrequency, 1.0 / 3, "0.33 deployments a week"},
		{MetricDeploymentFrequency, 1, "1 deployment a week"},
	} {
		if got := FormatKPIValue(tt.m, tt.v); got != tt.want {
			t.Errorf("FormatKPIValue(%s, %v) = %q, want %q", tt.m, tt.v, got, tt.want)
		}
	}
}

func TestSnapshotValidate(t *testing.T) {
	with := func(s Snapshot, f func(*Snapshot)) FieldErrors { f(&s); return s.Validate(kpiNow) }
	ex := exactSnapshot()
	tests := []struct {
		name string
		got  FieldErrors
		want FieldErrors
	}{
		{"exact", ex.Validate(kpiNow), FieldErrors{}},
		{"answers", answerSnapshot().Validate(kpiNow), FieldErrors{}},
		{"no edition is the default", with(ex, func(s *Snapshot) { s.Edition = "" }), FieldErrors{}},
		{"2024", with(ex, func(s *Snapshot) { s.Edition = "2024" }), FieldErrors{}},
		{"limits", with(ex, func(s *Snapshot) {
			s.ChangeFailureRate, s.ReworkRate, s.DeploymentsPerWeek, s.LeadTimeHours, s.RecoveryTimeHours = f64(100), f64(0), f64(1e5), f64(1e5), f64(0)
		}), FieldErrors{}},
		{"tomorrow (ahead of UTC)", with(ex, func(s *Snapshot) { s.MeasuredOn = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC) }), FieldErrors{}},
		{"the day after", with(ex, func(s *Snapshot) { s.MeasuredOn = time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC) }),
			FieldErrors{"measured_on": "The date measured cannot be in the future."}},
		{"no date", with(ex, func(s *Snapshot) { s.MeasuredOn = time.Time{} }), FieldErrors{"measured_on": "The date measured is required: enter it as YYYY-MM-DD."}},
		{"unknown edition", with(ex, func(s *Snapshot) { s.Edition = "2021" }), FieldErrors{"edition": "Choose an edition of the tier table: 2023 or 2024."}},
		{"rate over 100", with(ex, func(s *Snapshot) { s.ChangeFailureRate = f64(100.01) }), FieldErrors{"change_failure_rate": "Change failure rate is a percentage: at most 100."}},
		{"rework over 100", with(ex, func(s *Snapshot) { s.ReworkRate = f64(101) }), FieldErrors{"rework_rate": "Deployment rework rate is a percentage: at most 100."}},
		{"negative rate", with(ex, func(s *Snapshot) { s.ChangeFailureRate = f64(-0.01) }), FieldErrors{"change_failure_rate": "Change failure rate cannot be negative."}},
		{"negative lead time", with(ex, func(s *Snapshot) { s.LeadTimeHours = f64(-1) }), FieldErrors{"lead_time_hours": "Change lead time cannot be negative."}},
		{"NaN", with(ex, func(s *Snapshot) { s.RecoveryTimeHours = f64(math.NaN()) }), FieldErrors{"recovery_time_hours": "Failed deployment recovery time must be a number."}},
		{"Inf", with(ex, func(s *Snapshot) { s.DeploymentsPerWeek = f64(math.Inf(1)) }), FieldErrors{"deployments_per_week": "Deployment frequency must be a number."}},
		{"too many deployments", with(ex, func(s *Snapshot) { s.DeploymentsPerWeek = f64(100001) }), FieldErrors{"deployments_per_week": "Deployment frequency must be at most 100000 deployments a week."}},
		{"too many hours", with(ex, func(s *Snapshot) { s.LeadTimeHours = f64(100000.5) }), FieldErrors{"lead_time_hours": "Change lead time must be at most 100000 hours."}},
		{"both", with(ex, func(s *Snapshot) { s.LeadTimeAnswer = intp(3) }), FieldErrors{"lead_time_hours": "Change lead time: give the exact number or the Quick Check answer, not both."}},
		{"answer 0", with(answerSnapshot(), func(s *Snapshot) { s.LeadTimeAnswer = intp(0) }), FieldErrors{"lead_time_answer": "Change lead time: choose one of the six answers."}},
		{"answer 7", with(answerSnapshot(), func(s *Snapshot) { s.DeploymentFrequencyAnswer = intp(7) }), FieldErrors{"deployment_frequency_answer": "Deployment frequency: choose one of the six answers."}},
		{"rework optional", with(ex, func(s *Snapshot) { s.ReworkRate = nil }), FieldErrors{}},
		{"nothing", Snapshot{}.Validate(kpiNow), FieldErrors{
			"measured_on":          "The date measured is required: enter it as YYYY-MM-DD.",
			"deployments_per_week": "Deployment frequency is required: give the number (deployments a week) or a Quick Check answer.",
			"lead_time_hours":      "Change lead time is required: give the number (hours) or a Quick Check answer.",
			"recovery_time_hours":  "Failed deployment recovery time is required: give the number (hours) or a Quick Check answer.",
			"change_failure_rate":  "Change failure rate is required (a percentage from 0 to 100).",
		}},
	}
	for _, tt := range tests {
		if tt.got.Error() != tt.want.Error() {
			t.Errorf("%s:\n got %v\nwant %v", tt.name, tt.got, tt.want)
		}
	}
	for _, ok := range []string{"2026-03-31", "2024-02-29"} {
		if _, good := ParseDate(ok); !good {
			t.Errorf("ParseDate(%q) refused", ok)
		}
	}
	for _, bad := range []string{"", "2026-3-31", "31/03/2026", "2026-02-30", "2026-03-31T00:00:00Z", "2025-02-29"} {
		if _, good := ParseDate(bad); good {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}

func TestMetricsCatalog(t *testing.T) {
	if len(Metrics) != 5 || len(MetricSummaries) != 5 {
		t.Fatal("five metrics, each with a summary")
	}
	fields := map[string]bool{}
	for _, c := range Metrics {
		if !c.Key.Valid() || c.Key.Label() == "" || MetricSummaries[c.Key] == "" || fields[c.Key.ValueField()] {
			t.Errorf("metric %q", c.Key)
		}
		fields[c.Key.ValueField()] = true
	}
	for _, f := range []string{"deployments_per_week", "lead_time_hours", "change_failure_rate", "recovery_time_hours", "rework_rate"} {
		if !fields[f] {
			t.Errorf("no metric has the API field %s", f)
		}
	}
	for _, e := range Editions() {
		for _, c := range Metrics {
			_, hasBands := e.Bands[c.Key]
			if hasBands == (c.Key == MetricReworkRate) {
				t.Errorf("edition %s: bands of %s", e.Key, c.Key)
			}
		}
		if e.Source == "" || !strings.Contains(e.Source, "DORA") {
			t.Errorf("edition %s has no source", e.Key)
		}
	}
}

func TestTargets(t *testing.T) {
	valid := []struct {
		t    Target
		want FieldErrors
	}{
		{Target{Metric: MetricLeadTime, Value: f64(24)}, FieldErrors{}},
		{Target{Metric: MetricLeadTime, Tier: TierElite}, FieldErrors{}},
		{Target{Metric: MetricReworkRate, Value: f64(5)}, FieldErrors{}},
		{Target{Metric: "velocity", Value: f64(5)}, FieldErrors{"metric": "Unknown metric."}},
		{Target{Metric: MetricLeadTime}, FieldErrors{"lead_time_target": "Change lead time: set a value or a tier as the target."}},
		{Target{Metric: MetricLeadTime, Value: f64(1), Tier: TierHigh}, FieldErrors{"lead_time_target": "Change lead time: set a value or a tier as the target, not both."}},
		{Target{Metric: MetricChangeFailureRate, Value: f64(120)}, FieldErrors{"change_failure_rate_target": "Change failure rate is a percentage: at most 100."}},
		{Target{Metric: MetricLeadTime, Value: f64(-2)}, FieldErrors{"lead_time_target": "Change lead time cannot be negative."}},
		{Target{Metric: MetricLeadTime, Tier: "superb"}, FieldErrors{"lead_time_target": "Change lead time: choose a tier: elite, high, medium or low."}},
		{Target{Metric: MetricReworkRate, Tier: TierElite}, FieldErrors{"rework_rate_target": "Deployment rework rate has no tiers in the DORA reports: set a value as its target."}},
	}
	for _, tt := range valid {
		if got := tt.t.Validate(); got.Error() != tt.want.Error() {
			t.Errorf("%+v: got %v, want %v", tt.t, got, tt.want)
		}
	}
	ex := exactSnapshot().Evaluate()   // 10/week elite, 30 h high, 0.5 h elite, 12 % medium, rework 20 %
	ans := answerSnapshot().Evaluate() // lead time 1 day – 1 week, deploys 1/day – 1/week, recovery 1 h – 1 day
	met := []struct {
		name string
		t    Target
		r    MetricResult
		want TargetStatus
	}{
		{"tier met", Target{Metric: MetricLeadTime, Tier: TierHigh}, ex.Metric(MetricLeadTime), TargetMet},
		{"tier beaten", Target{Metric: MetricLeadTime, Tier: TierMedium}, ex.Metric(MetricLeadTime), TargetMet},
		{"tier missed", Target{Metric: MetricLeadTime, Tier: TierElite}, ex.Metric(MetricLeadTime), TargetNotMet},
		{"value at the goal", Target{Metric: MetricLeadTime, Value: f64(30)}, ex.Metric(MetricLeadTime), TargetMet},
		{"value missed", Target{Metric: MetricLeadTime, Value: f64(29.9)}, ex.Metric(MetricLeadTime), TargetNotMet},
		{"deploys at the goal", Target{Metric: MetricDeploymentFrequency, Value: f64(10)}, ex.Metric(MetricDeploymentFrequency), TargetMet},
		{"deploys missed", Target{Metric: MetricDeploymentFrequency, Value: f64(10.5)}, ex.Metric(MetricDeploymentFrequency), TargetNotMet},
		{"rate", Target{Metric: MetricChangeFailureRate, Value: f64(12)}, ex.Metric(MetricChangeFailureRate), TargetMet},
		{"rate missed", Target{Metric: MetricReworkRate, Value: f64(19)}, ex.Metric(MetricReworkRate), TargetNotMet},
		{"not measured", Target{Metric: MetricReworkRate, Value: f64(19)}, ans.Metric(MetricReworkRate), TargetUnknown},
		{"bucket inside the goal", Target{Metric: MetricLeadTime, Value: f64(168)}, ans.Metric(MetricLeadTime), TargetMet},
		{"bucket straddles the goal", Target{Metric: MetricLeadTime, Value: f64(48)}, ans.Metric(MetricLeadTime), TargetUnknown},
		{"bucket above the goal", Target{Metric: MetricLeadTime, Value: f64(12)}, ans.Metric(MetricLeadTime), TargetNotMet},
		{"deploy bucket at least the goal", Target{Metric: MetricDeploymentFrequency, Value: f64(1)}, ans.Metric(MetricDeploymentFrequency), TargetMet},
		{"deploy bucket below the goal", Target{Metric: MetricDeploymentFrequency, Value: f64(7)}, ans.Metric(MetricDeploymentFrequency), TargetNotMet},
		{"deploy bucket straddles", Target{Metric: MetricDeploymentFrequency, Value: f64(3)}, ans.Metric(MetricDeploymentFrequency), TargetUnknown},
		{"answer tier", Target{Metric: MetricRecoveryTime, Tier: TierHigh}, ans.Metric(MetricRecoveryTime), TargetMet},
	}
	for _, tt := range met {
		if got := tt.t.Met(tt.r); got != tt.want {
			t.Errorf("%s: Met = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// BenchmarkClassifyAndScore1000 evaluates 1,000 snapshots of both kinds.
func BenchmarkClassifyAndScore1000(b *testing.B) {
	snaps := make([]Snapshot, 1000)
	for n := range snaps {
		s := exactSnapshot()
		if n%2 == 1 {
			s = answerSnapshot()
			s.LeadTimeAnswer = intp(1 + n%6)
		}
		s.DeploymentsPerWeek = nil
		if n%2 == 0 {
			s.DeploymentsPerWeek = f64(float64(n%40) / 3)
		} else {
			s.DeploymentFrequencyAnswer = intp(1 + n%6)
		}
		if n%3 == 0 {
			s.Edition = "2024"
		}
		snaps[n] = s
	}
	b.ReportAllocs()
	for b.Loop() {
		var sum float64
		for _, s := range snaps {
			if ev := s.Evaluate(); ev.Overall != nil {
				sum += *ev.Overall
			}
		}
		if sum == 0 {
			b.Fatal("no scores")
		}
	}
}
