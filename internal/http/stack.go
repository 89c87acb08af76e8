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

// Step 1's inventory pages: the list (filtered and sorted by plain query
// parameters, so a view is a shareable address), an item's page, its forms
// and the starter catalog. Members read; owners and admins change. The
// field names are the API's (api_stack.go), and so are the messages: both
// doors validate with roadmap.StackItem.Validate.

// stackItemFields are the item form's fields.
var stackItemFields = []string{"name", "category", "lifecycle", "monthly_cost", "cost_scaling", "scalability",
	"support_hours_per_month", "owner", multiline("notes"), "version"}

// handleStackView is GET /o/{slug}/stack.
func (s *Server) handleStackView(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	inv, err := s.store.FindStackInventory(r.Context(), org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := web.StackProps{Total: len(inv.Items), CanManage: canManage(org.Role), Sort: "name"}
	q := r.URL.Query()
	if v := q.Get("category"); v != "" {
		if roadmap.Category(v).Valid() {
			d.Category = v
		} else {
			d.Ignored = append(d.Ignored, "“"+v+"” is not a category, so every category is shown.")
		}
	}
	if v := q.Get("lifecycle"); v != "" {
		if roadmap.Lifecycle(v).Valid() {
			d.Lifecycle = v
		} else {
			d.Ignored = append(d.Ignored, "“"+v+"” is not a ring, so every ring is shown.")
		}
	}
	if v := q.Get("sort"); v != "" {
		if slices.ContainsFunc(web.StackSorts, func(o web.Option) bool { return o.Value == v }) {
			d.Sort = v
		} else {
			d.Ignored = append(d.Ignored, "“"+v+"” is not an order, so the tools are sorted by name.")
		}
	}
	all := make([]roadmap.StackItem, len(inv.Items))
	for i, it := range inv.Items {
		all[i] = it.Item()
		if it.MonthlyCost == 0 {
			d.Unpriced++
		}
		if (d.Category == "" || string(it.Category) == d.Category) && (d.Lifecycle == "" || string(it.Lifecycle) == d.Lifecycle) {
			d.Items = append(d.Items, toWebStackItem(it, inv.OpenFindings[it.ID]))
		}
	}
	sortStackItems(d.Items, d.Sort)
	d.Facts = roadmap.ComputeStackFacts(all, 0, 0)
	if d.Total == 0 && d.CanManage {
		d.Catalog = catalogGroups()
		d.CatalogForm = web.Form{Values: map[string]string{}}
	}
	s.render(w, r, http.StatusOK, web.StackPage(s.page(r, "Tech stack", "stack"), d))
}

// sortStackItems orders the inventory: by name (as stored), or by cost or
// support hours, highest first, ties by name.
func sortStackItems(items []web.StackItem, by string) {
	key := func(it web.StackItem) float64 {
		switch by {
		case "cost":
			return it.MonthlyCost
		case "support":
			return it.SupportHoursPerMonth
		}
		return 0
	}
	slices.SortStableFunc(items, func(a, b web.StackItem) int {
		if ka, kb := key(a), key(b); ka != kb {
			if ka > kb {
				return -1
			}
			return 1
		}
		return 0 // the store's order: by name, then id
	})
}

func toWebStackItem(it store.StackItem, open int) web.StackItem {
	return web.StackItem{ID: it.ID, StackItem: it.Item(), OpenFindings: open, Version: it.Version, UpdatedAt: it.UpdatedAt}
}

// catalogGroups are the starter catalog's tools by category, in the
// categories' order.
func catalogGroups() []web.CatalogGroup {
	var out []web.CatalogGroup
	for _, c := range roadmap.Categories {
		g := web.CatalogGroup{Category: c.Key}
		for _, t := range roadmap.StarterCatalog {
			if t.Category == c.Key {
				g.Tools = append(g.Tools, t)
			}
		}
		if len(g.Tools) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// handleStackCatalog is POST /o/{slug}/stack/catalog: the ticked tools of
// the starter catalog become items, all in one transaction.
func (s *Server) handleStackCatalog(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	f := newForm(r)
	var items []roadmap.StackItem
	var names []string
	seen := map[string]bool{}
	for _, key := range r.PostForm["tool"] {
		t, ok := roadmap.CatalogToolByKey(key)
		if !ok {
			f.fail("tool", "“"+key+"” is not in the catalog: tick the tools from the list.")
			continue
		}
		f.Values["tool:"+key] = "on"
		if !seen[key] {
			seen[key] = true
			items = append(items, t.Item())
			names = append(names, t.Name)
		}
	}
	// A tool the inventory has already is skipped, not added twice.
	var skipped []string
	if len(items) > 0 && f.valid() {
		have, err := s.store.FindStackItemNames(r.Context(), org.ID)
		if err != nil {
			s.error(w, r, err)
			return
		}
		taken := make(map[string]bool, len(have))
		for _, h := range have {
			taken[strings.ToLower(h.Name)] = true
		}
		kept := items[:0]
		names = names[:0]
		for _, it := range items {
			if taken[strings.ToLower(it.Name)] {
				skipped = append(skipped, it.Name)
				continue
			}
			kept = append(kept, it)
			names = append(names, it.Name)
		}
		items = kept
		if len(items) == 0 {
			f.fail("tool", "Every ticked tool is already in the inventory.")
		}
	}
	if len(items) == 0 && f.valid() {
		f.fail("tool", "Tick at least one tool, or add a tool by hand.")
	}
	if !f.valid() {
		d := web.StackProps{CanManage: true, Sort: "name", Catalog: catalogGroups(), CatalogForm: f.Form}
		s.render(w, r, http.StatusUnprocessableEntity, web.StackPage(s.page(r, "Tech stack", "stack"), d))
		return
	}
	target := strconv.Itoa(len(items)) + " tools: " + strings.Join(names, ", ")
	if _, err := s.store.CreateStackItems(s.audited(r, "stack.catalog_added", target), org.ID, items); err != nil {
		s.error(w, r, err)
		return
	}
	msg := "Added " + plural(len(items), "tool", "tools") + " to the inventory. Open each to fill in its cost, owner and ring."
	if len(skipped) > 0 {
		msg += " Already there, so not added again: " + strings.Join(skipped, ", ") + "."
	}
	s.flash(r, "success", msg)
	http.Redirect(w, r, orgPath(org, "stack"), http.StatusSeeOther)
}

// plural is "1 tool" or "3 tools".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// readStackItem reads the item form into a domain value, with the field
// errors of the domain's Validate.
func readStackItem(f form) roadmap.StackItem {
	it := roadmap.StackItem{
		Name:                 f.Get("name"),
		Category:             roadmap.Category(f.Get("category")),
		Lifecycle:            roadmap.Lifecycle(f.Get("lifecycle")),
		MonthlyCost:          f.amount("monthly_cost"),
		CostScaling:          roadmap.CostScaling(f.Get("cost_scaling")),
		Scalability:          f.whole("scalability", "3"),
		SupportHoursPerMonth: f.amount("support_hours_per_month"),
		Owner:                f.Get("owner"),
		Notes:                f.Get("notes"),
	}
	f.merge(it.Validate())
	return it
}

// stackItemForm is a stored item as its edit form shows it.
func stackItemForm(it store.StackItem) web.Form {
	return web.Form{Errors: map[string]string{}, Values: map[string]string{
		"name": it.Name, "category": string(it.Category), "lifecycle": string(it.Lifecycle),
		"monthly_cost": formatAmount(it.MonthlyCost), "cost_scaling": string(it.CostScaling), "scalability": strconv.Itoa(it.Scalability),
		"support_hours_per_month": formatAmount(it.SupportHoursPerMonth), "owner": it.Owner, "notes": it.Notes,
		"version": strconv.Itoa(it.Version), "current_name": it.Name,
	}}
}

// formatAmount writes an amount as a form field holds it (1200, 49.9).
func formatAmount(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// handleStackItemNew is GET /o/{slug}/stack/new, with sensible defaults: a
// tool in use (adopt), priced per seat (linear), of middling scalability.
func (s *Server) handleStackItemNew(w http.ResponseWriter, r *http.Request) {
	f := web.Form{Values: map[string]string{"category": string(roadmap.CategoryOther), "lifecycle": string(roadmap.LifecycleAdopt),
		"cost_scaling": string(roadmap.CostLinear), "scalability": "3"}}
	if c := r.URL.Query().Get("category"); roadmap.Category(c).Valid() {
		f.Values["category"] = c
	}
	s.render(w, r, http.StatusOK, web.StackItemFormPage(s.page(r, "Add a tool", "stack"), web.StackItemFormProps{Form: f}))
}

// handleStackItemCreate is POST /o/{slug}/stack.
func (s *Server) handleStackItemCreate(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	f := newForm(r, stackItemFields...)
	it := readStackItem(f)
	if !f.valid() {
		s.render(w, r, http.StatusUnprocessableEntity, web.StackItemFormPage(s.page(r, "Add a tool", "stack"), web.StackItemFormProps{Form: f.Form}))
		return
	}
	stored, err := s.store.CreateStackItem(s.audited(r, "stack_item.created", "stack item "+it.Name), org.ID, it)
	if errors.Is(err, store.ErrStackItemNameTaken) {
		f.fail("name", roadmap.MsgStackNameTaken(it.Name))
		s.render(w, r, http.StatusUnprocessableEntity, web.StackItemFormPage(s.page(r, "Add a tool", "stack"), web.StackItemFormProps{Form: f.Form}))
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Added "+stored.Name+" to the inventory.")
	http.Redirect(w, r, orgPath(org, "stack", strconv.FormatInt(stored.ID, 10)), http.StatusSeeOther)
}

// stackItemParam is the item named by the path (ErrNotFound for anything
// but a positive id: the same answer as another organization's item).
func stackItemParam(r *http.Request) (int64, error) {
	if id, ok := idParam(r, "id"); ok {
		return id, nil
	}
	return 0, store.ErrNotFound
}

// errNoStackItem is what a page says of an item id the organization does not have.
const errNoStackItem = "There is no such item in the inventory: it may have been deleted."

// stackItemWithFindings reads the item of the path with its findings, or
// answers the error page (404 for an id the organization does not have).
func (s *Server) stackItemWithFindings(w http.ResponseWriter, r *http.Request) (store.StackItem, []store.Finding, bool) {
	id, err := stackItemParam(r)
	var it store.StackItem
	var fs []store.Finding
	if err == nil {
		it, fs, err = s.store.FindStackItemWithFindings(r.Context(), currentOrg(r.Context()).ID, id)
	}
	if err != nil {
		s.error(w, r, withMessage(err, errNoStackItem))
		return it, nil, false
	}
	return it, fs, true
}

// handleStackItemView is GET /o/{slug}/stack/{id}: the item and its findings.
func (s *Server) handleStackItemView(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	it, fs, ok := s.stackItemWithFindings(w, r)
	if !ok {
		return
	}
	d := web.StackItemProps{Item: toWebStackItem(it, 0), CanManage: canManage(org.Role),
		Findings: findingRows(fs, []store.StackItemName{{ID: it.ID, Name: it.Name}})}
	s.render(w, r, http.StatusOK, web.StackItemPage(s.page(r, it.Name, "stack"), d))
}

// handleStackItemEdit is GET /o/{slug}/stack/{id}/edit.
func (s *Server) handleStackItemEdit(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	id, err := stackItemParam(r)
	var it store.StackItem
	if err == nil {
		it, err = s.store.FindStackItem(r.Context(), org.ID, id)
	}
	if err != nil {
		s.error(w, r, withMessage(err, errNoStackItem))
		return
	}
	s.render(w, r, http.StatusOK, web.StackItemFormPage(s.page(r, "Edit "+it.Name, "stack"), web.StackItemFormProps{Form: stackItemForm(it), ID: it.ID}))
}

// handleStackItemUpdate is POST /o/{slug}/stack/{id}: saves if the form's
// version is still current; else 409 with the saved values beside the
// typed ones, and the form now carrying the newer version.
func (s *Server) handleStackItemUpdate(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	id, err := stackItemParam(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := newForm(r, stackItemFields...)
	it := readStackItem(f)
	version, verr := strconv.Atoi(f.Get("version"))
	if verr != nil || version < 1 {
		f.Message = "This form is missing the version of the item it edits: open the item again and redo the change."
	}
	render := func(status int, current *store.StackItem) {
		d := web.StackItemFormProps{Form: f.Form, ID: id}
		if current == nil {
			// The breadcrumb and title name the item as saved, not as typed.
			if saved, err := s.store.FindStackItem(r.Context(), org.ID, id); err == nil {
				f.Values["current_name"] = saved.Name
			}
		} else {
			f.Values["version"] = strconv.Itoa(current.Version)
			f.Values["current_name"] = current.Name
			d.Conflict = stackItemConflict(org, *current, it)
		}
		s.render(w, r, status, web.StackItemFormPage(s.page(r, "Edit "+orDefault(f.Get("current_name"), it.Name), "stack"), d))
	}
	if !f.valid() {
		render(http.StatusUnprocessableEntity, nil)
		return
	}
	stored, err := s.store.UpdateStackItem(s.audited(r, "stack_item.updated", "stack item "+it.Name), org.ID, id, version, it)
	if errors.Is(err, store.ErrStackItemNameTaken) {
		f.fail("name", roadmap.MsgStackNameTaken(it.Name))
		render(http.StatusUnprocessableEntity, nil)
		return
	}
	if errors.Is(err, store.ErrStale) {
		current, cerr := s.store.FindStackItem(r.Context(), org.ID, id)
		if cerr != nil {
			s.error(w, r, cerr)
			return
		}
		render(http.StatusConflict, &current)
		return
	}
	if err != nil {
		s.error(w, r, withMessage(err, errNoStackItem))
		return
	}
	s.flash(r, "success", "Saved "+stored.Name+".")
	http.Redirect(w, r, orgPath(org, "stack", strconv.FormatInt(stored.ID, 10)), http.StatusSeeOther)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// stackItemConflict lists every field as saved now and as typed.
func stackItemConflict(org *store.OrgMembership, saved store.StackItem, yours roadmap.StackItem) *web.Conflict {
	cur := saved.Item()
	return &web.Conflict{
		Heading: saved.Name + " changed while you were editing", What: "item",
		CancelHref: orgPath(org, "stack", strconv.FormatInt(saved.ID, 10)),
		Rows: []web.ConflictRow{
			{Label: "Name", Saved: cur.Name, Yours: yours.Name},
			{Label: "Category", Saved: cur.Category.Label(), Yours: yours.Category.Label()},
			{Label: "Ring", Saved: cur.Lifecycle.Label(), Yours: yours.Lifecycle.Label()},
			{Label: "Monthly cost", Saved: web.Money(cur.MonthlyCost), Yours: web.Money(yours.MonthlyCost)},
			{Label: "Cost scaling", Saved: cur.CostScaling.Label(), Yours: yours.CostScaling.Label()},
			{Label: "Scalability", Saved: strconv.Itoa(cur.Scalability), Yours: strconv.Itoa(yours.Scalability)},
			{Label: "Support hours a month", Saved: web.Hours(cur.SupportHoursPerMonth), Yours: web.Hours(yours.SupportHoursPerMonth)},
			{Label: "Owner", Saved: cur.Owner, Yours: yours.Owner},
			{Label: "Notes", Saved: cur.Notes, Yours: yours.Notes},
		},
	}
}

// handleStackItemDeleteConfirm is GET /o/{slug}/stack/{id}/delete.
func (s *Server) handleStackItemDeleteConfirm(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	it, fs, ok := s.stackItemWithFindings(w, r)
	if !ok {
		return
	}
	msg := "Delete " + it.Name + " from the inventory? This cannot be undone."
	if len(fs) > 0 {
		msg += " Its " + plural(len(fs), "finding stays", "findings stay") + " in the register, no longer tied to a tool."
	}
	path := orgPath(org, "stack", strconv.FormatInt(it.ID, 10))
	s.render(w, r, http.StatusOK, web.ConfirmPage(s.page(r, "Delete "+it.Name, "stack"), web.ConfirmProps{
		Heading: "Delete " + it.Name + "?", Message: msg, Action: path + "/delete", Button: "Delete " + it.Name, Cancel: path}))
}

// handleStackItemDelete is POST /o/{slug}/stack/{id}/delete.
func (s *Server) handleStackItemDelete(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	id, err := stackItemParam(r)
	var it store.StackItem
	if err == nil {
		it, err = s.store.FindStackItem(r.Context(), org.ID, id)
	}
	if err == nil {
		err = s.store.DeleteStackItem(s.audited(r, "stack_item.deleted", "stack item "+it.Name), org.ID, id)
	}
	if err != nil {
		s.error(w, r, withMessage(err, errNoStackItem))
		return
	}
	s.flash(r, "success", "Deleted "+it.Name+" from the inventory.")
	http.Redirect(w, r, orgPath(org, "stack"), http.StatusSeeOther)
}
