package http_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"golang.org/x/net/html"
)

// teamTables are the rows that team management changes.
var teamTables = []string{"users", "organizations", "memberships", "invitations", "api_tokens"}

// userID is the id of the account with email.
func (c *client) userID(email string) int64 {
	c.t.Helper()
	var id int64
	if err := c.su.QueryRow(context.Background(), `SELECT id FROM users WHERE email = $1`, email).Scan(&id); err != nil {
		c.t.Fatalf("user %s: %v", email, err)
	}
	return id
}

// uid is userID as a path segment.
func (c *client) uid(email string) string { return strconv.FormatInt(c.userID(email), 10) }

// roleIn is the role of email in the organization with slug, "" when the
// account is not a member (or does not exist).
func (c *client) roleIn(slug, email string) string {
	c.t.Helper()
	var role string
	err := c.su.QueryRow(context.Background(), `SELECT m.role FROM memberships m
		JOIN users u ON u.id = m.user_id JOIN organizations o ON o.id = m.org_id
		WHERE o.slug = $1 AND u.email = $2`, slug, email).Scan(&role)
	if errors.Is(err, pgx.ErrNoRows) {
		return ""
	}
	if err != nil {
		c.t.Fatalf("role of %s in %s: %v", email, slug, err)
	}
	return role
}

// invitationRE is the path of an invitation link: 256 bits, URL-safe base64.
var invitationRE = regexp.MustCompile(`^/invitations/[A-Za-z0-9_-]{43}$`)

// shownInvitation is a pending invitation as the team page shows it.
type shownInvitation struct {
	ID, Email, Role, Link string
	Expired               bool
}

// path is the path of the invitation's link, which must be well formed.
func (inv shownInvitation) path(t testing.TB) string {
	t.Helper()
	u, err := url.Parse(inv.Link)
	if err != nil || !invitationRE.MatchString(u.Path) || u.RawQuery != "" {
		t.Fatalf("invitation link %q: want an absolute URL with path /invitations/<43 URL-safe characters>", inv.Link)
	}
	return u.Path
}

// pendingInvitations reads the pending invitations off the team page.
func (c *client) pendingInvitations(slug string) []shownInvitation {
	c.t.Helper()
	r := c.get("/o/" + slug + "/team")
	if r.StatusCode != http.StatusOK {
		c.t.Fatalf("team page = %d, want 200", r.StatusCode)
	}
	var out []shownInvitation
	for _, li := range findAll(r.doc(c.t), func(e *html.Node) bool { return e.Data == "li" && hasClass(e, "invite") }) {
		inv := shownInvitation{Expired: hasClass(li, "expired")}
		for _, e := range findAll(li, func(*html.Node) bool { return true }) {
			switch {
			case hasClass(e, "invite-email"):
				inv.Email = text(e)
			case hasClass(e, "badge") && inv.Role == "" && text(e) != "Expired":
				inv.Role = strings.ToLower(text(e))
			case e.Data == "input" && hasAttr(e, "readonly"):
				inv.Link = attr(e, "value")
			case e.Data == "a" && strings.Contains(attr(e, "href"), "/invitations/"):
				// The anchor is the link's path, so it works whatever BASE_URL says.
				if href := attr(e, "href"); !strings.HasPrefix(href, "/invitations/") || !strings.HasSuffix(inv.Link, href) {
					c.t.Errorf("invitation of %s: anchor %q is not the path of the copy field %q", inv.Email, href, inv.Link)
				}
			case e.Data == "form" && strings.HasSuffix(attr(e, "action"), "/resend"):
				inv.ID = strings.TrimSuffix(strings.TrimPrefix(attr(e, "action"), "/o/"+slug+"/team/invitations/"), "/resend")
			}
		}
		out = append(out, inv)
	}
	return out
}

// invitationFor is the pending invitation of email on the team page.
func (c *client) invitationFor(slug, email string) shownInvitation {
	c.t.Helper()
	for _, inv := range c.pendingInvitations(slug) {
		if inv.Email == email {
			return inv
		}
	}
	c.t.Fatalf("team page of %s lists no pending invitation for %s", slug, email)
	return shownInvitation{}
}

