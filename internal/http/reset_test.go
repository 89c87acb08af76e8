package http_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	headway "github.com/headwayhq/headway/internal/http"
	"github.com/headwayhq/headway/internal/mail/mailtest"
)

// resetRE is the path of a password-reset link: 256 bits, URL-safe base64.
var resetRE = regexp.MustCompile(`^/password/reset/[A-Za-z0-9_-]{43}$`)

// requestReset posts the forgot form for email and returns the path of the
// link emailed to it (the newest), failing unless exactly want emails arrived
// in all.
func (c *client) requestReset(email string, want int) string {
	c.t.Helper()
	r := c.post("/password/forgot", form("email", email))
	if r.StatusCode != http.StatusOK {
		c.t.Fatalf("forgot %s = %d, want 200", email, r.StatusCode)
	}
	msgs := c.emailsTo(email)
	if len(msgs) != want {
		c.t.Fatalf("%d reset emails to %s, want %d", len(msgs), email, want)
	}
	link := mailtest.FindLink(msgs[len(msgs)-1].Text, "/password/reset/")
	u, err := url.Parse(link)
	if err != nil || !resetRE.MatchString(u.Path) {
		c.t.Fatalf("reset link %q: want /password/reset/<43 URL-safe characters>", link)
	}
	return u.Path
}

// Asking for a reset link tells nothing about whether the account exists:
// the same status and the same page, only the echoed email differs.
func TestForgotDoesNotRevealAccounts(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	c.newClient().signup("Kate Known", "known@example.com", "Known Org")

	known := c.newClient().post("/password/forgot", form("email", "Known@Example.com"))
	unknown := c.newClient().post("/password/forgot", form("email", "nobody@example.com"))
	if known.StatusCode != http.StatusOK || unknown.StatusCode != known.StatusCode {
		t.Fatalf("statuses: known %d, unknown %d; want 200 for both", known.StatusCode, unknown.StatusCode)
	}
	const msg = "If an account exists for %s, we have sent a link to reset its password. The link works for one hour."
	for email, r := range map[string]*response{"known@example.com": known, "nobody@example.com": unknown} {
		if got := flashText(t, r); got != strings.ReplaceAll(msg, "%s", email) {
			t.Errorf("message for %s = %q", email, got)
		}
	}
	kt := strings.ReplaceAll(mainText(t, known), "known@example.com", "EMAIL")
	ut := strings.ReplaceAll(mainText(t, unknown), "nobody@example.com", "EMAIL")
	if kt != ut {
		t.Errorf("visible pages differ:\nknown:   %s\nunknown: %s", kt, ut)
	}
	kb := strings.ReplaceAll(known.body, "known@example.com", "EMAIL")
	ub := strings.ReplaceAll(unknown.body, "nobody@example.com", "EMAIL")
	if kb != ub {
		t.Error("the HTML of the two answers differs beyond the echoed email")
	}
	if n := len(c.emailsTo("known@example.com")); n != 1 {
		t.Errorf("%d emails to the known address, want 1", n)
	}
	if n := len(c.emailsTo("nobody@example.com")); n != 0 {
		t.Errorf("%d emails to the unknown address, want 0", n)
	}
	if n := c.count(`SELECT count(*) FROM password_resets`); n != 1 {
		t.Errorf("%d reset tokens stored, want 1", n)
	}
}

func TestForgotValidation(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	for _, tt := range []struct{ email, msg string }{
		{"not-an-email", "Enter a valid email address, like name@example.com."},
		{"ann@example", "Enter a valid email address, like name@example.com."},
		{"", "Email is required."},
	} {
		r := c.post("/password/forgot", form("email", tt.email))
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("forgot %q = %d, want 422", tt.email, r.StatusCode)
			continue
		}
		if got := text(byID(r.doc(t), "f-email-error")); got != tt.msg {
			t.Errorf("forgot %q: message beside email = %q, want %q", tt.email, got, tt.msg)
		}
		if tt.email != "" && attr(byID(r.doc(t), "f-email"), "value") != tt.email {
			t.Errorf("forgot %q: the value was not kept", tt.email)
		}
	}
	if n := c.count(`SELECT count(*) FROM password_resets`); n != 0 {
		t.Errorf("%d reset tokens stored for invalid requests", n)
	}
}

