package http_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/web"
)

// decidedItem is an initiative with its decision fields as the API reports them.
type decidedItem struct {
	apiRoadmapItem
	Notes    string `json:"notes"`
	Custom   bool   `json:"custom"`
	Resolved bool   `json:"resolved"`
	Version  int    `json:"version"`
	Changes  []struct {
		KPI          string `json:"kpi"`
		AtAcceptance struct {
			Text string `json:"text"`
		} `json:"at_acceptance"`
		Latest struct {
			Text string `json:"text"`
		} `json:"latest"`
		Direction string `json:"direction"`
	} `json:"kpi_changes"`
}

func decidedRoadmap(t *testing.T, c *client, bearer string) []decidedItem {
	t.Helper()
	r := c.apiGet("/api/v1/roadmap", bearer)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/roadmap = %d\n%s", r.StatusCode, r.body)
	}
	var v struct {
		Items []decidedItem `json:"items"`
	}
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("GET /api/v1/roadmap: %v\n%s", err, r.body)
	}
	return v.Items
}

func findItem(items []decidedItem, key string) (decidedItem, int) {
	i := slices.IndexFunc(items, func(it decidedItem) bool { return it.Key == key })
	if i < 0 {
		return decidedItem{}, -1
	}
	return items[i], i
}

// seedAcceptance records the acceptance scenario through the API:
// a severe XS debt finding, a costly on-hold tool that scales
// superlinearly, a 40 % change failure rate, half the practices not
// started and a weak culture dimension. It returns the finding's and the
// tool's ids.
func seedAcceptance(t *testing.T, c *client, bearer string) (finding, tool string) {
	t.Helper()
	tool = c.apiCreate("/api/v1/stack", bearer, `{"name":"Splunk","category":"observability","lifecycle":"hold","monthly_cost":12000,"cost_scaling":"superlinear","scalability":3}`)
	c.apiCreate("/api/v1/stack", bearer, `{"name":"GitHub","category":"source_control","lifecycle":"adopt","monthly_cost":210,"cost_scaling":"linear","scalability":5}`)
	finding = c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"TLS certificate renewed by hand","severity":4,"effort":"xs"}`)
	c.apiCreate("/api/v1/kpis", bearer, `{"measured_on":"2026-11-20","deployments_per_week":3,"lead_time_hours":40,"change_failure_rate":40,"recovery_time_hours":12}`)
	for i, p := range roadmap.PracticeCatalog {
		status := "fully"
		if i%2 == 1 {
			status = "not_started"
		}
		if r := c.apiSend("PUT", "/api/v1/practices/"+p.Key, bearer, `{"status":"`+status+`"}`); r.StatusCode != http.StatusOK {
			t.Fatalf("PUT practice %s = %d\n%s", p.Key, r.StatusCode, r.body)
		}
	}
	answers := map[string]int{}
	for _, q := range roadmap.MaturityQuestions {
		answers[q.Key] = 3
		if q.Dimension == roadmap.DimensionCulture {
			answers[q.Key] = 1
		}
	}
	body, _ := json.Marshal(map[string]any{"answers": answers})
	if r := c.apiSend("POST", "/api/v1/maturity", bearer, string(body)); r.StatusCode != http.StatusCreated {
		t.Fatalf("POST /api/v1/maturity = %d\n%s", r.StatusCode, r.body)
	}
	return finding, tool
}

// The acceptance scenario through the API: an explained initiative for
// each signal, the quick win above the big projects, the same order on
// every read, and a dismissal that survives new data; a PATCH refuses
// what it cannot store with the fields named.
func TestRoadmapDecisionsAPI(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Decisions Org")
	c.addMember(slug, "Max Member", "max@example.com", "member")
	bearer := "Bearer " + c.createToken(slug, "roadmap")
	finding, tool := seedAcceptance(t, c, bearer)

	items := decidedRoadmap(t, c, bearer)
	if again := decidedRoadmap(t, c, bearer); !slices.EqualFunc(items, again, func(a, b decidedItem) bool { return a.Key == b.Key }) {
		t.Fatalf("two reads give two orders")
	}
	fi, fIdx := findItem(items, "finding:"+finding)
	_, tIdx := findItem(items, "stack:"+tool)
	culture, cIdx := findItem(items, "dimension:culture")
	if fIdx != 0 || fi.Quadrant != "quick_win" || tIdx < 0 || cIdx < 0 {
		t.Fatalf("finding #%d (%s), tool #%d, culture #%d: want the finding first as a quick win and both others listed", fIdx, fi.Quadrant, tIdx, cIdx)
	}
	var cfrKey string
	practices := 0
	for i, it := range items {
		for _, ev := range it.Evidence {
			if ev.Kind == "metric" && ev.Ref == "change_failure_rate" && cfrKey == "" {
				cfrKey = it.Key
			}
			if ev.Kind == "practice" {
				practices++
			}
		}
		if it.Quadrant == "major_project" && i < fIdx {
			t.Errorf("major project %s ranks above the quick win", it.Key)
		}
	}
	if cfrKey == "" || practices == 0 || len(culture.Evidence) == 0 {
		t.Fatalf("no initiative explains the change failure rate (%q), the missing practices (%d) or the weak culture", cfrKey, practices)
	}

	patch := func(key, body string) *response {
		return c.apiSend("PATCH", "/api/v1/roadmap/"+url.PathEscape(key), bearer, body)
	}
	// Dismiss the tool's initiative; accept the metric's, owned by Max.
	max, _ := strconv.ParseInt(c.uid("max@example.com"), 10, 64)
	if r := patch("stack:"+tool, `{"status":"dismissed","notes":"Contract renewed until 2028."}`); r.StatusCode != http.StatusOK {
		t.Fatalf("PATCH dismiss = %d\n%s", r.StatusCode, r.body)
	}
	r := patch(cfrKey, `{"status":"accepted","owner":`+strconv.FormatInt(max, 10)+`,"quarter":null}`)
	var accepted decidedItem
	if r.StatusCode != http.StatusOK || json.Unmarshal([]byte(r.body), &accepted) != nil || accepted.Status != "accepted" ||
		accepted.Owner == nil || *accepted.Owner != max || accepted.Version != 1 {
		t.Fatalf("PATCH accept = %d %+v\n%s", r.StatusCode, accepted, r.body)
	}

	// New data: another finding, a better change failure rate. The
	// dismissal holds, the accepted initiative shows its KPI then and now.
	c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"Backups never restored","severity":3,"effort":"s"}`)
	c.apiCreate("/api/v1/kpis", bearer, `{"measured_on":"2026-11-27","deployments_per_week":5,"lead_time_hours":30,"change_failure_rate":12,"recovery_time_hours":6}`)
	items = decidedRoadmap(t, c, bearer)
	if it, _ := findItem(items, "stack:"+tool); it.Status != "dismissed" || it.Notes != "Contract renewed until 2028." || it.Phase != "" {
		t.Errorf("after new data the tool's initiative is %+v, want still dismissed with its notes and no phase", it)
	}
	got, _ := findItem(items, cfrKey)
	found := false
	for _, ch := range got.Changes {
		if ch.KPI == "change_failure_rate" {
			found = ch.AtAcceptance.Text == "40 %" && ch.Latest.Text == "12 %" && ch.Direction == "better"
		}
	}
	if got.Status != "accepted" || !found {
		t.Errorf("accepted %s: status %s, changes %+v; want the change failure rate 40 %% → 12 %%, better", cfrKey, got.Status, got.Changes)
	}

	// Resolving the finding leaves a decided initiative "resolved by the data".
	if r := patch("finding:"+finding, `{"status":"in_progress"}`); r.StatusCode != http.StatusOK {
		t.Fatalf("PATCH start = %d\n%s", r.StatusCode, r.body)
	}
	if r := c.apiSend("PUT", "/api/v1/findings/"+finding, bearer, `{"kind":"debt","title":"TLS certificate renewed by hand","severity":4,"effort":"xs","status":"resolved","version":1}`); r.StatusCode != http.StatusOK {
		t.Fatalf("resolve the finding = %d\n%s", r.StatusCode, r.body)
	}
	if it, _ := findItem(decidedRoadmap(t, c, bearer), "finding:"+finding); !it.Resolved || it.Title != "TLS certificate renewed by hand" && !strings.Contains(it.Title, "TLS") {
		t.Errorf("the resolved finding's initiative is %+v, want resolved by the data with its title", it)
	}

	// Refusals name the field; nothing changes.
	other := c.newClient()
	other.signup("Ona Other", "ona@example.com", "Other Org")
	outsider, _ := strconv.ParseInt(c.uid("ona@example.com"), 10, 64)
	for _, tc := range []struct {
		name, key, body string
		status          int
		field           string
	}{
		{"unknown key", "finding:999999", `{"status":"accepted"}`, 404, ""},
		{"unknown status", cfrKey, `{"status":"finished"}`, 422, "status"},
		{"empty status", cfrKey, `{"status":""}`, 422, "status"},
		{"another organization's user", cfrKey, `{"owner":` + strconv.FormatInt(outsider, 10) + `}`, 422, "owner"},
		{"owner not a number", cfrKey, `{"owner":"max"}`, 422, "owner"},
		{"not a quarter", cfrKey, `{"quarter":"next year"}`, 422, "quarter"},
		{"a past quarter", cfrKey, `{"quarter":"2020 Q1"}`, 422, "quarter"},
		{"unknown field", cfrKey, `{"priority":1}`, 400, "priority"},
		{"stale version", cfrKey, `{"status":"done","version":7}`, 409, ""},
		{"negative version", cfrKey, `{"status":"done","version":-1}`, 422, "version"},
	} {
		r := patch(tc.key, tc.body)
		var e apiErr
		_ = json.Unmarshal([]byte(r.body), &e)
		if r.StatusCode != tc.status || (tc.field != "" && e.Fields[tc.field] == "") || e.Error == "" {
			t.Errorf("%s: PATCH = %d %+v, want %d naming %q", tc.name, r.StatusCode, e, tc.status, tc.field)
		}
	}
	if it, _ := findItem(decidedRoadmap(t, c, bearer), cfrKey); it.Status != "accepted" || it.Owner == nil || *it.Owner != max || it.Version != 1 {
		t.Errorf("a refused PATCH changed the decision: %+v", it)
	}
	// Each accepted change is in the audit log, once.
	if n := c.count(`SELECT count(*) FROM audit_events WHERE action = 'roadmap.decided'`); n != 3 {
		t.Errorf("%d roadmap.decided events, want 3", n)
	}
}

