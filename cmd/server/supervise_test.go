package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/headwayhq/headway/internal/pgcluster"
	"github.com/headwayhq/headway/internal/testdb"
)

// running is a server started by run.
type running struct {
	addr, metrics string
	cancel        func()
	done          chan error
	logs          *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startRun runs the server with env (JSON logs on 127.0.0.1:0, no drain
// delay, no metrics listener unless env says otherwise) until it serves.
func startRun(t *testing.T, env map[string]string) *running {
	t.Helper()
	full := map[string]string{"ADDR": "127.0.0.1:0", "LOG_FORMAT": "json", "DRAIN_DELAY": "0", "METRICS_ADDR": "off"}
	for k, v := range env {
		full[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	r := &running{cancel: cancel, done: make(chan error, 1), logs: &lockedBuffer{}}
	go func() {
		err := run(ctx, []string{"headway"}, func(k string) string { return full[k] }, pw)
		pw.Close()
		r.done <- err
	}()
	addrRe := regexp.MustCompile(`"msg":"serving( metrics)?","addr":"([^"]+)"`)
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		r.logs.Write(append(sc.Bytes(), '\n'))
		if m := addrRe.FindStringSubmatch(sc.Text()); m != nil {
			if m[1] != "" {
				r.metrics = m[2]
				continue
			}
			r.addr = m[2]
			break
		}
	}
	if r.addr == "" {
		cancel()
		t.Fatalf("server did not start: %v\n%s", <-r.done, r.logs)
	}
	go io.Copy(r.logs, pr)
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(60 * time.Second):
			t.Error("run did not return after cancel")
		}
	})
	return r
}

// wait waits for run to return.
func (r *running) wait(t *testing.T, d time.Duration) error {
	t.Helper()
	select {
	case err := <-r.done:
		r.done <- err // for the cleanup
		return err
	case <-time.After(d):
		t.Fatalf("run did not return within %v", d)
		return nil
	}
}

// postmasterPID is the pid that the private cluster's lock file names.
func postmasterPID(t *testing.T, dataDir string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dataDir, "postgres", "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// noRedirects is a client that shows redirects instead of following them.
func noRedirects(jar http.CookieJar) *http.Client {
	return &http.Client{Jar: jar, Timeout: 5 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func status(c *http.Client, u string) int {
	resp, err := c.Get(u)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// A SIGTERM to the private postmaster under a bounded load: requests fail
// only while the database is down, /readyz answers 503 meanwhile, and the
// server recovers by itself within seconds; after shutdown no postgres of
// the data folder remains.
func TestPostmasterSIGTERMUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL cluster")
	}
	dir := testdb.ClusterDir(t)
	srv := startRun(t, map[string]string{"DATA_DIR": dir})
	base := "http://" + srv.addr
	jar, _ := cookiejar.New(nil)
	client := noRedirects(jar)
	resp, err := client.PostForm(base+"/signup", url.Values{"name": {"Ann"}, "email": {"ann@example.com"},
		"password": {"correct horse battery"}, "org_name": {"Load Test"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("signup = %d", resp.StatusCode)
	}
	dashboard := base + "/o/load-test/" // reads the session, the user and the organization

	type result struct {
		start, end time.Time
		status     int
	}
	const workers, maxPerWorker = 4, 3000 // bounded
	results := make([][]result, workers)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range maxPerWorker {
				select {
				case <-stop:
					return
				default:
				}
				start := time.Now()
				code := status(client, dashboard)
				results[w] = append(results[w], result{start, time.Now(), code})
				if code != http.StatusOK {
					time.Sleep(10 * time.Millisecond) // no hot loop against a down database
				}
			}
		}()
	}
	stopLoad := func() { close(stop); wg.Wait() }

	time.Sleep(300 * time.Millisecond) // load before the signal
	old := postmasterPID(t, dir)
	killedAt := time.Now()
	if err := syscall.Kill(old, syscall.SIGTERM); err != nil {
		stopLoad()
		t.Fatal(err)
	}
	probe := noRedirects(nil)
	var saw503 bool
	var recovered time.Time
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		switch status(probe, base+"/readyz") {
		case http.StatusServiceUnavailable:
			saw503 = true
		case http.StatusOK:
			if saw503 {
				recovered = time.Now()
				// Ready means a new postmaster, not the old one's sessions
				// that a smart shutdown lets live.
				if pid := postmasterPID(t, dir); pid == old {
					t.Errorf("/readyz = 200 while the SIGTERMed postmaster %d is still the one", pid)
				}
			}
		}
		if !recovered.IsZero() {
			break
		}
	}
	if recovered.IsZero() {
		stopLoad()
		t.Fatalf("no recovery within 15 s (503 seen: %v)\n%s", saw503, srv.logs)
	}
	// Load after the recovery; /readyz stays 200.
	for end := time.Now().Add(500 * time.Millisecond); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if code := status(probe, base+"/readyz"); code != http.StatusOK {
			t.Errorf("/readyz = %d after the recovery", code)
		}
	}
	stopLoad()
	t.Logf("recovered %v after the SIGTERM", recovered.Sub(killedAt).Round(time.Millisecond))
	if d := recovered.Sub(killedAt); d > 10*time.Second {
		t.Errorf("recovery took %v, want seconds", d)
	}

	var total, failed, after int
	for _, rs := range results {
		for _, r := range rs {
			total++
			if r.start.After(recovered) {
				after++
			}
			if r.status == http.StatusOK {
				continue
			}
			failed++
			if r.end.Before(killedAt) || r.start.After(recovered) {
				t.Errorf("a request from %v to %v got %d outside the outage (%v to %v)", r.start.Sub(killedAt), r.end.Sub(killedAt), r.status,
					time.Duration(0), recovered.Sub(killedAt))
			}
		}
	}
	t.Logf("%d requests, %d failed during the outage, %d after the recovery", total, failed, after)
	if after == 0 {
		t.Error("no request after the recovery: the test proves nothing about it")
	}
	if pid := postmasterPID(t, dir); pid == old {
		t.Errorf("the postmaster is still %d", pid)
	}
	if !strings.Contains(srv.logs.String(), `"msg":"PostgreSQL restarted"`) {
		t.Error("the restart was not logged")
	}
	srv.cancel()
	if err := srv.wait(t, 60*time.Second); err != nil {
		t.Errorf("run = %v after a recovered outage", err)
	}
	if postgresRunning(t, dir) {
		t.Error("postgres still running after shutdown")
	}
}

