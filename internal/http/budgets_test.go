package http_test

import (
	"net/http"
	"strings"
	"testing"

	headway "github.com/headwayhq/headway/internal/http"
)

// newOrg creates another organization owned by c's user and returns its slug.
func (c *client) newOrg(name string) string {
	c.t.Helper()
	r := c.post("/orgs", form("name", name))
	slug, ok := strings.CutPrefix(r.location(), "/o/")
	if r.StatusCode != http.StatusSeeOther || !ok {
		c.t.Fatalf("create org %s = %d Location %q, want 303 /o/{slug}/", name, r.StatusCode, r.location())
	}
	return strings.TrimSuffix(slug, "/")
}

// inviteStatus posts the invite form and returns the status, failing unless
// a 429 says why.
func (c *client) inviteStatus(slug, email string) int {
	c.t.Helper()
	r := c.post("/o/"+slug+"/team/invitations", form("email", email, "role", "member"))
	if r.StatusCode == http.StatusTooManyRequests && !strings.Contains(r.body, "Too many invitations in the last hour") {
		c.t.Errorf("invite %s to %s: 429 without the explanation", email, slug)
	}
	return r.StatusCode
}

// The organization's hourly invitation budget ends in 429, and a refused
// invitation is neither saved nor sent.
func TestInvitationBudgetPerOrg(t *testing.T) {
	t.Parallel()
	own := newTestServer(t, func(cfg *headway.Config) { cfg.InviteLimitPerOrg = 2 })
	slug := own.signup("Olivia Owner", "owner@example.com", "Budget Org")
	for _, email := range []string{"a@example.com", "b@example.com"} {
		if got := own.inviteStatus(slug, email); got != http.StatusSeeOther {
			t.Fatalf("invitation to %s within the budget = %d, want 303", email, got)
		}
	}
	before := own.dump(teamTables...)
	if got := own.inviteStatus(slug, "c@example.com"); got != http.StatusTooManyRequests {
		t.Fatalf("3rd invitation of the hour = %d, want 429", got)
	}
	// A resend is an email too: it draws on the same budget.
	if r := own.post("/o/"+slug+"/team/invitations/"+own.invitationFor(slug, "a@example.com").ID+"/resend", nil); r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("resend over the budget = %d, want 429", r.StatusCode)
	}
	if after := own.dump(teamTables...); after != before {
		t.Errorf("a refused invitation changed the database:\n%s\n→\n%s", before, after)
	}
	if n := len(own.emailsTo("c@example.com")); n != 0 {
		t.Errorf("%d emails to the refused invitee", n)
	}
	if n := len(own.emailsTo("a@example.com")); n != 1 {
		t.Errorf("%d emails to a@example.com, want only the first", n)
	}
}

// The recipient's budget is theirs, whichever organization invites them: one
// sender owning several organizations cannot email one address more often.
func TestInvitationBudgetPerRecipient(t *testing.T) {
	t.Parallel()
	own := newTestServer(t, func(cfg *headway.Config) { cfg.InviteLimitPerEmail = 1 })
	first := own.signup("Olivia Owner", "owner@example.com", "First Org")
	second := own.newOrg("Second Org")

	if got := own.inviteStatus(first, "target@example.com"); got != http.StatusSeeOther {
		t.Fatalf("first invitation to target = %d, want 303", got)
	}
	if got := own.inviteStatus(second, "target@example.com"); got != http.StatusTooManyRequests {
		t.Errorf("the same recipient from the sender's second organization = %d, want 429", got)
	}
	if n := len(own.emailsTo("target@example.com")); n != 1 {
		t.Errorf("%d emails to target@example.com within the hour, want 1", n)
	}
	// The budget is per recipient: others are still invited, and the refusal
	// above gave the second organization's budget back.
	if got := own.inviteStatus(second, "other@example.com"); got != http.StatusSeeOther {
		t.Errorf("another recipient from the second organization = %d, want 303", got)
	}
}

// Password-reset requests per client IP end in 429.
func TestResetBudgetPerIP(t *testing.T) {
	t.Parallel()
	c := newTestServer(t, func(cfg *headway.Config) { cfg.ResetLimitPerIP = 2 })
	for i, email := range []string{"a@example.com", "b@example.com"} {
		if r := c.newClient().post("/password/forgot", form("email", email)); r.StatusCode != http.StatusOK {
			t.Fatalf("reset request %d within the budget = %d, want 200", i+1, r.StatusCode)
		}
	}
	r := c.newClient().post("/password/forgot", form("email", "c@example.com"))
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Errorf("3rd reset request from one IP = %d (Retry-After %q), want 429 with Retry-After", r.StatusCode, r.Header.Get("Retry-After"))
	}
}

// Reset emails per account are capped. Unlike the other budgets the answer
// stays 200, the page an unknown email gets: a 429 here would tell a
// visitor which emails have accounts. The cap shows in the emails sent.
func TestResetBudgetPerEmail(t *testing.T) {
	t.Parallel()
	c := newTestServer(t, func(cfg *headway.Config) { cfg.ResetLimitPerEmail = 2 })
	c.newClient().signup("Rita Reset", "rita@example.com", "Reset Budget Org")
	for i := 1; i <= 4; i++ {
		if r := c.newClient().post("/password/forgot", form("email", "rita@example.com")); r.StatusCode != http.StatusOK {
			t.Errorf("reset request %d = %d, want 200 (the same answer as for any email)", i, r.StatusCode)
		}
	}
	if n := len(c.emailsTo("rita@example.com")); n != 2 {
		t.Errorf("%d reset emails to one account within the hour, want the budget of 2", n)
	}
	if n := c.count(`SELECT count(*) FROM password_resets`); n != 2 {
		t.Errorf("%d reset tokens stored, want 2", n)
	}
	if !strings.Contains(c.log.String(), "password reset emails throttled") {
		t.Error("the throttled requests were not logged")
	}
}
