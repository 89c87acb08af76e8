package http_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestHealthAndReadiness(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	if r := c.get("/healthz"); r.StatusCode != http.StatusOK {
		t.Errorf("/healthz = %d, want 200", r.StatusCode)
	}
	if r := c.get("/readyz"); r.StatusCode != http.StatusOK {
		t.Fatalf("/readyz = %d, want 200", r.StatusCode)
	}
	c.srv.Drain()
	if r := c.get("/readyz"); r.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz while draining = %d, want 503", r.StatusCode)
	}
	// Draining only stops new traffic: the process is alive and serving.
	if r := c.get("/healthz"); r.StatusCode != http.StatusOK {
		t.Errorf("/healthz while draining = %d, want 200", r.StatusCode)
	}
	if r := c.get("/"); r.StatusCode != http.StatusOK {
		t.Errorf("landing while draining = %d, want 200", r.StatusCode)
	}
}

// Metrics are labelled by route pattern: no tenant, no raw path.
func TestMetricsUseRoutePatterns(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Ada", "ada@example.com", "Quokka Unlimited")
	c.get("/o/" + slug + "/stack")
	c.get("/o/" + slug + "/")
	c.newClient().get("/o/" + slug + "/kpis") // anonymous: 303
	c.get("/no-such-page-zebra")
	c.get("/static/app.css")

	r := c.get("/metrics")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("/metrics = %d", r.StatusCode)
	}
	for _, want := range []string{
		// signup opened the dashboard once already
		`headway_http_requests_total{code="200",method="GET",route="/o/{slug}/"} 2`,
		`headway_http_requests_total{code="200",method="GET",route="/o/{slug}/stack"} 1`,
		// the visitor was sent to log in before routing reached /kpis
		`headway_http_requests_total{code="303",method="GET",route="/o/{slug}/*"} 1`,
		`headway_http_requests_total{code="303",method="POST",route="/signup"} 1`,
		`headway_http_requests_total{code="404",method="GET",route="unmatched"} 1`,
		`headway_http_request_duration_seconds_count{method="GET",route="/o/{slug}/"} 2`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	for _, leak := range []string{slug, "quokka", "zebra", "ada@example.com"} {
		if strings.Contains(strings.ToLower(r.body), leak) {
			t.Errorf("metrics mention %q", leak)
		}
	}
	// Every route label is a pattern of the router, the mount pattern of a
	// group whose middleware answered ("/o/{slug}/*"), or "unmatched".
	known := map[string]bool{"unmatched": true}
	for _, w := range walkRoutes(t, c) {
		known[w.pattern] = true
		if i := strings.Index(w.pattern, "{slug}/"); i > 0 {
			known[w.pattern[:i+len("{slug}/")]+"*"] = true
		}
	}
	for _, m := range regexp.MustCompile(`route="([^"]*)"`).FindAllStringSubmatch(r.body, -1) {
		if !known[m[1]] {
			t.Errorf("metric route label %q is not a route pattern", m[1])
		}
	}
}

// Secrets never reach the log: not the password of a signup or a failed
// login, not the session token.
func TestLogsHoldNoSecrets(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	const signupPassword = "signup-secret-pw-4711"
	const failedPassword = "failed-secret-pw-0815"
	r := c.post("/signup", form("name", "Ada", "email", "ada@example.com", "password", signupPassword, "org_name", "Acme"))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("signup = %d", r.StatusCode)
	}
	token := c.session()
	c.follow(r)
	v := c.newClient()
	if r := v.login("ada@example.com", failedPassword, "/o/acme/?secret=next-query-0042"); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("failed login = %d", r.StatusCode)
	}
	c.get("/o/acme/?q=query-secret-0099")

	logs := c.log.String()
	if !strings.Contains(logs, "route=/signup") || !strings.Contains(logs, "route=/login") {
		t.Fatalf("the log has no request lines; is the logger wired?\n%s", logs)
	}
	for _, secret := range []string{signupPassword, failedPassword, token, "next-query-0042", "query-secret-0099"} {
		if secret == "" {
			t.Fatal("empty secret: the test would prove nothing")
		}
		if strings.Contains(logs, secret) {
			t.Errorf("log contains %q", secret)
		}
	}
}

func TestNotFoundPage(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	anon := c.newClient()
	c.signup("Ada", "ada@example.com", "Acme")
	for _, path := range []string{"/no-such-page", "/o/", "/o/missing/", "/o/missing/stack", "/orgs/missing", "/o/acme/no-such-section"} {
		r := c.get(path)
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, r.StatusCode)
			continue
		}
		if got := h1(t, r); got != "Page not found" {
			t.Errorf("GET %s heading %q, want Page not found", path, got)
		}
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("GET %s Content-Type %q", path, ct)
		}
	}
	if r := anon.get("/no-such-page"); r.StatusCode != http.StatusNotFound || h1(t, r) != "Page not found" {
		t.Errorf("anonymous GET /no-such-page = %d %q", r.StatusCode, h1(t, r))
	}
}

func TestStaticFiles(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	tests := []struct {
		path        string
		status      int
		contentType string
	}{
		{"/static/app.css", 200, "text/css; charset=utf-8"},
		{"/static/pico.min.css", 200, "text/css; charset=utf-8"},
		{"/static/favicon.svg", 200, "image/svg+xml"},
		{"/static/", 404, ""},
		{"/static/nope.css", 404, ""},
		{"/static/../go.mod", 404, ""},
		{"/static/%2e%2e/go.mod", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := c.in(t).get(tt.path)
			if r.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", r.StatusCode, tt.status)
			}
			if tt.status != 200 {
				if strings.Contains(r.body, "app.css") {
					t.Error("lists the directory")
				}
				return
			}
			if got := r.Header.Get("Content-Type"); got != tt.contentType {
				t.Errorf("Content-Type %q, want %q", got, tt.contentType)
			}
			if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=") || strings.Contains(cc, "no-store") {
				t.Errorf("Cache-Control %q, want a max-age", cc)
			}
			if len(r.body) == 0 {
				t.Error("empty file")
			}
		})
	}
	// A write method on a file is refused.
	if r := c.send(http.MethodDelete, "/static/app.css", nil); r.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("DELETE /static/app.css = %d, want 405", r.StatusCode)
	}
}

// Made-up methods share one metrics label instead of growing the series.
func TestMetricsMethodLabelIsBounded(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	for _, m := range []string{"FOOBAR", "M123", "PROPFIND"} {
		c.send(m, "/", nil)
	}
	body := c.get("/metrics").body
	if strings.Contains(body, "FOOBAR") || strings.Contains(body, "PROPFIND") {
		t.Error("/metrics has a label for a made-up method")
	}
	if !strings.Contains(body, `method="OTHER"`) {
		t.Error(`/metrics has no method="OTHER" series`)
	}
}
