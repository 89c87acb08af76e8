package http

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
)

// Step 1's JSON API: the inventory (/api/v1/stack) and the findings
// (/api/v1/findings). Bodies are strict (decodeJSON: an unknown field is a
// 400 naming it) and validated by the domain's Validate, as the pages are.
// Enumerations take their keys exactly ("ci_cd", not "CI/CD"). A PUT
// replaces every field and carries the version it read: a stale one is a
// 409, a missing one a 422. Any valid token of the organization may write;
// every write is audited.

// apiStackItemIn is a stack item as a POST sends it (a PUT adds version).
type apiStackItemIn struct {
	Name                 string  `json:"name"`
	Category             string  `json:"category"`
	Lifecycle            string  `json:"lifecycle"`
	MonthlyCost          float64 `json:"monthly_cost"`
	CostScaling          string  `json:"cost_scaling"`
	Scalability          int     `json:"scalability"`
	SupportHoursPerMonth float64 `json:"support_hours_per_month"`
	Owner                string  `json:"owner"`
	Notes                string  `json:"notes"`
}

func (in apiStackItemIn) item() roadmap.StackItem {
	return roadmap.StackItem{Name: strings.TrimSpace(in.Name), Category: roadmap.Category(in.Category), Lifecycle: roadmap.Lifecycle(in.Lifecycle),
		MonthlyCost: in.MonthlyCost, CostScaling: roadmap.CostScaling(in.CostScaling), Scalability: in.Scalability,
		SupportHoursPerMonth: in.SupportHoursPerMonth, Owner: strings.TrimSpace(in.Owner), Notes: roadmap.NormalizeLineBreaks(in.Notes)}
}

// apiStackItem is a stored stack item as the API answers it.
type apiStackItem struct {
	ID                   int64   `json:"id"`
	Name                 string  `json:"name"`
	Category             string  `json:"category"`
	Lifecycle            string  `json:"lifecycle"`
	MonthlyCost          float64 `json:"monthly_cost"`
	CostScaling          string  `json:"cost_scaling"`
	Scalability          int     `json:"scalability"`
	SupportHoursPerMonth float64 `json:"support_hours_per_month"`
	Owner                string  `json:"owner"`
	Notes                string  `json:"notes"`
	Version              int     `json:"version"`
	CreatedAt            string  `json:"created_at"`
	UpdatedAt            string  `json:"updated_at"`
}

func toAPIStackItem(it store.StackItem) apiStackItem {
	return apiStackItem{ID: it.ID, Name: it.Name, Category: string(it.Category), Lifecycle: string(it.Lifecycle), MonthlyCost: it.MonthlyCost,
		CostScaling: string(it.CostScaling), Scalability: it.Scalability, SupportHoursPerMonth: it.SupportHoursPerMonth,
		Owner: it.Owner, Notes: it.Notes, Version: it.Version, CreatedAt: apiTime(it.CreatedAt), UpdatedAt: apiTime(it.UpdatedAt)}
}

// apiFindingIn is a finding as a POST sends it (a PUT adds version).
type apiFindingIn struct {
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Severity    int    `json:"severity"`
	Effort      string `json:"effort"`
	Status      string `json:"status"` // "" is open
	StackItemID *int64 `json:"stack_item_id"`
}

func (in apiFindingIn) finding() roadmap.Finding {
	return roadmap.Finding{Kind: roadmap.FindingKind(in.Kind), Title: strings.TrimSpace(in.Title), Description: roadmap.NormalizeLineBreaks(in.Description),
		Severity: in.Severity, Effort: roadmap.Effort(in.Effort), Status: roadmap.FindingStatus(in.Status), StackItemID: in.StackItemID}.WithDefaults()
}

