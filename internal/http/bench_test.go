package http_test

import (
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
	return ts, hc, resp.Header.Get("Location")
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
