package report_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/headwayhq/headway/internal/report"
)

// unicodeNames are names in Latin (with diacritics), Greek and Cyrillic
// scripts: the embedded font must print each of them.
const unicodeNames = "Zoë Ørsted, Σοφία, Дмитрий"

// poppler is the path of a poppler tool (pdftoppm, pdftotext). Without it
// the test fails under CI (which installs poppler-utils, see .ci/run) and
// is skipped elsewhere.
func poppler(t testing.TB, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is missing: install poppler-utils (apt-get install poppler-utils); CI requires it", tool)
	}
	t.Skipf("%s is missing (install poppler-utils to run this test)", tool)
	return ""
}

// pages renders pdf to PNG pages at 40 dpi with pdftoppm and returns how
// many it wrote (in dir, kept when HEADWAY_PDF_PAGES names one).
func pages(t *testing.T, pdf []byte, name string) int {
	t.Helper()
	tool := poppler(t, "pdftoppm")
	dir := t.TempDir()
	if keep := os.Getenv("HEADWAY_PDF_PAGES"); keep != "" {
		dir = keep
	}
	in := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-r", "40", "-png", in, filepath.Join(dir, name)).CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Fatalf("pdftoppm %s: %v\n%s", name, err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, name+"-*.png"))
	for _, p := range pngs {
		if fi, err := os.Stat(p); err != nil || fi.Size() < 500 {
			t.Errorf("page image %s is empty", p)
		}
	}
	return len(pngs)
}

// pdfText is the PDF's text as pdftotext extracts it, spaces collapsed.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command(poppler(t, "pdftotext"), "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func sampleWorksheet() report.Worksheet {
	ws := report.Worksheet{
		Date: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Steps: []report.Step{{1, "Audit the stack", "What the team runs."}, {2, "Skills and KPIs", "Who knows what."},
			{3, "Infrastructure", "Practices."}, {4, "Maturity", "Where the organization stands."}},
		Stack:            []report.Field{{Head: "Name"}, {Head: "Category"}, {Head: "Monthly cost", Hint: "a month"}},
		Findings:         []report.Field{{Head: "Kind"}, {Head: "Title"}, {Head: "Severity", Hint: "1–4"}},
		Choices:          []report.Choices{{Name: "Category", Values: []string{"CI/CD", "Monitoring"}}},
		SkillLevels:      []string{"0 None", "1 Awareness", "2 Working knowledge", "3 Practitioner", "4 Expert"},
		PracticeStatuses: []string{"Not started", "Partial", "Mostly", "Fully"},
		QuickCheck: []report.Question{{Group: "Deployment frequency", Text: "How often do you deploy?",
			Answers: []string{"On demand", "Daily", "Weekly"}}, {Group: "Change failure rate", Text: "What share fails?", Unit: "%"}},
		Maturity: []report.Question{{Group: "Culture", Text: "How are incidents reviewed?",
			Answers: []string{"Never", "Sometimes", "Often", "Always", "Blameless, always"}}},
	}
	for i := range 40 {
		ws.Skills = append(ws.Skills, report.Skill{Category: "Delivery", Name: fmt.Sprintf("Skill %d", i)})
		ws.Practices = append(ws.Practices, report.Practice{Group: "Automation", Title: fmt.Sprintf("Practice %d", i)})
	}
	return ws
}

// sampleReport is a report with n initiatives, long texts among them.
func sampleReport(n int) report.Report {
	r := report.Report{
		Org:  "Ωmega Ørsted Дмитрий Labs",
		Date: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Plan: fmt.Sprintf("%d initiatives over 6 quarters.", n), Capacity: "The team's improvement time carries the plan in 6 quarters.",
		MeasuredOn: "2026-11-20",
		KPIs: []report.KPI{{"Deployment frequency", "once a day – once a week", "High", "at least daily", "not met"},
			{"Change lead time", "12.5 hours", "Elite", "", ""}},
		Benchmark: []report.BenchGroup{{Heading: "Your industry: Technology", Rows: []report.BenchRow{
			{Label: "Throughput", Score: 6.2, Mean: 5.1, Sentence: "Throughput is ahead of most teams in your industry (Technology)."}}}},
		Maturity: &report.Maturity{Level: "3: Defined", Overall: 2.9, Max: 5, HasPrevious: true, Axes: []report.Axis{
			{"Culture", 3.2, 2}, {"Process", 2.5, 2.5}, {"Technology", 4, 3}, {"Measurement", 1.8, 1}}},
		Skills: report.Skills{Rated: true, Skills: 24, Requiring: 120, Covered: 80,
			Risks: []report.SkillRisk{{Name: "Kubernetes", BusFactor: 1}, {Name: "Terraform", BusFactor: 0}}},
		Stack: report.Stack{Items: 3, MonthlyCost: "1 234.50", SupportHours: "12.5", People: "0.08 FTE",
			Categories: []report.StackGroup{{Name: "CI/CD", Items: 2, MonthlyCost: "1 000", Hours: "10"}}},
		Quarters: []report.Quarter{{Name: "2026 Q4", Done: 2, InProgress: 3, Accepted: 1, Proposed: 4}, {Name: "2027 Q1", Proposed: 9},
			{Name: "Later", Accepted: 2, Proposed: 20}},
	}
	for i := range n {
		it := report.Initiative{Title: fmt.Sprintf("Initiative %d: retire the legacy CI for %s", i+1, unicodeNames), Category: "Stack",
			Quarter: "2027 Q1", Status: "Proposed", Effort: "M", Impact: "High", PersonWeeks: 4,
			Evidence: []string{"Jenkins is on hold and costs 400 a month.", strings.Repeat("A long piece of evidence that must wrap. ", 12)},
			KPIs:     []string{"Change lead time", "Stack cost"}, Score: "cost of delay 21 (value 8 + time criticality 8 + risk reduction 5) ÷ job size 5 = 4.20"}
		r.Items = append(r.Items, it)
	}
	return r
}

