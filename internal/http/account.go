package http

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/headwayhq/headway/internal/mail"
	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// The account area, /account: any logged-in person's own name, email,
// password, sessions and the account itself. It lives outside /o/{slug}:
// the layout shows no organization.

// emailChangeTTL is how long the link sent to a new address works.
const emailChangeTTL = 24 * time.Hour

// Messages beside the account forms.
const (
	msgCurrentPasswordRequired = "Enter your current password."
	msgCurrentPasswordWrong    = "This is not your current password."
	msgEmailSame               = "This is already your email address."
	msgEmailTaken              = "Another account already uses this address. Choose another one."
)

// seen is the request as a session's bookkeeping records it (the session's
// token hash, never the token).
func (s *Server) seen(r *http.Request, epoch int) store.SessionSeen {
	return store.SessionSeen{Hash: hashSessionToken(s.sessions.Token(r.Context())), Epoch: epoch, At: s.now(),
		UserAgent: r.UserAgent(), ClientIP: clientIP(r)}
}

// renewSession gives the logged-in session a new token (after a privilege or
// credential change) carrying epoch; the session's row in the account's
// list follows it.
func (s *Server) renewSession(r *http.Request, userID int64, epoch int) error {
	ctx := r.Context()
	old := hashSessionToken(s.sessions.Token(ctx))
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, sessionEpoch, epoch)
	return s.store.MoveSession(ctx, userID, old, hashSessionToken(s.sessions.Token(ctx)), epoch)
}

// checkCurrentPassword checks a password typed to confirm an account change.
// Wrong guesses count against the login budget of the account and client IP
// (so a stolen session cannot guess the password here faster than at the
// login page); a right one gives its slot back. It fails the field and
// reports false when the password is missing or wrong, or when the budget
// is spent.
func (s *Server) checkCurrentPassword(r *http.Request, f form, field, pw string) (bool, error) {
	u := currentUser(r.Context())
	if pw == "" {
		f.fail(field, msgCurrentPasswordRequired)
		return false, nil
	}
	key := "pair:" + u.Email + "|" + clientIP(r)
	if !s.loginPair.take(r, key) {
		f.fail(field, "Too many wrong passwords. Please wait a few minutes and try again.")
		return false, nil
	}
	ok, err := s.passwords.Check(r.Context(), pw, u.PasswordHash)
	if err != nil {
		return false, err
	}
	if !ok {
		f.fail(field, msgCurrentPasswordWrong)
		return false, nil
	}
	s.loginPair.refund(key)
	return true, nil
}

// accountForms are the account page's three forms; an empty one is filled
// from the account.
type accountForms struct{ name, email, password web.Form }

func (s *Server) handleAccountView(w http.ResponseWriter, r *http.Request) {
	s.renderAccount(w, r, http.StatusOK, accountForms{})
}

