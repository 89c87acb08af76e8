package http_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/web"
)

// freshBaseline saves a baseline of one initiative no roadmap derives, so
// a comparison always has something under Removed.
func (w *world) freshBaseline(t testing.TB) string {
	t.Helper()
	return w.queryID(t, `INSERT INTO roadmap_baselines (org_id, name, items)
		SELECT id, $2, '[{"key":"gone:1","title":"Retired initiative","rank":1,"phase":"now","quarter":"2027 Q1","status":"proposed"}]'
		FROM organizations WHERE slug = $1 RETURNING id`, w.slug, "Fresh baseline "+strconv.Itoa(w.next()))
}

// baselineSection is the titles and links of one section of the
// comparison page (nil when the section has no entries).
func baselineSection(t *testing.T, doc *html.Node, key string) (titles, links []string) {
	t.Helper()
	sec := byID(doc, "baseline-"+key)
	if sec == nil {
		t.Fatalf("no section baseline-%s", key)
	}
	for _, li := range byTag(sec, "li") {
		for _, a := range byTag(li, "a") {
			links = append(links, attr(a, "href"))
		}
		if spans := findAll(li, func(e *html.Node) bool { return e.Data == "a" || hasClass(e, "baseline-gone") }); len(spans) > 0 {
			titles = append(titles, strings.TrimSpace(text(spans[0])))
		}
	}
	return titles, links
}

