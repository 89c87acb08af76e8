package http_test

// SCENARIOS, AND HOW TO ADD TESTS FOR A NEW ROUTE.
//
// A new route gets a row in authzMatrix (authz_test.go): method and pattern
// as chi.Walk reports them, the status per actor (anonymous, outsider,
// member, admin, owner), the valid form an allowed actor sends ({n} becomes a
// fresh number) and, for an id parameter, its target (anInvitation, aToken,
// aMember, anOrg… in seed_test.go, where a new kind of object adds a target:
// a standing object of the victim organization and a way to make a fresh
// one). The walk fails on a route without a row and on a row without a route,
// and holds every route, whatever its row says, to the invariants of its area
// (outsiders 404, visitors sent to /login, members 403 in manager areas and
// no tenant state change, admins 403 in owner areas), to showing nobody a
// sentinel they may not see, and to changing nothing when refused; the GET
// and cross-origin walks reuse the row. What an allowed request does is a
// scenario row below: actor, method, route pattern, target, form, status,
// texts the page (with follow, the page redirected to) must and must not
// show, and the tables that must change, every other table staying exactly as
// it was. Add a row, not a journey: it runs through the real router against
// real PostgreSQL and fails once its route is gone.

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/headwayhq/headway/internal/roadmap"
)

// scenario is one request of an actor and what it must do.
type scenario struct {
	name       string
	actor      int
	method     string
	path       string     // a route pattern of the router; {slug} is the victim organization
	target     *target    // what the id parameter (or, for anOrg, {slug}) points at: a fresh one
	form       url.Values // body; {n} becomes a fresh number, the same in wantText
	wantStatus int
	follow     bool     // check the texts on the page the redirect leads to
	wantText   []string // each in the page's text
	forbidText []string // none in the page's HTML (sentinels the actor may not see are always forbidden)
	changes    []string // tables that must change; every other table must not
}

