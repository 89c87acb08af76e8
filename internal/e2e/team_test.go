package e2e

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/headwayhq/headway/internal/mail/mailtest"
)

// An owner invites a teammate from the team page; the teammate, in another
// browser context, opens the link, signs up and lands in the organization;
// the owner sees them on the team page. Then the owner creates an API token.
func TestInvitationJourney(t *testing.T) {
	a := newApp(t)
	owner := newBrowser(t)

	signUpInBrowser(t, owner, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")

	// Team, from the section navigation.
	click(t, owner, `nav.section-nav a[href="/o/acme-corp/team"]`)
	waitVisible(t, owner, `form[action="/o/acme-corp/team/invitations"]`)
	if got := path(t, owner); got != "/o/acme-corp/team" {
		t.Fatalf("after clicking Team the browser is at %q", got)
	}
	typeInto(t, owner, `#f-email`, "nina@example.com")
	if err := chromedp.Do(owner, chromedp.SetValue(chromedp.CSS(`#f-role`), "member")); err != nil {
		t.Fatal(err)
	}
	click(t, owner, `form[action="/o/acme-corp/team/invitations"] button[type="submit"]`)

	// The pending invitation, with its link to share.
	waitVisible(t, owner, `li.invite input[readonly]`)
	if got := textOf(t, owner, `li.invite .invite-email`); got != "nina@example.com" {
		t.Errorf("pending invitation for %q, want nina@example.com", got)
	}
	link, err := chromedp.Run(owner, chromedp.Value(chromedp.CSS(`li.invite input[readonly]`)))
	if err != nil {
		t.Fatal(err)
	}
	// The link is there to be copied: the page does not open it itself.
	if n, err := chromedp.Run(owner, chromedp.Evaluate[int](`document.querySelectorAll('li.invite a[href*="/invitations/"]').length`)); err != nil || n != 0 {
		t.Errorf("the pending invitation has %d links opening it (%v), want none", n, err)
	}
	u, err := url.Parse(link)
	if err != nil || !regexp.MustCompile(`^/invitations/[A-Za-z0-9_-]{43}$`).MatchString(u.Path) {
		t.Fatalf("invitation link %q: want an absolute /invitations/<token> URL", link)
	}
	// The email carries the page's link plus the proof of the address.
	msgs := a.mail.To("nina@example.com")
	var emailed string
	if len(msgs) == 1 {
		emailed = mailtest.FindLink(msgs[0].Text, "/invitations/")
	}
	if !strings.HasPrefix(emailed, link+"?proof=") {
		t.Fatalf("emails to nina@example.com: %d (link %q), want 1 carrying the page's link with a proof", len(msgs), emailed)
	}
	eu, err := url.Parse(emailed)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, owner, "team-invited")

	// The teammate, in an isolated context, opens the emailed link (on this
	// test server: BASE_URL is the default) and signs up.
	nina := newPerson(t, owner)
	visit(t, nina, a.URL+eu.RequestURI())
	waitVisible(t, nina, `#f-password`)
	if got := textOf(t, nina, `main h1`); got != "Join Acme Corp on Headway" {
		t.Errorf("invitation heading = %q", got)
	}
	if got, _ := chromedp.Run(nina, chromedp.Value(chromedp.CSS(`#invited-email`))); got != "nina@example.com" {
		t.Errorf("invited email field = %q", got)
	}
	screenshot(t, nina, "invitation-signup")
	typeInto(t, nina, `#f-name`, "Nina Newcomer")
	typeInto(t, nina, `#f-password`, "a brand new passphrase")
	click(t, nina, `main form button[type="submit"]`)
	waitVisible(t, nina, `nav.section-nav`)
	// A new member's first task: rating their skills (skills_me_test.go).
	if got := path(t, nina); got != "/o/acme-corp/skills/me" {
		t.Errorf("after joining the teammate is at %q, want /o/acme-corp/skills/me", got)
	}
	if got := textOf(t, nina, `main h1`); got != "Rate your skills" {
		t.Errorf("teammate's landing heading = %q, want Rate your skills", got)
	}

	// The owner reloads the team page and sees the new member.
	visit(t, owner, a.URL+"/o/acme-corp/team")
	members := textOf(t, owner, `table.members-table tbody`)
	if !strings.Contains(members, "Nina Newcomer") || !strings.Contains(members, "nina@example.com") {
		t.Errorf("members table = %q, want Nina Newcomer", members)
	}
	if ok, err := chromedp.Run(owner, chromedp.Evaluate[bool](`document.querySelectorAll("li.invite").length === 0`)); err != nil || !ok {
		t.Errorf("the accepted invitation is still pending on the team page (%v)", err)
	}
	screenshot(t, owner, "team")

	// An API token, shown once.
	visit(t, owner, a.URL+"/o/acme-corp/settings/tokens")
	typeInto(t, owner, `#f-name`, "GitHub Actions deploy pipeline")
	click(t, owner, `form[action="/o/acme-corp/settings/tokens"] button[type="submit"]`)
	waitVisible(t, owner, `#new-token`)
	token, err := chromedp.Run(owner, chromedp.Value(chromedp.CSS(`#new-token`)))
	if err != nil || !regexp.MustCompile(`^hw_[A-Za-z0-9_-]{43}$`).MatchString(token) {
		t.Errorf("new token = %q (%v), want hw_ and 43 characters", token, err)
	}
	screenshot(t, owner, "tokens-created")
}
