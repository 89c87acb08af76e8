package http

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// Roadmap baselines: the derived roadmap saved under a name, and what
// changed since (roadmap.CompareBaseline). Members read and compare;
// owners and admins save and delete. A baseline is never edited.

// baselineItems are the plan as a baseline records it: the live
// initiatives in priority order, then the done ones (so a comparison sees
// what was finished since), each with its status.
func (s *Server) baselineItems(r *http.Request, orgID int64) ([]roadmap.BaselineItem, error) {
	d, err := s.roadmapOf(r.Context(), orgID, s.now())
	if err != nil {
		return nil, err
	}
	return baselineItemsOf(d.Plan), nil
}

// baselineItemsOf records the live plan and the done initiatives, each with
// its decision status.
func baselineItemsOf(plan roadmap.Plan) []roadmap.BaselineItem {
	items := slices.Concat(plan.Items, plan.Done)
	list := make([]roadmap.Initiative, len(items))
	status := make(map[string]string, len(items))
	for i, it := range items {
		list[i], status[it.Key] = it.Initiative, string(it.Status)
	}
	return roadmap.ItemsOf(list, func(key string) string { return status[key] })
}

// handleBaselines is GET /o/{slug}/roadmap/baselines.
func (s *Server) handleBaselines(w http.ResponseWriter, r *http.Request) {
	s.renderBaselines(w, r, http.StatusOK, web.Form{})
}

func (s *Server) renderBaselines(w http.ResponseWriter, r *http.Request, status int, f web.Form) {
	org := currentOrg(r.Context())
	list, err := s.store.FindBaselines(r.Context(), org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := web.BaselinesProps{CanManage: canManage(org.Role), Form: f}
	for _, b := range list {
		d.Baselines = append(d.Baselines, web.BaselineRow{ID: b.ID, Name: b.Name, CreatedBy: b.CreatedByName, CreatedAt: b.CreatedAt, Items: b.Items})
	}
	s.render(w, r, status, web.BaselinesPage(s.page(r, "Roadmap baselines", "roadmap"), d))
}

// handleBaselineCreate is POST /o/{slug}/roadmap/baselines: the roadmap as
// derived now, saved under the name.
func (s *Server) handleBaselineCreate(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	f := newForm(r, "name")
	b := roadmap.Baseline{Name: f.Get("name")}
	f.merge(b.Validate())
	if !f.valid() {
		s.renderBaselines(w, r, http.StatusUnprocessableEntity, f.Form)
		return
	}
	items, err := s.baselineItems(r, org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	id, err := s.store.CreateBaseline(s.audited(r, "baseline.created", "baseline "+b.Name+" ("+strconv.Itoa(len(items))+" initiatives)"),
		org.ID, currentUser(r.Context()).ID, b.Name, items)
	switch {
	case errors.Is(err, store.ErrBaselineNameTaken):
		f.fail("name", roadmap.MsgBaselineNameTaken(b.Name))
		s.renderBaselines(w, r, http.StatusUnprocessableEntity, f.Form)
		return
	case errors.Is(err, store.ErrBaselineLimit):
		f.Message = roadmap.MsgBaselineLimit
		s.renderBaselines(w, r, http.StatusUnprocessableEntity, f.Form)
		return
	case err != nil:
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Saved the baseline “"+b.Name+"” with "+strconv.Itoa(len(items))+" initiatives.")
	http.Redirect(w, r, web.BaselinePath(org.Slug, id), http.StatusSeeOther)
}

// targetBaseline loads the {id} baseline of the organization (404 when
// none).
func (s *Server) targetBaseline(w http.ResponseWriter, r *http.Request) (store.Baseline, bool) {
	id, ok := idParam(r, "id")
	if !ok {
		s.notFound(w, r)
		return store.Baseline{}, false
	}
	b, err := s.store.FindBaseline(r.Context(), currentOrg(r.Context()).ID, id)
	if err != nil {
		s.error(w, r, err)
		return b, false
	}
	return b, true
}

// handleBaselineCompare is GET /o/{slug}/roadmap/baselines/{id}: the
// baseline against the roadmap derived now.
func (s *Server) handleBaselineCompare(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	b, ok := s.targetBaseline(w, r)
	if !ok {
		return
	}
	list, err := s.baselineItems(r, org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := web.NewBaselineCompare(org.Slug, roadmap.CompareBaseline(b.Items, list))
	d.ID, d.Name, d.CreatedBy, d.CreatedAt, d.CanManage = b.ID, b.Name, b.CreatedByName, b.CreatedAt, canManage(org.Role)
	d.Then, d.Now = len(b.Items), len(list)
	s.render(w, r, http.StatusOK, web.BaselineComparePage(s.page(r, "Baseline "+b.Name, "roadmap"), d))
}

// handleBaselineDeleteConfirm is GET /o/{slug}/roadmap/baselines/{id}/delete.
func (s *Server) handleBaselineDeleteConfirm(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	b, ok := s.targetBaseline(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, web.ConfirmPage(s.page(r, "Delete baseline", "roadmap"), web.ConfirmProps{
		Heading: "Delete the baseline “" + b.Name + "”?",
		Message: "The roadmap itself is not changed, but what changed since this baseline can no longer be shown. This cannot be undone.",
		Action:  web.BaselinePath(org.Slug, b.ID, "delete"), Button: "Delete baseline", Cancel: web.BaselinePath(org.Slug, b.ID),
	}))
}

// handleBaselineDelete is POST /o/{slug}/roadmap/baselines/{id}/delete.
func (s *Server) handleBaselineDelete(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	b, ok := s.targetBaseline(w, r) // for the audit log's and the flash's words
	if !ok {
		return
	}
	if err := s.store.DeleteBaseline(s.audited(r, "baseline.deleted", "baseline "+b.Name), org.ID, b.ID); err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Deleted the baseline “"+b.Name+"”.")
	http.Redirect(w, r, orgPath(org, "roadmap", "baselines"), http.StatusSeeOther)
}
