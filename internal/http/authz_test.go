package http_test

// THE AUTHORIZATION MATRIX.
//
// Adding or changing a route? Add or change its row in authzMatrix below: one
// line saying what each actor gets. TestAuthorizationMatrix walks the real chi
// router and fails for a route without a row, and for a row whose route is
// gone. An id route names the target its parameter points at (anInvitation,
// aToken, aMember, anOrg… in seed_test.go): refused actors are probed with
// the victim organization's real, standing object, allowed ones with a fresh
// object each, so "allowed" reads as its success status and "hidden" as 404.
// Give a POST the valid form that an allowed actor would send ({n} in a value
// becomes a fresh number): the row then says the request succeeds.
//
// Beside the rows, invariants hold whatever the rows say (see the areas
// below): outsiders get 404 on every tenant route, visitors 303 to /login
// under /o/ and /orgs, members 403 on manager areas and ≥ 400 on every tenant
// state change but memberMayChange, admins 403 on owner areas. No response
// shows an actor a sentinel it may not see (seed_test.go), a refusal (401,
// 403, 404, the login redirect) shows none but the organization's name to its
// members, and a request the row refuses changes no table. Effects of allowed requests
// (what changed, what the page says) are scenarios: scenario_test.go.

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/headwayhq/headway/internal/roadmap"
)

// The actors, in the order of an access array.
const (
	anonymous = iota // no session
	outsider         // logged in, owner of another organization
	member           // role member of the organization under test
	admin            // role admin
	owner            // role owner
	actors
)

var actorNames = [actors]string{"anonymous", "outsider", "member", "admin", "owner"}

// access is the expected status per actor: {anonymous, outsider, member, admin, owner}.
type access [actors]int

// everyone: every actor gets code (public pages, operations endpoints).
func everyone(code int) access { return access{code, code, code, code, code} }

// loggedIn: visitors are sent to log in; every user gets code.
func loggedIn(code int) access { return access{303, code, code, code, code} }

// tenant: any member of the organization gets code; outsiders a 404.
func tenant(code int) access { return access{303, 404, code, code, code} }

// managers: owners and admins get code; members 403; outsiders 404.
func managers(code int) access { return access{303, 404, 403, code, code} }

// ownerOnly: only owners get code.
func ownerOnly(code int) access { return access{303, 404, 403, 403, code} }

// authzRow is one route. {slug} is the victim organization unless the
// target is anOrg; the target fills its own parameter.
type authzRow struct {
	method       string     // as chi.Walk reports it; "*" covers every method of the pattern without a row of its own
	pattern      string     // as chi.Walk reports it
	want         access     // status per actor
	form         url.Values // body of a POST, PUT or PATCH; {n} becomes a fresh number
	target       *target    // what the id parameter points at
	linkShowsOrg bool       // the URL is the credential and names the organization to its holder
	head         *access    // HEAD's statuses where they differ from GET's (a known bug only)
}

