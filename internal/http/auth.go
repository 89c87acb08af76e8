package http

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/headwayhq/headway/internal/mail"
	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

func (s *Server) handleLanding(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, web.LandingPage(s.page(r, "DevOps roadmaps you can explain", "")))
}

func (s *Server) handleSignupView(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, web.SignupPage(s.page(r, "Sign up", ""), web.Form{}))
}

// handleSignup creates the account, its organization and the owner
// membership in one transaction, logs in and opens the new dashboard.
func (s *Server) handleSignup(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "name", "email", "org_name")
	pw := r.PostForm.Get("password")
	f.text("name", "Name", true, roadmap.MaxPersonName)
	f.email("email")
	f.text("org_name", "Organization name", true, roadmap.MaxOrgName)
	f.password("password", pw, f.Get("email"), f.Get("name"), f.Get("org_name"))
	// Every attempt with a valid form counts, per client IP and per address,
	// before the address is looked up: asking whether an address has an
	// account costs the same budget as making one. Only a failure of ours
	// gives the slots back.
	ipKey, toKey := "ip:"+clientIP(r), "email:"+f.Get("email")
	refund := func() { s.signupIP.refund(ipKey); s.signupTo.refund(toKey) }
	if f.valid() {
		if !s.signupTo.take(r, toKey) {
			s.error(w, r, errRateLimited)
			return
		}
		if !s.signupIP.take(r, ipKey) {
			s.signupTo.refund(toKey)
			s.error(w, r, errRateLimited)
			return
		}
		if taken, err := s.store.EmailTaken(r.Context(), f.Get("email")); err != nil {
			refund()
			s.error(w, r, err)
			return
		} else if taken {
			s.tellProbedOwner(f.Get("email"))
			f.fail("email", "An account with this email already exists. Log in instead.")
		}
	}
	if !f.valid() {
		s.render(w, r, http.StatusUnprocessableEntity, web.SignupPage(s.page(r, "Sign up", ""), f.Form))
		return
	}
	hash, err := s.passwords.Hash(r.Context(), pw)
	if err != nil {
		refund()
		s.error(w, r, err)
		return
	}
	u, org, err := s.store.SignUp(s.auditedBy(r, person(f.Get("name"), f.Get("email")), "org.created", f.Get("org_name")),
		store.NewUser{Email: f.Get("email"), Name: f.Get("name"), PasswordHash: hash}, f.Get("org_name"))
	if errors.Is(err, store.ErrConflict) { // lost a race with another signup
		s.tellProbedOwner(f.Get("email"))
		f.fail("email", "An account with this email already exists. Log in instead.")
		s.render(w, r, http.StatusUnprocessableEntity, web.SignupPage(s.page(r, "Sign up", ""), f.Form))
		return
	}
	if err != nil {
		refund()
		s.error(w, r, err)
		return
	}
	if err := s.logIn(r, u); err != nil {
		s.error(w, r, err)
		return
	}
	s.userEvent(r, u.ID, "account.created", org.Name)
	s.flash(r, "success", "Welcome to Headway! Start by inviting your team.")
	http.Redirect(w, r, web.OrgPath(org.Slug), http.StatusSeeOther)
}

// tellProbedOwner emails the owner of an address that someone tried to sign
// up with, at most once a day, after the response (so a taken address is
// not slower to answer than a free one by an email's time).
func (s *Server) tellProbedOwner(email string) {
	if !s.probed.first(email, s.now()) {
		return
	}
	msg := mail.SignupAttempt(mail.SignupAttemptData{LoginLink: s.absURL("/login"), ResetLink: s.absURL("/password/forgot")})
	msg.To = email
	s.later("signup attempt notice", func(ctx context.Context) error { return s.mailer.Send(ctx, msg) })
}

