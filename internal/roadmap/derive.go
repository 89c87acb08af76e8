package roadmap

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// StackEntry is a stack item with its stored id (evidence links to it).
type StackEntry struct {
	ID int64
	StackItem
}

// FindingEntry is a finding with its stored id.
type FindingEntry struct {
	ID int64
	Finding
}

// OrgSnapshot is everything the roadmap is derived from: the four steps'
// data as the domain types hold it. The zero value is an empty
// organization (and derives an empty roadmap).
type OrgSnapshot struct {
	// TeamSize is the engineering team (step 1's considerations); 0 falls
	// back to the skills matrix's member count, and the plan assumes at
	// least one engineer.
	TeamSize int
	// PlannedTeamSize is the team planned in 12 months (0: not known); the
	// capacity verdict tells what it would change.
	PlannedTeamSize int
	// ImprovementShare is the share of the team's time for improvement
	// work, 0 to 1 (0 or less: DefaultImprovementShare).
	ImprovementShare float64
	Stack            []StackEntry
	Findings         []FindingEntry
	Skills           SkillInput
	KPI              *Snapshot // the latest KPI snapshot (nil: none yet)
	Targets          []Target
	// Practices are step 3's statuses by practice key; a key missing is
	// not started. nil means step 3 was never opened: no practice
	// initiatives, since "not started" would be a guess.
	Practices map[string]PracticeStatus
	Maturity  *MaturityResult // the latest completed assessment (nil: none yet)
}

// Engineers is the team size the plan uses (see TeamSize).
func (s OrgSnapshot) Engineers() int {
	if s.TeamSize > 0 {
		return s.TeamSize
	}
	return max(len(s.Skills.Members), 1)
}

// Share is the improvement share the plan uses.
func (s OrgSnapshot) Share() float64 {
	if s.ImprovementShare > 0 && s.ImprovementShare <= 1 {
		return s.ImprovementShare
	}
	return DefaultImprovementShare
}

// RefKind is what a piece of evidence points at.
type RefKind string

// The kinds of reference. ID is set for findings and stack items, Key for
// the rest (skill key, metric key, practice key, question key, dimension).
const (
	RefFinding   RefKind = "finding"
	RefStackItem RefKind = "stack_item"
	RefSkill     RefKind = "skill"
	RefMetric    RefKind = "metric"
	RefPractice  RefKind = "practice"
	RefAnswer    RefKind = "answer"     // a maturity question whose answer is a risk
	RefBlindSpot RefKind = "blind_spot" // a maturity question the leader and the team see differently
	RefDimension RefKind = "dimension"
)

// Ref is the thing a piece of evidence was produced by.
type Ref struct {
	Kind RefKind
	ID   int64
	Key  string
}

// Evidence is one reason for an initiative: a sentence and what it is about.
type Evidence struct {
	Text string
	Ref  Ref
}

// InitiativeCategory is the kind of work an initiative is.
type InitiativeCategory string

// The categories.
const (
	InitiativeTechDebt    InitiativeCategory = "tech_debt"
	InitiativeOpportunity InitiativeCategory = "opportunity"
	InitiativeStack       InitiativeCategory = "stack"
	InitiativeSkills      InitiativeCategory = "skills"
	InitiativeAutomation  InitiativeCategory = "automation"
	InitiativeScaling     InitiativeCategory = "scaling"
	InitiativeMonitoring  InitiativeCategory = "monitoring"
	InitiativeDelivery    InitiativeCategory = "delivery"
	InitiativeCulture     InitiativeCategory = "culture"
)

// InitiativeCategories are the categories in the order filters list them.
var InitiativeCategories = []Choice[InitiativeCategory]{
	{InitiativeTechDebt, "Tech debt"},
	{InitiativeOpportunity, "Opportunity"},
	{InitiativeStack, "Stack"},
	{InitiativeSkills, "Skills"},
	{InitiativeAutomation, "Automation"},
	{InitiativeScaling, "Scaling"},
	{InitiativeMonitoring, "Monitoring"},
	{InitiativeDelivery, "Delivery"},
	{InitiativeCulture, "Culture and ways of working"},
}

