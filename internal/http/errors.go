package http

import (
	"net/http"

	"github.com/headwayhq/headway/web"
)

// The error sink: one place maps a failure to a status and a page. Internal
// errors are logged and never shown.

func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("internal error", "err", err, "method", r.Method, "path", r.URL.Path)
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
