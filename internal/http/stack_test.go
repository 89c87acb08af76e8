package http_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Step 1's inventory and considerations pages over real HTTP and
// PostgreSQL: what they show, what they refuse, and what they store.

// inventoryNames are the tool names of the inventory table, in order.
func inventoryNames(t testing.TB, r *response) []string {
	t.Helper()
	var names []string
	for _, th := range findAll(r.doc(t), func(n *html.Node) bool {
		return n.Type == html.ElementNode && n.Data == "th" && attr(n, "scope") == "row" && hasClass(n, "cell-title")
	}) {
		if a := byTag(th, "a"); len(a) > 0 {
			names = append(names, text(a[0]))
		}
	}
	return names
}

func TestInventoryFiltersAndSorts(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Filter Org")
	bearer := "Bearer " + c.createToken(slug, "seed")
	for _, body := range []string{
		`{"name":"Jenkins","category":"ci_cd","lifecycle":"hold","monthly_cost":300,"cost_scaling":"flat","scalability":2,"support_hours_per_month":40}`,
		`{"name":"AWS","category":"cloud","lifecycle":"adopt","monthly_cost":9000,"cost_scaling":"superlinear","scalability":5,"support_hours_per_month":4}`,
		`{"name":"GitHub Actions","category":"ci_cd","lifecycle":"adopt","monthly_cost":800,"cost_scaling":"superlinear","scalability":4,"support_hours_per_month":2}`,
		`{"name":"Circle","category":"ci_cd","lifecycle":"retire","monthly_cost":800,"cost_scaling":"linear","scalability":3,"support_hours_per_month":12}`,
	} {
		c.apiCreate("/api/v1/stack", bearer, body)
	}
	base := "/o/" + slug + "/stack"
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"AWS", "Circle", "GitHub Actions", "Jenkins"}},
		{"?sort=cost", []string{"AWS", "Circle", "GitHub Actions", "Jenkins"}}, // 800 tie: by name
		{"?sort=support", []string{"Jenkins", "Circle", "AWS", "GitHub Actions"}},
		{"?category=ci_cd", []string{"Circle", "GitHub Actions", "Jenkins"}},
		{"?category=ci_cd&sort=support", []string{"Jenkins", "Circle", "GitHub Actions"}},
		{"?lifecycle=adopt&sort=cost", []string{"AWS", "GitHub Actions"}},
		{"?category=ci_cd&lifecycle=adopt", []string{"GitHub Actions"}},
		{"?category=security", nil},
	}
	for _, tt := range tests {
		r := c.get(base + tt.query)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("GET %s = %d", tt.query, r.StatusCode)
		}
		if got := inventoryNames(t, r); !slices.Equal(got, tt.want) {
			t.Errorf("GET %s lists %q, want %q", tt.query, got, tt.want)
		}
	}
	// A filter the page does not know is said, not silently applied.
	r := c.get(base + "?category=mainframe&sort=price")
	if got := inventoryNames(t, r); len(got) != 4 {
		t.Errorf("an unknown category filters to %q, want every tool", got)
	}
	for _, want := range []string{"“mainframe” is not a category", "“price” is not an order"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the page does not say %q", want)
		}
	}
	// The totals are over the whole inventory: 10,900 a month; at twice the
	// team 300 + 1600 + (9000+800) × 2^1.5 = 29,618.59…; 58 h = 0.36 FTE.
	for _, want := range []string{"10,900", "29,618.59", "58", "0.36 FTE"} {
		if !strings.Contains(c.get(base+"?category=cloud").body, want) {
			t.Errorf("the inventory's totals do not show %q", want)
		}
	}
}

