package http_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// One account belongs to at most 50 organizations: the 50th may be created,
// the 51st is refused beside the name field and nothing is saved.
func TestOrganizationCap(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	c.signup("Ada", "ada@example.com", "Acme")
	// 48 more memberships straight in the database (one as a plain member:
	// every membership counts), so the next creation is the 50th.
	_, err := c.su.Exec(context.Background(), `
		WITH o AS (INSERT INTO organizations (slug, name)
			SELECT 'cap-' || i, 'Cap ' || i FROM generate_series(1, 48) i RETURNING id, slug)
		INSERT INTO memberships (org_id, user_id, role)
		SELECT o.id, u.id, CASE WHEN o.slug = 'cap-1' THEN 'member' ELSE 'owner' END
		FROM o, users u WHERE u.email = 'ada@example.com'`)
	if err != nil {
		t.Fatal(err)
	}
	if n := c.count(`SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'ada@example.com'`); n != 49 {
		t.Fatalf("set-up: %d memberships, want 49", n)
	}
	if r := c.post("/orgs", form("name", "Fiftieth")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the 50th organization = %d, want 303\n%s", r.StatusCode, r.body)
	}
	before := c.dump("organizations", "memberships")
	r := c.post("/orgs", form("name", "Fifty-first"))
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("the 51st organization = %d, want 422", r.StatusCode)
	}
	const msg = "You belong to 50 organizations, the most one account can have. Leave one first."
	if got := text(byID(r.doc(t), "f-name-error")); got != msg {
		t.Errorf("message beside name = %q, want %q", got, msg)
	}
	if after := c.dump("organizations", "memberships"); after != before {
		t.Error("the refused creation changed the database")
	}
}

// One account creates at most 10 organizations an hour (each is a new
// invitation budget; found by a review).
func TestOrganizationCreationIsBounded(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	c.signup("Olivia Owner", "owner@example.com", "First Org")
	for i := 1; i <= 10; i++ {
		if r := c.post("/orgs", form("name", "Org "+strconv.Itoa(i))); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("organization %d: %d", i, r.StatusCode)
		}
	}
	before := c.count(`SELECT count(*) FROM organizations`)
	r := c.post("/orgs", form("name", "One too many"))
	if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(r.body, "many organizations in the last hour") {
		t.Errorf("the 11th organization in an hour: %d", r.StatusCode)
	}
	if c.count(`SELECT count(*) FROM organizations`) != before {
		t.Error("a refused creation made an organization")
	}
}
