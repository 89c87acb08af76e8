package http

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// The guided quick assessment (/o/{slug}/start, owners and admins): six
// screens, one question group each, that write the rows the step pages
// write. A screen is saved as it is left (Continue and Back both post), in
// one transaction, and the page resumes at the first screen without data.
// It ends on the roadmap (?from=start) with the first quick wins and what
// to refine next.

// startScreens are the screens in order: key, title.
var startScreens = []web.StartScreen{
	{Key: "team", Title: "The team"},
	{Key: "delivery", Title: "Delivery"},
	{Key: "stack", Title: "The stack"},
	{Key: "practices", Title: "Practices"},
	{Key: "maturity", Title: "Maturity"},
	{Key: "skills", Title: "Skills"},
}

// startQuestions are the maturity screen's questions, one per dimension:
// the one that says most about its dimension's practice (what happens after
// an incident, how a change reaches production, how it is approved, how
// development and operations work together).
var startQuestions = []string{"culture_incidents", "technology_deployment", "structure_change_approval", "collaboration_dev_ops"}

// startInviteRows is how many invitations the skills screen offers; a
// larger team is invited from the team page.
const startInviteRows = 5

// startDebtRows is how many tech-debt lines the stack screen offers.
const startDebtRows = 3

func startIndex(key string) int {
	return slices.IndexFunc(startScreens, func(s web.StartScreen) bool { return s.Key == key })
}

// startResume is the first screen without data (the last when all have some).
func startResume(st store.StartState) string {
	has := map[string]bool{
		"team":      st.Considerations.Saved,
		"delivery":  st.KPI != nil,
		"stack":     len(st.Stack) > 0,
		"practices": len(st.Practices) > 0,
		"maturity":  st.Maturity.Draft != nil || len(st.Maturity.Completed) > 0,
		"skills":    len(st.Invitations) > 0 || st.Members > 1,
	}
	for _, s := range startScreens {
		if !has[s.Key] {
			return s.Key
		}
	}
	return startScreens[len(startScreens)-1].Key
}