// Label is the category as people read it.
func (c InitiativeCategory) Label() string { return labelOf(InitiativeCategories, c) }

// The measures an initiative may move besides the five DORA metrics (whose
// keys are Metric's).
const (
	KPIStackCost     = "stack_cost"
	KPISupportHours  = "support_hours"
	KPISkillCoverage = "skill_coverage"
	KPIBusFactor     = "bus_factor"
	KPIMaturity      = "maturity"
)

// kpiOrder is the order an initiative lists its KPIs in.
var kpiOrder = []string{
	string(MetricDeploymentFrequency), string(MetricLeadTime), string(MetricRecoveryTime),
	string(MetricChangeFailureRate), string(MetricReworkRate),
	KPIStackCost, KPISupportHours, KPISkillCoverage, KPIBusFactor, KPIMaturity,
}

// The rules, the first part of an initiative's key (the second is the
// subject: an id or a catalog key).
const (
	RuleFinding    = "finding"
	RuleStack      = "stack"
	RuleSkill      = "skill"
	RulePractice   = "practice"
	RuleCapability = "capability"
	RuleAnswer     = "answer"
	RuleMetric     = "metric"
	RuleDimension  = "dimension"
	RuleBlindSpot  = "blind_spot"
)

// InitiativeKey is the stable key of a rule's initiative about subject.
func InitiativeKey(rule, subject string) string { return rule + ":" + subject }

// Initiative is one derived piece of improvement work.
type Initiative struct {
	Key         string // rule:subject, stable across derivations (decisions are stored by it)
	Title       string
	Category    InitiativeCategory
	Evidence    []Evidence // at least one
	KPIs        []string   // metric keys and the KPI* measures, in kpiOrder
	Impact      Impact
	Effort      Effort
	PersonWeeks float64
	Score       Score
	Quadrant    Quadrant
	DependsOn   []string // keys of initiatives of the same roadmap to do first
	Phase       Phase
	Quarter     int    // 0 is the plan's first quarter
	QuarterName string // "2027 Q1"

	signals   []signal
	titlePrio int
}

// note adds a piece of evidence with what it says about the cost of delay,
// the title it suggests (the strongest suggestion wins, the first on a
// tie) and the effort it implies (the largest wins).
func (it *Initiative) note(ev Evidence, sig signal, title string, prio int, e Effort) {
	it.Evidence = append(it.Evidence, ev)
	it.signals = append(it.signals, sig)
	if title != "" && (it.Title == "" || prio > it.titlePrio) {
		it.Title, it.titlePrio = title, prio
	}
	if e.Valid() && (!it.Effort.Valid() || e.Rank() > it.Effort.Rank()) {
		it.Effort = e
	}
}

// moves adds KPIs the initiative is expected to move.
func (it *Initiative) moves(kpis ...string) {
	for _, k := range kpis {
		if !slices.Contains(it.KPIs, k) {
			it.KPIs = append(it.KPIs, k)
		}
	}
}

// deriver collects initiatives by key in the order they first appear.
type deriver struct {
	byKey map[string]*Initiative
	list  []*Initiative
}

func (d *deriver) get(rule, subject string, cat InitiativeCategory) *Initiative {
	key := InitiativeKey(rule, subject)
	if it, ok := d.byKey[key]; ok {
		return it
	}
	it := &Initiative{Key: key, Category: cat}
	d.byKey[key] = it
	d.list = append(d.list, it)
	return it
}

// Derive turns an organization's snapshot into its roadmap: initiatives in
// priority order (see comparePriority), scored, placed on the grid and
// scheduled into quarters from now's. Pure and deterministic: the same
// snapshot and now give the same roadmap. It is BuildPlan without
// decisions.
func Derive(s OrgSnapshot, now time.Time) []Initiative {
	out := initiatives(s, now)
	Schedule(out, QuarterCapacity(s.Engineers(), s.Share()))
	first := PlanStart(now)
	for i := range out {
		out[i].Phase = PhaseOf(out[i].Quarter)
		out[i].QuarterName = QuarterName(first, out[i].Quarter)
	}
	return out
}