var scenarios = []scenario{
	{name: "member cannot invite", actor: member, method: "POST", path: "/o/{slug}/team/invitations",
		form: form("email", "invitee{n}@example.com", "role", "member"), wantStatus: 403, wantText: []string{"Not allowed"}},
	{name: "admin invites a member", actor: admin, method: "POST", path: "/o/{slug}/team/invitations",
		form: form("email", "invitee{n}@example.com", "role", "member"), wantStatus: 303, follow: true,
		wantText: []string{"Invitation sent to invitee{n}@example.com."}, changes: []string{"invitations", "audit_events"}},
	{name: "outsider cannot see the team", actor: outsider, method: "GET", path: "/o/{slug}/team",
		wantStatus: 404, wantText: []string{"Page not found"}, forbidText: []string{"Mia Member", "member@example.com"}},
	{name: "member sees the team but no invitation", actor: member, method: "GET", path: "/o/{slug}/team",
		wantStatus: 200, wantText: []string{"Adam Admin", sentinelJobRole}, forbidText: []string{"/invitations/"}},
	{name: "member cannot rename the organization", actor: member, method: "POST", path: "/o/{slug}/settings",
		form: form("name", "Renamed {n}"), wantStatus: 403, forbidText: []string{"Renamed"}},
	{name: "owner renames the organization", actor: owner, method: "POST", path: "/o/{slug}/settings", target: anOrg,
		form: form("name", "Renamed {n}"), wantStatus: 303, follow: true,
		wantText: []string{"Organization renamed to Renamed {n}."}, changes: []string{"organizations", "audit_events"}},
	{name: "admin cannot delete the organization", actor: admin, method: "POST", path: "/o/{slug}/settings/delete",
		form: form("confirm", sentinelOrg), wantStatus: 403, wantText: []string{"Not allowed"}},
	{name: "owner cannot delete the organization without the password", actor: owner, method: "POST", path: "/o/{slug}/settings/delete",
		target: anOrg, form: form("confirm", sentinelOrg, "password", "not the password at all"), wantStatus: 422,
		wantText: []string{"This is not your current password."}},
	{name: "owner deletes the organization", actor: owner, method: "POST", path: "/o/{slug}/settings/delete", target: anOrg,
		form: form("confirm", sentinelOrg, "password", testPassword), wantStatus: 303, follow: true,
		wantText: []string{sentinelOrg + " and all its data were deleted."}, changes: []string{"organizations", "memberships", "skills", "skill_requirements", "skill_ratings", "user_events"}},
	{name: "admin cannot take the owner role away", actor: admin, method: "POST", path: "/o/{slug}/team/members/{userID}", target: aCoOwner,
		form: form("role", "member"), wantStatus: 403, wantText: []string{"Only an owner can grant or take away the owner role."}},
	{name: "owner makes a co-owner an admin", actor: owner, method: "POST", path: "/o/{slug}/team/members/{userID}", target: aCoOwner,
		form: form("role", "admin"), wantStatus: 303, follow: true, wantText: []string{"Updated Person"}, changes: []string{"memberships", "audit_events"}},
	{name: "admin revokes an API token", actor: admin, method: "POST", path: "/o/{slug}/settings/tokens/{id}/revoke", target: aToken,
		wantStatus: 303, follow: true, wantText: []string{"revoked: requests using it now get 401."}, changes: []string{"api_tokens", "audit_events"}},
	// Step 1: the inventory and the considerations.
	{name: "admin adds a tool", actor: admin, method: "POST", path: "/o/{slug}/stack", form: stackItemForm("Tool {n}", ""),
		wantStatus: 303, follow: true, wantText: []string{"Added Tool {n} to the inventory.", "Platform team"}, changes: []string{"stack_items", "audit_events"}},
	{name: "member cannot add a tool", actor: member, method: "POST", path: "/o/{slug}/stack", form: stackItemForm("Tool {n}", ""),
		wantStatus: 403, forbidText: []string{"Tool {n}"}},
	{name: "admin edits a tool", actor: admin, method: "POST", path: "/o/{slug}/stack/{id}", target: aStackItem, form: stackItemForm("Renamed {n}", "1"),
		wantStatus: 303, follow: true, wantText: []string{"Saved Renamed {n}.", "Runs the builds."}, changes: []string{"stack_items", "audit_events"}},
	{name: "owner deletes a tool", actor: owner, method: "POST", path: "/o/{slug}/stack/{id}/delete", target: aStackItem,
		wantStatus: 303, follow: true, wantText: []string{"from the inventory."}, changes: []string{"stack_items", "audit_events"}},
	{name: "admin adds tools from the catalog", actor: admin, method: "POST", path: "/o/{slug}/stack/catalog", form: url.Values{"tool": {"gitlab", "vault"}},
		wantStatus: 303, follow: true, wantText: []string{"Added 2 tools to the inventory.", "GitLab", "HashiCorp Vault"}, changes: []string{"stack_items", "audit_events"}},
	{name: "owner answers the considerations", actor: owner, method: "POST", path: "/o/{slug}/stack/considerations", form: considerationsForm("0"),
		wantStatus: 303, follow: true, wantText: []string{"Saved the considerations.", "Datadog grows with hosts."}, changes: []string{"stack_considerations", "audit_events"}},
	{name: "the last owner cannot leave", actor: owner, method: "POST", path: "/o/{slug}/team/leave",
		wantStatus: 409, wantText: []string{"You are the last owner"}},
	{name: "member renames themself", actor: member, method: "POST", path: "/account/name",
		form: form("name", "Mia Renamed {n}"), wantStatus: 303, follow: true,
		wantText: []string{"Your name is now Mia Renamed {n}."}, changes: []string{"users", "user_events"}},
	{name: "admin logs out everywhere else", actor: admin, method: "POST", path: "/account/sessions/end-others",
		wantStatus: 303, follow: true, wantText: []string{"You were logged out everywhere else."},
		changes: []string{"users", "user_sessions", "user_events"}},
	// The roadmap's stakeholders (roadmap_stakeholders.go); initiatives ticked are in roadmap_stakeholders_test.go.
	{name: "admin adds a stakeholder", actor: admin, method: "POST", path: "/o/{slug}/roadmap/stakeholders", form: stakeholderForm("Dana {n}"),
		wantStatus: 303, follow: true, wantText: []string{"Added the stakeholder “Dana {n}”.", "Manage closely"}, changes: []string{"stakeholders", "audit_events"}},
	{name: "a stakeholder affected by no such initiative is not added", actor: owner, method: "POST", path: "/o/{slug}/roadmap/stakeholders",
		form: stakeholderForm("Dana {n}", "initiative", "finding:0"), wantStatus: 422, wantText: []string{"is not an initiative of the current roadmap"}},
	{name: "member cannot add a stakeholder", actor: member, method: "POST", path: "/o/{slug}/roadmap/stakeholders", form: stakeholderForm("Dana {n}"),
		wantStatus: 403, forbidText: []string{"Dana {n}"}},
	{name: "owner edits a stakeholder", actor: owner, method: "POST", path: "/o/{slug}/roadmap/stakeholders/{id}", target: aStakeholder,
		form: stakeholderForm("Renamed {n}", "version", "1", "interest", "1"), wantStatus: 303, follow: true,
		wantText: []string{"Saved the stakeholder “Renamed {n}”.", "Keep satisfied"}, changes: []string{"stakeholders", "audit_events"}},
	{name: "a stale save of a stakeholder shows both versions", actor: admin, method: "POST", path: "/o/{slug}/roadmap/stakeholders/{id}", target: aStakeholder,
		form: stakeholderForm("Mine {n}", "version", "7"), wantStatus: 409, wantText: []string{"Fresh stakeholder", "changed while you were editing", "Mine {n}"}},
	{name: "admin deletes a stakeholder", actor: admin, method: "POST", path: "/o/{slug}/roadmap/stakeholders/{id}/delete", target: aStakeholder,
		wantStatus: 303, follow: true, wantText: []string{"Deleted the stakeholder “Fresh stakeholder"}, changes: []string{"stakeholders", "audit_events"}},
	// Step 2a: the skill catalog (skills_catalog.go).
	{name: "member cannot add a skill", actor: member, method: "POST", path: "/o/{slug}/skills/catalog",
		form: form("name", "Member skill {n}", "category", "systems"), wantStatus: 403, wantText: []string{"Not allowed"}},
	{name: "admin adds a skill", actor: admin, method: "POST", path: "/o/{slug}/skills/catalog",
		form:       form("name", "Chaos engineering {n}", "category", "reliability", "description", "Breaking things on purpose.", "level_4", "Runs game days."),
		wantStatus: 303, follow: true, wantText: []string{"Added Chaos engineering {n} to the catalog", "Breaking things on purpose."},
		changes: []string{"skills", "audit_events"}},
	{name: "a skill named like another is not added", actor: owner, method: "POST", path: "/o/{slug}/skills/catalog",
		form: form("name", "LINUX administration", "category", "systems"), wantStatus: 422,
		wantText: []string{"Another skill of the catalog already has this name"}},
	{name: "a skill without a name is not added", actor: owner, method: "POST", path: "/o/{slug}/skills/catalog",
		form: form("name", " ", "category", "systems"), wantStatus: 422, wantText: []string{"Name is required."}},
	{name: "owner renames a skill", actor: owner, method: "POST", path: "/o/{slug}/skills/catalog/{key}", target: aSkill,
		form: form("name", "Renamed skill {n}", "category", "security", "version", "1"), wantStatus: 303, follow: true,
		wantText: []string{"Saved Renamed skill {n}."}, changes: []string{"skills", "audit_events"}},
	{name: "a stale save of a skill shows both versions", actor: admin, method: "POST", path: "/o/{slug}/skills/catalog/{key}", target: aSkill,
		form: form("name", "Mine {n}", "category", "security", "version", "7"), wantStatus: 409,
		wantText: []string{"Fresh skill", "changed while you were editing", "Mine {n}"}},
	{name: "owner archives a skill", actor: owner, method: "POST", path: "/o/{slug}/skills/catalog/{key}/archive", target: aSkill,
		wantStatus: 303, follow: true, wantText: []string{"it has left the matrix", "Archived skills 1"}, changes: []string{"skills", "audit_events"}},
	{name: "admin moves a skill up", actor: admin, method: "POST", path: "/o/{slug}/skills/catalog/{key}/move", target: aSkill,
		form: form("direction", "up"), wantStatus: 303, follow: true, wantText: []string{"Moved Fresh skill"}, changes: []string{"skills", "audit_events"}},
	{name: "a move without a direction moves nothing", actor: admin, method: "POST", path: "/o/{slug}/skills/catalog/{key}/move", target: aSkill,
		form: form("direction", "sideways"), wantStatus: 422, wantText: []string{"Choose to move the skill up or down."}},
	// Step 2a: the required levels (skills_requirements.go).
	{name: "admin saves required levels", actor: admin, method: "POST", path: "/o/{slug}/skills/requirements",
		form: form("req_sre.linux", "1", "req_architect.kubernetes", "0"), wantStatus: 303, follow: true,
		wantText: []string{"Saved 2 required levels."}, changes: []string{"skill_requirements", "audit_events"}},
	{name: "a required level of 7 saves nothing", actor: owner, method: "POST", path: "/o/{slug}/skills/requirements",
		form: form("req_sre.linux", "1", "req_sre.kubernetes", "7"), wantStatus: 422,
		wantText: []string{"The required level must be from 0 (none) to 4 (expert).", "nothing was saved"}},
	{name: "member cannot change required levels", actor: member, method: "POST", path: "/o/{slug}/skills/requirements",
		form: form("req_sre.linux", "1"), wantStatus: 403, wantText: []string{"Not allowed"}},

	// Step 3: practices (practices.go).
	{name: "admin sets a practice's status", actor: admin, method: "POST", path: "/o/{slug}/infrastructure/{key}", target: aPractice,
		form: form("status", "mostly", "notes", "Runs on every push {n}.", "version", "0"), wantStatus: 303, follow: true,
		wantText: []string{"Continuous integration on every change: Mostly.", "Runs on every push {n}.", "Set to Mostly by Adam Admin"},
		changes:  []string{"practice_status", "audit_events"}},
	{name: "member cannot set a practice's status", actor: member, method: "POST", path: "/o/{slug}/infrastructure/{key}", target: aPractice,
		form: form("status", "fully", "notes", "", "version", "0"), wantStatus: 403},
	{name: "an unknown practice status is refused beside the field", actor: owner, method: "POST", path: "/o/{slug}/infrastructure/{key}", target: aPractice,
		form: form("status", "almost", "notes", "", "version", "0"), wantStatus: 422, wantText: []string{"Choose a status"}},
	// Step 4: the maturity assessment (maturity.go).
	{name: "owner saves a maturity draft", actor: owner, method: "POST", path: "/o/{slug}/maturity", form: maturityForm("save"),
		wantStatus: 303, follow: true, wantText: []string{"Saved the draft: 21 of 21 questions answered."},
		changes: []string{"maturity_assessments", "maturity_answers", "audit_events"}},
	{name: "admin completes a maturity assessment", actor: admin, method: "POST", path: "/o/{slug}/maturity", form: maturityForm("complete"),
		wantStatus: 303, follow: true, wantText: []string{"Completed the assessment.", "Overall level: 3 · Defined"},
		changes: []string{"maturity_assessments", "maturity_answers", "audit_events"}},
	{name: "an incomplete assessment is not completed", actor: owner, method: "POST", path: "/o/{slug}/maturity",
		form: form("culture_incidents", "3", "action", "complete", "version", "0"), wantStatus: 422,
		wantText: []string{"20 questions are unanswered", roadmap.MsgUnansweredQuestion}},
	{name: "admin opens the team survey", actor: admin, method: "POST", path: "/o/{slug}/maturity/survey/open",
		wantStatus: 303, follow: true, wantText: []string{"Opened the team survey and emailed", "Send my answers"},
		changes: []string{"maturity_assessments", "audit_events"}},
	{name: "member cannot open the team survey", actor: member, method: "POST", path: "/o/{slug}/maturity/survey/open", wantStatus: 403},
	{name: "no answer to a closed team survey", actor: member, method: "POST", path: "/o/{slug}/maturity/survey", form: maturityForm(""),
		wantStatus: 409, wantText: []string{"The team survey is closed"}},
	{name: "member cannot answer the maturity questionnaire", actor: member, method: "POST", path: "/o/{slug}/maturity", form: maturityForm("complete"),
		wantStatus: 403},
	// Step 1: findings register (stack_findings.go).
	{name: "member cannot record a finding", actor: member, method: "POST", path: "/o/{slug}/stack/findings",
		form: form("kind", "debt", "title", "Member finding {n}", "severity", "2", "effort", "m"), wantStatus: 403, wantText: []string{"Not allowed"}},
	{name: "admin records a finding", actor: admin, method: "POST", path: "/o/{slug}/stack/findings",
		form: form("kind", "opportunity", "title", "Cache layers {n}", "severity", "3", "effort", "s"), wantStatus: 303, follow: true,
		wantText: []string{"Added the finding “Cache layers {n}”.", "High value"}, changes: []string{"findings", "audit_events"}},
	{name: "a finding without a title is not recorded", actor: owner, method: "POST", path: "/o/{slug}/stack/findings",
		form: form("kind", "debt", "severity", "2", "effort", "m"), wantStatus: 422, wantText: []string{"Title is required."}},
	{name: "a stale save of a finding shows both versions", actor: admin, method: "POST", path: "/o/{slug}/stack/findings/{id}", target: aFinding,
		form: form("kind", "debt", "title", "Mine {n}", "severity", "2", "effort", "m", "version", "0"), wantStatus: 409,
		wantText: []string{"This finding changed while you were editing it", "Fresh finding", "Mine {n}"}},
	{name: "owner deletes a finding", actor: owner, method: "POST", path: "/o/{slug}/stack/findings/{id}/delete", target: aFinding,
		wantStatus: 303, follow: true, wantText: []string{"Deleted the finding “Fresh finding"}, changes: []string{"findings", "audit_events"}},
	{name: "member reads a finding", actor: member, method: "GET", path: "/o/{slug}/stack/findings/{id}", target: aFinding,
		wantStatus: 200, wantText: []string{"Fresh finding", "Medium severity", "Whole stack"}, forbidText: []string{`name="version"`}},
	// Step 2b: DORA KPIs (kpis.go).
	{name: "member cannot record a KPI snapshot", actor: member, method: "POST", path: "/o/{slug}/kpis",
		form: kpiForm("2019-05-05"), wantStatus: 403, wantText: []string{"Not allowed"}},
	{name: "admin records a KPI snapshot", actor: admin, method: "POST", path: "/o/{slug}/kpis",
		form: kpiForm("2019-05-05"), wantStatus: 303, follow: true,
		wantText: []string{"Recorded the snapshot of 2019-05-05.", "7 deployments a week", "Elite"}, changes: []string{"kpi_snapshots", "audit_events"}},
	{name: "a rate above 100 % is not recorded", actor: owner, method: "POST", path: "/o/{slug}/kpis",
		form: kpiForm("2019-05-06", "change_failure_rate", "101"), wantStatus: 422, wantText: []string{"Change failure rate is a percentage: at most 100."}},
	{name: "a second snapshot for a date asks first", actor: owner, method: "POST", path: "/o/{slug}/kpis", target: aKPISnapshot,
		form: kpiForm(freshKPIDate), wantStatus: 200, wantText: []string{"Replace the snapshot of " + freshKPIDate + "?", "1 day – 1 week (High)"}},
	{name: "owner replaces a snapshot after confirming", actor: owner, method: "POST", path: "/o/{slug}/kpis", target: aKPISnapshot,
		form: kpiForm(freshKPIDate, "confirm", "replace"), wantStatus: 303, follow: true,
		wantText: []string{"Replaced the snapshot of " + freshKPIDate + "."}, changes: []string{"kpi_snapshots", "audit_events"}},
	{name: "admin edits a KPI snapshot", actor: admin, method: "POST", path: "/o/{slug}/kpis/{id}", target: aKPISnapshot,
		form: kpiForm(freshKPIDate, "version", "1", "lead_time_hours", "2"), wantStatus: 303, follow: true,
		wantText: []string{"Saved the snapshot of " + freshKPIDate + ".", "2 hours"}, changes: []string{"kpi_snapshots", "audit_events"}},
	{name: "a stale edit of a KPI snapshot shows both versions", actor: owner, method: "POST", path: "/o/{slug}/kpis/{id}", target: aKPISnapshot,
		form: kpiForm(freshKPIDate, "version", "0", "lead_time_hours", "3000"), wantStatus: 409,
		wantText: []string{"This snapshot changed while you were editing it", "1 day – 1 week (High)", "3000 hours (Low)"}},
	{name: "owner deletes a KPI snapshot", actor: owner, method: "POST", path: "/o/{slug}/kpis/{id}/delete", target: aKPISnapshot,
		wantStatus: 303, follow: true, wantText: []string{"Deleted the snapshot of " + freshKPIDate + "."}, changes: []string{"kpi_snapshots", "audit_events"}},
	{name: "admin sets KPI targets", actor: admin, method: "POST", path: "/o/{slug}/kpis/targets",
		form: form("lead_time_target_tier", "elite", "rework_rate_target", "10"), wantStatus: 303, follow: true,
		wantText: []string{"Saved the targets.", "Elite or better"}, changes: []string{"kpi_targets", "audit_events"}},
	{name: "member cannot set KPI targets", actor: member, method: "POST", path: "/o/{slug}/kpis/targets",
		form: form("lead_time_target_tier", "elite"), wantStatus: 403, wantText: []string{"Not allowed"}},
	{name: "owner sets the industry and size", actor: owner, method: "POST", path: "/o/{slug}/settings/profile",
		form: form("industry", "financial_services", "size", "fewer_than_1000"), wantStatus: 303, follow: true,
		wantText: []string{"Saved the industry and size: industry Financial Services, size 500 to 999 employees."}, changes: []string{"organizations", "audit_events"}},
	{name: "member reads the KPI page", actor: member, method: "GET", path: "/o/{slug}/kpis",
		wantStatus: 200, wantText: []string{"DORA KPIs", "History"}, forbidText: []string{"/kpis/new"}},
	{name: "the last owner cannot delete the account", actor: owner, method: "GET", path: "/account/delete",
		wantStatus: 200, wantText: []string{"You are the last owner of these organizations", sentinelOrg, "make someone else an owner"}},
	// Step 2a: self-rating and who has not rated (skills_me.go).
	{name: "member rates themself", actor: member, method: "POST", path: "/o/{slug}/skills/me",
		form: form("rating_kubernetes", "4", "rating_linux", "1"), wantStatus: 303, follow: true,
		wantText: []string{"Saved your ratings of 2 skills.", "Who sees your ratings"}, changes: []string{"skill_ratings", "audit_events"}},
	{name: "a rating outside 0–4 is not saved", actor: member, method: "POST", path: "/o/{slug}/skills/me",
		form: form("rating_kubernetes", "5", "rating_linux", "1"), wantStatus: 422,
		wantText: []string{"Nothing was saved", "A rating must be from 0 (none) to 4 (expert)."}},
	{name: "another organization's skill is not rated", actor: admin, method: "POST", path: "/o/{slug}/skills/me",
		form: form("rating_custom_987654", "2"), wantStatus: 422, wantText: []string{"does not have (“custom_987654”)"}},
	{name: "owner sees who has not rated", actor: owner, method: "GET", path: "/o/{slug}/skills/ratings",
		wantStatus: 200, wantText: []string{"Who has not rated", "Person", sentinelJobRole, "Never rated", "Send a reminder"}, forbidText: []string{"Mia Member"}},
	{name: "member cannot see who has not rated", actor: member, method: "GET", path: "/o/{slug}/skills/ratings",
		wantStatus: 403, wantText: []string{"Not allowed"}},
	{name: "admin reminds a member to rate", actor: admin, method: "POST", path: "/o/{slug}/skills/ratings/{userID}/remind", target: aMember,
		wantStatus: 303, follow: true, wantText: []string{"Sent a reminder to Person", "Reminded today"}, changes: []string{"skill_reminders", "audit_events"}},
	{name: "member cannot send a reminder", actor: member, method: "POST", path: "/o/{slug}/skills/ratings/{userID}/remind", target: aMember,
		wantStatus: 403, wantText: []string{"Not allowed"}},
	// Roadmap baselines (roadmap_baselines.go).
	{name: "admin saves the roadmap as a baseline", actor: admin, method: "POST", path: "/o/{slug}/roadmap/baselines",
		form: form("name", "Board review {n}"), wantStatus: 303, follow: true,
		wantText: []string{"Saved the baseline “Board review {n}”", "Nothing changed since this baseline"}, changes: []string{"roadmap_baselines", "audit_events"}},
	{name: "member cannot save a baseline", actor: member, method: "POST", path: "/o/{slug}/roadmap/baselines",
		form: form("name", "Member baseline {n}"), wantStatus: 403, wantText: []string{"Not allowed"}},
	{name: "a baseline without a name is not saved", actor: owner, method: "POST", path: "/o/{slug}/roadmap/baselines",
		form: form("name", "  "), wantStatus: 422, wantText: []string{"Name is required."}},
	{name: "member compares a baseline", actor: member, method: "GET", path: "/o/{slug}/roadmap/baselines/{id}", target: aBaseline,
		wantStatus: 200, wantText: []string{"Fresh baseline", "Removed", "Retired initiative", "Added"}, forbidText: []string{"/delete"}},
	{name: "owner deletes a baseline", actor: owner, method: "POST", path: "/o/{slug}/roadmap/baselines/{id}/delete", target: aBaseline,
		wantStatus: 303, follow: true, wantText: []string{"Deleted the baseline “Fresh baseline"}, changes: []string{"roadmap_baselines", "audit_events"}},
}

