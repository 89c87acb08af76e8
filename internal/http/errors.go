package http

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/headwayhq/headway/web"
)

// The error sink: one place maps a failure to a status and a page. Internal
// errors are logged and never shown.

func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("internal error", "err", err, "method", metricMethod(r.Method), "route", routeOf(r), "request_id", middleware.GetReqID(r.Context()))
	s.errorPage(w, r, http.StatusInternalServerError, "Something went wrong",
		"We could not complete that request. It has been logged; please try again in a moment.")
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, "Page not found",
		"There is nothing here, or you do not have access to it.")
}

func (s *Server) forbidden(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusForbidden, "Not allowed",
		"Your role in this organization does not allow this. Ask an owner or admin.")
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	s.setAllow(w, r)
	s.errorPage(w, r, http.StatusMethodNotAllowed, "Method not allowed",
		"This address does not accept that kind of request.")
}

func (s *Server) tooManyRequests(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Retry-After", "60")
	s.errorPage(w, r, http.StatusTooManyRequests, "Too many requests",
		"Please wait a minute and try again.")
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, heading, message string) {
	p := s.page(r, heading, "")
	p.Flash = ""
	s.render(w, r, status, web.ErrorPage(p, status, heading, message))
}

// crossOriginDenied answers a rejected cross-origin state change.
func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusForbidden, "Request blocked",
		"This request came from another site and was rejected to protect your account.")
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
