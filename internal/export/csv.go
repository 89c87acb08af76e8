// Package export writes and reads step 1's inventory and findings as CSV
// (encoding/csv, RFC 4180 with LF line ends), for spreadsheets and for
// moving an audit between organizations. It is pure: readers and writers
// in, domain values out; the store applies an import in one transaction.
//
// The files:
//
//	stack.csv:    name,category,lifecycle,monthly_cost,cost_scaling,scalability,support_hours_per_month,owner,notes
//	findings.csv: kind,title,description,severity,effort,status,stack_item
//
// A file is UTF-8 text (a leading byte-order mark is dropped); any other
// encoding is refused whole, with a word on how to save it.
//
// Rows are counted as a spreadsheet shows them: the header is row 1, and a
// cell with line breaks stays in one row. Line breaks inside cells are LF.
//
// The columns are the API's field names. Enumerations are written as their
// keys (ci_cd, adopt, …); on import a label in any case is accepted too
// ("CI/CD"). Numbers are plain decimals with a dot ("1250.5"); an empty
// cost or support hours cell is 0. A finding names its stack item by the
// item's name in stack_item (empty for the stack as a whole), not by id:
// ids differ between organizations, and an export must import into an
// empty one; so the stack is imported before its findings, and names that
// findings refer to must be unique.
//
// Formula injection: a spreadsheet runs a cell that begins with =, +, -, @,
// tab or CR as a formula, so the export prefixes such a cell with a single
// quote (which spreadsheets show as text and hide), and the import removes
// that quote again, so export → import gives back exactly what was
// exported. A cell that itself begins with a quote is prefixed too, so a
// value like "'=x" survives the trip.
package export

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/headwayhq/headway/internal/roadmap"
)

// StackHeader is the header of an inventory CSV, in the order written. An
// import accepts the columns in any order, each exactly once.
var StackHeader = []string{"name", "category", "lifecycle", "monthly_cost", "cost_scaling", "scalability",
	"support_hours_per_month", "owner", "notes"}

// FindingsHeader is the header of a findings CSV, in the order written.
var FindingsHeader = []string{"kind", "title", "description", "severity", "effort", "status", "stack_item"}

// Limits of an import: a file larger or longer is refused whole.
const (
	MaxImportBytes  = 1 << 20 // 1 MiB
	MaxImportRows   = 2000    // rows after the header
	MaxImportErrors = 100     // errors listed; the rest are counted
)

// CellError is one problem of an import: the row (1-based, the header is
// row 1; 0 for the file as a whole), the column (a header name, "" for the
// whole row) and a message safe to show.
type CellError struct {
	Row     int
	Column  string
	Message string
}

func (e CellError) String() string {
	switch {
	case e.Row == 0:
		return e.Message
	case e.Column == "":
		return fmt.Sprintf("Row %d: %s", e.Row, e.Message)
	}
	return fmt.Sprintf("Row %d, %s: %s", e.Row, e.Column, e.Message)
}

// ImportError is every problem found in a file, in row order, columns in
// header order; More counts those beyond MaxImportErrors. Nothing of a file
// with errors is imported.
type ImportError struct {
	Errors []CellError
	More   int
}

func (e *ImportError) Error() string {
	parts := make([]string, len(e.Errors))
	for i, c := range e.Errors {
		parts[i] = c.String()
	}
	s := strings.Join(parts, "; ")
	if e.More > 0 {
		s += fmt.Sprintf("; and %d more", e.More)
	}
	return s
}

func (e *ImportError) add(row int, column, msg string) {
	if len(e.Errors) >= MaxImportErrors {
		e.More++
		return
	}
	e.Errors = append(e.Errors, CellError{row, column, msg})
}

func (e *ImportError) err() error {
	if len(e.Errors) == 0 {
		return nil
	}
	return e
}

// FindingRow is a finding as a CSV row: the item it is about by name.
// Finding.StackItemID is not written and is nil when read; see
// ResolveStackItems.
type FindingRow struct {
	Row       int // the row of the file it was read from (header = 1); 0 when not read
	Finding   roadmap.Finding
	StackItem string // the stack item's name, "" for none
}

// NameStackItems makes export rows of findings: each finding's stack item
// by name, from names (item id → name). A finding without an item, or
// whose item is not in names, has an empty stack_item.
func NameStackItems(findings []roadmap.Finding, names map[int64]string) []FindingRow {
	out := make([]FindingRow, len(findings))
	for i, f := range findings {
		out[i].Finding = f
		if f.StackItemID != nil {
			out[i].StackItem = names[*f.StackItemID]
		}
	}
	return out
}

