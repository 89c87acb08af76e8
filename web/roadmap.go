package web

import (
	"strconv"
	"strings"

	"github.com/headwayhq/headway/internal/roadmap"
)

// RoadmapProps is the roadmap page: the capacity verdict and the
// initiatives by phase, each card ready to print.
type RoadmapProps struct {
	Verdict string
	Count   int
	Phases  []RoadmapPhase
}

// RoadmapPhase is one column: now, next or later.
type RoadmapPhase struct {
	Key, Label string
	Cards      []RoadmapCard
}

// RoadmapCard is one initiative as the page shows it.
type RoadmapCard struct {
	Key, Title, Category, Quadrant, QuadrantKind string
	Effort, Score, Breakdown, Quarter            string
	KPIs                                         []string
	Evidence                                     []RoadmapEvidence
	DependsOn                                    []string // the titles of the initiatives to do first
}

// RoadmapEvidence is a sentence and where it links (Href "" for none).
type RoadmapEvidence struct{ Text, Href string }

// NewRoadmap lays out list (in priority order) for the organization slug.
func NewRoadmap(slug string, list []roadmap.Initiative, verdict roadmap.CapacityVerdict) RoadmapProps {
	d := RoadmapProps{Verdict: verdict.Text(), Count: len(list)}
	titles := make(map[string]string, len(list))
	for _, it := range list {
		titles[it.Key] = it.Title
	}
	for _, ph := range roadmap.Phases {
		col := RoadmapPhase{Key: string(ph.Key), Label: ph.Label}
		for _, it := range list {
			if it.Phase == ph.Key {
				col.Cards = append(col.Cards, newRoadmapCard(slug, it, titles))
			}
		}
		d.Phases = append(d.Phases, col)
	}
	return d
}

func newRoadmapCard(slug string, it roadmap.Initiative, titles map[string]string) RoadmapCard {
	c := RoadmapCard{Key: it.Key, Title: it.Title, Category: it.Category.Label(), Quadrant: it.Quadrant.Label(),
		QuadrantKind: quadrantKind(it.Quadrant),
		Effort:       it.Effort.Label() + " (" + strconv.FormatFloat(it.PersonWeeks, 'f', -1, 64) + " person-weeks)",
		Score:        strconv.FormatFloat(it.Score.WSJF, 'f', 2, 64), Breakdown: it.Score.Breakdown(), Quarter: it.QuarterName}
	for _, k := range it.KPIs {
		c.KPIs = append(c.KPIs, KPILabel(k))
	}
	for _, ev := range it.Evidence {
		c.Evidence = append(c.Evidence, RoadmapEvidence{Text: ev.Text, Href: EvidencePath(slug, ev.Ref)})
	}
	for _, k := range it.DependsOn {
		if t, ok := titles[k]; ok {
			c.DependsOn = append(c.DependsOn, t)
		}
	}
	return c
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
