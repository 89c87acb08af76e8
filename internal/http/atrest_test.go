package http_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"

	headway "github.com/headwayhq/headway/internal/http"
	"github.com/headwayhq/headway/internal/mail/mailtest"
)

// leakForms are the ways a token could sit in a dump: as sent, as the hex
// of its text (a bytea column holding it), and as the hex of its decoded
// bytes. The dump prints bytea as \x followed by lower-case hex.
func leakForms(t *testing.T, token string) []string {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) < 16 {
		t.Fatalf("token %q is not URL-safe base64 of 128+ bits", token)
	}
	return []string{token, hex.EncodeToString([]byte(token)), hex.EncodeToString(raw)}
}

// assertAtRest fails unless the table's dump holds the token's SHA-256
// (computed here, not with the store's helper) and no form of the token.
func (c *client) assertAtRest(t *testing.T, table, token string) {
	t.Helper()
	dump := c.dump(table)
	sum := sha256.Sum256([]byte(token))
	if !strings.Contains(dump, `\x`+hex.EncodeToString(sum[:])) {
		t.Errorf("the %s dump lacks the token's SHA-256: is the row there?\n%s", table, dump)
	}
	for _, leak := range leakForms(t, token) {
		if strings.Contains(dump, leak) {
			t.Errorf("the %s dump holds the token (%q)", table, leak)
		}
	}
}

// tokenOf is the last path segment of the emailed link with prefix.
func tokenOf(t *testing.T, body, prefix string) string {
	t.Helper()
	u, err := url.Parse(mailtest.FindLink(body, prefix))
	if err != nil || !strings.HasPrefix(u.Path, prefix) {
		t.Fatalf("no %s link in the email:\n%s", prefix, body)
	}
	return strings.TrimPrefix(u.Path, prefix)
}

// Invitation and reset tokens exist only in the emails: their tables keep a
// hash (and invitations a nonce the token is derived from with SECRET_KEY).
func TestTokensAtRest(t *testing.T) {
	t.Parallel()
	own := newTestServer(t)
	slug := own.signup("Olivia Owner", "owner@example.com", "Rest Org")

	own.invite(slug, "invitee@example.com", "member")
	msgs := own.emailsTo("invitee@example.com")
	if len(msgs) != 1 {
		t.Fatalf("%d invitation emails, want 1", len(msgs))
	}
	own.assertAtRest(t, "invitations", tokenOf(t, msgs[0].Text, "/invitations/"))

	link := own.newClient().requestReset("owner@example.com", 1)
	own.assertAtRest(t, "password_resets", strings.TrimPrefix(link, "/password/reset/"))
}

// A copy of the database and the code is not enough to forge an invitation
// link: a server with another SECRET_KEY derives other tokens, so an
// existing link is not valid there, while it is on a server with the key.
func TestInvitationLinkNeedsTheSecretKey(t *testing.T) {
	t.Parallel()
	own := newTestServer(t)
	slug := own.signup("Olivia Owner", "owner@example.com", "Key Org")
	link := own.invite(slug, "invitee@example.com", "member").path(t)

	same := own.restart()
	if r := same.get(link); r.StatusCode != http.StatusOK {
		t.Fatalf("the link on a second server with the same key = %d, want 200", r.StatusCode)
	}
	t.Run("another key", func(t *testing.T) {
		// The link must be this server's HMAC of the nonce: a server with
		// another key (or a row written into the database without the key)
		// opens nothing.
		own := own.in(t)
		other := own.restart(func(cfg *headway.Config) {
			cfg.SecretKey = []byte("another secret key, 32 bytes or more, for this test")
		})
		before := own.dump(teamTables...)
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			r := other.send(method, link, form("name", "Ivy Invitee", "password", "a long enough password"))
			if r.StatusCode != http.StatusNotFound || !strings.Contains(r.body, "not valid") {
				t.Errorf("%s the link on a server with another key = %d, want 404 \"not valid\"", method, r.StatusCode)
			}
		}
		if after := own.dump(teamTables...); after != before {
			t.Errorf("the refused link changed the database")
		}
		// The other server lists the invitation under a link of its own.
		if got := other.withSession(own.session()).invitationFor(slug, "invitee@example.com").path(t); got == link {
			t.Error("a server with another key shows the same link")
		}
	})
}
