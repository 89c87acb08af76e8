package http

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// Step 4's pages: the results of the completed assessments (members read)
// and the leader's questionnaire (owners and admins), saved as a draft or
// completed once every question is answered. Scoring is the domain's, the
// same as GET /api/v1/maturity's (store.MaturityPage.Results).

var (
	resultsHead = web.MaturityHead{Tab: "results", Heading: "Maturity assessment",
		Blurb: "How you work on culture, technology, structure and collaboration, from initial to optimizing, with the risks that follow."}
	questionnaireHead = web.MaturityHead{Tab: "questionnaire", Heading: "Questionnaire",
		Blurb: "Choose, for each question, the level that describes how you work today rather than how you would like to."}
)

func draftView(a *store.Assessment) *web.DraftView {
	if a == nil {
		return nil
	}
	answered := 0
	for _, q := range roadmap.MaturityQuestions {
		if _, ok := a.Answers[q.Key]; ok {
			answered++
		}
	}
	return &web.DraftView{Answered: answered, Total: len(roadmap.MaturityQuestions), UpdatedAt: a.UpdatedAt,
		SurveyOpen: a.SurveyOpen(), Respondents: a.Respondents}
}

// maturityProps builds the results page from every assessment.
func maturityProps(org *store.OrgMembership, page store.MaturityPage) web.MaturityProps {
	d := web.MaturityProps{Head: resultsHead, CanManage: canManage(org.Role), Draft: draftView(page.Draft)}
	d.Head.CanManage = d.CanManage
	for i, res := range page.Results() {
		a := page.Completed[i]
		v := web.AssessmentView{Result: res, Survey: a.SurveyAggregate(), Respondents: a.Respondents, Leader: a.Answers}
		if a.CompletedAt != nil {
			v.CompletedAt = *a.CompletedAt
		}
		d.Trend = append(d.Trend, v)
	}
	if n := len(d.Trend); n > 0 {
		d.Latest = &d.Trend[n-1]
		var prev *roadmap.MaturityResult
		if n > 1 {
			d.Previous = &d.Trend[n-2]
			prev = &d.Previous.Result
		}
		d.Radar = web.NewMaturityRadar(&d.Latest.Result, prev)
	}
	return d
}

// handleMaturityView is GET /o/{slug}/maturity.
func (s *Server) handleMaturityView(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	page, err := s.store.FindMaturity(r.Context(), org.ID, currentUser(r.Context()).ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.MaturityPage(s.page(r, "Maturity assessment", "maturity"), maturityProps(org, page)))
}

// questionnaireForm is the draft's answers, or, without a draft, the
// latest completed assessment's (a second assessment starts from the
// first), at the draft's version (0 for none).
func questionnaireForm(page store.MaturityPage) (web.Form, *web.DraftView, *store.Assessment) {
	f := web.Form{Values: map[string]string{"version": "0"}, Errors: map[string]string{}}
	from := page.Draft
	if from != nil {
		f.Values["version"] = strconv.Itoa(from.Version)
	} else {
		from = page.Latest()
	}
	if from != nil {
		for k, l := range from.Answers {
			f.Values[k] = strconv.Itoa(l)
		}
	}
	return f, draftView(page.Draft), from
}

func questionnaireProps(page store.MaturityPage) web.QuestionnaireProps {
	f, draft, from := questionnaireForm(page)
	d := web.QuestionnaireProps{Head: questionnaireHead, Form: f, Draft: draft}
	d.Head.CanManage = true
	if draft == nil && from != nil {
		d.From = from.CompletedAt
	}
	return d
}

// handleQuestionnaire is GET /o/{slug}/maturity/questionnaire (owners and admins).
func (s *Server) handleQuestionnaire(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	page, err := s.store.FindMaturity(r.Context(), org.ID, currentUser(r.Context()).ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.QuestionnairePage(s.page(r, "Questionnaire", "maturity"), questionnaireProps(page)))
}

