package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"
)

// findingsOrg is an organization with an owner (c), an admin and a member,
// an API token to seed data through the API, and two stack items.
type findingsOrg struct {
	c, admin, member *client
	slug, bearer     string
	jenkins, tf      string // stack item ids
}

func newFindingsOrg(t *testing.T) findingsOrg {
	t.Helper()
	c := newTestServer(t)
	o := findingsOrg{c: c}
	o.slug = c.signup("Olivia Owner", "owner@example.com", "Findings Org")
	c.addMember(o.slug, "Adam Admin", "admin@example.com", "admin")
	c.addMember(o.slug, "Mia Member", "member@example.com", "member")
	o.admin, o.member = c.newClient(), c.newClient()
	o.admin.mustLogin("admin@example.com")
	o.member.mustLogin("member@example.com")
	o.bearer = "Bearer " + c.createToken(o.slug, "seed")
	o.jenkins = c.apiCreate("/api/v1/stack", o.bearer, `{"name":"Jenkins","category":"ci_cd","lifecycle":"hold","monthly_cost":10,"cost_scaling":"flat","scalability":2}`)
	o.tf = c.apiCreate("/api/v1/stack", o.bearer, `{"name":"Terraform","category":"iac","lifecycle":"adopt","monthly_cost":0,"cost_scaling":"flat","scalability":4}`)
	return o
}

func (o findingsOrg) path(elems ...string) string {
	return "/o/" + o.slug + "/stack/findings" + strings.Join(elems, "")
}

// finding creates a finding through the API and returns its id.
func (o findingsOrg) finding(kind, title string, severity int, effort, status, item string) string {
	if item == "" {
		item = "null"
	}
	return o.c.apiCreate("/api/v1/findings", o.bearer, fmt.Sprintf(`{"kind":%q,"title":%q,"severity":%d,"effort":%q,"status":%q,"stack_item_id":%s}`,
		kind, title, severity, effort, status, item))
}

// listedTitles are the finding titles of a list page, in order.
func listedTitles(t *testing.T, r *response) []string {
	t.Helper()
	var out []string
	for _, a := range findAll(r.doc(t), func(n *html.Node) bool { return n.Data == "a" && hasClass(n, "finding-title") }) {
		out = append(out, text(a))
	}
	return out
}

// filterLinks are the filter links of a list page: text → href, and the
// texts of the current ones.
func filterLinks(t *testing.T, r *response) (map[string]string, []string) {
	t.Helper()
	links, current := map[string]string{}, []string(nil)
	for _, nav := range findAll(r.doc(t), func(n *html.Node) bool { return n.Data == "nav" && hasClass(n, "filter-links") }) {
		key := strings.TrimPrefix(attr(nav, "aria-label"), "Filter by ")
		for _, a := range byTag(nav, "a") {
			label := key + ": " + strings.Join(strings.Fields(text(a)), " ")
			links[label] = attr(a, "href")
			if attr(a, "aria-current") == "true" {
				current = append(current, label)
			}
		}
	}
	return links, current
}

