package workbook

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/headwayhq/headway/internal/export"
	"github.com/headwayhq/headway/internal/roadmap"
)

// ValidatedRows is how many rows under the data (or the example) of a
// typed sheet carry the dropdowns, so a person can add rows.
const ValidatedRows = 500

// col is a column of a sheet: its header, width and validation.
type col struct {
	h      string
	w      float64
	list   []string // a dropdown of these values
	num    bool     // a decimal of at least 0
	prompt string   // the input message (at most 255 characters)
}

var (
	wholeList = func(lo, hi int) []string {
		var out []string
		for i := lo; i <= hi; i++ {
			out = append(out, strconv.Itoa(i))
		}
		return out
	}
	yesNo = []string{Yes, No}
)

func stackCols() []col {
	return []col{
		{h: HName, w: 30},
		{h: HCategory, w: 28, list: labels(roadmap.Categories)},
		{h: HLifecycle, w: 12, list: labels(roadmap.Lifecycles)},
		{h: HMonthlyCost, w: 14, num: true, prompt: "The monthly cost in your currency."},
		{h: HCostScaling, w: 14, list: labels(roadmap.CostScalings),
			prompt: "Flat: the same bill for twice the team. Linear: per seat. Superlinear: usage-priced, grows faster than the team."},
		{h: HScalability, w: 16, list: wholeList(1, 5), prompt: "1 does not scale … 5 scales without effort."},
		{h: HSupport, w: 20, num: true, prompt: "Hours a month lost to troubleshooting it."},
		{h: HOwner, w: 22},
		{h: HNotes, w: 44},
		{h: HCostTwice, w: 22},
	}
}

func findingCols() []col {
	return []col{
		{h: HTitle, w: 40},
		{h: HKind, w: 20, list: labels(roadmap.FindingKinds)},
		{h: HDescription, w: 50},
		{h: HSeverity, w: 14, list: wholeList(1, 4), prompt: "1 low, 2 medium, 3 high, 4 critical (the value, for an opportunity)."},
		{h: HEffort, w: 10, list: labels(roadmap.Efforts)},
		{h: HStatus, w: 12, list: labels(roadmap.FindingStatuses)},
		{h: HTool, w: 28, prompt: "The name of a tool of the stack audit, or empty for the stack as a whole."},
	}
}

func skillCols(role roadmap.JobRole) []col {
	cols := []col{{h: HKey, w: 24}, {h: HSkill, w: 36}, {h: HCategory, w: 32}}
	for _, r := range roadmap.JobRoles {
		cols = append(cols, col{h: RequiredHeader(r), w: 13, list: wholeList(0, 4), prompt: "The level this role needs: 0 not needed … 4 expert."})
	}
	return append(cols,
		col{h: HYourRating, w: 16, list: wholeList(0, 4), prompt: "0 none, 1 aware, 2 working, 3 practitioner, 4 expert. Empty: not rated."},
		col{h: HInterested, w: 20, list: yesNo},
		col{h: HGapPrefix + role.Title, w: 18})
}

func kpiCols() []col {
	keys := make([]string, 0, 2)
	for _, e := range roadmap.Editions() {
		keys = append(keys, e.Key)
	}
	ans := func(m roadmap.Metric) string {
		var b strings.Builder
		for i := len(roadmap.Answers[m]) - 1; i >= 0; i-- {
			a := roadmap.Answers[m][i]
			fmt.Fprintf(&b, "%d %s; ", a.Key, a.Label)
		}
		return strings.TrimSuffix(b.String(), "; ")
	}
	return []col{
		{h: HMeasuredOn, w: 24},
		{h: HEdition, w: 10, list: keys},
		{h: HDeploys, w: 18, num: true, prompt: "The exact number, or leave it empty and give the answer."},
		{h: HDeployAns, w: 20, list: wholeList(1, 6), prompt: ans(roadmap.MetricDeploymentFrequency)},
		{h: HLeadHours, w: 16, num: true},
		{h: HLeadAns, w: 18, list: wholeList(1, 6), prompt: ans(roadmap.MetricLeadTime)},
		{h: HRecovHours, w: 18, num: true},
		{h: HRecovAns, w: 20, list: wholeList(1, 6), prompt: ans(roadmap.MetricRecoveryTime)},
		{h: HCFR, w: 18, num: true, prompt: "A percentage from 0 to 100."},
		{h: HRework, w: 14, num: true, prompt: "Optional: a percentage from 0 to 100."},
		{h: HScorePrefix + roadmap.MetricDeploymentFrequency.Label(), w: 22},
		{h: HScorePrefix + roadmap.MetricLeadTime.Label(), w: 22},
		{h: HScorePrefix + roadmap.MetricRecoveryTime.Label(), w: 22},
		{h: HScorePrefix + roadmap.MetricChangeFailureRate.Label(), w: 22},
	}
}

