package http

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// The roadmap: derived from the four steps at every read, with the
// decisions people took (status, owner, quarter, notes) and the
// initiatives they added by hand applied (roadmap.BuildPlan). Members read;
// owners and admins decide. A decision is saved through one function for
// the page and the API (saveDecision), so both say the same words.

// orgSnapshot turns the stored four steps into what the roadmap is derived
// from.
func orgSnapshot(rs store.RoadmapSnapshot) roadmap.OrgSnapshot {
	s := roadmap.OrgSnapshot{
		TeamSize:         rs.Considerations.TeamSize,
		PlannedTeamSize:  rs.Considerations.PlannedTeamSize,
		ImprovementShare: rs.ImprovementShare,
		Skills:           rs.Skills.Input(),
	}
	for _, it := range rs.Stack {
		s.Stack = append(s.Stack, roadmap.StackEntry{ID: it.ID, StackItem: it.Item()})
	}
	for _, f := range rs.Findings {
		s.Findings = append(s.Findings, roadmap.FindingEntry{ID: f.ID, Finding: f.Finding()})
	}
	if rs.KPI != nil {
		k := rs.KPI.Snapshot()
		s.KPI = &k
	}
	for _, t := range rs.Targets {
		s.Targets = append(s.Targets, t.Target())
	}
	// No stored status at all: step 3 was never opened, and the roadmap
	// does not guess that nothing is in place.
	if len(rs.Practices) > 0 {
		s.Practices = rs.Practices.Statuses()
	}
	if results := rs.Maturity.Results(); len(results) > 0 {
		s.Maturity = &results[len(results)-1]
	}
	return s
}

// roadmapData is an organization's plan with what it was built from.
type roadmapData struct {
	Plan    roadmap.Plan
	Snap    roadmap.OrgSnapshot
	Members []store.Member
	// Stakeholders are the register (their names go on the cards of the
	// initiatives that affect them).
	Stakeholders []store.Stakeholder
	Now          time.Time
}

// memberName is the name of the member with userID ("" when nobody, or
// someone no longer in the organization).
func (d roadmapData) memberName(userID int64) string {
	for _, m := range d.Members {
		if m.UserID == userID {
			return m.Name
		}
	}
	return ""
}

// roadmapOf reads the organization (one round trip) and builds its plan at
// now.
func (s *Server) roadmapOf(ctx context.Context, orgID int64, now time.Time) (roadmapData, error) {
	rs, err := s.store.FindRoadmapSnapshot(ctx, orgID)
	if err != nil {
		return roadmapData{}, err
	}
	return planFrom(rs, now), nil
}

// planFrom builds the plan of a stored snapshot at now.
func planFrom(rs store.RoadmapSnapshot, now time.Time) roadmapData {
	snap := orgSnapshot(rs)
	members := make(map[int64]bool, len(rs.Skills.Members))
	for _, m := range rs.Skills.Members {
		members[m.UserID] = true
	}
	decisions := make([]roadmap.Decision, len(rs.Decisions))
	for i, d := range rs.Decisions {
		decisions[i] = d.Decision()
		if !members[decisions[i].OwnerID] {
			decisions[i].OwnerID = 0 // someone who left owns nothing here
		}
	}
	custom := make([]roadmap.CustomInitiative, len(rs.Custom))
	for i, c := range rs.Custom {
		custom[i] = c.Initiative()
	}
	return roadmapData{Plan: roadmap.BuildPlan(snap, decisions, custom, now), Snap: snap, Members: rs.Skills.Members,
		Stakeholders: rs.Stakeholders, Now: now}
}

// deriveRoadmap is the live plan's initiatives in priority order and the
// capacity verdict (for pages that list initiatives without decisions).
func (s *Server) deriveRoadmap(r *http.Request, orgID int64, now time.Time) ([]roadmap.Initiative, roadmap.CapacityVerdict, error) {
	d, err := s.roadmapOf(r.Context(), orgID, now)
	if err != nil {
		return nil, roadmap.CapacityVerdict{}, err
	}
	list := make([]roadmap.Initiative, len(d.Plan.Items))
	for i, it := range d.Plan.Items {
		list[i] = it.Initiative
	}
	return list, d.Plan.Verdict, nil
}

// roadmapFilter is the roadmap page's query: ?category=&status=&owner=
// (owner is a member's user id, or "none").
type roadmapFilter struct {
	Category, Status, Owner string
	Ignored                 []string // parameters whose value was not understood
}