// The register lists every finding most severe first, then by the smallest
// effort, then by title, whatever order they were recorded in; the kind and
// status filters are plain GET links whose counts say what each shows, and
// an unknown value is ignored with a note.
func TestFindingsListFiltersAndSorts(t *testing.T) {
	t.Parallel()
	o := newFindingsOrg(t)
	o.finding("opportunity", "Cache the Docker layers", 2, "s", "planned", "")
	o.finding("debt", "Jenkins has no backups", 4, "m", "open", o.jenkins)
	o.finding("debt", "State file on a laptop", 4, "xs", "open", o.tf)
	o.finding("debt", "Flaky end-to-end suite", 3, "l", "resolved", "")
	o.finding("opportunity", "Adopt OpenTofu", 3, "l", "open", o.tf)
	o.finding("debt", "Alerts nobody reads", 2, "s", "open", "")

	all := o.member.get(o.path())
	if all.StatusCode != http.StatusOK {
		t.Fatalf("GET the register = %d\n%s", all.StatusCode, all.body)
	}
	want := []string{"State file on a laptop", "Jenkins has no backups", "Adopt OpenTofu", "Flaky end-to-end suite", "Alerts nobody reads", "Cache the Docker layers"}
	if got := listedTitles(t, all); !slices.Equal(got, want) {
		t.Errorf("the register lists\n%q, want\n%q", got, want)
	}
	page := text(all.doc(t))
	for _, s := range []string{"Critical severity", "High value", "Whole stack", "Tech debt", "Growth opportunity", "Resolved", "Planned"} {
		if !strings.Contains(page, s) {
			t.Errorf("the register does not say %q", s)
		}
	}
	hs := hrefs(all.doc(t))
	for _, item := range []string{o.jenkins, o.tf} {
		if !slices.Contains(hs, "/o/"+o.slug+"/stack/"+item) {
			t.Errorf("no link to the stack item %s: %v", item, hs)
		}
	}
	// A member reads, but is offered no way to write.
	for _, h := range hs {
		if strings.HasPrefix(h, o.path("/")) && (strings.Contains(h, "/new") || strings.HasSuffix(h, "/delete")) {
			t.Errorf("a member's register links to %s", h)
		}
	}

	links, current := filterLinks(t, all)
	for label, href := range map[string]string{
		"kind: All 6": o.path(), "kind: Tech debt 4": o.path("?kind=debt"), "kind: Growth opportunity 2": o.path("?kind=opportunity"),
		"status: All 6": o.path(), "status: Open 4": o.path("?status=open"), "status: Planned 1": o.path("?status=planned"),
		"status: Resolved 1": o.path("?status=resolved"),
	} {
		if links[label] != href {
			t.Errorf("filter link %q = %q, want %q (links: %v)", label, links[label], href, links)
		}
	}
	if !slices.Equal(current, []string{"kind: All 6", "status: All 6"}) {
		t.Errorf("current filters = %v", current)
	}

	// A shareable filtered view: open debt only, and counts within it.
	r := o.member.get(o.path("?kind=debt&status=open"))
	if got, want := listedTitles(t, r), []string{"State file on a laptop", "Jenkins has no backups", "Alerts nobody reads"}; !slices.Equal(got, want) {
		t.Errorf("open debt = %q, want %q", got, want)
	}
	links, current = filterLinks(t, r)
	if !slices.Equal(current, []string{"kind: Tech debt 3", "status: Open 3"}) {
		t.Errorf("current filters = %v", current)
	}
	// Each link keeps the other filter: the kinds within open, the
	// statuses within debt.
	for label, href := range map[string]string{
		"kind: All 4": o.path("?status=open"), "kind: Growth opportunity 1": o.path("?kind=opportunity&status=open"),
		"status: All 4": o.path("?kind=debt"), "status: Resolved 1": o.path("?kind=debt&status=resolved"), "status: Planned 0": o.path("?kind=debt&status=planned"),
	} {
		if links[label] != href {
			t.Errorf("filter link %q = %q, want %q (links: %v)", label, links[label], href, links)
		}
	}
	if got := listedTitles(t, o.member.get(o.path("?kind=opportunity"))); !slices.Equal(got, []string{"Adopt OpenTofu", "Cache the Docker layers"}) {
		t.Errorf("opportunities = %q", got)
	}

	// An unknown value is ignored, and the page says so.
	r = o.member.get(o.path("?kind=bugs&status=resolved"))
	if r.StatusCode != http.StatusOK {
		t.Fatalf("an unknown kind = %d", r.StatusCode)
	}
	if got := listedTitles(t, r); !slices.Equal(got, []string{"Flaky end-to-end suite"}) {
		t.Errorf("kind=bugs&status=resolved lists %q, want the resolved finding only", got)
	}
	if s := text(r.doc(t)); !strings.Contains(s, "Unknown kind “bugs” ignored: showing every kind. Choose debt or opportunity.") {
		t.Errorf("no note about the unknown kind:\n%s", s)
	}
	// A filter nothing matches says so, with a way back.
	r = o.member.get(o.path("?kind=opportunity&status=resolved"))
	if s := text(r.doc(t)); !strings.Contains(s, "No findings match these filters") || len(listedTitles(t, r)) != 0 {
		t.Errorf("an empty filtered view:\n%s", s)
	}
}

