package http

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/headwayhq/headway/internal/mail"
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
	d.OrgName, d.Role, d.Email, d.Inviter = inv.OrgName, inv.Role, inv.Email, inv.InvitedByName
	if err := inv.Usable(s.now()); err != nil {
		s.invitationUnusable(w, r, d, err)
		return inv, d, false
	}
	proof := invitationProofParam(r)
	proven := proof != "" && hmac.Equal([]byte(proof), []byte(s.invitationProof(token, inv.Email)))
	if proven {
		d.Proof = proof // carried through login and the join form
	}
	switch u := currentUser(ctx); {
	case u != nil && u.Email == inv.Email && proven:
		d.State = "join"
	case u != nil && u.Email == inv.Email:
		// An account with the invited address proves nothing about the
		// mailbox either (anyone can sign up with any address): without the
		// emailed proof, the code sent to the address decides.
		d.State = "verify"
		d.CodeSent = inv.CodeExpiresAt != nil && s.now().Before(*inv.CodeExpiresAt) && inv.CodeAttempts < store.MaxCodeAttempts
	case u != nil:
		d.State = "wrong_user"
	default:
		taken, err := s.store.EmailTaken(ctx, inv.Email)
		if err != nil {
			s.error(w, r, err)
			return inv, d, false
		}
		switch {
		case taken:
			d.State = "login"
		case proven:
			d.State = "signup"
		default:
			// A link without the proof (shared by hand, or copied from the
			// team page) proves nothing about the mailbox: a code sent to
			// the address must, before an account is created through it.
			d.State = "verify"
			d.CodeSent = inv.CodeExpiresAt != nil && s.now().Before(*inv.CodeExpiresAt) && inv.CodeAttempts < store.MaxCodeAttempts
		}
	}
	return inv, d, true
}

// invitationProofParam is the proof a request carries: the signup form's
// field, or the emailed link's query parameter.
func invitationProofParam(r *http.Request) string {
	if p := r.PostForm.Get("proof"); p != "" {
		return p
	}
	return r.URL.Query().Get("proof")
}

// invitationProof proves that whoever holds the link read the invited
// mailbox: an HMAC under SECRET_KEY of the token and the address, added to
// the emailed link only. The team page's link for sharing by hand lacks it;
// neither the database nor a manager can derive it.
func (s *Server) invitationProof(token, email string) string {
	m := hmac.New(sha256.New, s.cfg.SecretKey)
	m.Write([]byte("headway invitation proof\x00"))
	m.Write([]byte(token))
	m.Write([]byte{0})
	m.Write([]byte(email))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// emailedInvitationLink is the link of the invitation email: the team page's
// link plus the proof of the address.
func (s *Server) emailedInvitationLink(nonce []byte, email string) string {
	return s.absURL(s.provenInvitationPath(s.invitationToken(nonce), email))
}

func (s *Server) provenInvitationPath(token, email string) string {
	return "/invitations/" + token + "?proof=" + s.invitationProof(token, email)
}

// Address codes: 6 digits from crypto/rand, stored only as an HMAC under
// SECRET_KEY with the invitation's nonce (a leaked database does not give
// them away by brute force), valid for invitationCodeTTL and
// store.MaxCodeAttempts wrong tries; sending one counts against the
// invitation emails' budgets (per organization and per recipient).
const invitationCodeTTL = 10 * time.Minute

func newInvitationCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(err) // crypto/rand does not fail
	}
	return fmt.Sprintf("%06d", n.Int64())
}

func (s *Server) invitationCodeHash(nonce []byte, code string) []byte {
	m := hmac.New(sha256.New, s.cfg.SecretKey)
	m.Write([]byte("headway invitation code\x00"))
	m.Write(nonce)
	m.Write([]byte{0})
	m.Write([]byte(code))
	return m.Sum(nil)
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
	case "verify": // no proof of the address: no account
		d.Form.Message = "Confirm that " + inv.Email + " is yours first: we email a code to it."
		s.render(w, r, http.StatusForbidden, web.InvitationPage(s.page(r, "Join "+d.OrgName, ""), d))
		return
	case "join":
		u, _, err = s.store.AcceptInvitation(s.audited(r, "invitation.accepted", inv.Email+" as "+inv.Role), hash, currentUser(ctx).ID, nil, s.now())
	case "signup":
		f := newForm(r, "name")
		pw := r.PostForm.Get("password")
		f.text("name", "Name", true, roadmap.MaxPersonName)
		f.password("password", pw, inv.Email, f.Get("name"), inv.OrgName)
		if !f.valid() {
			d.Form = f.Form
			delete(d.Form.Values, "proof")
			s.render(w, r, http.StatusUnprocessableEntity, web.InvitationPage(s.page(r, "Join "+d.OrgName, ""), d))
			return
		}
		hashPW, herr := s.passwords.Hash(ctx, pw)
		if herr != nil {
			s.error(w, r, herr)
			return
		}
		u, _, err = s.store.AcceptInvitation(s.auditedBy(r, person(f.Get("name"), inv.Email), "invitation.accepted", inv.Email+" as "+inv.Role), hash, 0, &store.NewUser{Email: inv.Email, Name: f.Get("name"), PasswordHash: hashPW}, s.now())
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
		err = s.renewSession(r, currentUser(ctx).ID, currentUser(ctx).SessionEpoch)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	// A new member's first task is to rate their skills: the self-rating
	// page greets them, naming who invited them and why.
	s.sessions.Put(ctx, sessionSkillsWelcome, "by:"+inv.InvitedByName)
	http.Redirect(w, r, web.OrgPath(inv.OrgSlug, "skills", "me"), http.StatusSeeOther)
}

