package http

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

func (s *Server) handleSettingsView(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	s.renderSettings(w, r, http.StatusOK, web.Form{Values: map[string]string{"name": org.Name}}, web.Form{})
}

// renderSettings shows the settings with the rename form and the profile
// form (nil Values: the stored industry and size).
func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, status int, rename, profile web.Form) {
	s.renderSettingsForms(w, r, status, rename, profile, web.Form{})
}

// renderSettingsWith shows the settings with the improvement share form as
// submitted.
func (s *Server) renderSettingsWith(w http.ResponseWriter, r *http.Request, status int, improvement web.Form) {
	s.renderSettingsForms(w, r, status, web.Form{Values: map[string]string{"name": currentOrg(r.Context()).Name}}, web.Form{}, improvement)
}

func (s *Server) renderSettingsForms(w http.ResponseWriter, r *http.Request, status int, rename, profile, improvement web.Form) {
	org := currentOrg(r.Context())
	if profile.Values == nil || improvement.Values == nil {
		p, share, err := s.store.FindOrgSettings(r.Context(), org.ID)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if profile.Values == nil {
			profile.Values = map[string]string{"industry": p.Industry, "size": p.Size}
		}
		if improvement.Values == nil {
			improvement.Values = map[string]string{"improvement_share": strconv.Itoa(int(share*100 + 0.5))}
		}
	}
	s.render(w, r, status, web.SettingsPage(s.page(r, "Settings", "settings"),
		web.SettingsProps{Rename: rename, IsOwner: org.Role == store.RoleOwner, Profile: profile, Improvement: improvement}))
}

// handleSettingsUpdate renames the organization (the slug, and so every
// link, stays the same).
func (s *Server) handleSettingsUpdate(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	f := newForm(r, "name")
	f.merge(roadmap.Organization{Name: f.Get("name")}.Validate())
	if !f.valid() {
		s.renderSettings(w, r, http.StatusUnprocessableEntity, f.Form, web.Form{})
		return
	}
	if f.Get("name") == org.Name {
		s.flash(r, "success", "The name is unchanged.")
		http.Redirect(w, r, orgPath(org, "settings"), http.StatusSeeOther)
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
	}
	// The most destructive action asks who is at the keyboard, as deleting
	// an account does.
	ok, err := s.checkCurrentPassword(r, f, "password", r.PostForm.Get("password"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !ok || !f.valid() {
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

// handleTokensView lists the tokens; right after a creation it shows the
// new secret, once: it waited sealed in the session and is gone after this.
func (s *Server) handleTokensView(w http.ResponseWriter, r *http.Request) {
	var d web.TokensProps
	// The secret waits sealed with its organization's id, and is shown (and
	// dropped) only on that organization's page.
	org := currentOrg(r.Context())
	if sealed := s.sessions.GetString(r.Context(), sessionNewToken); sealed != "" {
		if plain, err := s.unseal(sealed); err == nil {
			if orgID, secret, ok := strings.Cut(plain, " "); ok && orgID == strconv.FormatInt(org.ID, 10) {
				d.NewToken, d.NewName = secret, s.sessions.PopString(r.Context(), sessionNewTokenName)
				s.sessions.Remove(r.Context(), sessionNewToken)
			}
		}
	}
	s.renderTokens(w, r, http.StatusOK, d)
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
		d.Tokens = append(d.Tokens, web.APIToken{ID: t.ID, Name: t.Name, Hint: t.Hint, CreatedBy: t.CreatedByName, CreatedAt: t.CreatedAt,
			LastUsedAt: t.LastUsedAt, RevokedAt: t.RevokedAt, ExpiresAt: t.ExpiresAt, Expired: t.ExpiresAt != nil && !s.now().Before(*t.ExpiresAt)})
	}
	d.APIBase = s.absURL("/api/v1")
	s.render(w, r, status, web.TokensPage(s.page(r, "API tokens", "settings"), d))
}

// handleTokenCreate creates a token and redirects to the list, which shows
// its secret once (post/redirect/get: a reload never makes a second token).
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
	hint := secret[len(secret)-4:]
	audit := s.audited(r, "token.created", "token "+f.Get("name")+" (…"+hint+"), expires "+expires.UTC().Format("2006-01-02"))
	nt := store.NewAPIToken{Name: f.Get("name"), Hash: store.HashToken(secret), Hint: hint, ExpiresAt: &expires}
	if _, err := s.store.CreateAPIToken(audit, org.ID, currentUser(ctx).ID, nt); err != nil {
		s.error(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessionNewToken, s.seal(strconv.FormatInt(org.ID, 10)+" "+secret))
	s.sessions.Put(ctx, sessionNewTokenName, f.Get("name"))
	http.Redirect(w, r, orgPath(org, "settings", "tokens"), http.StatusSeeOther)
}

// targetToken loads the {id} token of the organization (404 when none).
func (s *Server) targetToken(w http.ResponseWriter, r *http.Request) (store.APIToken, bool) {
	id, ok := idParam(r, "id")
	if !ok {
		s.notFound(w, r)
		return store.APIToken{}, false
	}
	t, err := s.store.FindAPIToken(r.Context(), currentOrg(r.Context()).ID, id)
	if err != nil {
		s.error(w, r, err)
		return t, false
	}
	return t, true
}

// tokenLabel names a token for people: its name and last four characters.
func tokenLabel(t store.APIToken) string { return t.Name + " (…" + t.Hint + ")" }

func (s *Server) handleTokenRevokeConfirm(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	t, ok := s.targetToken(w, r)
	if !ok {
		return
	}
	if t.RevokedAt != nil { // nothing left to confirm
		s.flash(r, "success", "Token "+tokenLabel(t)+" is already revoked.")
		http.Redirect(w, r, orgPath(org, "settings", "tokens"), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, web.ConfirmPage(s.page(r, "Revoke API token", "settings"), web.ConfirmProps{
		Heading: "Revoke the token " + tokenLabel(t) + "?",
		Message: "Scripts and pipelines that use it get 401 from their next request. This cannot be undone; create a new token to replace it.",
		Action:  orgPath(org, "settings", "tokens", strconv.FormatInt(t.ID, 10), "revoke"),
		Button:  "Revoke token", Cancel: orgPath(org, "settings", "tokens"),
	}))
}

func (s *Server) handleTokenRevoke(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	t, ok := s.targetToken(w, r)
	if !ok {
		return
	}
	if err := s.store.RevokeAPIToken(s.audited(r, "token.revoked", "token "+tokenLabel(t)), org.ID, t.ID); err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Token "+tokenLabel(t)+" revoked: requests using it now get 401.")
	http.Redirect(w, r, orgPath(org, "settings", "tokens"), http.StatusSeeOther)
}