// An empty register invites managers to record a finding, and tells
// members who does.
func TestFindingsEmptyState(t *testing.T) {
	t.Parallel()
	o := newFindingsOrg(t)
	r := o.c.get(o.path())
	if s := text(r.doc(t)); r.StatusCode != http.StatusOK || !strings.Contains(s, "No tech debt or opportunities recorded yet") {
		t.Fatalf("empty register = %d:\n%s", r.StatusCode, s)
	}
	if !slices.Contains(hrefs(r.doc(t)), o.path("/new")) {
		t.Errorf("the owner's empty register does not link to the new finding form")
	}
	r = o.member.get(o.path())
	if slices.Contains(hrefs(r.doc(t)), o.path("/new")) || !strings.Contains(text(r.doc(t)), "Owners and admins record findings.") {
		t.Errorf("the member's empty register:\n%s", text(r.doc(t)))
	}
}

// fieldValue is the value a form page holds for field: an input's value,
// a textarea's text, a select's selected option.
func findingFieldValue(t *testing.T, r *response, field string) string {
	t.Helper()
	for _, n := range findAll(r.doc(t), func(n *html.Node) bool { return attr(n, "name") == field }) {
		switch n.Data {
		case "input":
			return attr(n, "value")
		case "textarea": // raw: its line breaks matter
			var b strings.Builder
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				b.WriteString(c.Data)
			}
			return b.String()
		case "select":
			for _, opt := range byTag(n, "option") {
				if hasAttr(opt, "selected") {
					return attr(opt, "value")
				}
			}
			return ""
		}
	}
	t.Fatalf("no field %s on the page", field)
	return ""
}

