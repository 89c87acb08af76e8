package http_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/workbook"
	"github.com/headwayhq/headway/web"
)

// uploadWorkbook posts a workbook to /o/{slug}/import, as a browser does.
func (c *client) uploadWorkbook(slug string, content []byte) *response {
	c.t.Helper()
	body := &bytes.Buffer{}
	mw := multipart.NewWriter(body)
	fw, err := mw.CreateFormFile("file", "roadmap.xlsx")
	if err != nil {
		c.t.Fatal(err)
	}
	_, _ = fw.Write(content)
	if err := mw.Close(); err != nil {
		c.t.Fatal(err)
	}
	req := c.request(http.MethodPost, "/o/"+slug+"/import", body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// download gets an XLSX and checks its headers.
func (c *client) download(path, filename string, private bool) []byte {
	c.t.Helper()
	r := c.get(path)
	if r.StatusCode != http.StatusOK {
		c.t.Fatalf("GET %s = %d\n%s", path, r.StatusCode, r.body)
	}
	h := r.Header
	if ct := h.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		c.t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	if cd := h.Get("Content-Disposition"); cd != `attachment; filename="`+filename+`"` {
		c.t.Errorf("GET %s: Content-Disposition %q, want %q", path, cd, filename)
	}
	if private && h.Get("Cache-Control") != "no-store" {
		c.t.Errorf("GET %s: Cache-Control %q, want no-store", path, h.Get("Cache-Control"))
	}
	if !strings.HasPrefix(r.body, "PK") {
		c.t.Errorf("GET %s: not a zip", path)
	}
	return []byte(r.body)
}

var workbookPreviewID = regexp.MustCompile(`/import\?preview=([0-9]+)$`)

// importWorkbook uploads a workbook, checks the preview and confirms it.
func (c *client) importWorkbook(slug string, content []byte, wantPreview ...string) {
	c.t.Helper()
	r := c.uploadWorkbook(slug, content)
	m := workbookPreviewID.FindStringSubmatch(r.location())
	if r.StatusCode != http.StatusSeeOther || m == nil {
		c.t.Fatalf("upload: %d Location %q, want 303 to the preview\n%s", r.StatusCode, r.location(), wbText(c.t, r))
	}
	p := c.follow(r)
	got := wbText(c.t, p)
	for _, w := range wantPreview {
		if !strings.Contains(got, w) {
			c.t.Errorf("preview lacks %q:\n%s", w, got)
		}
	}
	if r := c.post("/o/"+slug+"/import/confirm", form("import_id", m[1])); r.StatusCode != http.StatusSeeOther || r.location() != "/o/"+slug+"/" {
		c.t.Fatalf("confirm = %d Location %q\n%s", r.StatusCode, r.location(), wbText(c.t, r))
	}
}

// seedWorkbookOrg fills every step of slug through the API: tools,
// findings (one on a tool), two KPI snapshots, practices, a completed
// maturity assessment; and ratings by the owner and by a member.
func (c *client) seedWorkbookOrg(slug string) {
	c.t.Helper()
	bearer := "Bearer " + c.createToken(slug, "seed")
	c.apiCreate("/api/v1/stack", bearer, `{"name":"GitHub","category":"source_control","lifecycle":"adopt","monthly_cost":420,
		"cost_scaling":"linear","scalability":4,"support_hours_per_month":6,"owner":"Ops","notes":"=not a formula"}`)
	c.apiCreate("/api/v1/stack", bearer, `{"name":"Jenkins","category":"ci_cd","lifecycle":"retire","monthly_cost":0,
		"cost_scaling":"flat","scalability":2,"support_hours_per_month":30.5}`)
	var item struct {
		ID int64 `json:"id"`
	}
	r := c.apiGet("/api/v1/stack", bearer)
	var items struct {
		Items []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"items"`
	}
	_ = json.Unmarshal([]byte(r.body), &items)
	for _, it := range items.Items {
		if it.Name == "Jenkins" {
			item.ID = it.ID
		}
	}
	if item.ID == 0 {
		c.t.Fatalf("no Jenkins in %s", r.body)
	}
	c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"Flaky pipeline","description":"Line one\nline two","severity":3,
		"effort":"m","status":"planned","stack_item_id":`+jsonInt(item.ID)+`}`)
	c.apiCreate("/api/v1/findings", bearer, `{"kind":"opportunity","title":"Trunk-based development","severity":2,"effort":"s"}`)
	if r := c.apiSend("POST", "/api/v1/kpis", bearer, kpiBody("2026-06-30", 2, 200, 30, 48)); r.StatusCode >= 300 {
		c.t.Fatalf("POST kpis = %d\n%s", r.StatusCode, r.body)
	}
	// A Quick Check answer (the API takes exact numbers only).
	if _, err := c.su.Exec(context.Background(), `INSERT INTO kpi_snapshots (org_id, measured_on, edition, deployments_per_week, lead_time_answer,
			change_failure_rate, recovery_time_hours, rework_rate) SELECT id, '2026-11-30', '2023', 12.5, 4, 15, 3, 8 FROM organizations WHERE slug = $1`, slug); err != nil {
		c.t.Fatal(err)
	}
	for key, body := range map[string]string{roadmap.PracticeCatalog[0].Key: `{"status":"fully","notes":"Since 2024"}`,
		roadmap.PracticeCatalog[3].Key: `{"status":"partial"}`} {
		if r := c.apiSend("PUT", "/api/v1/practices/"+key, bearer, body); r.StatusCode != http.StatusOK {
			c.t.Fatalf("PUT practice = %d\n%s", r.StatusCode, r.body)
		}
	}
	answers := map[string]int{}
	for i, q := range roadmap.MaturityQuestions {
		answers[q.Key] = 1 + i%5
	}
	b, _ := json.Marshal(map[string]any{"answers": answers})
	if r := c.apiSend("POST", "/api/v1/maturity", bearer, string(b)); r.StatusCode != http.StatusCreated {
		c.t.Fatalf("POST maturity = %d\n%s", r.StatusCode, r.body)
	}
	c.rate(slug, "owner@example.com", "git_branching", 3, true)
	c.rate(slug, "owner@example.com", roadmap.SkillCatalog[1].Key, -1, true)
	c.rate(slug, "max@example.com", "git_branching", 1, false)
	c.rate(slug, "max@example.com", roadmap.SkillCatalog[2].Key, 4, false)
}

func wbText(t testing.TB, r *response) string {
	return strings.Join(strings.Fields(text(r.doc(t))), " ")
}

func today() string { return time.Now().UTC().Format("2006-01-02") }

func jsonInt(n int64) string { b, _ := json.Marshal(n); return string(b) }

// orgRows are an organization's rows of every sheet, as text, to compare
// two organizations.
func (c *client) orgRows(slug, email string) map[string]string {
	c.t.Helper()
	org := `(SELECT id FROM organizations WHERE slug = $1)`
	return map[string]string{
		"stack": c.rows(`SELECT concat_ws('|', name, category, lifecycle, monthly_cost, cost_scaling, scalability, support_hours_per_month, owner, notes)
			FROM stack_items WHERE org_id = `+org, slug),
		"findings": c.rows(`SELECT concat_ws('|', f.kind, f.title, f.description, f.severity, f.effort, f.status, coalesce(s.name, '-'))
			FROM findings f LEFT JOIN stack_items s ON s.id = f.stack_item_id WHERE f.org_id = `+org, slug),
		"kpis": c.rows(`SELECT concat_ws('|', measured_on, edition, deployments_per_week, lead_time_hours, recovery_time_hours, change_failure_rate,
			rework_rate, deployment_frequency_answer, lead_time_answer, recovery_time_answer) FROM kpi_snapshots WHERE org_id = `+org, slug),
		"practices": c.rows(`SELECT concat_ws('|', practice_key, status, notes) FROM practice_status WHERE org_id = `+org, slug),
		"maturity": c.rows(`SELECT concat_ws('|', a.status, q.question_key, q.level) FROM maturity_answers q
			JOIN maturity_assessments a ON a.org_id = q.org_id AND a.id = q.assessment_id WHERE q.org_id = `+org, slug),
		"requirements": c.rows(`SELECT concat_ws('|', q.job_role, s.key, q.level) FROM skill_requirements q JOIN skills s ON s.id = q.skill_id
			WHERE q.org_id = `+org, slug),
		"ratings": c.rows(`SELECT concat_ws('|', u.email, s.key, r.level, r.interested) FROM skill_ratings r JOIN skills s ON s.id = r.skill_id
			JOIN users u ON u.id = r.user_id WHERE r.org_id = `+org+` AND u.email = $2`, slug, email),
		"all ratings": c.rows(`SELECT concat_ws('|', u.email, s.key, r.level) FROM skill_ratings r JOIN skills s ON s.id = r.skill_id
			JOIN users u ON u.id = r.user_id WHERE r.org_id = `+org, slug),
	}
}

// TestWorkbookRoundTrip: the filled workbook of organization A, imported
// into an empty organization B through the upload, preview and
// confirmation, gives B the same inventory, findings, KPIs, practices,
// maturity answers, required levels and the importer's own ratings (and
// nobody else's); the import is audited once.
func TestWorkbookRoundTrip(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	a := c.signup("Olivia Owner", "owner@example.com", "Alpha Org")
	c.addMember(a, "Max Member", "max@example.com", "member")
	c.seedWorkbookOrg(a)
	// An owner's required level changed, so the grid is not the default.
	if r := c.post("/o/"+a+"/skills/requirements", form(web.RequirementField("sre", "git_branching"), "4")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("requirements form: %d\n%s", r.StatusCode, pageText(t, r))
	}
	file := c.download("/o/"+a+"/roadmap.xlsx", a+"-roadmap-"+today()+".xlsx", true)

	// Only the downloader's own ratings are in the file.
	f, err := excelize.OpenReader(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(workbook.SheetSkills)
	rated := 0
	for _, row := range rows[1:] {
		if len(row) > 13 && row[13] != "" {
			rated++
			if row[0] != "git_branching" || row[13] != "3" {
				t.Errorf("rating row %q: want only the owner's git_branching 3", row)
			}
		}
	}
	if rated != 1 {
		t.Errorf("%d rated skills in the owner's file, want 1", rated)
	}

	b := c.newOrg("Beta Org")
	c.importWorkbook(b, file, workbook.SheetStack, "2 tools", "2 findings", "2 KPI snapshots", "completed assessment",
		"“Roadmap” is derived")
	want, got := c.orgRows(a, "owner@example.com"), c.orgRows(b, "owner@example.com")
	for _, k := range []string{"stack", "findings", "kpis", "practices", "maturity", "requirements", "ratings"} {
		if want[k] != got[k] {
			t.Errorf("%s differ\n A: %s\n B: %s", k, want[k], got[k])
		}
		if want[k] == "" {
			t.Errorf("%s: organization A has none: the comparison proves nothing", k)
		}
	}
	if strings.Contains(got["all ratings"], "max@") {
		t.Errorf("B has another member's ratings: %s", got["all ratings"])
	}
	if n := c.count(`SELECT count(*) FROM audit_events e JOIN organizations o ON o.id = e.org_id WHERE o.slug = $1 AND e.action = 'workbook.imported'`, b); n != 1 {
		t.Errorf("%d workbook.imported audit events, want 1", n)
	}
	if n := c.count(`SELECT count(*) FROM pending_imports`); n != 0 {
		t.Errorf("%d pending imports left after the confirmation", n)
	}
	// The same file again updates rather than duplicates.
	c.importWorkbook(b, file, "Updated")
	if again := c.orgRows(b, "owner@example.com"); again["stack"] != got["stack"] || again["findings"] != got["findings"] || again["kpis"] != got["kpis"] {
		t.Errorf("a second import changed the rows:\n%v\n%v", again, got)
	}
	// The data shows on the step pages.
	for path, want := range map[string]string{"/stack": "Jenkins", "/stack/findings": "Flaky pipeline", "/kpis": "2026", "/infrastructure": "Since 2024"} {
		if p := c.get("/o/" + b + path); !strings.Contains(pageText(t, p), want) {
			t.Errorf("%s lacks %q after the import", path, want)
		}
	}
}

// TestWorkbookRefusals: a bad value names its sheet, row and column; an
// oversized file, a zip bomb, a CSV and an upload without a file are
// refused with a clear 4xx; nothing is stored in any case.
func TestWorkbookRefusals(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Gamma Org")
	c.addMember(slug, "Max Member", "max@example.com", "member")
	blank := c.download("/template/headway-roadmap-template.xlsx", "headway-roadmap-template.xlsx", false)
	bad := editXLSX(t, blank, func(f *excelize.File) {
		_ = f.SetSheetRow(workbook.SheetStack, "A3", &[]any{"Vault", "Security", "sometimes", 10, "Flat", 3, 1})
		_ = f.SetSheetRow(workbook.SheetFindings, "A3", &[]any{"Old TLS", "Tech debt", "", 3, "M", "Open", "Nowhere"})
	})
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	zero := make([]byte, 1<<20)
	for range 64 {
		_, _ = w.Write(zero)
	}
	_ = zw.Close()
	before := c.rowCounts()
	for _, tc := range []struct {
		name   string
		body   []byte
		status int
		want   []string
	}{
		{"bad values", bad, 422, []string{"1 Stack audit, row 3, column “Lifecycle”", "1 Findings, row 3, column “Tool”", "Nothing was imported"}},
		{"zip bomb", bomb.Bytes(), 422, []string{"zip bomb"}},
		{"csv", []byte("name,category\nGitHub,ci_cd\n"), 422, []string{"not an XLSX"}},
		// Just over 5 MiB: the import page says so beside its form; a body
		// far past the upload cap is the server's 413.
		{"oversized", bytes.Repeat([]byte("x"), 5<<20+1), 422, []string{"larger than 5 MiB"}},
		{"far too large", bytes.Repeat([]byte("x"), 6<<20), 413, []string{"larger"}},
	} {
		r := c.uploadWorkbook(slug, tc.body)
		if r.StatusCode != tc.status {
			t.Errorf("%s: %d, want %d\n%s", tc.name, r.StatusCode, tc.status, r.body)
			continue
		}
		got := pageText(t, r)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: the page lacks %q:\n%s", tc.name, w, got)
			}
		}
	}
	if after := c.rowCounts(); !after.equal(before) {
		t.Errorf("a refused upload changed rows:\n%v\n%v", before, after)
	}
	// A member may download but not import; an outsider sees neither.
	m := c.newClient()
	m.mustLogin("max@example.com")
	m.download("/o/"+slug+"/roadmap.xlsx", slug+"-roadmap-"+today()+".xlsx", true)
	if r := m.uploadWorkbook(slug, blank); r.StatusCode != http.StatusForbidden {
		t.Errorf("member upload = %d, want 403", r.StatusCode)
	}
	o := c.newClient()
	o.signup("Oscar Outsider", "oscar@example.com", "Other Org")
	if r := o.get("/o/" + slug + "/roadmap.xlsx"); r.StatusCode != http.StatusNotFound {
		t.Errorf("another organization's export = %d, want 404", r.StatusCode)
	}
	// Another person's pending import is not theirs to confirm.
	c.addMember(slug, "Ada Admin", "ada@example.com", "admin")
	r := c.uploadWorkbook(slug, editXLSX(t, blank, func(f *excelize.File) {
		_ = f.SetSheetRow(workbook.SheetStack, "A3", &[]any{"Vault", "Security", "Adopt", 10, "Flat", 3, 1})
	}))
	id := workbookPreviewID.FindStringSubmatch(r.location())
	if id == nil {
		t.Fatalf("upload = %d %q\n%s", r.StatusCode, r.location(), pageText(t, r))
	}
	ada := c.newClient()
	ada.mustLogin("ada@example.com")
	if r := ada.post("/o/"+slug+"/import/confirm", form("import_id", id[1])); r.StatusCode != http.StatusNotFound {
		t.Errorf("another manager's confirmation = %d, want 404", r.StatusCode)
	}
}

// TestWorkbookShareLink: a live share link's workbook has no ratings and
// no owners; a revoked or unknown token is a 404.
func TestWorkbookShareLink(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Delta Org")
	c.seedWorkbookOrg2(slug)
	token := c.createShare(slug, "Board", "30")
	anon := c.newClient()
	file := anon.download("/share/"+token+"/roadmap.xlsx", "headway-roadmap-"+today()+".xlsx", true)
	f, err := excelize.OpenReader(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(workbook.SheetSkills)
	for _, row := range rows[1:] {
		if len(row) > 13 && (row[13] != "" || (len(row) > 14 && row[14] != "")) {
			t.Errorf("the shared workbook has a rating: %q", row)
		}
	}
	stack, _ := f.GetRows(workbook.SheetStack)
	if len(stack) != 3 || stack[2][0] != "GitHub" || (len(stack[2]) > 7 && stack[2][7] != "") {
		t.Errorf("shared stack rows %q: want GitHub without its owner", stack)
	}
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for _, row := range rows {
			for _, cell := range row {
				if strings.Contains(cell, "SECRET-") || strings.Contains(cell, "Olivia") {
					t.Errorf("the shared workbook's %s shows %q", sheet, cell)
				}
			}
		}
	}
	if r := anon.get("/share/not-a-token/roadmap.xlsx"); r.StatusCode != http.StatusNotFound {
		t.Errorf("unknown token = %d, want 404", r.StatusCode)
	}
}

// seedWorkbookOrg2 is a tool with an owner and a rating by the owner.
func (c *client) seedWorkbookOrg2(slug string) {
	c.t.Helper()
	bearer := "Bearer " + c.createToken(slug, "seed")
	c.apiCreate("/api/v1/stack", bearer, `{"name":"GitHub","category":"source_control","lifecycle":"adopt","monthly_cost":420,
		"cost_scaling":"linear","scalability":4,"owner":"Olivia Owner","notes":"SECRET-STACK-NOTE"}`)
	c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"Old runners","description":"SECRET-DESCRIPTION","severity":2,"effort":"s"}`)
	c.rate(slug, "owner@example.com", "git_branching", 3, true)
}

func editXLSX(t *testing.T, b []byte, change func(*excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	change(f)
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// smallWorkbook is the blank template with one tool.
func smallWorkbook(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := workbook.Write(&buf, workbook.Data{}); err != nil {
		t.Fatal(err)
	}
	return editXLSX(t, buf.Bytes(), func(f *excelize.File) {
		_ = f.SetSheetRow(workbook.SheetStack, "A3", &[]any{"Vault", "Security", "Adopt", 10, "Flat", 3, 1})
	})
}

// A new upload replaces the person's previous one: uploads cannot pile
// up, and the older preview can no longer be confirmed.
func TestWorkbookUploadReplacesThePrevious(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Replace Org")
	blank := c.get("/template/headway-roadmap-template.xlsx").body
	file := editXLSX(t, []byte(blank), func(f *excelize.File) {
		_ = f.SetSheetRow(workbook.SheetStack, "A3", &[]any{"Vault", "Security", "Adopt", 10, "Flat", 3, 1})
	})
	var ids []string
	for range 3 {
		r := c.uploadWorkbook(slug, file)
		m := workbookPreviewID.FindStringSubmatch(r.location())
		if m == nil {
			t.Fatalf("upload = %d %q", r.StatusCode, r.location())
		}
		ids = append(ids, m[1])
	}
	if n := c.count(`SELECT count(*)::int FROM pending_imports WHERE kind = 'workbook'`); n != 1 {
		t.Errorf("%d pending workbooks after three uploads, want 1", n)
	}
	if r := c.post("/o/"+slug+"/import/confirm", form("import_id", ids[0])); r.StatusCode != http.StatusNotFound {
		t.Errorf("confirming a replaced upload = %d, want 404", r.StatusCode)
	}
	if r := c.post("/o/"+slug+"/import/confirm", form("import_id", ids[2])); r.StatusCode != http.StatusSeeOther {
		t.Errorf("confirming the latest upload = %d, want 303\n%s", r.StatusCode, r.body)
	}
}
