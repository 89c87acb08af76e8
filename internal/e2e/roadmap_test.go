package e2e

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// postJSON sends body to the API with token, failing unless it is created.
func postJSON(t *testing.T, base, token, path, body string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("POST %s = %d, want 201", path, res.StatusCode)
	}
}

// The roadmap page, empty and with the acceptance scenario's first
// signals, passes axe at every width in light and dark.
func TestRoadmap(t *testing.T) {
	a := newApp(t)
	owner := newBrowser(t)
	if err := chromedp.Do(owner, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	signUpInBrowser(t, owner, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")
	visit(t, owner, a.URL+"/o/acme-corp/roadmap")
	waitVisible(t, owner, `.empty-state a[href="/o/acme-corp/kpis"]`)
	checkPage(t, owner, page{name: "roadmap empty", path: "/o/acme-corp/roadmap", heading: "Roadmap"})

	visit(t, owner, a.URL+"/o/acme-corp/settings/tokens")
	typeInto(t, owner, `#f-name`, "roadmap seed")
	click(t, owner, `form[action="/o/acme-corp/settings/tokens"] button[type="submit"]`)
	waitVisible(t, owner, `#new-token`)
	token, err := chromedp.Run(owner, chromedp.Value(chromedp.CSS(`#new-token`)))
	if err != nil || !regexp.MustCompile(`^hw_`).MatchString(token) {
		t.Fatalf("token %q: %v", token, err)
	}
	postJSON(t, a.URL, token, "/api/v1/stack", `{"name":"Datadog APM & Infra","category":"observability","lifecycle":"hold","monthly_cost":9000,"cost_scaling":"superlinear","scalability":2}`)
	postJSON(t, a.URL, token, "/api/v1/findings", `{"kind":"debt","title":"TLS certificate renewed by hand, expires in 9 days","severity":4,"effort":"xs"}`)
	postJSON(t, a.URL, token, "/api/v1/kpis", `{"measured_on":"2025-03-03","deployments_per_week":1,"lead_time_hours":200,"change_failure_rate":40,"recovery_time_hours":30}`)

	visit(t, owner, a.URL+"/o/acme-corp/roadmap")
	waitVisible(t, owner, `article.roadmap-card`)
	checkPage(t, owner, page{name: "roadmap", path: "/o/acme-corp/roadmap", heading: "Roadmap"})
}