func practiceCols() []col {
	return []col{{h: HKey, w: 26}, {h: HGroup, w: 14}, {h: HPractice, w: 36}, {h: HMeans, w: 60},
		{h: HStatus, w: 14, list: labels(roadmap.PracticeStatuses)}, {h: HNotes, w: 40}}
}

func maturityCols() []col {
	cols := []col{{h: HKey, w: 24}, {h: HDimension, w: 16}, {h: HQuestion, w: 60},
		{h: HAnswer, w: 16, list: wholeList(1, 5), prompt: "The level that describes you best: the texts are in the columns to the right."}}
	for _, l := range roadmap.MaturityLevels {
		cols = append(cols, col{h: HLevel + strconv.Itoa(l.Key) + " (" + l.Label + ")", w: 34})
	}
	return cols
}

func roadmapCols() []col {
	return []col{{h: HKey, w: 30}, {h: HTitle, w: 44}, {h: HCategory, w: 18}, {h: HPhase, w: 8}, {h: HQuarter, w: 10},
		{h: HStatus, w: 12, list: labels(roadmap.Statuses)}, {h: HEffort, w: 8, list: labels(roadmap.Efforts)},
		{h: HScore, w: 12}, {h: HEvidence, w: 70}, {h: HKPIs, w: 30}}
}

// book writes the sheets of one workbook.
type book struct {
	f      *excelize.File
	header int // the header style
	wrap   int
	top    int // plain cells, aligned with the wrapped ones
	hint   int // the example row
}

// Write writes d as an XLSX workbook to w: the zero Data is the blank
// template.
func Write(w io.Writer, d Data) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	b := &book{f: f}
	var err error
	if b.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}}); err != nil {
		return err
	}
	if b.wrap, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return err
	}
	if b.top, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}}); err != nil {
		return err
	}
	if b.hint, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "6B6B6B"}}); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", SheetInstructions); err != nil {
		return err
	}
	steps := []func(Data) error{b.instructions, b.stack, b.findings, b.skills, b.kpis, b.practices, b.maturity, b.roadmap}
	for _, step := range steps {
		if err := step(d); err != nil {
			return err
		}
	}
	// The Instructions sheet (the new file's first) is the active one:
	// SetActiveSheet would read every streamed sheet back in.
	return f.Write(w)
}

