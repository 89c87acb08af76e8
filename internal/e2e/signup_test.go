package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// A visitor signs up from the landing page and lands on the dashboard of
// their new organization.
func TestSignupJourney(t *testing.T) {
	a := newApp(t)
	ctx := newBrowser(t)

	visit(t, ctx, a.URL+"/")
	screenshot(t, ctx, "landing")

	click(t, ctx, `a[href="/signup"]`)
	waitVisible(t, ctx, `form[action="/signup"]`)
	if got := path(t, ctx); got != "/signup" {
		t.Fatalf("after clicking Sign up the browser is at %q, want /signup", got)
	}
	screenshot(t, ctx, "signup")

	// A short password is refused beside its field; the other values stay.
	typeInto(t, ctx, `#f-name`, "Ada Lovelace")
	typeInto(t, ctx, `#f-email`, "ada@example")
	typeInto(t, ctx, `#f-password`, "short")
	click(t, ctx, `form[action="/signup"] button[type="submit"]`)
	waitVisible(t, ctx, `#f-password-error`)
	if got := textOf(t, ctx, `#f-password-error`); got != "Password must be at least 12 characters." {
		t.Errorf("password message = %q", got)
	}
	if got := textOf(t, ctx, `#f-email-error`); got != "Enter a valid email address, like name@example.com." {
		t.Errorf("email message = %q", got)
	}
	// The first field to fix has the focus, and the title says it failed.
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id + " | " + document.title`))
	if err != nil || focused != "f-email | Error: Sign up · Headway" {
		t.Errorf("after the failed submit: focus and title = %q (%v), want the email field and an Error: title", focused, err)
	}
	screenshot(t, ctx, "signup-errors")
	clearField(t, ctx, `#f-email`)
	clearField(t, ctx, `#f-name`)

	typeInto(t, ctx, `#f-name`, "Ada Lovelace")
	typeInto(t, ctx, `#f-email`, "ada@example.com")
	typeInto(t, ctx, `#f-password`, "correct horse battery")
	typeInto(t, ctx, `#f-org_name`, "Acme Corp")
	click(t, ctx, `form[action="/signup"] button[type="submit"]`)

	waitVisible(t, ctx, `nav.section-nav`) // only organization pages have it
	if got := path(t, ctx); got != "/o/acme-corp/" {
		t.Errorf("after signup the browser is at %q, want /o/acme-corp/", got)
	}
	if got := textOf(t, ctx, `main h1`); got != "Acme Corp" {
		t.Errorf("dashboard heading = %q, want the organization name Acme Corp", got)
	}
	screenshot(t, ctx, "dashboard")
}

// Two people in one browser do not share a session: the second is a visitor
// while the first is logged in. (The base of multi-user journeys.)
func TestPeopleAreIsolated(t *testing.T) {
	a := newApp(t)
	ada := newBrowser(t)
	bob := newPerson(t, ada)

	signUpInBrowser(t, ada, a.URL, "Ada Lovelace", "ada@example.com", "Acme Corp")

	visit(t, bob, a.URL+"/o/acme-corp/")
	waitVisible(t, bob, `form[action="/login"]`)
	if got := path(t, bob); got != "/login?next=%2Fo%2Facme-corp%2F" {
		t.Errorf("the second person is at %q, want the login page", got)
	}
	// Ada is still logged in.
	visit(t, ada, a.URL+"/o/acme-corp/")
	if got := textOf(t, ada, `main h1`); got != "Acme Corp" {
		t.Errorf("Ada's dashboard heading = %q", got)
	}
}
