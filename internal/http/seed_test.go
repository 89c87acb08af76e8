package http_test

// The seeded world that the authorization matrix, the scenarios, the
// no-state-change-on-GET walk and the cross-origin walk share: a victim
// organization holding sentinel values, one session per actor, and real
// objects (invitations, tokens, members, reset links) for every id route.

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/alexedwards/argon2id"
	"github.com/jackc/pgx/v5"

	headway "github.com/headwayhq/headway/internal/http"
	"github.com/headwayhq/headway/internal/roadmap"
)

// Sentinels: distinctive values seeded in the victim organization. A body
// that contains one shows that value; who may see each is in sentinels.
const (
	sentinelOrg     = "Zephyr Quokka Holdings"          // the organization's name
	sentinelToken   = "quokka-deploy-token-7731"        // an API token's name
	sentinelInvitee = "quokka.invitee.4412@example.com" // a pending invitation's email
	sentinelJobRole = "Quokka Wrangler 5590"            // a member's job role
)

// sentinels says which actors may see each sentinel anywhere: the name and
// the job roles are on every member's pages, tokens and invitations only on
// the managers'.
var sentinels = []struct {
	value  string
	seenBy [actors]bool
}{
	{sentinelOrg, [actors]bool{member: true, admin: true, owner: true}},
	{sentinelJobRole, [actors]bool{member: true, admin: true, owner: true}},
	{sentinelToken, [actors]bool{admin: true, owner: true}},
	{sentinelInvitee, [actors]bool{admin: true, owner: true}},
}

// visitorEmail is an account outside the victim organization whose
// credentials the login and password-reset rows use.
const visitorEmail = "visitor@example.com"

// world is a server seeded for the walks. Its seeder client (the owner's
// first session) only seeds; actors have sessions of their own.
type world struct {
	seeder  *client
	slug    string // the victim organization
	emails  [actors]string
	tables  []string // every table but sessions and migration bookkeeping
	n       int      // the last number handed out by next
	actorIn [actors]*client
	tokens  [actors]string // session tokens of actorIn

	// Standing objects of the victim organization, for GETs and for the
	// actors who must be refused (so "hidden" is tested on real ids).
	invitationID string // the sentinel invitation
	tokenID      string // the sentinel token
	memberID     string // Sam Sentinel, with the sentinel job role
	linkToken    string // the token of a pending invitation (not the sentinel's)
	resetToken   string // an unused reset token of the visitor
	emailToken   string // a pending email change's link token of the visitor (no actor's)
	stackItemID  string // an item of the inventory
	findingID    string // a finding of the register (stack_findings_test.go)
	kpiID        string // a KPI snapshot (kpis_test.go)
	customID     string // an initiative added by hand to the roadmap

	stakeholderID string // a stakeholder of the roadmap (roadmap_stakeholders_test.go)
	baselineID    string // a roadmap baseline (roadmap_baselines_test.go)
	shareID       string // a live share link of the roadmap (shares_test.go)
	shareToken    string // its token
	sampleSlug    string // the owner's sample organization, a copy of the victim (sample_test.go)

	// seederEpoch is the owner's session epoch when the seeder logged in: an
	// owner's cell that ends the other sessions ends the seeder's too, and
	// restore logs it in again.
	seederEpoch int
}