func parseRoadmapFilter(r *http.Request, d roadmapData) roadmapFilter {
	q := r.URL.Query()
	var f roadmapFilter
	if v := q.Get("category"); v != "" {
		if slices.ContainsFunc(roadmap.InitiativeCategories, func(c roadmap.Choice[roadmap.InitiativeCategory]) bool { return string(c.Key) == v }) {
			f.Category = v
		} else {
			f.Ignored = append(f.Ignored, "category")
		}
	}
	if v := q.Get("status"); v != "" {
		if roadmap.Status(v).Valid() {
			f.Status = v
		} else {
			f.Ignored = append(f.Ignored, "status")
		}
	}
	if v := q.Get("owner"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if v == "none" || (err == nil && d.memberName(id) != "") {
			f.Owner = v
		} else {
			f.Ignored = append(f.Ignored, "owner")
		}
	}
	return f
}

func (f roadmapFilter) keep(it roadmap.PlanItem) bool {
	owner := "none"
	if it.OwnerID > 0 {
		owner = strconv.FormatInt(it.OwnerID, 10)
	}
	return (f.Category == "" || string(it.Category) == f.Category) &&
		(f.Status == "" || string(it.Status) == f.Status) &&
		(f.Owner == "" || owner == f.Owner)
}

// handleRoadmap is GET /o/{slug}/roadmap (members read).
func (s *Server) handleRoadmap(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	d, err := s.roadmapOf(r.Context(), org.ID, s.now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderRoadmap(w, r, http.StatusOK, d)
}

// planTimeline is the quarter timeline of the live plan, bars by status.
func planTimeline(p roadmap.Plan) web.TimelineProps {
	list := make([]roadmap.Initiative, len(p.Items))
	status := make(map[string]string, len(p.Items))
	for i, it := range p.Items {
		list[i], status[it.Key] = it.Initiative, string(it.Status)
	}
	return web.NewTimeline(list, func(key string) string { return status[key] })
}

func (s *Server) renderRoadmap(w http.ResponseWriter, r *http.Request, status int, d roadmapData) {
	org := currentOrg(r.Context())
	f := parseRoadmapFilter(r, d)
	props := web.RoadmapProps{
		Slug: org.Slug, CanDecide: canManage(org.Role), Verdict: d.Plan.Verdict.Text(),
		Share: int(d.Snap.Share()*100 + 0.5), Count: len(d.Plan.All()),
		Filter: web.RoadmapFilter{Category: f.Category, Status: f.Status, Owner: f.Owner, Ignored: f.Ignored},
	}
	props.Members = memberOptions(d.Members)
	affected := map[string][]web.Link{}
	for _, st := range d.Stakeholders {
		name := st.Name
		if st.Title != "" {
			name += " (" + st.Title + ")"
		}
		for _, k := range st.Initiatives {
			affected[k] = append(affected[k], web.Link{Label: name, Href: web.StakeholderPath(org.Slug, st.ID)})
		}
	}
	cards := func(items []roadmap.PlanItem) []web.RoadmapCard {
		var out []web.RoadmapCard
		for _, it := range items {
			if !f.keep(it) {
				continue
			}
			c := web.NewRoadmapCard(org.Slug, it, d.Plan, d.memberName(it.OwnerID))
			c.Stakeholders = affected[it.Key]
			out = append(out, c)
		}
		return out
	}
	for _, ph := range roadmap.Phases {
		var in []roadmap.PlanItem
		for _, it := range d.Plan.Items {
			if it.Phase == ph.Key {
				in = append(in, it)
			}
		}
		props.Phases = append(props.Phases, web.RoadmapPhase{Key: string(ph.Key), Label: ph.Label, Cards: cards(in)})
	}
	props.Done, props.Dismissed, props.Resolved = cards(d.Plan.Done), cards(d.Plan.Dismissed), cards(d.Plan.Resolved)
	props.Timeline = planTimeline(d.Plan)
	props.Downloads = web.OrgDownloadLinks(org.Slug)
	if r.URL.Query().Get("from") == "start" && props.CanDecide {
		props.Start = startSummaryOf(org.Slug, d) // start.go
	}
	s.render(w, r, status, web.RoadmapPage(s.page(r, "Roadmap", "roadmap"), props))
}

// memberOptions are the owner choices.
func memberOptions(members []store.Member) []web.Option {
	out := make([]web.Option, len(members))
	for i, m := range members {
		out[i] = web.Option{Value: strconv.FormatInt(m.UserID, 10), Label: m.Name}
	}
	return out
}

// renderDecision is the decision page of one initiative with the form f
// (nil Values: the stored decision).
func (s *Server) renderDecision(w http.ResponseWriter, r *http.Request, status int, d roadmapData, it roadmap.PlanItem, f web.Form) {
	org := currentOrg(r.Context())
	card := web.NewRoadmapCard(org.Slug, it, d.Plan, d.memberName(it.OwnerID))
	if f.Values == nil {
		f.Values = map[string]string{"status": string(it.Status), "owner": card.OwnerID, "quarter": it.Override,
			"notes": it.Notes, "version": strconv.Itoa(it.Version)}
	}
	var quarters []string
	for q := range roadmap.PlanHorizonQuarters {
		quarters = append(quarters, roadmap.QuarterName(d.Plan.Start, q))
	}
	s.render(w, r, status, web.DecisionPage(s.page(r, it.Title, "roadmap"), web.DecisionProps{Slug: org.Slug, Card: card, Form: f,
		Members: memberOptions(d.Members), Quarters: quarters}))
}

// handleRoadmapDecision is GET /o/{slug}/roadmap/decisions/{key} (owners
// and admins): the initiative and its decision form.
func (s *Server) handleRoadmapDecision(w http.ResponseWriter, r *http.Request) {
	d, err := s.roadmapOf(r.Context(), currentOrg(r.Context()).ID, s.now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	it, ok := d.Plan.Find(chi.URLParam(r, "key"))
	if !ok {
		s.error(w, r, store.ErrNotFound)
		return
	}
	s.renderDecision(w, r, http.StatusOK, d, it, web.Form{})
}

// decisionPatch is a change to a decision: nil fields stay as they are.
type decisionPatch struct {
	Status  *string
	Owner   *string // a member's user id as text, "" for nobody
	Quarter *string // "" follows the schedule
	Notes   *string
}

// msgNotMember is said beside an owner who is not a member.
const msgNotMember = "must be a member of the organization"

// saveDecision applies p to the decision about key at version (0: none
// stored yet, store.AnyVersion: last write wins), recording the KPIs at
// acceptance the first time the initiative is committed to. It answers
// roadmap.FieldErrors (422), store.ErrNotFound (no initiative has the key)
// or store.ErrStale (409).
func (s *Server) saveDecision(r *http.Request, d roadmapData, key string, version int, p decisionPatch) (store.DecisionRow, error) {
	it, ok := d.Plan.Find(key)
	if !ok {
		return store.DecisionRow{}, store.ErrNotFound
	}
	dec := roadmap.Decision{Key: key, Status: it.Status, OwnerID: it.OwnerID, Quarter: it.Override, Notes: it.Notes, Title: it.Title}
	fe := roadmap.FieldErrors{}
	if p.Status != nil {
		dec.Status = roadmap.Status(*p.Status)
	}
	if p.Owner != nil {
		dec.OwnerID = 0
		if *p.Owner != "" {
			id, err := strconv.ParseInt(*p.Owner, 10, 64)
			if err != nil || d.memberName(id) == "" {
				fe.Add("owner", msgNotMember)
			}
			dec.OwnerID = id
		}
	}
	if p.Quarter != nil {
		dec.Quarter = *p.Quarter
	}
	if p.Notes != nil {
		dec.Notes = roadmap.NormalizeLineBreaks(*p.Notes)
	}
	for k, v := range dec.Validate(d.Now) {
		fe.Add(k, v)
	}
	if err := fe.Err(); err != nil {
		return store.DecisionRow{}, err
	}
	var at map[string]roadmap.KPIValue
	if dec.Status.Committed() {
		at = roadmap.AtAcceptance(it.Initiative, roadmap.KPIValues(d.Snap, d.Now))
	}
	return s.store.SaveDecision(s.audited(r, "roadmap.decided", decisionWords(it.Title, dec, d)), currentOrgID(r), dec, version, at)
}

// currentOrgID is the organization of a page or an API request.
func currentOrgID(r *http.Request) int64 {
	if org := currentOrg(r.Context()); org != nil {
		return org.ID
	}
	return apiToken(r.Context()).OrgID
}

// decisionWords describes a decision for the audit log.
func decisionWords(title string, dec roadmap.Decision, d roadmapData) string {
	parts := []string{title + ": " + strings.ToLower(dec.Status.Label())}
	if name := d.memberName(dec.OwnerID); name != "" {
		parts = append(parts, "owner "+name)
	}
	if dec.Quarter != "" {
		parts = append(parts, "quarter "+dec.Quarter)
	}
	return strings.Join(parts, ", ")
}

// handleRoadmapDecide is POST /o/{slug}/roadmap/decisions/{key} (owners
// and admins): version, and any of status, owner, quarter, notes (a
// field left out of the form stays as it is, so the quick actions send only
// a status).
func (s *Server) handleRoadmapDecide(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	f := newForm(r, "version", "status", "owner", "quarter", multiline("notes"))
	var p decisionPatch
	for name, dst := range map[string]**string{"status": &p.Status, "owner": &p.Owner, "quarter": &p.Quarter, "notes": &p.Notes} {
		if _, sent := r.PostForm[name]; sent {
			v := f.Get(name)
			*dst = &v
		}
	}
	// A form without a version (a hand-made request) saves whatever is
	// stored, as the API does without one; the page's forms always send it.
	version := store.AnyVersion
	if _, sent := r.PostForm["version"]; sent {
		v, err := strconv.Atoi(f.Get("version"))
		if err != nil || v < 0 {
			f.fail("version", "must be the version you read")
		}
		version = v
	}
	d, err := s.roadmapOf(r.Context(), org.ID, s.now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	key := chi.URLParam(r, "key")
	it, ok := d.Plan.Find(key)
	if !ok {
		s.error(w, r, store.ErrNotFound)
		return
	}
	if f.valid() {
		_, err = s.saveDecision(r, d, key, version, p)
	} else {
		err = roadmap.FieldErrors(f.Errors)
	}
	// The form as sent, completed with the stored values of the fields it
	// left out (a quick action sends only a status).
	shown := web.Form{Values: map[string]string{"status": string(it.Status), "owner": strconv.FormatInt(it.OwnerID, 10),
		"quarter": it.Override, "notes": it.Notes, "version": strconv.Itoa(it.Version)}, Errors: f.Errors}
	if it.OwnerID == 0 {
		shown.Values["owner"] = ""
	}
	for k := range shown.Values {
		if _, sent := r.PostForm[k]; sent {
			shown.Values[k] = f.Get(k)
		}
	}
	var fe roadmap.FieldErrors
	switch {
	case errors.As(err, &fe):
		shown.Errors = f.Errors
		for k, v := range fe {
			shown.Errors[k] = v
		}
		s.renderDecision(w, r, http.StatusUnprocessableEntity, d, it, shown)
		return
	case errors.Is(err, store.ErrStale):
		// The saved decision beside the values the person sent, at the
		// current version, so saving again is a deliberate choice.
		shown.Values["version"] = strconv.Itoa(it.Version)
		shown.Message = "Someone changed this initiative since you opened the page (it is now " + strings.ToLower(it.Status.Label()) +
			"). Your change was not saved: check it and save again."
		s.renderDecision(w, r, http.StatusConflict, d, it, shown)
		return
	case err != nil:
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Saved “"+it.Title+"”.")
	http.Redirect(w, r, orgPath(org, "roadmap")+"#"+web.InitiativeAnchor(key), http.StatusSeeOther)
}

// customFields are the hand-added initiative form's fields.
var customFields = []string{"title", "category", "effort", "value", "quarter", multiline("notes"), "version"}

func (s *Server) customForm(r *http.Request) (form, roadmap.CustomInitiative, int) {
	f := newForm(r, customFields...)
	c := roadmap.CustomInitiative{Title: f.Get("title"), Category: roadmap.InitiativeCategory(f.Get("category")),
		Effort: roadmap.Effort(f.Get("effort")), Quarter: f.Get("quarter"), Notes: f.Get("notes")}
	if v, err := strconv.Atoi(f.Get("value")); err == nil {
		c.Value = v
	}
	f.merge(c.Validate(s.now()))
	version, _ := strconv.Atoi(f.Get("version"))
	return f, c, version
}

func (s *Server) renderCustomForm(w http.ResponseWriter, r *http.Request, status int, id int64, f web.Form) {
	org := currentOrg(r.Context())
	start := roadmap.PlanStart(s.now())
	var quarters []string
	for q := range roadmap.PlanHorizonQuarters {
		quarters = append(quarters, roadmap.QuarterName(start, q))
	}
	title := "Add an initiative"
	if id > 0 {
		title = "Edit the initiative"
	}
	s.render(w, r, status, web.CustomInitiativePage(s.page(r, title, "roadmap"),
		web.CustomInitiativeProps{Slug: org.Slug, ID: id, Form: f, Quarters: quarters}))
}

// handleCustomNew is GET /o/{slug}/roadmap/initiatives/new.
func (s *Server) handleCustomNew(w http.ResponseWriter, r *http.Request) {
	s.renderCustomForm(w, r, http.StatusOK, 0, web.Form{Values: map[string]string{"category": "delivery", "effort": "m", "value": "5"}})
}

// handleCustomCreate is POST /o/{slug}/roadmap/initiatives.
func (s *Server) handleCustomCreate(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	f, c, _ := s.customForm(r)
	if !f.valid() {
		s.renderCustomForm(w, r, http.StatusUnprocessableEntity, 0, f.Form)
		return
	}
	row, err := s.store.CreateCustomInitiative(s.audited(r, "roadmap.initiative_added", c.Title), org.ID, c)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Added “"+row.Title+"” to the roadmap.")
	http.Redirect(w, r, orgPath(org, "roadmap")+"#"+web.InitiativeAnchor(roadmap.InitiativeKey(roadmap.RuleCustom, strconv.FormatInt(row.ID, 10))), http.StatusSeeOther)
}

func (s *Server) targetCustom(w http.ResponseWriter, r *http.Request) (store.CustomInitiativeRow, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		s.error(w, r, store.ErrNotFound)
		return store.CustomInitiativeRow{}, false
	}
	c, err := s.store.FindCustomInitiative(r.Context(), currentOrg(r.Context()).ID, id)
	if err != nil {
		s.error(w, r, err)
		return c, false
	}
	return c, true
}

// handleCustomEdit is GET /o/{slug}/roadmap/initiatives/{id}.
func (s *Server) handleCustomEdit(w http.ResponseWriter, r *http.Request) {
	c, ok := s.targetCustom(w, r)
	if !ok {
		return
	}
	s.renderCustomForm(w, r, http.StatusOK, c.ID, web.Form{Values: map[string]string{"title": c.Title, "category": string(c.Category),
		"effort": string(c.Effort), "value": strconv.Itoa(c.Value), "quarter": c.Quarter, "notes": c.Notes, "version": strconv.Itoa(c.Version)}})
}

// handleCustomUpdate is POST /o/{slug}/roadmap/initiatives/{id}.
func (s *Server) handleCustomUpdate(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	cur, ok := s.targetCustom(w, r)
	if !ok {
		return
	}
	f, c, version := s.customForm(r)
	if !f.valid() {
		s.renderCustomForm(w, r, http.StatusUnprocessableEntity, cur.ID, f.Form)
		return
	}
	_, err := s.store.UpdateCustomInitiative(s.audited(r, "roadmap.initiative_changed", c.Title), org.ID, cur.ID, version, c)
	if errors.Is(err, store.ErrStale) {
		f.Values["version"] = strconv.Itoa(cur.Version)
		f.Message = "Someone changed this initiative since you opened it (it is now “" + cur.Title + "”, effort " +
			cur.Effort.Label() + ", value " + strconv.Itoa(cur.Value) + "). Your values are below: save again to keep them."
		s.renderCustomForm(w, r, http.StatusConflict, cur.ID, f.Form)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Saved “"+c.Title+"”.")
	http.Redirect(w, r, orgPath(org, "roadmap")+"#"+web.InitiativeAnchor(roadmap.InitiativeKey(roadmap.RuleCustom, strconv.FormatInt(cur.ID, 10))), http.StatusSeeOther)
}

// handleCustomDeleteConfirm is GET /o/{slug}/roadmap/initiatives/{id}/delete.
func (s *Server) handleCustomDeleteConfirm(w http.ResponseWriter, r *http.Request) {
	c, ok := s.targetCustom(w, r)
	if !ok {
		return
	}
	org := currentOrg(r.Context())
	s.render(w, r, http.StatusOK, web.ConfirmPage(s.page(r, "Delete the initiative", "roadmap"), web.ConfirmProps{
		Heading: "Delete “" + c.Title + "”?",
		Message: "The initiative, its status, owner and notes are deleted. This cannot be undone; to set it aside instead, dismiss it on the roadmap.",
		Action:  orgPath(org, "roadmap", "initiatives", strconv.FormatInt(c.ID, 10), "delete"),
		Button:  "Delete the initiative",
		Cancel:  orgPath(org, "roadmap"),
	}))
}

// handleCustomDelete is POST /o/{slug}/roadmap/initiatives/{id}/delete.
func (s *Server) handleCustomDelete(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	c, ok := s.targetCustom(w, r)
	if !ok {
		return
	}
	if err := s.store.DeleteCustomInitiative(s.audited(r, "roadmap.initiative_deleted", c.Title), org.ID, c.ID); err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Deleted “"+c.Title+"”.")
	http.Redirect(w, r, orgPath(org, "roadmap"), http.StatusSeeOther)
}

// handleImprovementShare is POST /o/{slug}/settings/improvement (owners
// and admins): the share of engineering time for improvement work, in
// percent (5 to 100), that the roadmap's schedule counts.
func (s *Server) handleImprovementShare(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	f := newForm(r, "improvement_share")
	pct := f.intIn("improvement_share", "Improvement time", true, 5, 100)
	if !f.valid() {
		s.renderSettingsWith(w, r, http.StatusUnprocessableEntity, f.Form)
		return
	}
	if err := s.store.SetImprovementShare(s.audited(r, "org.improvement_share_set", strconv.Itoa(pct)+" %"), org.ID, float64(pct)/100); err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "The roadmap now plans with "+strconv.Itoa(pct)+" % of the team's time for improvement work.")
	http.Redirect(w, r, orgPath(org, "settings"), http.StatusSeeOther)
}

// apiEvidence is a piece of an initiative's evidence in the API.
type apiEvidence struct {
	Text string `json:"text"`
	Kind string `json:"kind"`
	Ref  string `json:"ref"` // the id of a finding or stack item, else the catalog key (skill, metric, practice, question, dimension)
}

// apiKPIChange is a KPI of a committed initiative at acceptance and now.
type apiKPIChange struct {
	KPI          string           `json:"kpi"`
	AtAcceptance roadmap.KPIValue `json:"at_acceptance"`
	Latest       roadmap.KPIValue `json:"latest"`
	Direction    string           `json:"direction"` // better, worse or same
}

// apiInitiative is an initiative as the roadmap API reports it.
type apiInitiative struct {
	Key       string         `json:"key"`
	Title     string         `json:"title"`
	Category  string         `json:"category"`
	Evidence  []apiEvidence  `json:"evidence"`
	Impact    string         `json:"impact"`
	Effort    string         `json:"effort"`
	Score     float64        `json:"score"`
	Quadrant  string         `json:"quadrant"`
	Phase     string         `json:"phase"`   // now, next, later; "" when done, dismissed or resolved by the data
	Quarter   string         `json:"quarter"` // the scheduled (or chosen) quarter; for done, the quarter it was done in
	DependsOn []string       `json:"depends_on"`
	KPIs      []string       `json:"kpis"`
	Status    string         `json:"status"`
	Owner     *int64         `json:"owner"` // a member's user id
	Notes     string         `json:"notes"`
	Custom    bool           `json:"custom"`   // added by hand
	Resolved  bool           `json:"resolved"` // the data no longer derives it
	Changes   []apiKPIChange `json:"kpi_changes"`
	Version   int            `json:"version"` // the decision's version, 0 when none is stored
}

func toAPIInitiative(it roadmap.PlanItem) apiInitiative {
	out := apiInitiative{Key: it.Key, Title: it.Title, Category: string(it.Category), Impact: string(it.Impact),
		Effort: string(it.Effort), Score: it.Score.WSJF, Quadrant: string(it.Quadrant), Phase: string(it.Phase),
		Quarter: it.QuarterName, DependsOn: append([]string{}, it.DependsOn...), KPIs: append([]string{}, it.KPIs...),
		Status: string(it.Status), Notes: it.Notes, Custom: it.Custom, Resolved: it.Gone, Version: it.Version,
		Evidence: make([]apiEvidence, len(it.Evidence)), Changes: []apiKPIChange{}}
	if it.OwnerID > 0 {
		id := it.OwnerID
		out.Owner = &id
	}
	for i, ev := range it.Evidence {
		out.Evidence[i] = apiEvidence{Text: ev.Text, Kind: string(ev.Ref.Kind), Ref: refString(ev.Ref)}
	}
	for _, c := range it.Changes {
		out.Changes = append(out.Changes, apiKPIChange{KPI: c.KPI, AtAcceptance: c.Then, Latest: c.Now,
			Direction: map[int]string{1: "better", -1: "worse", 0: "same"}[c.Direction]})
	}
	return out
}

// apiPlan is the whole plan in the API's order: the live initiatives in
// priority order, then done, dismissed and resolved ones.
func apiPlan(p roadmap.Plan) []apiInitiative {
	out := make([]apiInitiative, 0, len(p.All()))
	for _, it := range p.All() {
		out = append(out, toAPIInitiative(it))
	}
	return out
}

// handleAPIRoadmap is GET /api/v1/roadmap: the initiatives in priority
// order.
func (s *Server) handleAPIRoadmap(w http.ResponseWriter, r *http.Request) {
	d, err := s.roadmapOf(r.Context(), apiToken(r.Context()).OrgID, s.now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, apiPage(apiPlan(d.Plan), func(a apiInitiative) apiInitiative { return a }))
}

// handleAPIRoadmapPatch is PATCH /api/v1/roadmap/{key}: status, owner
// (a member's user id, or null for nobody), quarter ("" or null: the
// schedule's), notes; version optional (left out: last write wins).
func (s *Server) handleAPIRoadmapPatch(w http.ResponseWriter, r *http.Request) {
	key := chi.URLParam(r, "key")
	var in struct {
		Status  json.RawMessage `json:"status"`  // left out: kept
		Owner   json.RawMessage `json:"owner"`   // left out: kept; null: nobody
		Quarter json.RawMessage `json:"quarter"` // left out: kept; null or "": the schedule's
		Notes   json.RawMessage `json:"notes"`   // left out: kept; "" clears
		Version *int            `json:"version"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	orgID := apiToken(r.Context()).OrgID
	d, err := s.roadmapOf(r.Context(), orgID, s.now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	if _, ok := d.Plan.Find(key); !ok {
		s.error(w, r, store.ErrNotFound)
		return
	}
	var p decisionPatch
	fe := roadmap.FieldErrors{}
	// status and notes are strings: null would be neither "keep" nor a
	// value, so it is refused rather than guessed.
	for name, raw := range map[string]json.RawMessage{"status": in.Status, "notes": in.Notes} {
		if raw == nil {
			continue
		}
		var v string
		if json.Unmarshal(raw, &v) != nil || string(raw) == "null" {
			fe.Add(name, name+" must be a string")
			continue
		}
		if name == "status" {
			p.Status = &v
		} else {
			p.Notes = &v
		}
	}
	if in.Owner != nil {
		v := ""
		var id int64
		if string(in.Owner) != "null" {
			if json.Unmarshal(in.Owner, &id) != nil || id <= 0 {
				fe.Add("owner", "must be a member's user id, or null for nobody")
			}
			v = strconv.FormatInt(id, 10)
		}
		p.Owner = &v
	}
	if in.Quarter != nil {
		v := ""
		if string(in.Quarter) != "null" && json.Unmarshal(in.Quarter, &v) != nil {
			fe.Add("quarter", "must be a quarter such as “2027 Q2”, or null for the schedule's")
		}
		p.Quarter = &v
	}
	if p.Status != nil && *p.Status == "" {
		fe.Add("status", "must be one of proposed, accepted, in_progress, done or dismissed")
	}
	if err := fe.Err(); err != nil {
		s.error(w, r, err)
		return
	}
	version := store.AnyVersion
	if in.Version != nil {
		if *in.Version < 0 {
			s.error(w, r, roadmap.FieldErrors{"version": "must be 0 (never decided) or the version you read"})
			return
		}
		version = *in.Version
	}
	if _, err := s.saveDecision(r, d, key, version, p); err != nil {
		s.error(w, r, err)
		return
	}
	d, err = s.roadmapOf(r.Context(), orgID, s.now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	it, _ := d.Plan.Find(key)
	s.writeJSON(w, http.StatusOK, toAPIInitiative(it))
}

func refString(r roadmap.Ref) string {
	if r.Kind == roadmap.RefFinding || r.Kind == roadmap.RefStackItem || r.Kind == roadmap.RefCustom {
		return strconv.FormatInt(r.ID, 10)
	}
	return r.Key
}
