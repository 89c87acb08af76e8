package http_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// apiCreate POSTs body to path and returns the new object's id, failing
// unless the answer is 201.
func (c *client) apiCreate(path, auth, body string) string {
	c.t.Helper()
	r := c.apiSend(http.MethodPost, path, auth, body)
	if r.StatusCode != http.StatusCreated {
		c.t.Fatalf("POST %s = %d, want 201\n%s", path, r.StatusCode, r.body)
	}
	var v struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal([]byte(r.body), &v); err != nil || v.ID <= 0 {
		c.t.Fatalf("POST %s answered %q: %v", path, r.body, err)
	}
	return strconv.FormatInt(v.ID, 10)
}

// stackItemJSON is a stack item as the API answers it.
type stackItemJSON struct {
	ID                   int64   `json:"id"`
	Name                 string  `json:"name"`
	Category             string  `json:"category"`
	Lifecycle            string  `json:"lifecycle"`
	MonthlyCost          float64 `json:"monthly_cost"`
	CostScaling          string  `json:"cost_scaling"`
	Scalability          int     `json:"scalability"`
	SupportHoursPerMonth float64 `json:"support_hours_per_month"`
	Owner                string  `json:"owner"`
	Notes                string  `json:"notes"`
	Version              int     `json:"version"`
	CreatedAt            string  `json:"created_at"`
	UpdatedAt            string  `json:"updated_at"`
}

