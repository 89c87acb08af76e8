package web

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/headwayhq/headway/internal/roadmap"
)

// Step 4's pages: the results (/maturity), the leader's questionnaire
// (/maturity/questionnaire) and the team survey (/maturity/survey).

// maturityTab is one tab of step 4.
type maturityTab struct {
	Key, Path, Label string
	Managers         bool // shown to owners and admins only
}

var maturityTabs = []maturityTab{
	{"results", "maturity", "Results", false},
	{"questionnaire", "maturity/questionnaire", "Questionnaire", true},
	{"survey", "maturity/survey", "Team survey", false},
}

// MaturityHead is what every tab of step 4 shows above its content.
type MaturityHead struct {
	Tab, Heading, Blurb string
	CanManage           bool
}

// MaturityProps is the results page's data.
type MaturityProps struct {
	Head      MaturityHead
	CanManage bool
	// Latest and Previous are the two most recent completed assessments
	// (Previous nil for the first; both nil before any).
	Latest, Previous *AssessmentView
	Trend            []AssessmentView // every completed assessment, oldest first
	Draft            *DraftView
	Radar            MaturityRadar
}

// AssessmentView is a completed assessment with its result.
type AssessmentView struct {
	CompletedAt time.Time
	Result      roadmap.MaturityResult
	Survey      *roadmap.SurveyAggregate // nil when nobody answered, or fewer than enough
	Respondents int
	Leader      roadmap.MaturityAnswers
}

// DraftView is the assessment being answered.
type DraftView struct {
	Answered, Total int
	UpdatedAt       time.Time
	SurveyOpen      bool
	Respondents     int
}

// QuestionnaireProps is the leader's questionnaire.
type QuestionnaireProps struct {
	Head     MaturityHead
	Form     Form // an answer per question key, "version" and "action"
	Draft    *DraftView
	From     *time.Time // the answers start from the latest completed assessment of then
	Conflict *Conflict
	Missing  []string // question keys left unanswered on a refused completion
}

