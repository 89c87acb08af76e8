package roadmap

import (
	"math"
	"testing"
)

func TestBenchmarkData(t *testing.T) {
	eds := BenchmarkEditions()
	if len(eds) != 2 || eds[0].Key != DefaultBenchmarkEdition || eds[1].Key != "2024" {
		t.Fatalf("editions = %v, want 2025 then 2024", eds)
	}
	src := BenchmarkDataSource()
	if src.Repository != "dora-team/dora.dev" || len(src.Commit) != 40 || src.Licence == "" {
		t.Errorf("source = %+v", src)
	}
	counts := map[string][2]int{"2025": {14, 9}, "2024": {14, 10}}
	for _, e := range eds {
		if got := [2]int{len(e.Industries), len(e.Sizes)}; got != counts[e.Key] {
			t.Errorf("%s: %v industries and sizes, want %v", e.Key, got, counts[e.Key])
		}
		for _, g := range append(append([]BenchmarkGroup(nil), e.Industries...), e.Sizes...) {
			if g.Key == "" || g.Name == "" {
				t.Errorf("%s: a row without key or name: %+v", e.Key, g)
			}
			for _, m := range e.Metrics {
				st, ok := g.Scores[string(m)]
				if !ok || st.SD == nil || st.Mean < 0 || st.Mean > 10 {
					t.Errorf("%s %s: %s = %+v", e.Key, g.Key, m, st)
				}
			}
			for _, k := range []string{ScoreThroughput, ScoreStability, ScoreOverall} {
				if _, ok := g.Scores[k]; !ok {
					t.Errorf("%s %s: no %s", e.Key, g.Key, k)
				}
			}
		}
	}
	e, _ := BenchmarkByKey("2025")
	all, ok := e.Group(ByIndustry, "all")
	if !ok || all.Scores["lead_time"].Mean != 5.5 || *all.Scores["lead_time"].SD != 2.4 || all.Scores["rework_rate"].Mean != 7.8 {
		t.Errorf("2025 all industries = %+v", all)
	}
	// The size file's recovery was stored inverted by DORA; the copy holds it turned back.
	size, ok := e.Group(BySize, "all")
	if !ok || size.Scores["recovery_time"].Mean != 7.4 || len(size.Corrected) != 1 || size.Corrected[0] != "recovery_time" {
		t.Errorf("2025 all sizes = %+v", size)
	}
	if _, ok := e.Group(BySize, "fewer_than_020"); ok {
		t.Error("2025 has no 10 to 19 employees bucket")
	}
	old, _ := BenchmarkByKey("2024")
	if g, _ := old.Group(ByIndustry, "all"); g.Scores[ScoreThroughput].SD != nil || len(old.Metrics) != 4 {
		t.Errorf("2024 publishes no spread of throughput: %+v", g.Scores[ScoreThroughput])
	}
	if _, ok := BenchmarkByKey("2019"); ok {
		t.Error("unknown edition found")
	}
}

func TestCompareBoundaries(t *testing.T) {
	sd := 2.0
	st := BenchmarkStat{Mean: 5, SD: &sd}
	for _, tt := range []struct {
		score float64
		want  BenchmarkVerdict
	}{
		{6, BenchmarkAhead}, {5.99, BenchmarkInLine}, {5, BenchmarkInLine}, {4.01, BenchmarkInLine}, {4, BenchmarkBehind}, {0, BenchmarkBehind}, {10, BenchmarkAhead},
	} {
		if got := Compare("lead_time", tt.score, st); got.Verdict != tt.want {
			t.Errorf("score %v against 5 ± 2 = %q (z %v), want %q", tt.score, got.Verdict, got.Z, tt.want)
		}
	}
	if c := Compare(ScoreThroughput, 9, BenchmarkStat{Mean: 5}); c.Verdict != BenchmarkNoVerdict || c.Z != 0 {
		t.Errorf("no SD: %+v", c)
	}
	lo, hi := BenchmarkStat{Mean: 8.5, SD: &sd}.Band()
	if lo != 6.5 || hi != 10 {
		t.Errorf("band clipped = %v–%v, want 6.5–10", lo, hi)
	}
	lo, hi = BenchmarkStat{Mean: 1, SD: &sd}.Band()
	if lo != 0 || hi != 3 {
		t.Errorf("band clipped = %v–%v, want 0–3", lo, hi)
	}
}

// A known organization: the exact snapshot of kpis_test.go against
// technology (2025) and against 20 to 99 employees.
func TestBenchmarkKnownOrganization(t *testing.T) {
	e, _ := BenchmarkByKey("2025")
	tech, _ := e.Group(ByIndustry, "technology")
	ev := exactSnapshot().Evaluate()
	got := map[string]string{}
	for _, c := range CompareEvaluation(ev, tech) {
		got[c.Key] = c.Sentence(tech)
	}
	want := map[string]string{
		// 10 a week scores 8 against 4.9 ± 2.8: z 1.11.
		"deployment_frequency": "Deployment frequency is ahead of most teams in your industry (Technology).",
		// 30 h scores 6 against 5.7 ± 2.4: z 0.13.
		"lead_time": "Change lead time is in line with teams in your industry (Technology).",
		// 0.5 h scores 10 against 7.4 ± 2.1.
		"recovery_time": "Failed deployment recovery time is ahead of most teams in your industry (Technology).",
		// 12 % scores 8.8 against 8.1 ± 2.0: z 0.35.
		"change_failure_rate": "Change failure rate is in line with teams in your industry (Technology).",
		"rework_rate":         "Deployment rework rate is in line with teams in your industry (Technology).",
		// 8 against 6.0 ± 2.1: z 0.95; 8.4 against 7.9 ± 2.0: z 0.25; 8.16 against 6.76 ± 1.2.
		ScoreThroughput: "Throughput is ahead of most teams in your industry (Technology).",
		ScoreStability:  "Stability is in line with teams in your industry (Technology).",
		ScoreOverall:    "Overall is ahead of most teams in your industry (Technology).",
	}
	if len(got) != len(want) {
		t.Errorf("%d comparisons, want %d: %v", len(got), len(want), got)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %q, want %q", k, got[k], w)
		}
	}
	// Twice a year (0.1 a week scores 2) against 4.4 ± 2.4 of 20 to 99 employees: z −1.
	size, _ := e.Group(BySize, "fewer_than_100")
	s := exactSnapshot()
	s.DeploymentsPerWeek = f64(0.1)
	c := CompareEvaluation(s.Evaluate(), size)[0]
	if c.Key != "deployment_frequency" || math.Abs(c.Z+1) > 1e-9 ||
		c.Sentence(size) != "Deployment frequency is behind most teams of your size (20 to 99 employees)." {
		t.Errorf("comparison = %+v, %q", c, c.Sentence(size))
	}
	// 2024 has no rework and no spread for throughput.
	old, _ := BenchmarkByKey("2024")
	oldAll, _ := old.Group(BySize, "all")
	keys := map[string]BenchmarkComparison{}
	for _, c := range CompareEvaluation(ev, oldAll) {
		keys[c.Key] = c
	}
	if _, ok := keys["rework_rate"]; ok {
		t.Error("2024 compared rework")
	}
	if c := keys[ScoreThroughput]; c.Verdict != BenchmarkNoVerdict ||
		c.Sentence(oldAll) != "Throughput has no spread in DORA's data to compare with teams of all sizes." {
		t.Errorf("2024 throughput = %+v %q", c, c.Sentence(oldAll))
	}
	if all, _ := e.Group(ByIndustry, "all"); all.Peers() != "teams across all industries" {
		t.Errorf("peers = %q", all.Peers())
	}
}