// handleInvitationCode emails a new code to the invited address (the verify
// state of a link without proof), replacing any earlier one.
func (s *Server) handleInvitationCode(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	inv, d, ok := s.resolveInvitation(w, r)
	if !ok {
		return
	}
	token := chi.URLParam(r, "token")
	switch d.State {
	case "signup": // the link proves the address already
		http.Redirect(w, r, s.provenInvitationPath(token, inv.Email), http.StatusSeeOther)
		return
	case "verify":
	default:
		s.render(w, r, http.StatusForbidden, web.InvitationPage(s.page(r, "Join "+d.OrgName, ""), d))
		return
	}
	// Codes have their own budget per invitation: anyone holding a link can
	// ask, and must not spend the managers' invitation budgets.
	if !s.inviteCode.take(r, "inv:"+strconv.FormatInt(inv.OrgID, 10)+":"+strconv.FormatInt(inv.ID, 10)) {
		w.Header().Set("Retry-After", "3600")
		d.Form.Message = "Too many emails were sent to " + inv.Email + " in the last hour. Please try again later."
		s.render(w, r, http.StatusTooManyRequests, web.InvitationPage(s.page(r, "Join "+d.OrgName, ""), d))
		return
	}
	code := newInvitationCode()
	err := s.store.SetInvitationCode(ctx, store.HashToken(token), s.invitationCodeHash(inv.Nonce, code), s.now(), s.now().Add(invitationCodeTTL))
	if s.invitationRaced(w, r, d, err) {
		return
	}
	msg := mail.InvitationCode(mail.InvitationCodeData{OrgName: inv.OrgName, Code: code, ValidFor: invitationCodeTTL})
	msg.To = inv.Email
	if err := s.mailer.Send(ctx, msg); err != nil {
		s.log.Warn("invitation code email not sent", "err", err)
		s.flash(r, "error", "The code could not be sent to "+inv.Email+". Please try again in a few minutes.")
	} else {
		s.flash(r, "success", "We sent a 6-digit code to "+inv.Email+". Type it below; it is valid for 10 minutes.")
	}
	http.Redirect(w, r, "/invitations/"+token, http.StatusSeeOther)
}

// handleInvitationVerify checks the code typed in the verify state; the
// right one leads to the sign-up form with the proof the emailed link
// carries.
func (s *Server) handleInvitationVerify(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	inv, d, ok := s.resolveInvitation(w, r)
	if !ok {
		return
	}
	token := chi.URLParam(r, "token")
	switch d.State {
	case "signup":
		http.Redirect(w, r, s.provenInvitationPath(token, inv.Email), http.StatusSeeOther)
		return
	case "verify":
	default:
		s.render(w, r, http.StatusForbidden, web.InvitationPage(s.page(r, "Join "+d.OrgName, ""), d))
		return
	}
	f := newForm(r, "code")
	code := strings.ReplaceAll(f.Get("code"), " ", "")
	f.Values["code"] = code
	if f.valid() && (len(code) != 6 || strings.Trim(code, "0123456789") != "") {
		f.fail("code", "Enter the 6 digits of the code from the email.")
	}
	if !f.valid() {
		d.Form = f.Form
		s.render(w, r, http.StatusUnprocessableEntity, web.InvitationPage(s.page(r, "Join "+d.OrgName, ""), d))
		return
	}
	res, left, err := s.store.CheckInvitationCode(ctx, store.HashToken(token), s.invitationCodeHash(inv.Nonce, code), s.now())
	if s.invitationRaced(w, r, d, err) {
		return
	}
	switch res {
	case store.CodeAccepted:
		http.Redirect(w, r, s.provenInvitationPath(token, inv.Email), http.StatusSeeOther)
		return
	case store.CodeWrong:
		switch left {
		case 0:
			d.CodeSent = false
			f.Message = "That code is not right, and that was the last try: request a new code."
		case 1:
			f.fail("code", "That code is not right. 1 try left.")
		default:
			f.fail("code", fmt.Sprintf("That code is not right. %d tries left.", left))
		}
	default:
		d.CodeSent = false
		f.Message = "This code can no longer be used (it expired, or too many wrong tries): request a new code."
	}
	f.Values["code"] = ""
	d.Form = f.Form
	s.render(w, r, http.StatusUnprocessableEntity, web.InvitationPage(s.page(r, "Join "+d.OrgName, ""), d))
}

// invitationRaced answers a store error of the code handlers: an invitation
// used, revoked or expired (or rotated: gone) since it was read. It reports
// whether a page was written.
func (s *Server) invitationRaced(w http.ResponseWriter, r *http.Request, d web.InvitationProps, err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, store.ErrInvitationUsed), errors.Is(err, store.ErrInvitationRevoked), errors.Is(err, store.ErrInvitationExpired):
		s.invitationUnusable(w, r, d, err)
	case errors.Is(err, store.ErrNotFound):
		d.State, d.Problem = "invalid", "This invitation link is not valid. Check that you copied all of it, or ask for a new invitation."
		s.render(w, r, http.StatusNotFound, web.InvitationPage(s.page(r, "Invitation", ""), d))
	default:
		s.error(w, r, err)
	}
	return true
}