// findingJSON is a finding as the API answers it.
type findingJSON struct {
	ID          int64  `json:"id"`
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Severity    int    `json:"severity"`
	Effort      string `json:"effort"`
	Status      string `json:"status"`
	StackItemID *int64 `json:"stack_item_id"`
	Version     int    `json:"version"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
}

type listJSON[T any] struct {
	Items []T     `json:"items"`
	Next  *string `json:"next"`
}

func utcStamp(t *testing.T, field, v string) {
	t.Helper()
	ts, err := time.Parse(time.RFC3339, v)
	if err != nil || !strings.HasSuffix(v, "Z") || ts.IsZero() {
		t.Errorf("%s = %q, want an RFC 3339 time in UTC", field, v)
	}
}

const jenkins = `{"name":" Jenkins ","category":"ci_cd","lifecycle":"hold","monthly_cost":1234.5,"cost_scaling":"linear",` +
	`"scalability":2,"support_hours_per_month":12.25,"owner":"Platform","notes":"self-hosted\r\non two VMs"}`

// The inventory and the findings through the API: create, read, list,
// update with the version, delete; deleting an item unlinks its findings;
// every write is audited.
func TestAPIStackRoundTrip(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Stack Org")
	bearer := "Bearer " + c.createToken(slug, "ci")
	api := c.newClient()

	r := api.apiSend("POST", "/api/v1/stack", bearer, jenkins)
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("POST /api/v1/stack = %d\n%s", r.StatusCode, r.body)
	}
	var it stackItemJSON
	decodeJSON(t, r, &it)
	want := stackItemJSON{ID: it.ID, Name: "Jenkins", Category: "ci_cd", Lifecycle: "hold", MonthlyCost: 1234.5, CostScaling: "linear", Scalability: 2,
		SupportHoursPerMonth: 12.25, Owner: "Platform", Notes: "self-hosted\non two VMs", Version: 1, CreatedAt: it.CreatedAt, UpdatedAt: it.UpdatedAt}
	if it != want || it.ID <= 0 {
		t.Errorf("created %+v\nwant    %+v", it, want)
	}
	utcStamp(t, "created_at", it.CreatedAt)
	utcStamp(t, "updated_at", it.UpdatedAt)
	id := strconv.FormatInt(it.ID, 10)
	if loc := r.Header.Get("Location"); loc != "/api/v1/stack/"+id {
		t.Errorf("Location %q", loc)
	}
	var got stackItemJSON
	r = api.apiGet("/api/v1/stack/"+id, bearer)
	decodeJSON(t, r, &got)
	if r.StatusCode != http.StatusOK || got != it {
		t.Errorf("GET = %d %+v, want %+v", r.StatusCode, got, it)
	}
	api.apiCreate("/api/v1/stack", bearer, `{"name":"Argo CD","category":"ci_cd","lifecycle":"trial","cost_scaling":"flat","scalability":4}`)
	var list listJSON[stackItemJSON]
	r = api.apiGet("/api/v1/stack", bearer)
	decodeJSON(t, r, &list)
	if len(list.Items) != 2 || list.Items[0].Name != "Argo CD" || list.Items[1] != it || list.Next == nil || *list.Next != "" {
		t.Errorf("list = %+v, want Argo CD then Jenkins, next \"\"", list)
	}

	// A finding tied to it.
	r = api.apiSend("POST", "/api/v1/findings", bearer, `{"kind":"debt","title":"Jenkins on old VMs","description":"a\r\nb","severity":3,"effort":"m","stack_item_id":`+id+`}`)
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("POST /api/v1/findings = %d\n%s", r.StatusCode, r.body)
	}
	var f findingJSON
	decodeJSON(t, r, &f)
	if f.Kind != "debt" || f.Title != "Jenkins on old VMs" || f.Description != "a\nb" || f.Severity != 3 || f.Effort != "m" || f.Status != "open" ||
		f.StackItemID == nil || *f.StackItemID != it.ID || f.Version != 1 {
		t.Errorf("finding %+v", f)
	}
	utcStamp(t, "created_at", f.CreatedAt)
	fid := strconv.FormatInt(f.ID, 10)
	api.apiCreate("/api/v1/findings", bearer, `{"kind":"opportunity","title":"Adopt Argo","severity":4,"effort":"l","status":"planned"}`)
	var flist listJSON[findingJSON]
	decodeJSON(t, api.apiGet("/api/v1/findings", bearer), &flist)
	if len(flist.Items) != 2 || flist.Items[0].Title != "Adopt Argo" || flist.Items[0].StackItemID != nil || flist.Items[1].ID != f.ID || *flist.Items[1].StackItemID != it.ID {
		t.Errorf("findings = %+v, want the severity-4 opportunity first", flist)
	}

	// Update with the version read.
	r = api.apiSend("PUT", "/api/v1/stack/"+id, bearer, strings.Replace(jenkins, `"name":" Jenkins "`, `"version":1,"name":"Jenkins LTS"`, 1))
	decodeJSON(t, r, &got)
	if r.StatusCode != http.StatusOK || got.Name != "Jenkins LTS" || got.Version != 2 || got.CreatedAt != it.CreatedAt {
		t.Errorf("PUT = %d %+v", r.StatusCode, got)
	}
	r = api.apiSend("PUT", "/api/v1/findings/"+fid, bearer, `{"version":1,"kind":"debt","title":"Jenkins on old VMs","severity":2,"effort":"s","status":"resolved","stack_item_id":`+id+`}`)
	var gotF findingJSON
	decodeJSON(t, r, &gotF)
	if r.StatusCode != http.StatusOK || gotF.Status != "resolved" || gotF.Severity != 2 || gotF.Version != 2 || gotF.Description != "" {
		t.Errorf("PUT finding = %d %+v", r.StatusCode, gotF)
	}

	// Deleting the item keeps the finding, unlinked.
	if r := api.apiSend("DELETE", "/api/v1/stack/"+id, bearer, ""); r.StatusCode != http.StatusNoContent || r.body != "" {
		t.Errorf("DELETE item = %d %q, want 204 without a body", r.StatusCode, r.body)
	}
	if r := api.apiGet("/api/v1/stack/"+id, bearer); r.StatusCode != http.StatusNotFound {
		t.Errorf("GET a deleted item = %d, want 404", r.StatusCode)
	}
	decodeJSON(t, api.apiGet("/api/v1/findings/"+fid, bearer), &gotF)
	if gotF.StackItemID != nil || gotF.Version != 2 {
		t.Errorf("after deleting its item the finding is %+v, want it kept with stack_item_id null", gotF)
	}
	if r := api.apiSend("DELETE", "/api/v1/findings/"+fid, bearer, ""); r.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE finding = %d", r.StatusCode)
	}
	if r := api.apiSend("DELETE", "/api/v1/findings/"+fid, bearer, ""); r.StatusCode != http.StatusNotFound {
		t.Errorf("DELETE a deleted finding = %d, want 404", r.StatusCode)
	}

	// Every write is in the audit log, by the token, naming its object.
	var audit struct {
		Items []struct {
			Actor  string `json:"actor"`
			Action string `json:"action"`
			Target string `json:"target"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(api.apiGet("/api/v1/audit", bearer).body), &audit); err != nil {
		t.Fatal(err)
	}
	var log []string
	for _, e := range audit.Items {
		if e.Actor == "token ci" && (strings.HasPrefix(e.Action, "stack_item.") || strings.HasPrefix(e.Action, "finding.")) {
			log = append(log, e.Action+" "+e.Target)
		}
	}
	wantLog := []string{"finding.deleted finding Jenkins on old VMs", "stack_item.deleted stack item Jenkins LTS", "finding.updated finding Jenkins on old VMs",
		"stack_item.updated stack item Jenkins LTS", "finding.created finding Adopt Argo", "finding.created finding Jenkins on old VMs",
		"stack_item.created stack item Argo CD", "stack_item.created stack item Jenkins"}
	if strings.Join(log, "\n") != strings.Join(wantLog, "\n") {
		t.Errorf("audit log:\n%s\nwant:\n%s", strings.Join(log, "\n"), strings.Join(wantLog, "\n"))
	}
	// The settings page names the actions in words.
	if page := c.get("/o/" + slug + "/settings/audit"); !strings.Contains(page.body, "Stack item added") || !strings.Contains(page.body, "Finding deleted") {
		t.Errorf("the audit page does not name the stack actions")
	}
}