// sheet writes one sheet with the stream writer: header (frozen, styled),
// widths, rows; then the dropdowns of rows 2 to the last row plus
// ValidatedRows.
func (b *book) sheet(name string, cols []col, rows [][]any) error {
	if name != SheetInstructions {
		if _, err := b.f.NewSheet(name); err != nil {
			return err
		}
	}
	// Printed: landscape, as wide as the page, the header on every page
	// (set before the stream writer, which writes the sheet's properties
	// first).
	fit, one, zero := true, 1, 0
	if err := b.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	orientation := "landscape"
	if err := b.f.SetPageLayout(name, &excelize.PageLayoutOptions{Orientation: &orientation, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	if err := b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + name + "'!$1:$1", Scope: name}); err != nil {
		return err
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(cols))
	lines := 1
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: b.header, Value: c.h}
		lines = max(lines, 1+int(float64(utf8.RuneCountInString(c.h))/(c.w*0.9)))
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{Height: 4 + 14*float64(lines)}); err != nil {
		return err
	}
	for i, r := range rows {
		for j, v := range r {
			if _, styled := v.(excelize.Cell); !styled {
				r[j] = excelize.Cell{StyleID: b.top, Value: v}
			}
		}
		if err := sw.SetRow("A"+strconv.Itoa(i+2), r, excelize.RowOpts{Height: b.height(cols, r)}); err != nil {
			return err
		}
	}
	// The dropdowns go into the worksheet the stream writer flushes
	// (added after Flush, they would be lost).
	last := len(rows) + 1 + ValidatedRows
	for i, c := range cols {
		if c.list == nil && !c.num {
			continue
		}
		letter, _ := excelize.ColumnNumberToName(i + 1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = letter + "2:" + letter + strconv.Itoa(last)
		if c.list != nil {
			if err := dv.SetDropList(c.list); err != nil {
				return fmt.Errorf("workbook: %s %s: %w", name, c.h, err)
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, c.h, "Choose one of the list: "+strings.Join(c.list, ", ")+".")
		} else {
			if err := dv.SetRange(0, 1e9, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween); err != nil {
				return err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, c.h, "Enter a number, 0 or more.")
		}
		if c.prompt != "" {
			dv.SetInput(c.h, c.prompt)
		}
		if err := b.f.AddDataValidation(name, dv); err != nil {
			return fmt.Errorf("workbook: %s %s: %w", name, c.h, err)
		}
	}
	return sw.Flush()
}

// height is a row's height in points: a line of 15 points, more for the
// wrapped cells' text at their column's width (spreadsheets do not all
// fit rows to wrapped text on opening).
func (b *book) height(cols []col, row []any) float64 {
	lines := 1
	for i, v := range row {
		c, ok := v.(excelize.Cell)
		if !ok || c.StyleID != b.wrap || i >= len(cols) {
			continue
		}
		s, _ := c.Value.(string)
		n := 0
		for _, para := range strings.Split(s, "\n") {
			n += 1 + int(float64(utf8.RuneCountInString(para))/(cols[i].w*1.1))
		}
		lines = max(lines, n)
	}
	return min(15*float64(lines), 409)
}

func (b *book) instructions(d Data) error {
	title := "Headway roadmap workbook"
	if !d.Blank() {
		title += ": " + d.Organization
		if !d.Date.IsZero() {
			title += ", " + d.Date.UTC().Format("2 January 2006")
		}
	}
	lines := []string{
		"Fill the sheets in order, then upload the file at Import in your organization (owners and admins): a preview shows what will be created or updated, and nothing is imported until you confirm.",
		"",
		SheetStack + ": one row per tool or platform, with its cost, how the cost scales, scalability 1-5 and support hours a month. “" + HCostTwice + "” is a formula (not imported).",
		SheetFindings + ": tech debt and growth opportunities, with severity 1-4, effort XS-XL and status; “" + HTool + "” names a tool of the stack audit.",
		SheetSkills + ": the skill catalog, the level each job role needs (0-4; owners and admins import these) and your own rating and interest. An import writes only the ratings of the person who uploads it.",
		SheetKPIs + ": one row per date measured: the exact numbers, or the Quick Check answer (1-6) where you only know the range; the scores are formulas (0-10).",
		SheetPractices + ": the 23 practices; choose a status for each (not started, partial, mostly, fully).",
		SheetMaturity + ": the 21 questions; answer each with the level 1-5 whose text (to the right) describes you best. All answered: the import completes an assessment; otherwise it saves a draft.",
		SheetRoadmap + ": the roadmap derived from the other sheets (read-only: an import ignores it; decide on initiatives on the roadmap page).",
		"",
		"Rows whose first cell starts with “" + ExamplePrefix + "” are examples: they are never imported. Keep the header row and the Key columns as they are: columns are found by their header, rows of the catalogs by their key.",
		"Enumerated columns have dropdowns; the import also accepts the keys (for example ci_cd for CI/CD).",
	}
	rows := make([][]any, len(lines))
	for i, l := range lines {
		rows[i] = []any{excelize.Cell{StyleID: b.wrap, Value: l}}
	}
	return b.sheet(SheetInstructions, []col{{h: title, w: 100}}, rows)
}

