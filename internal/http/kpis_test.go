package http_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// kpiForm is a valid snapshot form of exact numbers for date on (7 a
// week, 24 h, 5 %, 1 h: elite, high, elite, high), with extra pairs.
func kpiForm(on string, extra ...string) url.Values {
	f := form("mode", "exact", "measured_on", on, "edition", "2023", "deployments_per_week", "7", "lead_time_hours", "24",
		"change_failure_rate", "5", "recovery_time_hours", "1")
	for i := 0; i+1 < len(extra); i += 2 {
		f.Set(extra[i], extra[i+1])
	}
	return f
}

// tileOf is the KPI page's tile of a metric (its HTML, up to the next one).
func tileOf(t *testing.T, page, label string) string {
	t.Helper()
	i := strings.Index(page, "<h3>"+label+"</h3>")
	if i < 0 {
		t.Fatalf("no tile %q on the KPI page", label)
	}
	rest := page[i:]
	if j := strings.Index(rest, "</li>"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// The tiers at DESIGN §3's boundaries, entered through the page: lead time
// exactly 24 h is high, a change failure rate of exactly 5 % elite, 7
// deploys a week elite, recovery exactly 1 h high; and just across each.
func TestKPIPageTiersAtBoundaries(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Tier Org")
	for _, tt := range []struct {
		name                 string
		dpw, lead, cfr, rec  string
		wantDF, wantLT       string
		wantCFR, wantRecover string
	}{
		{"at the boundaries", "7", "24", "5", "1", "Elite", "High", "Elite", "High"},
		{"just across them", "6.99", "23.99", "5.01", "0.99", "High", "Elite", "High", "Elite"},
	} {
		r := c.post("/o/"+slug+"/kpis", kpiForm("2025-03-03", "deployments_per_week", tt.dpw, "lead_time_hours", tt.lead,
			"change_failure_rate", tt.cfr, "recovery_time_hours", tt.rec, "confirm", "replace"))
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: POST = %d\n%s", tt.name, r.StatusCode, r.body)
		}
		page := c.follow(r).body
		for label, want := range map[string]string{"Deployment frequency": tt.wantDF, "Change lead time": tt.wantLT,
			"Change failure rate": tt.wantCFR, "Failed deployment recovery time": tt.wantRecover} {
			if tile := tileOf(t, page, label); !strings.Contains(tile, ">"+want+"</span>") {
				t.Errorf("%s: %s tile lacks the tier %s:\n%s", tt.name, label, want, tile)
			}
		}
	}
}

// A Quick Check answer is shown as its range, never as a number, with its
// tier and score; the history says the same; the snapshot is stored with
// the answer and no number.
func TestKPIPageQuickCheckAnswerShowsItsRange(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Quick Org")
	r := c.post("/o/"+slug+"/kpis", form("mode", "quick", "measured_on", "2025-03-03", "deployment_frequency_answer", "6",
		"lead_time_answer", "4", "recovery_time_answer", "5", "change_failure_rate", "10", "rework_rate", "20"))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST = %d\n%s", r.StatusCode, r.body)
	}
	page := c.follow(r).body
	tile := tileOf(t, page, "Change lead time")
	for _, want := range []string{"1 day – 1 week", "Quick Check answer", ">High</span>", "6.0 / 10"} {
		if !strings.Contains(tile, want) {
			t.Errorf("lead time tile lacks %q:\n%s", want, tile)
		}
	}
	if strings.Contains(tile, "hours") {
		t.Errorf("a bucket answer shown as a number of hours:\n%s", tile)
	}
	// Throughput (10 + 6 + 8) / 3 = 8; stability (9 + 8) / 2 = 8.5; overall 41 / 5 = 8.2.
	for _, want := range []string{"Recorded the snapshot of 2025-03-03.", "<dt>Throughput</dt><dd>8.0", "<dt>Stability</dt><dd>8.5", "<dt>Overall</dt><dd>8.2"} {
		if !strings.Contains(page, want) {
			t.Errorf("KPI page lacks %q", want)
		}
	}
	if n := c.count(`SELECT count(*) FROM kpi_snapshots WHERE lead_time_answer = 4 AND lead_time_hours IS NULL`); n != 1 {
		t.Errorf("%d snapshots store lead time as the answer 4 without hours, want 1", n)
	}
	if !regexp.MustCompile(`role="img" aria-label="Change lead time score: 6.0 out of 10 on 2025-03-03`).MatchString(page) {
		t.Error("the lead time trend has no text alternative")
	}
}

