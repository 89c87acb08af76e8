package http_test

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	headway "github.com/headwayhq/headway/internal/http"
)

// Cross-origin state changes are refused before they reach a handler, and
// same-origin requests (and clients that send neither header) pass.
func TestCrossOriginPosts(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Ada", "ada@example.com", "Acme")
	own := c.ts.URL // the server's origin, scheme://host:port
	tables := c.appTables()

	headers := []struct {
		name    string
		header  []string
		blocked bool
	}{
		{"Sec-Fetch-Site cross-site", []string{"Sec-Fetch-Site", "cross-site"}, true},
		{"Sec-Fetch-Site same-site", []string{"Sec-Fetch-Site", "same-site"}, true},
		{"foreign Origin", []string{"Origin", "https://evil.example"}, true},
		{"foreign Origin on our host name", []string{"Origin", strings.Replace(own, "127.0.0.1", "localhost", 1)}, true},
		{"null Origin", []string{"Origin", "null"}, true},
		{"Sec-Fetch-Site same-origin", []string{"Sec-Fetch-Site", "same-origin"}, false},
		{"own Origin", []string{"Origin", own}, false},
		{"no browser headers", nil, false},
	}
	n := 0
	endpoints := []struct {
		name string
		// try sends the request and reports whether it changed anything.
		try func(c *client, header []string) (*response, bool)
	}{
		{"signup", func(c *client, header []string) (*response, bool) {
			n++
			before := c.dump(tables...)
			r := c.newClient().post("/signup", form("name", "X", "email", fmt.Sprintf("x%d@example.com", n),
				"password", testPassword, "org_name", "X"), header...)
			return r, c.dump(tables...) != before
		}},
		{"login", func(c *client, header []string) (*response, bool) {
			v := c.newClient()
			r := v.post("/login", form("email", "ada@example.com", "password", testPassword), header...)
			return r, v.get("/orgs").StatusCode == http.StatusOK
		}},
		{"logout", func(c *client, header []string) (*response, bool) {
			v := c.newClient()
			v.mustLogin("ada@example.com")
			r := v.post("/logout", nil, header...)
			return r, v.get("/o/"+slug+"/").StatusCode != http.StatusOK
		}},
		{"create org", func(c *client, header []string) (*response, bool) {
			before := c.dump(tables...)
			r := c.post("/orgs", form("name", "Another"), header...)
			return r, c.dump(tables...) != before
		}},
	}
	for _, ep := range endpoints {
		for _, h := range headers {
			t.Run(ep.name+" "+h.name, func(t *testing.T) {
				r, changed := ep.try(c.in(t), h.header)
				if h.blocked {
					if r.StatusCode != http.StatusForbidden || changed {
						t.Errorf("status %d, changed %v; want 403 and nothing changed", r.StatusCode, changed)
					}
					if got := h1(t, r); got != "Request blocked" {
						t.Errorf("heading %q, want Request blocked", got)
					}
					return
				}
				if r.StatusCode != http.StatusSeeOther || !changed {
					t.Errorf("status %d, changed %v; want 303 and the change made\n%s", r.StatusCode, changed, r.body)
				}
			})
		}
	}
	t.Run("every state-changing route", crossOriginWalk)
}