// The reset journey: the link sets a new password once, logs this browser
// in and every other session of the user out.
func TestPasswordReset(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Rita Reset", "rita@example.com", "Reset Org")
	other := c.newClient()
	other.mustLogin("rita@example.com")
	if r := other.get("/o/" + slug + "/"); r.StatusCode != http.StatusOK {
		t.Fatalf("second session's dashboard = %d", r.StatusCode)
	}

	v := c.newClient() // the person who forgot, in a fresh browser
	link := v.requestReset("rita@example.com", 1)
	if r := v.get(link); r.StatusCode != http.StatusOK || h1(t, r) != "Choose a new password" {
		t.Fatalf("reset page = %d %q", r.StatusCode, h1(t, r))
	}

	// A short password is refused and uses nothing up.
	r := v.post(link, form("password", "elevenchars"))
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("short password = %d, want 422", r.StatusCode)
	}
	if got := text(byID(r.doc(t), "f-password-error")); got != "Password must be at least 12 characters." {
		t.Errorf("message = %q", got)
	}
	if r := v.get("/o/" + slug + "/"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("after a refused reset the dashboard = %d, want 303 to log in", r.StatusCode)
	}

	const newPassword = "a fresh new passphrase"
	r = v.post(link, form("password", newPassword))
	if r.StatusCode != http.StatusSeeOther || r.location() != "/o/"+slug+"/" {
		t.Fatalf("reset = %d Location %q, want 303 /o/%s/\n%s", r.StatusCode, r.location(), slug, r.body)
	}
	d := v.follow(r)
	if d.StatusCode != http.StatusOK || h1(t, d) != "Reset Org" {
		t.Errorf("after reset the dashboard = %d %q, want 200 (logged in)", d.StatusCode, h1(t, d))
	}
	if got := flashText(t, d); got != "Your password was changed and your other sessions were logged out." {
		t.Errorf("flash = %q", got)
	}

	// Every other session ended: the second browser and the signup one.
	for name, s := range map[string]*client{"second session": other, "signup session": c} {
		r := s.get("/o/" + slug + "/")
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/login") {
			t.Errorf("%s after reset = %d Location %q, want 303 /login…", name, r.StatusCode, r.location())
		}
	}

	// The old password is gone, the new one works.
	if r := c.newClient().login("rita@example.com", testPassword, ""); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("login with the old password = %d, want 422", r.StatusCode)
	}
	if r := c.newClient().login("rita@example.com", newPassword, ""); r.StatusCode != http.StatusSeeOther {
		t.Errorf("login with the new password = %d, want 303", r.StatusCode)
	}

	// The link works once.
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		r := c.newClient().send(method, link, form("password", "yet another passphrase"))
		if r.StatusCode != http.StatusGone || h1(t, r) != "This reset link cannot be used" {
			t.Errorf("%s used link = %d %q, want 410", method, r.StatusCode, h1(t, r))
		}
	}
	if r := c.newClient().login("rita@example.com", "yet another passphrase", ""); r.StatusCode == http.StatusSeeOther {
		t.Error("the used link changed the password again")
	}
}

// An expired link is refused, and an older link dies with a reset.
func TestResetLinkExpires(t *testing.T) {
	t.Parallel()
	clk := newTestClock()
	c := newTestServer(t, withClock(clk))
	c.signup("Rita Reset", "rita@example.com", "Expiry Org")
	v := c.newClient()

	stale := v.requestReset("rita@example.com", 1)
	clk.advance(headway.DefaultConfig().ResetTTL + time.Minute)
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		r := v.send(method, stale, form("password", "a fresh new passphrase"))
		if r.StatusCode != http.StatusGone {
			t.Errorf("%s expired link = %d, want 410", method, r.StatusCode)
		}
	}
	if r := c.newClient().login("rita@example.com", testPassword, ""); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the expired link changed the password: old login = %d", r.StatusCode)
	}

	// Two fresh links: using one kills the other.
	first := v.requestReset("rita@example.com", 2)
	second := v.requestReset("rita@example.com", 3)
	if first == second {
		t.Fatal("two requests gave the same link")
	}
	if r := v.post(second, form("password", "a fresh new passphrase")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset = %d", r.StatusCode)
	}
	if r := c.newClient().get(first); r.StatusCode != http.StatusGone {
		t.Errorf("the other link after a reset = %d, want 410", r.StatusCode)
	}
	for _, p := range []string{"/password/reset/" + strings.Repeat("Q", 43), "/password/reset/x"} {
		if r := c.newClient().get(p); r.StatusCode != http.StatusGone {
			t.Errorf("unknown token %s = %d, want 410", p, r.StatusCode)
		}
	}
}
