package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/headwayhq/headway/internal/roadmap"
)

// The guided quick assessment (start.go): each screen writes the step
// pages' rows in one transaction, a bad answer is said beside its field
// and saves nothing, and the step page shows a good one.

// aStartScreen is a screen of the quick assessment (the authorization
// matrix posts the team screen).
var aStartScreen = &target{"screen", func(*world) string { return "team" }, func(*world, testing.TB) string { return "team" }}

// startTeamForm is a valid team screen.
func startTeamForm() url.Values {
	return form("nav", "next", "team_size", "12", "planned_team_size", "18", "improvement_share", "25")
}

// startTables are the tables the screens write, counted to prove a
// refused screen saved nothing.
const startTables = `SELECT (SELECT count(*) FROM stack_considerations) + (SELECT count(*) FROM kpi_snapshots) +
	(SELECT count(*) FROM stack_items) + (SELECT count(*) FROM findings) + (SELECT count(*) FROM practice_status) +
	(SELECT count(*) FROM maturity_assessments) + (SELECT count(*) FROM maturity_answers) + (SELECT count(*) FROM invitations) +
	(SELECT count(*) FROM organizations WHERE improvement_share <> 0.20)`

func TestStartScreens(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Start Org")
	base := "/o/" + slug + "/start"

	// The dashboard of a new organization offers it; it opens on the first screen.
	if r := c.get("/o/" + slug + "/"); !strings.Contains(r.body, "Start the quick assessment") || !strings.Contains(r.body, `href="`+base+`"`) {
		t.Fatalf("the dashboard does not offer the quick assessment:\n%s", r.body)
	}
	if r := c.get(base); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "Step 1 of 6") {
		t.Fatalf("GET %s = %d, want the team screen", base, r.StatusCode)
	}

	practices := form("nav", "next")
	for _, p := range roadmap.PracticeCatalog {
		practices.Set("p_"+p.Key, "not_started")
	}
	second := roadmap.PracticeCatalog[1].Key
	cases := []struct {
		screen     string
		bad        url.Values
		badField   string // the field whose message is beside it
		badMessage string
		good       url.Values
		next       string // where the good one goes
		page       string // the step page that shows it
		shows      []string
	}{
		{"team", form("nav", "next", "team_size", "12", "planned_team_size", "18", "improvement_share", "3"),
			"improvement_share", "Improvement time must be a whole number from 5 to 100.",
			startTeamForm(), base + "?screen=delivery", "/stack/considerations", []string{`value="12"`, `value="18"`}},
		{"delivery", form("nav", "next", "mode", "quick", "deployment_frequency_answer", "4", "lead_time_answer", "9",
			"recovery_time_answer", "5", "change_failure_rate", "15"),
			"lead_time_answer", "", form("nav", "next", "mode", "quick", "deployment_frequency_answer", "3", "lead_time_answer", "4",
				"recovery_time_answer", "5", "change_failure_rate", "15", "rework_rate", "10"),
			base + "?screen=stack", "/kpis", []string{"once a week – once a month"}},
		{"stack", form("nav", "next", "tool_github", "1", "tool_jenkins", "1", "cost1_tool", "tool:datadog", "cost1_amount", "900",
			"debt1_title", "Flaky integration tests", "debt1_severity", "3", "debt1_effort", "m"),
			"cost1_tool", "Tick this tool above first",
			form("nav", "next", "tool_github", "1", "tool_jenkins", "1", "tool_aws", "1", "cost1_tool", "tool:aws", "cost1_amount", "4200",
				"support1_tool", "tool:jenkins", "support1_hours", "30", "debt1_title", "Flaky integration tests", "debt1_severity", "3", "debt1_effort", "m"),
			base + "?screen=practices", "/stack", []string{"Jenkins", "GitHub", "AWS"}},
		{"practices", withValues(practices, "p_ci", "sometimes"), "p_ci", "Choose where you stand",
			withValues(practices, "p_ci", "partial", "p_"+second, "fully"),
			base + "?screen=maturity", "/infrastructure", []string{"Partial"}},
		{"maturity", form("nav", "next", "culture_incidents", "2", "technology_deployment", "3", "structure_change_approval", "2"),
			"collaboration_dev_ops", "Answer this question",
			form("nav", "next", "culture_incidents", "2", "technology_deployment", "3", "structure_change_approval", "2", "collaboration_dev_ops", "1"),
			base + "?screen=skills", "/maturity/questionnaire", []string{`value="2" checked`}},
		{"skills", form("nav", "next", "invite1_email", "dev@example.com", "invite1_job_role", "engineer", "invite2_email", "not-an-email"),
			"invite2_email", "",
			form("nav", "next", "invite1_email", "dev@example.com", "invite1_job_role", "engineer", "invite2_email", "ops@example.com"),
			"/o/" + slug + "/roadmap?from=start", "/team", []string{"dev@example.com", "ops@example.com"}},
	}
	for _, tc := range cases {
		before := c.count(startTables)
		r := c.post(base+"/"+tc.screen, tc.bad)
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s: bad answer = %d, want 422\n%s", tc.screen, r.StatusCode, r.body)
		}
		if !strings.Contains(r.body, `id="f-`+tc.badField+`-error"`) || !strings.Contains(r.body, tc.badMessage) {
			t.Errorf("%s: no message %q beside %s", tc.screen, tc.badMessage, tc.badField)
		}
		if !strings.Contains(r.body, "Nothing on this screen was saved") {
			t.Errorf("%s: the 422 does not say nothing was saved", tc.screen)
		}
		if after := c.count(startTables); after != before {
			t.Errorf("%s: a refused screen changed %d rows", tc.screen, after-before)
		}
		r = c.post(base+"/"+tc.screen, tc.good)
		if r.StatusCode != http.StatusSeeOther || r.location() != tc.next {
			t.Fatalf("%s: good answer = %d to %q, want 303 to %q\n%s", tc.screen, r.StatusCode, r.location(), tc.next, r.body)
		}
		page := c.get("/o/" + slug + tc.page)
		for _, s := range tc.shows {
			if !strings.Contains(page.body, s) {
				t.Errorf("%s: %s does not show %q", tc.screen, tc.page, s)
			}
		}
	}
	// The rows are the step pages' own.
	if got := c.rows(`SELECT team_size || '/' || planned_team_size FROM stack_considerations`); got != "12/18" {
		t.Errorf("considerations = %s", got)
	}
	if n := c.count(`SELECT (improvement_share * 100)::int FROM organizations WHERE slug = $1`, slug); n != 25 {
		t.Errorf("improvement share = %d %%, want 25", n)
	}
	if got := c.rows(`SELECT name || ':' || monthly_cost::int || ':' || support_hours_per_month::int FROM stack_items ORDER BY name`); got != "AWS:4200:0\nGitHub:0:0\nJenkins:0:30" {
		t.Errorf("stack items =\n%s", got)
	}
	if n := c.count(`SELECT count(*) FROM findings WHERE kind = 'debt' AND title = 'Flaky integration tests' AND severity = 3 AND effort = 'm'`); n != 1 {
		t.Errorf("%d tech-debt findings, want 1", n)
	}
	if n := c.count(`SELECT count(*) FROM maturity_assessments WHERE status = 'draft'`); n != 1 {
		t.Errorf("%d maturity drafts, want 1", n)
	}
	if n := c.count(`SELECT count(*) FROM invitations WHERE accepted_at IS NULL AND revoked_at IS NULL`); n != 2 {
		t.Errorf("%d invitations, want 2", n)
	}
	if len(c.emailsTo("ops@example.com")) != 1 {
		t.Error("no invitation email to ops@example.com")
	}
	audit := strings.Join(c.auditActions(slug, ""), " ")
	for _, a := range []string{"start.team_saved", "kpi.recorded", "start.stack_saved", "start.practices_saved", "maturity.draft_saved", "start.invited"} {
		if !strings.Contains(audit, a) {
			t.Errorf("no audit entry %s in %s", a, audit)
		}
	}

	// Back saves too, and goes to the previous screen; saving the stack
	// again updates the figures rather than adding tools.
	r := c.post(base+"/stack", withValues(form("nav", "back", "cost1_tool", "tool:aws", "cost1_amount", "5000")))
	if r.StatusCode != http.StatusSeeOther || r.location() != base+"?screen=delivery" {
		t.Fatalf("back = %d to %q", r.StatusCode, r.location())
	}
	if n := c.count(`SELECT monthly_cost::int FROM stack_items WHERE name = 'AWS'`); n != 5000 {
		t.Errorf("AWS costs %d after Back, want 5000", n)
	}
	if n := c.count(`SELECT count(*) FROM stack_items`); n != 3 {
		t.Errorf("%d stack items after saving again, want 3", n)
	}
	// Every screen is resumable and shows what is stored.
	if r := c.get(base + "?screen=stack"); !strings.Contains(r.body, `value="5000"`) || !strings.Contains(r.body, "Flaky integration tests") {
		t.Error("the stack screen does not show the stored figures and debt")
	}
	if r := c.get(base); !strings.Contains(r.body, "Step 6 of 6") {
		t.Error("with every screen answered the assessment does not resume at the last")
	}

	// The end: the roadmap's first-roadmap panel with quick wins and what to refine.
	end := c.get("/o/" + slug + "/roadmap?from=start")
	for _, s := range []string{"Your first roadmap:", "What to refine next", "Complete the maturity questionnaire", "Record exact DORA numbers"} {
		if !strings.Contains(end.body, s) {
			t.Errorf("the roadmap after the quick assessment does not say %q", s)
		}
	}
	if strings.Contains(c.get("/o/"+slug+"/roadmap").body, "Your first roadmap:") {
		t.Error("the plain roadmap shows the first-roadmap panel")
	}
	// Once the steps hold data, the dashboard no longer offers it.
	if strings.Contains(c.get("/o/"+slug+"/").body, "Start the quick assessment") {
		t.Error("the dashboard still offers the quick assessment")
	}
	// An unknown screen is not found.
	if r := c.post(base+"/nope", form("nav", "next")); r.StatusCode != http.StatusNotFound {
		t.Errorf("POST an unknown screen = %d, want 404", r.StatusCode)
	}
}

