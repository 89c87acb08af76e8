package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/url"
	"os/exec"
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
// the data.
func TestRunWithPrivateCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL cluster")
	}
	dir := testdb.ClusterDir(t)
	env := map[string]string{"ADDR": "127.0.0.1:0", "DATA_DIR": dir, "LOG_FORMAT": "json"}
	getenv := func(k string) string { return env[k] }

	start := func() (base string, stop func()) {
		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		done := make(chan error, 1)
		go func() { done <- run(ctx, []string{"headway"}, getenv, pw); pw.Close() }()
		addrRe := regexp.MustCompile(`"msg":"serving","addr":"([^"]+)"`)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := addrRe.FindStringSubmatch(sc.Text()); m != nil {
				base = "http://" + m[1]
				break
			}
		}
		if base == "" {
			cancel()
			t.Fatalf("server did not start: %v", <-done)
		}
		go io.Copy(io.Discard, pr)
		return base, func() {
			cancel()
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

	base, stop := start()
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
	stop()
	if out, _ := exec.Command("pgrep", "-f", "-D "+dir).Output(); strings.TrimSpace(string(out)) != "" {
		t.Fatalf("postgres still running after shutdown: %s", out)
	}

	base, stop = start()
	defer stop()
	resp, err = client.PostForm(base+"/login", url.Values{"email": {"ann@example.com"}, "password": {"correct horse battery"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/o/main-test/" {
		t.Fatalf("login after restart: %d %s", resp.StatusCode, resp.Header.Get("Location"))
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
			return c.addr == ":8080" && c.baseURL == "http://localhost:8080" && c.dataDir == "./data" && c.logFormat == "text" && c.sessionIdle == 2*time.Hour
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
		{"explicit base URL", []string{"headway"}, map[string]string{"ADDR": ":9090", "BASE_URL": "https://hw.example.com"}, false,
			func(c config) bool { return c.baseURL == "https://hw.example.com" }},
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
