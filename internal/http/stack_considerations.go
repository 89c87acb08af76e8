package http

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// Step 1's considerations: the team's size today and planned, the four
// questions answered, and beside them the facts computed from the inventory
// (roadmap.ComputeStackFacts). Members read; owners and admins answer.

// considerationFields are the form's fields: the sizes, then a verdict and
// notes per question.
func considerationFields() []string {
	fields := []string{"team_size", "planned_team_size", "version"}
	for _, q := range roadmap.ConsiderationQuestions {
		fields = append(fields, q.Key+"_verdict", multiline(q.Key+"_notes"))
	}
	return fields
}

// considerationsForm is stored (or default) considerations as the form shows them.
func considerationsForm(c store.Considerations) web.Form {
	f := web.Form{Errors: map[string]string{}, Values: map[string]string{
		"team_size": strconv.Itoa(c.TeamSize), "planned_team_size": strconv.Itoa(c.PlannedTeamSize), "version": strconv.Itoa(c.Version),
	}}
	for _, q := range roadmap.ConsiderationQuestions {
		a := c.Answer(q.Key)
		f.Values[q.Key+"_verdict"] = string(a.Verdict)
		f.Values[q.Key+"_notes"] = a.Notes
	}
	return f
}

// considerationsProps computes the facts for the page from the inventory
// and the team sizes (the form's when they are valid, else the stored ones).
func considerationsProps(org *store.OrgMembership, rev store.StackReview, f web.Form, teamSize, planned int) web.ConsiderationsProps {
	items := make([]roadmap.StackItem, len(rev.Items))
	d := web.ConsiderationsProps{Form: f, Saved: rev.Considerations.Saved, UpdatedAt: rev.Considerations.UpdatedAt, CanManage: canManage(org.Role)}
	for i, it := range rev.Items {
		items[i] = it.Item()
		d.Items = append(d.Items, toWebStackItem(it, 0))
	}
	d.Facts = roadmap.ComputeStackFacts(items, teamSize, planned)
	d.Members = rev.Considerations.TeamSize
	today, doubled := roadmap.CostByScaling(items, 2)
	for i, c := range roadmap.CostScalings {
		d.Projection = append(d.Projection, web.CostProjection{Scaling: c.Key, Factor: roadmap.CostFactor(c.Key, 2), Today: today[i], Doubled: doubled[i]})
	}
	return d
}

// handleConsiderationsView is GET /o/{slug}/stack/considerations.
func (s *Server) handleConsiderationsView(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	rev, err := s.store.FindStackReview(r.Context(), org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	c := rev.Considerations
	d := considerationsProps(org, rev, considerationsForm(c), c.TeamSize, c.PlannedTeamSize)
	s.render(w, r, http.StatusOK, web.ConsiderationsPage(s.page(r, "Considerations", "stack"), d))
}

// handleConsiderationsSave is POST /o/{slug}/stack/considerations (owners
// and admins): saves when the form's version is current, else 409 with
// the saved answers beside the typed ones.
func (s *Server) handleConsiderationsSave(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	f := newForm(r, considerationFields()...)
	c := roadmap.Considerations{TeamSize: f.whole("team_size", "12"), PlannedTeamSize: f.whole("planned_team_size", "20")}
	answers := map[string]*roadmap.Answer{"team": &c.Team, "cost": &c.Cost, "scalability": &c.Scalability, "support": &c.Support}
	for _, q := range roadmap.ConsiderationQuestions {
		*answers[q.Key] = roadmap.Answer{Verdict: roadmap.Verdict(f.Get(q.Key + "_verdict")), Notes: f.Get(q.Key + "_notes")}
	}
	c = c.WithDefaults()
	f.merge(c.Validate())
	version, verr := strconv.Atoi(f.Get("version"))
	if verr != nil || version < 0 {
		f.Message = "This form is missing the version of the answers it changes: open the page again and redo the change."
	}
	render := func(status int, conflict *web.Conflict) {
		rev, err := s.store.FindStackReview(r.Context(), org.ID)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if conflict != nil {
			conflict = considerationsConflict(org, rev.Considerations, c)
			f.Values["version"] = strconv.Itoa(rev.Considerations.Version)
		}
		size, planned := rev.Considerations.TeamSize, rev.Considerations.PlannedTeamSize
		if f.Err("team_size") == "" && f.Err("planned_team_size") == "" {
			size, planned = c.TeamSize, c.PlannedTeamSize
		}
		d := considerationsProps(org, rev, f.Form, size, planned)
		d.Conflict = conflict
		s.render(w, r, status, web.ConsiderationsPage(s.page(r, "Considerations", "stack"), d))
	}
	if !f.valid() {
		render(http.StatusUnprocessableEntity, nil)
		return
	}
	_, err := s.store.SaveConsiderations(s.audited(r, "stack.considerations_saved", "team of "+strconv.Itoa(c.TeamSize)+
		", planned "+strconv.Itoa(c.PlannedTeamSize)), org.ID, version, c)
	if errors.Is(err, store.ErrStale) {
		render(http.StatusConflict, &web.Conflict{})
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Saved the considerations.")
	http.Redirect(w, r, orgPath(org, "stack", "considerations"), http.StatusSeeOther)
}

// considerationsConflict lists the sizes and answers as saved and as typed.
func considerationsConflict(org *store.OrgMembership, saved store.Considerations, yours roadmap.Considerations) *web.Conflict {
	c := &web.Conflict{Heading: "The considerations changed while you were editing", What: "page",
		CancelHref: orgPath(org, "stack", "considerations"),
		Rows: []web.ConflictRow{
			{Label: "Engineers today", Saved: strconv.Itoa(saved.TeamSize), Yours: strconv.Itoa(yours.TeamSize)},
			{Label: "Engineers planned in 12 months", Saved: strconv.Itoa(saved.PlannedTeamSize), Yours: strconv.Itoa(yours.PlannedTeamSize)},
		}}
	for _, q := range roadmap.ConsiderationQuestions {
		a, b := saved.Answer(q.Key), yours.Answer(q.Key)
		c.Rows = append(c.Rows, web.ConflictRow{Label: q.Title, Saved: a.Verdict.Label(), Yours: b.Verdict.Label()},
			web.ConflictRow{Label: q.Title + ": notes", Saved: a.Notes, Yours: b.Notes})
	}
	return c
}
