package http

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
)

// The JSON API for automation (CI pushing KPIs and the like). A bearer token
// determines the organization; there are no sessions and no cookies.

type apiError struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields"`
}

// writeJSON writes v with status.
func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.log.Error("api: encode", "err", err)
		status, b = http.StatusInternalServerError, []byte(`{"error":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	s.error(w, r, store.ErrNotFound)
}

func (s *Server) apiMethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	s.error(w, r, errMethodNotAllowed)
}

type apiTokenKey struct{}

// apiToken is the authenticated token of an API request.
func apiToken(ctx context.Context) store.APIToken {
	t, _ := ctx.Value(apiTokenKey{}).(store.APIToken)
	return t
}

// requireToken authenticates "Authorization: Bearer hw_…". Missing,
// malformed, unknown, revoked and expired tokens all get 401.
func (s *Server) requireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="headway"`)
		scheme, secret, found := strings.Cut(r.Header.Get("Authorization"), " ")
		secret = strings.TrimSpace(secret)
		if !found || !strings.EqualFold(scheme, "Bearer") || secret == "" {
			s.error(w, r, withMessage(errUnauthenticated, "missing bearer token: send Authorization: Bearer hw_…"))
			return
		}
		if !strings.HasPrefix(secret, apiTokenPrefix) || len(secret) > 200 {
			s.error(w, r, withMessage(errUnauthenticated, "malformed token: Headway tokens start with hw_"))
			return
		}
		from := store.WithAudit(r.Context(), store.AuditEvent{ClientIP: clientIP(r), RequestID: middleware.GetReqID(r.Context())})
		tok, err := s.store.AuthenticateAPIToken(from, store.HashToken(secret), s.now())
		if errors.Is(err, store.ErrNotFound) {
			err = errUnauthenticated
		}
		if err != nil {
			s.error(w, r, err)
			return
		}
		w.Header().Del("WWW-Authenticate")
		noteFacts(r.Context(), func(f *requestFacts) { f.orgID = tok.OrgID })
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), apiTokenKey{}, tok)))
	})
}

// apiOrg is the organization as the API reports it.
type apiOrg struct {
	Slug      string          `json:"slug"`
	Name      string          `json:"name"`
	CreatedAt string          `json:"created_at"`
	Counts    store.OrgCounts `json:"counts"`
}

// handleAPIOrg returns the token's organization.
func (s *Server) handleAPIOrg(w http.ResponseWriter, r *http.Request) {
	org, counts, err := s.store.FindOrg(r.Context(), apiToken(r.Context()).OrgID, s.now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, apiOrg{Slug: org.Slug, Name: org.Name, CreatedAt: org.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"), Counts: counts})
}

// apiList is the one shape of every list the API answers: the items, and
// the cursor of the next page ("" on the last), passed back as ?before=.
type apiList[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next"`
}

// apiPage is a whole list as one page (next is empty), each row converted by
// conv; an empty list is [], never null.
func apiPage[T, A any](rows []T, conv func(T) A) apiList[A] {
	out := apiList[A]{Items: make([]A, 0, len(rows))}
	for _, r := range rows {
		out.Items = append(out.Items, conv(r))
	}
	return out
}

// apiAuditEvent is an audit entry as the API reports it.
type apiAuditEvent struct {
	ID        int64  `json:"id"`
	At        string `json:"at"`
	Actor     string `json:"actor"`
	Action    string `json:"action"`
	Target    string `json:"target"`
	ClientIP  string `json:"client_ip"`
	RequestID string `json:"request_id"`
}

// handleAPIAudit is GET /api/v1/audit: the token's organization's audit
// log, newest first, ?action= to filter, ?before=<id> to page, ?limit= up
// to 200 (50 by default).
func (s *Server) handleAPIAudit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.AuditFilter{Action: q.Get("action"), Limit: auditPageSize}
	fe := roadmap.FieldErrors{}
	if f.Action != "" && auditLabel(f.Action) == f.Action {
		fe.Add("action", "Unknown action.")
	}
	if v := q.Get("before"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err != nil || n <= 0 {
			fe.Add("before", "before must be a positive id, as the previous page's next.")
		} else {
			f.BeforeID = n
		}
	}
	if v := q.Get("limit"); v != "" {
		if n, err := strconv.Atoi(v); err != nil || n < 1 || n > 200 {
			fe.Add("limit", "limit must be a whole number from 1 to 200.")
		} else {
			f.Limit = n
		}
	}
	if err := fe.Err(); err != nil {
		s.error(w, r, err)
		return
	}
	limit := f.Limit
	f.Limit++
	events, err := s.store.FindAuditEvents(r.Context(), apiToken(r.Context()).OrgID, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	out := apiList[apiAuditEvent]{Items: []apiAuditEvent{}}
	if len(events) > limit {
		events = events[:limit]
		out.Next = strconv.FormatInt(events[len(events)-1].ID, 10)
	}
	for _, e := range events {
		out.Items = append(out.Items, apiAuditEvent{ID: e.ID, At: e.At.UTC().Format(time.RFC3339), Actor: e.Actor, Action: e.Action,
			Target: e.Target, ClientIP: e.ClientIP, RequestID: e.RequestID})
	}
	s.writeJSON(w, http.StatusOK, out)
}
