package http

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// Step 3's page: the practice catalog by group with the organization's
// statuses (members read), and one small form per practice for owners and
// admins. The words are the domain's, as in api_maturity.go.

// practiceForm is a stored status as its form shows it.
func practiceForm(st store.PracticeStatus) web.Form {
	return web.Form{Errors: map[string]string{}, Values: map[string]string{
		"status": string(st.Status), "notes": st.Notes, "version": strconv.Itoa(st.Version),
	}}
}

// practicesProps builds the page from the stored statuses; failed, when
// not "", is the practice whose change was refused, shown with form (and
// conflict) instead of its stored values.
func practicesProps(org *store.OrgMembership, ps store.Practices, failed string, f web.Form, conflict *web.Conflict) web.PracticesProps {
	statuses := ps.Statuses()
	warnings := map[string][]string{}
	for _, w := range roadmap.PrerequisiteWarnings(statuses) {
		warnings[w.Practice] = append(warnings[w.Practice], w.Message())
	}
	completion := roadmap.PracticeCompletion(statuses)
	d := web.PracticesProps{CanManage: canManage(org.Role), Failed: failed}
	for i, g := range roadmap.PracticeGroups {
		gv := web.PracticeGroupView{Key: string(g.Key), Label: g.Label, Completion: completion[i]}
		for _, p := range roadmap.PracticesIn(g.Key) {
			st := ps.Status(p.Key)
			v := web.PracticeView{Practice: p, Status: st.Status, Notes: st.Notes, ChangedBy: st.ChangerName, Version: st.Version,
				UpdatedAt: st.UpdatedAt, Warnings: warnings[p.Key], Form: practiceForm(st)}
			if c, ok := roadmap.CapabilityBySlug(p.Capability); ok {
				v.Capability = c
			}
			for _, dep := range p.DependsOn {
				if dp, ok := roadmap.PracticeByKey(dep); ok {
					v.DependsOn = append(v.DependsOn, web.PracticeLink{Key: dp.Key, Title: dp.Title})
				}
			}
			if p.Key == failed {
				v.Form, v.Conflict = f, conflict
			}
			gv.Practices = append(gv.Practices, v)
		}
		d.Groups = append(d.Groups, gv)
	}
	return d
}

// handlePracticesView is GET /o/{slug}/infrastructure.
func (s *Server) handlePracticesView(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	ps, err := s.store.FindPractices(r.Context(), org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.PracticesPage(s.page(r, "Scalable infrastructure", "infrastructure"), practicesProps(org, ps, "", web.Form{}, nil)))
}

// handlePracticeSet is POST /o/{slug}/infrastructure/{key} (owners and
// admins) with status, notes and version: saved, it redirects back to the
// practice; a wrong status or notes is a 422 beside the field, a version
// someone has moved on from a 409 with both versions; an unknown key 404.
func (s *Server) handlePracticeSet(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	key := chi.URLParam(r, "key")
	p, ok := roadmap.PracticeByKey(key)
	if !ok {
		s.error(w, r, store.ErrPracticeNotFound)
		return
	}
	f := newForm(r, "status", multiline("notes"), "version")
	notes := f.Get("notes")
	ch := roadmap.PracticeChange{Status: roadmap.ParsePracticeStatus(f.Get("status")), Notes: &notes}
	f.merge(ch.Validate())
	version, verr := strconv.Atoi(f.Get("version"))
	if verr != nil || version < 0 {
		f.fail("status", "This form is missing the version of the status it changes: open the page again and redo the change.")
	}
	render := func(status int, stale bool) {
		ps, err := s.store.FindPractices(r.Context(), org.ID)
		if err != nil {
			s.error(w, r, err)
			return
		}
		var conflict *web.Conflict
		if stale {
			saved := ps.Status(key)
			conflict = &web.Conflict{Heading: p.Title + " changed while you were editing", What: "practice",
				CancelHref: orgPath(org, "infrastructure") + "#" + key,
				Rows: []web.ConflictRow{
					{Label: "Status", Saved: saved.Status.Label(), Yours: ch.Status.Label()},
					{Label: "Notes", Saved: saved.Notes, Yours: notes},
				}}
			f.Values["version"] = strconv.Itoa(saved.Version)
		}
		s.render(w, r, status, web.PracticesPage(s.page(r, "Scalable infrastructure", "infrastructure"),
			practicesProps(org, ps, key, f.Form, conflict)))
	}
	if !f.valid() {
		render(http.StatusUnprocessableEntity, false)
		return
	}
	uid := currentUser(r.Context()).ID
	_, err := s.store.SetPracticeStatus(s.audited(r, "practice.status_changed", "practice "+p.Title+": "+ch.Status.Label()),
		org.ID, &uid, key, &version, ch)
	if errors.Is(err, store.ErrStale) {
		render(http.StatusConflict, true)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", p.Title+": "+ch.Status.Label()+".")
	http.Redirect(w, r, orgPath(org, "infrastructure")+"#"+key, http.StatusSeeOther)
}
