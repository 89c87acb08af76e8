package http_test

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// maxRoundTrips is the most database round trips a page may take to read its
// data, whatever the organization's size (the session store's own queries
// are not counted: scs runs them without the request's context).
const maxRoundTrips = 3

// Every page reads its data in at most maxRoundTrips round trips, and the
// count does not grow with the organization.
func TestPagesReadInFewRoundTrips(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Trips Org")
	c.addMember(slug, "Max Member", "max@example.com", "member")
	// The organization is also the owner's sample (sample.go), so that the
	// sample's own page (its deletion's confirmation) is measured too.
	if _, err := c.su.Exec(context.Background(), `UPDATE organizations SET is_sample = true,
		sample_owner_id = (SELECT id FROM users WHERE email = 'owner@example.com') WHERE slug = $1`, slug); err != nil {
		t.Fatal(err)
	}
	invitation := c.invite(slug, "new@example.com", "member").path(t)
	bearer := "Bearer " + c.createToken(slug, "ci")
	visitor := c.newClient()
	reset := visitor.requestReset("max@example.com", 1)
	if _, err := c.su.Exec(context.Background(), `INSERT INTO email_changes (user_id, token_hash, new_email, created_at, expires_at)
		SELECT id, sha256(convert_to('trips-email-link', 'UTF8')), 'moved@example.com', now(), now() + interval '1 day' FROM users WHERE email = 'owner@example.com'`); err != nil {
		t.Fatal(err)
	}
	params := map[string]string{"userID": c.uid("max@example.com"), "id": strconv.Itoa(c.count(`SELECT min(id) FROM api_tokens`))}
	// The API's id routes read a real stack item and finding.
	stackItem := c.apiCreate("/api/v1/stack", bearer, `{"name":"Jenkins","category":"ci_cd","lifecycle":"hold","monthly_cost":10,"cost_scaling":"flat","scalability":2}`)
	finding := c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"Old runners","severity":3,"effort":"m","stack_item_id":`+stackItem+`}`)
	// Step 2b: the KPI list reads a real snapshot.
	kpi := c.apiCreate("/api/v1/kpis", bearer, `{"measured_on":"2025-03-03","deployments_per_week":7,"lead_time_hours":24,"change_failure_rate":5,"recovery_time_hours":1}`)
	// The roadmap's pages of one hand-added initiative read a real one.
	custom := strconv.Itoa(c.count(`INSERT INTO roadmap_initiatives (org_id, title, category, effort, value)
		SELECT id, 'Hand-made', 'delivery', 's', 5 FROM organizations WHERE slug = 'trips-org' RETURNING id`))
	// The import page is measured with a preview of a pending import (of findings, so it counts the register).
	// Share links (shares_test.go): the public page reads a live link.
	shareToken := c.createShare(slug, "Board", "30")
	shareID := strconv.Itoa(c.count(`SELECT min(id) FROM share_links`))
	preview := c.upload(slug, "findings", "kind,title,description,severity,effort,status,stack_item\ndebt,Flaky tests,,2,s,,Jenkins\n").location()
	if !strings.Contains(preview, "?preview=") {
		t.Fatalf("upload for the import preview: Location %q", preview)
	}
	// The roadmap workbook's import page (workbook.go) shows a pending workbook's preview.
	wbPreview := c.uploadWorkbook(slug, smallWorkbook(t)).location()
	if !strings.Contains(wbPreview, "?preview=") {
		t.Fatalf("workbook upload for the import preview: Location %q", wbPreview)
	}

	// The roadmap's stakeholders: one affected by the finding, for the register and its pages.
	if r := c.post("/o/"+slug+"/roadmap/stakeholders", stakeholderForm("Dana Trips", "initiative", "finding:"+finding)); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add a stakeholder = %d\n%s", r.StatusCode, r.body)
	}
	stakeholder := strconv.Itoa(c.count(`SELECT min(id) FROM stakeholders`))
	// Roadmap baselines: the comparison reads a real one.
	baseline := strings.TrimPrefix(c.post("/o/"+slug+"/roadmap/baselines", form("name", "Trips baseline")).location(), "/o/"+slug+"/roadmap/baselines/")

	// Ops endpoints are not pages; the rest is measured as the visitor who
	// would open it.
	skip := map[string]bool{"/static/*": true, "/metrics": true, "/healthz": true}
	measure := func() map[string]int64 {
		out := map[string]int64{}
		for _, rt := range walkRoutes(t, c) {
			if rt.method != http.MethodGet || skip[rt.pattern] {
				continue
			}
			who, path := c, pathFor(rt.pattern, slug, params)
			switch rt.pattern {
			case "/invitations/{token}":
				who, path = visitor, invitation
			case "/password/reset/{token}":
				who, path = visitor, reset
			case "/account/email/{token}":
				path = "/account/email/trips-email-link"
			case "/api/v1/stack/{id}":
				path = "/api/v1/stack/" + stackItem
			case "/api/v1/findings/{id}":
				path = "/api/v1/findings/" + finding
			case "/o/{slug}/stack/import":
				path = preview
			case "/o/{slug}/import":
				path = wbPreview
			case "/o/{slug}/settings/shares/{id}/revoke":
				path = pathFor(rt.pattern, slug, map[string]string{"id": shareID})
			}
			// A share link's page and its files (any format) read a live link.
			if strings.HasPrefix(rt.pattern, "/share/{token}") {
				who, path = visitor, strings.Replace(rt.pattern, "{token}", shareToken, 1)
			}
			// Step 1's pages of one item (or finding) read a real one.
			if strings.HasPrefix(rt.pattern, "/o/{slug}/stack/{id}") {
				path = pathFor(rt.pattern, slug, map[string]string{"id": stackItem})
			}
			if strings.HasPrefix(rt.pattern, "/o/{slug}/stack/findings/{id}") {
				path = pathFor(rt.pattern, slug, map[string]string{"id": finding})
			}
			if rt.pattern == "/o/{slug}/roadmap/decisions/{key}" {
				path = pathFor(rt.pattern, slug, map[string]string{"key": "finding:" + finding})
			}
			if strings.HasPrefix(rt.pattern, "/o/{slug}/roadmap/initiatives/{id}") {
				path = pathFor(rt.pattern, slug, map[string]string{"id": custom})
			}
			if strings.HasPrefix(rt.pattern, "/o/{slug}/roadmap/stakeholders/{id}") {
				path = pathFor(rt.pattern, slug, map[string]string{"id": stakeholder})
			}
			if strings.HasPrefix(rt.pattern, "/o/{slug}/roadmap/baselines/{id}") {
				path = pathFor(rt.pattern, slug, map[string]string{"id": baseline})
			}
			// Step 2b's pages of one snapshot read the real one.
			if strings.HasPrefix(rt.pattern, "/o/{slug}/kpis/{id}") {
				path = pathFor(rt.pattern, slug, map[string]string{"id": kpi})
			}
			get := func() *response {
				if strings.HasPrefix(rt.pattern, "/api/") {
					return who.apiGet(path, bearer)
				}
				return who.get(path)
			}
			get() // the first use of a statement on a connection prepares it
			// (The owner is the only one: the leave page answers 409, a page all the same.)
			if r := get(); r.StatusCode >= 400 && !(rt.pattern == "/o/{slug}/team/leave" && r.StatusCode == http.StatusConflict) {
				t.Fatalf("GET %s = %d", path, r.StatusCode)
			}
			out[rt.pattern] = c.trips()
		}
		return out
	}
	small := measure()

	// Grow the organization: members, pending invitations, tokens, an
	// inventory with findings (some on the measured item).
	_, err := c.su.Exec(context.Background(), `
		WITH o AS (SELECT id FROM organizations WHERE slug = $1),
		u AS (INSERT INTO users (email, name, password_hash)
			SELECT 'm' || g || '@example.com', 'Member ' || g, 'x' FROM generate_series(1, 60) g RETURNING id),
		m AS (INSERT INTO memberships (org_id, user_id, role) SELECT o.id, u.id, 'member' FROM o, u),
		i AS (INSERT INTO invitations (org_id, email, role, nonce, token_hash, expires_at)
			SELECT o.id, 'i' || g || '@example.com', 'member', sha256(g::text::bytea), sha256(('i' || g)::bytea), now() + interval '1 day'
			FROM o, generate_series(1, 60) g)
		INSERT INTO api_tokens (org_id, name, token_hash, expires_at)
			SELECT o.id, 'token ' || g, sha256(('t' || g)::bytea), now() + interval '30 days' FROM o, generate_series(1, 60) g`, slug)
	if err == nil {
		_, err = c.su.Exec(context.Background(), `
			WITH o AS (SELECT id FROM organizations WHERE slug = $1),
			s AS (INSERT INTO stack_items (org_id, name, category, lifecycle, monthly_cost, cost_scaling, scalability, support_hours_per_month)
				SELECT o.id, 'Grown tool ' || g, (ARRAY['ci_cd','cloud','data','security'])[1 + g % 4], (ARRAY['adopt','trial','assess','hold','retire'])[1 + g % 5],
					g * 10, (ARRAY['flat','linear','superlinear'])[1 + g % 3], 1 + g % 5, g % 7
				FROM o, generate_series(1, 300) g)
			INSERT INTO findings (org_id, kind, title, severity, effort, stack_item_id)
				SELECT o.id, (ARRAY['debt','opportunity'])[1 + g % 2], 'Finding ' || g, 1 + g % 4, (ARRAY['xs','s','m','l','xl'])[1 + g % 5],
					CASE WHEN g % 3 = 0 THEN $2::bigint END
				FROM o, generate_series(1, 200) g`, slug, stackItem)
	}
	if err != nil {
		t.Fatal(err)
	}
	// Step 1: the radar (stack_radar.go) reads the inventory: 60 more items.
	if _, err := c.su.Exec(context.Background(), `INSERT INTO stack_items (org_id, name, category, lifecycle, cost_scaling, scalability)
		SELECT o.id, 'Large tool ' || g, (ARRAY['ci_cd','cloud','data','security'])[1 + g % 4], (ARRAY['adopt','trial','assess','hold','retire'])[1 + g % 5], 'flat', 3
		FROM organizations o, generate_series(1, 60) g WHERE o.slug = $1`, slug); err != nil {
		t.Fatal(err)
	}
	// Step 2b: 500 KPI snapshots, one a day before the one recorded above, and a target.
	if _, err := c.su.Exec(context.Background(), `
		WITH o AS (SELECT id FROM organizations WHERE slug = $1)
		INSERT INTO kpi_snapshots (org_id, measured_on, deployments_per_week, lead_time_hours, change_failure_rate, recovery_time_hours, rework_rate)
			SELECT o.id, date '2025-03-02' - g, g % 20, g % 800, g % 40, g % 200, g % 10 FROM o, generate_series(1, 500) g`, slug); err != nil {
		t.Fatal(err)
	}
	if _, err := c.su.Exec(context.Background(), `INSERT INTO kpi_targets (org_id, metric, tier)
		SELECT id, 'lead_time', 'elite' FROM organizations WHERE slug = $1`, slug); err != nil {
		t.Fatal(err)
	}
	// Step 2a: the skills matrix at 100 members × 40 skills, every member
	// (the owner too) with a rating of every skill and a history behind it,
	// and reminders sent to some (skills_me.go).
	if _, err := c.su.Exec(context.Background(), `
		WITH o AS (SELECT id FROM organizations WHERE slug = $1),
		u AS (INSERT INTO users (email, name, password_hash)
			SELECT 'r' || g || '@example.com', 'Rater ' || g, 'x' FROM generate_series(1, 40) g RETURNING id),
		m AS (INSERT INTO memberships (org_id, user_id, role) SELECT o.id, u.id, 'member' FROM o, u RETURNING org_id, user_id)
		INSERT INTO skill_reminders (org_id, user_id, sent_at) SELECT org_id, user_id, now() FROM m`, slug); err != nil {
		t.Fatal(err)
	}
	if _, err := c.su.Exec(context.Background(), `
		INSERT INTO skills (org_id, key, name, category, position)
		SELECT o.id, 'custom_' || (900000 + g), 'Skill ' || g, 'systems', 100 + g
		FROM organizations o, generate_series(1, 40 - (SELECT count(*) FROM skills s WHERE s.org_id = o.id)) g WHERE o.slug = $1`, slug); err != nil {
		t.Fatal(err)
	}
	if _, err := c.su.Exec(context.Background(), `
		INSERT INTO skill_ratings (org_id, user_id, skill_id, level, interested, rated_at)
		SELECT m.org_id, m.user_id, s.id, (m.user_id + s.id + h) % 5, (m.user_id + s.id) % 7 = 0, now() - h * interval '100 days'
		FROM memberships m JOIN organizations o ON o.id = m.org_id JOIN skills s ON s.org_id = m.org_id, generate_series(0, 1) h
		WHERE o.slug = $1`, slug); err != nil {
		t.Fatal(err)
	}
	if n := c.count(`SELECT count(*) FROM skills s JOIN organizations o ON o.id = s.org_id WHERE o.slug = $1`, slug); n != 40 {
		t.Fatalf("the grown organization has %d skills, want 40", n)
	}
	// The roadmap's stakeholders: 80 more, each affected by 5 initiatives.
	if _, err := c.su.Exec(context.Background(), `
		WITH o AS (SELECT id FROM organizations WHERE slug = $1),
		s AS (INSERT INTO stakeholders (org_id, name, interest, influence)
			SELECT o.id, 'Stakeholder ' || g, 1 + g % 5, 1 + (g / 5) % 5 FROM o, generate_series(1, 80) g RETURNING org_id, id)
		INSERT INTO initiative_stakeholders (org_id, stakeholder_id, initiative_key)
			SELECT s.org_id, s.id, 'finding:' || k FROM s, generate_series(1, 5) k`, slug); err != nil {
		t.Fatal(err)
	}
	large := measure()

	var report []string
	for pattern, n := range large {
		report = append(report, pattern+" "+itoa64(n))
		if n > maxRoundTrips {
			t.Errorf("GET %s takes %d database round trips, want at most %d", pattern, n, maxRoundTrips)
		}
		if n != small[pattern] {
			t.Errorf("GET %s takes %d round trips with 100 more members (40 skills rated by each, twice), invitations and tokens, 300 items and 200 findings, %d before: it grows with the organization", pattern, n, small[pattern])
		}
	}
	sort.Strings(report)
	t.Logf("round trips per page:\n%s", strings.Join(report, "\n"))
	if len(large) < 15 {
		t.Errorf("only %d pages measured", len(large))
	}
}

func itoa64(n int64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}
