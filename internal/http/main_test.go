package http_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"
	"github.com/jackc/pgx/v5"
	"golang.org/x/net/html"

	headway "github.com/headwayhq/headway/internal/http"
	"github.com/headwayhq/headway/internal/mail"
	"github.com/headwayhq/headway/internal/mail/mailtest"
	"github.com/headwayhq/headway/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// sessionCookie is the name of the session cookie the server sets.
const sessionCookie = "headway_session"

// testPassword is the password of every account the helpers create.
const testPassword = "correct horse battery"

// app is one real server (real router, real PostgreSQL) under test.
type app struct {
	db   *testdb.DB
	srv  *headway.Server
	ts   *httptest.Server
	log  *syncBuffer
	su   *pgx.Conn      // superuser connection, for counting and setting up rows
	mail *mail.Recorder // every email the server sent
	cfg  headway.Config // the configuration it was built with
	// trips is the number of database round trips of the last request.
	trips func() int64
}

// client is a browser stand-in: its own cookie jar, and redirects are not
// followed, so tests can assert 303 and Location. Its helpers fail t.
type client struct {
	*app
	t   testing.TB
	jar *cookiejar.Jar
	hc  *http.Client
}

// newTestServer starts a server over a fresh database and returns a first
// visitor. Limits are high so that only throttling tests meet them; opts
// change the configuration before the server is built. Emails are recorded
// in the app's mail.Recorder.
func newTestServer(t *testing.T, opts ...func(*headway.Config)) *client {
	t.Helper()
	return startApp(t, nil, opts...)
}

// newSMTPTestServer is newTestServer with real email: the server's mailer is
// package mail's SMTP mailer, delivering to an in-process SMTP server, which
// is returned to read the messages. The app's recorder stays empty.
func newSMTPTestServer(t *testing.T, opts ...func(*headway.Config)) (*client, *mailtest.Server) {
	t.Helper()
	smtpd := mailtest.NewServer(t)
	return startApp(t, func(log *slog.Logger) mail.Mailer {
		m, err := mail.New(smtpd.URL(), "", log)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}, opts...), smtpd
}

// startApp builds the server; mailer, when not nil, replaces the recorder.
func startApp(t *testing.T, mailer func(*slog.Logger) mail.Mailer, opts ...func(*headway.Config)) *client {
	t.Helper()
	cfg := headway.DefaultConfig()
	cfg.LoginLimitPerIP = 1000
	cfg.LoginLimitPerAccount = 1000
	cfg.LoginLimitPerPair = 1000
	cfg.SignupLimitPerIP = 1000
	cfg.SecretKey = []byte("test secret key, 32 bytes or more, never used in production")
	for _, o := range opts {
		o(&cfg)
	}
	db := testdb.New(t)
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	box := &mail.Recorder{}
	var m mail.Mailer = box
	if mailer != nil {
		m = mailer(log)
	}
	srv := headway.New(cfg, db.Store(), m, log)
	counted, trips := testdb.RoundTrips(srv)
	ts := httptest.NewServer(counted)
	t.Cleanup(ts.Close)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	a := &app{db: db, srv: srv, ts: ts, log: logs, su: db.Superuser(t), mail: box, cfg: cfg, trips: trips}
	return a.newClient(t)
}