type apiErrJSON struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields"`
}

// Bad bodies: 400 for what cannot be read, 422 for what the domain refuses,
// each naming the field; nothing is stored.
func TestAPIStackValidation(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Checks Org")
	bearer := "Bearer " + c.createToken(slug, "ci")
	itemID := c.apiCreate("/api/v1/stack", bearer, jenkins)
	findingID := c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"T","severity":1,"effort":"xs"}`)
	valid := map[string]any{"name": "GitLab", "category": "source_control", "lifecycle": "adopt", "monthly_cost": 19,
		"cost_scaling": "linear", "scalability": 4, "support_hours_per_month": 1, "owner": "", "notes": ""}
	with := func(base map[string]any, kv ...any) string {
		m := map[string]any{}
		for k, v := range base {
			m[k] = v
		}
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
	vfinding := map[string]any{"kind": "debt", "title": "Flaky CI", "severity": 2, "effort": "m"}
	tests := []struct {
		name, method, path, body string
		status                   int
		field, says              string
	}{
		{"name missing", "POST", "/api/v1/stack", with(valid, "name", nil), 422, "name", "Name is required."},
		{"name blank", "POST", "/api/v1/stack", with(valid, "name", "   "), 422, "name", "Name is required."},
		{"name too long", "POST", "/api/v1/stack", with(valid, "name", strings.Repeat("n", 201)), 422, "name", "at most 200 characters"},
		{"name line break", "POST", "/api/v1/stack", with(valid, "name", "a\nb"), 422, "name", ""},
		{"cost negative", "POST", "/api/v1/stack", with(valid, "monthly_cost", -1), 422, "monthly_cost", "cannot be negative"},
		{"cost huge", "POST", "/api/v1/stack", with(valid, "monthly_cost", 1e300), 422, "monthly_cost", "at most 1,000,000,000"},
		{"cost overflows", "POST", "/api/v1/stack", `{"name":"x","monthly_cost":1e999}`, 400, "monthly_cost", "out of range"},
		{"cost NaN", "POST", "/api/v1/stack", with(valid, "monthly_cost", "NaN"), 400, "monthly_cost", "must be a number"},
		{"hours negative", "POST", "/api/v1/stack", with(valid, "support_hours_per_month", -0.5), 422, "support_hours_per_month", "cannot be negative"},
		{"scalability 0", "POST", "/api/v1/stack", with(valid, "scalability", 0), 422, "scalability", "from 1 to 5"},
		{"scalability 6", "POST", "/api/v1/stack", with(valid, "scalability", 6), 422, "scalability", "from 1 to 5"},
		{"scalability fraction", "POST", "/api/v1/stack", with(valid, "scalability", 2.5), 400, "scalability", "must be a whole number"},
		{"unknown category", "POST", "/api/v1/stack", with(valid, "category", "CI/CD"), 422, "category", "Choose a category"},
		{"unknown lifecycle", "POST", "/api/v1/stack", with(valid, "lifecycle", "keep"), 422, "lifecycle", "Choose a lifecycle ring"},
		{"unknown cost scaling", "POST", "/api/v1/stack", with(valid, "cost_scaling", "exponential"), 422, "cost_scaling", "Choose how the cost scales"},
		{"unknown field", "POST", "/api/v1/stack", with(valid, "colour", "red"), 400, "colour", `unknown field "colour"`},
		{"version on create", "POST", "/api/v1/stack", with(valid, "version", 1), 400, "version", `unknown field "version"`},
		{"trailing data", "POST", "/api/v1/stack", with(valid) + `{}`, 400, "", "nothing after it"},
		{"not an object", "POST", "/api/v1/stack", `[]`, 400, "", "JSON object"},
		{"PUT without version", "PUT", "/api/v1/stack/" + itemID, with(valid), 422, "version", "version is required"},
		{"PUT unknown field", "PUT", "/api/v1/stack/" + itemID, with(valid, "version", 1, "id", 1), 400, "id", `unknown field "id"`},
		{"finding unknown kind", "POST", "/api/v1/findings", with(vfinding, "kind", "bug"), 422, "kind", "Choose a kind"},
		{"finding title missing", "POST", "/api/v1/findings", with(vfinding, "title", nil), 422, "title", "Title is required."},
		{"finding severity 0", "POST", "/api/v1/findings", with(vfinding, "severity", 0), 422, "severity", "from 1 to 4"},
		{"finding severity 5", "POST", "/api/v1/findings", with(vfinding, "severity", 5), 422, "severity", "from 1 to 4"},
		{"finding unknown effort", "POST", "/api/v1/findings", with(vfinding, "effort", "xxl"), 422, "effort", "Choose an effort"},
		{"finding unknown status", "POST", "/api/v1/findings", with(vfinding, "status", "done"), 422, "status", "Choose a status"},
		{"finding item 0", "POST", "/api/v1/findings", with(vfinding, "stack_item_id", 0), 422, "stack_item_id", "Unknown stack item."},
		{"finding no such item", "POST", "/api/v1/findings", with(vfinding, "stack_item_id", 999999), 422, "stack_item_id", "Unknown stack item."},
		{"finding item as text", "POST", "/api/v1/findings", with(vfinding, "stack_item_id", "1"), 400, "stack_item_id", "an integer"},
		{"finding PUT without version", "PUT", "/api/v1/findings/" + findingID, with(vfinding), 422, "version", "version is required"},
	}
	before := c.dump("stack_items", "findings", "audit_events")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.in(t).apiSend(tt.method, tt.path, bearer, tt.body)
			if r.StatusCode != tt.status {
				t.Fatalf("%s %s %s = %d, want %d\n%s", tt.method, tt.path, tt.body, r.StatusCode, tt.status, r.body)
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
	if after := c.dump("stack_items", "findings", "audit_events"); after != before {
		t.Errorf("a refused request changed the database:\n%s", dumpDiff(before, after))
	}
}

// Two clients read version 1 and both PUT: exactly one wins, the other gets
// 409 and changes nothing.
func TestAPIStackStaleVersion(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Race Org")
	bearer := "Bearer " + c.createToken(slug, "ci")
	id := c.apiCreate("/api/v1/stack", bearer, jenkins)
	fid := c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"T","severity":1,"effort":"xs"}`)
	for _, tt := range []struct{ path, body string }{
		{"/api/v1/stack/" + id, strings.Replace(jenkins, `"name":" Jenkins "`, `"version":1,"name":"Editor {n}"`, 1)},
		{"/api/v1/findings/" + fid, `{"version":1,"kind":"debt","title":"Editor {n}","severity":1,"effort":"xs"}`},
	} {
		statuses := make([]int, 2)
		var wg sync.WaitGroup
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = c.newClient().apiSend("PUT", tt.path, bearer, strings.Replace(tt.body, "{n}", strconv.Itoa(i), 1)).StatusCode
			}()
		}
		wg.Wait()
		if !(statuses[0] == 200 && statuses[1] == 409) && !(statuses[0] == 409 && statuses[1] == 200) {
			t.Errorf("%s: concurrent PUTs = %v, want one 200 and one 409", tt.path, statuses)
		}
		r := c.apiGet(tt.path, bearer)
		var v struct {
			Version int `json:"version"`
		}
		_ = json.Unmarshal([]byte(r.body), &v)
		if v.Version != 2 {
			t.Errorf("%s: version %d after the race, want 2", tt.path, v.Version)
		}
		// Stale again: still version 1 in the body.
		r = c.apiSend("PUT", tt.path, bearer, strings.Replace(tt.body, "{n}", "late", 1))
		var e apiErrJSON
		decodeJSON(t, r, &e)
		if r.StatusCode != http.StatusConflict || !strings.Contains(e.Error, "stale version") {
			t.Errorf("%s: a stale PUT = %d %+v, want 409 saying stale version", tt.path, r.StatusCode, e)
		}
	}
	if n := c.count(`SELECT count(*) FROM audit_events WHERE action IN ('stack_item.updated', 'finding.updated')`); n != 2 {
		t.Errorf("%d update entries in the audit log, want 2 (the winners)", n)
	}
}

