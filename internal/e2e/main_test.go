package e2e

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	headway "github.com/headwayhq/headway/internal/http"
	"github.com/headwayhq/headway/internal/mail"
	"github.com/headwayhq/headway/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// chromiumPath is Debian's Chromium, which CI installs (apt-get install chromium).
const chromiumPath = "/usr/bin/chromium"

// stepTimeout bounds one step (a visit, a click, the checks of one page), so
// a hung page fails at the step that hung, named, within seconds. It is a
// guard, not an assertion: every wait below waits for a state, never for a
// duration. Generous: CI shares 2 cores with other packages, and a page's
// checks run axe up to a dozen times (about 0.2 s each here).
const stepTimeout = 30 * time.Second

// journeyTimeout is the backstop for what no step covers (starting and
// stopping the browser): it kills the browser, so it must exceed the longest
// journey on a loaded machine.
const journeyTimeout = 10 * time.Minute

// step is ctx bounded by stepTimeout.
func step(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, stepTimeout)
}

// ciRequiresBrowser reports whether the value of CI asks for strict browser
// tests: any value but unset or false. CI systems spell true differently
// (GitHub and GitLab "true", others "1" or "yes"), and a CI run that skips the
// browser tests because of the spelling would pass without running them.
func ciRequiresBrowser(ci string) bool {
	switch strings.ToLower(strings.TrimSpace(ci)) {
	case "", "0", "false", "no", "off":
		return false
	}
	return true
}

// app is the server under test: the real router over a fresh database, on a
// free loopback port.
type app struct {
	URL  string
	srv  *headway.Server
	mail *mail.Recorder
	log  *syncBuffer
	db   *testdb.DB // for journeys that seed what no page creates yet
}

// newApp starts a server for one test.
func newApp(t *testing.T) *app {
	t.Helper()
	db := testdb.New(t)
	cfg := headway.DefaultConfig()
	cfg.SecretKey = []byte("e2e secret key, 32 bytes or more, never used in production")
	a := &app{mail: &mail.Recorder{}, log: &syncBuffer{}, db: db}
	srv := headway.New(cfg, db.Store(), a.mail, slog.New(slog.NewTextHandler(a.log, nil)))
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", a.log.String())
		}
	})
	a.URL, a.srv = ts.URL, srv
	return a
}

// Any value of CI but unset or false makes a missing Chromium a failure.
func TestCIRequiresBrowser(t *testing.T) {
	for v, want := range map[string]bool{
		"": false, "false": false, "FALSE": false, "0": false, "no": false, "off": false, " false ": false,
		"true": true, "TRUE": true, "1": true, "yes": true, "on": true, "woodpecker": true,
	} {
		if got := ciRequiresBrowser(v); got != want {
			t.Errorf("ciRequiresBrowser(%q) = %v, want %v", v, got, want)
		}
	}
}

// newBrowser starts a headless Chromium for one test and returns the context
// of its first tab: one person with their own cookies. Run actions on it with
// chromedp.Do and chromedp.Run. The browser stops when the test ends.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if ciRequiresBrowser(os.Getenv("CI")) {
			t.Fatalf("e2e: %s is required in CI (CI=%q; apt-get install -y chromium): %v", chromiumPath, os.Getenv("CI"), err)
		}
		t.Skipf("e2e: %s not found; install chromium to run the browser tests", chromiumPath)
	}
	profile, err := os.MkdirTemp("", "headway-e2e-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(profile) }) // runs last: after the browser exited

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to run as root with its sandbox
	}
	var output syncBuffer
	opts = append(opts, chromedp.CombinedOutput(&output))

	guard, cancelGuard := context.WithTimeout(context.Background(), journeyTimeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(guard, opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelGuard)
	t.Cleanup(cancelAlloc) // waits for the browser process to exit
	t.Cleanup(func() {
		_ = chromedp.Cancel(ctx) // closes the browser gracefully
		cancelTab()
	})
	if err := chromedp.Do(ctx); err != nil { // start the browser and its first tab
		t.Fatalf("e2e: start chromium: %v\n%s", err, output.String())
	}
	watchConsole(t, ctx)
	return watchDocuments(t, ctx)
}

// newPerson opens a tab in a new, isolated browser context of the browser of
// ctx: another person, with their own cookies and storage, for journeys with
// two users (an admin invites, the invitee accepts).
func newPerson(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	pctx, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(pctx); err != nil {
		t.Fatalf("e2e: open a new browser context: %v", err)
	}
	watchConsole(t, pctx)
	return watchDocuments(t, pctx)
}

// document is what one navigation of a tab's main frame loaded.
type document struct {
	url    string
	status int64  // 0 when the load failed
	failed string // the network error, if the load failed
}

func (d document) String() string {
	if d.failed != "" {
		return fmt.Sprintf("%s: %s", d.url, d.failed)
	}
	return fmt.Sprintf("%s: %d", d.url, d.status)
}

