package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/alexedwards/argon2id"
	"github.com/chromedp/chromedp"

	"github.com/headwayhq/headway/internal/roadmap"
)

// Steps 3 and 4 in the browser: an owner sets a few practices and sees the
// completion and a prerequisite warning; completes an assessment (after a
// refused completion naming the unanswered questions) and sees the radar
// and the risks pointing at the practices; opens the team survey, which
// three members answer in their own browsers; completes a second
// assessment and sees it overlaid on the first, scored on the team's
// medians, with a blind spot. Every page passes the accessibility checks
// at every width, light and dark.
func TestMaturityJourney(t *testing.T) {
	a := newApp(t)
	ctx := newBrowser(t)
	signUpInBrowser(t, ctx, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")
	infra := "/o/acme-corp/infrastructure"

	// The practices: continuous delivery partly, before CI is mostly there.
	visit(t, ctx, a.URL+infra)
	checkPage(t, ctx, page{name: "practices", path: infra, heading: "Scalable infrastructure"})
	setPractice := func(key, status, notes string) {
		t.Helper()
		fill(t, ctx, `#p-`+key+`-status`, status)
		fill(t, ctx, `#p-`+key+`-notes`, notes)
		click(t, ctx, `#`+key+` form.practice-form button[type="submit"]`)
		// Each practice is set once here: its "set by" line is the new page's.
		waitVisible(t, ctx, `#`+key+` .practice-changed`)
	}
	setPractice("ci", "partial", "Only the API runs CI.")
	setPractice("continuous_delivery", "partial", "Staging deploys on merge.")
	setPractice("metrics", "fully", "Prometheus everywhere.")
	if got := textOf(t, ctx, `#continuous_delivery`); !strings.Contains(got, "which is only partly in place") || !strings.Contains(got, "Set to Partial by Olivia Owner") {
		t.Errorf("continuous delivery does not warn about CI or say who set it:\n%s", got)
	}
	if got := textOf(t, ctx, `.completion-bars`); !strings.Contains(got, "Automation") || !strings.Contains(got, "7%") {
		t.Errorf("the completion does not show automation at 7%%:\n%s", got)
	}
	checkPage(t, ctx, page{name: "practices set", path: infra, heading: "Scalable infrastructure"})

	// The maturity assessment: the results, empty yet.
	mat := "/o/acme-corp/maturity"
	visit(t, ctx, a.URL+mat)
	waitVisible(t, ctx, `.empty-state`)
	checkPage(t, ctx, page{name: "maturity empty", path: mat, heading: "Maturity assessment"})
	click(t, ctx, `main a[href="`+mat+`/questionnaire"]`)
	waitVisible(t, ctx, `form.questionnaire`)
	checkPage(t, ctx, page{name: "questionnaire", path: mat + "/questionnaire", heading: "Questionnaire"})

	// Two answers, then "complete": refused, the rest named.
	click(t, ctx, `#a-culture_incidents-2`)
	click(t, ctx, `#a-technology_integration-1`)
	click(t, ctx, `form.questionnaire button[value="complete"]`)
	waitVisible(t, ctx, `#q-culture_learning-error`)
	if got := textOf(t, ctx, `main .notice-error`); !strings.Contains(got, "19 questions are unanswered") {
		t.Errorf("the refused completion says %q", got)
	}
	checkPage(t, ctx, page{name: "questionnaire with missing answers", path: mat, heading: "Questionnaire", status: 422})

	// Every question answered: the results, the radar and the risks.
	answerQuestionnaire(t, ctx, map[string]int{"culture_incidents": 2, "technology_integration": 1, "technology_observability": 3})
	click(t, ctx, `form.questionnaire button[value="complete"]`)
	waitVisible(t, ctx, `figure.maturity-radar svg`)
	if got := textOf(t, ctx, `#overall-heading`); got != "Overall level: 3 · Defined" {
		t.Errorf("the overall level is %q", got)
	}
	if got := textOf(t, ctx, `ol.risk-list`); !strings.Contains(got, "High risk") || !strings.Contains(got, "Continuous integration on every change") ||
		!strings.Contains(got, "SLOs and error budgets") {
		t.Errorf("the risks do not point at the practices:\n%s", got)
	}
	checkPage(t, ctx, page{name: "maturity results", path: mat, heading: "Maturity assessment"})
	// A risk's practice link leads to the practice.
	click(t, ctx, `ol.risk-list a[href="`+infra+`#ci"]`)
	waitVisible(t, ctx, `#ci`)

	// The team survey: closed until the owner opens it, which emails the
	// three members; each answers in their own browser, and sees only their
	// own answers.
	visit(t, ctx, a.URL+mat)
	click(t, ctx, `nav.tabs a[href="`+mat+`/survey"]`)
	waitVisible(t, ctx, `.empty-state`)
	checkPage(t, ctx, page{name: "survey closed", path: mat + "/survey", heading: "Team survey"})
	members := []string{"mia@example.com", "max@example.com", "mo@example.com"}
	seedMembers(t, a, members)
	click(t, ctx, `form[action="`+mat+`/survey/open"] button`)
	waitVisible(t, ctx, `form.survey-form`)
	if got := textOf(t, ctx, `main .notice-success`); got != "Opened the team survey and emailed 3 members." {
		t.Errorf("opening the survey says %q", got)
	}
	for i, email := range members {
		if n := len(a.mail.To(email)); n != 1 {
			t.Errorf("%s got %d survey emails, want 1", email, n)
		}
		m := newPerson(t, ctx)
		if err := chromedp.Do(m, emulateMedia("")); err != nil {
			t.Fatal(err)
		}
		logIn(t, m, a.URL, email)
		visit(t, m, a.URL+mat+"/survey")
		// The team sees technology_integration at 2 and culture_learning at 3.
		for _, q := range roadmap.MaturityQuestions {
			l := 3
			if q.Key == "technology_integration" {
				l = 2
			}
			click(t, m, `#s-`+q.Key+`-`+strconv.Itoa(l))
		}
		click(t, m, `form.survey-form button[type="submit"]`)
		waitVisible(t, m, `main .survey-answered`)
		want := strconv.Itoa(i+1) + " people have answered"
		if i == 0 {
			want = "1 person has answered"
		}
		if got := textOf(t, m, `main`); !strings.Contains(got, want) {
			t.Errorf("member %d's survey page does not say %q:\n%s", i+1, want, got)
		}
		if i == 2 {
			checkPage(t, m, page{name: "survey answered", path: mat + "/survey", heading: "Team survey"})
		}
	}

	// The second assessment: the leader rates integration 5 where the
	// team says 2, a blind spot; the radar overlays the first assessment.
	visit(t, ctx, a.URL+mat+"/questionnaire")
	answerQuestionnaire(t, ctx, map[string]int{"technology_integration": 5, "technology_observability": 5})
	click(t, ctx, `form.questionnaire button[value="complete"]`)
	waitVisible(t, ctx, `polygon.mradar-previous`)
	waitVisible(t, ctx, `figure.maturity-trend svg`)
	if got := textOf(t, ctx, `table.maturity-scores`); !strings.Contains(got, "the team's medians") {
		t.Errorf("the scores do not say they are the team's medians:\n%s", got)
	}
	if got := textOf(t, ctx, `ul.blind-spots`); !strings.Contains(got, "Leader 5, team median 2") {
		t.Errorf("the blind spot is missing:\n%s", got)
	}
	click(t, ctx, `.survey-details summary`)
	if got := textOf(t, ctx, `table.survey-table`); !strings.Contains(got, "How are code changes integrated and tested?") {
		t.Errorf("the medians are missing:\n%s", got)
	}
	checkPage(t, ctx, page{name: "maturity results overlaid", path: mat, heading: "Maturity assessment"})
}

// seedMembers adds members to acme-corp with the password logIn types: no
// page adds a member without the invitation journey, tested elsewhere.
func seedMembers(t *testing.T, a *app, emails []string) {
	t.Helper()
	hash, err := argon2id.CreateHash("correct horse battery", argon2id.DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	su := a.db.Superuser(t)
	for _, e := range emails {
		if _, err := su.Exec(context.Background(), `WITH u AS (INSERT INTO users (email, name, password_hash) VALUES ($1, $1, $2) RETURNING id)
			INSERT INTO memberships (org_id, user_id, role) SELECT o.id, u.id, 'member' FROM organizations o, u WHERE o.slug = 'acme-corp'`, e, hash); err != nil {
			t.Fatal(err)
		}
	}
}

// logIn logs a seeded member in.
func logIn(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	visit(t, ctx, base+"/login")
	fill(t, ctx, `#f-email`, email)
	fill(t, ctx, `#f-password`, "correct horse battery")
	click(t, ctx, `form[action="/login"] button[type="submit"]`)
	waitVisible(t, ctx, `nav.section-nav`)
}

// answerQuestionnaire chooses level 4 for every question but those in over.
func answerQuestionnaire(t *testing.T, ctx context.Context, over map[string]int) {
	t.Helper()
	for _, q := range roadmap.MaturityQuestions {
		l := 4
		if v, ok := over[q.Key]; ok {
			l = v
		}
		click(t, ctx, `#a-`+q.Key+`-`+strconv.Itoa(l))
	}
}
