package http_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/headwayhq/headway/internal/export"
	"github.com/headwayhq/headway/web"
)

// upload posts a CSV file to the import form of kind, as a browser does.
func (c *client) upload(slug, kind, content string) *response {
	c.t.Helper()
	body := &bytes.Buffer{}
	mw := multipart.NewWriter(body)
	if err := mw.WriteField("kind", kind); err != nil {
		c.t.Fatal(err)
	}
	fw, err := mw.CreateFormFile("file", kind+".csv")
	if err != nil {
		c.t.Fatal(err)
	}
	_, _ = fw.Write([]byte(content))
	if err := mw.Close(); err != nil {
		c.t.Fatal(err)
	}
	req := c.request(http.MethodPost, "/o/"+slug+"/stack/import", body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

var previewID = regexp.MustCompile(`\?preview=([0-9]+)$`)

// importFile uploads content, checks the preview and confirms it; it
// returns the confirmation's redirect.
func (c *client) importFile(slug, kind, content string, wantRows int) *response {
	c.t.Helper()
	r := c.upload(slug, kind, content)
	m := previewID.FindStringSubmatch(r.location())
	if r.StatusCode != http.StatusSeeOther || m == nil {
		c.t.Fatalf("upload %s: %d Location %q, want 303 to the preview\n%s", kind, r.StatusCode, r.location(), r.body)
	}
	p := c.follow(r)
	noun := map[string]string{"stack": "items", "findings": "findings"}[kind]
	if wantRows == 1 {
		noun = strings.TrimSuffix(noun, "s")
	}
	if want := fmt.Sprintf("Import %d %s", wantRows, noun); p.StatusCode != http.StatusOK || !strings.Contains(text(p.doc(c.t)), want) {
		c.t.Fatalf("preview of %s: %d, want a button %q\n%s", kind, p.StatusCode, want, p.body)
	}
	return c.post("/o/"+slug+"/stack/import/confirm", form("import_id", m[1]))
}

// pageText is the visible text of a response's page.
func pageText(t *testing.T, r *response) string {
	return strings.Join(strings.Fields(text(r.doc(t))), " ")
}

// The inventory and the findings of one organization, exported and
// imported (preview, then confirm) into an empty one, come back the same,
// field for field, findings linked to the items of the same names; a
// formula-like name is escaped in the file and comes back as it was.
func TestStackCSVRoundTrip(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	a := c.signup("Olivia Owner", "owner@example.com", "Alpha Org")
	c.addMember(a, "Max Member", "max@example.com", "member")
	bearerA := "Bearer " + c.createToken(a, "ci")
	cmd := c.apiCreate("/api/v1/stack", bearerA, `{"name":"=cmd","category":"ci_cd","lifecycle":"hold","monthly_cost":1234.56,
		"cost_scaling":"superlinear","scalability":2,"support_hours_per_month":7.5,"owner":"@ops","notes":"line one\nline \"two\", with comma"}`)
	gh := c.apiCreate("/api/v1/stack", bearerA, `{"name":"GitHub","category":"source_control","lifecycle":"adopt","monthly_cost":21,
		"cost_scaling":"linear","scalability":5}`)
	c.apiCreate("/api/v1/stack", bearerA, `{"name":"Ünïcødé 東京","category":"other","lifecycle":"assess","cost_scaling":"flat","scalability":3,
		"owner":"-team","notes":"+1"}`)
	c.apiCreate("/api/v1/findings", bearerA, `{"kind":"debt","title":"=HYPERLINK(\"x\")","description":"Runs on one VM.\nNo backups.",
		"severity":4,"effort":"l","status":"planned","stack_item_id":`+cmd+`}`)
	c.apiCreate("/api/v1/findings", bearerA, `{"kind":"opportunity","title":"Merge queues","severity":2,"effort":"xs","stack_item_id":`+gh+`}`)
	c.apiCreate("/api/v1/findings", bearerA, `{"kind":"debt","title":"No SBOM","severity":3,"effort":"m","status":"resolved"}`)

	// Members export; the files are attachments named after the slug and the day.
	m := c.newClient()
	m.mustLogin("max@example.com")
	day := time.Now().UTC().Format("2006-01-02")
	stackCSV := m.get("/o/" + a + "/stack/export.csv")
	findingsCSV := m.get("/o/" + a + "/stack/findings/export.csv")
	for _, tt := range []struct {
		r    *response
		name string
	}{{stackCSV, "stack"}, {findingsCSV, "findings"}} {
		if tt.r.StatusCode != http.StatusOK || tt.r.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
			t.Fatalf("export %s: %d %q", tt.name, tt.r.StatusCode, tt.r.Header.Get("Content-Type"))
		}
		if want := `attachment; filename="headway-` + a + `-` + tt.name + `-` + day + `.csv"`; tt.r.Header.Get("Content-Disposition") != want {
			t.Errorf("export %s: Content-Disposition %q, want %q", tt.name, tt.r.Header.Get("Content-Disposition"), want)
		}
	}
	if !strings.HasPrefix(stackCSV.body, "name,category,lifecycle,monthly_cost,cost_scaling,scalability,support_hours_per_month,owner,notes\n") ||
		!strings.Contains(stackCSV.body, "\n'=cmd,ci_cd,hold,1234.56,superlinear,2,7.5,'@ops,") || !strings.Contains(stackCSV.body, ",'-team,'+1\n") {
		t.Errorf("stack export is not escaped against formulas:\n%s", stackCSV.body)
	}
	if !strings.HasPrefix(findingsCSV.body, "kind,title,description,severity,effort,status,stack_item\n") ||
		!strings.Contains(findingsCSV.body, `debt,"'=HYPERLINK(""x"")","Runs on one VM.`+"\n"+`No backups.",4,l,planned,'=cmd`+"\n") {
		t.Errorf("findings export:\n%s", findingsCSV.body)
	}

	// Into an empty organization: the inventory first, then the findings.
	b := c.newClient()
	bs := b.signup("Bea Owner", "bea@example.com", "Beta Org")
	bearerB := "Bearer " + b.createToken(bs, "ci")
	r := b.importFile(bs, "stack", stackCSV.body, 3)
	if r.StatusCode != http.StatusSeeOther || r.location() != "/o/"+bs+"/stack" {
		t.Fatalf("confirm stack: %d %q, want 303 to the inventory\n%s", r.StatusCode, r.location(), r.body)
	}
	if got := pageText(t, b.follow(r)); !strings.Contains(got, "Imported 3 items.") {
		t.Errorf("no flash after the import: %.300s", got)
	}
	r = b.importFile(bs, "findings", findingsCSV.body, 3)
	if r.StatusCode != http.StatusSeeOther || r.location() != "/o/"+bs+"/stack/findings" {
		t.Fatalf("confirm findings: %d %q\n%s", r.StatusCode, r.location(), r.body)
	}

	items := func(c *client, bearer string) map[string]stackItemJSON {
		var l listJSON[stackItemJSON]
		decodeJSON(t, c.apiGet("/api/v1/stack", bearer), &l)
		out := map[string]stackItemJSON{}
		for _, it := range l.Items {
			out[it.Name] = it
		}
		return out
	}
	type finding struct {
		Kind, Title, Description, Effort, Status, Item string
		Severity                                       int
	}
	findings := func(c *client, bearer string, items map[string]stackItemJSON) map[string]finding {
		names := map[int64]string{}
		for _, it := range items {
			names[it.ID] = it.Name
		}
		var l listJSON[findingJSON]
		decodeJSON(t, c.apiGet("/api/v1/findings", bearer), &l)
		out := map[string]finding{}
		for _, f := range l.Items {
			g := finding{f.Kind, f.Title, f.Description, f.Effort, f.Status, "", f.Severity}
			if f.StackItemID != nil {
				g.Item = names[*f.StackItemID]
				if g.Item == "" {
					t.Errorf("finding %q links to item %d, not in the inventory", f.Title, *f.StackItemID)
				}
			}
			out[f.Title] = g
		}
		return out
	}
	itemsA, itemsB := items(c, bearerA), items(b, bearerB)
	if len(itemsA) != 3 || len(itemsB) != 3 {
		t.Fatalf("items: %d in A, %d in B", len(itemsA), len(itemsB))
	}
	for name, x := range itemsA {
		y := itemsB[name]
		x.ID, x.Version, x.CreatedAt, x.UpdatedAt = 0, 0, "", ""
		y.ID, y.Version, y.CreatedAt, y.UpdatedAt = 0, 0, "", ""
		if x != y {
			t.Errorf("item %q:\n in A %+v\n in B %+v", name, x, y)
		}
	}
	fa, fb := findings(c, bearerA, itemsA), findings(b, bearerB, itemsB)
	if len(fa) != 3 || len(fb) != 3 || fb["=HYPERLINK(\"x\")"].Item != "=cmd" || fb["Merge queues"].Item != "GitHub" || fb["No SBOM"].Item != "" {
		t.Fatalf("findings:\n A %+v\n B %+v", fa, fb)
	}
	for title, x := range fa {
		if fb[title] != x {
			t.Errorf("finding %q:\n in A %+v\n in B %+v", title, x, fb[title])
		}
	}
	// Each confirmation is audited once, and leaves no pending import.
	if n := c.count(`SELECT count(*) FROM audit_events e JOIN organizations o ON o.id = e.org_id
		WHERE o.slug = $1 AND ((action = 'stack.imported' AND target = '3 items') OR (action = 'findings.imported' AND target = '3 findings'))`, bs); n != 2 {
		t.Errorf("%d import audit events, want 2", n)
	}
	if n := c.count(`SELECT count(*) FROM pending_imports`); n != 0 {
		t.Errorf("%d pending imports left", n)
	}
	// The exports of B are those of A.
	if again := b.get("/o/" + bs + "/stack/export.csv"); again.body != stackCSV.body {
		t.Errorf("B's export differs from A's:\n%s\nvs\n%s", again.body, stackCSV.body)
	}
}

// A refused file stores nothing and names every problem by row and column
// beside the file field: a wrong header, bad cells on row 7 (and row 3),
// an unknown stack item, a file over the limits, no rows, no file.
func TestStackCSVImportRefusals(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Refusals Org")
	const head = "name,category,lifecycle,monthly_cost,cost_scaling,scalability,support_hours_per_month,owner,notes\n"
	const good = "GitHub,source_control,adopt,21,linear,4,2,,\n"
	before := c.rowCounts()
	for _, tt := range []struct {
		name, kind, file string
		want             []string // in the page, in this order
		field            string   // the file field described by the errors
	}{
		{"wrong header", "stack", "name,category,lifecycle,cost,cost_scaling,scalability,support_hours_per_month,owner,notes\n" + good,
			[]string{"The first row must be the header " + strings.TrimSuffix(head, "\n") + " (missing monthly_cost; unknown \"cost\")."}, "stack"},
		{"bad number on row 7", "stack", head + good + "Jira,collaboration,adopt,10,linear,9,,,\n" + numberedRows(good, 3) +
			"Jenkins,ci_cd,hold,12;50,flat,3,lots,,\n" + good,
			[]string{"Row 3, scalability: Scalability must be a whole number from 1 to 5.", "Row 7, monthly_cost: Enter a number, like 120 or 99.50.",
				"Row 7, support_hours_per_month: Enter a number, like 120 or 99.50."}, "stack"},
		{"unknown stack item", "findings", "kind,title,description,severity,effort,status,stack_item\ndebt,Old,,3,m,,Jenkins\n",
			[]string{`Row 2, stack_item: No stack item is named "Jenkins".`}, "findings"},
		{"over 1 MiB", "stack", head + strings.Repeat(good, (1<<20)/len(good)+1), []string{"The file is larger than 1 MiB"}, "stack"},
		{"over 2000 rows", "stack", head + strings.Repeat(good, 2001), []string{"The file has more than 2000 rows: split it."}, "stack"},
		{"header only", "findings", "kind,title,description,severity,effort,status,stack_item\n", []string{"no rows"}, "findings"},
		{"not one of the forms", "radar", head + good, []string{"one of the two forms"}, "stack"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := c.upload(slug, tt.kind, tt.file)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422\n%.500s", r.StatusCode, r.body)
			}
			doc := r.doc(t)
			errs := byID(doc, "import-"+tt.field+"-errors")
			input := byID(doc, "import-"+tt.field+"-file")
			if errs == nil || input == nil || attr(input, "aria-describedby") != "import-"+tt.field+"-errors" || attr(input, "aria-invalid") != "true" {
				t.Fatalf("the errors are not beside the %s file field\n%s", tt.field, r.body)
			}
			got := strings.Join(strings.Fields(text(errs)), " ")
			at := 0
			for _, w := range tt.want {
				i := strings.Index(got[at:], w)
				if i < 0 {
					t.Fatalf("errors %q lack %q (in order)", got, w)
				}
				at += i + len(w)
			}
			if !c.rowCounts().equal(before) {
				t.Errorf("a refused file changed the database")
			}
		})
	}
	// No file at all.
	if r := c.post("/o/"+slug+"/stack/import", form("kind", "stack")); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.body, "Choose a CSV file to upload.") {
		t.Errorf("no file: %d", r.StatusCode)
	}
	// Past the upload limit (5 MiB) the request itself is refused.
	if r := c.upload(slug, "stack", head+strings.Repeat(good, (6<<20)/len(good))); r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("6 MiB upload: %d, want 413", r.StatusCode)
	}
	if !c.rowCounts().equal(before) {
		t.Errorf("refused uploads changed the database")
	}
}