// The forms: every bad field is named beside it with the domain's words,
// the typed values come back, and nothing is saved; a stack item of
// another organization is refused beside its field; a good form is saved,
// audited, and lands on the register with a flash. Deleting asks first.
func TestFindingFormsValidateAndSave(t *testing.T) {
	t.Parallel()
	o := newFindingsOrg(t)
	findings := func() int { return o.c.count(`SELECT count(*) FROM findings`) }

	// The new form, with the item of ?stack_item_id= chosen.
	r := o.c.get(o.path("/new?stack_item_id=" + o.jenkins))
	if r.StatusCode != http.StatusOK || findingFieldValue(t, r, "stack_item_id") != o.jenkins || findingFieldValue(t, r, "status") != "open" {
		t.Fatalf("new form = %d, item %q, status %q", r.StatusCode, findingFieldValue(t, r, "stack_item_id"), findingFieldValue(t, r, "status"))
	}
	var options []string
	for _, opt := range byTag(byID(r.doc(t), "f-stack_item_id"), "option") {
		options = append(options, text(opt))
	}
	if !slices.Equal(options, []string{"Whole stack", "Jenkins", "Terraform"}) {
		t.Errorf("stack item options = %q", options)
	}

	bad := []struct {
		name string
		form url.Values
		want map[string]string // field → message
	}{
		{"empty", form("title", "  ", "description", "kept\r\nlines"), map[string]string{
			"kind": "Choose a kind: tech debt or growth opportunity.", "title": "Title is required.",
			"severity": "Severity must be a whole number from 1 to 4.", "effort": "Choose an effort: XS, S, M, L or XL.",
		}},
		{"out of range", form("kind", "bug", "title", "Keep me", "severity", "9", "effort", "huge", "status", "gone", "stack_item_id", "abc"), map[string]string{
			"kind": "Choose a kind: tech debt or growth opportunity.", "severity": "Severity must be a whole number from 1 to 4.",
			"effort": "Choose an effort: XS, S, M, L or XL.", "status": "Choose a status: open, planned or resolved.", "stack_item_id": "Unknown stack item.",
		}},
		{"long title", form("kind", "debt", "title", strings.Repeat("x", 201), "severity", "2", "effort", "m"), map[string]string{
			"title": "Title must be at most 200 characters.",
		}},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			before := findings()
			r := o.c.post(o.path(), tc.form)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("POST = %d, want 422", r.StatusCode)
			}
			for _, field := range []string{"kind", "title", "description", "severity", "effort", "status", "stack_item_id"} {
				if got := fieldError(t, r, field); got != tc.want[field] {
					t.Errorf("message beside %s = %q, want %q", field, got, tc.want[field])
				}
			}
			// Values kept: what was typed, trimmed (description with LF lines).
			if v := tc.form.Get("title"); strings.TrimSpace(v) != "" && findingFieldValue(t, r, "title") != v {
				t.Errorf("title kept = %q, want %q", findingFieldValue(t, r, "title"), v)
			}
			if v := tc.form.Get("description"); v != "" && findingFieldValue(t, r, "description") != "kept\nlines" {
				t.Errorf("description kept = %q", findingFieldValue(t, r, "description"))
			}
			if after := findings(); after != before {
				t.Errorf("a refused form saved: %d findings, was %d", after, before)
			}
		})
	}

	// Another organization's stack item: refused beside the field, nothing saved.
	other := o.c.newClient()
	otherSlug := other.signup("Oscar Other", "other@example.com", "Other Org")
	otherItem := other.apiCreate("/api/v1/stack", "Bearer "+other.createToken(otherSlug, "other"),
		`{"name":"Their Vault","category":"security","lifecycle":"adopt","monthly_cost":0,"cost_scaling":"flat","scalability":3}`)
	before := findings()
	r = o.c.post(o.path(), form("kind", "debt", "title", "Borrowed item", "severity", "2", "effort", "m", "stack_item_id", otherItem))
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(fieldError(t, r, "stack_item_id"), "no longer exists or was not found") {
		t.Errorf("another organization's item = %d, message %q", r.StatusCode, fieldError(t, r, "stack_item_id"))
	}
	if strings.Contains(r.body, "Their Vault") {
		t.Errorf("the form shows the other organization's item")
	}
	if findingFieldValue(t, r, "title") != "Borrowed item" || findings() != before {
		t.Errorf("title kept %q; findings %d, was %d", findingFieldValue(t, r, "title"), findings(), before)
	}

	// A good form: saved, audited, and the register says so.
	r = o.admin.post(o.path(), form("kind", "debt", "title", "Jenkins on one VM", "description", "No backups.\r\nNo HA.",
		"severity", "3", "effort", "m", "stack_item_id", o.jenkins))
	if r.StatusCode != http.StatusSeeOther || r.location() != o.path() {
		t.Fatalf("create = %d Location %q\n%s", r.StatusCode, r.location(), r.body)
	}
	if s := text(o.admin.follow(r).doc(t)); !strings.Contains(s, "Added the finding “Jenkins on one VM”.") {
		t.Errorf("no flash after creating:\n%s", s)
	}
	var id, item int64
	var status, desc string
	if err := o.c.su.QueryRow(context.Background(), `SELECT id, stack_item_id, status, description FROM findings WHERE title = 'Jenkins on one VM'`).
		Scan(&id, &item, &status, &desc); err != nil {
		t.Fatal(err)
	}
	if strconv.FormatInt(item, 10) != o.jenkins || status != "open" || desc != "No backups.\nNo HA." {
		t.Errorf("stored item %d, status %q, description %q", item, status, desc)
	}
	fid := strconv.FormatInt(id, 10)
	audited := func(action string) int {
		return o.c.count(`SELECT count(*) FROM audit_events WHERE action = $1 AND target = 'finding Jenkins on one VM'`, action)
	}
	if audited("finding.created") != 1 {
		t.Errorf("the creation is not in the audit log")
	}

	// The edit form holds the stored values and version; a bad edit is 422.
	r = o.c.get(o.path("/" + fid))
	if findingFieldValue(t, r, "title") != "Jenkins on one VM" || findingFieldValue(t, r, "severity") != "3" || findingFieldValue(t, r, "version") != "1" ||
		findingFieldValue(t, r, "description") != "No backups.\nNo HA." || findingFieldValue(t, r, "stack_item_id") != o.jenkins {
		t.Errorf("edit form values: title %q severity %q version %q", findingFieldValue(t, r, "title"), findingFieldValue(t, r, "severity"), findingFieldValue(t, r, "version"))
	}
	r = o.c.post(o.path("/"+fid), form("kind", "debt", "title", "", "severity", "3", "effort", "m", "status", "planned", "version", "1"))
	if r.StatusCode != http.StatusUnprocessableEntity || fieldError(t, r, "title") != "Title is required." || findingFieldValue(t, r, "status") != "planned" {
		t.Errorf("a bad edit = %d, title message %q", r.StatusCode, fieldError(t, r, "title"))
	}
	r = o.c.post(o.path("/"+fid), form("kind", "debt", "title", "x", "severity", "3", "effort", "m"))
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(r.doc(t)), "lacks the version") {
		t.Errorf("an edit without its version = %d", r.StatusCode)
	}
	r = o.c.post(o.path("/"+fid), form("kind", "debt", "title", "Jenkins on one VM", "severity", "3", "effort", "m", "stack_item_id", otherItem, "version", "1"))
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(fieldError(t, r, "stack_item_id"), "no longer exists") {
		t.Errorf("an edit to another organization's item = %d", r.StatusCode)
	}
	if o.c.count(`SELECT count(*) FROM findings WHERE id = $1 AND version = 1 AND status = 'open'`, id) != 1 {
		t.Errorf("a refused edit changed the finding")
	}
	r = o.c.post(o.path("/"+fid), form("kind", "debt", "title", "Jenkins on one VM", "severity", "4", "effort", "s", "status", "planned", "stack_item_id", "", "version", "1"))
	if r.StatusCode != http.StatusSeeOther || r.location() != o.path() {
		t.Fatalf("edit = %d\n%s", r.StatusCode, r.body)
	}
	if o.c.count(`SELECT count(*) FROM findings WHERE id = $1 AND version = 2 AND severity = 4 AND effort = 's' AND stack_item_id IS NULL`, id) != 1 {
		t.Errorf("the edit was not stored")
	}
	if audited("finding.updated") != 1 {
		t.Errorf("the edit is not in the audit log")
	}

	// Deleting asks first (and the GET changes nothing), then deletes.
	r = o.c.get(o.path("/" + fid + "/delete"))
	if r.StatusCode != http.StatusOK || h1(t, r) != "Delete the finding “Jenkins on one VM”?" || findings() != before+1 {
		t.Errorf("confirmation = %d %q", r.StatusCode, h1(t, r))
	}
	r = o.c.post(o.path("/"+fid+"/delete"), nil)
	if r.StatusCode != http.StatusSeeOther || r.location() != o.path() {
		t.Fatalf("delete = %d", r.StatusCode)
	}
	if s := text(o.c.follow(r).doc(t)); !strings.Contains(s, "Deleted the finding “Jenkins on one VM”.") {
		t.Errorf("no flash after deleting:\n%s", s)
	}
	if findings() != before || audited("finding.deleted") != 1 {
		t.Errorf("after deleting: %d findings (want %d), audited %d", findings(), before, audited("finding.deleted"))
	}
	if r := o.c.get(o.path("/" + fid)); r.StatusCode != http.StatusNotFound {
		t.Errorf("the deleted finding's page = %d", r.StatusCode)
	}
	// The other organization's finding ids are not found here.
	theirs := other.apiCreate("/api/v1/findings", "Bearer "+other.createToken(otherSlug, "other2"), `{"kind":"debt","title":"Theirs","severity":1,"effort":"xs"}`)
	for _, p := range []string{"/" + theirs, "/" + theirs + "/delete"} {
		if r := o.c.get(o.path(p)); r.StatusCode != http.StatusNotFound || strings.Contains(r.body, "Theirs") {
			t.Errorf("GET another organization's finding %s = %d", p, r.StatusCode)
		}
	}
}