func TestStackItemFormValidatesLikeTheAPI(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Form Org")
	bearer := "Bearer " + c.createToken(slug, "seed")
	valid := stackItemForm("Terraform", "")
	tests := []struct {
		field, value string
		json         string // the same mistake through the API
	}{
		{"name", "", `"name":""`},
		{"name", strings.Repeat("n", 201), `"name":"` + strings.Repeat("n", 201) + `"`},
		{"category", "mainframe", `"category":"mainframe"`},
		{"lifecycle", "forever", `"lifecycle":"forever"`},
		{"cost_scaling", "exponential", `"cost_scaling":"exponential"`},
		{"monthly_cost", "-5", `"monthly_cost":-5`},
		{"monthly_cost", "2000000000", `"monthly_cost":2000000000`},
		{"scalability", "6", `"scalability":6`},
		{"scalability", "0", `"scalability":0`},
		{"support_hours_per_month", "-1", `"support_hours_per_month":-1`},
	}
	items := func() int { return c.count(`SELECT count(*) FROM stack_items`) }
	for _, tt := range tests {
		f := url.Values{}
		for k, v := range valid {
			f[k] = v
		}
		f.Set(tt.field, tt.value)
		r := c.post("/o/"+slug+"/stack", f)
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s=%q: status %d, want 422", tt.field, tt.value, r.StatusCode)
			continue
		}
		page := fieldError(t, r, tt.field)
		if page == "" {
			t.Errorf("%s=%q: no message beside the field", tt.field, tt.value)
		}
		// The other values are kept.
		if in := byID(r.doc(t), "f-owner"); in == nil || attr(in, "value") != "Platform team" {
			t.Errorf("%s=%q: the owner field was not kept", tt.field, tt.value)
		}
		// The same value through the API (the decoder refuses a repeated
		// key, so the field under test replaces the valid one).
		fields := map[string]json.RawMessage{}
		_ = json.Unmarshal([]byte(`{"name":"Terraform","category":"ci_cd","lifecycle":"trial","monthly_cost":1,"cost_scaling":"linear","scalability":3}`), &fields)
		if err := json.Unmarshal([]byte(`{`+tt.json+`}`), &fields); err != nil {
			t.Fatalf("%s: %v", tt.json, err)
		}
		body, _ := json.Marshal(fields)
		a := c.apiSend(http.MethodPost, "/api/v1/stack", bearer, string(body))
		var e struct {
			Fields map[string]string `json:"fields"`
		}
		_ = json.Unmarshal([]byte(a.body), &e)
		if a.StatusCode != http.StatusUnprocessableEntity || e.Fields[tt.field] != page {
			t.Errorf("%s=%q: the page says %q, the API %d %q", tt.field, tt.value, page, a.StatusCode, e.Fields[tt.field])
		}
	}
	// Not a number at all: said beside the field.
	f := stackItemForm("Terraform", "")
	f.Set("monthly_cost", "a lot")
	if r := c.post("/o/"+slug+"/stack", f); r.StatusCode != http.StatusUnprocessableEntity || fieldError(t, r, "monthly_cost") == "" {
		t.Errorf("a cost of %q = %d %q", "a lot", r.StatusCode, fieldError(t, r, "monthly_cost"))
	}
	if n := items(); n != 0 {
		t.Fatalf("%d items stored by refused forms", n)
	}
	// A valid form stores every field and leads to the item's page.
	r := c.post("/o/"+slug+"/stack", stackItemForm("Terraform", ""))
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/o/"+slug+"/stack/") {
		t.Fatalf("create = %d → %q", r.StatusCode, r.location())
	}
	got := c.rows(`SELECT concat_ws('|', name, category, lifecycle, monthly_cost, cost_scaling, scalability, support_hours_per_month, owner, notes, version) FROM stack_items`)
	if want := "Terraform|ci_cd|trial|120.50|linear|4|6.00|Platform team|Runs the builds.|1"; !strings.Contains(got, want) {
		t.Errorf("stored %q, want %q", got, want)
	}
	page := c.get(r.location())
	if h1(t, page) != "Terraform" || !strings.Contains(page.body, "Platform team") {
		t.Errorf("the item's page shows %q", h1(t, page))
	}
}

// rows is the query's one text column, one row a line.
func (c *client) rows(query string, args ...any) string {
	c.t.Helper()
	var out string
	if err := c.su.QueryRow(context.Background(), `SELECT coalesce(string_agg(r, E'\n' ORDER BY r), '') FROM (`+query+`) q (r)`, args...).Scan(&out); err != nil {
		c.t.Fatalf("%s: %v", query, err)
	}
	return out
}

