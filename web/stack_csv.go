package web

import (
	"fmt"
	"strings"

	"github.com/headwayhq/headway/internal/export"
	"github.com/headwayhq/headway/internal/roadmap"
)

// StackImportProps is the data of /o/{slug}/stack/import: the two upload
// forms (each with the errors of its last upload) or, once a file is
// clean, its preview.
type StackImportProps struct {
	Stack    ImportUpload
	Findings ImportUpload
	Preview  *ImportPreview
}

// ImportUpload is one upload form's outcome: every problem of the file,
// in row order, as "Row 7, monthly_cost: …"; More counts those not listed.
type ImportUpload struct {
	Errors []string
	More   int
}

// ImportPreview shows a validated upload waiting for its confirmation.
type ImportPreview struct {
	ID       int64
	Kind     string // "stack" or "findings"
	Count    int    // rows the import adds
	Existing int    // rows of that kind the organization has now
	Expires  string // when the pending import lapses, in words
	Columns  []string
	Rows     [][]string // the first rows, cells as in the file
}

// PreviewRows is how many rows the preview shows.
const PreviewRows = 10

// importColumn documents a column of a CSV file.
type importColumn struct {
	Name   string
	Blurb  string
	Values string // allowed values, "" when free
}

func keys[T ~string](c []roadmap.Choice[T]) string {
	out := make([]string, len(c))
	for i, ch := range c {
		out[i] = string(ch.Key)
	}
	return strings.Join(out, ", ")
}

// stackColumns and findingColumns document the headers, in the order of
// export.StackHeader and export.FindingsHeader (a test checks they agree).
var stackColumns = []importColumn{
	{"name", fmt.Sprintf("Required, at most %d characters.", roadmap.MaxStackName), ""},
	{"category", "What the tool is for.", keys(roadmap.Categories)},
	{"lifecycle", "Its ring on the radar.", keys(roadmap.Lifecycles)},
	{"monthly_cost", "A plain number with a dot, like 99.50; empty is 0.", ""},
	{"cost_scaling", "How the cost grows with the team.", keys(roadmap.CostScalings)},
	{"scalability", fmt.Sprintf("A whole number from %d to %d.", roadmap.MinScalability, roadmap.MaxScalability), ""},
	{"support_hours_per_month", "Hours spent troubleshooting it each month; empty is 0.", ""},
	{"owner", fmt.Sprintf("A person or a team, at most %d characters; may be empty.", roadmap.MaxStackOwner), ""},
	{"notes", fmt.Sprintf("At most %d characters; may be empty.", roadmap.MaxStackNotes), ""},
}

var findingColumns = []importColumn{
	{"kind", "Tech debt or growth opportunity.", keys(roadmap.FindingKinds)},
	{"title", fmt.Sprintf("Required, at most %d characters.", roadmap.MaxFindingTitle), ""},
	{"description", fmt.Sprintf("At most %d characters; may be empty.", roadmap.MaxFindingDescription), ""},
	{"severity", fmt.Sprintf("Severity (debt) or value (opportunity), %d to %d.", roadmap.MinSeverity, roadmap.MaxSeverity), ""},
	{"effort", "The size of the work.", keys(roadmap.Efforts)},
	{"status", "Empty is open.", keys(roadmap.FindingStatuses)},
	{"stack_item", "The name of an item of the inventory, exactly; empty for the stack as a whole.", ""},
}

// ImportColumns returns the documented columns of a kind, for tests.
func ImportColumns(kind string) []string {
	cols := stackColumns
	if kind == "findings" {
		cols = findingColumns
	}
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

func importHeader(kind string) string {
	if kind == "findings" {
		return strings.Join(export.FindingsHeader, ",")
	}
	return strings.Join(export.StackHeader, ",")
}

func importNoun(kind string, n int) string {
	switch {
	case kind == "findings" && n == 1:
		return "finding"
	case kind == "findings":
		return "findings"
	case n == 1:
		return "item"
	}
	return "items"
}

var (
	importMaxRows  = fmt.Sprintf("%d", export.MaxImportRows)
	importMaxBytes = "1 MiB"
)

// importWhere says where a preview's rows go, and how full it is now.
func importWhere(v ImportPreview) string {
	where := "the inventory"
	if v.Kind == "findings" {
		where = "the register"
	}
	if v.Existing == 0 {
		where += ", empty until now."
	} else {
		where += fmt.Sprintf(", which has %d %s.", v.Existing, importNoun(v.Kind, v.Existing))
	}
	if v.Kind == "findings" {
		where += " Each is linked to the inventory item it names."
	}
	return where
}

// importExportPath is where the current rows of a kind are exported.
func importExportPath(kind string) []string {
	if kind == "findings" {
		return []string{"stack", "findings", "export.csv"}
	}
	return []string{"stack", "export.csv"}
}
