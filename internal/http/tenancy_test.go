package http_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"golang.org/x/net/html"
)

// tenantRoutes lists every route under /o/{slug} the router serves.
func tenantRoutes(t *testing.T, c *client) []walkedRoute {
	t.Helper()
	var out []walkedRoute
	for _, r := range walkRoutes(t, c) {
		if strings.HasPrefix(r.pattern, "/o/{slug}") {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		t.Fatal("no tenant routes found under /o/{slug}")
	}
	return out
}

// walkedRoute is one method and pattern of the real router.
type walkedRoute struct{ method, pattern string }

// walkRoutes lists the router's routes with chi.Walk.
func walkRoutes(t *testing.T, c *client) []walkedRoute {
	t.Helper()
	var out []walkedRoute
	err := chi.Walk(c.srv.Router(), func(method, pattern string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		out = append(out, walkedRoute{method, pattern})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(out, func(a, b walkedRoute) int { return strings.Compare(a.pattern+" "+a.method, b.pattern+" "+b.method) })
	return out
}

// A member of another organization gets exactly what an unknown slug gets:
// 404, the same page heading, and nothing of the organization.
func TestCrossTenantIsNotFound(t *testing.T) {
	t.Parallel()
	a := newTestServer(t)
	slugA := a.signup("Alice", "alice@example.com", "Alpha Secret Org")
	b := a.newClient()
	slugB := b.signup("Bob", "bob@example.com", "Bravo Org")

	unknown := b.get("/o/no-such-org/")
	if unknown.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown slug = %d, want 404", unknown.StatusCode)
	}
	wantHeading := h1(t, unknown)
	if wantHeading == "" {
		t.Fatal("404 page has no h1")
	}

	for _, rt := range tenantRoutes(t, a) {
		t.Run(rt.method+" "+rt.pattern, func(t *testing.T) {
			b := b.in(t)
			var r, u *response
			switch rt.method {
			case http.MethodGet:
				r = b.get(pathFor(rt.pattern, slugA, nil))
				u = b.get(pathFor(rt.pattern, "no-such-org", nil))
			default:
				r = b.send(rt.method, pathFor(rt.pattern, slugA, nil), nil)
				u = b.send(rt.method, pathFor(rt.pattern, "no-such-org", nil), nil)
			}
			if r.StatusCode != http.StatusNotFound || u.StatusCode != http.StatusNotFound {
				t.Fatalf("other org = %d, unknown slug = %d; want 404 for both", r.StatusCode, u.StatusCode)
			}
			if rt.method == http.MethodHead {
				if r.body != "" || u.body != "" {
					t.Error("a HEAD response has a body")
				}
				return
			}
			if got := h1(t, r); got != wantHeading || h1(t, u) != wantHeading {
				t.Errorf("headings: other org %q, unknown %q; want %q", got, h1(t, u), wantHeading)
			}
			if strings.Contains(r.body, "Alpha Secret Org") || strings.Contains(r.body, "Alice") {
				t.Error("404 page leaks the other organization")
			}
			// The 404 is about A: the same page of B's own organization
			// answers (pages with another parameter may 404 on the placeholder).
			if rt.method == http.MethodGet && strings.Count(rt.pattern, "{") == 1 {
				// (Bob is his organization's only owner: leaving answers 409;
				// his organization is no sample, whose deletion answers 404.)
				if own := b.get(pathFor(rt.pattern, slugB, nil)); own.StatusCode != http.StatusOK && !(rt.pattern == "/o/{slug}/team/leave" && own.StatusCode == http.StatusConflict) &&
					!(rt.pattern == "/o/{slug}/sample/delete" && own.StatusCode == http.StatusNotFound) {
					t.Errorf("own org %s = %d, want 200", pathFor(rt.pattern, slugB, nil), own.StatusCode)
				}
			}
		})
	}
	// A's data is where it was: the owner still sees it.
	if r := a.get("/o/" + slugA + "/"); r.StatusCode != http.StatusOK || h1(t, r) != "Alpha Secret Org" {
		t.Errorf("owner's dashboard = %d %q", r.StatusCode, h1(t, r))
	}
}

// A visitor is sent to log in, and after logging in lands on the page asked for.
func TestLoginThenBackToPage(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Ada", "ada@example.com", "Acme")
	v := c.newClient()

	r := v.get("/o/" + slug + "/stack")
	want := "/login?next=%2Fo%2F" + slug + "%2Fstack"
	if r.StatusCode != http.StatusSeeOther || r.location() != want {
		t.Fatalf("anonymous GET stack = %d Location %q, want 303 %q", r.StatusCode, r.location(), want)
	}
	page := v.follow(r)
	var next *html.Node
	for _, in := range byTag(page.doc(t), "input") {
		if attr(in, "name") == "next" {
			next = in
		}
	}
	if next == nil || attr(next, "value") != "/o/"+slug+"/stack" {
		t.Fatalf("login form carries next = %v, want /o/%s/stack", next, slug)
	}
	in := v.login("ada@example.com", testPassword, attr(next, "value"))
	if in.StatusCode != http.StatusSeeOther || in.location() != "/o/"+slug+"/stack" {
		t.Fatalf("login = %d Location %q, want 303 /o/%s/stack", in.StatusCode, in.location(), slug)
	}
	if s := v.follow(in); s.StatusCode != http.StatusOK || h1(t, s) != "Tech-stack audit" {
		t.Errorf("stack page after login = %d %q", s.StatusCode, h1(t, s))
	}
	// A form posted while logged out is not replayed after login.
	if r := c.newClient().post("/orgs", form("name", "Replayed")); r.StatusCode != http.StatusSeeOther || r.location() != "/login" {
		t.Errorf("anonymous POST /orgs = %d Location %q, want 303 /login (no next)", r.StatusCode, r.location())
	}
	// The dashboard asks to come back too.
	if d := c.newClient().get("/o/" + slug + "/"); d.location() != "/login?next="+url.QueryEscape("/o/"+slug+"/") {
		t.Errorf("anonymous dashboard Location = %q", d.location())
	}
}

func TestSeveralOrganizations(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	first := c.signup("Ada", "ada@example.com", "Acme")
	// Someone else's organization must not appear in Ada's lists.
	c.newClient().signup("Eve", "eve@example.com", "Evil Corp")

	r := c.post("/orgs", form("name", "Zeta Labs"))
	if r.StatusCode != http.StatusSeeOther || r.location() != "/o/zeta-labs/" {
		t.Fatalf("POST /orgs = %d Location %q, want 303 /o/zeta-labs/", r.StatusCode, r.location())
	}
	dash := c.follow(r)
	if h1(t, dash) != "Zeta Labs" {
		t.Errorf("new org dashboard h1 = %q", h1(t, dash))
	}
	want := []string{"/o/" + first + "/", "/o/zeta-labs/"}
	orgLinks := func(n []string) []string {
		var out []string
		for _, h := range n {
			if strings.HasPrefix(h, "/o/") {
				out = append(out, h)
			}
		}
		return out
	}
	// One switcher in the sidebar and its copy in the narrow screens' menu.
	switchers := findAll(dash.doc(t), func(e *html.Node) bool { return hasClass(e, "org-switcher") })
	if len(switchers) != 2 {
		t.Fatalf("%d org switchers on the dashboard, want 2 (sidebar and menu)", len(switchers))
	}
	for _, sw := range switchers {
		if got := orgLinks(hrefs(sw)); !slices.Equal(got, want) {
			t.Errorf("switcher links = %q, want %q", got, want)
		}
	}
	picker := c.get("/orgs")
	lists := findAll(picker.doc(t), func(e *html.Node) bool { return hasClass(e, "org-list") })
	if picker.StatusCode != http.StatusOK || len(lists) != 1 {
		t.Fatalf("/orgs = %d with %d org lists", picker.StatusCode, len(lists))
	}
	if got := orgLinks(hrefs(lists[0])); !slices.Equal(got, want) {
		t.Errorf("/orgs links = %q, want %q", got, want)
	}
	if strings.Contains(picker.body, "Evil Corp") {
		t.Error("/orgs lists another user's organization")
	}
	// Both organizations open.
	for _, p := range want {
		if r := c.get(p); r.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d", p, r.StatusCode)
		}
	}
}

func TestCreateOrgValidation(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	c.signup("Ada", "ada@example.com", "Acme")
	tests := []struct{ name, value, msg string }{
		{"empty", "", "Organization name is required."},
		{"blank", "  \t ", "Organization name is required."},
		{"too long", strings.Repeat("x", 201), "Organization name must be at most 200 characters."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := c.in(t)
			before := c.rowCounts()
			r := c.post("/orgs", form("name", tt.value))
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.StatusCode)
			}
			if got := text(byID(r.doc(t), "f-name-error")); got != tt.msg {
				t.Errorf("message beside name = %q, want %q", got, tt.msg)
			}
			if after := c.rowCounts(); !after.equal(before) {
				t.Errorf("rows changed: %v → %v", before, after)
			}
		})
	}
}

// The landing page sends a logged-in visitor back to work.
func TestLandingForLoggedInUser(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	if r := c.get("/"); !slices.Contains(hrefs(r.doc(t)), "/signup") {
		t.Error("a visitor's landing page has no sign-up link")
	}
	slug := c.signup("Ada", "ada@example.com", "Acme")
	r := c.get("/")
	if r.StatusCode != http.StatusOK || !slices.Contains(hrefs(r.doc(t)), "/o/"+slug+"/") || !strings.Contains(r.body, "Open your dashboard") {
		t.Errorf("logged-in landing: %d, no link to /o/%s/", r.StatusCode, slug)
	}
	c.post("/orgs", form("name", "Second"))
	if r := c.get("/"); !slices.Contains(hrefs(r.doc(t)), "/orgs") {
		t.Error("with two organizations the landing page should link to the picker")
	}
}
