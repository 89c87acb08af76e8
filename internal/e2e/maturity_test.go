package e2e

import (
	"strings"
	"testing"
)

// Steps 3 and 4 in the browser: an owner sets a few practices and sees the
// completion and a prerequisite warning; every page passes the
// accessibility checks at every width, light and dark.
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
}
