package http

import (
	"crypto/hmac"
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// resolveInvitation finds the invitation of the {token} URL and decides what
// the visitor can do with it. ok is false when a page was already written.
func (s *Server) resolveInvitation(w http.ResponseWriter, r *http.Request) (store.InvitationView, web.InvitationProps, bool) {
	ctx := r.Context()
	token := chi.URLParam(r, "token")
	d := web.InvitationProps{Action: "/invitations/" + token}
	inv, err := s.store.FindInvitationByToken(ctx, store.HashToken(token))
	// The token must also be this server's HMAC of the nonce: a row written
	// into the database without SECRET_KEY opens nothing.
	if err == nil && !hmac.Equal([]byte(s.invitationToken(inv.Nonce)), []byte(token)) {
		err = store.ErrNotFound
	}
	if errors.Is(err, store.ErrNotFound) {
		d.State, d.Problem = "invalid", "This invitation link is not valid. Check that you copied all of it, or ask for a new invitation."
		s.render(w, r, http.StatusNotFound, web.InvitationPage(s.page(r, "Invitation", ""), d))
		return inv, d, false
	}
	if err != nil {
		s.error(w, r, err)
		return inv, d, false
	}
	d.OrgName, d.Role, d.Email = inv.OrgName, inv.Role, inv.Email
	if err := inv.Usable(s.now()); err != nil {
		s.invitationUnusable(w, r, d, err)
		return inv, d, false
	}
	switch u := currentUser(ctx); {
	case u != nil && u.Email == inv.Email:
		d.State = "join"
	case u != nil:
		d.State = "wrong_user"
	default:
		taken, err := s.store.EmailTaken(ctx, inv.Email)
		if err != nil {
			s.error(w, r, err)
			return inv, d, false
		}
		d.State = "signup"
		if taken {
			d.State = "login"
		}
	}
	return inv, d, true
}

// invitationUnusable explains a used, revoked or expired invitation (410).
func (s *Server) invitationUnusable(w http.ResponseWriter, r *http.Request, d web.InvitationProps, err error) {
	d.State = "invalid"
	switch {
	case errors.Is(err, store.ErrInvitationUsed):
		d.Problem = "This invitation has already been used. If it was yours, log in to reach " + d.OrgName + "."
	case errors.Is(err, store.ErrInvitationRevoked):
		d.Problem = "This invitation was withdrawn. Ask an admin of " + d.OrgName + " for a new one."
	default:
		d.Problem = "This invitation has expired. Ask an admin of " + d.OrgName + " to resend it."
	}
	s.render(w, r, http.StatusGone, web.InvitationPage(s.page(r, "Invitation", ""), d))
}

func (s *Server) handleInvitationView(w http.ResponseWriter, r *http.Request) {
	_, d, ok := s.resolveInvitation(w, r)
	if !ok {
		return
	}
	status := http.StatusOK
	if d.State == "wrong_user" {
		status = http.StatusForbidden
	}
	s.render(w, r, status, web.InvitationPage(s.page(r, "Join "+d.OrgName, ""), d))
}

// handleInvitationAccept joins the organization: a visitor signs up with the
// invited email, a logged-in user with that email joins in one click.
func (s *Server) handleInvitationAccept(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	inv, d, ok := s.resolveInvitation(w, r)
	if !ok {
		return
	}
	hash := store.HashToken(chi.URLParam(r, "token"))
	var u store.User
	var err error
	switch d.State {
	case "wrong_user", "login":
		s.render(w, r, http.StatusForbidden, web.InvitationPage(s.page(r, "Join "+d.OrgName, ""), d))
		return
	case "join":
		u, _, err = s.store.AcceptInvitation(ctx, hash, currentUser(ctx).ID, nil, s.now())
	case "signup":
		f := newForm(r, "name")
		pw := r.PostForm.Get("password")
		f.text("name", "Name", true, roadmap.MaxPersonName)
		f.password("password", pw, inv.Email, f.Get("name"), inv.OrgName)
		if !f.valid() {
			d.Form = f.Form
			s.render(w, r, http.StatusUnprocessableEntity, web.InvitationPage(s.page(r, "Join "+d.OrgName, ""), d))
			return
		}
		hashPW, herr := s.passwords.Hash(ctx, pw)
		if herr != nil {
			s.error(w, r, herr)
			return
		}
		u, _, err = s.store.AcceptInvitation(ctx, hash, 0, &store.NewUser{Email: inv.Email, Name: f.Get("name"), PasswordHash: hashPW}, s.now())
	}
	switch {
	case errors.Is(err, store.ErrInvitationUsed), errors.Is(err, store.ErrInvitationRevoked), errors.Is(err, store.ErrInvitationExpired):
		s.invitationUnusable(w, r, d, err)
		return
	case errors.Is(err, store.ErrAlreadyMember):
		s.flash(r, "success", "You are already a member of "+inv.OrgName+".")
		http.Redirect(w, r, web.OrgPath(inv.OrgSlug), http.StatusSeeOther)
		return
	case errors.Is(err, store.ErrConflict): // the email signed up meanwhile
		d.State = "login"
		s.render(w, r, http.StatusConflict, web.InvitationPage(s.page(r, "Join "+d.OrgName, ""), d))
		return
	case err != nil:
		s.error(w, r, err)
		return
	}
	// A new member logs in; a joining one gains privileges: both get a new
	// session token.
	if d.State == "signup" {
		err = s.logIn(r, u)
	} else {
		err = s.sessions.RenewToken(ctx)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Welcome to "+inv.OrgName+"! Start by rating your skills.")
	http.Redirect(w, r, web.OrgPath(inv.OrgSlug), http.StatusSeeOther)
}
