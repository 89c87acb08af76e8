package http_test

import (
	"encoding/json"
	"maps"
	"strings"
	"testing"

	headway "github.com/headwayhq/headway/internal/http"
)

// apiErr is the API's error body.
type apiErr struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields"`
}

func (c *client) apiSend(method, path, auth, body string) *response {
	c.t.Helper()
	req := c.request(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	return c.do(req)
}

// The error table: every error the sink knows answers the same status on a
// page and on the API, the page in HTML with its heading, the API in JSON
// with "error" and "fields"; an unknown error is a 500 whose detail stays in
// the log, with the request id and route pattern.
func TestErrorSink(t *testing.T) {
	t.Parallel()
	c := newTestServer(t, headway.WithTestRoutes())
	slug := c.signup("Olivia Owner", "owner@example.com", "Sink Org")
	bearer := "Bearer " + c.createToken(slug, "ci")

	tests := []struct {
		name    string
		status  int
		heading string            // the error page's <h1>
		page    string            // text the page shows ("" to skip)
		api     string            // the API's "error"
		fields  map[string]string // the API's "fields"
	}{
		{"not-found", 404, "Page not found", "There is nothing here", "not found", nil},
		{"forbidden", 403, "Not allowed", "does not allow this", "forbidden", nil},
		{"conflict", 409, "Conflict", "conflicts with something", "conflict", nil},
		{"stale", 409, "Changed by someone else", "Someone else saved this", "stale version: someone else changed this since you read it; GET it again and send its current version", nil},
		{"last-owner", 409, "An owner is needed", "at least one owner", "the organization's last owner cannot be removed or demoted", nil},
		{"already-member", 409, "Already a member", "already a member", "already a member", nil},
		{"already-invited", 409, "Already invited", "pending invitation", "already invited", nil},
		{"invitation-used", 410, "Invitation used", "already been used", "invitation already used", nil},
		{"revoked", 410, "Invitation withdrawn", "withdrawn", "invitation revoked", nil},
		{"expired", 410, "Invitation expired", "has expired", "invitation expired", nil},
		{"reset-link", 410, "This reset link cannot be used", "expired or was already used", "link used or expired", nil},
		{"unauthenticated", 401, "Log in", "Log in", "invalid, revoked or expired token", nil},
		{"cross-origin", 403, "Request blocked", "another site", "cross-origin request refused", nil},
		{"rate-limited", 429, "Too many requests", "wait a minute", "too many requests: retry later", nil},
		{"method", 405, "Method not allowed", "does not accept", "method not allowed", nil},
		{"fields", 422, "Check your input", "need a correction", "invalid input: see fields", map[string]string{"name": "Name is required."}},
		{"body", 400, "Bad request", "could not be read", `unknown field "x"`, map[string]string{"x": `unknown field "x"`}},
		{"too-large", 413, "Too large", "larger than", "request body too large", nil},
		{"with-message", 404, "Page not found", "That widget is gone.", "That widget is gone.", nil},
		{"internal", 500, "Something went wrong", "It has been logged", "internal error", nil},
		{"internal-message", 500, "Something went wrong", "It has been logged", "internal error", nil},
	}
	if len(tests) != len(headway.TestErrors) {
		t.Fatalf("%d cases for %d test errors: a row of the table is untested", len(tests), len(headway.TestErrors))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := c.in(t)
			if _, ok := headway.TestErrors[tt.name]; !ok {
				t.Fatalf("no test error %q", tt.name)
			}
			page := c.get("/o/" + slug + "/test/error/" + tt.name)
			if page.StatusCode != tt.status || !strings.HasPrefix(page.Header.Get("Content-Type"), "text/html") {
				t.Fatalf("page: %d %s, want %d text/html", page.StatusCode, page.Header.Get("Content-Type"), tt.status)
			}
			if got := h1(t, page); got != tt.heading {
				t.Errorf("page heading %q, want %q", got, tt.heading)
			}
			if !strings.Contains(page.body, tt.page) {
				t.Errorf("page does not say %q:\n%s", tt.page, page.body)
			}

			api := c.apiGet("/api/v1/test/error/"+tt.name, bearer)
			if api.StatusCode != tt.status || !strings.HasPrefix(api.Header.Get("Content-Type"), "application/json") {
				t.Fatalf("api: %d %s, want %d application/json", api.StatusCode, api.Header.Get("Content-Type"), tt.status)
			}
			var e apiErr
			if err := json.Unmarshal([]byte(api.body), &e); err != nil {
				t.Fatalf("api body %q: %v", api.body, err)
			}
			want := tt.fields
			if want == nil {
				want = map[string]string{}
			}
			if e.Error != tt.api || e.Fields == nil || !maps.Equal(e.Fields, want) {
				t.Errorf("api = %+v, want error %q fields %v", e, tt.api, want)
			}
			for _, secret := range []string{"secret detail", "never shown", "pq:"} {
				if strings.Contains(page.body, secret) || strings.Contains(api.body, secret) {
					t.Errorf("an internal detail (%q) reached the response", secret)
				}
			}
			switch tt.status {
			case 405:
				if page.Header.Get("Allow") == "" || api.Header.Get("Allow") == "" {
					t.Error("a 405 without Allow")
				}
			case 429:
				if page.Header.Get("Retry-After") == "" || api.Header.Get("Retry-After") == "" {
					t.Error("a 429 without Retry-After")
				}
			}
		})
	}
	// Only the unknown errors are logged, with what finds the request again.
	logs := c.log.String()
	if n := strings.Count(logs, `msg="internal error"`); n != 4 {
		t.Errorf("%d internal errors logged, want 4 (2 errors × page and API):\n%s", n, logs)
	}
	for _, want := range []string{"secret detail that must stay in the log", "route=/o/{slug}/test/error/{name}", "route=/api/v1/test/error/{name}", "request_id="} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log lacks %q", want)
		}
	}
}

