package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The skills matrix in the browser: a small team seeded through SQL (the
// self-rating page is another journey's), the owner opens the matrix and
// sees a member's row with a gap and a single point of failure, then the
// catalog and the required levels, each checked at phone, tablet and
// desktop widths in light and dark mode. A member sees only their own row.
func TestSkillsMatrixJourney(t *testing.T) {
	a := newApp(t)
	owner := newBrowser(t)
	if err := chromedp.Do(owner, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	signUpInBrowser(t, owner, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")
	su := a.db.Superuser(t)
	ctx := context.Background()
	// Max (SRE) and Priya (platform engineer); Priya alone is a
	// practitioner of Kubernetes.
	if _, err := su.Exec(ctx, `
		WITH o AS (SELECT id FROM organizations WHERE slug = 'acme-corp'),
		u AS (INSERT INTO users (email, name, password_hash) VALUES
			('max@example.com', 'Max Member', (SELECT password_hash FROM users WHERE email = 'olivia@example.com')),
			('priya@example.com', 'Priya Platform', 'never used') RETURNING id, email)
		INSERT INTO memberships (org_id, user_id, role, job_role)
		SELECT o.id, u.id, 'member', CASE u.email WHEN 'max@example.com' THEN 'sre' ELSE 'platform_engineer' END FROM o, u`); err != nil {
		t.Fatal(err)
	}
	if _, err := su.Exec(ctx, `
		INSERT INTO skill_ratings (org_id, user_id, skill_id, level, interested, rated_at)
		SELECT s.org_id, u.id, s.id, v.level, v.interested, now()
		FROM (VALUES ('max@example.com', 'linux', 2, false), ('max@example.com', 'kubernetes', 1, true), ('max@example.com', 'git_branching', 3, false),
			('max@example.com', 'observability', 4, false), ('priya@example.com', 'kubernetes', 4, false), ('priya@example.com', 'linux', 3, false),
			('priya@example.com', 'git_branching', 3, false), ('olivia@example.com', 'linux', 4, false), ('olivia@example.com', 'git_branching', 2, true))
			AS v(email, key, level, interested)
		JOIN users u ON u.email = v.email JOIN skills s ON s.key = v.key`); err != nil {
		t.Fatal(err)
	}

	matrix := page{name: "skills matrix", path: "/o/acme-corp/skills", heading: "Skills matrix"}
	visit(t, owner, a.URL+matrix.path)
	waitVisible(t, owner, `table.heatmap`)
	checkPage(t, owner, matrix)
	row := textOf(t, owner, `table.heatmap tbody tr:nth-child(1)`)
	if !strings.HasPrefix(row, "Max Member") || !strings.Contains(row, "Site reliability engineer") {
		t.Errorf("the first row = %q, want Max Member's (by name), an SRE", row)
	}
	// Max's Linux: 2 against the SRE's 4, a gap shown as −2.
	gap, err := chromedp.Run(owner, chromedp.Evaluate[string](`(() => {
		const col = [...document.querySelectorAll('table.heatmap th.heatmap-skill')].findIndex(th => th.textContent.trim() === 'Linux administration');
		const td = [...document.querySelectorAll('table.heatmap tbody tr')].find(tr => tr.querySelector('th').textContent.includes('Max Member'))
			.querySelectorAll('td')[col];
		return td.className + ' | ' + td.querySelector('.gap').textContent.trim() + ' | ' + td.querySelector('.visually-hidden').textContent.trim();
	})()`))
	if err != nil || !strings.Contains(gap, "has-gap") || !strings.Contains(gap, "| −2 |") || !strings.Contains(gap, "2 Working knowledge; required 4 Expert, gap 2") {
		t.Errorf("Max × Linux = %q (%v), want a gap of 2", gap, err)
	}
	if spof := textOf(t, owner, `.skills-summary .risk-list`); !strings.Contains(spof, "Single point of failure Kubernetes") {
		t.Errorf("single points of failure = %q, want Kubernetes", spof)
	}
	// On a phone the matrix scrolls sideways inside its box, and its
	// first column stays in view; the page itself is no wider than the
	// phone (measured against 390 px: a wider page widens a mobile
	// browser's layout viewport, so innerWidth would follow it).
	if err := chromedp.Do(owner, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), settle); err != nil {
		t.Fatal(err)
	}
	sticky, err := chromedp.Run(owner, chromedp.Evaluate[[]float64](`(() => {
		const box = document.querySelector('.heatmap-scroll'), th = document.querySelector('table.heatmap tbody th');
		const before = th.getBoundingClientRect().left;
		box.scrollLeft = 400;
		const after = th.getBoundingClientRect().left;
		box.scrollLeft = 0;
		return [box.scrollWidth > box.clientWidth ? 1 : 0, before, after, document.documentElement.scrollWidth - 390];
	})()`))
	if err != nil || len(sticky) != 4 || sticky[0] != 1 || sticky[1] != sticky[2] || sticky[3] > 0 {
		t.Errorf("phone: scrolls sideways, member column before and after, page overflow = %v (%v)", sticky, err)
	}
	if err := chromedp.Do(owner, chromedp.EmulateViewport(1280, 900), settle); err != nil {
		t.Fatal(err)
	}

	// Filtered to the containers category and SREs: only Max, only
	// containers' skills.
	visit(t, owner, a.URL+matrix.path+"?category=containers&job_role=sre")
	filtered := page{name: "skills matrix filtered", path: "/o/acme-corp/skills?category=containers&job_role=sre", heading: "Skills matrix"}
	checkPage(t, owner, filtered)
	if n, err := chromedp.Run(owner, chromedp.Evaluate[int](`document.querySelectorAll('table.heatmap tbody tr').length`)); err != nil || n != 1 {
		t.Errorf("filtered rows = %d (%v), want Max's alone", n, err)
	}

	// The catalog and the required levels.
	clickLink(t, owner, `nav.tabs`, "Skills catalog")
	waitVisible(t, owner, `form.skill-form`)
	checkPage(t, owner, page{name: "skills catalog", path: "/o/acme-corp/skills/catalog", heading: "Skills catalog"})
	typeInto(t, owner, `#f-name`, "kubernetes")
	click(t, owner, `form.skill-form button[type="submit"]`)
	waitVisible(t, owner, `#f-name-error`)
	checkPage(t, owner, page{name: "skills catalog duplicate", path: "/o/acme-corp/skills/catalog", heading: "Skills catalog", status: 422})
	clickLink(t, owner, `nav.tabs`, "Required levels")
	waitVisible(t, owner, `form.requirements-form`)
	checkPage(t, owner, page{name: "required levels", path: "/o/acme-corp/skills/requirements", heading: "Required levels"})
	clearField(t, owner, `#req-sre-linux`)
	typeInto(t, owner, `#req-sre-linux`, "9")
	click(t, owner, `form.requirements-form button[type="submit"]`)
	waitVisible(t, owner, `#req-sre-linux-error`)
	checkPage(t, owner, page{name: "required levels error", path: "/o/acme-corp/skills/requirements", heading: "Required levels", status: 422})

	// A member: the aggregates and their own row only.
	member := newPerson(t, owner)
	if err := chromedp.Do(member, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	visit(t, member, a.URL+"/login")
	fill(t, member, `#f-email`, "max@example.com")
	fill(t, member, `#f-password`, "correct horse battery") // Olivia's hash, copied above
	click(t, member, `main form button[type="submit"]`)
	waitVisible(t, member, `nav.section-nav`)
	visit(t, member, a.URL+matrix.path)
	waitVisible(t, member, `table.heatmap`)
	checkPage(t, member, page{name: "skills matrix member", path: "/o/acme-corp/skills", heading: "Skills matrix"})
	body := textOf(t, member, `main`)
	if strings.Contains(body, "Priya Platform") || strings.Contains(body, "Olivia Owner") || !strings.Contains(body, "Max Member") {
		t.Errorf("the member's matrix names someone else or not them: %q", body)
	}
}