// crossOriginWalk: every browser state-changing route refuses a cross-site
// request. Each is
// sent as the request the authorization matrix shows succeeding (its valid
// form, a fresh target, the most privileged actor it allows: the owner but
// where an owner is refused), so that only the cross-origin guard can be
// what refuses it.
func crossOriginWalk(t *testing.T) {
	w := newWorld(t)
	rows := map[string]authzRow{}
	for _, row := range authzMatrix {
		rows[row.method+" "+row.pattern] = row
	}
	walked := 0
	for _, rt := range walkRoutes(t, w.seeder) {
		// The JSON API has no cookies to ride on; /static/* is a file server
		// outside the browser group that answers 405 to every method but
		// GET and HEAD (the matrix holds it to that).
		if !stateChanging(rt.method) || rt.method == http.MethodConnect || strings.HasPrefix(rt.pattern, "/api/") || rt.pattern == "/static/*" {
			continue
		}
		row, ok := rows[rt.method+" "+rt.pattern]
		if !ok {
			t.Errorf("%s %s has no row in authzMatrix, so no valid request to forge", rt.method, rt.pattern)
			continue
		}
		a := owner
		for a > anonymous && !row.allowed(a) {
			a--
		}
		walked++
		t.Run(rt.method+" "+rt.pattern+" as "+actorNames[a], func(t *testing.T) {
			w.restore(t)
			s := w.as(t, a)
			slug, params := w.resolve(t, row.target, true)
			path := pathFor(rt.pattern, slug, params)
			session := s.session()
			before := w.dumpAll(t)
			r := w.send(s, rt.method, path, w.expand(row.form), "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
			if r.StatusCode != http.StatusForbidden || h1(t, r) != "Request blocked" {
				t.Errorf("%s %s cross-site = %d %q, want 403 Request blocked (Location %q)", rt.method, path, r.StatusCode, h1(t, r), r.location())
			}
			if after := w.dumpAll(t); after != before {
				t.Errorf("a cross-site request changed the database:\n%s", dumpDiff(before, after))
			}
			if s.session() != session {
				t.Errorf("a cross-site request replaced the session token")
			}
		})
	}
	if walked < 15 {
		t.Errorf("only %d state-changing browser routes walked", walked)
	}
}

// Every response carries the security headers: pages, errors, static files
// and the operations endpoints alike.
func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Ada", "ada@example.com", "Acme")
	anon := c.newClient()
	tests := []struct {
		name   string
		do     func(c, anon *client) *response
		status int
	}{
		{"landing", func(c, anon *client) *response { return anon.get("/") }, 200},
		{"login page", func(c, anon *client) *response { return anon.get("/login") }, 200},
		{"failed login", func(c, anon *client) *response { return anon.post("/login", form()) }, 422},
		{"dashboard", func(c, anon *client) *response { return c.get("/o/" + slug + "/") }, 200},
		{"redirect", func(c, anon *client) *response { return anon.get("/o/" + slug + "/") }, 303},
		{"not found", func(c, anon *client) *response { return anon.get("/no-such-page") }, 404},
		{"other org", func(c, anon *client) *response { return c.get("/o/no-such-org/") }, 404},
		{"method not allowed", func(c, anon *client) *response { return c.get("/logout") }, 405},
		{"cross-origin denied", func(c, anon *client) *response {
			return c.post("/orgs", form("name", "x"), "Sec-Fetch-Site", "cross-site")
		}, 403},
		{"static css", func(c, anon *client) *response { return anon.get("/static/app.css") }, 200},
		{"static missing", func(c, anon *client) *response { return anon.get("/static/nope.css") }, 404},
		{"static directory", func(c, anon *client) *response { return anon.get("/static/") }, 404},
		{"healthz", func(c, anon *client) *response { return anon.get("/healthz") }, 200},
		{"readyz", func(c, anon *client) *response { return anon.get("/readyz") }, 200},
		{"metrics (not public)", func(c, anon *client) *response { return anon.get("/metrics") }, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.do(c.in(t), anon.in(t))
			if r.StatusCode != tt.status {
				t.Errorf("status %d, want %d", r.StatusCode, tt.status)
			}
			csp := r.Header.Get("Content-Security-Policy")
			directives := map[string]string{}
			for _, d := range strings.Split(csp, ";") {
				name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
				directives[name] = value
			}
			if directives["frame-ancestors"] != "'none'" {
				t.Errorf("CSP frame-ancestors = %q, want 'none' (CSP %q)", directives["frame-ancestors"], csp)
			}
			script, ok := directives["script-src"]
			if !ok {
				script = directives["default-src"]
			}
			if script == "" || strings.Contains(csp, "'unsafe-inline'") || strings.Contains(csp, "'unsafe-eval'") || strings.Contains(script, "*") {
				t.Errorf("CSP allows inline or foreign script: %q", csp)
			}
			if got := r.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q", got)
			}
			switch got := r.Header.Get("Referrer-Policy"); got {
			case "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin":
			default:
				t.Errorf("Referrer-Policy = %q, want a policy that keeps paths from other sites", got)
			}
		})
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		baseURL string
		secure  bool
	}{
		{"http", "http://localhost:8080", false},
		{"https", "https://headway.example.com", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestServer(t, func(cfg *headway.Config) { cfg.BaseURL = tt.baseURL })
			r := c.post("/signup", form("name", "Ada", "email", "ada@example.com", "password", testPassword, "org_name", "Acme"))
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("signup = %d", r.StatusCode)
			}
			var ck *http.Cookie
			for _, k := range r.Cookies() {
				if k.Name == sessionCookie {
					ck = k
				}
			}
			if ck == nil {
				t.Fatalf("no session cookie in %q", r.Header.Values("Set-Cookie"))
			}
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Secure != tt.secure {
				t.Errorf("cookie %q: HttpOnly=%v SameSite=%v Path=%q Secure=%v; want HttpOnly, Lax, /, Secure=%v",
					r.Header.Get("Set-Cookie"), ck.HttpOnly, ck.SameSite, ck.Path, ck.Secure, tt.secure)
			}
			if ck.Domain != "" {
				t.Errorf("cookie has Domain %q: it would reach other hosts", ck.Domain)
			}
			// HSTS follows the public address, TLS ending at a proxy or not.
			if hsts := r.Header.Get("Strict-Transport-Security"); (hsts != "") != tt.secure {
				t.Errorf("Strict-Transport-Security = %q with BASE_URL %s", hsts, tt.baseURL)
			}
		})
	}
}

