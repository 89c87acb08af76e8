package web

import (
	"strconv"

	"github.com/headwayhq/headway/internal/roadmap"
)

// The guided quick assessment's screens (/o/{slug}/start).

// StartScreen is one screen of the quick assessment.
type StartScreen struct {
	Key, Title string
}

// StartProps is one screen with its form.
type StartProps struct {
	Slug       string
	Screens    []StartScreen
	Step       int // 1-based
	Screen     StartScreen
	Prev, Next string // the neighbouring screens' keys ("" at either end)
	Form       Form
	Today      string // YYYY-MM-DD: the delivery screen's snapshot date

	// The stack screen.
	ToolGroups  []StartToolGroup
	ToolOptions []Option // the selects of the costliest and most support-hungry tools
	Debts       []string // tech-debt findings already recorded
	DebtRows    int
	// The practices screen.
	PracticeGroups []StartPracticeGroup
	// The maturity screen.
	Questions      []roadmap.MaturityQuestion
	TotalQuestions int
	Completed      bool // a completed assessment exists
	// The skills screen.
	Invited    []string // pending invitations
	InviteRows int
	Members    int
}

// StartToolGroup is a category of the starter catalog.
type StartToolGroup struct {
	Label string
	Tools []StartTool
}

// StartTool is a catalog tool; Have when the inventory already has it.
type StartTool struct {
	Key, Name string
	Have      bool
}

// StartPracticeGroup is a group of the practice catalog.
type StartPracticeGroup struct {
	Label     string
	Practices []roadmap.Practice
}

func (d StartProps) action() string { return OrgPath(d.Slug, "start", d.Screen.Key) }

func (d StartProps) last() bool { return d.Next == "" }

func (d StartProps) stepText() string {
	return "Step " + strconv.Itoa(d.Step) + " of " + strconv.Itoa(len(d.Screens))
}

func (d StartProps) quickMode() bool { return d.Form.Get("mode") != "exact" }

// rows is 1 … n, for a template's numbered rows.
func rows(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = strconv.Itoa(i + 1)
	}
	return out
}

// StartSummary is the roadmap's panel after the quick assessment.
type StartSummary struct {
	Count     int
	QuickWins []Link // the top quick wins, linked to their cards
	Refine    []StartRefine
}

// StartRefine is a step page whose data would change the roadmap most.
type StartRefine struct {
	Label, Href, Why string
}
