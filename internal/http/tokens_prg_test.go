package http_test

import (
	"net/http"
	"strings"
	"testing"
)

// Creating a token redirects; the list shows the secret once, so reloading
// it neither shows the secret again nor creates another token. Revoking
// asks first and names the token.
func TestTokenCreationIsPostRedirectGet(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "PRG Org")
	secret := c.createToken(slug, "deploy") // POST, 303, GET showing the secret
	again := c.get("/o/" + slug + "/settings/tokens")
	if strings.Contains(again.body, secret) || strings.Contains(again.body, "it will not be shown again") {
		t.Error("reloading the list shows the secret again")
	}
	if n := c.count(`SELECT count(*) FROM api_tokens`); n != 1 {
		t.Errorf("%d tokens after a reload, want 1", n)
	}
	// The session never held the secret in the clear.
	if strings.Contains(c.dump("sessions"), secret[3:]) {
		t.Error("the sessions table holds the new token's secret")
	}
	// Two tokens of one name are told apart by their last four characters.
	other := c.createToken(slug, "deploy")
	list := c.get("/o/" + slug + "/settings/tokens").body
	for _, s := range []string{secret, other} {
		if !strings.Contains(list, "…"+s[len(s)-4:]) {
			t.Errorf("the list does not show …%s", s[len(s)-4:])
		}
	}
	id := c.count(`SELECT id FROM api_tokens WHERE hint = $1`, secret[len(secret)-4:])
	path := "/o/" + slug + "/settings/tokens/" + itoa64(int64(id)) + "/revoke"
	confirm := c.get(path)
	if confirm.StatusCode != http.StatusOK || !strings.Contains(h1(t, confirm), "deploy (…"+secret[len(secret)-4:]+")") {
		t.Fatalf("revoke confirmation: %d %q", confirm.StatusCode, h1(t, confirm))
	}
	if n := c.count(`SELECT count(*) FROM api_tokens WHERE revoked_at IS NOT NULL`); n != 0 {
		t.Error("the confirmation page revoked the token")
	}
	r := c.post(path, nil)
	if r.StatusCode != http.StatusSeeOther || !strings.Contains(flashText(t, c.follow(r)), "deploy (…"+secret[len(secret)-4:]+") revoked") {
		t.Errorf("revoke: %d", r.StatusCode)
	}
}

// A new token's secret is shown only on its own organization's page, even
// when the person opens another organization's first (found by a review).
func TestNewTokenShownOnlyInItsOrganization(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	a := c.signup("Olivia Owner", "owner@example.com", "Alpha Tokens")
	if r := c.post("/orgs", form("name", "Beta Tokens")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("second org: %d", r.StatusCode)
	}
	b := strings.Trim(strings.TrimPrefix(c.follow(c.post("/orgs", form("name", "Gamma Tokens"))).Request.URL.Path, "/o/"), "/")
	if r := c.post("/o/"+a+"/settings/tokens", form("name", "alpha-deploy")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", r.StatusCode)
	}
	if other := c.get("/o/" + b + "/settings/tokens"); strings.Contains(other.body, "hw_") || strings.Contains(other.body, "alpha-deploy") {
		t.Error("another organization's token page shows the new secret")
	}
	if own := c.get("/o/" + a + "/settings/tokens"); !tokenish.MatchString(own.body) {
		t.Error("the token's own organization no longer shows the secret")
	}
}