// initiatives are the derived initiatives, scored and in priority order,
// not yet scheduled.
func initiatives(s OrgSnapshot, now time.Time) []Initiative {
	d := &deriver{byKey: map[string]*Initiative{}}
	d.findings(s)
	d.stack(s)
	d.skills(s, now)
	d.metrics(s)
	d.practices(s)
	d.maturity(s)
	d.dependencies(s)

	out := make([]Initiative, len(d.list))
	for i, it := range d.list {
		if !it.Effort.Valid() {
			it.Effort = EffortM
		}
		it.PersonWeeks = it.Effort.PersonWeeks()
		it.Score = scoreOf(it.signals, it.Effort)
		it.Impact = ImpactOf(it.Score.CostOfDelay)
		it.Quadrant = QuadrantFor(it.Score, it.Effort)
		slices.SortStableFunc(it.KPIs, func(a, b string) int {
			return cmp.Compare(slices.Index(kpiOrder, a), slices.Index(kpiOrder, b))
		})
		it.signals, it.titlePrio = nil, 0
		out[i] = *it
	}
	slices.SortFunc(out, func(a, b Initiative) int { return comparePriority(&a, &b) })
	return out
}

// Finding scores: a debt's severity says how much risk fixing it removes
// and how fast it grows; an opportunity's "severity" is its value.
var (
	debtSignals        = map[int]signal{1: {2, 1, 2}, 2: {3, 2, 5}, 3: {5, 5, 8}, 4: {5, 8, 13}}
	opportunitySignals = map[int]signal{1: {3, 1, 1}, 2: {5, 2, 1}, 3: {8, 3, 2}, 4: {13, 5, 2}}
)

func (d *deriver) findings(s OrgSnapshot) {
	names := make(map[int64]string, len(s.Stack))
	for _, e := range s.Stack {
		names[e.ID] = e.Name
	}
	for _, f := range s.Findings {
		if f.WithDefaults().Status != FindingOpen {
			continue
		}
		on := ""
		if f.StackItemID != nil && names[*f.StackItemID] != "" {
			on = " in " + names[*f.StackItemID]
		}
		ref := Ref{Kind: RefFinding, ID: f.ID}
		sev := strings.ToLower(SeverityLabel(f.Severity))
		if sev == "" {
			sev = "unrated"
		}
		effort := "effort " + f.Effort.Label()
		if !f.Effort.Valid() {
			effort = "effort not estimated"
		}
		if f.Kind == FindingOpportunity {
			it := d.get(RuleFinding, strconv.FormatInt(f.ID, 10), InitiativeOpportunity)
			it.note(Evidence{"“" + f.Title + "” is an open growth opportunity" + on + " of " + sev + " value, " + effort + ".", ref},
				opportunitySignals[min(max(f.Severity, 1), 4)], f.Title, 1, f.Effort)
			continue
		}
		it := d.get(RuleFinding, strconv.FormatInt(f.ID, 10), InitiativeTechDebt)
		it.note(Evidence{"“" + f.Title + "” is open tech debt" + on + " of " + sev + " severity, " + effort + ".", ref},
			debtSignals[min(max(f.Severity, 1), 4)], f.Title, 1, f.Effort)
		it.moves(string(MetricLeadTime)) // debt slows every change that touches it
	}
}

// The stack rules' thresholds.
const (
	// SupportHeavyHours is the monthly support time from which a tool
	// always gets an initiative (the top ConsiderationTopN do anyway).
	SupportHeavyHours = 20
	// SupportFloorHours is the least monthly support time that puts a tool
	// among the top ConsiderationTopN at all: a working day a month (five
	// hours on the only tool that needs any is no burden to plan for).
	SupportFloorHours = 8
	// CostlyShare is the share of the stack's monthly cost from which one
	// of the ConsiderationTopN most expensive tools counts as costly.
	CostlyShare = 0.25
)

