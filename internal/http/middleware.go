package http

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/headwayhq/headway/internal/store"
)

const (
	sessionUserID = "user_id"
	sessionEpoch  = "epoch"
	sessionFlash  = "flash"
	sessionFlashK = "flash_kind"
	// A new API token's secret, sealed, and its name: shown once after the
	// redirect that follows its creation.
	sessionNewToken     = "new_token"
	sessionNewTokenName = "new_token_name"
)

// contentSecurityPolicy allows nothing inline and nothing from elsewhere.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// securityHeaders sets the strict headers on every response. HSTS goes out
// when the public address is https, even when TLS ends at a proxy in front.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	https := strings.HasPrefix(s.cfg.BaseURL, "https://")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if https || r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// capBody caps request bodies at n bytes. The whole router is capped at the
// largest limit; each group lowers it for its routes.
func capBody(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Body = http.MaxBytesReader(w, r.Body, n)
			next.ServeHTTP(w, r)
		})
	}
}

// formBody caps the body of a form route at n and parses the form here, so
// that one over the cap is answered 413 (and a malformed one 400) instead of
// reaching a handler truncated, where it would come back as a misleading
// "field is required". Forms send no files: a multipart one is read into
// memory, within n.
func (s *Server) formBody(n int64) func(http.Handler) http.Handler {
	return s.parseBody(n, n, "the form could not be read")
}

// uploadBody caps the body of an upload route at n and parses its multipart
// form (files past 1 MiB wait in temporary files, removed after the request).
func (s *Server) uploadBody(n int64) func(http.Handler) http.Handler {
	return s.parseBody(n, 1<<20, "the upload could not be read")
}

func (s *Server) parseBody(n, inMemory int64, problem string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > n {
				s.error(w, r, &http.MaxBytesError{Limit: n})
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, n)
			var err error
			switch mediaType(r) {
			case "application/x-www-form-urlencoded":
				err = r.ParseForm()
			case "multipart/form-data":
				err = r.ParseMultipartForm(inMemory)
				if r.MultipartForm != nil {
					defer func() { _ = r.MultipartForm.RemoveAll() }()
				}
			}
			if err != nil {
				s.error(w, r, bodyProblem(err, problem))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// bodyProblem keeps a body over its limit as it is (413) and words any other
// failure to read it (400).
func bodyProblem(err error, msg string) error {
	if tooBig := (*http.MaxBytesError)(nil); errors.As(err, &tooBig) {
		return err
	}
	return &bodyError{msg: msg}
}

// mediaType is the request's Content-Type without parameters, lower case.
func mediaType(r *http.Request) string {
	ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";")
	return strings.ToLower(strings.TrimSpace(ct))
}

// observe logs each request and records metrics, both by route pattern: a raw
// path may carry a secret (an invitation token), and tenants must not become
// metric labels. Query strings and bodies are never logged.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		facts := &requestFacts{}
		r = r.WithContext(context.WithValue(r.Context(), ctxFacts, facts))
		defer func() {
			if rec := recover(); rec != nil {
				if rec == http.ErrAbortHandler {
					panic(rec)
				}
				s.log.Error("panic", "err", fmt.Sprint(rec), "stack", string(debug.Stack()))
				if ww.Status() == 0 {
					s.error(ww, r, fmt.Errorf("panic: %v", rec))
				}
			}
			route := routeOf(r)
			status := ww.Status()
			if status == 0 {
				status = http.StatusOK
			}
			d := time.Since(start)
			s.metrics.observe(metricMethod(r.Method), route, status, d)
			if route == "/healthz" || route == "/readyz" || route == "/metrics" || route == "/static/*" {
				return
			}
			s.log.Info("request", "method", metricMethod(r.Method), "route", route, "status", status,
				"bytes", ww.BytesWritten(), "duration_ms", float64(d.Microseconds())/1000,
				"request_id", middleware.GetReqID(r.Context()), "client_ip", clientIP(r), "user_id", facts.userID, "org_id", facts.orgID)
		}()
		next.ServeHTTP(ww, r)
	})
}

// routeOf names a request in logs and metrics by its route pattern, never
// its path: a path may carry a secret (an invitation or reset token).
func routeOf(r *http.Request) string {
	if rc := chi.RouteContext(r.Context()); rc != nil && len(rc.RoutePatterns) > 0 {
		return routePattern(rc)
	}
	return "unmatched"
}

// metricMethod keeps the method label to a fixed set, so that made-up
// methods cannot grow the metrics without bound.
func metricMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return m
	}
	return "OTHER"
}

// routePattern is the matched pattern as the route table writes it
// ("/o/{slug}/"), where chi's RoutePattern trims the trailing slash. A
// request that a group's middleware answered before routing on keeps the
// group's pattern ("/o/{slug}/*").
func routePattern(rc *chi.Context) string {
	var p string
	for _, part := range rc.RoutePatterns {
		p = strings.TrimSuffix(strings.TrimSuffix(p, "*"), "/") + part
	}
	return p
}

// loadUser puts the session's user and their organizations in the context.
func (s *Server) loadUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := s.sessions.GetInt64(r.Context(), sessionUserID)
		if id == 0 {
			next.ServeHTTP(w, r)
			return
		}
		// The same round trip notes the session's use (see FindSessionUser).
		u, orgs, err := s.store.FindSessionUser(r.Context(), id, s.seen(r, s.sessions.GetInt(r.Context(), sessionEpoch)))
		if errors.Is(err, store.ErrNotFound) || (err == nil && u.SessionEpoch != s.sessions.GetInt(r.Context(), sessionEpoch)) {
			// The account is gone, or its password was reset after this
			// session began: the session means nothing any more.
			_ = s.sessions.Destroy(r.Context())
			next.ServeHTTP(w, r)
			return
		}
		if err != nil {
			s.error(w, r, err)
			return
		}
		noteFacts(r.Context(), func(f *requestFacts) { f.userID = u.ID })
		ctx := context.WithValue(r.Context(), ctxUser, &u)
		ctx = context.WithValue(ctx, ctxOrgs, orgs)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// requireUser sends visitors to the login page, and back here after login.
func (s *Server) requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if currentUser(r.Context()) == nil {
			next := r.URL.Path
			if r.Method != http.MethodGet {
				next = "" // never replay a POST after login
			}
			target := "/login"
			if next != "" && next != "/" {
				target += "?next=" + url.QueryEscape(next)
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireOrg resolves {slug} among the user's memberships. An unknown slug and
// an organization the user does not belong to get the same 404.
func (s *Server) requireOrg(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slug := chi.URLParam(r, "slug")
		orgs := userOrgs(r.Context())
		i := slices.IndexFunc(orgs, func(o store.OrgMembership) bool { return o.Slug == slug })
		if i < 0 {
			s.notFound(w, r)
			return
		}
		org := orgs[i]
		noteFacts(r.Context(), func(f *requestFacts) { f.orgID = org.ID })
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxOrg, &org)))
	})
}

// requireRole admits only the listed membership roles (403 otherwise).
func (s *Server) requireRole(roles ...string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if org := currentOrg(r.Context()); org == nil || !slices.Contains(roles, org.Role) {
				s.error(w, r, store.ErrForbidden)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// manage is the role set that may change an organization.
var manage = []string{store.RoleOwner, store.RoleAdmin}

// sessionMarker records that the session is loaded (see hasSession).
func sessionMarker(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxSession, true)))
	})
}
