package http_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/headwayhq/headway/internal/roadmap"
)

// aStakeholder is a stakeholder of the victim organization: the standing
// one for refused actors, a fresh one at version 1 otherwise.
var aStakeholder = &target{"id", func(w *world) string { return w.stakeholderID },
	func(w *world, t testing.TB) string { return w.freshStakeholder(t) }}

// freshStakeholder adds a stakeholder to the victim organization and
// returns its id.
func (w *world) freshStakeholder(t testing.TB) string {
	t.Helper()
	return w.queryID(t, `INSERT INTO stakeholders (org_id, name, title, interest, influence)
		SELECT id, $2, 'VP Sales', 4, 2 FROM organizations WHERE slug = $1 RETURNING id`, w.slug, fmt.Sprintf("Fresh stakeholder %d", w.next()))
}

// stakeholderForm is a valid form of the stakeholder pages; kv pairs
// replace fields, and each "initiative" adds a ticked box.
func stakeholderForm(name string, kv ...string) url.Values {
	f := form("name", name, "title", "CFO", "interest", "4", "influence", "5", "notes", "Owns the budget.")
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i] == "initiative" {
			f.Add(kv[i], kv[i+1])
		} else {
			f.Set(kv[i], kv[i+1])
		}
	}
	return f
}

// checkedInitiatives are the ticked initiative checkboxes of a form page.
func checkedInitiatives(t *testing.T, r *response) (all, checked []string) {
	t.Helper()
	for _, in := range findAll(r.doc(t), func(n *html.Node) bool { return n.Data == "input" && attr(n, "name") == "initiative" }) {
		all = append(all, attr(in, "value"))
		if slices.ContainsFunc(in.Attr, func(a html.Attribute) bool { return a.Key == "checked" }) {
			checked = append(checked, attr(in, "value"))
		}
	}
	return all, checked
}

