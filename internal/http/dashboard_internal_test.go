package http

import (
	"reflect"
	"testing"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/web"
)

func statuses(m map[string]string) func(string) string {
	return func(key string) string {
		if s, ok := m[key]; ok {
			return s
		}
		return statusProposed
	}
}

func TestRoadmapProgress(t *testing.T) {
	t.Parallel()
	list := []roadmap.Initiative{
		{Key: "a", Quarter: 1, QuarterName: "2027 Q2"},
		{Key: "b", Quarter: 0, QuarterName: "2027 Q1"},
		{Key: "c", Quarter: 0, QuarterName: "2027 Q1"},
		{Key: "d", Quarter: 0, QuarterName: "2027 Q1"},
		{Key: "e", Quarter: 1, QuarterName: "2027 Q2"},
		{Key: "f", Quarter: 2, QuarterName: "2027 Q3"},
		{Key: "g", Quarter: 1, QuarterName: "2027 Q2"},
	}
	tests := []struct {
		name   string
		list   []roadmap.Initiative
		status map[string]string
		want   []web.QuarterProgress
	}{
		{"empty roadmap", nil, nil, nil},
		{"everything proposed, quarters in order", list, nil, []web.QuarterProgress{
			{Name: "2027 Q1", Proposed: 3}, {Name: "2027 Q2", Proposed: 3}, {Name: "2027 Q3", Proposed: 1}}},
		{"each status counted, dismissed left out, unknown as proposed", list,
			map[string]string{"b": statusDone, "c": statusInProgress, "d": statusAccepted, "a": statusDismissed, "e": "resolved", "f": statusDismissed},
			[]web.QuarterProgress{{Name: "2027 Q1", Done: 1, InProgress: 1, Accepted: 1}, {Name: "2027 Q2", Proposed: 2}}},
		{"quarters after the fourth fold into Later", []roadmap.Initiative{
			{Key: "q6", Quarter: 6, QuarterName: "2028 Q3"}, {Key: "q0", Quarter: 0, QuarterName: "2027 Q1"},
			{Key: "q1", Quarter: 1, QuarterName: "2027 Q2"}, {Key: "q2", Quarter: 2, QuarterName: "2027 Q3"},
			{Key: "q3", Quarter: 3, QuarterName: "2027 Q4"}, {Key: "q4", Quarter: 4, QuarterName: "2028 Q1"},
			{Key: "q4b", Quarter: 4, QuarterName: "2028 Q1"}},
			map[string]string{"q4": statusDone},
			[]web.QuarterProgress{{Name: "2027 Q1", Proposed: 1}, {Name: "2027 Q2", Proposed: 1}, {Name: "2027 Q3", Proposed: 1},
				{Name: "2027 Q4", Proposed: 1}, {Name: "Later", Done: 1, Proposed: 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := roadmapProgress(tt.list, statuses(tt.status))
			if !reflect.DeepEqual(got.Quarters, tt.want) {
				t.Errorf("roadmapProgress = %+v, want %+v", got.Quarters, tt.want)
			}
		})
	}
}

func TestQuickWins(t *testing.T) {
	t.Parallel()
	win := func(key string) roadmap.Initiative {
		return roadmap.Initiative{Key: key, Title: "Win " + key, Quadrant: roadmap.QuadrantQuickWin, Effort: roadmap.EffortXS}
	}
	big := roadmap.Initiative{Key: "big", Quadrant: roadmap.QuadrantMajorProject}
	list := []roadmap.Initiative{big, win("a"), win("b"), win("c"), win("d"), win("e")}
	keys := func(ws []web.QuickWin) []string {
		var out []string
		for _, w := range ws {
			out = append(out, w.Key)
		}
		return out
	}
	tests := []struct {
		name   string
		list   []roadmap.Initiative
		status map[string]string
		want   []string
	}{
		{"none", []roadmap.Initiative{big}, nil, nil},
		{"the first three in priority order", list, nil, []string{"a", "b", "c"}},
		{"done and dismissed ones give way", list, map[string]string{"a": statusDone, "c": statusDismissed}, []string{"b", "d", "e"}},
		{"accepted and started ones stay", list, map[string]string{"a": statusAccepted, "b": statusInProgress}, []string{"a", "b", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := keys(quickWins(tt.list, statuses(tt.status), 3)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("quickWins = %v, want %v", got, tt.want)
			}
		})
	}
}
