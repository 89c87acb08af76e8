package workbook

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/headwayhq/headway/internal/export"
	"github.com/headwayhq/headway/internal/roadmap"
)

// Limits of an upload (the http layer also caps the request at MaxFileSize).
const (
	MaxFileSize = 5 << 20 // bytes of the XLSX as uploaded
	// MaxUnzipped bounds the sum of the archive's entries, uncompressed,
	// as its central directory declares them (archive/zip refuses an
	// entry that inflates beyond its declared size).
	MaxUnzipped = 50 << 20
	// MaxRatio bounds one entry's compression ratio (XML compresses some
	// 10 to 30 times; a bomb, thousands) for entries over 1 MiB.
	MaxRatio    = 200
	MaxEntries  = 1000
	MaxRows     = 5000 // data rows per sheet
	MaxColumns  = 64   // columns read per row (the template has at most 16)
	MaxProblems = 50   // problems listed (the rest counted)
)

// ErrRefused wraps why a file is refused before its sheets are read (not an
// XLSX, too large unzipped, a zip bomb).
var ErrRefused = errors.New("workbook refused")

func refuse(msg string) error { return fmt.Errorf("%w: %s", ErrRefused, msg) }

// Problem is a value the import cannot take: the sheet, the row (1 is the
// header; 0 for the sheet as a whole), the column's header ("" for the
// row as a whole) and the domain's message.
type Problem struct {
	Sheet   string
	Row     int
	Column  string
	Message string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Sheet)
	if p.Row > 0 {
		b.WriteString(", row " + strconv.Itoa(p.Row))
	}
	if p.Column != "" {
		b.WriteString(", column “" + p.Column + "”")
	}
	return b.String() + ": " + p.Message
}

// Rating is one of the importer's own ratings (Level nil: not rated, an
// interest only).
type Rating = roadmap.RatingInput

// PracticeRow is a practice's status and notes as the sheet gives them.
type PracticeRow struct {
	Key    string
	Status roadmap.PracticeStatus
	Notes  string
}

// Parsed is what a workbook holds, checked: every row valid by the
// domain's rules, or a Problem naming it.
type Parsed struct {
	Stack        []roadmap.StackItem
	Findings     []export.FindingRow
	Requirements []roadmap.Requirement // every cell of the required-level columns (0: not needed)
	Ratings      []Rating              // the uploader's own (skills rated or marked interesting)
	KPIs         []roadmap.Snapshot
	Practices    []PracticeRow // the practices whose row has a status
	Maturity     roadmap.MaturityAnswers
	// SkillRows are the skills sheet's rows by skill key, for a caller
	// that checks the keys against the organization's catalog.
	SkillRows    map[string]int
	Problems     []Problem
	MoreProblems int
	// Notices are what was ignored: unknown sheets, macros, external
	// links, the read-only Roadmap sheet.
	Notices []string
}

// OK reports whether the workbook can be imported.
func (p *Parsed) OK() bool { return len(p.Problems) == 0 }

// Empty reports whether the workbook holds nothing to import.
func (p *Parsed) Empty() bool {
	return len(p.Stack)+len(p.Findings)+len(p.Ratings)+len(p.KPIs)+len(p.Practices)+len(p.Maturity) == 0 && !p.hasRequirements()
}

func (p *Parsed) hasRequirements() bool { return len(p.Requirements) > 0 }

func (p *Parsed) problem(sheet string, row int, column, msg string) {
	if len(p.Problems) >= MaxProblems {
		p.MoreProblems++
		return
	}
	p.Problems = append(p.Problems, Problem{Sheet: sheet, Row: row, Column: column, Message: msg})
}

// Parse reads a workbook at time.Now (KPI dates may not be in the future).
func Parse(r io.ReaderAt, size int64) (*Parsed, error) { return ParseAt(r, size, time.Now()) }