// The roadmap page decides without JavaScript: the quick actions and the
// decision form post and redirect back to the card; a mistake re-renders
// with the message beside the field; a stale version is a 409 with the
// values kept; filters narrow the columns; members read without actions;
// initiatives added by hand and the improvement time change the plan.
func TestRoadmapDecisionsPage(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Page Decisions Org")
	c.addMember(slug, "Max Member", "max@example.com", "member")
	m := c.newClient()
	m.mustLogin("max@example.com")
	bearer := "Bearer " + c.createToken(slug, "roadmap")
	finding, _ := seedAcceptance(t, c, bearer)
	key := "finding:" + finding
	base := "/o/" + slug + "/roadmap"
	decide := base + "/decisions/" + key

	// Members see no actions and may not post one.
	doc := m.get(base).doc(t)
	if forms := findAll(doc, func(e *html.Node) bool { return e.Data == "form" && strings.Contains(attr(e, "action"), "/decisions/") }); len(forms) != 0 {
		t.Errorf("a member sees %d decision forms", len(forms))
	}
	if r := m.post(decide, form("status", "accepted", "version", "0")); r.StatusCode != http.StatusForbidden {
		t.Errorf("a member's decision = %d, want 403", r.StatusCode)
	}

	// The quick action: accept.
	r := c.post(decide, form("status", "accepted", "version", "0"))
	if r.StatusCode != http.StatusSeeOther || r.location() != base+"#"+web.InitiativeAnchor(key) {
		t.Fatalf("accept = %d → %q\n%s", r.StatusCode, r.location(), r.body)
	}
	card := byID(c.get(base).doc(t), web.InitiativeAnchor(key))
	if card == nil || !strings.Contains(text(card), "Accepted") {
		t.Fatalf("the card does not say accepted: %q", text(card))
	}

	// The form: a non-member owner is refused beside the field, values kept.
	outsider := c.newClient()
	outsider.signup("Ona Other", "ona@example.com", "Other Org")
	r = c.post(decide, form("status", "in_progress", "owner", c.uid("ona@example.com"), "quarter", "", "notes", "Kept note", "version", "1"))
	anchor := web.InitiativeAnchor(key)
	if r.StatusCode != http.StatusUnprocessableEntity || fieldError(t, r, "owner") == "" || !strings.Contains(r.body, "Kept note") {
		t.Errorf("an outsider as owner = %d, owner message %q", r.StatusCode, fieldError(t, r, "owner"))
	}
	// The decision page shows the stored decision in its form.
	if r := c.get(decide); r.StatusCode != http.StatusOK || !strings.Contains(r.body, `value="accepted" selected`) {
		t.Errorf("the decision page = %d, without the stored status selected", r.StatusCode)
	}
	// A stale version: 409, the typed values kept, at the current version.
	r = c.post(decide, form("status", "done", "notes", "Typed later", "version", "0"))
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.body, "Typed later") || !strings.Contains(r.body, "Someone changed this initiative") {
		t.Errorf("a stale decision = %d\n%s", r.StatusCode, r.body)
	}
	// Assign to Max with a note and a chosen quarter.
	quarter := roadmap.QuarterName(roadmap.PlanStart(time.Now()), 2)
	if r := c.post(decide, form("status", "in_progress", "owner", c.uid("max@example.com"), "quarter", quarter, "notes", "Renew with ACME", "version", "1")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("assign = %d\n%s", r.StatusCode, r.body)
	}
	card = byID(m.get(base).doc(t), anchor)
	if s := text(card); !strings.Contains(s, "Max Member") || !strings.Contains(s, "Renew with ACME") || !strings.Contains(s, quarter) || !strings.Contains(s, "In progress") {
		t.Errorf("after assigning, the card says %q", s)
	}

	// Filters: by status, by owner; an unknown value is ignored and said.
	doc = c.get(base + "?status=in_progress").doc(t)
	if cards := roadmapCards(doc); len(cards) != 1 || attr(cards[0], "id") != anchor {
		t.Errorf("?status=in_progress shows %d cards", len(cards))
	}
	if cards := roadmapCards(c.get(base + "?owner=" + c.uid("max@example.com")).doc(t)); len(cards) != 1 {
		t.Errorf("?owner=max shows %d cards", len(cards))
	}
	if s := text(c.get(base + "?category=people").doc(t)); !strings.Contains(s, "Ignored a filter value") {
		t.Errorf("an unknown category is not said: %q", s)
	}

	// Dismiss another: it leaves the columns for the folded Dismissed list.
	items := decidedRoadmap(t, c, bearer)
	other := items[len(items)-1].Key
	if r := c.post(base+"/decisions/"+other, form("status", "dismissed", "version", "0")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("dismiss = %d\n%s", r.StatusCode, r.body)
	}
	if s := text(c.get(base).doc(t)); !strings.Contains(s, "Dismissed") {
		t.Errorf("no dismissed section: %q", s)
	}
	if r := c.post(base+"/decisions/finding:424242", form("status", "accepted", "version", "0")); r.StatusCode != http.StatusNotFound {
		t.Errorf("a decision on an unknown key = %d, want 404", r.StatusCode)
	}

	// An initiative added by hand: refused without a title, then added,
	// edited, deleted after a confirmation.
	r = c.post(base+"/initiatives", form("title", "", "category", "culture", "effort", "s", "value", "20"))
	if r.StatusCode != http.StatusUnprocessableEntity || fieldError(t, r, "title") == "" {
		t.Errorf("no title = %d %q", r.StatusCode, fieldError(t, r, "title"))
	}
	if r := c.post(base+"/initiatives", form("title", "Pass the SOC 2 audit", "category", "culture", "effort", "s", "value", "20")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add = %d\n%s", r.StatusCode, r.body)
	}
	custom := strconv.Itoa(c.count(`SELECT max(id) FROM roadmap_initiatives`))
	if it, _ := findItem(decidedRoadmap(t, c, bearer), "custom:"+custom); !it.Custom || it.Title != "Pass the SOC 2 audit" || it.Quadrant != "quick_win" {
		t.Errorf("the hand-added initiative in the API: %+v", it)
	}
	if r := c.post(base+"/initiatives/"+custom, form("title", "Pass the SOC 2 audit", "category", "culture", "effort", "xl", "value", "20", "version", "1")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit = %d\n%s", r.StatusCode, r.body)
	}
	if r := c.post(base+"/initiatives/"+custom, form("title", "Stale", "category", "culture", "effort", "xs", "value", "1", "version", "1")); r.StatusCode != http.StatusConflict {
		t.Errorf("a stale edit = %d, want 409", r.StatusCode)
	}
	if r := c.get(base + "/initiatives/" + custom + "/delete"); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "cannot be undone") {
		t.Errorf("delete confirmation = %d", r.StatusCode)
	}
	if r := c.post(base+"/initiatives/"+custom+"/delete", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete = %d", r.StatusCode)
	}
	if _, i := findItem(decidedRoadmap(t, c, bearer), "custom:"+custom); i >= 0 {
		t.Errorf("the deleted initiative is still listed")
	}

	// The improvement time: refused out of range, then it changes the verdict.
	if r := c.post("/o/"+slug+"/settings/improvement", form("improvement_share", "3")); r.StatusCode != http.StatusUnprocessableEntity || fieldError(t, r, "improvement_share") == "" {
		t.Errorf("3 %% = %d %q", r.StatusCode, fieldError(t, r, "improvement_share"))
	}
	if r := c.post("/o/"+slug+"/settings/improvement", form("improvement_share", "40")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("40 %% = %d\n%s", r.StatusCode, r.body)
	}
	if s := text(byID(c.get(base).doc(t), "capacity-heading").Parent); !strings.Contains(s, "At 40 % improvement time") {
		t.Errorf("the verdict after 40 %%: %q", s)
	}
}

