package http_test

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// No link promises more than the page it opens: a link to a page that is
// not built yet (a "coming soon" page) says so itself. The walk follows
// every same-site link from the pages an owner and a member see.
func TestLinksAnnounceComingSoonPages(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Links Org")
	c.addMember(slug, "Max Member", "max@example.com", "member")
	max := c.newClient()
	max.mustLogin("max@example.com")
	visitor := c.newClient()

	type found struct{ from, text string }
	for _, who := range []struct {
		name  string
		c     *client
		start []string
	}{
		{"owner", c, []string{"/o/" + slug + "/", "/o/" + slug + "/team", "/o/" + slug + "/settings", "/o/" + slug + "/settings/tokens", "/o/" + slug + "/settings/audit", "/orgs", "/"}},
		{"member", max, []string{"/o/" + slug + "/", "/o/" + slug + "/team"}},
		{"visitor", visitor, []string{"/", "/login", "/signup", "/password/forgot"}},
	} {
		links := map[string][]found{}
		for _, page := range who.start {
			r := who.c.get(page)
			if r.StatusCode != 200 {
				t.Fatalf("%s GET %s = %d", who.name, page, r.StatusCode)
			}
			for _, a := range byTag(r.doc(t), "a") {
				u, err := url.Parse(attr(a, "href"))
				if err != nil || u.Host != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "/static/") {
					continue
				}
				links[u.Path] = append(links[u.Path], found{page, strings.Join(strings.Fields(text(a)), " ")})
			}
		}
		if len(links) < 3 {
			t.Fatalf("%s: only %d links found", who.name, len(links))
		}
		for path, from := range links {
			r := who.c.get(path)
			if r.StatusCode >= 400 {
				t.Errorf("%s: %s links to %s, which answers %d", who.name, from[0].from, path, r.StatusCode)
				continue
			}
			if !isComingSoon(r.doc(t)) {
				continue
			}
			for _, f := range from {
				if !strings.Contains(strings.ToLower(f.text), "soon") {
					t.Errorf("%s: the link %q on %s opens a page that is not built yet (%s) without saying so", who.name, f.text, f.from, path)
				}
			}
		}
	}
}

func isComingSoon(n *html.Node) bool {
	return len(findAll(n, func(e *html.Node) bool { return e.Type == html.ElementNode && hasAttr(e, "data-coming-soon") })) > 0
}
