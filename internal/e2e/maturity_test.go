package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/headwayhq/headway/internal/roadmap"
)

// Steps 3 and 4 in the browser: an owner sets a few practices and sees the
// completion and a prerequisite warning; completes an assessment (after a
// refused completion naming the unanswered questions) and sees the radar
// and the risks pointing at the practices; completes a second and sees it
// overlaid on the first. Every page passes the accessibility checks at
// every width, light and dark.
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
		waitVisible(t, ctx, `main .notice-success`)
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

	// A second assessment, better on culture and technology: overlaid on the first.
	visit(t, ctx, a.URL+mat+"/questionnaire")
	answerQuestionnaire(t, ctx, map[string]int{"technology_integration": 3, "technology_observability": 5})
	click(t, ctx, `form.questionnaire button[value="complete"]`)
	waitVisible(t, ctx, `polygon.mradar-previous`)
	if got := textOf(t, ctx, `table.maturity-scores`); !strings.Contains(got, "+0.4") {
		t.Errorf("the change per dimension is missing:\n%s", got)
	}
	waitVisible(t, ctx, `figure.maturity-trend svg`)
	checkPage(t, ctx, page{name: "maturity results overlaid", path: mat, heading: "Maturity assessment"})

	// The team survey: opened, then answered by the owner (a member too).
	click(t, ctx, `nav.tabs a[href="`+mat+`/survey"]`)
	waitVisible(t, ctx, `.empty-state`)
	checkPage(t, ctx, page{name: "survey closed", path: mat + "/survey", heading: "Team survey"})
	click(t, ctx, `form[action="`+mat+`/survey/open"] button`)
	waitVisible(t, ctx, `form.survey-form`)
	for _, q := range roadmap.MaturityQuestions {
		click(t, ctx, `#s-`+q.Key+`-3`)
	}
	click(t, ctx, `form.survey-form button[type="submit"]`)
	waitVisible(t, ctx, `main .survey-answered`)
	if got := textOf(t, ctx, `main`); !strings.Contains(got, "1 person has answered") {
		t.Errorf("the survey does not count the answer:\n%s", got)
	}
	checkPage(t, ctx, page{name: "survey answered", path: mat + "/survey", heading: "Team survey"})
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