// ParseAt reads and checks a workbook. The error is for a file refused
// whole (ErrRefused); a workbook whose values are wrong is a Parsed with
// Problems.
func ParseAt(r io.ReaderAt, size int64, now time.Time) (*Parsed, error) {
	if size > MaxFileSize {
		return nil, refuse(fmt.Sprintf("the file is larger than %d MiB", MaxFileSize>>20))
	}
	p := &Parsed{}
	if err := inspect(r, size, p); err != nil {
		return nil, err
	}
	buf := make([]byte, size)
	if _, err := r.ReadAt(buf, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf), excelize.Options{RawCellValue: true,
		UnzipSizeLimit: MaxUnzipped, UnzipXMLSizeLimit: MaxUnzipped})
	if err != nil {
		return nil, refuse("it is not an XLSX workbook the import can read (" + err.Error() + ")")
	}
	defer func() { _ = f.Close() }()
	known := map[string]bool{}
	for _, s := range Sheets {
		known[s] = true
	}
	have := map[string]bool{}
	for _, s := range f.GetSheetList() {
		have[s] = true
		if !known[s] {
			p.Notices = append(p.Notices, "The sheet “"+s+"” is not one of the template's: it was ignored.")
		}
	}
	read := []struct {
		name string
		fn   func(*sheet, *Parsed, time.Time)
	}{
		{SheetStack, readStack}, {SheetFindings, readFindings}, {SheetSkills, readSkills}, {SheetKPIs, readKPIs},
		{SheetPractices, readPractices}, {SheetMaturity, readMaturity},
	}
	for _, s := range read {
		if !have[s.name] {
			p.Notices = append(p.Notices, "The sheet “"+s.name+"” is missing: nothing of it is imported.")
			continue
		}
		sh, err := load(f, s.name, p)
		if err != nil {
			return nil, refuse("the sheet “" + s.name + "” cannot be read (" + err.Error() + ")")
		}
		if sh != nil {
			s.fn(sh, p, now)
		}
	}
	if have[SheetRoadmap] {
		p.Notices = append(p.Notices, "The sheet “"+SheetRoadmap+"” is derived from the others and was not imported: decide on initiatives on the roadmap page.")
	}
	return p, nil
}

// inspect walks the archive's central directory before anything is
// inflated: the declared sizes must stay under MaxUnzipped in total and
// each large entry's ratio under MaxRatio. Macros and external links are
// noted (never run or followed: the import reads only the sheets' values).
func inspect(r io.ReaderAt, size int64, p *Parsed) error {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return refuse("it is not an XLSX workbook (an XLSX is a zip archive; save the file as .xlsx)")
	}
	if len(z.File) > MaxEntries {
		return refuse("the archive has too many parts")
	}
	var total uint64
	macros, links := false, false
	for _, e := range z.File {
		total += e.UncompressedSize64
		if total > MaxUnzipped {
			return refuse(fmt.Sprintf("it would unpack to more than %d MiB (a zip bomb, or far more data than a roadmap has)", MaxUnzipped>>20))
		}
		if e.UncompressedSize64 > 1<<20 && e.UncompressedSize64/max(e.CompressedSize64, 1) > MaxRatio {
			return refuse("one of its parts is compressed " + strconv.FormatUint(e.UncompressedSize64/max(e.CompressedSize64, 1), 10) + " times (a zip bomb)")
		}
		name := strings.ToLower(e.Name)
		macros = macros || strings.HasSuffix(name, "vbaproject.bin")
		links = links || strings.HasPrefix(name, "xl/externallinks/")
	}
	// Each part must inflate to exactly what it declares, checksum and all
	// (bounded by the declared sizes just checked): a part that lies about
	// its size would otherwise read as an empty sheet, not as the damaged
	// file it is.
	for _, e := range z.File {
		rc, err := e.Open()
		if err == nil {
			var n int64
			n, err = io.Copy(io.Discard, io.LimitReader(rc, int64(e.UncompressedSize64)+1))
			if err == nil && uint64(n) != e.UncompressedSize64 {
				err = zip.ErrFormat
			}
			_ = rc.Close()
		}
		if err != nil {
			return refuse("it is damaged: the part “" + e.Name + "” cannot be read whole (save the file again from the spreadsheet)")
		}
	}
	if macros {
		p.Notices = append(p.Notices, "The workbook has macros: they were ignored (never run).")
	}
	if links {
		p.Notices = append(p.Notices, "The workbook links to other files: the links were ignored (only the values saved in this file are read).")
	}
	return nil
}

// sheet is one sheet's data rows with its columns by header.
type sheet struct {
	name   string
	cols   map[string]int // normalized header -> index
	header []string
	rows   []row
}

