package e2e

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/headwayhq/headway/internal/mail/mailtest"
)

// The owner invites a site reliability engineer from the team page; she
// accepts in her own browser context, lands on the self-rating page with
// the welcome, is refused a level outside the scale, rates every skill and
// flags two as interesting. The owner then sees who has not rated and
// reminds them. Each page passes axe in light and dark at every width.
func TestSelfRatingJourney(t *testing.T) {
	a := newApp(t)
	owner := newBrowser(t)
	if err := chromedp.Do(owner, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	signUpInBrowser(t, owner, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")

	visit(t, owner, a.URL+"/o/acme-corp/team")
	typeInto(t, owner, `#f-email`, "sara@example.com")
	if err := chromedp.Do(owner, chromedp.SetValue(chromedp.CSS(`#f-role`), "member")); err != nil {
		t.Fatal(err)
	}
	typeInto(t, owner, `#f-job_role`, "Site reliability engineer")
	click(t, owner, `form[action="/o/acme-corp/team/invitations"] button[type="submit"]`)
	waitVisible(t, owner, `li.invite`)
	msgs := a.mail.To("sara@example.com")
	if len(msgs) != 1 {
		t.Fatalf("%d invitation emails to sara@example.com, want 1", len(msgs))
	}
	eu, err := url.Parse(mailtest.FindLink(msgs[0].Text, "/invitations/"))
	if err != nil {
		t.Fatal(err)
	}

	// Sara, in her own context, signs up through the emailed link.
	sara := newPerson(t, owner)
	if err := chromedp.Do(sara, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	visit(t, sara, a.URL+eu.RequestURI())
	typeInto(t, sara, `#f-name`, "Sara Reliability")
	typeInto(t, sara, `#f-password`, "a brand new passphrase")
	click(t, sara, `main form button[type="submit"]`)
	waitVisible(t, sara, `form.self-rating`)
	welcome := textOf(t, sara, `section.welcome`)
	for _, want := range []string{"Welcome to Acme Corp!", "Olivia Owner invited you", "the skills matrix shows the team's strengths and gaps"} {
		if !strings.Contains(welcome, want) {
			t.Errorf("the welcome %q does not say %q", welcome, want)
		}
	}
	total, err := chromedp.Run(sara, chromedp.Evaluate[int](`document.querySelectorAll('fieldset.skill-rating').length`))
	if err != nil || total < 24 {
		t.Fatalf("%d skills on the form (%v), want the catalog", total, err)
	}
	if got := textOf(t, sara, `.rating-progress .progress-label`); got != "Rated 0 of "+strconv.Itoa(total)+" skills" {
		t.Errorf("progress = %q", got)
	}
	checkPage(t, sara, page{name: "self-rating (empty)", path: "/o/acme-corp/skills/me", heading: "Rate your skills"})

	// A level outside 0–4 (a tampered form): refused beside the skill, nothing saved.
	click(t, sara, `#skill-linux input[value="2"]`)
	if _, err := chromedp.Run(sara, chromedp.Evaluate[bool](`(() => {
		const r = document.querySelector('#skill-kubernetes input[value="4"]'); r.value = '7'; r.checked = true; return true })()`)); err != nil {
		t.Fatal(err)
	}
	click(t, sara, `form.self-rating button[type="submit"]`)
	waitVisible(t, sara, `#skill-kubernetes .field-error`)
	if got := textOf(t, sara, `#skill-kubernetes .field-error`); got != "A rating must be from 0 (none) to 4 (expert)." {
		t.Errorf("message beside Kubernetes = %q", got)
	}
	if ok, err := chromedp.Run(sara, chromedp.Evaluate[bool](`document.querySelector('#skill-linux input[value="2"]').checked`)); err != nil || !ok {
		t.Errorf("the valid rating of Linux was not kept (%v)", err)
	}
	checkPage(t, sara, page{name: "self-rating (error)", path: "/o/acme-corp/skills/me", heading: "Rate your skills", status: 422})
	if n := countRows(t, a, `SELECT count(*) FROM skill_ratings`); n != 0 {
		t.Errorf("%d ratings after a refused form, want 0", n)
	}

	// Every skill rated (levels 0–4 in turn, by clicking), two flagged.
	ids, err := chromedp.Run(sara, chromedp.Evaluate[[]string](`[...document.querySelectorAll('fieldset.skill-rating')].map(f => f.id)`))
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range ids {
		click(t, sara, `#`+id+` input[type="radio"][value="`+strconv.Itoa(i%5)+`"]`)
	}
	click(t, sara, `#skill-kubernetes input[type="checkbox"]`)
	click(t, sara, `#skill-sre_practices input[type="checkbox"]`)
	click(t, sara, `form.self-rating button[type="submit"]`)
	waitVisible(t, sara, `.notice-success`)
	if got := textOf(t, sara, `.notice-success`); got != "Saved your ratings of "+strconv.Itoa(total)+" skills. Thank you!" {
		t.Errorf("flash = %q", got)
	}
	if got := textOf(t, sara, `.rating-progress .progress-label`); got != "Rated "+strconv.Itoa(total)+" of "+strconv.Itoa(total)+" skills" {
		t.Errorf("progress after rating everything = %q", got)
	}
	if n := countRows(t, a, `SELECT count(*) FROM skill_ratings r JOIN users u ON u.id = r.user_id
		WHERE u.email = 'sara@example.com' AND r.level IS NOT NULL`); n != total {
		t.Errorf("%d ratings saved, want %d", n, total)
	}
	if n := countRows(t, a, `SELECT count(*) FROM skill_ratings WHERE interested`); n != 2 {
		t.Errorf("%d skills flagged as interesting, want 2", n)
	}
	screenshot(t, sara, "self-rating-saved")

	// The owner sees who has not rated (herself), not Sara, and reminds.
	visit(t, owner, a.URL+"/o/acme-corp/skills/ratings")
	checkPage(t, owner, page{name: "skills ratings", path: "/o/acme-corp/skills/ratings", heading: "Who has not rated"})
	rows := textOf(t, owner, `table.ratings-table tbody`)
	if !strings.Contains(rows, "Olivia Owner") || strings.Contains(rows, "Sara Reliability") {
		t.Errorf("to remind: %q, want the owner and not Sara", rows)
	}
	click(t, owner, `table.ratings-table button[type="submit"]`)
	waitVisible(t, owner, `.notice-success`)
	if got := textOf(t, owner, `.notice-success`); got != "Sent a reminder to Olivia Owner (olivia@example.com)." {
		t.Errorf("flash after the reminder = %q", got)
	}
	if n := len(a.mail.To("olivia@example.com")); n != 1 {
		t.Errorf("%d reminder emails, want 1", n)
	}
	screenshot(t, owner, "skills-ratings-reminded")

	// The owner opens the matrix: Sara's row, a gap against the SRE's
	// required levels, and the skills only Sara covers as single points of
	// failure (nobody else has rated).
	visit(t, owner, a.URL+"/o/acme-corp/skills")
	waitVisible(t, owner, `table.heatmap`)
	if row := textOf(t, owner, `table.heatmap tbody`); !strings.Contains(row, "Sara Reliability") {
		t.Errorf("the matrix has no row for Sara: %q", row)
	}
	gaps, err := chromedp.Run(owner, chromedp.Evaluate[int](`[...document.querySelectorAll('table.heatmap tbody tr')]
		.filter(tr => tr.querySelector('th').textContent.includes('Sara Reliability'))
		.reduce((n, tr) => n + tr.querySelectorAll('td .gap').length, 0)`))
	if err != nil || gaps == 0 {
		t.Errorf("no gap in Sara's row (%v)", err)
	}
	if got := textOf(t, owner, `main`); !strings.Contains(got, "Single points of failure") || !strings.Contains(got, "Single point of failure") {
		t.Errorf("the matrix warns of no single point of failure:\n%.600s", got)
	}
	checkPage(t, owner, page{name: "skills matrix after Sara rated", path: "/o/acme-corp/skills", heading: "Skills matrix"})
}

// countRows is a count(*) over the app's database as its superuser.
func countRows(t *testing.T, a *app, query string) int {
	t.Helper()
	var n int
	if err := a.db.Superuser(t).QueryRow(t.Context(), query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
