package http_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/headwayhq/headway/internal/roadmap"
)

// knownAnswers answers every question 4 but the two given.
func knownAnswers(over map[string]int) url.Values {
	f := url.Values{}
	for _, q := range roadmap.MaturityQuestions {
		l := 4
		if v, ok := over[q.Key]; ok {
			l = v
		}
		f.Set(q.Key, strconv.Itoa(l))
	}
	return f
}

func withAction(f url.Values, action, version string) url.Values {
	out := url.Values{}
	for k, v := range f {
		out[k] = v
	}
	out.Set("action", action)
	out.Set("version", version)
	return out
}

// The maturity pages: a draft saved and kept through a refused completion
// (every missing question named beside it, nothing completed), a completed
// assessment's scores, level and risks for known answers (high before
// medium, each pointing at its practice), a second one overlaid on the
// first with the change per dimension, a level outside 1–5 refused, a
// stale draft a 409, members reading results and refused on the
// questionnaire, and another organization seeing nothing.
func TestMaturityPages(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Maturity Pages")
	c.addMember(slug, "Mia Member", "member@example.com", "member")
	mem := c.newClient()
	mem.mustLogin("member@example.com")
	base := "/o/" + slug + "/maturity"
	completed := func() int {
		return c.count(`SELECT count(*) FROM maturity_assessments m JOIN organizations o ON o.id = m.org_id WHERE o.slug = $1 AND m.status = 'completed'`, slug)
	}

	if r := c.get(base); r.StatusCode != http.StatusOK || !strings.Contains(pageText(t, r), "No completed assessment yet") {
		t.Fatalf("GET %s before any assessment = %d", base, r.StatusCode)
	}

	// A draft of two answers.
	r := c.post(base, form("culture_incidents", "2", "technology_integration", "1", "action", "save", "version", "0"))
	if r.StatusCode != http.StatusSeeOther || r.location() != base+"/questionnaire" {
		t.Fatalf("saving a draft = %d to %q", r.StatusCode, r.location())
	}
	q := c.follow(r)
	if got := pageText(t, q); !strings.Contains(got, "Saved the draft: 2 of 21 questions answered.") || !strings.Contains(got, "2 of 21 questions answered") {
		t.Errorf("the questionnaire after a save:\n%s", got)
	}
	checked := findAll(q.doc(t), func(n *html.Node) bool { return n.Data == "input" && attr(n, "type") == "radio" && hasAttr(n, "checked") })
	if len(checked) != 2 {
		t.Errorf("the draft shows %d chosen answers, want 2", len(checked))
	}

	// Completing with three answers: 422, each missing question named
	// beside it, the draft kept as it was.
	r = c.post(base, form("culture_incidents", "2", "technology_integration", "1", "culture_learning", "3", "action", "complete", "version", "1"))
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("completing with missing answers = %d, want 422", r.StatusCode)
	}
	doc := r.doc(t)
	for _, qq := range roadmap.MaturityQuestions {
		e := byID(doc, "q-"+qq.Key+"-error")
		answered := qq.Key == "culture_incidents" || qq.Key == "technology_integration" || qq.Key == "culture_learning"
		if answered != (e == nil) || (e != nil && text(e) != roadmap.MsgUnansweredQuestion) {
			t.Errorf("question %s (answered %v): message %v", qq.Key, answered, e != nil)
		}
	}
	if got := pageText(t, r); !strings.Contains(got, "18 questions are unanswered") {
		t.Errorf("the 422 does not count the missing questions:\n%s", got)
	}
	if n := completed(); n != 0 {
		t.Errorf("after the 422, %d assessments are completed", n)
	}
	if n := c.count(`SELECT count(*) FROM maturity_answers a JOIN organizations o ON o.id = a.org_id WHERE o.slug = $1`, slug); n != 2 {
		t.Errorf("after the 422 the draft has %d answers, want the 2 saved", n)
	}
	// A level outside 1–5 is named; nothing saved.
	r = c.post(base, withAction(knownAnswers(map[string]int{"culture_learning": 7}), "save", "1"))
	if r.StatusCode != http.StatusUnprocessableEntity || byID(r.doc(t), "q-culture_learning-error") == nil ||
		text(byID(r.doc(t), "q-culture_learning-error")) != roadmap.MsgLevelRange {
		t.Errorf("a level of 7 = %d, want 422 beside the question", r.StatusCode)
	}
	// A stale version: 409 with the saved and typed answers.
	r = c.post(base, withAction(knownAnswers(nil), "save", "0"))
	if r.StatusCode != http.StatusConflict || !strings.Contains(pageText(t, r), "The draft changed while you were answering") {
		t.Errorf("a stale draft save = %d, want 409 with the conflict", r.StatusCode)
	}

	// Completed with known answers: culture (2,4,4,4,4) 3.6, technology
	// (1,4,4,4,4,4) 3.5, structure and collaboration 4: overall 3.775,
	// level 3. Risks: technology_integration high (→ CI), culture_incidents
	// medium (→ on-call and runbooks).
	r = c.post(base, withAction(knownAnswers(map[string]int{"culture_incidents": 2, "technology_integration": 1}), "complete", "1"))
	if r.StatusCode != http.StatusSeeOther || r.location() != base {
		t.Fatalf("completing = %d to %q\n%s", r.StatusCode, r.location(), r.body)
	}
	res := c.follow(r)
	got := pageText(t, res)
	for _, want := range []string{"Completed the assessment.", "Overall level: 3 · Defined", "Overall score 3.78 of 5",
		"Culture from the leader's answers 3.6", "Technology from the leader's answers 3.5", "Structure from the leader's answers 4"} {
		if !strings.Contains(got, want) {
			t.Errorf("the results do not say %q:\n%s", want, got)
		}
	}
	risks := findAll(res.doc(t), func(n *html.Node) bool { return n.Data == "li" && hasClass(n, "risk") })
	if len(risks) != 2 || !strings.Contains(text(risks[0]), "High risk") || !strings.Contains(text(risks[0]), questionTextOf("technology_integration")) ||
		!strings.Contains(text(risks[1]), "Medium risk") || !strings.Contains(text(risks[1]), questionTextOf("culture_incidents")) {
		t.Fatalf("the risks are not high then medium for the two weak answers: %d risks", len(risks))
	}
	if links := findAll(risks[0], func(n *html.Node) bool { return n.Data == "a" }); len(links) != 1 || attr(links[0], "href") != "/o/"+slug+"/infrastructure#ci" {
		t.Errorf("the high risk does not link to the CI practice")
	}
	if byID(res.doc(t), "mradar-desc") == nil || strings.Contains(res.body, "mradar-previous") {
		t.Errorf("the first assessment's radar: described %v, with an overlay %v", byID(res.doc(t), "mradar-desc") != nil, strings.Contains(res.body, "mradar-previous"))
	}
	if n := completed(); n != 1 {
		t.Errorf("%d assessments completed, want 1", n)
	}

	// A second one starts from the first's answers and is overlaid on it.
	q = c.get(base + "/questionnaire")
	if got := pageText(t, q); !strings.Contains(got, "The answers start from your assessment of") {
		t.Errorf("the second questionnaire does not start from the first:\n%s", got)
	}
	r = c.post(base, withAction(knownAnswers(map[string]int{"technology_integration": 3}), "complete", "0"))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("completing a second = %d", r.StatusCode)
	}
	res = c.follow(r)
	got = pageText(t, res)
	// Culture 3.6 → 4 (+0.4); technology 3.5 → 3.83 (+0.33).
	for _, want := range []string{"Culture from the leader's answers 4 3.6 +0.4", "Technology from the leader's answers 3.83 3.5 +0.33",
		"Structure from the leader's answers 4 4 no change", "The dashed outline is the previous assessment.", "Overall score over time"} {
		if !strings.Contains(got, want) {
			t.Errorf("the second results do not say %q:\n%s", want, got)
		}
	}
	if !strings.Contains(res.body, "mradar-previous") {
		t.Error("the second radar has no overlay of the first")
	}

	// Members read the results; the questionnaire is the managers'.
	if r := mem.get(base); r.StatusCode != http.StatusOK || !strings.Contains(pageText(t, r), "Overall level: 3 · Defined") ||
		strings.Contains(r.body, "/maturity/questionnaire") {
		t.Errorf("a member's results = %d (questionnaire linked: %v)", r.StatusCode, strings.Contains(r.body, "/maturity/questionnaire"))
	}
	if r := mem.get(base + "/questionnaire"); r.StatusCode != http.StatusForbidden {
		t.Errorf("a member's questionnaire = %d, want 403", r.StatusCode)
	}
	if r := mem.post(base, withAction(knownAnswers(nil), "complete", "0")); r.StatusCode != http.StatusForbidden {
		t.Errorf("a member's completion = %d, want 403", r.StatusCode)
	}

	// Another organization sees none of it.
	other := c.newClient()
	otherSlug := other.signup("Oscar Other", "other@example.com", "Other Maturity")
	if r := other.get("/o/" + otherSlug + "/maturity"); r.StatusCode != http.StatusOK || !strings.Contains(pageText(t, r), "No completed assessment yet") {
		t.Errorf("another organization's results = %d, not empty", r.StatusCode)
	}
	if r := other.get(base); r.StatusCode != http.StatusNotFound {
		t.Errorf("an outsider's GET = %d, want 404", r.StatusCode)
	}
}

func questionTextOf(key string) string {
	q, _ := roadmap.MaturityQuestionByKey(key)
	return q.Text
}