func (d *deriver) stack(s OrgSnapshot) {
	items := make([]StackItem, len(s.Stack))
	for i, e := range s.Stack {
		items[i] = e.StackItem
	}
	total := TotalMonthlyCost(items)
	type reason struct {
		ev    string
		sig   signal
		title string
		prio  int
		e     Effort
		kpi   string
	}
	reasons := make([][]reason, len(items))

	byCost := make([]int, 0, len(items))
	for i, it := range items {
		if it.MonthlyCost > 0 {
			byCost = append(byCost, i)
		}
	}
	slices.SortStableFunc(byCost, func(a, b int) int {
		return cmp.Or(-cmp.Compare(items[a].MonthlyCost, items[b].MonthlyCost), strings.Compare(items[a].Name, items[b].Name))
	})
	for _, i := range head(byCost, ConsiderationTopN) {
		it := items[i]
		if it.MonthlyCost < CostlyShare*total {
			continue
		}
		reasons[i] = append(reasons[i], reason{
			it.Name + " costs " + money(it.MonthlyCost) + " a month, " + percent(it.MonthlyCost/total) + " of the stack's " + money(total) + ".",
			signal{8, 3, 3}, "Cut the cost of " + it.Name, 2, EffortS, KPIStackCost})
	}
	for _, i := range WorstCostScaling(items, ConsiderationTopN) {
		it := items[i]
		if it.CostScaling != CostSuperlinear || it.MonthlyCost <= 0 {
			continue
		}
		reasons[i] = append(reasons[i], reason{
			it.Name + " is usage-priced, so its cost grows faster than the team: " + money(it.MonthlyCost) + " a month today, about " +
				money(it.MonthlyCost*CostFactor(CostSuperlinear, 2)) + " at twice the team.",
			signal{5, 8, 5}, "Contain the usage-priced cost of " + it.Name, 3, EffortM, KPIStackCost})
	}
	top := MostSupportHours(items, ConsiderationTopN)
	for i, it := range items {
		if it.SupportHoursPerMonth < SupportFloorHours || it.SupportHoursPerMonth < SupportHeavyHours && !slices.Contains(top, i) {
			continue
		}
		sig := signal{5, 3, 5}
		if it.SupportHoursPerMonth >= 2*SupportHeavyHours {
			sig = signal{8, 5, 5}
		}
		reasons[i] = append(reasons[i], reason{
			it.Name + " takes " + number(it.SupportHoursPerMonth) + " hours of support a month (" + number(SupportFTE(it.SupportHoursPerMonth)) + " of a full-time engineer).",
			sig, "Cut the support time " + it.Name + " takes", 1, EffortM, KPISupportHours})
	}
	for _, i := range OnHoldOrRetire(items) {
		it := items[i]
		kpi := ""
		if it.MonthlyCost > 0 {
			kpi = KPIStackCost // its bill goes when it goes
		}
		r := reason{it.Name + " is on hold in the radar: no new work should build on it, and what does needs a way off it.",
			signal{3, 5, 8}, "Plan the move off " + it.Name, 4, EffortL, kpi}
		if it.Lifecycle == LifecycleRetire {
			r = reason{it.Name + " is marked for retirement in the radar: it still runs and still needs replacing.",
				signal{3, 8, 8}, "Retire " + it.Name, 5, EffortL, kpi}
		}
		reasons[i] = append(reasons[i], r)
	}
	for i, rs := range reasons {
		if len(rs) == 0 {
			continue
		}
		e := s.Stack[i]
		it := d.get(RuleStack, strconv.FormatInt(e.ID, 10), InitiativeStack)
		for _, r := range rs {
			it.note(Evidence{r.ev, Ref{Kind: RefStackItem, ID: e.ID}}, r.sig, r.title, r.prio, r.e)
			if r.kpi != "" {
				it.moves(r.kpi)
			}
		}
	}
}