// The same mistake gets the same message from a form and from the API,
// because both validate with the domain's Validate.
func TestSameMessageOnPageAndAPI(t *testing.T) {
	t.Parallel()
	c := newTestServer(t, headway.WithTestRoutes())
	slug := c.signup("Olivia Owner", "owner@example.com", "Twins Org")
	c.addMember(slug, "Max Member", "max@example.com", "member")
	bearer := "Bearer " + c.createToken(slug, "ci")
	long := strings.Repeat("é", 101)

	tests := []struct {
		name, role, jobRole, field, msg string
	}{
		{"job role of 101 characters", "member", long, "job_role", "Job role must be at most 100 characters."},
		{"unknown role", "superuser", "", "role", "Unknown role: choose owner, admin or member."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := c.in(t)
			// The API twin.
			body, _ := json.Marshal(map[string]string{"role": tt.role, "job_role": tt.jobRole})
			r := c.apiSend("POST", "/api/v1/test/membership", bearer, string(body))
			var e apiErr
			if err := json.Unmarshal([]byte(r.body), &e); err != nil || r.StatusCode != 422 {
				t.Fatalf("api: %d %q (%v), want 422", r.StatusCode, r.body, err)
			}
			if e.Fields[tt.field] != tt.msg {
				t.Errorf("api fields = %v, want %s: %q", e.Fields, tt.field, tt.msg)
			}
			// The page twin, and the real team page.
			if r := c.post("/o/"+slug+"/test/form", form("role", tt.role, "job_role", tt.jobRole)); r.StatusCode != 422 {
				t.Errorf("form twin: %d, want 422", r.StatusCode)
			}
			r = c.post("/o/"+slug+"/team/members/"+c.uid("max@example.com"), form("role", tt.role, "job_role", tt.jobRole))
			if r.StatusCode != 422 || flashText(t, r) != tt.msg {
				t.Errorf("team page: %d %q, want 422 %q", r.StatusCode, flashText(t, r), tt.msg)
			}
		})
	}
	// The invitation form shows the job role's message beside its field.
	r := c.post("/o/"+slug+"/team/invitations", form("email", "ann@example.com", "role", "member", "job_role", long))
	if r.StatusCode != 422 || !strings.Contains(text(byID(r.doc(t), "f-job_role-error")), "Job role must be at most 100 characters.") {
		t.Errorf("invite form: %d, no job-role message beside the field", r.StatusCode)
	}
}
