package http

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// Read-only share links of the roadmap: owners and admins create, list and
// revoke them in the settings; anyone with a live link reads the roadmap at
// /share/{token}, without an account.

// The session keys of a new link, shown once after the redirect (as
// settings.go does for API tokens): the URL waits sealed with its
// organization's id.
const (
	sessionNewShare     = "new_share"
	sessionNewShareName = "new_share_name"
)

// handleSharesView lists the organization's share links; right after a
// creation it shows the new link once.
func (s *Server) handleSharesView(w http.ResponseWriter, r *http.Request) {
	var d web.SharesProps
	ctx := r.Context()
	org := currentOrg(ctx)
	if sealed := s.sessions.GetString(ctx, sessionNewShare); sealed != "" {
		if plain, err := s.unseal(sealed); err == nil {
			if orgID, token, ok := strings.Cut(plain, " "); ok && orgID == strconv.FormatInt(org.ID, 10) {
				d.NewURL, d.NewName = s.absURL("/share/"+token), s.sessions.PopString(ctx, sessionNewShareName)
				s.sessions.Remove(ctx, sessionNewShare)
			}
		}
	}
	s.renderShares(w, r, http.StatusOK, d)
}

func (s *Server) renderShares(w http.ResponseWriter, r *http.Request, status int, d web.SharesProps) {
	ctx := r.Context()
	links, err := s.store.FindShareLinks(ctx, currentOrg(ctx).ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	now := s.now()
	for _, l := range links {
		d.Links = append(d.Links, web.ShareLink{ID: l.ID, Name: l.Name, Hint: l.Hint, CreatedBy: l.CreatedByName, CreatedAt: l.CreatedAt,
			ExpiresAt: l.ExpiresAt, LastUsedAt: l.LastUsedAt, RevokedAt: l.RevokedAt, Expired: !now.Before(l.ExpiresAt)})
	}
	s.render(w, r, status, web.SharesPage(s.page(r, "Share links", "settings"), d))
}

// handleShareCreate creates a link and redirects to the list, which shows
// it once (post/redirect/get: a reload never makes a second link).
func (s *Server) handleShareCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org := currentOrg(ctx)
	f := newForm(r, "name", "expires_in")
	if f.Get("expires_in") == "" {
		f.Values["expires_in"] = strconv.Itoa(roadmap.DefaultShareDays)
	}
	days, _ := strconv.Atoi(f.Get("expires_in"))
	f.merge(roadmap.ShareLink{Name: f.Get("name"), ExpiresInDays: days}.Validate())
	if !f.valid() {
		s.renderShares(w, r, http.StatusUnprocessableEntity, web.SharesProps{Form: f.Form})
		return
	}
	now := s.now()
	expires := now.AddDate(0, 0, days)
	audit := s.audited(r, "share.created", "share link "+f.Get("name")+", expires "+expires.UTC().Format("2006-01-02"))
	_, token, err := s.store.CreateShareLink(audit, org.ID, currentUser(ctx).ID, f.Get("name"), now, expires)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessionNewShare, s.seal(strconv.FormatInt(org.ID, 10)+" "+token))
	s.sessions.Put(ctx, sessionNewShareName, f.Get("name"))
	http.Redirect(w, r, orgPath(org, "settings", "shares"), http.StatusSeeOther)
}

// targetShare loads the {id} link of the organization (404 when none).
func (s *Server) targetShare(w http.ResponseWriter, r *http.Request) (store.ShareLink, bool) {
	id, ok := idParam(r, "id")
	if !ok {
		s.notFound(w, r)
		return store.ShareLink{}, false
	}
	l, err := s.store.FindShareLink(r.Context(), currentOrg(r.Context()).ID, id)
	if err != nil {
		s.error(w, r, err)
		return l, false
	}
	return l, true
}

// shareLabel names a link for people: its name and last four characters.
func shareLabel(l store.ShareLink) string { return l.Name + " (…" + l.Hint + ")" }