// restart starts another server over the same database, with the first
// one's configuration changed by opts (another SECRET_KEY, say), and returns
// a visitor of it. The first server keeps running.
func (c *client) restart(opts ...func(*headway.Config)) *client {
	c.t.Helper()
	cfg := c.cfg
	for _, o := range opts {
		o(&cfg)
	}
	logs := &syncBuffer{}
	box := &mail.Recorder{}
	srv := headway.New(cfg, c.db.Store(), box, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	ts := httptest.NewServer(srv)
	c.t.Cleanup(ts.Close)
	a := &app{db: c.db, srv: srv, ts: ts, log: logs, su: c.su, mail: box, cfg: cfg}
	return a.newClient(c.t)
}

func (a *app) newClient(t testing.TB) *client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &client{app: a, t: t, jar: jar, hc: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// newClient is another visitor of the same server, with an empty jar.
func (c *client) newClient() *client { return c.app.newClient(c.t) }

// in is the same visitor (same jar) failing the subtest t instead.
func (c *client) in(t testing.TB) *client {
	cc := *c
	cc.t = t
	return &cc
}

// response is a finished response with its body read.
type response struct {
	*http.Response
	body string
}

// location is the Location header of a redirect.
func (r *response) location() string { return r.Header.Get("Location") }

// doc parses the body as HTML.
func (r *response) doc(t testing.TB) *html.Node {
	t.Helper()
	n, err := html.Parse(strings.NewReader(r.body))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	return n
}

// do sends req and reads the whole response.
func (c *client) do(req *http.Request) *response {
	c.t.Helper()
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatalf("%s %s: read body: %v", req.Method, req.URL.Path, err)
	}
	return &response{Response: res, body: string(b)}
}

// request builds a request to path (a path on the server, with query).
func (c *client) request(method, path string, body io.Reader) *http.Request {
	c.t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, c.ts.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	return req
}

func (c *client) get(path string) *response {
	c.t.Helper()
	return c.do(c.request(http.MethodGet, path, nil))
}

// post submits form to path; header pairs ("Origin", "https://…") are added.
func (c *client) post(path string, form url.Values, header ...string) *response {
	c.t.Helper()
	req := c.request(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.do(req)
}

// send submits form (may be nil) with any method.
func (c *client) send(method, path string, f url.Values) *response {
	c.t.Helper()
	req := c.request(method, path, strings.NewReader(f.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// follow GETs the Location of a redirect.
func (c *client) follow(r *response) *response {
	c.t.Helper()
	if r.StatusCode != http.StatusSeeOther && r.StatusCode != http.StatusFound {
		c.t.Fatalf("follow: status %d is not a redirect\n%s", r.StatusCode, r.body)
	}
	return c.get(r.location())
}

// signup creates an account and its organization and returns the slug.
func (c *client) signup(name, email, orgName string) string {
	c.t.Helper()
	r := c.post("/signup", form("name", name, "email", email, "password", testPassword, "org_name", orgName))
	if r.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("signup %s: status %d, want 303\n%s", email, r.StatusCode, r.body)
	}
	slug, ok := strings.CutPrefix(r.location(), "/o/")
	if !ok || !strings.HasSuffix(slug, "/") {
		c.t.Fatalf("signup %s: Location %q, want /o/{slug}/", email, r.location())
	}
	// Open the dashboard once, which also consumes the welcome flash.
	if d := c.follow(r); d.StatusCode != http.StatusOK {
		c.t.Fatalf("signup %s: dashboard status %d", email, d.StatusCode)
	}
	return strings.TrimSuffix(slug, "/")
}

// login posts the login form and returns the response (not followed).
func (c *client) login(email, password, next string) *response {
	c.t.Helper()
	f := form("email", email, "password", password)
	if next != "" {
		f.Set("next", next)
	}
	return c.post("/login", f)
}

// mustLogin logs in with testPassword and fails the test unless it worked.
func (c *client) mustLogin(email string) {
	c.t.Helper()
	if r := c.login(email, testPassword, ""); r.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("login %s: status %d, want 303\n%s", email, r.StatusCode, r.body)
	}
}

// session is the current value of the session cookie in the jar, or "".
func (c *client) session() string {
	u, _ := url.Parse(c.ts.URL)
	for _, ck := range c.jar.Cookies(u) {
		if ck.Name == sessionCookie {
			return ck.Value
		}
	}
	return ""
}

// withSession is a new visitor whose jar holds the given session token.
func (c *client) withSession(token string) *client {
	o := c.newClient()
	u, _ := url.Parse(c.ts.URL)
	o.jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: token, Path: "/"}})
	return o
}

// addMember creates a user directly in the database (as the superuser, as
// invitations would) and gives them role in the organization with slug.
func (c *client) addMember(slug, name, email, role string) {
	c.t.Helper()
	hash, err := argon2id.CreateHash(testPassword, &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32})
	if err != nil {
		c.t.Fatal(err)
	}
	// A wrong slug would insert the user and no membership: demand one row.
	tag, err := c.su.Exec(context.Background(), `
		WITH u AS (INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id)
		INSERT INTO memberships (org_id, user_id, role)
		SELECT o.id, u.id, $5 FROM organizations o, u WHERE o.slug = $4`,
		email, name, hash, slug, role)
	if err != nil {
		c.t.Fatalf("add %s as %s of %s: %v", email, role, slug, err)
	}
	if n := tag.RowsAffected(); n != 1 {
		c.t.Fatalf("add %s as %s of %s: %d memberships inserted, want 1 (no such organization?)", email, role, slug, n)
	}
}

