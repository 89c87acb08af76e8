package e2e

import (
	"context"

	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Step 2b in the browser: the owner records a snapshot as exact numbers and
// an earlier one as Quick Check answers, sets a target, chooses the
// industry and size, and reads the tiers, the scores, the sparkline and the
// benchmark sentence. Every page passes the accessibility checks at every
// width, light and dark.
func TestKPIJourney(t *testing.T) {
	a := newApp(t)
	ctx := newBrowser(t)
	signUpInBrowser(t, ctx, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")
	base := "/o/acme-corp/kpis"

	visit(t, ctx, a.URL+base)
	waitVisible(t, ctx, `.empty-state`)
	if got := textOf(t, ctx, `.empty-state`); !strings.Contains(got, "Change failure rate: The share of deployments") {
		t.Errorf("the empty state does not explain the metrics:\n%s", got)
	}
	checkPage(t, ctx, page{name: "kpis empty", path: base, heading: "DORA KPIs"})

	// Quick Check answers for an earlier date, one answer missing first.
	click(t, ctx, `.empty-state a[href="`+base+`/new?mode=quick"]`)
	waitVisible(t, ctx, `#f-deployment_frequency_answer`)
	fill(t, ctx, `#f-measured_on`, "2026-10-31")
	fill(t, ctx, `#f-deployment_frequency_answer`, "4")
	fill(t, ctx, `#f-recovery_time_answer`, "5")
	fill(t, ctx, `#f-change_failure_rate`, "12")
	click(t, ctx, `main form[method="post"] button[type="submit"]`)
	waitVisible(t, ctx, `#f-lead_time_answer-error`)
	checkPage(t, ctx, page{name: "kpi quick check with an error", path: base, heading: "Record a snapshot", status: 422})
	fill(t, ctx, `#f-lead_time_answer`, "4")
	click(t, ctx, `main form[method="post"] button[type="submit"]`)
	waitVisible(t, ctx, `main .notice-success`)

	// Exact numbers for the newest date.
	click(t, ctx, `nav.tabs a[href="`+base+`/new"]`)
	waitVisible(t, ctx, `#f-deployments_per_week`)
	checkPage(t, ctx, page{name: "kpi exact numbers", path: base + "/new", heading: "Record a snapshot"})
	fill(t, ctx, `#f-measured_on`, "2026-11-30")
	fill(t, ctx, `#f-deployments_per_week`, "7")
	fill(t, ctx, `#f-lead_time_hours`, "24")
	fill(t, ctx, `#f-recovery_time_hours`, "1")
	fill(t, ctx, `#f-change_failure_rate`, "5")
	fill(t, ctx, `#f-rework_rate`, "8")
	click(t, ctx, `main form[method="post"] button[type="submit"]`)
	waitVisible(t, ctx, `.kpi-tiles`)

	// A target: change failure rate at most 4 %.
	click(t, ctx, `nav.tabs a[href="`+base+`/targets"]`)
	waitVisible(t, ctx, `#f-change_failure_rate_target`)
	checkPage(t, ctx, page{name: "kpi targets", path: base + "/targets", heading: "Targets"})
	fill(t, ctx, `#f-change_failure_rate_target`, "4")
	fill(t, ctx, `#f-lead_time_target_tier`, "elite")
	click(t, ctx, `main form[method="post"] button[type="submit"]`)
	waitVisible(t, ctx, `.kpi-tiles`)

	// The industry and size.
	visit(t, ctx, a.URL+"/o/acme-corp/settings")
	fill(t, ctx, `#f-industry`, "technology")
	fill(t, ctx, `#f-size`, "fewer_than_100")
	click(t, ctx, `form[action="/o/acme-corp/settings/profile"] button[type="submit"]`)
	waitVisible(t, ctx, `main .notice-success`)

	visit(t, ctx, a.URL+base)
	waitVisible(t, ctx, `.kpi-tiles`)
	tiles := textOf(t, ctx, `.kpi-tiles`)
	for _, want := range []string{"7 deployments a week", "Elite", "24 hours", "High", "at most 4 %", "Not met", "Elite or better"} {
		if !strings.Contains(tiles, want) {
			t.Errorf("the tiles lack %q:\n%s", want, tiles)
		}
	}
	if got := textOf(t, ctx, `.kpi-scores`); !strings.Contains(got, "Throughput") || !strings.Contains(got, "7.3") {
		t.Errorf("the scores say %q, want throughput 7.3 (8, 6, 8)", got)
	}
	if got := attrOf(t, ctx, `.kpi-tile svg.sparkline[role="img"]`, "aria-label"); !strings.Contains(got, "score over 2 snapshots") {
		t.Errorf("the first sparkline says %q", got)
	}
	bench := textOf(t, ctx, `.kpi-benchmark`)
	for _, want := range []string{"Deployment frequency is ahead of most teams in your industry (Technology).",
		"Change lead time is in line with teams in your industry (Technology).", "teams of your size (20 to 99 employees)",
		"DORA Quick Check data, Google LLC, CC BY 4.0"} {
		if !strings.Contains(bench, want) {
			t.Errorf("the benchmark lacks %q:\n%s", want, bench)
		}
	}
	if got := textOf(t, ctx, `table.kpi-history tbody`); !strings.Contains(got, "1 day – 1 week") || !strings.Contains(got, "2026-10-31") {
		t.Errorf("the history does not show the Quick Check answer as its range:\n%s", got)
	}
	checkPage(t, ctx, page{name: "kpis", path: base, heading: "DORA KPIs"})
}

// attrOf is an attribute of the first element matching css.
func attrOf(t *testing.T, ctx context.Context, css, name string) string {
	t.Helper()
	sctx, cancel := step(ctx)
	defer cancel()
	v, err := chromedp.Run(sctx, chromedp.AttributeValue(chromedp.CSS(css), name))
	if err != nil {
		t.Fatalf("attribute %s of %s: %v", name, css, err)
	}
	return v.Value
}