type row struct {
	n     int // the sheet's row number
	cells []string
}

func norm(h string) string { return strings.ToLower(strings.Join(strings.Fields(h), " ")) }

// load reads a sheet's header and its data rows (at most MaxRows; empty
// rows and example rows skipped). nil when the sheet has no header.
func load(f *excelize.File, name string, p *Parsed) (*sheet, error) {
	it, err := f.Rows(name)
	if err != nil {
		return nil, err
	}
	defer func() { _ = it.Close() }()
	sh := &sheet{name: name, cols: map[string]int{}}
	n := 0
	for it.Next() {
		n++
		if n > 2*MaxRows+100 {
			p.problem(name, n, "", fmt.Sprintf("A sheet holds at most %d rows: split the file.", MaxRows))
			break
		}
		cells, err := it.Columns()
		if err != nil {
			return nil, err
		}
		if len(cells) > MaxColumns {
			// A cell far to the right makes excelize return the whole row
			// (16,384 columns): refuse the sheet at the first such row
			// rather than read thousands of them, and keep only a copy of
			// the columns read (a slice of the long row would keep it).
			for _, c := range cells[MaxColumns:] {
				if c != "" {
					p.problem(name, n, "", fmt.Sprintf("A sheet holds at most %d columns: remove the cells to the right of column %d.", MaxColumns, MaxColumns))
					return sh, nil
				}
			}
			cells = slices.Clone(cells[:MaxColumns])
		}
		if n == 1 {
			sh.header = cells
			for i, h := range cells {
				if k := norm(h); k != "" {
					if _, dup := sh.cols[k]; !dup {
						sh.cols[k] = i
					}
				}
			}
			continue
		}
		// Empty rows, and example rows (the first cell with text starts
		// with ExamplePrefix, wherever a person moved the columns), are
		// skipped.
		first := ""
		for _, c := range cells {
			if first = strings.TrimSpace(c); first != "" {
				break
			}
		}
		if first == "" || strings.HasPrefix(first, ExamplePrefix) {
			continue
		}
		if len(sh.rows) >= MaxRows {
			p.problem(name, n, "", fmt.Sprintf("A sheet holds at most %d rows: split the file.", MaxRows))
			break
		}
		sh.rows = append(sh.rows, row{n: n, cells: cells})
	}
	if n == 0 {
		p.Notices = append(p.Notices, "The sheet “"+name+"” is empty: nothing of it is imported.")
		return nil, nil
	}
	return sh, it.Error()
}

// need checks the sheet has the headers (a Problem on row 1 otherwise).
func (sh *sheet) need(p *Parsed, headers ...string) bool {
	ok := true
	for _, h := range headers {
		if _, found := sh.cols[norm(h)]; !found {
			p.problem(sh.name, 1, h, "This column is missing: keep the template's header row.")
			ok = false
		}
	}
	return ok
}

// get is the row's cell under header ("" when the column or cell is
// absent).
func (sh *sheet) get(r row, header string) string {
	i, ok := sh.cols[norm(header)]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

// txt is a text cell as a person meant it (the export's formula escape
// taken off).
func (sh *sheet) txt(r row, header string) string {
	return export.UnescapeCell(roadmap.NormalizeLineBreaks(sh.get(r, header)))
}

func parseNum(v string) (float64, bool) {
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "%"))
	f, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", ""), 64)
	return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
}

func parseInt(v string) (int, bool) {
	f, ok := parseNum(v)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1e6 {
		return 0, false
	}
	return int(f), true
}

// fields maps the domain's field names to the sheet's headers, for its
// Validate messages.
func (sh *sheet) report(p *Parsed, r row, fe roadmap.FieldErrors, fields map[string]string) {
	for _, k := range sortedKeys(fe) {
		col, ok := fields[k]
		if !ok {
			col = k
		}
		p.problem(sh.name, r.n, col, fe[k])
	}
}

