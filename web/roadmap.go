package web

import (
	"strconv"
	"strings"

	"github.com/headwayhq/headway/internal/roadmap"
)

// RoadmapProps is the roadmap page: the capacity verdict, the live
// initiatives by phase, then the done, dismissed and resolved ones, each
// card ready to print, filtered as Filter says.
type RoadmapProps struct {
	Slug      string
	CanDecide bool // owners and admins: the cards carry their actions
	Verdict   string
	Share     int // the improvement share in percent
	Count     int // initiatives of the whole plan, before filters
	Filter    RoadmapFilter
	Members   []Option // the owner filter's choices: user id and name
	Phases    []RoadmapPhase
	Done      []RoadmapCard
	Dismissed []RoadmapCard
	Resolved  []RoadmapCard
	Timeline  TimelineProps // the live plan's quarters, dependencies drawn
	Downloads DownloadLinks // the filled exports
	Start     *StartSummary // after the quick assessment (?from=start), else nil
}

// RoadmapFilter is the page's query (values already checked).
type RoadmapFilter struct {
	Category, Status, Owner string
	Ignored                 []string // parameters whose value was not understood
}

// Active reports whether any filter is set.
func (f RoadmapFilter) Active() bool { return f.Category != "" || f.Status != "" || f.Owner != "" }

// RoadmapPhase is one column: now, next or later.
type RoadmapPhase struct {
	Key, Label string
	Cards      []RoadmapCard
}

// RoadmapCard is one initiative as the page shows it.
type RoadmapCard struct {
	Key, Anchor, Title, Category, Quadrant, QuadrantKind string
	Effort, Score, Breakdown, Quarter                    string
	KPIs                                                 []string
	Evidence                                             []RoadmapEvidence
	DependsOn                                            []string // the titles of the initiatives to do first
	Status                                               roadmap.Status
	Owner, OwnerID                                       string // the owner's name and user id ("" for nobody)
	Notes, Override                                      string
	Version                                              string
	Custom                                               bool
	CustomID                                             int64
	Changes                                              []RoadmapChange
	Stakeholders                                         []Link // the stakeholders it affects
	Details                                              string // a hand-added initiative's own notes
}

// DecisionProps is the decision page of one initiative.
type DecisionProps struct {
	Slug     string
	Card     RoadmapCard
	Form     Form     // fields: status, owner, quarter, notes, version
	Members  []Option // owner choices
	Quarters []string // quarter choices, the plan's horizon
}

// maxCardStakeholders is how many stakeholders a card names before "and
// N more" (the register has them all).
const maxCardStakeholders = 3

// RoadmapChange is a KPI of a committed initiative then and now.
type RoadmapChange struct {
	Text string
	Kind string // success (better), danger (worse), neutral
}

// Link is a labelled link.
type Link struct{ Label, Href string }

// RoadmapEvidence is a sentence and where it links (Href "" for none).
type RoadmapEvidence struct{ Text, Href string }

// NewRoadmap lays out a plan without decisions' details (the share page
// and tests): live initiatives by phase, read-only.
func NewRoadmap(slug string, list []roadmap.Initiative, verdict roadmap.CapacityVerdict) RoadmapProps {
	p := roadmap.Plan{Verdict: verdict}
	for _, it := range list {
		p.Items = append(p.Items, roadmap.PlanItem{Initiative: it, Status: roadmap.StatusProposed})
	}
	d := RoadmapProps{Slug: slug, Verdict: verdict.Text(), Count: len(list)}
	for _, ph := range roadmap.Phases {
		col := RoadmapPhase{Key: string(ph.Key), Label: ph.Label}
		for _, it := range p.Items {
			if it.Phase == ph.Key {
				col.Cards = append(col.Cards, NewRoadmapCard(slug, it, p, ""))
			}
		}
		d.Phases = append(d.Phases, col)
	}
	return d
}