func (d *deriver) skills(s OrgSnapshot, now time.Time) {
	if len(s.Skills.Skills) == 0 {
		return
	}
	a := AnalyzeSkills(s.Skills, now)
	for _, g := range a.BiggestGaps {
		ref := Ref{Kind: RefSkill, Key: g.Skill.Key}
		it := d.get(RuleSkill, g.Skill.Key, InitiativeSkills)
		who := strconv.Itoa(g.Gapped) + " members are"
		if g.Gapped == 1 {
			who = "1 member is"
		}
		text := who + " below the level their role requires in " + g.Skill.Name + " (" + plural(g.TotalGap, "level", "levels") + " short in all)"
		switch g.Suggestion {
		case SuggestHiring:
			it.note(Evidence{text + "; nobody on the team is within two levels of " + SkillLevelLabel(g.Required) + ", so it takes a hire.", ref},
				signal{8, 5, 8}, "Hire for “"+g.Skill.Name+"”", 3, EffortL)
		case SuggestTrainingOrHiring:
			it.note(Evidence{text + "; nobody is one step away and nobody can teach it, so training needs outside help, or a hire.", ref},
				signal{5, 5, 5}, "Train or hire for “"+g.Skill.Name+"”", 2, EffortL)
		default:
			it.note(Evidence{text + "; someone is a step of training away or a colleague can teach it.", ref},
				signal{5, 3, 5}, "Train the team in “"+g.Skill.Name+"”", 1, EffortM)
		}
		it.moves(KPISkillCoverage)
	}
	for _, st := range a.Risks {
		ref := Ref{Kind: RefSkill, Key: st.Skill.Key}
		switch st.Risk {
		case RiskSinglePointOfFail:
			it := d.get(RuleSkill, st.Skill.Key, InitiativeSkills)
			it.note(Evidence{"Only one person practises " + st.Skill.Name + " at " + strings.ToLower(SkillLevelLabel(BusFactorLevel)) +
				" level or above: a bus factor of 1.", ref}, signal{3, 5, 13}, "Spread “"+st.Skill.Name+"” beyond one person", 0, EffortS)
			it.moves(KPIBusFactor)
		case RiskNobody:
			if st.Requiring == 0 {
				continue // a skill nobody's role needs is not a risk to plan for
			}
			it := d.get(RuleSkill, st.Skill.Key, InitiativeSkills)
			it.note(Evidence{"Nobody practises " + st.Skill.Name + " at " + strings.ToLower(SkillLevelLabel(BusFactorLevel)) +
				" level, though " + plural(st.Requiring, "member's role requires", "members' roles require") + " it.", ref},
				signal{5, 5, 13}, "Build “"+st.Skill.Name+"” on the team", 0, EffortL)
			it.moves(KPIBusFactor)
		}
	}
}

func (d *deriver) metrics(s OrgSnapshot) {
	if s.KPI == nil {
		return
	}
	ev := s.KPI.Evaluate()
	for _, c := range Metrics {
		r := ev.Metric(c.Key)
		if !r.Given {
			continue
		}
		var why []string
		sig := signal{}
		switch r.Tier {
		case TierLow:
			why, sig = append(why, "in the low tier"), signal{8, 8, 3}
		case TierMedium:
			why, sig = append(why, "in the medium tier"), signal{5, 5, 2}
		}
		for _, t := range s.Targets {
			if t.Metric == c.Key && t.Met(r) == TargetNotMet {
				why = append(why, "short of its target of "+targetText(t))
				sig.value, sig.time = max(sig.value, 5), max(sig.time, 5)
			}
		}
		if len(why) == 0 {
			continue
		}
		if !c.Key.Throughput() {
			sig.risk = 8 // instability is risk: failures reach users
		}
		text := c.Label + " is " + r.Label() + ", " + strings.Join(why, " and ")
		ref := Ref{Kind: RefMetric, Key: string(c.Key)}
		if s.Practices == nil {
			// Step 3 never opened: which practices are missing is unknown,
			// so the metric is its own initiative rather than a guess at
			// every practice that moves it.
			it := d.get(RuleMetric, string(c.Key), InitiativeDelivery)
			it.note(Evidence{text + ". Record which practices are in place (step 3) to see which of them would move it.", ref},
				sig, "Find what holds back "+lowerFirst(c.Label), 0, EffortM)
			it.moves(string(c.Key))
			continue
		}
		found := false
		for _, p := range PracticeCatalog {
			if s.Practices[p.Key].Rank() >= PracticeMostly.Rank() {
				continue
			}
			for _, m := range p.Moves {
				if m.Metric == string(c.Key) {
					it := d.practice(p)
					it.note(Evidence{text + ": " + lowerFirst(m.Why), ref}, sig, "", 0, practiceEffort(p.Key, s.Practices[p.Key]))
					found = true
				}
			}
		}
		if !found {
			it := d.get(RuleMetric, string(c.Key), InitiativeDelivery)
			it.note(Evidence{text + ", though every practice that moves it is at least mostly in place: find what holds it back.", ref},
				sig, "Find what holds back "+lowerFirst(c.Label), 0, EffortM)
			it.moves(string(c.Key))
		}
	}
}

