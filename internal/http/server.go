// Package http is the web layer: routing, authentication, tenant resolution,
// forms and rendering. Handlers stay thin: parse, authorize, call the store or
// the domain, render or redirect.
package http

import (
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/httprate"

	"github.com/headwayhq/headway/internal/store"
)

// Config is the web layer's configuration.
type Config struct {
	// BaseURL is the public address (links in emails); https turns on Secure cookies.
	BaseURL string
	// SessionIdleTimeout ends a session nobody used for this long.
	SessionIdleTimeout time.Duration
	// SessionLifetime ends every session this long after login, used or not.
	SessionLifetime time.Duration
	// LoginLimitPerIP and LoginLimitPerAccount bound failed logins per LoginWindow.
	LoginLimitPerIP      int
	LoginLimitPerAccount int
	LoginWindow          time.Duration
	// SignupLimitPerIP bounds signups per client IP per hour.
	SignupLimitPerIP int
}

// DefaultConfig holds the defaults the README documents.
func DefaultConfig() Config {
	return Config{
		BaseURL:              "http://localhost:8080",
		SessionIdleTimeout:   2 * time.Hour,
		SessionLifetime:      24 * time.Hour,
		LoginLimitPerIP:      50,
		LoginLimitPerAccount: 10,
		LoginWindow:          15 * time.Minute,
		SignupLimitPerIP:     20,
	}
}

// Server holds the dependencies of every handler.
type Server struct {
	cfg       Config
	store     *store.Store
	sessions  *scs.SessionManager
	log       *slog.Logger
	metrics   *metrics
	passwords *passwordHasher
	loginIP   *httprate.RateLimiter
	loginAcct *httprate.RateLimiter
	draining  atomic.Bool
	handler   http.Handler
}

// New wires a server over the store.
func New(cfg Config, st *store.Store, log *slog.Logger) *Server {
	sm := scs.New()
	sm.Store = pgxstore.New(st.Pool())
	sm.Lifetime = cfg.SessionLifetime
	sm.IdleTimeout = cfg.SessionIdleTimeout
	sm.Cookie.Name = "headway_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = strings.HasPrefix(cfg.BaseURL, "https://")
	sm.Cookie.Path = "/"

	s := &Server{
		cfg:       cfg,
		store:     st,
		sessions:  sm,
		log:       log,
		metrics:   newMetrics(),
		passwords: newPasswordHasher(),
		loginIP:   httprate.NewRateLimiter(cfg.LoginLimitPerIP, cfg.LoginWindow),
		loginAcct: httprate.NewRateLimiter(cfg.LoginLimitPerAccount, cfg.LoginWindow),
	}
	s.handler = s.routes()
	return s
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Drain makes /readyz answer 503 so a load balancer stops sending traffic
// while in-flight requests finish.
func (s *Server) Drain() { s.draining.Store(true) }