// invite posts the invitation form and returns the invitation as the team
// page then lists it.
func (c *client) invite(slug, email, role string) shownInvitation {
	c.t.Helper()
	r := c.post("/o/"+slug+"/team/invitations", form("email", email, "role", role))
	if r.StatusCode != http.StatusSeeOther || r.location() != "/o/"+slug+"/team" {
		c.t.Fatalf("invite %s as %s = %d Location %q, want 303 /o/%s/team\n%s", email, role, r.StatusCode, r.location(), slug, r.body)
	}
	return c.invitationFor(slug, email)
}

// teamMember is a row of the members table.
type teamMember struct{ name, email, role string }

// members reads the members table of the team page.
func (c *client) members(slug string) []teamMember {
	c.t.Helper()
	r := c.get("/o/" + slug + "/team")
	if r.StatusCode != http.StatusOK {
		c.t.Fatalf("team page = %d, want 200", r.StatusCode)
	}
	var out []teamMember
	for _, table := range findAll(r.doc(c.t), func(e *html.Node) bool { return e.Data == "table" && hasClass(e, "members-table") }) {
		for _, tr := range byTag(table, "tr") {
			var m teamMember
			for _, e := range findAll(tr, func(*html.Node) bool { return true }) {
				switch {
				case hasClass(e, "member-name"):
					m.name = text(e)
				case hasClass(e, "member-email"):
					m.email = text(e)
				case e.Data == "td" && attr(e, "data-label") == "Role":
					m.role = strings.ToLower(text(e))
				}
			}
			if m.email != "" {
				out = append(out, m)
			}
		}
	}
	return out
}

// flashText is the flash message of a page, "" when there is none.
func flashText(t testing.TB, r *response) string {
	t.Helper()
	for _, e := range findAll(r.doc(t), func(e *html.Node) bool { return hasClass(e, "notice") }) {
		return text(e)
	}
	return ""
}

// Owners change roles; the change takes effect on the next request, and only
// an owner grants or takes away the owner role.
func TestMemberRoles(t *testing.T) {
	t.Parallel()
	own := newTestServer(t)
	slug := own.signup("Olivia Owner", "owner@example.com", "Roles Org")
	own.addMember(slug, "Adam Admin", "admin@example.com", "admin")
	own.addMember(slug, "Mia Member", "mia@example.com", "member")
	own.addMember(slug, "Max Member", "max@example.com", "member")
	adm, mia := own.newClient(), own.newClient()
	adm.mustLogin("admin@example.com")
	mia.mustLogin("mia@example.com")
	invitePath := "/o/" + slug + "/team/invitations"

	// A plain member may not invite: 403 and nothing saved.
	before, dump := own.rowCounts(), own.dump(teamTables...)
	if r := mia.post(invitePath, form("email", "new@example.com", "role", "member")); r.StatusCode != http.StatusForbidden {
		t.Fatalf("member invites = %d, want 403", r.StatusCode)
	}
	if !own.rowCounts().equal(before) || own.dump(teamTables...) != dump {
		t.Fatal("a refused invitation changed the database")
	}

	// The owner makes Mia an admin: she may invite at once.
	r := own.post("/o/"+slug+"/team/members/"+own.uid("mia@example.com"), form("role", "admin"))
	if r.StatusCode != http.StatusSeeOther || r.location() != "/o/"+slug+"/team" {
		t.Fatalf("owner promotes member = %d Location %q, want 303 to the team page", r.StatusCode, r.location())
	}
	if got := flashText(t, own.follow(r)); got != "Updated Mia Member." {
		t.Errorf("flash = %q", got)
	}
	if got := own.roleIn(slug, "mia@example.com"); got != "admin" {
		t.Fatalf("Mia's role = %q, want admin", got)
	}
	if r := mia.post(invitePath, form("email", "new@example.com", "role", "member")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("promoted admin invites = %d, want 303\n%s", r.StatusCode, r.body)
	}
	if got := mia.invitationFor(slug, "new@example.com"); got.Role != "member" {
		t.Errorf("invitation role on the team page = %q, want member", got.Role)
	}

	tests := []struct {
		name     string
		by       *client
		target   string
		form     url.Values
		want     int
		msg      string // the page's message, for a refusal
		wantRole string // the target's role afterwards
	}{
		{"admin cannot grant owner", adm, "max@example.com", form("role", "owner"), 403,
			"Only an owner can grant or take away the owner role.", "member"},
		{"admin cannot demote an owner", adm, "owner@example.com", form("role", "member"), 403,
			"Only an owner can grant or take away the owner role.", "owner"},
		{"unknown role", own, "max@example.com", form("role", "superuser"), 422,
			"Unknown role: choose owner, admin or member.", "member"},
		{"job role over 100 characters", own, "max@example.com", form("role", "member", "job_role", strings.Repeat("j", 101)), 422,
			"Job role must be at most 100 characters.", "member"},
		{"admin demotes an admin", adm, "mia@example.com", form("role", "member"), 303, "", "member"},
		{"admin promotes a member to admin", adm, "max@example.com", form("role", "admin"), 303, "", "admin"},
		{"owner grants owner", own, "max@example.com", form("role", "owner"), 303, "", "owner"},
		{"unknown user", own, "nobody", form("role", "admin"), 404, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			by, own := tt.by.in(t), own.in(t)
			id := "999999"
			if tt.target != "nobody" {
				id = own.uid(tt.target)
			}
			before := own.dump(teamTables...)
			r := by.post("/o/"+slug+"/team/members/"+id, tt.form)
			if r.StatusCode != tt.want {
				t.Fatalf("status %d, want %d\n%s", r.StatusCode, tt.want, r.body)
			}
			if tt.msg != "" {
				if got := flashText(t, r); got != tt.msg {
					t.Errorf("message = %q, want %q", got, tt.msg)
				}
			}
			if tt.want != http.StatusSeeOther && own.dump(teamTables...) != before {
				t.Error("a refused change altered the database")
			}
			if tt.target != "nobody" {
				if got := own.roleIn(slug, tt.target); got != tt.wantRole {
					t.Errorf("role of %s = %q, want %q", tt.target, got, tt.wantRole)
				}
			}
		})
	}

	// The job role is saved and shown to members.
	if r := own.post("/o/"+slug+"/team/members/"+own.uid("mia@example.com"), form("job_role", "Staff engineer")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("set job role = %d", r.StatusCode)
	}
	if got := own.roleIn(slug, "mia@example.com"); got != "member" {
		t.Errorf("setting only the job role changed the role to %q", got)
	}
	if n := own.count(`SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'mia@example.com' AND m.job_role = 'staff_engineer'`); n != 1 {
		t.Errorf("Mia's job role not saved")
	}
	if !strings.Contains(mia.get("/o/"+slug+"/team").body, "Staff engineer") {
		t.Error("the member's team page does not show her job role")
	}
}

