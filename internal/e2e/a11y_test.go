package e2e

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// axeSource is axe-core (testdata/axe.min.js, MPL-2.0, see
// testdata/axe-core.LICENSE), the accessibility rules engine that checkA11y
// runs in the page.
//
//go:embed testdata/axe.min.js
var axeSource string

// axeTags are the rule sets checkA11y runs: WCAG 2.0 and 2.1, levels A and AA.
const axeTags = `['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']`

// axeRun runs axe on the whole document and returns its violations, each cut
// down to what a failure message needs: the first few elements, each with
// what is wrong with it.
const axeRun = `axe.run(document, {
	runOnly: {type: 'tag', values: ` + axeTags + `},
	resultTypes: ['violations'],
}).then(r => r.violations.map(v => ({
	id: v.id,
	impact: v.impact || '',
	help: v.help,
	helpUrl: v.helpUrl,
	count: v.nodes.length,
	nodes: v.nodes.slice(0, 4).map(n => ({
		target: n.target.map(s => Array.isArray(s) ? s.join(' >>> ') : s).join(' '),
		problem: [...n.all, ...n.none, ...n.any.slice(0, 1)].map(c => c.message).join('; '),
	})),
})))`

// axeViolation is one rule that failed, with the first few elements it
// failed on.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Count   int    `json:"count"`
	Nodes   []struct {
		Target  string `json:"target"`
		Problem string `json:"problem"`
	} `json:"nodes"`
}

func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s, on %d element(s)", v.ID, v.Impact, v.Help, v.Count)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n\t%s: %s", n.Target, n.Problem)
	}
	if v.Count > len(v.Nodes) {
		fmt.Fprintf(&b, "\n\t… and %d more", v.Count-len(v.Nodes))
	}
	fmt.Fprintf(&b, "\n\t%s", v.HelpURL)
	return b.String()
}

// checkA11y runs axe-core (WCAG 2.0/2.1 A and AA rules) on the current page as
// it is now laid out, and fails the test on every serious or critical
// violation; moderate and minor ones are logged. axe is injected through
// DevTools, which the page's Content-Security-Policy does not govern.
func checkA11y(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === 'object'`))
	if err != nil {
		t.Fatalf("a11y %s: %v", name, err)
	}
	if !loaded {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
			t.Fatalf("a11y %s: inject axe-core: %v", name, err)
		}
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("a11y %s: run axe-core: %v", name, err)
	}
	for _, v := range violations {
		switch v.Impact {
		case "serious", "critical":
			t.Errorf("a11y %s: %s", name, v)
		default:
			t.Logf("a11y %s (not failing): %s", name, v)
		}
	}
}

// colorSchemes are the values of prefers-color-scheme the pages are checked in.
var colorSchemes = []string{"light", "dark"}

// emulateMedia makes the page match prefers-reduced-motion: reduce, so that
// Pico turns its transitions off and axe never sees a colour halfway through
// one (say, of a link still fading from its hover colour after a click), and
// prefers-color-scheme: scheme unless scheme is empty.
func emulateMedia(scheme string) chromedp.Action[chromedp.Void] {
	p := emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}},
	}
	if scheme != "" {
		p.Features = append(p.Features, &emulation.MediaFeature{Name: "prefers-color-scheme", Value: scheme})
	}
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, p)
		return err
	})
}

// settle waits until the page has been laid out and painted again.
var settle = chromedp.Evaluate[chromedp.Void](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r())))`, chromedp.EvalAwaitPromise)

// checkPage runs checkA11y on the current page in light and dark mode, at
// phone and desktop widths, then restores the default (light, 1280×900).
// Run emulateMedia("") on a tab before it opens its first page.
func checkPage(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	for _, scheme := range colorSchemes {
		for _, s := range screenSizes {
			var opts []chromedp.EmulateViewportOption
			if s.mobile {
				opts = append(opts, chromedp.EmulateMobile)
			}
			if err := chromedp.Do(ctx, emulateMedia(scheme), chromedp.EmulateViewport(s.width, s.height, opts...), settle); err != nil {
				t.Fatalf("a11y %s: emulate %s at %s: %v", name, scheme, s.name, err)
			}
			checkA11y(t, ctx, fmt.Sprintf("%s [%s %s]", name, scheme, s.name))
		}
	}
	if err := chromedp.Do(ctx, emulateMedia(""), chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "a11y-"+strings.NewReplacer(" ", "-", "(", "", ")", "").Replace(name))
}

// activeElement describes the focused element: #id, or tag and href or text.
var activeElement = chromedp.Evaluate[string](`(() => {
	const e = document.activeElement;
	if (!e || e === document.body) return 'body';
	if (e.id) return '#' + e.id;
	const href = e.getAttribute('href');
	return e.tagName.toLowerCase() + (href ? '[href="' + href + '"]' : '') + ' "' + e.textContent.trim().replace(/\s+/g, ' ') + '"';
})()`)

