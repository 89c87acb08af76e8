package roadmap

import (
	"math"
	"strings"
)

// Tier is a performance tier of the DORA reports.
type Tier string

// The tiers, best first. TierNone is a metric without tiers (rework rate)
// or without a value.
const (
	TierElite  Tier = "elite"
	TierHigh   Tier = "high"
	TierMedium Tier = "medium"
	TierLow    Tier = "low"
	TierNone   Tier = ""
)

// Tiers are the tiers, best first (Rank follows this order).
var Tiers = []Choice[Tier]{
	{TierElite, "Elite"},
	{TierHigh, "High"},
	{TierMedium, "Medium"},
	{TierLow, "Low"},
}

// Label is the tier as people read it ("" for TierNone).
func (t Tier) Label() string { return labelOf(Tiers, t) }

// Valid reports whether t is one of the four tiers.
func (t Tier) Valid() bool { return indexOf(Tiers, t) >= 0 }

// Rank is 0 for elite … 3 for low (-1 for TierNone).
func (t Tier) Rank() int { return indexOf(Tiers, t) }

// AtLeast reports whether t is as good as want or better.
func (t Tier) AtLeast(want Tier) bool { return t.Valid() && want.Valid() && t.Rank() <= want.Rank() }

// DefaultEdition is the tier table of a snapshot given without one.
const DefaultEdition = "2023"

// Edition is one tier table, kept as data under a key that every snapshot
// stores, so a later table is added here without migrating a row.
//
// The three categorical metrics are classified on the Quick Check answer
// scale (1 worst … 6 best): an exact number first falls into its bucket
// (Bucket, whose cut points coincide with the 2023 table's thresholds), so
// an exact number and a bucket answer of the same team get the same tier.
// The rates are classified on their percentage.
type Edition struct {
	Key    string
	Name   string
	Source string
	// Nearest: each metric goes to the tier whose cluster value is nearest
	// on the metric's scale, ties to the lower (worse) tier; otherwise the
	// tiers' thresholds are mutually exclusive, best tier first.
	Nearest bool
	// Bands say each tier's range in words, elite first, per metric with
	// tiers (rework rate has none).
	Bands map[Metric][4]string
	rules map[Metric][4]float64
}

// editions are the known tier tables, the default first.
var editions = []Edition{
	{
		Key:  "2023",
		Name: "DORA 2023 (mutually exclusive thresholds)",
		Source: "Accelerate State of DevOps Report 2023 (DORA, Google LLC), read with mutually exclusive thresholds " +
			"as Apache DevLake applies it",
		Bands: map[Metric][4]string{
			MetricDeploymentFrequency: {"7 or more a week (on demand)", "1 a week or more", "1 a month or more", "less than once a month"},
			MetricLeadTime:            {"less than 1 day", "less than 1 week", "less than 1 month (30 days)", "1 month or more"},
			MetricChangeFailureRate:   {"5 % or less", "10 % or less", "15 % or less", "more than 15 %"},
			MetricRecoveryTime:        {"less than 1 hour", "less than 1 day", "less than 1 week", "1 week or more"},
		},
		// Categorical: the least answer each tier needs (elite, high,
		// medium; below is low). Rates: the most percentage each allows.
		rules: map[Metric][4]float64{
			MetricDeploymentFrequency: {5, 4, 3},   // ≥ 7 a week, ≥ 1 a week, ≥ 12/52 a week
			MetricLeadTime:            {5, 4, 3},   // < 24 h, < 168 h, < 720 h
			MetricRecoveryTime:        {6, 5, 4},   // < 1 h, < 24 h, < 168 h
			MetricChangeFailureRate:   {5, 10, 15}, // ≤ 5 %, ≤ 10 %, ≤ 15 %
		},
	},
	{
		Key:  "2024",
		Name: "DORA 2024 (report clusters, nearest cluster)",
		Source: "Accelerate State of DevOps Report 2024 (DORA, Google LLC), performance clusters as published by the " +
			"report's sponsor",
		Nearest: true,
		Bands: map[Metric][4]string{
			MetricDeploymentFrequency: {"on demand", "daily to weekly", "weekly to monthly", "monthly to twice a year"},
			MetricLeadTime:            {"less than 1 day", "1 day – 1 week", "1 week – 1 month", "1 – 6 months"},
			MetricChangeFailureRate:   {"5 %", "20 %", "10 %", "40 %"},
			MetricRecoveryTime:        {"less than 1 hour", "less than 1 day", "less than 1 day", "1 week – 1 month"},
		},
		// Each cluster's value on the metric's scale (answers for the
		// categorical metrics, percent for the change failure rate). The
		// clusters are not ordered on the change failure rate (medium's
		// 10 % beats high's 20 %) and high and medium share recovery's
		// "less than a day": a tie goes to the lower tier, so that answer
		// is medium and high is never reached on recovery. Deployments
		// between hourly and daily (answer 5) are as near on demand as daily
		// to weekly: high.
		rules: map[Metric][4]float64{
			MetricDeploymentFrequency: {6, 4, 3, 2},
			MetricLeadTime:            {5, 4, 3, 2},
			MetricRecoveryTime:        {6, 5, 5, 3},
			MetricChangeFailureRate:   {5, 20, 10, 40},
		},
	},
}

// Editions lists the known editions, the default first.
func Editions() []Edition { return append([]Edition(nil), editions...) }

// EditionByKey finds an edition by its key.
func EditionByKey(key string) (Edition, bool) {
	for _, e := range editions {
		if e.Key == key {
			return e, true
		}
	}
	return Edition{}, false
}

func editionList() string {
	keys := make([]string, len(editions))
	for i, e := range editions {
		keys[i] = e.Key
	}
	return strings.Join(keys, " or ")
}

// Classify is the tier of a given metric result under the edition:
// categorical metrics by r.Answer, rates by *r.Value. Rework rate and an
// unknown metric have no tier.
func (e Edition) Classify(m Metric, r MetricResult) Tier {
	rule, ok := e.rules[m]
	if !ok || !r.Given {
		return TierNone
	}
	var x float64
	if m.Categorical() {
		x = float64(r.Answer)
	} else if r.Value != nil {
		x = *r.Value
	} else {
		return TierNone
	}
	if e.Nearest {
		best, dist := 0, math.Inf(1)
		for i, p := range rule {
			if d := math.Abs(x - p); d <= dist { // <=: a tie goes to the later, lower tier
				best, dist = i, d
			}
		}
		return Tiers[best].Key
	}
	for i, p := range rule[:3] {
		if m.Categorical() && x >= p || !m.Categorical() && x <= p {
			return Tiers[i].Key
		}
	}
	return TierLow
}

// ClassifyValue is the tier of an exact value of m under the edition.
func (e Edition) ClassifyValue(m Metric, v float64) Tier {
	r := MetricResult{Metric: m, Given: true, Value: &v}
	if m.Categorical() {
		r.Answer = Bucket(m, v)
	}
	return e.Classify(m, r)
}
