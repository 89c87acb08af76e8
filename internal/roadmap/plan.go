package roadmap

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Decisions: what people decided about the derived initiatives, and the
// initiatives they added by hand, applied to a derivation (BuildPlan).
// Decisions are stored by initiative key, apart from the derivation, so they
// survive re-deriving the roadmap from new data.

// Status is where an initiative stands.
type Status string

// The statuses, as stored and sent by the API.
const (
	StatusProposed   Status = "proposed"
	StatusAccepted   Status = "accepted"
	StatusInProgress Status = "in_progress"
	StatusDone       Status = "done"
	StatusDismissed  Status = "dismissed"
)

// Statuses are the statuses in the order a filter lists them.
var Statuses = []Choice[Status]{
	{StatusProposed, "Proposed"},
	{StatusAccepted, "Accepted"},
	{StatusInProgress, "In progress"},
	{StatusDone, "Done"},
	{StatusDismissed, "Dismissed"},
}

// Label is the status as people read it.
func (s Status) Label() string { return labelOf(Statuses, s) }

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool { return indexOf(Statuses, s) >= 0 }

// Committed reports whether the team has taken the initiative on (accepted,
// started or finished): the statuses that record the KPIs at acceptance.
func (s Status) Committed() bool {
	return s == StatusAccepted || s == StatusInProgress || s == StatusDone
}

// KPIValue is one measure's value at a moment: a number to compare (a DORA
// metric's 0–10 score, higher is better, since a Quick Check answer has no
// exact value; the amount for the other measures) and the words the page
// shows ("40 %", "1 day – 1 week").
type KPIValue struct {
	Value float64 `json:"value"`
	Text  string  `json:"text"`
}

// Decision is what people decided about one initiative.
type Decision struct {
	Key     string
	Status  Status // "" reads as proposed
	OwnerID int64  // a member's user id; 0: nobody
	Quarter string // an override of the schedule ("2027 Q2"); "": the schedule's quarter
	Notes   string
	// Title is the initiative's title when the decision was last saved, so
	// an initiative the data no longer derives can still be named.
	Title string
	// AtAcceptance are the values of the initiative's KPIs when it was
	// first committed to (accepted, started or done).
	AtAcceptance    map[string]KPIValue
	AcceptedAt      time.Time
	StatusChangedAt time.Time
	Version         int
	UpdatedAt       time.Time
}

// MaxNotes bounds a decision's and a hand-added initiative's notes.
const MaxNotes = 4000

// PlanHorizonQuarters bounds how far ahead a quarter may be chosen.
const PlanHorizonQuarters = 20

// Validate checks the decision's own fields at now (the owner is checked
// against the members by the caller, which knows them).
func (d Decision) Validate(now time.Time) FieldErrors {
	fe := FieldErrors{}
	if !d.Status.Valid() {
		fe.Add("status", "must be one of proposed, accepted, in_progress, done or dismissed")
	}
	validateQuarter(fe, "quarter", d.Quarter, now)
	fe.MultilineText("notes", "Notes", d.Notes, false, MaxNotes)
	return fe
}

// validateQuarter checks an optional quarter override: "YYYY Qn" from the
// plan's first quarter to PlanHorizonQuarters after it.
func validateQuarter(fe FieldErrors, field, q string, now time.Time) {
	if q == "" {
		return
	}
	start := PlanStart(now)
	i, ok := QuarterIndex(start, q)
	switch {
	case !ok:
		fe.Add(field, "must be a quarter such as “"+QuarterName(start, 1)+"”")
	case i < 0:
		fe.Add(field, "must be the plan's first quarter ("+QuarterName(start, 0)+") or later")
	case i >= PlanHorizonQuarters:
		fe.Add(field, "must be within five years (by "+QuarterName(start, PlanHorizonQuarters-1)+")")
	}
}

// QuarterIndex is the plan quarter (0 is start's) that name ("2027 Q1")
// denotes; ok is false when name is not a quarter.
func QuarterIndex(start time.Time, name string) (int, bool) {
	year, q, found := strings.Cut(name, " Q")
	y, err := strconv.Atoi(year)
	if !found || err != nil || len(year) != 4 || len(q) != 1 || q[0] < '1' || q[0] > '4' {
		return 0, false
	}
	n := int(q[0] - '0')
	return (y-start.Year())*4 + (n - 1) - (int(start.Month())-1)/3, true
}

// QuarterOf names the calendar quarter t falls in.
func QuarterOf(t time.Time) string {
	t = t.UTC()
	return strconv.Itoa(t.Year()) + " Q" + strconv.Itoa((int(t.Month())-1)/3+1)
}