// benchRoadmapOrg gives the bench organization 200 tools, 120 open
// findings, a KPI snapshot, every practice partly in place and 60
// decisions: a large organization's roadmap.
func benchRoadmapOrg(b *testing.B) (string, *http.Client) {
	ts, hc, _, db := benchServerDB(b)
	_, err := db.Superuser(b).Exec(context.Background(), `
		WITH o AS (SELECT id FROM organizations WHERE slug = 'bench-org'),
		i AS (INSERT INTO stack_items (org_id, name, category, lifecycle, monthly_cost, cost_scaling, scalability, support_hours_per_month)
			SELECT o.id, 'Tool ' || g, (ARRAY['ci_cd','cloud','data','security'])[1 + g % 4], (ARRAY['adopt','trial','assess','hold','retire'])[1 + g % 5],
				g * 10, (ARRAY['flat','linear','superlinear'])[1 + g % 3], 1 + g % 5, g % 30 FROM o, generate_series(1, 200) g RETURNING org_id, id),
		f AS (INSERT INTO findings (org_id, kind, title, severity, effort, status)
			SELECT o.id, CASE WHEN g % 3 = 0 THEN 'opportunity' ELSE 'debt' END, 'Finding ' || g, 1 + g % 4,
				(ARRAY['xs', 's', 'm', 'l', 'xl'])[1 + g % 5], 'open' FROM o, generate_series(1, 120) g RETURNING org_id, id),
		k AS (INSERT INTO kpi_snapshots (org_id, measured_on, deployments_per_week, lead_time_hours, change_failure_rate, recovery_time_hours)
			SELECT id, date '2026-11-01', 1, 200, 40, 30 FROM o),
		p AS (INSERT INTO practice_status (org_id, practice_key, status) SELECT o.id, k, 'partial' FROM o, unnest($1::text[]) k)
		INSERT INTO roadmap_decisions (org_id, key, status, notes)
			SELECT org_id, 'finding:' || id, (ARRAY['accepted','in_progress','done','dismissed'])[1 + id % 4], 'Note ' || id FROM f LIMIT 60`,
		practiceKeys())
	if err != nil {
		b.Fatal(err)
	}
	return ts.URL, hc
}

