package web

import (
	"math"
	"strconv"
	"strings"

	"github.com/headwayhq/headway/internal/roadmap"
)

// Step 2b's pages: the DORA KPIs. The handlers (internal/http/kpis.go)
// evaluate the snapshots with the domain; these types carry what the
// templates print.

// kpiTab is one tab of the KPI pages.
type kpiTab struct {
	Key   string
	Path  string // below /o/{slug}/
	Label string
}

var kpiTabs = []kpiTab{
	{"overview", "kpis", "Overview"},
	{"record", "kpis/new", "Record a snapshot"},
	{"targets", "kpis/targets", "Targets"},
}

// KPITile is one metric of the newest snapshot.
type KPITile struct {
	Metric     roadmap.Metric
	Given      bool
	Value      string // the exact number with its unit, or the answer's range
	FromAnswer bool   // Value is a Quick Check answer's range
	Tier       roadmap.Tier
	Score      float64 // 0–10, when Given
	Target     string  // the target in words, "" without one
	Met        roadmap.TargetStatus
	Trend      Sparkline
}

// KPIRow is one snapshot of the history table.
type KPIRow struct {
	ID         int64
	MeasuredOn string
	Edition    string
	Cells      []KPICell // in roadmap.Metrics' order
	Overall    *float64
}

// KPICell is one metric of a history row.
type KPICell struct {
	Given bool
	Value string
	Tier  roadmap.Tier
}

// KPIsProps is the KPI page's data.
type KPIsProps struct {
	CanManage  bool
	MeasuredOn string // the newest snapshot's date ("" when there is none)
	Edition    roadmap.Edition
	Tiles      []KPITile
	Throughput *float64
	Stability  *float64
	Overall    *float64
	History    []KPIRow // newest first; the newest KPIHistoryRows unless HistoryAll
	Benchmark  KPIBenchmark
	// HistoryTotal is the number of snapshots; HistoryAll shows them all.
	HistoryTotal int
	HistoryAll   bool
}

// KPIHistoryRows is how many snapshots the history shows before a link
// to all of them: a year of weekly ones, so 500 snapshots do not weigh
// half a megabyte on a phone.
const KPIHistoryRows = 52

// KPIBenchmark is the newest snapshot against the DORA Quick Check data.
type KPIBenchmark struct {
	Edition string
	Profile roadmap.OrgProfile
	Groups  []KPIBenchGroup // the industry's, then the size's (those chosen)
	Source  roadmap.BenchmarkSource
}

// KPIBenchGroup is one benchmark row's comparisons.
type KPIBenchGroup struct {
	Heading string // "Your industry: Technology"
	Rows    []KPIBenchRow
}

// KPIBenchRow is one score against the group.
type KPIBenchRow struct {
	Label    string
	Score    float64
	Mean     float64
	SD       *float64
	Verdict  roadmap.BenchmarkVerdict
	Sentence string
}

// KPIFormProps is the new and edit forms of a snapshot.
type KPIFormProps struct {
	ID       int64  // 0 for a new snapshot
	Mode     string // "exact" or "quick"
	Form     Form
	Conflict *Conflict
}

func (d KPIFormProps) editing() bool { return d.ID != 0 }

// KPIReplaceProps asks before a snapshot replaces the one of its date.
type KPIReplaceProps struct {
	Date   string
	Hidden []Option // the form as posted (Value: field name, Label: value)
	Rows   []ConflictRow
}

// KPITargetsProps is the targets form.
type KPITargetsProps struct {
	Form Form
}

// KPIsPath is a path below /o/{slug}/kpis.
func KPIsPath(slug string, elems ...string) string {
	return OrgPath(slug, append([]string{"kpis"}, elems...)...)
}

// Score writes a 0–10 score with one decimal.
func Score(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64) }

// scoreOf writes an optional score ("—" when none).
func scoreOf(v *float64) string {
	if v == nil {
		return "—"
	}
	return Score(*v)
}

// tierBadge is the badge kind of a tier: its colour, always beside its name.
func tierBadge(t roadmap.Tier) string {
	switch t {
	case roadmap.TierElite:
		return "success"
	case roadmap.TierHigh:
		return "info"
	case roadmap.TierMedium:
		return "warning"
	case roadmap.TierLow:
		return "danger"
	}
	return "neutral"
}

// metStatus says whether a target is met, in words.
func metStatus(s roadmap.TargetStatus) string {
	switch s {
	case roadmap.TargetMet:
		return "Met"
	case roadmap.TargetNotMet:
		return "Not met"
	}
	return "Cannot tell"
}

func metBadge(s roadmap.TargetStatus) string {
	switch s {
	case roadmap.TargetMet:
		return "success"
	case roadmap.TargetNotMet:
		return "danger"
	}
	return "neutral"
}

func verdictBadge(v roadmap.BenchmarkVerdict) string {
	switch v {
	case roadmap.BenchmarkAhead:
		return "success"
	case roadmap.BenchmarkBehind:
		return "warning"
	case roadmap.BenchmarkInLine:
		return "info"
	}
	return "neutral"
}

func verdictLabel(v roadmap.BenchmarkVerdict) string {
	switch v {
	case roadmap.BenchmarkAhead:
		return "Ahead of most"
	case roadmap.BenchmarkBehind:
		return "Behind most"
	case roadmap.BenchmarkInLine:
		return "In line"
	}
	return "No spread"
}

// meanSD writes "5.5 ± 2.4" (the mean alone when DORA gives no SD).
func meanSD(mean float64, sd *float64) string {
	if sd == nil {
		return Score(mean)
	}
	return Score(mean) + " ± " + Score(*sd)
}

