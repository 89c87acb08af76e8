package roadmap

import "testing"

func TestKPITrend(t *testing.T) {
	t.Parallel()
	f := func(v float64) *float64 { return &v }
	eval := func(s Snapshot, m Metric) MetricResult { return s.Evaluate().Metric(m) }
	tests := []struct {
		name             string
		metric           Metric
		latest, previous Snapshot
		want             Trend
		rising           bool
	}{
		{"more deployments are better", MetricDeploymentFrequency,
			Snapshot{DeploymentsPerWeek: f(10)}, Snapshot{DeploymentsPerWeek: f(2)}, TrendBetter, true},
		{"fewer deployments are worse", MetricDeploymentFrequency,
			Snapshot{DeploymentsPerWeek: f(1)}, Snapshot{DeploymentsPerWeek: f(2)}, TrendWorse, false},
		{"a shorter lead time is better, inside one bucket too", MetricLeadTime,
			Snapshot{LeadTimeHours: f(30)}, Snapshot{LeadTimeHours: f(40)}, TrendBetter, false},
		{"a longer lead time is worse", MetricLeadTime,
			Snapshot{LeadTimeHours: f(400)}, Snapshot{LeadTimeHours: f(20)}, TrendWorse, true},
		{"a lower change failure rate is better", MetricChangeFailureRate,
			Snapshot{ChangeFailureRate: f(12)}, Snapshot{ChangeFailureRate: f(40)}, TrendBetter, false},
		{"a higher rework rate is worse", MetricReworkRate,
			Snapshot{ReworkRate: f(9)}, Snapshot{ReworkRate: f(3)}, TrendWorse, true},
		{"equal values are the same", MetricRecoveryTime,
			Snapshot{RecoveryTimeHours: f(5)}, Snapshot{RecoveryTimeHours: f(5)}, TrendSame, false},
		{"an answer against a number compares scores", MetricLeadTime,
			Snapshot{LeadTimeAnswer: ptr(6)}, Snapshot{LeadTimeHours: f(1000)}, TrendBetter, false},
		{"a worse answer", MetricDeploymentFrequency,
			Snapshot{DeploymentFrequencyAnswer: ptr(1)}, Snapshot{DeploymentFrequencyAnswer: ptr(5)}, TrendWorse, false},
		{"not measured before", MetricReworkRate,
			Snapshot{ReworkRate: f(3)}, Snapshot{}, TrendNone, false},
		{"not measured now", MetricChangeFailureRate,
			Snapshot{}, Snapshot{ChangeFailureRate: f(3)}, TrendNone, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, rising := KPITrend(eval(tt.latest, tt.metric), eval(tt.previous, tt.metric))
			if got != tt.want || rising != tt.rising {
				t.Errorf("KPITrend = %q rising %v, want %q rising %v", got, rising, tt.want, tt.rising)
			}
		})
	}
}
