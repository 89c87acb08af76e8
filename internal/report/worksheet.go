package report

import (
	"io"
	"strings"
	"time"
)

// Worksheet is what the blank printable worksheet lists: the steps and the
// catalogs a person answers on paper (the same sections as the workbook's
// sheets). The handler fills it from the domain's catalogs.
type Worksheet struct {
	Date  time.Time // the PDF's date (its metadata only: the pages are undated)
	Steps []Step
	// Stack and Findings are the columns of step 1's two tables (the
	// workbook's headers) and Choices the allowed values of its
	// enumerated columns.
	Stack    []Field
	Findings []Field
	Choices  []Choices
	// SkillLevels are the levels 0–4 in words ("0 None: no experience.").
	SkillLevels []string
	Skills      []Skill
	QuickCheck  []Question
	// PracticeStatuses are the four statuses, from nothing to everything.
	PracticeStatuses []string
	Practices        []Practice
	Maturity         []Question
}

// Step is one of the four steps.
type Step struct {
	Number         int
	Title, Summary string
}

// Field is a column to fill by hand: its header, a hint beside it ("1–5",
// "a month") and its width in mm (0: an equal share of what is left).
type Field struct {
	Head, Hint string
	W          float64
}

// Choices are an enumerated column's allowed values.
type Choices struct {
	Name   string
	Values []string
}

// Skill is a catalog skill to rate.
type Skill struct{ Category, Name string }

// Practice is a practice of step 3's checklist.
type Practice struct{ Group, Title string }

// Question is a question with its answers (a Quick Check question and its
// buckets, best first; a maturity question and its options, level 1 to 5),
// or, without answers, a number to write with its Unit ("%").
type Question struct {
	Group   string // the metric or the dimension
	Text    string
	Answers []string
	Unit    string
}

// tick is an empty box to tick, as a glyph of the embedded font.
const tick = "☐"

// WriteWorksheet writes the blank worksheet's PDF to w.
func WriteWorksheet(w io.Writer, ws Worksheet) error {
	d := newDoc("DevOps roadmap worksheet", "Headway", ws.Date)
	d.AddPage()
	d.worksheetIntro(ws)
	d.worksheetStack(ws)
	d.worksheetSkills(ws)
	d.worksheetKPIs(ws)
	d.worksheetPractices(ws)
	d.worksheetMaturity(ws)
	d.worksheetRoadmap()
	return d.output(w)
}

func (d *doc) worksheetIntro(ws Worksheet) {
	d.font("B", 22, ink)
	d.SetX(margin)
	d.MultiCell(contentW, 10, "DevOps roadmap worksheet", "", "L", false)
	d.Ln(2)
	d.para("Work through the four steps with your team, on paper or on screen, then turn what you found into a roadmap: "+
		"what to do now, next and later. Each step's pages have empty rows to fill by hand. The same sections are in the "+
		"Headway roadmap template (XLSX), which can be uploaded into Headway to fill an organization's audit.", 10, ink)
	d.Ln(2)
	organization := []column{{Head: "Organization", W: 90}, {Head: "Filled in by", W: 55}, {Head: "Date", W: 35}}
	d.table(organization, [][]string{{"", "", ""}}, 9, 10)
	for _, st := range ws.Steps {
		d.need(16)
		d.font("B", 11, ink)
		d.SetX(margin)
		d.MultiCell(contentW, lineH(11)+0.6, "Step "+itoa(st.Number)+": "+clean(st.Title), "", "L", false)
		d.para(st.Summary, 9.5, muted)
	}
}

func (d *doc) worksheetStack(ws Worksheet) {
	d.AddPage()
	d.heading("Step 1: Stack audit", 30)
	d.para("One row per tool or service the team runs or pays for. The allowed values of the columns with choices are listed "+
		"below the tables.", 9.5, muted)
	d.table(fieldColumns(ws.Stack, contentW), blankRows(24, len(ws.Stack)), 8, 8.5)
	d.AddPage()
	d.heading("Step 1: Findings", 30)
	d.para("Technical debt to pay back and opportunities to take, each about one tool (name it) or the whole stack.", 9.5, muted)
	d.table(fieldColumns(ws.Findings, contentW), blankRows(12, len(ws.Findings)), 8, 10)
	if len(ws.Choices) > 0 {
		d.subheading("Allowed values", 20)
		for _, c := range ws.Choices {
			d.need(10)
			d.font("B", 8.5, ink)
			d.SetX(margin)
			d.MultiCell(contentW, lineH(8.5)+0.5, clean(c.Name), "", "L", false)
			d.para(strings.Join(c.Values, " · "), 8.5, muted)
		}
	}
}

// fieldColumns lays out fields across width: each its own width, those
// without one an equal share of the rest.
func fieldColumns(fields []Field, width float64) []column {
	rest, free := width, 0
	for _, f := range fields {
		if f.W > 0 {
			rest -= f.W
		} else {
			free++
		}
	}
	cols := make([]column, len(fields))
	for i, f := range fields {
		head := f.Head
		if f.Hint != "" {
			head += " (" + f.Hint + ")"
		}
		cols[i] = column{Head: head, W: f.W}
		if f.W <= 0 {
			cols[i].W = rest / float64(free)
		}
	}
	return cols
}

func blankRows(n, cols int) [][]string {
	rows := make([][]string, n)
	for i := range rows {
		rows[i] = make([]string, cols)
	}
	return rows
}