// CustomInitiative is an initiative added by hand: work the data cannot
// see (a migration the business asked for, a compliance audit).
type CustomInitiative struct {
	ID       int64
	Title    string
	Category InitiativeCategory
	Effort   Effort
	Value    int    // user and business value on ScoreScale
	Quarter  string // optional, as Decision.Quarter
	Notes    string
	Version  int
}

// RuleCustom is the rule of hand-added initiatives (custom:<id>).
const RuleCustom = "custom"

// Validate checks a hand-added initiative at now.
func (c CustomInitiative) Validate(now time.Time) FieldErrors {
	fe := FieldErrors{}
	fe.Text("title", "Title", c.Title, true, 200)
	if indexOf(InitiativeCategories, c.Category) < 0 {
		fe.Add("category", "must be one of "+choiceList(InitiativeCategories))
	}
	if !c.Effort.Valid() {
		fe.Add("effort", "must be one of xs, s, m, l or xl")
	}
	if !slices.Contains(ScoreScale, c.Value) {
		fe.Add("value", "must be one of 1, 2, 3, 5, 8, 13 or 20")
	}
	validateQuarter(fe, "quarter", c.Quarter, now)
	fe.MultilineText("notes", "Notes", c.Notes, false, MaxNotes)
	return fe
}

// choiceList is the keys of c as a message lists them.
func choiceList[T ~string](c []Choice[T]) string {
	keys := make([]string, len(c))
	for i, ch := range c {
		keys[i] = string(ch.Key)
	}
	return strings.Join(keys[:len(keys)-1], ", ") + " or " + keys[len(keys)-1]
}

// initiative is the hand-added initiative as the plan schedules it: its
// value is the person's, time criticality and risk reduction the scale's
// lowest (nothing in the data says more), so it ranks by value ÷ size.
func (c CustomInitiative) initiative() Initiative {
	it := Initiative{Key: InitiativeKey(RuleCustom, strconv.FormatInt(c.ID, 10)), Title: c.Title, Category: c.Category,
		Effort: c.Effort, PersonWeeks: c.Effort.PersonWeeks()}
	// The notes stay out of the evidence: evidence is shown wherever the
	// roadmap is (a share link too), notes only to the organization.
	it.Evidence = []Evidence{{Text: "Added by hand.", Ref: Ref{Kind: RefCustom, ID: c.ID}}}
	it.Score = scoreOf([]signal{{c.Value, 1, 1}}, c.Effort)
	it.Impact = ImpactOf(it.Score.CostOfDelay)
	it.Quadrant = QuadrantFor(it.Score, it.Effort)
	return it
}

// RefCustom is the evidence of a hand-added initiative (ID is its id).
const RefCustom RefKind = "custom"

// KPIChange is one KPI of a committed initiative then and now.
type KPIChange struct {
	KPI       string
	Label     string
	Then, Now KPIValue
	// Direction is +1 when the measure got better since acceptance, -1
	// worse, 0 unchanged.
	Direction int
}

// Text is the change as the card says it ("change failure rate 40 % →
// 12 % since accepted").
func (c KPIChange) Text() string {
	if c.Then.Text == c.Now.Text {
		return c.Label + " " + c.Now.Text + ", unchanged since accepted"
	}
	return c.Label + " " + c.Then.Text + " → " + c.Now.Text + " since accepted"
}

// PlanItem is an initiative with what was decided about it.
type PlanItem struct {
	Initiative
	Status   Status
	OwnerID  int64
	Notes    string
	Decided  bool   // a decision is stored (Version is its version)
	Version  int    // the decision's version; 0 when none is stored
	Override string // the quarter a person chose, "" when the schedule's
	Custom   bool   // added by hand (CustomID is its id)
	CustomID int64
	// Details are a hand-added initiative's own notes (the organization's
	// only: never part of the evidence).
	Details string
	// Gone is true when the data no longer derives the initiative (its
	// decision is all that is left of it).
	Gone bool
	// Changes are the KPIs' values at acceptance against the latest, for
	// committed initiatives whose values were recorded.
	Changes []KPIChange
}

// Plan is the roadmap with its decisions applied.
type Plan struct {
	Start time.Time // the first day of the plan's first quarter
	// Items is the live plan, in priority order: derived and hand-added
	// initiatives neither done nor dismissed, scheduled.
	Items []PlanItem
	// Done are the finished initiatives, QuarterName the quarter they were
	// marked done in, most recent first.
	Done []PlanItem
	// Dismissed are derived or hand-added initiatives set aside: they stay
	// dismissed however the data changes.
	Dismissed []PlanItem
	// Resolved are initiatives with a decision that the data no longer
	// derives (the finding was resolved, the practice is now in place):
	// "resolved by the data", shown rather than silently dropped.
	Resolved []PlanItem
	Quarters int // quarters the live plan spans
	Verdict  CapacityVerdict
}

