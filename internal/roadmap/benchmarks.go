package roadmap

import (
	_ "embed"
	"encoding/json"
	"math"
)

// The industry benchmark: the DORA Quick Check's means and standard
// deviations on its 0–10 scale (higher is better), by industry and by
// organization size, per edition of the Quick Check data. The figures are
// DORA's (data/dora-benchmarks.json; data/README.md says where they come
// from and how they were normalized); the verdict is Headway's own rule,
// since the Quick Check draws the mean with a ± 1 SD band and prints none:
// z = (score − mean) / SD; z ≥ 0.5 is "ahead of most", |z| < 0.5 "in line
// with", z ≤ −0.5 "behind most" teams of that industry or size.

//go:embed data/dora-benchmarks.json
var benchmarksJSON []byte

// BenchmarkAttribution is the credit the data's licence asks of every page
// that shows it.
const BenchmarkAttribution = "Benchmark: DORA Quick Check data, Google LLC, CC BY 4.0"

// BenchmarkReading says on the page whose reading the verdict is.
const BenchmarkReading = "The comparison (ahead of most, in line with, behind most: half a standard deviation either side of " +
	"the mean) is Headway's reading of DORA's data, not DORA's."

// DefaultBenchmarkEdition is the Quick Check data compared with: the newest.
const DefaultBenchmarkEdition = "2025"

// The aggregate scores a benchmark row holds besides the metrics.
const (
	ScoreThroughput = "throughput"
	ScoreStability  = "stability"
	ScoreOverall    = "overall"
)

// BenchmarkStat is one score of a benchmark row. SD is nil where DORA
// published none (2024's throughput and stability).
type BenchmarkStat struct {
	Mean          float64  `json:"mean"`
	SD            *float64 `json:"sd"`
	PublishedMean *float64 `json:"published_mean"` // DORA's own rounding, where it differs
}

// Band is mean ± 1 SD clipped to 0–10, as the Quick Check draws it (the
// mean twice when there is no SD).
func (s BenchmarkStat) Band() (lo, hi float64) {
	if s.SD == nil {
		return s.Mean, s.Mean
	}
	return math.Max(0, s.Mean-*s.SD), math.Min(10, s.Mean+*s.SD)
}

// BenchmarkBy says what a benchmark row groups teams by.
type BenchmarkBy string

// The two groupings.
const (
	ByIndustry BenchmarkBy = "industry"
	BySize     BenchmarkBy = "size"
)

// BenchmarkGroup is one row: an industry or an organization size. Scores
// are keyed by Metric (as a string) and by ScoreThroughput, ScoreStability
// and ScoreOverall.
type BenchmarkGroup struct {
	By        BenchmarkBy
	Key       string
	Name      string
	Scores    map[string]BenchmarkStat
	Corrected []string // metrics this file fixed in DORA's data (see data/README.md)
}

// BenchmarkEdition is one edition of the Quick Check data.
type BenchmarkEdition struct {
	Key        string
	Metrics    []Metric // the metrics the edition asked
	Industries []BenchmarkGroup
	Sizes      []BenchmarkGroup
}

// BenchmarkSource is where the data comes from (repository and commit).
type BenchmarkSource struct {
	Project    string   `json:"project"`
	Repository string   `json:"repository"`
	Commit     string   `json:"commit"`
	Files      []string `json:"files"`
	Licence    string   `json:"licence"`
	Changes    string   `json:"changes"`
}

// benchmarkMetric maps the data's metric names to Headway's.
var benchmarkMetric = map[string]Metric{
	"leadtime":        MetricLeadTime,
	"deployfreq":      MetricDeploymentFrequency,
	"failurerecovery": MetricRecoveryTime,
	"changefailure":   MetricChangeFailureRate,
	"rework":          MetricReworkRate,
}

var benchmarkEditions, benchmarkSource = loadBenchmarks(benchmarksJSON)