// Who may import: members export but cannot see the import page, upload
// or confirm; another organization cannot preview or confirm an import
// (404) and nothing is imported; an import confirmed after its hour is
// gone (410); an import is applied once.
func TestStackCSVImportAccess(t *testing.T) {
	t.Parallel()
	clk := newTestClock()
	c := newTestServer(t, withClock(clk))
	slug := c.signup("Olivia Owner", "owner@example.com", "Access Org")
	c.addMember(slug, "Max Member", "max@example.com", "member")
	const file = "name,category,lifecycle,monthly_cost,cost_scaling,scalability,support_hours_per_month,owner,notes\nGitHub,source_control,adopt,21,linear,4,2,,\n"
	r := c.upload(slug, "stack", file)
	m := previewID.FindStringSubmatch(r.location())
	if m == nil {
		t.Fatalf("upload: %d %q", r.StatusCode, r.location())
	}
	id := m[1]

	member := c.newClient()
	member.mustLogin("max@example.com")
	for _, r := range []*response{
		member.get("/o/" + slug + "/stack/import"),
		member.get("/o/" + slug + "/stack/import?preview=" + id),
		member.upload(slug, "stack", file),
		member.post("/o/"+slug+"/stack/import/confirm", form("import_id", id)),
	} {
		if r.StatusCode != http.StatusForbidden {
			t.Errorf("%s %s as a member: %d, want 403", r.Request.Method, r.Request.URL.RequestURI(), r.StatusCode)
		}
	}
	if r := member.get("/o/" + slug + "/stack/import/template.csv?kind=findings"); r.StatusCode != http.StatusOK ||
		r.body != "kind,title,description,severity,effort,status,stack_item\n" {
		t.Errorf("a member's template: %d %q", r.StatusCode, r.body)
	}
	if r := member.get("/o/" + slug + "/stack/import/template.csv?kind=radar"); r.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown template: %d, want 404", r.StatusCode)
	}

	other := c.newClient()
	os := other.signup("Oscar Other", "oscar@example.com", "Other Org")
	for _, r := range []*response{
		other.get("/o/" + os + "/stack/import?preview=" + id),
		other.post("/o/"+os+"/stack/import/confirm", form("import_id", id)),
	} {
		if r.StatusCode != http.StatusNotFound || !strings.Contains(r.body, "it is not this organization") {
			t.Errorf("%s %s of another organization's import: %d, want 404 with a clear message", r.Request.Method, r.Request.URL.Path, r.StatusCode)
		}
	}
	if n := c.count(`SELECT count(*) FROM stack_items`); n != 0 {
		t.Fatalf("%d items imported by refused requests", n)
	}

	// An hour later the upload is gone: 410, nothing imported.
	clk.advance(61 * time.Minute)
	if r := c.post("/o/"+slug+"/stack/import/confirm", form("import_id", id)); r.StatusCode != http.StatusGone ||
		!strings.Contains(r.body, "upload the file again") {
		t.Errorf("an expired import: %d, want 410", r.StatusCode)
	}
	if r := c.get("/o/" + slug + "/stack/import?preview=" + id); r.StatusCode != http.StatusGone {
		t.Errorf("the preview of an expired import: %d, want 410", r.StatusCode)
	}
	// A fresh upload (which sweeps the expired one) applies once.
	r = c.importFile(slug, "stack", file, 1)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", r.StatusCode)
	}
	if n := c.count(`SELECT count(*) FROM stack_items`); n != 1 {
		t.Fatalf("%d items after one import", n)
	}
	if n := c.count(`SELECT count(*) FROM pending_imports`); n != 0 {
		t.Errorf("%d pending imports left (the expired one is not swept)", n)
	}
	if r := c.post("/o/"+slug+"/stack/import/confirm", form("import_id", id)); r.StatusCode != http.StatusNotFound {
		t.Errorf("the swept import confirmed: %d, want 404", r.StatusCode)
	}
}

