package http_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	headway "github.com/headwayhq/headway/internal/http"
)

func TestSignup(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	before := c.rowCounts()
	r := c.post("/signup", form("name", "Ada Lovelace", "email", "Ada@Example.com", "password", testPassword, "org_name", "Acme Corp"))
	if r.StatusCode != http.StatusSeeOther || r.location() != "/o/acme-corp/" {
		t.Fatalf("POST /signup = %d Location %q, want 303 /o/acme-corp/\n%s", r.StatusCode, r.location(), r.body)
	}
	var set *http.Cookie
	for _, ck := range r.Cookies() {
		if ck.Name == sessionCookie {
			set = ck
		}
	}
	if set == nil || set.Value == "" {
		t.Fatalf("signup set no %s cookie; Set-Cookie: %q", sessionCookie, r.Header.Values("Set-Cookie"))
	}
	d := c.follow(r)
	if d.StatusCode != http.StatusOK {
		t.Fatalf("dashboard = %d, want 200", d.StatusCode)
	}
	if got := h1(t, d); got != "Acme Corp" {
		t.Errorf("dashboard h1 = %q, want the org name Acme Corp", got)
	}
	if after := c.rowCounts(); after["users"] != before["users"]+1 || after["organizations"] != before["organizations"]+1 ||
		after["memberships"] != before["memberships"]+1 {
		t.Errorf("rows after signup = %v, before %v: want one more user, organization and membership", after, before)
	}
	// The email is stored normalized, and the user owns the organization.
	if n := c.count(`SELECT count(*) FROM users u JOIN memberships m ON m.user_id = u.id
		JOIN organizations o ON o.id = m.org_id
		WHERE u.email = 'ada@example.com' AND o.slug = 'acme-corp' AND m.role = 'owner'`); n != 1 {
		t.Errorf("owner membership of ada@example.com in acme-corp: %d rows, want 1", n)
	}
}

func TestLoginRedirects(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	solo := c.signup("Solo", "solo@example.com", "Solo Org")
	multi := c.newClient()
	first := multi.signup("Multi", "multi@example.com", "First Org")
	if r := multi.post("/orgs", form("name", "Second Org")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /orgs = %d, want 303", r.StatusCode)
	}

	tests := []struct {
		name  string
		email string
		next  string
		want  string
	}{
		{"next page asked for", "solo@example.com", "/o/" + solo + "/kpis", "/o/" + solo + "/kpis"},
		{"next with query", "solo@example.com", "/o/" + solo + "/stack?tab=debt", "/o/" + solo + "/stack?tab=debt"},
		{"only org dashboard", "solo@example.com", "", "/o/" + solo + "/"},
		{"picker with several orgs", "multi@example.com", "", "/orgs"},
		{"next wins over picker", "multi@example.com", "/o/" + first + "/roadmap", "/o/" + first + "/roadmap"},
		{"email in other case", "SOLO@Example.COM", "", "/o/" + solo + "/"},
		// Open-redirect attempts are ignored.
		{"protocol-relative", "solo@example.com", "//evil.com", "/o/" + solo + "/"},
		{"protocol-relative path", "solo@example.com", "//evil.com/o/" + solo + "/", "/o/" + solo + "/"},
		{"absolute URL", "solo@example.com", "https://evil.com", "/o/" + solo + "/"},
		{"absolute URL http", "solo@example.com", "http://evil.com/", "/o/" + solo + "/"},
		{"backslash", "solo@example.com", `/\evil.com`, "/o/" + solo + "/"},
		{"double backslash", "solo@example.com", `\\evil.com`, "/o/" + solo + "/"},
		{"javascript", "solo@example.com", "javascript:alert(1)", "/o/" + solo + "/"},
		{"tab trick", "solo@example.com", "/\t/evil.com", "/o/" + solo + "/"},
		{"newline header injection", "solo@example.com", "/\r\nLocation: https://evil.com", "/o/" + solo + "/"},
		{"relative", "solo@example.com", "evil.com", "/o/" + solo + "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := c.in(t).newClient()
			r := v.login(tt.email, testPassword, tt.next)
			if r.StatusCode != http.StatusSeeOther || r.location() != tt.want {
				t.Fatalf("login next=%q: %d Location %q, want 303 %q", tt.next, r.StatusCode, r.location(), tt.want)
			}
			// Logged in now, /login?next= redirects the same way.
			g := v.get("/login?next=" + url.QueryEscape(tt.next))
			if g.StatusCode != http.StatusSeeOther || g.location() != tt.want {
				t.Errorf("GET /login?next=%q when logged in: %d Location %q, want 303 %q", tt.next, g.StatusCode, g.location(), tt.want)
			}
		})
	}

	// The login page never carries a rejected next into its form.
	page := c.newClient().get("/login?next=" + url.QueryEscape("//evil.com"))
	if page.StatusCode != http.StatusOK || strings.Contains(page.body, "evil.com") {
		t.Errorf("GET /login?next=//evil.com = %d, page mentions evil.com: %v", page.StatusCode, strings.Contains(page.body, "evil.com"))
	}
}

