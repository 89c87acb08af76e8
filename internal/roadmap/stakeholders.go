package roadmap

import "strconv"

// Stakeholders: the guide's first tip, "identify key stakeholders". A
// register of the people the roadmap must win over or keep informed, each
// rated for interest and influence on 1–5 and placed on the classic
// interest/influence (power/interest) grid. An initiative names the
// stakeholders it affects (by its derived key, so the link survives
// re-derivation like decisions do).

// Bounds of a stakeholder's fields; the migration's CHECKs repeat them.
const (
	MaxStakeholderName  = 120
	MaxStakeholderTitle = 120
	MaxStakeholderNotes = 2000
	MinStakeRating      = 1
	MaxStakeRating      = 5
	// StakeSplit is where the grid divides each axis: a rating of 3 or more
	// is "high". On a 1–5 scale 3 is the midpoint, and a stakeholder rated
	// "middling" is counted high on purpose: under-engaging someone who
	// matters costs more than a little extra attention to someone who
	// does not, so the doubtful case errs towards engagement.
	StakeSplit = 3
)

// Stakeholder is one entry of the register.
type Stakeholder struct {
	Name      string
	Title     string // their role ("CFO", "Head of Sales"), optional
	Interest  int    // 1–5: how much the roadmap's outcome concerns them
	Influence int    // 1–5: how much they can help or block it
	Notes     string
}

// Validate checks a stakeholder under the form's and API's field names.
func (s Stakeholder) Validate() FieldErrors {
	fe := FieldErrors{}
	fe.Text("name", "Name", s.Name, true, MaxStakeholderName)
	fe.Text("title", "Title", s.Title, false, MaxStakeholderTitle)
	fe.intRange("interest", "Interest", s.Interest, MinStakeRating, MaxStakeRating)
	fe.intRange("influence", "Influence", s.Influence, MinStakeRating, MaxStakeRating)
	fe.MultilineText("notes", "Notes", s.Notes, false, MaxStakeholderNotes)
	return fe
}

// Placement is a quadrant of the interest/influence grid.
type Placement string

// The four placements, named by what to do with the stakeholder.
const (
	ManageClosely Placement = "manage_closely" // high influence, high interest
	KeepSatisfied Placement = "keep_satisfied" // high influence, low interest
	KeepInformed  Placement = "keep_informed"  // low influence, high interest
	Monitor       Placement = "monitor"        // low influence, low interest
)

// Placements are the quadrants, the most engagement first. The grid draws
// interest growing to the right and influence growing up: Keep satisfied
// top left, Manage closely top right, Monitor bottom left, Keep informed
// bottom right.
var Placements = []Choice[Placement]{
	{Key: ManageClosely, Label: "Manage closely"},
	{Key: KeepSatisfied, Label: "Keep satisfied"},
	{Key: KeepInformed, Label: "Keep informed"},
	{Key: Monitor, Label: "Monitor"},
}

// Label is the placement's words ("Manage closely").
func (p Placement) Label() string { return labelOf(Placements, p) }

// Advice says what the placement asks of the roadmap's owner.
func (p Placement) Advice() string {
	switch p {
	case ManageClosely:
		return "Involve them in decisions and review the roadmap with them regularly."
	case KeepSatisfied:
		return "Consult them on what touches their area; keep their concerns answered."
	case KeepInformed:
		return "Share progress often; they care and can be allies."
	default:
		return "Check in now and then; their stake may change."
	}
}

// PlaceOf is the grid's quadrant for an interest and an influence (each
// high at StakeSplit or more).
func PlaceOf(interest, influence int) Placement {
	hiInt, hiInf := interest >= StakeSplit, influence >= StakeSplit
	switch {
	case hiInf && hiInt:
		return ManageClosely
	case hiInf:
		return KeepSatisfied
	case hiInt:
		return KeepInformed
	default:
		return Monitor
	}
}

// Placement is the stakeholder's quadrant.
func (s Stakeholder) Placement() Placement { return PlaceOf(s.Interest, s.Influence) }

// MaxStakeholders is how many stakeholders an organization keeps: a
// register, not a directory (the grid and the cards stay readable).
const MaxStakeholders = 200

// MsgStakeholderLimit is said when the register is full.
var MsgStakeholderLimit = "The register keeps " + strconv.Itoa(MaxStakeholders) +
	" stakeholders at most: delete one you no longer need before adding another."
