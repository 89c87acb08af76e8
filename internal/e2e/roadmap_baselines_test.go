package e2e

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Roadmap baselines in the browser: the empty list, a baseline saved
// through the form, and its comparison after a severe XS finding is added,
// each passing axe at every width in light and dark.
func TestBaselines(t *testing.T) {
	a := newApp(t)
	owner := newBrowser(t)
	if err := chromedp.Do(owner, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	signUpInBrowser(t, owner, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")
	visit(t, owner, a.URL+"/o/acme-corp/roadmap/baselines")
	waitVisible(t, owner, `.empty-state`)
	checkPage(t, owner, page{name: "baselines empty", path: "/o/acme-corp/roadmap/baselines", heading: "Roadmap baselines"})

	visit(t, owner, a.URL+"/o/acme-corp/settings/tokens")
	typeInto(t, owner, `#f-name`, "baseline seed")
	click(t, owner, `form[action="/o/acme-corp/settings/tokens"] button[type="submit"]`)
	waitVisible(t, owner, `#new-token`)
	token, err := chromedp.Run(owner, chromedp.Value(chromedp.CSS(`#new-token`)))
	if err != nil || !regexp.MustCompile(`^hw_`).MatchString(token) {
		t.Fatalf("token %q: %v", token, err)
	}
	postJSON(t, a.URL, token, "/api/v1/stack", `{"name":"Datadog APM & Infra","category":"observability","lifecycle":"hold","monthly_cost":9000,"cost_scaling":"superlinear","scalability":2}`)
	postJSON(t, a.URL, token, "/api/v1/findings", `{"kind":"debt","title":"Old CI runners on a retired OS","severity":3,"effort":"m"}`)

	visit(t, owner, a.URL+"/o/acme-corp/roadmap/baselines")
	typeInto(t, owner, `#f-name`, "Q1 board review")
	click(t, owner, `form[action="/o/acme-corp/roadmap/baselines"] button[type="submit"]`)
	waitVisible(t, owner, `.empty-state a[href="/o/acme-corp/roadmap"]`) // the comparison's, not the list's
	compare := path(t, owner)
	if !strings.HasPrefix(compare, "/o/acme-corp/roadmap/baselines/") {
		t.Fatalf("after saving the browser is at %s", compare)
	}
	if got := textOf(t, owner, `.empty-state h2`); got != "Nothing changed since this baseline" {
		t.Errorf("right after saving: %q", got)
	}

	postJSON(t, a.URL, token, "/api/v1/findings", `{"kind":"debt","title":"TLS certificate renewed by hand, expires in 9 days","severity":4,"effort":"xs"}`)
	visit(t, owner, a.URL+compare)
	waitVisible(t, owner, `#baseline-added li a`)
	if got := textOf(t, owner, `#baseline-added-heading .count`); got != "1" {
		t.Errorf("added: %q, want 1", got)
	}
	checkPage(t, owner, page{name: "baseline compare", path: compare, heading: "Q1 board review"})

	visit(t, owner, a.URL+"/o/acme-corp/roadmap/baselines")
	waitVisible(t, owner, `.baselines-table`)
	checkPage(t, owner, page{name: "baselines", path: "/o/acme-corp/roadmap/baselines", heading: "Roadmap baselines"})
}