// WriteStackCSV writes the items with StackHeader.
func WriteStackCSV(w io.Writer, items []roadmap.StackItem) error {
	rows := make([][]string, 0, len(items)+1)
	rows = append(rows, StackHeader)
	for _, it := range items {
		rows = append(rows, StackRecord(it))
	}
	return writeAll(w, rows)
}

// StackRecord is the item's cells in StackHeader's order, as written but
// not yet escaped (a preview shows them so).
func StackRecord(it roadmap.StackItem) []string {
	return []string{it.Name, string(it.Category), string(it.Lifecycle), formatFloat(it.MonthlyCost),
		string(it.CostScaling), strconv.Itoa(it.Scalability), formatFloat(it.SupportHoursPerMonth), it.Owner, it.Notes}
}

// WriteFindingsCSV writes the findings with FindingsHeader.
func WriteFindingsCSV(w io.Writer, findings []FindingRow) error {
	rows := make([][]string, 0, len(findings)+1)
	rows = append(rows, FindingsHeader)
	for _, r := range findings {
		rows = append(rows, FindingRecord(r))
	}
	return writeAll(w, rows)
}

// FindingRecord is the row's cells in FindingsHeader's order, not yet
// escaped.
func FindingRecord(r FindingRow) []string {
	f := r.Finding
	return []string{string(f.Kind), f.Title, f.Description, strconv.Itoa(f.Severity), string(f.Effort), string(f.Status), r.StackItem}
}