// documents lists the main-frame documents a tab loaded, so that a test knows
// which page it is looking at: a 500 page or a failed load has the same
// <main> as the page it replaced.
type documents struct {
	mu      sync.Mutex
	list    []document
	checked int // list[:checked] was judged by expectDocument
}

type documentsKey struct{}

func (d *documents) add(doc document) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.list = append(d.list, doc)
}

// watchDocuments records every main-frame document of the tab of ctx, and
// fails the test at its end on any it did not judge otherwise that answered
// 5xx or failed to load. It returns ctx carrying the record for
// expectDocument.
func watchDocuments(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	c := chromedp.FromContext(ctx)
	if c == nil || c.Target == nil {
		t.Fatal("e2e: watchDocuments needs a started tab")
	}
	// The main frame of a page target has the target's id.
	mainFrame := cdp.FrameID(c.Target.TargetID)
	d := &documents{}
	// Called on the tab's event goroutine, in the order of the events, so
	// every event before the answer to a later command is recorded by then.
	pending := map[network.RequestID]string{} // main-frame document requests: URL
	lctx, stop := context.WithCancel(ctx)
	err := chromedp.Listen(lctx, func(ev any) {
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if ev.Type == network.ResourceTypeDocument && ev.FrameID == mainFrame {
				pending[ev.RequestID] = ev.Request.URL
			}
		case *network.EventResponseReceived:
			if _, ok := pending[ev.RequestID]; ok {
				d.add(document{url: ev.Response.URL, status: ev.Response.Status})
			}
		case *network.EventLoadingFailed:
			if u, ok := pending[ev.RequestID]; ok {
				d.add(document{url: u, failed: ev.ErrorText})
			}
		case *network.EventLoadingFinished:
			delete(pending, ev.RequestID)
		}
	})
	if err != nil {
		t.Fatalf("e2e: watch documents: %v", err)
	}
	t.Cleanup(func() {
		stop()
		d.mu.Lock()
		defer d.mu.Unlock()
		for _, doc := range d.list[d.checked:] {
			if doc.failed != "" || doc.status >= 500 {
				t.Errorf("document %s", doc)
			}
		}
	})
	return context.WithValue(ctx, documentsKey{}, d)
}

// expectDocument fails the test unless the page the tab shows is a document
// that answered want, and every document it loaded since the last call
// answered below 400 (a 4xx page is allowed only where a test expects it).
// A failed load or a 5xx answer always fails.
func expectDocument(t *testing.T, ctx context.Context, want int64) {
	t.Helper()
	d, _ := ctx.Value(documentsKey{}).(*documents)
	if d == nil {
		t.Fatal("e2e: the tab's documents are not watched (use newBrowser or newPerson)")
	}
	if problems := d.judge(want); len(problems) > 0 {
		t.Fatal(strings.Join(problems, "\n"))
	}
}

// judge is expectDocument's verdict: what is wrong, if anything, with the
// documents loaded since the last judgement, the last of which should have
// answered want.
func (d *documents) judge(want int64) []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	fresh, all := d.list[d.checked:], d.list
	d.checked = len(d.list)
	if len(all) == 0 {
		return []string{"the tab loaded no document"}
	}
	var problems []string
	for _, doc := range fresh[:max(0, len(fresh)-1)] {
		if doc.failed != "" || doc.status >= 400 {
			problems = append(problems, fmt.Sprintf("before this page the tab loaded document %s", doc))
		}
	}
	if cur := all[len(all)-1]; cur.failed != "" || cur.status != want {
		problems = append(problems, fmt.Sprintf("the tab shows document %s, want status %d", cur, want))
	}
	return problems
}

// watchConsole fails the test on any error the page reports: an uncaught
// exception, console.error, or a browser log error such as a request the
// Content-Security-Policy refused.
func watchConsole(t *testing.T, ctx context.Context) {
	t.Helper()
	const sentinel = "headway-e2e: end of journey"
	lctx, stop := context.WithCancel(ctx)
	messages := chromedp.Console(lctx)
	var problems []string
	seen, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			switch {
			case m.Text == sentinel:
				close(seen)
			case m.Source == "network" && !strings.Contains(m.URL, "/static/"):
				// A page answered 4xx on purpose (a form re-rendered with
				// its messages as 422): the test checks what it shows.
			case m.Type == chromedp.ConsoleError || m.IsException():
				problems = append(problems, fmt.Sprintf("%s (%s %s)", m.Text, m.Source, m.URL))
			}
		}
	}()
	// Registered after the browser's cleanups, so it runs before them.
	t.Cleanup(func() {
		// The sentinel comes after every earlier message: once the loop has
		// seen it, nothing is left unread.
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`console.debug(`+"`"+sentinel+"`"+`)`)); err == nil {
			select {
			case <-seen:
			case <-ctx.Done():
			}
		}
		stop()
		<-done
		for _, p := range problems {
			t.Errorf("browser console: %s", p)
		}
	})
}

