package http_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	headway "github.com/headwayhq/headway/internal/http"
	"github.com/headwayhq/headway/internal/mail/mailtest"
)

const newPassword = "lantern orchard copper violin"

// agentTransport sends every request with a User-Agent header.
type agentTransport struct{ ua string }

func (a agentTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("User-Agent", a.ua)
	return http.DefaultTransport.RoundTrip(r)
}

// withAgent is a new visitor whose browser sends ua.
func (c *client) withAgent(ua string) *client {
	o := c.newClient()
	o.hc.Transport = agentTransport{ua}
	return o
}

const (
	firefoxLinux  = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
	chromeWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)

// fieldError is the message beside a form field, or "".
func fieldError(t testing.TB, r *response, field string) string {
	t.Helper()
	return text(byID(r.doc(t), "f-"+field+"-error"))
}

func (c *client) passwordHash(email string) string {
	c.t.Helper()
	var h string
	if err := c.su.QueryRow(context.Background(), `SELECT password_hash FROM users WHERE email = $1`, email).Scan(&h); err != nil {
		c.t.Fatal(err)
	}
	return h
}

func (c *client) userEvents(email string) string {
	c.t.Helper()
	var s string
	if err := c.su.QueryRow(context.Background(), `SELECT coalesce(string_agg(e.action || ' ' || e.detail, E'\n' ORDER BY e.id), '')
		FROM user_events e JOIN users u ON u.id = e.user_id WHERE u.email = $1`, email).Scan(&s); err != nil {
		c.t.Fatal(err)
	}
	return s
}

// Changing the password needs the current one (beside the field, nothing
// changed otherwise), ends every other session and keeps this one under a
// new token.
func TestChangePasswordEndsOtherSessions(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Ada Lovelace", "ada@example.com", "Engines")
	other := c.newClient()
	other.mustLogin("ada@example.com")
	before := c.passwordHash("ada@example.com")

	r := c.post("/account/password", form("current_password", "not my password", "password", newPassword))
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("wrong current password = %d, want 422", r.StatusCode)
	}
	if got := fieldError(t, r, "current_password"); got != "This is not your current password." {
		t.Errorf("beside the current password: %q", got)
	}
	if !strings.HasPrefix(h1(t, r), "Your account") || !strings.Contains(r.body, "<title>Error: Account") {
		t.Errorf("the 422 page is not the account page with an Error: title")
	}
	if c.passwordHash("ada@example.com") != before {
		t.Fatal("a refused change changed the password")
	}
	if r := other.get("/o/" + slug + "/"); r.StatusCode != http.StatusOK {
		t.Fatalf("a refused change ended the other session: %d", r.StatusCode)
	}
	if r := c.post("/account/password", form("current_password", testPassword, "password", "password1234")); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(fieldError(t, r, "password"), "too common") {
		t.Errorf("weak new password = %d %q, want 422 beside the field", r.StatusCode, fieldError(t, r, "password"))
	}

	token := c.session()
	r = c.post("/account/password", form("current_password", testPassword, "password", newPassword))
	if r.StatusCode != http.StatusSeeOther || r.location() != "/account" {
		t.Fatalf("change = %d %q, want 303 /account\n%s", r.StatusCode, r.location(), r.body)
	}
	if c.session() == token {
		t.Error("the session token was not renewed")
	}
	if page := c.follow(r); !strings.Contains(text(page.doc(t)), "Your password was changed. You were logged out everywhere else.") {
		t.Error("no flash after the change")
	}
	if r := c.get("/o/" + slug + "/"); r.StatusCode != http.StatusOK {
		t.Errorf("this session after the change: %d, want 200", r.StatusCode)
	}
	if r := other.get("/o/" + slug + "/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/login") {
		t.Errorf("the other session after the change: %d %q, want 303 to /login", r.StatusCode, r.location())
	}
	if r := c.withSession(token).get("/o/" + slug + "/"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the old token of this session still works: %d", r.StatusCode)
	}
	if r := c.newClient().login("ada@example.com", testPassword, ""); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("login with the old password = %d, want 422", r.StatusCode)
	}
	if r := c.newClient().login("ada@example.com", newPassword, ""); r.StatusCode != http.StatusSeeOther {
		t.Errorf("login with the new password = %d, want 303", r.StatusCode)
	}
	ev := c.userEvents("ada@example.com")
	if !strings.Contains(ev, "password.changed") {
		t.Errorf("user events:\n%s", ev)
	}
	for _, secret := range []string{testPassword, newPassword, token, c.session()} {
		if strings.Contains(ev, secret) || strings.Contains(c.log.String(), secret) {
			t.Errorf("a password or session token is in the user events or the logs")
		}
	}
}

