package http

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// The roadmap's stakeholders (the guide's first tip, "identify key
// stakeholders"): every member reads the register and its interest/
// influence grid; owners and admins add, edit and delete stakeholders and
// tick the initiatives (of the roadmap derived now) that affect each one.
// An edit carries the version it read; a stale save answers 409 with both.

var stakeholderFields = []string{"name", "title", "interest", "influence", multiline("notes"), "version"}

// initiativeTitles are the titles of the live plan (neither done nor
// dismissed), by key, in priority order (keys).
func (s *Server) initiativeTitles(r *http.Request, orgID int64) (keys []string, titles map[string]string, err error) {
	list, _, err := s.deriveRoadmap(r, orgID, s.now())
	if err != nil {
		return nil, nil, err
	}
	titles = make(map[string]string, len(list))
	for _, it := range list {
		keys = append(keys, it.Key)
		titles[it.Key] = it.Title
	}
	return keys, titles, nil
}

// stakeholderRow is a stored stakeholder as the pages show it.
func stakeholderRow(st store.Stakeholder, titles map[string]string) web.StakeholderRow {
	row := web.StakeholderRow{ID: st.ID, Name: st.Name, Title: st.Title, Interest: st.Interest, Influence: st.Influence,
		Placement: roadmap.PlaceOf(st.Interest, st.Influence)}
	for _, k := range st.Initiatives {
		t, ok := titles[k]
		row.Initiatives = append(row.Initiatives, web.StakeholderInitiative{Key: k, Title: t, Gone: !ok})
	}
	return row
}

