package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// kpiMetricJSON is one metric of a snapshot as the API answers it.
type kpiMetricJSON struct {
	Value  *float64 `json:"value"`
	Answer *int     `json:"answer"`
	Bucket *string  `json:"bucket"`
	Tier   *string  `json:"tier"`
	Score  *float64 `json:"score"`
}

// kpiJSON is a snapshot as the API answers it.
type kpiJSON struct {
	ID                 int64                    `json:"id"`
	MeasuredOn         string                   `json:"measured_on"`
	Edition            string                   `json:"edition"`
	DeploymentsPerWeek *float64                 `json:"deployments_per_week"`
	LeadTimeHours      *float64                 `json:"lead_time_hours"`
	ChangeFailureRate  *float64                 `json:"change_failure_rate"`
	RecoveryTimeHours  *float64                 `json:"recovery_time_hours"`
	ReworkRate         *float64                 `json:"rework_rate"`
	Metrics            map[string]kpiMetricJSON `json:"metrics"`
	Scores             map[string]*float64      `json:"scores"`
	Version            int                      `json:"version"`
	CreatedAt          string                   `json:"created_at"`
	UpdatedAt          string                   `json:"updated_at"`
}

type kpiListJSON struct {
	Items   []kpiJSON `json:"items"`
	Next    *string   `json:"next"`
	Targets []struct {
		Metric string   `json:"metric"`
		Value  *float64 `json:"value"`
		Tier   *string  `json:"tier"`
		Met    string   `json:"met"`
	} `json:"targets"`
}

func kpiBody(on string, dpw, lead, cfr, rec float64, extra ...string) string {
	b := fmt.Sprintf(`{"measured_on":%q,"deployments_per_week":%v,"lead_time_hours":%v,"change_failure_rate":%v,"recovery_time_hours":%v`, on, dpw, lead, cfr, rec)
	for _, e := range extra {
		b += "," + e
	}
	return b + "}"
}

func str(p *string) string {
	if p == nil {
		return "null"
	}
	return *p
}

func num(p *float64) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

