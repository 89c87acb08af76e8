package http_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	headway "github.com/headwayhq/headway/internal/http"
)

// A scripted session leaves its trail in the audit log and the users' own
// logs: who did what, to what, from where; never a secret; only for the
// organization's managers.
func TestAuditLog(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Audit Org")
	other := c.newClient()
	otherSlug := other.signup("Oscar Other", "oscar@example.com", "Other Org")

	inv := c.invite(slug, "nina@example.com", "admin")
	link := inv.path(t)
	nina := c.newClient()
	if r := nina.post(c.emailedLink("nina@example.com"), form("name", "Nina Newcomer", "password", testPassword)); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d", r.StatusCode)
	}
	c.addMember(slug, "Max Member", "max@example.com", "member")
	max := c.uid("max@example.com")
	if r := c.post("/o/"+slug+"/team/members/"+max, form("role", "admin", "job_role", "Architect")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("role change: %d", r.StatusCode)
	}
	if r := c.post("/o/"+slug+"/team/members/"+max+"/remove", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", r.StatusCode)
	}
	revoked := c.invite(slug, "sam@example.com", "member")
	if r := c.post("/o/"+slug+"/team/invitations/"+revoked.ID+"/revoke", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke invitation: %d", r.StatusCode)
	}
	secret := c.createToken(slug, "deploy-bot")
	if r := c.apiGet("/api/v1/org", "Bearer "+secret); r.StatusCode != 200 {
		t.Fatalf("api: %d", r.StatusCode)
	}
	c.apiGet("/api/v1/org", "Bearer "+secret) // a second use is not audited again
	if r := c.post("/o/"+slug+"/settings", form("name", "Audit Org Renamed")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: %d", r.StatusCode)
	}
	// Account events: a failed login, a logout, a reset.
	stranger := c.newClient()
	stranger.login("owner@example.com", "not the password at all", "")
	stranger.login("nobody@example.com", "not the password at all", "")
	reset := stranger.requestReset("owner@example.com", 1)

	page := c.get("/o/" + slug + "/settings/audit")
	if page.StatusCode != 200 {
		t.Fatalf("audit page: %d", page.StatusCode)
	}
	body := text(byTag(page.doc(t), "tbody")[0])
	for _, want := range []string{
		"Organization created", "Invitation sent", "nina@example.com as admin", "Invitation accepted", "Nina Newcomer <nina@example.com>",
		"Role changed", "Max Member <max@example.com>: member → admin", "Job role changed", "Architect",
		"Member removed", "Invitation revoked", "API token created", "token deploy-bot", "API token first used",
		"Organization renamed", "Audit Org → Audit Org Renamed", "Olivia Owner <owner@example.com>", "127.0.0.1",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the audit page does not show %q", want)
		}
	}
	if n := c.count(`SELECT count(*) FROM audit_events WHERE action = 'token.first_used'`); n != 1 {
		t.Errorf("%d first-use entries, want 1", n)
	}
	if n := c.count(`SELECT count(*) FROM audit_events WHERE request_id = '' OR client_ip = ''`); n != 0 {
		t.Errorf("%d entries without a request id", n)
	}
	// The users' own logs.
	for _, tt := range []struct {
		email, action string
		want          int
	}{
		{"owner@example.com", "account.created", 1},
		{"owner@example.com", "login.failed", 1},
		{"owner@example.com", "password.reset_requested", 1},
		{"nina@example.com", "login.failed", 0},
	} {
		if n := c.count(`SELECT count(*) FROM user_events e JOIN users u ON u.id = e.user_id WHERE u.email = $1 AND e.action = $2`, tt.email, tt.action); n != tt.want {
			t.Errorf("%s has %d %s events, want %d", tt.email, n, tt.action, tt.want)
		}
	}
	// No secret anywhere in either log: the API token, the invitation and
	// reset links, the password, the session.
	logs := c.dump("audit_events", "user_events")
	proof := c.emailedLink("nina@example.com")
	proof = proof[strings.Index(proof, "proof=")+len("proof="):]
	for _, s := range []string{secret, secret[3:], strings.TrimPrefix(link, "/invitations/"), proof, strings.TrimPrefix(reset, "/password/reset/"),
		testPassword, "not the password at all", c.session()} {
		if strings.Contains(logs, s) {
			t.Errorf("an audit entry holds a secret (%.12q…)", s)
		}
	}
	// The other organization sees none of it, on the page or the API.
	otherPage := text(other.get("/o/" + otherSlug + "/settings/audit").doc(t))
	if strings.Contains(otherPage, "nina@example.com") || strings.Contains(otherPage, "Audit Org") {
		t.Error("another organization's audit log shows this one's entries")
	}
	// Filtered by action.
	tbody := byTag(c.get("/o/"+slug+"/settings/audit?action=member.removed").doc(t), "tbody")
	if len(tbody) != 1 {
		t.Fatal("the filtered page has no table")
	}
	filtered := text(tbody[0])
	if !strings.Contains(filtered, "Member removed") || strings.Contains(filtered, "Invitation sent") {
		t.Errorf("the action filter does not filter:\n%s", filtered)
	}
}

