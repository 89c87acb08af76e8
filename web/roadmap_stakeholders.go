package web

import (
	"strconv"

	"github.com/a-h/templ"

	"github.com/headwayhq/headway/internal/roadmap"
)

// StakeholderRow is a stakeholder as the register, the grid and the read
// view show it.
type StakeholderRow struct {
	ID                  int64
	Name, Title         string
	Interest, Influence int
	Placement           roadmap.Placement
	Initiatives         []StakeholderInitiative
}

// StakeholderInitiative is an initiative a stakeholder is affected by:
// its title on the current roadmap, or Gone when it is no longer derived
// (the key is kept, so it comes back if the signal does).
type StakeholderInitiative struct {
	Key, Title string
	Gone       bool
}

// StakeholdersProps is /o/{slug}/roadmap/stakeholders.
type StakeholdersProps struct {
	Rows      []StakeholderRow // by name
	CanManage bool
}

// StakeQuadrant is one cell of the interest/influence grid.
type StakeQuadrant struct {
	Key    roadmap.Placement
	Label  string
	Advice string
	Rows   []StakeholderRow // most interested and influential first
}

// Quadrants are the grid's four cells, the most engagement first (CSS
// places them: influence up, interest to the right).
func (d StakeholdersProps) Quadrants() []StakeQuadrant {
	out := make([]StakeQuadrant, 0, len(roadmap.Placements))
	for _, c := range roadmap.Placements {
		q := StakeQuadrant{Key: c.Key, Label: c.Label, Advice: c.Key.Advice()}
		for _, r := range d.Rows {
			if r.Placement == c.Key {
				q.Rows = append(q.Rows, r)
			}
		}
		// Stable: ties keep the register's order (by name).
		for i := 1; i < len(q.Rows); i++ {
			for j := i; j > 0 && q.Rows[j].Interest+q.Rows[j].Influence > q.Rows[j-1].Interest+q.Rows[j-1].Influence; j-- {
				q.Rows[j], q.Rows[j-1] = q.Rows[j-1], q.Rows[j]
			}
		}
		out = append(out, q)
	}
	return out
}

// InitiativeChoice is a checkbox of the stakeholder form.
type InitiativeChoice struct {
	Key, Title string
	Checked    bool
	Gone       bool // linked before, no longer on the roadmap
}

// StakeholderFormProps is the new and edit form (managers) and the read
// view (members) of a stakeholder.
type StakeholderFormProps struct {
	ID          int64 // 0 for a new stakeholder
	Form        Form  // name, title, interest, influence, notes, version; the error of "initiative"
	Initiatives []InitiativeChoice
	Conflict    *Conflict
	// Read view only.
	Row   StakeholderRow
	Notes string
}

func (d StakeholderFormProps) editing() bool { return d.ID != 0 }

func (d StakeholderFormProps) action(slug string) templ.SafeURL {
	if d.editing() {
		return templ.URL(StakeholderPath(slug, d.ID))
	}
	return templ.URL(StakeholdersPath(slug))
}

// StakeholdersPath is the register; elems add to it ("new").
func StakeholdersPath(slug string, elems ...string) string {
	return OrgPath(slug, append([]string{"roadmap", "stakeholders"}, elems...)...)
}

// StakeholderPath is a stakeholder's page; elems add to it ("delete").
func StakeholderPath(slug string, id int64, elems ...string) string {
	return StakeholdersPath(slug, append([]string{strconv.FormatInt(id, 10)}, elems...)...)
}

// StakeRatingWords says a 1–5 rating in words.
func StakeRatingWords(n int) string {
	switch n {
	case 1:
		return "1 · very low"
	case 2:
		return "2 · low"
	case 3:
		return "3 · medium"
	case 4:
		return "4 · high"
	case 5:
		return "5 · very high"
	}
	return strconv.Itoa(n)
}

func stakeRatingOptions() []Option {
	out := []Option{{Value: "", Label: "Choose…"}}
	for n := roadmap.MinStakeRating; n <= roadmap.MaxStakeRating; n++ {
		out = append(out, Option{Value: strconv.Itoa(n), Label: StakeRatingWords(n)})
	}
	return out
}

func placementBadge(p roadmap.Placement) string {
	switch p {
	case roadmap.ManageClosely:
		return "primary"
	case roadmap.KeepSatisfied:
		return "warning"
	case roadmap.KeepInformed:
		return "info"
	}
	return "neutral"
}