func sortedKeys(fe roadmap.FieldErrors) []string {
	keys := make([]string, 0, len(fe))
	for k := range fe {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

var stackFields = map[string]string{"name": HName, "category": HCategory, "lifecycle": HLifecycle, "monthly_cost": HMonthlyCost,
	"cost_scaling": HCostScaling, "scalability": HScalability, "support_hours_per_month": HSupport, "owner": HOwner, "notes": HNotes}

func readStack(sh *sheet, p *Parsed, _ time.Time) {
	if !sh.need(p, HName, HCategory, HLifecycle, HMonthlyCost, HCostScaling, HScalability, HSupport) {
		return
	}
	seen := map[string]int{}
	for _, r := range sh.rows {
		it := roadmap.StackItem{Name: sh.txt(r, HName), Owner: sh.txt(r, HOwner), Notes: sh.txt(r, HNotes)}
		fe := roadmap.FieldErrors{}
		var ok bool
		if it.Category, ok = choose(roadmap.Categories, sh.get(r, HCategory), str); !ok {
			fe.Add("category", "Choose a category of the list.")
		}
		if it.Lifecycle, ok = choose(roadmap.Lifecycles, sh.get(r, HLifecycle), str); !ok {
			fe.Add("lifecycle", "Choose a lifecycle of the list: adopt, trial, assess, hold or retire.")
		}
		if it.CostScaling, ok = choose(roadmap.CostScalings, sh.get(r, HCostScaling), str); !ok {
			fe.Add("cost_scaling", "Choose how the cost scales: flat, linear or superlinear.")
		}
		if v := sh.get(r, HMonthlyCost); v != "" {
			if it.MonthlyCost, ok = parseNum(v); !ok {
				fe.Add("monthly_cost", "Enter the monthly cost as a number.")
			}
		}
		if v := sh.get(r, HSupport); v != "" {
			if it.SupportHoursPerMonth, ok = parseNum(v); !ok {
				fe.Add("support_hours_per_month", "Enter the support hours as a number.")
			}
		}
		if it.Scalability, ok = parseInt(sh.get(r, HScalability)); !ok {
			fe.Add("scalability", "Choose the scalability, a whole number from 1 to 5.")
		}
		for k, v := range it.Validate() {
			if _, dup := fe[k]; !dup {
				fe.Add(k, v)
			}
		}
		key := strings.ToLower(it.Name)
		if prev, dup := seen[key]; dup && it.Name != "" {
			fe.Add("name", "“"+it.Name+"” is already on row "+itoa(prev)+": a tool appears once.")
		}
		seen[key] = r.n
		if len(fe) > 0 {
			sh.report(p, r, fe, stackFields)
			continue
		}
		p.Stack = append(p.Stack, it)
	}
}

var findingFields = map[string]string{"kind": HKind, "title": HTitle, "description": HDescription, "severity": HSeverity,
	"effort": HEffort, "status": HStatus, "stack_item_id": HTool}

func readFindings(sh *sheet, p *Parsed, _ time.Time) {
	if !sh.need(p, HTitle, HKind, HSeverity, HEffort) {
		return
	}
	seen := map[string]int{}
	for _, r := range sh.rows {
		f := roadmap.Finding{Title: sh.txt(r, HTitle), Description: sh.txt(r, HDescription)}
		fe := roadmap.FieldErrors{}
		var ok bool
		if f.Kind, ok = choose(roadmap.FindingKinds, sh.get(r, HKind), str); !ok {
			fe.Add("kind", "Choose the kind: tech debt or growth opportunity.")
		}
		if f.Effort, ok = choose(roadmap.Efforts, sh.get(r, HEffort), str); !ok {
			fe.Add("effort", "Choose the effort: XS, S, M, L or XL.")
		}
		if v := sh.get(r, HStatus); v != "" {
			if f.Status, ok = choose(roadmap.FindingStatuses, v, str); !ok {
				fe.Add("status", "Choose the status: open, planned or resolved.")
			}
		}
		if f.Severity, ok = parseInt(sh.get(r, HSeverity)); !ok {
			fe.Add("severity", "Choose the severity, a whole number from 1 to 4.")
		}
		f = f.WithDefaults()
		for k, v := range f.Validate() {
			if _, dup := fe[k]; !dup {
				fe.Add(k, v)
			}
		}
		key := strings.ToLower(f.Title)
		if prev, dup := seen[key]; dup && f.Title != "" {
			fe.Add("title", "“"+f.Title+"” is already on row "+itoa(prev)+": the import matches findings by title.")
		}
		seen[key] = r.n
		if len(fe) > 0 {
			sh.report(p, r, fe, findingFields)
			continue
		}
		p.Findings = append(p.Findings, export.FindingRow{Row: r.n, Finding: f, StackItem: sh.txt(r, HTool)})
	}
}

func readSkills(sh *sheet, p *Parsed, _ time.Time) {
	if !sh.need(p, HKey) {
		return
	}
	_, rated := sh.cols[norm(HYourRating)]
	_, interest := sh.cols[norm(HInterested)]
	for _, r := range sh.rows {
		key := sh.get(r, HKey)
		if !roadmap.ValidSkillKey(key) {
			p.problem(sh.name, r.n, HKey, "Unknown skill key: keep the Key column as the template has it.")
			continue
		}
		if p.SkillRows == nil {
			p.SkillRows = map[string]int{}
		}
		if prev, dup := p.SkillRows[key]; dup {
			p.problem(sh.name, r.n, HKey, "This skill is already on row "+itoa(prev)+".")
			continue
		}
		p.SkillRows[key] = r.n
		for _, role := range roadmap.JobRoles {
			v := sh.get(r, RequiredHeader(role))
			if v == "" {
				continue
			}
			lv, ok := parseInt(v)
			q := roadmap.Requirement{JobRole: role.Key, SkillKey: key, Level: lv}
			if fe := q.Validate(); !ok || len(fe) > 0 {
				p.problem(sh.name, r.n, RequiredHeader(role), "Choose a level from 0 (not needed) to 4 (expert).")
				continue
			}
			p.Requirements = append(p.Requirements, q)
		}
		if !rated && !interest {
			continue
		}
		in := Rating{SkillKey: key}
		if v := sh.get(r, HYourRating); v != "" {
			lv, ok := parseInt(v)
			if !ok || lv < roadmap.MinSkillLevel || lv > roadmap.MaxSkillLevel {
				p.problem(sh.name, r.n, HYourRating, "Choose a rating from 0 (none) to 4 (expert), or leave it empty.")
				continue
			}
			in.Level = &lv
		}
		switch v := sh.get(r, HInterested); {
		case v == "" || strings.EqualFold(v, No) || v == "0" || strings.EqualFold(v, "false"):
		case strings.EqualFold(v, Yes) || v == "1" || strings.EqualFold(v, "true"):
			in.Interested = true
		default:
			p.problem(sh.name, r.n, HInterested, "Answer Yes or No, or leave it empty.")
			continue
		}
		if fe := in.Validate(); len(fe) > 0 {
			p.problem(sh.name, r.n, HYourRating, fe[in.Field()])
			continue
		}
		if in.Level != nil || in.Interested {
			p.Ratings = append(p.Ratings, in)
		}
	}
}

var kpiFields = map[string]string{"measured_on": HMeasuredOn, "edition": HEdition,
	"deployments_per_week": HDeploys, "deployment_frequency_answer": HDeployAns, "lead_time_hours": HLeadHours,
	"lead_time_answer": HLeadAns, "recovery_time_hours": HRecovHours, "recovery_time_answer": HRecovAns,
	"change_failure_rate": HCFR, "rework_rate": HRework}

// parseDate reads a date cell: YYYY-MM-DD text, or a spreadsheet date
// (a serial number of days, as a date cell saves it).
func parseDate(v string) (time.Time, bool) {
	if d, ok := roadmap.ParseDate(v); ok {
		return d, true
	}
	if n, ok := parseNum(v); ok && n > 1 && n < 2958466 {
		d, err := excelize.ExcelDateToTime(math.Floor(n), false)
		if err == nil {
			return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC), true
		}
	}
	return time.Time{}, false
}

func readKPIs(sh *sheet, p *Parsed, now time.Time) {
	if !sh.need(p, HMeasuredOn, HDeploys, HDeployAns, HLeadHours, HLeadAns, HRecovHours, HRecovAns, HCFR) {
		return
	}
	seen := map[string]int{}
	for _, r := range sh.rows {
		fe := roadmap.FieldErrors{}
		var k roadmap.Snapshot
		if v := sh.get(r, HMeasuredOn); v != "" {
			d, ok := parseDate(v)
			if !ok {
				fe.Add("measured_on", roadmap.MsgDate)
			}
			k.MeasuredOn = d
		}
		k.Edition = sh.get(r, HEdition)
		number := func(h, field string) *float64 {
			v := sh.get(r, h)
			if v == "" {
				return nil
			}
			n, ok := parseNum(v)
			if !ok {
				fe.Add(field, "Enter a number.")
				return nil
			}
			return &n
		}
		answer := func(h, field string) *int {
			v := sh.get(r, h)
			if v == "" {
				return nil
			}
			n, ok := parseInt(v)
			if !ok {
				fe.Add(field, "Choose one of the six answers, 1 to 6.")
				return nil
			}
			return &n
		}
		k.DeploymentsPerWeek, k.DeploymentFrequencyAnswer = number(HDeploys, "deployments_per_week"), answer(HDeployAns, "deployment_frequency_answer")
		k.LeadTimeHours, k.LeadTimeAnswer = number(HLeadHours, "lead_time_hours"), answer(HLeadAns, "lead_time_answer")
		k.RecoveryTimeHours, k.RecoveryTimeAnswer = number(HRecovHours, "recovery_time_hours"), answer(HRecovAns, "recovery_time_answer")
		k.ChangeFailureRate, k.ReworkRate = number(HCFR, "change_failure_rate"), number(HRework, "rework_rate")
		for f, m := range k.Validate(now) {
			if _, dup := fe[f]; !dup {
				fe.Add(f, m)
			}
		}
		if !k.MeasuredOn.IsZero() {
			day := k.MeasuredOn.Format(roadmap.DateLayout)
			if prev, dup := seen[day]; dup {
				fe.Add("measured_on", day+" is already on row "+itoa(prev)+": one snapshot a date.")
			}
			seen[day] = r.n
		}
		if len(fe) > 0 {
			sh.report(p, r, fe, kpiFields)
			continue
		}
		p.KPIs = append(p.KPIs, k.WithDefaults())
	}
}

func readPractices(sh *sheet, p *Parsed, _ time.Time) {
	if !sh.need(p, HKey, HStatus) {
		return
	}
	for _, r := range sh.rows {
		key := sh.get(r, HKey)
		if _, ok := roadmap.PracticeByKey(key); !ok {
			p.problem(sh.name, r.n, HKey, "Unknown practice: keep the Key column as the template has it.")
			continue
		}
		v := sh.get(r, HStatus)
		if v == "" {
			continue
		}
		st, ok := choose(roadmap.PracticeStatuses, v, str)
		if !ok {
			p.problem(sh.name, r.n, HStatus, "Choose a status: not started, partial, mostly or fully.")
			continue
		}
		notes := sh.txt(r, HNotes)
		ch := roadmap.PracticeChange{Status: st, Notes: &notes}
		if fe := ch.Validate(); len(fe) > 0 {
			sh.report(p, r, fe, map[string]string{"status": HStatus, "notes": HNotes})
			continue
		}
		p.Practices = append(p.Practices, PracticeRow{Key: key, Status: st, Notes: notes})
	}
}

func readMaturity(sh *sheet, p *Parsed, _ time.Time) {
	if !sh.need(p, HKey, HAnswer) {
		return
	}
	for _, r := range sh.rows {
		key := sh.get(r, HKey)
		if _, ok := roadmap.MaturityQuestionByKey(key); !ok {
			p.problem(sh.name, r.n, HKey, roadmap.MsgUnknownQuestion+" Keep the Key column as the template has it.")
			continue
		}
		v := sh.get(r, HAnswer)
		if v == "" {
			continue
		}
		lv, ok := parseInt(v)
		if !ok || lv < roadmap.MinMaturityLevel || lv > roadmap.MaxMaturityLevel {
			p.problem(sh.name, r.n, HAnswer, roadmap.MsgLevelRange)
			continue
		}
		if p.Maturity == nil {
			p.Maturity = roadmap.MaturityAnswers{}
		}
		p.Maturity[key] = lv
	}
}

// MaturityComplete reports whether the maturity answers answer every question.
func (p *Parsed) MaturityComplete() bool {
	return len(p.Maturity) > 0 && len(p.Maturity.Validate(true)) == 0
}