func TestStarterCatalogAddsTickedToolsTogether(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Catalog Org")
	empty := c.get("/o/" + slug + "/stack")
	boxes := findAll(empty.doc(t), func(n *html.Node) bool { return n.Data == "input" && attr(n, "name") == "tool" })
	if len(boxes) < 35 {
		t.Fatalf("the empty inventory offers %d catalog tools, want about 40", len(boxes))
	}
	// An unknown key among known ones: nothing is added.
	r := c.post("/o/"+slug+"/stack/catalog", url.Values{"tool": {"github", "no-such-tool"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(fieldError(t, r, "tool"), "no-such-tool") {
		t.Errorf("an unknown tool = %d %q", r.StatusCode, fieldError(t, r, "tool"))
	}
	if r := c.post("/o/"+slug+"/stack/catalog", url.Values{}); r.StatusCode != http.StatusUnprocessableEntity || fieldError(t, r, "tool") == "" {
		t.Errorf("no tool ticked = %d %q", r.StatusCode, fieldError(t, r, "tool"))
	}
	if n := c.count(`SELECT count(*) FROM stack_items`); n != 0 {
		t.Fatalf("refused catalog forms stored %d items", n)
	}
	// Ticked tools (one twice) become items once each, in one audited change.
	r = c.post("/o/"+slug+"/stack/catalog", url.Values{"tool": {"github", "terraform", "datadog", "github"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("catalog = %d\n%s", r.StatusCode, r.body)
	}
	got := c.rows(`SELECT concat_ws('|', name, category, lifecycle, cost_scaling, scalability, monthly_cost) FROM stack_items`)
	want := "Datadog|observability|adopt|superlinear|3|0.00\nGitHub|source_control|adopt|linear|3|0.00\nTerraform|iac|adopt|flat|3|0.00"
	if got != want {
		t.Errorf("the catalog added\n%s\nwant\n%s", got, want)
	}
	if got := c.rows(`SELECT action || ' ' || target FROM audit_events WHERE action LIKE 'stack%'`); got != "stack.catalog_added 3 tools: GitHub, Terraform, Datadog" {
		t.Errorf("audited %q", got)
	}
	if names := inventoryNames(t, c.follow(r)); !slices.Equal(names, []string{"Datadog", "GitHub", "Terraform"}) {
		t.Errorf("the inventory lists %q", names)
	}
}

// Two people edit the same item: the second save meets a newer version
// and is shown both versions instead of overwriting the first.
func TestStackItemEditsDoNotLoseUpdates(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Conflict Org")
	c.addMember(slug, "Adam Admin", "admin@example.com", "admin")
	admin := c.newClient()
	admin.mustLogin("admin@example.com")
	id := c.apiCreate("/api/v1/stack", "Bearer "+c.createToken(slug, "seed"),
		`{"name":"Jenkins","category":"ci_cd","lifecycle":"adopt","monthly_cost":100,"cost_scaling":"flat","scalability":3}`)
	edit := "/o/" + slug + "/stack/" + id + "/edit"
	versionOf := func(r *response) string {
		return attr(findAll(r.doc(t), func(n *html.Node) bool { return attr(n, "name") == "version" })[0], "value")
	}
	v1, v2 := versionOf(c.get(edit)), versionOf(admin.get(edit))
	if v1 != "1" || v2 != "1" {
		t.Fatalf("both editors read version %s and %s, want 1", v1, v2)
	}
	first := stackItemForm("Jenkins", v1)
	first.Set("lifecycle", "hold")
	if r := c.post("/o/"+slug+"/stack/"+id, first); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save = %d", r.StatusCode)
	}
	second := stackItemForm("Jenkins CI", v2)
	second.Set("owner", "Build team")
	r := admin.post("/o/"+slug+"/stack/"+id, second)
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("stale save = %d, want 409", r.StatusCode)
	}
	// Both values are on the page; the form keeps the typed ones at the new version.
	conflict := text(byID(r.doc(t), "conflict-heading").Parent)
	for _, want := range []string{"Hold", "Trial", "Platform team", "Build team", "Jenkins CI"} {
		if !strings.Contains(conflict, want) {
			t.Errorf("the conflict panel lacks %q:\n%s", want, conflict)
		}
	}
	if in := byID(r.doc(t), "f-name"); attr(in, "value") != "Jenkins CI" || versionOf(r) != "2" {
		t.Errorf("the form keeps name %q at version %s, want Jenkins CI at 2", attr(in, "value"), versionOf(r))
	}
	if got := c.rows(`SELECT concat_ws('|', name, lifecycle, owner, version) FROM stack_items`); got != "Jenkins|hold|Platform team|2" {
		t.Errorf("after the refused save the item is %q", got)
	}
	// Saving again, knowingly, keeps the second editor's values.
	second.Set("version", "2")
	if r := admin.post("/o/"+slug+"/stack/"+id, second); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save again = %d", r.StatusCode)
	}
	if got := c.rows(`SELECT concat_ws('|', name, lifecycle, owner, version) FROM stack_items`); got != "Jenkins CI|trial|Build team|3" {
		t.Errorf("after saving again the item is %q", got)
	}
}

func TestDeletingAStackItemKeepsItsFindings(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Delete Org")
	bearer := "Bearer " + c.createToken(slug, "seed")
	id := c.apiCreate("/api/v1/stack", bearer, `{"name":"Nagios","category":"observability","lifecycle":"retire","cost_scaling":"flat","scalability":1}`)
	c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"Alert fatigue","severity":3,"effort":"m","stack_item_id":`+id+`}`)
	item := c.get("/o/" + slug + "/stack/" + id)
	if !strings.Contains(item.body, "Alert fatigue") {
		t.Errorf("the item's page does not list its finding")
	}
	confirm := c.get("/o/" + slug + "/stack/" + id + "/delete")
	if confirm.StatusCode != http.StatusOK || !strings.Contains(confirm.body, "finding stays") {
		t.Errorf("confirmation = %d, and says the finding stays: %v", confirm.StatusCode, strings.Contains(confirm.body, "finding stays"))
	}
	if n := c.count(`SELECT count(*) FROM stack_items`); n != 1 {
		t.Fatalf("the confirmation page deleted the item")
	}
	if r := c.post("/o/"+slug+"/stack/"+id+"/delete", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete = %d", r.StatusCode)
	}
	if got := c.rows(`SELECT concat_ws('|', title, coalesce(stack_item_id::text, 'none')) FROM findings`); got != "Alert fatigue|none" {
		t.Errorf("after the delete the findings are %q", got)
	}
	if r := c.get("/o/" + slug + "/stack/" + id); r.StatusCode != http.StatusNotFound {
		t.Errorf("the deleted item's page = %d, want 404", r.StatusCode)
	}
}

func TestStackPagesHideOtherOrganizations(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Mine Org")
	other := c.newClient()
	otherSlug := other.signup("Theo Other", "theo@example.com", "Theirs Org")
	theirs := other.apiCreate("/api/v1/stack", "Bearer "+other.createToken(otherSlug, "seed"),
		`{"name":"Their secret tool","category":"data","lifecycle":"adopt","cost_scaling":"flat","scalability":3}`)
	// Their id under my organization is not found, whatever the page.
	for _, p := range []string{"", "/edit", "/delete"} {
		if r := c.get("/o/" + slug + "/stack/" + theirs + p); r.StatusCode != http.StatusNotFound || strings.Contains(r.body, "Their secret tool") {
			t.Errorf("GET their item%s under my organization = %d", p, r.StatusCode)
		}
	}
	for _, p := range []string{"", "/delete"} {
		if r := c.post("/o/"+slug+"/stack/"+theirs+p, stackItemForm("Hijacked", "1")); r.StatusCode != http.StatusNotFound {
			t.Errorf("POST their item%s under my organization = %d", p, r.StatusCode)
		}
	}
	if got := other.rows(`SELECT name FROM stack_items`); got != "Their secret tool" {
		t.Errorf("their inventory is now %q", got)
	}
}

func TestConsiderations(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Consider Org")
	c.addMember(slug, "Mia Member", "member@example.com", "member")
	c.addMember(slug, "Adam Admin", "admin@example.com", "admin")
	bearer := "Bearer " + c.createToken(slug, "seed")
	for _, body := range []string{
		`{"name":"Datadog","category":"observability","lifecycle":"adopt","monthly_cost":1000,"cost_scaling":"superlinear","scalability":4,"support_hours_per_month":10}`,
		`{"name":"GitHub","category":"source_control","lifecycle":"adopt","monthly_cost":500,"cost_scaling":"linear","scalability":5,"support_hours_per_month":2}`,
		`{"name":"Jenkins","category":"ci_cd","lifecycle":"hold","monthly_cost":200,"cost_scaling":"flat","scalability":2,"support_hours_per_month":40}`,
		`{"name":"Nagios","category":"observability","lifecycle":"retire","monthly_cost":0,"cost_scaling":"flat","scalability":1,"support_hours_per_month":28}`,
	} {
		c.apiCreate("/api/v1/stack", bearer, body)
	}
	page := "/o/" + slug + "/stack/considerations"
	r := c.get(page)
	value := func(r *response, id string) string { return attr(byID(r.doc(t), id), "value") }
	// Before any save, the team is the three members.
	if value(r, "f-team_size") != "3" || value(r, "f-planned_team_size") != "3" {
		t.Errorf("default team sizes %q and %q, want the 3 members", value(r, "f-team_size"), value(r, "f-planned_team_size"))
	}
	// The facts of the known inventory: 1,700 a month; at twice the team
	// 1000 × 2^1.5 + 500 × 2 + 200 = 4,028.43; 80 h = 0.50 FTE.
	for _, want := range []string{"1,700", "4,028.43", "80", "0.50", "×2.83", "Jenkins", "Nagios"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the considerations do not show %q", want)
		}
	}
	// A member reads but cannot save.
	m := c.newClient()
	m.mustLogin("member@example.com")
	if r := m.get(page); r.StatusCode != http.StatusOK {
		t.Errorf("a member reads the considerations: %d", r.StatusCode)
	}
	if r := m.post(page, considerationsForm("0")); r.StatusCode != http.StatusForbidden {
		t.Errorf("a member saves the considerations: %d", r.StatusCode)
	}
	// Bad answers are refused beside their fields, nothing saved.
	bad := considerationsForm("0")
	bad.Set("team_size", "0")
	bad.Set("cost_verdict", "maybe")
	r = c.post(page, bad)
	if r.StatusCode != http.StatusUnprocessableEntity || fieldError(t, r, "team_size") == "" || fieldError(t, r, "cost_verdict") == "" {
		t.Errorf("bad considerations = %d, team_size %q, cost_verdict %q", r.StatusCode, fieldError(t, r, "team_size"), fieldError(t, r, "cost_verdict"))
	}
	if n := c.count(`SELECT count(*) FROM stack_considerations`); n != 0 {
		t.Fatalf("refused considerations stored %d rows", n)
	}
	// Saved, they project the planned team: 8 → 12 is ×1.5, so
	// 1000 × 1.5^1.5 + 500 × 1.5 + 200 = 2,787.12.
	if r := c.post(page, considerationsForm("0")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save = %d\n%s", r.StatusCode, r.body)
	}
	r = c.get(page)
	if value(r, "f-team_size") != "8" || !strings.Contains(r.body, "2,787.12") || !strings.Contains(r.body, "Datadog grows with hosts.") {
		t.Errorf("after the save: team %q, planned cost shown %v", value(r, "f-team_size"), strings.Contains(r.body, "2,787.12"))
	}
	// A second editor who read the page before that save is shown both.
	admin := c.newClient()
	admin.mustLogin("admin@example.com")
	late := considerationsForm("0")
	late.Set("team_size", "9")
	r = admin.post(page, late)
	if r.StatusCode != http.StatusConflict || !strings.Contains(text(byID(r.doc(t), "conflict-heading").Parent), "9") {
		t.Errorf("a stale save = %d", r.StatusCode)
	}
	if got := c.rows(`SELECT concat_ws('|', team_size, planned_team_size, cost_verdict, version) FROM stack_considerations`); got != "8|12|concern|1" {
		t.Errorf("stored %q after the stale save", got)
	}
}

// A large inventory's radar draws every tool as a dot without labels (a
// label each would take seconds to place and could not be read) and says
// so; the table still names every tool.
func TestRadarOfALargeInventoryDrawsDotsOnly(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Large Org")
	if _, err := c.su.Exec(context.Background(), `INSERT INTO stack_items (org_id, name, category, lifecycle, cost_scaling, scalability)
		SELECT o.id, 'Tool ' || g, (ARRAY['ci_cd','cloud','data','security'])[1 + g % 4], (ARRAY['adopt','trial','assess','hold','retire'])[1 + g % 5], 'flat', 3
		FROM organizations o, generate_series(1, 150) g WHERE o.slug = $1`, slug); err != nil {
		t.Fatal(err)
	}
	r := c.get("/o/" + slug + "/stack/radar")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("radar = %d", r.StatusCode)
	}
	if strings.Contains(r.body, `class="radar-label"`) || !strings.Contains(r.body, "shows dots only") {
		t.Errorf("a radar of 150 tools has labels, or does not say it shows dots only")
	}
	if n := strings.Count(r.body, `class="radar-item ring-`); n != 300 { // the wide and the narrow drawing
		t.Errorf("%d dots for 150 tools in two drawings", n)
	}
	for _, name := range []string{"Tool 1<", "Tool 150<"} {
		if !strings.Contains(r.body, name) {
			t.Errorf("the table does not name %q", name)
		}
	}
}