// Two editors open the same finding; the first saves; the second's save
// meets the newer version: 409, the saved values beside theirs, nothing
// overwritten, and the form keeps their values with the newer version, so
// saving again keeps theirs.
func TestFindingTwoEditors(t *testing.T) {
	t.Parallel()
	o := newFindingsOrg(t)
	id := o.finding("debt", "Jenkins on one VM", 3, "m", "open", o.jenkins)

	// Both load the edit form at the same version.
	first, second := o.c.get(o.path("/"+id)), o.admin.get(o.path("/"+id))
	v1, v2 := findingFieldValue(t, first, "version"), findingFieldValue(t, second, "version")
	if v1 != "1" || v2 != "1" {
		t.Fatalf("versions %q and %q, want 1 and 1", v1, v2)
	}
	save := func(c *client, title, severity, version string) *response {
		return c.post(o.path("/"+id), form("kind", "debt", "title", title, "severity", severity, "effort", "m", "status", "open",
			"stack_item_id", o.jenkins, "version", version))
	}
	if r := save(o.c, "Jenkins: add a second agent", "3", v1); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the first save = %d\n%s", r.StatusCode, r.body)
	}
	r := save(o.admin, "Replace Jenkins with Actions", "4", v2)
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("the second save = %d, want 409", r.StatusCode)
	}
	if o.c.count(`SELECT count(*) FROM findings WHERE id = $1 AND title = 'Jenkins: add a second agent' AND severity = 3 AND version = 2`, id) != 1 {
		t.Errorf("the stale save overwrote the first")
	}
	panel := findAll(r.doc(t), func(n *html.Node) bool { return n.Data == "section" && hasClass(n, "conflict") })
	if len(panel) != 1 {
		t.Fatalf("no conflict panel on the 409 page")
	}
	rows := map[string][2]string{}
	for _, tr := range byTag(panel[0], "tr") {
		cells := byTag(tr, "td")
		if th := byTag(tr, "th"); len(cells) == 2 && len(th) == 1 {
			rows[text(th[0])] = [2]string{text(cells[0]), strings.TrimSuffix(text(cells[1]), " (differs)")}
		}
	}
	if got := rows["Title"]; got != [2]string{"Jenkins: add a second agent", "Replace Jenkins with Actions"} {
		t.Errorf("conflict title row = %q", got)
	}
	if got := rows["Severity or value"]; got != [2]string{"3 · High", "4 · Critical"} {
		t.Errorf("conflict severity row = %q", got)
	}
	if got := rows["Stack item"]; got != [2]string{"Jenkins", "Jenkins"} {
		t.Errorf("conflict stack item row = %q", got)
	}
	// The form below keeps the second editor's values and the newer version.
	if findingFieldValue(t, r, "title") != "Replace Jenkins with Actions" || findingFieldValue(t, r, "severity") != "4" || findingFieldValue(t, r, "version") != "2" {
		t.Errorf("409 form: title %q severity %q version %q", findingFieldValue(t, r, "title"), findingFieldValue(t, r, "severity"), findingFieldValue(t, r, "version"))
	}
	// Saving again keeps theirs.
	if r := save(o.admin, findingFieldValue(t, r, "title"), findingFieldValue(t, r, "severity"), findingFieldValue(t, r, "version")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving again = %d\n%s", r.StatusCode, r.body)
	}
	if o.c.count(`SELECT count(*) FROM findings WHERE id = $1 AND title = 'Replace Jenkins with Actions' AND severity = 4 AND version = 3`, id) != 1 {
		t.Errorf("saving again did not keep the second editor's values")
	}

	// At the same instant, from the same version: exactly one wins.
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i, c := range []*client{o.c, o.admin} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = save(c, "Race "+strconv.Itoa(i), "2", "3").StatusCode
		}()
	}
	wg.Wait()
	slices.Sort(codes)
	if !slices.Equal(codes, []int{http.StatusSeeOther, http.StatusConflict}) {
		t.Errorf("two simultaneous saves answered %v, want one 303 and one 409", codes)
	}
	if o.c.count(`SELECT count(*) FROM findings WHERE id = $1 AND version = 4 AND title LIKE 'Race %'`, id) != 1 {
		t.Errorf("the simultaneous saves did not leave exactly one version 4")
	}
}

