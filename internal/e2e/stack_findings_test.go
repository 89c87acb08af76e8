package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/alexedwards/argon2id"
	"github.com/chromedp/chromedp"
)

// The findings register in a browser: an owner records a debt finding tied
// to a stack item (the items are seeded: the inventory's pages are the
// lead's), sees the form's messages, records an opportunity for the whole
// stack, filters the list by kind, edits a finding, meets another editor's
// save (409, both versions shown) and keeps theirs, then deletes a finding
// after its confirmation page. Every page passes axe in light and dark at
// phone, tablet and desktop widths.
func TestFindingsJourney(t *testing.T) {
	a := newApp(t)
	owner := newBrowser(t)
	if err := chromedp.Do(owner, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	signUpInBrowser(t, owner, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")
	su := a.db.Superuser(t)
	ctx := context.Background()
	var jenkins, terraform int64
	for name, id := range map[string]*int64{"Jenkins": &jenkins, "Terraform": &terraform} {
		if err := su.QueryRow(ctx, `INSERT INTO stack_items (org_id, name, category, lifecycle, monthly_cost, cost_scaling, scalability, support_hours_per_month)
			SELECT id, $1, 'ci_cd', 'hold', 120, 'linear', 2, 6 FROM organizations WHERE slug = 'acme-corp' RETURNING id`, name).Scan(id); err != nil {
			t.Fatal(err)
		}
	}
	base := a.URL + "/o/acme-corp/stack/findings"

	// The empty register invites the owner to record one.
	visit(t, owner, base)
	checkPage(t, owner, page{name: "findings empty", path: "/o/acme-corp/stack/findings", heading: "Debt and opportunities"})
	click(t, owner, `.empty-state a[href="/o/acme-corp/stack/findings/new"]`)
	waitVisible(t, owner, `#f-title`)
	checkPage(t, owner, page{name: "new finding", path: "/o/acme-corp/stack/findings/new", heading: "New finding"})

	// Sent empty: each required field says what it needs.
	click(t, owner, `main form button[type="submit"]`)
	waitVisible(t, owner, `#f-title-error`)
	checkPage(t, owner, page{name: "new finding with errors", path: "/o/acme-corp/stack/findings", heading: "New finding", status: 422})
	for field, want := range map[string]string{"kind": "Choose a kind", "title": "Title is required.", "severity": "Severity must be", "effort": "Choose an effort"} {
		if got := textOf(t, owner, "#f-"+field+"-error"); !strings.Contains(got, want) {
			t.Errorf("message beside %s = %q, want %q", field, got, want)
		}
	}

	// A debt finding tied to Jenkins.
	fill(t, owner, `#f-kind`, "debt")
	fill(t, owner, `#f-stack_item_id`, strconv.FormatInt(jenkins, 10))
	typeInto(t, owner, `#f-title`, "Jenkins runs on one VM")
	typeInto(t, owner, `#f-description`, "No backups.\nA disk failure stops every deploy.")
	fill(t, owner, `#f-severity`, "4")
	fill(t, owner, `#f-effort`, "m")
	click(t, owner, `main form button[type="submit"]`)
	waitVisible(t, owner, `table.findings-table`)
	if got := textOf(t, owner, `.notice-success`); got != "Added the finding “Jenkins runs on one VM”." {
		t.Errorf("flash = %q", got)
	}
	row := textOf(t, owner, `table.findings-table tbody tr`)
	for _, want := range []string{"Tech debt", "Jenkins runs on one VM", "Critical severity", "M", "Open", "Jenkins"} {
		if !strings.Contains(row, want) {
			t.Errorf("the row %q does not say %q", row, want)
		}
	}

	// An opportunity, from a link that preselects Terraform, moved to the
	// whole stack.
	visit(t, owner, base+"/new?stack_item_id="+strconv.FormatInt(terraform, 10))
	if v := findingFieldValue(t, owner, `#f-stack_item_id`); v != strconv.FormatInt(terraform, 10) {
		t.Errorf("preselected stack item = %q, want Terraform's id %d", v, terraform)
	}
	fill(t, owner, `#f-kind`, "opportunity")
	fill(t, owner, `#f-stack_item_id`, "")
	typeInto(t, owner, `#f-title`, "Cache Docker layers in CI")
	fill(t, owner, `#f-severity`, "3")
	fill(t, owner, `#f-effort`, "s")
	click(t, owner, `main form button[type="submit"]`)
	waitVisible(t, owner, `.notice-success`)
	if got := findingTitles(t, owner); strings.Join(got, "|") != "Jenkins runs on one VM|Cache Docker layers in CI" {
		t.Errorf("the register lists %q", got)
	}
	checkPage(t, owner, page{name: "findings", path: "/o/acme-corp/stack/findings", heading: "Debt and opportunities"})
	screenshot(t, owner, "findings")

	// Filter by kind: a plain link, so the view is a URL.
	click(t, owner, `nav.filter-links a[href="/o/acme-corp/stack/findings?kind=opportunity"]`)
	waitVisible(t, owner, `nav.filter-links a[aria-current="true"][href="/o/acme-corp/stack/findings?kind=opportunity"]`)
	if got := findingTitles(t, owner); strings.Join(got, "|") != "Cache Docker layers in CI" {
		t.Errorf("opportunities: %q", got)
	}
	checkPage(t, owner, page{name: "findings filtered", path: "/o/acme-corp/stack/findings?kind=opportunity", heading: "Debt and opportunities"})

	// Edit the debt finding: planned.
	visit(t, owner, base)
	click(t, owner, `a.finding-title`)
	waitVisible(t, owner, `main form a.danger-link`) // only the edit form offers to delete
	editPath := path(t, owner)
	checkPage(t, owner, page{name: "edit finding", path: editPath, heading: "Edit finding"})
	fill(t, owner, `#f-status`, "planned")
	click(t, owner, `main form button[type="submit"]`)
	waitVisible(t, owner, `.notice-success`)
	if row := textOf(t, owner, `table.findings-table tbody tr`); !strings.Contains(row, "Planned") {
		t.Errorf("after the edit the row says %q", row)
	}

	// Someone else saves while the form is open: the save answers 409 with
	// both versions, and saving again keeps ours.
	visit(t, owner, a.URL+editPath)
	clearField(t, owner, `#f-title`)
	typeInto(t, owner, `#f-title`, "Move Jenkins to two agents")
	if _, err := su.Exec(ctx, `UPDATE findings SET title = 'Retire Jenkins', version = version + 1 WHERE title = 'Jenkins runs on one VM'`); err != nil {
		t.Fatal(err)
	}
	click(t, owner, `main form button[type="submit"]`)
	waitVisible(t, owner, `section.conflict`)
	checkPage(t, owner, page{name: "edit finding conflict", path: editPath, heading: "Edit finding", status: 409})
	if got := textOf(t, owner, `section.conflict tr.differs`); !strings.Contains(got, "Retire Jenkins") || !strings.Contains(got, "Move Jenkins to two agents") {
		t.Errorf("the conflict row = %q, want the saved and the typed title", got)
	}
	if v := findingFieldValue(t, owner, `#f-title`); v != "Move Jenkins to two agents" {
		t.Errorf("the form after the conflict holds %q", v)
	}
	screenshot(t, owner, "finding-conflict")
	click(t, owner, `main form button[type="submit"]`)
	waitVisible(t, owner, `.notice-success`)
	if got := findingTitles(t, owner); len(got) == 0 || got[0] != "Move Jenkins to two agents" {
		t.Errorf("after saving again the register lists %q", got)
	}

	// Delete the opportunity, after its confirmation page.
	click(t, owner, `table.findings-table tbody tr:nth-child(2) a.danger-link`)
	waitVisible(t, owner, `.confirm-card`)
	checkPage(t, owner, page{name: "delete finding", path: path(t, owner), heading: "Delete the finding “Cache Docker layers in CI”?"})
	click(t, owner, `.confirm-card button[type="submit"]`)
	waitVisible(t, owner, `.notice-success`)
	if got := textOf(t, owner, `.notice-success`); got != "Deleted the finding “Cache Docker layers in CI”." {
		t.Errorf("flash = %q", got)
	}
	if got := findingTitles(t, owner); strings.Join(got, "|") != "Move Jenkins to two agents" {
		t.Errorf("after deleting the register lists %q", got)
	}
	expectDocument(t, owner, 200)

	// A member reads the finding: no form, the same facts.
	hash, err := argon2id.CreateHash("correct horse battery", argon2id.DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := su.Exec(ctx, `WITH u AS (INSERT INTO users (email, name, password_hash) VALUES ('mia@example.com', 'Mia Member', $1) RETURNING id)
		INSERT INTO memberships (org_id, user_id, role) SELECT o.id, u.id, 'member' FROM organizations o, u WHERE o.slug = 'acme-corp'`, hash); err != nil {
		t.Fatal(err)
	}
	mia := newPerson(t, owner)
	if err := chromedp.Do(mia, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	visit(t, mia, a.URL+"/login")
	fill(t, mia, `#f-email`, "mia@example.com")
	fill(t, mia, `#f-password`, "correct horse battery")
	click(t, mia, `form[action="/login"] button[type="submit"]`)
	waitVisible(t, mia, `nav.section-nav`)
	visit(t, mia, a.URL+editPath)
	checkPage(t, mia, page{name: "finding read view", path: editPath, heading: "Move Jenkins to two agents"})
	if n, err := chromedp.Run(mia, chromedp.Evaluate[int](`document.querySelectorAll('main form').length`)); err != nil || n != 0 {
		t.Errorf("the member's view has %d forms (%v)", n, err)
	}
	if got := textOf(t, mia, `.finding-facts`); !strings.Contains(got, "Critical severity") || !strings.Contains(got, "Jenkins") {
		t.Errorf("the member reads %q", got)
	}
}

// findingFieldValue is the current value of a field.
func findingFieldValue(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	sctx, cancel := step(ctx)
	defer cancel()
	v, err := chromedp.Run(sctx, chromedp.Value(chromedp.CSS(css)))
	if err != nil {
		t.Fatalf("value of %s: %v", css, err)
	}
	return v
}

// findingTitles are the finding titles the register lists, in order.
func findingTitles(t *testing.T, ctx context.Context) []string {
	t.Helper()
	sctx, cancel := step(ctx)
	defer cancel()
	got, err := chromedp.Run(sctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('a.finding-title')].map(a => a.textContent.trim())`))
	if err != nil {
		t.Fatal(err)
	}
	return got
}
