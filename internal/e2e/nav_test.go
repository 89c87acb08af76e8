package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Every item of the organization's navigation, and the account menu, can be
// reached at every screen size: on a desktop in the sidebar, below that
// behind the Menu button; the current item is marked in both.
func TestNavigationReachableAtEveryWidth(t *testing.T) {
	a := newApp(t)
	ctx := newBrowser(t)
	signUpInBrowser(t, ctx, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")
	want := []string{"Dashboard", "Tech stack", "Skills", "KPIs", "Infrastructure", "Maturity", "Roadmap", "Team", "Settings"}

	// visibleLinks lists the visible links' first words inside css, after
	// the layout settled at the current size.
	visibleLinks := func(css string) []string {
		t.Helper()
		sctx, cancel := step(ctx)
		defer cancel()
		got, err := chromedp.Run(sctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(`+"`"+css+" a`"+`)]
			.filter(a => { const r = a.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.bottom <= innerHeight + 2000 })
			.map(a => a.textContent.replace(/\s+/g, ' ').trim())`))
		if err != nil {
			t.Fatalf("links in %s: %v", css, err)
		}
		return got
	}
	has := func(links []string, label string) bool {
		for _, l := range links {
			if strings.Contains(l, label) {
				return true
			}
		}
		return false
	}
	for _, s := range screenSizes {
		t.Run(s.name, func(t *testing.T) {
			var opts []chromedp.EmulateViewportOption
			if s.mobile {
				opts = append(opts, chromedp.EmulateMobile)
			}
			visit(t, ctx, a.URL+"/o/acme-corp/team")
			sctx, cancel := step(ctx)
			err := chromedp.Do(sctx, chromedp.EmulateViewport(s.width, s.height, opts...))
			cancel()
			if err != nil {
				t.Fatal(err)
			}
			where := "aside nav.section-nav"
			if s.width < 1024 {
				if got := visibleLinks("aside nav.section-nav"); len(got) != 0 {
					t.Errorf("the sidebar shows at %s: %v", s.name, got)
				}
				click(t, ctx, `details.nav-menu > summary`)
				where = "details.nav-menu nav.menu-nav"
			} else if got := visibleLinks("details.nav-menu"); len(got) != 0 {
				t.Errorf("the menu's copy shows on a desktop: %v", got)
			}
			links := visibleLinks(where)
			if s.name == "390x844" {
				shot(t, ctx, "menu-open-390")
			}
			for _, label := range want {
				if !has(links, label) {
					t.Errorf("at %s, %q is not reachable in %s (visible: %v)", s.name, label, where, links)
				}
			}
			current, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('`+where+` a[aria-current="page"]') || {}).textContent || ''`))
			if err != nil || strings.TrimSpace(current) != "Team" {
				t.Errorf("at %s the current item is %q (%v), want Team", s.name, current, err)
			}
			// The account menu, whatever the width.
			click(t, ctx, `details.user-menu > summary`)
			if menu := visibleLinks("details.user-menu"); !has(menu, "Account") || !has(menu, "Your organizations") {
				t.Errorf("at %s the account menu shows %v", s.name, menu)
			}
			waitVisible(t, ctx, `details.user-menu form.logout button`)
		})
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
}

// shot saves one screenshot at the current size (HEADWAY_SCREENSHOTS).
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("HEADWAY_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