// screenSizes are the viewports of the accessibility checks and the
// screenshots: a phone, a tablet and a laptop.
var screenSizes = []struct {
	name          string
	width, height int64
	mobile        bool
}{
	{"390x844", 390, 844, true},
	{"820x1180", 820, 1180, true},
	{"1280x900", 1280, 900, false},
}

// screenshot writes full-page PNGs of the current page at every screen size
// to $HEADWAY_SCREENSHOTS/<name>-<size>.png, and does nothing when the
// variable is unset.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("HEADWAY_SCREENSHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := step(ctx)
	defer cancel()
	for _, s := range screenSizes {
		var opts []chromedp.EmulateViewportOption
		if s.mobile {
			opts = append(opts, chromedp.EmulateMobile)
		}
		if err := chromedp.Do(ctx,
			chromedp.EmulateViewport(s.width, s.height, opts...),
			// Lay out again at this size, and let web fonts settle.
			chromedp.Evaluate[chromedp.Void](`document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => r())))`, chromedp.EvalAwaitPromise),
		); err != nil {
			t.Fatalf("screenshot %s at %s: %v", name, s.name, err)
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s at %s: %v", name, s.name, err)
		}
		file := filepath.Join(dir, name+"-"+s.name+".png")
		if err := os.WriteFile(file, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", file)
		// And in dark mode, then back to what the page had.
		if err := chromedp.Do(ctx, emulateMedia("dark"), settle); err != nil {
			t.Fatal(err)
		}
		if png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100)); err != nil {
			t.Fatalf("dark screenshot %s at %s: %v", name, s.name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+"-"+s.name+"-dark.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, emulateMedia(""), settle); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
}

// Page helpers: each waits for what it needs, then acts.

// visit opens url and waits until the page's main landmark is there.
func visit(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	sctx, cancel := step(ctx)
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
		t.Fatalf("visit %s: %v", url, err)
	}
}

// click clicks the first element matching the CSS selector.
func click(t *testing.T, ctx context.Context, css string) {
	t.Helper()
	sctx, cancel := step(ctx)
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.WaitVisible(chromedp.CSS(css)), chromedp.Click(chromedp.CSS(css))); err != nil {
		t.Fatalf("click %s: %v", css, err)
	}
}

// typeInto types text into the field matching the CSS selector, key by key.
func typeInto(t *testing.T, ctx context.Context, css, text string) {
	t.Helper()
	sctx, cancel := step(ctx)
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.WaitVisible(chromedp.CSS(css)), chromedp.SendKeys(chromedp.CSS(css), text)); err != nil {
		t.Fatalf("type into %s: %v", css, err)
	}
}

// waitVisible waits until an element matching the CSS selector is visible.
func waitVisible(t *testing.T, ctx context.Context, css string) {
	t.Helper()
	sctx, cancel := step(ctx)
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.WaitVisible(chromedp.CSS(css))); err != nil {
		t.Fatalf("wait for %s: %v", css, err)
	}
}

// textOf is the visible text of the first element matching the CSS selector.
func textOf(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	sctx, cancel := step(ctx)
	defer cancel()
	s, err := chromedp.Run(sctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		t.Fatalf("text of %s: %v", css, err)
	}
	return strings.TrimSpace(s)
}

// path is the path of the current page.
func path(t *testing.T, ctx context.Context) string {
	t.Helper()
	sctx, cancel := step(ctx)
	defer cancel()
	p, err := chromedp.Run(sctx, chromedp.Evaluate[string](`location.pathname + location.search`))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// syncBuffer is a bytes.Buffer safe for concurrent writers.
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

// clearField empties an input (after a re-rendered form kept its value).
func clearField(t *testing.T, ctx context.Context, css string) {
	t.Helper()
	sctx, cancel := step(ctx)
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.Clear(chromedp.CSS(css))); err != nil {
		t.Fatalf("clear %s: %v", css, err)
	}
}

// signUpInBrowser fills and submits the signup form, and waits for the new
// organization's dashboard.
func signUpInBrowser(t *testing.T, ctx context.Context, base, name, email, org string) {
	t.Helper()
	visit(t, ctx, base+"/signup")
	fill(t, ctx, `#f-name`, name)
	fill(t, ctx, `#f-email`, email)
	fill(t, ctx, `#f-password`, "correct horse battery")
	fill(t, ctx, `#f-org_name`, org)
	click(t, ctx, `form[action="/signup"] button[type="submit"]`)
	waitVisible(t, ctx, `nav.section-nav`)
}

// fill sets the value of the field matching the CSS selector at once: the
// accessibility journey only needs forms filled, and typing key by key would
// spend its time budget.
func fill(t *testing.T, ctx context.Context, css, value string) {
	t.Helper()
	sctx, cancel := step(ctx)
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.WaitVisible(chromedp.CSS(css)), chromedp.SetValue(chromedp.CSS(css), value)); err != nil {
		t.Fatalf("fill %s: %v", css, err)
	}
}
