package http_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/headwayhq/headway/internal/roadmap"
)

// PDF exports (export_pdf.go): the blank worksheet, the members' report and
// a share link's report, read back with poppler (pdftoppm renders every
// page, pdftotext extracts the text).

// pdfNames are names in Latin, Greek and Cyrillic scripts that must print.
const pdfNames = "Zoë Ørsted, Σοφία, Дмитрий"

// popplerTool is the path of a poppler-utils tool: missing, it fails the
// test under CI (.ci/run installs poppler-utils) and skips it elsewhere.
func popplerTool(t testing.TB, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is missing: install poppler-utils (apt-get install poppler-utils); CI requires it", tool)
	}
	t.Skipf("%s is missing (install poppler-utils to run this test)", tool)
	return ""
}

// pdfRead checks a PDF download (200, its headers, %PDF), renders its pages
// with pdftoppm and returns their number and its text (spaces collapsed).
func pdfRead(t *testing.T, r *response, wantName *regexp.Regexp, wantCache string) (int, string) {
	t.Helper()
	if r.StatusCode != http.StatusOK {
		t.Fatalf("PDF download = %d, want 200\n%.300s", r.StatusCode, r.body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("Content-Type %q, want application/pdf", ct)
	}
	if cd := r.Header.Get("Content-Disposition"); !wantName.MatchString(cd) {
		t.Errorf("Content-Disposition %q, want %s", cd, wantName)
	}
	if cc := r.Header.Get("Cache-Control"); cc != wantCache {
		t.Errorf("Cache-Control %q, want %q", cc, wantCache)
	}
	if !strings.HasPrefix(r.body, "%PDF-") {
		t.Fatalf("the download is not a PDF: %.20q", r.body)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.pdf")
	if keep := os.Getenv("HEADWAY_PDF_PAGES"); keep != "" { // to look at them
		_, name, _ := strings.Cut(r.Header.Get("Content-Disposition"), `filename="`)
		_ = os.WriteFile(filepath.Join(keep, t.Name()+"-"+strings.TrimSuffix(name, `"`)), []byte(r.body), 0o600)
	}
	if err := os.WriteFile(in, []byte(r.body), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(popplerTool(t, "pdftoppm"), "-r", "30", "-png", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil || len(out) > 0 {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	cmd := exec.Command(popplerTool(t, "pdftotext"), "-enc", "UTF-8", in, "-")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return len(pngs), strings.Join(strings.Fields(string(out)), " ")
}

// Anyone downloads the blank worksheet: every step's catalog is in it.
func TestTemplatePDF(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	n, text := pdfRead(t, c.get("/template/headway-roadmap-template.pdf"),
		regexp.MustCompile(`^attachment; filename="headway-roadmap-template\.pdf"$`), "public, max-age=3600")
	if n < 8 || n > 30 {
		t.Errorf("the worksheet has %d pages, want 8 to 30", n)
	}
	want := []string{"DevOps roadmap worksheet", "Step 1: Stack audit", "Step 1: Findings", "Step 2: Skills self-rating",
		"Step 2: DORA Quick Check", "Step 3: Infrastructure practices", "Step 4: Maturity assessment", "Roadmap Turn the findings", "Now", "Next", "Later",
		roadmap.SkillCatalog[len(roadmap.SkillCatalog)-1].Name, roadmap.PracticeCatalog[len(roadmap.PracticeCatalog)-1].Title,
		roadmap.Answers[roadmap.MetricDeploymentFrequency][0].Label, roadmap.PracticeStatuses[3].Label,
		roadmap.Lifecycles[0].Label, roadmap.CostScalings[0].Label}
	for _, q := range roadmap.MaturityQuestions[:3] {
		want = append(want, q.Options[4][:min(len(q.Options[4]), 30)])
	}
	for _, w := range want {
		if !strings.Contains(text, strings.Join(strings.Fields(w), " ")) {
			t.Errorf("the worksheet lacks %q", w)
		}
	}
}

// seedReportOrg fills an organization's four steps through the app, with
// members whose names and emails the report must not print, and a
// hand-added initiative titled with pdfNames.
func seedReportOrg(t *testing.T, c *client, slug string) {
	t.Helper()
	c.addMember(slug, "Σοφία Παπαδοπούλου", "sofia.private@example.com", "member")
	c.addMember(slug, "Дмитрий Иванов", "dmitri.private@example.com", "admin")
	bearer := "Bearer " + c.createToken(slug, "pdf")
	base := "/o/" + slug + "/"
	c.apiCreate("/api/v1/stack", bearer, `{"name":"Datadog","category":"observability","lifecycle":"hold","monthly_cost":9000,"cost_scaling":"superlinear","scalability":2,"support_hours_per_month":24}`)
	c.apiCreate("/api/v1/stack", bearer, `{"name":"GitHub","category":"ci_cd","lifecycle":"adopt","monthly_cost":400,"cost_scaling":"linear","scalability":4,"support_hours_per_month":8}`)
	c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"TLS certificate renewed by hand","severity":4,"effort":"xs"}`)
	c.apiCreate("/api/v1/kpis", bearer, `{"measured_on":"2025-03-03","deployments_per_week":1,"lead_time_hours":300,"change_failure_rate":12,"recovery_time_hours":30}`)
	if r := c.post(base+"skills/me", form("rating_kubernetes", "3", "rating_git_branching", "1")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("rating = %d", r.StatusCode)
	}
	if r := c.apiSend("PUT", "/api/v1/practices/ci", bearer, `{"status":"fully"}`); r.StatusCode != http.StatusOK {
		t.Fatalf("PUT practice = %d %s", r.StatusCode, r.body)
	}
	if r := c.apiSend("POST", "/api/v1/maturity", bearer, answersJSON(3, nil)); r.StatusCode != http.StatusCreated {
		t.Fatalf("POST maturity = %d %s", r.StatusCode, r.body)
	}
	// The benchmark compares with the technology industry's row.
	if _, err := c.su.Exec(context.Background(), `UPDATE organizations SET industry = 'technology' WHERE slug = $1`, slug); err != nil {
		t.Fatal(err)
	}
	if r := c.post(base+"roadmap/initiatives", form("title", "Pair "+pdfNames+" on the deploy pipeline", "category", "delivery",
		"effort", "s", "value", "8", "notes", "Private note: ask Olivia first")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("custom initiative = %d\n%s", r.StatusCode, r.body)
	}
}

// A member downloads the report; so does a share link's holder, without
// any member's name or email (nor a hand-added initiative's notes); another
// organization's member gets a 404, a visitor the login page, a dead token
// the share page's 404.
func TestReportPDF(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner.private@example.com", "Zoë Ørsted Ωmega Дело")
	seedReportOrg(t, c, slug)
	day := `[0-9]{4}-[0-9]{2}-[0-9]{2}`

	n, text := pdfRead(t, c.get("/o/"+slug+"/roadmap.pdf"),
		regexp.MustCompile(`^attachment; filename="`+regexp.QuoteMeta(slug)+`-roadmap-`+day+`\.pdf"$`), "no-store")
	if n < 5 || n > 20 {
		t.Errorf("the report has %d pages, want 5 to 20", n)
	}
	for _, want := range []string{"Zoë Ørsted Ωmega Дело", "Pair " + pdfNames + " on the deploy pipeline", "Delivery performance (DORA)",
		"300 hours", "Benchmark. Your industry: Technology", "teams in your industry (Technology)", "Maturity", "Skills coverage", "Kubernetes", "one person at practitioner level", "Stack: cost and support",
		"9,400", "The roadmap by quarter", "Plan the move off Datadog", "Evidence", "cost of delay", "Page 2 of"} {
		if !strings.Contains(text, want) {
			t.Errorf("the member's report lacks %q", want)
		}
	}
	personal := []string{"Olivia Owner", "Σοφία Παπαδοπούλου", "Παπαδοπούλου", "Дмитрий Иванов", "Иванов", "owner.private@example.com",
		"sofia.private@example.com", "dmitri.private@example.com"}
	for _, p := range personal {
		if strings.Contains(text, p) {
			t.Errorf("the member's report names %q: aggregates only", p)
		}
	}

	// The share link's report: the same plan, nobody in it.
	token := c.createShare(slug, "Board", "30")
	anon := c.newClient()
	_, shared := pdfRead(t, anon.get("/share/"+token+"/roadmap.pdf"),
		regexp.MustCompile(`^attachment; filename="shared-roadmap-`+day+`\.pdf"$`), "no-store")
	for _, want := range []string{"Zoë Ørsted Ωmega Дело", "Pair " + pdfNames + " on the deploy pipeline", "read-only share link", "Plan the move off Datadog"} {
		if !strings.Contains(shared, want) {
			t.Errorf("the shared report lacks %q", want)
		}
	}
	for _, p := range append(personal, "Private note", "ask Olivia") {
		if strings.Contains(shared, p) {
			t.Errorf("the shared report shows %q", p)
		}
	}
	if strings.Contains(text, "read-only share link") {
		t.Error("the member's report says it came from a share link")
	}
	if !strings.Contains(text, "Notes: Private note: ask Olivia first") {
		t.Error("the member's report lacks the hand-added initiative's evidence (its notes' first line)")
	}

	// Another organization's member, a visitor, a dead link.
	other := c.newClient()
	other.signup("Eve Else", "eve@example.com", "Else Org")
	if r := other.get("/o/" + slug + "/roadmap.pdf"); r.StatusCode != http.StatusNotFound || strings.HasPrefix(r.body, "%PDF") {
		t.Errorf("another organization's report = %d, want 404", r.StatusCode)
	}
	if r := c.newClient().get("/o/" + slug + "/roadmap.pdf"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/login") {
		t.Errorf("a visitor's report = %d %q, want 303 to /login", r.StatusCode, r.location())
	}
	if r := anon.get("/share/" + strings.Repeat("x", 43) + "/roadmap.pdf"); r.StatusCode != http.StatusNotFound || strings.HasPrefix(r.body, "%PDF") {
		t.Errorf("a dead link's report = %d, want 404", r.StatusCode)
	}
	if _, err := c.su.Exec(context.Background(), `UPDATE share_links SET revoked_at = now()`); err != nil {
		t.Fatal(err)
	}
	if r := anon.get("/share/" + token + "/roadmap.pdf"); r.StatusCode != http.StatusNotFound {
		t.Errorf("a revoked link's report = %d, want 404", r.StatusCode)
	}
}

// BenchmarkReportPDF is the report of a large organization (200 stack
// items, 100 members with ratings, 60 initiatives): the request through the
// router, the read and the drawing; its size is reported as bytes/op.
func BenchmarkReportPDF(b *testing.B) {
	ts, hc, loc, db := benchServerDB(b)
	su := db.Superuser(b)
	for _, q := range []string{
		`WITH o AS (SELECT id FROM organizations LIMIT 1)
		INSERT INTO stack_items (org_id, name, category, lifecycle, monthly_cost, cost_scaling, scalability, support_hours_per_month, owner)
			SELECT o.id, 'Tool ' || g, (ARRAY['ci_cd','cloud','data','security','iac'])[1 + g % 5], 'adopt', g * 7.5, 'flat', 4, g % 3, 'Team ' || g % 9
			FROM o, generate_series(1, 200) g`,
		`WITH o AS (SELECT id FROM organizations LIMIT 1),
		u AS (INSERT INTO users (email, name, password_hash)
			SELECT 'm' || g || '@example.com', 'Member ' || g, 'x' FROM generate_series(1, 99) g RETURNING id)
		INSERT INTO memberships (org_id, user_id, role) SELECT o.id, u.id, 'member' FROM o, u`,
		`INSERT INTO skill_ratings (org_id, user_id, skill_id, level)
			SELECT m.org_id, m.user_id, s.id, (m.user_id + s.id) % 5 FROM memberships m JOIN skills s ON s.org_id = m.org_id`,
		`WITH o AS (SELECT id FROM organizations LIMIT 1)
		INSERT INTO roadmap_initiatives (org_id, title, category, effort, value)
			SELECT o.id, 'Initiative ' || g || ' for Zoë Ørsted, Σοφία, Дмитрий', 'delivery', (ARRAY['xs','s','m','l','xl'])[1 + g % 5],
				(ARRAY[1, 2, 3, 5, 8, 13, 20])[1 + g % 7]
			FROM o, generate_series(1, 60) g`,
	} {
		if _, err := su.Exec(context.Background(), q); err != nil {
			b.Fatal(err)
		}
	}
	target := ts.URL + loc + "roadmap.pdf"
	resp, err := hc.Get(target)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.HasPrefix(body, []byte("%PDF")) {
		b.Fatalf("GET %s = %d", target, resp.StatusCode)
	}
	if keep := os.Getenv("HEADWAY_PDF_PAGES"); keep != "" { // to look at it
		_ = os.WriteFile(filepath.Join(keep, "BenchmarkReportPDF.pdf"), body, 0o600)
	}
	benchGET(b, hc, target, nil, http.StatusOK)
	b.ReportMetric(float64(len(body)), "pdf-bytes") // after benchGET, whose ResetTimer drops metrics
	if n := bytes.Count(body, []byte("/Type /Page\n")); n > 0 {
		b.ReportMetric(float64(n), "pages")
	}
}
