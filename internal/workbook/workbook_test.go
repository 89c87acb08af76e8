package workbook_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/headwayhq/headway/internal/export"
	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/workbook"
)

var now = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

// filled is an organization's data with every sheet used.
func filled() workbook.Data {
	answers := roadmap.MaturityAnswers{}
	for i, q := range roadmap.MaturityQuestions {
		answers[q.Key] = 1 + i%5
	}
	return workbook.Data{
		Organization: "Ünïcode & Co", Date: now,
		Stack: []roadmap.StackItem{
			{Name: "GitHub", Category: roadmap.CategorySourceControl, Lifecycle: roadmap.LifecycleAdopt, MonthlyCost: 420,
				CostScaling: roadmap.CostLinear, Scalability: 4, SupportHoursPerMonth: 6, Owner: "Platform", Notes: "=cmd|' /C calc'!A0"},
			{Name: "Jenkins", Category: roadmap.CategoryCICD, Lifecycle: roadmap.LifecycleRetire, MonthlyCost: 0,
				CostScaling: roadmap.CostFlat, Scalability: 2, SupportHoursPerMonth: 30.5},
		},
		Findings: []export.FindingRow{
			{Finding: roadmap.Finding{Kind: roadmap.FindingDebt, Title: "Flaky pipeline", Description: "Line one\nline two", Severity: 3,
				Effort: roadmap.EffortM, Status: roadmap.FindingPlanned}, StackItem: "Jenkins"},
			{Finding: roadmap.Finding{Kind: roadmap.FindingOpportunity, Title: "Trunk-based development", Severity: 2,
				Effort: roadmap.EffortS, Status: roadmap.FindingOpen}},
		},
		JobRole: "sre",
		Ratings: []roadmap.Rating{{SkillKey: "git_branching", Level: 3, Interested: true}, {SkillKey: roadmap.SkillCatalog[1].Key, Level: roadmap.NotRated, Interested: true}},
		KPIs: []roadmap.Snapshot{
			{MeasuredOn: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Edition: "2023", DeploymentsPerWeek: ptr(12.5), LeadTimeAnswer: ptr(4),
				RecoveryTimeHours: ptr(3.0), ChangeFailureRate: ptr(15.0), ReworkRate: ptr(8.0)},
			{MeasuredOn: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), Edition: "2023", DeploymentFrequencyAnswer: ptr(3), LeadTimeHours: ptr(200.0),
				RecoveryTimeAnswer: ptr(2), ChangeFailureRate: ptr(30.0)},
		},
		Practices: map[string]workbook.Practice{roadmap.PracticeCatalog[0].Key: {Status: roadmap.PracticeFully, Notes: "Since 2024"},
			roadmap.PracticeCatalog[3].Key: {Status: roadmap.PracticePartial}},
		Maturity: answers,
		Roadmap: []workbook.RoadmapRow{{Key: "finding:1", Title: "Fix the flaky pipeline", Category: "Tech debt", Phase: "Now", Quarter: "2027 Q1",
			Status: "Accepted", Effort: "M", Score: 4.5, Evidence: "Flaky pipeline (severity 3)", KPIs: "lead_time"}},
	}
}

