package web

import (
	"math"
	"strconv"
	"time"

	"github.com/headwayhq/headway/internal/roadmap"
)

// PracticesProps is /o/{slug}/infrastructure: step 3's catalog by group,
// each practice with where the organization stands on it.
type PracticesProps struct {
	Groups    []PracticeGroupView // in roadmap.PracticeGroups order
	CanManage bool
	// Failed is the practice whose change was refused (422 or 409): the
	// page says so at the top and links to it.
	Failed string
}

// PracticeGroupView is one group with its completion and practices.
type PracticeGroupView struct {
	Key        string
	Label      string
	Completion roadmap.GroupCompletion
	Practices  []PracticeView
}

// PracticeView is one practice as the page shows it.
type PracticeView struct {
	roadmap.Practice
	Status    roadmap.PracticeStatus
	Notes     string
	ChangedBy string // "" for an API token or a member who has left
	Version   int    // 0 until first set
	UpdatedAt time.Time
	Warnings  []string // its prerequisites not at least mostly in place
	DependsOn []PracticeLink
	// Capability is the DORA capability it is part of (Slug "" for none).
	Capability roadmap.Capability
	Form       Form      // status, notes, version: stored, or as typed on a 422/409
	Conflict   *Conflict // its save met a newer version
}

// PracticeLink is another practice, linked by its anchor.
type PracticeLink struct {
	Key, Title string
}

// metricLabel is a DORA metric's name as step 2 says it.
func metricLabel(key string) string {
	if l := roadmap.Metric(key).Label(); l != "" {
		return l
	}
	return key
}

// statusOptions are the four statuses for a practice's select.
func practiceStatusOptions() []Option { return choiceOptions("", roadmap.PracticeStatuses) }

// statusKind is a status's badge colour.
func statusKind(s roadmap.PracticeStatus) string {
	switch s {
	case roadmap.PracticeFully:
		return "success"
	case roadmap.PracticeMostly:
		return "info"
	case roadmap.PracticePartial:
		return "warning"
	}
	return "neutral"
}

// changedLine says who set the status when ("" for a practice never set).
func (p PracticeView) changedLine() string {
	if p.Version == 0 {
		return ""
	}
	who := "an API token"
	if p.ChangedBy != "" {
		who = p.ChangedBy
	}
	return "Set to " + p.Status.Label() + " by " + who + " on " + timeLabel(p.UpdatedAt)
}

// fieldID is the id of one of a practice's form fields (several forms
// share the page, so the key is part of every id).
func (p PracticeView) fieldID(name string) string { return "p-" + p.Key + "-" + name }

// percentText is a completion in whole percent, for the bar's text.
func percentText(g roadmap.GroupCompletion) string { return strconv.Itoa(g.Percent()) + "%" }

// barWidth is a 0–100 bar's filled width in SVG units.
func barWidth(ratio float64) string { return num(math.Max(0, math.Min(1, ratio)) * 100) }

// practiceAction is where a practice's form posts; the fragment brings the
// browser back to the practice on a 422 or 409.
func practiceAction(slug, key string) string {
	return OrgPath(slug, "infrastructure", key) + "#" + key
}

// practiceTitle is a practice's title by key (the key when unknown).
func practiceTitle(key string) string {
	if p, ok := roadmap.PracticeByKey(key); ok {
		return p.Title
	}
	return key
}
