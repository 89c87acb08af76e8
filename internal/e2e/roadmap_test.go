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

	// Decide without JavaScript-only controls: accept the quick win with
	// its button, then assign it and leave a note in its form.
	first := textOf(t, owner, `#phase-now ol.roadmap-cards > li:first-child article h3`)
	if !strings.Contains(first, "TLS certificate") {
		t.Fatalf("the first card is %q, want the TLS finding's", first)
	}
	click(t, owner, `#phase-now ol.roadmap-cards > li:first-child .roadmap-actions button[type="submit"]`) // Accept
	waitVisible(t, owner, `#phase-now ol.roadmap-cards > li:first-child .roadmap-meta .badge-primary`)     // Accepted
	if s := textOf(t, owner, `#phase-now ol.roadmap-cards > li:first-child .roadmap-meta`); !strings.Contains(s, "Accepted") {
		t.Fatalf("after Accept the card says %q", s)
	}
	click(t, owner, `#phase-now ol.roadmap-cards > li:first-child .roadmap-actions a[href*="/roadmap/decisions/"]`)
	waitVisible(t, owner, `#f-notes`)
	checkPage(t, owner, page{name: "roadmap decision", path: path(t, owner), heading: first})
	typeInto(t, owner, `#f-notes`, "Renew with the new CA by Friday.")
	click(t, owner, `.decision-layout form button[type="submit"]`)
	waitVisible(t, owner, `#phase-now ol.roadmap-cards > li:first-child .roadmap-notes`)
	if s := textOf(t, owner, `#phase-now ol.roadmap-cards > li:first-child .roadmap-notes`); !strings.Contains(s, "Renew with the new CA") {
		t.Fatalf("the note reads %q", s)
	}

	// Dismiss the last proposal: it moves to the folded Dismissed list.
	click(t, owner, `.roadmap-phase:last-of-type ol.roadmap-cards > li:last-child .roadmap-actions form:last-of-type button`)
	waitVisible(t, owner, `details.roadmap-more summary`)

	// Add an initiative by hand; it takes its place by value and size.
	visit(t, owner, a.URL+"/o/acme-corp/roadmap/initiatives/new")
	typeInto(t, owner, `#f-title`, "Pass the SOC 2 audit")
	click(t, owner, `form.panel button[type="submit"]`)
	waitVisible(t, owner, `article.roadmap-card`)
	if s := textOf(t, owner, `.roadmap-phases`); !strings.Contains(s, "Pass the SOC 2 audit") {
		t.Fatalf("the hand-added initiative is not on the roadmap: %q", s)
	}
	checkPage(t, owner, page{name: "roadmap decided", path: "/o/acme-corp/roadmap", heading: "Roadmap"})
	visit(t, owner, a.URL+"/o/acme-corp/roadmap/initiatives/new")
	checkPage(t, owner, page{name: "roadmap initiative form", path: "/o/acme-corp/roadmap/initiatives/new", heading: "Add an initiative"})
	visit(t, owner, a.URL+"/o/acme-corp/roadmap?status=accepted")
	checkPage(t, owner, page{name: "roadmap filtered", path: "/o/acme-corp/roadmap?status=accepted", heading: "Roadmap"})
}