// handleStartView is GET /o/{slug}/start[?screen=key]: a screen with the
// stored answers.
func (s *Server) handleStartView(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	st, err := s.store.FindStart(r.Context(), org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	screen := r.URL.Query().Get("screen")
	if startIndex(screen) < 0 {
		screen = startResume(st)
	}
	s.renderStart(w, r, http.StatusOK, screen, st, startStored(screen, st, kpiMode(r, "")))
}

// startStored is a screen's form filled with what is stored.
func startStored(screen string, st store.StartState, mode string) web.Form {
	f := web.Form{Values: map[string]string{}, Errors: map[string]string{}}
	v := f.Values
	switch screen {
	case "team":
		v["team_size"] = strconv.Itoa(st.Considerations.TeamSize)
		v["planned_team_size"] = strconv.Itoa(st.Considerations.PlannedTeamSize)
		v["improvement_share"] = strconv.Itoa(int(st.ImprovementShare*100 + 0.5))
	case "delivery":
		v["mode"] = modeQuick
		if st.KPI != nil {
			vals, m := kpiValues(*st.KPI)
			for k, x := range vals {
				v[k] = x
			}
			v["mode"] = m
		}
		if mode == modeExact || mode == modeQuick {
			v["mode"] = mode
		}
	case "stack":
		byCost := slices.Clone(st.Stack)
		slices.SortStableFunc(byCost, func(a, b store.StackItem) int { return cmpDesc(a.MonthlyCost, b.MonthlyCost) })
		for i := 0; i < 2 && i < len(byCost) && byCost[i].MonthlyCost > 0; i++ {
			n := strconv.Itoa(i + 1)
			v["cost"+n+"_tool"], v["cost"+n+"_amount"] = stackChoice(byCost[i]), formatAmount(byCost[i].MonthlyCost)
		}
		byHours := slices.Clone(st.Stack)
		slices.SortStableFunc(byHours, func(a, b store.StackItem) int {
			return cmpDesc(a.SupportHoursPerMonth, b.SupportHoursPerMonth)
		})
		for i := 0; i < 2 && i < len(byHours) && byHours[i].SupportHoursPerMonth > 0; i++ {
			n := strconv.Itoa(i + 1)
			v["support"+n+"_tool"], v["support"+n+"_hours"] = stackChoice(byHours[i]), formatAmount(byHours[i].SupportHoursPerMonth)
		}
	case "practices":
		for _, p := range roadmap.PracticeCatalog {
			v["p_"+p.Key] = string(st.Practices.Status(p.Key).Status)
		}
	case "maturity":
		answers := roadmap.MaturityAnswers{}
		if l := st.Maturity.Latest(); l != nil {
			answers = l.Answers
		}
		if st.Maturity.Draft != nil {
			answers = st.Maturity.Draft.Answers
		}
		for _, k := range startQuestions {
			if a, ok := answers[k]; ok {
				v[k] = strconv.Itoa(a)
			}
		}
	}
	return f
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// stackChoice is an inventory item as the stack screen's selects name it:
// its catalog key when it is a catalog tool, else its id.
func stackChoice(it store.StackItem) string {
	for _, t := range roadmap.StarterCatalog {
		if strings.EqualFold(t.Name, it.Name) {
			return "tool:" + t.Key
		}
	}
	return "item:" + strconv.FormatInt(it.ID, 10)
}

func (s *Server) renderStart(w http.ResponseWriter, r *http.Request, status int, screen string, st store.StartState, f web.Form) {
	org := currentOrg(r.Context())
	i := startIndex(screen)
	d := web.StartProps{Slug: org.Slug, Screens: startScreens, Step: i + 1, Screen: startScreens[i], Form: f,
		Today: s.now().UTC().Format(roadmap.DateLayout)}
	if i > 0 {
		d.Prev = startScreens[i-1].Key
	}
	if i < len(startScreens)-1 {
		d.Next = startScreens[i+1].Key
	}
	switch screen {
	case "stack":
		have := map[string]bool{}
		for _, it := range st.Stack {
			have[stackChoice(it)] = true
		}
		for _, g := range catalogGroups() {
			sg := web.StartToolGroup{Label: g.Category.Label()}
			for _, t := range g.Tools {
				sg.Tools = append(sg.Tools, web.StartTool{Key: t.Key, Name: t.Name, Have: have["tool:"+t.Key]})
			}
			d.ToolGroups = append(d.ToolGroups, sg)
		}
		d.ToolOptions = []web.Option{{Value: "", Label: "Choose a tool…"}}
		for _, t := range roadmap.StarterCatalog {
			d.ToolOptions = append(d.ToolOptions, web.Option{Value: "tool:" + t.Key, Label: t.Name})
		}
		for _, it := range st.Stack {
			if c := stackChoice(it); strings.HasPrefix(c, "item:") {
				d.ToolOptions = append(d.ToolOptions, web.Option{Value: c, Label: it.Name})
			}
		}
		for _, fd := range st.Findings {
			if fd.Kind == roadmap.FindingDebt {
				d.Debts = append(d.Debts, fd.Title)
			}
		}
		d.DebtRows = startDebtRows
	case "practices":
		for _, g := range roadmap.PracticeGroups {
			d.PracticeGroups = append(d.PracticeGroups, web.StartPracticeGroup{Label: g.Label, Practices: roadmap.PracticesIn(g.Key)})
		}
	case "maturity":
		for _, k := range startQuestions {
			q, _ := roadmap.MaturityQuestionByKey(k)
			d.Questions = append(d.Questions, q)
		}
		d.TotalQuestions = len(roadmap.MaturityQuestions)
		d.Completed = len(st.Maturity.Completed) > 0
	case "skills":
		for _, inv := range st.Invitations {
			d.Invited = append(d.Invited, inv.Email)
		}
		d.InviteRows = startInviteRows
		d.Members = st.Members
	}
	s.render(w, r, status, web.StartPage(s.page(r, "Quick assessment: "+startScreens[i].Title, "dashboard"), d))
}

// handleStartSave is POST /o/{slug}/start/{screen}: the screen's answers,
// saved whole, then the next screen (nav=next), the previous one
// (nav=back) or, after the last, the roadmap.
func (s *Server) handleStartSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org := currentOrg(ctx)
	screen := chi.URLParam(r, "screen")
	i := startIndex(screen)
	if i < 0 {
		s.notFound(w, r)
		return
	}
	st, err := s.store.FindStart(ctx, org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var f form
	var save func() error
	switch screen {
	case "team":
		f, save = s.startTeam(r)
	case "delivery":
		f, save = s.startDelivery(r)
	case "stack":
		f, save = s.startStack(r, st)
	case "practices":
		f, save = s.startPractices(r)
	case "maturity":
		f, save = s.startMaturity(r, st)
	case "skills":
		f, save = s.startSkills(r)
	}
	if f.valid() {
		err = save()
	}
	if f.valid() && err != nil {
		s.error(w, r, err)
		return
	}
	if !f.valid() {
		s.renderStart(w, r, http.StatusUnprocessableEntity, screen, st, f.Form)
		return
	}
	next := orgPath(org, "roadmap") + "?from=start"
	switch {
	case r.PostForm.Get("nav") == "back" && i > 0:
		next = orgPath(org, "start") + "?screen=" + startScreens[i-1].Key
	case i < len(startScreens)-1:
		next = orgPath(org, "start") + "?screen=" + startScreens[i+1].Key
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// startTeam reads the team screen: the sizes (step 1's considerations) and
// the improvement share (settings), saved together.
func (s *Server) startTeam(r *http.Request) (form, func() error) {
	f := newForm(r, "team_size", "planned_team_size", "improvement_share")
	c := roadmap.Considerations{TeamSize: f.whole("team_size", "12"), PlannedTeamSize: f.whole("planned_team_size", "15")}.WithDefaults()
	fe := c.Validate()
	for k := range fe {
		if k != "team_size" && k != "planned_team_size" {
			delete(fe, k) // the answers are the considerations page's, kept as stored
		}
	}
	f.merge(fe)
	pct := f.intIn("improvement_share", "Improvement time", true, 5, 100)
	return f, func() error {
		org := currentOrg(r.Context())
		return s.store.SaveStartTeam(s.audited(r, "start.team_saved", strconv.Itoa(c.TeamSize)+" → "+strconv.Itoa(c.PlannedTeamSize)+" engineers, "+strconv.Itoa(pct)+" %"),
			org.ID, c.TeamSize, c.PlannedTeamSize, float64(pct)/100)
	}
}

// startDelivery reads the delivery screen as the KPI form reads a snapshot
// (Quick Check answers or exact numbers), measured today.
func (s *Server) startDelivery(r *http.Request) (form, func() error) {
	_ = r.ParseForm()
	r.PostForm.Set("measured_on", s.now().UTC().Format(roadmap.DateLayout))
	r.PostForm.Del("edition")
	f, k := s.readKPI(r)
	return f, func() error {
		org := currentOrg(r.Context())
		_, _, err := s.store.RecordKPISnapshot(s.audited(r, store.AuditKPIRecorded, k.MeasuredOn.Format(roadmap.DateLayout)), org.ID, k)
		return err
	}
}

// startStack reads the stack screen: the ticked tools, the two costliest
// and the two most support-hungry with rough figures, and up to three
// tech-debt items.
func (s *Server) startStack(r *http.Request, st store.StartState) (form, func() error) {
	fields := []string{}
	for _, t := range roadmap.StarterCatalog {
		fields = append(fields, "tool_"+t.Key)
	}
	for n := 1; n <= 2; n++ {
		fields = append(fields, "cost"+strconv.Itoa(n)+"_tool", "cost"+strconv.Itoa(n)+"_amount",
			"support"+strconv.Itoa(n)+"_tool", "support"+strconv.Itoa(n)+"_hours")
	}
	for n := 1; n <= startDebtRows; n++ {
		p := "debt" + strconv.Itoa(n) + "_"
		fields = append(fields, p+"title", p+"severity", p+"effort")
	}
	f := newForm(r, fields...)
	existing := map[string]int64{}
	for _, it := range st.Stack {
		existing[stackChoice(it)] = it.ID
	}
	var items []roadmap.StackItem
	newAt := map[string]int{}
	for _, t := range roadmap.StarterCatalog {
		if f.Get("tool_"+t.Key) == "" || existing["tool:"+t.Key] != 0 {
			continue
		}
		newAt["tool:"+t.Key] = len(items)
		items = append(items, t.Item())
	}
	figures := map[int64]*store.StackFigures{}
	figure := func(tool, amountField, label string, limit float64, cost bool) {
		choice, amount := f.Get(tool), f.Get(amountField)
		if choice == "" {
			if amount != "" {
				f.fail(tool, "Choose the tool these "+label+" are for.")
			}
			return
		}
		v := f.decimal(amountField, label, true, limit)
		id, have := existing[choice]
		at, added := newAt[choice]
		switch {
		case have:
			fg := figures[id]
			if fg == nil {
				fg = &store.StackFigures{ID: id}
				figures[id] = fg
			}
			if cost {
				fg.MonthlyCost = &v
			} else {
				fg.SupportHours = &v
			}
		case added:
			if cost {
				items[at].MonthlyCost = v
			} else {
				items[at].SupportHoursPerMonth = v
			}
		default:
			f.fail(tool, "Tick this tool above first: only the tools in use have figures.")
		}
	}
	for n := 1; n <= 2; n++ {
		ns := strconv.Itoa(n)
		figure("cost"+ns+"_tool", "cost"+ns+"_amount", "Monthly cost", roadmap.MaxMonthlyCost, true)
		figure("support"+ns+"_tool", "support"+ns+"_hours", "Support hours a month", roadmap.MaxSupportHours, false)
	}
	for n := 1; n <= 2; n++ {
		ns := strconv.Itoa(n)
		for _, kind := range []string{"cost", "support"} {
			if c := f.Get(kind + ns + "_tool"); n == 2 && c != "" && c == f.Get(kind+"1_tool") {
				f.fail(kind+ns+"_tool", "Choose a different tool from the first.")
			}
		}
	}
	var findings []roadmap.Finding
	for n := 1; n <= startDebtRows; n++ {
		p := "debt" + strconv.Itoa(n) + "_"
		if f.Get(p+"title") == "" && f.Get(p+"severity") == "" && f.Get(p+"effort") == "" {
			continue
		}
		sev, _ := strconv.Atoi(f.Get(p + "severity"))
		fd := roadmap.Finding{Kind: roadmap.FindingDebt, Title: f.Get(p + "title"), Severity: sev, Effort: roadmap.Effort(f.Get(p + "effort"))}.WithDefaults()
		for k, msg := range fd.Validate() {
			f.fail(p+k, msg)
		}
		findings = append(findings, fd)
	}
	return f, func() error {
		org := currentOrg(r.Context())
		fs := make([]store.StackFigures, 0, len(figures))
		for _, fg := range figures {
			fs = append(fs, *fg)
		}
		return s.store.SaveStartStack(s.audited(r, "start.stack_saved", plural(len(items), "tool", "tools")+" added, "+plural(len(findings), "finding", "findings")),
			org.ID, items, fs, findings)
	}
}

// startPractices reads the practices checklist: a status per practice.
func (s *Server) startPractices(r *http.Request) (form, func() error) {
	fields := make([]string, 0, len(roadmap.PracticeCatalog))
	for _, p := range roadmap.PracticeCatalog {
		fields = append(fields, "p_"+p.Key)
	}
	f := newForm(r, fields...)
	statuses := map[string]roadmap.PracticeStatus{}
	for _, p := range roadmap.PracticeCatalog {
		st := roadmap.PracticeStatus(f.Get("p_" + p.Key))
		if !st.Valid() {
			f.fail("p_"+p.Key, "Choose where you stand: "+orList(practiceStatusWords())+".")
			continue
		}
		statuses[p.Key] = st
	}
	return f, func() error {
		ctx := r.Context()
		org, me := currentOrg(ctx), currentUser(ctx)
		return s.store.SetPracticeStatuses(s.audited(r, "start.practices_saved", plural(len(statuses), "practice", "practices")), org.ID, &me.ID, statuses)
	}
}

func practiceStatusWords() []string {
	out := make([]string, len(roadmap.PracticeStatuses))
	for i, c := range roadmap.PracticeStatuses {
		out[i] = strings.ToLower(c.Label)
	}
	return out
}

// startMaturity reads the maturity screen's four answers into the draft of
// the maturity assessment, keeping the draft's other answers: the domain
// scores only a complete questionnaire, so the full questionnaire
// completes it.
func (s *Server) startMaturity(r *http.Request, st store.StartState) (form, func() error) {
	f := newForm(r, startQuestions...)
	answers := roadmap.MaturityAnswers{}
	version := 0
	if d := st.Maturity.Draft; d != nil {
		for k, v := range d.Answers {
			answers[k] = v
		}
		version = d.Version
	}
	for _, k := range startQuestions {
		n, err := strconv.Atoi(f.Get(k))
		switch {
		case f.Get(k) == "":
			f.fail(k, roadmap.MsgUnansweredQuestion)
		case err != nil || n < roadmap.MinMaturityLevel || n > roadmap.MaxMaturityLevel:
			f.fail(k, roadmap.MsgLevelRange)
		default:
			answers[k] = n
		}
	}
	f.merge(answers.Validate(false))
	return f, func() error {
		ctx := r.Context()
		org, me := currentOrg(ctx), currentUser(ctx)
		_, err := s.store.SaveDraft(s.audited(r, "maturity.draft_saved", plural(len(answers), "answer", "answers")), org.ID, &me.ID, version, answers)
		return err
	}
}

// startSkills reads the invitations (email and job role per row; empty
// rows are skipped) and creates them all or none, through the team page's
// rules: members by email, the rate limit, the invitation email.
func (s *Server) startSkills(r *http.Request) (form, func() error) {
	var fields []string
	for n := 1; n <= startInviteRows; n++ {
		fields = append(fields, "invite"+strconv.Itoa(n)+"_email", "invite"+strconv.Itoa(n)+"_job_role")
	}
	f := newForm(r, fields...)
	var ins []roadmap.Invitation
	var rows []string
	seen := map[string]bool{}
	for n := 1; n <= startInviteRows; n++ {
		p := "invite" + strconv.Itoa(n) + "_"
		if f.Get(p+"email") == "" && f.Get(p+"job_role") == "" {
			continue
		}
		in := roadmap.Invitation{Email: roadmap.NormalizeEmail(f.Get(p + "email")), Role: roadmap.RoleMember, JobRole: roadmap.ParseJobRole(f.Get(p + "job_role"))}
		f.Values[p+"email"] = in.Email
		for k, msg := range in.Validate() {
			f.fail(p+k, msg)
		}
		if seen[in.Email] {
			f.fail(p+"email", "This email is already in the list above.")
		}
		seen[in.Email] = true
		ins, rows = append(ins, in), append(rows, p)
	}
	return f, func() error {
		if len(ins) == 0 {
			return nil // skipped
		}
		ctx := r.Context()
		org, me := currentOrg(ctx), currentUser(ctx)
		for i, in := range ins {
			if !s.takeInvitation(r, org.ID, in.Email) {
				f.fail(rows[i]+"email", "Too many invitations in the last hour. Please try again later.")
				return nil
			}
		}
		news := make([]store.NewInvitation, len(ins))
		links := make([]string, len(ins))
		for i, in := range ins {
			nonce := newNonce()
			links[i] = s.emailedInvitationLink(nonce, in.Email)
			news[i] = store.NewInvitation{Email: in.Email, Role: in.Role, JobRole: in.JobRole, Nonce: nonce,
				TokenHash: store.HashToken(s.invitationToken(nonce)), InvitedBy: me.ID, SentAt: s.now(), ExpiresAt: s.now().Add(s.cfg.InvitationTTL)}
		}
		invs, failed, err := s.store.CreateInvitations(s.audited(r, "start.invited", plural(len(ins), "invitation", "invitations")), org.ID, news)
		switch {
		case errors.Is(err, store.ErrAlreadyMember):
			f.fail(rows[failed]+"email", ins[failed].Email+" is already a member of "+org.Name+".")
			return nil
		case errors.Is(err, store.ErrAlreadyInvited):
			f.fail(rows[failed]+"email", ins[failed].Email+" already has a pending invitation.")
			return nil
		case err != nil:
			return err
		}
		sent := 0
		for i, inv := range invs {
			if err := s.sendInvitation(ctx, org, me, inv.Role, inv.Email, links[i], inv.ExpiresAt); err != nil {
				s.log.Warn("invitation email not sent", "err", err)
				continue
			}
			sent++
		}
		if sent < len(invs) {
			s.flash(r, "error", "Some invitation emails could not be sent: copy their links on the team page and share them yourself.")
		} else {
			s.flash(r, "success", plural(sent, "invitation", "invitations")+" sent.")
		}
		return nil
	}
}

// startSummaryOf is the roadmap's panel after the quick assessment: the
// plan's size, its three best quick wins and the step pages whose data
// would change it most (what the quick assessment skipped or answered
// coarsely), from the data the roadmap page already read.
func startSummaryOf(slug string, d roadmapData) *web.StartSummary {
	sum := &web.StartSummary{Count: len(d.Plan.Items)}
	wins := slices.Clone(d.Plan.Items)
	slices.SortStableFunc(wins, func(a, b roadmap.PlanItem) int { return cmpDesc(a.Score.WSJF, b.Score.WSJF) })
	for _, it := range wins {
		if it.Quadrant == roadmap.QuadrantQuickWin && len(sum.QuickWins) < 3 {
			sum.QuickWins = append(sum.QuickWins, web.Link{Label: it.Title, Href: "#" + web.InitiativeAnchor(it.Key)})
		}
	}
	snap := d.Snap
	add := func(label, why string, elems ...string) {
		sum.Refine = append(sum.Refine, web.StartRefine{Label: label, Href: web.OrgPath(slug, elems...), Why: why})
	}
	if snap.Maturity == nil {
		add("Complete the maturity questionnaire", "the roadmap scores maturity risks from a completed assessment only", "maturity", "questionnaire")
	}
	if len(snap.Skills.Ratings) == 0 {
		add("Map the team's skills", "skill gaps and single points of knowledge become initiatives once members rate themselves", "skills")
	}
	if k := snap.KPI; k == nil {
		add("Record DORA KPIs", "delivery initiatives come from the metrics", "kpis", "new")
	} else if k.DeploymentFrequencyAnswer != nil || k.LeadTimeAnswer != nil || k.RecoveryTimeAnswer != nil {
		add("Record exact DORA numbers", "answer buckets place you in a tier; exact numbers sharpen it and set targets", "kpis", "new")
	}
	unpriced := 0
	for _, it := range snap.Stack {
		if it.MonthlyCost == 0 && it.SupportHoursPerMonth == 0 {
			unpriced++
		}
	}
	switch {
	case len(snap.Stack) == 0:
		add("Audit the tech stack", "costly and hard-to-support tools become initiatives", "stack")
	case unpriced > 0:
		add("Add costs and support hours", plural(unpriced, "tool has", "tools have")+" no figures yet, so they cannot be weighed", "stack")
	}
	if snap.Practices == nil {
		add("Review the infrastructure practices", "practices not in place become initiatives", "infrastructure")
	}
	return sum
}

// stepsEmpty reports whether none of the four steps holds anything yet:
// the dashboard then offers the quick assessment and the sample
// organization.
func stepsEmpty(rs store.RoadmapSnapshot) bool {
	return len(rs.Stack) == 0 && len(rs.Findings) == 0 && len(rs.Skills.Ratings) == 0 && rs.KPI == nil &&
		len(rs.Practices) == 0 && len(rs.Maturity.Completed) == 0 && rs.Maturity.Draft == nil
}