// All are every item of the plan: live, done, dismissed and resolved.
func (p Plan) All() []PlanItem {
	return slices.Concat(p.Items, p.Done, p.Dismissed, p.Resolved)
}

// Find is the item with key in any part of the plan.
func (p *Plan) Find(key string) (PlanItem, bool) {
	for _, part := range [][]PlanItem{p.Items, p.Done, p.Dismissed, p.Resolved} {
		for i := range part {
			if part[i].Key == key {
				return part[i], true
			}
		}
	}
	return PlanItem{}, false
}

// BuildPlan derives the roadmap of s at now and applies the decisions and
// hand-added initiatives. Scheduling (see the package doc) places pinned
// initiatives first (a quarter a person chose; in progress: the first
// quarter), then the accepted ones in priority order, then the proposed
// ones: work the team committed to gets capacity before proposals. Done
// and dismissed initiatives take no capacity. The capacity verdict weighs
// the whole live plan (proposed, accepted and started), by priority alone
// (a pinned quarter is a choice, not capacity).
func BuildPlan(s OrgSnapshot, decisions []Decision, custom []CustomInitiative, now time.Time) Plan {
	list := initiatives(s, now)
	for _, c := range custom {
		list = append(list, c.initiative())
	}
	slices.SortFunc(list, func(a, b Initiative) int { return comparePriority(&a, &b) })
	byKey := make(map[string]Decision, len(decisions))
	for _, d := range decisions {
		byKey[d.Key] = d
	}
	customs := make(map[string]CustomInitiative, len(custom))
	for _, c := range custom {
		customs[InitiativeKey(RuleCustom, strconv.FormatInt(c.ID, 10))] = c
	}
	current := KPIValues(s, now)

	p := Plan{Start: PlanStart(now)}
	var live []Initiative
	var liveItems []PlanItem
	pinned := map[int]int{}
	var committed, proposed []int
	seen := make(map[string]bool, len(list))
	for _, it := range list {
		seen[it.Key] = true
		d, decided := byKey[it.Key]
		item := planItem(it, d, decided, current)
		if c, ok := customs[it.Key]; ok {
			item.Custom, item.CustomID, item.Details = true, c.ID, c.Notes
			if item.Override == "" {
				item.Override = c.Quarter
			}
		}
		switch item.Status {
		case StatusDismissed:
			p.Dismissed = append(p.Dismissed, item)
			continue
		case StatusDone:
			item.Phase, item.QuarterName = "", QuarterOf(d.StatusChangedAt)
			p.Done = append(p.Done, item)
			continue
		}
		i := len(live)
		if q, ok := QuarterIndex(p.Start, item.Override); ok && item.Override != "" {
			pinned[i] = max(q, 0)
		} else if item.Status == StatusInProgress {
			pinned[i] = 0
		}
		if _, pin := pinned[i]; !pin {
			if item.Status == StatusAccepted {
				committed = append(committed, i)
			} else {
				proposed = append(proposed, i)
			}
		}
		live = append(live, it)
		liveItems = append(liveItems, item)
	}
	order := make([]int, 0, len(live))
	for i := range live {
		if _, pin := pinned[i]; pin {
			order = append(order, i)
		}
	}
	order = append(append(order, committed...), proposed...)
	p.Quarters = schedule(live, QuarterCapacity(s.Engineers(), s.Share()), order, pinned)
	for i := range live {
		liveItems[i].Quarter = live[i].Quarter
		liveItems[i].Phase = PhaseOf(live[i].Quarter)
		liveItems[i].QuarterName = QuarterName(p.Start, live[i].Quarter)
	}
	p.Items = liveItems
	p.Verdict = Capacity(live, s.Engineers(), s.PlannedTeamSize, s.Share())

	// Decisions about initiatives the data no longer derives, in key order
	// (the stored order is the caller's).
	for _, d := range decisions {
		if seen[d.Key] || strings.HasPrefix(d.Key, RuleCustom+":") {
			continue
		}
		item := planItem(Initiative{Key: d.Key, Title: cmp.Or(d.Title, d.Key)}, d, true, current)
		item.Gone = true
		switch item.Status {
		case StatusDismissed:
			// Still listed, so the dismissal can be undone.
			p.Dismissed = append(p.Dismissed, item)
		case StatusDone:
			item.QuarterName = QuarterOf(d.StatusChangedAt)
			p.Done = append(p.Done, item)
		default:
			p.Resolved = append(p.Resolved, item)
		}
	}
	slices.SortStableFunc(p.Resolved, func(a, b PlanItem) int { return cmp.Compare(a.Key, b.Key) })
	slices.SortStableFunc(p.Done, func(a, b PlanItem) int { return -cmp.Compare(a.QuarterName, b.QuarterName) })
	return p
}