func write(t testing.TB, d workbook.Data) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := workbook.Write(&buf, d); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func parse(t testing.TB, b []byte) *workbook.Parsed {
	t.Helper()
	p, err := workbook.ParseAt(bytes.NewReader(b), int64(len(b)), now)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestReadBack opens the blank and the filled workbook with excelize: every
// sheet in order, each header row frozen, the headers, and a dropdown on
// every enumerated column.
func TestReadBack(t *testing.T) {
	for name, d := range map[string]workbook.Data{"blank": {}, "filled": filled()} {
		t.Run(name, func(t *testing.T) {
			f, err := excelize.OpenReader(bytes.NewReader(write(t, d)))
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = f.Close() }()
			if got := f.GetSheetList(); !slices.Equal(got, workbook.Sheets) {
				t.Fatalf("sheets %q, want %q", got, workbook.Sheets)
			}
			if i := f.GetActiveSheetIndex(); i != 0 {
				t.Errorf("the workbook opens on sheet %d, want the instructions", i)
			}
			want := map[string][]string{
				workbook.SheetStack:     {workbook.HName, workbook.HCategory, workbook.HLifecycle, workbook.HMonthlyCost, workbook.HCostScaling, workbook.HScalability, workbook.HSupport, workbook.HOwner, workbook.HNotes, workbook.HCostTwice},
				workbook.SheetFindings:  {workbook.HTitle, workbook.HKind, workbook.HDescription, workbook.HSeverity, workbook.HEffort, workbook.HStatus, workbook.HTool},
				workbook.SheetKPIs:      {workbook.HMeasuredOn, workbook.HEdition, workbook.HDeploys, workbook.HDeployAns, workbook.HLeadHours, workbook.HLeadAns, workbook.HRecovHours, workbook.HRecovAns, workbook.HCFR, workbook.HRework},
				workbook.SheetPractices: {workbook.HKey, workbook.HGroup, workbook.HPractice, workbook.HMeans, workbook.HStatus, workbook.HNotes},
				workbook.SheetMaturity:  {workbook.HKey, workbook.HDimension, workbook.HQuestion, workbook.HAnswer},
				workbook.SheetRoadmap:   {workbook.HKey, workbook.HTitle, workbook.HCategory, workbook.HPhase, workbook.HQuarter, workbook.HStatus, workbook.HEffort, workbook.HScore, workbook.HEvidence, workbook.HKPIs},
			}
			skills := []string{workbook.HKey, workbook.HSkill, workbook.HCategory}
			for _, r := range roadmap.JobRoles {
				skills = append(skills, workbook.RequiredHeader(r))
			}
			want[workbook.SheetSkills] = append(skills, workbook.HYourRating, workbook.HInterested)
			// The enumerated columns: a list validation on each.
			lists := map[string][]string{
				workbook.SheetStack:     {"B", "C", "E", "F"},
				workbook.SheetFindings:  {"B", "D", "E", "F"},
				workbook.SheetKPIs:      {"B", "D", "F", "H"},
				workbook.SheetPractices: {"E"},
				workbook.SheetMaturity:  {"D"},
				workbook.SheetRoadmap:   {"F", "G"},
				workbook.SheetSkills:    {"D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O"},
			}
			for _, s := range workbook.Sheets {
				panes, err := f.GetPanes(s)
				if err != nil || !panes.Freeze || panes.YSplit != 1 {
					t.Errorf("%s: panes %+v, %v: want the header row frozen", s, panes, err)
				}
				rows, err := f.GetRows(s)
				if err != nil || len(rows) == 0 {
					t.Fatalf("%s: %d rows, %v", s, len(rows), err)
				}
				for i, h := range want[s] {
					if i >= len(rows[0]) || rows[0][i] != h {
						t.Errorf("%s: header %d is %q, want %q", s, i+1, rows[0], h)
						break
					}
				}
				dvs, err := f.GetDataValidations(s)
				if err != nil {
					t.Fatal(err)
				}
				byCol := map[string]*excelize.DataValidation{}
				for _, dv := range dvs {
					byCol[strings.TrimRight(strings.Split(dv.Sqref, ":")[0], "0123456789")] = dv
				}
				for _, c := range lists[s] {
					dv, ok := byCol[c]
					if !ok || dv.Type != "list" || dv.Formula1 == "" {
						t.Errorf("%s: column %s has no dropdown (%+v)", s, c, dv)
					}
				}
				w, err := f.GetColWidth(s, "A")
				if err != nil || w < 10 {
					t.Errorf("%s: column A width %v, %v", s, w, err)
				}
			}
			// The catalogs are pre-filled, with their keys.
			rows, _ := f.GetRows(workbook.SheetPractices)
			if len(rows) != len(roadmap.PracticeCatalog)+1 || rows[1][0] != roadmap.PracticeCatalog[0].Key {
				t.Errorf("practices: %d rows, first %q", len(rows), rows[1])
			}
			rows, _ = f.GetRows(workbook.SheetMaturity)
			if len(rows) != len(roadmap.MaturityQuestions)+1 || rows[1][0] != roadmap.MaturityQuestions[0].Key {
				t.Errorf("maturity: %d rows", len(rows))
			}
			rows, _ = f.GetRows(workbook.SheetStack)
			if !strings.HasPrefix(rows[1][0], workbook.ExamplePrefix) {
				t.Errorf("stack: row 2 is %q, want the example", rows[1])
			}
			if formula, _ := f.GetCellFormula(workbook.SheetStack, "J2"); !strings.Contains(formula, "2^1.5") {
				t.Errorf("stack J2 formula %q", formula)
			}
			if formula, _ := f.GetCellFormula(workbook.SheetSkills, "P2"); !strings.Contains(formula, "MAX(0,") {
				t.Errorf("skills gap formula %q", formula)
			}
		})
	}
}

