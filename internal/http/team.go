package http

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/headwayhq/headway/internal/mail"
	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

func (s *Server) handleTeamView(w http.ResponseWriter, r *http.Request) {
	s.renderTeam(w, r, http.StatusOK, web.Form{}, "")
}

// renderTeam renders the team page, optionally with the invite form's
// values and messages, or a page-level error. Members and (for managers)
// invitations are read in one round trip.
func (s *Server) renderTeam(w http.ResponseWriter, r *http.Request, status int, invite web.Form, problem string) {
	ctx := r.Context()
	org, me := currentOrg(ctx), currentUser(ctx)
	team, err := s.store.FindTeam(ctx, org.ID, canManage(org.Role))
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := web.TeamProps{Invite: invite, CanManage: canManage(org.Role), IsOwner: org.Role == store.RoleOwner, JobRoles: roadmap.JobRoleTitles()}
	owners := 0
	for _, m := range team.Members {
		if m.Role == store.RoleOwner {
			owners++
		}
	}
	d.LastOwner = org.Role == store.RoleOwner && owners == 1
	for _, m := range team.Members {
		d.Members = append(d.Members, web.Member{UserID: m.UserID, Name: m.Name, Email: m.Email, Role: m.Role,
			JobRole: m.JobRole().Title(), JoinedAt: m.JoinedAt, IsYou: m.UserID == me.ID})
	}
	for _, inv := range team.Invitations {
		d.Invitations = append(d.Invitations, web.PendingInvitation{ID: inv.ID, Email: inv.Email, Role: inv.Role,
			JobRole: inv.JobRole().Title(), Link: s.invitationLink(inv.Nonce), Path: s.invitationPath(inv.Nonce), SentAt: inv.SentAt, ExpiresAt: inv.ExpiresAt,
			Expired: !s.now().Before(inv.ExpiresAt), Rotated: inv.RotatedAt != nil})
	}
	p := s.page(r, "Team", "team")
	if problem != "" {
		p.Flash, p.FlashKind = problem, "error"
	}
	s.render(w, r, status, web.TeamPage(p, d))
}

func (s *Server) invitationPath(nonce []byte) string {
	return "/invitations/" + s.invitationToken(nonce)
}

func (s *Server) invitationLink(nonce []byte) string { return s.absURL(s.invitationPath(nonce)) }

// linkRotation is the store.Rekey of a membership change: fresh link
// material for each pending invitation it rotates, counted for the flash.
type linkRotation struct {
	s *Server
	n int
}

func (lr *linkRotation) rekey() (nonce, tokenHash []byte) {
	lr.n++
	nonce = newNonce()
	return nonce, store.HashToken(lr.s.invitationToken(nonce))
}

// flash adds the rotation's news to a success message.
func (lr *linkRotation) flash(r *http.Request, msg string) {
	switch lr.n {
	case 0:
	case 1:
		msg += " The link of the pending invitation was replaced: the emailed link no longer works. Resend it or share its new link."
	default:
		msg += " The links of the " + strconv.Itoa(lr.n) + " pending invitations were replaced: the emailed links no longer work. Resend them or share their new links."
	}
	lr.s.flash(r, "success", msg)
}

