// Package http is the web layer: routing, authentication, tenant resolution,
// forms and rendering. Handlers stay thin: parse, authorize, call the store or
// the domain, render or redirect.
package http

import (
	"context"
	"fmt"
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
	// Failed logins per LoginWindow: LoginLimitPerPair per account from one
	// client IP and LoginLimitPerIP per IP are refused beyond (429);
	// beyond LoginLimitPerAccount from everywhere, each attempt on the
	// account waits LoginDelayStep more per failure, up to LoginMaxDelay,
	// instead of being refused, so that guesses from elsewhere slow the
	// owner down but cannot lock them out.
	LoginLimitPerIP      int
	LoginLimitPerPair    int
	LoginLimitPerAccount int
	LoginWindow          time.Duration
	LoginDelayStep       time.Duration
	LoginMaxDelay        time.Duration
	// SignupLimitPerIP and SignupLimitPerEmail bound signup attempts per hour
	// per client IP and per address asked for, counted before the "already
	// exists" answer: enumerating accounts costs the same budget as creating them.
	SignupLimitPerIP    int
	SignupLimitPerEmail int
	// ResetLimitPerIP and ResetLimitPerEmail bound password-reset requests
	// per hour (per email: the emails actually sent, against mail bombing).
	ResetLimitPerIP    int
	ResetLimitPerEmail int
	// InviteLimitPerOrg and InviteLimitPerEmail bound invitation emails
	// (sent or resent) per hour, so Headway cannot be used to flood anyone.
	InviteLimitPerOrg   int
	InviteLimitPerEmail int
	// SurveyLimitPerOrg bounds the team surveys an organization opens (each
	// emails every member) per day.
	SurveyLimitPerOrg int
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

	// wrapSessionStore, when set, wraps the session store (tests make it fail).
	wrapSessionStore func(scs.Store) scs.Store

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
		LoginLimitPerPair:    10,
		LoginLimitPerAccount: 100,
		LoginWindow:          15 * time.Minute,
		LoginDelayStep:       100 * time.Millisecond,
		LoginMaxDelay:        5 * time.Second,
		SignupLimitPerIP:     300,
		SignupLimitPerEmail:  10,
		ResetLimitPerIP:      30,
		ResetLimitPerEmail:   3,
		InviteLimitPerOrg:    100,
		InviteLimitPerEmail:  5,
		SurveyLimitPerOrg:    3,
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
	// loginNoted lets a throttled account's log note it once per window.
	loginNoted *attemptLimiter
	loginAcct  *attemptLimiter
	loginPair  *attemptLimiter
	signupIP   *attemptLimiter
	signupTo   *attemptLimiter
	// probed: the owner of a taken address is told of a signup attempt once a day.
	probed    *oncePer
	resetIP   *attemptLimiter
	resetMail *attemptLimiter
	inviteOrg *attemptLimiter
	inviteTo  *attemptLimiter
	surveyOrg *attemptLimiter // step 4: survey emails per organization
	// orgCreate bounds the organizations one account creates per hour.
	orgCreate *attemptLimiter
	// inviteCode bounds the address codes sent per invitation.
	inviteCode *attemptLimiter
	// emailLink: links sent to a new address per account, ResetLimitPerEmail an hour.
	emailLink *attemptLimiter
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
	if cfg.wrapSessionStore != nil {
		sm.Store = cfg.wrapSessionStore(sm.Store)
	}
	sm.Lifetime = cfg.SessionLifetime
	sm.IdleTimeout = cfg.SessionIdleTimeout
	sm.Cookie.Name = "headway_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = strings.HasPrefix(cfg.BaseURL, "https://")
	sm.Cookie.Path = "/"

	s := &Server{
		cfg:        cfg,
		store:      st,
		mailer:     reservedDropper{mailer},
		sessions:   sm,
		log:        log,
		metrics:    newMetrics(),
		passwords:  newPasswordHasher(),
		loginIP:    newAttemptLimiter(cfg.LoginLimitPerIP, cfg.LoginWindow),
		loginNoted: newAttemptLimiter(1, cfg.LoginWindow),
		loginAcct:  newAttemptLimiter(cfg.LoginLimitPerAccount, cfg.LoginWindow),
		loginPair:  newAttemptLimiter(cfg.LoginLimitPerPair, cfg.LoginWindow),
		signupIP:   newAttemptLimiter(cfg.SignupLimitPerIP, time.Hour),
		signupTo:   newAttemptLimiter(cfg.SignupLimitPerEmail, time.Hour),
		probed:     newOncePer(24*time.Hour, 100_000),
		resetIP:    newAttemptLimiter(cfg.ResetLimitPerIP, time.Hour),
		resetMail:  newAttemptLimiter(cfg.ResetLimitPerEmail, time.Hour),
		inviteOrg:  newAttemptLimiter(cfg.InviteLimitPerOrg, time.Hour),
		inviteTo:   newAttemptLimiter(cfg.InviteLimitPerEmail, time.Hour),
		surveyOrg:  newAttemptLimiter(cfg.SurveyLimitPerOrg, 24*time.Hour),
		inviteCode: newAttemptLimiter(cfg.InviteLimitPerEmail, time.Hour),
		orgCreate:  newAttemptLimiter(orgsPerHour, time.Hour),
		emailLink:  newAttemptLimiter(cfg.ResetLimitPerEmail, time.Hour),
	}
	sm.ErrorFunc = s.sessionFailed
	s.handler = s.routes()
	return s
}

// sessionFailed answers a session store failure (loading the session, or
// saving it as the response starts) through the sink: the error page and
// one structured log line with the request id, in place of scs's bare text
// and standard-logger line. Whatever the handler writes afterwards is dropped
// (see loadAndSave).
func (s *Server) sessionFailed(w http.ResponseWriter, r *http.Request, err error) {
	s.error(w, r, fmt.Errorf("session store: %w", err))
	if fw, ok := w.(*sessionFailWriter); ok {
		fw.failed = true
	}
}

// loadAndSave is scs's LoadAndSave over a writer that sessionFailed can
// close: a save fails when the handler starts its response, and the
// handler's own status and body must not follow the error page.
func (s *Server) loadAndSave(next http.Handler) http.Handler {
	h := s.sessions.LoadAndSave(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(&sessionFailWriter{ResponseWriter: w}, r)
	})
}

type sessionFailWriter struct {
	http.ResponseWriter
	failed bool
}

func (f *sessionFailWriter) WriteHeader(code int) {
	if !f.failed {
		f.ResponseWriter.WriteHeader(code)
	}
}

func (f *sessionFailWriter) Write(b []byte) (int, error) {
	if f.failed {
		return len(b), nil
	}
	return f.ResponseWriter.Write(b)
}

func (f *sessionFailWriter) Unwrap() http.ResponseWriter { return f.ResponseWriter }

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