// TestRoundTrip parses the filled workbook back into what was written.
func TestRoundTrip(t *testing.T) {
	d := filled()
	p := parse(t, write(t, d))
	if !p.OK() {
		t.Fatalf("problems: %v", p.Problems)
	}
	if !reflect.DeepEqual(p.Stack, d.Stack) {
		t.Errorf("stack\n got %+v\nwant %+v", p.Stack, d.Stack)
	}
	if len(p.Findings) != len(d.Findings) {
		t.Fatalf("findings %+v", p.Findings)
	}
	for i, f := range p.Findings {
		if f.Finding != d.Findings[i].Finding || f.StackItem != d.Findings[i].StackItem {
			t.Errorf("finding %d: %+v, want %+v", i, f, d.Findings[i])
		}
	}
	if !reflect.DeepEqual(p.KPIs, d.KPIs) {
		t.Errorf("kpis\n got %+v\nwant %+v", p.KPIs, d.KPIs)
	}
	if !reflect.DeepEqual(p.Maturity, d.Maturity) || !p.MaturityComplete() {
		t.Errorf("maturity %v", p.Maturity)
	}
	if len(p.Practices) != len(roadmap.PracticeCatalog) {
		t.Errorf("practices: %d rows with a status", len(p.Practices))
	}
	for _, pr := range p.Practices {
		want := d.Practices[pr.Key]
		if want.Status == "" {
			want.Status = roadmap.PracticeNotStarted
		}
		if pr.Status != want.Status || pr.Notes != want.Notes {
			t.Errorf("practice %s: %+v, want %+v", pr.Key, pr, want)
		}
	}
	want := []workbook.Rating{{SkillKey: "git_branching", Level: ptr(3), Interested: true}, {SkillKey: roadmap.SkillCatalog[1].Key, Interested: true}}
	if !reflect.DeepEqual(p.Ratings, want) {
		t.Errorf("ratings %+v", p.Ratings)
	}
	if got, want := len(p.Requirements), len(roadmap.SkillCatalog)*len(roadmap.JobRoles); got != want {
		t.Errorf("%d requirement cells, want %d", got, want)
	}
	if !slices.ContainsFunc(p.Notices, func(n string) bool { return strings.Contains(n, workbook.SheetRoadmap) }) {
		t.Errorf("notices %q: want the roadmap sheet reported", p.Notices)
	}

	// The blank template imports nothing but its catalogs' defaults.
	b := parse(t, write(t, workbook.Data{}))
	if !b.OK() || len(b.Stack)+len(b.Findings)+len(b.KPIs)+len(b.Ratings)+len(b.Maturity) != 0 {
		t.Errorf("blank: %+v", b)
	}
}

