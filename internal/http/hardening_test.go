package http_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	headway "github.com/headwayhq/headway/internal/http"
)

// A path that is not a valid escape, not UTF-8 or names no file is a 400 or
// a 404, never a 500, and the page is the site's own error page.
func TestStaticBadPaths(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	for _, path := range []string{"/static/%ff", "/static/%ff.css", "/static/a%80b", "/static/%c0%af", "/static/%00",
		"/static/%2e%2e%2fgo.mod", "/static/%5c..%5cgo.mod", "/static/app.css%00", "/static/%e2%80%ae.css", "/static/%"} {
		req := c.request(http.MethodGet, "/", nil)
		req.URL.Opaque = path // sent as written, not re-escaped by the client
		r := c.do(req)
		if r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s = %d, want 400 or 404", path, r.StatusCode)
		}
		if strings.Contains(r.body, "app.css") && !strings.Contains(r.body, "<html") {
			t.Errorf("GET %s lists the directory", path)
		}
	}
}

// Single-line fields refuse C1 controls, bidi overrides and isolates, and
// line breaks, beside the field, on every form that saves text; nothing is
// saved.
func TestSingleLineFieldsRefuseInvisibleCharacters(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Acme")
	c.addMember(slug, "Mia Member", "mia@example.com", "member")
	userID := strconv.Itoa(c.count(`SELECT id FROM users WHERE email = 'mia@example.com'`))
	bads := map[string]string{
		"C1 NEL": "a\u0085b", "C1 CSI": "a\u009bb", "C1 first": "a\u0080b",
		"LRE": "a\u202ab", "RLO": "admin\u202egpj.exe", "PDF": "a\u202cb",
		"LRI": "a\u2066b", "PDI": "a\u2069b",
		"CRLF": "a\r\nb", "LF": "a\nb", "CR": "a\rb", "line separator": "a\u2028b",
	}
	for name, bad := range bads {
		for _, tc := range []struct {
			path, field string
			form        url.Values
		}{
			{"/signup", "name", form("name", bad, "email", "new@example.com", "password", testPassword, "org_name", "New Org")},
			{"/signup", "org_name", form("name", "New", "email", "new@example.com", "password", testPassword, "org_name", bad)},
			{"/orgs", "name", form("name", bad)},
			{"/o/" + slug + "/settings", "name", form("name", bad)},
			{"/o/" + slug + "/settings/tokens", "name", form("name", bad)},
			{"/o/" + slug + "/team/invitations", "job_role", form("email", "x@example.com", "role", "member", "job_role", bad)},
			// The member row shows its message at the top of the team page.
			{"/o/" + slug + "/team/members/" + userID, "", form("role", "member", "job_role", bad)},
		} {
			before := c.rowCounts()
			r := c.post(tc.path, tc.form)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: POST %s with %q: %d, want 422", name, tc.path, bad, r.StatusCode)
				continue
			}
			if tc.field == "" {
				if !strings.Contains(r.body, "not allowed") {
					t.Errorf("%s: POST %s: no message about the characters", name, tc.path)
				}
			} else if msg := text(byID(r.doc(t), "f-"+tc.field+"-error")); !strings.Contains(msg, "not allowed") {
				t.Errorf("%s: POST %s: message beside %s = %q", name, tc.path, tc.field, msg)
			}
			if !before.equal(c.rowCounts()) {
				t.Errorf("%s: POST %s saved something", name, tc.path)
			}
		}
	}
	// The right-to-left marks and ordinary non-Latin text stay allowed.
	for _, ok := range []string{"שלום עולם", "Zoë \u200fO'Brien", "Ålborg\u00a0AS"} {
		if r := c.post("/o/"+slug+"/settings", form("name", ok)); r.StatusCode != http.StatusSeeOther {
			t.Errorf("organization name %q: %d, want 303", ok, r.StatusCode)
		}
	}
}

// A session store failure is answered by the error page (not scs's bare
// text) and logged once, structured, with the request id; the handler's own
// response does not follow the page when the failure is in saving.
func TestSessionStoreFailure(t *testing.T) {
	t.Parallel()
	sw := &headway.FailingSessions{}
	c := newTestServer(t, headway.WithFailingSessions(sw))
	slug := c.signup("Olivia Owner", "owner@example.com", "Acme")
	for _, tc := range []struct {
		name string
		fail *atomic.Bool
	}{{"load", &sw.Find}, {"save", &sw.Commit}} {
		tc.fail.Store(true)
		req := c.request(http.MethodGet, "/o/"+slug+"/", nil)
		id := "test-session-" + tc.name // chi's RequestID takes the caller's
		req.Header.Set("X-Request-Id", id)
		r := c.do(req)
		tc.fail.Store(false)
		if r.StatusCode != http.StatusInternalServerError || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s failure: %d %q, want 500 text/html", tc.name, r.StatusCode, r.Header.Get("Content-Type"))
		}
		if h := h1(t, r); h != "Something went wrong" || strings.Count(strings.ToLower(r.body), "<!doctype") != 1 ||
			strings.Contains(r.body, "unreachable") || strings.Contains(r.body, "Acme") {
			t.Errorf("%s failure: want the error page alone, without the detail or the dashboard; h1 %q\n%s", tc.name, h, r.body)
		}
		var line string
		for _, l := range strings.Split(c.log.String(), "\n") {
			if strings.Contains(l, "session store unreachable (test)") {
				line = l
			}
		}
		if !strings.Contains(line, "level=ERROR") || !strings.Contains(line, `msg="internal error"`) ||
			!strings.Contains(line, "request_id="+id) || !strings.Contains(line, "route=") {
			t.Errorf("%s failure: log line %q, want a structured error with the request id", tc.name, line)
		}
	}
	// The session itself survived and works again.
	if r := c.get("/o/" + slug + "/"); r.StatusCode != http.StatusOK {
		t.Errorf("after the store recovered: %d, want 200", r.StatusCode)
	}
}