// withValues is f with the pairs set (a copy).
func withValues(f url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, v := range f {
		out[k] = append([]string(nil), v...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

// Every screen reads in at most maxRoundTrips round trips.
func TestStartScreensRoundTrips(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Trips Start")
	for _, screen := range []string{"team", "delivery", "stack", "practices", "maturity", "skills"} {
		path := "/o/" + slug + "/start?screen=" + screen
		c.get(path)
		if r := c.get(path); r.StatusCode != http.StatusOK {
			t.Fatalf("GET %s = %d", path, r.StatusCode)
		}
		if n := c.trips(); n > maxRoundTrips {
			t.Errorf("%s: %d round trips, want at most %d", screen, n, maxRoundTrips)
		}
	}
	c.get("/o/" + slug + "/roadmap?from=start")
	if n := c.trips(); n > maxRoundTrips {
		t.Errorf("the roadmap after the quick assessment: %d round trips", n)
	}
}

// The delivery screen takes exact numbers too, and the skills screen
// invites all or none: an email that is a member refuses the screen.
func TestStartExactNumbersAndInvitationsAllOrNone(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Exact Org")
	base := "/o/" + slug + "/start"
	if r := c.get(base + "?screen=delivery&mode=exact"); !strings.Contains(r.body, `id="f-deployments_per_week"`) || strings.Contains(r.body, `id="f-deployment_frequency_answer"`) {
		t.Fatal("the exact mode does not ask for the numbers")
	}
	r := c.post(base+"/delivery", form("nav", "next", "mode", "exact", "deployments_per_week", "7", "lead_time_hours", "24",
		"recovery_time_hours", "2", "change_failure_rate", "8"))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("exact numbers = %d\n%s", r.StatusCode, r.body)
	}
	if got := c.rows(`SELECT deployments_per_week::int || '/' || lead_time_hours::int || '/' || (measured_on = current_date) FROM kpi_snapshots`); got != "7/24/true" {
		t.Errorf("snapshot = %s, want 7/24 measured today", got)
	}
	r = c.post(base+"/skills", form("nav", "next", "invite1_email", "new@example.com", "invite2_email", "owner@example.com"))
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="f-invite2_email-error"`) || !strings.Contains(r.body, "is already a member") {
		t.Fatalf("inviting a member = %d\n%s", r.StatusCode, r.body)
	}
	if n := c.count(`SELECT count(*) FROM invitations`); n != 0 {
		t.Errorf("%d invitations saved by a refused screen", n)
	}
	if n := len(c.emailsTo("new@example.com")); n != 0 {
		t.Errorf("%d emails sent by a refused screen", n)
	}
	// Skipping sends nobody and goes to the roadmap.
	if r := c.post(base+"/skills", form("nav", "next")); r.StatusCode != http.StatusSeeOther || r.location() != "/o/"+slug+"/roadmap?from=start" {
		t.Errorf("skip = %d to %q", r.StatusCode, r.location())
	}
}
