// Package workbook writes and reads Headway's roadmap workbook: one XLSX
// layout for the blank template and for an organization's filled export, so
// a filled file can be edited offline (Excel, LibreOffice, Google Sheets)
// and uploaded back.
//
// The layout is the contract between Write and Parse: the sheets below, a
// frozen header row on each, columns found by their header text on import
// (so a person may reorder or add columns), enumerated columns written as
// their labels with a dropdown (the importer also takes the keys), the
// practice, maturity and skill catalogs pre-filled with a key column (so
// a person answers rather than types keys, and the import is exact), one
// "Example —" row where a person types (the importer skips it), and
// formulas where they help (read back as their cached values, and never
// imported: they are derived).
package workbook

import (
	"strconv"
	"strings"
	"time"

	"github.com/headwayhq/headway/internal/export"
	"github.com/headwayhq/headway/internal/roadmap"
)

// The sheets, in order.
const (
	SheetInstructions = "Instructions"
	SheetStack        = "1 Stack audit"
	SheetFindings     = "1 Findings"
	SheetSkills       = "2 Skills matrix"
	SheetKPIs         = "2 KPIs"
	SheetPractices    = "3 Infrastructure"
	SheetMaturity     = "4 Maturity"
	SheetRoadmap      = "Roadmap"
)

// Sheets are the workbook's sheets in order.
var Sheets = []string{SheetInstructions, SheetStack, SheetFindings, SheetSkills, SheetKPIs, SheetPractices, SheetMaturity, SheetRoadmap}

// ExamplePrefix starts the example row's first cell; the importer skips
// any row whose first cell with text starts with it.
const ExamplePrefix = "Example —"

// Headers of the typed sheets (the importer finds the columns by them,
// without case). The skills sheet's required-level columns are
// RequiredHeader(role).
const (
	HName        = "Name"
	HCategory    = "Category"
	HLifecycle   = "Lifecycle"
	HMonthlyCost = "Monthly cost"
	HCostScaling = "Cost scaling"
	HScalability = "Scalability (1-5)"
	HSupport     = "Support hours a month"
	HOwner       = "Owner"
	HNotes       = "Notes"
	HCostTwice   = "Cost at twice the team"

	HKind        = "Kind"
	HTitle       = "Title"
	HDescription = "Description"
	HSeverity    = "Severity (1-4)"
	HEffort      = "Effort"
	HStatus      = "Status"
	HTool        = "Tool"

	HKey         = "Key"
	HSkill       = "Skill"
	HYourRating  = "Your rating (0-4)"
	HInterested  = "Interested in learning"
	HGapPrefix   = "Gap: "
	HReqPrefix   = "Required: "
	HMeasuredOn  = "Measured on (YYYY-MM-DD)"
	HEdition     = "Edition"
	HDeploys     = "Deployments a week"
	HDeployAns   = "Deployment frequency answer (1-6)"
	HLeadHours   = "Lead time hours"
	HLeadAns     = "Lead time answer (1-6)"
	HRecovHours  = "Recovery time hours"
	HRecovAns    = "Recovery time answer (1-6)"
	HCFR         = "Change failure rate %"
	HRework      = "Rework rate %"
	HScorePrefix = "Quick Check score: "

	HGroup     = "Group"
	HPractice  = "Practice"
	HMeans     = "What it means"
	HDimension = "Dimension"
	HQuestion  = "Question"
	HAnswer    = "Your answer (1-5)"
	HLevel     = "Level "

	HPhase    = "Phase"
	HQuarter  = "Quarter"
	HScore    = "Score (WSJF)"
	HEvidence = "Evidence"
	HKPIs     = "KPIs"
)

// RequiredHeader is the skills sheet's column of role's required levels.
func RequiredHeader(r roadmap.JobRole) string { return HReqPrefix + r.Title }

// Yes and No are the interest column's answers.
const (
	Yes = "Yes"
	No  = "No"
)

// Skill is a skill of the organization's catalog, as the skills sheet
// lists it.
type Skill struct {
	Key      string
	Name     string
	Category string // the category's label
}

// Practice is a practice's status and notes (a practice missing from
// Data.Practices is not started).
type Practice struct {
	Status roadmap.PracticeStatus
	Notes  string
}

// RoadmapRow is one initiative of the plan, as the Roadmap sheet lists it.
type RoadmapRow struct {
	Key, Title, Category, Phase, Quarter, Status, Effort string
	Score                                                float64
	Evidence, KPIs                                       string
}

// Data is what a filled workbook holds; the zero Data is the blank
// template (the catalogs, the default required levels, no answers).
type Data struct {
	Organization string    // "" for the blank template
	Date         time.Time // the day of the export (zero: not shown)
	Stack        []roadmap.StackItem
	Findings     []export.FindingRow
	// Skills is the organization's catalog (nil: roadmap.SkillCatalog);
	// Requirements its required levels (nil with Skills nil: the
	// catalog's defaults).
	Skills       []Skill
	Requirements []roadmap.Requirement
	// JobRole is the downloader's job role key, for the gap column (""
	// or unknown: engineer). Ratings are the downloader's own, and only
	// theirs (nil for a share link: the sheet has no ratings at all).
	JobRole   string
	Ratings   []roadmap.Rating
	KPIs      []roadmap.Snapshot // newest first
	Practices map[string]Practice
	Maturity  roadmap.MaturityAnswers // the latest assessment's (or the draft's) answers
	Roadmap   []RoadmapRow
}

// Blank reports whether d is the blank template.
func (d Data) Blank() bool { return d.Organization == "" }

func (d Data) skills() []Skill {
	if d.Skills != nil {
		return d.Skills
	}
	out := make([]Skill, len(roadmap.SkillCatalog))
	for i, s := range roadmap.SkillCatalog {
		out[i] = Skill{Key: s.Key, Name: s.Name, Category: s.Category.Label()}
	}
	return out
}

func (d Data) requirements() []roadmap.Requirement {
	if d.Skills == nil && d.Requirements == nil {
		return roadmap.DefaultRequirements()
	}
	return d.Requirements
}

func (d Data) jobRole() roadmap.JobRole {
	if r, ok := roadmap.JobRoleByKey(d.JobRole); ok {
		return r
	}
	r, _ := roadmap.JobRoleByKey("engineer")
	return r
}

// labels are a choice list's labels, for a dropdown.
func labels[T comparable](cs []roadmap.Choice[T]) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Label
	}
	return out
}

// choose reads a cell as one of cs: its label or its key, without case.
func choose[T comparable](cs []roadmap.Choice[T], v string, key func(T) string) (T, bool) {
	v = strings.TrimSpace(v)
	for _, c := range cs {
		if strings.EqualFold(c.Label, v) || strings.EqualFold(key(c.Key), v) {
			return c.Key, true
		}
	}
	var zero T
	return zero, false
}

func str[T ~string](t T) string { return string(t) }

func labelOf[T comparable](cs []roadmap.Choice[T], k T) string {
	for _, c := range cs {
		if c.Key == k {
			return c.Label
		}
	}
	return ""
}

func itoa(n int) string { return strconv.Itoa(n) }