// A SIGKILL of the postmaster while restarts fail (a broken data folder):
// the server gives up, run returns an error (a non-zero exit), and no
// postgres of the data folder remains.
func TestPostmasterLostForGood(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL cluster")
	}
	defer func(p pgcluster.RestartPolicy) { clusterRestart = p }(clusterRestart)
	clusterRestart = pgcluster.RestartPolicy{MinBackoff: 50 * time.Millisecond, MaxBackoff: 200 * time.Millisecond, MaxRestarts: 3, Window: time.Minute}
	dir := testdb.ClusterDir(t)
	srv := startRun(t, map[string]string{"DATA_DIR": dir})
	if err := os.WriteFile(filepath.Join(dir, "postgres", "PG_VERSION"), []byte("7\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(postmasterPID(t, dir), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := srv.wait(t, 30*time.Second)
	if err == nil || !strings.Contains(err.Error(), "cannot be restarted") {
		t.Fatalf("run = %v, want an error saying PostgreSQL cannot be restarted\n%s", err, srv.logs)
	}
	t.Logf("run: %v", err)
	if n := strings.Count(srv.logs.String(), `"msg":"PostgreSQL restart failed"`); n != 3 {
		t.Errorf("%d failed restarts logged, want 3 (the policy)", n)
	}
	if postgresRunning(t, dir) {
		t.Error("postgres still running after run returned")
	}
}

// Metrics are served on METRICS_ADDR, not on the public listener; on
// shutdown /readyz answers 503 for DRAIN_DELAY while other requests are
// still served.
func TestMetricsListenerAndDrainDelay(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL cluster")
	}
	dir := testdb.ClusterDir(t)
	const delay = 2 * time.Second
	srv := startRun(t, map[string]string{"DATA_DIR": dir, "METRICS_ADDR": "127.0.0.1:0", "DRAIN_DELAY": delay.String()})
	base := "http://" + srv.addr
	// A new connection per request: the listener must be open, not merely
	// a kept-alive connection.
	client := noRedirects(nil)
	client.Transport = &http.Transport{DisableKeepAlives: true}
	if code := status(client, base+"/login"); code != http.StatusOK {
		t.Fatalf("/login = %d", code)
	}
	if code := status(client, base+"/metrics"); code != http.StatusNotFound {
		t.Errorf("public /metrics = %d, want 404", code)
	}
	if srv.metrics == "" {
		t.Fatal("no metrics listener logged")
	}
	resp, err := client.Get("http://" + srv.metrics + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `headway_http_requests_total{code="200",method="GET",route="/login"} 1`) {
		t.Errorf("metrics listener: %d\n%.400s", resp.StatusCode, body)
	}

	if code := status(client, base+"/readyz"); code != http.StatusOK {
		t.Fatalf("/readyz before the shutdown = %d", code)
	}
	shutdownAt := time.Now()
	srv.cancel()
	for code := 0; code != http.StatusServiceUnavailable; code = status(client, base+"/readyz") {
		if time.Since(shutdownAt) > delay/2 {
			t.Fatalf("/readyz = %d after the shutdown signal, want 503 during the drain delay", code)
		}
	}
	if code := status(client, base+"/login"); code != http.StatusOK {
		t.Errorf("/login during the drain delay = %d, want 200", code)
	}
	if time.Since(shutdownAt) > delay {
		t.Fatal("the checks took longer than the delay: they prove nothing")
	}
	if err := srv.wait(t, 30*time.Second); err != nil {
		t.Errorf("run = %v", err)
	}
	if d := time.Since(shutdownAt); d < delay {
		t.Errorf("run returned %v after the signal, before the drain delay of %v", d, delay)
	}
	if postgresRunning(t, dir) {
		t.Error("postgres still running after shutdown")
	}
}