// apiFinding is a stored finding as the API answers it (stack_item_id null
// for the stack as a whole).
type apiFinding struct {
	ID          int64  `json:"id"`
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Severity    int    `json:"severity"`
	Effort      string `json:"effort"`
	Status      string `json:"status"`
	StackItemID *int64 `json:"stack_item_id"`
	Version     int    `json:"version"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
}

func toAPIFinding(f store.Finding) apiFinding {
	return apiFinding{ID: f.ID, Kind: string(f.Kind), Title: f.Title, Description: f.Description, Severity: f.Severity,
		Effort: string(f.Effort), Status: string(f.Status), StackItemID: f.StackItemID, Version: f.Version,
		CreatedAt: apiTime(f.CreatedAt), UpdatedAt: apiTime(f.UpdatedAt)}
}

// apiTime is a timestamp as the API writes it: RFC 3339 in UTC.
func apiTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// requireVersion adds the field error of a PUT without its version.
func requireVersion(fe roadmap.FieldErrors, v *int) {
	if v == nil {
		fe.Add("version", "version is required: send the version of the object as you last read it.")
	}
}

// apiID is the {id} of the path; anything but a positive integer is not
// found, like an id of another organization.
func apiID(r *http.Request) (int64, error) {
	if id, ok := idParam(r, "id"); ok {
		return id, nil
	}
	return 0, store.ErrNotFound
}

// handleAPIStackList is GET /api/v1/stack: the inventory by name, in one
// page.
func (s *Server) handleAPIStackList(w http.ResponseWriter, r *http.Request) {
	q, err := apiFilters(r, map[string][]string{"category": choiceKeys(roadmap.Categories), "lifecycle": choiceKeys(roadmap.Lifecycles)})
	if err != nil {
		s.error(w, r, err)
		return
	}
	items, err := s.store.FindStackItems(r.Context(), apiToken(r.Context()).OrgID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	items = slices.DeleteFunc(items, func(it store.StackItem) bool {
		return (q["category"] != "" && string(it.Category) != q["category"]) || (q["lifecycle"] != "" && string(it.Lifecycle) != q["lifecycle"])
	})
	s.writeJSON(w, http.StatusOK, apiPage(items, toAPIStackItem))
}

// apiFilters reads a list's query parameters, each one of its keys: the
// same filters as the pages, with a 422 naming a value that is not a key
// and a 400 for a parameter the list does not know (never silently
// ignored, as an unknown body field is not).
func apiFilters(r *http.Request, known map[string][]string) (map[string]string, error) {
	out := map[string]string{}
	fe := roadmap.FieldErrors{}
	for name, vs := range r.URL.Query() {
		keys, ok := known[name]
		if !ok {
			return nil, &bodyError{msg: "unknown query parameter " + strconv.Quote(name), field: name}
		}
		v := vs[len(vs)-1]
		if v != "" && !slices.Contains(keys, v) {
			fe.Add(name, name+" must be one of "+strings.Join(keys, ", ")+".")
			continue
		}
		out[name] = v
	}
	if len(fe) > 0 {
		return nil, fe
	}
	return out, nil
}

// handleAPIStackGet is GET /api/v1/stack/{id}.
func (s *Server) handleAPIStackGet(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r)
	var it store.StackItem
	if err == nil {
		it, err = s.store.FindStackItem(r.Context(), apiToken(r.Context()).OrgID, id)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, toAPIStackItem(it))
}

// handleAPIStackCreate is POST /api/v1/stack: 201 with the stored item.
func (s *Server) handleAPIStackCreate(w http.ResponseWriter, r *http.Request) {
	var in apiStackItemIn
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	item := in.item()
	if err := item.Validate().Err(); err != nil {
		s.error(w, r, err)
		return
	}
	it, err := s.store.CreateStackItem(s.audited(r, "stack_item.created", "stack item "+item.Name), apiToken(r.Context()).OrgID, item)
	if errors.Is(err, store.ErrStackItemNameTaken) {
		err = roadmap.FieldErrors{"name": roadmap.MsgStackNameTaken(item.Name)}
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/stack/"+strconv.FormatInt(it.ID, 10))
	s.writeJSON(w, http.StatusCreated, toAPIStackItem(it))
}

// handleAPIStackUpdate is PUT /api/v1/stack/{id}: every field, and the
// version it read.
func (s *Server) handleAPIStackUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var in struct {
		apiStackItemIn
		Version *int `json:"version"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	item := in.item()
	fe := item.Validate()
	requireVersion(fe, in.Version)
	if err := fe.Err(); err != nil {
		s.error(w, r, err)
		return
	}
	it, err := s.store.UpdateStackItem(s.audited(r, "stack_item.updated", "stack item "+item.Name), apiToken(r.Context()).OrgID, id, *in.Version, item)
	if errors.Is(err, store.ErrStackItemNameTaken) {
		err = roadmap.FieldErrors{"name": roadmap.MsgStackNameTaken(item.Name)}
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, toAPIStackItem(it))
}

