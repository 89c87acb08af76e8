package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The public template page, for a visitor without an account: the
// landing page links nowhere new, so the visitor types the address; the
// page offers both blank files and a sign-up, without the organization
// navigation, and passes axe at every width in light and dark. Once
// signed up, the same page lists the organization's filled exports.
func TestTemplatePage(t *testing.T) {
	a := newApp(t)
	visitor := newBrowser(t)
	if err := chromedp.Do(visitor, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	visit(t, visitor, a.URL+"/template")
	waitVisible(t, visitor, `a[href="/template/headway-roadmap-template.xlsx"]`)
	waitVisible(t, visitor, `a[href="/template/headway-roadmap-template.pdf"]`)
	body := textOf(t, visitor, `body`)
	for _, want := range []string{"The DevOps roadmap template", "1 Stack audit", "4 Maturity", "Fill it offline and upload it", "Sign up"} {
		if !strings.Contains(body, want) {
			t.Errorf("the template page lacks %q", want)
		}
	}
	n, err := chromedp.Run(visitor, chromedp.Evaluate[int](`document.querySelectorAll('aside.sidebar, .nav-menu').length`))
	if err != nil || n != 0 {
		t.Errorf("the public template page has %d organization navigations (%v)", n, err)
	}
	checkPage(t, visitor, page{name: "template", path: "/template", heading: "The DevOps roadmap template"})

	signUpInBrowser(t, visitor, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")
	visit(t, visitor, a.URL+"/template")
	waitVisible(t, visitor, `.roadmap-downloads a[href="/o/acme-corp/roadmap.md"]`)
	checkPage(t, visitor, page{name: "template logged in", path: "/template", heading: "The DevOps roadmap template"})
}
