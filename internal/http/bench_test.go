package http_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"

	headway "github.com/headwayhq/headway/internal/http"
	"github.com/headwayhq/headway/internal/mail"
	"github.com/headwayhq/headway/internal/testdb"
)

// Benchmarks of whole requests through the real router and PostgreSQL over
// loopback HTTP: go test -run '^$' -bench . ./internal/http/

func benchServer(b *testing.B) (*httptest.Server, *http.Client, string) {
	b.Helper()
	ts, hc, loc, _ := benchServerDB(b)
	return ts, hc, loc
}

// benchServerDB is benchServer with its database, for seeding.
func benchServerDB(b *testing.B) (*httptest.Server, *http.Client, string, *testdb.DB) {
	b.Helper()
	cfg := headway.DefaultConfig()
	cfg.SecretKey = []byte("bench secret key, 32 bytes or more, not for production")
	db := testdb.New(b)
	srv := headway.New(cfg, db.Store(), &mail.Recorder{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ts := httptest.NewServer(srv)
	b.Cleanup(ts.Close)
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.PostForm(ts.URL+"/signup", url.Values{"name": {"Bench"}, "email": {"bench@example.com"},
		"password": {testPassword}, "org_name": {"Bench Org"}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		b.Fatalf("signup: %v %v", resp, err)
	}
	resp.Body.Close()
	return ts, hc, resp.Header.Get("Location"), db
}

func benchGET(b *testing.B, hc *http.Client, target string, header http.Header, want int) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodGet, target, nil)
			for k, v := range header {
				req.Header[k] = v
			}
			resp, err := hc.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != want {
				b.Errorf("GET %s: %d, want %d", target, resp.StatusCode, want)
				return
			}
		}
	})
}

// BenchmarkLanding is a page without database work beyond the session.
func BenchmarkLanding(b *testing.B) {
	ts, _, _ := benchServer(b)
	benchGET(b, ts.Client(), ts.URL+"/", nil, http.StatusOK)
}

// BenchmarkDashboard is a logged-in tenant page: session, user and
// memberships loaded, the tenant resolved, the page rendered.
func BenchmarkDashboard(b *testing.B) {
	ts, hc, loc := benchServer(b)
	benchGET(b, hc, ts.URL+loc, nil, http.StatusOK)
}

// BenchmarkAPIOrg is a bearer-token API call: token lookup by hash, then a
// tenant transaction.
func BenchmarkAPIOrg(b *testing.B) {
	ts, hc, loc := benchServer(b)
	slug := regexp.MustCompile(`^/o/([^/]+)/$`).FindStringSubmatch(loc)[1]
	resp, err := hc.PostForm(ts.URL+"/o/"+slug+"/settings/tokens", url.Values{"name": {"bench"}})
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	// The token is shown once, on the list the creation redirects to.
	if resp, err = hc.Get(ts.URL + "/o/" + slug + "/settings/tokens"); err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	token := regexp.MustCompile(`hw_[A-Za-z0-9_-]{43}`).FindString(string(body))
	if token == "" {
		b.Fatal("no token on the page")
	}
	benchGET(b, ts.Client(), ts.URL+"/api/v1/org", http.Header{"Authorization": {"Bearer " + token}}, http.StatusOK)
}

// BenchmarkStackPage is step 1's inventory of 500 items with 300 findings,
// sorted by cost: two round trips (the inventory and the open findings'
// counts), the facts computed, the table rendered.
func BenchmarkStackPage(b *testing.B) {
	ts, hc, loc, db := benchServerDB(b)
	su := db.Superuser(b)
	if _, err := su.Exec(context.Background(), `
		WITH o AS (SELECT id FROM organizations LIMIT 1),
		s AS (INSERT INTO stack_items (org_id, name, category, lifecycle, monthly_cost, cost_scaling, scalability, support_hours_per_month, owner)
			SELECT o.id, 'Tool ' || g, (ARRAY['ci_cd','cloud','data','security','iac'])[1 + g % 5],
				(ARRAY['adopt','trial','assess','hold','retire'])[1 + g % 5], g * 7.5, (ARRAY['flat','linear','superlinear'])[1 + g % 3],
				1 + g % 5, g % 11, 'Team ' || g % 9
			FROM o, generate_series(1, 500) g RETURNING org_id, id)
		INSERT INTO findings (org_id, kind, title, severity, effort, stack_item_id)
			SELECT s.org_id, (ARRAY['debt','opportunity'])[1 + s.id % 2], 'Finding ' || s.id, 1 + s.id % 4,
				(ARRAY['xs','s','m','l','xl'])[1 + s.id % 5], s.id
			FROM s WHERE s.id % 5 < 3`); err != nil {
		b.Fatal(err)
	}
	var items, findings int
	if err := su.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM stack_items), (SELECT count(*) FROM findings)`).Scan(&items, &findings); err != nil || items != 500 || findings != 300 {
		b.Fatalf("seeded %d items and %d findings (%v), want 500 and 300", items, findings, err)
	}
	benchGET(b, hc, ts.URL+loc+"stack?sort=cost", nil, http.StatusOK)
}