// edit opens a workbook, changes it and saves it.
func edit(t testing.TB, b []byte, change func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	change(f)
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestProblems: a bad value names its sheet, row and column, with the
// domain's message.
func TestProblems(t *testing.T) {
	base := write(t, filled())
	cases := []struct {
		name, sheet, cell string
		value             any
		want              workbook.Problem
	}{
		{"lifecycle", workbook.SheetStack, "C4", "sometimes", workbook.Problem{Sheet: workbook.SheetStack, Row: 4, Column: workbook.HLifecycle}},
		{"negative cost", workbook.SheetStack, "D3", -5, workbook.Problem{Sheet: workbook.SheetStack, Row: 3, Column: workbook.HMonthlyCost}},
		{"duplicate tool", workbook.SheetStack, "A4", "github", workbook.Problem{Sheet: workbook.SheetStack, Row: 4, Column: workbook.HName}},
		{"severity", workbook.SheetFindings, "D3", 9, workbook.Problem{Sheet: workbook.SheetFindings, Row: 3, Column: workbook.HSeverity}},
		{"rating", workbook.SheetSkills, "N2", 7, workbook.Problem{Sheet: workbook.SheetSkills, Row: 2, Column: workbook.HYourRating}},
		{"kpi date", workbook.SheetKPIs, "A3", "yesterday", workbook.Problem{Sheet: workbook.SheetKPIs, Row: 3, Column: workbook.HMeasuredOn}},
		{"kpi future", workbook.SheetKPIs, "A3", "2031-01-01", workbook.Problem{Sheet: workbook.SheetKPIs, Row: 3, Column: workbook.HMeasuredOn}},
		{"kpi both", workbook.SheetKPIs, "D3", 4, workbook.Problem{Sheet: workbook.SheetKPIs, Row: 3, Column: workbook.HDeploys}},
		{"practice", workbook.SheetPractices, "E5", "halfway", workbook.Problem{Sheet: workbook.SheetPractices, Row: 5, Column: workbook.HStatus}},
		{"maturity", workbook.SheetMaturity, "D7", 6, workbook.Problem{Sheet: workbook.SheetMaturity, Row: 7, Column: workbook.HAnswer}},
		{"header", workbook.SheetFindings, "B1", "Type", workbook.Problem{Sheet: workbook.SheetFindings, Row: 1, Column: workbook.HKind}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := parse(t, edit(t, base, func(f *excelize.File) { _ = f.SetCellValue(c.sheet, c.cell, c.value) }))
			if len(p.Problems) != 1 {
				t.Fatalf("problems %v, want one", p.Problems)
			}
			got := p.Problems[0]
			if got.Sheet != c.want.Sheet || got.Row != c.want.Row || got.Column != c.want.Column || got.Message == "" {
				t.Errorf("problem %+v, want %+v", got, c.want)
			}
			if s := got.String(); !strings.Contains(s, c.want.Sheet) || !strings.Contains(s, c.want.Column) {
				t.Errorf("String %q", s)
			}
		})
	}
	// Labels or keys, and formulas' cached values.
	p := parse(t, edit(t, base, func(f *excelize.File) {
		_ = f.SetCellValue(workbook.SheetStack, "B3", "ci_cd")
		_ = f.SetCellValue(workbook.SheetStack, "A5", "Example — not imported")
		_ = f.SetCellValue(workbook.SheetStack, "B5", "nonsense")
		_, _ = f.NewSheet("My notes")
	}))
	if !p.OK() || len(p.Stack) != 2 || p.Stack[0].Category != roadmap.CategoryCICD {
		t.Errorf("keys: %+v %v", p.Stack, p.Problems)
	}
	if !slices.ContainsFunc(p.Notices, func(n string) bool { return strings.Contains(n, "My notes") }) {
		t.Errorf("notices %q: want the unknown sheet reported", p.Notices)
	}
}

