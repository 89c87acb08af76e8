package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/pgcluster"
	"github.com/headwayhq/headway/internal/testdb"
)

// TestRunWithPrivateCluster runs the real main path: a private PostgreSQL
// cluster under DATA_DIR, migrations, serving, a signup, then a graceful
// shutdown that leaves no postgres process behind; a second start reuses
// the data, and its shutdown lets a request in flight finish.
func TestRunWithPrivateCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL cluster")
	}
	dir := testdb.ClusterDir(t)
	env := map[string]string{"ADDR": "127.0.0.1:0", "DATA_DIR": dir, "LOG_FORMAT": "json", "DRAIN_DELAY": "0", "METRICS_ADDR": "off"}
	getenv := func(k string) string { return env[k] }

	// start runs the server; cancel begins its shutdown and wait waits for
	// run to return.
	start := func() (addr string, cancel func(), wait func()) {
		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		done := make(chan error, 1)
		go func() { done <- run(ctx, []string{"headway"}, getenv, pw); pw.Close() }()
		addrRe := regexp.MustCompile(`"msg":"serving","addr":"([^"]+)"`)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := addrRe.FindStringSubmatch(sc.Text()); m != nil {
				addr = m[1]
				break
			}
		}
		if addr == "" {
			cancel()
			t.Fatalf("server did not start: %v", <-done)
		}
		go io.Copy(io.Discard, pr)
		return addr, cancel, func() {
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("run returned %v", err)
				}
			case <-time.After(60 * time.Second):
				t.Fatal("run did not return after cancel")
			}
		}
	}

	addr, cancel, wait := start()
	if !postgresRunning(t, dir) {
		t.Fatal("pgrep finds no postgres of the running server: the check below would prove nothing")
	}
	base := "http://" + addr
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(base+"/signup", url.Values{"name": {"Ann"}, "email": {"ann@example.com"},
		"password": {"correct horse battery"}, "org_name": {"Main Test"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/o/main-test/" {
		t.Fatalf("signup: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	cancel()
	wait()
	if postgresRunning(t, dir) {
		t.Fatal("postgres still running after shutdown")
	}

	addr, cancel, wait = start()
	base = "http://" + addr
	resp, err = client.PostForm(base+"/login", url.Values{"email": {"ann@example.com"}, "password": {"correct horse battery"}})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/o/main-test/" {
		t.Errorf("login after restart: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	drainInFlight(t, addr, cancel)
	wait()
	if postgresRunning(t, dir) {
		t.Fatal("postgres still running after the second shutdown")
	}
}

// drainInFlight starts a request, shuts the server down (cancel) while the
// request is in its handler, and asserts that the request still completes.
// The request asks for 100-continue, so the server's "100 Continue" proves
// the handler is reading the body; the body is sent only once the listener
// is closed, that is once Shutdown has begun.
func drainInFlight(t *testing.T, addr string, cancel func()) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second)) // a hung server fails, not hangs
	body := url.Values{"email": {"nobody@example.com"}}.Encode()
	fmt.Fprintf(conn, "POST /password/forgot HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n"+
		"Content-Length: %d\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n", addr, len(body))
	br := bufio.NewReader(conn)
	if cont, err := http.ReadResponse(br, nil); err != nil || cont.StatusCode != http.StatusContinue {
		cancel()
		t.Fatalf("want 100 Continue before the body: %v %v", cont, err)
	}
	cancel()
	for deadline := time.Now().Add(20 * time.Second); ; {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			break // the listener is closed: the shutdown has begun
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the server still accepts connections 20 s after the shutdown signal")
		}
		time.Sleep(10 * time.Millisecond) // polling for the listener to close
	}
	io.WriteString(conn, body)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("the in-flight request was cut off by the shutdown: %v", err)
	}
	defer resp.Body.Close()
	page, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "If an account exists for nobody@example.com") {
		t.Errorf("the in-flight request after shutdown began = %d (%v), want 200 with the forgot-password answer", resp.StatusCode, err)
	}
}

// postgresRunning reports whether a postgres of the cluster under dataDir
// runs. It fails the test when pgrep is missing or fails: the check must not
// pass because it could not look.
func postgresRunning(t *testing.T, dataDir string) bool {
	t.Helper()
	// "--": the pattern starts with "-D", which pgrep would read as an option.
	out, err := exec.Command("pgrep", "-f", "--", "-D "+regexp.QuoteMeta(filepath.Join(dataDir, "postgres"))).Output()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return strings.TrimSpace(string(out)) != ""
	case errors.As(err, &exit) && exit.ExitCode() == 1: // no process matched
		return false
	}
	t.Fatalf("pgrep (from procps, needed for this test): %v", err)
	return false
}