func TestWorksheetPDF(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteWorksheet(&buf, sampleWorksheet()); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", buf.Bytes()[:min(buf.Len(), 16)])
	}
	if n := pages(t, buf.Bytes(), "worksheet"); n < 6 || n > 12 {
		t.Errorf("worksheet has %d pages, want one or two per step and the roadmap page (6 to 12)", n)
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{"DevOps roadmap worksheet", "Step 1: Stack audit", "Monthly cost (a month)", "Skill 39", "Practice 39",
		"How often do you deploy?", "On demand", "Blameless, always", "Now", "Next", "Later", "Page 2 of"} {
		if !strings.Contains(text, want) {
			t.Errorf("worksheet text lacks %q", want)
		}
	}
}

func TestReportPDF(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteReport(&buf, sampleReport(12)); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	if n := pages(t, buf.Bytes(), "report"); n < 5 || n > 12 {
		t.Errorf("report has %d pages, want 5 to 12 for 12 initiatives", n)
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{"Ωmega Ørsted Дмитрий Labs", unicodeNames, "Initiative 12: retire", "Kubernetes", "one person at practitioner level",
		"Throughput is ahead", "2026 Q4", "Culture 3.2", "1 234.50", "Page 1 of", "must wrap."} {
		if !strings.Contains(text, want) {
			t.Errorf("report text lacks %q", want)
		}
	}
	if strings.Contains(text, "{nb}") {
		t.Error("the page count alias was not replaced")
	}
}

// Text the font cannot reach (emoji, private use, controls, bidi
// overrides) prints as "?" or nothing instead of failing.
func TestReportOddText(t *testing.T) {
	r := sampleReport(1)
	r.Org = "Emoji 😀 \u202e bidi \x00 nul \ue000 東京"
	r.Items[0].Evidence = []string{"", "\n\n", strings.Repeat("x", 5000)}
	var buf bytes.Buffer
	if err := report.WriteReport(&buf, r); err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, buf.Bytes()); !strings.Contains(text, "Emoji ?") {
		t.Errorf("emoji not replaced: %.200s", text)
	}
}

// An empty report (a new organization) still renders every section.
func TestReportEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteReport(&buf, report.Report{Org: "New", Date: time.Now()}); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{"No KPI snapshot recorded yet.", "No maturity assessment completed yet.", "Nobody has rated",
		"No tool in the inventory yet.", "The roadmap has no initiative yet"} {
		if !strings.Contains(text, want) {
			t.Errorf("empty report lacks %q", want)
		}
	}
}

// FuzzReportText: any organization name and evidence renders.
func FuzzReportText(f *testing.F) {
	for _, s := range []string{"", unicodeNames, "😀\u202e\x00\ue000", "\xff\xfe", strings.Repeat("w", 300), "a\nb\r\nc\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// The fewest sections that print the text (each run parses the fonts).
		r := report.Report{Org: s, Date: time.Now(), Items: []report.Initiative{{Title: s, Evidence: []string{s}}},
			Skills: report.Skills{Rated: true, Risks: []report.SkillRisk{{Name: s}}}}
		if err := report.WriteReport(&bytes.Buffer{}, r); err != nil {
			t.Fatal(err)
		}
	})
}

func BenchmarkWriteReport(b *testing.B) {
	r := sampleReport(60)
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := report.WriteReport(&buf, r); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "bytes")
}
