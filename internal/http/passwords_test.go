package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/headwayhq/headway/internal/mail/mailtest"
)

// weakPasswords are refused by every door that sets a password, with the
// message beside the field; {email}, {name} and {org} stand for the
// account's own.
var weakPasswords = []struct{ pw, msg string }{
	{"password1234", "too common or too easy to guess"},
	{"aaaaaaaaaaaa", "too common or too easy to guess"},
	{"            ", "too common or too easy to guess"},
	{"qwertyuiop123", "too common or too easy to guess"},
	{"Password123!", "too common or too easy to guess"},
	{"iloveyou2026", "too common or too easy to guess"},
	{strings.Repeat("password", 20), "too common or too easy to guess"}, // long, still weak
	{"{email}", "must not contain your email address, your name or your organization"},
	{"{EMAIL}", "must not contain your email address, your name or your organization"},
	{"{email}-2026!", "must not contain your email address, your name or your organization"},
	{"{name} rocks 99", "must not contain your email address, your name or your organization"},
	{"{org} {org} 2026", "must not contain your email address, your name or your organization"},
}

func fillPassword(pw, email, name, org string) string {
	return strings.NewReplacer("{email}", email, "{EMAIL}", strings.ToUpper(email), "{name}", name, "{org}", org).Replace(pw)
}

// checkRefused asserts a 422 whose password field carries want, and that
// nothing was saved.
func checkRefused(t *testing.T, c *client, door, pw string, r *response, before rowCounts, want string) {
	// A password made of the account's words is on the page as those words.
	personal := strings.Contains(want, "must not contain")
	t.Helper()
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("%s with %q: %d, want 422", door, pw, r.StatusCode)
		return
	}
	if got := text(byID(r.doc(t), "f-password-error")); !strings.Contains(got, want) {
		t.Errorf("%s with %q: message beside the password %q, want %q", door, pw, got, want)
	}
	if strings.TrimSpace(pw) != "" && !personal && strings.Contains(r.body, pw) {
		t.Errorf("%s with %q: the page echoes the password", door, pw)
	}
	if !before.equal(c.rowCounts()) {
		t.Errorf("%s with %q saved something", door, pw)
	}
}

func TestWeakPasswordsRefusedAtSignup(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	const email, name, org = "ada.lovelace@example.com", "Ada Lovelace", "Analytical Engines"
	for _, tc := range weakPasswords {
		pw := fillPassword(tc.pw, email, name, org)
		before := c.rowCounts()
		r := c.newClient().post("/signup", form("name", name, "email", email, "password", pw, "org_name", org))
		checkRefused(t, c, "signup", pw, r, before, tc.msg)
	}
	// A passphrase passes, and the contract holds: logged in, on the dashboard.
	v := c.newClient()
	r := v.post("/signup", form("name", name, "email", email, "password", "correct horse battery staple", "org_name", org))
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/o/") {
		t.Fatalf("signup with a passphrase = %d Location %q, want 303 to the dashboard\n%s", r.StatusCode, r.location(), r.body)
	}
	if d := v.follow(r); d.StatusCode != http.StatusOK || h1(t, d) != org {
		t.Errorf("dashboard after signup = %d %q", d.StatusCode, h1(t, d))
	}
}

func TestWeakPasswordsRefusedAtInvitationSignup(t *testing.T) {
	t.Parallel()
	own, smtpd := newSMTPTestServer(t)
	slug := own.signup("Olivia Owner", "owner@example.com", "Acme Platform")
	own.invite(slug, "nina.newcomer@example.com", "member")
	// The link that arrived by email.
	u, err := url.Parse(mailtest.FindLink(smtpd.WaitFor(t, "nina.newcomer@example.com").Text, "/invitations/"))
	if err != nil {
		t.Fatal(err)
	}
	link := u.RequestURI()
	nina := own.newClient()
	for _, tc := range weakPasswords {
		pw := fillPassword(tc.pw, "nina.newcomer@example.com", "Nina Newcomer", "Acme Platform")
		before := own.rowCounts()
		r := nina.post(link, form("name", "Nina Newcomer", "password", pw))
		checkRefused(t, own, "invitation signup", pw, r, before, tc.msg)
	}
	if r := nina.post(link, form("name", "Nina Newcomer", "password", "correct horse battery staple")); r.StatusCode != http.StatusSeeOther {
		t.Errorf("invitation signup with a passphrase = %d, want 303\n%s", r.StatusCode, r.body)
	}
}

func TestWeakPasswordsRefusedAtReset(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	c.signup("Rita Resetter", "rita.resetter@example.com", "Reset Org")
	link := c.newClient().requestReset("rita.resetter@example.com", 1)
	v := c.newClient()
	for _, tc := range weakPasswords {
		if strings.Contains(tc.pw, "{org}") {
			continue // the reset form knows the account, not its organizations
		}
		pw := fillPassword(tc.pw, "rita.resetter@example.com", "Rita Resetter", "")
		before := c.rowCounts()
		r := v.post(link, form("password", pw))
		checkRefused(t, c, "reset", pw, r, before, tc.msg)
	}
	if r := v.post(link, form("password", "correct horse battery staple")); r.StatusCode != http.StatusSeeOther {
		t.Errorf("reset to a passphrase = %d, want 303\n%s", r.StatusCode, r.body)
	}
}