// example is the example row's cells (the first starts with
// ExamplePrefix), in the hint style.
func (b *book) example(vals ...any) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = excelize.Cell{StyleID: b.hint, Value: v}
	}
	return out
}

func (b *book) stack(d Data) error {
	twice := func(r int) excelize.Cell {
		n := strconv.Itoa(r)
		return excelize.Cell{Formula: `IF(D` + n + `="","",D` + n + `*IF(LOWER(E` + n + `)="flat",1,IF(LOWER(E` + n + `)="linear",2,2^1.5)))`}
	}
	rows := [][]any{append(b.example(ExamplePrefix+" GitHub", roadmap.CategorySourceControl.Label(), "Adopt", 420, "Linear", 4, 6,
		"Platform team", "Rows starting with “Example —” are not imported: overwrite this one or add yours below."), twice(2))}
	for i, it := range d.Stack {
		rows = append(rows, []any{text(it.Name), it.Category.Label(), labelOf(roadmap.Lifecycles, it.Lifecycle), it.MonthlyCost,
			labelOf(roadmap.CostScalings, it.CostScaling), it.Scalability, it.SupportHoursPerMonth, text(it.Owner), excelize.Cell{StyleID: b.wrap, Value: text(it.Notes)}, twice(i + 3)})
	}
	return b.sheet(SheetStack, stackCols(), rows)
}

func (b *book) findings(d Data) error {
	rows := [][]any{b.example(ExamplePrefix+" No staging environment", "Tech debt", "Changes reach production untested in a copy of it.", 3, "M", "Open", "")}
	for _, f := range d.Findings {
		rows = append(rows, []any{text(f.Finding.Title), labelOf(roadmap.FindingKinds, f.Finding.Kind),
			excelize.Cell{StyleID: b.wrap, Value: text(f.Finding.Description)}, f.Finding.Severity,
			labelOf(roadmap.Efforts, f.Finding.Effort), labelOf(roadmap.FindingStatuses, f.Finding.WithDefaults().Status), text(f.StackItem)})
	}
	return b.sheet(SheetFindings, findingCols(), rows)
}

func (b *book) skills(d Data) error {
	role := d.jobRole()
	req := map[[2]string]int{}
	for _, r := range d.requirements() {
		req[[2]string{r.JobRole, r.SkillKey}] = r.Level
	}
	own := map[string]roadmap.Rating{}
	for _, r := range d.Ratings {
		own[r.SkillKey] = r
	}
	roleCol := 0
	for i, r := range roadmap.JobRoles {
		if r.Key == role.Key {
			roleCol = 4 + i
		}
	}
	ratingCol := 4 + len(roadmap.JobRoles)
	rc, _ := excelize.ColumnNumberToName(roleCol)
	tc, _ := excelize.ColumnNumberToName(ratingCol)
	var rows [][]any
	for i, s := range d.skills() {
		row := []any{s.Key, text(s.Name), s.Category}
		for _, r := range roadmap.JobRoles {
			row = append(row, req[[2]string{r.Key, s.Key}])
		}
		var rating, interest any = nil, nil
		if r, ok := own[s.Key]; ok {
			if r.Level != roadmap.NotRated {
				rating = r.Level
			}
			interest = No
			if r.Interested {
				interest = Yes
			}
		}
		n := strconv.Itoa(i + 2)
		row = append(row, rating, interest, excelize.Cell{Formula: `IF(` + tc + n + `="","",MAX(0,` + rc + n + `-` + tc + n + `))`})
		rows = append(rows, row)
	}
	return b.sheet(SheetSkills, skillCols(role), rows)
}

