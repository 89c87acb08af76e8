package http_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	headway "github.com/headwayhq/headway/internal/http"
	"github.com/headwayhq/headway/internal/mail"
	"github.com/headwayhq/headway/internal/testdb"
)

// samplePages are every page of the sample organization a visitor reads:
// each must render, say it is a sample, and show no empty state.
var samplePages = []string{
	"", "stack", "stack/findings", "stack/considerations", "stack/radar", "skills", "kpis", "infrastructure",
	"maturity", "roadmap", "roadmap/stakeholders", "roadmap/baselines",
}

const sampleBannerText = "Sample organization — fictional data"

// createSample explores the sample from the empty dashboard of home and
// returns the sample's slug.
func createSample(t *testing.T, c *client, home string) string {
	t.Helper()
	if d := c.get("/o/" + home + "/"); !strings.Contains(d.body, `action="/orgs/sample"`) {
		t.Fatalf("the empty dashboard does not offer the sample:\n%s", d.body)
	}
	r := c.post("/orgs/sample", nil)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /orgs/sample: %d, want 303\n%s", r.StatusCode, r.body)
	}
	slug, ok := strings.CutPrefix(r.location(), "/o/")
	if !ok || slug == home+"/" {
		t.Fatalf("POST /orgs/sample: Location %q", r.location())
	}
	return strings.TrimSuffix(slug, "/")
}

func TestSampleOrganization(t *testing.T) {
	c := newTestServer(t)
	home := c.signup("Sam Sampler", "sam@example.com", "Sam Co")
	before := c.rowCounts()
	slug := createSample(t, c, home)
	base := "/o/" + slug + "/"

	for _, p := range samplePages {
		r := c.get(base + p)
		if r.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", p, r.StatusCode)
			continue
		}
		doc := r.doc(t)
		if !strings.Contains(text(doc), sampleBannerText) {
			t.Errorf("%s: no sample banner", p)
		}
		if es := findAll(doc, func(n *html.Node) bool { return hasClass(n, "empty-state") }); len(es) > 0 {
			t.Errorf("%s: %d empty states: %q", p, len(es), text(es[0]))
		}
		if strings.Contains(r.body, `action="/orgs/sample"`) {
			t.Errorf("%s: the sample offers another sample", p)
		}
	}
	// Its exports render too, each with content beyond an empty plan, and
	// say whose they are.
	for _, ext := range []string{"xlsx", "pdf", "csv", "md"} {
		r := c.get(base + "roadmap." + ext)
		if r.StatusCode != http.StatusOK || len(r.body) < 2000 {
			t.Errorf("roadmap.%s: status %d, %d bytes", ext, r.StatusCode, len(r.body))
		}
		if (ext == "csv" || ext == "md") && !strings.Contains(r.body, "Splunk") && !strings.Contains(r.body, "Jenkins") && strings.Count(r.body, "\n") < 10 {
			t.Errorf("roadmap.%s has few initiatives:\n%.400s", ext, r.body)
		}
	}
	// The team lists the placeholders with their job roles (no invitation
	// is pending: that section alone may be empty).
	if team := text(c.get(base + "team").doc(t)); !strings.Contains(team, sampleBannerText) || !strings.Contains(team, "Amara Okafor") {
		t.Errorf("team: no banner or no placeholder member")
	}
	// The roadmap shows the decisions already taken, with their owners.
	road := text(c.get(base + "roadmap").doc(t))
	for _, want := range []string{"In progress", "Accepted", "Mei Lin", "Cut Datadog log volume"} {
		if !strings.Contains(road, want) {
			t.Errorf("roadmap: no %q", want)
		}
	}

	// A share link of the sample says so too.
	if share := c.get("/share/" + c.createShare(slug, "Board", "30")); !strings.Contains(text(share.doc(t)), "Sample organization — fictional data.") {
		t.Error("the sample's share page does not say it is a sample")
	}

	// A second request opens the same sample.
	if r := c.post("/orgs/sample", nil); r.location() != base {
		t.Errorf("second POST /orgs/sample: Location %q, want %q", r.location(), base)
	}
	if n := c.count(`SELECT count(*) FROM organizations WHERE is_sample`); n != 1 {
		t.Errorf("%d sample organizations, want 1", n)
	}
	if n := c.count(`SELECT count(*) FROM users WHERE sample_org_id IS NOT NULL AND email LIKE 'sample-%@sample.invalid'`); n != 12 {
		t.Errorf("%d placeholder members, want 12", n)
	}

	// Delete: a confirmation page, then everything is gone.
	confirm := c.get(base + "sample/delete")
	if confirm.StatusCode != http.StatusOK || !strings.Contains(confirm.body, "12 placeholder members") {
		t.Fatalf("delete confirmation: %d\n%s", confirm.StatusCode, confirm.body)
	}
	if r := c.post(base+"sample/delete", nil); r.StatusCode != http.StatusSeeOther || r.location() != "/orgs" {
		t.Fatalf("delete: %d %q", r.StatusCode, r.location())
	}
	after := c.rowCounts()
	for tbl, n := range after {
		want := before[tbl]
		if tbl == "user_events" {
			want++ // the owner's own log keeps the deletion
		}
		if n != want {
			t.Errorf("%s: %d rows after deleting the sample, %d before it", tbl, n, want)
		}
	}
	if c.get(base).StatusCode != http.StatusNotFound {
		t.Error("the deleted sample still opens")
	}
}

