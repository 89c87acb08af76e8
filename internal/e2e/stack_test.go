package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Step 1 in the browser: a new owner adds tools from the starter catalog,
// edits one, sets the team size and reads the considerations' figures.
// Every page passes the accessibility checks at every width, light and dark.
func TestStackAuditJourney(t *testing.T) {
	a := newApp(t)
	ctx := newBrowser(t)
	signUpInBrowser(t, ctx, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")
	base := "/o/acme-corp/stack"

	// The dashboard's step 1 card leads to the inventory.
	click(t, ctx, `main a[href="`+base+`"]`)
	waitVisible(t, ctx, `form[action="`+base+`/catalog"]`)
	for _, key := range []string{"github", "github_actions", "terraform", "kubernetes", "datadog", "pagerduty"} {
		click(t, ctx, `input[name="tool"][value="`+key+`"]`)
	}
	click(t, ctx, `form[action="`+base+`/catalog"] button[type="submit"]`)
	waitVisible(t, ctx, `table.inventory-table`)
	if got := textOf(t, ctx, `main .notice`); !strings.Contains(got, "Added 6 tools") {
		t.Errorf("after the catalog the flash says %q", got)
	}
	checkPage(t, ctx, page{name: "inventory", path: base, heading: "Tech-stack audit"})

	// Datadog: its cost, owner and support hours.
	clickLink(t, ctx, `table.inventory-table`, "Datadog")
	waitVisible(t, ctx, `.item-head`)
	click(t, ctx, `a[href$="/edit"]`)
	waitVisible(t, ctx, `#f-monthly_cost`)
	fill(t, ctx, `#f-monthly_cost`, "-3")
	click(t, ctx, `form.item-form button[type="submit"]`)
	waitVisible(t, ctx, `#f-monthly_cost-error`)
	if got := textOf(t, ctx, `#f-monthly_cost-error`); got != "Monthly cost cannot be negative." {
		t.Errorf("a negative cost says %q", got)
	}
	heading := textOf(t, ctx, `main h1`)
	checkPage(t, ctx, page{name: "stack item with an error", path: path(t, ctx), heading: heading, status: 422})
	fill(t, ctx, `#f-monthly_cost`, "2400")
	fill(t, ctx, `#f-support_hours_per_month`, "24")
	fill(t, ctx, `#f-owner`, "Platform team")
	click(t, ctx, `form.item-form button[type="submit"]`)
	waitVisible(t, ctx, `.item-head`)
	name := textOf(t, ctx, `main h1`)
	checkPage(t, ctx, page{name: "stack item", path: path(t, ctx), heading: name})

	// A debt finding on it, from its page.
	click(t, ctx, `main a[href*="/stack/findings/new?stack_item_id="]`)
	waitVisible(t, ctx, `#f-title`)
	fill(t, ctx, `#f-kind`, "debt")
	fill(t, ctx, `#f-title`, "Custom metrics bill grows with every host")
	fill(t, ctx, `#f-severity`, "3")
	fill(t, ctx, `#f-effort`, "s")
	click(t, ctx, `main form[method="post"] button[type="submit"]`)
	waitVisible(t, ctx, `main .notice-success`)
	visit(t, ctx, a.URL+base)
	clickLink(t, ctx, `table.inventory-table`, name)
	waitVisible(t, ctx, `.item-head`)
	if got := textOf(t, ctx, `main`); !strings.Contains(got, "Custom metrics bill grows with every host") {
		t.Errorf("the item's page does not list its new finding:\n%s", got)
	}
	checkPage(t, ctx, page{name: "stack item with a finding", path: path(t, ctx), heading: name})

	// The sorted, filtered inventory is an address.
	visit(t, ctx, a.URL+base+"?sort=cost")
	if got := textOf(t, ctx, `table.inventory-table tbody tr:first-child th a`); got != name {
		t.Errorf("sorted by cost, the first tool is %q, want %q", got, name)
	}

	// The considerations: the team of 12, planned 18.
	click(t, ctx, `nav.tabs a[href="`+base+`/considerations"]`)
	waitVisible(t, ctx, `#f-team_size`)
	fill(t, ctx, `#f-team_size`, "12")
	fill(t, ctx, `#f-planned_team_size`, "18")
	click(t, ctx, `input[name="support_verdict"][value="concern"]`)
	fill(t, ctx, `#f-support_notes`, "On-call spends a day a month on "+name+".")
	click(t, ctx, `form.considerations button[type="submit"]`)
	waitVisible(t, ctx, `main .notice-success`)
	if got := textOf(t, ctx, `main`); !strings.Contains(got, "24") || !strings.Contains(got, "0.15") {
		t.Errorf("the considerations do not show 24 support hours as 0.15 FTE:\n%s", got)
	}
	checkPage(t, ctx, page{name: "considerations", path: base + "/considerations", heading: "Considerations"})

	// The radar: the six tools as dots, in the table too.
	click(t, ctx, `nav.tabs a[href="`+base+`/radar"]`)
	waitVisible(t, ctx, `figure.radar-figure`)
	if got := textOf(t, ctx, `main`); !strings.Contains(got, name) || !strings.Contains(got, "Terraform") {
		t.Errorf("the radar does not name the tools:\n%s", got)
	}
	checkPage(t, ctx, page{name: "radar", path: base + "/radar", heading: "Tech radar"})
}

// clickLink clicks the link inside css whose text is label.
func clickLink(t *testing.T, ctx context.Context, css, label string) {
	t.Helper()
	sctx, cancel := step(ctx)
	defer cancel()
	q, _ := json.Marshal(css + " a")
	l, _ := json.Marshal(label)
	ok, err := chromedp.Run(sctx, chromedp.Evaluate[bool](`(() => {
		const a = [...document.querySelectorAll(`+string(q)+`)].find(a => a.textContent.trim() === `+string(l)+`);
		if (a) a.click();
		return !!a;
	})()`))
	if err != nil || !ok {
		t.Fatalf("no link %q in %s (%v)", label, css, err)
	}
}
