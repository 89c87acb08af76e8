package http_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// radarDots are the item links of the drawing whose class is chart.
func radarDots(doc *html.Node, chart string) []*html.Node {
	var out []*html.Node
	for _, svg := range findAll(doc, func(e *html.Node) bool { return e.Data == "svg" && hasClass(e, chart) }) {
		out = append(out, findAll(svg, func(e *html.Node) bool { return e.Data == "a" && hasClass(e, "radar-item") })...)
	}
	return out
}

// radarCell is the table cell of a ring and a quadrant.
func radarCell(t *testing.T, doc *html.Node, ring, quadrant string) *html.Node {
	t.Helper()
	for _, tr := range findAll(doc, func(e *html.Node) bool { return e.Data == "tr" && attr(e, "data-ring") == ring }) {
		for _, td := range byTag(tr, "td") {
			if attr(td, "data-quadrant") == quadrant {
				return td
			}
		}
	}
	t.Fatalf("no table cell for ring %s, quadrant %s", ring, quadrant)
	return nil
}

// The radar over real HTTP, as a member reads it: for 0 items an empty
// state that links to the inventory; for 1 and 60 one dot per item in each
// drawing, named after the item and linking to its page, in the ring and
// quadrant of its lifecycle and category, and every item in the table.
func TestStackRadarPage(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Radar Org")
	c.addMember(slug, "Max Member", "max@example.com", "member")
	m := c.newClient()
	m.mustLogin("max@example.com")
	bearer := "Bearer " + c.createToken(slug, "radar")
	path := "/o/" + slug + "/stack/radar"

	// Nothing yet: what the radar will show, and where to add tools.
	r := m.get(path)
	if r.StatusCode != http.StatusOK || h1(t, r) != "Tech radar" {
		t.Fatalf("GET %s = %d %q", path, r.StatusCode, h1(t, r))
	}
	doc := r.doc(t)
	empty := findAll(doc, func(e *html.Node) bool { return hasClass(e, "empty-state") })
	if len(empty) != 1 || !slices.Contains(hrefs(empty[0]), "/o/"+slug+"/stack") || !strings.Contains(text(empty[0]), "retire at the edge") {
		t.Errorf("empty radar: empty state %q, want one saying what the radar shows and linking to the inventory", text(doc))
	}
	if n := len(findAll(doc, func(e *html.Node) bool { return hasClass(e, "radar") || hasClass(e, "radar-table") })); n != 0 {
		t.Errorf("empty radar draws %d radars or tables", n)
	}
	if tabs := findAll(doc, func(e *html.Node) bool { return e.Data == "a" && attr(e, "aria-current") == "page" }); len(tabs) == 0 || text(tabs[len(tabs)-1]) != "Tech radar" {
		t.Errorf("the radar tab is not the current one")
	}

	// One item: a hold CI/CD tool, in the Delivery quadrant's hold ring.
	jenkins := c.apiCreate("/api/v1/stack", bearer, `{"name":"Jenkins","category":"ci_cd","lifecycle":"hold","cost_scaling":"flat","scalability":2}`)
	href := "/o/" + slug + "/stack/" + jenkins
	doc = m.get(path).doc(t)
	wide, narrow := radarDots(doc, "radar-wide"), radarDots(doc, "radar-narrow")
	if len(wide) != 1 || len(narrow) != 1 {
		t.Fatalf("one item: %d dots wide, %d narrow, want 1 each", len(wide), len(narrow))
	}
	for _, tt := range []struct {
		dot        *html.Node
		name, text string
	}{{wide[0], "Jenkins (Hold, Delivery)", "Jenkins"}, {narrow[0], "1: Jenkins (Hold, Delivery)", "1"}} {
		if attr(tt.dot, "href") != href || attr(tt.dot, "aria-label") != tt.name || attr(tt.dot, "data-ring") != "hold" ||
			attr(tt.dot, "data-quadrant") != "delivery" || !hasClass(tt.dot, "ring-hold") || len(byTag(tt.dot, "circle")) != 1 {
			t.Errorf("dot %v, want a link to %s named %q in hold, delivery", tt.dot.Attr, href, tt.name)
		}
		if labels := byTag(tt.dot, "text"); len(labels) != 1 || text(labels[0]) != tt.text {
			t.Errorf("dot %q: label %q, want %q", tt.name, text(tt.dot), tt.text)
		}
	}
	for _, svg := range findAll(doc, func(e *html.Node) bool { return e.Data == "svg" && hasClass(e, "radar") }) {
		id := attr(svg, "aria-labelledby")
		if attr(svg, "width") != "100%" || !strings.HasPrefix(attr(svg, "viewBox"), "0 0 ") || byID(doc, id) == nil ||
			byID(doc, id).Data != "title" || text(byID(doc, id)) != "Tech radar of Radar Org" ||
			byID(doc, attr(svg, "aria-describedby")) == nil || byID(doc, attr(svg, "aria-describedby")).Data != "desc" {
			t.Errorf("svg %v: want width 100%%, a viewBox, a <title> and a <desc>", svg.Attr)
		}
	}
	if cell := radarCell(t, doc, "hold", "delivery"); !slices.Contains(hrefs(cell), href) || !strings.Contains(text(cell), "Jenkins") {
		t.Errorf("hold × delivery cell = %q, want Jenkins", text(cell))
	}
	if cell := radarCell(t, doc, "adopt", "delivery"); len(hrefs(cell)) != 0 {
		t.Errorf("adopt × delivery cell = %q, want empty", text(cell))
	}

	// 60 items, long-ish names, every category and ring.
	cats := []string{"source_control", "ci_cd", "iac", "containers", "cloud", "observability", "security", "data", "collaboration", "other"}
	rings := []string{"adopt", "trial", "assess", "hold", "retire"}
	want := map[string]bool{"Jenkins": true}
	for i := range 59 {
		name := fmt.Sprintf("Platform tool number %02d with a long name", i)
		want[name] = true
		c.apiCreate("/api/v1/stack", bearer, fmt.Sprintf(`{"name":%q,"category":%q,"lifecycle":%q,"cost_scaling":"linear","scalability":3}`,
			name, cats[i%len(cats)], rings[(i/3)%len(rings)]))
	}
	r = m.get(path)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("60 items: GET %s = %d", path, r.StatusCode)
	}
	n := c.trips()
	if n > 3 {
		t.Errorf("60 items: %d round trips, want at most 3", n)
	}
	t.Logf("60 items: %d bytes of HTML in %d round trips", len(r.body), n)
	doc = r.doc(t)
	for _, chart := range []string{"radar-wide", "radar-narrow"} {
		dots := radarDots(doc, chart)
		seen := map[string]int{}
		for _, d := range dots {
			name, _, _ := strings.Cut(attr(d, "aria-label"), " (")
			if chart == "radar-narrow" {
				_, name, _ = strings.Cut(name, ": ")
			}
			seen[name]++
			if !strings.HasPrefix(attr(d, "href"), "/o/"+slug+"/stack/") || len(byTag(d, "circle")) != 1 || len(byTag(d, "text")) != 1 {
				t.Errorf("%s: dot %v is not a labelled link to an item", chart, d.Attr)
			}
		}
		if len(dots) != 60 || len(seen) != 60 {
			t.Errorf("%s: %d dots naming %d items, want 60", chart, len(dots), len(seen))
		}
		for name := range want {
			if seen[name] != 1 {
				t.Errorf("%s: %q drawn %d times", chart, name, seen[name])
			}
		}
	}
	table := findAll(doc, func(e *html.Node) bool { return e.Data == "section" && hasClass(e, "radar-table") })
	if len(table) != 1 {
		t.Fatal("no table")
	}
	listed := map[string]int{}
	for _, a := range byTag(table[0], "a") {
		listed[text(a)]++
	}
	if len(listed) != 60 {
		t.Errorf("the table lists %d items, want 60", len(listed))
	}
	for name := range want {
		if listed[name] != 1 {
			t.Errorf("the table lists %q %d times", name, listed[name])
		}
	}
	// A known item of the 59: number 07 is data (cats[7]), so in the Data
	// and collaboration quadrant, and assess (rings[7/3 % 5]).
	if cell := radarCell(t, doc, "assess", "data"); !strings.Contains(text(cell), "Platform tool number 07 with a long name") {
		t.Errorf("assess × data cell = %q, want tool 07", text(cell))
	}
	if cell := radarCell(t, doc, "assess", "operations"); strings.Contains(text(cell), "number 07 ") {
		t.Errorf("assess × operations cell = %q holds tool 07", text(cell))
	}
	if cell := radarCell(t, doc, "hold", "delivery"); !strings.Contains(text(cell), "Jenkins") {
		t.Errorf("hold × delivery cell = %q, want Jenkins still", text(cell))
	}

	// Another organization's radar is not this one's.
	other := c.newClient()
	otherSlug := other.signup("Oscar Other", "oscar@example.com", "Other Org")
	if body := other.get("/o/" + otherSlug + "/stack/radar").body; strings.Contains(body, "Jenkins") || !strings.Contains(body, "Nothing on the radar yet") {
		t.Error("another organization's radar shows this one's items")
	}
	if r := other.get(path); r.StatusCode != http.StatusNotFound {
		t.Errorf("an outsider's GET %s = %d, want 404", path, r.StatusCode)
	}
}
