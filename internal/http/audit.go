package http

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// The audit log. A handler passes s.audited(r, action, target) as the
// context of the store call that makes the change: the store records the
// entry in the change's own transaction. Security events of an account
// (logins, resets, sessions ended) go to the user's own log with
// s.userEvent. Targets name things in words and never hold a secret.

// auditActions are the actions the log records, with how the page says them.
var auditActions = []web.Option{
	{Value: "org.created", Label: "Organization created"},
	{Value: "org.renamed", Label: "Organization renamed"},
	{Value: "invitation.created", Label: "Invitation sent"},
	{Value: "invitation.resent", Label: "Invitation resent (new link)"},
	{Value: "invitation.revoked", Label: "Invitation revoked"},
	{Value: "invitation.rotated", Label: "Invitation links replaced"},
	{Value: "invitation.accepted", Label: "Invitation accepted"},
	{Value: "member.role_changed", Label: "Role changed"},
	{Value: "member.job_role_changed", Label: "Job role changed"},
	{Value: "member.removed", Label: "Member removed"},
	{Value: "member.left", Label: "Member left"},
	{Value: "member.email_changed", Label: "Member's email changed"},
	{Value: "member.account_deleted", Label: "Member deleted their account"},
	{Value: "token.created", Label: "API token created"},
	{Value: "token.revoked", Label: "API token revoked"},
	{Value: "token.first_used", Label: "API token first used"},
	{Value: "stack_item.created", Label: "Stack item added"},
	{Value: "stack_item.updated", Label: "Stack item changed"},
	{Value: "stack_item.deleted", Label: "Stack item deleted"},
	{Value: "stack.catalog_added", Label: "Tools added from the catalog"},
	{Value: "stack.considerations_saved", Label: "Considerations saved"},
	{Value: "finding.created", Label: "Finding added"},
	{Value: "finding.updated", Label: "Finding changed"},
	{Value: "finding.deleted", Label: "Finding deleted"},
	{Value: "stack.imported", Label: "Inventory imported"},
	{Value: "findings.imported", Label: "Findings imported"},
	{Value: "workbook.imported", Label: "Roadmap workbook imported"},
	{Value: "kpi.recorded", Label: "KPI snapshot recorded"},
	{Value: "kpi.replaced", Label: "KPI snapshot replaced (same date)"},
	// Steps 3 and 4: practices and the maturity assessment.
	{Value: "practice.status_changed", Label: "Practice status changed"},
	{Value: "maturity.draft_saved", Label: "Maturity draft saved"},
	{Value: "maturity.completed", Label: "Maturity assessment completed"},
	{Value: "maturity.survey_opened", Label: "Team survey opened"},
	{Value: "maturity.survey_answered", Label: "Team survey answered"},
	{Value: "skills.rated", Label: "Skills self-rated"},
	{Value: "skills.reminder_sent", Label: "Skills rating reminder sent"},
	{Value: "kpi.updated", Label: "KPI snapshot changed"},
	{Value: "kpi.deleted", Label: "KPI snapshot deleted"},
	{Value: "kpi.targets_set", Label: "KPI targets set"},
	{Value: "org.profile_set", Label: "Industry and size set"},
	// Step 2a: the skill catalog and the required levels (skills_catalog.go, skills_requirements.go).
	{Value: "skill.created", Label: "Skill added"},
	{Value: "skill.updated", Label: "Skill changed"},
	{Value: "skill.archived", Label: "Skill archived"},
	{Value: "skill.restored", Label: "Skill restored"},
	{Value: "skill.moved", Label: "Skill moved"},
	{Value: "skill.requirements_saved", Label: "Required levels saved"},
	// The roadmap: decisions and hand-added initiatives (roadmap.go).
	{Value: "roadmap.decided", Label: "Roadmap decision saved"},
	{Value: "roadmap.initiative_added", Label: "Initiative added by hand"},
	{Value: "roadmap.initiative_changed", Label: "Hand-added initiative changed"},
	{Value: "roadmap.initiative_deleted", Label: "Hand-added initiative deleted"},
	{Value: "org.improvement_share_set", Label: "Improvement time set"},
	// The roadmap's stakeholders (roadmap_stakeholders.go).
	{Value: "stakeholder.created", Label: "Stakeholder added"},
	{Value: "stakeholder.updated", Label: "Stakeholder changed"},
	{Value: "stakeholder.deleted", Label: "Stakeholder deleted"},
	// Roadmap baselines (roadmap_baselines.go).
	{Value: "baseline.created", Label: "Roadmap baseline saved"},
	{Value: "baseline.deleted", Label: "Roadmap baseline deleted"},
	// Share links of the roadmap (shares.go).
	{Value: "share.created", Label: "Share link created"},
	{Value: "share.revoked", Label: "Share link revoked"},
	// The guided quick assessment (start.go): one entry per saved screen.
	{Value: "start.team_saved", Label: "Quick assessment: team saved"},
	{Value: "start.stack_saved", Label: "Quick assessment: stack saved"},
	{Value: "start.practices_saved", Label: "Quick assessment: practices saved"},
	{Value: "start.invited", Label: "Quick assessment: team invited"},
}