// Members read a finding (no form) and may change none; the read view says
// what the edit form holds.
func TestFindingMemberReadView(t *testing.T) {
	t.Parallel()
	o := newFindingsOrg(t)
	id := o.finding("opportunity", "Adopt OpenTofu", 3, "l", "planned", o.tf)
	r := o.member.get(o.path("/" + id))
	if r.StatusCode != http.StatusOK || h1(t, r) != "Adopt OpenTofu" {
		t.Fatalf("member's view = %d %q", r.StatusCode, h1(t, r))
	}
	if forms := findAll(r.doc(t), func(n *html.Node) bool {
		return n.Data == "form" && attr(n, "method") == "post" && attr(n, "action") != "/logout"
	}); len(forms) != 0 {
		t.Errorf("the member's view has %d forms", len(forms))
	}
	s := text(r.doc(t))
	for _, want := range []string{"Growth opportunity", "Planned", "High value", "L", "Terraform"} {
		if !strings.Contains(s, want) {
			t.Errorf("the read view does not say %q", want)
		}
	}
	before := o.c.rowCounts()
	for _, req := range []struct{ method, path string }{
		{"GET", o.path("/new")}, {"POST", o.path()}, {"POST", o.path("/" + id)}, {"GET", o.path("/" + id + "/delete")}, {"POST", o.path("/" + id + "/delete")},
	} {
		if r := o.member.send(req.method, req.path, form("kind", "debt", "title", "Member's", "severity", "1", "effort", "xs", "version", "1")); r.StatusCode != http.StatusForbidden {
			t.Errorf("member %s %s = %d, want 403", req.method, req.path, r.StatusCode)
		}
	}
	if after := o.c.rowCounts(); !after.equal(before) {
		t.Errorf("a member's refused writes changed rows: %v → %v", before, after)
	}
}