// Every kind of page passes the WCAG A/AA rules of axe-core in light and
// dark mode, on a phone and a desktop, including with form errors, flash
// messages, a pending invitation and a second member. And keyboard users
// reach the skip link first, then the form fields in order.
func TestAccessibility(t *testing.T) {
	a := newApp(t)
	owner := newBrowser(t)
	if err := chromedp.Do(owner, emulateMedia("")); err != nil {
		t.Fatal(err)
	}

	// Visitor pages. The tab order is checked on the signup page before a
	// failed submission re-renders it with its errors.
	visit(t, owner, a.URL+"/")
	checkPage(t, owner, "landing")

	visit(t, owner, a.URL+"/signup")
	checkPage(t, owner, "signup")
	checkTabOrder(t, owner, a.URL+"/signup")
	click(t, owner, `form[action="/signup"] button[type="submit"]`)
	waitVisible(t, owner, `#f-name-error`)
	checkPage(t, owner, "signup with errors")

	visit(t, owner, a.URL+"/login")
	fill(t, owner, `#f-email`, "nobody@example.com")
	fill(t, owner, `#f-password`, "not the password")
	click(t, owner, `form[action="/login"] button[type="submit"]`)
	waitVisible(t, owner, `main [role="alert"]`)
	checkPage(t, owner, "login with an error")

	visit(t, owner, a.URL+"/password/forgot")
	checkPage(t, owner, "forgot password")

	visit(t, owner, a.URL+"/no/such/page")
	waitVisible(t, owner, `.error-page`)
	checkPage(t, owner, "404")

	// The owner signs up: the dashboard, with its welcome message.
	signUpInBrowser(t, owner, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")
	checkPage(t, owner, "dashboard")
	click(t, owner, `details.org-switcher > summary`)
	waitVisible(t, owner, `details.org-switcher a[href="/orgs/new"]`)
	checkPage(t, owner, "dashboard with the organization menu open")

	visit(t, owner, a.URL+"/o/acme-corp/stack")
	checkPage(t, owner, "coming soon")

	// Two invitations: Nina accepts hers (a second member), Sam's stays
	// pending.
	visit(t, owner, a.URL+"/o/acme-corp/team")
	for i, email := range []string{"nina@example.com", "sam@example.com"} {
		fill(t, owner, `#f-email`, email)
		click(t, owner, `form[action="/o/acme-corp/team/invitations"] button[type="submit"]`)
		waitVisible(t, owner, fmt.Sprintf(`ul.invite-list > li.invite:nth-child(%d)`, i+1))
	}
	link, err := chromedp.Run(owner, chromedp.Evaluate[string](`[...document.querySelectorAll('li.invite')]
		.find(li => li.querySelector('.invite-email').textContent.trim() === 'nina@example.com')
		.querySelector('.invite-link a').getAttribute('href')`))
	if err != nil {
		t.Fatalf("nina's invitation link: %v", err)
	}
	if !strings.HasPrefix(link, "/invitations/") {
		t.Fatalf("nina's invitation link = %q", link)
	}
	nina := newPerson(t, owner)
	if err := chromedp.Do(nina, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	visit(t, nina, a.URL+link)
	waitVisible(t, nina, `#f-password`)
	checkPage(t, nina, "invitation signup")
	visit(t, nina, a.URL+"/invitations/not-a-valid-token")
	checkPage(t, nina, "unusable invitation")
	visit(t, nina, a.URL+link)
	fill(t, nina, `#f-name`, "Nina Newcomer")
	fill(t, nina, `#f-password`, "a brand new passphrase")
	click(t, nina, `main form button[type="submit"]`)
	waitVisible(t, nina, `nav.section-nav`)

	visit(t, owner, a.URL+"/o/acme-corp/team")
	if got := textOf(t, owner, `table.members-table tbody`); !strings.Contains(got, "Nina Newcomer") {
		t.Fatalf("members table = %q, want Nina Newcomer", got)
	}
	waitVisible(t, owner, `li.invite`)
	checkPage(t, owner, "team")

	visit(t, owner, a.URL+"/o/acme-corp/settings")
	checkPage(t, owner, "settings")

	visit(t, owner, a.URL+"/o/acme-corp/settings/tokens")
	fill(t, owner, `#f-name`, "GitHub Actions deploy pipeline")
	click(t, owner, `form[action="/o/acme-corp/settings/tokens"] button[type="submit"]`)
	waitVisible(t, owner, `#new-token`)
	checkPage(t, owner, "tokens")

	visit(t, owner, a.URL+"/o/acme-corp/settings/delete")
	checkPage(t, owner, "delete organization")
}

// checkTabOrder presses Tab from the top of the signup page: the skip link
// comes first and shows, the header's links follow, then the form fields in
// order. Following the skip link moves focus to the main content, so the
// next Tab reaches the first field.
func checkTabOrder(t *testing.T, ctx context.Context, signupURL string) {
	t.Helper()
	press := func(key string) string {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.KeyEvent(key)); err != nil {
			t.Fatalf("press %q: %v", key, err)
		}
		got, err := chromedp.Run(ctx, activeElement)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	const skip = `a[href="#main"] "Skip to main content"`

	visit(t, ctx, signupURL)
	want := []string{
		skip,
		`a[href="/"] "Headway"`,
		`a[href="/login"] "Log in"`,
		`a[href="/signup"] "Sign up"`,
		"#f-name", "#f-email", "#f-password", "#f-org_name",
		`button "Create account"`,
	}
	var got []string
	for range want {
		got = append(got, press("\t"))
		if len(got) == 1 {
			// The focused skip link is on screen.
			shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
				const r = document.activeElement.getBoundingClientRect();
				return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth;
			})()`))
			if err != nil || !shown {
				t.Errorf("the focused skip link is not visible (%v)", err)
			}
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Tab from the top of the signup page focuses\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}

	visit(t, ctx, signupURL)
	if got := press("\t"); got != skip {
		t.Fatalf("first Tab focuses %s, want the skip link", got)
	}
	if got := press("\r"); got != "#main" {
		t.Errorf("after following the skip link the focus is on %s, want #main", got)
	}
	if got := press("\t"); got != "#f-name" {
		t.Errorf("Tab after the skip link focuses %s, want #f-name", got)
	}
}