func auditLabel(action string) string {
	for _, a := range auditActions {
		if a.Value == action {
			return a.Label
		}
	}
	return action
}

// audited returns the request's context carrying an audit entry for the
// next tenant write: the actor (the session's user or the API token), the
// client IP and the request id.
func (s *Server) audited(r *http.Request, action, target string) context.Context {
	return s.auditedBy(r, "", action, target)
}

// auditedBy is audited naming the actor where the request has no session
// yet (a signup, an invitation accepted by signing up): the store fills in
// the new account's id.
func (s *Server) auditedBy(r *http.Request, actor, action, target string) context.Context {
	return store.WithAudit(r.Context(), s.auditEvent(r, actor, action, target))
}

// auditEvent is the entry of an action of this request's actor.
func (s *Server) auditEvent(r *http.Request, actor, action, target string) store.AuditEvent {
	ctx := r.Context()
	ev := store.AuditEvent{At: s.now(), Actor: actor, Action: action, Target: target, ClientIP: clientIP(r), RequestID: middleware.GetReqID(ctx)}
	switch u, tok := currentUser(ctx), apiToken(ctx); {
	case u != nil:
		ev.ActorUserID, ev.Actor = &u.ID, person(u.Name, u.Email)
	case tok.ID != 0:
		ev.ActorTokenID, ev.Actor = &tok.ID, "token "+tok.Name
	}
	return ev
}

// person names someone in the log.
func person(name, email string) string { return name + " <" + email + ">" }

// userEvent records a security event in the user's own log; a failure to
// record is logged, not shown (the event already happened). userID 0 (a
// failed login for an unknown email) records nothing at the same cost, so
// the answer takes as long for an account that exists as for one that does
// not.
func (s *Server) userEvent(r *http.Request, userID int64, action, detail string) {
	if err := s.store.RecordUserEvent(r.Context(), s.newUserEvent(r, userID, action, detail)); err != nil {
		s.log.Error("user event not recorded", "err", err, "action", action, "request_id", middleware.GetReqID(r.Context()))
	}
}

func (s *Server) newUserEvent(r *http.Request, userID int64, action, detail string) store.UserEvent {
	return store.UserEvent{UserID: userID, At: s.now(), Action: action, Detail: detail, ClientIP: clientIP(r), RequestID: middleware.GetReqID(r.Context())}
}

// auditPageSize is how many entries a page of the log shows.
const auditPageSize = 50

// handleAuditView is /o/{slug}/settings/audit: the organization's log,
// newest first, filtered by action, paged by ?before=<id>.
func (s *Server) handleAuditView(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	q := r.URL.Query()
	f := store.AuditFilter{Action: q.Get("action"), Limit: auditPageSize + 1}
	if f.Action != "" && auditLabel(f.Action) == f.Action {
		f.Action = "" // an unknown action filters nothing rather than everything
	}
	if before, err := strconv.ParseInt(q.Get("before"), 10, 64); err == nil && before > 0 {
		f.BeforeID = before
	}
	events, err := s.store.FindAuditEvents(r.Context(), org.ID, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := web.AuditProps{Action: f.Action, Actions: auditActions, First: f.BeforeID == 0}
	if len(events) > auditPageSize {
		events = events[:auditPageSize]
		d.Older = orgPath(org, "settings", "audit") + "?" + olderQuery(f.Action, events[len(events)-1].ID)
	}
	for _, e := range events {
		d.Events = append(d.Events, web.AuditRow{At: e.At, Actor: e.Actor, Action: auditLabel(e.Action), Target: e.Target, ClientIP: e.ClientIP})
	}
	s.render(w, r, http.StatusOK, web.AuditPage(s.page(r, "Audit log", "settings"), d))
}

func olderQuery(action string, before int64) string {
	v := url.Values{"before": {strconv.FormatInt(before, 10)}}
	if action != "" {
		v.Set("action", action)
	}
	return v.Encode()
}

// accountEvents are the security events of an account, as its page says them.
var accountEvents = map[string]string{
	"account.created":          "Account created",
	"login.succeeded":          "Logged in",
	"login.failed":             "Wrong password",
	"login.throttled":          "Logins slowed down after wrong passwords",
	"session.ended":            "Logged out",
	"sessions.ended_elsewhere": "Logged out everywhere else",
	"password.reset_requested": "Password reset requested",
	"password.reset":           "Password reset",
	"password.changed":         "Password changed",
	"name.changed":             "Name changed",
	"email.change_requested":   "Email change requested",
	"email.changed":            "Email changed",
	"org.deleted":              "Organization deleted",
}

func accountEventLabel(action string) string {
	if l, ok := accountEvents[action]; ok {
		return l
	}
	return action
}
