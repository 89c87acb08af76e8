package http_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/headwayhq/headway/web"
)

// summaryTile is the dashboard tile whose heading has id.
func summaryTile(t *testing.T, doc *html.Node, id string) *html.Node {
	t.Helper()
	tiles := findAll(doc, func(e *html.Node) bool { return e.Data == "section" && attr(e, "aria-labelledby") == id })
	if len(tiles) != 1 {
		t.Fatalf("%d tiles labelled by #%s, want 1", len(tiles), id)
	}
	return tiles[0]
}

// An empty organization's dashboard guides: the checklist, and every tile
// an empty state linking to the step page that fills it, for owners and
// members alike.
func TestDashboardEmptyOrg(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Empty Dash")
	c.addMember(slug, "Max Member", "max@example.com", "member")
	m := c.newClient()
	m.mustLogin("max@example.com")
	base := "/o/" + slug + "/"
	for name, who := range map[string]*client{"owner": c, "member": m} {
		r := who.get(base)
		if r.StatusCode != http.StatusOK || h1(t, r) != "Empty Dash" {
			t.Fatalf("%s: GET %s = %d %q", name, base, r.StatusCode, h1(t, r))
		}
		doc := r.doc(t)
		if !strings.Contains(text(doc), "Get started") {
			t.Errorf("%s: no checklist on an empty organization's dashboard", name)
		}
		for id, step := range map[string]string{"dora-heading": "kpis", "dash-maturity-heading": "maturity",
			"dash-skills-heading": "skills", "dash-stack-heading": "stack", "dash-wins-heading": "roadmap", "dash-progress-heading": "roadmap"} {
			tile := summaryTile(t, doc, id)
			empty := findAll(tile, func(e *html.Node) bool { return hasClass(e, "summary-empty") })
			if len(empty) != 1 || !slices.Contains(hrefs(empty[0]), base+step) {
				t.Errorf("%s: tile #%s has %d empty states, links %v; want one linking to %s", name, id, len(empty), hrefs(tile), base+step)
			}
		}
		if n := len(findAll(doc, func(e *html.Node) bool { return hasClass(e, "dora-tile") })); n != 0 {
			t.Errorf("%s: %d DORA tiles without a snapshot", name, n)
		}
	}
}