// newWorld starts a server and seeds the victim organization, its actors
// and the standing objects.
func newWorld(t *testing.T) *world {
	t.Helper()
	c := newTestServer(t, func(cfg *headway.Config) {
		// The walks send many invitations and resets from one IP.
		cfg.InviteLimitPerOrg, cfg.InviteLimitPerEmail = 10000, 10000
		cfg.SurveyLimitPerOrg = 10000
		cfg.ResetLimitPerIP, cfg.ResetLimitPerEmail = 10000, 10000
	})
	w := &world{seeder: c}
	w.slug = c.signup("Olivia Owner", "owner@example.com", sentinelOrg)
	c.addMember(w.slug, "Adam Admin", "admin@example.com", "admin")
	c.addMember(w.slug, "Mia Member", "member@example.com", "member")
	outside := c.newClient().signup("Oscar Outsider", "outsider@example.com", "Outside Org")
	c.addMember(outside, "Vera Visitor", visitorEmail, "member")
	w.emails = [actors]string{"", "outsider@example.com", "member@example.com", "admin@example.com", "owner@example.com"}
	w.tables = c.appTables()

	w.invitationID = c.invite(w.slug, sentinelInvitee, "member").ID
	w.linkToken = strings.TrimPrefix(c.invite(w.slug, "link.holder@example.com", "member").path(t), "/invitations/")
	c.createToken(w.slug, sentinelToken)
	w.tokenID = w.queryID(t, `SELECT t.id FROM api_tokens t JOIN organizations o ON o.id = t.org_id WHERE o.slug = $1 AND t.name = $2`, w.slug, sentinelToken)
	w.memberID = w.freshMember(t, "member")
	if r := c.post("/o/"+w.slug+"/team/members/"+w.memberID, form("role", "member", "job_role", sentinelJobRole)); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("set the sentinel job role = %d\n%s", r.StatusCode, r.body)
	}
	w.resetToken = w.freshReset(t)
	w.emailToken = w.freshEmailChange(t)
	w.stackItemID = w.freshStackItem(t)
	w.findingID = w.newFinding(t, "Standing finding")
	w.kpiID = w.queryID(t, `INSERT INTO kpi_snapshots (org_id, measured_on, deployments_per_week, lead_time_hours, change_failure_rate, recovery_time_hours)
		SELECT id, date '2002-02-02', 3, 30, 12, 5 FROM organizations WHERE slug = $1 RETURNING id`, w.slug)
	w.stakeholderID = w.freshStakeholder(t)
	w.seedRatings(t)
	w.customID = w.freshCustom(t)
	w.baselineID = w.freshBaseline(t)
	w.shareID, w.shareToken = w.freshShare(t)
	w.sampleSlug = w.freshSample(t)

	// Every sentinel is really on the page a manager sees, so that its
	// absence elsewhere means something.
	pages := c.get("/o/"+w.slug+"/team").body + c.get("/o/"+w.slug+"/settings/tokens").body
	for _, s := range sentinels {
		if !strings.Contains(pages, s.value) {
			t.Fatalf("sentinel %q is not on the owner's team or tokens page", s.value)
		}
	}
	return w
}