var emailLinkRE = regexp.MustCompile(`^/account/email/[A-Za-z0-9_-]{43}$`)

// emailChangeLink is the path of the newest email-change link sent to email.
func (c *client) emailChangeLink(email string) string {
	c.t.Helper()
	msgs := c.emailsTo(email)
	for i := len(msgs) - 1; i >= 0; i-- {
		if link := mailtest.FindLink(msgs[i].Text, "/account/email/"); link != "" {
			u, err := url.Parse(link)
			if err != nil || !emailLinkRE.MatchString(u.Path) {
				c.t.Fatalf("email change link %q: want /account/email/<43 URL-safe characters>", link)
			}
			return u.Path
		}
	}
	c.t.Fatalf("no email change link sent to %s", email)
	return ""
}

// An email change: a taken address is refused beside the field; the new
// address gets a link whose page (GET) changes nothing and whose button
// does; the old address is told; only the new email logs in; the link
// works once, and only for its account.
func TestEmailChange(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	c.signup("Ada Lovelace", "ada@example.com", "Engines")
	c.newClient().signup("Bob Babbage", "bob@example.com", "Differences")

	r := c.post("/account/email", form("email", "Bob@Example.com", "email_password", testPassword))
	if r.StatusCode != http.StatusUnprocessableEntity || fieldError(t, r, "email") != "Another account already uses this address. Choose another one." {
		t.Fatalf("taken address = %d %q, want 422 beside the field", r.StatusCode, fieldError(t, r, "email"))
	}
	if r := c.post("/account/email", form("email", "new@example.com", "email_password", "wrong")); r.StatusCode != http.StatusUnprocessableEntity ||
		fieldError(t, r, "email_password") != "This is not your current password." {
		t.Fatalf("wrong password = %d %q", r.StatusCode, fieldError(t, r, "email_password"))
	}
	if r := c.post("/account/email", form("email", "not an address", "email_password", testPassword)); r.StatusCode != http.StatusUnprocessableEntity ||
		fieldError(t, r, "email") == "" {
		t.Fatalf("invalid address = %d", r.StatusCode)
	}
	if n := len(c.emailsTo("new@example.com")); n != 0 {
		t.Fatalf("%d emails sent by refused requests", n)
	}

	r = c.post("/account/email", form("email", " New@Example.com ", "email_password", testPassword))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("request = %d\n%s", r.StatusCode, r.body)
	}
	if page := c.follow(r); !strings.Contains(text(page.doc(t)), "Waiting for confirmation: we sent a link to new@example.com") {
		t.Errorf("the account page does not show the pending change:\n%s", text(page.doc(t)))
	}
	link := c.emailChangeLink("new@example.com")
	if n := c.count(`SELECT count(*) FROM users WHERE email = 'ada@example.com'`); n != 1 {
		t.Fatal("the email changed before the link was opened")
	}

	// Another account's session cannot use the link.
	bob := c.newClient()
	bob.mustLogin("bob@example.com")
	if r := bob.get(link); r.StatusCode != http.StatusGone {
		t.Errorf("another account opens the link: %d, want 410", r.StatusCode)
	}
	if r := bob.post(link, nil); r.StatusCode != http.StatusGone {
		t.Errorf("another account confirms: %d, want 410", r.StatusCode)
	}

	// Opened logged out (another browser), the link asks to log in first
	// and comes back.
	elsewhere := c.newClient()
	if r := elsewhere.get(link); r.StatusCode != http.StatusSeeOther || r.location() != "/login?next="+url.QueryEscape(link) {
		t.Errorf("logged out: %d %q, want 303 to log in and come back", r.StatusCode, r.location())
	}
	if r := elsewhere.login("ada@example.com", testPassword, link); r.StatusCode != http.StatusSeeOther || r.location() != link {
		t.Errorf("login with next: %d %q, want 303 back to the link", r.StatusCode, r.location())
	}

	page := c.get(link)
	if page.StatusCode != http.StatusOK || h1(t, page) != "Use new@example.com to log in?" {
		t.Fatalf("link page = %d %q", page.StatusCode, h1(t, page))
	}
	if n := c.count(`SELECT count(*) FROM users WHERE email = 'ada@example.com'`); n != 1 {
		t.Fatal("opening the link (GET) changed the email")
	}
	r = c.post(link, nil)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm = %d\n%s", r.StatusCode, r.body)
	}
	if page := c.follow(r); !strings.Contains(text(page.doc(t)), "Your email is now new@example.com") {
		t.Error("no flash after the confirmation")
	}
	notice := c.emailsTo("ada@example.com")
	if len(notice) != 1 || !strings.Contains(notice[0].Text, "changed from ada@example.com to new@example.com") {
		t.Fatalf("notice to the old address: %+v", notice)
	}
	// The organization's audit log says so too.
	if n := c.count(`SELECT count(*) FROM audit_events WHERE action = 'member.email_changed' AND target LIKE '%ada@example.com> → new@example.com'`); n != 1 {
		t.Errorf("%d email-change entries in the organization's log, want 1", n)
	}
	if r := c.post(link, nil); r.StatusCode != http.StatusGone {
		t.Errorf("second use = %d, want 410", r.StatusCode)
	}
	if r := c.newClient().login("ada@example.com", testPassword, ""); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("login with the old email = %d, want 422", r.StatusCode)
	}
	if r := c.newClient().login("new@example.com", testPassword, ""); r.StatusCode != http.StatusSeeOther {
		t.Errorf("login with the new email = %d, want 303", r.StatusCode)
	}

	// The account's log has the request and the change, never the token.
	ev := c.userEvents("new@example.com")
	for _, want := range []string{"email.change_requested to new@example.com", "email.changed ada@example.com → new@example.com"} {
		if !strings.Contains(ev, want) {
			t.Errorf("user events lack %q:\n%s", want, ev)
		}
	}
	secret := strings.TrimPrefix(link, "/account/email/")
	if strings.Contains(ev, secret) || strings.Contains(c.log.String(), secret) || strings.Contains(c.log.String(), testPassword) {
		t.Error("the link's token or the password is in the user events or the logs")
	}
	if n := c.count(`SELECT count(*) FROM email_changes WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, secret); n != 1 {
		t.Errorf("the link is not stored as its SHA-256 (%d rows)", n)
	}
}

// The sessions list names each browser, marks this one, and "log out
// everywhere else" ends the others.
func TestSessionsListAndEndOthers(t *testing.T) {
	t.Parallel()
	first := newTestServer(t)
	a := first.withAgent(firefoxLinux)
	slug := a.signup("Ada Lovelace", "ada@example.com", "Engines")
	b := first.withAgent(chromeWindows)
	b.mustLogin("ada@example.com")

	page := a.get("/account")
	doc := byID(page.doc(t), "sessions")
	rows := findAll(doc, func(e *html.Node) bool { return e.Data == "tr" && len(byTag(e, "td")) > 0 })
	if len(rows) != 2 {
		t.Fatalf("%d sessions listed, want 2:\n%s", len(rows), text(doc))
	}
	if got := text(rows[0]); !strings.Contains(got, "Firefox on Linux") || !strings.Contains(got, "This device") || !strings.Contains(got, "127.0.0.1") {
		t.Errorf("first row %q: want this device, Firefox on Linux, 127.0.0.1", got)
	}
	if got := text(rows[1]); !strings.Contains(got, "Chrome on Windows") || strings.Contains(got, "This device") {
		t.Errorf("second row %q: want Chrome on Windows, not this device", got)
	}

	r := a.post("/account/sessions/end-others", nil)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("end others = %d", r.StatusCode)
	}
	if r := b.get("/o/" + slug + "/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/login") {
		t.Errorf("the other session = %d %q, want 303 to /login", r.StatusCode, r.location())
	}
	page = a.get("/account")
	if page.StatusCode != http.StatusOK || strings.Contains(page.body, "Chrome on Windows") || !strings.Contains(page.body, "Firefox on Linux") {
		t.Errorf("after ending the others the list is:\n%s", text(page.doc(t)))
	}
	// A logged-out session leaves the list too.
	c := first.withAgent(chromeWindows)
	c.mustLogin("ada@example.com")
	if !strings.Contains(a.get("/account").body, "Chrome on Windows") {
		t.Fatal("the new session is not listed")
	}
	c.post("/logout", nil)
	if strings.Contains(a.get("/account").body, "Chrome on Windows") {
		t.Error("a logged-out session is still listed")
	}
	if ev := a.userEvents("ada@example.com"); !strings.Contains(ev, "sessions.ended_elsewhere") {
		t.Errorf("user events:\n%s", ev)
	}
	if n := a.count(`SELECT count(*) FROM user_sessions WHERE session_hash = $1`, a.session()); n != 0 {
		t.Error("a session token is stored in clear in user_sessions")
	}
}

// Last seen is written at most every few minutes.
func TestSessionLastSeen(t *testing.T) {
	t.Parallel()
	clk := newTestClock()
	c := newTestServer(t, withClock(clk))
	c.signup("Ada Lovelace", "ada@example.com", "Engines")
	seen := func() time.Time {
		var at time.Time
		if err := c.su.QueryRow(context.Background(), `SELECT max(last_seen_at) FROM user_sessions`).Scan(&at); err != nil {
			t.Fatal(err)
		}
		return at
	}
	start := seen()
	clk.advance(time.Minute)
	c.get("/account")
	if !seen().Equal(start) {
		t.Error("last seen written after a minute")
	}
	clk.advance(5 * time.Minute)
	c.get("/account")
	if got := seen(); !got.Equal(clk.Now()) {
		t.Errorf("last seen %v after six minutes, want %v", got, clk.Now())
	}
}

// Deleting the account: refused while the person is the last owner of an
// organization (named, with the way out); a member's account goes with its
// memberships, the session ends and each organization's log records it.
func TestDeleteAccount(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Solo Works")
	c.addMember(slug, "Max Member", "max@example.com", "member")

	page := c.get("/account/delete")
	if page.StatusCode != http.StatusOK || !strings.Contains(text(page.doc(t)), "You are the last owner of these organizations") ||
		!strings.Contains(text(page.doc(t)), "Solo Works : make someone else an owner or delete the organization") {
		t.Fatalf("delete page for a last owner:\n%s", text(page.doc(t)))
	}
	r := c.post("/account/delete", form("password", testPassword))
	if r.StatusCode != http.StatusConflict || !strings.Contains(text(r.doc(t)), "Solo Works") {
		t.Fatalf("last owner's deletion = %d, want 409 naming the organization\n%s", r.StatusCode, text(r.doc(t)))
	}
	if n := c.count(`SELECT count(*) FROM users WHERE email = 'owner@example.com'`); n != 1 {
		t.Fatal("the last owner's account was deleted")
	}

	m := c.newClient()
	m.mustLogin("max@example.com")
	if r := m.post("/account/delete", form("password", "wrong")); r.StatusCode != http.StatusUnprocessableEntity ||
		fieldError(t, r, "password") != "This is not your current password." {
		t.Fatalf("wrong password = %d %q", r.StatusCode, fieldError(t, r, "password"))
	}
	r = m.post("/account/delete", form("password", testPassword))
	if r.StatusCode != http.StatusSeeOther || r.location() != "/" {
		t.Fatalf("member's deletion = %d %q, want 303 /\n%s", r.StatusCode, r.location(), r.body)
	}
	if page := m.follow(r); !strings.Contains(text(page.doc(t)), "Your account and your memberships were deleted.") {
		t.Error("no flash after the deletion")
	}
	if n := c.count(`SELECT count(*) FROM users WHERE email = 'max@example.com'`); n != 0 {
		t.Error("the account is still there")
	}
	if n := c.count(`SELECT count(*) FROM memberships m JOIN organizations o ON o.id = m.org_id WHERE o.slug = $1`, slug); n != 1 {
		t.Errorf("%d memberships left, want the owner's only", n)
	}
	if n := c.count(`SELECT count(*) FROM audit_events WHERE action = 'member.account_deleted' AND target = 'Max Member <max@example.com> (member)'`); n != 1 {
		t.Errorf("%d audit entries of the deletion, want 1", n)
	}
	if r := m.get("/orgs"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the deleted account's session: /orgs = %d, want 303", r.StatusCode)
	}
	if !strings.Contains(c.log.String(), `msg="account deleted"`) {
		t.Error("the deletion is not in the server log")
	}
	if strings.Contains(c.log.String(), testPassword) {
		t.Error("a password is in the server log")
	}
	if !strings.Contains(c.get("/o/"+slug+"/settings/audit").body, "Member deleted their account") {
		t.Error("the audit log page does not show the deletion")
	}

	// With a second owner, the first may go.
	c.addMember(slug, "Co Owner", "co@example.com", "owner")
	if r := c.post("/account/delete", form("password", testPassword)); r.StatusCode != http.StatusSeeOther {
		t.Errorf("an owner with a co-owner deletes the account: %d, want 303", r.StatusCode)
	}
}

func TestDescribeAgent(t *testing.T) {
	for ua, want := range map[string]string{
		firefoxLinux:  "Firefox on Linux",
		chromeWindows: "Chrome on Windows",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15":                      "Safari on macOS",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1": "Safari on iOS",
		"Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36":                            "Chrome on Android",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0":           "Edge on Windows",
		"curl/8.5.0": "curl",
		"":           "Unknown browser",
	} {
		if got := headway.DescribeAgent(ua); got != want {
			t.Errorf("DescribeAgent(%q) = %q, want %q", ua, got, want)
		}
	}
}

// A new password may not be the current one, nor hold the name of one of the
// person's organizations, as at signup (found by a review).
func TestPasswordChangeRules(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	c.signup("Olivia Owner", "owner@example.com", "Quokka Works")
	for _, tt := range []struct{ pw, want string }{
		{testPassword, "Choose a password different from your current one."},
		{"quokka works forever and ever", "beside"},
	} {
		r := c.post("/account/password", form("current_password", testPassword, "password", tt.pw))
		if r.StatusCode != 422 {
			t.Errorf("new password %q = %d, want 422", tt.pw, r.StatusCode)
			continue
		}
		if tt.want != "beside" && fieldError(t, r, "password") != tt.want {
			t.Errorf("new password %q: %q", tt.pw, fieldError(t, r, "password"))
		}
	}
}

// The account page shows the account's own security events, and nobody
// else's.
func TestAccountShowsItsSecurityActivity(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	c.signup("Olivia Owner", "owner@example.com", "Activity Org")
	other := c.newClient()
	other.signup("Oscar Other", "oscar@example.com", "Other Org")
	c.newClient().login("owner@example.com", "not the password at all", "")
	page := text(byID(c.get("/account").doc(t), "activity"))
	for _, want := range []string{"Account created", "Wrong password", "127.0.0.1"} {
		if !strings.Contains(page, want) {
			t.Errorf("the activity does not show %q:\n%s", want, page)
		}
	}
	if strings.Contains(text(byID(other.get("/account").doc(t), "activity")), "Wrong password") {
		t.Error("another account's activity shows this one's events")
	}
}

// One other browser can be logged out from the account page; this one
// cannot be ended that way, and nobody can end another account's sessions.
func TestEndOneSession(t *testing.T) {
	t.Parallel()
	first := newTestServer(t)
	a := first.withAgent(firefoxLinux)
	slug := a.signup("Ada Lovelace", "ada@example.com", "Engines")
	b := first.withAgent(chromeWindows)
	b.mustLogin("ada@example.com")
	// Only the other browser has a form to end it.
	var other string
	forms := findAll(byID(a.get("/account").doc(t), "sessions"), func(e *html.Node) bool { return e.Data == "input" && attr(e, "name") == "session" })
	if len(forms) == 1 {
		other = attr(forms[0], "value")
	}
	if len(other) != 16 {
		t.Fatalf("no way to end the other session (id %q)", other)
	}
	r := a.post("/account/sessions/end", form("session", other))
	if r.StatusCode != http.StatusSeeOther || !strings.Contains(flashText(t, a.follow(r)), "Chrome on Windows") {
		t.Fatalf("end the other session: %d", r.StatusCode)
	}
	if r := b.get("/o/" + slug + "/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/login") {
		t.Errorf("the ended browser still gets %d", r.StatusCode)
	}
	if r := a.get("/o/" + slug + "/"); r.StatusCode != http.StatusOK {
		t.Errorf("this browser was logged out too: %d", r.StatusCode)
	}
	// The same id again, or someone else's: nothing to end.
	mallory := first.newClient()
	mallory.signup("Mallory", "mallory@example.com", "Elsewhere")
	if r := mallory.post("/account/sessions/end", form("session", other)); r.StatusCode != http.StatusNotFound {
		t.Errorf("another account ending it = %d, want 404", r.StatusCode)
	}
}