// score writes a score with at most two decimals (3, 3.4, 3.25).
func score(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

// change writes a change of score with its sign ("+0.4", "−0.25", "no change").
func change(v float64) string {
	v = math.Round(v*100) / 100
	switch {
	case v > 0:
		return "+" + score(v)
	case v < 0:
		return "−" + score(-v)
	}
	return "no change"
}

// levelText is "3 · Defined".
func levelText(n int) string { return strconv.Itoa(n) + " · " + roadmap.MaturityLevelName(n) }

// riskAnswer is the answer a risk was judged on, and whose it is: the
// leader's level, or the team's median (which may fall between two).
func (d MaturityProps) riskAnswer(rk roadmap.MaturityRisk) string {
	if d.Latest.Result.Dimension(rk.Dimension).Source == roadmap.SourceTeam {
		if rk.Answer == math.Trunc(rk.Answer) {
			return "Team median " + levelText(int(rk.Answer))
		}
		return "Team median " + score(rk.Answer)
	}
	return "Answered " + levelText(int(rk.Answer))
}

func questionText(key string) string {
	if q, ok := roadmap.MaturityQuestionByKey(key); ok {
		return q.Text
	}
	return key
}

func questionsOf(d roadmap.Dimension) []roadmap.MaturityQuestion { return roadmap.QuestionsIn(d) }

func levels() []roadmap.Choice[int] { return roadmap.MaturityLevels }

// riskLevelKind is a maturity risk level's badge colour.
func riskLevelKind(r roadmap.RiskLevel) string {
	if r == roadmap.RiskLevelHigh {
		return "danger"
	}
	return "warning"
}

// The radar: four axes (culture up, technology right, structure down,
// collaboration left), a ring per level, the latest assessment filled and
// the previous one outlined. Laid out here, drawn by the template.
const (
	radarSize   = 400.0
	radarCenter = radarSize / 2
	radarRadius = 130.0
)

// MaturityRadar is the drawing's geometry.
type MaturityRadar struct {
	Latest, Previous string // polygons' points ("" for none)
	Rings            []string
	Axes             []RadarAxis
	Dots             []RadarPoint // the latest assessment's corners
}

// RadarAxis is one dimension's axis and label.
type RadarAxis struct {
	X2, Y2, LabelX, LabelY string
	Anchor                 string // text-anchor of the label
	Label                  string
	Score                  string // the latest score, beside the label on wide screens
}

// RadarPoint is a corner of the latest polygon.
type RadarPoint struct{ X, Y string }

func radarAngle(i int) float64 { return -math.Pi/2 + float64(i)*math.Pi/2 }

func radarXY(i int, r float64) (float64, float64) {
	a := radarAngle(i)
	return radarCenter + r*math.Cos(a), radarCenter + r*math.Sin(a)
}

func radarPolygon(res roadmap.MaturityResult) string {
	pts := make([]string, 0, len(roadmap.Dimensions))
	for i, d := range roadmap.Dimensions {
		x, y := radarXY(i, radarRadius*res.Dimension(d.Key).Score/roadmap.MaxMaturityLevel)
		pts = append(pts, num(x)+","+num(y))
	}
	return strings.Join(pts, " ")
}

// NewMaturityRadar lays out the latest result over the previous one (nil
// for none).
func NewMaturityRadar(latest, previous *roadmap.MaturityResult) MaturityRadar {
	var m MaturityRadar
	for l := roadmap.MinMaturityLevel; l <= roadmap.MaxMaturityLevel; l++ {
		var pts []string
		for i := range roadmap.Dimensions {
			x, y := radarXY(i, radarRadius*float64(l)/roadmap.MaxMaturityLevel)
			pts = append(pts, num(x)+","+num(y))
		}
		m.Rings = append(m.Rings, strings.Join(pts, " "))
	}
	anchors := []string{"middle", "start", "middle", "end"}
	for i, d := range roadmap.Dimensions {
		x, y := radarXY(i, radarRadius)
		lx, ly := radarXY(i, radarRadius+16)
		if i == 0 {
			ly -= 4
		}
		if i == 2 {
			ly += 12
		}
		if i == 1 || i == 3 {
			ly += 4
		}
		ax := RadarAxis{X2: num(x), Y2: num(y), LabelX: num(lx), LabelY: num(ly), Anchor: anchors[i], Label: d.Label}
		if latest != nil {
			ax.Score = score(latest.Dimension(d.Key).Score)
		}
		m.Axes = append(m.Axes, ax)
	}
	if latest != nil {
		m.Latest = radarPolygon(*latest)
		for i, d := range roadmap.Dimensions {
			x, y := radarXY(i, radarRadius*latest.Dimension(d.Key).Score/roadmap.MaxMaturityLevel)
			m.Dots = append(m.Dots, RadarPoint{num(x), num(y)})
		}
	}
	if previous != nil {
		m.Previous = radarPolygon(*previous)
	}
	return m
}

// radarDescription is the drawing's <desc>: the same figures in words.
func (d MaturityProps) radarDescription() string {
	var parts []string
	for _, s := range d.Latest.Result.Dimensions {
		p := s.Dimension.Label() + " " + score(s.Score)
		if d.Previous != nil {
			p += " (was " + score(d.Previous.Result.Dimension(s.Dimension).Score) + ")"
		}
		parts = append(parts, p)
	}
	out := "Scores from 1 to 5 on four axes: " + strings.Join(parts, ", ") + "."
	if d.Previous != nil {
		out += " The dashed outline is the previous assessment."
	}
	return out
}

// The trend line: the overall score of every completed assessment, oldest
// left.
const (
	trendW, trendH   = 560.0, 180.0
	trendL, trendR   = 36.0, 16.0
	trendT, trendB   = 14.0, 28.0
	trendLevelsShown = roadmap.MaxMaturityLevel
)

// TrendChart is the trend line's geometry.
type TrendChart struct {
	Line   string
	Points []RadarPoint
	Grid   []TrendGrid
}

// TrendGrid is one level's horizontal line and label.
type TrendGrid struct{ Y, Label string }

func (d MaturityProps) trend() TrendChart {
	var c TrendChart
	y := func(v float64) float64 {
		return trendT + (trendH-trendT-trendB)*(1-(v-1)/(trendLevelsShown-1))
	}
	for l := roadmap.MinMaturityLevel; l <= roadmap.MaxMaturityLevel; l++ {
		c.Grid = append(c.Grid, TrendGrid{Y: num(y(float64(l))), Label: strconv.Itoa(l)})
	}
	n := len(d.Trend)
	var pts []string
	for i, a := range d.Trend {
		x := trendL + (trendW-trendL-trendR)/2
		if n > 1 {
			x = trendL + (trendW-trendL-trendR)*float64(i)/float64(n-1)
		}
		p := RadarPoint{num(x), num(y(a.Result.Overall))}
		c.Points = append(c.Points, p)
		pts = append(pts, p.X+","+p.Y)
	}
	c.Line = strings.Join(pts, " ")
	return c
}

func (d MaturityProps) trendDescription() string {
	var parts []string
	for _, a := range d.Trend {
		parts = append(parts, dateLabel(a.CompletedAt)+" "+score(a.Result.Overall))
	}
	return "Overall score of each completed assessment, oldest first: " + strings.Join(parts, "; ") + "."
}

func trendViewBox() string { return "0 0 " + num(trendW) + " " + num(trendH) }
func trendX1() string      { return num(trendL) }
func trendX2() string      { return num(trendW - trendR) }

// previousScore is the previous assessment's score of a dimension.
func (d MaturityProps) previousScore(dim roadmap.Dimension) string {
	if d.Previous == nil {
		return "—"
	}
	return score(d.Previous.Result.Dimension(dim).Score)
}

func changeOf(s roadmap.DimensionScore) string {
	if s.Change == nil {
		return "—"
	}
	return change(*s.Change)
}

// questionError is the message beside a question ("" for none).
func (d QuestionnaireProps) questionError(key string) string { return d.Form.Err(key) }

func questionID(key string) string { return "q-" + key }

// optionID is a radio button's id.
func optionID(prefix, key string, level int) string { return prefix + key + "-" + strconv.Itoa(level) }

func maturityPath(slug string, elems ...string) string {
	return OrgPath(slug, append([]string{"maturity"}, elems...)...)
}

func practiceHref(slug, key string) string { return OrgPath(slug, "infrastructure") + "#" + key }

func capabilityOf(slug string) roadmap.Capability {
	c, _ := roadmap.CapabilityBySlug(slug)
	return c
}

// SurveyProps is the team survey's page.
type SurveyProps struct {
	Head        MaturityHead
	CanManage   bool
	Open        bool
	OpenedAt    time.Time
	Respondents int
	Answered    bool // the viewer has answered (their answers fill the form)
	Form        Form
	Missing     []string
}

// surveyRows are the team's shown aggregates, in questionnaire order.
func (a AssessmentView) surveyRows() []roadmap.QuestionAggregate {
	if a.Survey == nil {
		return nil
	}
	var out []roadmap.QuestionAggregate
	for _, q := range a.Survey.Questions {
		if q.Shown {
			out = append(out, q)
		}
	}
	return out
}

func (a AssessmentView) leaderLevel(key string) string {
	if l, ok := a.Leader[key]; ok {
		return strconv.Itoa(l)
	}
	return "—"
}

// gapText is a blind spot's gap in words.
func gapText(b roadmap.BlindSpot) string {
	if b.Gap() > 0 {
		return "The leader sees it " + score(b.Gap()) + " levels higher than the team."
	}
	return "The leader sees it " + score(-b.Gap()) + " levels lower than the team."
}