// handleInvitationCreate invites an email with a role; the link is emailed
// and listed on the team page for sharing by hand.
func (s *Server) handleInvitationCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org, me := currentOrg(ctx), currentUser(ctx)
	f := newForm(r, "email", "role", "job_role")
	in := roadmap.Invitation{Email: roadmap.NormalizeEmail(f.Get("email")), Role: f.Get("role"), JobRole: roadmap.ParseJobRole(f.Get("job_role"))}
	f.Values["email"] = in.Email
	f.merge(in.Validate())
	if !f.valid() {
		s.renderTeam(w, r, http.StatusUnprocessableEntity, f.Form, "")
		return
	}
	if !s.takeInvitation(r, org.ID, f.Get("email")) {
		s.renderTeam(w, r, http.StatusTooManyRequests, f.Form, "Too many invitations in the last hour. Please try again later.")
		return
	}
	nonce := newNonce()
	link := s.emailedInvitationLink(nonce, in.Email)
	inv, err := s.store.CreateInvitation(s.audited(r, "invitation.created", in.Email+" as "+in.Role), org.ID, store.NewInvitation{
		Email: in.Email, Role: in.Role, JobRole: in.JobRole, Nonce: nonce,
		TokenHash: store.HashToken(s.invitationToken(nonce)), InvitedBy: me.ID, SentAt: s.now(), ExpiresAt: s.now().Add(s.cfg.InvitationTTL),
	})
	switch {
	case errors.Is(err, store.ErrAlreadyMember):
		f.fail("email", f.Get("email")+" is already a member of "+org.Name+".")
	case errors.Is(err, store.ErrAlreadyInvited):
		f.fail("email", f.Get("email")+" already has a pending invitation: resend or revoke it below.")
	case err != nil:
		s.error(w, r, err)
		return
	}
	if !f.valid() {
		s.renderTeam(w, r, http.StatusConflict, f.Form, "")
		return
	}
	s.flashInvitationSent(r, inv.Email, s.sendInvitation(ctx, org, me, inv.Role, inv.Email, link, inv.ExpiresAt))
	http.Redirect(w, r, orgPath(org, "team"), http.StatusSeeOther)
}

func (s *Server) sendInvitation(ctx context.Context, org *store.OrgMembership, me *store.User, role, email, link string, expires time.Time) error {
	msg := mail.Invitation(mail.InvitationData{OrgName: org.Name, InviterName: me.Name, Role: role, Link: link, Expires: expires})
	msg.To = email
	return s.mailer.Send(ctx, msg)
}

func (s *Server) flashInvitationSent(r *http.Request, email string, sendErr error) {
	if sendErr != nil {
		s.log.Warn("invitation email not sent", "err", sendErr)
		s.flash(r, "error", "The invitation to "+email+" was created but the email could not be sent. Copy its link below and share it yourself.")
		return
	}
	s.flash(r, "success", "Invitation sent to "+email+". You can also copy its link below and share it yourself.")
}

