package roadmap

import (
	"slices"
	"testing"
)

func TestCompareFindings(t *testing.T) {
	f := func(title string, sev int, e Effort) Finding { return Finding{Title: title, Severity: sev, Effort: e} }
	tests := []struct {
		name string
		a, b Finding
		want int // the sign of CompareFindings(a, b)
	}{
		{"more severe first", f("z", 4, EffortXL), f("a", 3, EffortXS), -1},
		{"less severe after", f("a", 1, EffortXS), f("z", 2, EffortXL), 1},
		{"same severity: smaller effort first", f("z", 3, EffortS), f("a", 3, EffortM), -1},
		{"xs before s", f("b", 2, EffortXS), f("a", 2, EffortS), -1},
		{"l before xl", f("a", 2, EffortXL), f("b", 2, EffortL), 1},
		{"same severity and effort: by title", f("Backups", 2, EffortM), f("alerting", 2, EffortM), 1},
		{"title ignores case first", f("apple", 2, EffortM), f("Banana", 2, EffortM), -1},
		{"then case decides", f("Apple", 2, EffortM), f("apple", 2, EffortM), -1},
		{"equal", f("x", 2, EffortM), f("x", 2, EffortM), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CompareFindings(tt.a, tt.b)
			if findingsCmpSign(got) != tt.want {
				t.Errorf("CompareFindings(%v, %v) = %d, want sign %d", tt.a, tt.b, got, tt.want)
			}
			if back := CompareFindings(tt.b, tt.a); findingsCmpSign(back) != -tt.want {
				t.Errorf("CompareFindings is not antisymmetric: reversed = %d", back)
			}
		})
	}
	list := []Finding{f("c", 2, EffortM), f("a", 4, EffortXL), f("b", 4, EffortS), f("d", 2, EffortXS), f("e", 1, EffortXS)}
	slices.SortStableFunc(list, CompareFindings)
	var got []string
	for _, x := range list {
		got = append(got, x.Title)
	}
	if want := []string{"b", "a", "d", "c", "e"}; !slices.Equal(got, want) {
		t.Errorf("sorted = %v, want %v", got, want)
	}
}

func findingsCmpSign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}
