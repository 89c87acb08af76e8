package http_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/alexedwards/argon2id"
)

// Every door that takes an email applies the HTML standard's rule for a
// valid e-mail address: what the tester injected is refused beside the
// field, and nothing is saved or sent.
func TestEmailsFollowTheHTMLRule(t *testing.T) {
	t.Parallel()
	own := newTestServer(t)
	slug := own.signup("Olivia Owner", "owner@example.com", "Email Org")
	const msg = "Enter a valid email address, like name@example.com."
	for _, bad := range []string{"inj@example.com'--", "nina smith@example.com", `"nina"@example.com`, "Nina <nina@example.com>", "nina@-example.com"} {
		t.Run(bad, func(t *testing.T) {
			own := own.in(t)
			before := own.rowCounts()
			for door, r := range map[string]*response{
				"signup": own.newClient().post("/signup", form("name", "Injector", "email", bad, "password", testPassword, "org_name", "Inj Org")),
				"invite": own.post("/o/"+slug+"/team/invitations", form("email", bad, "role", "member")),
				"forgot": own.newClient().post("/password/forgot", form("email", bad)),
			} {
				if r.StatusCode != http.StatusUnprocessableEntity || text(byID(r.doc(t), "f-email-error")) != msg {
					t.Errorf("%s with %q = %d, message %q; want 422 %q", door, bad, r.StatusCode, text(byID(r.doc(t), "f-email-error")), msg)
				}
			}
			if !own.rowCounts().equal(before) || len(own.mail.To(bad)) != 0 {
				t.Error("a refused address changed the database or was sent an email")
			}
		})
	}
}

// One address, one account: what is typed is trimmed, NFC-normalized and
// lower-cased before it is compared or stored.
func TestEmailsAreNormalized(t *testing.T) {
	t.Parallel()
	own := newTestServer(t)
	own.signup("Nina Newcomer", "  Nina@Example.COM ", "Nina Org")
	if n := own.count(`SELECT count(*) FROM users WHERE email = 'nina@example.com'`); n != 1 {
		t.Fatalf("%d accounts stored as nina@example.com, want 1", n)
	}
	r := own.newClient().post("/signup", form("name", "Again", "email", "NINA@example.com", "password", testPassword, "org_name", "Again Org"))
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("second signup for the same address = %d, want 422", r.StatusCode)
	}

	// An account whose address has an "é" (stored, composed, before the
	// HTML rule applied to new addresses) is reached by the decomposed
	// spelling too: one address, one account.
	hash, err := argon2id.CreateHash(testPassword, &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := own.su.Exec(context.Background(), `INSERT INTO users (email, name, password_hash) VALUES ($1, 'Amélie', $2)`,
		"am\u00e9lie@example.com", hash); err != nil {
		t.Fatal(err)
	}
	for _, spelling := range []string{"am\u00e9lie@example.com", "ame\u0301lie@example.com", " AME\u0301LIE@EXAMPLE.COM"} {
		if r := own.newClient().login(spelling, testPassword, ""); r.StatusCode != http.StatusSeeOther {
			t.Errorf("login as %q = %d, want 303 into the one account", spelling, r.StatusCode)
		}
	}
	// And a decomposed signup cannot make a second account for it.
	r = own.newClient().post("/signup", form("name", "Twin", "email", "ame\u0301lie@example.com", "password", testPassword, "org_name", "Twin Org"))
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("signup with the decomposed spelling = %d, want 422", r.StatusCode)
	}
	if n := own.count(`SELECT count(*) FROM users WHERE name IN ('Amélie', 'Twin')`); n != 1 {
		t.Errorf("%d accounts for amélie@example.com, want 1", n)
	}
}