// targetText is a target as a sentence says it.
func targetText(t Target) string {
	if t.Value == nil {
		return "the " + strings.ToLower(t.Tier.Label()) + " tier"
	}
	if t.Metric.HigherIsBetter() {
		return "at least " + FormatKPIValue(t.Metric, *t.Value)
	}
	return "at most " + FormatKPIValue(t.Metric, *t.Value)
}

// practiceActions are the practices' initiative titles, said as work to do.
var practiceActions = map[string]string{
	"ci":                         "Set up continuous integration on every change",
	"test_automation":            "Automate tests in the pipeline",
	"continuous_delivery":        "Move to continuous delivery",
	"deployment_automation":      "Automate deployments",
	"infrastructure_as_code":     "Describe the infrastructure as code",
	"configuration_management":   "Manage configuration in version control",
	"automated_rollback":         "Automate rollback",
	"secrets_management":         "Move secrets into a secrets manager",
	"database_change_management": "Version and automate database changes",
	"containers":                 "Containerize the services",
	"stateless_services":         "Make the services stateless",
	"load_balancing":             "Load-balance with health checks",
	"container_orchestration":    "Orchestrate the containers",
	"horizontal_autoscaling":     "Autoscale horizontally",
	"capacity_planning":          "Plan capacity ahead of load",
	"cost_aware_scaling":         "Make scaling cost-aware",
	"metrics":                    "Collect service metrics",
	"centralized_logs":           "Centralize structured logs",
	"tracing":                    "Trace requests across services",
	"symptom_alerting":           "Alert on symptoms users feel",
	"slos":                       "Agree SLOs and error budgets",
	"on_call_runbooks":           "Organize on-call with runbooks",
	"dashboards":                 "Build service and business dashboards",
}

// practiceEfforts are the practices' efforts from not started (a partly
// done practice is one step smaller).
var practiceEfforts = map[string]Effort{
	"ci": EffortM, "test_automation": EffortL, "continuous_delivery": EffortL, "deployment_automation": EffortM,
	"infrastructure_as_code": EffortL, "configuration_management": EffortM, "automated_rollback": EffortM,
	"secrets_management": EffortS, "database_change_management": EffortM,
	"containers": EffortM, "stateless_services": EffortL, "load_balancing": EffortS, "container_orchestration": EffortXL,
	"horizontal_autoscaling": EffortM, "capacity_planning": EffortS, "cost_aware_scaling": EffortS,
	"metrics": EffortM, "centralized_logs": EffortM, "tracing": EffortM, "symptom_alerting": EffortS,
	"slos": EffortM, "on_call_runbooks": EffortS, "dashboards": EffortS,
}

// practiceEffort is what is left of a practice's effort at status st:
// each status step past not started takes a step off (a practice mostly in
// place that an answer still flags needs a touch-up, not a project).
func practiceEffort(key string, st PracticeStatus) Effort {
	e := cmp.Or(practiceEfforts[key], EffortM)
	for range st.Rank() {
		e = e.smaller()
	}
	return e
}

