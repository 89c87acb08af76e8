package http_test

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Share links of the roadmap (shares.go): targets of the authorization
// matrix, and the scenarios.

var (
	// aShareLink is a live share link of the victim organization.
	aShareLink = &target{"id", func(w *world) string { return w.shareID },
		func(w *world, t testing.TB) string { id, _ := w.freshShare(t); return id }}
	// aShareToken is a live share link's token: the URL is the credential.
	aShareToken = &target{"token", func(w *world) string { return w.shareToken },
		func(w *world, t testing.TB) string { _, tok := w.freshShare(t); return tok }}
)

// freshShare stores a live share link of the victim organization and
// returns its id and token.
func (w *world) freshShare(t testing.TB) (string, string) {
	t.Helper()
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	id := w.queryID(t, `INSERT INTO share_links (org_id, name, token_hash, hint, expires_at)
		SELECT id, 'Board ' || $3::int, sha256(convert_to($2, 'UTF8')), right($2, 4), now() + interval '30 days' FROM organizations WHERE slug = $1 RETURNING id`,
		w.slug, tok, w.next())
	return id, tok
}

var shareURLRE = regexp.MustCompile(`/share/([A-Za-z0-9_-]{43})\b`)

// createShare makes a share link through the settings page and returns
// its token, read from the page the redirect leads to (shown once).
func (c *client) createShare(slug, name, days string) string {
	c.t.Helper()
	r := c.post("/o/"+slug+"/settings/shares", form("name", name, "expires_in", days))
	if r.StatusCode != http.StatusSeeOther || r.location() != "/o/"+slug+"/settings/shares" {
		c.t.Fatalf("create share link = %d Location %q\n%s", r.StatusCode, r.location(), r.body)
	}
	r = c.get(r.location())
	in := byID(r.doc(c.t), "new-share")
	if in == nil || !hasAttr(in, "readonly") {
		c.t.Fatalf("no read-only #new-share field on the page after creating a link")
	}
	m := shareURLRE.FindStringSubmatch(attr(in, "value"))
	if m == nil || !strings.HasPrefix(attr(in, "value"), "http") {
		c.t.Fatalf("the new link %q is not a full /share/ URL", attr(in, "value"))
	}
	if again := c.get("/o/" + slug + "/settings/shares"); strings.Contains(again.body, m[1]) {
		c.t.Errorf("the token is shown a second time")
	}
	return m[1]
}

