package http_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// The only owner is not offered a way out that would be refused: the leave
// button is disabled with the reason beside it; a second owner can leave.
// The invitation page names who invited you and what the role may do.
func TestTeamAndInvitationDetails(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Details Org")
	leave := func(c *client) (disabled bool, reason string) {
		doc := c.get("/o/" + slug + "/team").doc(t)
		for _, b := range findAll(doc, func(e *html.Node) bool { return e.Data == "button" && strings.Contains(text(e), "Leave organization") }) {
			return hasAttr(b, "disabled"), text(byID(doc, "leave-reason"))
		}
		return false, ""
	}
	if disabled, reason := leave(c); !disabled || !strings.Contains(reason, "only owner") {
		t.Errorf("the only owner's leave button: disabled=%v reason %q", disabled, reason)
	}
	c.addMember(slug, "Otto Owner", "otto@example.com", "owner")
	if disabled, _ := leave(c); disabled {
		t.Error("with two owners, leaving is still disabled")
	}

	c.invite(slug, "nina@example.com", "admin")
	page := c.newClient().get(c.emailedLink("nina@example.com"))
	head := text(byTag(page.doc(t), "header")[len(byTag(page.doc(t), "header"))-1])
	for _, want := range []string{"Olivia Owner invited you as an admin.", "Admins manage the assessment"} {
		if !strings.Contains(text(page.doc(t)), want) {
			t.Errorf("the invitation page does not say %q (%q)", want, head)
		}
	}
	// The team page's link is for copying: no anchor opens the invitation.
	for _, h := range hrefs(c.get("/o/" + slug + "/team").doc(t)) {
		if strings.HasPrefix(h, "/invitations/") || strings.Contains(h, "/invitations/") && !strings.Contains(h, "/team/invitations/") {
			t.Errorf("the team page links to the invitation itself: %s", h)
		}
	}
}