// The import page documents exactly the columns the parser reads.
func TestStackCSVColumnsDocumented(t *testing.T) {
	if got := web.ImportColumns("stack"); !slices.Equal(got, export.StackHeader) {
		t.Errorf("documented stack columns %v, header %v", got, export.StackHeader)
	}
	if got := web.ImportColumns("findings"); !slices.Equal(got, export.FindingsHeader) {
		t.Errorf("documented findings columns %v, header %v", got, export.FindingsHeader)
	}
}

// Findings name their stack items again when the import is applied: an
// item deleted between the upload and the confirmation refuses the whole
// import (422, the row and the column named) and stores nothing; once the
// inventory has the item again the same import applies.
func TestStackCSVFindingsResolveAtConfirm(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Resolve Org")
	bearer := "Bearer " + c.createToken(slug, "ci")
	item := c.apiCreate("/api/v1/stack", bearer, `{"name":"Jenkins","category":"ci_cd","lifecycle":"hold","cost_scaling":"flat","scalability":2}`)
	r := c.upload(slug, "findings", "kind,title,description,severity,effort,status,stack_item\n"+
		"debt,Whole stack,,2,s,,\ndebt,Old runners,,3,m,planned,Jenkins\n")
	m := previewID.FindStringSubmatch(r.location())
	if m == nil {
		t.Fatalf("upload: %d %q\n%s", r.StatusCode, r.location(), r.body)
	}
	if p := pageText(t, c.follow(r)); !strings.Contains(p, "2 findings will be added to the register, empty until now. Each is linked to the inventory item it names.") {
		t.Errorf("preview: %.600s", p)
	}
	if r := c.apiSend(http.MethodDelete, "/api/v1/stack/"+item, bearer, ""); r.StatusCode != http.StatusNoContent {
		t.Fatalf("delete the item: %d", r.StatusCode)
	}
	r = c.post("/o/"+slug+"/stack/import/confirm", form("import_id", m[1]))
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("confirm after the item went: %d, want 422", r.StatusCode)
	}
	if got := text(byID(r.doc(t), "import-findings-errors")); !strings.Contains(got, `Row 3, stack_item: No stack item is named "Jenkins".`) {
		t.Errorf("errors beside the findings field: %q", got)
	}
	if n := c.count(`SELECT count(*) FROM findings`); n != 0 {
		t.Fatalf("%d findings stored by a refused import", n)
	}
	c.apiCreate("/api/v1/stack", bearer, `{"name":"Jenkins","category":"ci_cd","lifecycle":"hold","cost_scaling":"flat","scalability":2}`)
	if r := c.post("/o/"+slug+"/stack/import/confirm", form("import_id", m[1])); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm once the item is back: %d", r.StatusCode)
	}
	if n := c.count(`SELECT count(*) FROM findings f JOIN stack_items s ON s.org_id = f.org_id AND s.id = f.stack_item_id WHERE s.name = 'Jenkins'`); n != 1 {
		t.Errorf("%d findings linked to the new Jenkins, want 1", n)
	}
}

// numberedRows repeats a CSV row n times, its name numbered so each row
// names another tool (a tool appears once in an inventory).
func numberedRows(row string, n int) string {
	name, rest, _ := strings.Cut(row, ",")
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%s %d,%s", name, i+1, rest)
	}
	return b.String()
}
