package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// An owner imports an inventory CSV in the browser: a file with a bad
// number on row 7 is refused with the row and the column beside the file
// field; the corrected file shows its preview; confirming adds the items
// and says so. Each page passes axe in light and dark mode at every width.
func TestStackCSVImportJourney(t *testing.T) {
	a := newApp(t)
	owner := newBrowser(t)
	if err := chromedp.Do(owner, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	signUpInBrowser(t, owner, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")

	const head = "name,category,lifecycle,monthly_cost,cost_scaling,scalability,support_hours_per_month,owner,notes\n"
	rows := []string{
		"GitHub,source_control,adopt,420.50,linear,4,2,Platform,Enterprise plan\n",
		"Jenkins,CI/CD,hold,0,flat,2,30,Build team,\"Two controllers,\nno backups\"\n",
		"Terraform,iac,adopt,0,flat,4,4,Platform,\n",
		"Datadog,observability,trial,1800,superlinear,4,3,SRE,\n",
		"Vault,security,assess,0,flat,3,6,Security,\n",
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "inventory-bad.csv")
	good := filepath.Join(dir, "inventory.csv")
	// Row 7 (the header is row 1): a cost with a comma for a point.
	badRows := append(append([]string{}, rows...), "Jira,collaboration,adopt,\"12,50\",linear,3,1,,\n")
	if err := os.WriteFile(bad, []byte(head+strings.Join(badRows, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, []byte(head+strings.Join(rows, "")+"Jira,collaboration,adopt,12.50,linear,3,1,,\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	visit(t, owner, a.URL+"/o/acme-corp/stack/import")
	// The columns' documentation is checked open.
	if err := chromedp.Do(owner, chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('.import-form details').forEach(d => { d.open = true })`)); err != nil {
		t.Fatal(err)
	}
	checkPage(t, owner, page{name: "stack import", path: "/o/acme-corp/stack/import", heading: "Import CSV"})
	// Open, the columns' tables still fit a phone (they once pushed it 2px wide).
	if err := chromedp.Do(owner, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), settle); err != nil {
		t.Fatal(err)
	}
	if w, err := chromedp.Run(owner, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); err != nil || w > 390 {
		t.Errorf("the import page is %dpx wide on a 390px phone (%v)", w, err)
	}
	if err := chromedp.Do(owner, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}

	upload := func(file string) {
		t.Helper()
		sctx, cancel := step(owner)
		defer cancel()
		if err := chromedp.Do(sctx, chromedp.SetUploadFiles(chromedp.CSS(`#import-stack-file`), []string{file})); err != nil {
			t.Fatalf("choose %s: %v", file, err)
		}
		cancel()
		click(t, owner, `form:has(#import-stack-file) button[type="submit"]`)
	}

	// The bad file: nothing imported, the problem beside the field.
	upload(bad)
	waitVisible(t, owner, `#import-stack-errors`)
	if got := textOf(t, owner, `#import-stack-errors`); !strings.Contains(got, "Row 7, monthly_cost: Enter a number, like 120 or 99.50.") {
		t.Errorf("errors beside the field = %q, want row 7's monthly_cost", got)
	}
	checkPage(t, owner, page{name: "stack import errors", path: "/o/acme-corp/stack/import", heading: "Import CSV", status: 422})

	// The corrected file: a preview, then the confirmation.
	upload(good)
	waitVisible(t, owner, `.import-preview`)
	at := path(t, owner)
	if !regexp.MustCompile(`^/o/acme-corp/stack/import\?preview=[0-9]+$`).MatchString(at) {
		t.Fatalf("after a clean upload the browser is at %q, want the preview", at)
	}
	if got := textOf(t, owner, `.import-preview p`); !strings.Contains(got, "6 items will be added to the inventory, empty until now.") {
		t.Errorf("preview says %q", got)
	}
	if got := textOf(t, owner, `.import-rows tbody`); !strings.Contains(got, "Jenkins") || !strings.Contains(got, "Two controllers") {
		t.Errorf("preview rows = %q", got)
	}
	checkPage(t, owner, page{name: "stack import preview", path: at, heading: "Import CSV"})
	click(t, owner, `form[action="/o/acme-corp/stack/import/confirm"] button[type="submit"]`)
	waitVisible(t, owner, `.notice-success`)
	if got := path(t, owner); got != "/o/acme-corp/stack" {
		t.Errorf("after confirming the browser is at %q, want the inventory", got)
	}
	if got := textOf(t, owner, `.notice-success`); got != "Imported 6 items." {
		t.Errorf("flash = %q, want Imported 6 items.", got)
	}
	screenshot(t, owner, "stack-import-done")
}
