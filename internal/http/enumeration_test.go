package http_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	headway "github.com/headwayhq/headway/internal/http"
)

// signupFrom posts a valid signup for email, claiming to come from ip
// (believed only behind a trusted proxy), and returns the status.
func (c *client) signupFrom(ip, email string) *response {
	c.t.Helper()
	req := c.request(http.MethodPost, "/signup", strings.NewReader(
		form("name", "Probe", "email", email, "password", testPassword, "org_name", "Probe Org").Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if ip != "" {
		req.Header.Set("X-Forwarded-For", ip)
	}
	return c.do(req)
}

// probe tallies the statuses of n signups of email, each from ip(i).
func probe(c *client, n int, email string, ip func(i int) string) map[int]int {
	statuses := map[int]int{}
	for i := range n {
		r := c.newClient().signupFrom(ip(i), email)
		statuses[r.StatusCode]++
		if r.StatusCode == http.StatusTooManyRequests && strings.Contains(r.body, "already exists") {
			c.t.Errorf("a throttled probe still says whether the address is taken")
		}
	}
	return statuses
}

// Asking whether an address has an account costs the signup budget: every
// attempt is counted before the "already exists" answer, per client IP and
// per address, and the owner of a probed address hears of it once a day.
func TestSignupEnumerationIsBounded(t *testing.T) {
	t.Parallel()
	def := headway.DefaultConfig()
	t.Run("per client IP", func(t *testing.T) {
		c := newTestServer(t, func(cfg *headway.Config) {
			cfg.SignupLimitPerIP = def.SignupLimitPerIP
			cfg.SignupLimitPerEmail = 1000
		})
		c.signup("Olivia Owner", "owner@example.com", "Acme") // one of the budget's 300
		got := probe(c, 320, "owner@example.com", func(int) string { return "" })
		if want := def.SignupLimitPerIP - 1; got[422] != want || got[429] != 320-want {
			t.Errorf("320 probes from one IP: %v, want %d × 422 then 429s", got, want)
		}
		if r := c.newClient().signupFrom("", "fresh@example.com"); r.StatusCode != http.StatusTooManyRequests {
			t.Errorf("a new address from the same IP after the probes = %d, want 429", r.StatusCode)
		}
		if n := len(c.emailsTo("owner@example.com")); n != 1 {
			t.Errorf("the probed owner got %d emails, want 1", n)
		}
	})
	t.Run("per address", func(t *testing.T) {
		c := newTestServer(t, func(cfg *headway.Config) {
			cfg.TrustedProxies = []string{"127.0.0.1/32", "::1/128"}
			cfg.SignupLimitPerEmail = def.SignupLimitPerEmail
		})
		c.signup("Olivia Owner", "owner@example.com", "Acme") // one of the address's 10
		ip := func(i int) string { return "198.51." + strconv.Itoa(i/250) + "." + strconv.Itoa(i%250+1) }
		got := probe(c, 320, "owner@example.com", ip)
		if want := def.SignupLimitPerEmail - 1; got[422] != want || got[429] != 320-want {
			t.Errorf("320 probes of one address from 320 IPs: %v, want %d × 422 then 429s", got, want)
		}
		if n := len(c.emailsTo("owner@example.com")); n != 1 {
			t.Errorf("the probed owner got %d emails, want 1", n)
		}
		// Other addresses are not affected, and a signup still logs in and
		// lands on the dashboard at once.
		v := c.newClient()
		r := v.signupFrom("203.0.113.9", "fresh@example.com")
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/o/") {
			t.Fatalf("another address = %d Location %q, want 303 to its dashboard", r.StatusCode, r.location())
		}
		if d := v.follow(r); d.StatusCode != http.StatusOK || h1(t, d) != "Probe Org" {
			t.Errorf("dashboard after signup = %d %q", d.StatusCode, h1(t, d))
		}
	})
	t.Run("one notice a day", func(t *testing.T) {
		clk := newTestClock()
		c := newTestServer(t, withClock(clk), func(cfg *headway.Config) { cfg.SignupLimitPerEmail = 1000 })
		c.signup("Olivia Owner", "owner@example.com", "Acme")
		for _, step := range []struct {
			advance time.Duration
			want    int
		}{{0, 1}, {time.Minute, 1}, {23 * time.Hour, 1}, {time.Hour + time.Minute, 2}, {time.Hour, 2}} {
			clk.advance(step.advance)
			if r := c.newClient().signupFrom("", "Owner@Example.com"); r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("probe = %d, want 422", r.StatusCode)
			}
			if n := len(c.emailsTo("owner@example.com")); n != step.want {
				t.Fatalf("after %v more: %d notices, want %d", step.advance, n, step.want)
			}
		}
		msg := c.emailsTo("owner@example.com")[0]
		if !strings.Contains(msg.Subject, "tried to sign up") || !strings.Contains(msg.Text, c.cfg.BaseURL+"/login") ||
			!strings.Contains(msg.Text, c.cfg.BaseURL+"/password/forgot") || !strings.Contains(msg.HTML, "/password/forgot") {
			t.Errorf("notice: subject %q, text %q", msg.Subject, msg.Text)
		}
		// A free address is told nothing, and no one else is emailed.
		c.newClient().signupFrom("", "someone.new@example.com")
		if n := len(c.emailsTo("someone.new@example.com")); n != 0 {
			t.Errorf("a new account got %d notices", n)
		}
	})
}
