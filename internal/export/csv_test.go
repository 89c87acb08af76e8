package export

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/headwayhq/headway/internal/roadmap"
)

const stackHead = "name,category,lifecycle,monthly_cost,cost_scaling,scalability,support_hours_per_month,owner,notes\n"
const findingsHead = "kind,title,description,severity,effort,status,stack_item\n"

// trickyItems hold every cell a spreadsheet or a CSV reader could change.
var trickyItems = []roadmap.StackItem{
	{Name: "GitHub", Category: roadmap.CategorySourceControl, Lifecycle: roadmap.LifecycleAdopt, MonthlyCost: 420.5,
		CostScaling: roadmap.CostLinear, Scalability: 4, SupportHoursPerMonth: 2.25, Owner: "Platform, team", Notes: "Enterprise plan\nrenews in \"May\""},
	{Name: "=HYPERLINK(\"http://evil\")", Category: roadmap.CategoryOther, Lifecycle: roadmap.LifecycleHold, MonthlyCost: pointThree,
		CostScaling: roadmap.CostFlat, Scalability: 1, Owner: "@ops", Notes: "-1+1"},
	{Name: "+sum", Category: roadmap.CategoryCICD, Lifecycle: roadmap.LifecycleRetire, MonthlyCost: 1e9,
		CostScaling: roadmap.CostSuperlinear, Scalability: 5, SupportHoursPerMonth: 10000, Owner: "+indented", Notes: "\tindented notes"},
	{Name: "'quoted", Category: roadmap.CategoryData, Lifecycle: roadmap.LifecycleTrial, CostScaling: roadmap.CostFlat, Scalability: 3,
		Owner: "''", Notes: "'=not a formula"},
	{Name: "Ünïcødé 東京 ‏rtl", Category: roadmap.CategoryCloud, Lifecycle: roadmap.LifecycleAssess, MonthlyCost: 12345.678,
		CostScaling: roadmap.CostSuperlinear, Scalability: 2, SupportHoursPerMonth: 0.5, Owner: " spaced ", Notes: ""},
}

var tenth, fifth = 0.1, 0.2

// pointThree is 0.1 + 0.2 in float64 arithmetic (a constant expression
// would be exact): the shortest decimal must still read back the same.
var pointThree = tenth + fifth

func init() {
	// Line breaks are LF after the trip (see EscapeCell).
	trickyItems[2].Notes = roadmap.NormalizeLineBreaks(trickyItems[2].Notes)
}

func TestStackRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteStackCSV(&buf, trickyItems); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{stackHead, "\"'=HYPERLINK(\"\"http://evil\"\")\"", "'+sum", "'@ops", "'-1+1", ",'+indented,'\tindented notes\n",
		"''quoted", ",''',", ",''=not a formula\n", ",1000000000,", ",0.30000000000000004,", ",10000,"} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %q:\n%s", want, out)
		}
	}
	got, err := ParseStackCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, trickyItems) {
		t.Errorf("round trip:\n got %#v\nwant %#v", got, trickyItems)
	}
	// An empty inventory is a header alone, and reads back as nothing.
	buf.Reset()
	if err := WriteStackCSV(&buf, nil); err != nil || buf.String() != stackHead {
		t.Fatalf("empty export %q, %v", buf.String(), err)
	}
	if got, err := ParseStackCSV(&buf); err != nil || len(got) != 0 {
		t.Errorf("empty import %v, %v", got, err)
	}
}

