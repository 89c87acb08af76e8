package e2e

import (
	"context"
	_ "embed"
	"fmt"
	nethttp "net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/headwayhq/headway/internal/mail/mailtest"
)

// axeSource is axe-core (testdata/axe.min.js, MPL-2.0, see
// testdata/axe-core.LICENSE), the accessibility rules engine that checkA11y
// runs in the page.
//
//go:embed testdata/axe.min.js
var axeSource string

// axeTags are the rule sets checkA11y runs: WCAG 2.0 and 2.1, levels A and AA.
const axeTags = `['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']`

// axeRun runs axe on the whole document and returns the ids of the rules
// that passed and of those it could not decide, and its violations, each cut
// down to what a failure message needs: the first few elements, each with
// what is wrong with it.
const axeRun = `axe.run(document, {
	runOnly: {type: 'tag', values: ` + axeTags + `},
	resultTypes: ['violations'],
}).then(r => ({
	passes: r.passes.map(p => p.id),
	incomplete: r.incomplete.map(p => p.id),
	violations: r.violations.map(v => ({
		id: v.id,
		impact: v.impact || '',
		help: v.help,
		helpUrl: v.helpUrl,
		count: v.nodes.length,
		nodes: v.nodes.slice(0, 4).map(n => ({
			target: n.target.map(s => Array.isArray(s) ? s.join(' >>> ') : s).join(' '),
			problem: [...n.all, ...n.none, ...n.any.slice(0, 1)].map(c => c.message).join('; '),
		})),
	})),
}))`

// axeResults is what axeRun returns.
type axeResults struct {
	Passes     []string       `json:"passes"`
	Incomplete []string       `json:"incomplete"`
	Violations []axeViolation `json:"violations"`
}

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

// axeMustEvaluate are rules that apply to every page of the app: each must
// come back passed or violated (not missing, not undecided). This is the
// positive control: an axe that ran no rules, or a stub, returns none of
// them and fails the check instead of reporting a clean page.
var axeMustEvaluate = []string{"document-title", "html-has-lang", "color-contrast"}