// handleAPIStackDelete is DELETE /api/v1/stack/{id}: 204; the item's
// findings stay, unlinked.
func (s *Server) handleAPIStackDelete(w http.ResponseWriter, r *http.Request) {
	orgID := apiToken(r.Context()).OrgID
	id, err := apiID(r)
	var it store.StackItem
	if err == nil {
		it, err = s.store.FindStackItem(r.Context(), orgID, id) // for the audit log's words
	}
	if err == nil {
		err = s.store.DeleteStackItem(s.audited(r, "stack_item.deleted", "stack item "+it.Name), orgID, id)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// handleAPIFindingList is GET /api/v1/findings: most severe first, then the
// smallest effort, in one page.
func (s *Server) handleAPIFindingList(w http.ResponseWriter, r *http.Request) {
	q, err := apiFilters(r, map[string][]string{"kind": choiceKeys(roadmap.FindingKinds), "status": choiceKeys(roadmap.FindingStatuses)})
	if err != nil {
		s.error(w, r, err)
		return
	}
	fs, err := s.store.FindFindings(r.Context(), apiToken(r.Context()).OrgID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	fs = slices.DeleteFunc(fs, func(f store.Finding) bool {
		return (q["kind"] != "" && string(f.Kind) != q["kind"]) || (q["status"] != "" && string(f.Status) != q["status"])
	})
	s.writeJSON(w, http.StatusOK, apiPage(fs, toAPIFinding))
}

// handleAPIFindingGet is GET /api/v1/findings/{id}.
func (s *Server) handleAPIFindingGet(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r)
	var f store.Finding
	if err == nil {
		f, err = s.store.FindFinding(r.Context(), apiToken(r.Context()).OrgID, id)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, toAPIFinding(f))
}

// handleAPIFindingCreate is POST /api/v1/findings: 201 with the stored
// finding; a stack_item_id the organization does not have is a 422 on that
// field, and nothing is stored.
func (s *Server) handleAPIFindingCreate(w http.ResponseWriter, r *http.Request) {
	var in apiFindingIn
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	f := in.finding()
	if err := f.Validate().Err(); err != nil {
		s.error(w, r, err)
		return
	}
	stored, err := s.store.CreateFinding(s.audited(r, "finding.created", "finding "+f.Title), apiToken(r.Context()).OrgID, f)
	if err != nil {
		s.error(w, r, stackItemField(err))
		return
	}
	w.Header().Set("Location", "/api/v1/findings/"+strconv.FormatInt(stored.ID, 10))
	s.writeJSON(w, http.StatusCreated, toAPIFinding(stored))
}

// handleAPIFindingUpdate is PUT /api/v1/findings/{id}.
func (s *Server) handleAPIFindingUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var in struct {
		apiFindingIn
		Version *int `json:"version"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	f := in.finding()
	fe := f.Validate()
	requireVersion(fe, in.Version)
	if err := fe.Err(); err != nil {
		s.error(w, r, err)
		return
	}
	stored, err := s.store.UpdateFinding(s.audited(r, "finding.updated", "finding "+f.Title), apiToken(r.Context()).OrgID, id, *in.Version, f)
	if err != nil {
		s.error(w, r, stackItemField(err))
		return
	}
	s.writeJSON(w, http.StatusOK, toAPIFinding(stored))
}

// handleAPIFindingDelete is DELETE /api/v1/findings/{id}: 204.
func (s *Server) handleAPIFindingDelete(w http.ResponseWriter, r *http.Request) {
	orgID := apiToken(r.Context()).OrgID
	id, err := apiID(r)
	var f store.Finding
	if err == nil {
		f, err = s.store.FindFinding(r.Context(), orgID, id) // for the audit log's words
	}
	if err == nil {
		err = s.store.DeleteFinding(s.audited(r, "finding.deleted", "finding "+f.Title), orgID, id)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// stackItemField answers a finding's unknown stack item beside its field
// (422), as the domain names a bad id: the same words whether the id was
// never an item, was deleted, or is another organization's.
func stackItemField(err error) error {
	if errors.Is(err, store.ErrStackItemNotFound) {
		return roadmap.FieldErrors{"stack_item_id": "Unknown stack item."}
	}
	return err
}
