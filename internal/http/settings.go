package http

import (
	"net/http"
	"strconv"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

func (s *Server) handleSettingsView(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	f := web.Form{Values: map[string]string{"name": org.Name}}
	s.render(w, r, http.StatusOK, web.SettingsPage(s.page(r, "Settings", "settings"),
		web.SettingsProps{Rename: f, IsOwner: org.Role == store.RoleOwner}))
}

// handleSettingsUpdate renames the organization (the slug, and so every
// link, stays the same).
func (s *Server) handleSettingsUpdate(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	f := newForm(r, "name")
	f.merge(roadmap.Organization{Name: f.Get("name")}.Validate())
	if !f.valid() {
		s.render(w, r, http.StatusUnprocessableEntity, web.SettingsPage(s.page(r, "Settings", "settings"),
			web.SettingsProps{Rename: f.Form, IsOwner: org.Role == store.RoleOwner}))
		return
	}
	if err := s.store.RenameOrg(s.audited(r, "org.renamed", org.Name+" → "+f.Get("name")), org.ID, f.Get("name")); err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Organization renamed to "+f.Get("name")+".")
	http.Redirect(w, r, orgPath(org, "settings"), http.StatusSeeOther)
}

func (s *Server) handleOrgDeleteConfirm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, web.DeleteOrgPage(s.page(r, "Delete organization", "settings"), web.Form{}))
}

// handleOrgDelete deletes the organization and all its data in one
// transaction, once the owner has typed its name.
func (s *Server) handleOrgDelete(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	f := newForm(r, "confirm")
	if f.Get("confirm") != org.Name {
		f.fail("confirm", "Type the organization's name exactly, "+org.Name+", to confirm.")
		s.render(w, r, http.StatusUnprocessableEntity, web.DeleteOrgPage(s.page(r, "Delete organization", "settings"), f.Form))
		return
	}
	if err := s.store.DeleteOrg(r.Context(), org.ID); err != nil {
		s.error(w, r, err)
		return
	}
	// The organization's own log went with it; the owner's log keeps the deletion.
	s.userEvent(r, currentUser(r.Context()).ID, "org.deleted", org.Name+" ("+org.Slug+")")
	s.flash(r, "success", org.Name+" and all its data were deleted.")
	http.Redirect(w, r, "/orgs", http.StatusSeeOther)
}

func (s *Server) handleTokensView(w http.ResponseWriter, r *http.Request) {
	s.renderTokens(w, r, http.StatusOK, web.TokensProps{})
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, status int, d web.TokensProps) {
	ctx := r.Context()
	org := currentOrg(ctx)
	toks, err := s.store.FindAPITokens(ctx, org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, t := range toks {
		d.Tokens = append(d.Tokens, web.APIToken{ID: t.ID, Name: t.Name, CreatedBy: t.CreatedByName, CreatedAt: t.CreatedAt,
			LastUsedAt: t.LastUsedAt, RevokedAt: t.RevokedAt, ExpiresAt: t.ExpiresAt, Expired: t.ExpiresAt != nil && !s.now().Before(*t.ExpiresAt)})
	}
	d.APIBase = s.absURL("/api/v1")
	s.render(w, r, status, web.TokensPage(s.page(r, "API tokens", "settings"), d))
}

// handleTokenCreate creates a token and shows its secret once, in this
// response (it is never stored, so it cannot be shown again).
func (s *Server) handleTokenCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org := currentOrg(ctx)
	f := newForm(r, "name", "expires")
	if f.Get("expires") == "" {
		f.Values["expires"] = strconv.Itoa(roadmap.DefaultTokenLifetimeDays)
	}
	days, _ := strconv.Atoi(f.Get("expires"))
	f.merge(roadmap.APIToken{Name: f.Get("name"), LifetimeDays: days}.Validate())
	if !f.valid() {
		s.renderTokens(w, r, http.StatusUnprocessableEntity, web.TokensProps{Form: f.Form})
		return
	}
	secret := newAPIToken()
	expires := s.now().AddDate(0, 0, days)
	if _, err := s.store.CreateAPIToken(s.audited(r, "token.created", "token "+f.Get("name")+", expires "+expires.UTC().Format("2006-01-02")), org.ID, currentUser(ctx).ID, f.Get("name"), store.HashToken(secret), &expires); err != nil {
		s.error(w, r, err)
		return
	}
	s.renderTokens(w, r, http.StatusOK, web.TokensProps{NewToken: secret, NewName: f.Get("name")})
}

func (s *Server) handleTokenRevoke(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	id, ok := idParam(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := s.store.RevokeAPIToken(s.audited(r, "token.revoked", "token #"+strconv.FormatInt(id, 10)), org.ID, id); err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Token "+strconv.FormatInt(id, 10)+" revoked: requests using it now get 401.")
	http.Redirect(w, r, orgPath(org, "settings", "tokens"), http.StatusSeeOther)
}
