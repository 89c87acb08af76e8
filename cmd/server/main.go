// Command server runs Headway: it reads configuration from flags and the
// environment, opens (or starts) the database, migrates, and serves until
// SIGINT/SIGTERM, letting in-flight requests finish.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	headway "github.com/headwayhq/headway/internal/http"
	"github.com/headwayhq/headway/internal/mail"
	"github.com/headwayhq/headway/internal/pgcluster"
	"github.com/headwayhq/headway/internal/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args, os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "headway:", err)
		os.Exit(1)
	}
}

type config struct {
	addr, baseURL, databaseURL, migrationURL, dataDir, smtpURL, mailFrom, logFormat, secretKey string
	sessionIdle, sessionLifetime                                                               time.Duration
	migrateOnly                                                                                bool
	trustedProxies                                                                             []string
}

func parseConfig(args []string, getenv func(string) string) (config, error) {
	env := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	def := headway.DefaultConfig()
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	var c config
	fs.StringVar(&c.addr, "addr", env("ADDR", ":8080"), "listen address (ADDR)")
	fs.StringVar(&c.baseURL, "base-url", env("BASE_URL", ""), "public URL for links in emails (BASE_URL); default http://localhost:<port of ADDR>")
	fs.StringVar(&c.databaseURL, "database-url", env("DATABASE_URL", ""), "PostgreSQL URL; empty runs a private cluster under -data-dir (DATABASE_URL)")
	fs.StringVar(&c.migrationURL, "migration-database-url", env("MIGRATION_DATABASE_URL", ""), "URL of the schema owner for migrations (MIGRATION_DATABASE_URL)")
	fs.StringVar(&c.dataDir, "data-dir", env("DATA_DIR", "./data"), "folder of the private cluster (DATA_DIR)")
	fs.StringVar(&c.smtpURL, "smtp-url", env("SMTP_URL", ""), "smtp://user:pass@host:port; empty logs emails (SMTP_URL)")
	fs.StringVar(&c.mailFrom, "mail-from", env("MAIL_FROM", "Headway <no-reply@localhost>"), "sender of emails (MAIL_FROM)")
	c.secretKey = getenv("SECRET_KEY") // not a flag: flags show in ps
	fs.StringVar(&c.logFormat, "log-format", env("LOG_FORMAT", "text"), "text or json (LOG_FORMAT)")
	idle, err := time.ParseDuration(env("SESSION_IDLE_TIMEOUT", def.SessionIdleTimeout.String()))
	if err != nil {
		return c, fmt.Errorf("SESSION_IDLE_TIMEOUT: %w", err)
	}
	life, err := time.ParseDuration(env("SESSION_LIFETIME", def.SessionLifetime.String()))
	if err != nil {
		return c, fmt.Errorf("SESSION_LIFETIME: %w", err)
	}
	fs.DurationVar(&c.sessionIdle, "session-idle-timeout", idle, "end sessions unused this long (SESSION_IDLE_TIMEOUT)")
	fs.DurationVar(&c.sessionLifetime, "session-lifetime", life, "end sessions this long after login (SESSION_LIFETIME)")
	if err := fs.Parse(args[1:]); err != nil {
		return c, err
	}
	switch fs.Arg(0) {
	case "", "serve":
	case "migrate":
		c.migrateOnly = true
	default:
		return c, fmt.Errorf("unknown command %q (want serve or migrate)", fs.Arg(0))
	}
	if v := getenv("TRUSTED_PROXIES"); v != "" {
		for _, p := range strings.Split(v, ",") {
			p = strings.TrimSpace(p)
			if _, err := netip.ParsePrefix(p); err != nil {
				return c, fmt.Errorf("TRUSTED_PROXIES: %q is not a CIDR like 10.0.0.0/8", p)
			}
			c.trustedProxies = append(c.trustedProxies, p)
		}
	}
	if c.baseURL == "" {
		c.baseURL = defaultBaseURL(c.addr)
	}
	if u, err := url.Parse(c.baseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, fmt.Errorf("BASE_URL must be an http(s) URL like https://headway.example.com, not %q", c.baseURL)
	}
	if c.logFormat != "text" && c.logFormat != "json" {
		return c, fmt.Errorf("LOG_FORMAT must be text or json, not %q", c.logFormat)
	}
	return c, nil
}