// A filled organization's dashboard: the five DORA tiles with value,
// tier, trend against the snapshot before and target; the maturity level;
// skills coverage and risks; the stack's cost; the quick win linking to the
// roadmap; progress by quarter; and no member's name in the summary. Once
// all four steps have data the checklist gives way.
func TestDashboardSeededOrg(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Filled Dash")
	bearer := "Bearer " + c.createToken(slug, "dash")
	base := "/o/" + slug + "/"

	c.apiCreate("/api/v1/stack", bearer, `{"name":"Datadog","category":"observability","lifecycle":"hold","monthly_cost":9000,"cost_scaling":"superlinear","scalability":2,"support_hours_per_month":24}`)
	c.apiCreate("/api/v1/stack", bearer, `{"name":"GitHub","category":"ci_cd","lifecycle":"adopt","monthly_cost":400,"cost_scaling":"linear","scalability":4,"support_hours_per_month":8}`)
	finding := c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"TLS certificate renewed by hand","severity":4,"effort":"xs"}`)
	c.apiCreate("/api/v1/kpis", bearer, `{"measured_on":"2025-02-03","deployments_per_week":1,"lead_time_hours":200,"change_failure_rate":40,"recovery_time_hours":30}`)
	c.apiCreate("/api/v1/kpis", bearer, `{"measured_on":"2025-03-03","deployments_per_week":1,"lead_time_hours":300,"change_failure_rate":12,"recovery_time_hours":30}`)
	if _, err := c.su.Exec(context.Background(), `INSERT INTO kpi_targets (org_id, metric, tier)
		SELECT id, 'change_failure_rate', 'elite' FROM organizations WHERE slug = $1`, slug); err != nil {
		t.Fatal(err)
	}

	// Three steps of four: the checklist is still there.
	if !strings.Contains(text(c.get(base).doc(t)), "Get started") {
		t.Error("the checklist is gone before the four steps have data")
	}
	if r := c.post(base+"skills/me", form("rating_kubernetes", "3", "rating_git_branching", "1")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("rating = %d", r.StatusCode)
	}
	if r := c.apiSend("PUT", "/api/v1/practices/ci", bearer, `{"status":"fully"}`); r.StatusCode != http.StatusOK {
		t.Fatalf("PUT practice = %d %s", r.StatusCode, r.body)
	}
	if r := c.apiSend("POST", "/api/v1/maturity", bearer, answersJSON(3, nil)); r.StatusCode != http.StatusCreated {
		t.Fatalf("POST maturity = %d %s", r.StatusCode, r.body)
	}

	r := c.get(base)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", base, r.StatusCode)
	}
	doc := r.doc(t)
	if strings.Contains(text(doc), "Get started") {
		t.Error("the checklist stays after the four steps have data")
	}
	tiles := findAll(doc, func(e *html.Node) bool { return hasClass(e, "dora-tile") })
	if len(tiles) != 5 {
		t.Fatalf("%d DORA tiles, want 5", len(tiles))
	}
	byMetric := map[string]string{}
	for _, tl := range tiles {
		s := text(tl)
		for _, m := range []string{"Deployment frequency", "Change lead time", "Change failure rate", "Failed deployment recovery time", "Deployment rework rate"} {
			if strings.HasPrefix(s, m) {
				byMetric[m] = s
			}
		}
	}
	for m, want := range map[string][]string{
		"Change failure rate":             {"12 %", "↓ better", "Target: Elite or better", "Not met"},
		"Change lead time":                {"300 hours", "Medium", "↑ worse"},
		"Deployment frequency":            {"1 deployment a week", "same"},
		"Failed deployment recovery time": {"30 hours", "same"},
		"Deployment rework rate":          {"Not measured"},
	} {
		for _, w := range want {
			if !strings.Contains(byMetric[m], w) {
				t.Errorf("tile %s = %q, want %q in it", m, byMetric[m], w)
			}
		}
	}
	if s := text(summaryTile(t, doc, "dash-maturity-heading")); !strings.Contains(s, "Level 3 · ") || len(findAll(doc, func(e *html.Node) bool {
		return e.Data == "svg" && attr(e, "aria-labelledby") == "dash-radar-title dash-radar-desc"
	})) != 1 {
		t.Errorf("maturity tile = %q, want level 3 and the radar", s)
	}
	if s := text(summaryTile(t, doc, "dash-skills-heading")); !strings.Contains(s, "1 skill rests on one person") || !strings.Contains(s, "Kubernetes · one person at practitioner level") {
		t.Errorf("skills tile = %q, want Kubernetes as a single point of failure", s)
	}
	if s := text(summaryTile(t, doc, "dash-stack-heading")); !strings.Contains(s, web.Money(9400)) || !strings.Contains(s, "32 h") || !strings.Contains(s, "0.20 FTE") {
		t.Errorf("stack tile = %q, want %s, 32 h and 0.20 FTE", s, web.Money(9400))
	}
	wins := summaryTile(t, doc, "dash-wins-heading")
	if href := base + "roadmap#" + web.InitiativeAnchor("finding:"+finding); !slices.Contains(hrefs(wins), href) || !strings.Contains(text(wins), "TLS certificate renewed by hand") {
		t.Errorf("quick wins = %q %v, want the TLS finding linking to %s", text(wins), hrefs(wins), href)
	}
	progress := summaryTile(t, doc, "dash-progress-heading")
	if rows := findAll(progress, func(e *html.Node) bool { return e.Data == "tr" }); len(rows) < 2 || !strings.Contains(text(progress), "proposed") {
		t.Errorf("progress = %q, want a row per quarter", text(progress))
	}
	summary := findAll(doc, func(e *html.Node) bool { return hasClass(e, "org-summary") })
	if len(summary) != 1 {
		t.Fatalf("%d summaries", len(summary))
	}
	if s := text(summary[0]); strings.Contains(s, "Olivia") || strings.Contains(s, "owner@example.com") {
		t.Errorf("the summary names a member: %q", s)
	}
}
