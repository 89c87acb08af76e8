package web

import (
	"strings"

	"github.com/headwayhq/headway/internal/roadmap"
)

// TimelineProps is the roadmap's quarter timeline (RoadmapTimeline): the
// same plan laid out twice, wide (a column per quarter, scrolling sideways
// when the plan is long) and narrow (the quarters one under the other, for
// phones), and as a text list by quarter for screen readers and browsers
// without SVG.
type TimelineProps struct {
	Count, Quarters, Dependencies int
	Wide, Narrow                  roadmap.Timeline
	ByQuarter                     []TimelineQuarterList
}

// TimelineQuarterList is one quarter of the text list.
type TimelineQuarterList struct {
	Name  string
	Items []TimelineItem
}

// TimelineItem is an initiative in the text list.
type TimelineItem struct {
	Title, Href, Status string
	After               []string // the titles of the initiatives to do first
}

// InitiativeAnchor is the id of an initiative's card on the roadmap page,
// which the timeline's bars link to ("init-practice-test_automation").
func InitiativeAnchor(key string) string { return roadmap.InitiativeAnchor(key) }

// NewTimeline lays out list (in priority order) for the timeline. statusOf
// names each initiative's decision status (proposed, accepted, in_progress,
// done, dismissed); nil means all are proposed. The bars link to the cards
// by fragment only, so the timeline works on any page that shows the cards
// (the roadmap page, a share link's page).
func NewTimeline(list []roadmap.Initiative, statusOf func(key string) string) TimelineProps {
	if statusOf == nil {
		statusOf = func(string) string { return "proposed" }
	}
	d := TimelineProps{Count: len(list),
		Wide:   roadmap.LayoutTimeline(list, statusOf, roadmap.TimelineWide),
		Narrow: roadmap.LayoutTimeline(list, statusOf, roadmap.TimelineNarrow)}
	d.Quarters, d.Dependencies = len(d.Wide.Quarters), d.Wide.Dependencies
	titles := make(map[string]string, len(list))
	for _, it := range list {
		titles[it.Key] = it.Title
	}
	for _, q := range d.Wide.Quarters {
		d.ByQuarter = append(d.ByQuarter, TimelineQuarterList{Name: q.Name})
	}
	for i, b := range d.Wide.Bars {
		item := TimelineItem{Title: b.Title, Href: b.Href, Status: b.Status}
		for _, k := range list[i].DependsOn {
			if t, ok := titles[k]; ok && k != b.Key {
				item.After = append(item.After, t)
			}
		}
		d.ByQuarter[b.Quarter].Items = append(d.ByQuarter[b.Quarter].Items, item)
	}
	return d
}

// TimelineStatuses are the statuses the legend names, in decision order.
var TimelineStatuses = []struct{ Key, Label string }{
	{"proposed", "Proposed"}, {"accepted", "Accepted"}, {"in_progress", "In progress"}, {"done", "Done"}, {"dismissed", "Dismissed"},
}

// statusLabel names a status as the legend does ("in progress").
func statusLabel(s string) string {
	for _, st := range TimelineStatuses {
		if st.Key == s {
			return st.Label
		}
	}
	return strings.ReplaceAll(s, "_", " ")
}

// description is the drawing's <desc>: what it shows, and what it leaves
// out on a huge roadmap.
func (d TimelineProps) description() string {
	s := plural(d.Count, "initiative", "initiatives") + " over " + plural(d.Quarters, "quarter", "quarters") + ", " +
		plural(d.Dependencies, "dependency", "dependencies") + "."
	if d.Wide.NoLabels {
		s += " With more than " + itoa(roadmap.MaxLabelledTimelineBars) + " initiatives the bars carry no names; the list below names them."
	}
	if len(d.Wide.Arrows) < d.Dependencies {
		s += " Only the first " + itoa(len(d.Wide.Arrows)) + " dependencies are drawn; the list below gives all."
	}
	return s
}

// timelineChart is one drawing with its element ids' prefix and class.
type timelineChart struct {
	ID, Class string
	T         roadmap.Timeline
}

func (d TimelineProps) charts() []timelineChart {
	return []timelineChart{{"timeline-wide", "timeline-wide", d.Wide}, {"timeline-narrow", "timeline-narrow", d.Narrow}}
}

func (c timelineChart) viewBox() string { return "0 0 " + num(c.T.Width) + " " + num(c.T.Height) }

// barName is a bar link's accessible name: the full title (which the cut
// label starts with), the quarter and the status.
func (c timelineChart) barName(b roadmap.TimelineBar) string {
	name := b.Title + ", " + c.T.Quarters[b.Quarter].Name + ", " + strings.ToLower(statusLabel(b.Status))
	if q := b.Quadrant.Label(); q != "" {
		name += ", " + strings.ToLower(q)
	}
	return name
}

// quadrantClass is the bar's stripe class ("q-quick_win"; "q-none" for a
// hand-added initiative without one).
func quadrantClass(q roadmap.Quadrant) string {
	if q == "" {
		return "q-none"
	}
	return "q-" + string(q)
}

// Text positions in a bar: after its quadrant stripe, on its middle line.
func barTextX(b roadmap.TimelineBar) string { return num(b.X + 12) }
func barTextY(b roadmap.TimelineBar) string { return num(b.Y + b.H/2) }
