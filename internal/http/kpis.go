package http

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// Step 2b's pages: the DORA KPIs. Members read the KPI page; owners and
// admins record snapshots (exact numbers or Quick Check answers), edit and
// delete them, and set the targets. The form's fields are the API's JSON
// names (api_kpis.go) plus the answers' (*_answer), and every message is
// Snapshot.Validate's or Target.Validate's, so page and API say the same.
// One snapshot per date: recording a date that has one asks first.

// kpiFields are the snapshot form's fields.
var kpiFields = func() []string {
	f := []string{"measured_on", "edition", "mode", "confirm", "version"}
	for _, m := range roadmap.Metrics {
		f = append(f, m.Key.ValueField())
		if m.Key.Categorical() {
			f = append(f, m.Key.AnswerField())
		}
	}
	return f
}()

const (
	modeExact = "exact"
	modeQuick = "quick"
)

// setKPIValue and setKPIAnswer put a metric's input into a snapshot.
func setKPIValue(k *roadmap.Snapshot, m roadmap.Metric, v *float64) {
	switch m {
	case roadmap.MetricDeploymentFrequency:
		k.DeploymentsPerWeek = v
	case roadmap.MetricLeadTime:
		k.LeadTimeHours = v
	case roadmap.MetricRecoveryTime:
		k.RecoveryTimeHours = v
	case roadmap.MetricChangeFailureRate:
		k.ChangeFailureRate = v
	case roadmap.MetricReworkRate:
		k.ReworkRate = v
	}
}

func setKPIAnswer(k *roadmap.Snapshot, m roadmap.Metric, a *int) {
	switch m {
	case roadmap.MetricDeploymentFrequency:
		k.DeploymentFrequencyAnswer = a
	case roadmap.MetricLeadTime:
		k.LeadTimeAnswer = a
	case roadmap.MetricRecoveryTime:
		k.RecoveryTimeAnswer = a
	}
}

