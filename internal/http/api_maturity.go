package http

import (
	"math"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
)

// Steps 3 and 4's JSON API: the practice catalog with the organization's
// statuses (/api/v1/practices) and the maturity assessment
// (/api/v1/maturity). Bodies are strict (decodeJSON) and validated by the
// domain, as the pages are; every write is audited. A token writes as the
// organization, not as a person: changed_by and created_by stay empty and
// the audit log names the token.

// apiMetricLink is a DORA metric a practice moves, with Headway's reason.
type apiMetricLink struct {
	Metric string `json:"metric"`
	Why    string `json:"why"`
}

// apiPractice is a practice of the catalog with the organization's status.
type apiPractice struct {
	Key        string          `json:"key"`
	Group      string          `json:"group"`
	Title      string          `json:"title"`
	Means      string          `json:"means"`
	Matters    string          `json:"matters"`
	Capability *string         `json:"capability"` // a DORA capability slug, or null
	Moves      []apiMetricLink `json:"moves"`
	DependsOn  []string        `json:"depends_on"`
	// UnmetPrerequisites are the keys of DependsOn not at least mostly in
	// place, when the practice itself has been started.
	UnmetPrerequisites []string `json:"unmet_prerequisites"`
	Status             string   `json:"status"`
	Notes              string   `json:"notes"`
	Version            int      `json:"version"`    // 0 until first set
	UpdatedAt          *string  `json:"updated_at"` // null until first set
}

func toAPIPractice(p roadmap.Practice, st store.PracticeStatus, unmet []string) apiPractice {
	out := apiPractice{Key: p.Key, Group: string(p.Group), Title: p.Title, Means: p.Means, Matters: p.Matters,
		Moves: make([]apiMetricLink, 0, len(p.Moves)), DependsOn: append([]string{}, p.DependsOn...),
		UnmetPrerequisites: append([]string{}, unmet...), Status: string(st.Status), Notes: st.Notes, Version: st.Version}
	if p.Capability != "" {
		out.Capability = &p.Capability
	}
	for _, m := range p.Moves {
		out.Moves = append(out.Moves, apiMetricLink{Metric: m.Metric, Why: m.Why})
	}
	if st.Version > 0 {
		at := apiTime(st.UpdatedAt)
		out.UpdatedAt = &at
	}
	return out
}

// unmetByPractice groups the prerequisite warnings by practice.
func unmetByPractice(ps store.Practices) map[string][]string {
	out := map[string][]string{}
	for _, w := range roadmap.PrerequisiteWarnings(ps.Statuses()) {
		out[w.Practice] = append(out[w.Practice], w.Prerequisite)
	}
	return out
}