// The last owner can be neither demoted nor removed, and cannot leave.
func TestLastOwner(t *testing.T) {
	t.Parallel()
	own := newTestServer(t)
	slug := own.signup("Olivia Owner", "owner@example.com", "Owned Org")
	own.addMember(slug, "Adam Admin", "admin@example.com", "admin")
	me := own.uid("owner@example.com")
	team := "/o/" + slug + "/team"

	tests := []struct {
		name, path string
		form       url.Values
		msg        string
	}{
		{"demote to admin", team + "/members/" + me, form("role", "admin"), "Olivia Owner is the last owner: make someone else an owner first."},
		{"demote to member", team + "/members/" + me, form("role", "member"), "Olivia Owner is the last owner: make someone else an owner first."},
		{"remove", team + "/members/" + me + "/remove", nil, "Olivia Owner is the last owner and cannot be removed."},
		{"leave", team + "/leave", nil, "You are the last owner: make someone else an owner before you leave, or delete the organization in Settings."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			own := own.in(t)
			before := own.dump(teamTables...)
			r := own.post(tt.path, tt.form)
			if r.StatusCode != http.StatusConflict {
				t.Fatalf("status %d, want 409", r.StatusCode)
			}
			if got := flashText(t, r); got != tt.msg {
				t.Errorf("message = %q, want %q", got, tt.msg)
			}
			if own.dump(teamTables...) != before {
				t.Error("the refused request changed the database")
			}
			if got := own.roleIn(slug, "owner@example.com"); got != "owner" {
				t.Errorf("role afterwards = %q, want owner", got)
			}
			if d := own.get("/o/" + slug + "/"); d.StatusCode != http.StatusOK {
				t.Errorf("the owner lost access: dashboard = %d", d.StatusCode)
			}
		})
	}

	// With a second owner, the first may step down.
	if r := own.post(team+"/members/"+own.uid("admin@example.com"), form("role", "owner")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("grant owner = %d", r.StatusCode)
	}
	if r := own.post(team+"/members/"+me, form("role", "admin")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("demote self with another owner = %d, want 303\n%s", r.StatusCode, r.body)
	}
	if got := own.roleIn(slug, "owner@example.com"); got != "admin" {
		t.Errorf("role after stepping down = %q, want admin", got)
	}
}