// planItem applies d (when decided) to it.
func planItem(it Initiative, d Decision, decided bool, current map[string]KPIValue) PlanItem {
	item := PlanItem{Initiative: it, Status: StatusProposed}
	if !decided {
		return item
	}
	item.Decided, item.Version = true, d.Version
	item.Status = cmp.Or(d.Status, StatusProposed)
	item.OwnerID, item.Notes, item.Override = d.OwnerID, d.Notes, d.Quarter
	if item.Status.Committed() && len(d.AtAcceptance) > 0 {
		keys := it.KPIs
		if len(keys) == 0 { // no longer derived: the recorded measures
			for _, k := range kpiOrder {
				if _, ok := d.AtAcceptance[k]; ok {
					keys = append(keys, k)
				}
			}
		}
		for _, k := range keys {
			then, ok1 := d.AtAcceptance[k]
			now, ok2 := current[k]
			if ok1 && ok2 {
				item.Changes = append(item.Changes, KPIChange{KPI: k, Label: KPILabel(k), Then: then, Now: now,
					Direction: direction(k, then.Value, now.Value)})
			}
		}
	}
	return item
}

// direction says whether the move of measure k from then to now is an
// improvement (+1), a regression (-1) or none.
func direction(k string, then, now float64) int {
	if math.Abs(now-then) < 1e-9 {
		return 0
	}
	higher := now > then
	up := k == KPISkillCoverage || k == KPIMaturity || labelOf(Metrics, Metric(k)) != "" // metrics compare by score
	if higher == up {
		return 1
	}
	return -1
}

// KPILabel names a KPI key in a sentence ("change failure rate").
func KPILabel(k string) string {
	switch k {
	case KPIStackCost:
		return "stack cost"
	case KPISupportHours:
		return "support hours"
	case KPISkillCoverage:
		return "skill coverage"
	case KPIBusFactor:
		return "skills with a bus factor of 1 or less"
	case KPIMaturity:
		return "maturity"
	}
	if l := labelOf(Metrics, Metric(k)); l != "" {
		return strings.ToLower(l)
	}
	return k
}

// KPIValues are the organization's current values of every measure an
// initiative may move (a DORA metric only when measured as an exact
// number or a Quick Check answer; skills only when some role requires a
// skill; maturity only once assessed).
func KPIValues(s OrgSnapshot, now time.Time) map[string]KPIValue {
	out := map[string]KPIValue{}
	if s.KPI != nil {
		ev := s.KPI.Evaluate()
		for _, c := range Metrics {
			r := ev.Metric(c.Key)
			if !r.Given {
				continue
			}
			out[string(c.Key)] = KPIValue{Value: r.Score, Text: r.Label()}
		}
	}
	if len(s.Stack) > 0 {
		items := make([]StackItem, len(s.Stack))
		for i, e := range s.Stack {
			items[i] = e.StackItem
		}
		cost, hours := TotalMonthlyCost(items), TotalSupportHours(items)
		out[KPIStackCost] = KPIValue{cost, money(cost) + " a month"}
		out[KPISupportHours] = KPIValue{hours, number(hours) + " h a month"}
	}
	if len(s.Skills.Skills) > 0 {
		a := AnalyzeSkills(s.Skills, now)
		required, covered := 0, 0
		for _, st := range a.Skills {
			required += st.Requiring
			covered += st.Covered
		}
		if required > 0 {
			c := float64(covered) / float64(required)
			out[KPISkillCoverage] = KPIValue{math.Round(c*1000) / 1000, percent(c)}
		}
		out[KPIBusFactor] = KPIValue{float64(len(a.Risks)), plural(len(a.Risks), "skill", "skills")}
	}
	if s.Maturity != nil {
		out[KPIMaturity] = KPIValue{s.Maturity.Overall, number(s.Maturity.Overall) + " of 5"}
	}
	return out
}

// AtAcceptance picks from current the values of the KPIs it moves, to
// store when an initiative is first committed to.
func AtAcceptance(it Initiative, current map[string]KPIValue) map[string]KPIValue {
	out := map[string]KPIValue{}
	for _, k := range it.KPIs {
		if v, ok := current[k]; ok {
			out[k] = v
		}
	}
	return out
}