// appTables lists the application's tables, read from the catalog so that
// new tables are covered without editing the tests. Sessions are left out:
// scs moves a session's idle expiry on every request, by design.
func (c *client) appTables() []string {
	c.t.Helper()
	rows, err := c.su.Query(context.Background(), `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
		  AND table_name NOT IN ('sessions', 'schema_migrations') ORDER BY 1`)
	if err != nil {
		c.t.Fatal(err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(tables) < 5 {
		c.t.Fatalf("list tables: %v (%v)", err, tables)
	}
	return tables
}

// dumpDiff shows the lines of two dumps that differ, each under its table.
func dumpDiff(before, after string) string {
	lines := func(d string) map[string]bool {
		m := map[string]bool{}
		tbl := ""
		for _, l := range strings.Split(d, "\n") {
			if strings.HasSuffix(l, ":") && !strings.HasPrefix(l, "(") {
				tbl = l
				continue
			}
			m[tbl+" "+l] = true
		}
		return m
	}
	b, a := lines(before), lines(after)
	var out []string
	for l := range b {
		if !a[l] {
			out = append(out, "- "+l)
		}
	}
	for l := range a {
		if !b[l] {
			out = append(out, "+ "+l)
		}
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

// dumpAll is the full content of every application table.
func (w *world) dumpAll(t testing.TB) string { return w.seeder.in(t).dump(w.tables...) }

// next is a number never handed out before, for fresh emails and names.
func (w *world) next() int { w.n++; return w.n }

// expand replaces {n} in form values by a fresh number (one per form).
func (w *world) expand(f url.Values) url.Values { return fill(f, strconv.Itoa(w.next())) }

// fill replaces {n} in form values by n.
func fill(f url.Values, n string) url.Values {
	if f == nil {
		return nil
	}
	out := url.Values{}
	for k, vs := range f {
		for _, v := range vs {
			out.Add(k, strings.ReplaceAll(v, "{n}", n))
		}
	}
	return out
}

func (w *world) queryID(t testing.TB, q string, args ...any) string {
	t.Helper()
	var id int64
	if err := w.seeder.su.QueryRow(context.Background(), q, args...).Scan(&id); err != nil {
		t.Fatalf("%s %v: %v", q, args, err)
	}
	return strconv.FormatInt(id, 10)
}

// restore gives the victim organization its seeded members again, the
// actors in their roles, whatever the cell before did (left it, changed a
// role, added a co-owner…).
func (w *world) restore(t testing.TB) {
	t.Helper()
	_, err := w.seeder.su.Exec(context.Background(), `
		WITH gone AS (
			DELETE FROM memberships m USING organizations o, users u
			WHERE o.id = m.org_id AND u.id = m.user_id AND o.slug = $1
			  AND u.email NOT IN ($2, $3, $4) AND u.id <> $5::bigint
		)
		INSERT INTO memberships (org_id, user_id, role)
		SELECT o.id, u.id, v.role
		FROM organizations o, (VALUES ($2, 'owner'), ($3, 'admin'), ($4, 'member')) v (email, role)
		JOIN users u ON u.email = v.email
		WHERE o.slug = $1
		ON CONFLICT (org_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
		w.slug, w.emails[owner], w.emails[admin], w.emails[member], w.memberID)
	if err != nil {
		t.Fatalf("restore memberships: %v", err)
	}
	// A fresh sample took the standing one's place (one per user).
	if w.sampleSlug != "" {
		w.makeSample(t, w.sampleSlug)
	}
	// The considerations are one row per organization: a cell's save would
	// make the next cell's first save (version 0) stale.
	if _, err := w.seeder.su.Exec(context.Background(), `DELETE FROM stack_considerations
		WHERE org_id = (SELECT id FROM organizations WHERE slug = $1)`, w.slug); err != nil {
		t.Fatalf("restore considerations: %v", err)
	}
	// Steps 3 and 4: a practice's status and the maturity draft are one
	// row each, like the considerations: a cell's save would make the next
	// cell's version 0 stale.
	if _, err := w.seeder.su.Exec(context.Background(), `WITH o AS (SELECT id FROM organizations WHERE slug = $1),
		p AS (DELETE FROM practice_status WHERE org_id = (SELECT id FROM o))
		DELETE FROM maturity_assessments WHERE org_id = (SELECT id FROM o)`, w.slug); err != nil {
		t.Fatalf("restore practices and maturity: %v", err)
	}
	// The starter catalog adds a tool once: what a cell added from it goes,
	// so the next cell adds it again.
	var catalog []string
	for _, tool := range roadmap.StarterCatalog {
		catalog = append(catalog, tool.Name)
	}
	if _, err := w.seeder.su.Exec(context.Background(), `DELETE FROM stack_items
		WHERE org_id = (SELECT id FROM organizations WHERE slug = $1) AND name = ANY($2)`, w.slug, catalog); err != nil {
		t.Fatalf("restore the inventory: %v", err)
	}
	// A cell that changed an actor's password (POST /account/password)
	// leaves every actor with the owner's, the test password, again.
	if _, err := w.seeder.su.Exec(context.Background(), `UPDATE users SET password_hash = $1 WHERE email = ANY($2) AND password_hash <> $1`,
		testPasswordHash(t), []string{w.emails[owner], w.emails[admin], w.emails[member], w.emails[outsider]}); err != nil {
		t.Fatalf("restore passwords: %v", err)
	}
	var epoch int
	if err := w.seeder.su.QueryRow(context.Background(), `SELECT session_epoch FROM users WHERE email = $1`, w.emails[owner]).Scan(&epoch); err != nil {
		t.Fatalf("owner's session epoch: %v", err)
	}
	if epoch != w.seederEpoch {
		w.seeder.in(t).mustLogin(w.emails[owner])
		w.seederEpoch = epoch
	}
}

// as is actor a's client failing t: a new visitor for anonymous, else the
// actor's session, logged in again when a request replaced its token
// (POST /logout, a login as someone else…).
func (w *world) as(t testing.TB, a int) *client {
	t.Helper()
	if a == anonymous {
		return w.seeder.in(t).newClient()
	}
	if s := w.actorIn[a]; s != nil && s.session() == w.tokens[a] {
		return s.in(t)
	}
	s := w.seeder.in(t).newClient()
	s.mustLogin(w.emails[a])
	w.actorIn[a], w.tokens[a] = s, s.session()
	return s
}

// target is what a route parameter points at: a standing object of the
// victim organization (nil: none), or a fresh one made for a cell whose
// action would use it up.
type target struct {
	param    string
	standing func(w *world) string
	fresh    func(w *world, t testing.TB) string
}

var (
	anInvitation = &target{"id", func(w *world) string { return w.invitationID },
		func(w *world, t testing.TB) string {
			return w.seeder.in(t).invite(w.slug, fmt.Sprintf("fresh%d@example.com", w.next()), "member").ID
		}}
	aToken = &target{"id", func(w *world) string { return w.tokenID },
		func(w *world, t testing.TB) string {
			return w.queryID(t, `INSERT INTO api_tokens (org_id, name, token_hash)
				SELECT id, $2, sha256(convert_to($2, 'UTF8')) FROM organizations WHERE slug = $1 RETURNING id`,
				w.slug, fmt.Sprintf("fresh token %d", w.next()))
		}}
	aMember = &target{"userID", func(w *world) string { return w.memberID },
		func(w *world, t testing.TB) string { return w.freshMember(t, "member") }}
	// aCoOwner is a second owner (scenarios about the owner role).
	aCoOwner = &target{"userID", nil, func(w *world, t testing.TB) string { return w.freshMember(t, "owner") }}
	// anOrg is the organization itself: a fresh copy (same name, same
	// actors) for a cell that deletes or renames it.
	anOrg = &target{"slug", func(w *world) string { return w.slug },
		func(w *world, t testing.TB) string { return w.freshOrg(t) }}
	// anInvitationLink is a fresh invitation's emailed link (with the proof
	// of the address, so a visitor may sign up through it).
	anInvitationLink = &target{"token", func(w *world) string { return w.linkToken },
		func(w *world, t testing.TB) string {
			email := fmt.Sprintf("joiner%d@example.com", w.next())
			w.seeder.in(t).invite(w.slug, email, "member")
			return strings.TrimPrefix(w.seeder.in(t).emailedLink(email), "/invitations/")
		}}
	// aSharedInvitationLink is a fresh invitation's link as the team page
	// shows it, without the proof: a code must confirm the address.
	aSharedInvitationLink = &target{"token", func(w *world) string { return w.linkToken },
		func(w *world, t testing.TB) string {
			inv := w.seeder.in(t).invite(w.slug, fmt.Sprintf("sharer%d@example.com", w.next()), "member")
			return strings.TrimPrefix(inv.path(t), "/invitations/")
		}}
	aResetLink = &target{"token", func(w *world) string { return w.resetToken },
		func(w *world, t testing.TB) string { return w.freshReset(t) }}
	// aStackItem is an item of the victim organization's inventory.
	aStackItem = &target{"id", func(w *world) string { return w.stackItemID },
		func(w *world, t testing.TB) string { return w.freshStackItem(t) }}
	// aKPISnapshot is a KPI snapshot of the victim organization. A fresh
	// one is the snapshot of freshKPIDate (replacing the last fresh one),
	// so a row's edit form can post that date without meeting another.
	aKPISnapshot = &target{"id", func(w *world) string { return w.kpiID },
		func(w *world, t testing.TB) string { return w.freshKPI(t) }}
	// aSkill is a skill of the victim organization's catalog (step 2a): the
	// seeded Linux for refused actors, a fresh one at version 1 otherwise.
	aSkill = &target{"key", func(w *world) string { return "linux" },
		func(w *world, t testing.TB) string { return w.freshSkill(t) }}
	// aPractice is a practice of the catalog; restore clears the victim
	// organization's statuses, so a form at version 0 is current.
	aPractice = &target{"key", func(*world) string { return "ci" }, func(*world, testing.TB) string { return "ci" }}
	// anInitiative is the key of one of the victim organization's
	// initiatives: the standing finding's for refused actors, a fresh
	// finding's (never decided, so version 0 is current) otherwise.
	anInitiative = &target{"key", func(w *world) string { return "finding:" + w.findingID },
		func(w *world, t testing.TB) string { return "finding:" + w.newFinding(t, "Fresh finding") }}
	// aCustomInitiative is an initiative added by hand to the roadmap.
	aCustomInitiative = &target{"id", func(w *world) string { return w.customID },
		func(w *world, t testing.TB) string { return w.freshCustom(t) }}
	// anEmailLink is a pending email change's link of the visitor: no actor
	// may use it, whatever their role.
	anEmailLink = &target{"token", func(w *world) string { return w.emailToken },
		func(w *world, t testing.TB) string { return w.freshEmailChange(t) }}
	// aBaseline is a roadmap baseline of the victim organization.
	aBaseline = &target{"id", func(w *world) string { return w.baselineID },
		func(w *world, t testing.TB) string { return w.freshBaseline(t) }}
	// aSampleOrg is the owner's sample organization (sample.go): a copy of
	// the victim organization marked as the owner's one sample (the victim
	// itself is no sample, and its page would 404); restore makes the
	// standing one the sample again after a fresh one took its place.
	aSampleOrg = &target{"slug", func(w *world) string { return w.sampleSlug },
		func(w *world, t testing.TB) string { return w.freshSample(t) }}
)

// freshSample is a fresh copy of the victim organization made the owner's
// sample (their earlier one, if any, becomes an ordinary copy).
func (w *world) freshSample(t testing.TB) string {
	t.Helper()
	slug := w.freshOrg(t)
	w.makeSample(t, slug)
	return slug
}

// makeSample makes the organization with slug the owner's one sample.
func (w *world) makeSample(t testing.TB, slug string) {
	t.Helper()
	if _, err := w.seeder.su.Exec(context.Background(), `
		WITH was AS (UPDATE organizations SET is_sample = false, sample_owner_id = NULL
			WHERE sample_owner_id = (SELECT id FROM users WHERE email = $1) RETURNING id)
		SELECT count(*) FROM was`, w.emails[owner]); err != nil {
		t.Fatal(err)
	}
	if _, err := w.seeder.su.Exec(context.Background(), `UPDATE organizations SET is_sample = true,
		sample_owner_id = (SELECT id FROM users WHERE email = $2) WHERE slug = $1`, slug, w.emails[owner]); err != nil {
		t.Fatal(err)
	}
}

// freshMember adds an account with role to the victim organization and
// returns its id. It never logs in, so its password hash is a placeholder.
func (w *world) freshMember(t testing.TB, role string) string {
	t.Helper()
	n := w.next()
	return w.queryID(t, `
		WITH u AS (INSERT INTO users (email, name, password_hash) VALUES ($1, $2, 'never used') RETURNING id)
		INSERT INTO memberships (org_id, user_id, role)
		SELECT o.id, u.id, $4 FROM organizations o, u WHERE o.slug = $3 RETURNING user_id`,
		fmt.Sprintf("person%d@example.com", n), fmt.Sprintf("Person %d", n), w.slug, role)
}

// freshStackItem adds an item to the victim organization's inventory and
// returns its id.
func (w *world) freshStackItem(t testing.TB) string {
	t.Helper()
	return w.queryID(t, `INSERT INTO stack_items (org_id, name, category, lifecycle, cost_scaling, scalability)
		SELECT id, $2, 'ci_cd', 'adopt', 'linear', 3 FROM organizations WHERE slug = $1 RETURNING id`,
		w.slug, fmt.Sprintf("Tool %d", w.next()))
}

// freshCustom adds an initiative by hand to the victim organization's
// roadmap and returns its id.
func (w *world) freshCustom(t testing.TB) string {
	t.Helper()
	return w.queryID(t, `INSERT INTO roadmap_initiatives (org_id, title, category, effort, value)
		SELECT id, $2, 'delivery', 's', 5 FROM organizations WHERE slug = $1 RETURNING id`,
		w.slug, fmt.Sprintf("Hand-made %d", w.next()))
}

// freshKPIDate is the date of every fresh KPI snapshot.
const freshKPIDate = "2001-01-01"

// freshKPI makes the victim organization's snapshot of freshKPIDate anew
// (a Quick Check answer for lead time) and returns its id.
func (w *world) freshKPI(t testing.TB) string {
	t.Helper()
	if _, err := w.seeder.su.Exec(context.Background(), `DELETE FROM kpi_snapshots WHERE measured_on = $2
		AND org_id = (SELECT id FROM organizations WHERE slug = $1)`, w.slug, freshKPIDate); err != nil {
		t.Fatal(err)
	}
	return w.queryID(t, `INSERT INTO kpi_snapshots (org_id, measured_on, deployments_per_week, lead_time_answer, change_failure_rate, recovery_time_hours)
		SELECT id, $2::date, 7, 4, 5, 1 FROM organizations WHERE slug = $1 RETURNING id`, w.slug, freshKPIDate)
}

// freshSkill adds a skill to the victim organization's catalog and returns
// its key.
func (w *world) freshSkill(t testing.TB) string {
	t.Helper()
	n := w.next()
	key := fmt.Sprintf("fresh_%d", n)
	w.queryID(t, `INSERT INTO skills (org_id, key, name, category, position)
		SELECT id, $2, $3, 'systems', 1000 + $4 FROM organizations WHERE slug = $1 RETURNING id`,
		w.slug, key, fmt.Sprintf("Fresh skill %d", n), n)
	return key
}

// seedRatings gives the member and the admin of the victim organization
// self-ratings (a history of two for the member), so that every walk over
// the tables sees skill_ratings change if a request touches it. There is
// no rating page yet: the rows are written as SaveRatings would.
func (w *world) seedRatings(t testing.TB) {
	t.Helper()
	tag, err := w.seeder.su.Exec(context.Background(), `
		INSERT INTO skill_ratings (org_id, user_id, skill_id, level, interested, rated_at)
		SELECT s.org_id, u.id, s.id, v.level, v.interested, now() - v.age
		FROM (VALUES ($2, 'kubernetes', 1, false, interval '200 days'), ($2, 'kubernetes', 3, true, interval '1 day'),
		             ($2, 'linux', NULL::int, true, interval '1 day'), ($3, 'observability', 4, false, interval '2 days'))
		       AS v (email, key, level, interested, age)
		JOIN users u ON u.email = v.email
		JOIN organizations o ON o.slug = $1
		JOIN skills s ON s.org_id = o.id AND s.key = v.key`, w.slug, w.emails[member], w.emails[admin])
	if err != nil || tag.RowsAffected() != 4 {
		t.Fatalf("seed ratings: %v (%d rows)", err, tag.RowsAffected())
	}
}

// freshOrg copies the victim organization's name, actors and skills
// matrix (its catalog, requirements and the actors' ratings, as a real
// organization has them) into a new organization and returns its slug.
func (w *world) freshOrg(t testing.TB) string {
	t.Helper()
	slug := fmt.Sprintf("copy-%d", w.next())
	_, err := w.seeder.su.Exec(context.Background(), `
		WITH o AS (INSERT INTO organizations (slug, name) VALUES ($1, $2) RETURNING id)
		INSERT INTO memberships (org_id, user_id, role)
		SELECT o.id, m.user_id, m.role FROM o, memberships m JOIN organizations v ON v.id = m.org_id
		JOIN users u ON u.id = m.user_id
		WHERE v.slug = $3 AND u.email IN ($4, $5, $6)`,
		slug, sentinelOrg, w.slug, w.emails[owner], w.emails[admin], w.emails[member])
	if err != nil {
		t.Fatalf("copy the organization: %v", err)
	}
	for _, q := range []string{`
		INSERT INTO skills (org_id, key, name, category, description, level_1, level_2, level_3, level_4, position, archived)
		SELECT c.id, s.key, s.name, s.category, s.description, s.level_1, s.level_2, s.level_3, s.level_4, s.position, s.archived
		FROM skills s JOIN organizations v ON v.id = s.org_id, organizations c WHERE v.slug = $2 AND c.slug = $1`, `
		INSERT INTO skill_requirements (org_id, job_role, skill_id, level)
		SELECT c.id, q.job_role, cs.id, q.level
		FROM skill_requirements q JOIN organizations v ON v.id = q.org_id JOIN skills s ON s.org_id = q.org_id AND s.id = q.skill_id,
		     organizations c JOIN skills cs ON cs.org_id = c.id
		WHERE v.slug = $2 AND c.slug = $1 AND cs.key = s.key`, `
		INSERT INTO skill_ratings (org_id, user_id, skill_id, level, interested, rated_at)
		SELECT c.id, r.user_id, cs.id, r.level, r.interested, r.rated_at
		FROM skill_ratings r JOIN organizations v ON v.id = r.org_id JOIN skills s ON s.org_id = r.org_id AND s.id = r.skill_id,
		     organizations c JOIN skills cs ON cs.org_id = c.id
		JOIN memberships m ON m.org_id = c.id
		WHERE v.slug = $2 AND c.slug = $1 AND cs.key = s.key AND m.user_id = r.user_id`} {
		if _, err := w.seeder.su.Exec(context.Background(), q, slug, w.slug); err != nil {
			t.Fatalf("copy the skills matrix: %v", err)
		}
	}
	return slug
}

// freshReset stores a password-reset link for the visitor and returns its
// token. The hash is computed by PostgreSQL, not by the code under test.
func (w *world) freshReset(t testing.TB) string {
	t.Helper()
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	tag, err := w.seeder.su.Exec(context.Background(), `INSERT INTO password_resets (token_hash, user_id, expires_at)
		SELECT sha256(convert_to($1, 'UTF8')), id, now() + interval '1 hour' FROM users WHERE email = $2`, token, visitorEmail)
	if err != nil || tag.RowsAffected() != 1 {
		t.Fatalf("store a reset link: %v (%d rows)", err, tag.RowsAffected())
	}
	return token
}

// freshEmailChange stores a pending email change of the visitor and returns
// its link's token (hashed by PostgreSQL, not by the code under test).
func (w *world) freshEmailChange(t testing.TB) string {
	t.Helper()
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	tag, err := w.seeder.su.Exec(context.Background(), `INSERT INTO email_changes (user_id, token_hash, new_email, created_at, expires_at)
		SELECT id, sha256(convert_to($1, 'UTF8')), 'moved.' || $3 || '@example.com', now(), now() + interval '1 day' FROM users WHERE email = $2`,
		token, visitorEmail, strconv.Itoa(w.next()))
	if err != nil || tag.RowsAffected() != 1 {
		t.Fatalf("store an email change: %v (%d rows)", err, tag.RowsAffected())
	}
	return token
}

// resolve picks the values of a route's parameters: fresh objects when
// fresh is true (or the target has no standing one), else standing ones.
// It returns the slug and the other parameters for pathFor.
func (w *world) resolve(t testing.TB, tg *target, fresh bool) (string, map[string]string) {
	t.Helper()
	params := map[string]string{}
	if tg != nil {
		if fresh || tg.standing == nil {
			params[tg.param] = tg.fresh(w, t)
		} else {
			params[tg.param] = tg.standing(w)
		}
	}
	slug := w.slug
	if s, ok := params["slug"]; ok {
		slug = s
	}
	return slug, params
}

// send makes the request; a form goes in the body of any method but GET
// and HEAD. header pairs are added. It waits for the server's background
// work (emails, reset links) so that a dump taken next sees all of it.
func (w *world) send(s *client, method, path string, f url.Values, header ...string) *response {
	s.t.Helper()
	var req *http.Request
	if method == http.MethodGet || method == http.MethodHead {
		req = s.request(method, path, nil)
	} else {
		req = s.request(method, path, strings.NewReader(f.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	r := s.do(req)
	w.seeder.srv.Wait()
	return r
}

// isRefusal reports whether r turns the actor away: not logged in (a
// redirect to the login page), not allowed, not found.
func isRefusal(r *response) bool {
	switch r.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
		return true
	case http.StatusSeeOther:
		return strings.HasPrefix(r.location(), "/login")
	}
	return false
}

// leaks lists the sentinels in r that actor a must not read there: any the
// actor may never see, and when strict, on a refusal any but the
// organization's name (which is in the navigation of its members' every
// page). linkShowsOrg exempts the name where the URL itself is the
// credential (an invitation link tells its holder who invites).
func leaks(a int, r *response, strict, linkShowsOrg bool) []string {
	var out []string
	text := r.body + "\n" + r.location()
	refused := strict && isRefusal(r)
	for _, s := range sentinels {
		if !strings.Contains(text, s.value) || (linkShowsOrg && s.value == sentinelOrg) {
			continue
		}
		if !s.seenBy[a] || (refused && s.value != sentinelOrg) {
			out = append(out, s.value)
		}
	}
	return out
}

var (
	pwHashOnce sync.Once
	pwHash     string
)

// testPasswordHash is one argon2id hash of testPassword, made once.
func testPasswordHash(t testing.TB) string {
	pwHashOnce.Do(func() {
		h, err := argon2id.CreateHash(testPassword, &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32})
		if err != nil {
			t.Fatal(err)
		}
		pwHash = h
	})
	return pwHash
}