// The http.Server that serve runs has every timeout against slow and idle
// clients set, and a bounded header size.
func TestHTTPServerTimeouts(t *testing.T) {
	srv := newHTTPServer("127.0.0.1:0", http.NotFoundHandler(), slog.New(slog.DiscardHandler))
	for name, d := range map[string]time.Duration{"ReadHeaderTimeout": srv.ReadHeaderTimeout, "ReadTimeout": srv.ReadTimeout,
		"WriteTimeout": srv.WriteTimeout, "IdleTimeout": srv.IdleTimeout} {
		if d <= 0 || d > 5*time.Minute {
			t.Errorf("%s = %v, want a bound between 0 and 5 minutes", name, d)
		}
	}
	if srv.ReadHeaderTimeout > 10*time.Second {
		t.Errorf("ReadHeaderTimeout = %v: a slow client could hold connections that long", srv.ReadHeaderTimeout)
	}
	if srv.MaxHeaderBytes <= 0 || srv.MaxHeaderBytes > 1<<20 {
		t.Errorf("MaxHeaderBytes = %d, want a bound below the 1 MiB default", srv.MaxHeaderBytes)
	}
	if srv.ErrorLog == nil {
		t.Error("no ErrorLog: the server's errors would bypass the structured log")
	}
}

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr bool
		check   func(config) bool
	}{
		{"defaults", []string{"headway"}, nil, false, func(c config) bool {
			return c.addr == ":8080" && c.baseURL == "http://localhost:8080" && c.dataDir == "./data" && c.logFormat == "text" && c.sessionIdle == 2*time.Hour &&
				c.metricsAddr == "127.0.0.1:9090" && c.drainDelay == 5*time.Second && c.mail == "log"
		}},
		{"env", []string{"headway"}, map[string]string{"ADDR": ":9000", "LOG_FORMAT": "json", "SESSION_LIFETIME": "8h"}, false,
			func(c config) bool {
				return c.addr == ":9000" && c.logFormat == "json" && c.sessionLifetime == 8*time.Hour
			}},
		{"flag wins", []string{"headway", "-addr", ":7000"}, map[string]string{"ADDR": ":9000"}, false,
			func(c config) bool { return c.addr == ":7000" }},
		{"base URL follows ADDR", []string{"headway"}, map[string]string{"ADDR": ":9090"}, false,
			func(c config) bool { return c.baseURL == "http://localhost:9090" }},
		{"base URL with a host", []string{"headway", "-addr", "127.0.0.1:7000"}, nil, false,
			func(c config) bool { return c.baseURL == "http://127.0.0.1:7000" }},
		{"explicit base URL", []string{"headway"}, map[string]string{"ADDR": ":9090", "BASE_URL": "https://hw.example.com", "SMTP_URL": "smtp://mx.example.com"}, false,
			func(c config) bool { return c.baseURL == "https://hw.example.com" && c.mail == "smtp" }},
		// Logged emails carry live links: only for http on loopback, or when asked for.
		{"https without SMTP_URL", []string{"headway"}, map[string]string{"BASE_URL": "https://hw.example.com"}, true, nil},
		{"http elsewhere without SMTP_URL", []string{"headway"}, map[string]string{"BASE_URL": "http://10.0.0.5:8080"}, true, nil},
		{"ADDR with a public host without SMTP_URL", []string{"headway", "-addr", "192.0.2.7:8080"}, nil, true, nil},
		{"http on 127.0.0.2", []string{"headway"}, map[string]string{"BASE_URL": "http://127.0.0.2:8080"}, false,
			func(c config) bool { return c.mail == "log" }},
		{"http on ::1", []string{"headway"}, map[string]string{"BASE_URL": "http://[::1]:8080"}, false,
			func(c config) bool { return c.mail == "log" }},
		{"https on localhost", []string{"headway"}, map[string]string{"BASE_URL": "https://localhost:8443"}, true, nil},
		{"MAIL=log explicitly", []string{"headway"}, map[string]string{"BASE_URL": "https://hw.example.com", "MAIL": "log"}, false,
			func(c config) bool { return c.mail == "log" }},
		{"mail flag", []string{"headway", "-mail", "log"}, map[string]string{"BASE_URL": "https://hw.example.com"}, false,
			func(c config) bool { return c.mail == "log" }},
		{"MAIL=smtp without SMTP_URL", []string{"headway"}, map[string]string{"MAIL": "smtp"}, true, nil},
		{"MAIL=log with SMTP_URL", []string{"headway"}, map[string]string{"MAIL": "log", "SMTP_URL": "smtp://mx.example.com"}, true, nil},
		{"bad MAIL", []string{"headway"}, map[string]string{"MAIL": "print"}, true, nil},
		{"migrate needs no mail", []string{"headway", "migrate"}, map[string]string{"BASE_URL": "https://hw.example.com"}, false,
			func(c config) bool { return c.migrateOnly }},
		{"metrics and drain", []string{"headway", "-drain-delay", "0"}, map[string]string{"METRICS_ADDR": "127.0.0.1:9191", "DRAIN_DELAY": "9s"}, false,
			func(c config) bool { return c.metricsAddr == "127.0.0.1:9191" && c.drainDelay == 0 }},
		{"metrics off", []string{"headway"}, map[string]string{"METRICS_ADDR": "off"}, false,
			func(c config) bool { return c.metricsAddr == "" }},
		{"metrics flag empty", []string{"headway", "-metrics-addr", ""}, nil, false,
			func(c config) bool { return c.metricsAddr == "" }},
		{"bad drain delay", []string{"headway"}, map[string]string{"DRAIN_DELAY": "-1s"}, true, nil},
		{"bad base URL", []string{"headway"}, map[string]string{"BASE_URL": "hw.example.com"}, true, nil},
		{"trusted proxies", []string{"headway"}, map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1/32"}, false,
			func(c config) bool { return len(c.trustedProxies) == 2 && c.trustedProxies[1] == "127.0.0.1/32" }},
		{"bad trusted proxy", []string{"headway"}, map[string]string{"TRUSTED_PROXIES": "10.0.0.1"}, true, nil},
		{"migrate command", []string{"headway", "migrate"}, nil, false, func(c config) bool { return c.migrateOnly }},
		{"bad log format", []string{"headway"}, map[string]string{"LOG_FORMAT": "xml"}, true, nil},
		{"bad duration", []string{"headway"}, map[string]string{"SESSION_IDLE_TIMEOUT": "soon"}, true, nil},
		{"unknown command", []string{"headway", "fly"}, nil, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseConfig(tt.args, func(k string) string { return tt.env[k] })
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if tt.check != nil && !tt.check(c) {
				t.Errorf("config = %+v", c)
			}
		})
	}
}

