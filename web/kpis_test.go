package web

import (
	"strings"
	"testing"

	"github.com/headwayhq/headway/internal/roadmap"
)

// The sparkline's text alternative says what the drawing shows; it draws
// at most SparkMax points, the newest, oldest left, a higher score higher.
func TestNewSparkline(t *testing.T) {
	for _, tt := range []struct {
		name   string
		scores []float64
		label  string
		points int
	}{
		{"none", nil, "Lead time: no history yet.", 0},
		{"one", []float64{6}, "Lead time score: 6.0 out of 10 on d0, the only snapshot.", 1},
		{"up", []float64{2, 10, 6}, "Lead time score over 3 snapshots, d0 to d2: up from 2.0 to 6.0 out of 10 (lowest 2.0, highest 10.0).", 3},
		{"down", []float64{8, 4}, "Lead time score over 2 snapshots, d0 to d1: down from 8.0 to 4.0 out of 10 (lowest 4.0, highest 8.0).", 2},
		{"flat", []float64{5, 5}, "unchanged from 5.0 to 5.0", 2},
	} {
		var pts []SparkPoint
		for i, s := range tt.scores {
			pts = append(pts, SparkPoint{On: "d" + itoa(i), Score: s})
		}
		s := NewSparkline("Lead time", pts)
		if !strings.Contains(s.Label, tt.label) {
			t.Errorf("%s: label %q, want %q", tt.name, s.Label, tt.label)
		}
		if got := len(strings.Fields(s.Points)); tt.points > 1 && got != tt.points {
			t.Errorf("%s: %d points drawn, want %d", tt.name, got, tt.points)
		}
	}
	// Scores 0 and 10 sit at the bottom and top of the box.
	s := NewSparkline("x", []SparkPoint{{"a", 0}, {"b", 10}})
	if s.Points != "4.0,36.0 156.0,4.0" {
		t.Errorf("points %q", s.Points)
	}
	many := make([]SparkPoint, 200)
	for i := range many {
		many[i] = SparkPoint{On: "d" + itoa(i), Score: 5}
	}
	if s := NewSparkline("x", many); s.N != SparkMax || !strings.Contains(s.Label, "d148 to d199") {
		t.Errorf("200 snapshots: %d drawn, label %q", s.N, s.Label)
	}
}

// A target in words follows the metric's direction.
func TestTargetWords(t *testing.T) {
	v := 24.0
	for _, tt := range []struct {
		t    roadmap.Target
		want string
	}{
		{roadmap.Target{Metric: roadmap.MetricLeadTime, Value: &v}, "at most 24 hours"},
		{roadmap.Target{Metric: roadmap.MetricDeploymentFrequency, Value: &v}, "at least 24 deployments a week"},
		{roadmap.Target{Metric: roadmap.MetricChangeFailureRate, Value: &v}, "at most 24 %"},
		{roadmap.Target{Metric: roadmap.MetricRecoveryTime, Tier: roadmap.TierHigh}, "High or better"},
	} {
		if got := TargetWords(tt.t); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.t, got, tt.want)
		}
	}
}