// A member leaves: the membership is gone and the organization with it.
func TestLeave(t *testing.T) {
	t.Parallel()
	own := newTestServer(t)
	slug := own.signup("Olivia Owner", "owner@example.com", "Leaving Org")
	own.addMember(slug, "Mia Member", "mia@example.com", "member")
	mia := own.newClient()
	mia.mustLogin("mia@example.com")

	confirm := mia.get("/o/" + slug + "/team/leave")
	if confirm.StatusCode != http.StatusOK || h1(t, confirm) != "Leave Leaving Org?" {
		t.Fatalf("leave confirmation = %d %q", confirm.StatusCode, h1(t, confirm))
	}
	if got := own.roleIn(slug, "mia@example.com"); got != "member" {
		t.Fatalf("the confirmation page changed the membership: role %q", got)
	}
	r := mia.post("/o/"+slug+"/team/leave", nil)
	if r.StatusCode != http.StatusSeeOther || r.location() != "/orgs" {
		t.Fatalf("leave = %d Location %q, want 303 /orgs", r.StatusCode, r.location())
	}
	if got := own.roleIn(slug, "mia@example.com"); got != "" {
		t.Errorf("after leaving, role = %q, want no membership", got)
	}
	if d := mia.get("/o/" + slug + "/"); d.StatusCode != http.StatusNotFound {
		t.Errorf("dashboard after leaving = %d, want 404", d.StatusCode)
	}
	if n := own.count(`SELECT count(*) FROM users WHERE email = 'mia@example.com'`); n != 1 {
		t.Errorf("leaving deleted the account (%d rows)", n)
	}
	for _, m := range own.members(slug) {
		if m.email == "mia@example.com" {
			t.Error("the team page still lists the member who left")
		}
	}
}

// Removing a member asks first (GET, no change), then removes (POST).
func TestRemoveMember(t *testing.T) {
	t.Parallel()
	own := newTestServer(t)
	slug := own.signup("Olivia Owner", "owner@example.com", "Removal Org")
	own.addMember(slug, "Adam Admin", "admin@example.com", "admin")
	own.addMember(slug, "Mia Member", "mia@example.com", "member")
	mia, adm := own.newClient(), own.newClient()
	mia.mustLogin("mia@example.com")
	adm.mustLogin("admin@example.com")
	path := "/o/" + slug + "/team/members/" + own.uid("mia@example.com") + "/remove"

	before := own.dump(teamTables...)
	c := own.get(path)
	if c.StatusCode != http.StatusOK || h1(t, c) != "Remove Mia Member?" {
		t.Fatalf("confirmation = %d %q, want 200 \"Remove Mia Member?\"", c.StatusCode, h1(t, c))
	}
	forms := findAll(c.doc(t), func(e *html.Node) bool { return e.Data == "form" && attr(e, "action") == path })
	if len(forms) != 1 || !strings.EqualFold(attr(forms[0], "method"), "post") {
		t.Errorf("confirmation has %d POST forms to %s, want 1", len(forms), path)
	}
	if own.dump(teamTables...) != before {
		t.Fatal("the confirmation page changed the database")
	}

	// An admin cannot remove an owner.
	if r := adm.post("/o/"+slug+"/team/members/"+own.uid("owner@example.com")+"/remove", nil); r.StatusCode != http.StatusForbidden {
		t.Errorf("admin removes owner = %d, want 403", r.StatusCode)
	}
	if own.roleIn(slug, "owner@example.com") != "owner" {
		t.Fatal("the owner was removed by an admin")
	}

	r := own.post(path, nil)
	if r.StatusCode != http.StatusSeeOther || r.location() != "/o/"+slug+"/team" {
		t.Fatalf("remove = %d Location %q, want 303 to the team page", r.StatusCode, r.location())
	}
	if got := flashText(t, own.follow(r)); got != "Mia Member was removed from Removal Org." {
		t.Errorf("flash = %q", got)
	}
	if got := own.roleIn(slug, "mia@example.com"); got != "" {
		t.Errorf("role after removal = %q, want no membership", got)
	}
	if d := mia.get("/o/" + slug + "/"); d.StatusCode != http.StatusNotFound {
		t.Errorf("removed member's dashboard = %d, want 404", d.StatusCode)
	}
	// Removing again: there is no such member any more.
	if r := own.post(path, nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("second removal = %d, want 404", r.StatusCode)
	}
	got := own.members(slug)
	if len(got) != 2 || got[0] != (teamMember{"Olivia Owner", "owner@example.com", "owner"}) || got[1] != (teamMember{"Adam Admin", "admin@example.com", "admin"}) {
		t.Errorf("members after removal = %v", got)
	}
}