func TestLogout(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Ada", "ada@example.com", "Acme")
	loggedIn := c.session()

	r := c.post("/logout", nil)
	if r.StatusCode != http.StatusSeeOther || r.location() != "/login" {
		t.Fatalf("POST /logout = %d Location %q, want 303 /login", r.StatusCode, r.location())
	}
	if after := c.session(); after == loggedIn {
		t.Errorf("session token not renewed on logout: still %q", after)
	}
	if l := c.follow(r); !strings.Contains(l.body, "You have been logged out.") {
		t.Errorf("login page after logout lacks the flash message")
	}
	d := c.get("/o/" + slug + "/")
	if d.StatusCode != http.StatusSeeOther || !strings.HasPrefix(d.location(), "/login") {
		t.Errorf("dashboard after logout = %d Location %q, want 303 /login…", d.StatusCode, d.location())
	}
	// The old token is dead on the server, not only forgotten by this jar.
	replay := c.withSession(loggedIn).get("/o/" + slug + "/")
	if replay.StatusCode != http.StatusSeeOther || !strings.HasPrefix(replay.location(), "/login") {
		t.Errorf("replayed pre-logout token: dashboard = %d Location %q, want 303 /login…", replay.StatusCode, replay.location())
	}
}

// The session token changes on login (no session fixation): a token the
// visitor held before, even one planted by an attacker, never becomes an
// authenticated session.
func TestSessionRenewedOnLogin(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Ada", "ada@example.com", "Acme")
	c.post("/logout", nil) // leaves an anonymous session holding the flash
	anon := c.session()
	if anon == "" {
		t.Fatal("no anonymous session cookie after logout; cannot compare")
	}
	c.mustLogin("ada@example.com")
	if got := c.session(); got == "" || got == anon {
		t.Fatalf("session token after login = %q, before %q: want a new one", got, anon)
	}
	if r := c.withSession(anon).get("/o/" + slug + "/"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("pre-login token opens the dashboard: %d, want 303 to /login", r.StatusCode)
	}

	// A planted token.
	v := c.withSession("planted-by-attacker-0123456789abcdef0123")
	v.mustLogin("ada@example.com")
	if got := v.session(); got == "planted-by-attacker-0123456789abcdef0123" {
		t.Fatal("login kept the planted session token")
	}
	if r := c.withSession("planted-by-attacker-0123456789abcdef0123").get("/o/" + slug + "/"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("planted token opens the dashboard after the victim logged in: %d", r.StatusCode)
	}
}

