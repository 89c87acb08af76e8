package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Time to value: a new owner signs up, runs the six screens of the quick
// assessment with realistic answers and reaches a roadmap of at least 8
// explained initiatives whose evidence comes from every screen the roadmap
// reads; the step pages show the answers. Every screen passes axe at every
// width in light and dark. The journey's screens, fields, clicks and wall
// time (without the accessibility checks) are logged.
func TestQuickAssessmentJourney(t *testing.T) {
	a := newApp(t)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var checking time.Duration
	fields, clicks, screens := 0, 0, 0
	// The counted actions: a field filled or typed, a click.
	put := func(css, v string) { fill(t, ctx, css, v); fields++ }
	key := func(css, v string) { typeInto(t, ctx, css, v); fields++ }
	tap := func(css string) { click(t, ctx, css); clicks++ }
	check := func(p page) {
		t0 := time.Now()
		checkPage(t, ctx, p)
		checking += time.Since(t0)
	}
	next := `main form button[name="nav"][value="next"]`
	base := "/o/acme-corp/start"

	signUpInBrowser(t, ctx, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")
	fields, clicks = 4, 1 // the signup form
	tap(`.start-card a[href="` + base + `"]`)

	// 1. The team, typed key by key; a bad share first.
	screens++
	waitVisible(t, ctx, `#f-team_size`)
	check(page{name: "start team", path: base, heading: "The team"})
	clearField(t, ctx, `#f-team_size`)
	key(`#f-team_size`, "14")
	clearField(t, ctx, `#f-planned_team_size`)
	key(`#f-planned_team_size`, "20")
	clearField(t, ctx, `#f-improvement_share`)
	key(`#f-improvement_share`, "2")
	tap(next)
	waitVisible(t, ctx, `#f-improvement_share-error`)
	check(page{name: "start team with an error", path: base + "/team", heading: "The team", status: 422})
	clearField(t, ctx, `#f-improvement_share`)
	key(`#f-improvement_share`, "20")
	// Enter submits the form from the keyboard (the first submit button: Continue).
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#f-improvement_share`), kb.Enter)); err != nil {
		t.Fatal(err)
	}

	// 2. Delivery: the Quick Check's buckets and two rates.
	screens++
	waitVisible(t, ctx, `#f-deployment_frequency_answer`)
	check(page{name: "start delivery", path: base + "?screen=delivery", heading: "Delivery"})
	put(`#f-deployment_frequency_answer`, "3")
	put(`#f-lead_time_answer`, "3")
	put(`#f-recovery_time_answer`, "4")
	put(`#f-change_failure_rate`, "25")
	put(`#f-rework_rate`, "15")
	tap(next)

	// 3. The stack: eight tools, the costliest and the most support-hungry, three debts.
	screens++
	waitVisible(t, ctx, `input[name="tool_github"]`)
	check(page{name: "start stack", path: base + "?screen=stack", heading: "The stack"})
	for _, tool := range []string{"github", "github_actions", "jenkins", "terraform", "kubernetes", "aws", "datadog", "pagerduty"} {
		tap(`input[name="tool_` + tool + `"]`)
	}
	put(`#f-cost1_tool`, "tool:aws")
	put(`#f-cost1_amount`, "18000")
	put(`#f-cost2_tool`, "tool:datadog")
	put(`#f-cost2_amount`, "4500")
	put(`#f-support1_tool`, "tool:jenkins")
	put(`#f-support1_hours`, "40")
	put(`#f-support2_tool`, "tool:kubernetes")
	put(`#f-support2_hours`, "25")
	for i, d := range [][3]string{
		{"Jenkins agents on unpatched VMs", "4", "s"},
		{"Database migrations run by hand on release day", "3", "m"},
		{"No staging environment for the billing service", "3", "l"},
	} {
		n := string(rune('1' + i))
		put(`#f-debt`+n+`_title`, d[0])
		put(`#f-debt`+n+`_severity`, d[1])
		put(`#f-debt`+n+`_effort`, d[2])
	}
	tap(next)

	// 4. Practices: what is partly or mostly in place (the rest not started).
	screens++
	waitVisible(t, ctx, `input[name="p_ci"]`)
	check(page{name: "start practices", path: base + "?screen=practices", heading: "Practices"})
	for p, st := range map[string]string{"ci": "mostly", "test_automation": "partial", "infrastructure_as_code": "partial",
		"containers": "mostly", "metrics": "partial", "centralized_logs": "partial", "secrets_management": "partial"} {
		tap(`input[name="p_` + p + `"][value="` + st + `"]`)
		fields++
	}
	tap(next)

	// 5. Maturity: one question per dimension.
	screens++
	waitVisible(t, ctx, `input[name="culture_incidents"]`)
	check(page{name: "start maturity", path: base + "?screen=maturity", heading: "Maturity"})
	for q, level := range map[string]string{"culture_incidents": "2", "technology_deployment": "2", "structure_change_approval": "2", "collaboration_dev_ops": "1"} {
		tap(`input[name="` + q + `"][value="` + level + `"]`)
		fields++
	}
	tap(next)

	// 6. Skills: invite two engineers.
	screens++
	waitVisible(t, ctx, `#f-invite1_email`)
	check(page{name: "start skills", path: base + "?screen=skills", heading: "Skills"})
	put(`#f-invite1_email`, "sam@example.com")
	put(`#f-invite1_job_role`, "senior_engineer")
	put(`#f-invite2_email`, "kim@example.com")
	put(`#f-invite2_job_role`, "sre")
	tap(next)

	// The end: the roadmap with the first-roadmap panel.
	waitVisible(t, ctx, `.start-summary`)
	wall := time.Since(start) - checking
	check(page{name: "start roadmap", path: "/o/acme-corp/roadmap?from=start", heading: "Roadmap"})
	cards, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.roadmap-card')]
		.filter(c => c.querySelector('ul.roadmap-evidence li'))
		.map(c => c.querySelector('h3').textContent.trim())`))
	if err != nil {
		t.Fatal(err)
	}
	if len(cards) < 8 {
		t.Errorf("the roadmap has %d explained initiatives, want at least 8: %v", len(cards), cards)
	}
	hrefs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.roadmap-card .roadmap-evidence a[href]')].map(a => a.getAttribute('href'))`))
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(hrefs, " ")
	// Evidence by screen: delivery (the KPIs), the stack (its items and findings), the practices.
	for screen, ref := range map[string]string{"delivery": "/o/acme-corp/kpis", "stack items": "/o/acme-corp/stack/",
		"stack findings": "/o/acme-corp/stack/findings/", "practices": "/o/acme-corp/infrastructure#"} {
		if !strings.Contains(all, ref) {
			t.Errorf("no evidence from the %s screen (%s) on the roadmap", screen, ref)
		}
	}
	// The team screen is the plan's capacity.
	if v := textOf(t, ctx, `.roadmap-capacity`); !strings.Contains(v, "14 engineers have") || !strings.Contains(v, "20") {
		t.Errorf("the capacity does not use the team screen's answers: %s", v)
	}
	summary := textOf(t, ctx, `.start-summary`)
	for _, s := range []string{"Your first roadmap:", "Top quick wins", "Complete the maturity questionnaire", "Map the team's skills", "Record exact DORA numbers"} {
		if !strings.Contains(summary, s) {
			t.Errorf("the first-roadmap panel does not say %q:\n%s", s, summary)
		}
	}

	// The step pages show what the quick assessment wrote.
	for _, c := range []struct{ path, css, want string }{
		{"/o/acme-corp/stack/considerations", `#f-planned_team_size`, "20"},
		{"/o/acme-corp/stack", `main`, "Datadog"},
		{"/o/acme-corp/stack/findings", `main`, "Jenkins agents on unpatched VMs"},
		{"/o/acme-corp/kpis", `main`, "once a week – once a month"},
		{"/o/acme-corp/infrastructure", `main`, "Mostly"},
		{"/o/acme-corp/team", `main`, "kim@example.com"},
	} {
		visit(t, ctx, a.URL+c.path)
		var got string
		if c.css == `main` {
			got = textOf(t, ctx, c.css)
		} else {
			got = attrOf(t, ctx, c.css, "value")
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("%s does not show %q", c.path, c.want)
		}
	}
	visit(t, ctx, a.URL+"/o/acme-corp/maturity/questionnaire")
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('input[name="collaboration_dev_ops"][value="1"]:checked').length`)); err != nil || n != 1 {
		t.Errorf("the questionnaire does not keep the quick assessment's answer (%d, %v)", n, err)
	}

	// A person's time: each field a few seconds (8 s: reading the question
	// and answering), each click 2 s, each screen 30 s of reading.
	person := time.Duration(fields)*8*time.Second + time.Duration(clicks)*2*time.Second + time.Duration(screens)*30*time.Second
	t.Logf("quick assessment: %d screens, %d fields, %d clicks, %d explained initiatives; journey wall time %s (axe checks excluded, %s); a person's estimate %s",
		screens, fields, clicks, len(cards), wall.Round(time.Millisecond), checking.Round(time.Millisecond), person)
	if person > 10*time.Minute {
		t.Errorf("a person's estimate %s is over 10 minutes", person)
	}
}