// runAxe runs axe-core (WCAG 2.0/2.1 A and AA rules) on the current page as
// it is now laid out. axe is injected through DevTools, which the page's
// Content-Security-Policy does not govern.
func runAxe(ctx context.Context) (axeResults, error) {
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === 'object'`))
	if err != nil {
		return axeResults{}, err
	}
	if !loaded {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
			return axeResults{}, fmt.Errorf("inject axe-core: %w", err)
		}
	}
	r, err := chromedp.Run(ctx, chromedp.Evaluate[axeResults](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		return axeResults{}, fmt.Errorf("run axe-core: %w", err)
	}
	return r, nil
}

// a11yProblems judges axe's results: every WCAG A/AA violation, whatever
// its impact (minor ones too: they are failures of the same criteria), and
// a run that did not evaluate the rules every page has.
func a11yProblems(r axeResults) []string {
	var problems []string
	if len(r.Passes) == 0 {
		problems = append(problems, "axe-core passed no rule: it did not run (positive control)")
	}
	for _, id := range axeMustEvaluate {
		evaluated := slices.Contains(r.Passes, id) || slices.ContainsFunc(r.Violations, func(v axeViolation) bool { return v.ID == id })
		if !evaluated {
			problems = append(problems, fmt.Sprintf("axe-core did not evaluate rule %s, which applies to every page (positive control; undecided: %v)", id, slices.Contains(r.Incomplete, id)))
		}
	}
	for _, v := range r.Violations {
		problems = append(problems, v.String())
	}
	return problems
}

// checkA11y runs axe on the current page and fails the test on every
// problem a11yProblems finds.
func checkA11y(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	r, err := runAxe(ctx)
	if err != nil {
		t.Fatalf("a11y %s: %v", name, err)
	}
	for _, p := range a11yProblems(r) {
		t.Errorf("a11y %s: %s", name, p)
	}
}

// defectsPage is a page with known accessibility defects, one of each
// impact (testdata/a11y-defects.html).
//
//go:embed testdata/a11y-defects.html
var defectsPage string

// The browser checks can fail: on a page with known defects, axe-core
// reports each of them, whatever its impact, and a11yProblems turns each into
// a failure (a broken axe, a stub or a filter on impact would pass the app's
// pages; it cannot pass this one); and a document that answers 500 or fails
// to load is caught though its page has a <main>.
func TestChecksCatchKnownDefects(t *testing.T) {
	srv := httptest.NewServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		switch r.URL.Path {
		case "/boom":
			w.WriteHeader(nethttp.StatusInternalServerError)
			fmt.Fprint(w, `<!DOCTYPE html><html lang="en"><title>Boom</title><main><h1>Boom</h1></main></html>`)
		case "/cut": // the connection closes before any answer
			conn, _, err := nethttp.NewResponseController(w).Hijack()
			if err == nil {
				conn.Close()
			}
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, defectsPage)
		}
	}))
	t.Cleanup(srv.Close)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, emulateMedia("")); err != nil {
		t.Fatal(err)
	}

	t.Run("axe", func(t *testing.T) {
		visit(t, ctx, srv.URL+"/")
		expectPage(t, ctx, page{name: "known defects", path: "/", heading: "Known accessibility defects"})
		sctx, cancel := step(ctx)
		defer cancel()
		r, err := runAxe(sctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{ // rule: impact
			"image-alt":            "critical",
			"label":                "critical",
			"color-contrast":       "serious",
			"meta-viewport":        "moderate",
			"aria-deprecated-role": "minor",
		}
		got := map[string]string{}
		for _, v := range r.Violations {
			got[v.ID] = v.Impact
		}
		for id, impact := range want {
			if got[id] != impact {
				t.Errorf("axe-core on the known-bad page: rule %s reported with impact %q, want %q", id, got[id], impact)
			}
		}
		problems := a11yProblems(r)
		for id := range want {
			if !slices.ContainsFunc(problems, func(p string) bool { return strings.HasPrefix(p, id+" ") }) {
				t.Errorf("a11yProblems does not fail on %s; it reports:\n%s", id, strings.Join(problems, "\n"))
			}
		}
		if len(r.Passes) == 0 {
			t.Errorf("axe-core passed no rule on the known-bad page, whose title and language are fine")
		}
	})

	t.Run("documents", func(t *testing.T) {
		d := ctx.Value(documentsKey{}).(*documents)
		d.judge(200) // forget the pages before
		visit(t, ctx, srv.URL+"/boom")
		if p := d.judge(200); len(p) != 1 || !strings.Contains(p[0], "/boom: 500") {
			t.Errorf("after a 500 page the verdict is %q, want the 500", p)
		}
		sctx, cancel := step(ctx)
		defer cancel()
		_ = chromedp.Do(sctx, chromedp.Navigate(srv.URL+"/cut")) // fails: the verdict tells how
		if p := d.judge(200); len(p) != 1 || !strings.Contains(p[0], "/cut: net::ERR_EMPTY_RESPONSE") {
			t.Errorf("after a failed load the verdict is %q, want its network error", p)
		}
		visit(t, ctx, srv.URL+"/boom")
		visit(t, ctx, srv.URL+"/")
		if p := d.judge(200); len(p) != 1 || !strings.Contains(p[0], "before this page the tab loaded document "+srv.URL+"/boom: 500") {
			t.Errorf("after a 500 page then a good one the verdict is %q, want the 500", p)
		}
		if p := d.judge(200); len(p) != 0 {
			t.Errorf("with no new document the verdict on the page shown (200) is %q, want none", p)
		}
	})
}

// The positive control of a11yProblems: results without evidence that axe
// evaluated the rules every page has are a failure, not a clean page.
func TestA11yProblemsNeedEvidence(t *testing.T) {
	for _, r := range []axeResults{
		{}, // what a stub returns
		{Passes: []string{"document-title", "html-has-lang"}},                                         // contrast not evaluated
		{Passes: []string{"document-title", "html-has-lang"}, Incomplete: []string{"color-contrast"}}, // nor decided
	} {
		if len(a11yProblems(r)) == 0 {
			t.Errorf("a11yProblems(%+v) finds nothing, want a failure", r)
		}
	}
	if p := a11yProblems(axeResults{Passes: axeMustEvaluate}); len(p) != 0 {
		t.Errorf("a11yProblems of a clean run = %q, want none", p)
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

// page is what a test expects to see before it checks a page: the name of
// the check, the path (with the query, if any) the browser is at, the text of
// the page's <h1> and the status of the document (200 unless the test wants
// an error page).
type page struct {
	name, path, heading string
	status              int64
}

// expectPage fails the test unless the tab shows the page p describes: the
// document answered p.status (and nothing it loaded since the last check
// failed), the browser is at p.path and the heading is p.heading. A check
// of "settings" must not pass on a 403 or a login page.
func expectPage(t *testing.T, ctx context.Context, p page) {
	t.Helper()
	want := p.status
	if want == 0 {
		want = 200
	}
	expectDocument(t, ctx, want)
	sctx, cancel := step(ctx)
	defer cancel()
	got, err := chromedp.Run(sctx, chromedp.Evaluate[[]string](`[location.pathname + location.search,
		(document.querySelector('main h1') || {textContent: ''}).textContent.trim().replace(/\s+/g, ' ')]`))
	if err != nil {
		t.Fatalf("%s: %v", p.name, err)
	}
	if got[0] != p.path || got[1] != p.heading {
		t.Fatalf("%s: the browser shows %s with heading %q, want %s with %q", p.name, got[0], got[1], p.path, p.heading)
	}
}

// checkPage asserts the tab shows the page p (expectPage), then runs
// checkA11y on it in light and dark mode, at phone, tablet and desktop
// widths, and restores the default (light, 1280×900), all within one
// stepTimeout. Run emulateMedia("") on a tab before it opens its first page.
func checkPage(t *testing.T, ctx context.Context, p page) {
	t.Helper()
	expectPage(t, ctx, p)
	sctx, cancel := step(ctx)
	defer cancel()
	for _, scheme := range colorSchemes {
		for _, s := range screenSizes {
			var opts []chromedp.EmulateViewportOption
			if s.mobile {
				opts = append(opts, chromedp.EmulateMobile)
			}
			if err := chromedp.Do(sctx, emulateMedia(scheme), chromedp.EmulateViewport(s.width, s.height, opts...), settle); err != nil {
				t.Fatalf("a11y %s: emulate %s at %s: %v", p.name, scheme, s.name, err)
			}
			checkA11y(t, sctx, fmt.Sprintf("%s [%s %s]", p.name, scheme, s.name))
		}
	}
	if err := chromedp.Do(sctx, emulateMedia(""), chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "a11y-"+strings.NewReplacer(" ", "-", "(", "", ")", "").Replace(p.name))
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
// dark mode, on a phone, a tablet and a desktop, including with form errors,
// flash messages, a pending invitation, a second member and a second
// organization, and the error pages (403, 404, 410). And keyboard users
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
	checkPage(t, owner, page{name: "landing", path: "/", heading: "Know what to improve next in how you ship software, and why."})

	visit(t, owner, a.URL+"/signup")
	checkPage(t, owner, page{name: "signup", path: "/signup", heading: "Create your account"})
	checkTabOrder(t, owner, a.URL+"/signup")
	click(t, owner, `form[action="/signup"] button[type="submit"]`)
	waitVisible(t, owner, `#f-name-error`)
	checkPage(t, owner, page{name: "signup with errors", path: "/signup", heading: "Create your account", status: 422})

	visit(t, owner, a.URL+"/login")
	fill(t, owner, `#f-email`, "nobody@example.com")
	fill(t, owner, `#f-password`, "not the password")
	click(t, owner, `form[action="/login"] button[type="submit"]`)
	waitVisible(t, owner, `main [role="alert"]`)
	checkPage(t, owner, page{name: "login with an error", path: "/login", heading: "Log in", status: 422})

	visit(t, owner, a.URL+"/password/forgot")
	checkPage(t, owner, page{name: "forgot password", path: "/password/forgot", heading: "Reset your password"})
	fill(t, owner, `#f-email`, "nobody@example.com")
	click(t, owner, `form[action="/password/forgot"] button[type="submit"]`)
	waitVisible(t, owner, `main [role="status"]`)
	checkPage(t, owner, page{name: "forgot password sent", path: "/password/forgot", heading: "Check your email"})

	visit(t, owner, a.URL+"/no/such/page")
	waitVisible(t, owner, `.error-page`)
	checkPage(t, owner, page{name: "404", path: "/no/such/page", heading: "Page not found", status: 404})

	// The owner signs up: the dashboard, with its welcome message.
	signUpInBrowser(t, owner, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")
	checkPage(t, owner, page{name: "dashboard", path: "/o/acme-corp/", heading: "Acme Corp"})
	click(t, owner, `aside details.org-switcher > summary`)
	waitVisible(t, owner, `aside details.org-switcher a[href="/orgs/new"]`)
	checkPage(t, owner, page{name: "dashboard with the organization menu open", path: "/o/acme-corp/", heading: "Acme Corp"})

	visit(t, owner, a.URL+"/o/acme-corp/stack")
	checkPage(t, owner, page{name: "empty inventory with the starter catalog", path: "/o/acme-corp/stack", heading: "Tech-stack audit"})
	visit(t, owner, a.URL+"/o/acme-corp/skills")
	checkPage(t, owner, page{name: "coming soon", path: "/o/acme-corp/skills", heading: "Skills matrix"})

	// A second organization, then the picker that lists both.
	visit(t, owner, a.URL+"/orgs/new")
	checkPage(t, owner, page{name: "new organization", path: "/orgs/new", heading: "New organization"})
	click(t, owner, `main form button[type="submit"]`)
	waitVisible(t, owner, `#f-name-error`)
	checkPage(t, owner, page{name: "new organization with an error", path: "/orgs", heading: "New organization", status: 422})
	fill(t, owner, `#f-name`, "Beta Labs")
	click(t, owner, `main form button[type="submit"]`)
	waitVisible(t, owner, `nav.section-nav`)
	checkPage(t, owner, page{name: "second organization dashboard", path: "/o/beta-labs/", heading: "Beta Labs"})
	visit(t, owner, a.URL+"/orgs")
	checkPage(t, owner, page{name: "organization picker", path: "/orgs", heading: "Your organizations"})
	if got := textOf(t, owner, `main`); !strings.Contains(got, "Acme Corp") || !strings.Contains(got, "Beta Labs") {
		t.Errorf("organization picker = %q, want Acme Corp and Beta Labs", got)
	}

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
		.querySelector('.invite-link input').value.replace(/^[a-z]+:\/\/[^/]+/, '')`))
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
	// The page's link (shared by hand) first confirms the address with a
	// code; the emailed one goes straight to the sign-up form.
	visit(t, nina, a.URL+link)
	checkPage(t, nina, page{name: "invitation code request", path: link, heading: "Join Acme Corp on Headway"})
	click(t, nina, `main form[action$="/code"] button[type="submit"]`)
	waitVisible(t, nina, `#f-code`)
	checkPage(t, nina, page{name: "invitation code entry", path: link, heading: "Join Acme Corp on Headway"})
	var emailed string
	for _, m := range a.mail.To("nina@example.com") {
		if l := mailtest.FindLink(m.Text, "/invitations/"); l != "" {
			emailed = l
		}
	}
	eu, err := url.Parse(emailed)
	if err != nil || eu.Path != link || eu.Query().Get("proof") == "" {
		t.Fatalf("nina's emailed link = %q, want %s with a proof", emailed, link)
	}
	visit(t, nina, a.URL+eu.RequestURI())
	waitVisible(t, nina, `#f-password`)
	checkPage(t, nina, page{name: "invitation signup", path: eu.RequestURI(), heading: "Join Acme Corp on Headway"})
	visit(t, nina, a.URL+"/invitations/not-a-valid-token")
	checkPage(t, nina, page{name: "unusable invitation", path: "/invitations/not-a-valid-token", heading: "This invitation cannot be used", status: 404})
	visit(t, nina, a.URL+eu.RequestURI())
	fill(t, nina, `#f-name`, "Nina Newcomer")
	fill(t, nina, `#f-password`, "a brand new passphrase")
	click(t, nina, `main form button[type="submit"]`)
	waitVisible(t, nina, `nav.section-nav`)
	// A new member lands on the self-rating page, with its welcome.
	waitVisible(t, nina, `section.welcome`)
	checkPage(t, nina, page{name: "self-rating with the welcome", path: "/o/acme-corp/skills/me", heading: "Rate your skills"})
	visit(t, nina, a.URL+"/o/acme-corp/")
	checkPage(t, nina, page{name: "member dashboard", path: "/o/acme-corp/", heading: "Acme Corp"})

	// Nina, a member: her used link (410), a page only admins may open
	// (403), and the confirmation to leave.
	visit(t, nina, a.URL+link)
	checkPage(t, nina, page{name: "used invitation", path: link, heading: "This invitation cannot be used", status: 410})
	visit(t, nina, a.URL+"/o/acme-corp/settings")
	checkPage(t, nina, page{name: "403", path: "/o/acme-corp/settings", heading: "Not allowed", status: 403})
	visit(t, nina, a.URL+"/o/acme-corp/team/leave")
	checkPage(t, nina, page{name: "leave organization", path: "/o/acme-corp/team/leave", heading: "Leave Acme Corp?"})

	visit(t, owner, a.URL+"/o/acme-corp/team")
	if got := textOf(t, owner, `table.members-table tbody`); !strings.Contains(got, "Nina Newcomer") {
		t.Fatalf("members table = %q, want Nina Newcomer", got)
	}
	waitVisible(t, owner, `li.invite`)
	checkPage(t, owner, page{name: "team", path: "/o/acme-corp/team", heading: "Team"})
	remove, err := chromedp.Run(owner, chromedp.Evaluate[string](`[...document.querySelectorAll('table.members-table a.danger-link')]
		.find(a => a.textContent.includes('Nina Newcomer')).getAttribute('href')`))
	if err != nil {
		t.Fatalf("the link to remove Nina: %v", err)
	}
	click(t, owner, `table.members-table a.danger-link[href="`+remove+`"]`)
	waitVisible(t, owner, `main form[action="`+remove+`"]`)
	checkPage(t, owner, page{name: "remove member", path: remove, heading: "Remove Nina Newcomer?"})

	visit(t, owner, a.URL+"/o/acme-corp/settings")
	checkPage(t, owner, page{name: "settings", path: "/o/acme-corp/settings", heading: "Settings"})

	visit(t, owner, a.URL+"/o/acme-corp/settings/tokens")
	fill(t, owner, `#f-name`, "GitHub Actions deploy pipeline")
	click(t, owner, `form[action="/o/acme-corp/settings/tokens"] button[type="submit"]`)
	waitVisible(t, owner, `#new-token`)
	checkPage(t, owner, page{name: "tokens", path: "/o/acme-corp/settings/tokens", heading: "API tokens"})

	visit(t, owner, a.URL+"/o/acme-corp/settings/audit")
	checkPage(t, owner, page{name: "audit log", path: "/o/acme-corp/settings/audit", heading: "Audit log"})

	visit(t, owner, a.URL+"/o/acme-corp/settings/delete")
	checkPage(t, owner, page{name: "delete organization", path: "/o/acme-corp/settings/delete", heading: "Delete Acme Corp?"})

	// The account: the page, a failed password change, an email change's
	// link (not confirmed: the reset below needs the old address) and the
	// delete page of a last owner.
	visit(t, owner, a.URL+"/account")
	checkPage(t, owner, page{name: "account", path: "/account", heading: "Your account"})
	fill(t, owner, `#f-current_password`, "not the password")
	fill(t, owner, `#f-password`, "short")
	click(t, owner, `form[action="/account/password"] button[type="submit"]`)
	waitVisible(t, owner, `#f-current_password-error`)
	checkPage(t, owner, page{name: "account with errors", path: "/account/password", heading: "Your account", status: 422})
	visit(t, owner, a.URL+"/account")
	fill(t, owner, `#f-email`, "olivia.new@example.com")
	fill(t, owner, `#f-email_password`, "correct horse battery")
	click(t, owner, `form[action="/account/email"] button[type="submit"]`)
	waitVisible(t, owner, `main [role="status"]`)
	a.srv.Wait()
	changeMsgs := a.mail.To("olivia.new@example.com")
	if len(changeMsgs) != 1 {
		t.Fatalf("%d emails to olivia.new@example.com, want 1 with a link", len(changeMsgs))
	}
	changeURL, err := url.Parse(mailtest.FindLink(changeMsgs[0].Text, "/account/email/"))
	if err != nil {
		t.Fatal(err)
	}
	visit(t, owner, a.URL+changeURL.Path)
	checkPage(t, owner, page{name: "confirm new email", path: changeURL.Path, heading: "Use olivia.new@example.com to log in?"})
	visit(t, owner, a.URL+"/account/delete")
	checkPage(t, owner, page{name: "delete account of a last owner", path: "/account/delete", heading: "Delete your account?"})

	// Last, as it logs Olivia out everywhere: a password reset, in a third
	// context, from the link the mail recorder holds.
	visitor := newPerson(t, owner)
	if err := chromedp.Do(visitor, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	visit(t, visitor, a.URL+"/password/forgot")
	fill(t, visitor, `#f-email`, "olivia@example.com")
	click(t, visitor, `form[action="/password/forgot"] button[type="submit"]`)
	waitVisible(t, visitor, `main [role="status"]`)
	a.srv.Wait() // the link is stored and sent after the response
	msgs := a.mail.To("olivia@example.com")
	if len(msgs) != 1 {
		t.Fatalf("%d emails to olivia@example.com, want 1 with a reset link", len(msgs))
	}
	resetURL, err := url.Parse(mailtest.FindLink(msgs[0].Text, "/password/reset/"))
	if err != nil || !strings.HasPrefix(resetURL.Path, "/password/reset/") {
		t.Fatalf("reset link in %q: %v", msgs[0].Text, err)
	}
	reset := resetURL.Path
	visit(t, visitor, a.URL+reset)
	checkPage(t, visitor, page{name: "reset password", path: reset, heading: "Choose a new password"})
	fill(t, visitor, `#f-password`, "short")
	click(t, visitor, `main form button[type="submit"]`)
	waitVisible(t, visitor, `#f-password-error`)
	checkPage(t, visitor, page{name: "reset password with an error", path: reset, heading: "Choose a new password", status: 422})
	clearField(t, visitor, `#f-password`)
	fill(t, visitor, `#f-password`, "another correct horse")
	click(t, visitor, `main form button[type="submit"]`)
	waitVisible(t, visitor, `ul.org-list`) // Olivia has two organizations to choose from
	checkPage(t, visitor, page{name: "organization picker with a flash", path: "/orgs", heading: "Your organizations"})
	visit(t, visitor, a.URL+reset)
	checkPage(t, visitor, page{name: "used reset link", path: reset, heading: "This reset link cannot be used", status: 410})
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