// The register and a finding's page read in the same few round trips with
// 3 findings or 300 over 100 items.
func TestFindingPagesRoundTrips(t *testing.T) {
	t.Parallel()
	o := newFindingsOrg(t)
	id := o.finding("debt", "Jenkins on one VM", 3, "m", "open", o.jenkins)
	pages := []string{o.path(), o.path("?kind=debt&status=open"), o.path("/new"), o.path("/" + id), o.path("/" + id + "/delete")}
	memberPages := []string{pages[0], pages[1], pages[3]} // members are refused the forms
	measure := func(c *client, pages []string) []int64 {
		var out []int64
		for _, p := range pages {
			c.get(p) // prepare the statements
			if r := c.get(p); r.StatusCode != http.StatusOK {
				t.Fatalf("GET %s = %d", p, r.StatusCode)
			}
			out = append(out, c.trips())
		}
		return out
	}
	small, smallMember := measure(o.c, pages), measure(o.member, memberPages)
	_, err := o.c.su.Exec(context.Background(), `
		WITH o AS (SELECT id FROM organizations WHERE slug = $1),
		i AS (INSERT INTO stack_items (org_id, name, category, lifecycle, monthly_cost, cost_scaling, scalability, support_hours_per_month)
			SELECT o.id, 'Tool ' || g, 'other', 'adopt', 1, 'flat', 3, 0 FROM o, generate_series(1, 100) g RETURNING org_id, id)
		INSERT INTO findings (org_id, kind, title, severity, effort, status, stack_item_id)
			SELECT i.org_id, 'debt', 'Finding ' || i.id || '-' || g, 1 + g % 4, 'm', 'open', i.id FROM i, generate_series(1, 3) g`, o.slug)
	if err != nil {
		t.Fatal(err)
	}
	if n := o.c.count(`SELECT count(*) FROM findings`); n != 301 {
		t.Fatalf("%d findings, want 301", n)
	}
	large, largeMember := measure(o.c, pages), measure(o.member, memberPages)
	check := func(who string, pages []string, small, large []int64) {
		for i, p := range pages {
			if large[i] > maxRoundTrips || small[i] != large[i] {
				t.Errorf("GET %s as %s: %d round trips with 1 finding, %d with 301 (want the same, at most %d)", p, who, small[i], large[i], maxRoundTrips)
			}
		}
	}
	check("owner", pages, small, large)
	check("member", memberPages, smallMember, largeMember)
	t.Logf("round trips (owner) %v: %v; member: %v", pages, large, largeMember)
}