var authzMatrix = []authzRow{
	// Operations and assets.
	{method: "GET", pattern: "/healthz", want: everyone(200)},
	{method: "GET", pattern: "/readyz", want: everyone(200)},
	{method: "GET", pattern: "/static/*", want: everyone(200)},
	{method: "HEAD", pattern: "/static/*", want: everyone(200)},
	{method: "*", pattern: "/static/*", want: everyone(405)},

	// Public pages and authentication. Signing up or logging in replaces
	// the actor's session: the walk logs the actor in again.
	{method: "GET", pattern: "/", want: everyone(200)},
	{method: "GET", pattern: "/template", want: everyone(200)},
	{method: "GET", pattern: "/signup", want: everyone(200)},
	{method: "POST", pattern: "/signup", want: everyone(303),
		form: form("name", "New Person", "email", "new{n}@example.com", "password", testPassword, "org_name", "New Org {n}")},
	{method: "GET", pattern: "/login", want: access{200, 303, 303, 303, 303}},
	{method: "POST", pattern: "/login", want: everyone(303), form: form("email", visitorEmail, "password", testPassword)},
	{method: "POST", pattern: "/logout", want: everyone(303)},
	{method: "GET", pattern: "/password/forgot", want: everyone(200)},
	{method: "POST", pattern: "/password/forgot", want: everyone(200), form: form("email", visitorEmail)},
	{method: "GET", pattern: "/password/reset/{token}", want: everyone(200), target: aResetLink},
	{method: "POST", pattern: "/password/reset/{token}", want: everyone(303), target: aResetLink, form: form("password", testPassword)},
	// The invitation is for someone else: a logged-in user is told so (403).
	{method: "GET", pattern: "/invitations/{token}", want: access{200, 403, 403, 403, 403}, target: anInvitationLink, linkShowsOrg: true},
	{method: "POST", pattern: "/invitations/{token}", want: access{303, 403, 403, 403, 403}, target: anInvitationLink, linkShowsOrg: true,
		form: form("name", "New Joiner", "password", testPassword)},
	// A link without the proof of the address: a visitor asks for a code
	// (sent, back to the link) and types it (no code outstanding: 422).
	{method: "POST", pattern: "/invitations/{token}/code", want: access{303, 403, 403, 403, 403}, target: aSharedInvitationLink, linkShowsOrg: true},
	{method: "POST", pattern: "/invitations/{token}/verify", want: access{422, 403, 403, 403, 403}, target: aSharedInvitationLink, linkShowsOrg: true,
		form: form("code", "123456")},

	// The user's organizations.
	{method: "GET", pattern: "/orgs", want: loggedIn(200)},
	{method: "GET", pattern: "/orgs/new", want: loggedIn(200)},
	{method: "POST", pattern: "/orgs", want: loggedIn(303), form: form("name", "Side Org {n}")},

	// The account: any logged-in person's own. Changing the password (to
	// the same one) and logging out everywhere else replace the actor's
	// session (the walk logs in again); an email link of someone else's is
	// gone for everyone (410); deleting with a wrong password changes nothing.
	{method: "GET", pattern: "/account", want: loggedIn(200)},
	{method: "POST", pattern: "/account/name", want: loggedIn(303), form: form("name", "Renamed Person {n}")},
	{method: "POST", pattern: "/account/email", want: loggedIn(303), form: form("email", "moved{n}@example.com", "email_password", testPassword)},
	{method: "GET", pattern: "/account/email/{token}", want: access{303, 410, 410, 410, 410}, target: anEmailLink},
	{method: "POST", pattern: "/account/email/{token}", want: access{303, 410, 410, 410, 410}, target: anEmailLink},
	{method: "POST", pattern: "/account/password", want: loggedIn(303), form: form("current_password", testPassword, "password", "a different passphrase for the matrix")},
	{method: "POST", pattern: "/account/sessions/end-others", want: loggedIn(303)},
	// An unknown session: 404 (ending a real one is in account_test).
	{method: "POST", pattern: "/account/sessions/end", want: loggedIn(404), form: form("session", "no-such-session0")},
	{method: "GET", pattern: "/account/delete", want: loggedIn(200)},
	{method: "POST", pattern: "/account/delete", want: loggedIn(422), form: form("password", "not the password at all")},

	// Tenant pages.
	// The dashboard answers HEAD through its own route: chi's GetHead asks
	// chi.Match, which stops at the mount's own "/o/{slug}/" stub.
	{method: "GET", pattern: "/o/{slug}/", want: tenant(200)},
	{method: "HEAD", pattern: "/o/{slug}/", want: tenant(200)},
	// Step 1, the inventory and the considerations: members read,
	// managers change. Valid forms, so only the role decides.
	{method: "GET", pattern: "/o/{slug}/stack", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/stack/{id}", want: tenant(200), target: aStackItem},
	{method: "GET", pattern: "/o/{slug}/stack/new", want: managers(200)},
	{method: "POST", pattern: "/o/{slug}/stack", want: managers(303), form: stackItemForm("Tool {n}", "")},
	{method: "POST", pattern: "/o/{slug}/stack/catalog", want: managers(303), form: url.Values{"tool": {"github", "terraform"}}},
	{method: "GET", pattern: "/o/{slug}/stack/{id}/edit", want: managers(200), target: aStackItem},
	{method: "POST", pattern: "/o/{slug}/stack/{id}", want: managers(303), target: aStackItem, form: stackItemForm("Renamed {n}", "1")},
	{method: "GET", pattern: "/o/{slug}/stack/{id}/delete", want: managers(200), target: aStackItem},
	{method: "POST", pattern: "/o/{slug}/stack/{id}/delete", want: managers(303), target: aStackItem},
	{method: "GET", pattern: "/o/{slug}/stack/considerations", want: tenant(200)},
	{method: "POST", pattern: "/o/{slug}/stack/considerations", want: managers(303), form: considerationsForm("0")},
	// Step 2a: the matrix (skills.go): members read (their own row), the
	// catalog (skills_catalog.go) and the required levels
	// (skills_requirements.go) are the managers'.
	{method: "GET", pattern: "/o/{slug}/skills", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/skills/catalog", want: managers(200)},
	{method: "POST", pattern: "/o/{slug}/skills/catalog", want: managers(303), form: form("name", "Skill {n}", "category", "systems")},
	{method: "POST", pattern: "/o/{slug}/skills/catalog/{key}", want: managers(303), target: aSkill,
		form: form("name", "Renamed skill {n}", "category", "security", "version", "1")},
	{method: "POST", pattern: "/o/{slug}/skills/catalog/{key}/archive", want: managers(303), target: aSkill},
	{method: "POST", pattern: "/o/{slug}/skills/catalog/{key}/restore", want: managers(303), target: aSkill},
	{method: "POST", pattern: "/o/{slug}/skills/catalog/{key}/move", want: managers(303), target: aSkill, form: form("direction", "up")},
	{method: "GET", pattern: "/o/{slug}/skills/requirements", want: managers(200)},
	{method: "POST", pattern: "/o/{slug}/skills/requirements", want: managers(303), form: form("req_sre.linux", "3")},
	// Step 3: practices (practices.go). Members read; managers change a status.
	{method: "GET", pattern: "/o/{slug}/infrastructure", want: tenant(200)},
	{method: "POST", pattern: "/o/{slug}/infrastructure/{key}", want: managers(303), target: aPractice,
		form: form("status", "mostly", "notes", "Practice note {n}", "version", "0")},
	// Step 4: the maturity assessment (maturity.go). Members read the
	// results; managers answer.
	{method: "GET", pattern: "/o/{slug}/maturity", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/maturity/questionnaire", want: managers(200)},
	{method: "POST", pattern: "/o/{slug}/maturity", want: managers(303), form: maturityForm("save")},
	// The team survey (maturity_survey.go): managers open it, every member
	// answers. The matrix's world has no open survey, so an answer is a
	// 409 for all; answering an open one is in maturity_test.go.
	{method: "POST", pattern: "/o/{slug}/maturity/survey/open", want: managers(303)},
	{method: "GET", pattern: "/o/{slug}/maturity/survey", want: tenant(200)},
	{method: "POST", pattern: "/o/{slug}/maturity/survey", want: tenant(409), form: maturityForm("")},
	// The roadmap (roadmap.go): members read; managers decide, add
	// initiatives by hand and set the improvement time.
	{method: "GET", pattern: "/o/{slug}/roadmap", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/roadmap/decisions/{key}", want: managers(200), target: anInitiative},
	{method: "POST", pattern: "/o/{slug}/roadmap/decisions/{key}", want: managers(303), target: anInitiative,
		form: form("status", "accepted", "notes", "Decided {n}", "version", "0")},
	{method: "GET", pattern: "/o/{slug}/roadmap/initiatives/new", want: managers(200)},
	{method: "POST", pattern: "/o/{slug}/roadmap/initiatives", want: managers(303),
		form: form("title", "Initiative {n}", "category", "delivery", "effort", "s", "value", "8")},
	{method: "GET", pattern: "/o/{slug}/roadmap/initiatives/{id}", want: managers(200), target: aCustomInitiative},
	{method: "POST", pattern: "/o/{slug}/roadmap/initiatives/{id}", want: managers(303), target: aCustomInitiative,
		form: form("title", "Renamed initiative {n}", "category", "culture", "effort", "m", "value", "13", "version", "1")},
	{method: "GET", pattern: "/o/{slug}/roadmap/initiatives/{id}/delete", want: managers(200), target: aCustomInitiative},
	{method: "POST", pattern: "/o/{slug}/roadmap/initiatives/{id}/delete", want: managers(303), target: aCustomInitiative},
	{method: "POST", pattern: "/o/{slug}/settings/improvement", want: managers(303), form: form("improvement_share", "25")},
	// The guided quick assessment (start.go): owners and admins; a screen is saved as it is left.
	{method: "GET", pattern: "/o/{slug}/start", want: managers(200)},
	{method: "POST", pattern: "/o/{slug}/start/{screen}", want: managers(303), target: aStartScreen, form: startTeamForm()},
	// The roadmap's stakeholders (roadmap_stakeholders.go): members read the
	// register and a stakeholder (its read view); owners and admins add,
	// edit (a fresh one at version 1) and delete.
	{method: "GET", pattern: "/o/{slug}/roadmap/stakeholders", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/roadmap/stakeholders/new", want: managers(200)},
	{method: "POST", pattern: "/o/{slug}/roadmap/stakeholders", want: managers(303), form: stakeholderForm("Stakeholder {n}")},
	{method: "GET", pattern: "/o/{slug}/roadmap/stakeholders/{id}", want: tenant(200), target: aStakeholder},
	{method: "POST", pattern: "/o/{slug}/roadmap/stakeholders/{id}", want: managers(303), target: aStakeholder,
		form: stakeholderForm("Edited stakeholder {n}", "version", "1")},
	{method: "GET", pattern: "/o/{slug}/roadmap/stakeholders/{id}/delete", want: managers(200), target: aStakeholder},
	{method: "POST", pattern: "/o/{slug}/roadmap/stakeholders/{id}/delete", want: managers(303), target: aStakeholder},
	// The roadmap as CSV and Markdown (export_roadmap.go): members download;
	// anyone with a live share link downloads its version.
	{method: "GET", pattern: "/o/{slug}/roadmap.csv", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/roadmap.md", want: tenant(200)},
	{method: "GET", pattern: "/share/{token}/roadmap.csv", want: everyone(200), target: aShareToken, linkShowsOrg: true},
	{method: "GET", pattern: "/share/{token}/roadmap.md", want: everyone(200), target: aShareToken, linkShowsOrg: true},
	// Roadmap baselines (roadmap_baselines.go): members read the list and
	// compare; owners and admins save (a fresh name each) and delete.
	{method: "GET", pattern: "/o/{slug}/roadmap/baselines", want: tenant(200)},
	{method: "POST", pattern: "/o/{slug}/roadmap/baselines", want: managers(303), form: form("name", "Baseline {n}")},
	{method: "GET", pattern: "/o/{slug}/roadmap/baselines/{id}", want: tenant(200), target: aBaseline},
	{method: "GET", pattern: "/o/{slug}/roadmap/baselines/{id}/delete", want: managers(200), target: aBaseline},
	{method: "POST", pattern: "/o/{slug}/roadmap/baselines/{id}/delete", want: managers(303), target: aBaseline},
	// Step 1: tech radar (stack_radar.go): members read.
	{method: "GET", pattern: "/o/{slug}/stack/radar", want: tenant(200)},

	// Step 2a: self-rating and who has not rated (skills_me.go). Every
	// member rates themself (a valid form: one rating); managers see who has
	// not rated and remind a member (a fresh one each: once a day).
	{method: "GET", pattern: "/o/{slug}/skills/me", want: tenant(200)},
	{method: "POST", pattern: "/o/{slug}/skills/me", want: tenant(303), form: form("rating_kubernetes", "2", "interested_linux", "on")},
	{method: "GET", pattern: "/o/{slug}/skills/ratings", want: managers(200)},
	{method: "POST", pattern: "/o/{slug}/skills/ratings/{userID}/remind", want: managers(303), target: aMember},

	// Step 1: findings register (stack_findings.go). Members read the list
	// and a finding (its read view); owners and admins record, edit (with
	// the version a fresh finding is at) and delete.
	{method: "GET", pattern: "/o/{slug}/stack/findings", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/stack/findings/new", want: managers(200)},
	{method: "POST", pattern: "/o/{slug}/stack/findings", want: managers(303),
		form: form("kind", "debt", "title", "Finding {n}", "severity", "2", "effort", "m")},
	{method: "GET", pattern: "/o/{slug}/stack/findings/{id}", want: tenant(200), target: aFinding},
	{method: "POST", pattern: "/o/{slug}/stack/findings/{id}", want: managers(303), target: aFinding,
		form: form("kind", "opportunity", "title", "Edited {n}", "severity", "3", "effort", "s", "status", "planned", "version", "1")},
	{method: "GET", pattern: "/o/{slug}/stack/findings/{id}/delete", want: managers(200), target: aFinding},
	{method: "POST", pattern: "/o/{slug}/stack/findings/{id}/delete", want: managers(303), target: aFinding},

	// Step 2b: DORA KPIs (kpis.go). Members read the KPI page; owners and
	// admins record (confirm=replace: a valid form succeeds whether or not
	// the date has one), edit (a fresh snapshot at version 1, its own
	// date), delete, set targets and the benchmark's industry and size.
	{method: "GET", pattern: "/o/{slug}/kpis", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/kpis/new", want: managers(200)},
	{method: "POST", pattern: "/o/{slug}/kpis", want: managers(303), form: kpiForm("2024-01-01", "confirm", "replace")},
	{method: "GET", pattern: "/o/{slug}/kpis/targets", want: managers(200)},
	{method: "POST", pattern: "/o/{slug}/kpis/targets", want: managers(303), form: form("lead_time_target_tier", "elite", "change_failure_rate_target", "10")},
	{method: "GET", pattern: "/o/{slug}/kpis/{id}", want: managers(200), target: aKPISnapshot},
	{method: "POST", pattern: "/o/{slug}/kpis/{id}", want: managers(303), target: aKPISnapshot, form: kpiForm(freshKPIDate, "version", "1")},
	{method: "GET", pattern: "/o/{slug}/kpis/{id}/delete", want: managers(200), target: aKPISnapshot},
	{method: "POST", pattern: "/o/{slug}/kpis/{id}/delete", want: managers(303), target: aKPISnapshot},
	{method: "POST", pattern: "/o/{slug}/settings/profile", want: managers(303), form: form("industry", "technology", "size", "fewer_than_100")},

	// Team: members read and may leave; managers invite and manage.
	{method: "GET", pattern: "/o/{slug}/team", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/team/leave", want: access{303, 404, 200, 200, 409}},  // the last owner is told at once
	{method: "POST", pattern: "/o/{slug}/team/leave", want: access{303, 404, 303, 303, 409}}, // the last owner cannot leave
	{method: "POST", pattern: "/o/{slug}/team/invitations", want: managers(303), form: form("email", "invitee{n}@example.com", "role", "member")},
	{method: "POST", pattern: "/o/{slug}/team/invitations/{id}/resend", want: managers(303), target: anInvitation},
	{method: "POST", pattern: "/o/{slug}/team/invitations/{id}/revoke", want: managers(303), target: anInvitation},
	{method: "POST", pattern: "/o/{slug}/team/members/{userID}", want: managers(303), target: aMember, form: form("role", "admin", "job_role", "Promoted {n}")},
	{method: "GET", pattern: "/o/{slug}/team/members/{userID}/remove", want: managers(200), target: aMember},
	{method: "POST", pattern: "/o/{slug}/team/members/{userID}/remove", want: managers(303), target: aMember},

	// Settings: managers; deleting the organization: owners. Renaming to
	// the same name keeps the sentinel; the delete form is valid, so only
	// the role stands between a refused actor and the organization.
	{method: "GET", pattern: "/o/{slug}/settings", want: managers(200)},
	{method: "POST", pattern: "/o/{slug}/settings", want: managers(303), form: form("name", sentinelOrg)},
	{method: "GET", pattern: "/o/{slug}/settings/tokens", want: managers(200)},
	{method: "GET", pattern: "/o/{slug}/settings/audit", want: managers(200)},
	// Share links of the roadmap (shares.go): owners and admins manage them;
	// anyone with a live link reads the roadmap, logged in or not.
	{method: "GET", pattern: "/o/{slug}/settings/shares", want: managers(200)},
	{method: "POST", pattern: "/o/{slug}/settings/shares", want: managers(303), form: form("name", "Board {n}", "expires_in", "30")},
	{method: "GET", pattern: "/o/{slug}/settings/shares/{id}/revoke", want: managers(200), target: aShareLink},
	{method: "POST", pattern: "/o/{slug}/settings/shares/{id}/revoke", want: managers(303), target: aShareLink},
	{method: "GET", pattern: "/share/{token}", want: everyone(200), target: aShareToken, linkShowsOrg: true},
	// PDF exports (export_pdf.go): the blank worksheet for anyone, the report
	// for members and for a live share link.
	{method: "GET", pattern: "/template/headway-roadmap-template.pdf", want: everyone(200)},
	{method: "GET", pattern: "/o/{slug}/roadmap.pdf", want: tenant(200)},
	{method: "GET", pattern: "/share/{token}/roadmap.pdf", want: everyone(200), target: aShareToken, linkShowsOrg: true},
	{method: "POST", pattern: "/o/{slug}/settings/tokens", want: managers(303), form: form("name", "Token {n}")},
	{method: "GET", pattern: "/o/{slug}/settings/tokens/{id}/revoke", want: managers(200), target: aToken},
	{method: "POST", pattern: "/o/{slug}/settings/tokens/{id}/revoke", want: managers(303), target: aToken},
	// The sample organization (sample.go): any user explores one (their
	// own, made or opened); its owner deletes it, and only a sample.
	{method: "POST", pattern: "/orgs/sample", want: loggedIn(303)},
	{method: "GET", pattern: "/o/{slug}/sample/delete", want: ownerOnly(200), target: aSampleOrg},
	{method: "POST", pattern: "/o/{slug}/sample/delete", want: ownerOnly(303), target: aSampleOrg},
	{method: "GET", pattern: "/o/{slug}/settings/delete", want: ownerOnly(200)},
	{method: "POST", pattern: "/o/{slug}/settings/delete", want: ownerOnly(303), target: anOrg, form: form("confirm", sentinelOrg, "password", testPassword)},

	// Step 1: CSV export and import (stack_csv.go). Members export and
	// download the empty templates; managers import. The upload without a
	// file is refused beside the field (422); an import id the organization
	// does not have is not found, whoever asks (the applied import is in
	// stack_csv_test.go).
	{method: "GET", pattern: "/o/{slug}/stack/export.csv", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/stack/findings/export.csv", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/stack/import/template.csv", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/stack/import", want: managers(200)},
	{method: "POST", pattern: "/o/{slug}/stack/import", want: managers(422), form: form("kind", "stack")},
	{method: "POST", pattern: "/o/{slug}/stack/import/confirm", want: managers(404), form: form("import_id", "987654321")},
	// The roadmap workbook (workbook.go, workbook_test.go): the blank template
	// is public, a live share link gives its workbook, members download the
	// filled one, owners and admins import (an upload without a file: 422).
	{method: "GET", pattern: "/template/headway-roadmap-template.xlsx", want: everyone(200)},
	{method: "GET", pattern: "/share/{token}/roadmap.xlsx", want: everyone(200), target: aShareToken, linkShowsOrg: true},
	{method: "GET", pattern: "/o/{slug}/roadmap.xlsx", want: tenant(200)},
	{method: "GET", pattern: "/o/{slug}/import", want: managers(200)},
	{method: "POST", pattern: "/o/{slug}/import", want: managers(422), form: form("file", "")},
	{method: "POST", pattern: "/o/{slug}/import/confirm", want: managers(404), form: form("import_id", "987654321")},

	// JSON API: a bearer token is the only credential; a session cookie is not one.
	{method: "GET", pattern: "/api/v1/org", want: everyone(401)},
	{method: "GET", pattern: "/api/v1/audit", want: everyone(401)},
	{method: "GET", pattern: "/api/v1/stack", want: everyone(401)},
	{method: "POST", pattern: "/api/v1/stack", want: everyone(401)},
	{method: "GET", pattern: "/api/v1/stack/{id}", want: everyone(401)},
	{method: "PUT", pattern: "/api/v1/stack/{id}", want: everyone(401)},
	{method: "DELETE", pattern: "/api/v1/stack/{id}", want: everyone(401)},
	{method: "GET", pattern: "/api/v1/findings", want: everyone(401)},
	{method: "POST", pattern: "/api/v1/findings", want: everyone(401)},
	{method: "GET", pattern: "/api/v1/findings/{id}", want: everyone(401)},
	{method: "PUT", pattern: "/api/v1/findings/{id}", want: everyone(401)},
	{method: "DELETE", pattern: "/api/v1/findings/{id}", want: everyone(401)},
	// Step 2b: DORA KPIs (api_kpis.go).
	{method: "GET", pattern: "/api/v1/kpis", want: everyone(401)},
	{method: "POST", pattern: "/api/v1/kpis", want: everyone(401)},
	// Steps 3 and 4 (api_maturity.go).
	{method: "GET", pattern: "/api/v1/practices", want: everyone(401)},
	{method: "PUT", pattern: "/api/v1/practices/{key}", want: everyone(401)},
	{method: "GET", pattern: "/api/v1/maturity", want: everyone(401)},
	{method: "POST", pattern: "/api/v1/maturity", want: everyone(401)},
	// Step 2a: the skills' catalog and aggregates (api_skills.go).
	{method: "GET", pattern: "/api/v1/skills", want: everyone(401)},
	// The roadmap (roadmap.go): any token of the organization reads.
	{method: "GET", pattern: "/api/v1/roadmap", want: everyone(401)},
	{method: "PATCH", pattern: "/api/v1/roadmap/{key}", want: everyone(401)},
}

// Areas of the route table, by pattern prefix. The invariants hold for every
// route under them whatever its row says, so a route moved out of its group
// fails even with a row that agrees with it.
var (
	// tenantArea: outsiders get 404 (the same as an unknown slug).
	tenantArea = "/o/{slug}"
	// loginAreas: visitors are sent to log in (303 to /login…).
	loginAreas = []string{"/o/{slug}", "/orgs", "/account"}
	// managerAreas: members get 403.
	managerAreas = []string{"/o/{slug}/settings", "/o/{slug}/team/invitations", "/o/{slug}/team/members", "/o/{slug}/skills/ratings"}
	// ownerAreas: admins get 403.
	ownerAreas = []string{"/o/{slug}/settings/delete"}
	// memberMayChange are the tenant state changes a member may make; any
	// other gives a member a status of 400 or more.
	memberMayChange = []string{
		"POST /o/{slug}/team/leave",      // leaving is everyone's own decision
		"POST /o/{slug}/skills/me",       // rating oneself: every member's own ratings, and only theirs
		"POST /o/{slug}/maturity/survey", // every member answers the team survey
	}
)

// under reports whether pattern is area or below it.
func under(pattern string, areas ...string) bool {
	for _, a := range areas {
		if pattern == a || strings.HasPrefix(pattern, strings.TrimSuffix(a, "/")+"/") {
			return true
		}
	}
	return false
}

// stateChanging reports whether method may change state.
func stateChanging(method string) bool {
	return method != http.MethodGet && method != http.MethodHead && method != http.MethodOptions && method != http.MethodTrace
}

// invariants lists what r, actor a's answer to method pattern, breaks.
func invariants(method, pattern string, a int, r *response) []string {
	var out []string
	got := r.StatusCode
	if a == outsider && under(pattern, tenantArea) && got != http.StatusNotFound {
		out = append(out, fmt.Sprintf("an outsider got %d on a tenant route, want 404", got))
	}
	if a == anonymous && under(pattern, loginAreas...) && (got != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/login")) {
		out = append(out, fmt.Sprintf("a visitor got %d Location %q, want 303 to /login", got, r.location()))
	}
	if a == member && under(pattern, managerAreas...) && got != http.StatusForbidden {
		out = append(out, fmt.Sprintf("a member got %d in a manager area, want 403", got))
	}
	if a == member && under(pattern, tenantArea) && stateChanging(method) && !slices.Contains(memberMayChange, method+" "+pattern) && got < 400 {
		out = append(out, fmt.Sprintf("a member changed tenant state (%d): add the route to memberMayChange only if members may", got))
	}
	if a == admin && under(pattern, ownerAreas...) && got != http.StatusForbidden {
		out = append(out, fmt.Sprintf("an admin got %d in an owner area, want 403", got))
	}
	return out
}

// allowed reports whether the row lets actor a through: a success status,
// and for a visitor not the redirect to the login page.
func (row authzRow) allowed(a int) bool {
	return row.want[a] < 400 && !(a == anonymous && under(row.pattern, loginAreas...))
}

// matrixCell is one request of the walk.
type matrixCell struct {
	method string
	row    authzRow
}

// matrixCells pairs every walked route with its row; a HEAD cell follows
// every GET (the router answers HEAD with the GET handler). It fails t for
// a route without a row and a row without a route.
func matrixCells(t *testing.T, c *client) []matrixCell {
	t.Helper()
	walked := walkRoutes(t, c)
	rows := map[string]authzRow{}
	for _, row := range authzMatrix {
		key := row.method + " " + row.pattern
		if _, dup := rows[key]; dup {
			t.Errorf("authzMatrix: two rows for %s", key)
		}
		rows[key] = row
	}
	has := map[string]bool{}
	for _, w := range walked {
		has[w.method+" "+w.pattern] = true
	}
	used := map[string]bool{}
	var cells []matrixCell
	for _, w := range walked {
		row, ok := rows[w.method+" "+w.pattern]
		if ok {
			used[w.method+" "+w.pattern] = true
		} else if row, ok = rows["* "+w.pattern]; ok {
			used["* "+w.pattern] = true
		} else {
			t.Errorf("route %s %s has no row in authzMatrix (authz_test.go): add one saying what each actor gets", w.method, w.pattern)
			continue
		}
		if w.method == http.MethodConnect {
			continue // net/http's client cannot send a CONNECT with a path
		}
		cells = append(cells, matrixCell{w.method, row})
		if w.method == http.MethodGet && !has["HEAD "+w.pattern] {
			head := row
			if row.head != nil {
				head.want = *row.head
			}
			cells = append(cells, matrixCell{http.MethodHead, head})
		}
	}
	for _, row := range authzMatrix {
		if key := row.method + " " + row.pattern; !used[key] {
			t.Errorf("authzMatrix row %s matches no route of the router: remove or fix it", key)
		}
	}
	// An area that matches no route would make its invariant vacuous.
	for _, area := range slices.Concat([]string{tenantArea}, loginAreas, managerAreas, ownerAreas) {
		if !slices.ContainsFunc(walked, func(w walkedRoute) bool { return under(w.pattern, area) }) {
			t.Errorf("area %s matches no route: fix the areas in authz_test.go", area)
		}
	}
	for _, key := range memberMayChange {
		if !has[key] {
			t.Errorf("memberMayChange lists %s, which the router does not serve", key)
		}
	}
	return cells
}

// TestAuthorizationMatrix requests every route as every actor.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	cells := matrixCells(t, w.seeder)
	for _, cl := range cells {
		for a := range actors {
			t.Run(fmt.Sprintf("%s %s as %s", cl.method, cl.row.pattern, actorNames[a]), func(t *testing.T) {
				w.restore(t)
				s := w.as(t, a)
				ok := cl.row.allowed(a)
				// A refused actor meets the standing object; an allowed one
				// gets its own when the request may use it up.
				slug, params := w.resolve(t, cl.row.target, ok && stateChanging(cl.method))
				path := pathFor(cl.row.pattern, slug, params)
				var before string
				session := s.session()
				if !ok {
					before = w.dumpAll(t)
				}
				r := w.send(s, cl.method, path, w.expand(cl.row.form))

				if want := cl.row.want[a]; r.StatusCode != want {
					t.Errorf("%s %s as %s = %d, want %d (Location %q)", cl.method, path, actorNames[a], r.StatusCode, want, r.location())
				}
				if cl.method == http.MethodHead && r.body != "" {
					t.Errorf("HEAD answered %d bytes of body", len(r.body))
				}
				for _, broken := range invariants(cl.method, cl.row.pattern, a, r) {
					t.Errorf("invariant: %s %s as %s: %s", cl.method, path, actorNames[a], broken)
				}
				if l := leaks(a, r, true, cl.row.linkShowsOrg); len(l) > 0 {
					t.Errorf("%s %s as %s (%d) shows %q, which %s may not see here", cl.method, path, actorNames[a], r.StatusCode, l, actorNames[a])
				}
				if !ok {
					if after := w.dumpAll(t); after != before {
						t.Errorf("a refused request changed the database:\n%s", dumpDiff(before, after))
					}
					if s.session() != session {
						t.Errorf("a refused request replaced the session token")
					}
				}
			})
		}
	}
	// The walk did not touch the victim organization or its sentinels.
	owner := w.as(t, owner)
	if r := owner.get("/o/" + w.slug + "/"); r.StatusCode != http.StatusOK || h1(t, r) != sentinelOrg {
		t.Errorf("after the matrix the owner's dashboard = %d %q", r.StatusCode, h1(t, r))
	}
	if inv := owner.invitationFor(w.slug, sentinelInvitee); inv.ID != w.invitationID {
		t.Errorf("the sentinel invitation is now %q, was %s", inv.ID, w.invitationID)
	}
}

// stackItemForm is a valid item form (version "" for a new item).
func stackItemForm(name, version string) url.Values {
	f := form("name", name, "category", "ci_cd", "lifecycle", "trial", "monthly_cost", "120.50", "cost_scaling", "linear",
		"scalability", "4", "support_hours_per_month", "6", "owner", "Platform team", "notes", "Runs the builds.")
	if version != "" {
		f.Set("version", version)
	}
	return f
}

// considerationsForm is a valid considerations form at version.
func considerationsForm(version string) url.Values {
	return form("version", version, "team_size", "8", "planned_team_size", "12",
		"team_verdict", "ok", "cost_verdict", "concern", "cost_notes", "Datadog grows with hosts.",
		"scalability_verdict", "unknown", "support_verdict", "concern")
}

// maturityForm answers every question of the questionnaire 3 (a new draft,
// version 0) with action save or complete.
func maturityForm(action string) url.Values {
	f := form("action", action, "version", "0")
	for _, q := range roadmap.MaturityQuestions {
		f.Set(q.Key, "3")
	}
	return f
}
