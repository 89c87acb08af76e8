package e2e

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/headwayhq/headway/internal/roadmap"
)

// sendJSON sends body to the API with token, failing unless it answers want.
func sendJSON(t *testing.T, base, token, method, path, body string, want int) {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
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
	if res.StatusCode != want {
		t.Fatalf("%s %s = %d, want %d", method, path, res.StatusCode, want)
	}
}

// The dashboard, empty (the checklist and an empty state per tile) and
// filled through the API and the rating form (tiles, radar, progress),
// passes axe at every width in light and dark.
func TestDashboard(t *testing.T) {
	a := newApp(t)
	owner := newBrowser(t)
	if err := chromedp.Do(owner, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	signUpInBrowser(t, owner, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")
	waitVisible(t, owner, `.summary-empty a[href="/o/acme-corp/kpis"]`)
	checkPage(t, owner, page{name: "dashboard empty", path: "/o/acme-corp/", heading: "Acme Corp"})

	visit(t, owner, a.URL+"/o/acme-corp/settings/tokens")
	typeInto(t, owner, `#f-name`, "dashboard seed")
	click(t, owner, `form[action="/o/acme-corp/settings/tokens"] button[type="submit"]`)
	waitVisible(t, owner, `#new-token`)
	token, err := chromedp.Run(owner, chromedp.Value(chromedp.CSS(`#new-token`)))
	if err != nil || !regexp.MustCompile(`^hw_`).MatchString(token) {
		t.Fatalf("token %q: %v", token, err)
	}
	for _, body := range []string{
		`{"name":"Datadog APM & Infra","category":"observability","lifecycle":"hold","monthly_cost":9000,"cost_scaling":"superlinear","scalability":2,"support_hours_per_month":30}`,
		`{"name":"GitHub Actions","category":"ci_cd","lifecycle":"adopt","monthly_cost":400,"cost_scaling":"linear","scalability":4,"support_hours_per_month":6}`,
	} {
		sendJSON(t, a.URL, token, http.MethodPost, "/api/v1/stack", body, http.StatusCreated)
	}
	sendJSON(t, a.URL, token, http.MethodPost, "/api/v1/findings", `{"kind":"debt","title":"TLS certificate renewed by hand, expires in 9 days","severity":4,"effort":"xs"}`, http.StatusCreated)
	sendJSON(t, a.URL, token, http.MethodPost, "/api/v1/kpis", `{"measured_on":"2025-02-03","deployments_per_week":1,"lead_time_hours":200,"change_failure_rate":40,"recovery_time_hours":30}`, http.StatusCreated)
	sendJSON(t, a.URL, token, http.MethodPost, "/api/v1/kpis", `{"measured_on":"2025-03-03","deployments_per_week":3,"lead_time_hours":300,"change_failure_rate":12,"recovery_time_hours":30,"rework_rate":8}`, http.StatusCreated)
	sendJSON(t, a.URL, token, http.MethodPut, "/api/v1/practices/ci", `{"status":"fully"}`, http.StatusOK)
	// Every maturity question answered, level 1 to 4 in turn, so the radar
	// has a shape.
	answers := map[string]int{}
	for i, q := range roadmap.MaturityQuestions {
		answers[q.Key] = 1 + i%4
	}
	body, err := json.Marshal(map[string]any{"answers": answers})
	if err != nil {
		t.Fatal(err)
	}
	sendJSON(t, a.URL, token, http.MethodPost, "/api/v1/maturity", string(body), http.StatusCreated)

	// The owner rates two skills (the matrix's step 2a).
	visit(t, owner, a.URL+"/o/acme-corp/skills/me")
	click(t, owner, `#skill-kubernetes input[type="radio"][value="3"]`)
	click(t, owner, `#skill-linux input[type="radio"][value="4"]`)
	click(t, owner, `form.self-rating button[type="submit"]`)
	waitVisible(t, owner, `main .notice`)

	visit(t, owner, a.URL+"/o/acme-corp/")
	waitVisible(t, owner, `.dora-tile`)
	if got := textOf(t, owner, `main`); strings.Contains(got, "Get started") || !strings.Contains(got, "TLS certificate renewed by hand") {
		t.Errorf("the filled dashboard still shows the checklist or misses the quick win: %q", got)
	}
	checkPage(t, owner, page{name: "dashboard filled", path: "/o/acme-corp/", heading: "Acme Corp"})
}
