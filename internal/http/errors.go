package http

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// The error sink. Every failure a handler cannot answer itself goes through
// s.error, which finds it in errorTable and writes the HTML error page or,
// on the API, the JSON {"error","fields"}. Only what the table does not
// know is a 500, logged with the request id, route pattern and method;
// err.Error() is never shown.

// errorKind is a row of the table: a status and words safe to show.
type errorKind struct {
	is      func(error) bool
	status  int
	title   string // heading of the error page
	message string // the page's explanation
	api     string // the API's "error"
}

// Errors of the web layer itself.
var (
	// errRateLimited: a throttle or an email budget said no.
	errRateLimited = errors.New("http: rate limited")
	// errMethodNotAllowed: the path exists, the method does not.
	errMethodNotAllowed = errors.New("http: method not allowed")
	// errCrossOrigin: a state change from another site.
	errCrossOrigin = errors.New("http: cross-origin request")
	// errResetLinkGone: a password-reset link that was used or has expired.
	errResetLinkGone = errors.New("http: link used or expired")
	// errEmailLinkGone: an email-change link that cannot be used.
	errEmailLinkGone = errors.New("http: email link used or expired")
	// errUnauthenticated: an API request without a usable token.
	errUnauthenticated = errors.New("http: unauthenticated")
)

func target(t error) func(error) bool { return func(err error) bool { return errors.Is(err, t) } }

var errorTable = []errorKind{
	{target(store.ErrNotFound), http.StatusNotFound, "Page not found",
		"There is nothing here, or you do not have access to it.", "not found"},
	{target(errUnauthenticated), http.StatusUnauthorized, "Log in",
		"Log in to see this page.", "invalid, revoked or expired token"},
	{target(store.ErrForbidden), http.StatusForbidden, "Not allowed",
		"Your role in this organization does not allow this. Ask an owner or admin.", "forbidden"},
	{target(errCrossOrigin), http.StatusForbidden, "Request blocked",
		"This request came from another site and was rejected to protect your account.", "cross-origin request refused"},
	{target(store.ErrLastOwner), http.StatusConflict, "An owner is needed",
		"An organization needs at least one owner: make someone else an owner first.", "the organization's last owner cannot be removed or demoted"},
	{target(store.ErrAlreadyMember), http.StatusConflict, "Already a member",
		"That person is already a member of this organization.", "already a member"},
	{target(store.ErrAlreadyInvited), http.StatusConflict, "Already invited",
		"That email already has a pending invitation: resend or revoke it.", "already invited"},
	{target(store.ErrStale), http.StatusConflict, "Changed by someone else",
		"Someone else saved this while you were editing it. Reload it, then make your change again.",
		"stale version: someone else changed this since you read it; GET it again and send its current version"},
	{target(store.ErrConflict), http.StatusConflict, "Conflict",
		"This conflicts with something that already exists. Reload the page and try again.", "conflict"},
	{target(store.ErrInvitationUsed), http.StatusGone, "Invitation used",
		"This invitation has already been used.", "invitation already used"},
	{target(store.ErrInvitationRevoked), http.StatusGone, "Invitation withdrawn",
		"This invitation was withdrawn. Ask an admin for a new one.", "invitation revoked"},
	{target(store.ErrInvitationExpired), http.StatusGone, "Invitation expired",
		"This invitation has expired. Ask an admin to resend it.", "invitation expired"},
	{target(store.ErrImportExpired), http.StatusGone, "This import has expired",
		"An uploaded file waits an hour for its confirmation, and this one waited longer. Nothing was imported: upload the file again.",
		"import expired"},
	{target(errResetLinkGone), http.StatusGone, "This reset link cannot be used",
		"It has expired or was already used.", "link used or expired"},
	{target(errEmailLinkGone), http.StatusGone, "This email link cannot be used",
		"It has expired or was already used.", "link used or expired"},
	{func(err error) bool { var fe roadmap.FieldErrors; return errors.As(err, &fe) }, http.StatusUnprocessableEntity,
		"Check your input", "Some fields need a correction.", "invalid input: see fields"},
	{func(err error) bool { var be *bodyError; return errors.As(err, &be) }, http.StatusBadRequest,
		"Bad request", "The request could not be read.", "bad request"},
	{func(err error) bool { var tb *http.MaxBytesError; return errors.As(err, &tb) }, http.StatusRequestEntityTooLarge,
		"Too large", "What you sent is larger than this page accepts.", "request body too large"},
	{target(errMethodNotAllowed), http.StatusMethodNotAllowed, "Method not allowed",
		"This address does not accept that kind of request.", "method not allowed"},
	{target(errRateLimited), http.StatusTooManyRequests, "Too many requests",
		"Please wait a minute and try again.", "too many requests: retry later"},
}

