package http_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// Admins rename the organization; the slug, and so every link, stays.
func TestRenameOrg(t *testing.T) {
	t.Parallel()
	own := newTestServer(t)
	slug := own.signup("Olivia Owner", "owner@example.com", "Old Name")
	own.addMember(slug, "Adam Admin", "admin@example.com", "admin")
	own.addMember(slug, "Mia Member", "mia@example.com", "member")
	adm, mia := own.newClient(), own.newClient()
	adm.mustLogin("admin@example.com")
	mia.mustLogin("mia@example.com")

	for _, tt := range []struct{ name, value, msg string }{
		{"empty", "", "Organization name is required."},
		{"blank", "  \t ", "Organization name is required."},
		{"201 characters", strings.Repeat("n", 201), "Organization name must be at most 200 characters."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			adm := adm.in(t)
			before := adm.dump("organizations")
			r := adm.post("/o/"+slug+"/settings", form("name", tt.value))
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.StatusCode)
			}
			if got := text(byID(r.doc(t), "f-name-error")); got != tt.msg {
				t.Errorf("message beside name = %q, want %q", got, tt.msg)
			}
			if adm.dump("organizations") != before {
				t.Error("a refused rename changed the organization")
			}
		})
	}

	// A member may not rename.
	if r := mia.post("/o/"+slug+"/settings", form("name", "Member's Name")); r.StatusCode != http.StatusForbidden {
		t.Errorf("member renames = %d, want 403", r.StatusCode)
	}

	r := adm.post("/o/"+slug+"/settings", form("name", "  New Name  "))
	if r.StatusCode != http.StatusSeeOther || r.location() != "/o/"+slug+"/settings" {
		t.Fatalf("rename = %d Location %q, want 303 /o/%s/settings", r.StatusCode, r.location(), slug)
	}
	page := adm.follow(r)
	if got := flashText(t, page); got != "Organization renamed to New Name." {
		t.Errorf("flash = %q", got)
	}
	if got := attr(byID(page.doc(t), "f-name"), "value"); got != "New Name" {
		t.Errorf("name field = %q, want New Name", got)
	}
	if n := own.count(`SELECT count(*) FROM organizations WHERE slug = $1 AND name = 'New Name'`, slug); n != 1 {
		t.Error("the new name was not saved under the same slug")
	}
	// Everyone sees the new name at the old address.
	for name, c := range map[string]*client{"owner": own, "member": mia} {
		if d := c.get("/o/" + slug + "/"); d.StatusCode != http.StatusOK || h1(t, d) != "New Name" {
			t.Errorf("%s's dashboard = %d %q, want New Name", name, d.StatusCode, h1(t, d))
		}
	}
}

// tenantCounts counts the rows of an organization in each tenant table.
func (c *client) tenantCounts(slug string) map[string]int {
	c.t.Helper()
	var id int64
	if err := c.su.QueryRow(context.Background(), `SELECT id FROM organizations WHERE slug = $1`, slug).Scan(&id); err != nil {
		c.t.Fatalf("organization %s: %v", slug, err)
	}
	return c.tenantCountsByID(id)
}

func (c *client) tenantCountsByID(id int64) map[string]int {
	c.t.Helper()
	return map[string]int{
		"organizations": c.count(`SELECT count(*) FROM organizations WHERE id = $1`, id),
		"memberships":   c.count(`SELECT count(*) FROM memberships WHERE org_id = $1`, id),
		"invitations":   c.count(`SELECT count(*) FROM invitations WHERE org_id = $1`, id),
		"api_tokens":    c.count(`SELECT count(*) FROM api_tokens WHERE org_id = $1`, id),
	}
}