// The journey over real HTTP: an empty list says what a baseline is; the
// owner saves the roadmap of two findings as "Q1 board review" and lands on
// its comparison, where nothing changed; the same name again (in another
// case) is refused beside the field with the value kept. A severe XS debt
// finding is added through the API and one of the two is resolved: the
// comparison shows the new initiative under Added (linking to its card),
// the resolved one under Removed, the untouched one unchanged (its rank
// shifted by one, which is no re-ordering). A member reads and compares
// but is offered neither the form nor a delete link; the owner deletes
// after a confirmation page, and the list is empty again.
func TestBaselinesCompareAgainstTheRoadmapNow(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Baseline Org")
	c.addMember(slug, "Max Member", "max@example.com", "member")
	bearer := "Bearer " + c.createToken(slug, "ci")
	base := "/o/" + slug + "/roadmap/baselines"

	r := c.get(base)
	if r.StatusCode != http.StatusOK || !strings.Contains(r.body, "No baselines yet") || !strings.Contains(r.body, `name="name"`) {
		t.Fatalf("empty list = %d\n%s", r.StatusCode, r.body)
	}

	c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"Old runners","severity":3,"effort":"m"}`)
	flaky := c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"Flaky deploy script","severity":2,"effort":"s"}`)
	before := getRoadmap(t, c, bearer)
	if len(before.Items) != 2 {
		t.Fatalf("the roadmap of two findings has %d initiatives: %+v", len(before.Items), before.Items)
	}
	flakyKey, flakyTitle := "", ""
	for _, it := range before.Items {
		if it.Evidence[0].Ref == flaky {
			flakyKey, flakyTitle = it.Key, it.Title
		}
	}
	if flakyKey == "" {
		t.Fatalf("no initiative has the flaky finding as evidence: %+v", before.Items)
	}

	r = c.post(base, form("name", "Q1 board review"))
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.location(), base+"/") {
		t.Fatalf("save = %d, Location %q\n%s", r.StatusCode, r.location(), r.body)
	}
	compare := r.location()
	r = c.follow(r)
	if !strings.Contains(r.body, "Saved the baseline “Q1 board review” with 2 initiatives.") || !strings.Contains(r.body, "Nothing changed since this baseline") {
		t.Errorf("right after saving:\n%s", r.body)
	}
	if n := c.count(`SELECT count(*) FROM audit_events WHERE action = 'baseline.created' AND target LIKE 'baseline Q1 board review%'`); n != 1 {
		t.Errorf("%d audit entries of the save, want 1", n)
	}

	r = c.post(base, form("name", "q1 BOARD review"))
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("the same name again = %d", r.StatusCode)
	}
	in := byID(r.doc(t), "f-name")
	if in == nil || attr(in, "aria-invalid") != "true" || attr(in, "value") != "q1 BOARD review" ||
		!strings.Contains(r.body, roadmap.MsgBaselineNameTaken("q1 BOARD review")) {
		t.Errorf("the refused name is not kept with its message beside it:\n%s", r.body)
	}
	if n := c.count(`SELECT count(*) FROM roadmap_baselines`); n != 1 {
		t.Errorf("%d baselines after the refused save, want 1", n)
	}

	// The data changes.
	tls := c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"Expired TLS certificate","severity":4,"effort":"xs"}`)
	if r := c.post("/o/"+slug+"/stack/findings/"+flaky, form("kind", "debt", "title", "Flaky deploy script", "severity", "2",
		"effort", "s", "status", "resolved", "version", "1")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("resolve the flaky finding = %d\n%s", r.StatusCode, r.body)
	}
	after := getRoadmap(t, c, bearer)
	tlsKey, tlsTitle := "", ""
	for _, it := range after.Items {
		if it.Evidence[0].Ref == tls {
			tlsKey, tlsTitle = it.Key, it.Title
		}
	}
	if tlsKey == "" || after.Items[0].Key != tlsKey {
		t.Fatalf("the severe XS finding is not the first initiative: %+v", after.Items)
	}

	r = c.get(compare)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("compare = %d", r.StatusCode)
	}
	doc := r.doc(t)
	if titles, links := baselineSection(t, doc, "added"); len(titles) != 1 || titles[0] != tlsTitle ||
		len(links) != 1 || links[0] != "/o/"+slug+"/roadmap#"+web.InitiativeAnchor(tlsKey) {
		t.Errorf("Added = %v %v, want %q linking to its card", titles, links, tlsTitle)
	}
	if titles, links := baselineSection(t, doc, "removed"); len(titles) != 1 || titles[0] != flakyTitle || len(links) != 0 {
		t.Errorf("Removed = %v %v, want %q without a link (its card is gone)", titles, links, flakyTitle)
	}
	for _, key := range []string{"moved", "finished"} {
		if titles, _ := baselineSection(t, doc, key); len(titles) != 0 {
			t.Errorf("%s = %v, want none (a rank shifted by an addition is no re-ordering)", key, titles)
		}
	}
	if !strings.Contains(text(doc), "1 initiative unchanged.") {
		t.Errorf("the untouched initiative is not counted unchanged:\n%s", r.body)
	}

	// A member reads and compares, and is offered no change.
	max := c.newClient()
	max.mustLogin("max@example.com")
	if r := max.get(base); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "Q1 board review") ||
		strings.Contains(r.body, `name="name"`) || strings.Contains(r.body, "/delete") {
		t.Errorf("the member's list = %d\n%s", r.StatusCode, r.body)
	}
	if r := max.get(compare); r.StatusCode != http.StatusOK || !strings.Contains(r.body, tlsTitle) || strings.Contains(r.body, "/delete") {
		t.Errorf("the member's comparison = %d\n%s", r.StatusCode, r.body)
	}

	// The owner deletes it, after the confirmation.
	if r := c.get(compare + "/delete"); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "Delete the baseline “Q1 board review”?") {
		t.Fatalf("confirmation = %d\n%s", r.StatusCode, r.body)
	}
	r = c.post(compare+"/delete", nil)
	if r.StatusCode != http.StatusSeeOther || r.location() != base {
		t.Fatalf("delete = %d, Location %q", r.StatusCode, r.location())
	}
	if r := c.follow(r); !strings.Contains(r.body, "Deleted the baseline “Q1 board review”.") || !strings.Contains(r.body, "No baselines yet") {
		t.Errorf("after the delete:\n%s", r.body)
	}
	if r := c.get(compare); r.StatusCode != http.StatusNotFound {
		t.Errorf("the deleted baseline = %d, want 404", r.StatusCode)
	}
}

// The cap: at roadmap.MaxBaselines the form says how to make room, and
// nothing is stored.
func TestBaselineCapSaysHowToMakeRoom(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Full Org")
	if _, err := c.su.Exec(context.Background(), `INSERT INTO roadmap_baselines (org_id, name, items)
		SELECT o.id, 'Weekly ' || g, '[]' FROM organizations o, generate_series(1, $2) g WHERE o.slug = $1`, slug, roadmap.MaxBaselines); err != nil {
		t.Fatal(err)
	}
	r := c.post("/o/"+slug+"/roadmap/baselines", form("name", "One more"))
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, roadmap.MsgBaselineLimit) {
		t.Errorf("one over the cap = %d\n%s", r.StatusCode, r.body)
	}
	if n := c.count(`SELECT count(*) FROM roadmap_baselines`); n != roadmap.MaxBaselines {
		t.Errorf("%d baselines, want %d", n, roadmap.MaxBaselines)
	}
}