// A snapshot through the API: 201 with every metric's value, tier and
// score and the aggregate scores; the same date again is 200 and replaces
// it (same id, next version); the list is newest first with the targets;
// both writes are audited with their own action.
func TestAPIKPIRoundTrip(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "KPI Org")
	bearer := "Bearer " + c.createToken(slug, "ci")
	api := c.newClient()

	r := api.apiSend("POST", "/api/v1/kpis", bearer, kpiBody("2025-03-03", 10, 30, 12, 0.5, `"rework_rate":20`))
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("POST /api/v1/kpis = %d\n%s", r.StatusCode, r.body)
	}
	var k kpiJSON
	decodeJSON(t, r, &k)
	if k.ID <= 0 || k.MeasuredOn != "2025-03-03" || k.Edition != "2023" || k.Version != 1 || num(k.DeploymentsPerWeek) != "10" ||
		num(k.LeadTimeHours) != "30" || num(k.ChangeFailureRate) != "12" || num(k.RecoveryTimeHours) != "0.5" || num(k.ReworkRate) != "20" {
		t.Errorf("created %+v", k)
	}
	utcStamp(t, "created_at", k.CreatedAt)
	want := map[string]string{
		"deployment_frequency": "10 5 once an hour – once a day elite 8",
		"lead_time":            "30 4 1 day – 1 week high 6",
		"recovery_time":        "0.5 6 less than 1 hour elite 10",
		"change_failure_rate":  "12 null null medium 8.8",
		"rework_rate":          "20 null null null 8",
	}
	for m, w := range want {
		got := k.Metrics[m]
		answer := "null"
		if got.Answer != nil {
			answer = fmt.Sprint(*got.Answer)
		}
		if s := strings.Join([]string{num(got.Value), answer, str(got.Bucket), str(got.Tier), num(got.Score)}, " "); s != w {
			t.Errorf("metrics.%s = %s, want %s", m, s, w)
		}
	}
	if len(k.Metrics) != 5 || num(k.Scores["throughput"]) != "8" || num(k.Scores["stability"]) != "8.4" || num(k.Scores["overall"]) != "8.16" {
		t.Errorf("metrics %d, scores %s %s %s, want 8, 8.4, 8.16", len(k.Metrics), num(k.Scores["throughput"]), num(k.Scores["stability"]), num(k.Scores["overall"]))
	}

	// An older date, in the 2024 edition, without rework.
	r = api.apiSend("POST", "/api/v1/kpis", bearer, kpiBody("2025-02-24", 7, 24, 15, 1, `"edition":"2024"`))
	var old kpiJSON
	decodeJSON(t, r, &old)
	if r.StatusCode != http.StatusCreated || old.Edition != "2024" || str(old.Metrics["recovery_time"].Tier) != "medium" ||
		str(old.Metrics["change_failure_rate"].Tier) != "medium" || str(old.Metrics["deployment_frequency"].Tier) != "high" ||
		old.Metrics["rework_rate"].Score != nil || old.ReworkRate != nil || num(old.Scores["stability"]) != "8.5" {
		t.Errorf("2024 snapshot = %d %+v", r.StatusCode, old)
	}

	// The same date again: 200, replaced in place.
	r = api.apiSend("POST", "/api/v1/kpis", bearer, kpiBody("2025-03-03", 0.1, 1000, 50, 200))
	var again kpiJSON
	decodeJSON(t, r, &again)
	if r.StatusCode != http.StatusOK || again.ID != k.ID || again.Version != 2 || again.ReworkRate != nil || again.CreatedAt != k.CreatedAt ||
		str(again.Metrics["lead_time"].Tier) != "low" || num(again.Scores["overall"]) != "3.25" { // (2 + 2 + 4 + 5) / 4
		t.Errorf("replace = %d %+v", r.StatusCode, again)
	}
	if n := c.count(`SELECT count(*) FROM kpi_snapshots`); n != 2 {
		t.Errorf("%d snapshots stored, want 2", n)
	}

	// Targets (set by the page; here by hand) come with the list, read against the newest snapshot.
	if _, err := c.su.Exec(context.Background(), `INSERT INTO kpi_targets (org_id, metric, value, tier)
		SELECT id, m, v, tr FROM organizations, (VALUES ('lead_time', NULL::float8, 'elite'), ('change_failure_rate', 60, NULL)) AS t(m, v, tr)`); err != nil {
		t.Fatal(err)
	}
	var list kpiListJSON
	r = api.apiGet("/api/v1/kpis", bearer)
	decodeJSON(t, r, &list)
	if r.StatusCode != http.StatusOK || len(list.Items) != 2 || list.Items[0].ID != k.ID || list.Items[1].ID != old.ID ||
		list.Next == nil || *list.Next != "" || list.Items[0].Version != 2 {
		t.Fatalf("list = %d %+v", r.StatusCode, list)
	}
	if len(list.Targets) != 2 || list.Targets[0].Metric != "lead_time" || str(list.Targets[0].Tier) != "elite" || list.Targets[0].Met != "not_met" ||
		list.Targets[1].Metric != "change_failure_rate" || num(list.Targets[1].Value) != "60" || list.Targets[1].Met != "met" {
		t.Errorf("targets = %+v", list.Targets)
	}
	if got := strings.Join(c.auditActions(slug, "kpi."), ","); got != "kpi.replaced,kpi.recorded,kpi.recorded" {
		t.Errorf("audit = %s, want kpi.replaced,kpi.recorded,kpi.recorded", got)
	}
	if !strings.Contains(c.get("/o/"+slug+"/settings/audit").body, "KPI snapshot replaced (same date)") {
		t.Error("the audit page does not name the KPI actions")
	}
}