func writeAll(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	for i, row := range rows {
		if i > 0 { // the header is ours and safe
			for j, c := range row {
				row[j] = EscapeCell(c)
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// formatFloat writes the shortest decimal that reads back as the same
// float64, never with an exponent (spreadsheets read "1e+09" as text in
// some locales).
func formatFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// EscapeCell makes a cell safe to open in a spreadsheet: a cell beginning
// with =, +, -, @, tab or CR (which a spreadsheet would run as a formula),
// or with the single quote itself, gets a single quote in front. Line
// breaks are written as LF (roadmap.NormalizeLineBreaks): a CSV reader
// turns a CRLF inside a cell into LF anyway, so only LF round-trips.
func EscapeCell(s string) string {
	s = roadmap.NormalizeLineBreaks(s)
	if s != "" && strings.IndexByte(formulaStarts, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// UnescapeCell undoes EscapeCell's quote: a cell beginning with a single
// quote followed by one of the characters EscapeCell guards loses the
// quote. Any other cell is kept as it is, so a hand-written "'hello" stays.
func UnescapeCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.IndexByte(formulaStarts, s[1]) >= 0 {
		return s[1:]
	}
	return s
}

// formulaStarts are the first characters EscapeCell guards.
const formulaStarts = "=+-@\t\r'"

// ParseStackCSV reads an inventory CSV: every row checked (the numbers
// parsed, then the item's Validate), every problem returned as an
// *ImportError naming its row and column, and no items unless there is no
// problem at all. A name may appear once (without case), as in the
// inventory.
func ParseStackCSV(r io.Reader) ([]roadmap.StackItem, error) { return ParseNewStackItems(r, nil) }

// ParseNewStackItems is ParseStackCSV for items to add to an inventory that
// has the existing names: a row of one of them is an error too.
func ParseNewStackItems(r io.Reader, existing []string) ([]roadmap.StackItem, error) {
	var items []roadmap.StackItem
	taken := make(map[string]bool, len(existing))
	for _, n := range existing {
		taken[strings.ToLower(n)] = true
	}
	first := map[string]int{} // a lower-cased name: the row it is first on
	err := parse(r, StackHeader, func(row int, cell func(string) string, ie *ImportError) {
		fe := roadmap.FieldErrors{}
		it := roadmap.StackItem{
			Name:                 cell("name"),
			Category:             roadmap.ParseCategory(cell("category")),
			Lifecycle:            roadmap.ParseLifecycle(cell("lifecycle")),
			MonthlyCost:          parseAmount(fe, "monthly_cost", cell("monthly_cost")),
			CostScaling:          roadmap.ParseCostScaling(cell("cost_scaling")),
			Scalability:          parseWhole(fe, "scalability", cell("scalability"), "3"),
			SupportHoursPerMonth: parseAmount(fe, "support_hours_per_month", cell("support_hours_per_month")),
			Owner:                cell("owner"),
			Notes:                cell("notes"),
		}
		if key := strings.ToLower(it.Name); key != "" {
			if taken[key] {
				fe.Add("name", roadmap.MsgStackNameTaken(it.Name))
			} else if at, ok := first[key]; ok {
				fe.Add("name", fmt.Sprintf("“%s” is also on row %d: a tool appears once.", it.Name, at))
			} else {
				first[key] = row
			}
		}
		if report(ie, row, StackHeader, fe, it.Validate()) {
			items = append(items, it)
		}
	})
	if err != nil {
		return nil, err
	}
	return items, nil
}

// ParseFindingsCSV reads a findings CSV like ParseStackCSV. An empty status
// is open. The stack_item names are not checked here: ResolveStackItems
// does that against the organization's inventory.
func ParseFindingsCSV(r io.Reader) ([]FindingRow, error) {
	var out []FindingRow
	err := parse(r, FindingsHeader, func(row int, cell func(string) string, ie *ImportError) {
		fe := roadmap.FieldErrors{}
		f := roadmap.Finding{
			Kind:        roadmap.ParseFindingKind(cell("kind")),
			Title:       cell("title"),
			Description: cell("description"),
			Severity:    parseWhole(fe, "severity", cell("severity"), "3"),
			Effort:      roadmap.ParseEffort(cell("effort")),
			Status:      roadmap.ParseFindingStatus(cell("status")),
		}.WithDefaults()
		name := cell("stack_item")
		fe.Text("stack_item", "Stack item", name, false, roadmap.MaxStackName)
		if report(ie, row, FindingsHeader, fe, f.Validate()) {
			out = append(out, FindingRow{Row: row, Finding: f, StackItem: name})
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// StackItemRef is an item of the organization's inventory, for
// ResolveStackItems.
type StackItemRef struct {
	ID   int64
	Name string
}

// ResolveStackItems turns the rows' stack_item names into ids of the
// inventory (exact names): a name that no item has, or that two items
// share, is an error naming the row and the stack_item column. It returns
// the findings only when every name resolves.
func ResolveStackItems(rows []FindingRow, inventory []StackItemRef) ([]roadmap.Finding, error) {
	ids := map[string][]int64{}
	for _, it := range inventory {
		ids[it.Name] = append(ids[it.Name], it.ID)
	}
	ie := &ImportError{}
	out := make([]roadmap.Finding, len(rows))
	for i, r := range rows {
		out[i] = r.Finding
		out[i].StackItemID = nil
		if r.StackItem == "" {
			continue
		}
		switch found := ids[r.StackItem]; len(found) {
		case 0:
			ie.add(r.Row, "stack_item", fmt.Sprintf("No stack item is named %q.", r.StackItem))
		case 1:
			id := found[0]
			out[i].StackItemID = &id
		default:
			ie.add(r.Row, "stack_item", fmt.Sprintf("%d stack items are named %q: rename all but one.", len(found), r.StackItem))
		}
	}
	if err := ie.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// report moves the row's problems into ie, parse problems first (they
// explain a Validate message about the same field), in header order. It
// reports whether the row is valid.
func report(ie *ImportError, row int, header []string, parsed, validated roadmap.FieldErrors) bool {
	for k, v := range validated {
		parsed.Add(k, v)
	}
	for _, col := range header {
		if msg, ok := parsed[col]; ok {
			ie.add(row, col, msg)
		}
	}
	// A field that is not a column (none today) still counts.
	for k, msg := range parsed {
		if !contains(header, k) {
			ie.add(row, k, msg)
		}
	}
	return len(parsed) == 0
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// parseAmount reads a cost or hours cell: empty is 0, else a decimal.
// NaN and infinities parse here and are refused by Validate.
func parseAmount(fe roadmap.FieldErrors, field, s string) float64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		fe.Add(field, "Enter a number, like 120 or 99.50.")
		return 0
	}
	return v
}

// parseWhole reads a whole-number cell; an empty one is left for Validate
// (it is 0, out of range).
func parseWhole(fe roadmap.FieldErrors, field, s, example string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		fe.Add(field, "Enter a whole number, like "+example+".")
		return 0
	}
	return v
}

// parse reads the file: the size limit, the header, then each data row
// through row (which records its problems in ie). Rows whose cells are all
// empty (spreadsheets write them) are skipped.
func parse(r io.Reader, header []string, row func(n int, cell func(string) string, ie *ImportError)) error {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return err
	}
	ie := &ImportError{}
	if len(data) > MaxImportBytes {
		ie.add(0, "", "The file is larger than 1 MiB: split it, or remove rows.")
		return ie
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // the byte-order mark spreadsheets write
	if !utf8.Valid(data) {
		// A spreadsheet's "CSV" in its local encoding (Windows-1252, Mac
		// Roman) would otherwise be a "not allowed" on every accented cell.
		ie.add(0, "", "The file is not UTF-8 text: save it from your spreadsheet as \"CSV UTF-8\" and upload it again.")
		return ie
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1 // a short row is reported with its number, not as the file's end
	n := 0
	var index map[string]int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		n++
		if err != nil {
			ie.add(n, "", syntaxMessage(err))
			return ie // the reader cannot find the next row reliably
		}
		if n == 1 {
			if index = headerIndex(rec, header); index == nil {
				ie.add(1, "", headerMessage(rec, header))
				return ie
			}
			continue
		}
		if n-1 > MaxImportRows {
			ie = &ImportError{}
			ie.add(0, "", fmt.Sprintf("The file has more than %d rows: split it.", MaxImportRows))
			return ie
		}
		if allEmpty(rec) {
			continue
		}
		if len(rec) != len(header) {
			ie.add(n, "", fmt.Sprintf("This row has %d cells; the header has %d.", len(rec), len(header)))
			continue
		}
		row(n, func(col string) string { return UnescapeCell(roadmap.NormalizeLineBreaks(rec[index[col]])) }, ie)
	}
	if n == 0 {
		ie.add(1, "", "The file is empty: the first row must be the header "+strings.Join(header, ",")+".")
	}
	return ie.err()
}

func allEmpty(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// headerIndex maps each expected column to its position, or is nil when
// the row is not exactly the header's columns (in any order, names in any
// case, surrounding spaces ignored).
func headerIndex(rec, header []string) map[string]int {
	if len(rec) != len(header) {
		return nil
	}
	index := make(map[string]int, len(rec))
	for i, c := range rec {
		c = strings.ToLower(strings.TrimSpace(c))
		if _, dup := index[c]; dup || !contains(header, c) {
			return nil
		}
		index[c] = i
	}
	return index
}

// headerMessage names the expected header and what is wrong with the row.
func headerMessage(rec, header []string) string {
	seen := map[string]int{}
	var unknown, repeated, missing []string
	for _, c := range rec {
		c = strings.ToLower(strings.TrimSpace(c))
		seen[c]++
		switch {
		case !contains(header, c) && seen[c] == 1:
			unknown = append(unknown, strconv.Quote(c))
		case seen[c] == 2:
			repeated = append(repeated, c)
		}
	}
	for _, h := range header {
		if seen[h] == 0 {
			missing = append(missing, h)
		}
	}
	var why []string
	if len(missing) > 0 {
		why = append(why, "missing "+strings.Join(missing, ", "))
	}
	if len(unknown) > maxNamed { // a file that is not a CSV of ours can have thousands
		unknown = append(unknown[:maxNamed], "…")
	}
	if len(unknown) > 0 {
		why = append(why, "unknown "+strings.Join(unknown, ", "))
	}
	if len(repeated) > 0 {
		why = append(why, "repeated "+strings.Join(repeated, ", "))
	}
	msg := "The first row must be the header " + strings.Join(header, ",")
	if len(why) > 0 {
		msg += " (" + strings.Join(why, "; ") + ")"
	}
	return msg + "."
}

// maxNamed is how many unknown columns a header message names.
const maxNamed = 10

// syntaxMessage explains a CSV syntax error in words.
func syntaxMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, csv.ErrBareQuote):
			return fmt.Sprintf("A quote (\") inside a cell that is not quoted (line %d): quote the whole cell and double the quote.", pe.Line)
		case errors.Is(pe.Err, csv.ErrQuote):
			return fmt.Sprintf("A quoted cell is not closed, or has text after its closing quote (line %d).", pe.Line)
		}
		return fmt.Sprintf("This row cannot be read (line %d): %v.", pe.Line, pe.Err)
	}
	return "This row cannot be read: " + err.Error() + "."
}