// The API pages the log newest first with one list shape: items and next.
func TestAuditAPI(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "API Audit Org")
	for _, email := range []string{"a@example.com", "b@example.com", "c@example.com"} {
		c.invite(slug, email, "member")
	}
	bearer := "Bearer " + c.createToken(slug, "reader")
	type page struct {
		Items []struct {
			ID     int64  `json:"id"`
			Action string `json:"action"`
			Target string `json:"target"`
			At     string `json:"at"`
		} `json:"items"`
		Next string `json:"next"`
	}
	get := func(q string) page {
		r := c.apiGet("/api/v1/audit"+q, bearer)
		if r.StatusCode != 200 {
			t.Fatalf("GET /api/v1/audit%s = %d %s", q, r.StatusCode, r.body)
		}
		var p page
		if err := json.Unmarshal([]byte(r.body), &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	all := get("")
	// org.created, 3 invitations, token.created, token.first_used.
	if len(all.Items) != 6 || all.Next != "" || all.Items[0].Action != "token.first_used" || all.Items[5].Action != "org.created" {
		t.Fatalf("the log = %+v", all)
	}
	first := get("?limit=4")
	if len(first.Items) != 4 || first.Next == "" {
		t.Fatalf("first page = %+v", first)
	}
	second := get("?limit=4&before=" + first.Next)
	if len(second.Items) != 2 || second.Next != "" || second.Items[0].ID >= first.Items[3].ID {
		t.Fatalf("second page = %+v", second)
	}
	invites := get("?action=invitation.created")
	if len(invites.Items) != 3 || invites.Items[0].Target != "c@example.com as member" {
		t.Errorf("filtered = %+v", invites)
	}
	for _, q := range []string{"?limit=0", "?limit=201", "?before=x", "?action=nope"} {
		r := c.apiGet("/api/v1/audit"+q, bearer)
		var e apiErr
		if err := json.Unmarshal([]byte(r.body), &e); r.StatusCode != 422 || err != nil || len(e.Fields) != 1 {
			t.Errorf("GET /api/v1/audit%s = %d %s, want 422 naming the field", q, r.StatusCode, r.body)
		}
	}
}

// The page shows 50 entries at a time, newest first, with a link to older ones.
func TestAuditPagePaging(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Paged Org")
	if _, err := c.su.Exec(t.Context(), `INSERT INTO audit_events (org_id, at, actor, action, target)
		SELECT o.id, now(), 'Script', 'org.renamed', 'rename ' || g FROM organizations o, generate_series(1, 60) g WHERE o.slug = $1`, slug); err != nil {
		t.Fatal(err)
	}
	first := c.get("/o/" + slug + "/settings/audit")
	rows := byTag(first.doc(t), "tr")
	if len(rows) != 51 || !strings.Contains(text(rows[1]), "rename 60") {
		t.Fatalf("first page: %d rows (with the header), first %q", len(rows), text(rows[1]))
	}
	var older string
	for _, a := range byTag(first.doc(t), "a") {
		if text(a) == "Older entries →" {
			older = attr(a, "href")
		}
	}
	if older == "" {
		t.Fatal("no link to older entries")
	}
	second := c.get(older)
	rows = byTag(second.doc(t), "tr")
	// 61 entries in all: 60 renames and the organization's creation.
	if len(rows) != 12 || !strings.Contains(text(rows[1]), "rename 10") || !strings.Contains(text(rows[11]), "Organization created") {
		t.Errorf("second page: %d rows, first %q", len(rows), text(rows[1]))
	}
	if strings.Contains(second.body, "Older entries") {
		t.Error("the last page links to older entries")
	}
}

// A throttled account's log notes it once per window, not once per guess.
func TestThrottledLoginNotedOnce(t *testing.T) {
	t.Parallel()
	c := newTestServer(t, func(cfg *headway.Config) { cfg.LoginLimitPerPair = 2 })
	c.signup("Olivia Owner", "owner@example.com", "Throttle Org")
	attacker := c.newClient()
	throttled := 0
	for range 6 {
		if r := attacker.login("owner@example.com", "not the password at all", ""); r.StatusCode == http.StatusTooManyRequests {
			throttled++
		}
	}
	if throttled < 3 {
		t.Fatalf("%d of 6 guesses throttled, want at least 3", throttled)
	}
	if n := c.count(`SELECT count(*) FROM user_events WHERE action = 'login.throttled'`); n != 1 {
		t.Errorf("%d login.throttled events, want 1", n)
	}
	if n := c.count(`SELECT count(*) FROM user_events WHERE action = 'login.failed'`); n != 2 {
		t.Errorf("%d login.failed events, want 2 (the guesses that were checked)", n)
	}
}