// A second snapshot for a date asks first and changes nothing; confirming
// replaces it (same row, next version) and is audited as a replacement.
func TestKPIReplaceAfterConfirm(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Replace Org")
	if r := c.post("/o/"+slug+"/kpis", kpiForm("2026-11-30")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("first POST = %d\n%s", r.StatusCode, r.body)
	}
	before := c.dump("kpi_snapshots", "audit_events")
	r := c.post("/o/"+slug+"/kpis", kpiForm("2026-11-30", "lead_time_hours", "200"))
	if r.StatusCode != http.StatusOK || !strings.Contains(r.body, "Replace the snapshot of 2026-11-30?") {
		t.Fatalf("same date = %d, want the confirmation\n%s", r.StatusCode, r.body)
	}
	for _, want := range []string{`name="confirm" value="replace"`, `name="lead_time_hours" value="200"`, "24 hours (High)", "200 hours (Medium)"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("confirmation lacks %q", want)
		}
	}
	if after := c.dump("kpi_snapshots", "audit_events"); after != before {
		t.Error("asking to replace changed the database")
	}
	r = c.post("/o/"+slug+"/kpis", kpiForm("2026-11-30", "lead_time_hours", "200", "confirm", "replace"))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirmed POST = %d\n%s", r.StatusCode, r.body)
	}
	if page := c.follow(r).body; !strings.Contains(page, "Replaced the snapshot of 2026-11-30.") || !strings.Contains(page, "200 hours") {
		t.Error("the KPI page does not show the replacement")
	}
	if n := c.count(`SELECT count(*) FROM kpi_snapshots WHERE measured_on = '2026-11-30' AND lead_time_hours = 200 AND version = 2`); n != 1 {
		t.Errorf("%d replaced snapshots at version 2, want 1", n)
	}
	if got := strings.Join(c.auditActions(slug, "kpi."), ","); got != "kpi.replaced,kpi.recorded" {
		t.Errorf("audit = %s, want kpi.replaced,kpi.recorded", got)
	}
}

// Invalid input: 422 with the domain's message beside the field, the typed
// values kept, nothing saved.
func TestKPIPageRefusesInvalidInput(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Invalid KPI Org")
	before := c.dump("kpi_snapshots", "kpi_targets", "audit_events")
	for _, tt := range []struct {
		name  string
		path  string
		form  url.Values
		field string
		msg   string
		kept  string
	}{
		{"rate above 100", "/kpis", kpiForm("2025-03-03", "change_failure_rate", "101"), "change_failure_rate",
			"Change failure rate is a percentage: at most 100.", `value="101"`},
		{"negative hours", "/kpis", kpiForm("2025-03-03", "lead_time_hours", "-3"), "lead_time_hours",
			"Change lead time cannot be negative.", `value="-3"`},
		{"text for a number", "/kpis", kpiForm("2025-03-03", "deployments_per_week", "often"), "deployments_per_week",
			"Deployment frequency must be a number.", `value="often"`},
		{"not finite", "/kpis", kpiForm("2025-03-03", "recovery_time_hours", "NaN"), "recovery_time_hours",
			"Failed deployment recovery time must be a number.", `value="NaN"`},
		{"malformed date", "/kpis", kpiForm("30/11/2026"), "measured_on", "Enter the date as YYYY-MM-DD, like 2026-03-31.", `value="30/11/2026"`},
		{"future date", "/kpis", kpiForm("2999-01-01"), "measured_on", "The date measured cannot be in the future.", `value="2999-01-01"`},
		{"unknown edition", "/kpis", kpiForm("2025-03-03", "edition", "1999"), "edition", "Choose an edition of the tier table: 2023 or 2024.", ""},
		{"missing answer", "/kpis", form("mode", "quick", "measured_on", "2025-03-03", "deployment_frequency_answer", "6", "recovery_time_answer", "5",
			"change_failure_rate", "7"), "lead_time_answer", "Change lead time is required", `value="6" selected`},
		{"answer out of range", "/kpis", form("mode", "quick", "measured_on", "2025-03-03", "deployment_frequency_answer", "9", "lead_time_answer", "5",
			"recovery_time_answer", "5", "change_failure_rate", "7"), "deployment_frequency_answer", "Deployment frequency: choose one of the six answers.", ""},
		{"target value and tier", "/kpis/targets", form("lead_time_target", "24", "lead_time_target_tier", "elite"), "lead_time_target",
			"Change lead time: set a value or a tier as the target, not both.", `value="24"`},
		{"rework rate tier", "/kpis/targets", form("rework_rate_target_tier", "elite"), "rework_rate_target",
			"Deployment rework rate has no tiers in the DORA reports: set a value as its target.", ""},
		{"target above 100 %", "/kpis/targets", form("change_failure_rate_target", "150"), "change_failure_rate_target",
			"Change failure rate is a percentage: at most 100.", `value="150"`},
		{"unknown industry", "/settings/profile", form("industry", "piracy", "size", "fewer_than_100"), "industry",
			"Choose one of the industries listed, or none.", ""},
	} {
		r := c.post("/o/"+slug+tt.path, tt.form)
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", tt.name, r.StatusCode)
			continue
		}
		beside := regexp.MustCompile(`id="f-` + tt.field + `-error" class="field-error">([^<]*)<`).FindStringSubmatch(r.body)
		if beside == nil || !strings.Contains(beside[1], tt.msg) {
			t.Errorf("%s: beside %s: %v, want %q", tt.name, tt.field, beside, tt.msg)
		}
		if tt.kept != "" && !strings.Contains(r.body, tt.kept) {
			t.Errorf("%s: the typed value %s is not kept", tt.name, tt.kept)
		}
	}
	if after := c.dump("kpi_snapshots", "kpi_targets", "audit_events"); after != before {
		t.Error("a refused form changed the database")
	}
}

