package http_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

var (
	// apiTokenRE is a whole API token: hw_ and 256 bits in URL-safe base64.
	apiTokenRE = regexp.MustCompile(`^hw_[A-Za-z0-9_-]{43}$`)
	// tokenish finds anything in a page that looks like the start of a token.
	tokenish = regexp.MustCompile(`hw_[A-Za-z0-9_-]+`)
)

// createToken creates an API token named name and returns its secret, as
// the page shows it once.
func (c *client) createToken(slug, name string) string {
	c.t.Helper()
	r := c.post("/o/"+slug+"/settings/tokens", form("name", name))
	if r.StatusCode != http.StatusSeeOther || r.location() != "/o/"+slug+"/settings/tokens" {
		c.t.Fatalf("create token %q = %d Location %q, want 303 to the token list\n%s", name, r.StatusCode, r.location(), r.body)
	}
	r = c.get(r.location()) // the secret is shown once, after the redirect
	found := map[string]bool{}
	for _, m := range tokenish.FindAllString(r.body, -1) {
		if !apiTokenRE.MatchString(m) {
			c.t.Errorf("the page holds %q, which is not a whole token", m)
		}
		found[m] = true
	}
	if len(found) != 1 {
		c.t.Fatalf("the page shows %d different tokens, want exactly 1: %v", len(found), found)
	}
	in := byID(r.doc(c.t), "new-token")
	if in == nil || !apiTokenRE.MatchString(attr(in, "value")) || !hasAttr(in, "readonly") {
		c.t.Fatalf("the token is not in the read-only #new-token field: %v", in)
	}
	return attr(in, "value")
}

