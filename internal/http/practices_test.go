package http_test

import (
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// practiceText is the text of one practice's card on the page.
func practiceText(t *testing.T, r *response, key string) string {
	t.Helper()
	n := byID(r.doc(t), key)
	if n == nil {
		t.Fatalf("the page has no practice #%s", key)
	}
	return strings.Join(strings.Fields(text(n)), " ")
}

// completionTexts are the completion bars' texts, by group label.
func completionTexts(t *testing.T, r *response) []string {
	t.Helper()
	var out []string
	for _, li := range findAll(r.doc(t), func(n *html.Node) bool {
		return n.Data == "li" && n.Parent != nil && hasClass(n.Parent, "completion-bars")
	}) {
		out = append(out, strings.Join(strings.Fields(text(li)), " "))
	}
	return out
}

// The practices page: the catalog by group, a status change by an admin
// (audited, who and when shown, the group's completion moving, the warning
// on a practice whose prerequisite is behind), a stale change as a 409
// with both versions, an unknown status as a 422 beside the field with
// nothing saved, members reading without forms and refused on writes, an
// unknown practice 404, and another organization seeing nothing.
func TestPracticesPage(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Practice Pages")
	c.addMember(slug, "Adam Admin", "admin@example.com", "admin")
	c.addMember(slug, "Mia Member", "member@example.com", "member")
	admin, mem := c.newClient(), c.newClient()
	admin.mustLogin("admin@example.com")
	mem.mustLogin("member@example.com")
	base := "/o/" + slug + "/infrastructure"

	r := c.get(base)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", base, r.StatusCode)
	}
	if got := completionTexts(t, r); len(got) != 3 || !strings.HasPrefix(got[0], "Automation 0%") ||
		!strings.HasPrefix(got[1], "Horizontal scaling 0%") || !strings.HasPrefix(got[2], "Monitoring and alerting 0%") {
		t.Errorf("completion before any change: %q", got)
	}
	if got := practiceText(t, r, "continuous_delivery"); !strings.Contains(got, "Not started") || !strings.Contains(got, "Builds on Continuous integration on every change") ||
		!strings.Contains(got, "Deployment frequency") || strings.Contains(got, "Prerequisite:") {
		t.Errorf("continuous delivery before any change: %s", got)
	}

	// The admin sets continuous delivery to partial: CI is not started, so
	// the page says so beside it.
	r = admin.post(base+"/continuous_delivery", form("status", "partial", "notes", "Staging only.", "version", "0"))
	if r.StatusCode != http.StatusSeeOther || r.location() != base+"#continuous_delivery" {
		t.Fatalf("setting a status = %d to %q, want 303 to the practice", r.StatusCode, r.location())
	}
	page := admin.follow(r)
	got := practiceText(t, page, "continuous_delivery")
	for _, want := range []string{"Partial", "Staging only.", "Set to Partial by Adam Admin on", "Prerequisite: Builds on Continuous integration on every change, which is not started yet"} {
		if !strings.Contains(got, want) {
			t.Errorf("after the change the practice does not say %q:\n%s", want, got)
		}
	}
	if !strings.Contains(text(page.doc(t)), "Continuous delivery: Partial.") {
		t.Error("no flash after the change")
	}
	// 1 of 9 automation practices at ⅓: 4%.
	if got := completionTexts(t, page); !strings.HasPrefix(got[0], "Automation 4%") {
		t.Errorf("automation's completion after one partial = %q, want 4%%", got[0])
	}
	if got := c.auditActions(slug, "practice."); len(got) != 1 || got[0] != "practice.status_changed" {
		t.Errorf("audit after the change = %q", got)
	}

	// Someone else's form still says version 0: a 409 with both versions,
	// the typed values kept and the newer version in the form.
	r = c.post(base+"/continuous_delivery", form("status", "fully", "notes", "Everywhere.", "version", "0"))
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("a stale change = %d, want 409", r.StatusCode)
	}
	got = practiceText(t, r, "continuous_delivery")
	if !strings.Contains(got, "changed while you were editing") || !strings.Contains(got, "Staging only.") || !strings.Contains(got, "Everywhere.") {
		t.Errorf("the 409 does not show both versions:\n%s", got)
	}
	if v := attr(findAll(byID(r.doc(t), "continuous_delivery"), func(n *html.Node) bool { return n.Data == "input" && attr(n, "name") == "version" })[0], "value"); v != "1" {
		t.Errorf("after a 409 the form carries version %q, want 1", v)
	}

	// An unknown status: 422 beside the field, nothing saved.
	before := c.count(`SELECT count(*) FROM practice_status p JOIN organizations o ON o.id = p.org_id WHERE o.slug = $1 AND p.version = 1`, slug)
	r = c.post(base+"/ci", form("status", "almost", "notes", "", "version", "0"))
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("an unknown status = %d, want 422", r.StatusCode)
	}
	if e := byID(r.doc(t), "p-ci-status-error"); e == nil || !strings.Contains(text(e), "status") {
		t.Errorf("the 422 does not name the status beside its field:\n%s", practiceText(t, r, "ci"))
	}
	if n := c.count(`SELECT count(*) FROM practice_status p JOIN organizations o ON o.id = p.org_id WHERE o.slug = $1`, slug); n != before {
		t.Errorf("after the 422 there are %d statuses, want %d", n, before)
	}

	// Members read without forms and are refused on writes.
	r = mem.get(base)
	if r.StatusCode != http.StatusOK || strings.Contains(r.body, `name="version"`) || !strings.Contains(practiceText(t, r, "continuous_delivery"), "Staging only.") {
		t.Errorf("a member's page = %d, forms shown: %v", r.StatusCode, strings.Contains(r.body, `name="version"`))
	}
	if r := mem.post(base+"/ci", form("status", "fully", "notes", "", "version", "0")); r.StatusCode != http.StatusForbidden {
		t.Errorf("a member's change = %d, want 403", r.StatusCode)
	}
	// An unknown practice is not found.
	if r := c.post(base+"/no_such_practice", form("status", "fully", "notes", "", "version", "0")); r.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown practice = %d, want 404", r.StatusCode)
	}

	// Another organization: its page shows nothing of this one, and its
	// owner cannot reach this one.
	other := c.newClient()
	otherSlug := other.signup("Oscar Other", "other@example.com", "Other Practices")
	r = other.get("/o/" + otherSlug + "/infrastructure")
	if r.StatusCode != http.StatusOK || strings.Contains(r.body, "Staging only.") || strings.Contains(r.body, "Adam Admin") {
		t.Errorf("another organization's page = %d and shows this one's status", r.StatusCode)
	}
	if r := other.get(base); r.StatusCode != http.StatusNotFound {
		t.Errorf("an outsider's GET = %d, want 404", r.StatusCode)
	}
}