func practiceKeys() []string {
	var out []string
	for _, p := range roadmap.PracticeCatalog {
		out = append(out, p.Key)
	}
	return out
}

// BenchmarkRoadmapPage is the roadmap page of a large organization, as its
// owner opens it (make bench).
func BenchmarkRoadmapPage(b *testing.B) {
	base, hc := benchRoadmapOrg(b)
	benchGET(b, hc, base+"/o/bench-org/roadmap", nil, http.StatusOK)
}

// BenchmarkDashboardLarge is the dashboard of the same organization.
func BenchmarkDashboardLarge(b *testing.B) {
	base, hc := benchRoadmapOrg(b)
	benchGET(b, hc, base+"/o/bench-org/", nil, http.StatusOK)
}

// A share link shows the plan without the organization's own words about
// it: no decision notes, no hand-added initiative's notes, no owner; and a
// decision on something the data no longer derives can be undone.
func TestSharedPlanHidesNotesAndGoneDecisionsStayEditable(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Quiet Org")
	bearer := "Bearer " + c.createToken(slug, "roadmap")
	base := "/o/" + slug + "/roadmap"
	if r := c.post(base+"/initiatives", form("title", "Pass the SOC 2 audit", "category", "culture", "effort", "s", "value", "20",
		"notes", "SECRET-CUSTOM-NOTE")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add = %d\n%s", r.StatusCode, r.body)
	}
	finding := c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"Rotate the keys","severity":3,"effort":"s"}`)
	key := "finding:" + finding
	if r := c.apiSend("PATCH", "/api/v1/roadmap/"+key, bearer, `{"status":"accepted","owner":`+c.uid("owner@example.com")+`,"notes":"SECRET-DECISION-NOTE"}`); r.StatusCode != http.StatusOK {
		t.Fatalf("accept = %d\n%s", r.StatusCode, r.body)
	}
	share := "/share/" + c.createShare(slug, "Board", "7")
	visitor := c.newClient()
	r := visitor.get(share)
	if r.StatusCode != http.StatusOK || !strings.Contains(r.body, "Pass the SOC 2 audit") || !strings.Contains(r.body, "Rotate the keys") {
		t.Fatalf("share = %d\n%s", r.StatusCode, r.body)
	}
	for _, secret := range []string{"SECRET-CUSTOM-NOTE", "SECRET-DECISION-NOTE", "Olivia Owner", "owner@example.com"} {
		if strings.Contains(r.body, secret) {
			t.Errorf("the shared page shows %q", secret)
		}
	}
	// The organization sees the hand-added initiative's notes on its card.
	if !strings.Contains(c.get(base).body, "SECRET-CUSTOM-NOTE") {
		t.Errorf("the roadmap page does not show the hand-added initiative's notes")
	}

	// Delete the finding: its accepted decision is resolved by the data;
	// dismissing it keeps it addressable, and it can be restored.
	if r := c.apiSend("DELETE", "/api/v1/findings/"+finding, bearer, ""); r.StatusCode != http.StatusNoContent {
		t.Fatalf("delete the finding = %d", r.StatusCode)
	}
	for _, tc := range []struct{ body, status string }{{`{"status":"dismissed"}`, "dismissed"}, {`{"status":"proposed"}`, "proposed"}} {
		r := c.apiSend("PATCH", "/api/v1/roadmap/"+key, bearer, tc.body)
		var it decidedItem
		if r.StatusCode != http.StatusOK || json.Unmarshal([]byte(r.body), &it) != nil || it.Key != key || it.Status != tc.status || !it.Resolved {
			t.Errorf("PATCH %s on a gone initiative = %d %+v, want it %s and resolved", tc.body, r.StatusCode, it, tc.status)
		}
	}
	// Null is refused for status and notes, duplicate keys anywhere.
	for _, body := range []string{`{"status":null}`, `{"notes":null}`, `{"status":"accepted","status":"dismissed"}`, `{"STATUS":"accepted"}`} {
		if r := c.apiSend("PATCH", "/api/v1/roadmap/"+key, bearer, body); r.StatusCode < 400 || r.StatusCode >= 500 {
			t.Errorf("PATCH %s = %d, want a 4xx", body, r.StatusCode)
		}
	}
}