// The sample of one user is invisible to every other: its pages are 404,
// it is not among their organizations, and their own request makes their
// own sample. Its placeholder members cannot log in and are never emailed
// (a reset asked for one of them sends nothing).
func TestSampleIsOwnersOnly(t *testing.T) {
	c := newTestServer(t)
	home := c.signup("Sam Sampler", "sam@example.com", "Sam Co")
	slug := createSample(t, c, home)
	if n := c.count(`SELECT count(*) FROM audit_events a JOIN organizations o ON o.id = a.org_id
		WHERE o.slug = $1 AND a.action = 'org.created' AND a.target LIKE 'sample organization % (fixture version 1)'`, slug); n != 1 {
		t.Errorf("%d audit entries of the sample's creation, want 1", n)
	}

	other := c.newClient()
	otherHome := other.signup("Olga Other", "olga@example.com", "Olga Co")
	for _, p := range append(samplePages, "sample/delete", "team") {
		if r := other.get("/o/" + slug + "/" + p); r.StatusCode != http.StatusNotFound {
			t.Errorf("another user's GET %s = %d, want 404", p, r.StatusCode)
		}
	}
	if r := other.post("/o/"+slug+"/sample/delete", nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("another user deletes the sample: %d, want 404", r.StatusCode)
	}
	if list := other.get("/orgs").body; strings.Contains(list, slug) || strings.Contains(list, "Northwind") {
		t.Error("another user's organization list shows the sample")
	}
	theirs := createSample(t, other, otherHome)
	if theirs == slug {
		t.Fatal("another user opened the first user's sample")
	}
	if n := c.count(`SELECT count(*) FROM organizations WHERE is_sample`); n != 2 {
		t.Errorf("%d samples, want one each", n)
	}
	// A real organization has no sample deletion.
	if r := c.get("/o/" + home + "/sample/delete"); r.StatusCode != http.StatusNotFound {
		t.Errorf("sample/delete of a real organization = %d, want 404", r.StatusCode)
	}

	var email string
	if err := c.su.QueryRow(t.Context(), `SELECT u.email FROM users u JOIN organizations o ON o.id = u.sample_org_id
		WHERE o.slug = $1 LIMIT 1`, slug).Scan(&email); err != nil {
		t.Fatal(err)
	}
	visitor := c.newClient()
	if r := visitor.login(email, testPassword, ""); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a placeholder's login = %d, want 422", r.StatusCode)
	}
	if r := visitor.post("/password/forgot", form("email", email)); r.StatusCode != http.StatusOK {
		t.Errorf("reset for a placeholder = %d", r.StatusCode)
	}
	if msgs := c.emailsTo(email); len(msgs) != 0 {
		t.Errorf("%d emails to a placeholder, want none", len(msgs))
	}
}

// BenchmarkLoadSample is POST /orgs/sample through the real router and
// PostgreSQL: the fixture loaded in one transaction, its baseline derived,
// the redirect (issue 16: under a second on this machine). Each iteration
// is a new user's first sample (one each, and ten organizations an hour).
func BenchmarkLoadSample(b *testing.B) {
	cfg := headway.DefaultConfig()
	cfg.SecretKey = []byte("bench secret key, 32 bytes or more, not for production")
	cfg.SignupLimitPerIP = 1 << 20
	db := testdb.New(b)
	srv := headway.New(cfg, db.Store(), &mail.Recorder{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ts := httptest.NewServer(srv)
	b.Cleanup(ts.Close)
	var i int
	for b.Loop() {
		b.StopTimer()
		i++
		jar, _ := cookiejar.New(nil)
		hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := hc.PostForm(ts.URL+"/signup", url.Values{"name": {"Bench"}, "email": {fmt.Sprintf("bench%d@example.com", i)},
			"password": {testPassword}, "org_name": {"Bench Org"}})
		if err != nil || resp.StatusCode != http.StatusSeeOther {
			b.Fatalf("signup: %v %v", resp, err)
		}
		resp.Body.Close()
		b.StartTimer()
		resp, err = hc.PostForm(ts.URL+"/orgs/sample", nil)
		if err != nil || resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/o/northwind-cloud-sample") {
			b.Fatalf("POST /orgs/sample: %v %v", resp, err)
		}
		resp.Body.Close()
	}
}