// count runs a count(*) query as the superuser (RLS does not hide rows).
func (c *client) count(query string, args ...any) int {
	c.t.Helper()
	var n int
	if err := c.su.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		c.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// rowCounts are the sizes of the application's tables (all but the
// sessions and migration bookkeeping), by table name.
type rowCounts map[string]int

func (c *client) rowCounts() rowCounts {
	c.t.Helper()
	ctx := context.Background()
	rows, err := c.su.Query(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
		  AND table_name NOT IN ('sessions', 'schema_migrations') ORDER BY 1`)
	if err != nil {
		c.t.Fatal(err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(tables) == 0 {
		c.t.Fatalf("list tables: %v (%d)", err, len(tables))
	}
	counts := rowCounts{}
	for _, tbl := range tables {
		counts[tbl] = c.count(`SELECT count(*) FROM ` + pgx.Identifier{tbl}.Sanitize())
	}
	return counts
}

// equal reports whether two counts are the same.
func (rc rowCounts) equal(o rowCounts) bool { return maps.Equal(rc, o) }

// form builds url.Values from key, value pairs.
func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// routeParam matches a chi URL parameter such as {slug}.
var routeParam = regexp.MustCompile(`\{([a-zA-Z_]+)(:[^}]*)?\}`)

// pathFor turns a route pattern into a concrete path: {slug} becomes slug,
// another parameter its value in params (default "x"), a trailing * "app.css".
func pathFor(pattern, slug string, params map[string]string) string {
	p := routeParam.ReplaceAllStringFunc(pattern, func(m string) string {
		name := routeParam.FindStringSubmatch(m)[1]
		if name == "slug" {
			return slug
		}
		if v, ok := params[name]; ok {
			return v
		}
		return "x"
	})
	if strings.HasSuffix(p, "/*") {
		p = strings.TrimSuffix(p, "*") + "app.css"
	}
	return p
}

// HTML helpers over golang.org/x/net/html.

// findAll returns the elements below n for which match is true, in order.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && match(d) {
			out = append(out, d)
		}
	}
	return out
}

// byID is the element with id, or nil.
func byID(n *html.Node, id string) *html.Node {
	if els := findAll(n, func(e *html.Node) bool { return attr(e, "id") == id }); len(els) > 0 {
		return els[0]
	}
	return nil
}

// byTag lists the elements named tag.
func byTag(n *html.Node, tag string) []*html.Node {
	return findAll(n, func(e *html.Node) bool { return e.Data == tag })
}

// hasAttr reports whether e carries the attribute at all.
func hasAttr(e *html.Node, name string) bool {
	for _, a := range e.Attr {
		if a.Key == name {
			return true
		}
	}
	return false
}

// attr is the value of e's attribute, or "".
func attr(e *html.Node, name string) string {
	for _, a := range e.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// hasClass reports whether e's class list contains class.
func hasClass(e *html.Node, class string) bool {
	return strings.Contains(" "+attr(e, "class")+" ", " "+class+" ")
}

// text is the whitespace-normalized text content of n.
func text(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// h1 is the text of the page's first h1.
func h1(t testing.TB, r *response) string {
	t.Helper()
	hs := byTag(r.doc(t), "h1")
	if len(hs) == 0 {
		return ""
	}
	return text(hs[0])
}

// hrefs lists the href of every link below n.
func hrefs(n *html.Node) []string {
	var out []string
	for _, a := range byTag(n, "a") {
		out = append(out, attr(a, "href"))
	}
	return out
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testClock is a server clock that a test moves forward (Config.Now), so
// that expiry is tested without waiting. It starts at the real time, because
// the database's own now() still decides a few things.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

// newTestClock starts at the current time, to the microsecond (PostgreSQL's
// precision, so that stored times compare equal).
func newTestClock() *testClock { return &testClock{t: time.Now().Truncate(time.Microsecond)} }

// Now is the clock's time.
func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// advance moves the clock forward by d.
func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// withClock is a newTestServer option: the server's clock is clk.
func withClock(clk *testClock) func(*headway.Config) {
	return func(cfg *headway.Config) { cfg.Now = clk.Now }
}

// dump is every row of the tables as text, sorted, read as the superuser:
// comparing two dumps shows that a refused request changed nothing, not
// even a column of an existing row (which rowCounts cannot see).
func (c *client) dump(tables ...string) string {
	c.t.Helper()
	var b strings.Builder
	for _, tbl := range tables {
		var rows string
		row := `t::text`
		if tbl == "user_sessions" {
			// A session's last-seen time and address move on use (at most
			// every few minutes), by design, like the sessions table's expiry.
			row = `(to_jsonb(t) - 'last_seen_at' - 'client_ip')::text`
		}
		if tbl == "share_links" {
			// A share link records when it was last opened, by design, as an
			// API token records its use (shares.go).
			row = `(to_jsonb(t) - 'last_used_at')::text`
		}
		q := `SELECT coalesce(string_agg(` + row + `, E'\n' ORDER BY ` + row + `), '') FROM ` + pgx.Identifier{tbl}.Sanitize() + ` t`
		if err := c.su.QueryRow(context.Background(), q).Scan(&rows); err != nil {
			c.t.Fatalf("dump %s: %v", tbl, err)
		}
		b.WriteString(tbl + ":\n" + rows + "\n")
	}
	return b.String()
}

// emailsTo lists what the server emailed address, once its background sends
// are done.
func (c *client) emailsTo(address string) []mail.Message {
	c.srv.Wait()
	return c.mail.To(address)
}