// A manager adds a stakeholder affected by an initiative of the current
// roadmap and sees them on the grid and in the register; an unknown
// initiative is refused beside the field with the values kept; an edit
// saves, a second save from the same version is a 409 showing both; a
// member reads but cannot change; another organization's id is not found;
// the delete asks first, and the register is empty again.
func TestStakeholdersScenario(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Stake Org")
	c.addMember(slug, "Mia Member", "member@example.com", "member")
	member := c.newClient()
	member.mustLogin("member@example.com")
	bearer := "Bearer " + c.createToken(slug, "seed")
	finding := c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"TLS certificate renewed by hand","severity":4,"effort":"xs"}`)
	key := "finding:" + finding
	base := "/o/" + slug + "/roadmap/stakeholders"

	// Empty: why stakeholders matter, and the button for managers only.
	r := c.get(base)
	if s := text(r.doc(t)); r.StatusCode != http.StatusOK || !strings.Contains(s, "No stakeholders yet") || !slices.Contains(hrefs(r.doc(t)), base+"/new") {
		t.Fatalf("empty register = %d:\n%s", r.StatusCode, s)
	}
	if r := member.get(base); slices.Contains(hrefs(r.doc(t)), base+"/new") || !strings.Contains(text(r.doc(t)), "Owners and admins add stakeholders.") {
		t.Errorf("a member's empty register offers the new form")
	}

	// The new form offers the roadmap's initiatives by title.
	r = c.get(base + "/new")
	if all, _ := checkedInitiatives(t, r); r.StatusCode != http.StatusOK || !slices.Contains(all, key) || !strings.Contains(r.body, "TLS certificate renewed by hand") {
		t.Fatalf("new form = %d, initiatives %v", r.StatusCode, all)
	}
	// An unknown key: 422 beside the field, values and the valid tick kept, nothing stored.
	r = c.post(base, stakeholderForm("Dana Finance", "initiative", key, "initiative", "finding:999999"))
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(byID(r.doc(t), "f-initiative-error")), "“finding:999999” is not an initiative of the current roadmap") {
		t.Fatalf("unknown initiative = %d:\n%s", r.StatusCode, r.body)
	}
	if _, checked := checkedInitiatives(t, r); !slices.Equal(checked, []string{key}) || !strings.Contains(r.body, `value="Dana Finance"`) {
		t.Errorf("the refused form keeps %v ticked, want [%s] and the name", checked, key)
	}
	if n := c.count(`SELECT count(*) FROM stakeholders`); n != 0 {
		t.Fatalf("%d stakeholders stored by a refused form", n)
	}
	// Out of range: the domain's words.
	if r := c.post(base, stakeholderForm("Dana Finance", "interest", "9")); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.body, "Interest must be a whole number from 1 to 5.") {
		t.Errorf("interest 9 = %d", r.StatusCode)
	}

	// Added with the initiative; the grid and the table show them.
	r = c.post(base, stakeholderForm("Dana Finance", "initiative", key))
	if r.StatusCode != http.StatusSeeOther || r.location() != base {
		t.Fatalf("create = %d %s:\n%s", r.StatusCode, r.location(), r.body)
	}
	if r := c.post(base, stakeholderForm("dana finance")); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "a stakeholder of this name already") {
		t.Errorf("a second Dana = %d", r.StatusCode)
	}
	c.post(base, form("name", "Sam Support", "interest", "5", "influence", "1"))
	id := fmt.Sprint(c.count(`SELECT id FROM stakeholders WHERE name = 'Dana Finance'`))
	r = member.get(base)
	doc := r.doc(t)
	closely, informed := text(byID(doc, "stake-q-manage_closely").Parent), text(byID(doc, "stake-q-keep_informed").Parent)
	if r.StatusCode != http.StatusOK || !strings.Contains(closely, "Dana Finance") || !strings.Contains(informed, "Sam Support") || strings.Contains(closely, "Sam Support") {
		t.Fatalf("grid = %d: manage closely %q, keep informed %q", r.StatusCode, closely, informed)
	}
	table := text(findAll(doc, func(n *html.Node) bool { return n.Data == "table" })[0])
	for _, want := range []string{"Dana Finance", "CFO", "4 · high", "5 · very high", "Manage closely", "TLS certificate renewed by hand", "Keep informed", "None named"} {
		if !strings.Contains(table, want) {
			t.Errorf("register lacks %q:\n%s", want, table)
		}
	}
	if slices.Contains(hrefs(doc), base+"/"+id+"/delete") {
		t.Errorf("a member's register links to delete")
	}

	// A member reads the stakeholder and cannot change it.
	if r := member.get(base + "/" + id); r.StatusCode != http.StatusOK || strings.Contains(r.body, `name="version"`) || !strings.Contains(text(r.doc(t)), "Owns the budget.") {
		t.Errorf("member's view = %d", r.StatusCode)
	}
	if r := member.post(base+"/"+id, stakeholderForm("Hijacked", "version", "1")); r.StatusCode != http.StatusForbidden {
		t.Errorf("member's edit = %d, want 403", r.StatusCode)
	}

	// The edit form has the saved values and ticks; a save moves it on.
	r = c.get(base + "/" + id)
	if _, checked := checkedInitiatives(t, r); r.StatusCode != http.StatusOK || !slices.Equal(checked, []string{key}) || !strings.Contains(r.body, `name="version" value="1"`) {
		t.Fatalf("edit form = %d, ticked %v", r.StatusCode, checked)
	}
	r = c.post(base+"/"+id, form("name", "Dana Finance", "title", "CFO", "interest", "2", "influence", "5", "version", "1"))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit = %d:\n%s", r.StatusCode, r.body)
	}
	if r := c.follow(r); !strings.Contains(text(byID(r.doc(t), "stake-q-keep_satisfied").Parent), "Dana Finance") {
		t.Errorf("after the edit Dana is not in Keep satisfied")
	}
	if n := c.count(`SELECT count(*) FROM initiative_stakeholders`); n != 0 {
		t.Errorf("%d links left after unticking", n)
	}
	// A save from version 1 again: 409, both versions, the typed values kept with the newer version.
	r = c.post(base+"/"+id, stakeholderForm("Dana Stale", "version", "1", "initiative", key))
	if s := text(r.doc(t)); r.StatusCode != http.StatusConflict || !strings.Contains(s, "This stakeholder changed while you were editing it") ||
		!strings.Contains(s, "2 · low") || !strings.Contains(s, "Dana Stale") || !strings.Contains(r.body, `name="version" value="2"`) {
		t.Fatalf("stale save = %d:\n%s", r.StatusCode, s)
	}
	if n := c.count(`SELECT count(*) FROM stakeholders WHERE name = 'Dana Stale'`); n != 0 {
		t.Errorf("the stale save was stored")
	}
	if n := c.count(`SELECT count(*) FROM audit_events WHERE action LIKE 'stakeholder.%'`); n != 3 {
		t.Errorf("%d stakeholder audit events, want 3 (two added, one changed)", n)
	}

	// Another organization's id: 404 on every page of it.
	other := c.newClient()
	otherSlug := other.signup("Oscar Other", "other@example.com", "Other Org")
	for _, p := range []string{"", "/delete"} {
		if r := other.get("/o/" + otherSlug + "/roadmap/stakeholders/" + id + p); r.StatusCode != http.StatusNotFound {
			t.Errorf("another organization's GET %s = %d, want 404", p, r.StatusCode)
		}
	}
	if r := other.post("/o/"+otherSlug+"/roadmap/stakeholders/"+id+"/delete", nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("another organization's delete = %d, want 404", r.StatusCode)
	}

	// Delete: a confirmation first, then gone with its links.
	r = c.get(base + "/" + id + "/delete")
	if r.StatusCode != http.StatusOK || !strings.Contains(text(r.doc(t)), "Delete the stakeholder “Dana Finance”?") {
		t.Fatalf("confirm = %d", r.StatusCode)
	}
	if n := c.count(`SELECT count(*) FROM stakeholders`); n != 2 {
		t.Fatalf("the confirmation page deleted: %d left", n)
	}
	r = c.post(base+"/"+id+"/delete", nil)
	if r.StatusCode != http.StatusSeeOther || !strings.Contains(text(c.follow(r).doc(t)), "Deleted the stakeholder “Dana Finance”.") {
		t.Fatalf("delete = %d", r.StatusCode)
	}
	if r := c.get(base + "/" + id); r.StatusCode != http.StatusNotFound {
		t.Errorf("deleted stakeholder = %d, want 404", r.StatusCode)
	}
}

// A linked initiative whose signal is gone (the finding was deleted) is
// shown as no longer on the roadmap, stays ticked on the edit form, and an
// edit that keeps it is accepted.
func TestStakeholderKeepsAGoneInitiative(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Gone Org")
	bearer := "Bearer " + c.createToken(slug, "seed")
	finding := c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"Backups never restored","severity":3,"effort":"s"}`)
	key := "finding:" + finding
	base := "/o/" + slug + "/roadmap/stakeholders"
	if r := c.post(base, stakeholderForm("Dana Finance", "initiative", key)); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create = %d:\n%s", r.StatusCode, r.body)
	}
	if r := c.post("/o/"+slug+"/stack/findings/"+finding+"/delete", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete the finding = %d", r.StatusCode)
	}
	if s := text(c.get(base).doc(t)); !strings.Contains(s, key+" (no longer on the roadmap)") {
		t.Errorf("the register does not say the initiative is gone:\n%s", s)
	}
	id := fmt.Sprint(c.count(`SELECT id FROM stakeholders`))
	if _, checked := checkedInitiatives(t, c.get(base+"/"+id)); !slices.Equal(checked, []string{key}) {
		t.Errorf("edit form ticks %v, want the gone %s", checked, key)
	}
	if r := c.post(base+"/"+id, stakeholderForm("Dana Renamed", "version", "1", "initiative", key)); r.StatusCode != http.StatusSeeOther {
		t.Errorf("an edit keeping the gone initiative = %d:\n%s", r.StatusCode, r.body)
	}
	if n := c.count(`SELECT count(*) FROM initiative_stakeholders WHERE initiative_key = $1`, key); n != 1 {
		t.Errorf("%d links to the gone initiative, want 1", n)
	}
}

// The register is capped: the stakeholder past the cap is refused with a
// message saying how to make room, and nothing is stored.
func TestStakeholderCap(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Cap Org")
	c.count(`WITH o AS (SELECT id FROM organizations WHERE slug = $1),
		s AS (INSERT INTO stakeholders (org_id, name, interest, influence) SELECT o.id, 'Person ' || g, 3, 3
			FROM o, generate_series(1, $2::int) g RETURNING 1)
		SELECT count(*)::int FROM s`, slug, roadmap.MaxStakeholders)
	r := c.post("/o/"+slug+"/roadmap/stakeholders", stakeholderForm("One too many"))
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "delete one you no longer need") {
		t.Errorf("past the cap = %d\n%s", r.StatusCode, r.body)
	}
	if n := c.count(`SELECT count(*)::int FROM stakeholders`); n != roadmap.MaxStakeholders {
		t.Errorf("%d stakeholders stored, want %d", n, roadmap.MaxStakeholders)
	}
}