// apiGet requests path with the Authorization header auth ("" for none).
func (c *client) apiGet(path, auth string) *response {
	c.t.Helper()
	req := c.request(http.MethodGet, path, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	return c.do(req)
}

// apiOrg is GET /api/v1/org's answer.
type apiOrg struct {
	Slug      string `json:"slug"`
	Name      string `json:"name"`
	CreatedAt string `json:"created_at"`
	Counts    struct {
		Members            int `json:"members"`
		PendingInvitations int `json:"pending_invitations"`
		APITokens          int `json:"api_tokens"`
	} `json:"counts"`
}

// decodeJSON checks the JSON content type and decodes the body into v.
func decodeJSON(t testing.TB, r *response, v any) {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	dec := json.NewDecoder(strings.NewReader(r.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decode %q: %v", r.body, err)
	}
}

// A token is shown once, stored only as a hash, opens the API for its own
// organization, records its use, and stops working when revoked.
func TestAPITokenLifecycle(t *testing.T) {
	t.Parallel()
	clk := newTestClock()
	own := newTestServer(t, withClock(clk))
	slug := own.signup("Olivia Owner", "owner@example.com", "Token Org")
	own.addMember(slug, "Adam Admin", "admin@example.com", "admin")
	own.addMember(slug, "Mia Member", "mia@example.com", "member")
	own.invite(slug, "pending@example.com", "member")

	secret := own.createToken(slug, "ci")

	// Never shown again.
	list := own.get("/o/" + slug + "/settings/tokens")
	if list.StatusCode != http.StatusOK {
		t.Fatalf("tokens page = %d", list.StatusCode)
	}
	if strings.Contains(list.body, secret) || strings.Contains(list.body, secret[3:20]) {
		t.Error("the tokens page shows the secret again")
	}
	rows := findAll(list.doc(t), func(e *html.Node) bool { return e.Data == "tr" && len(byTag(e, "td")) > 0 })
	// Last used: never; expires: the default 90 days after creation.
	wantTail := "Never " + clk.Now().AddDate(0, 0, 90).Format("Jan 2, 2006") + " Active"
	if len(rows) != 1 || !strings.HasPrefix(text(rows[0]), "ci …"+secret[len(secret)-4:]+" Olivia Owner") || !strings.Contains(text(rows[0]), wantTail) {
		var got []string
		for _, r := range rows {
			got = append(got, text(r))
		}
		t.Errorf("token rows = %q, want one: ci with its last four characters, by Olivia Owner, never used, active", got)
	}

	// Stored as its SHA-256 only. The hash is computed here, not by
	// store.HashToken (the code under test), and the dump is searched for the
	// secret as text and as the hex that t::text prints for a bytea column.
	sum := sha256.Sum256([]byte(secret))
	if n := own.count(`SELECT count(*) FROM api_tokens WHERE encode(token_hash, 'hex') = $1 AND name = 'ci' AND last_used_at IS NULL`, hex.EncodeToString(sum[:])); n != 1 {
		t.Errorf("%d unused rows named ci whose token_hash is the secret's SHA-256, want 1", n)
	}
	dump := own.dump("api_tokens")
	for _, part := range []string{secret, secret[3:], secret[3:20]} {
		if strings.Contains(dump, part) || strings.Contains(dump, hex.EncodeToString([]byte(part))) {
			t.Errorf("api_tokens holds the secret (or part of it), as text or bytes:\n%s", dump)
			break
		}
	}

	// The API answers for the token's organization.
	api := own.newClient() // no cookies: the token is the only credential
	clk.advance(time.Hour)
	r := api.apiGet("/api/v1/org", "Bearer "+secret)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/org = %d, want 200\n%s", r.StatusCode, r.body)
	}
	var org apiOrg
	decodeJSON(t, r, &org)
	if org.Slug != slug || org.Name != "Token Org" || org.Counts.Members != 3 || org.Counts.PendingInvitations != 1 || org.Counts.APITokens != 1 {
		t.Errorf("org = %+v, want %s, Token Org, 3 members, 1 pending invitation, 1 token", org, slug)
	}
	if _, err := time.Parse(time.RFC3339, org.CreatedAt); err != nil {
		t.Errorf("created_at %q: %v", org.CreatedAt, err)
	}
	if r.Header.Get("Set-Cookie") != "" {
		t.Errorf("the API set a cookie: %q", r.Header.Get("Set-Cookie"))
	}
	var used *time.Time
	if err := own.su.QueryRow(context.Background(), `SELECT last_used_at FROM api_tokens`).Scan(&used); err != nil {
		t.Fatal(err)
	}
	if used == nil || !used.Equal(clk.Now()) {
		t.Errorf("last_used_at = %v, want the request's time %v", used, clk.Now())
	}
	if list := own.get("/o/" + slug + "/settings/tokens"); strings.Contains(text(findFirst(list.doc(t), "tbody")), "Never") {
		t.Error("the tokens page still says the token was never used")
	}
	// The lowercase scheme is the same scheme (RFC 9110).
	if r := api.apiGet("/api/v1/org", "bearer "+secret); r.StatusCode != http.StatusOK {
		t.Errorf("lowercase bearer = %d, want 200", r.StatusCode)
	}

	// Revoked: 401 from then on, and the page says so.
	var id string
	if err := own.su.QueryRow(context.Background(), `SELECT id::text FROM api_tokens`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	rv := own.post("/o/"+slug+"/settings/tokens/"+id+"/revoke", nil)
	if rv.StatusCode != http.StatusSeeOther || rv.location() != "/o/"+slug+"/settings/tokens" {
		t.Fatalf("revoke = %d Location %q", rv.StatusCode, rv.location())
	}
	if !strings.Contains(mainText(t, own.follow(rv)), "Revoked") {
		t.Error("the tokens page does not show the token revoked")
	}
	r = api.apiGet("/api/v1/org", "Bearer "+secret)
	var e map[string]any
	decodeJSON(t, r, &e)
	if r.StatusCode != http.StatusUnauthorized || e["error"] == "" || e["error"] == nil {
		t.Errorf("revoked token = %d %v, want 401 with an error", r.StatusCode, e)
	}
	if rv := own.post("/o/"+slug+"/settings/tokens/"+id+"/revoke", nil); rv.StatusCode != http.StatusNotFound {
		t.Errorf("revoking twice = %d, want 404", rv.StatusCode)
	}
}

// Every way of not presenting a valid token gets the same kind of answer:
// 401, JSON with an error, and a Bearer challenge.
func TestAPIAuthFailures(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Auth Org")
	secret := c.createToken(slug, "ci")
	api := c.newClient()

	tests := []struct{ name, auth string }{
		{"missing header", ""},
		{"basic scheme", "Basic dXNlcjpwYXNzd29yZA=="},
		{"basic scheme with the token", "Basic " + secret},
		{"token without scheme", secret},
		{"bearer without token", "Bearer "},
		{"bearer without space", "Bearer" + secret},
		{"no hw_ prefix", "Bearer " + strings.TrimPrefix(secret, "hw_")},
		{"other prefix", "Bearer ghp_" + strings.TrimPrefix(secret, "hw_")},
		{"unknown hw_ token", "Bearer hw_" + strings.Repeat("A", 43)},
		{"token with one character changed", "Bearer " + secret[:len(secret)-1] + map[bool]string{true: "B", false: "A"}[strings.HasSuffix(secret, "A")]},
		{"truncated token", "Bearer " + secret[:len(secret)-1]},
		{"very long token", "Bearer hw_" + strings.Repeat("A", 5000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := api.in(t)
			r := api.apiGet("/api/v1/org", tt.auth)
			if r.StatusCode != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401\n%s", r.StatusCode, r.body)
			}
			var e struct {
				Error  string            `json:"error"`
				Fields map[string]string `json:"fields"`
			}
			decodeJSON(t, r, &e)
			if e.Error == "" {
				t.Errorf("body %q has no error message", r.body)
			}
			if ch := r.Header.Get("WWW-Authenticate"); !strings.HasPrefix(ch, "Bearer") {
				t.Errorf("WWW-Authenticate = %q, want a Bearer challenge", ch)
			}
			if strings.Contains(r.body, "Auth Org") || strings.Contains(r.body, slug) {
				t.Error("a refused request learned about the organization")
			}
		})
	}
	// The valid token still works, untouched by the failures.
	if r := api.apiGet("/api/v1/org", "Bearer "+secret); r.StatusCode != http.StatusOK {
		t.Errorf("valid token = %d, want 200", r.StatusCode)
	}
}

// A token opens its own organization and never another.
func TestAPITokenIsBoundToItsOrg(t *testing.T) {
	t.Parallel()
	a := newTestServer(t)
	slugA := a.signup("Alice", "alice@example.com", "Alpha Org")
	a.addMember(slugA, "Mia", "mia@example.com", "member")
	b := a.newClient()
	slugB := b.signup("Bob", "bob@example.com", "Bravo Org")
	tokA, tokB := a.createToken(slugA, "alpha"), b.createToken(slugB, "bravo")
	api := a.newClient()

	for _, tt := range []struct {
		token, slug, name string
		members           int
	}{{tokA, slugA, "Alpha Org", 2}, {tokB, slugB, "Bravo Org", 1}} {
		r := api.apiGet("/api/v1/org", "Bearer "+tt.token)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("token of %s = %d", tt.slug, r.StatusCode)
		}
		var org apiOrg
		decodeJSON(t, r, &org)
		if org.Slug != tt.slug || org.Name != tt.name || org.Counts.Members != tt.members || org.Counts.APITokens != 1 {
			t.Errorf("token of %s answered %+v", tt.slug, org)
		}
	}
	// A session cookie is no API credential, even the owner's.
	if r := a.apiGet("/api/v1/org", ""); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("owner's session on the API = %d, want 401", r.StatusCode)
	}
	// B's owner cannot list or revoke A's tokens.
	if r := b.get("/o/" + slugA + "/settings/tokens"); r.StatusCode != http.StatusNotFound || strings.Contains(r.body, "alpha") {
		t.Errorf("B on A's tokens page = %d", r.StatusCode)
	}
}