var internalError = errorKind{status: http.StatusInternalServerError, title: "Something went wrong",
	message: "We could not complete that request. It has been logged; please try again in a moment.", api: "internal error"}

// classify finds err in the table; a message attached with withMessage
// replaces the table's.
func classify(err error) errorKind {
	k := internalError
	for _, row := range errorTable {
		if row.is(err) {
			k = row
			break
		}
	}
	var m *messageError
	if k.status != http.StatusInternalServerError && errors.As(err, &m) {
		k.message, k.api = m.msg, m.msg
	}
	return k
}

// messageError carries a message safe to show in place of the table's.
type messageError struct {
	err error
	msg string
}

func (e *messageError) Error() string { return e.err.Error() }
func (e *messageError) Unwrap() error { return e.err }

// withMessage attaches msg, safe to show, to err: the status still comes
// from err (an unknown err stays a 500 whose message is never shown).
func withMessage(err error, msg string) error { return &messageError{err: err, msg: msg} }

// error answers a failed request through the table.
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	k := classify(err)
	if k.status == http.StatusInternalServerError {
		s.log.Error("internal error", "err", err, "method", metricMethod(r.Method), "route", routeOf(r),
			"request_id", middleware.GetReqID(r.Context()))
	}
	switch k.status {
	case http.StatusMethodNotAllowed:
		s.setAllow(w, r)
	case http.StatusTooManyRequests:
		w.Header().Set("Retry-After", "60")
	}
	if isAPI(r) {
		fields := map[string]string{}
		var fe roadmap.FieldErrors
		var be *bodyError
		switch {
		case errors.As(err, &fe):
			fields = fe
		case errors.As(err, &be):
			if be.field != "" {
				fields[be.field] = be.msg
			}
			k.api = be.msg // what could not be read, with or without a field to blame
		}
		s.writeJSON(w, k.status, apiError{Error: k.api, Fields: fields})
		return
	}
	s.errorPage(w, r, k.status, k.title, k.message)
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, heading, message string) {
	p := s.page(r, heading, "")
	p.Flash = ""
	s.render(w, r, status, web.ErrorPage(p, status, heading, message))
}

// The router's own answers, through the same sink.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) { s.error(w, r, store.ErrNotFound) }
func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	s.error(w, r, errMethodNotAllowed)
}
func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	s.error(w, r, errCrossOrigin)
}

type apiCtxKey struct{}

// apiRoutes marks the requests of the JSON API, so that the sink answers
// them in JSON.
func apiRoutes(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), apiCtxKey{}, true)))
	})
}

// isAPI reports a request of the JSON API. The path decides for requests
// answered before the API group's middleware ran (the router's 404 and 405).
func isAPI(r *http.Request) bool {
	if v, _ := r.Context().Value(apiCtxKey{}).(bool); v {
		return true
	}
	return r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/")
}

// setAllow lists the methods the request's path does answer (RFC 9110
// requires Allow on a 405); chi keeps them to itself for custom handlers.
func (s *Server) setAllow(w http.ResponseWriter, r *http.Request) {
	routes, ok := s.handler.(chi.Routes)
	if !ok {
		return
	}
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		get := len(allow) > 0 && allow[0] == http.MethodGet
		if routes.Match(chi.NewRouteContext(), m, r.URL.Path) || (m == http.MethodHead && get) {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
	}
}