// TestCachedFormula: a cell holding a formula is read as the value the
// spreadsheet saved with it.
func TestCachedFormula(t *testing.T) {
	b := rezip(t, write(t, filled()), func(name string, data []byte) []byte {
		if name != "xl/worksheets/sheet2.xml" {
			return data
		}
		// GitHub's monthly cost (D3) becomes a formula whose cached value is 840.
		re := regexp.MustCompile(`<c r="D3"( s="[0-9]+")?><v>420</v></c>`)
		if !re.Match(data) {
			t.Fatalf("no cell D3 of 420 in %s", name)
		}
		return re.ReplaceAll(data, []byte(`<c r="D3"$1><f>2*420</f><v>840</v></c>`))
	})
	p := parse(t, b)
	if !p.OK() || p.Stack[0].MonthlyCost != 840 {
		t.Fatalf("stack %+v %v", p.Stack, p.Problems)
	}
}

// rezip rewrites an archive's entries through change.
func rezip(t testing.TB, b []byte, change func(name string, data []byte) []byte, extra ...[2]string) []byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := zip.NewWriter(&out)
	for _, e := range z.File {
		r, _ := e.Open()
		var data bytes.Buffer
		_, _ = data.ReadFrom(r)
		_ = r.Close()
		fw, _ := w.Create(e.Name)
		_, _ = fw.Write(change(e.Name, data.Bytes()))
	}
	for _, e := range extra {
		fw, _ := w.Create(e[0])
		_, _ = fw.Write([]byte(e[1]))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// Bomb is a zip whose one entry inflates from a few KiB to 60 MiB.
func Bomb(t testing.TB) []byte {
	var out bytes.Buffer
	w := zip.NewWriter(&out)
	fw, _ := w.Create("xl/worksheets/sheet1.xml")
	chunk := make([]byte, 1<<20)
	for range 60 {
		_, _ = fw.Write(chunk)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestRefused(t *testing.T) {
	refused := func(name string, b []byte, want string) {
		t.Helper()
		_, err := workbook.ParseAt(bytes.NewReader(b), int64(len(b)), now)
		if !errors.Is(err, workbook.ErrRefused) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want refused with %q", name, err, want)
		}
	}
	refused("bomb", Bomb(t), "zip bomb")
	refused("csv", []byte("name,category\nGitHub,source_control\n"), "not an XLSX")
	refused("large", make([]byte, workbook.MaxFileSize+1), "larger than")
	// Macros and external links are reported, not run.
	b := rezip(t, write(t, filled()), func(_ string, d []byte) []byte { return d },
		[2]string{"xl/vbaProject.bin", "macro"}, [2]string{"xl/externalLinks/externalLink1.xml", "<externalLink/>"})
	p := parse(t, b)
	joined := strings.Join(p.Notices, " ")
	if !p.OK() || !strings.Contains(joined, "macros") || !strings.Contains(joined, "links") {
		t.Errorf("notices %q, problems %v", p.Notices, p.Problems)
	}
}

// TestSeedCorpus keeps the fuzz corpus's files current with the layout
// (go test ./internal/workbook -run TestSeedCorpus -update rewrites them).
func TestSeedCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "seeds")
	seeds := map[string][]byte{"blank.xlsx": write(t, workbook.Data{}), "filled.xlsx": write(t, filled())}
	seeds["bad-values.xlsx"] = edit(t, seeds["filled.xlsx"], func(f *excelize.File) {
		_ = f.SetCellValue(workbook.SheetStack, "C3", "sometimes")
		_ = f.SetCellValue(workbook.SheetKPIs, "A3", "soon")
	})
	seeds["truncated.xlsx"] = seeds["filled.xlsx"][:len(seeds["filled.xlsx"])/2]
	if os.Getenv("UPDATE_SEEDS") != "" {
		_ = os.MkdirAll(dir, 0o755)
		for name, b := range seeds {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name := range seeds {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("seed %s missing (UPDATE_SEEDS=1 go test ./internal/workbook -run TestSeedCorpus): %v", name, err)
		}
	}
}

// FuzzParse: no input makes the parser panic, run away or accept a value
// the domain refuses.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "seeds", "*.xlsx"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := workbook.ParseAt(bytes.NewReader(b), int64(len(b)), now)
		if err != nil {
			if !errors.Is(err, workbook.ErrRefused) {
				t.Fatalf("error %v is not a refusal", err)
			}
			return
		}
		for _, it := range p.Stack {
			if fe := it.Validate(); len(fe) > 0 {
				t.Fatalf("accepted an invalid item %+v: %v", it, fe)
			}
		}
		for _, k := range p.KPIs {
			if fe := k.Validate(now); len(fe) > 0 {
				t.Fatalf("accepted an invalid snapshot: %v", fe)
			}
		}
		if fe := p.Maturity.Validate(false); len(fe) > 0 {
			t.Fatalf("accepted invalid answers: %v", fe)
		}
	})
}