// Members read the KPI page without the managers' links and cannot write;
// another organization's owner finds none of it.
func TestKPIPageMembersAndTenancy(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Read KPI Org")
	c.addMember(slug, "Max Member", "max@example.com", "member")
	if r := c.post("/o/"+slug+"/kpis", kpiForm("2025-03-03")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST = %d", r.StatusCode)
	}
	id := c.count(`SELECT max(id) FROM kpi_snapshots`)
	m := c.newClient()
	m.login("max@example.com", testPassword, "")
	page := m.get("/o/" + slug + "/kpis")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.body, "7 deployments a week") {
		t.Fatalf("member's KPI page = %d", page.StatusCode)
	}
	for _, hidden := range []string{"/kpis/new", "/kpis/" + itoa64(int64(id)), "/kpis/targets"} {
		if strings.Contains(page.body, hidden) {
			t.Errorf("member's KPI page links to %s", hidden)
		}
	}
	before := c.dump("kpi_snapshots", "kpi_targets")
	for path, f := range map[string]url.Values{"/kpis": kpiForm("2025-03-04"), "/kpis/targets": form("lead_time_target_tier", "elite"),
		"/kpis/" + itoa64(int64(id)) + "/delete": nil} {
		if r := m.post("/o/"+slug+path, f); r.StatusCode != http.StatusForbidden {
			t.Errorf("member POST %s = %d, want 403", path, r.StatusCode)
		}
	}
	if c.dump("kpi_snapshots", "kpi_targets") != before {
		t.Error("a member's POST changed the KPIs")
	}
	o := c.newClient()
	other := o.signup("Eve Other", "eve@example.com", "Other KPI Org")
	for _, path := range []string{"/o/" + slug + "/kpis", "/o/" + other + "/kpis/" + itoa64(int64(id)), "/o/" + other + "/kpis/" + itoa64(int64(id)) + "/delete"} {
		if r := o.get(path); r.StatusCode != http.StatusNotFound {
			t.Errorf("outsider GET %s = %d, want 404", path, r.StatusCode)
		}
	}
	if r := o.post("/o/"+other+"/kpis/"+itoa64(int64(id))+"/delete", nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("another organization deleting the snapshot = %d, want 404", r.StatusCode)
	}
	if r := o.get("/o/" + other + "/kpis"); !strings.Contains(r.body, "No snapshot recorded yet") || strings.Contains(r.body, "7 deployments") {
		t.Error("another organization's KPI page shows the snapshot")
	}
}