// aFinding is a finding of the victim organization (authz_test.go): the
// standing one newWorld seeds, or a fresh one for a cell that edits or
// deletes.
var aFinding = &target{"id", func(w *world) string { return w.findingID },
	func(w *world, t testing.TB) string { return w.newFinding(t, fmt.Sprintf("Fresh finding %d", w.next())) }}

// newFinding stores an open debt finding of the victim organization, at
// version 1, and returns its id.
func (w *world) newFinding(t testing.TB, title string) string {
	t.Helper()
	return w.queryID(t, `INSERT INTO findings (org_id, kind, title, severity, effort, status)
		SELECT id, 'debt', $2, 2, 'm', 'open' FROM organizations WHERE slug = $1 RETURNING id`, w.slug, title)
}

// BenchmarkFindingsPage is the register of an organization with 500 stack
// items and 300 findings, as its owner opens it (make bench).
func BenchmarkFindingsPage(b *testing.B) {
	ts, hc, _, db := benchServerDB(b)
	var err error
	_, err = db.Superuser(b).Exec(context.Background(), `
		WITH o AS (SELECT id FROM organizations WHERE slug = 'bench-org'),
		i AS (INSERT INTO stack_items (org_id, name, category, lifecycle, monthly_cost, cost_scaling, scalability, support_hours_per_month)
			SELECT o.id, 'Tool ' || g, 'other', 'adopt', 1, 'flat', 3, 0 FROM o, generate_series(1, 500) g RETURNING org_id, id)
		INSERT INTO findings (org_id, kind, title, severity, effort, status, stack_item_id)
			SELECT org_id, CASE WHEN id % 3 = 0 THEN 'opportunity' ELSE 'debt' END, 'Finding ' || id, 1 + id % 4,
				(ARRAY['xs', 's', 'm', 'l', 'xl'])[1 + id % 5], 'open', CASE WHEN id % 7 = 0 THEN NULL ELSE id END
			FROM i WHERE id % 5 <> 0 ORDER BY id LIMIT 300`)
	if err != nil {
		b.Fatal(err)
	}
	benchGET(b, hc, ts.URL+"/o/bench-org/stack/findings?status=open", nil, http.StatusOK)
}
