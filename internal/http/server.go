// Package http is the web layer: routing, authentication, tenant resolution,
// forms and rendering. Handlers stay thin: parse, authorize, call the store or
// the domain, render or redirect.
package http

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"

	"github.com/headwayhq/headway/internal/mail"
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
	// SignupLimitPerIP bounds the accounts created per client IP per hour.
	SignupLimitPerIP int
	// ResetLimitPerIP and ResetLimitPerEmail bound password-reset requests
	// per hour (per email: the emails actually sent, against mail bombing).
	ResetLimitPerIP    int
	ResetLimitPerEmail int
	// InviteLimitPerOrg and InviteLimitPerEmail bound invitation emails
	// (sent or resent) per hour, so Headway cannot be used to flood anyone.
	InviteLimitPerOrg   int
	InviteLimitPerEmail int
	// SecretKey (32+ bytes) derives invitation tokens from their nonces.
	SecretKey []byte
	// InvitationTTL and ResetTTL bound how long emailed links work.
	InvitationTTL time.Duration
	ResetTTL      time.Duration
	// TrustedProxies are the CIDRs of reverse proxies whose X-Forwarded-For
	// names the client (for rate limits); empty: the TCP peer is the client.
	TrustedProxies []string
	// DBProcess is the database process the server owns, if any: /readyz
	// and /healthz report on it.
	DBProcess DBProcess
	// Now is the clock (tests move it); nil means time.Now.
	Now func() time.Time

	// testRoutes adds routes to a group of the route table ("tenant": the
	// form pages of /o/{slug}, "upload": its upload group, "api": the
	// authenticated API), with that group's middleware. Only tests set it
	// (export_test.go), to drive the error sink and the body limits through
	// the real router before the features that use them land.
	testRoutes func(s *Server, group string, r chi.Router)
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
		SignupLimitPerIP:     300,
		ResetLimitPerIP:      30,
		ResetLimitPerEmail:   3,
		InviteLimitPerOrg:    100,
		InviteLimitPerEmail:  5,
		InvitationTTL:        7 * 24 * time.Hour,
		ResetTTL:             time.Hour,
	}
}

// Server holds the dependencies of every handler.
type Server struct {
	cfg       Config
	store     *store.Store
	mailer    mail.Mailer
	sessions  *scs.SessionManager
	log       *slog.Logger
	metrics   *metrics
	passwords *passwordHasher
	loginIP   *attemptLimiter
	loginAcct *attemptLimiter
	signupIP  *attemptLimiter
	resetIP   *attemptLimiter
	resetMail *attemptLimiter
	inviteOrg *attemptLimiter
	inviteTo  *attemptLimiter
	draining  atomic.Bool
	bg        sync.WaitGroup // background work (emails) that outlives its request
	handler   http.Handler
}

// New wires a server over the store.
func New(cfg Config, st *store.Store, mailer mail.Mailer, log *slog.Logger) *Server {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if len(cfg.SecretKey) < 32 {
		panic("http.New: Config.SecretKey must have at least 32 bytes")
	}
	sm := scs.New()
	sm.Store = hashedStore{pgxstore.New(st.Pool())}
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
		mailer:    mailer,
		sessions:  sm,
		log:       log,
		metrics:   newMetrics(),
		passwords: newPasswordHasher(),
		loginIP:   newAttemptLimiter(cfg.LoginLimitPerIP, cfg.LoginWindow),
		loginAcct: newAttemptLimiter(cfg.LoginLimitPerAccount, cfg.LoginWindow),
		signupIP:  newAttemptLimiter(cfg.SignupLimitPerIP, time.Hour),
		resetIP:   newAttemptLimiter(cfg.ResetLimitPerIP, time.Hour),
		resetMail: newAttemptLimiter(cfg.ResetLimitPerEmail, time.Hour),
		inviteOrg: newAttemptLimiter(cfg.InviteLimitPerOrg, time.Hour),
		inviteTo:  newAttemptLimiter(cfg.InviteLimitPerEmail, time.Hour),
	}
	s.handler = s.routes()
	return s
}

// mountTestRoutes adds the tests' routes to a group (see Config.testRoutes).
func (s *Server) mountTestRoutes(group string, r chi.Router) {
	if s.cfg.testRoutes != nil {
		s.cfg.testRoutes(s, group, r)
	}
}

// now is the server's clock.
func (s *Server) now() time.Time { return s.cfg.Now() }

// absURL makes an absolute link for emails and copy buttons.
func (s *Server) absURL(path string) string { return strings.TrimRight(s.cfg.BaseURL, "/") + path }

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Wait blocks until background work started by requests (emails) is done:
// call it after http.Server.Shutdown.
func (s *Server) Wait() { s.bg.Wait() }

// later runs fn after the response (emails, and what must not make a
// response slower for one kind of visitor than another); errors are logged.
func (s *Server) later(what string, fn func(context.Context) error) {
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := fn(ctx); err != nil {
			s.log.Error(what+" failed", "err", err)
		}
	}()
}

// Drain makes /readyz answer 503 so a load balancer stops sending traffic
// while in-flight requests finish.
func (s *Server) Drain() { s.draining.Store(true) }