// Edit, a stale edit (409 with both versions), a date taken (422), delete
// after confirmation; targets met and not met; the benchmark sentence for
// a known organization.
func TestKPIEditDeleteTargetsBenchmark(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Edit KPI Org")
	base := "/o/" + slug + "/kpis"
	c.post(base, kpiForm("2025-03-03"))
	c.post(base, kpiForm("2025-02-24", "lead_time_hours", "100"))
	id := itoa64(int64(c.count(`SELECT id FROM kpi_snapshots WHERE measured_on = '2025-03-03'`)))

	if r := c.get(base + "/" + id); r.StatusCode != http.StatusOK || !strings.Contains(r.body, `name="version" value="1"`) {
		t.Fatalf("edit form = %d", r.StatusCode)
	}
	if r := c.post(base+"/"+id, kpiForm("2025-03-03", "version", "1", "lead_time_hours", "12")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit = %d\n%s", r.StatusCode, r.body)
	}
	r := c.post(base+"/"+id, kpiForm("2025-03-03", "version", "1", "lead_time_hours", "500"))
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.body, "This snapshot changed while you were editing it") ||
		!strings.Contains(r.body, "12 hours (Elite)") || !strings.Contains(r.body, `name="version" value="2"`) {
		t.Errorf("stale edit = %d, want 409 with both versions", r.StatusCode)
	}
	r = c.post(base+"/"+id, kpiForm("2025-02-24", "version", "2"))
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Another snapshot has the date 2025-02-24") {
		t.Errorf("edit onto a taken date = %d, want 422 beside the date", r.StatusCode)
	}

	// Targets: lead time at most 24 h (12 h: met), deployments elite (7: met),
	// change failure rate at most 2 % (5 %: not met).
	if r := c.post(base+"/targets", form("lead_time_target", "24", "deployment_frequency_target_tier", "elite", "change_failure_rate_target", "2")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("targets = %d\n%s", r.StatusCode, r.body)
	}
	page := c.get(base).body
	if tile := tileOf(t, page, "Change lead time"); !strings.Contains(tile, "at most 24 hours") || !strings.Contains(tile, ">Met</span>") {
		t.Errorf("lead time target:\n%s", tile)
	}
	if tile := tileOf(t, page, "Deployment frequency"); !strings.Contains(tile, "Elite or better") || !strings.Contains(tile, ">Met</span>") {
		t.Errorf("deployment frequency target:\n%s", tile)
	}
	if tile := tileOf(t, page, "Change failure rate"); !strings.Contains(tile, "at most 2 %") || !strings.Contains(tile, ">Not met</span>") {
		t.Errorf("change failure rate target:\n%s", tile)
	}
	if n := c.count(`SELECT count(*) FROM kpi_targets`); n != 3 {
		t.Errorf("%d targets stored, want 3", n)
	}
	if !strings.Contains(c.get(base+"/targets").body, `value="24"`) {
		t.Error("the targets form does not show the stored value")
	}

	// Benchmark: without a profile, a prompt; with Technology and 20 to 99
	// employees, the sentences. Lead time 12 h is answer 5, score 8; 2025's
	// technology lead time is 5.7 ± 2.4, so z ≈ 0.96: ahead.
	if !strings.Contains(page, "Choose your organization") || !strings.Contains(page, "DORA Quick Check data, Google LLC, CC BY 4.0") {
		t.Error("without a profile the page neither asks for it nor cites DORA")
	}
	if r := c.post("/o/"+slug+"/settings/profile", form("industry", "technology", "size", "fewer_than_100")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("profile = %d\n%s", r.StatusCode, r.body)
	}
	if !strings.Contains(c.get("/o/"+slug+"/settings").body, `value="technology" selected`) {
		t.Error("the settings do not show the stored industry")
	}
	page = c.get(base).body
	for _, want := range []string{"Your industry: Technology", "Your size: 20 to 99 employees",
		"Change lead time is ahead of most teams in your industry (Technology).", "Throughput is"} {
		if !strings.Contains(page, want) {
			t.Errorf("benchmark lacks %q", want)
		}
	}
	if strings.Contains(page, "Choose your organization") {
		t.Error("the prompt stays after the profile is set")
	}

	// Delete: a confirmation shown before the edit (version 1) deletes
	// nothing; the confirmation, then the POST it makes.
	if r := c.post(base+"/"+id+"/delete?version=1", nil); r.StatusCode != http.StatusConflict {
		t.Errorf("deleting a changed snapshot = %d, want 409", r.StatusCode)
	}
	conf := c.get(base + "/" + id + "/delete")
	action := regexp.MustCompile(`action="([^"]+)"`).FindAllStringSubmatch(conf.body, -1)
	if conf.StatusCode != http.StatusOK || !strings.Contains(conf.body, "Delete the snapshot of 2025-03-03?") {
		t.Fatalf("delete confirmation = %d", conf.StatusCode)
	}
	var post string
	for _, a := range action {
		if strings.Contains(a[1], "/delete") {
			post = strings.ReplaceAll(a[1], "&amp;", "&")
		}
	}
	if r := c.post(post, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete %s = %d\n%s", post, r.StatusCode, r.body)
	}
	if n := c.count(`SELECT count(*) FROM kpi_snapshots`); n != 1 {
		t.Errorf("%d snapshots left, want 1", n)
	}
	if got := strings.Join(c.auditActions(slug, "kpi."), ","); got != "kpi.deleted,kpi.targets_set,kpi.updated,kpi.recorded,kpi.recorded" {
		t.Errorf("audit = %s", got)
	}
	if got := c.auditActions(slug, "org.profile"); len(got) != 1 {
		t.Errorf("profile audit = %v", got)
	}
	if _, err := c.su.Exec(context.Background(), `UPDATE organizations SET industry = 'piracy'`); err == nil {
		t.Error("the database takes an industry the data does not have")
	}
}

