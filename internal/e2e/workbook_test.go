package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/headwayhq/headway/internal/workbook"
)

// fetched is a download as the page's fetch saw it.
type fetched struct {
	Status      int    `json:"status"`
	Type        string `json:"type"`
	Disposition string `json:"disposition"`
	Body        string `json:"body"` // base64
}

// fetchAs downloads path with the tab's cookies (as a link click would)
// and returns the response with its body.
func fetchAs(t *testing.T, tab context.Context, path string) (fetched, []byte) {
	t.Helper()
	js := `fetch(` + "`" + path + "`" + `).then(async r => {
		const b = new Uint8Array(await r.arrayBuffer());
		let s = ''; for (const c of b) s += String.fromCharCode(c);
		return {status: r.status, type: r.headers.get('Content-Type') || '', disposition: r.headers.get('Content-Disposition') || '', body: btoa(s)};
	})`
	f, err := chromedp.Run(tab, chromedp.Evaluate[fetched](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetch %s: %v", path, err)
	}
	b, err := base64.StdEncoding.DecodeString(f.Body)
	if err != nil {
		t.Fatal(err)
	}
	return f, b
}

// TestWorkbookJourney: a visitor downloads the blank template without an
// account; the owner of a filled organization downloads its workbook; an
// owner fills the template offline and uploads it into an empty
// organization, checks the preview (at three widths) and confirms; the
// data is on the step pages.
func TestWorkbookJourney(t *testing.T) {
	a := newApp(t)
	visitor := newBrowser(t)
	visit(t, visitor, a.URL+"/login")

	// Anonymous: the blank template.
	f, blank := fetchAs(t, visitor, "/template/headway-roadmap-template.xlsx")
	if f.Status != 200 || f.Type != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
		f.Disposition != `attachment; filename="headway-roadmap-template.xlsx"` || !bytes.HasPrefix(blank, []byte("PK")) {
		t.Fatalf("blank template: %d %q %q, %d bytes", f.Status, f.Type, f.Disposition, len(blank))
	}

	// The owner of an organization with data downloads its workbook.
	owner := newBrowser(t)
	if err := chromedp.Do(owner, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	signUpInBrowser(t, owner, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")
	f, filled := fetchAs(t, owner, "/o/acme-corp/roadmap.xlsx")
	if f.Status != 200 || !strings.HasPrefix(f.Disposition, `attachment; filename="acme-corp-roadmap-`) || !bytes.HasPrefix(filled, []byte("PK")) {
		t.Fatalf("filled workbook: %d %q", f.Status, f.Disposition)
	}
	if wb, err := excelize.OpenReader(bytes.NewReader(filled)); err != nil || len(wb.GetSheetList()) != len(workbook.Sheets) {
		t.Fatalf("the filled workbook does not open: %v", err)
	}

	// The template filled offline, uploaded into an empty organization.
	wb, err := excelize.OpenReader(bytes.NewReader(blank))
	if err != nil {
		t.Fatal(err)
	}
	_ = wb.SetSheetRow(workbook.SheetStack, "A3", &[]any{"Jenkins", "CI/CD", "Hold", 0, "Flat", 2, 30, "Build team", "Two controllers"})
	_ = wb.SetSheetRow(workbook.SheetStack, "A4", &[]any{"Datadog", "Observability", "Trial", 1800, "Superlinear", 4, 3, "SRE", ""})
	_ = wb.SetSheetRow(workbook.SheetFindings, "A3", &[]any{"Flaky nightly build", "Tech debt", "Fails one night in three", 3, "M", "Open", "Jenkins"})
	_ = wb.SetSheetRow(workbook.SheetKPIs, "A3", &[]any{"2026-11-02", "2023", 3, nil, 50, nil, 8, nil, 20, nil})
	_ = wb.SetCellValue(workbook.SheetPractices, "E2", "Mostly")
	_ = wb.SetCellValue(workbook.SheetMaturity, "D2", 3)
	var out bytes.Buffer
	if err := wb.Write(&out); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "acme-filled.xlsx")
	if err := os.WriteFile(file, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	visit(t, owner, a.URL+"/orgs/new")
	fill(t, owner, `#f-name`, "Empty Org")
	click(t, owner, `main form button[type="submit"]`)
	waitVisible(t, owner, `nav.section-nav`)
	if got := path(t, owner); got != "/o/empty-org/" {
		t.Fatalf("after creating the organization the browser is at %q", got)
	}
	visit(t, owner, a.URL+"/o/empty-org/import")
	checkPage(t, owner, page{name: "workbook import", path: "/o/empty-org/import", heading: "Import the roadmap workbook"})
	upload := func(file string) {
		t.Helper()
		sctx, cancel := step(owner)
		defer cancel()
		if err := chromedp.Do(sctx, chromedp.SetUploadFiles(chromedp.CSS(`#workbook-file`), []string{file})); err != nil {
			t.Fatal(err)
		}
		cancel()
		click(t, owner, `form:has(#workbook-file) button[type="submit"]`)
	}
	// A bad value first: the problem by sheet, row and column, nothing imported.
	_ = wb.SetCellValue(workbook.SheetStack, "C4", "Sometimes")
	out.Reset()
	if err := wb.Write(&out); err != nil {
		t.Fatal(err)
	}
	badFile := filepath.Join(t.TempDir(), "acme-bad.xlsx")
	if err := os.WriteFile(badFile, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	upload(badFile)
	waitVisible(t, owner, `#workbook-errors`)
	if got := textOf(t, owner, `#workbook-errors`); !strings.Contains(got, "1 Stack audit, row 4, column “Lifecycle”") {
		t.Errorf("errors = %q, want row 4's lifecycle", got)
	}
	checkPage(t, owner, page{name: "workbook import errors", path: "/o/empty-org/import", heading: "Import the roadmap workbook", status: 422})
	upload(file)
	waitVisible(t, owner, `.workbook-preview`)
	at := path(t, owner)
	if !regexp.MustCompile(`^/o/empty-org/import\?preview=[0-9]+$`).MatchString(at) {
		t.Fatalf("after the upload the browser is at %q, want the preview", at)
	}
	counts := textOf(t, owner, `.workbook-counts tbody`)
	for _, want := range []string{"1 Stack audit 2 tools 2 0", "1 Findings 1 finding 1 0", "2 KPIs 1 KPI snapshot 1 0", "3 Infrastructure 1 practice status 1 0"} {
		if !strings.Contains(strings.Join(strings.Fields(counts), " "), want) {
			t.Errorf("preview counts %q lack %q", counts, want)
		}
	}
	checkPage(t, owner, page{name: "workbook import preview", path: at, heading: "Import the roadmap workbook"})
	screenshot(t, owner, "workbook-preview")
	click(t, owner, `form[action="/o/empty-org/import/confirm"] button[type="submit"]`)
	waitVisible(t, owner, `.notice-success`)
	if got := textOf(t, owner, `.notice-success`); !strings.Contains(got, "Imported the workbook: 2 tools, 1 finding") {
		t.Errorf("flash = %q", got)
	}
	for p, want := range map[string]string{"/o/empty-org/stack": "Datadog", "/o/empty-org/stack/findings": "Flaky nightly build",
		"/o/empty-org/kpis": "2026", "/o/empty-org/maturity": "draft"} {
		visit(t, owner, a.URL+p)
		if got := textOf(t, owner, `main`); !strings.Contains(strings.ToLower(got), strings.ToLower(want)) {
			t.Errorf("%s lacks %q after the import", p, want)
		}
	}
}