func (s *Server) handleShareRevokeConfirm(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	l, ok := s.targetShare(w, r)
	if !ok {
		return
	}
	if l.RevokedAt != nil { // nothing left to confirm
		s.flash(r, "success", "Share link "+shareLabel(l)+" is already revoked.")
		http.Redirect(w, r, orgPath(org, "settings", "shares"), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, web.ConfirmPage(s.page(r, "Revoke share link", "settings"), web.ConfirmProps{
		Heading: "Revoke the share link " + shareLabel(l) + "?",
		Message: "Whoever has it sees “this link is not valid” from their next visit. This cannot be undone; create a new link to share again.",
		Action:  orgPath(org, "settings", "shares", strconv.FormatInt(l.ID, 10), "revoke"),
		Button:  "Revoke link", Cancel: orgPath(org, "settings", "shares"),
	}))
}

// handleShareRevoke revokes the link; revoking a revoked one changes
// nothing and says so.
func (s *Server) handleShareRevoke(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	l, ok := s.targetShare(w, r)
	if !ok {
		return
	}
	if l.RevokedAt != nil {
		s.flash(r, "success", "Share link "+shareLabel(l)+" is already revoked.")
		http.Redirect(w, r, orgPath(org, "settings", "shares"), http.StatusSeeOther)
		return
	}
	if err := s.store.RevokeShareLink(s.audited(r, "share.revoked", "share link "+shareLabel(l)), org.ID, l.ID, s.now()); err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Share link "+shareLabel(l)+" revoked: it no longer opens the roadmap.")
	http.Redirect(w, r, orgPath(org, "settings", "shares"), http.StatusSeeOther)
}

// openShare starts every answer under /share/{token}: the headers a page
// or file reached by a secret URL needs (not stored, not indexed, not sent
// on as a referrer), then the live link, or the same 404 for an unknown,
// revoked or expired token (ok false: the answer is sent).
func (s *Server) openShare(w http.ResponseWriter, r *http.Request, now time.Time) (store.SharedLink, bool) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	h.Set("Referrer-Policy", "no-referrer")
	l, err := s.store.OpenShareLink(r.Context(), store.HashToken(chi.URLParam(r, "token")), now)
	if errors.Is(err, store.ErrNotFound) {
		s.render(w, r, http.StatusNotFound, web.ShareInvalidPage())
		return l, false
	}
	if err != nil {
		s.error(w, r, err)
		return l, false
	}
	return l, true
}

// handleShareView is GET /share/{token}: the roadmap, read-only, for
// anyone with a live link. The token is in the URL, so the answer is never
// cached, indexed or sent on as a referrer; an unknown, revoked or expired
// token gets the same 404.
func (s *Server) handleShareView(w http.ResponseWriter, r *http.Request) {
	now := s.now()
	l, ok := s.openShare(w, r, now)
	if !ok {
		return
	}
	rs, err := s.store.FindRoadmapSnapshot(r.Context(), l.OrgID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	dash, err := s.store.FindDashboard(r.Context(), l.OrgID, now)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := planFrom(rs, now)
	// The live plan (dismissed and done initiatives are not in it), with
	// each initiative's status but never its owner or notes.
	list := make([]roadmap.Initiative, len(d.Plan.Items))
	status := make(map[string]string, len(d.Plan.Items))
	for i, it := range d.Plan.Items {
		list[i], status[it.Key] = it.Initiative, string(it.Status)
	}
	props := web.NewSharedRoadmap(l.OrgName, l.ExpiresAt, list, d.Plan.Verdict, func(key string) string { return status[key] })
	// The dashboard's summary: aggregates only, no links into the app.
	props.IsSample = l.OrgIsSample
	props.Summary = orgSummary("", rs, dash.PreviousKPI, d.Plan, now)
	props.Summary.ReadOnly, props.Summary.RoadmapHref = true, ""
	props.Downloads = web.ShareDownloadLinks(chi.URLParam(r, "token"))
	s.render(w, r, http.StatusOK, web.SharedRoadmapPage(props))
}
