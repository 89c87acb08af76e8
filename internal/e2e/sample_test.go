package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The sample organization in the browser: a new user explores it from the
// empty dashboard, sees the sample banner on the dashboard and the roadmap
// (with decisions already taken), both passing axe at every width in light
// and dark, and deletes it from the banner through its confirmation page.
func TestSampleOrganization(t *testing.T) {
	a := newApp(t)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	signUpInBrowser(t, ctx, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")
	waitVisible(t, ctx, `.sample-offer`)
	checkPage(t, ctx, page{name: "dashboard with the sample offer", path: "/o/acme-corp/", heading: "Acme Corp"})
	click(t, ctx, `.sample-offer button[type="submit"]`)
	waitVisible(t, ctx, `.sample-banner`)
	dash := path(t, ctx)
	if !strings.HasPrefix(dash, "/o/northwind-cloud-sample") {
		t.Fatalf("after exploring the sample the browser is at %s", dash)
	}
	if got := textOf(t, ctx, `.sample-banner strong`); got != "Sample organization" {
		t.Errorf("banner: %q", got)
	}
	checkPage(t, ctx, page{name: "sample dashboard", path: dash, heading: "Northwind Cloud (sample)"})

	visit(t, ctx, a.URL+dash+"roadmap")
	waitVisible(t, ctx, `.sample-banner`)
	if road := textOf(t, ctx, `main`); !strings.Contains(road, "In progress") || !strings.Contains(road, "Mei Lin") {
		t.Errorf("the sample roadmap shows no decision in progress with its owner")
	}
	checkPage(t, ctx, page{name: "sample roadmap", path: dash + "roadmap", heading: "Roadmap"})

	click(t, ctx, `.sample-banner a[role="button"]`)
	waitVisible(t, ctx, `.confirm-card`)
	checkPage(t, ctx, page{name: "sample delete confirmation", path: dash + "sample/delete", heading: "Delete the sample organization?"})
	click(t, ctx, `.confirm-card button[type="submit"]`)
	waitVisible(t, ctx, `.org-list`)
	if got := path(t, ctx); got != "/orgs" {
		t.Errorf("after deleting the browser is at %s", got)
	}
	if list := textOf(t, ctx, `main`); strings.Contains(list, "Northwind") || !strings.Contains(list, "Acme Corp") {
		t.Errorf("organizations after deleting the sample: %q", list)
	}
}