func TestFindingsRoundTrip(t *testing.T) {
	rows := []FindingRow{
		{Finding: roadmap.Finding{Kind: roadmap.FindingDebt, Title: "Jenkins on one VM", Description: "No backups.\nNo HA.", Severity: 4,
			Effort: roadmap.EffortL, Status: roadmap.FindingPlanned}, StackItem: "Jenkins"},
		{Finding: roadmap.Finding{Kind: roadmap.FindingOpportunity, Title: "-20% with reserved instances", Severity: 2,
			Effort: roadmap.EffortXS, Status: roadmap.FindingOpen}},
	}
	var buf bytes.Buffer
	if err := WriteFindingsCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), findingsHead) || !strings.Contains(buf.String(), "'-20%") {
		t.Errorf("export:\n%s", buf.String())
	}
	got, err := ParseFindingsCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows[0].Row, rows[1].Row = 2, 3
	if !reflect.DeepEqual(got, rows) {
		t.Errorf("round trip:\n got %#v\nwant %#v", got, rows)
	}
	id := int64(7)
	named := NameStackItems([]roadmap.Finding{{Title: "a", StackItemID: &id}, {Title: "b"}, {Title: "c", StackItemID: new(int64(9))}},
		map[int64]string{7: "Jenkins"})
	if named[0].StackItem != "Jenkins" || named[1].StackItem != "" || named[2].StackItem != "" || named[0].Finding.Title != "a" {
		t.Errorf("NameStackItems = %+v", named)
	}
	fs, err := ResolveStackItems(got, []StackItemRef{{ID: 7, Name: "Jenkins"}, {ID: 8, Name: "GitHub"}})
	if err != nil || fs[0].StackItemID == nil || *fs[0].StackItemID != 7 || fs[1].StackItemID != nil {
		t.Fatalf("resolve: %+v, %v", fs, err)
	}
	_, err = ResolveStackItems(got, []StackItemRef{{ID: 1, Name: "jenkins"}})
	wantErrors(t, err, CellError{2, "stack_item", `No stack item is named "Jenkins".`})
	_, err = ResolveStackItems(got, []StackItemRef{{ID: 1, Name: "Jenkins"}, {ID: 2, Name: "Jenkins"}})
	wantErrors(t, err, CellError{2, "stack_item", `2 stack items are named "Jenkins": rename all but one.`})
}

func wantErrors(t *testing.T, err error, want ...CellError) {
	t.Helper()
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v is not an *ImportError", err)
	}
	if !slices.Equal(ie.Errors, want) {
		t.Errorf("errors:\n got %q\nwant %q", ie.Errors, want)
	}
}