// handleMaturitySave is POST /o/{slug}/maturity (owners and admins) with an
// answer per question, the draft's version and action save (the draft is
// stored, partial or not) or complete (every question must be answered:
// a 422 names each missing one beside it and keeps the draft as it was).
// A draft changed meanwhile is a 409 with both answers.
func (s *Server) handleMaturitySave(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	fields := []string{"version", "action"}
	for _, q := range roadmap.MaturityQuestions {
		fields = append(fields, q.Key)
	}
	f := newForm(r, fields...)
	answers, fe := roadmap.ParseMaturityAnswers(f.Get)
	f.merge(fe)
	action := f.Get("action")
	if action != "save" && action != "complete" {
		f.Message = "Choose to save the draft or to complete the assessment."
	}
	complete := action == "complete"
	missing := []string(nil)
	if complete {
		missing = answers.Missing()
	}
	f.merge(answers.Validate(complete))
	version, verr := strconv.Atoi(f.Get("version"))
	if verr != nil || version < 0 {
		f.Message = "This form is missing the version of the draft it changes: open the questionnaire again and redo the change."
	}
	render := func(status int, stale bool) {
		page, err := s.store.FindMaturity(r.Context(), org.ID, currentUser(r.Context()).ID)
		if err != nil {
			s.error(w, r, err)
			return
		}
		d := web.QuestionnaireProps{Head: questionnaireHead, Form: f.Form, Draft: draftView(page.Draft), Missing: missing}
		d.Head.CanManage = true
		if stale {
			d.Conflict = draftConflict(org, page.Draft, answers)
			f.Values["version"] = "0"
			if page.Draft != nil {
				f.Values["version"] = strconv.Itoa(page.Draft.Version)
			}
		}
		s.render(w, r, status, web.QuestionnairePage(s.page(r, "Questionnaire", "maturity"), d))
	}
	if !f.valid() {
		render(http.StatusUnprocessableEntity, false)
		return
	}
	uid := currentUser(r.Context()).ID
	var err error
	if complete {
		_, err = s.store.CompleteDraft(s.audited(r, "maturity.completed", "maturity assessment"), org.ID, &uid, version, answers, s.now())
	} else {
		_, err = s.store.SaveDraft(s.audited(r, "maturity.draft_saved", "maturity draft: "+strconv.Itoa(len(answers))+" of "+
			strconv.Itoa(len(roadmap.MaturityQuestions))+" answered"), org.ID, &uid, version, answers)
	}
	if errors.Is(err, store.ErrStale) {
		render(http.StatusConflict, true)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	if complete {
		s.flash(r, "success", "Completed the assessment.")
		http.Redirect(w, r, orgPath(org, "maturity"), http.StatusSeeOther)
		return
	}
	s.flash(r, "success", "Saved the draft: "+strconv.Itoa(len(answers))+" of "+strconv.Itoa(len(roadmap.MaturityQuestions))+" questions answered.")
	http.Redirect(w, r, orgPath(org, "maturity", "questionnaire"), http.StatusSeeOther)
}

// draftConflict lists the questions whose saved draft answer differs from
// the one typed.
func draftConflict(org *store.OrgMembership, saved *store.Assessment, yours roadmap.MaturityAnswers) *web.Conflict {
	c := &web.Conflict{Heading: "The draft changed while you were answering", What: "draft",
		CancelHref: orgPath(org, "maturity", "questionnaire")}
	level := func(a roadmap.MaturityAnswers, key string) string {
		if l, ok := a[key]; ok {
			return strconv.Itoa(l) + " · " + roadmap.MaturityLevelName(l)
		}
		return ""
	}
	var stored roadmap.MaturityAnswers
	if saved != nil {
		stored = saved.Answers
	}
	for _, q := range roadmap.MaturityQuestions {
		if a, b := level(stored, q.Key), level(yours, q.Key); a != b {
			c.Rows = append(c.Rows, web.ConflictRow{Label: q.Text, Saved: a, Yours: b})
		}
	}
	return c
}
