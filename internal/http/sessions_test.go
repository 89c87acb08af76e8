package http_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	headway "github.com/headwayhq/headway/internal/http"
)

// Sessions end after the idle timeout without use, and after the lifetime
// however busy. scs and the session table's expiry read the real clock (not
// Config.Now), so this waits for real, on a server with a 1 s idle timeout
// and a 3 s lifetime. The cookie is sent by hand on every request: the
// cookie jar drops an expired cookie by itself, which would hide a server
// that kept the session alive.
func TestSessionTimeouts(t *testing.T) {
	t.Parallel()
	const idle, lifetime = time.Second, 3 * time.Second
	own := newTestServer(t, func(cfg *headway.Config) { cfg.SessionIdleTimeout, cfg.SessionLifetime = idle, lifetime })
	slug := own.signup("Ada", "ada@example.com", "Session Org")
	dashboard := "/o/" + slug + "/"

	// login starts a session; open requests the dashboard with the token
	// and reports whether the session still worked, with the request's start
	// and end (the server read and renewed the session in between).
	login := func(t *testing.T) (token string, start, end time.Time) {
		c := own.newClient().in(t)
		start = time.Now()
		c.mustLogin("ada@example.com")
		return c.session(), start, time.Now()
	}
	open := func(t *testing.T, token string) (ok bool, start, end time.Time) {
		start = time.Now()
		r := own.withSession(token).in(t).get(dashboard)
		end = time.Now()
		switch {
		case r.StatusCode == http.StatusOK:
			return true, start, end
		case r.StatusCode == http.StatusSeeOther && strings.HasPrefix(r.location(), "/login"):
			return false, start, end
		}
		t.Fatalf("dashboard = %d Location %q, want 200 or 303 to /login", r.StatusCode, r.location())
		return false, start, end
	}

	t.Run("idle", func(t *testing.T) {
		t.Parallel()
		token, _, _ := login(t)
		ok, _, used := open(t, token)
		if !ok {
			t.Fatal("the session did not work right after login")
		}
		time.Sleep(time.Until(used.Add(idle + 300*time.Millisecond)))
		if ok, _, _ := open(t, token); ok {
			t.Errorf("the session still worked after %v unused, want it ended", idle+300*time.Millisecond)
		}
	})

	t.Run("lifetime", func(t *testing.T) {
		t.Parallel()
		// The lifetime's deadline is set during login: between loginStart+3s
		// and loginEnd+3s. Each use renews the idle timeout from its start
		// at the earliest.
		token, loginStart, loginEnd := login(t)
		lastStart, uses := loginStart, 0
		for time.Since(loginStart) < lifetime-300*time.Millisecond {
			ok, start, end := open(t, token)
			if !ok {
				if end.Before(loginStart.Add(lifetime)) && end.Before(lastStart.Add(idle)) {
					t.Fatalf("the session ended %v after login while in use", end.Sub(loginStart))
				}
				t.Fatalf("the machine is too slow for this test: a use took until %v after the previous one", end.Sub(lastStart))
			}
			lastStart, uses = start, uses+1
			time.Sleep(100 * time.Millisecond)
		}
		if uses < 10 {
			t.Fatalf("only %d uses within the lifetime: the test proved nothing", uses)
		}
		// Just past the lifetime, though used within the idle timeout.
		time.Sleep(time.Until(loginEnd.Add(lifetime + 50*time.Millisecond)))
		ok, _, end := open(t, token)
		if gap := end.Sub(lastStart); gap >= idle {
			t.Fatalf("the machine is too slow for this test: %v since the last use", gap)
		}
		if ok {
			t.Errorf("the session still worked %v after login, want it ended by the %v lifetime", end.Sub(loginStart).Round(time.Millisecond), lifetime)
		}
	})
}