// The token form: a name is required; members may not manage tokens.
func TestAPITokenForm(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Form Org")
	c.addMember(slug, "Mia Member", "mia@example.com", "member")
	c.addMember(slug, "Adam Admin", "admin@example.com", "admin")

	for _, tt := range []struct{ name, value, msg string }{
		{"empty", "", "Token name is required."},
		{"blank", "   ", "Token name is required."},
		{"101 characters", strings.Repeat("n", 101), "Token name must be at most 100 characters."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := c.in(t)
			before := c.rowCounts()
			r := c.post("/o/"+slug+"/settings/tokens", form("name", tt.value))
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.StatusCode)
			}
			if got := text(byID(r.doc(t), "f-name-error")); got != tt.msg {
				t.Errorf("message beside name = %q, want %q", got, tt.msg)
			}
			if tokenish.MatchString(r.body) {
				t.Error("a refused form shows a token")
			}
			if !c.rowCounts().equal(before) {
				t.Error("a refused form saved a token")
			}
		})
	}

	mia := c.newClient()
	mia.mustLogin("mia@example.com")
	before := c.rowCounts()
	if r := mia.get("/o/" + slug + "/settings/tokens"); r.StatusCode != http.StatusForbidden {
		t.Errorf("member GET tokens = %d, want 403", r.StatusCode)
	}
	if r := mia.post("/o/"+slug+"/settings/tokens", form("name", "sneaky")); r.StatusCode != http.StatusForbidden || tokenish.MatchString(r.body) {
		t.Errorf("member POST tokens = %d, want 403 without a token", r.StatusCode)
	}
	if !c.rowCounts().equal(before) {
		t.Error("a member created a token")
	}
	// An admin may, and the token records who made it.
	adm := c.newClient()
	adm.mustLogin("admin@example.com")
	adm.createToken(slug, "deploys")
	if n := c.count(`SELECT count(*) FROM api_tokens t JOIN users u ON u.id = t.created_by WHERE u.email = 'admin@example.com' AND t.name = 'deploys'`); n != 1 {
		t.Errorf("admin's token rows = %d, want 1", n)
	}
}