func TestScenarios(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	runScenarios(t, w, scenarios)
}

// runScenarios runs each scenario in turn on w, each from the same
// memberships and with fresh targets, so that the order does not matter.
func runScenarios(t *testing.T, w *world, list []scenario) {
	routes := map[string]bool{}
	for _, rt := range walkRoutes(t, w.seeder) {
		routes[rt.method+" "+rt.pattern] = true
	}
	for _, sc := range list {
		t.Run(sc.name, func(t *testing.T) {
			if !routes[sc.method+" "+sc.path] && !(sc.method == http.MethodHead && routes["GET "+sc.path]) {
				t.Fatalf("the router has no route %s %s", sc.method, sc.path)
			}
			for _, tbl := range sc.changes {
				if !slices.Contains(w.tables, tbl) {
					t.Fatalf("changes names %q, which is not a table (%v)", tbl, w.tables)
				}
			}
			w.restore(t)
			s := w.as(t, sc.actor)
			slug, params := w.resolve(t, sc.target, true)
			path := pathFor(sc.path, slug, params)
			n := strconv.Itoa(w.next())
			before := map[string]string{}
			for _, tbl := range w.tables {
				before[tbl] = s.dump(tbl)
			}

			r := w.send(s, sc.method, path, fill(sc.form, n))
			if r.StatusCode != sc.wantStatus {
				t.Errorf("%s %s as %s = %d, want %d (Location %q)", sc.method, path, actorNames[sc.actor], r.StatusCode, sc.wantStatus, r.location())
			}
			for _, tbl := range w.tables {
				changed := s.dump(tbl) != before[tbl]
				if want := slices.Contains(sc.changes, tbl); changed != want {
					t.Errorf("table %s changed: %v, want %v", tbl, changed, want)
				}
			}
			pages := []*response{r}
			if sc.follow {
				if r.StatusCode != http.StatusSeeOther {
					t.Fatalf("follow: %d is not a redirect", r.StatusCode)
				}
				pages = append(pages, s.get(r.location()))
			}
			page := pages[len(pages)-1]
			got := text(page.doc(t))
			for _, want := range sc.wantText {
				if want = strings.ReplaceAll(want, "{n}", n); !strings.Contains(got, want) {
					t.Errorf("the page does not say %q:\n%s", want, got)
				}
			}
			for _, p := range pages {
				for _, bad := range sc.forbidText {
					if bad = strings.ReplaceAll(bad, "{n}", n); strings.Contains(p.body, bad) {
						t.Errorf("%s %s shows %q", p.Request.Method, p.Request.URL.Path, bad)
					}
				}
				if l := leaks(sc.actor, p, false, false); len(l) > 0 {
					t.Errorf("%s %s shows %q, which %s may not see", p.Request.Method, p.Request.URL.Path, l, actorNames[sc.actor])
				}
			}
		})
	}
}
