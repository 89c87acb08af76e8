package http_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	headway "github.com/headwayhq/headway/internal/http"
)

// loginFrom posts the login form claiming to come from ip (believed behind
// the trusted proxy these tests configure) and returns the response.
func (c *client) loginFrom(ip, email, password string) *response {
	c.t.Helper()
	req := c.request(http.MethodPost, "/login", strings.NewReader(form("email", email, "password", password).Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", ip)
	return c.do(req)
}

// behindProxy restores the login limits the tests' defaults raise and
// trusts the loopback proxy, so each request can name its client IP.
func behindProxy(cfg *headway.Config) {
	def := headway.DefaultConfig()
	cfg.LoginLimitPerIP, cfg.LoginLimitPerPair, cfg.LoginLimitPerAccount = def.LoginLimitPerIP, def.LoginLimitPerPair, def.LoginLimitPerAccount
	cfg.TrustedProxies = []string{"127.0.0.1/32", "::1/128"}
}

// Wrong passwords from one place throttle that place, not the account: the
// owner, from another IP, still logs in at once.
func TestLoginThrottleDoesNotLockOutTheOwner(t *testing.T) {
	t.Parallel()
	c := newTestServer(t, behindProxy)
	c.signup("Olivia Owner", "owner@example.com", "Acme")
	const attacker, owner = "203.0.113.66", "198.51.100.7"
	pair := headway.DefaultConfig().LoginLimitPerPair
	// How long a login takes here before any failure (the yardstick).
	start := time.Now()
	if r := c.newClient().loginFrom("192.0.2.1", "owner@example.com", testPassword); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("a login before the attack = %d", r.StatusCode)
	}
	plain := time.Since(start)
	for i := 1; i <= pair; i++ {
		if r := c.newClient().loginFrom(attacker, "owner@example.com", "wrong password guess "+strconv.Itoa(i)); r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("guess %d = %d, want 422", i, r.StatusCode)
		}
	}
	// The attacker's IP is refused for this account, even with the right
	// password and in another letter case…
	for _, email := range []string{"owner@example.com", "OWNER@example.com"} {
		if r := c.newClient().loginFrom(attacker, email, testPassword); r.StatusCode != http.StatusTooManyRequests {
			t.Errorf("attacker IP, %s, after %d failures = %d, want 429", email, pair, r.StatusCode)
		}
	}
	// …while the owner, elsewhere, logs in without waiting: no longer than
	// a login the throttle has never seen (plus slack for a loaded machine,
	// where argon2 under -race alone takes a second or more).
	start = time.Now()
	r := c.newClient().loginFrom(owner, "owner@example.com", testPassword)
	if r.StatusCode != http.StatusSeeOther || r.location() != "/o/acme/" {
		t.Fatalf("the owner from another IP = %d Location %q, want 303 /o/acme/", r.StatusCode, r.location())
	}
	if d := time.Since(start); d > 2*plain+headway.DefaultConfig().LoginMaxDelay/2 {
		t.Errorf("the owner's login took %v (a plain login %v): it waited", d, plain)
	}
	// The attacker's IP may still try other accounts (up to the per-IP budget).
	if r := c.newClient().loginFrom(attacker, "someone@example.com", "wrong password guess"); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("attacker IP on another account = %d, want 422", r.StatusCode)
	}
}

// Guesses on one account from many IPs, each under its own budgets, are
// slowed down once the account's loose budget is spent, by a delay that
// grows up to a cap, and never refused: the owner still gets in.
func TestLoginThrottleDelaysADistributedAttack(t *testing.T) {
	t.Parallel()
	const step, maxDelay = 200 * time.Millisecond, 600 * time.Millisecond
	c := newTestServer(t, behindProxy, func(cfg *headway.Config) {
		cfg.LoginLimitPerAccount = 3
		cfg.LoginDelayStep, cfg.LoginMaxDelay = step, maxDelay
	})
	c.signup("Olivia Owner", "owner@example.com", "Acme")
	var took []time.Duration
	for i := 1; i <= 7; i++ {
		start := time.Now()
		r := c.newClient().loginFrom("203.0.113."+strconv.Itoa(i), "owner@example.com", "wrong password guess")
		took = append(took, time.Since(start))
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("guess %d from its own IP = %d, want 422 (slowed, never refused)", i, r.StatusCode)
		}
	}
	// Guesses 1-3 are within the budget; 4, 5, 6 wait 200, 400, 600 ms; 7
	// waits the cap.
	// The upper bounds allow for the request's own time as guesses 1-3 took
	// it, plus slack: under -race on a loaded CI machine a login's argon2
	// check alone can take seconds.
	base := max(took[0], took[1], took[2])
	// The lower bounds are the waits alone (a request's own time varies
	// too much under load to compare one guess with another).
	if took[3] < step || took[4] < 2*step || took[5] < maxDelay || took[6] < maxDelay || took[6] > base+maxDelay+5*time.Second {
		t.Errorf("guesses took %v: want no wait for 1-3, then a growing one up to %v", took, maxDelay)
	}
	start := time.Now()
	r := c.newClient().loginFrom("198.51.100.7", "owner@example.com", testPassword)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the owner during the attack = %d, want 303 (slowed, not locked out)", r.StatusCode)
	}
	if d := time.Since(start); d < maxDelay || d > base+maxDelay+5*time.Second {
		t.Errorf("the owner's login took %v, want about the cap %v", d, maxDelay)
	}
}
