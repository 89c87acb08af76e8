package http

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/a-h/templ"

	"github.com/headwayhq/headway/web"
)

// render writes component with status, buffering first so that a failed
// render never sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	var buf bytes.Buffer
	if err := c.Render(web.WithStatus(r.Context(), status), &buf); err != nil {
		s.log.Error("render", "err", err, "route", routeOf(r))
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// page builds the layout data of a request.
func (s *Server) page(r *http.Request, title, nav string) web.Page {
	p := web.Page{Title: title, Nav: nav}
	ctx := r.Context()
	if u := currentUser(ctx); u != nil {
		p.User = &web.UserInfo{Name: u.Name, Email: u.Email}
		for _, o := range userOrgs(ctx) {
			p.Orgs = append(p.Orgs, web.OrgInfo{Slug: o.Slug, Name: o.Name, Role: o.Role, IsSample: o.IsSample})
		}
	}
	if o := currentOrg(ctx); o != nil {
		p.Org = &web.OrgInfo{Slug: o.Slug, Name: o.Name, Role: o.Role, IsSample: o.IsSample}
	}
	if s.sessions != nil && hasSession(r) {
		p.Flash = s.sessions.PopString(ctx, sessionFlash)
		p.FlashKind = s.sessions.PopString(ctx, sessionFlashK)
	}
	return p
}

// hasSession reports whether the session middleware ran for r (error pages
// are also rendered outside it).
func hasSession(r *http.Request) bool { return r.Context().Value(ctxSession) != nil }

// flash stores a message for the next page.
func (s *Server) flash(r *http.Request, kind, msg string) {
	s.sessions.Put(r.Context(), sessionFlash, msg)
	s.sessions.Put(r.Context(), sessionFlashK, kind)
}