// BenchmarkKPIPage is the KPI page of an organization with 500 snapshots
// (a target, an industry and a size set), as its owner opens it (make bench).
func BenchmarkKPIPage(b *testing.B) {
	ts, hc, _, db := benchServerDB(b)
	_, err := db.Superuser(b).Exec(context.Background(), `
		WITH o AS (UPDATE organizations SET industry = 'technology', size = 'fewer_than_100' WHERE slug = 'bench-org' RETURNING id),
		t AS (INSERT INTO kpi_targets (org_id, metric, tier) SELECT id, 'lead_time', 'elite' FROM o)
		INSERT INTO kpi_snapshots (org_id, measured_on, deployments_per_week, lead_time_hours, change_failure_rate, recovery_time_hours, rework_rate)
			SELECT o.id, date '2026-11-30' - g, g % 20, g % 800, g % 40, g % 200, g % 10 FROM o, generate_series(1, 500) g`)
	if err != nil {
		b.Fatal(err)
	}
	// The page's weight on a phone's connection, beside its time.
	resp, err := hc.Get(ts.URL + "/o/bench-org/kpis")
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	benchGET(b, hc, ts.URL+"/o/bench-org/kpis", nil, http.StatusOK)
	b.ReportMetric(float64(len(body)), "page-bytes") // after benchGET, whose timer reset drops reported metrics
}

// A long history shows its newest year of weekly snapshots and links to
// all of them; the trends read them all either way.
func TestKPIHistoryShowsTheNewestThenAll(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Long KPI Org")
	if _, err := c.su.Exec(context.Background(), `
		INSERT INTO kpi_snapshots (org_id, measured_on, deployments_per_week, lead_time_hours, change_failure_rate, recovery_time_hours)
		SELECT o.id, date '2026-11-30' - 7 * g, 7, 24, 5, 1 FROM organizations o, generate_series(0, 59) g WHERE o.slug = $1`, slug); err != nil {
		t.Fatal(err)
	}
	page := c.get("/o/" + slug + "/kpis").body
	// The 52nd newest is 2025-12-08; the oldest 2025-10-13.
	if !strings.Contains(page, "The newest 52 of 60 snapshots.") || !strings.Contains(page, ">2025-12-08</time>") || strings.Contains(page, ">2025-10-13</time>") {
		t.Error("the history does not stop at the newest 52")
	}
	if !strings.Contains(page, "score over 52 snapshots") {
		t.Error("the trend does not draw the newest 52 snapshots")
	}
	all := c.get("/o/" + slug + "/kpis?history=all").body
	if !strings.Contains(all, ">2025-10-13</time>") || strings.Contains(all, "The newest 52") {
		t.Error("?history=all does not show every snapshot")
	}
}