// handleAPIPractices is GET /api/v1/practices: the whole catalog in its
// order (by group), each practice with the organization's status, in one
// page.
func (s *Server) handleAPIPractices(w http.ResponseWriter, r *http.Request) {
	ps, err := s.store.FindPractices(r.Context(), apiToken(r.Context()).OrgID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	unmet := unmetByPractice(ps)
	list := apiList[apiPractice]{Items: make([]apiPractice, 0, len(roadmap.PracticeCatalog))}
	for _, p := range roadmap.PracticeCatalog {
		list.Items = append(list.Items, toAPIPractice(p, ps.Status(p.Key), unmet[p.Key]))
	}
	s.writeJSON(w, http.StatusOK, list)
}

// handleAPIPracticeSet is PUT /api/v1/practices/{key} with {"status"} and
// optionally "notes" (left out: kept) and "version" (the version read, 0
// for a practice never set: a stale one is a 409; left out: the last write
// wins, so a pipeline can report a status without reading first). A key
// outside the catalog is a 404.
func (s *Server) handleAPIPracticeSet(w http.ResponseWriter, r *http.Request) {
	key := chi.URLParam(r, "key")
	p, ok := roadmap.PracticeByKey(key)
	if !ok {
		s.error(w, r, store.ErrPracticeNotFound)
		return
	}
	var in struct {
		Status  string  `json:"status"`
		Notes   *string `json:"notes"`
		Version *int    `json:"version"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	ch := roadmap.PracticeChange{Status: roadmap.PracticeStatus(in.Status), Notes: in.Notes}
	if ch.Notes != nil {
		n := roadmap.NormalizeLineBreaks(*ch.Notes)
		ch.Notes = &n
	}
	fe := ch.Validate()
	if in.Version != nil && *in.Version < 0 {
		fe.Add("version", "version must be 0 (never set) or the version you read.")
	}
	if err := fe.Err(); err != nil {
		s.error(w, r, err)
		return
	}
	orgID := apiToken(r.Context()).OrgID
	st, err := s.store.SetPracticeStatus(s.audited(r, "practice.status_changed", "practice "+p.Title+": "+ch.Status.Label()),
		orgID, nil, key, in.Version, ch)
	if err != nil {
		s.error(w, r, err)
		return
	}
	// The warnings depend on the other practices: read them back.
	ps, err := s.store.FindPractices(r.Context(), orgID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, toAPIPractice(p, st, unmetByPractice(ps)[key]))
}

// apiOption is one answer of a question.
type apiOption struct {
	Level int    `json:"level"`
	Name  string `json:"name"` // the level's name: initial … optimizing
	Text  string `json:"text"`
}

// apiQuestion is a question of the questionnaire.
type apiQuestion struct {
	Key       string      `json:"key"`
	Dimension string      `json:"dimension"`
	Text      string      `json:"text"`
	Options   []apiOption `json:"options"`
}

// apiDimensionScore is one dimension's score.
type apiDimensionScore struct {
	Dimension string   `json:"dimension"`
	Score     float64  `json:"score"`
	Source    string   `json:"source"` // leader or team
	Change    *float64 `json:"change"` // since the previous completed assessment; null for the first
}

// apiRisk is a weak answer turned into a risk.
type apiRisk struct {
	Question    string  `json:"question"`
	Dimension   string  `json:"dimension"`
	Risk        string  `json:"risk"` // high or medium
	Answer      float64 `json:"answer"`
	Improvement string  `json:"improvement"`
	Practice    *string `json:"practice"`   // a practice key, or null
	Capability  *string `json:"capability"` // a DORA capability slug, or null
}

// apiSurveyQuestion is the team's answer to one question (only questions
// with enough answers are listed).
type apiSurveyQuestion struct {
	Question string  `json:"question"`
	Answers  int     `json:"answers"`
	Median   float64 `json:"median"`
	Spread   int     `json:"spread"`
}

// apiBlindSpot is a question where the leader and the team's median are
// two or more levels apart.
type apiBlindSpot struct {
	Question   string  `json:"question"`
	Leader     int     `json:"leader"`
	TeamMedian float64 `json:"team_median"`
}

// apiSurvey is an assessment's team survey, aggregates only.
type apiSurvey struct {
	Respondents int                 `json:"respondents"`
	Questions   []apiSurveyQuestion `json:"questions"`
	BlindSpots  []apiBlindSpot      `json:"blind_spots"`
}

// apiAssessment is a completed assessment with its result.
type apiAssessment struct {
	ID          int64               `json:"id"`
	Status      string              `json:"status"`
	Answers     map[string]int      `json:"answers"`
	Dimensions  []apiDimensionScore `json:"dimensions"`
	Overall     float64             `json:"overall"`
	Level       int                 `json:"level"`
	LevelName   string              `json:"level_name"`
	Risks       []apiRisk           `json:"risks"`
	Survey      *apiSurvey          `json:"survey"` // null when nobody answered
	CompletedAt *string             `json:"completed_at"`
	CreatedAt   string              `json:"created_at"`
	UpdatedAt   string              `json:"updated_at"`
}

// apiMaturity is GET /api/v1/maturity's answer.
type apiMaturity struct {
	Questions []apiQuestion  `json:"questions"`
	Latest    *apiAssessment `json:"latest"` // null before the first completed assessment
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// round2 keeps scores readable (3.6, not 3.6000000000000005).
func round2(v float64) float64 { return math.Round(v*100) / 100 }

func toAPIAssessment(a store.Assessment, res roadmap.MaturityResult) apiAssessment {
	out := apiAssessment{ID: a.ID, Status: a.Status, Answers: map[string]int(a.Answers), Overall: round2(res.Overall), Level: res.Level,
		LevelName: res.LevelName(), Dimensions: make([]apiDimensionScore, 0, len(res.Dimensions)), Risks: make([]apiRisk, 0, len(res.Risks)),
		CreatedAt: apiTime(a.CreatedAt), UpdatedAt: apiTime(a.UpdatedAt)}
	if out.Answers == nil {
		out.Answers = map[string]int{}
	}
	if a.CompletedAt != nil {
		at := apiTime(*a.CompletedAt)
		out.CompletedAt = &at
	}
	for _, d := range res.Dimensions {
		ds := apiDimensionScore{Dimension: string(d.Dimension), Score: round2(d.Score), Source: string(d.Source)}
		if d.Change != nil {
			c := round2(*d.Change)
			ds.Change = &c
		}
		out.Dimensions = append(out.Dimensions, ds)
	}
	for _, rk := range res.Risks {
		out.Risks = append(out.Risks, apiRisk{Question: rk.Question, Dimension: string(rk.Dimension), Risk: string(rk.Risk), Answer: rk.Answer,
			Improvement: rk.Improvement, Practice: optional(rk.Practice), Capability: optional(rk.Capability)})
	}
	if agg := a.SurveyAggregate(); agg != nil {
		sv := &apiSurvey{Respondents: a.Respondents, Questions: []apiSurveyQuestion{}, BlindSpots: []apiBlindSpot{}}
		for _, q := range agg.Questions {
			if q.Shown {
				sv.Questions = append(sv.Questions, apiSurveyQuestion{Question: q.Question, Answers: q.Answers, Median: q.Median, Spread: q.Spread})
			}
		}
		for _, b := range res.BlindSpots {
			sv.BlindSpots = append(sv.BlindSpots, apiBlindSpot{Question: b.Question, Leader: b.Leader, TeamMedian: b.TeamMedian})
		}
		out.Survey = sv
	}
	return out
}

var apiQuestions = func() []apiQuestion {
	out := make([]apiQuestion, 0, len(roadmap.MaturityQuestions))
	for _, q := range roadmap.MaturityQuestions {
		aq := apiQuestion{Key: q.Key, Dimension: string(q.Dimension), Text: q.Text}
		for l := roadmap.MinMaturityLevel; l <= roadmap.MaxMaturityLevel; l++ {
			aq.Options = append(aq.Options, apiOption{Level: l, Name: roadmap.MaturityLevelName(l), Text: q.Option(l)})
		}
		out = append(out, aq)
	}
	return out
}()

// completedResult finds assessment id among the page's completed ones,
// scored against the one before it.
func completedResult(page store.MaturityPage, id int64) (store.Assessment, roadmap.MaturityResult, bool) {
	results := page.Results()
	for i, a := range page.Completed {
		if a.ID == id {
			return a, results[i], true
		}
	}
	return store.Assessment{}, roadmap.MaturityResult{}, false
}

// handleAPIMaturity is GET /api/v1/maturity: the questionnaire and the
// latest completed assessment with its scores, risks and survey aggregates
// (null before the first).
func (s *Server) handleAPIMaturity(w http.ResponseWriter, r *http.Request) {
	page, err := s.store.FindMaturity(r.Context(), apiToken(r.Context()).OrgID, 0)
	if err != nil {
		s.error(w, r, err)
		return
	}
	out := apiMaturity{Questions: apiQuestions}
	if l := page.Latest(); l != nil {
		if a, res, ok := completedResult(page, l.ID); ok {
			v := toAPIAssessment(a, res)
			out.Latest = &v
		}
	}
	s.writeJSON(w, http.StatusOK, out)
}

// handleAPIMaturityCreate is POST /api/v1/maturity with {"answers": {key:
// level}}: every question answered creates a completed assessment (201
// with its scores and risks, against the previous one); a missing answer,
// an unknown key or a level outside 1–5 is a 422 naming each, and nothing
// is stored.
func (s *Server) handleAPIMaturityCreate(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Answers map[string]int `json:"answers"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	answers := roadmap.MaturityAnswers(in.Answers)
	if err := answers.Validate(true).Err(); err != nil {
		s.error(w, r, err)
		return
	}
	orgID := apiToken(r.Context()).OrgID
	a, err := s.store.CreateCompletedAssessment(s.audited(r, "maturity.completed", "maturity assessment"), orgID, nil, answers, s.now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	page, err := s.store.FindMaturity(r.Context(), orgID, 0)
	if err != nil {
		s.error(w, r, err)
		return
	}
	stored, res, ok := completedResult(page, a.ID)
	if !ok { // deleted in between: say what was stored, unscored against others
		stored, res = a, roadmap.ScoreMaturity(roadmap.MaturityInput{Answers: answers})
	}
	w.Header().Set("Location", "/api/v1/maturity")
	s.writeJSON(w, http.StatusCreated, toAPIAssessment(stored, res))
}