// practice is the initiative of a catalog practice (created empty: the
// caller notes its evidence).
func (d *deriver) practice(p Practice) *Initiative {
	cat := map[PracticeGroup]InitiativeCategory{GroupAutomation: InitiativeAutomation, GroupScaling: InitiativeScaling, GroupMonitoring: InitiativeMonitoring}[p.Group]
	it := d.get(RulePractice, p.Key, cat)
	if it.Title == "" {
		it.Title, it.titlePrio = cmp.Or(practiceActions[p.Key], "Put "+lowerFirst(p.Title)+" in place"), 100
		for _, m := range p.Moves {
			it.moves(m.Metric)
		}
	}
	return it
}

func (d *deriver) practices(s OrgSnapshot) {
	if s.Practices == nil {
		return
	}
	for _, p := range PracticeCatalog {
		st := s.Practices[p.Key]
		if st.Rank() >= PracticeMostly.Rank() {
			continue
		}
		e := practiceEffort(p.Key, st)
		text, sig := p.Title+" is not started. "+p.Matters, signal{3, 2, 3}
		if st == PracticePartial {
			text, sig = p.Title+" is only partly in place. "+p.Matters, signal{2, 2, 2}
		}
		d.practice(p).note(Evidence{text, Ref{Kind: RefPractice, Key: p.Key}}, sig, "", 0, e)
	}
}

// capabilityActions are the initiative titles of the DORA capabilities the
// maturity rules point to without a practice.
var capabilityActions = map[string]string{
	"generative-organizational-culture": "Make incident reviews blameless and bad news welcome",
	"transformational-leadership":       "Give risks a standing place in planning",
	"learning-culture":                  "Protect time for learning and improvement",
	"team-experimentation":              "Let teams run small experiments",
	"pervasive-security":                "Build security into delivery",
	"loosely-coupled-teams":             "Organize long-lived teams around products",
	"streamlining-change-approval":      "Streamline change approval",
	"working-in-small-batches":          "Work in small, visible batches",
	"wip-limits":                        "Limit work in progress",
	"documentation-quality":             "Document the critical systems",
	"customer-feedback":                 "Plan with the business and users' feedback",
}

// dimensionActions are the titles of the weakest dimension's initiative.
var dimensionActions = map[Dimension]string{
	DimensionCulture:       "Strengthen the engineering culture",
	DimensionTechnology:    "Strengthen the technical foundations",
	DimensionStructure:     "Reshape how teams and work are organized",
	DimensionCollaboration: "Improve collaboration across functions",
}

// WeakDimensionScore is the score below which the weakest maturity
// dimension gets an initiative of its own (level 4, Measured, and above is
// fine-tuning, not a roadmap item).
const WeakDimensionScore = 4

