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
	checked := findAll(q.doc(t), func(n *html.Node) bool {
		return n.Data == "input" && attr(n, "type") == "radio" && hasAttr(n, "checked")
	})
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

// The team survey: an admin opens it and every other member is emailed a
// link; members answer (a missing answer is a 422 naming it, nothing
// stored); each sees only their own answers, and nobody sees anyone
// else's. Completed with 3 answers, the results show the team's medians,
// score the dimensions on them and name the blind spot (leader 5, team 2);
// with 2 answers, a second survey shows no aggregate and the leader's
// answers count.
func TestMaturitySurvey(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Survey Org")
	c.addMember(slug, "Adam Admin", "admin@example.com", "admin")
	people := []string{"one@example.com", "two@example.com", "three@example.com"}
	var team []*client
	for i, e := range people {
		c.addMember(slug, "Member "+strconv.Itoa(i+1), e, "member")
		m := c.newClient()
		m.mustLogin(e)
		team = append(team, m)
	}
	admin := c.newClient()
	admin.mustLogin("admin@example.com")
	base := "/o/" + slug + "/maturity"

	if r := team[0].get(base + "/survey"); r.StatusCode != http.StatusOK || !strings.Contains(pageText(t, r), "No team survey is open") {
		t.Fatalf("the survey page before it opens = %d", r.StatusCode)
	}
	r := admin.post(base+"/survey/open", nil)
	if r.StatusCode != http.StatusSeeOther || !strings.Contains(pageText(t, admin.follow(r)), "Opened the team survey and emailed 4 members.") {
		t.Fatalf("opening the survey = %d", r.StatusCode)
	}
	for _, e := range append([]string{"owner@example.com"}, people...) {
		if msgs := c.emailsTo(e); len(msgs) != 1 || !strings.Contains(msgs[0].Text, base+"/survey") {
			t.Errorf("%s got %d survey emails", e, len(msgs))
		}
	}
	if msgs := c.emailsTo("admin@example.com"); len(msgs) != 0 {
		t.Errorf("the admin who opened it got %d emails", len(msgs))
	}
	// Opening it again sends nothing more.
	if r := admin.post(base+"/survey/open", nil); r.StatusCode != http.StatusSeeOther || len(c.emailsTo("one@example.com")) != 1 {
		t.Errorf("opening an open survey = %d and emailed again", r.StatusCode)
	}

	surveyRows := func() int {
		return c.count(`SELECT count(*) FROM maturity_survey_answers a JOIN organizations o ON o.id = a.org_id WHERE o.slug = $1`, slug)
	}
	// A missing answer: 422 naming it, nothing stored.
	partial := knownAnswers(nil)
	partial.Del("structure_platform")
	r = team[0].post(base+"/survey", partial)
	if r.StatusCode != http.StatusUnprocessableEntity || byID(r.doc(t), "q-structure_platform-error") == nil || surveyRows() != 0 {
		t.Fatalf("a survey with a missing answer = %d, %d rows stored", r.StatusCode, surveyRows())
	}
	// Everyone answers technology_integration 2; the first one answers
	// culture_learning 1 where the others answer 3.
	for i, m := range team {
		over := map[string]int{"technology_integration": 2}
		if i == 0 {
			over["culture_learning"] = 1
		} else {
			over["culture_learning"] = 3
		}
		if r := m.post(base+"/survey", knownAnswers(over)); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("member %d's answers = %d", i+1, r.StatusCode)
		}
	}
	// Each sees their own answers, not anyone else's.
	checkedLevel := func(r *response, key string) string {
		for _, n := range findAll(r.doc(t), func(n *html.Node) bool { return n.Data == "input" && attr(n, "name") == key && hasAttr(n, "checked") }) {
			return attr(n, "value")
		}
		return ""
	}
	if got := checkedLevel(team[0].get(base+"/survey"), "culture_learning"); got != "1" {
		t.Errorf("member 1 sees %q as their culture_learning answer, want 1", got)
	}
	if got := checkedLevel(team[1].get(base+"/survey"), "culture_learning"); got != "3" {
		t.Errorf("member 2 sees %q as their culture_learning answer, want 3", got)
	}
	if got := checkedLevel(admin.get(base+"/survey"), "culture_learning"); got != "" {
		t.Errorf("the admin, who did not answer, sees answer %q chosen", got)
	}

	// The leader completes with technology_integration 5: the team's
	// median 2 is a blind spot; every dimension is scored on the team's
	// medians (technology: 2,4,4,4,4,4 = 3.67).
	q := admin.get(base + "/questionnaire")
	version := attr(findAll(q.doc(t), func(n *html.Node) bool { return n.Data == "input" && attr(n, "name") == "version" })[0], "value")
	r = admin.post(base, withAction(knownAnswers(map[string]int{"technology_integration": 5}), "complete", version))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("completing with the survey = %d\n%s", r.StatusCode, r.body)
	}
	for _, who := range []*client{admin, team[2]} {
		got := pageText(t, who.get(base))
		for _, want := range []string{"3 people answered", "Blind spots", questionTextOf("technology_integration") + " Leader 5, team median 2. The leader sees it 3 levels higher than the team.",
			"Technology from the team's medians 3.67"} {
			if !strings.Contains(got, want) {
				t.Errorf("the results do not say %q:\n%s", want, got)
			}
		}
		if strings.Contains(got, "Member 1") || strings.Contains(got, "one@example.com") {
			t.Error("the results name a member who answered")
		}
	}

	// A second survey with 2 answers: no aggregate, the leader's answers.
	if r := admin.post(base+"/survey/open", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("opening a second survey = %d", r.StatusCode)
	}
	if got := checkedLevel(team[0].get(base+"/survey"), "culture_learning"); got != "" {
		t.Errorf("the second survey shows member 1's earlier answer %q", got)
	}
	for _, m := range team[:2] {
		if r := m.post(base+"/survey", knownAnswers(map[string]int{"technology_integration": 1})); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("an answer to the second survey = %d", r.StatusCode)
		}
	}
	q = admin.get(base + "/questionnaire")
	version = attr(findAll(q.doc(t), func(n *html.Node) bool { return n.Data == "input" && attr(n, "name") == "version" })[0], "value")
	if r := admin.post(base, withAction(knownAnswers(map[string]int{"technology_integration": 5}), "complete", version)); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("completing the second = %d", r.StatusCode)
	}
	got := pageText(t, team[0].get(base))
	if !strings.Contains(got, "2 people answered: the team's answers are shown from 3 answers") || strings.Contains(got, "Team median") ||
		!strings.Contains(got, "Technology from the leader's answers") {
		t.Errorf("with 2 answers the results show an aggregate or the team's scores:\n%s", got)
	}
}