// auditActions lists the organization's audit actions starting with prefix,
// newest first.
func (c *client) auditActions(slug, prefix string) []string {
	c.t.Helper()
	rows, err := c.su.Query(context.Background(), `SELECT action FROM audit_events a JOIN organizations o ON o.id = a.org_id
		WHERE o.slug = $1 AND starts_with(action, $2) ORDER BY a.id DESC`, slug, prefix)
	if err != nil {
		c.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			c.t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

// The tiers of DESIGN §3 at and around every boundary, read back from the
// API's answers (one date per case).
func TestAPIKPIBoundaries(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Edges Org")
	bearer := "Bearer " + c.createToken(slug, "ci")
	// Baseline numbers, each elite; a case changes one metric.
	base := map[string]float64{"deployments_per_week": 7, "lead_time_hours": 1, "change_failure_rate": 0, "recovery_time_hours": 0.5}
	metricOf := map[string]string{"deployments_per_week": "deployment_frequency", "lead_time_hours": "lead_time",
		"change_failure_rate": "change_failure_rate", "recovery_time_hours": "recovery_time", "rework_rate": "rework_rate"}
	tests := []struct {
		field   string
		value   float64
		edition string
		tier    string
		score   string
	}{
		{"deployments_per_week", 7, "", "elite", "8"}, // 7 a week is elite
		{"deployments_per_week", 6.99, "", "high", "6"},
		{"deployments_per_week", 14, "", "elite", "10"},
		{"deployments_per_week", 1, "", "high", "6"},
		{"deployments_per_week", 0.99, "", "medium", "4"},
		{"deployments_per_week", 0.2308, "", "medium", "4"}, // just above 12/52
		{"deployments_per_week", 0.2307, "", "low", "2"},
		{"deployments_per_week", 0, "", "low", "0"},
		{"lead_time_hours", 23.99, "", "elite", "8"},
		{"lead_time_hours", 24, "", "high", "6"}, // exactly 24 h is high, not elite
		{"lead_time_hours", 0.99, "", "elite", "10"},
		{"lead_time_hours", 167.99, "", "high", "6"},
		{"lead_time_hours", 168, "", "medium", "4"},
		{"lead_time_hours", 719.99, "", "medium", "4"},
		{"lead_time_hours", 720, "", "low", "2"},
		{"lead_time_hours", 4320, "", "low", "0"},
		{"change_failure_rate", 5, "", "elite", "9.5"}, // exactly 5 % is elite
		{"change_failure_rate", 5.01, "", "high", "9.5"},
		{"change_failure_rate", 10, "", "high", "9"},
		{"change_failure_rate", 10.01, "", "medium", "9"},
		{"change_failure_rate", 15, "", "medium", "8.5"},
		{"change_failure_rate", 15.01, "", "low", "8.5"},
		{"change_failure_rate", 100, "", "low", "0"},
		{"recovery_time_hours", 0.99, "", "elite", "10"},
		{"recovery_time_hours", 1, "", "high", "8"}, // exactly 1 h is high
		{"recovery_time_hours", 23.99, "", "high", "8"},
		{"recovery_time_hours", 24, "", "medium", "6"},
		{"recovery_time_hours", 167.99, "", "medium", "6"},
		{"recovery_time_hours", 168, "", "low", "4"},
		{"rework_rate", 12.5, "", "null", "8.75"},
		// 2024: nearest cluster, ties to the lower tier.
		{"change_failure_rate", 7.5, "2024", "medium", "9.25"},
		{"change_failure_rate", 15, "2024", "medium", "8.5"},
		{"change_failure_rate", 16, "2024", "high", "8.4"},
		{"change_failure_rate", 30, "2024", "low", "7"},
		{"recovery_time_hours", 1, "2024", "medium", "8"},
		{"deployments_per_week", 7, "2024", "high", "8"},
		{"lead_time_hours", 23.99, "2024", "elite", "8"},
	}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for n, tt := range tests {
		body := map[string]any{"measured_on": start.AddDate(0, 0, n).Format("2006-01-02")}
		for k, v := range base {
			body[k] = v
		}
		body[tt.field] = tt.value
		if tt.edition != "" {
			body["edition"] = tt.edition
		}
		b, _ := json.Marshal(body)
		r := c.apiSend("POST", "/api/v1/kpis", bearer, string(b))
		var k kpiJSON
		decodeJSON(t, r, &k)
		m := k.Metrics[metricOf[tt.field]]
		if r.StatusCode != http.StatusCreated || str(m.Tier) != tt.tier || num(m.Score) != tt.score || num(m.Value) != fmt.Sprint(tt.value) {
			t.Errorf("%s %v (edition %q) = %d: tier %s score %s value %s, want %s %s", tt.field, tt.value, tt.edition, r.StatusCode,
				str(m.Tier), num(m.Score), num(m.Value), tt.tier, tt.score)
		}
	}
}

// Bad bodies: 400 for what cannot be read, 422 for what the domain refuses,
// each naming the field; nothing is stored or audited.
func TestAPIKPIValidation(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Checks KPI Org")
	bearer := "Bearer " + c.createToken(slug, "ci")
	c.apiGet("/api/v1/org", bearer) // the token's first use is audited: not part of what is compared
	valid := kpiBody("2025-03-03", 7, 24, 5, 1)
	with := func(kv ...any) string {
		m := map[string]any{}
		_ = json.Unmarshal([]byte(valid), &m)
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(m, kv[i].(string))
			} else {
				m[kv[i].(string)] = kv[i+1]
			}
		}
		b, _ := json.Marshal(m)
		return string(b)
	}
	future := time.Now().UTC().AddDate(0, 0, 2).Format("2006-01-02")
	tests := []struct {
		name, body string
		status     int
		field      string
		says       string
	}{
		{"rate over 100", with("change_failure_rate", 100.5), 422, "change_failure_rate", "at most 100"},
		{"rate negative", with("change_failure_rate", -1), 422, "change_failure_rate", "cannot be negative"},
		{"rework over 100", with("rework_rate", 101), 422, "rework_rate", "at most 100"},
		{"rework negative", with("rework_rate", -0.5), 422, "rework_rate", "cannot be negative"},
		{"deploys negative", with("deployments_per_week", -1), 422, "deployments_per_week", "cannot be negative"},
		{"deploys huge", with("deployments_per_week", 1e6), 422, "deployments_per_week", "at most 100000"},
		{"lead time negative", with("lead_time_hours", -0.01), 422, "lead_time_hours", "cannot be negative"},
		{"recovery huge", with("recovery_time_hours", 1e300), 422, "recovery_time_hours", "at most 100000 hours"},
		{"lead time overflows", strings.Replace(valid, `"lead_time_hours":24`, `"lead_time_hours":1e999`, 1), 400, "lead_time_hours", "out of range"},
		{"lead time as text", with("lead_time_hours", "24"), 400, "lead_time_hours", "must be a number"},
		{"rate as NaN text", with("change_failure_rate", "NaN"), 400, "change_failure_rate", "must be a number"},
		{"deploys missing", with("deployments_per_week", nil), 422, "deployments_per_week", "Deployment frequency is required"},
		{"rate missing", with("change_failure_rate", nil), 422, "change_failure_rate", "is required"},
		{"date missing", with("measured_on", nil), 422, "measured_on", "required"},
		{"date malformed", with("measured_on", "03/03/2025"), 422, "measured_on", "YYYY-MM-DD"},
		{"date impossible", with("measured_on", "2025-02-30"), 422, "measured_on", "YYYY-MM-DD"},
		{"date with a time", with("measured_on", "2025-03-03T00:00:00Z"), 422, "measured_on", "YYYY-MM-DD"},
		{"date as a number", with("measured_on", 20250303), 400, "measured_on", "must be a string"},
		{"date in the future", with("measured_on", future), 422, "measured_on", "cannot be in the future"},
		{"unknown edition", with("edition", "2021"), 422, "edition", "2023 or 2024"},
		{"edition as a number", with("edition", 2023), 400, "edition", "must be a string"},
		{"unknown field", with("mttr", 3), 400, "mttr", `unknown field "mttr"`},
		{"answers are the page's", with("lead_time_answer", 3), 400, "lead_time_answer", "unknown field"},
		{"trailing data", valid + `{}`, 400, "", "nothing after it"},
		{"not an object", `[]`, 400, "", "JSON object"},
		{"empty", ``, 400, "", "empty"},
	}
	before := c.dump("kpi_snapshots", "audit_events")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.in(t).apiSend("POST", "/api/v1/kpis", bearer, tt.body)
			if r.StatusCode != tt.status {
				t.Fatalf("POST %s = %d, want %d\n%s", tt.body, r.StatusCode, tt.status, r.body)
			}
			var e apiErrJSON
			decodeJSON(t, r, &e)
			if tt.field == "" {
				if !strings.Contains(e.Error, tt.says) {
					t.Errorf("error %q, want it to say %q", e.Error, tt.says)
				}
				return
			}
			if msg, ok := e.Fields[tt.field]; !ok || !strings.Contains(msg, tt.says) || len(e.Fields) != 1 {
				t.Errorf("fields = %v, want only %s saying %q", e.Fields, tt.field, tt.says)
			}
		})
	}
	// Everything wrong at once: every field named.
	r := c.apiSend("POST", "/api/v1/kpis", bearer, `{"measured_on":"soon","change_failure_rate":101,"edition":"x","lead_time_hours":-1}`)
	var e apiErrJSON
	decodeJSON(t, r, &e)
	for _, f := range []string{"measured_on", "change_failure_rate", "edition", "lead_time_hours", "deployments_per_week", "recovery_time_hours"} {
		if e.Fields[f] == "" {
			t.Errorf("field %s not named: %v", f, e.Fields)
		}
	}
	if r.StatusCode != http.StatusUnprocessableEntity || len(e.Fields) != 6 {
		t.Errorf("all wrong = %d %v", r.StatusCode, e.Fields)
	}
	if after := c.dump("kpi_snapshots", "audit_events"); after != before {
		t.Errorf("a refused request changed the database:\n%s", dumpDiff(before, after))
	}
}