func TestSignupValidation(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	c.newClient().signup("Taken", "taken@example.com", "Taken Org")

	const (
		msgNameReq  = "Name is required."
		msgEmailReq = "Email is required."
		msgEmailBad = "Enter a valid email address, like name@example.com."
		msgPwReq    = "Password is required."
		msgPwShort  = "Password must be at least 12 characters."
		msgOrgReq   = "Organization name is required."
		msgTaken    = "An account with this email already exists. Log in instead."
	)
	valid := map[string]string{"name": "Ann Example", "email": "ann@example.com", "password": "a long password", "org_name": "Ann Org"}
	tests := []struct {
		name  string
		set   map[string]string // fields that differ from valid
		field string
		msg   string
	}{
		{"empty name", map[string]string{"name": ""}, "name", msgNameReq},
		{"blank name", map[string]string{"name": "   "}, "name", msgNameReq},
		{"long name", map[string]string{"name": strings.Repeat("n", 201)}, "name", "Name must be at most 200 characters."},
		{"empty email", map[string]string{"email": ""}, "email", msgEmailReq},
		{"email without at", map[string]string{"email": "ann.example.com"}, "email", msgEmailBad},
		{"email without domain dot", map[string]string{"email": "ann@example"}, "email", msgEmailBad},
		{"email without local part", map[string]string{"email": "@example.com"}, "email", msgEmailBad},
		{"email without domain", map[string]string{"email": "ann@"}, "email", msgEmailBad},
		{"email with space", map[string]string{"email": "ann example@example.com"}, "email", msgEmailBad},
		{"email with display name", map[string]string{"email": "Ann <ann@example.com>"}, "email", msgEmailBad},
		{"two emails", map[string]string{"email": "ann@example.com, bob@example.com"}, "email", msgEmailBad},
		{"empty password", map[string]string{"password": ""}, "password", msgPwReq},
		{"password of 11 chars", map[string]string{"password": "elevenchars"}, "password", msgPwShort},
		{"password of 11 runes, 22 bytes", map[string]string{"password": "ééééééééééé"}, "password", msgPwShort},
		{"empty org name", map[string]string{"org_name": ""}, "org_name", msgOrgReq},
		{"email taken", map[string]string{"email": "taken@example.com"}, "email", msgTaken},
		{"email taken other case", map[string]string{"email": "Taken@EXAMPLE.com"}, "email", msgTaken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := c.in(t)
			submitted := url.Values{}
			for k, v := range valid {
				submitted.Set(k, v)
			}
			for k, v := range tt.set {
				submitted.Set(k, v)
			}
			before := c.rowCounts()
			r := c.newClient().post("/signup", submitted)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422\n%s", r.StatusCode, r.body)
			}
			doc := r.doc(t)
			// The message sits beside its field and the input points at it.
			errEl := byID(doc, "f-"+tt.field+"-error")
			if got := text(errEl); got != tt.msg {
				t.Errorf("message beside %s = %q, want %q", tt.field, got, tt.msg)
			}
			input := byID(doc, "f-"+tt.field)
			if input == nil || attr(input, "aria-invalid") != "true" || !strings.Contains(attr(input, "aria-describedby"), "f-"+tt.field+"-error") {
				t.Errorf("input f-%s not marked invalid and described by its message: %v", tt.field, input)
			}
			for _, other := range []string{"name", "email", "password", "org_name"} {
				if other != tt.field && byID(doc, "f-"+other+"-error") != nil {
					t.Errorf("unexpected message beside %s: %q", other, text(byID(doc, "f-"+other+"-error")))
				}
			}
			// Submitted values are kept (trimmed, email lower-cased)…
			for _, f := range []string{"name", "email", "org_name"} {
				want := strings.TrimSpace(submitted.Get(f))
				if f == "email" {
					want = strings.ToLower(want)
				}
				if el := byID(doc, "f-"+f); el == nil || attr(el, "value") != want {
					t.Errorf("input %s value = %q, want %q", f, attr(el, "value"), want)
				}
			}
			// …but never the password.
			if pw := byID(doc, "f-password"); pw == nil || hasAttr(pw, "value") {
				t.Errorf("password input carries a value attribute: %v", pw)
			}
			if pw := submitted.Get("password"); pw != "" && strings.Contains(r.body, pw) {
				t.Errorf("page echoes the password %q", pw)
			}
			if after := c.rowCounts(); !after.equal(before) {
				t.Errorf("rows changed by a rejected signup: %v → %v", before, after)
			}
		})
	}

	// Nothing was saved, so the same email signs up properly now.
	ok := c.newClient().post("/signup", form("name", "Ann", "email", "ann@example.com", "password", testPassword, "org_name", "Ann Org"))
	if ok.StatusCode != http.StatusSeeOther {
		t.Fatalf("signup after rejected attempts = %d, want 303\n%s", ok.StatusCode, ok.body)
	}
}

func TestLoginFailures(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	c.signup("Ada", "ada@example.com", "Acme")

	uc, wc := c.newClient(), c.newClient()
	unknown := uc.login("nobody@example.com", testPassword, "")
	wrong := wc.login("ada@example.com", "wrong password!", "")
	if unknown.StatusCode != http.StatusUnprocessableEntity || wrong.StatusCode != unknown.StatusCode {
		t.Fatalf("statuses: unknown email %d, wrong password %d; want both 422", unknown.StatusCode, wrong.StatusCode)
	}
	notice := func(r *response) string {
		for _, e := range findAll(r.doc(t), func(e *html.Node) bool { return attr(e, "role") == "alert" }) {
			return text(e)
		}
		return ""
	}
	if u, w := notice(unknown), notice(wrong); u != "Email or password is incorrect." || u != w {
		t.Errorf("messages: unknown email %q, wrong password %q; want both the generic one", u, w)
	}
	for name, v := range map[string]*client{"unknown": uc, "wrong": wc} {
		if r := v.get("/orgs"); r.StatusCode != http.StatusSeeOther {
			t.Errorf("%s: after a failed login /orgs = %d, want 303 to /login", name, r.StatusCode)
		}
	}
	if strings.Contains(wrong.body, "wrong password!") {
		t.Errorf("failed login page echoes the password")
	}
	// A failed login keeps the email in the form.
	if el := byID(wrong.doc(t), "f-email"); attr(el, "value") != "ada@example.com" {
		t.Errorf("email not kept after failed login: %q", attr(el, "value"))
	}

	// Empty fields are a 422 with messages, not a 500.
	empty := c.newClient().post("/login", form())
	if empty.StatusCode != http.StatusUnprocessableEntity || text(byID(empty.doc(t), "f-password-error")) != "Password is required." {
		t.Errorf("empty login = %d, password message %q", empty.StatusCode, text(byID(empty.doc(t), "f-password-error")))
	}
}