// Only an owner deletes the organization, after typing its name; every row
// of that tenant goes, and nothing else.
func TestDeleteOrg(t *testing.T) {
	t.Parallel()
	own := newTestServer(t)
	slug := own.signup("Olivia Owner", "owner@example.com", "Doomed Org")
	own.addMember(slug, "Adam Admin", "admin@example.com", "admin")
	own.invite(slug, "invitee@example.com", "member")
	own.createToken(slug, "ci")
	// The owner's other organization, with the admin in it too.
	r := own.post("/orgs", form("name", "Survivor Org"))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create second org = %d", r.StatusCode)
	}
	other := strings.Trim(strings.TrimPrefix(r.location(), "/o/"), "/")
	own.addMemberExisting(other, "admin@example.com", "member")
	own.invite(other, "invitee@example.com", "member")
	own.createToken(other, "ci")
	adm := own.newClient()
	adm.mustLogin("admin@example.com")

	var id int64
	if err := own.su.QueryRow(context.Background(), `SELECT id FROM organizations WHERE slug = $1`, slug).Scan(&id); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"organizations": 1, "memberships": 2, "invitations": 1, "api_tokens": 1}
	for _, s := range []string{slug, other} {
		if got := own.tenantCounts(s); !mapsEqual(got, want) {
			t.Fatalf("setup of %s: %v, want %v", s, got, want)
		}
	}
	before := own.dump(teamTables...)

	// An admin can neither open nor submit the form.
	if r := adm.get("/o/" + slug + "/settings/delete"); r.StatusCode != http.StatusForbidden {
		t.Errorf("admin GET delete = %d, want 403", r.StatusCode)
	}
	if r := adm.post("/o/"+slug+"/settings/delete", form("confirm", "Doomed Org")); r.StatusCode != http.StatusForbidden {
		t.Errorf("admin POST delete = %d, want 403", r.StatusCode)
	}
	if !strings.Contains(adm.get("/o/"+slug+"/settings").body, "Manage API tokens") ||
		strings.Contains(adm.get("/o/"+slug+"/settings").body, "/settings/delete") {
		t.Error("the admin's settings page offers the delete button")
	}

	page := own.get("/o/" + slug + "/settings/delete")
	if page.StatusCode != http.StatusOK || h1(t, page) != "Delete Doomed Org?" {
		t.Fatalf("owner GET delete = %d %q", page.StatusCode, h1(t, page))
	}
	for _, confirm := range []string{"", "doomed org", "Doomed", "Doomed Org!", "Survivor Org"} {
		r := own.post("/o/"+slug+"/settings/delete", form("confirm", confirm, "password", testPassword))
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("confirm %q = %d, want 422", confirm, r.StatusCode)
			continue
		}
		if got := text(byID(r.doc(t), "f-confirm-error")); got != "Type the organization's name exactly, Doomed Org, to confirm." {
			t.Errorf("confirm %q: message = %q", confirm, got)
		}
	}
	if own.dump(teamTables...) != before {
		t.Fatal("refused deletions changed the database")
	}

	// The name alone is not enough: the owner's password, too.
	for _, pw := range []string{"", "not the password at all"} {
		if r := own.post("/o/"+slug+"/settings/delete", form("confirm", "Doomed Org", "password", pw)); r.StatusCode != http.StatusUnprocessableEntity ||
			text(byID(r.doc(t), "f-password-error")) == "" {
			t.Errorf("password %q: %d, want 422 with a message beside the field", pw, r.StatusCode)
		}
	}
	if own.dump(teamTables...) != before {
		t.Fatal("a deletion without the password changed the database")
	}
	r = own.post("/o/"+slug+"/settings/delete", form("confirm", "Doomed Org", "password", testPassword))
	if r.StatusCode != http.StatusSeeOther || r.location() != "/orgs" {
		t.Fatalf("delete = %d Location %q, want 303 /orgs", r.StatusCode, r.location())
	}
	if got := flashText(t, own.follow(r)); got != "Doomed Org and all its data were deleted." {
		t.Errorf("flash after delete = %q", got)
	}
	if got, zero := own.tenantCountsByID(id), map[string]int{"organizations": 0, "memberships": 0, "invitations": 0, "api_tokens": 0}; !mapsEqual(got, zero) {
		t.Errorf("rows of the deleted organization: %v, want none", got)
	}
	if got := own.tenantCounts(other); !mapsEqual(got, want) {
		t.Errorf("the other organization's rows: %v, want %v", got, want)
	}
	if n := own.count(`SELECT count(*) FROM users WHERE email IN ('owner@example.com', 'admin@example.com')`); n != 2 {
		t.Errorf("%d of the 2 accounts remain", n)
	}
	for name, c := range map[string]*client{"owner": own, "admin": adm} {
		if r := c.get("/o/" + slug + "/"); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s's dashboard of the deleted org = %d, want 404", name, r.StatusCode)
		}
		if r := c.get("/o/" + other + "/"); r.StatusCode != http.StatusOK {
			t.Errorf("%s's other organization = %d, want 200", name, r.StatusCode)
		}
	}
}

// addMemberExisting gives an existing account a role in the organization.
func (c *client) addMemberExisting(slug, email, role string) {
	c.t.Helper()
	tag, err := c.su.Exec(context.Background(), `INSERT INTO memberships (org_id, user_id, role)
		SELECT o.id, u.id, $3 FROM organizations o, users u WHERE o.slug = $1 AND u.email = $2`, slug, email, role)
	if err != nil {
		c.t.Fatalf("add %s to %s: %v", email, slug, err)
	}
	// A wrong slug or email matches nothing and would insert nothing.
	if n := tag.RowsAffected(); n != 1 {
		c.t.Fatalf("add %s to %s: %d memberships inserted, want 1", email, slug, n)
	}
}

func mapsEqual(a, b map[string]int) bool { return rowCounts(a).equal(rowCounts(b)) }