// TestColumnsByHeader: a column a person inserts moves the others; the
// import finds them by their header all the same.
func TestColumnsByHeader(t *testing.T) {
	d := filled()
	p := parse(t, edit(t, write(t, d), func(f *excelize.File) {
		if err := f.InsertCols(workbook.SheetStack, "A", 1); err != nil {
			t.Fatal(err)
		}
		_ = f.SetCellValue(workbook.SheetStack, "A1", "My own column")
		_ = f.SetCellValue(workbook.SheetStack, "A3", "anything")
	}))
	if !p.OK() || !reflect.DeepEqual(p.Stack, d.Stack) {
		t.Errorf("stack %+v, problems %v", p.Stack, p.Problems)
	}
}

// TestRowCap: a sheet past MaxRows is refused by name, not read on.
func TestRowCap(t *testing.T) {
	b := edit(t, write(t, workbook.Data{}), func(f *excelize.File) {
		for i := range workbook.MaxRows + 1 {
			_ = f.SetSheetRow(workbook.SheetFindings, "A"+strconv.Itoa(i+3), &[]any{"Finding " + strconv.Itoa(i), "Tech debt", "", 2, "S"})
		}
	})
	p := parse(t, b)
	if len(p.Problems) != 1 || p.Problems[0].Sheet != workbook.SheetFindings || !strings.Contains(p.Problems[0].Message, "at most") {
		t.Errorf("problems %v, want the row cap", p.Problems)
	}
}

// A cell far to the right (column XFD) on every row makes each row 16,384
// cells wide: the sheet is refused at its first such row, with a problem
// naming it, instead of read row after row (a review made an 87 KB file
// take 2 GB this way).
func TestFarRightCellsAreRefused(t *testing.T) {
	b := edit(t, write(t, filled()), func(f *excelize.File) {
		for r := 3; r < 400; r++ {
			if err := f.SetCellValue(workbook.SheetFindings, "XFD"+strconv.Itoa(r), 1); err != nil {
				t.Fatal(err)
			}
		}
	})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	p := parse(t, b)
	runtime.ReadMemStats(&after)
	found := false
	for _, pr := range p.Problems {
		found = found || (pr.Sheet == workbook.SheetFindings && strings.Contains(pr.Message, "at most 64 columns"))
	}
	if p.OK() || !found {
		t.Fatalf("problems %+v, want the findings sheet refused for its width", p.Problems)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Errorf("parsing allocated %d MiB", grew>>20)
	}
}

// A part whose declared size is smaller than what it inflates to is a
// damaged (or forged) file: refused whole, not read as an empty sheet.
func TestLyingPartSizeIsRefused(t *testing.T) {
	b := write(t, filled())
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := zip.NewWriter(&out)
	lied := false
	for _, f := range z.File {
		raw, err := f.OpenRaw()
		if err != nil {
			t.Fatal(err)
		}
		h := f.FileHeader
		if strings.HasPrefix(f.Name, "xl/worksheets/") && !lied {
			h.UncompressedSize64, lied = 10, true
		}
		dst, err := w.CreateRaw(&h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(dst, raw); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil || !lied {
		t.Fatalf("forging: %v (a sheet found: %v)", err, lied)
	}
	_, err = workbook.ParseAt(bytes.NewReader(out.Bytes()), int64(out.Len()), now)
	if !errors.Is(err, workbook.ErrRefused) || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("a part lying about its size: %v, want refused as damaged", err)
	}
}
