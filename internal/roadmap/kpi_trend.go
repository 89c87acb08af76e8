package roadmap

// Trend says how a metric moved between two snapshots, in the metric's own
// sense of better: fewer hours and lower rates are better, more
// deployments are better.
type Trend string

// The trends.
const (
	TrendNone   Trend = ""       // not measured in one of the two snapshots
	TrendBetter Trend = "better" // moved in the metric's better direction
	TrendWorse  Trend = "worse"
	TrendSame   Trend = "same"
)

// KPITrend compares a metric's latest result with the previous one. Two
// exact values are compared as numbers (a lead time from 30 to 20 hours is
// better even inside one answer bucket); otherwise the 0–10 scores, which
// are higher-is-better for every metric, so an answer and a number compare.
// Rising reports whether the value itself went up (the arrow a page draws),
// meaningful only when the trend is better or worse.
func KPITrend(latest, previous MetricResult) (t Trend, rising bool) {
	if !latest.Given || !previous.Given {
		return TrendNone, false
	}
	var d float64
	up := latest.Metric.HigherIsBetter()
	if latest.Value != nil && previous.Value != nil {
		d = *latest.Value - *previous.Value
		if !up {
			d = -d
		}
	} else {
		d = latest.Score - previous.Score
	}
	switch {
	case d > 0:
		return TrendBetter, up
	case d < 0:
		return TrendWorse, !up
	}
	return TrendSame, false
}
