package http

import (
	"cmp"
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// Step 1's findings register: tech debt and growth opportunities, listed
// and filtered by every member, recorded, edited and deleted by owners and
// admins. The form's field names are the API's JSON names (api_stack.go)
// and its messages the domain's, so page and API say the same thing; an
// edit carries the version it read, and a save that met a newer one shows
// both (409) instead of overwriting.

// findingFields are the form's fields; the description keeps its lines.
var findingFields = []string{"kind", "title", multiline("description"), "severity", "effort", "status", "stack_item_id", "version"}

// msgStackItemGone is said beside the stack item of a finding whose item
// the organization does not have (another organization's id, or one deleted
// while the form was open).
const msgStackItemGone = "This stack item no longer exists or was not found: choose another, or Whole stack."

// findingRows are stored findings as the lists show them, in the register's
// order (roadmap.CompareFindings, then the oldest first), with their items'
// names. The stack item page shows its findings through it too.
func findingRows(fs []store.Finding, items []store.StackItemName) []web.FindingRow {
	names := make(map[int64]string, len(items))
	for _, it := range items {
		names[it.ID] = it.Name
	}
	fs = slices.Clone(fs)
	slices.SortStableFunc(fs, func(a, b store.Finding) int {
		if c := roadmap.CompareFindings(a.Finding(), b.Finding()); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	rows := make([]web.FindingRow, 0, len(fs))
	for _, f := range fs {
		row := web.FindingRow{ID: f.ID, Kind: f.Kind, Title: f.Title, Severity: f.Severity, Effort: f.Effort, Status: f.Status}
		if f.StackItemID != nil {
			row.ItemID, row.ItemName = *f.StackItemID, names[*f.StackItemID]
		}
		rows = append(rows, row)
	}
	return rows
}

// handleFindingsView is GET /o/{slug}/stack/findings?kind=…&status=…: the
// register in one round trip. A filter value that is not a key of its
// catalog is ignored and the page says so (the rest of the view stands, so
// an old or mistyped link still shows something useful).
func (s *Server) handleFindingsView(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	reg, err := s.store.FindFindingsRegister(r.Context(), org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := r.URL.Query()
	d := web.FindingsProps{Total: len(reg.Findings), CanManage: canManage(org.Role), Kind: q.Get("kind"), Status: q.Get("status")}
	if d.Kind != "" && !roadmap.FindingKind(d.Kind).Valid() {
		d.Notes = append(d.Notes, "Unknown kind “"+d.Kind+"” ignored: showing every kind. Choose "+
			roadmap.ListWords(choiceKeys(roadmap.FindingKinds))+".")
		d.Kind = ""
	}
	if d.Status != "" && !roadmap.FindingStatus(d.Status).Valid() {
		d.Notes = append(d.Notes, "Unknown status “"+d.Status+"” ignored: showing every status. Choose "+
			roadmap.ListWords(choiceKeys(roadmap.FindingStatuses))+".")
		d.Status = ""
	}
	rows := findingRows(reg.Findings, reg.Items)
	// Each choice counts what its link would show: the kinds within the
	// status filter, the statuses within the kind filter.
	kinds, statuses := map[string]int{}, map[string]int{}
	for _, f := range rows {
		if d.Status == "" || string(f.Status) == d.Status {
			kinds[string(f.Kind)]++
			kinds[""]++
		}
		if d.Kind == "" || string(f.Kind) == d.Kind {
			statuses[string(f.Status)]++
			statuses[""]++
		}
		if (d.Kind == "" || string(f.Kind) == d.Kind) && (d.Status == "" || string(f.Status) == d.Status) {
			d.Rows = append(d.Rows, f)
		}
	}
	d.Kinds = append(d.Kinds, web.FilterLink{Label: "All", Count: kinds[""], Href: web.FindingsPath(org.Slug, "", d.Status), Current: d.Kind == ""})
	for _, c := range roadmap.FindingKinds {
		k := string(c.Key)
		d.Kinds = append(d.Kinds, web.FilterLink{Label: c.Label, Count: kinds[k], Href: web.FindingsPath(org.Slug, k, d.Status), Current: d.Kind == k})
	}
	d.Statuses = append(d.Statuses, web.FilterLink{Label: "All", Count: statuses[""], Href: web.FindingsPath(org.Slug, d.Kind, ""), Current: d.Status == ""})
	for _, c := range roadmap.FindingStatuses {
		st := string(c.Key)
		d.Statuses = append(d.Statuses, web.FilterLink{Label: c.Label, Count: statuses[st], Href: web.FindingsPath(org.Slug, d.Kind, st), Current: d.Status == st})
	}
	s.render(w, r, http.StatusOK, web.FindingsPage(s.page(r, "Debt and opportunities", "stack"), d))
}

// choiceKeys are a catalog's keys, as a URL takes them.
func choiceKeys[T ~string](c []roadmap.Choice[T]) []string {
	out := make([]string, len(c))
	for i, ch := range c {
		out[i] = string(ch.Key)
	}
	return out
}

// itemOptions is the stack item select's items, by name.
func itemOptions(items []store.StackItemName) []web.Option {
	out := make([]web.Option, 0, len(items))
	for _, it := range items {
		out = append(out, web.Option{Value: strconv.FormatInt(it.ID, 10), Label: it.Name})
	}
	return out
}

// handleFindingNew is GET /stack/findings/new: an empty form, open, with
// the stack item of ?stack_item_id= chosen when the organization has it.
func (s *Server) handleFindingNew(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	items, err := s.store.FindStackItemNames(r.Context(), org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := web.Form{Values: map[string]string{"status": string(roadmap.DefaultFindingStatus)}}
	if k := r.URL.Query().Get("kind"); roadmap.FindingKind(k).Valid() {
		f.Values["kind"] = k
	}
	if id, err := strconv.ParseInt(r.URL.Query().Get("stack_item_id"), 10, 64); err == nil &&
		slices.ContainsFunc(items, func(it store.StackItemName) bool { return it.ID == id }) {
		f.Values["stack_item_id"] = strconv.FormatInt(id, 10)
	}
	s.render(w, r, http.StatusOK, web.FindingFormPage(s.page(r, "New finding", "stack"), web.FindingFormProps{Form: f, Items: itemOptions(items)}))
}

// readFinding parses the finding form and validates it with the domain's
// words (an edit reads its hidden version itself).
func readFinding(r *http.Request) (form, roadmap.Finding) {
	f := newForm(r, findingFields...)
	sev, _ := strconv.Atoi(f.Get("severity")) // not a number: 0, which Validate refuses in its words
	fin := roadmap.Finding{Kind: roadmap.FindingKind(f.Get("kind")), Title: f.Get("title"), Description: f.Get("description"),
		Severity: sev, Effort: roadmap.Effort(f.Get("effort")), Status: roadmap.FindingStatus(f.Get("status"))}.WithDefaults()
	f.Values["status"] = string(fin.Status)
	if v := f.Get("stack_item_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			id = 0 // Validate says "Unknown stack item."
		}
		fin.StackItemID = &id
	}
	f.merge(fin.Validate())
	return f, fin
}

// renderFindingForm re-renders the new or edit form (id 0: new) with its
// values and messages; it reads the stack items for the select.
func (s *Server) renderFindingForm(w http.ResponseWriter, r *http.Request, status int, id int64, f web.Form, conflict *web.Conflict) {
	items, err := s.store.FindStackItemNames(r.Context(), currentOrg(r.Context()).ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	title := "New finding"
	if id != 0 {
		title = "Edit finding"
	}
	s.render(w, r, status, web.FindingFormPage(s.page(r, title, "stack"), web.FindingFormProps{ID: id, Form: f, Items: itemOptions(items), Conflict: conflict}))
}

// handleFindingCreate is POST /stack/findings.
func (s *Server) handleFindingCreate(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	f, fin := readFinding(r)
	if !f.valid() {
		s.renderFindingForm(w, r, http.StatusUnprocessableEntity, 0, f.Form, nil)
		return
	}
	_, err := s.store.CreateFinding(s.audited(r, "finding.created", "finding "+fin.Title), org.ID, fin)
	if errors.Is(err, store.ErrStackItemNotFound) {
		f.fail("stack_item_id", msgStackItemGone)
		s.renderFindingForm(w, r, http.StatusUnprocessableEntity, 0, f.Form, nil)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Added the finding “"+fin.Title+"”.")
	http.Redirect(w, r, orgPath(org, "stack", "findings"), http.StatusSeeOther)
}

// targetFindingID is the {id} of the path (404 when it is not an id).
func (s *Server) targetFindingID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, ok := idParam(r, "id")
	if !ok {
		s.notFound(w, r)
	}
	return id, ok
}

// findingValues are a stored finding's form values.
func findingValues(f store.Finding) map[string]string {
	v := map[string]string{"kind": string(f.Kind), "title": f.Title, "description": f.Description, "severity": strconv.Itoa(f.Severity),
		"effort": string(f.Effort), "status": string(f.Status), "stack_item_id": "", "version": strconv.Itoa(f.Version)}
	if f.StackItemID != nil {
		v["stack_item_id"] = strconv.FormatInt(*f.StackItemID, 10)
	}
	return v
}

// handleFindingView is GET /stack/findings/{id}: the edit form for owners
// and admins, a read view for members; one round trip either way.
func (s *Server) handleFindingView(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	id, ok := s.targetFindingID(w, r)
	if !ok {
		return
	}
	f, items, err := s.store.FindFindingForm(r.Context(), org.ID, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !canManage(org.Role) {
		rows := findingRows([]store.Finding{f}, items)
		s.render(w, r, http.StatusOK, web.FindingViewPage(s.page(r, f.Title, "stack"), web.FindingFormProps{ID: id, Row: rows[0], Description: f.Description}))
		return
	}
	s.render(w, r, http.StatusOK, web.FindingFormPage(s.page(r, "Edit finding", "stack"),
		web.FindingFormProps{ID: id, Form: web.Form{Values: findingValues(f)}, Items: itemOptions(items)}))
}

// handleFindingUpdate is POST /stack/findings/{id}: every field and the
// version the form was loaded at. A newer version answers 409 with the
// saved values beside the typed ones; the form keeps the typed values and
// takes the newer version, so saving again keeps them on purpose.
func (s *Server) handleFindingUpdate(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	id, ok := s.targetFindingID(w, r)
	if !ok {
		return
	}
	f, fin := readFinding(r)
	version, verr := strconv.Atoi(f.Get("version"))
	if verr != nil {
		f.Message = "This form lacks the version of the finding it edits. Open the finding again and make your change there."
	}
	if !f.valid() {
		s.renderFindingForm(w, r, http.StatusUnprocessableEntity, id, f.Form, nil)
		return
	}
	_, err := s.store.UpdateFinding(s.audited(r, "finding.updated", "finding "+fin.Title), org.ID, id, version, fin)
	switch {
	case errors.Is(err, store.ErrStackItemNotFound):
		f.fail("stack_item_id", msgStackItemGone)
		s.renderFindingForm(w, r, http.StatusUnprocessableEntity, id, f.Form, nil)
		return
	case errors.Is(err, store.ErrStale):
		s.renderFindingConflict(w, r, id, f.Form)
		return
	case err != nil:
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Saved the finding “"+fin.Title+"”.")
	http.Redirect(w, r, orgPath(org, "stack", "findings"), http.StatusSeeOther)
}

// renderFindingConflict is the 409 page of a stale save: the finding as
// saved now beside the typed values, above the form that keeps the typed
// values with the version saved now.
func (s *Server) renderFindingConflict(w http.ResponseWriter, r *http.Request, id int64, yours web.Form) {
	org := currentOrg(r.Context())
	saved, items, err := s.store.FindFindingForm(r.Context(), org.ID, id)
	if err != nil {
		s.error(w, r, err) // deleted meanwhile: 404
		return
	}
	names := map[string]string{"": "Whole stack"}
	for _, it := range items {
		names[strconv.FormatInt(it.ID, 10)] = it.Name
	}
	sv := findingValues(saved)
	words := func(v map[string]string) []string {
		sev, _ := strconv.Atoi(v["severity"])
		item, ok := names[v["stack_item_id"]]
		if !ok {
			item = "Item #" + v["stack_item_id"]
		}
		return []string{roadmap.FindingKind(v["kind"]).Label(), v["title"], v["description"],
			strconv.Itoa(sev) + " · " + roadmap.SeverityLabel(sev), roadmap.Effort(v["effort"]).Label(), roadmap.FindingStatus(v["status"]).Label(), item}
	}
	labels := []string{"Kind", "Title", "Description", "Severity or value", "Effort", "Status", "Stack item"}
	a, b := words(sv), words(yours.Values)
	c := &web.Conflict{Heading: "This finding changed while you were editing it", What: "finding", CancelHref: web.FindingPath(org.Slug, id)}
	for i, l := range labels {
		c.Rows = append(c.Rows, web.ConflictRow{Label: l, Saved: a[i], Yours: b[i]})
	}
	yours.Values["version"] = sv["version"]
	s.render(w, r, http.StatusConflict, web.FindingFormPage(s.page(r, "Edit finding", "stack"),
		web.FindingFormProps{ID: id, Form: yours, Items: itemOptions(items), Conflict: c}))
}

// handleFindingDeleteConfirm is GET /stack/findings/{id}/delete.
func (s *Server) handleFindingDeleteConfirm(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	id, ok := s.targetFindingID(w, r)
	if !ok {
		return
	}
	f, err := s.store.FindFinding(r.Context(), org.ID, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	where := "the register"
	if f.StackItemID != nil {
		where = "the register and its stack item's page"
	}
	s.render(w, r, http.StatusOK, web.ConfirmPage(s.page(r, "Delete finding", "stack"), web.ConfirmProps{
		Heading: "Delete the finding “" + f.Title + "”?",
		Message: "It leaves " + where + ". This cannot be undone; mark it resolved instead to keep it on record.",
		Action:  web.FindingPath(org.Slug, id, "delete"), Button: "Delete finding", Cancel: web.FindingPath(org.Slug, id),
	}))
}

// handleFindingDelete is POST /stack/findings/{id}/delete.
func (s *Server) handleFindingDelete(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	id, ok := s.targetFindingID(w, r)
	if !ok {
		return
	}
	f, err := s.store.FindFinding(r.Context(), org.ID, id) // for the audit log's and the flash's words
	if err == nil {
		err = s.store.DeleteFinding(s.audited(r, "finding.deleted", "finding "+f.Title), org.ID, id)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Deleted the finding “"+f.Title+"”.")
	http.Redirect(w, r, orgPath(org, "stack", "findings"), http.StatusSeeOther)
}
