// Command server runs Headway: it reads configuration from flags and the
// environment, opens (or starts and supervises) the database, migrates, and
// serves until SIGINT/SIGTERM, then drains: /readyz answers 503 for
// DRAIN_DELAY while requests are still served, then in-flight requests
// finish. It exits non-zero when its private PostgreSQL cannot be restarted.
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
	"sync/atomic"
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
	// A second signal during the drain ends the process at once (postgres
	// follows by its parent-death signal).
	go func() { <-ctx.Done(); stop() }()
	getenv := func(k string) string {
		// METRICS_ADDR set but empty disables the metrics listener.
		if v, ok := os.LookupEnv(k); ok && v == "" && k == "METRICS_ADDR" {
			return "off"
		}
		return os.Getenv(k)
	}
	if err := run(ctx, os.Args, getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "headway:", err)
		os.Exit(1)
	}
}

type config struct {
	addr, baseURL, databaseURL, migrationURL, dataDir, smtpURL, mailFrom, logFormat, secretKey string
	metricsAddr                                                                                string // "" disables
	mail                                                                                       string // "smtp" or "log", after parseConfig
	sessionIdle, sessionLifetime, drainDelay                                                   time.Duration
	migrateOnly                                                                                bool
	trustedProxies                                                                             []string
}

// defaultDrainDelay is how long /readyz answers 503 before the listener
// closes: long enough for a load balancer (or Kubernetes' endpoints) to
// notice and stop sending traffic.
const defaultDrainDelay = 5 * time.Second

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
	fs.StringVar(&c.smtpURL, "smtp-url", env("SMTP_URL", ""), "smtp://user:pass@host:port (SMTP_URL)")
	fs.StringVar(&c.mail, "mail", env("MAIL", ""), "smtp or log; unset: smtp with SMTP_URL, else log, which needs an http loopback BASE_URL (MAIL)")
	fs.StringVar(&c.metricsAddr, "metrics-addr", env("METRICS_ADDR", "127.0.0.1:9090"), "listen address of /metrics; empty or off disables (METRICS_ADDR)")
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
	drain, err := time.ParseDuration(env("DRAIN_DELAY", defaultDrainDelay.String()))
	if err != nil {
		return c, fmt.Errorf("DRAIN_DELAY: %w", err)
	}
	fs.DurationVar(&c.drainDelay, "drain-delay", drain, "on SIGTERM, answer /readyz 503 this long while serving, then shut down (DRAIN_DELAY)")
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
	if c.drainDelay < 0 {
		return c, fmt.Errorf("DRAIN_DELAY must not be negative, not %v", c.drainDelay)
	}
	if c.metricsAddr == "off" {
		c.metricsAddr = ""
	}
	if err := c.mailRule(); err != nil {
		return c, err
	}
	return c, nil
}

// mailRule settles c.mail. Logged emails carry live invitation and
// password-reset links, so logging them is the default only for a server
// reached over http on a loopback address (a developer's machine); anywhere
// else the server refuses to start without SMTP_URL or an explicit MAIL=log.
func (c *config) mailRule() error {
	switch c.mail {
	case "":
		switch {
		case c.smtpURL != "":
			c.mail = "smtp"
		case loopbackHTTP(c.baseURL) || c.migrateOnly:
			c.mail = "log"
		default:
			return fmt.Errorf("SMTP_URL is unset and BASE_URL %s is not http on a loopback host: emails would be written to the log with "+
				"their live invitation and password-reset links; set SMTP_URL, or MAIL=log to log them anyway", c.baseURL)
		}
	case "smtp":
		if c.smtpURL == "" {
			return errors.New("MAIL=smtp needs SMTP_URL")
		}
	case "log":
		if c.smtpURL != "" {
			return errors.New("MAIL=log and SMTP_URL contradict each other: unset one")
		}
	default:
		return fmt.Errorf("MAIL must be smtp or log, not %q", c.mail)
	}
	return nil
}