func TestParseStackCSVErrors(t *testing.T) {
	good := "GitHub,source_control,adopt,100,linear,4,2,Ann,\n"
	choose := "Choose a category: source control, CI/CD, infrastructure as code, containers and orchestration, cloud, observability, security, data, collaboration or other."
	expected := "The first row must be the header " + strings.TrimSuffix(stackHead, "\n")
	tests := []struct {
		name string
		in   string
		want []CellError
	}{
		{"bad number on row 7", stackHead + numbered(good, 5) + "Jira,collaboration,adopt,12;50,linear,3,1,,\n",
			[]CellError{{7, "monthly_cost", "Enter a number, like 120 or 99.50."}}},
		{"wrong header", "tool,category\nGitHub,source_control\n",
			[]CellError{{1, "", expected + ` (missing name, lifecycle, monthly_cost, cost_scaling, scalability, support_hours_per_month, owner, notes; unknown "tool").`}}},
		{"repeated column", strings.Replace(stackHead, "notes", "name", 1) + good,
			[]CellError{{1, "", expected + " (missing notes; repeated name)."}}},
		{"findings header for the stack", findingsHead, []CellError{{1, "", expected + ` (missing name, category, lifecycle, monthly_cost, cost_scaling, ` +
			`scalability, support_hours_per_month, owner, notes; unknown "kind", "title", "description", "severity", "effort", "status", "stack_item").`}}},
		{"not UTF-8", stackHead + "Caf\xe9,other,adopt,,flat,3,,,\n", []CellError{{0, "", `The file is not UTF-8 text: save it from your spreadsheet as "CSV UTF-8" and upload it again.`}}},
		{"empty file", "", []CellError{{1, "", "The file is empty: the first row must be the header " + strings.TrimSuffix(stackHead, "\n") + "."}}},
		{"many problems, one row", stackHead + ",tools,forever,-1,exponential,9,lots,,\n", []CellError{
			{2, "name", "Name is required."}, {2, "category", choose}, {2, "lifecycle", "Choose a lifecycle ring: adopt, trial, assess, hold or retire."},
			{2, "monthly_cost", "Monthly cost cannot be negative."}, {2, "cost_scaling", "Choose how the cost scales: flat, linear or superlinear."},
			{2, "scalability", "Scalability must be a whole number from 1 to 5."}, {2, "support_hours_per_month", "Enter a number, like 120 or 99.50."},
		}},
		{"NaN and a fraction", stackHead + "A,other,adopt,NaN,flat,3.5,Inf,,\n", []CellError{
			{2, "monthly_cost", "Monthly cost must be a number."}, {2, "scalability", "Enter a whole number, like 3."},
			{2, "support_hours_per_month", "Support hours per month must be a number."},
		}},
		{"short row", stackHead + good + "GitHub,source_control\n" + strings.Replace(good, "GitHub", "GitLab", 1), []CellError{{3, "", "This row has 2 cells; the header has 9."}}},
		{"bare quote", stackHead + good + "Git\"Hub,source_control,adopt,1,flat,3,0,,\n",
			[]CellError{{3, "", `A quote (") inside a cell that is not quoted (line 3): quote the whole cell and double the quote.`}}},
		{"unclosed quote", stackHead + good + "\"GitHub,source_control,adopt,1,flat,3,0,,\n",
			[]CellError{{3, "", "A quoted cell is not closed, or has text after its closing quote (line 3)."}}},
		{"name on two lines", stackHead + "\"Git\nHub\",other,adopt,,flat,3,,,\n", []CellError{{2, "name", roadmap.MsgLineBreak}}},
		{"errors on several rows", stackHead + good + "B,other,adopt,1,flat,0,0,,\n" + strings.Replace(good, "GitHub", "GitLab", 1) + "C,other,nope,1,flat,3,0,,\n", []CellError{
			{3, "scalability", "Scalability must be a whole number from 1 to 5."}, {5, "lifecycle", "Choose a lifecycle ring: adopt, trial, assess, hold or retire."},
		}},
		{"too many rows", stackHead + strings.Repeat(good, MaxImportRows+1), []CellError{{0, "", "The file has more than 2000 rows: split it."}}},
		{"too large", stackHead + "A,other,adopt,1,flat,3,0,," + strings.Repeat("x", MaxImportBytes) + "\n",
			[]CellError{{0, "", "The file is larger than 1 MiB: split it, or remove rows."}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := ParseStackCSV(strings.NewReader(tt.in))
			if items != nil {
				t.Errorf("items returned with errors: %v", items)
			}
			wantErrors(t, err, tt.want...)
		})
	}
}