func (b *book) kpis(d Data) error {
	scores := func(r int) []any {
		n := strconv.Itoa(r)
		dep := `IF(C` + n + `>=14,6,IF(C` + n + `>=7,5,IF(C` + n + `>=1,4,IF(C` + n + `>=12/52,3,IF(C` + n + `>=2/52,2,1)))))`
		hours := func(c string) string {
			c += n
			return `IF(` + c + `<1,6,IF(` + c + `<24,5,IF(` + c + `<168,4,IF(` + c + `<720,3,IF(` + c + `<4320,2,1)))))`
		}
		score := func(num, ans, bucket string) excelize.Cell {
			return excelize.Cell{Formula: `IF(` + num + n + `<>"",(` + bucket + `-1)*2,IF(` + ans + n + `<>"",(` + ans + n + `-1)*2,""))`}
		}
		return []any{score("C", "D", dep), score("E", "F", hours("E")), score("G", "H", hours("G")),
			excelize.Cell{Formula: `IF(I` + n + `="","",10-I` + n + `/10)`}}
	}
	rows := [][]any{append(b.example(ExamplePrefix+" 2026-03-31", roadmap.DefaultEdition, 12, "", "", 4, 3, "", 15, ""), scores(2)...)}
	for i, k := range d.KPIs {
		k = k.WithDefaults()
		row := []any{k.MeasuredOn.UTC().Format(roadmap.DateLayout), k.Edition,
			num(k.DeploymentsPerWeek), ans(k.DeploymentFrequencyAnswer), num(k.LeadTimeHours), ans(k.LeadTimeAnswer),
			num(k.RecoveryTimeHours), ans(k.RecoveryTimeAnswer), num(k.ChangeFailureRate), num(k.ReworkRate)}
		rows = append(rows, append(row, scores(i+3)...))
	}
	return b.sheet(SheetKPIs, kpiCols(), rows)
}

func (b *book) practices(d Data) error {
	var rows [][]any
	for _, p := range roadmap.PracticeCatalog {
		st := d.Practices[p.Key]
		if st.Status == "" {
			st.Status = roadmap.PracticeNotStarted
		}
		rows = append(rows, []any{p.Key, p.Group.Label(), p.Title, excelize.Cell{StyleID: b.wrap, Value: p.Means}, st.Status.Label(), text(st.Notes)})
	}
	return b.sheet(SheetPractices, practiceCols(), rows)
}

func (b *book) maturity(d Data) error {
	var rows [][]any
	for _, q := range roadmap.MaturityQuestions {
		var a any
		if v, ok := d.Maturity[q.Key]; ok {
			a = v
		}
		row := []any{q.Key, q.Dimension.Label(), excelize.Cell{StyleID: b.wrap, Value: q.Text}, a}
		for l := 1; l <= roadmap.MaxMaturityLevel; l++ {
			row = append(row, excelize.Cell{StyleID: b.wrap, Value: q.Option(l)})
		}
		rows = append(rows, row)
	}
	return b.sheet(SheetMaturity, maturityCols(), rows)
}

func (b *book) roadmap(d Data) error {
	rows := make([][]any, len(d.Roadmap))
	for i, r := range d.Roadmap {
		rows[i] = []any{r.Key, text(r.Title), r.Category, r.Phase, r.Quarter, r.Status, r.Effort, r.Score,
			excelize.Cell{StyleID: b.wrap, Value: text(r.Evidence)}, r.KPIs}
	}
	return b.sheet(SheetRoadmap, roadmapCols(), rows)
}

// text is a person's text as a cell: a string cell is never run as a
// formula, but a spreadsheet re-saving a cell that starts like one may
// (the CSV export's rule, export.EscapeCell, is the same).
func text(s string) string { return export.EscapeCell(s) }

func num(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

func ans(v *int) any {
	if v == nil {
		return nil
	}
	return *v
}
