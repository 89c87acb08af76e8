package http_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/headwayhq/headway/internal/roadmap"
)

// practiceJSON is a practice as the API answers it.
type practiceJSON struct {
	Key        string  `json:"key"`
	Group      string  `json:"group"`
	Title      string  `json:"title"`
	Means      string  `json:"means"`
	Matters    string  `json:"matters"`
	Capability *string `json:"capability"`
	Moves      []struct {
		Metric string `json:"metric"`
		Why    string `json:"why"`
	} `json:"moves"`
	DependsOn          []string `json:"depends_on"`
	UnmetPrerequisites []string `json:"unmet_prerequisites"`
	Status             string   `json:"status"`
	Notes              string   `json:"notes"`
	Version            int      `json:"version"`
	UpdatedAt          *string  `json:"updated_at"`
}

// assessmentJSON is a completed assessment as the API answers it.
type assessmentJSON struct {
	ID         int64          `json:"id"`
	Status     string         `json:"status"`
	Answers    map[string]int `json:"answers"`
	Dimensions []struct {
		Dimension string   `json:"dimension"`
		Score     float64  `json:"score"`
		Source    string   `json:"source"`
		Change    *float64 `json:"change"`
	} `json:"dimensions"`
	Overall   float64 `json:"overall"`
	Level     int     `json:"level"`
	LevelName string  `json:"level_name"`
	Risks     []struct {
		Question    string  `json:"question"`
		Dimension   string  `json:"dimension"`
		Risk        string  `json:"risk"`
		Answer      float64 `json:"answer"`
		Improvement string  `json:"improvement"`
		Practice    *string `json:"practice"`
		Capability  *string `json:"capability"`
	} `json:"risks"`
	Survey      *json.RawMessage `json:"survey"`
	CompletedAt *string          `json:"completed_at"`
	CreatedAt   string           `json:"created_at"`
	UpdatedAt   string           `json:"updated_at"`
}

type maturityJSON struct {
	Questions []struct {
		Key       string `json:"key"`
		Dimension string `json:"dimension"`
		Text      string `json:"text"`
		Options   []struct {
			Level int    `json:"level"`
			Name  string `json:"name"`
			Text  string `json:"text"`
		} `json:"options"`
	} `json:"questions"`
	Latest *assessmentJSON `json:"latest"`
}