// loadBenchmarks reads the embedded file; a file that does not parse is a
// build defect, caught by the tests, so it panics.
func loadBenchmarks(b []byte) ([]BenchmarkEdition, BenchmarkSource) {
	var raw struct {
		Source   BenchmarkSource `json:"source"`
		Editions map[string]struct {
			Metrics  []string                     `json:"metrics"`
			Industry []map[string]json.RawMessage `json:"industry"`
			Size     []map[string]json.RawMessage `json:"organization_size"`
		} `json:"editions"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		panic("roadmap: dora-benchmarks.json: " + err.Error())
	}
	var out []BenchmarkEdition
	for key, e := range raw.Editions {
		ed := BenchmarkEdition{Key: key}
		for _, m := range e.Metrics {
			mm, ok := benchmarkMetric[m]
			if !ok {
				panic("roadmap: dora-benchmarks.json: unknown metric " + m)
			}
			ed.Metrics = append(ed.Metrics, mm)
		}
		ed.Industries = benchmarkGroups(ByIndustry, e.Industry)
		ed.Sizes = benchmarkGroups(BySize, e.Size)
		out = append(out, ed)
	}
	// Newest first.
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j].Key > out[i].Key {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out, raw.Source
}

func benchmarkGroups(by BenchmarkBy, rows []map[string]json.RawMessage) []BenchmarkGroup {
	out := make([]BenchmarkGroup, 0, len(rows))
	for _, row := range rows {
		g := BenchmarkGroup{By: by, Scores: map[string]BenchmarkStat{}}
		for k, v := range row {
			var err error
			switch k {
			case "key":
				err = json.Unmarshal(v, &g.Key)
			case "name":
				err = json.Unmarshal(v, &g.Name)
			case "corrected":
				var names []string
				err = json.Unmarshal(v, &names)
				for _, n := range names {
					g.Corrected = append(g.Corrected, string(benchmarkMetric[n]))
				}
			default:
				name := k
				if m, ok := benchmarkMetric[k]; ok {
					name = string(m)
				}
				var st BenchmarkStat
				err = json.Unmarshal(v, &st)
				g.Scores[name] = st
			}
			if err != nil {
				panic("roadmap: dora-benchmarks.json: " + k + ": " + err.Error())
			}
		}
		out = append(out, g)
	}
	return out
}

// BenchmarkEditions lists the editions of the Quick Check data, newest
// first.
func BenchmarkEditions() []BenchmarkEdition {
	return append([]BenchmarkEdition(nil), benchmarkEditions...)
}

// BenchmarkDataSource is where the embedded data comes from.
func BenchmarkDataSource() BenchmarkSource { return benchmarkSource }

// BenchmarkByKey finds an edition of the Quick Check data.
func BenchmarkByKey(key string) (BenchmarkEdition, bool) {
	for _, e := range benchmarkEditions {
		if e.Key == key {
			return e, true
		}
	}
	return BenchmarkEdition{}, false
}

// Group finds the row of an industry or a size ("all" for every team).
func (e BenchmarkEdition) Group(by BenchmarkBy, key string) (BenchmarkGroup, bool) {
	rows := e.Industries
	if by == BySize {
		rows = e.Sizes
	}
	for _, g := range rows {
		if g.Key == key {
			return g, true
		}
	}
	return BenchmarkGroup{}, false
}

// BenchmarkVerdict is Headway's reading of a score against a benchmark row.
type BenchmarkVerdict string

// The verdicts; BenchmarkNoVerdict where the row has no SD to measure by.
const (
	BenchmarkAhead     BenchmarkVerdict = "ahead"
	BenchmarkInLine    BenchmarkVerdict = "in_line"
	BenchmarkBehind    BenchmarkVerdict = "behind"
	BenchmarkNoVerdict BenchmarkVerdict = ""
)

// verdictZ is the half standard deviation either side of the mean within
// which a score is "in line with" the group.
const verdictZ = 0.5

// BenchmarkComparison is one score against one benchmark row.
type BenchmarkComparison struct {
	Key     string // a Metric, or ScoreThroughput, ScoreStability, ScoreOverall
	Score   float64
	Stat    BenchmarkStat
	Z       float64 // (score − mean) / SD; 0 when there is no SD
	Verdict BenchmarkVerdict
}

// Compare reads score against st.
func Compare(key string, score float64, st BenchmarkStat) BenchmarkComparison {
	c := BenchmarkComparison{Key: key, Score: score, Stat: st}
	if st.SD == nil || *st.SD <= 0 {
		return c
	}
	c.Z = (score - st.Mean) / *st.SD
	switch {
	case c.Z >= verdictZ:
		c.Verdict = BenchmarkAhead
	case c.Z <= -verdictZ:
		c.Verdict = BenchmarkBehind
	default:
		c.Verdict = BenchmarkInLine
	}
	return c
}

// CompareEvaluation compares each given metric and each aggregate score of
// ev that the row holds, in Metrics' order then throughput, stability,
// overall.
func CompareEvaluation(ev Evaluation, g BenchmarkGroup) []BenchmarkComparison {
	var out []BenchmarkComparison
	for _, r := range ev.Metrics {
		if st, ok := g.Scores[string(r.Metric)]; ok && r.Given {
			out = append(out, Compare(string(r.Metric), r.Score, st))
		}
	}
	for _, a := range []struct {
		key   string
		score *float64
	}{{ScoreThroughput, ev.Throughput}, {ScoreStability, ev.Stability}, {ScoreOverall, ev.Overall}} {
		if st, ok := g.Scores[a.key]; ok && a.score != nil {
			out = append(out, Compare(a.key, *a.score, st))
		}
	}
	return out
}

// ScoreLabel names a comparison's score in a sentence ("Change lead time",
// "Throughput").
func ScoreLabel(key string) string {
	switch key {
	case ScoreThroughput:
		return "Throughput"
	case ScoreStability:
		return "Stability"
	case ScoreOverall:
		return "Overall"
	}
	return Metric(key).Label()
}

// Peers names the teams of a row in a sentence: "teams in your industry
// (Technology)", "teams of your size (20 to 99 employees)", "teams across
// all industries".
func (g BenchmarkGroup) Peers() string {
	switch {
	case g.Key == "all" && g.By == ByIndustry:
		return "teams across all industries"
	case g.Key == "all":
		return "teams of all sizes"
	case g.By == ByIndustry:
		return "teams in your industry (" + g.Name + ")"
	}
	return "teams of your size (" + g.Name + ")"
}

// Sentence is the comparison in plain words: "Change lead time is ahead of
// most teams of your size (20 to 99 employees)."
func (c BenchmarkComparison) Sentence(g BenchmarkGroup) string {
	subject := ScoreLabel(c.Key)
	switch c.Verdict {
	case BenchmarkAhead:
		return subject + " is ahead of most " + g.Peers() + "."
	case BenchmarkInLine:
		return subject + " is in line with " + g.Peers() + "."
	case BenchmarkBehind:
		return subject + " is behind most " + g.Peers() + "."
	}
	return subject + " has no spread in DORA's data to compare with " + g.Peers() + "."
}