// loopbackHTTP reports whether base is an http URL on localhost,
// 127.0.0.0/8 or ::1.
func loopbackHTTP(base string) bool {
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "http" {
		return false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
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
	// The pool, once open: a postmaster that exited took every connection
	// with it, so the supervisor resets the pool before restarting it.
	var pooled atomic.Pointer[pgxpool.Pool]
	var cluster *pgcluster.Cluster
	if appURL == "" {
		cluster, err = startCluster(ctx, cfg.dataDir, log, func() {
			if p := pooled.Load(); p != nil {
				p.Reset()
			}
		})
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
	pooled.Store(pool)
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
	if cfg.mail == "log" {
		if loopbackHTTP(cfg.baseURL) {
			log.Info("SMTP_URL is unset: emails are written to this log instead of being sent")
		} else {
			log.Warn("MAIL=log: emails, with their live invitation and password-reset links, are written to this log instead of being sent")
		}
	}

	wcfg := headway.DefaultConfig()
	wcfg.SecretKey = key
	wcfg.TrustedProxies = cfg.trustedProxies
	wcfg.BaseURL = cfg.baseURL
	wcfg.SessionIdleTimeout = cfg.sessionIdle
	wcfg.SessionLifetime = cfg.sessionLifetime
	var dbFailed <-chan struct{} // nil: never (an external database is not ours to watch)
	if cluster != nil {
		wcfg.DBProcess = cluster
		dbFailed = cluster.Failed()
	}
	srv := headway.New(wcfg, st, mailer, log)
	err = serve(ctx, cfg, srv, log, dbFailed)
	if cluster != nil && cluster.Err() != nil {
		return fmt.Errorf("the private PostgreSQL exited and cannot be restarted (see %s): %w", filepath.Join(cfg.dataDir, "postgres.log"), cluster.Err())
	}
	return err
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

// clusterRestart is the private cluster's restart policy (tests shorten it).
var clusterRestart pgcluster.RestartPolicy

// startCluster runs the private PostgreSQL cluster under dataDir/postgres,
// supervised: onDown runs when the postmaster exited by itself.
func startCluster(ctx context.Context, dataDir string, log *slog.Logger, onDown func()) (*pgcluster.Cluster, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, err
	}
	logFile, err := os.OpenFile(filepath.Join(dataDir, "postgres.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(dataDir, "postgres")
	log.Info("starting private PostgreSQL", "dir", dir, "log", logFile.Name())
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Log: logFile, Logger: log, Restart: clusterRestart, OnDown: onDown})
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

// serve listens until ctx ends, then drains: /readyz answers 503 for the
// drain delay while requests are still served (so that load balancers stop
// sending traffic first), then the listener closes and in-flight requests
// get up to 20 seconds to finish. When dbFailed closes (the private
// PostgreSQL cannot be restarted) it shuts down at once and returns an
// error, so that the process manager restarts the whole server. Metrics are
// served on their own listener, cfg.metricsAddr.
func serve(ctx context.Context, cfg config, h *headway.Server, log *slog.Logger, dbFailed <-chan struct{}) error {
	srv := newHTTPServer(cfg.addr, h, log)
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	errc := make(chan error, 2)
	var msrv *http.Server
	if cfg.metricsAddr != "" {
		mln, err := net.Listen("tcp", cfg.metricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("METRICS_ADDR: %w", err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", h.MetricsHandler())
		msrv = newHTTPServer(cfg.metricsAddr, mux, log)
		log.Info("serving metrics", "addr", mln.Addr().String())
		go func() {
			if err := msrv.Serve(mln); !errors.Is(err, http.ErrServerClosed) {
				errc <- fmt.Errorf("metrics: %w", err)
			}
		}()
		defer msrv.Close()
	}
	log.Info("serving", "addr", ln.Addr().String())
	go func() { errc <- srv.Serve(ln) }()
	var failed error
	select {
	case err := <-errc:
		return err
	case <-dbFailed:
		failed = errors.New("the private PostgreSQL exited and cannot be restarted")
	case <-ctx.Done():
		h.Drain()
		if cfg.drainDelay > 0 {
			log.Info("draining: /readyz answers 503 while requests are still served", "delay", cfg.drainDelay.String())
			select {
			case <-time.After(cfg.drainDelay):
			case <-dbFailed:
				failed = errors.New("the private PostgreSQL exited and cannot be restarted")
			}
		}
	}
	if failed != nil {
		log.Error("shutting down: " + failed.Error())
	}
	log.Info("shutting down: draining requests")
	h.Drain()
	shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return errors.Join(failed, err)
	}
	h.Wait() // emails still being sent
	if msrv != nil {
		_ = msrv.Shutdown(shutCtx)
	}
	log.Info("stopped")
	return failed
}