func (d *doc) worksheetSkills(ws Worksheet) {
	d.AddPage()
	d.heading("Step 2: Skills self-rating", 30)
	d.para("Each person rates themself on every skill, from 0 to 4: tick one box per row. The levels:", 9.5, muted)
	for _, l := range ws.SkillLevels {
		d.para(l, 8.5, ink)
	}
	d.table([]column{{Head: "Name", W: 90}, {Head: "Job role", W: 90}}, [][]string{{"", ""}}, 9, 9)
	cols := []column{{Head: "Category", W: 55}, {Head: "Skill", W: 65}}
	for l := range 5 {
		cols = append(cols, column{Head: itoa(l), W: 12, Align: "C"})
	}
	rows := make([][]string, len(ws.Skills))
	for i, s := range ws.Skills {
		rows[i] = []string{s.Category, s.Name, tick, tick, tick, tick, tick}
	}
	d.table(cols, rows, 8, 5.3)
}

func (d *doc) worksheetKPIs(ws Worksheet) {
	d.AddPage()
	d.heading("Step 2: DORA Quick Check", 30)
	d.para("The five delivery metrics of DORA's Quick Check, for the team's main application or service. Tick the answer "+
		"that fits the last few months, or write the share.", 9.5, muted)
	d.table([]column{{Head: "Application or service", W: 120}, {Head: "Measured on", W: 60}}, [][]string{{"", ""}}, 9, 9)
	for _, q := range ws.QuickCheck {
		d.question(q, false)
	}
}

// question draws a question and its answers as boxes to tick (numbered
// 1–5 when levels), kept together on one page.
func (d *doc) question(q Question, levels bool) {
	lh := lineH(9) + 0.6
	h := d.textHeight(q.Text, contentW, 9.5, lineH(9.5)+0.6, "B") + 6
	for _, a := range q.Answers {
		h += d.textHeight(a, contentW-14, 9, lh, "")
	}
	if len(q.Answers) == 0 {
		h += 10
	}
	d.need(h + 2)
	if q.Group != "" {
		d.font("", 8, muted)
		d.SetX(margin)
		d.CellFormat(contentW, 4, clean(q.Group), "", 1, "L", false, 0, "")
	}
	d.font("B", 9.5, ink)
	d.SetX(margin)
	d.MultiCell(contentW, lineH(9.5)+0.6, clean(q.Text), "", "L", false)
	d.Ln(0.5)
	for i, a := range q.Answers {
		d.font("", 9, ink)
		d.SetX(margin + 2)
		label := tick
		if levels {
			label = tick + " " + itoa(i+1)
		}
		y := d.GetY()
		d.CellFormat(12, lh, label, "", 0, "L", false, 0, "")
		d.SetXY(margin+14, y)
		d.MultiCell(contentW-14, lh, clean(a), "", "L", false)
	}
	if len(q.Answers) == 0 {
		d.font("", 9, ink)
		d.SetX(margin + 2)
		d.CellFormat(contentW, 8, "__________ "+clean(q.Unit), "", 1, "L", false, 0, "")
	}
	d.Ln(2.5)
}

func (d *doc) worksheetPractices(ws Worksheet) {
	d.AddPage()
	d.heading("Step 3: Infrastructure practices", 30)
	d.para("For each practice, tick how far the team has it in place.", 9.5, muted)
	w := 17.0
	cols := []column{{Head: "Group", W: contentW - 80 - w*float64(len(ws.PracticeStatuses))}, {Head: "Practice", W: 80}}
	for _, st := range ws.PracticeStatuses {
		cols = append(cols, column{Head: st, W: w, Align: "C"})
	}
	rows := make([][]string, len(ws.Practices))
	for i, p := range ws.Practices {
		rows[i] = []string{p.Group, p.Title}
		for range ws.PracticeStatuses {
			rows[i] = append(rows[i], tick)
		}
	}
	d.table(cols, rows, 8, 6)
}

func (d *doc) worksheetMaturity(ws Worksheet) {
	d.AddPage()
	d.heading("Step 4: Maturity assessment", 30)
	d.para("Tick the level (1 to 5) that describes the organization today, not the one it aims for.", 9.5, muted)
	for _, q := range ws.Maturity {
		d.question(q, true)
	}
}

// worksheetRoadmap is the roadmap page: now, next and later columns with
// ruled lines to write initiatives on.
func (d *doc) worksheetRoadmap() {
	d.AddPage()
	d.heading("Roadmap", 40)
	d.para("Turn the findings of the four steps into initiatives: what to do now (this quarter), next (the next one or two) "+
		"and later. For each, write the evidence it answers, the KPI it should move and who owns it.", 9.5, muted)
	gap := 4.0
	w := (contentW - 2*gap) / 3
	top := d.GetY() + 2
	height := bottom - top - 2
	for i, name := range []string{"Now", "Next", "Later"} {
		x := margin + float64(i)*(w+gap)
		d.color(headFill, "fill")
		d.color(rule, "draw")
		d.SetLineWidth(0.3)
		d.Rect(x, top, w, 9, "FD")
		d.Rect(x, top, w, height, "D")
		d.font("B", 11, ink)
		d.SetXY(x, top+1.5)
		d.CellFormat(w, 6, name, "", 0, "C", false, 0, "")
		d.SetLineWidth(0.15)
		for y := top + 18; y < top+height-2; y += 9 {
			d.Line(x+3, y, x+w-3, y)
		}
	}
	d.SetY(top + height)
}