func (s *Server) handleLoginView(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if currentUser(r.Context()) != nil {
		http.Redirect(w, r, s.afterLogin(r, next), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, web.LoginPage(s.page(r, "Log in", ""), web.Form{}, next))
}

// handleLogin checks the credentials. Failures say nothing about whether the
// email exists, and are throttled per account and client IP, per client IP,
// and (with a delay, not a lock-out) per account.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "email", "next")
	f.Values["email"] = roadmap.NormalizeEmail(f.Values["email"])
	pw := r.PostForm.Get("password")
	next := safeNext(f.Get("next"))
	if !f.valid() || f.Get("email") == "" || pw == "" {
		f.text("email", "Email", true, 254)
		if pw == "" {
			f.fail("password", "Password is required.")
		}
		s.render(w, r, http.StatusUnprocessableEntity, web.LoginPage(s.page(r, "Log in", ""), f.Form, next))
		return
	}
	// Every attempt is counted before the password is checked, and given
	// back when it succeeds. The account and IP pair and the IP are refused
	// beyond their budgets; the account alone is only slowed down, so that
	// an attacker elsewhere cannot lock its owner out.
	ip, acct := clientIP(r), f.Get("email")
	pairKey, ipKey, acctKey := "pair:"+acct+"|"+ip, "ip:"+ip, "acct:"+acct
	if !s.loginPair.take(r, pairKey) {
		s.loginThrottled(w, r, f, next)
		return
	}
	if !s.loginIP.take(r, ipKey) {
		s.loginPair.refund(pairKey)
		s.loginThrottled(w, r, f, next)
		return
	}
	if over := s.loginAcct.add(acctKey) - s.cfg.LoginLimitPerAccount; over > 0 {
		delay := min(s.cfg.LoginMaxDelay, time.Duration(over)*s.cfg.LoginDelayStep)
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-r.Context().Done(): // the client gave up waiting
			t.Stop()
			return
		}
	}
	u, err := s.store.FindUserByEmail(r.Context(), f.Get("email"))
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.error(w, r, err)
		return
	}
	ok, err := s.passwords.Check(r.Context(), pw, u.PasswordHash)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !ok {
		s.userEvent(r, u.ID, "login.failed", "")
		f.Message = "Email or password is incorrect."
		s.render(w, r, http.StatusUnprocessableEntity, web.LoginPage(s.page(r, "Log in", ""), f.Form, next))
		return
	}
	s.loginPair.refund(pairKey)
	s.loginIP.refund(ipKey)
	s.loginAcct.refund(acctKey)
	if err := s.logIn(r, u); err != nil {
		s.error(w, r, err)
		return
	}
	s.userEvent(r, u.ID, "login.succeeded", "")
	orgs, err := s.store.OrgsForUser(r.Context(), u.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, landingFor(orgs, next), http.StatusSeeOther)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if u := currentUser(r.Context()); u != nil {
		s.userEvent(r, u.ID, "session.ended", "logged out")
	}
	// Destroy deletes the session row; the next request starts a new token.
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "You have been logged out.")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// logIn renews the session token (no session fixation) and binds the user.
func (s *Server) logIn(r *http.Request, u store.User) error {
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	s.sessions.Put(r.Context(), sessionUserID, u.ID)
	s.sessions.Put(r.Context(), sessionEpoch, u.SessionEpoch)
	return s.store.RecordSession(r.Context(), u.ID, s.seen(r, u.SessionEpoch)) // for the account's list of sessions
}

// afterLogin is where a logged-in user goes from /login.
func (s *Server) afterLogin(r *http.Request, next string) string {
	return landingFor(userOrgs(r.Context()), next)
}

func (s *Server) loginThrottled(w http.ResponseWriter, r *http.Request, f form, next string) {
	// The account's own log notes the throttling once per window (not once
	// per refused guess, which an attacker could use to fill it).
	if s.loginNoted.take(r, "acct:"+f.Get("email")) {
		if u, err := s.store.FindUserByEmail(r.Context(), f.Get("email")); err == nil {
			s.userEvent(r, u.ID, "login.throttled", "from "+clientIP(r))
		}
	}
	f.Message = "Too many failed attempts. Please wait a few minutes and try again."
	w.Header().Set("Retry-After", "300")
	s.render(w, r, http.StatusTooManyRequests, web.LoginPage(s.page(r, "Log in", ""), f.Form, next))
}

// landingFor: the page asked for, else the only organization's dashboard,
// else the organization picker (or the form for a first organization).
func landingFor(orgs []store.OrgMembership, next string) string {
	switch {
	case next != "":
		return next
	case len(orgs) == 1:
		return web.OrgPath(orgs[0].Slug)
	case len(orgs) == 0:
		return "/orgs/new"
	default:
		return "/orgs"
	}
}

// safeNext accepts only a local path, so /login?next= cannot send a user to
// another site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || len(next) > 2048 {
		return ""
	}
	// Browsers read a backslash as a slash and drop control characters, so
	// "/\evil.com" or "/\t/evil.com" would leave the site.
	if strings.IndexFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) >= 0 {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return ""
	}
	return next
}