// A tool appears once in an inventory, whatever the case and the door: the
// form and the API refuse a second one with the same words beside the
// name, the catalog skips it, and an import names its rows.
func TestAToolAppearsOnce(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Once Org")
	bearer := "Bearer " + c.createToken(slug, "seed")
	c.apiCreate("/api/v1/stack", bearer, `{"name":"GitHub","category":"source_control","lifecycle":"adopt","cost_scaling":"linear","scalability":4}`)
	jenkins := c.apiCreate("/api/v1/stack", bearer, `{"name":"Jenkins","category":"ci_cd","lifecycle":"hold","cost_scaling":"flat","scalability":2}`)
	want := "“github” is already in the inventory: a tool appears once."

	r := c.post("/o/"+slug+"/stack", stackItemForm("github", ""))
	if r.StatusCode != http.StatusUnprocessableEntity || fieldError(t, r, "name") != want {
		t.Errorf("the form's duplicate = %d %q", r.StatusCode, fieldError(t, r, "name"))
	}
	a := c.apiSend(http.MethodPost, "/api/v1/stack", bearer, `{"name":"github","category":"ci_cd","lifecycle":"adopt","cost_scaling":"flat","scalability":3}`)
	var e struct {
		Fields map[string]string `json:"fields"`
	}
	_ = json.Unmarshal([]byte(a.body), &e)
	if a.StatusCode != http.StatusUnprocessableEntity || e.Fields["name"] != want {
		t.Errorf("the API's duplicate = %d %s", a.StatusCode, a.body)
	}
	// Renaming Jenkins to GitHub is the same mistake.
	if r := c.post("/o/"+slug+"/stack/"+jenkins, stackItemForm("github", "1")); r.StatusCode != http.StatusUnprocessableEntity || fieldError(t, r, "name") != want {
		t.Errorf("renaming onto a taken name = %d %q", r.StatusCode, fieldError(t, r, "name"))
	}
	// The catalog adds what is missing and says what it skipped.
	r = c.post("/o/"+slug+"/stack/catalog", url.Values{"tool": {"github", "terraform"}})
	if r.StatusCode != http.StatusSeeOther || !strings.Contains(c.follow(r).body, "Already there, so not added again: GitHub.") {
		t.Errorf("the catalog with a tool already there = %d", r.StatusCode)
	}
	if r := c.post("/o/"+slug+"/stack/catalog", url.Values{"tool": {"github"}}); r.StatusCode != http.StatusUnprocessableEntity ||
		fieldError(t, r, "tool") != "Every ticked tool is already in the inventory." {
		t.Errorf("the catalog with only tools already there = %d %q", r.StatusCode, fieldError(t, r, "tool"))
	}
	if got := c.rows(`SELECT name FROM stack_items`); got != "GitHub\nJenkins\nTerraform" {
		t.Errorf("the inventory is %q", got)
	}
}