// The practice catalog through the API: listed in catalog order with the
// contract's fields, set by key (status only keeps the notes; a version
// guards; unmet prerequisites follow), refused with a named field, audited;
// another organization sees none of it.
func TestAPIPractices(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Practice Org")
	bearer := "Bearer " + c.createToken(slug, "ci")
	api := c.newClient()

	var list listJSON[practiceJSON]
	r := api.apiGet("/api/v1/practices", bearer)
	decodeJSON(t, r, &list)
	if r.StatusCode != http.StatusOK || len(list.Items) != len(roadmap.PracticeCatalog) || list.Next == nil || *list.Next != "" {
		t.Fatalf("GET /api/v1/practices = %d, %d items, want %d and next \"\"", r.StatusCode, len(list.Items), len(roadmap.PracticeCatalog))
	}
	for i, p := range list.Items {
		want := roadmap.PracticeCatalog[i]
		if p.Key != want.Key || p.Group != string(want.Group) || p.Title != want.Title || p.Status != "not_started" || p.Version != 0 ||
			p.UpdatedAt != nil || p.DependsOn == nil || !slices.Equal(p.DependsOn, append([]string{}, want.DependsOn...)) || p.UnmetPrerequisites == nil {
			t.Errorf("item %d = %+v, want %s (%s) not started at version 0", i, p, want.Key, want.Group)
		}
	}
	if !strings.Contains(r.body, `"depends_on":["ci","test_automation","deployment_automation"]`) || !strings.Contains(r.body, `"capability":"continuous-integration"`) {
		t.Errorf("the JSON lacks the contract's depends_on or capability: %.300s", r.body)
	}

	set := func(key, body string) (*response, practiceJSON) {
		t.Helper()
		r := api.apiSend("PUT", "/api/v1/practices/"+key, bearer, body)
		var p practiceJSON
		if r.StatusCode == http.StatusOK {
			decodeJSON(t, r, &p)
		}
		return r, p
	}
	r, p := set("ci", `{"status":"mostly","notes":"two repos\r\nleft","version":0}`)
	if r.StatusCode != http.StatusOK || p.Status != "mostly" || p.Notes != "two repos\nleft" || p.Version != 1 || p.UpdatedAt == nil {
		t.Fatalf("PUT ci = %d %+v", r.StatusCode, p)
	}
	utcStamp(t, "updated_at", *p.UpdatedAt)
	if r, _ := set("ci", `{"status":"fully","version":0}`); r.StatusCode != http.StatusConflict {
		t.Errorf("PUT with a stale version = %d, want 409", r.StatusCode)
	}
	// Status only: the notes stay, the last write wins.
	if r, p := set("ci", `{"status":"fully"}`); r.StatusCode != http.StatusOK || p.Notes != "two repos\nleft" || p.Version != 2 {
		t.Errorf("PUT status only = %d %+v", r.StatusCode, p)
	}
	// CD started on CI fully but tests and deployments not: two warnings.
	if r, p := set("continuous_delivery", `{"status":"partial"}`); r.StatusCode != http.StatusOK ||
		!slices.Equal(p.UnmetPrerequisites, []string{"test_automation", "deployment_automation"}) {
		t.Errorf("PUT continuous_delivery = %d, unmet %v", r.StatusCode, p.UnmetPrerequisites)
	}

	// Refusals, each naming what is wrong; nothing stored.
	before := c.dump("practice_status")
	for _, tc := range []struct {
		key, body string
		status    int
		field     string
	}{
		{"nope", `{"status":"fully"}`, http.StatusNotFound, ""},
		{"CI", `{"status":"fully"}`, http.StatusNotFound, ""},
		{"slos", `{"status":"done"}`, http.StatusUnprocessableEntity, "status"},
		{"slos", `{"status":"Fully"}`, http.StatusUnprocessableEntity, "status"}, // keys exactly
		{"slos", `{}`, http.StatusUnprocessableEntity, "status"},
		{"slos", `{"status":"fully","notes":"` + strings.Repeat("x", roadmap.MaxPracticeNotes+1) + `"}`, http.StatusUnprocessableEntity, "notes"},
		{"slos", `{"status":"fully","version":-1}`, http.StatusUnprocessableEntity, "version"},
		{"slos", `{"status":"fully","group":"monitoring"}`, http.StatusBadRequest, "group"},
		{"slos", `{"status":3}`, http.StatusBadRequest, "status"},
	} {
		r := api.apiSend("PUT", "/api/v1/practices/"+tc.key, bearer, tc.body)
		var e apiErrJSON
		decodeJSON(t, r, &e)
		if r.StatusCode != tc.status || (tc.field != "" && e.Fields[tc.field] == "") {
			t.Errorf("PUT %s %.60s = %d %+v, want %d naming %q", tc.key, tc.body, r.StatusCode, e, tc.status, tc.field)
		}
	}
	if after := c.dump("practice_status"); after != before {
		t.Errorf("refused requests changed practice_status:\n%s", dumpDiff(before, after))
	}

	decodeJSON(t, api.apiGet("/api/v1/practices", bearer), &list)
	if got := list.Items[0]; got.Key != "ci" || got.Status != "fully" || got.Version != 2 {
		t.Errorf("ci after the writes = %+v", got)
	}
	if n := c.count(`SELECT count(*) FROM audit_events WHERE action = 'practice.status_changed' AND actor = 'token ci'`); n != 3 {
		t.Errorf("%d audited practice changes, want 3", n)
	}

	// Another organization: everything not started, and its writes stay its own.
	o := c.newClient()
	theirs := "Bearer " + o.createToken(o.signup("Eve Other", "eve@example.com", "Other Org"), "ci")
	var other listJSON[practiceJSON]
	decodeJSON(t, o.apiGet("/api/v1/practices", theirs), &other)
	for _, p := range other.Items {
		if p.Status != "not_started" || p.Version != 0 {
			t.Errorf("the other organization sees %s %s at version %d", p.Key, p.Status, p.Version)
		}
	}
	if r := o.apiSend("PUT", "/api/v1/practices/ci", theirs, `{"status":"partial","version":2}`); r.StatusCode != http.StatusConflict {
		t.Errorf("the other organization's PUT at our version = %d, want 409 (it has no such row)", r.StatusCode)
	}
	decodeJSON(t, api.apiGet("/api/v1/practices", bearer), &list)
	if list.Items[0].Status != "fully" {
		t.Errorf("the other organization changed our ci: %+v", list.Items[0])
	}
}