// Unknown API paths and methods answer JSON, not the HTML error page.
func TestAPINotFound(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Paths Org")
	secret := c.createToken(slug, "ci")
	api := c.newClient()
	for _, tt := range []struct {
		method, path, auth string
		want               int
	}{
		{"GET", "/api/v1/whatever", "", 404},
		{"GET", "/api/v1/whatever", "Bearer " + secret, 404},
		{"GET", "/api/v1/org/extra", "Bearer " + secret, 404},
		{"DELETE", "/api/v1/org", "Bearer " + secret, 405},
	} {
		req := api.request(tt.method, tt.path, nil)
		if tt.auth != "" {
			req.Header.Set("Authorization", tt.auth)
		}
		r := api.do(req)
		if r.StatusCode != tt.want {
			t.Errorf("%s %s = %d, want %d", tt.method, tt.path, r.StatusCode, tt.want)
			continue
		}
		var e map[string]any
		decodeJSON(t, r, &e)
		if msg, _ := e["error"].(string); msg == "" {
			t.Errorf("%s %s: body %q has no error", tt.method, tt.path, r.body)
		}
	}
}

// Tokens expire: the lifetime chosen at creation ends API access, and only
// the offered lifetimes are accepted.
func TestAPITokenExpiry(t *testing.T) {
	t.Parallel()
	clk := newTestClock()
	own := newTestServer(t, withClock(clk))
	slug := own.signup("Olivia Owner", "owner@example.com", "Expiry Org")
	for _, bad := range []string{"0", "7", "never", "-30", "99999"} {
		before := own.rowCounts()
		r := own.post("/o/"+slug+"/settings/tokens", form("name", "ci", "expires", bad))
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Choose when the token expires") {
			t.Errorf("expires=%q: %d, want 422 with a message", bad, r.StatusCode)
		}
		if !before.equal(own.rowCounts()) {
			t.Errorf("expires=%q saved something", bad)
		}
	}
	r := own.post("/o/"+slug+"/settings/tokens", form("name", "short", "expires", "30"))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create a 30-day token: %d", r.StatusCode)
	}
	r = own.get(r.location())
	secret := apiTokenRE.FindString(tokenish.FindString(r.body))
	if secret == "" {
		t.Fatal("the token list after the creation shows no token")
	}
	call := func() int {
		req := own.request(http.MethodGet, "/api/v1/org", nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		return own.do(req).StatusCode
	}
	clk.advance(30*24*time.Hour - time.Minute)
	if got := call(); got != http.StatusOK {
		t.Fatalf("a minute before expiry: %d, want 200", got)
	}
	clk.advance(2 * time.Minute)
	if got := call(); got != http.StatusUnauthorized {
		t.Errorf("after expiry: %d, want 401", got)
	}
	if page := own.get("/o/" + slug + "/settings/tokens"); !strings.Contains(page.body, "Expired") {
		t.Error("the tokens page does not show the token as expired")
	}
}