// renderAccount renders /account with status; forms not given start from
// the account (the name field holds the current name).
func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, forms accountForms) {
	ctx := r.Context()
	u := currentUser(ctx)
	acct, err := s.store.FindAccount(ctx, u.ID, s.now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	if forms.name.Values == nil {
		forms.name = web.Form{Values: map[string]string{"name": u.Name}}
	}
	d := web.AccountProps{Name: forms.name, Email: forms.email, Password: forms.password, CurrentEmail: u.Email}
	if acct.PendingEmail != nil {
		d.PendingEmail, d.PendingExpires = acct.PendingEmail.NewEmail, acct.PendingEmail.ExpiresAt
	}
	this := hashSessionToken(s.sessions.Token(ctx))
	for _, ss := range acct.Sessions {
		browser, os := describeAgent(ss.UserAgent)
		d.Sessions = append(d.Sessions, web.SessionRow{Browser: browser, OS: os, UserAgent: ss.UserAgent, ClientIP: ss.ClientIP,
			SignedInAt: ss.CreatedAt, LastSeenAt: ss.LastSeenAt, Current: ss.Hash == this, ID: ss.Hash[:min(len(ss.Hash), store.SessionIDLength)]})
	}
	// This device first, then the others, most recently seen first.
	slices.SortStableFunc(d.Sessions, func(a, b web.SessionRow) int {
		switch {
		case a.Current == b.Current:
			return 0
		case a.Current:
			return -1
		}
		return 1
	})
	for _, e := range acct.Events {
		d.Events = append(d.Events, web.EventRow{At: e.At, What: accountEventLabel(e.Action), Detail: e.Detail, ClientIP: e.ClientIP})
	}
	// The layout prefixes "Error: " to a page sent back with mistakes.
	s.render(w, r, status, web.AccountPage(s.page(r, "Account", "account"), d))
}

// handleAccountName changes the person's name at once.
func (s *Server) handleAccountName(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r.Context())
	f := newForm(r, "name")
	f.text("name", "Name", true, roadmap.MaxPersonName)
	if !f.valid() {
		s.renderAccount(w, r, http.StatusUnprocessableEntity, accountForms{name: f.Form})
		return
	}
	if f.Get("name") != u.Name {
		if err := s.store.RenameUser(r.Context(), u.ID, f.Get("name"), s.now()); err != nil {
			s.error(w, r, err)
			return
		}
		s.userEvent(r, u.ID, "name.changed", u.Name+" → "+f.Get("name"))
	}
	s.flash(r, "success", "Your name is now "+f.Get("name")+".")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

// handleAccountEmail asks for a change of email: the current password
// confirms it, and a link sent to the new address completes it. The
// address stays the same until the link is opened.
func (s *Server) handleAccountEmail(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := currentUser(ctx)
	f := newForm(r, "email")
	f.email("email")
	if f.Errors["email"] == "" && f.Get("email") == u.Email {
		f.fail("email", msgEmailSame)
	}
	if ok, err := s.checkCurrentPassword(r, f, "email_password", r.PostForm.Get("email_password")); err != nil {
		s.error(w, r, err)
		return
	} else if ok && f.valid() {
		// Every valid request counts, per account and per new address,
		// before the address is looked up (asking whether an address has an
		// account costs the budget of an email sent to it).
		userKey, toKey := "user:"+strconv.FormatInt(u.ID, 10), "email:"+f.Get("email")
		if !s.emailLink.take(r, userKey) {
			s.error(w, r, errRateLimited)
			return
		}
		if !s.inviteTo.take(r, toKey) {
			s.emailLink.refund(userKey)
			s.error(w, r, errRateLimited)
			return
		}
		taken, err := s.store.EmailTaken(ctx, f.Get("email"))
		if err != nil {
			s.error(w, r, err)
			return
		}
		if taken {
			f.fail("email", msgEmailTaken)
		}
	}
	if !f.valid() {
		s.renderAccount(w, r, http.StatusUnprocessableEntity, accountForms{email: f.Form})
		return
	}
	token, now := randomToken(), s.now()
	if err := s.store.CreateEmailChange(ctx, u.ID, f.Get("email"), store.HashToken(token), now, now.Add(emailChangeTTL)); err != nil {
		s.error(w, r, err)
		return
	}
	msg := mail.EmailChange(mail.EmailChangeData{Name: u.Name, NewEmail: f.Get("email"), Link: s.absURL("/account/email/" + token), ValidFor: emailChangeTTL})
	msg.To = f.Get("email")
	s.later("email change confirmation", func(ctx context.Context) error { return s.mailer.Send(ctx, msg) })
	s.userEvent(r, u.ID, "email.change_requested", "to "+f.Get("email"))
	s.flash(r, "success", "We sent a link to "+f.Get("email")+". Open it within 24 hours to confirm the change; until then you keep logging in with "+u.Email+".")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

// emailLinkProblem answers an email-change link that cannot be used:
// unknown, used, expired or another account's links look alike (410).
func (s *Server) emailLinkProblem(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrNotFound) {
		err = withMessage(errEmailLinkGone, "It has expired, was already used or replaced by a newer one, or belongs to another account. "+
			"Log in with the account whose email you are changing, or ask for a new link on your account page.")
	}
	s.error(w, r, err)
}

// handleEmailConfirmView shows the change a link confirms; only its button
// (a POST) makes it.
func (s *Server) handleEmailConfirmView(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r.Context())
	c, err := s.store.FindEmailChange(r.Context(), u.ID, store.HashToken(chi.URLParam(r, "token")), s.now())
	if err != nil {
		s.emailLinkProblem(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.EmailConfirmPage(s.page(r, "Confirm your new email", "account"),
		web.EmailConfirmProps{OldEmail: u.Email, NewEmail: c.NewEmail, Action: r.URL.Path}))
}

// handleEmailConfirm changes the email; the old address is told.
func (s *Server) handleEmailConfirm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := currentUser(ctx)
	oldEmail, newEmail, err := s.store.ConfirmEmailChange(ctx, u.ID, store.HashToken(chi.URLParam(r, "token")), s.now())
	if errors.Is(err, store.ErrConflict) {
		s.error(w, r, withMessage(err, "Another account started using this address after you asked for the change. Your email was not changed."))
		return
	}
	if err != nil {
		s.emailLinkProblem(w, r, err)
		return
	}
	msg := mail.EmailChanged(mail.EmailChangedData{Name: u.Name, OldEmail: oldEmail, NewEmail: newEmail, ResetLink: s.absURL("/password/forgot")})
	msg.To = oldEmail
	s.later("email changed notice", func(ctx context.Context) error { return s.mailer.Send(ctx, msg) })
	s.userEvent(r, u.ID, "email.changed", oldEmail+" → "+newEmail)
	// The organizations' logs say so too: a member's address decides who
	// receives what is meant for them.
	var orgIDs []int64
	for _, o := range userOrgs(ctx) {
		orgIDs = append(orgIDs, o.ID)
	}
	ev := s.auditEvent(r, "", "member.email_changed", person(u.Name, oldEmail)+" → "+newEmail)
	if err := s.store.RecordInOrgs(ctx, orgIDs, ev); err != nil {
		s.log.Error("email change not audited", "err", err, "request_id", middleware.GetReqID(ctx))
	}
	s.flash(r, "success", "Your email is now "+newEmail+": use it to log in. We told "+oldEmail+" about the change.")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

// handleAccountPassword changes the password (the current one confirms it)
// and ends every other session; this one goes on under a new token.
func (s *Server) handleAccountPassword(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := currentUser(ctx)
	f := newForm(r)
	pw := r.PostForm.Get("password")
	ok, err := s.checkCurrentPassword(r, f, "current_password", r.PostForm.Get("current_password"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	f.password("password", pw, u.Email, u.Name, "")
	// The person's organizations' names are their own words too, as at
	// signup.
	for _, o := range userOrgs(ctx) {
		if on := alnum(o.Name); utf8.RuneCountInString(on) >= 4 && strings.Contains(alnum(pw), on) {
			f.fail("password", msgPasswordPersonal)
		}
	}
	if ok && pw != "" && pw == r.PostForm.Get("current_password") {
		f.fail("password", "Choose a password different from your current one.")
	}
	if !ok || !f.valid() {
		s.renderAccount(w, r, http.StatusUnprocessableEntity, accountForms{password: f.Form})
		return
	}
	hash, err := s.passwords.Hash(ctx, pw)
	if err != nil {
		s.error(w, r, err)
		return
	}
	nu, err := s.store.ChangePassword(ctx, u.ID, hash, hashSessionToken(s.sessions.Token(ctx)), s.now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.renewSession(r, u.ID, nu.SessionEpoch); err != nil {
		s.error(w, r, err)
		return
	}
	s.userEvent(r, u.ID, "password.changed", "every other session ended")
	s.flash(r, "success", "Your password was changed. You were logged out everywhere else.")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

// handleEndOtherSessions logs the person out everywhere but here.
func (s *Server) handleEndOtherSessions(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := currentUser(ctx)
	nu, err := s.store.EndOtherSessions(ctx, u.ID, hashSessionToken(s.sessions.Token(ctx)), s.now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.renewSession(r, u.ID, nu.SessionEpoch); err != nil {
		s.error(w, r, err)
		return
	}
	s.userEvent(r, u.ID, "sessions.ended_elsewhere", "")
	s.flash(r, "success", "You were logged out everywhere else.")
	http.Redirect(w, r, "/account#sessions", http.StatusSeeOther)
}

// deleteProps is the delete page's data: the organizations that block the
// deletion (the person is their last owner), or the form.
func deleteProps(u *store.User, sole []store.OrgMembership, f web.Form) web.DeleteAccountProps {
	d := web.DeleteAccountProps{Email: u.Email, Form: f}
	for _, o := range sole {
		d.SoleOwnerOf = append(d.SoleOwnerOf, web.OrgInfo{Slug: o.Slug, Name: o.Name, Role: o.Role})
	}
	return d
}

func (s *Server) handleAccountDeleteView(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sole, err := s.store.SoleOwnerships(ctx, userOrgs(ctx))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.DeleteAccountPage(s.page(r, "Delete your account", "account"), deleteProps(currentUser(ctx), sole, web.Form{})))
}

// handleAccountDelete deletes the account once the password confirms it,
// unless the person is the last owner of an organization (409, each named
// with the way out). Each organization they belonged to records the
// departure in its audit log; their own log goes with the account, so the
// deletion is logged here too.
func (s *Server) handleAccountDelete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := currentUser(ctx)
	f := newForm(r)
	if ok, err := s.checkCurrentPassword(r, f, "password", r.PostForm.Get("password")); err != nil {
		s.error(w, r, err)
		return
	} else if !ok {
		s.render(w, r, http.StatusUnprocessableEntity, web.DeleteAccountPage(s.page(r, "Delete your account", "account"), deleteProps(u, nil, f.Form)))
		return
	}
	left, err := s.store.DeleteAccount(s.audited(r, "member.account_deleted", person(u.Name, u.Email)), u.ID, (&linkRotation{s: s}).rekey)
	var soleErr *store.SoleOwnerError
	if errors.As(err, &soleErr) {
		s.render(w, r, http.StatusConflict, web.DeleteAccountPage(s.page(r, "Delete your account", "account"), deleteProps(u, soleErr.Orgs, f.Form)))
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	orgIDs := make([]int64, 0, len(left))
	for _, o := range left {
		orgIDs = append(orgIDs, o.ID)
	}
	s.log.Info("account deleted", "user_id", u.ID, "org_ids", orgIDs, "request_id", middleware.GetReqID(ctx))
	if err := s.sessions.Destroy(ctx); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Your account and your memberships were deleted. Thank you for using Headway.")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// describeAgent names the browser and operating system of a User-Agent
// header, simply: the well-known names found in it, in the order that
// tells them apart (Edge and Opera say Chrome too, Chrome says Safari).
func describeAgent(ua string) (browser, os string) {
	has := func(s string) bool { return strings.Contains(ua, s) }
	switch {
	case ua == "":
		browser = "Unknown browser"
	case has("Edg/") || has("EdgA/") || has("EdgiOS/"):
		browser = "Edge"
	case has("OPR/") || has("Opera"):
		browser = "Opera"
	case has("SamsungBrowser/"):
		browser = "Samsung Internet"
	case has("Firefox/") || has("FxiOS/"):
		browser = "Firefox"
	case has("HeadlessChrome/"):
		browser = "Headless Chrome"
	case has("Chromium/"):
		browser = "Chromium"
	case has("Chrome/") || has("CriOS/"):
		browser = "Chrome"
	case has("Safari/") && has("Version/"):
		browser = "Safari"
	case has("curl/"):
		browser = "curl"
	case has("Go-http-client/"):
		browser = "Go HTTP client"
	default:
		browser = "Unknown browser"
	}
	switch {
	case has("Windows"):
		os = "Windows"
	case has("iPhone") || has("iPad") || has("iPod"):
		os = "iOS"
	case has("Android"):
		os = "Android"
	case has("CrOS"):
		os = "ChromeOS"
	case has("Mac OS X") || has("Macintosh"):
		os = "macOS"
	case has("Linux") || has("X11"):
		os = "Linux"
	}
	return browser, os
}

// handleEndSession logs one other browser out (this one logs out with Log
// out).
func (s *Server) handleEndSession(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := currentUser(ctx)
	f := newForm(r, "session")
	id := f.Get("session")
	if len(id) != store.SessionIDLength || strings.HasPrefix(hashSessionToken(s.sessions.Token(ctx)), id) {
		s.error(w, r, store.ErrNotFound) // not a session of another browser
		return
	}
	ended, err := s.store.EndSession(ctx, u.ID, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	browser, os := describeAgent(ended.UserAgent)
	device := web.SessionRow{Browser: browser, OS: os}.Device()
	s.userEvent(r, u.ID, "session.ended", device+" logged out from the account page")
	s.flash(r, "success", device+" ("+ended.ClientIP+") is logged out.")
	http.Redirect(w, r, "/account#sessions", http.StatusSeeOther)
}
