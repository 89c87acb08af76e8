package http_test

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/headwayhq/headway/internal/export"
	"github.com/headwayhq/headway/web"
)

// The roadmap as CSV and Markdown over real HTTP (export_roadmap.go):
// members download their organization's with owners and notes; a live
// share link downloads the live plan without any person's name; another
// organization's members, a revoked link and an unknown one get 404.
func TestRoadmapCSVAndMarkdown(t *testing.T) {
	t.Parallel()
	clk := newTestClock()
	c := newTestServer(t, withClock(clk))
	slug := c.signup("Olivia Owner", "owner@example.com", "Export Org")
	c.addMember(slug, "Mia Member", "member@example.com", "member")
	m := c.newClient()
	m.mustLogin("member@example.com")
	bearer := "Bearer " + c.createToken(slug, "seed")
	hyper := c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"=HYPERLINK(\"http://evil.example\",\"click\")","severity":4,"effort":"xs"}`)
	cmd := c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"+cmd","severity":3,"effort":"s"}`)
	c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"| x |","severity":2,"effort":"m"}`)
	c.post("/o/"+slug+"/roadmap/stakeholders", stakeholderForm("Sam Stakeholder", "initiative", "finding:"+hyper))
	// The owner gives the first initiative to Mia, with a note.
	mia := c.count(`SELECT id FROM users WHERE email = 'member@example.com'`)
	if r := c.post("/o/"+slug+"/roadmap/decisions/finding:"+hyper, form("version", "0", "status", "accepted",
		"owner", itoa64(int64(mia)), "notes", "Budget approved by Sam")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("decide = %d\n%s", r.StatusCode, r.body)
	}
	// And sets the second aside: off the live plan, still in the members' file.
	if r := c.post("/o/"+slug+"/roadmap/decisions/finding:"+cmd, form("version", "0", "status", "dismissed")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("dismiss = %d\n%s", r.StatusCode, r.body)
	}
	date := clk.Now().UTC().Format("2006-01-02")

	download := func(cl *client, path, ctype, name string) *response {
		t.Helper()
		r := cl.get(path)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("GET %s = %d\n%s", path, r.StatusCode, r.body)
		}
		for h, want := range map[string]string{
			"Content-Type":        ctype,
			"Content-Disposition": `attachment; filename="` + name + `"`,
			"Cache-Control":       "no-store",
		} {
			if got := r.Header.Get(h); got != want {
				t.Errorf("GET %s: %s = %q, want %q", path, h, got, want)
			}
		}
		return r
	}

	// A member's CSV: every initiative, with its owner and notes; the
	// formula titles quoted.
	r := download(m, "/o/"+slug+"/roadmap.csv", "text/csv; charset=utf-8", slug+"-roadmap-"+date+".csv")
	recs, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v\n%s", err, r.body)
	}
	if !slices.Equal(recs[0], export.RoadmapHeader) {
		t.Fatalf("header = %q", recs[0])
	}
	api := getRoadmap(t, c, bearer) // the API lists every initiative, dismissed ones too
	if len(recs)-1 != len(api.Items) {
		t.Errorf("%d CSV rows, the API lists %d initiatives", len(recs)-1, len(api.Items))
	}
	col := func(rec []string, name string) string { return rec[slices.Index(export.RoadmapHeader, name)] }
	row := func(key string) []string {
		for _, rec := range recs[1:] {
			if col(rec, "key") == key {
				return rec
			}
		}
		t.Fatalf("no CSV row for %s:\n%s", key, r.body)
		return nil
	}
	first := row("finding:" + hyper)
	for name, want := range map[string]string{
		"rank": "1", "title": `'=HYPERLINK("http://evil.example","click")`, "status": "accepted",
		"owner": "Mia Member", "notes": "Budget approved by Sam", "effort": "xs",
	} {
		if got := col(first, name); got != want {
			t.Errorf("first row %s = %q, want %q", name, got, want)
		}
	}
	if got := col(row("finding:"+cmd), "title"); got != "'+cmd" {
		t.Errorf("the +cmd title = %q, want it quoted", got)
	}
	if got := col(row("finding:"+cmd), "rank"); got != "" {
		t.Errorf("a dismissed initiative has rank %q", got)
	}
	for _, rec := range recs[1:] {
		for j, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("%s %s = %q starts a formula", col(rec, "key"), export.RoadmapHeader[j], cell)
			}
		}
	}

	// A member's Markdown: the title, the owner, the escaped table cell.
	md := download(m, "/o/"+slug+"/roadmap.md", "text/markdown; charset=utf-8", slug+"-roadmap-"+date+".md").body
	for _, want := range []string{"# Roadmap of Export Org — " + date, "**Capacity:**", "## Now", "**Owner:** Mia Member",
		`\| x \|`, "## Dismissed", "Budget approved by Sam"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q\n%s", want, md)
		}
	}
	if strings.Contains(md, "Sam Stakeholder") {
		t.Errorf("the Markdown names a stakeholder")
	}

	// From a live share link, anonymously: the live plan, no names, no notes.
	tok := c.createShare(slug, "Board", "30")
	visitor := c.newClient()
	name := "export-org-roadmap-" + date
	sharedCSV := download(visitor, "/share/"+tok+"/roadmap.csv", "text/csv; charset=utf-8", name+".csv")
	sharedMD := download(visitor, "/share/"+tok+"/roadmap.md", "text/markdown; charset=utf-8", name+".md")
	for _, sr := range []*response{sharedCSV, sharedMD} {
		for _, never := range []string{"Olivia", "Mia Member", "owner@example.com", "member@example.com", "Sam Stakeholder", "Budget approved", "+cmd"} {
			if strings.Contains(sr.body, never) {
				t.Errorf("a shared file contains %q", never)
			}
		}
		if sc := sr.Header.Get("Set-Cookie"); sc != "" {
			t.Errorf("a shared file sets a cookie: %q", sc)
		}
		if got := sr.Header.Get("Referrer-Policy"); got != "no-referrer" {
			t.Errorf("a shared file's Referrer-Policy = %q", got)
		}
	}
	srecs, err := csv.NewReader(strings.NewReader(sharedCSV.body)).ReadAll()
	if err != nil || !slices.Equal(srecs[0], export.SharedRoadmapHeader) {
		t.Fatalf("shared CSV header %q, %v", srecs, err)
	}
	if len(srecs) != len(recs)-1 { // all but the dismissed one
		t.Errorf("the shared CSV has %d rows, want %d", len(srecs)-1, len(recs)-2)
	}
	if !strings.Contains(sharedMD.body, "# Roadmap of Export Org") || !strings.Contains(sharedMD.body, `\| x \|`) {
		t.Errorf("the shared Markdown lacks the roadmap\n%s", sharedMD.body)
	}

	// Another organization's member: 404 for both files.
	o := c.newClient()
	other := o.signup("Otto Outsider", "otto@example.com", "Other Org")
	for _, ext := range []string{"csv", "md"} {
		if r := o.get("/o/" + slug + "/roadmap." + ext); r.StatusCode != http.StatusNotFound || strings.Contains(r.body, "HYPERLINK") {
			t.Errorf("an outsider's GET roadmap.%s = %d", ext, r.StatusCode)
		}
		if r := o.get("/o/" + other + "/roadmap." + ext); r.StatusCode != http.StatusOK || strings.Contains(r.body, "HYPERLINK") {
			t.Errorf("the outsider's own roadmap.%s = %d, or shows the other organization's", ext, r.StatusCode)
		}
	}

	// A revoked link, an expired one and an unknown one: the same 404.
	unknown := visitor.get("/share/" + strings.Repeat("A", 43) + "/roadmap.csv")
	if unknown.StatusCode != http.StatusNotFound || strings.Contains(unknown.body, "Export Org") {
		t.Errorf("unknown token = %d\n%s", unknown.StatusCode, unknown.body)
	}
	id := c.count(`SELECT id FROM share_links WHERE name = 'Board'`)
	if r := c.post("/o/"+slug+"/settings/shares/"+itoa64(int64(id))+"/revoke", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke = %d", r.StatusCode)
	}
	week := c.createShare(slug, "Week", "7")
	clk.advance(7*24*time.Hour + time.Second)
	for _, path := range []string{"/share/" + tok + "/roadmap.csv", "/share/" + tok + "/roadmap.md", "/share/" + week + "/roadmap.md"} {
		r := visitor.get(path)
		if r.StatusCode != http.StatusNotFound || r.body != unknown.body || r.Header.Get("Content-Disposition") != "" {
			t.Errorf("GET %s = %d, want the unknown token's 404", path, r.StatusCode)
		}
	}
}