// kpiNumber reads an optional number field (nil when empty); text that is
// not a number is said beside it in the domain's words.
func (f form) kpiNumber(field, label string) *float64 {
	v := f.Get(field)
	if v == "" {
		return nil
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil {
		f.fail(field, label+" must be a number.")
		return nil
	}
	return &n
}

// readKPI parses the snapshot form in its mode (exact numbers, or Quick
// Check answers for the three categorical metrics) and validates it.
func (s *Server) readKPI(r *http.Request) (form, roadmap.Snapshot) {
	f := newForm(r, kpiFields...)
	mode := modeExact
	if f.Get("mode") == modeQuick {
		mode = modeQuick
	}
	f.Values["mode"] = mode
	k := roadmap.Snapshot{Edition: f.Get("edition")}.WithDefaults()
	f.Values["edition"] = k.Edition
	if v := f.Get("measured_on"); v != "" {
		d, ok := roadmap.ParseDate(v)
		if !ok {
			f.fail("measured_on", roadmap.MsgDate)
		}
		k.MeasuredOn = d
	}
	for _, c := range roadmap.Metrics {
		m := c.Key
		if m.Categorical() && mode == modeQuick {
			delete(f.Values, m.ValueField()) // the other mode's field is not this form's
			if v := f.Get(m.AnswerField()); v != "" {
				a, err := strconv.Atoi(v)
				if err != nil {
					a = 0 // Validate: "choose one of the six answers"
				}
				setKPIAnswer(&k, m, &a)
			}
			continue
		}
		if m.Categorical() {
			delete(f.Values, m.AnswerField())
		}
		setKPIValue(&k, m, f.kpiNumber(m.ValueField(), c.Label))
	}
	fe := k.Validate(s.now())
	if mode == modeQuick {
		// The domain names a missing categorical metric by its number's
		// field; this form asks for the answer.
		for _, c := range roadmap.Metrics {
			if msg, ok := fe[c.Key.ValueField()]; ok && c.Key.Categorical() {
				delete(fe, c.Key.ValueField())
				fe.Add(c.Key.AnswerField(), msg)
			}
		}
	}
	f.merge(fe)
	return f, k
}

// kpiValues are a stored snapshot's form values and its mode: Quick Check
// when any categorical metric was answered.
func kpiValues(k store.KPISnapshot) (map[string]string, string) {
	snap := k.Snapshot()
	v := map[string]string{"measured_on": k.MeasuredOn.Format(roadmap.DateLayout), "edition": k.Edition, "version": strconv.Itoa(k.Version)}
	mode := modeExact
	for _, c := range roadmap.Metrics {
		if x := snap.Value(c.Key); x != nil {
			v[c.Key.ValueField()] = strconv.FormatFloat(*x, 'f', -1, 64)
		}
		if a := snap.Answer(c.Key); a != nil {
			v[c.Key.AnswerField()] = strconv.Itoa(*a)
			mode = modeQuick
		}
	}
	v["mode"] = mode
	return v, mode
}

// kpiRow is an evaluated snapshot as the history table shows it.
func kpiRow(k store.KPISnapshot, ev roadmap.Evaluation) web.KPIRow {
	row := web.KPIRow{ID: k.ID, MeasuredOn: k.MeasuredOn.Format(roadmap.DateLayout), Edition: ev.Edition.Key, Overall: ev.Overall}
	for _, r := range ev.Metrics {
		row.Cells = append(row.Cells, web.KPICell{Given: r.Given, Value: r.Label(), Tier: r.Tier})
	}
	return row
}

// kpisProps evaluates the snapshots (newest first) for the KPI page.
// The history table shows the newest web.KPIHistoryRows unless all asks
// for every snapshot (the trends and scores always read them all).
func kpisProps(org *store.OrgMembership, pg store.KPIPage, all bool) web.KPIsProps {
	d := web.KPIsProps{CanManage: canManage(org.Role), HistoryTotal: len(pg.Snapshots), HistoryAll: all}
	d.Benchmark = kpiBenchmark(pg.Profile, roadmap.Evaluation{})
	if len(pg.Snapshots) == 0 {
		return d
	}
	evs := make([]roadmap.Evaluation, len(pg.Snapshots))
	for i, k := range pg.Snapshots {
		evs[i] = k.Snapshot().Evaluate()
		d.History = append(d.History, kpiRow(k, evs[i]))
	}
	latest := evs[0]
	d.MeasuredOn, d.Edition = d.History[0].MeasuredOn, latest.Edition
	d.Throughput, d.Stability, d.Overall = latest.Throughput, latest.Stability, latest.Overall
	targets := map[roadmap.Metric]roadmap.Target{}
	for _, t := range pg.Targets {
		targets[t.Metric] = t.Target()
	}
	for _, c := range roadmap.Metrics {
		r := latest.Metric(c.Key)
		t := web.KPITile{Metric: c.Key, Given: r.Given, Value: r.Label(), FromAnswer: r.Given && r.Value == nil, Tier: r.Tier, Score: r.Score}
		if tg, ok := targets[c.Key]; ok {
			t.Target, t.Met = web.TargetWords(tg), tg.Met(r)
		}
		// The trend: the newest snapshots that measure the metric, oldest first.
		var pts []web.SparkPoint
		for i := len(evs) - 1; i >= 0; i-- {
			if m := evs[i].Metric(c.Key); m.Given {
				pts = append(pts, web.SparkPoint{On: d.History[i].MeasuredOn, Score: m.Score})
			}
		}
		t.Trend = web.NewSparkline(c.Label, pts)
		d.Tiles = append(d.Tiles, t)
	}
	d.Benchmark = kpiBenchmark(pg.Profile, latest)
	if !all && len(d.History) > web.KPIHistoryRows {
		d.History = d.History[:web.KPIHistoryRows]
	}
	return d
}

// kpiBenchmark compares an evaluation with the industry's and the size's
// rows of the newest Quick Check data (those the organization chose).
func kpiBenchmark(p roadmap.OrgProfile, ev roadmap.Evaluation) web.KPIBenchmark {
	ed, _ := roadmap.BenchmarkByKey(roadmap.DefaultBenchmarkEdition)
	b := web.KPIBenchmark{Edition: ed.Key, Profile: p, Source: roadmap.BenchmarkDataSource()}
	for _, by := range []struct {
		by      roadmap.BenchmarkBy
		key     string
		heading string
	}{{roadmap.ByIndustry, p.Industry, "Your industry: "}, {roadmap.BySize, p.Size, "Your size: "}} {
		g, ok := ed.Group(by.by, by.key)
		if by.key == "" || !ok || len(ev.Metrics) == 0 {
			continue
		}
		bg := web.KPIBenchGroup{Heading: by.heading + g.Name}
		for _, c := range roadmap.CompareEvaluation(ev, g) {
			bg.Rows = append(bg.Rows, web.KPIBenchRow{Label: roadmap.ScoreLabel(c.Key), Score: c.Score, Mean: c.Stat.Mean, SD: c.Stat.SD,
				Verdict: c.Verdict, Sentence: c.Sentence(g)})
		}
		b.Groups = append(b.Groups, bg)
	}
	return b
}

// handleKPIsView is GET /o/{slug}/kpis(?history=all): one round trip,
// whatever the history's length.
func (s *Server) handleKPIsView(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	pg, err := s.store.FindKPIPage(r.Context(), org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.KPIsPage(s.page(r, "DORA KPIs", "kpis"), kpisProps(org, pg, r.URL.Query().Get("history") == "all")))
}

// kpiMode is the ?mode= of a form page.
func kpiMode(r *http.Request, def string) string {
	switch r.URL.Query().Get("mode") {
	case modeQuick:
		return modeQuick
	case modeExact:
		return modeExact
	}
	return def
}

// handleKPINew is GET /o/{slug}/kpis/new(?mode=quick): an empty form for
// today, under the default tier table.
func (s *Server) handleKPINew(w http.ResponseWriter, r *http.Request) {
	mode := kpiMode(r, modeExact)
	f := web.Form{Values: map[string]string{"measured_on": s.now().UTC().Format(roadmap.DateLayout), "edition": roadmap.DefaultEdition, "mode": mode}}
	s.render(w, r, http.StatusOK, web.KPIFormPage(s.page(r, "Record a snapshot", "kpis"), web.KPIFormProps{Mode: mode, Form: f}))
}

func (s *Server) renderKPIForm(w http.ResponseWriter, r *http.Request, status int, id int64, f web.Form, conflict *web.Conflict) {
	title := "Record a snapshot"
	if id != 0 {
		title = "Edit the snapshot"
	}
	s.render(w, r, status, web.KPIFormPage(s.page(r, title, "kpis"), web.KPIFormProps{ID: id, Mode: f.Get("mode"), Form: f, Conflict: conflict}))
}

// kpiCompare lists two snapshots' metrics side by side (the replace
// confirmation and the conflict panel).
func kpiCompare(saved, yours roadmap.Snapshot) []web.ConflictRow {
	a, b := saved.Evaluate(), yours.Evaluate()
	rows := []web.ConflictRow{{Label: "Date measured", Saved: saved.MeasuredOn.Format(roadmap.DateLayout), Yours: yours.MeasuredOn.Format(roadmap.DateLayout)},
		{Label: "Tier table", Saved: a.Edition.Name, Yours: b.Edition.Name}}
	for _, c := range roadmap.Metrics {
		rows = append(rows, web.ConflictRow{Label: c.Label, Saved: kpiWords(a.Metric(c.Key)), Yours: kpiWords(b.Metric(c.Key))})
	}
	return rows
}

// kpiWords is a metric's value and tier in words.
func kpiWords(r roadmap.MetricResult) string {
	if !r.Given {
		return ""
	}
	if r.Tier.Valid() {
		return r.Label() + " (" + r.Tier.Label() + ")"
	}
	return r.Label()
}

// handleKPICreate is POST /o/{slug}/kpis. A date that already has a
// snapshot asks first (a page that posts the same form with
// confirm=replace); the upsert then replaces it.
func (s *Server) handleKPICreate(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	f, k := s.readKPI(r)
	if !f.valid() {
		s.renderKPIForm(w, r, http.StatusUnprocessableEntity, 0, f.Form, nil)
		return
	}
	date := k.MeasuredOn.Format(roadmap.DateLayout)
	if f.Get("confirm") != "replace" {
		old, err := s.store.FindKPISnapshotOn(r.Context(), org.ID, k.MeasuredOn)
		if err == nil {
			d := web.KPIReplaceProps{Date: date, Rows: kpiCompare(old.Snapshot(), k)}
			for _, name := range kpiFields {
				if v := f.Get(name); v != "" && name != "confirm" && name != "version" {
					d.Hidden = append(d.Hidden, web.Option{Value: name, Label: v})
				}
			}
			s.render(w, r, http.StatusOK, web.KPIReplacePage(s.page(r, "Replace the snapshot of "+date, "kpis"), d))
			return
		}
		if !errors.Is(err, store.ErrNotFound) {
			s.error(w, r, err)
			return
		}
	}
	_, replaced, err := s.store.RecordKPISnapshot(s.audited(r, store.AuditKPIRecorded, "KPI snapshot of "+date), org.ID, k)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if replaced {
		s.flash(r, "success", "Replaced the snapshot of "+date+".")
	} else {
		s.flash(r, "success", "Recorded the snapshot of "+date+".")
	}
	http.Redirect(w, r, orgPath(org, "kpis"), http.StatusSeeOther)
}

// targetKPI loads the {id} snapshot (404 when it is not the organization's).
func (s *Server) targetKPI(w http.ResponseWriter, r *http.Request) (store.KPISnapshot, bool) {
	id, ok := idParam(r, "id")
	if !ok {
		s.notFound(w, r)
		return store.KPISnapshot{}, false
	}
	k, err := s.store.FindKPISnapshot(r.Context(), currentOrg(r.Context()).ID, id)
	if err != nil {
		s.error(w, r, err)
		return k, false
	}
	return k, true
}

// handleKPIEdit is GET /o/{slug}/kpis/{id}(?mode=…): the edit form, in the
// mode the snapshot was entered in unless the query switches it.
func (s *Server) handleKPIEdit(w http.ResponseWriter, r *http.Request) {
	k, ok := s.targetKPI(w, r)
	if !ok {
		return
	}
	v, mode := kpiValues(k)
	mode = kpiMode(r, mode)
	v["mode"] = mode
	if mode == modeQuick {
		// An exact number shown as its bucket, so switching keeps its range.
		ev := k.Snapshot().Evaluate()
		for _, c := range roadmap.Metrics {
			if r := ev.Metric(c.Key); c.Key.Categorical() && r.Given && v[c.Key.AnswerField()] == "" {
				v[c.Key.AnswerField()] = strconv.Itoa(r.Answer)
			}
		}
	}
	s.renderKPIForm(w, r, http.StatusOK, k.ID, web.Form{Values: v}, nil)
}

// handleKPIUpdate is POST /o/{slug}/kpis/{id}: every field and the version
// the form was loaded at; a newer version answers 409 with both, a date
// another snapshot has 422 beside the date.
func (s *Server) handleKPIUpdate(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	id, ok := idParam(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	f, k := s.readKPI(r)
	version, verr := strconv.Atoi(f.Get("version"))
	if verr != nil {
		f.Message = "This form lacks the version of the snapshot it edits. Open the snapshot again and make your change there."
	}
	if !f.valid() {
		s.renderKPIForm(w, r, http.StatusUnprocessableEntity, id, f.Form, nil)
		return
	}
	date := k.MeasuredOn.Format(roadmap.DateLayout)
	_, err := s.store.UpdateKPISnapshot(s.audited(r, "kpi.updated", "KPI snapshot of "+date), org.ID, id, version, k)
	switch {
	case errors.Is(err, store.ErrStale):
		saved, ferr := s.store.FindKPISnapshot(r.Context(), org.ID, id)
		if ferr != nil {
			s.error(w, r, ferr)
			return
		}
		f.Values["version"] = strconv.Itoa(saved.Version)
		c := &web.Conflict{Heading: "This snapshot changed while you were editing it", What: "snapshot",
			CancelHref: web.KPIsPath(org.Slug, strconv.FormatInt(id, 10)), Rows: kpiCompare(saved.Snapshot(), k)}
		s.renderKPIForm(w, r, http.StatusConflict, id, f.Form, c)
		return
	case errors.Is(err, store.ErrKPIDateTaken):
		f.fail("measured_on", "Another snapshot has the date "+date+": edit or delete that one, or choose another date.")
		s.renderKPIForm(w, r, http.StatusUnprocessableEntity, id, f.Form, nil)
		return
	case err != nil:
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Saved the snapshot of "+date+".")
	http.Redirect(w, r, orgPath(org, "kpis"), http.StatusSeeOther)
}

// handleKPIDeleteConfirm is GET /o/{slug}/kpis/{id}/delete; the button
// posts the version it showed, so a snapshot changed since is not deleted
// unseen.
func (s *Server) handleKPIDeleteConfirm(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	k, ok := s.targetKPI(w, r)
	if !ok {
		return
	}
	date := k.MeasuredOn.Format(roadmap.DateLayout)
	s.render(w, r, http.StatusOK, web.ConfirmPage(s.page(r, "Delete the snapshot", "kpis"), web.ConfirmProps{
		Heading: "Delete the snapshot of " + date + "?",
		Message: "Its metrics leave the history, the trends and the scores. This cannot be undone.",
		Action:  web.KPIsPath(org.Slug, strconv.FormatInt(k.ID, 10), "delete") + "?version=" + strconv.Itoa(k.Version),
		Button:  "Delete snapshot", Cancel: web.KPIsPath(org.Slug),
	}))
}

// handleKPIDelete is POST /o/{slug}/kpis/{id}/delete(?version=N).
func (s *Server) handleKPIDelete(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	k, ok := s.targetKPI(w, r)
	if !ok {
		return
	}
	version := k.Version
	if v, err := strconv.Atoi(r.URL.Query().Get("version")); err == nil {
		version = v
	}
	date := k.MeasuredOn.Format(roadmap.DateLayout)
	if err := s.store.DeleteKPISnapshot(s.audited(r, "kpi.deleted", "KPI snapshot of "+date), org.ID, k.ID, version); err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Deleted the snapshot of "+date+".")
	http.Redirect(w, r, orgPath(org, "kpis"), http.StatusSeeOther)
}

// targetValues are stored targets as the form shows them.
func targetValues(ts []store.KPITarget) map[string]string {
	v := map[string]string{}
	for _, t := range ts {
		if t.Value != nil {
			v[roadmap.TargetField(t.Metric)] = strconv.FormatFloat(*t.Value, 'f', -1, 64)
		}
		if t.Tier != roadmap.TierNone {
			v[roadmap.TargetField(t.Metric)+"_tier"] = string(t.Tier)
		}
	}
	return v
}

// handleKPITargetsView is GET /o/{slug}/kpis/targets.
func (s *Server) handleKPITargetsView(w http.ResponseWriter, r *http.Request) {
	_, targets, err := s.store.FindKPIs(r.Context(), currentOrg(r.Context()).ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.KPITargetsPage(s.page(r, "KPI targets", "kpis"), web.KPITargetsProps{Form: web.Form{Values: targetValues(targets)}}))
}

// handleKPITargetsSave is POST /o/{slug}/kpis/targets: every metric's
// target at once (both fields empty: none), in one transaction.
func (s *Server) handleKPITargetsSave(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	var fields []string
	for _, m := range roadmap.Metrics {
		fields = append(fields, roadmap.TargetField(m.Key), roadmap.TargetField(m.Key)+"_tier")
	}
	f := newForm(r, fields...)
	var targets []roadmap.Target
	var words []string
	for _, c := range roadmap.Metrics {
		field := roadmap.TargetField(c.Key)
		t := roadmap.Target{Metric: c.Key, Value: f.kpiNumber(field, c.Label+"'s target"), Tier: roadmap.Tier(f.Get(field + "_tier"))}
		if t.Value == nil && t.Tier == roadmap.TierNone && f.Err(field) == "" {
			continue
		}
		f.merge(t.Validate())
		targets = append(targets, t)
		words = append(words, c.Label+" "+web.TargetWords(t))
	}
	if !f.valid() {
		s.render(w, r, http.StatusUnprocessableEntity, web.KPITargetsPage(s.page(r, "KPI targets", "kpis"), web.KPITargetsProps{Form: f.Form}))
		return
	}
	what := "no targets"
	if len(words) > 0 {
		what = roadmap.ListWords(words)
	}
	if _, err := s.store.SetKPITargets(s.audited(r, "kpi.targets_set", what), org.ID, targets); err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Saved the targets.")
	http.Redirect(w, r, orgPath(org, "kpis"), http.StatusSeeOther)
}

// handleOrgProfileSave is POST /o/{slug}/settings/profile (owners and
// admins): the industry and size the KPI page's benchmark compares with.
func (s *Server) handleOrgProfileSave(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	f := newForm(r, "industry", "size")
	p := roadmap.OrgProfile{Industry: f.Get("industry"), Size: f.Get("size")}
	f.merge(p.Validate())
	if !f.valid() {
		s.renderSettings(w, r, http.StatusUnprocessableEntity, web.Form{Values: map[string]string{"name": org.Name}}, f.Form)
		return
	}
	what := profileWords(p)
	if err := s.store.SetOrgProfile(s.audited(r, "org.profile_set", what), org.ID, p); err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Saved the industry and size: "+what+".")
	http.Redirect(w, r, orgPath(org, "settings"), http.StatusSeeOther)
}

// profileWords names a profile's choices for the audit log and the flash.
func profileWords(p roadmap.OrgProfile) string {
	name := func(by roadmap.BenchmarkBy, key string) string {
		for _, c := range roadmap.ProfileChoices(by) {
			if c.Key == key {
				return c.Label
			}
		}
		return "none"
	}
	return "industry " + name(roadmap.ByIndustry, p.Industry) + ", size " + name(roadmap.BySize, p.Size)
}
