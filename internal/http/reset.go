package http

import (
	"context"
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/headwayhq/headway/internal/mail"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

func (s *Server) handleForgotView(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, web.ForgotPasswordPage(s.page(r, "Reset your password", ""), web.Form{}, false))
}

// handleForgot emails a reset link. The answer is the same whether or not
// the email has an account, so the form cannot be used to find accounts.
func (s *Server) handleForgot(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !s.resetIP.take(r, "ip:"+clientIP(r)) {
		s.error(w, r, errRateLimited)
		return
	}
	f := newForm(r, "email")
	f.email("email")
	if !f.valid() {
		s.render(w, r, http.StatusUnprocessableEntity, web.ForgotPasswordPage(s.page(r, "Reset your password", ""), f.Form, false))
		return
	}
	u, err := s.store.FindUserByEmail(ctx, f.Get("email"))
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.log.Info("password reset requested for an unknown email")
	case err != nil:
		s.error(w, r, err)
		return
	case !s.resetMail.take(r, "email:"+u.Email):
		// Same answer as a sent link: no mail bombing, and nothing learned.
		s.log.Warn("password reset emails throttled for an account")
	default:
		// Storing the token and sending happen after the response, so a
		// known email takes no longer to answer than an unknown one.
		token, expires := randomToken(), s.now().Add(s.cfg.ResetTTL)
		msg := mail.PasswordReset(mail.ResetData{Name: u.Name, Link: s.absURL("/password/reset/" + token), ValidFor: s.cfg.ResetTTL})
		msg.To = u.Email
		requested := s.newUserEvent(r, u.ID, "password.reset_requested", "")
		s.later("password reset", func(ctx context.Context) error {
			if err := s.store.CreatePasswordReset(ctx, u.ID, store.HashToken(token), expires); err != nil {
				return err
			}
			if err := s.store.RecordUserEvent(ctx, requested); err != nil {
				return err
			}
			return s.mailer.Send(ctx, msg)
		})
	}
	s.render(w, r, http.StatusOK, web.ForgotPasswordPage(s.page(r, "Reset your password", ""), f.Form, true))
}

func (s *Server) handleResetView(w http.ResponseWriter, r *http.Request) {
	if _, err := s.store.FindPasswordReset(r.Context(), store.HashToken(chi.URLParam(r, "token")), s.now()); err != nil {
		s.resetLinkProblem(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.ResetPasswordPage(s.page(r, "Choose a new password", ""), web.Form{}, r.URL.Path))
}

// handleReset sets the new password, ends every session of the user and
// logs this browser in.
func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	hash := store.HashToken(chi.URLParam(r, "token"))
	acct, err := s.store.FindPasswordReset(ctx, hash, s.now())
	if err != nil {
		s.resetLinkProblem(w, r, err)
		return
	}
	f := newForm(r)
	pw := r.PostForm.Get("password")
	f.password("password", pw, acct.Email, acct.Name, "")
	if !f.valid() {
		s.render(w, r, http.StatusUnprocessableEntity, web.ResetPasswordPage(s.page(r, "Choose a new password", ""), f.Form, r.URL.Path))
		return
	}
	pwHash, err := s.passwords.Hash(ctx, pw)
	if err != nil {
		s.error(w, r, err)
		return
	}
	u, err := s.store.ResetPassword(ctx, hash, pwHash, s.now())
	if err != nil {
		s.resetLinkProblem(w, r, err)
		return
	}
	s.userEvent(r, u.ID, "password.reset", "every other session ended")
	if err := s.logIn(r, u); err != nil {
		s.error(w, r, err)
		return
	}
	orgs, err := s.store.OrgsForUser(ctx, u.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Your password was changed and your other sessions were logged out.")
	http.Redirect(w, r, landingFor(orgs, ""), http.StatusSeeOther)
}

// resetLinkProblem answers a reset link that cannot be used: unknown, used
// and expired links look alike (410), so a link says nothing about an account.
func (s *Server) resetLinkProblem(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrNotFound) {
		err = withMessage(errResetLinkGone, "It has expired or was already used. Request a new link from the login page (Forgot your password?).")
	}
	s.error(w, r, err)
}