// Another organization's token sees none of it; its snapshot of the same
// date is its own (201), not a replacement of ours.
func TestAPIKPITenancy(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Victim KPI Org")
	bearer := "Bearer " + c.createToken(slug, "ci")
	c.apiCreate("/api/v1/kpis", bearer, kpiBody("2025-03-03", 7, 24, 5, 1))

	o := c.newClient()
	otherSlug := o.signup("Eve Other", "eve@example.com", "Other KPI Org")
	theirs := "Bearer " + o.createToken(otherSlug, "ci")
	if r := o.apiGet("/api/v1/kpis", theirs); r.StatusCode != http.StatusOK || strings.TrimSpace(r.body) != `{"items":[],"next":"","targets":[]}` {
		t.Errorf("GET /api/v1/kpis as the other organization = %d %s, want an empty list", r.StatusCode, r.body)
	}
	r := o.apiSend("POST", "/api/v1/kpis", theirs, kpiBody("2025-03-03", 1, 1, 1, 1))
	if r.StatusCode != http.StatusCreated {
		t.Errorf("their snapshot of the same date = %d, want 201 (their own)", r.StatusCode)
	}
	var list kpiListJSON
	decodeJSON(t, c.apiGet("/api/v1/kpis", bearer), &list)
	if len(list.Items) != 1 || num(list.Items[0].DeploymentsPerWeek) != "7" || list.Items[0].Version != 1 {
		t.Errorf("ours after theirs = %+v", list.Items)
	}
	if n := c.count(`SELECT count(*) FROM kpi_snapshots`); n != 2 {
		t.Errorf("%d snapshots, want ours and theirs", n)
	}
	for _, rq := range []struct{ method, auth string }{{"GET", ""}, {"POST", ""}, {"GET", "Bearer hw_nope"}, {"POST", "Bearer hw_nope"}} {
		if r := c.apiSend(rq.method, "/api/v1/kpis", rq.auth, kpiBody("2025-03-04", 1, 1, 1, 1)); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s without a valid token = %d, want 401", rq.method, r.StatusCode)
		}
	}
}