// No GET changes state: GET /logout is refused, and every GET and HEAD of
// every route, as every actor, with real ids and tokens in the path (an
// unused reset link, a pending invitation's link…), answers below 500 and
// leaves every table and every session token as it was.
func TestGetNeverChangesState(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	sessions := [actors]*client{}
	for a := range actors {
		sessions[a] = w.as(t, a)
	}

	if r := sessions[owner].get("/logout"); r.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /logout = %d, want 405", r.StatusCode)
	}

	rows := map[string]authzRow{}
	for _, row := range authzMatrix {
		rows[row.method+" "+row.pattern] = row
	}
	before := w.dumpAll(t)
	tokens := w.tokens
	gets := 0
	for _, rt := range walkRoutes(t, w.seeder) {
		if rt.method != http.MethodGet && rt.method != http.MethodHead {
			continue
		}
		row, ok := rows[rt.method+" "+rt.pattern]
		if !ok {
			row, ok = rows["GET "+rt.pattern]
		}
		if !ok {
			t.Errorf("%s %s has no row in authzMatrix, so no real ids to request it with", rt.method, rt.pattern)
			continue
		}
		slug, params := w.resolve(t, row.target, false)
		path := pathFor(rt.pattern, slug, params)
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			for a := range actors {
				r := w.send(sessions[a].in(t), method, path, nil)
				gets++
				if r.StatusCode >= 500 {
					t.Errorf("%s %s as %s = %d", method, path, actorNames[a], r.StatusCode)
				}
			}
		}
	}
	if gets < 100 {
		t.Fatalf("only %d GET and HEAD requests made", gets)
	}
	if after := w.dumpAll(t); after != before {
		t.Errorf("GET requests changed the database:\n%s", dumpDiff(before, after))
	}
	for a := outsider; a < actors; a++ {
		if sessions[a].session() != tokens[a] {
			t.Errorf("GET requests replaced %s's session token", actorNames[a])
		}
		if r := sessions[a].get("/orgs"); r.StatusCode != http.StatusOK {
			t.Errorf("%s's session lost after the GETs: /orgs = %d", actorNames[a], r.StatusCode)
		}
	}
}

// An oversized form is refused with a client error, not a 500, and saves
// nothing.
func TestOversizedBody(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	big := form("name", "Ada", "email", "ada@example.com", "password", testPassword, "org_name", strings.Repeat("x", 2<<20))
	tests := []struct {
		name    string
		chunked bool
	}{
		{"with Content-Length", false},
		{"chunked", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := c.in(t)
			req := c.request(http.MethodPost, "/signup", strings.NewReader(big.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.chunked {
				req.ContentLength = -1 // unknown length: sent chunked
			}
			r := c.do(req)
			if r.StatusCode != http.StatusRequestEntityTooLarge && r.StatusCode != http.StatusBadRequest {
				t.Errorf("status %d, want 413 or 400", r.StatusCode)
			}
			if n := c.count(`SELECT count(*) FROM users`); n != 0 {
				t.Errorf("%d users saved", n)
			}
		})
	}
}

// The CSP forbids inline script and style; no page may rely on them.
func TestNoInlineScriptOrStyle(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Ada", "ada@example.com", "Acme")
	c.addMember(slug, "Mia", "mia@example.com", "member")
	member := c.newClient()
	member.mustLogin("mia@example.com")
	anon := c.newClient()

	pages := map[string]*response{
		"signup errors":    anon.post("/signup", form("email", "bad")),
		"login errors":     anon.post("/login", form("email", "x@example.com", "password", "wrong password")),
		"not found":        anon.get("/nope"),
		"forbidden":        member.get("/o/" + slug + "/settings"),
		"org form errors":  c.post("/orgs", form()),
		"landing (member)": member.get("/"),
	}
	for _, rt := range walkRoutes(t, c) {
		if rt.method != http.MethodGet {
			continue
		}
		p := pathFor(rt.pattern, slug, nil)
		pages["anonymous "+p] = anon.get(p)
		pages["owner "+p] = c.get(p)
	}
	scanned := 0
	for name, r := range pages {
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			continue
		}
		scanned++
		for _, e := range findAll(r.doc(t), func(*html.Node) bool { return true }) {
			switch {
			case e.Data == "script" && attr(e, "src") == "":
				t.Errorf("%s: inline <script>", name)
			case e.Data == "style":
				t.Errorf("%s: inline <style>", name)
			case hasAttr(e, "style"):
				t.Errorf("%s: style= attribute on <%s>", name, e.Data)
			}
			for _, a := range e.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: event handler attribute %s on <%s>", name, a.Key, e.Data)
				}
				if (a.Key == "href" || a.Key == "src" || a.Key == "action") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
					t.Errorf("%s: javascript: URL in %s", name, a.Key)
				}
			}
		}
	}
	if scanned < 10 {
		t.Fatalf("scanned only %d HTML pages", scanned)
	}
}