// Another organization's token finds none of it and changes none of it,
// and cannot tie a finding to it.
func TestAPIStackTenancy(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Victim Org")
	bearer := "Bearer " + c.createToken(slug, "ci")
	id := c.apiCreate("/api/v1/stack", bearer, jenkins)
	fid := c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"T","severity":1,"effort":"xs","stack_item_id":`+id+`}`)

	o := c.newClient()
	otherSlug := o.signup("Eve Other", "eve@example.com", "Other Org")
	theirs := "Bearer " + o.createToken(otherSlug, "ci")
	o.apiGet("/api/v1/org", theirs) // the token's first use is audited: not part of what is compared
	before := c.dump("stack_items", "findings", "audit_events")
	item := strings.Replace(jenkins, `"name":" Jenkins "`, `"version":1,"name":"Hijacked"`, 1)
	for _, rq := range []struct{ method, path, body string }{
		{"GET", "/api/v1/stack/" + id, ""},
		{"PUT", "/api/v1/stack/" + id, item},
		{"DELETE", "/api/v1/stack/" + id, ""},
		{"GET", "/api/v1/findings/" + fid, ""},
		{"PUT", "/api/v1/findings/" + fid, `{"version":1,"kind":"debt","title":"Hijacked","severity":1,"effort":"xs"}`},
		{"DELETE", "/api/v1/findings/" + fid, ""},
		{"GET", "/api/v1/stack/x", ""},
		{"PUT", "/api/v1/findings/0", `{"version":1,"kind":"debt","title":"Hijacked","severity":1,"effort":"xs"}`},
	} {
		r := o.apiSend(rq.method, rq.path, theirs, rq.body)
		var e apiErrJSON
		decodeJSON(t, r, &e)
		if r.StatusCode != http.StatusNotFound || e.Error != "not found" {
			t.Errorf("%s %s with another organization's token = %d %+v, want 404 not found", rq.method, rq.path, r.StatusCode, e)
		}
	}
	// A finding of theirs on our item: refused beside the field, not saved.
	r := o.apiSend("POST", "/api/v1/findings", theirs, `{"kind":"debt","title":"Sneaky","severity":1,"effort":"xs","stack_item_id":`+id+`}`)
	var e apiErrJSON
	decodeJSON(t, r, &e)
	if r.StatusCode != http.StatusUnprocessableEntity || e.Fields["stack_item_id"] != "Unknown stack item." {
		t.Errorf("a finding on another organization's item = %d %+v, want 422 on stack_item_id", r.StatusCode, e)
	}
	// Their lists are empty.
	for _, path := range []string{"/api/v1/stack", "/api/v1/findings"} {
		if r := o.apiGet(path, theirs); r.StatusCode != http.StatusOK || strings.TrimSpace(r.body) != `{"items":[],"next":""}` {
			t.Errorf("GET %s as the other organization = %d %s, want an empty list", path, r.StatusCode, r.body)
		}
	}
	if after := c.dump("stack_items", "findings", "audit_events"); after != before {
		t.Errorf("another organization's requests changed the database:\n%s", dumpDiff(before, after))
	}
	if n := c.count(`SELECT count(*) FROM findings`); n != 1 {
		t.Errorf("%d findings stored, want only the victim's 1", n)
	}
}
