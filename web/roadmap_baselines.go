package web

import (
	"strconv"
	"time"

	"github.com/headwayhq/headway/internal/roadmap"
)

// BaselinesProps is /o/{slug}/roadmap/baselines: the saved baselines, and
// for owners and admins the form that saves the roadmap as one.
type BaselinesProps struct {
	Baselines []BaselineRow
	CanManage bool
	Form      Form // field: name
}

// BaselineRow is one saved baseline in the list.
type BaselineRow struct {
	ID        int64
	Name      string
	CreatedBy string // "" for a former member
	CreatedAt time.Time
	Items     int
}

// BaselineCompareProps is /o/{slug}/roadmap/baselines/{id}: what changed
// since the baseline.
type BaselineCompareProps struct {
	ID        int64
	Name      string
	CreatedBy string
	CreatedAt time.Time
	CanManage bool
	Then, Now int // initiatives in the baseline and in the roadmap now
	Added     []BaselineEntry
	Removed   []BaselineEntry
	Moved     []BaselineEntry
	Finished  []BaselineEntry
	Unchanged int
}

// Changed reports that anything changed since the baseline.
func (d BaselineCompareProps) Changed() bool {
	return len(d.Added)+len(d.Removed)+len(d.Moved)+len(d.Finished) > 0
}

// BaselineEntry is an initiative in one section of the comparison.
type BaselineEntry struct {
	Title  string
	Href   string // its card on the roadmap ("" for one no longer on it)
	Detail string // where it stands, or how it moved
}

// baselineAnchor is an initiative's card on the roadmap page.
// TODO(lead): web.InitiativeAnchor replaces this at merge.
func baselineAnchor(slug, key string) string {
	return OrgPath(slug, "roadmap") + "#" + InitiativeAnchor(key)
}

// NewBaselineCompare lays out diff for the organization slug.
func NewBaselineCompare(slug string, d roadmap.BaselineDiff) BaselineCompareProps {
	p := BaselineCompareProps{Unchanged: d.Unchanged}
	where := func(it roadmap.BaselineItem) string {
		return "#" + strconv.Itoa(it.Rank) + " · " + it.Phase.Label() + " · " + it.Quarter
	}
	for _, it := range d.Added {
		p.Added = append(p.Added, BaselineEntry{Title: it.Title, Href: baselineAnchor(slug, it.Key), Detail: where(it)})
	}
	for _, it := range d.Removed {
		p.Removed = append(p.Removed, BaselineEntry{Title: it.Title, Detail: "was " + where(it)})
	}
	for _, m := range d.Moved {
		e := BaselineEntry{Title: m.Item.Title, Href: baselineAnchor(slug, m.Item.Key)}
		if m.Reordered {
			dir := "down"
			if m.Up() {
				dir = "up"
			}
			e.Detail = "#" + strconv.Itoa(m.FromRank) + " → #" + strconv.Itoa(m.ToRank) + " (" + dir + ")"
		}
		if m.FromQuarter != m.ToQuarter {
			if e.Detail != "" {
				e.Detail += " · "
			}
			e.Detail += m.FromQuarter + " → " + m.ToQuarter
		}
		p.Moved = append(p.Moved, e)
	}
	for _, it := range d.Finished {
		p.Finished = append(p.Finished, BaselineEntry{Title: it.Title, Href: baselineAnchor(slug, it.Key), Detail: where(it)})
	}
	return p
}

// BaselinePath is a baseline's page, or one below it.
func BaselinePath(slug string, id int64, elems ...string) string {
	return OrgPath(slug, append([]string{"roadmap", "baselines", id64(id)}, elems...)...)
}

// baselineNoChange is the empty state's sentence when nothing changed.
func baselineNoChange(d BaselineCompareProps) string {
	if d.Now == 0 {
		return "The roadmap was empty then and is empty now."
	}
	if d.Now == 1 {
		return "The one initiative is where the baseline had it: same rank, same quarter, not finished."
	}
	return "All " + strconv.Itoa(d.Now) + " initiatives are where the baseline had them: same order, same quarters, none finished."
}