// Text with a NUL byte, other control characters or invalid UTF-8 is
// refused beside the field (422), never a 500, and saves nothing.
func TestControlCharactersAreRefused(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Acme")
	c.addMember(slug, "Mia Member", "mia@example.com", "member")
	userID := strconv.Itoa(c.count(`SELECT id FROM users WHERE email = 'mia@example.com'`))
	for _, bad := range []string{"a\x00b", "a\x1bb", "a\xffb"} {
		for _, tc := range []struct {
			path string
			form url.Values
		}{
			{"/signup", form("name", bad, "email", "new@example.com", "password", testPassword, "org_name", "New Org")},
			{"/login", form("email", "owner@example.com"+bad, "password", testPassword)},
			{"/orgs", form("name", bad)},
			{"/o/" + slug + "/settings", form("name", bad)},
			{"/o/" + slug + "/settings/tokens", form("name", bad)},
			{"/o/" + slug + "/team/invitations", form("email", "x@example.com", "role", "member", "job_role", bad)},
			{"/o/" + slug + "/team/members/" + userID, form("role", "member", "job_role", bad)},
			{"/password/forgot", form("email", bad)},
		} {
			before := c.rowCounts()
			r := c.post(tc.path, tc.form)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("POST %s with %q: %d, want 422", tc.path, bad, r.StatusCode)
			}
			if !strings.Contains(r.body, "not allowed") {
				t.Errorf("POST %s with %q: no message about the characters", tc.path, bad)
			}
			if !before.equal(c.rowCounts()) {
				t.Errorf("POST %s with %q saved something", tc.path, bad)
			}
		}
	}
}

// A 405 says which methods the address answers, and HEAD works wherever
// GET does.
func TestMethodNotAllowedAndHead(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	r := c.send(http.MethodDelete, "/login", nil)
	if r.StatusCode != http.StatusMethodNotAllowed || r.Header.Get("Allow") != "GET, HEAD, POST" {
		t.Errorf("DELETE /login: %d Allow %q, want 405 with GET, HEAD, POST", r.StatusCode, r.Header.Get("Allow"))
	}
	r = c.send(http.MethodPut, "/api/v1/org", nil)
	if r.StatusCode != http.StatusMethodNotAllowed || r.Header.Get("Allow") != "GET, HEAD" || !strings.Contains(r.Header.Get("Content-Type"), "json") {
		t.Errorf("PUT /api/v1/org: %d Allow %q type %q", r.StatusCode, r.Header.Get("Allow"), r.Header.Get("Content-Type"))
	}
	r = c.send(http.MethodHead, "/login", nil)
	if r.StatusCode != http.StatusOK || r.body != "" {
		t.Errorf("HEAD /login: %d with %d bytes of body", r.StatusCode, len(r.body))
	}
}

// Sessions are stored under the hash of their token: the cookie value is
// nowhere in the database.
func TestSessionTokensAreHashedAtRest(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	c.signup("Olivia Owner", "owner@example.com", "Acme")
	token := c.session()
	if token == "" {
		t.Fatal("no session cookie after signup")
	}
	if n := c.count(`SELECT count(*) FROM sessions WHERE token = $1`, token); n != 0 {
		t.Error("the sessions table holds the cookie's token in plain text")
	}
	sum := sha256.Sum256([]byte(token))
	if n := c.count(`SELECT count(*) FROM sessions WHERE token = $1`, base64.RawURLEncoding.EncodeToString(sum[:])); n != 1 {
		t.Errorf("%d sessions stored under the token's hash, want 1", n)
	}
}