// handleStakeholders is GET /o/{slug}/roadmap/stakeholders: the
// register with the roadmap's titles, read with the roadmap's data in one
// round trip.
func (s *Server) handleStakeholders(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	rd, err := s.roadmapOf(r.Context(), org.ID, s.now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	titles := make(map[string]string, len(rd.Plan.Items))
	for _, it := range rd.Plan.Items {
		titles[it.Key] = it.Title
	}
	d := web.StakeholdersProps{CanManage: canManage(org.Role)}
	for _, st := range rd.Stakeholders {
		d.Rows = append(d.Rows, stakeholderRow(st, titles))
	}
	s.render(w, r, http.StatusOK, web.StakeholdersPage(s.page(r, "Stakeholders", "roadmap"), d))
}

// initiativeChoices are the form's checkboxes: the roadmap's initiatives
// in priority order (dismissed ones only when ticked), then ticked keys no
// longer derived, so saving does not drop them unseen.
func initiativeChoices(keys []string, titles map[string]string, checked []string) []web.InitiativeChoice {
	var out []web.InitiativeChoice
	for _, k := range keys {
		on := slices.Contains(checked, k)
		out = append(out, web.InitiativeChoice{Key: k, Title: titles[k], Checked: on})
	}
	for _, k := range checked {
		if _, ok := titles[k]; !ok {
			out = append(out, web.InitiativeChoice{Key: k, Checked: true, Gone: true})
		}
	}
	return out
}

// readStakeholder parses the form and validates it with the domain's words;
// the ticked initiatives must be on the roadmap or already linked (known).
func readStakeholder(r *http.Request, known func(string) bool) (form, roadmap.Stakeholder, []string) {
	f := newForm(r, stakeholderFields...)
	interest, _ := strconv.Atoi(f.Get("interest")) // not a number: 0, which Validate refuses in its words
	influence, _ := strconv.Atoi(f.Get("influence"))
	st := roadmap.Stakeholder{Name: f.Get("name"), Title: f.Get("title"), Interest: interest, Influence: influence, Notes: f.Get("notes")}
	f.merge(st.Validate())
	var keys []string
	for _, k := range r.PostForm["initiative"] {
		k = strings.TrimSpace(k)
		if k == "" || slices.Contains(keys, k) {
			continue
		}
		if !known(k) {
			f.fail("initiative", "“"+k+"” is not an initiative of the current roadmap: tick initiatives from the list.")
			continue
		}
		keys = append(keys, k)
	}
	return f, st, keys
}

// renderStakeholderForm re-renders the new or edit form (id 0: new).
func (s *Server) renderStakeholderForm(w http.ResponseWriter, r *http.Request, status int, id int64, f web.Form,
	keys []string, titles map[string]string, checked []string, conflict *web.Conflict) {
	title := "New stakeholder"
	if id != 0 {
		title = "Edit stakeholder"
	}
	s.render(w, r, status, web.StakeholderFormPage(s.page(r, title, "roadmap"),
		web.StakeholderFormProps{ID: id, Form: f, Initiatives: initiativeChoices(keys, titles, checked), Conflict: conflict}))
}

// handleStakeholderNew is GET /roadmap/stakeholders/new.
func (s *Server) handleStakeholderNew(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	keys, titles, err := s.initiativeTitles(r, org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderStakeholderForm(w, r, http.StatusOK, 0, web.Form{Values: map[string]string{}}, keys, titles, nil, nil)
}

// handleStakeholderCreate is POST /roadmap/stakeholders.
func (s *Server) handleStakeholderCreate(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	keys, titles, err := s.initiativeTitles(r, org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f, st, ticked := readStakeholder(r, func(k string) bool { _, ok := titles[k]; return ok })
	if f.valid() {
		_, err = s.store.CreateStakeholder(s.audited(r, "stakeholder.created", "stakeholder "+st.Name), org.ID, st, ticked)
		if errors.Is(err, store.ErrStakeholderNameTaken) {
			f.fail("name", msgStakeholderNameTaken)
		} else if errors.Is(err, store.ErrStakeholderLimit) {
			f.Message = roadmap.MsgStakeholderLimit
		} else if err != nil {
			s.error(w, r, err)
			return
		}
	}
	if !f.valid() {
		s.renderStakeholderForm(w, r, http.StatusUnprocessableEntity, 0, f.Form, keys, titles, ticked, nil)
		return
	}
	s.flash(r, "success", "Added the stakeholder “"+st.Name+"”.")
	http.Redirect(w, r, orgPath(org, "roadmap", "stakeholders"), http.StatusSeeOther)
}

const msgStakeholderNameTaken = "The register has a stakeholder of this name already: edit that one, or tell them apart."

// targetStakeholderID is the {id} of the path (404 when it is not an id).
func (s *Server) targetStakeholderID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, ok := idParam(r, "id")
	if !ok {
		s.notFound(w, r)
	}
	return id, ok
}

func stakeholderValues(st store.Stakeholder) map[string]string {
	return map[string]string{"name": st.Name, "title": st.Title, "interest": strconv.Itoa(st.Interest),
		"influence": strconv.Itoa(st.Influence), "notes": st.Notes, "version": strconv.Itoa(st.Version)}
}

// handleStakeholderView is GET /roadmap/stakeholders/{id}: the edit form
// for owners and admins, a read view for members.
func (s *Server) handleStakeholderView(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	id, ok := s.targetStakeholderID(w, r)
	if !ok {
		return
	}
	st, err := s.store.FindStakeholder(r.Context(), org.ID, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	keys, titles, err := s.initiativeTitles(r, org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !canManage(org.Role) {
		s.render(w, r, http.StatusOK, web.StakeholderViewPage(s.page(r, st.Name, "roadmap"),
			web.StakeholderFormProps{ID: id, Row: stakeholderRow(st, titles), Notes: st.Notes}))
		return
	}
	s.renderStakeholderForm(w, r, http.StatusOK, id, web.Form{Values: stakeholderValues(st)}, keys, titles, st.Initiatives, nil)
}

// handleStakeholderUpdate is POST /roadmap/stakeholders/{id}: every field,
// the ticked initiatives and the version the form was loaded at.
func (s *Server) handleStakeholderUpdate(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	id, ok := s.targetStakeholderID(w, r)
	if !ok {
		return
	}
	saved, err := s.store.FindStakeholder(r.Context(), org.ID, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	keys, titles, err := s.initiativeTitles(r, org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	// A key already linked stays allowed when its initiative is gone, so
	// an edit of the other fields does not fail on it.
	known := func(k string) bool { _, ok := titles[k]; return ok || slices.Contains(saved.Initiatives, k) }
	f, st, ticked := readStakeholder(r, known)
	version, verr := strconv.Atoi(f.Get("version"))
	if verr != nil {
		f.Message = "This form lacks the version of the stakeholder it edits. Open the stakeholder again and make your change there."
	}
	if f.valid() {
		_, err = s.store.UpdateStakeholder(s.audited(r, "stakeholder.updated", "stakeholder "+st.Name), org.ID, id, version, st, ticked)
		switch {
		case errors.Is(err, store.ErrStakeholderNameTaken):
			f.fail("name", msgStakeholderNameTaken)
		case errors.Is(err, store.ErrStale):
			s.renderStakeholderConflict(w, r, id, f.Form, keys, titles, ticked)
			return
		case err != nil:
			s.error(w, r, err)
			return
		}
	}
	if !f.valid() {
		s.renderStakeholderForm(w, r, http.StatusUnprocessableEntity, id, f.Form, keys, titles, ticked, nil)
		return
	}
	s.flash(r, "success", "Saved the stakeholder “"+st.Name+"”.")
	http.Redirect(w, r, orgPath(org, "roadmap", "stakeholders"), http.StatusSeeOther)
}

// renderStakeholderConflict is the 409 page of a stale save: the saved
// stakeholder beside the typed values, above the form that keeps the typed
// values with the version saved now.
func (s *Server) renderStakeholderConflict(w http.ResponseWriter, r *http.Request, id int64, yours web.Form,
	keys []string, titles map[string]string, ticked []string) {
	org := currentOrg(r.Context())
	saved, err := s.store.FindStakeholder(r.Context(), org.ID, id)
	if err != nil {
		s.error(w, r, err) // deleted meanwhile: 404
		return
	}
	names := func(ks []string) string {
		var out []string
		for _, k := range ks {
			if t, ok := titles[k]; ok {
				out = append(out, t)
			} else {
				out = append(out, k+" (no longer on the roadmap)")
			}
		}
		slices.Sort(out)
		return strings.Join(out, "; ")
	}
	rating := func(v string) string {
		n, err := strconv.Atoi(v)
		if err != nil {
			return v
		}
		return web.StakeRatingWords(n)
	}
	sv := stakeholderValues(saved)
	c := &web.Conflict{Heading: "This stakeholder changed while you were editing it", What: "stakeholder",
		CancelHref: web.StakeholderPath(org.Slug, id)}
	for _, row := range []web.ConflictRow{
		{Label: "Name", Saved: sv["name"], Yours: yours.Get("name")},
		{Label: "Title", Saved: sv["title"], Yours: yours.Get("title")},
		{Label: "Interest", Saved: rating(sv["interest"]), Yours: rating(yours.Get("interest"))},
		{Label: "Influence", Saved: rating(sv["influence"]), Yours: rating(yours.Get("influence"))},
		{Label: "Notes", Saved: sv["notes"], Yours: yours.Get("notes")},
		{Label: "Initiatives affected", Saved: names(saved.Initiatives), Yours: names(ticked)},
	} {
		c.Rows = append(c.Rows, row)
	}
	yours.Values["version"] = sv["version"]
	s.renderStakeholderForm(w, r, http.StatusConflict, id, yours, keys, titles, ticked, c)
}

// handleStakeholderDeleteConfirm is GET /roadmap/stakeholders/{id}/delete.
func (s *Server) handleStakeholderDeleteConfirm(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	id, ok := s.targetStakeholderID(w, r)
	if !ok {
		return
	}
	st, err := s.store.FindStakeholder(r.Context(), org.ID, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.ConfirmPage(s.page(r, "Delete stakeholder", "roadmap"), web.ConfirmProps{
		Heading: "Delete the stakeholder “" + st.Name + "”?",
		Message: "They leave the register and the grid, and no initiative names them any more. This cannot be undone.",
		Action:  web.StakeholderPath(org.Slug, id, "delete"), Button: "Delete stakeholder", Cancel: web.StakeholderPath(org.Slug, id),
	}))
}

// handleStakeholderDelete is POST /roadmap/stakeholders/{id}/delete.
func (s *Server) handleStakeholderDelete(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	id, ok := s.targetStakeholderID(w, r)
	if !ok {
		return
	}
	st, err := s.store.FindStakeholder(r.Context(), org.ID, id) // for the audit log's and the flash's words
	if err == nil {
		err = s.store.DeleteStakeholder(s.audited(r, "stakeholder.deleted", "stakeholder "+st.Name), org.ID, id)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Deleted the stakeholder “"+st.Name+"”.")
	http.Redirect(w, r, orgPath(org, "roadmap", "stakeholders"), http.StatusSeeOther)
}