// handleInvitationResend gives the invitation a new link and expiry and
// emails it again; the previous link stops working.
func (s *Server) handleInvitationResend(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org, me := currentOrg(ctx), currentUser(ctx)
	id, ok := idParam(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	pending, err := s.store.FindPendingInvitation(ctx, org.ID, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !s.takeInvitation(r, org.ID, pending.Email) {
		s.renderTeam(w, r, http.StatusTooManyRequests, web.Form{}, "This invitation was sent too often in the last hour. Please try again later.")
		return
	}
	nonce := newNonce()
	inv, err := s.store.RenewInvitation(s.audited(r, "invitation.resent", pending.Email), org.ID, id, nonce, store.HashToken(s.invitationToken(nonce)), s.now(), s.now().Add(s.cfg.InvitationTTL))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.flashInvitationSent(r, inv.Email, s.sendInvitation(ctx, org, me, inv.Role, inv.Email, s.emailedInvitationLink(nonce, inv.Email), inv.ExpiresAt))
	http.Redirect(w, r, orgPath(org, "team"), http.StatusSeeOther)
}

func (s *Server) handleInvitationRevoke(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	id, ok := idParam(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := s.store.RevokeInvitation(s.audited(r, "invitation.revoked", "invitation #"+strconv.FormatInt(id, 10)), org.ID, id); err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Invitation revoked: its link no longer works.")
	http.Redirect(w, r, orgPath(org, "team"), http.StatusSeeOther)
}

// handleMemberUpdate changes a member's role and job role. Only owners grant
// or take away the owner role; the last owner keeps it.
func (s *Server) handleMemberUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org := currentOrg(ctx)
	target, ok := s.targetMember(w, r)
	if !ok {
		return
	}
	f := newForm(r, "role", "job_role")
	if !f.valid() {
		s.renderTeam(w, r, http.StatusUnprocessableEntity, web.Form{}, "The job role contains characters that are not allowed.")
		return
	}
	m := roadmap.Membership{Role: f.Get("role"), JobRole: target.JobRole()}
	if m.Role == "" {
		m.Role = target.Role
	}
	_, jobSent := r.PostForm["job_role"]
	if jobSent {
		m.JobRole = roadmap.ParseJobRole(f.Get("job_role"))
	}
	if fe := m.Validate(); len(fe) > 0 {
		s.renderTeam(w, r, http.StatusUnprocessableEntity, web.Form{}, firstMessage(fe, "role", "job_role"))
		return
	}
	if (m.Role == store.RoleOwner || target.Role == store.RoleOwner) && m.Role != target.Role && org.Role != store.RoleOwner {
		s.renderTeam(w, r, http.StatusForbidden, web.Form{}, ownerRoleOnly)
		return
	}
	rot := &linkRotation{s: s}
	if m.Role != target.Role {
		// The store decides again under a lock: roles may have changed since.
		err := s.store.UpdateMemberRole(s.audited(r, "member.role_changed", person(target.Name, target.Email)+": "+target.Role+" → "+m.Role),
			org.ID, currentUser(ctx).ID, target.UserID, m.Role, rot.rekey)
		if err != nil {
			s.teamProblem(w, r, withMessage(err, membershipMessage(err, target.Name+" is the last owner: make someone else an owner first.", ownerRoleOnly)))
			return
		}
	}
	if jobSent && m.JobRole != target.JobRole() {
		if err := s.store.UpdateMemberJobRole(s.audited(r, "member.job_role_changed", person(target.Name, target.Email)+": "+jobTitleOrNone(m.JobRole)),
			org.ID, target.UserID, m.JobRole); err != nil {
			s.teamProblem(w, r, withMessage(err, membershipMessage(err, "", "")))
			return
		}
	}
	rot.flash(r, "Updated "+target.Name+".")
	http.Redirect(w, r, orgPath(org, "team"), http.StatusSeeOther)
}

// targetMember loads the {userID} member of the organization, answering 404
// when there is none.
func (s *Server) targetMember(w http.ResponseWriter, r *http.Request) (store.Member, bool) {
	id, ok := idParam(r, "userID")
	if !ok {
		s.notFound(w, r)
		return store.Member{}, false
	}
	m, err := s.store.FindMember(r.Context(), currentOrg(r.Context()).ID, id)
	if err != nil {
		s.error(w, r, err)
		return m, false
	}
	return m, true
}

func (s *Server) handleMemberRemoveConfirm(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	m, ok := s.targetMember(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, web.ConfirmPage(s.page(r, "Remove member", "team"), web.ConfirmProps{
		Heading: "Remove " + m.Name + "?",
		Message: m.Name + " (" + m.Email + ") will lose access to " + org.Name + " at once. Their self-ratings are deleted with the membership.",
		Action:  orgPath(org, "team", "members", strconv.FormatInt(m.UserID, 10), "remove"),
		Button:  "Remove member", Cancel: orgPath(org, "team"),
	}))
}

func (s *Server) handleMemberRemove(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org := currentOrg(ctx)
	m, ok := s.targetMember(w, r)
	if !ok {
		return
	}
	if m.Role == store.RoleOwner && org.Role != store.RoleOwner {
		s.renderTeam(w, r, http.StatusForbidden, web.Form{}, "Only an owner can remove an owner.")
		return
	}
	rot := &linkRotation{s: s}
	if err := s.store.RemoveMember(s.audited(r, "member.removed", person(m.Name, m.Email)+" ("+m.Role+")"), org.ID, currentUser(ctx).ID, m.UserID, rot.rekey); err != nil {
		s.teamProblem(w, r, withMessage(err, membershipMessage(err, m.Name+" is the last owner and cannot be removed.", "Only an owner can remove an owner.")))
		return
	}
	if m.UserID == currentUser(ctx).ID {
		s.flash(r, "success", "You left "+org.Name+".")
		http.Redirect(w, r, "/orgs", http.StatusSeeOther)
		return
	}
	rot.flash(r, m.Name+" was removed from "+org.Name+".")
	http.Redirect(w, r, orgPath(org, "team"), http.StatusSeeOther)
}

func (s *Server) handleLeaveConfirm(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	if org.Role == store.RoleOwner {
		// The only owner is told now, not after confirming.
		team, err := s.store.FindTeam(r.Context(), org.ID, false)
		if err != nil {
			s.error(w, r, err)
			return
		}
		owners := 0
		for _, m := range team.Members {
			if m.Role == store.RoleOwner {
				owners++
			}
		}
		if owners <= 1 {
			s.renderTeam(w, r, http.StatusConflict, web.Form{},
				"You are the last owner: make someone else an owner before you leave, or delete the organization in Settings.")
			return
		}
	}
	s.render(w, r, http.StatusOK, web.ConfirmPage(s.page(r, "Leave organization", "team"), web.ConfirmProps{
		Heading: "Leave " + org.Name + "?",
		Message: "You will lose access to " + org.Name + " until someone invites you again.",
		Action:  orgPath(org, "team", "leave"), Button: "Leave organization", Cancel: orgPath(org, "team"),
	}))
}

func (s *Server) handleLeave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org := currentOrg(ctx)
	me := currentUser(ctx).ID
	// A manager leaving rotates the links; the managers who stay see the
	// notice beside each invitation on the team page.
	if err := s.store.RemoveMember(s.audited(r, "member.left", org.Role), org.ID, me, me, (&linkRotation{s: s}).rekey); err != nil {
		s.teamProblem(w, r, withMessage(err, membershipMessage(err,
			"You are the last owner: make someone else an owner before you leave, or delete the organization in Settings.", "")))
		return
	}
	s.flash(r, "success", "You left "+org.Name+".")
	http.Redirect(w, r, "/orgs", http.StatusSeeOther)
}

// ownerRoleOnly explains a refused change of the owner role.
const ownerRoleOnly = "Only an owner can grant or take away the owner role."

// membershipMessage words a refused membership change for the team page:
// the last owner, a role that does not allow it, a member who is gone.
func membershipMessage(err error, lastOwner, forbidden string) string {
	switch {
	case errors.Is(err, store.ErrLastOwner) && lastOwner != "":
		return lastOwner
	case errors.Is(err, store.ErrForbidden) && forbidden != "":
		return forbidden
	case errors.Is(err, store.ErrForbidden):
		return "Your role does not allow this change."
	case errors.Is(err, store.ErrNotFound):
		return "That person is no longer a member."
	}
	return classify(err).message
}

// teamProblem answers a failed team change on the team page, with the
// status of the error table; unknown errors go to the sink.
func (s *Server) teamProblem(w http.ResponseWriter, r *http.Request, err error) {
	k := classify(err)
	if k.status == http.StatusInternalServerError {
		s.error(w, r, err)
		return
	}
	s.renderTeam(w, r, k.status, web.Form{}, k.message)
}

// firstMessage is the message of the first of fields that has one.
func firstMessage(fe map[string]string, fields ...string) string {
	for _, f := range fields {
		if m, ok := fe[f]; ok {
			return m
		}
	}
	for _, m := range fe {
		return m
	}
	return ""
}

// takeInvitation counts one invitation email against the organization's
// and the recipient's hourly budgets. The recipient's key is the email alone,
// so that a sender with several organizations cannot multiply it.
func (s *Server) takeInvitation(r *http.Request, orgID int64, email string) bool {
	orgKey := "org:" + strconv.FormatInt(orgID, 10)
	if !s.inviteOrg.take(r, orgKey) {
		return false
	}
	if !s.inviteTo.take(r, "email:"+email) {
		s.inviteOrg.refund(orgKey)
		return false
	}
	return true
}

// idParam parses a positive integer URL parameter.
func idParam(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	return id, err == nil && id > 0
}

func canManage(role string) bool { return role == store.RoleOwner || role == store.RoleAdmin }

// jobTitleOrNone is a job role for the audit log.
func jobTitleOrNone(j roadmap.JobRoleChoice) string {
	if t := j.Title(); t != "" {
		return t
	}
	return "none"
}