// NewRoadmapCard is the card of it, an item of plan, owned by ownerName.
func NewRoadmapCard(slug string, it roadmap.PlanItem, plan roadmap.Plan, ownerName string) RoadmapCard {
	c := RoadmapCard{Key: it.Key, Anchor: InitiativeAnchor(it.Key), Title: it.Title, Category: it.Category.Label(),
		Quadrant: it.Quadrant.Label(), QuadrantKind: quadrantKind(it.Quadrant), Status: it.Status,
		Score: strconv.FormatFloat(it.Score.WSJF, 'f', 2, 64), Breakdown: it.Score.Breakdown(), Quarter: it.QuarterName,
		Owner: ownerName, Notes: it.Notes, Override: it.Override, Version: strconv.Itoa(it.Version),
		Custom: it.Custom, CustomID: it.CustomID, Details: it.Details}
	if it.Effort != "" {
		c.Effort = it.Effort.Label() + " (" + strconv.FormatFloat(it.PersonWeeks, 'f', -1, 64) + " person-weeks)"
	}
	if ownerName != "" {
		c.OwnerID = strconv.FormatInt(it.OwnerID, 10)
	}
	for _, k := range it.KPIs {
		c.KPIs = append(c.KPIs, KPILabel(k))
	}
	for _, ev := range it.Evidence {
		c.Evidence = append(c.Evidence, RoadmapEvidence{Text: ev.Text, Href: EvidencePath(slug, ev.Ref)})
	}
	for _, k := range it.DependsOn {
		if dep, ok := plan.Find(k); ok {
			c.DependsOn = append(c.DependsOn, dep.Title)
		}
	}
	for _, ch := range it.Changes {
		c.Changes = append(c.Changes, RoadmapChange{Text: ch.Text(), Kind: map[int]string{1: "success", -1: "danger", 0: "neutral"}[ch.Direction]})
	}
	return c
}

// StatusKind is the badge colour of a status.
func StatusKind(s roadmap.Status) string {
	switch s {
	case roadmap.StatusAccepted:
		return "primary"
	case roadmap.StatusInProgress:
		return "warning"
	case roadmap.StatusDone:
		return "success"
	}
	return "neutral"
}

// quickAction is a one-click status change offered on a card.
type quickAction struct {
	Status roadmap.Status
	Label  string
}

// quickActions are the next steps from a status: the usual path is
// proposed → accepted → in progress → done; dismissing is always one click
// away, and a dismissed or done initiative can be reopened.
func quickActions(s roadmap.Status) []quickAction {
	switch s {
	case roadmap.StatusProposed:
		return []quickAction{{roadmap.StatusAccepted, "Accept"}, {roadmap.StatusDismissed, "Dismiss"}}
	case roadmap.StatusAccepted:
		return []quickAction{{roadmap.StatusInProgress, "Start"}, {roadmap.StatusDismissed, "Dismiss"}}
	case roadmap.StatusInProgress:
		return []quickAction{{roadmap.StatusDone, "Mark done"}}
	case roadmap.StatusDone:
		return []quickAction{{roadmap.StatusInProgress, "Reopen"}}
	case roadmap.StatusDismissed:
		return []quickAction{{roadmap.StatusProposed, "Restore"}}
	}
	return nil
}

func initiativeStatusOptions() []Option { return choiceOptions("", roadmap.Statuses) }

func initiativeCategoryOptions(none string) []Option {
	return choiceOptions(none, roadmap.InitiativeCategories)
}

// CustomInitiativeProps is the form of a hand-added initiative.
type CustomInitiativeProps struct {
	Slug     string
	ID       int64 // 0: a new one
	Form     Form  // fields: title, category, effort, value, quarter, notes, version
	Quarters []string
}

func quadrantKind(q roadmap.Quadrant) string {
	switch q {
	case roadmap.QuadrantQuickWin:
		return "success"
	case roadmap.QuadrantMajorProject:
		return "primary"
	case roadmap.QuadrantThankless:
		return "warning"
	}
	return "neutral"
}

// KPILabel names a measure an initiative moves: a DORA metric's label, or
// one of the roadmap's own measures.
func KPILabel(k string) string {
	if m := roadmap.Metric(k); m.Valid() {
		return m.Label()
	}
	switch k {
	case roadmap.KPIStackCost:
		return "Stack cost"
	case roadmap.KPISupportHours:
		return "Support hours"
	case roadmap.KPISkillCoverage:
		return "Skill coverage"
	case roadmap.KPIBusFactor:
		return "Bus factor"
	case roadmap.KPIMaturity:
		return "Maturity"
	}
	return k
}

// EvidencePath is the page a piece of evidence points at ("" for none).
func EvidencePath(slug string, r roadmap.Ref) string {
	switch r.Kind {
	case roadmap.RefStackItem:
		return OrgPath(slug, "stack", strconv.FormatInt(r.ID, 10))
	case roadmap.RefFinding:
		return OrgPath(slug, "stack", "findings", strconv.FormatInt(r.ID, 10))
	case roadmap.RefPractice:
		return OrgPath(slug, "infrastructure") + "#" + r.Key
	case roadmap.RefMetric:
		return OrgPath(slug, "kpis")
	case roadmap.RefSkill:
		return OrgPath(slug, "skills")
	case roadmap.RefAnswer, roadmap.RefBlindSpot, roadmap.RefDimension:
		return OrgPath(slug, "maturity")
	}
	return ""
}

func joinComma(s []string) string { return strings.Join(s, ", ") }