// TestRunRefusesPrivilegedRole: with DATABASE_URL naming a superuser, the
// server refuses to start, before it migrates anything.
func TestRunRefusesPrivilegedRole(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL cluster")
	}
	dir := testdb.ClusterDir(t)
	c, err := pgcluster.Start(context.Background(), pgcluster.Options{Dir: dir + "/pg", Ephemeral: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	env := map[string]string{"ADDR": "127.0.0.1:0", "DATA_DIR": dir, "DATABASE_URL": c.SuperuserURL(pgcluster.Database)}
	err = run(context.Background(), []string{"headway"}, func(k string) string { return env[k] }, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "refusing to serve") {
		t.Fatalf("run with a superuser: err = %v, want a refusal", err)
	}
	conn, err := pgx.Connect(context.Background(), c.SuperuserURL(pgcluster.Database))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var tables int
	if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 0 {
		t.Errorf("the refused start created %d tables", tables)
	}
}

// With SMTP_URL unset and an https BASE_URL, the server refuses to start
// (logged emails would carry live links), saying how to fix it, before it
// starts a database; MAIL=log is the explicit way out.
func TestRunRefusesToLogLinksOfAPublicServer(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"ADDR": "127.0.0.1:0", "DATA_DIR": dir, "BASE_URL": "https://hw.example.com"}
	err := run(context.Background(), []string{"headway"}, func(k string) string { return env[k] }, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "SMTP_URL") || !strings.Contains(err.Error(), "MAIL=log") {
		t.Fatalf("run = %v, want a refusal naming SMTP_URL and MAIL=log", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the refused start wrote %d entries into DATA_DIR", len(entries))
	}
	env["MAIL"] = "log"
	if _, err := parseConfig([]string{"headway"}, func(k string) string { return env[k] }); err != nil {
		t.Errorf("with MAIL=log: %v", err)
	}
}