// defaultBaseURL is where a browser on this machine reaches addr.
func defaultBaseURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" || port == "0" {
		return "http://localhost:8080"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cfg, err := parseConfig(args, getenv)
	if err != nil {
		return err
	}
	var handler slog.Handler = slog.NewTextHandler(stdout, nil)
	if cfg.logFormat == "json" {
		handler = slog.NewJSONHandler(stdout, nil)
	}
	log := slog.New(handler)

	appURL, ownerURL := cfg.databaseURL, cfg.migrationURL
	if appURL == "" {
		cluster, err := startCluster(ctx, cfg.dataDir, log)
		if err != nil {
			return err
		}
		defer func() {
			log.Info("stopping PostgreSQL")
			cluster.Stop()
		}()
		appURL, ownerURL = cluster.AppURL(), cluster.OwnerURL()
	}
	if ownerURL == "" {
		ownerURL = appURL
	}
	poolCfg, err := pgxpool.ParseConfig(appURL)
	if err != nil {
		return fmt.Errorf("DATABASE_URL: %w", err)
	}
	poolCfg.MaxConns = 20
	pool, err := pgxpool.NewWithConfig(ctx, poolCfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	st := store.New(pool)
	// Refuse a privileged role before touching the schema with it.
	if err := st.CheckRole(ctx); err != nil {
		return err
	}
	if err := store.Migrate(ownerURL); err != nil {
		return err
	}
	log.Info("database schema up to date")
	if cfg.migrateOnly {
		return nil
	}

	key, err := secretKey(cfg, log)
	if err != nil {
		return err
	}
	mailer, err := mail.New(cfg.smtpURL, cfg.mailFrom, log)
	if err != nil {
		return fmt.Errorf("SMTP_URL: %w", err)
	}
	if cfg.smtpURL == "" {
		log.Info("SMTP_URL is unset: emails are written to this log instead of being sent")
	}

	wcfg := headway.DefaultConfig()
	wcfg.SecretKey = key
	wcfg.TrustedProxies = cfg.trustedProxies
	wcfg.BaseURL = cfg.baseURL
	wcfg.SessionIdleTimeout = cfg.sessionIdle
	wcfg.SessionLifetime = cfg.sessionLifetime
	srv := headway.New(wcfg, st, mailer, log)
	return serve(ctx, cfg.addr, srv, log)
}

// secretKey is SECRET_KEY, else a key kept in DATA_DIR/secret.key (created
// on first start). Replicas must share one: set SECRET_KEY for them.
func secretKey(cfg config, log *slog.Logger) ([]byte, error) {
	if cfg.secretKey != "" {
		if len(cfg.secretKey) < 32 {
			return nil, errors.New("SECRET_KEY must be at least 32 characters")
		}
		return []byte(cfg.secretKey), nil
	}
	path := filepath.Join(cfg.dataDir, "secret.key")
	if b, err := os.ReadFile(path); err == nil && len(b) >= 32 {
		return b, nil
	}
	if cfg.databaseURL != "" {
		log.Warn("SECRET_KEY is unset: using a key file in DATA_DIR; replicas must share SECRET_KEY", "file", path)
	}
	if err := os.MkdirAll(cfg.dataDir, 0o755); err != nil {
		return nil, err
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	key := []byte(hex.EncodeToString(b))
	if err := os.WriteFile(path, key, 0o600); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return key, nil
}

// startCluster runs the private PostgreSQL cluster under dataDir/postgres.
func startCluster(ctx context.Context, dataDir string, log *slog.Logger) (*pgcluster.Cluster, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, err
	}
	logFile, err := os.OpenFile(filepath.Join(dataDir, "postgres.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(dataDir, "postgres")
	log.Info("starting private PostgreSQL", "dir", dir, "log", logFile.Name())
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Log: logFile})
	if err != nil {
		return nil, fmt.Errorf("%w (see %s)", err, logFile.Name())
	}
	return c, nil
}

// newHTTPServer is the http.Server serve runs, with timeouts against slow
// or idle clients; apart for its test.
func newHTTPServer(addr string, h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// serve listens until ctx ends, then drains: /readyz turns 503 and in-flight
// requests get up to 20 seconds to finish.
func serve(ctx context.Context, addr string, h *headway.Server, log *slog.Logger) error {
	srv := newHTTPServer(addr, h, log)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	log.Info("serving", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: draining requests")
	h.Drain()
	shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	h.Wait() // emails still being sent
	log.Info("stopped")
	return nil
}