// The owner of organization B reaches nothing of organization A: not through
// A's slug, and not with A's ids under B's slug.
func TestTeamCrossTenant(t *testing.T) {
	t.Parallel()
	a := newTestServer(t)
	slugA := a.signup("Alice", "alice@example.com", "Alpha Org")
	a.addMember(slugA, "Mia Member", "mia@example.com", "member")
	invA := a.invite(slugA, "invitee@example.com", "member")
	tok := a.post("/o/"+slugA+"/settings/tokens", form("name", "alpha ci"))
	if tok.StatusCode != http.StatusSeeOther {
		t.Fatalf("create token = %d", tok.StatusCode)
	}
	var tokID string
	if err := a.su.QueryRow(context.Background(), `SELECT id::text FROM api_tokens`).Scan(&tokID); err != nil {
		t.Fatal(err)
	}
	b := a.newClient()
	slugB := b.signup("Bob", "bob@example.com", "Bravo Org")
	mia, alice := a.uid("mia@example.com"), a.uid("alice@example.com")

	before, counts := a.dump(teamTables...), a.rowCounts()
	tests := []struct{ method, path string }{
		// A's slug: B is no member.
		{"POST", "/o/" + slugA + "/team/invitations"},
		{"POST", "/o/" + slugA + "/team/invitations/" + invA.ID + "/resend"},
		{"POST", "/o/" + slugA + "/team/invitations/" + invA.ID + "/revoke"},
		{"POST", "/o/" + slugA + "/team/members/" + mia},
		{"GET", "/o/" + slugA + "/team/members/" + mia + "/remove"},
		{"POST", "/o/" + slugA + "/team/members/" + mia + "/remove"},
		{"POST", "/o/" + slugA + "/team/members/" + alice},
		{"POST", "/o/" + slugA + "/settings/tokens/" + tokID + "/revoke"},
		// B's slug with A's ids.
		{"POST", "/o/" + slugB + "/team/invitations/" + invA.ID + "/resend"},
		{"POST", "/o/" + slugB + "/team/invitations/" + invA.ID + "/revoke"},
		{"POST", "/o/" + slugB + "/team/members/" + mia},
		{"GET", "/o/" + slugB + "/team/members/" + mia + "/remove"},
		{"POST", "/o/" + slugB + "/team/members/" + mia + "/remove"},
		{"POST", "/o/" + slugB + "/team/members/" + alice + "/remove"},
		{"POST", "/o/" + slugB + "/settings/tokens/" + tokID + "/revoke"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+strings.ReplaceAll(tt.path, "/", "_"), func(t *testing.T) {
			b := b.in(t)
			r := b.send(tt.method, tt.path, form("email", "x@example.com", "role", "owner"))
			if r.StatusCode != http.StatusNotFound {
				t.Errorf("%s %s = %d, want 404", tt.method, tt.path, r.StatusCode)
			}
			for _, leak := range []string{"Alpha Org", "Mia Member", "mia@example.com", "invitee@example.com"} {
				if strings.Contains(r.body, leak) {
					t.Errorf("the 404 page shows %q", leak)
				}
			}
		})
	}
	if a.dump(teamTables...) != before || !a.rowCounts().equal(counts) {
		t.Error("requests of another organization's owner changed the database")
	}
	if got := a.invitationFor(slugA, "invitee@example.com"); got.Link != invA.Link {
		t.Errorf("A's invitation link changed: %q → %q", invA.Link, got.Link)
	}
	if a.roleIn(slugA, "mia@example.com") != "member" || a.roleIn(slugA, "bob@example.com") != "" {
		t.Error("A's memberships changed")
	}
}