func (d *deriver) maturity(s OrgSnapshot) {
	m := s.Maturity
	if m == nil {
		return
	}
	for _, r := range m.Risks {
		q, ok := MaturityQuestionByKey(r.Question)
		if !ok {
			continue
		}
		level := int(math.Round(r.Answer))
		text := "The maturity assessment answers “" + q.Text + "” at " + number(r.Answer) + " of 5 (“" + q.Option(level) + "”): " +
			strings.ToLower(r.Risk.Label()) + ". " + r.Improvement
		sig := signal{3, 3, 5}
		if r.Risk == RiskLevelHigh {
			sig = signal{5, 5, 13}
		}
		ev := Evidence{text, Ref{Kind: RefAnswer, Key: r.Question}}
		switch p, isPractice := PracticeByKey(r.Practice); {
		case isPractice:
			if st := s.Practices[p.Key]; st.Rank() >= PracticeMostly.Rank() {
				ev.Text += " (Step 3 has " + p.Title + " " + strings.ToLower(st.Label()) + " in place: the answer says it is not working yet.)"
			}
			d.practice(p).note(ev, sig, "", 0, practiceEffort(p.Key, s.Practices[p.Key]))
		case r.Capability != "":
			c, _ := CapabilityBySlug(r.Capability)
			it := d.get(RuleCapability, r.Capability, InitiativeCulture)
			it.note(ev, sig, cmp.Or(capabilityActions[r.Capability], "Work on "+lowerFirst(cmp.Or(c.Title, r.Capability))), 0, EffortM)
			it.moves(KPIMaturity)
		default:
			it := d.get(RuleAnswer, r.Question, InitiativeCulture)
			it.note(ev, sig, strings.TrimSuffix(r.Improvement, "."), 0, EffortM)
			it.moves(KPIMaturity)
		}
	}
	if w := m.Weakest(); w != "" {
		ds := m.Dimension(w)
		if ds.Score < WeakDimensionScore {
			sig := signal{3, 2, 3}
			switch {
			case ds.Score < 2:
				sig = signal{8, 5, 8}
			case ds.Score < 3:
				sig = signal{5, 3, 5}
			}
			it := d.get(RuleDimension, string(w), InitiativeCulture)
			it.note(Evidence{w.Label() + " is the weakest maturity dimension: " + number(ds.Score) + " of 5 (" +
				MaturityLevelName(min(max(int(ds.Score), 1), 5)) + "), from " + ds.Source.Label() + ".", Ref{Kind: RefDimension, Key: string(w)}},
				sig, dimensionActions[w], 0, EffortM)
			it.moves(KPIMaturity)
		}
	}
	for _, b := range m.BlindSpots {
		q, ok := MaturityQuestionByKey(b.Question)
		if !ok {
			continue
		}
		sees := "rosier"
		if b.Gap() < 0 {
			sees = "darker"
		}
		sig := signal{3, 2, 3}
		if math.Abs(b.Gap()) >= 3 {
			sig = signal{5, 2, 5}
		}
		it := d.get(RuleBlindSpot, b.Question, InitiativeCulture)
		it.note(Evidence{"To “" + q.Text + "” the assessment answers " + strconv.Itoa(b.Leader) + " of 5 but the team's median is " +
			number(b.TeamMedian) + ": the leadership sees it " + sees + " than the team does.", Ref{Kind: RefBlindSpot, Key: b.Question}},
			sig, "Talk through with the team: "+lowerFirst(strings.TrimSuffix(q.Text, "?")), 0, EffortXS)
		it.moves(KPIMaturity)
	}
}

// ruleOrder is the ordering between initiatives of different rules (or
// beyond the catalog's prerequisites): the key on the left waits for the
// keys on the right when both are on the roadmap. CI before CD, containers
// before orchestration and metrics before SLOs are the catalog's own
// prerequisites and repeated here so the rule stands even if the catalog
// is reworded.
var ruleOrder = map[string][]string{
	"practice:continuous_delivery":            {"practice:ci"},
	"practice:container_orchestration":        {"practice:containers"},
	"practice:slos":                           {"practice:metrics"},
	"capability:streamlining-change-approval": {"practice:ci", "practice:test_automation"},
}

// dependencies sets DependsOn: a practice's prerequisites, then ruleOrder,
// only where the other initiative is on the roadmap and, for a practice,
// not at least mostly in place.
func (d *deriver) dependencies(s OrgSnapshot) {
	for _, it := range d.list {
		if rule, subject, _ := strings.Cut(it.Key, ":"); rule == RulePractice {
			if p, ok := PracticeByKey(subject); ok {
				for _, dep := range p.DependsOn {
					if k := InitiativeKey(RulePractice, dep); d.byKey[k] != nil && s.Practices[dep].Rank() < PracticeMostly.Rank() {
						it.DependsOn = append(it.DependsOn, k)
					}
				}
			}
		}
		for _, k := range ruleOrder[it.Key] {
			if rule, subject, _ := strings.Cut(k, ":"); rule == RulePractice && s.Practices[subject].Rank() >= PracticeMostly.Rank() {
				continue // in place already: an answer that still flags it is no reason to wait
			}
			if d.byKey[k] != nil && !slices.Contains(it.DependsOn, k) {
				it.DependsOn = append(it.DependsOn, k)
			}
		}
	}
}

// money writes an amount of the organization's currency, whole.
func money(v float64) string { return groupThousands(math.Round(v)) }

// percent writes a share 0–1 as a whole percentage.
func percent(share float64) string { return strconv.Itoa(int(math.Round(share*100))) + " %" }

// number writes a quantity with at most two decimals ("2.5", "30").
func number(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

// plural writes n with the singular or plural phrase.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
