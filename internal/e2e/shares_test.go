package e2e

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// An owner creates a share link in the settings and copies it; an
// anonymous visitor, in a browser context of their own, reads the roadmap
// through it, with no member's name; the settings page and the shared page
// pass axe at every width in light and dark.
func TestShareLink(t *testing.T) {
	a := newApp(t)
	owner := newBrowser(t)
	if err := chromedp.Do(owner, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	signUpInBrowser(t, owner, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")
	visit(t, owner, a.URL+"/o/acme-corp/settings/tokens")
	typeInto(t, owner, `#f-name`, "share seed")
	click(t, owner, `form[action="/o/acme-corp/settings/tokens"] button[type="submit"]`)
	waitVisible(t, owner, `#new-token`)
	token, err := chromedp.Run(owner, chromedp.Value(chromedp.CSS(`#new-token`)))
	if err != nil {
		t.Fatal(err)
	}
	postJSON(t, a.URL, token, "/api/v1/stack", `{"name":"Datadog APM & Infra","category":"observability","lifecycle":"hold","monthly_cost":9000,"cost_scaling":"superlinear","scalability":2}`)
	postJSON(t, a.URL, token, "/api/v1/findings", `{"kind":"debt","title":"TLS certificate renewed by hand, expires in 9 days","severity":4,"effort":"xs"}`)
	postJSON(t, a.URL, token, "/api/v1/kpis", `{"measured_on":"2025-03-03","deployments_per_week":1,"lead_time_hours":200,"change_failure_rate":40,"recovery_time_hours":30}`)

	// From the settings page to the share links.
	visit(t, owner, a.URL+"/o/acme-corp/settings")
	click(t, owner, `a[href="/o/acme-corp/settings/shares"]`)
	waitVisible(t, owner, `#f-name`)
	checkPage(t, owner, page{name: "share links empty", path: "/o/acme-corp/settings/shares", heading: "Share links"})
	typeInto(t, owner, `#f-name`, "Board Q1")
	click(t, owner, `form[action="/o/acme-corp/settings/shares"] button[type="submit"]`)
	waitVisible(t, owner, `#new-share`)
	link, err := chromedp.Run(owner, chromedp.Value(chromedp.CSS(`#new-share`)))
	if err != nil || !regexp.MustCompile(`/share/[A-Za-z0-9_-]{43}$`).MatchString(link) {
		t.Fatalf("share link %q: %v", link, err)
	}
	checkPage(t, owner, page{name: "share links", path: "/o/acme-corp/settings/shares", heading: "Share links"})

	// Someone without an account.
	visitor := newPerson(t, owner)
	if err := chromedp.Do(visitor, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	share := link[strings.Index(link, "/share/"):]
	visit(t, visitor, a.URL+share)
	waitVisible(t, visitor, `article.roadmap-card`)
	body := textOf(t, visitor, `body`)
	for _, want := range []string{"Shared read-only by Acme Corp", "TLS certificate renewed by hand"} {
		if !strings.Contains(body, want) {
			t.Errorf("the shared page lacks %q", want)
		}
	}
	if strings.Contains(body, "Olivia") || strings.Contains(body, "olivia@example.com") {
		t.Errorf("the shared page names a member")
	}
	checkPage(t, visitor, page{name: "shared roadmap", path: share, heading: "Acme Corp"})

	// Revoked, the same link says it is not valid.
	visit(t, owner, a.URL+"/o/acme-corp/settings/shares")
	click(t, owner, `a.danger-link`)
	waitVisible(t, owner, `form.confirm-actions button.danger`)
	click(t, owner, `form.confirm-actions button.danger`)
	waitVisible(t, owner, `.badge-neutral`)
	visit(t, visitor, a.URL+share)
	checkPage(t, visitor, page{name: "share link not valid", path: share, heading: "This link is not valid", status: 404})
}