// answersJSON is every question at level, with overrides, as a POST body.
func answersJSON(level int, over map[string]any) string {
	m := map[string]any{}
	for _, q := range roadmap.MaturityQuestions {
		m[q.Key] = level
	}
	for k, v := range over {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	b, _ := json.Marshal(map[string]any{"answers": m})
	return string(b)
}

// The maturity API: the questionnaire, 422s that name every missing or
// wrong answer and store nothing, a completed assessment with its scores
// and risks (201), a second one with the change since the first, audited.
func TestAPIMaturity(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Maturity Org")
	bearer := "Bearer " + c.createToken(slug, "ci")
	api := c.newClient()

	var m maturityJSON
	r := api.apiGet("/api/v1/maturity", bearer)
	decodeJSON(t, r, &m)
	if r.StatusCode != http.StatusOK || len(m.Questions) != len(roadmap.MaturityQuestions) || m.Latest != nil || !strings.Contains(r.body, `"latest":null`) {
		t.Fatalf("GET /api/v1/maturity = %d, %d questions, latest %v", r.StatusCode, len(m.Questions), m.Latest)
	}
	for i, q := range m.Questions {
		want := roadmap.MaturityQuestions[i]
		if q.Key != want.Key || q.Dimension != string(want.Dimension) || q.Text != want.Text || len(q.Options) != 5 {
			t.Fatalf("question %d = %+v", i, q)
		}
		for l, o := range q.Options {
			if o.Level != l+1 || o.Text != want.Option(l+1) || o.Name != roadmap.MaturityLevelName(l+1) {
				t.Errorf("%s option %d = %+v", q.Key, l, o)
			}
		}
	}

	// Refused: incomplete (every missing key named), out of range, unknown
	// keys, wrong types; nothing stored.
	before := c.dump("maturity_assessments", "maturity_answers", "audit_events")
	r = api.apiSend("POST", "/api/v1/maturity", bearer, `{"answers":{"culture_incidents":2,"technology_integration":4}}`)
	var e apiErrJSON
	decodeJSON(t, r, &e)
	if r.StatusCode != http.StatusUnprocessableEntity || len(e.Fields) != len(roadmap.MaturityQuestions)-2 ||
		e.Fields["culture_information_flow"] != roadmap.MsgUnansweredQuestion || e.Fields["culture_incidents"] != "" {
		t.Errorf("an incomplete POST = %d, %d fields %v", r.StatusCode, len(e.Fields), e.Fields)
	}
	for _, tc := range []struct {
		body   string
		status int
		fields []string
	}{
		{`{}`, http.StatusUnprocessableEntity, []string{"culture_incidents", "collaboration_feedback"}},
		{answersJSON(3, map[string]any{"culture_learning": 0, "structure_metrics": 6}), http.StatusUnprocessableEntity, []string{"culture_learning", "structure_metrics"}},
		{answersJSON(3, map[string]any{"culture_vibes": 3}), http.StatusUnprocessableEntity, []string{"culture_vibes"}},
		{answersJSON(3, map[string]any{"culture_learning": 2.5}), http.StatusBadRequest, nil},
		{answersJSON(3, map[string]any{"culture_learning": "3"}), http.StatusBadRequest, nil},
		{`{"answers":{},"status":"completed"}`, http.StatusBadRequest, []string{"status"}},
	} {
		r := api.apiSend("POST", "/api/v1/maturity", bearer, tc.body)
		var e apiErrJSON
		decodeJSON(t, r, &e)
		if r.StatusCode != tc.status {
			t.Errorf("POST %.80s = %d %+v, want %d", tc.body, r.StatusCode, e, tc.status)
		}
		for _, f := range tc.fields {
			if e.Fields[f] == "" {
				t.Errorf("POST %.80s does not name %s: %v", tc.body, f, e.Fields)
			}
		}
	}
	if after := c.dump("maturity_assessments", "maturity_answers", "audit_events"); after != before {
		t.Errorf("refused POSTs changed the database:\n%s", dumpDiff(before, after))
	}

	// Complete: 201 with scores and risks.
	r = api.apiSend("POST", "/api/v1/maturity", bearer, answersJSON(3, nil))
	var first assessmentJSON
	decodeJSON(t, r, &first)
	if r.StatusCode != http.StatusCreated || r.Header.Get("Location") != "/api/v1/maturity" || first.Status != "completed" || first.Level != 3 ||
		first.LevelName != "Defined" || first.Overall != 3 || len(first.Dimensions) != 4 || first.CompletedAt == nil || first.Survey != nil {
		t.Fatalf("POST complete = %d %+v", r.StatusCode, first)
	}
	for i, d := range first.Dimensions {
		if d.Dimension != string(roadmap.Dimensions[i].Key) || d.Score != 3 || d.Source != "leader" || d.Change != nil {
			t.Errorf("dimension %d = %+v", i, d)
		}
	}
	if len(first.Risks) != 1 || first.Risks[0].Question != "technology_observability" || first.Risks[0].Risk != "medium" ||
		first.Risks[0].Practice == nil || *first.Risks[0].Practice != "slos" || first.Risks[0].Improvement == "" {
		t.Errorf("risks = %+v", first.Risks)
	}

	// A second assessment: technology weaker, everything else better.
	over := map[string]any{}
	for _, q := range roadmap.QuestionsIn(roadmap.DimensionTechnology) {
		over[q.Key] = 1
	}
	r = api.apiSend("POST", "/api/v1/maturity", bearer, answersJSON(4, over))
	var second assessmentJSON
	decodeJSON(t, r, &second)
	if r.StatusCode != http.StatusCreated || second.ID == first.ID {
		t.Fatalf("second POST = %d %+v", r.StatusCode, second)
	}
	changes := map[string]string{}
	for _, d := range second.Dimensions {
		if d.Change != nil {
			changes[d.Dimension] = fmt.Sprint(*d.Change)
		}
	}
	if fmt.Sprint(changes) != "map[collaboration:1 culture:1 structure:1 technology:-2]" || second.Overall != 3.25 || second.LevelName != "Defined" {
		t.Errorf("changes %v, overall %v %s", changes, second.Overall, second.LevelName)
	}
	// Technology's high risks come first (weakest dimension), all high before medium.
	if len(second.Risks) == 0 || second.Risks[0].Dimension != "technology" || second.Risks[0].Risk != "high" {
		t.Errorf("risks = %+v", second.Risks)
	}
	seenMedium := false
	for _, rk := range second.Risks {
		if rk.Risk == "medium" {
			seenMedium = true
		} else if seenMedium {
			t.Errorf("a high risk after a medium one: %+v", second.Risks)
			break
		}
	}
	decodeJSON(t, api.apiGet("/api/v1/maturity", bearer), &m)
	if m.Latest == nil || m.Latest.ID != second.ID || !sameJSON(m.Latest.Risks, second.Risks) || m.Latest.Answers["technology_scaling"] != 1 {
		t.Errorf("GET latest = %+v, want the second assessment as POST answered it", m.Latest)
	}
	if n := c.count(`SELECT count(*) FROM audit_events WHERE action = 'maturity.completed' AND actor = 'token ci'`); n != 2 {
		t.Errorf("%d audited completions, want 2", n)
	}

	// Another organization sees no assessment.
	o := c.newClient()
	theirs := "Bearer " + o.createToken(o.signup("Eve Other", "eve@example.com", "Other Org"), "ci")
	var om maturityJSON
	decodeJSON(t, o.apiGet("/api/v1/maturity", theirs), &om)
	if om.Latest != nil {
		t.Errorf("another organization sees %+v", om.Latest)
	}
}

func sameJSON(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}