func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	t.Run("per account and IP", func(t *testing.T) {
		c := newTestServer(t, func(cfg *headway.Config) { cfg.LoginLimitPerPair = 3 })
		c.signup("Ada", "ada@example.com", "Acme")
		c.newClient().signup("Bob", "bob@example.com", "Bobco")
		for i := 1; i <= 3; i++ {
			if r := c.newClient().login("ada@example.com", "wrong password!", ""); r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("failed attempt %d = %d, want 422", i, r.StatusCode)
			}
		}
		// The 4th attempt is refused even with the right password, and in
		// another letter case.
		for _, email := range []string{"ada@example.com", "ADA@example.com"} {
			r := c.newClient().login(email, testPassword, "")
			if r.StatusCode != http.StatusTooManyRequests {
				t.Fatalf("login %s after 3 failures = %d, want 429", email, r.StatusCode)
			}
			if !strings.Contains(r.body, "Too many failed attempts") || r.Header.Get("Retry-After") == "" {
				t.Errorf("429 lacks its message or Retry-After")
			}
		}
		// Other accounts are not affected.
		if r := c.newClient().login("bob@example.com", testPassword, ""); r.StatusCode != http.StatusSeeOther {
			t.Errorf("another account = %d, want 303", r.StatusCode)
		}
	})
	t.Run("per IP", func(t *testing.T) {
		c := newTestServer(t, func(cfg *headway.Config) { cfg.LoginLimitPerIP = 3 })
		c.signup("Ada", "ada@example.com", "Acme")
		for i, email := range []string{"x1@example.com", "x2@example.com", "x3@example.com"} {
			if r := c.newClient().login(email, "wrong password!", ""); r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("failed attempt %d = %d, want 422", i+1, r.StatusCode)
			}
		}
		if r := c.newClient().login("ada@example.com", testPassword, ""); r.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("login from the same IP after 3 failures = %d, want 429", r.StatusCode)
		}
	})
	t.Run("successes are not counted", func(t *testing.T) {
		c := newTestServer(t, func(cfg *headway.Config) { cfg.LoginLimitPerPair = 3; cfg.LoginLimitPerIP = 3 })
		c.signup("Ada", "ada@example.com", "Acme")
		for range 2 {
			c.newClient().login("ada@example.com", "wrong password!", "")
		}
		for i := 1; i <= 5; i++ {
			if r := c.newClient().login("ada@example.com", testPassword, ""); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("successful login %d after 2 failures = %d, want 303", i, r.StatusCode)
			}
		}
	})
	t.Run("signups per IP", func(t *testing.T) {
		c := newTestServer(t, func(cfg *headway.Config) { cfg.SignupLimitPerIP = 2 })
		c.newClient().signup("A", "a@example.com", "A")
		c.newClient().signup("B", "b@example.com", "B")
		before := c.rowCounts()
		r := c.newClient().post("/signup", form("name", "C", "email", "c@example.com", "password", testPassword, "org_name", "C"))
		if r.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("3rd signup from one IP = %d, want 429", r.StatusCode)
		}
		if after := c.rowCounts(); !after.equal(before) {
			t.Errorf("throttled signup saved rows: %v → %v", before, after)
		}
	})
}