// What spreadsheets do to a file is accepted: a byte-order mark, CRLF line
// ends, columns in another order and case, labels for keys, blank rows,
// empty numbers, exactly the limits.
func TestParseStackCSVLenient(t *testing.T) {
	in := "\ufeffNotes, OWNER ,name,category,lifecycle,monthly_cost,cost_scaling,scalability,support_hours_per_month\r\n" +
		"\"two\r\nlines\",Ann,GitHub,CI/CD, Trial ,,Linear,3,\r\n" +
		",,,,,,,,\r\n" +
		"\r\n" +
		",,Jira,collaboration,adopt, 12.5 ,flat, 2 ,1e1\r\n"
	got, err := ParseStackCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []roadmap.StackItem{
		{Name: "GitHub", Category: roadmap.CategoryCICD, Lifecycle: roadmap.LifecycleTrial, CostScaling: roadmap.CostLinear, Scalability: 3, Owner: "Ann", Notes: "two\nlines"},
		{Name: "Jira", Category: roadmap.CategoryCollaboration, Lifecycle: roadmap.LifecycleAdopt, MonthlyCost: 12.5, CostScaling: roadmap.CostFlat, Scalability: 2, SupportHoursPerMonth: 10},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
	if got, err := ParseStackCSV(strings.NewReader(stackHead + numbered("A,other,adopt,,flat,3,,,\n", MaxImportRows))); err != nil || len(got) != MaxImportRows {
		t.Errorf("%d rows at the limit: %v", len(got), err)
	}
}

func TestParseFindingsCSVErrors(t *testing.T) {
	items, err := ParseFindingsCSV(strings.NewReader(findingsHead + "debt,Old Jenkins,,3,m,,Jenkins\n" + "bug,,,5,xxl,done,\"a\nb\"\n"))
	if items != nil {
		t.Errorf("items with errors: %v", items)
	}
	wantErrors(t, err,
		CellError{3, "kind", "Choose a kind: tech debt or growth opportunity."}, CellError{3, "title", "Title is required."},
		CellError{3, "severity", "Severity must be a whole number from 1 to 4."}, CellError{3, "effort", "Choose an effort: XS, S, M, L or XL."},
		CellError{3, "status", "Choose a status: open, planned or resolved."}, CellError{3, "stack_item", roadmap.MsgLineBreak})
	got, err := ParseFindingsCSV(strings.NewReader(findingsHead + "Tech debt,Old Jenkins,,3,M,,Jenkins\n"))
	if err != nil || len(got) != 1 || got[0].Finding.Status != roadmap.FindingOpen || got[0].Finding.Kind != roadmap.FindingDebt || got[0].Row != 2 {
		t.Errorf("an empty status is open: %+v, %v", got, err)
	}
	_, err = ParseFindingsCSV(strings.NewReader(stackHead))
	var ie *ImportError
	if !errors.As(err, &ie) || len(ie.Errors) != 1 || !strings.HasPrefix(ie.Errors[0].Message, "The first row must be the header kind,title,description,severity,effort,status,stack_item (") {
		t.Errorf("a stack header for findings: %v", err)
	}
}

// Errors past MaxImportErrors are counted, not listed.
func TestImportErrorLimit(t *testing.T) {
	var rows strings.Builder
	for i := range 60 {
		fmt.Fprintf(&rows, "A%d,other,adopt,x,flat,3,x,,\n", i) // each name once: two errors a row
	}
	_, err := ParseStackCSV(strings.NewReader(stackHead + rows.String()))
	var ie *ImportError
	if !errors.As(err, &ie) || len(ie.Errors) != MaxImportErrors || ie.More != 20 {
		t.Fatalf("%d errors, %d more", len(ie.Errors), ie.More)
	}
	if !strings.HasSuffix(err.Error(), "; and 20 more") || !strings.HasPrefix(err.Error(), "Row 2, monthly_cost: Enter a number") {
		t.Errorf("Error() = %.80q…", err.Error())
	}
}

func TestEscapeCell(t *testing.T) {
	for _, tt := range []struct{ in, out string }{
		{"=1+1", "'=1+1"}, {"+1", "'+1"}, {"-1", "'-1"}, {"@x", "'@x"}, {"\tx", "'\tx"}, {"\rx", "\nx"}, {"'x", "''x"},
		{"x=1", "x=1"}, {"", ""}, {"a\r\nb", "a\nb"}, {"hello", "hello"},
	} {
		if got := EscapeCell(tt.in); got != tt.out {
			t.Errorf("EscapeCell(%q) = %q, want %q", tt.in, got, tt.out)
		}
		if got := UnescapeCell(EscapeCell(tt.in)); got != roadmap.NormalizeLineBreaks(tt.in) {
			t.Errorf("UnescapeCell(EscapeCell(%q)) = %q", tt.in, got)
		}
	}
	if got := UnescapeCell("'hello"); got != "'hello" {
		t.Errorf("a hand-written quote was removed: %q", got)
	}
}

// A file that is not ours names at most ten of its columns.
func TestHeaderMessageLimit(t *testing.T) {
	_, err := ParseStackCSV(strings.NewReader("a,b,c,d,e,f,g,h,i,j,k,l\n"))
	var ie *ImportError
	if !errors.As(err, &ie) || !strings.HasSuffix(ie.Errors[0].Message, `unknown "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", …).`) {
		t.Errorf("got %v", err)
	}
}

// numbered repeats a CSV row n times, its first cell (the name) numbered so
// each row names another tool: "A 1,…", "A 2,…".
func numbered(row string, n int) string {
	name, rest, _ := strings.Cut(row, ",")
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%s %d,%s", name, i+1, rest)
	}
	return b.String()
}
