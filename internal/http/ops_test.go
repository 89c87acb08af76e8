package http_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	headway "github.com/headwayhq/headway/internal/http"
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

// metricsOf scrapes the server's metrics handler, which cmd/server serves
// on its own listener (METRICS_ADDR), not on the public router.
func metricsOf(c *client) *response {
	c.t.Helper()
	rec := httptest.NewRecorder()
	c.srv.MetricsHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	return &response{Response: rec.Result(), body: rec.Body.String()}
}

// fakeDB is a database process in a given state.
type fakeDB struct{ ready, gone atomic.Pointer[error] }

func (f *fakeDB) Ready() error { return load(&f.ready) }
func (f *fakeDB) Err() error   { return load(&f.gone) }

func load(p *atomic.Pointer[error]) error {
	if e := p.Load(); e != nil {
		return *e
	}
	return nil
}

// /readyz follows the database process the server owns: 503 while it is
// down (restarting), though the pool's open connections may still answer;
// /healthz fails only once it is gone for good.
func TestHealthFollowsTheDatabaseProcess(t *testing.T) {
	t.Parallel()
	db := &fakeDB{}
	c := newTestServer(t, func(cfg *headway.Config) { cfg.DBProcess = db })
	check := func(state string, ready, healthy int) {
		t.Helper()
		if r := c.get("/readyz"); r.StatusCode != ready {
			t.Errorf("%s: /readyz = %d, want %d", state, r.StatusCode, ready)
		}
		if r := c.get("/healthz"); r.StatusCode != healthy {
			t.Errorf("%s: /healthz = %d, want %d", state, r.StatusCode, healthy)
		}
	}
	check("up", 200, 200)
	down := errors.New("restarting")
	db.ready.Store(&down)
	check("restarting", 503, 200)
	db.ready.Store(nil)
	check("restarted", 200, 200)
	gone := errors.New("gave up")
	db.ready.Store(&gone)
	db.gone.Store(&gone)
	check("gone", 503, 503)
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

	r := metricsOf(c)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("/metrics = %d", r.StatusCode)
	}
	// After the scrape: this 404 would count among the unmatched.
	if r := c.get("/metrics"); r.StatusCode != http.StatusNotFound {
		t.Errorf("public /metrics = %d, want 404 (metrics have their own listener)", r.StatusCode)
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
				// (The styled 404 page links app.css itself; a listing names it
				// as a link's text.)
				if strings.Contains(r.body, ">app.css<") {
					t.Error("lists the directory")
				}
				if h1(t, r) != "Page not found" {
					t.Errorf("a missing file gets %q, want the styled 404 page", h1(t, r))
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
	body := metricsOf(c).body
	if strings.Contains(body, "FOOBAR") || strings.Contains(body, "PROPFIND") {
		t.Error("/metrics has a label for a made-up method")
	}
	if !strings.Contains(body, `method="OTHER"`) {
		t.Error(`/metrics has no method="OTHER" series`)
	}
}

// Request and error logs name routes, never the paths that carry secrets
// (invitation and reset tokens) or tenants (/o/<slug>), also when a request
// fails with a 500: the error sink logs as much as the request line.
func TestLogsHoldNoTokenPaths(t *testing.T) {
	t.Parallel()
	own := newTestServer(t)
	slug := own.signup("Olivia Owner", "owner@example.com", "Quiet Tenant Co")
	invitation := own.invite(slug, "invitee@example.com", "member").path(t)
	reset := own.newClient().requestReset("owner@example.com", 1)
	unknownInvitation := "/invitations/" + strings.Repeat("U", 43)
	unknownReset := "/password/reset/" + strings.Repeat("R", 43)
	anon := own.newClient()
	requests := []struct {
		c      *client
		method string
		path   string
		form   url.Values
		normal int // the status before the tables break
	}{
		{anon, http.MethodGet, invitation, nil, http.StatusOK},
		{anon, http.MethodGet, unknownInvitation, nil, http.StatusNotFound},
		{anon, http.MethodGet, reset, nil, http.StatusOK},
		{anon, http.MethodGet, unknownReset, nil, http.StatusGone},
		// A short password: refused, so the link and the sessions survive.
		{anon, http.MethodPost, reset, form("password", "short"), http.StatusUnprocessableEntity},
		{own, http.MethodGet, "/o/" + slug + "/", nil, http.StatusOK},
		{own, http.MethodGet, "/o/" + slug + "/team", nil, http.StatusOK},
		{own, http.MethodGet, "/o/" + slug + "/no-such-page", nil, http.StatusNotFound},
	}
	visit := func(broken bool) {
		t.Helper()
		for _, rq := range requests {
			want := rq.normal
			if broken {
				want = http.StatusInternalServerError
			}
			if r := rq.c.send(rq.method, rq.path, rq.form); r.StatusCode != want {
				t.Errorf("%s %s = %d, want %d", rq.method, rq.path, r.StatusCode, want)
			}
		}
	}
	visit(false)
	// Break the tables these requests read, so that each ends in the error
	// sink with a database error.
	for _, tbl := range []string{"invitations", "password_resets", "memberships"} {
		if _, err := own.su.Exec(context.Background(), `ALTER TABLE `+tbl+` RENAME TO `+tbl+`_gone`); err != nil {
			t.Fatal(err)
		}
	}
	visit(true)

	logs := own.log.String()
	if n := strings.Count(logs, `msg="internal error"`); n != len(requests) {
		t.Fatalf("%d internal errors logged, want one per failed request (%d): is the error path logged?\n%s", n, len(requests), logs)
	}
	for _, want := range []string{"route=/invitations/{token}", "route=/password/reset/{token}", "route=/o/{slug}/"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log never names %s", want)
		}
	}
	secrets := []string{slug, "/o/" + slug, invitation, reset, unknownInvitation, unknownReset}
	for _, p := range []string{invitation, reset, unknownInvitation, unknownReset} {
		secrets = append(secrets, p[strings.LastIndex(p, "/")+1:]) // the token alone
	}
	for _, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("the log contains %q", s)
		}
	}
}

// Pages link assets by content hash: such a request is cached for a year,
// and every asset revalidates by ETag.
func TestVersionedAssets(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	var css string
	for _, l := range byTag(c.get("/").doc(t), "link") {
		if h := attr(l, "href"); strings.HasPrefix(h, "/static/app.css?v=") {
			css = h
		}
	}
	if css == "" {
		t.Fatal("the page does not link a versioned app.css")
	}
	r := c.get(css)
	if r.StatusCode != 200 || !strings.Contains(r.Header.Get("Cache-Control"), "immutable") || r.Header.Get("ETag") == "" {
		t.Fatalf("versioned asset: %d %q ETag %q", r.StatusCode, r.Header.Get("Cache-Control"), r.Header.Get("ETag"))
	}
	if plain := c.get("/static/app.css"); strings.Contains(plain.Header.Get("Cache-Control"), "immutable") {
		t.Error("an unversioned request is cached as immutable")
	}
	req := c.request(http.MethodGet, "/static/app.css", nil)
	req.Header.Set("If-None-Match", r.Header.Get("ETag"))
	if again := c.do(req); again.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation with the ETag = %d, want 304", again.StatusCode)
	}
}