// A burst of parallel guesses gets no more tries than the budget: every
// attempt is counted before its password is checked.
func TestLoginThrottleBurst(t *testing.T) {
	t.Parallel()
	const limit = 4
	c := newTestServer(t, func(cfg *headway.Config) { cfg.LoginLimitPerPair = limit })
	c.signup("Victim", "victim@example.com", "Victim Org")
	// Not the client helpers: they call t.Fatal, which only the test's own
	// goroutine may; errors come back over the channel instead.
	type result struct {
		status int
		err    error
	}
	var wg sync.WaitGroup
	results := make(chan result, 40)
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := hc.PostForm(c.ts.URL+"/login", form("email", "victim@example.com", "password", "wrong password guess"))
			if err != nil {
				results <- result{err: err}
				return
			}
			resp.Body.Close()
			results <- result{status: resp.StatusCode}
		}()
	}
	wg.Wait()
	close(results)
	tried := 0
	for res := range results {
		if res.err != nil {
			t.Errorf("guess: %v", res.err)
			continue
		}
		switch st := res.status; st {
		case http.StatusUnprocessableEntity:
			tried++
		case http.StatusTooManyRequests:
		default:
			t.Errorf("unexpected status %d", st)
		}
	}
	// Every guess is counted and none succeeds, so exactly the budget is
	// checked: fewer means the burst never reached the server's check.
	if tried != limit {
		t.Errorf("%d guesses were checked in a burst, want exactly the budget of %d", tried, limit)
	}
	if r := c.newClient().post("/login", form("email", "victim@example.com", "password", testPassword)); r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("the right password after the burst: %d, want 429", r.StatusCode)
	}
}

// The per-IP login budget keys on the client address: X-Forwarded-For is
// believed only from a trusted proxy, so a direct client cannot spoof it.
func TestLoginThrottleClientIP(t *testing.T) {
	t.Parallel()
	guess := func(c *client, xff string) int {
		req := c.request(http.MethodPost, "/login", strings.NewReader(form("email", "nobody@example.com", "password", "wrong password guess").Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", xff)
		return c.do(req).StatusCode
	}
	limits := func(cfg *headway.Config) { cfg.LoginLimitPerIP = 2; cfg.LoginLimitPerAccount = 1000 }

	direct := newTestServer(t, limits)
	for i, xff := range []string{"203.0.113.1", "203.0.113.2", "203.0.113.3"} {
		if got, want := guess(direct, xff), map[bool]int{true: 422, false: 429}[i < 2]; got != want {
			t.Errorf("direct client, guess %d claiming %s: %d, want %d", i+1, xff, got, want)
		}
	}

	proxied := newTestServer(t, limits, func(cfg *headway.Config) { cfg.TrustedProxies = []string{"127.0.0.1/32", "::1/128"} })
	for i, xff := range []string{"203.0.113.1", "203.0.113.1", "203.0.113.2"} {
		want := http.StatusUnprocessableEntity
		if got := guess(proxied, xff); got != want {
			t.Errorf("behind a trusted proxy, guess %d from %s: %d, want %d", i+1, xff, got, want)
		}
	}
	if got := guess(proxied, "203.0.113.1"); got != http.StatusTooManyRequests {
		t.Errorf("third guess from 203.0.113.1 behind the proxy: %d, want 429", got)
	}
}

// Stored password hashes are argon2id with OWASP's parameters (m=19 MiB,
// t=2, p=1), a 16-byte salt of their own and a 32-byte key. The encoding is
// parsed here rather than by the argon2id package the server uses.
func TestPasswordHashParameters(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	c.newClient().signup("Ada", "ada@example.com", "Acme")
	c.newClient().signup("Bob", "bob@example.com", "Bobco")
	salts := map[string]bool{}
	for _, email := range []string{"ada@example.com", "bob@example.com"} {
		var encoded string
		if err := c.su.QueryRow(context.Background(), `SELECT password_hash FROM users WHERE email = $1`, email).Scan(&encoded); err != nil {
			t.Fatal(err)
		}
		// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>, unpadded base64.
		parts := strings.Split(encoded, "$")
		if len(parts) != 6 || parts[0] != "" {
			t.Fatalf("hash of %s %q is not in the PHC format", email, encoded)
		}
		if parts[1] != "argon2id" || parts[2] != "v=19" || parts[3] != "m=19456,t=2,p=1" {
			t.Errorf("hash of %s: algorithm %q, version %q, parameters %q; want argon2id, v=19, m=19456,t=2,p=1", email, parts[1], parts[2], parts[3])
		}
		salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
		key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
		if err1 != nil || err2 != nil || len(salt) != 16 || len(key) != 32 {
			t.Errorf("hash of %s: salt %d bytes, key %d bytes (%v, %v); want 16 and 32", email, len(salt), len(key), err1, err2)
		}
		salts[parts[4]] = true
	}
	if len(salts) != 2 {
		t.Error("two accounts share a salt")
	}
}