// TargetWords says a target in words: "at most 24 hours", "High or better".
func TargetWords(t roadmap.Target) string {
	if t.Value == nil {
		return t.Tier.Label() + " or better"
	}
	v := roadmap.FormatKPIValue(t.Metric, *t.Value)
	if t.Metric.HigherIsBetter() {
		return "at least " + v
	}
	return "at most " + v
}

// Sparkline is a metric's score over the history, drawn server-side.
type Sparkline struct {
	Points string // the polyline's points
	LastX  float64
	LastY  float64
	N      int
	Label  string // the text alternative
}

// Sparkline geometry: a 0–10 score over the box's height, oldest left.
const (
	sparkW   = 160
	sparkH   = 40
	sparkPad = 4
	// SparkMax is the most snapshots a trend draws: the newest ones.
	SparkMax = 52
)

// SparkPoint is one score of a trend.
type SparkPoint struct {
	On    string
	Score float64
}

// NewSparkline draws the scores, oldest first, of the metric named label;
// the text alternative says the range, the first and last score and the
// direction, so the picture says nothing the words do not.
func NewSparkline(label string, pts []SparkPoint) Sparkline {
	if len(pts) > SparkMax {
		pts = pts[len(pts)-SparkMax:]
	}
	s := Sparkline{N: len(pts)}
	if len(pts) == 0 {
		s.Label = label + ": no history yet."
		return s
	}
	var b strings.Builder
	lo, hi := pts[0].Score, pts[0].Score
	for i, p := range pts {
		x := float64(sparkW) / 2
		if len(pts) > 1 {
			x = sparkPad + float64(i)*float64(sparkW-2*sparkPad)/float64(len(pts)-1)
		}
		y := sparkPad + (10-p.Score)/10*float64(sparkH-2*sparkPad)
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatFloat(x, 'f', 1, 64) + "," + strconv.FormatFloat(y, 'f', 1, 64))
		s.LastX, s.LastY = x, y
		lo, hi = math.Min(lo, p.Score), math.Max(hi, p.Score)
	}
	s.Points = b.String()
	first, last := pts[0], pts[len(pts)-1]
	if len(pts) == 1 {
		s.Label = label + " score: " + Score(last.Score) + " out of 10 on " + last.On + ", the only snapshot."
		return s
	}
	dir := "unchanged"
	switch {
	case last.Score > first.Score:
		dir = "up"
	case last.Score < first.Score:
		dir = "down"
	}
	s.Label = label + " score over " + strconv.Itoa(len(pts)) + " snapshots, " + first.On + " to " + last.On + ": " + dir +
		" from " + Score(first.Score) + " to " + Score(last.Score) + " out of 10 (lowest " + Score(lo) + ", highest " + Score(hi) + ")."
	return s
}

// kpiEditionOptions are the tier tables a snapshot may be classified by.
func kpiEditionOptions() []Option {
	var o []Option
	for _, e := range roadmap.Editions() {
		o = append(o, Option{e.Key, e.Name})
	}
	return o
}

// answerOptions are a categorical metric's six Quick Check answers, best
// first, in DORA's words.
func answerOptions(m roadmap.Metric) []Option {
	o := []Option{{"", "Choose an answer"}}
	texts := roadmap.DORAAnswerTexts[m]
	for _, a := range roadmap.Answers[m] {
		o = append(o, Option{strconv.Itoa(a.Key), texts[a.Key] + " (" + a.Label + ")"})
	}
	return o
}

// tierOptions are the tiers a target may name.
func tierOptions() []Option { return choiceOptions("No tier target", roadmap.Tiers) }

// profileOptions are the industries or sizes of the benchmark data.
func profileOptions(by roadmap.BenchmarkBy, none string) []Option {
	o := []Option{{"", none}}
	for _, c := range roadmap.ProfileChoices(by) {
		o = append(o, Option{c.Key, c.Label})
	}
	return o
}

// metricHint says what to type for a metric's exact number.
func metricHint(m roadmap.Metric) string {
	switch m {
	case roadmap.MetricDeploymentFrequency:
		return "Deployments to production a week, like 7 (daily) or 0.25 (monthly)."
	case roadmap.MetricLeadTime:
		return "Hours from commit to running in production, like 24."
	case roadmap.MetricRecoveryTime:
		return "Hours to restore service after a failed deployment, like 1."
	case roadmap.MetricChangeFailureRate:
		return "Percent of deployments causing a failure in production, 0 to 100."
	}
	return "Optional. Percent of deployments that were unplanned fixes, 0 to 100."
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// shortCommit is a commit's first twelve digits.
func shortCommit(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

// targetHint says what a target value means for the metric.
func targetHint(m roadmap.Metric) string {
	if m.HigherIsBetter() {
		return "At least this many deployments a week."
	}
	if m.Categorical() {
		return "At most this many hours."
	}
	return "At most this percentage."
}

// modeValue is the posted mode: quick or exact.
func (d KPIFormProps) modeValue() string {
	if d.Mode == "quick" {
		return "quick"
	}
	return "exact"
}

// action is the form's POST target.
func (d KPIFormProps) action(slug string) string {
	if d.editing() {
		return KPIsPath(slug, itoa64(d.ID))
	}
	return KPIsPath(slug)
}

// modeHref is the form's page in the other mode.
func (d KPIFormProps) modeHref(slug, mode string) string {
	p := KPIsPath(slug, "new")
	if d.editing() {
		p = KPIsPath(slug, itoa64(d.ID))
	}
	if mode == "quick" {
		return p + "?mode=quick"
	}
	return p
}