// An owner shares the roadmap; an anonymous visitor reads it (an
// initiative's title, no member's name or email, no way into the app); the
// link stops working when revoked, and another when it expires by the
// server's clock — with the same answer each time.
func TestShareLinkScenario(t *testing.T) {
	t.Parallel()
	clk := newTestClock()
	c := newTestServer(t, withClock(clk))
	slug := c.signup("Olivia Owner", "owner@example.com", "Share Org")
	c.addMember(slug, "Mia Member", "member@example.com", "member")
	bearer := "Bearer " + c.createToken(slug, "seed")
	item := c.apiCreate("/api/v1/stack", bearer, `{"name":"Jenkins","category":"ci_cd","lifecycle":"hold","monthly_cost":10,"cost_scaling":"flat","scalability":2,"owner":"Olivia Owner"}`)
	c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"Replace the flaky runners","severity":4,"effort":"xs","stack_item_id":`+item+`}`)

	// Validation: the page says why, keeps the values.
	if r := c.post("/o/"+slug+"/settings/shares", form("name", "", "expires_in", "365")); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.body, "Name is required.") || !strings.Contains(r.body, "Choose when the link expires") {
		t.Errorf("invalid form = %d\n%s", r.StatusCode, r.body)
	}
	tok := c.createShare(slug, "Board Q1", "30")
	if n := c.count(`SELECT count(*) FROM audit_events WHERE action = 'share.created' AND target LIKE 'share link Board Q1, expires %'`); n != 1 {
		t.Errorf("%d share.created audit entries, want 1", n)
	}

	visitor := c.newClient()
	r := visitor.get("/share/" + tok)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("GET /share/{token} = %d\n%s", r.StatusCode, r.body)
	}
	for _, want := range []string{"Replace the flaky runners", "Shared read-only by", "Share Org", "link expires"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the shared page lacks %q", want)
		}
	}
	for _, never := range []string{"Olivia Owner", "owner@example.com", "Mia Member", "member@example.com", "/o/" + slug, "<form", "/login", "/signup"} {
		if strings.Contains(r.body, never) {
			t.Errorf("the shared page shows %q", never)
		}
	}
	for h, want := range map[string]string{"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer"} {
		if got := r.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if sc := r.Header.Get("Set-Cookie"); sc != "" {
		t.Errorf("the shared page sets a cookie: %q", sc)
	}
	if n := c.count(`SELECT count(*) FROM share_links WHERE last_used_at IS NOT NULL`); n != 1 {
		t.Errorf("%d links with a last use, want the one opened", n)
	}
	list := c.get("/o/" + slug + "/settings/shares")
	if !strings.Contains(list.body, "Board Q1") || !strings.Contains(list.body, "Olivia Owner") || !strings.Contains(list.body, "Active") {
		t.Errorf("the list does not show the link, its creator and status\n%s", list.body)
	}

	unknown := visitor.get("/share/" + strings.Repeat("A", 43))
	if unknown.StatusCode != http.StatusNotFound || !strings.Contains(unknown.body, "This link is not valid") || strings.Contains(unknown.body, "Share Org") {
		t.Errorf("unknown token = %d\n%s", unknown.StatusCode, unknown.body)
	}

	// Revoke: a confirmation page first, then the link is dead.
	id := c.count(`SELECT id FROM share_links WHERE name = 'Board Q1'`)
	path := "/o/" + slug + "/settings/shares/" + itoa64(int64(id)) + "/revoke"
	if r := c.get(path); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "Revoke the share link Board Q1") {
		t.Errorf("revoke confirmation = %d", r.StatusCode)
	}
	if r := c.post(path, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke = %d", r.StatusCode)
	}
	if r := c.post(path, nil); r.StatusCode != http.StatusSeeOther { // idempotent
		t.Errorf("second revoke = %d", r.StatusCode)
	}
	if n := c.count(`SELECT count(*) FROM audit_events WHERE action = 'share.revoked'`); n != 1 {
		t.Errorf("%d share.revoked audit entries, want 1", n)
	}
	revoked := visitor.get("/share/" + tok)
	if revoked.StatusCode != http.StatusNotFound || revoked.body != unknown.body {
		t.Errorf("revoked token = %d, want the unknown token's 404 word for word", revoked.StatusCode)
	}
	if list := c.get("/o/" + slug + "/settings/shares"); !strings.Contains(list.body, "Revoked") {
		t.Errorf("the list does not say the link is revoked")
	}

	// Expiry, by the server's clock.
	week := c.createShare(slug, "Investors", "7")
	if r := visitor.get("/share/" + week); r.StatusCode != http.StatusOK {
		t.Fatalf("fresh 7-day link = %d", r.StatusCode)
	}
	clk.advance(7*24*time.Hour + time.Second)
	expired := visitor.get("/share/" + week)
	if expired.StatusCode != http.StatusNotFound || expired.body != unknown.body {
		t.Errorf("expired token = %d, want the unknown token's 404 word for word", expired.StatusCode)
	}
	if list := c.get("/o/" + slug + "/settings/shares"); !strings.Contains(list.body, "Expired") {
		t.Errorf("the list does not say the link expired")
	}
}

// A share link of one organization shows its roadmap only: never another
// organization's initiatives.
func TestShareLinkShowsOnlyItsOrganization(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	a := c.signup("Alice A", "a@example.com", "Alpha Org")
	ta := "Bearer " + c.createToken(a, "seed")
	c.apiCreate("/api/v1/findings", ta, `{"kind":"debt","title":"Alpha's own debt","severity":3,"effort":"s"}`)
	bc := c.newClient()
	b := bc.signup("Bob B", "b@example.com", "Beta Org")
	tb := "Bearer " + bc.createToken(b, "seed")
	bc.apiCreate("/api/v1/findings", tb, `{"kind":"debt","title":"Beta's secret debt","severity":3,"effort":"s"}`)

	r := c.newClient().get("/share/" + c.createShare(a, "Alpha board pack", "30"))
	if r.StatusCode != http.StatusOK || !strings.Contains(r.body, "Alpha") || !strings.Contains(r.body, "own debt") {
		t.Fatalf("A's shared page = %d\n%s", r.StatusCode, r.body)
	}
	if strings.Contains(r.body, "Beta") {
		t.Errorf("A's shared page shows B's data")
	}
	// B's settings list none of A's links.
	if l := bc.get("/o/" + b + "/settings/shares"); strings.Contains(l.body, "Alpha board pack") || strings.Contains(l.body, "Alpha") {
		t.Errorf("B's share links page lists A's link")
	}
}