// The template page: public, the four steps, every sheet, both blank
// files, the offline paragraph and a sign-up link; a logged-in person also
// gets each organization's filled exports.
func TestTemplatePage(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	r := c.newClient().get("/template")
	if r.StatusCode != http.StatusOK || h1(t, r) != "The DevOps roadmap template" {
		t.Fatalf("GET /template = %d %q", r.StatusCode, h1(t, r))
	}
	links := hrefs(r.doc(t))
	for _, want := range []string{web.TemplateXLSXHref, web.TemplatePDFHref, "/signup"} {
		if !slices.Contains(links, want) {
			t.Errorf("the template page does not link %s: %v", want, links)
		}
	}
	for _, want := range []string{"Tech-stack audit", "Skills matrix and KPIs", "Scalable infrastructure", "Instructions", "1 Stack audit",
		"1 Findings", "2 Skills matrix", "2 KPIs", "3 Infrastructure", "4 Maturity", "Roadmap", "LibreOffice", "Google Sheets", "Import"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the template page lacks %q", want)
		}
	}
	for _, never := range []string{"/o/", "coming soon", "Coming soon"} {
		if strings.Contains(r.body, never) {
			t.Errorf("the anonymous template page shows %q", never)
		}
	}
	slug := c.signup("Olivia Owner", "owner@example.com", "Template Org")
	r = c.get("/template")
	links = hrefs(r.doc(t))
	for _, ext := range []string{"xlsx", "pdf", "csv", "md"} {
		if !slices.Contains(links, "/o/"+slug+"/roadmap."+ext) {
			t.Errorf("a logged-in person's template page does not link roadmap.%s: %v", ext, links)
		}
	}
	if slices.Contains(links, "/signup") && strings.Contains(r.body, "Get the roadmap built for you") {
		t.Errorf("a logged-in person is asked to sign up")
	}
}
