package http

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/headwayhq/headway/internal/mail"
	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// Step 4's team survey: owners and admins open the draft's survey, which
// emails every member a link; any member answers every question, as often
// as they like (their latest answers count). Only the viewer's own answers
// and the team's aggregates (from roadmap.MinSurveyAnswers answers) ever
// reach a page: store.FindMaturity sends nothing else.

var surveyHead = web.MaturityHead{Tab: "survey", Heading: "Team survey",
	Blurb: "The same questions for everyone: a leader's view of how the team works is the least reliable answer, so the team answers too."}

func surveyProps(org *store.OrgMembership, page store.MaturityPage) web.SurveyProps {
	d := web.SurveyProps{Head: surveyHead, CanManage: canManage(org.Role),
		Form: web.Form{Values: map[string]string{}, Errors: map[string]string{}}}
	d.Head.CanManage = d.CanManage
	if dr := page.Draft; dr != nil && dr.SurveyOpen() {
		d.Open, d.OpenedAt, d.Respondents = true, *dr.SurveyOpenedAt, dr.Respondents
	}
	if page.MySurvey != nil {
		d.Answered = true
		for k, l := range page.MySurvey {
			d.Form.Values[k] = strconv.Itoa(l)
		}
	}
	return d
}

// handleSurveyView is GET /o/{slug}/maturity/survey (members).
func (s *Server) handleSurveyView(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	page, err := s.store.FindMaturity(r.Context(), org.ID, currentUser(r.Context()).ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.SurveyPage(s.page(r, "Team survey", "maturity"), surveyProps(org, page)))
}

// handleSurveyAnswer is POST /o/{slug}/maturity/survey (members): every
// question answered replaces the member's answers; a missing one is a 422
// naming each, a closed survey a 409, and nothing is stored.
func (s *Server) handleSurveyAnswer(w http.ResponseWriter, r *http.Request) {
	org, me := currentOrg(r.Context()), currentUser(r.Context())
	keys := make([]string, 0, len(roadmap.MaturityQuestions))
	for _, q := range roadmap.MaturityQuestions {
		keys = append(keys, q.Key)
	}
	f := newForm(r, keys...)
	answers, fe := roadmap.ParseMaturityAnswers(f.Get)
	f.merge(fe)
	missing := answers.Missing()
	f.merge(answers.Validate(true))
	page, err := s.store.FindMaturity(r.Context(), org.ID, me.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	render := func(status int) {
		d := surveyProps(org, page)
		d.Form.Values, d.Form.Errors, d.Form.Message = f.Values, f.Errors, f.Message
		d.Missing = missing
		s.render(w, r, status, web.SurveyPage(s.page(r, "Team survey", "maturity"), d))
	}
	if page.Draft == nil || !page.Draft.SurveyOpen() {
		f.Message = "The team survey is closed: your answers were not recorded."
		render(http.StatusConflict)
		return
	}
	if !f.valid() {
		render(http.StatusUnprocessableEntity)
		return
	}
	// The audit names the survey, never the answers.
	err = s.store.RecordSurveyAnswers(s.audited(r, "maturity.survey_answered", "team survey"), org.ID, me.ID, page.Draft.ID, answers, s.now())
	if errors.Is(err, store.ErrSurveyClosed) || errors.Is(err, store.ErrAssessmentNotFound) {
		f.Message = "The team survey closed while you were answering: your answers were not recorded."
		render(http.StatusConflict)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Thank you: your answers are recorded. The team's results show from "+strconv.Itoa(roadmap.MinSurveyAnswers)+" answers.")
	http.Redirect(w, r, orgPath(org, "maturity", "survey"), http.StatusSeeOther)
}

// handleSurveyOpen is POST /o/{slug}/maturity/survey/open (owners and
// admins): opens the draft's survey (creating an empty draft if there is
// none) and emails every other member a link to it. Opening an open survey
// sends nothing again; a few openings a day per organization at most, so
// the team's inboxes cannot be flooded.
func (s *Server) handleSurveyOpen(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org, me := currentOrg(ctx), currentUser(ctx)
	page, err := s.store.FindMaturity(ctx, org.ID, me.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if page.Draft != nil && page.Draft.SurveyOpen() {
		s.flash(r, "success", "The team survey is already open.")
		http.Redirect(w, r, orgPath(org, "maturity", "survey"), http.StatusSeeOther)
		return
	}
	orgKey := "org:" + strconv.FormatInt(org.ID, 10)
	if !s.surveyOrg.take(r, orgKey) {
		d := surveyProps(org, page)
		d.Form.Message = "Too many surveys opened today. Please try again tomorrow."
		s.render(w, r, http.StatusTooManyRequests, web.SurveyPage(s.page(r, "Team survey", "maturity"), d))
		return
	}
	if _, err := s.store.OpenSurvey(s.audited(r, "maturity.survey_opened", "team survey"), org.ID, &me.ID, s.now()); err != nil {
		s.surveyOrg.refund(orgKey)
		s.error(w, r, err)
		return
	}
	members, err := s.store.FindMembers(ctx, org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	link := s.cfg.BaseURL + orgPath(org, "maturity", "survey")
	sent, failed := 0, 0
	for _, m := range members {
		if m.UserID == me.ID {
			continue
		}
		msg := mail.SurveyInvitation(mail.SurveyData{OrgName: org.Name, OpenerName: me.Name, Link: link})
		msg.To = m.Email
		if err := s.mailer.Send(ctx, msg); err != nil {
			s.log.Warn("survey email not sent", "err", err)
			failed++
			continue
		}
		sent++
	}
	if failed > 0 {
		s.flash(r, "error", "Opened the team survey, but "+strconv.Itoa(failed)+" of the emails could not be sent: share this page's address yourself.")
	} else {
		s.flash(r, "success", "Opened the team survey and emailed "+strconv.Itoa(sent)+" "+pluralWord(sent, "member", "members")+".")
	}
	http.Redirect(w, r, orgPath(org, "maturity", "survey"), http.StatusSeeOther)
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
