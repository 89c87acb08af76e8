package export

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/headwayhq/headway/internal/roadmap"
)

// testPlan is a plan with a live initiative of each phase (one with
// hostile titles and evidence), a done, a dismissed and a resolved one.
func testPlan() roadmap.Plan {
	item := func(key, title string, st roadmap.Status, ph roadmap.Phase, q string, owner int64, notes string, ev ...string) roadmap.PlanItem {
		it := roadmap.PlanItem{Status: st, OwnerID: owner, Notes: notes}
		it.Key, it.Title, it.Category, it.Phase, it.QuarterName = key, title, roadmap.InitiativeTechDebt, ph, q
		it.Effort, it.PersonWeeks, it.Quadrant, it.Impact = roadmap.EffortS, 1.5, roadmap.QuadrantQuickWin, roadmap.ImpactHigh
		it.Score = roadmap.Score{CostOfDelay: 27, WSJF: 13.5}
		it.KPIs = []string{"deployment_frequency", roadmap.KPISupportHours}
		for _, e := range ev {
			it.Evidence = append(it.Evidence, roadmap.Evidence{Text: e})
		}
		return it
	}
	hostile := item("finding:1", `=HYPERLINK("http://evil.example","click")`, roadmap.StatusAccepted, roadmap.PhaseNow, "2027 Q1", 7,
		"+cmd|' /C calc'!A0\nsecond line", "-2+3", "@SUM(A1)", "| x |")
	hostile.DependsOn = []string{"practice:ci", "practice:cd"}
	return roadmap.Plan{
		Items: []roadmap.PlanItem{
			hostile,
			item("practice:ci", "+cmd", roadmap.StatusProposed, roadmap.PhaseNext, "2027 Q2", 0, "", "Practice \"CI\": not started"),
			item("practice:cd", "| x |", roadmap.StatusInProgress, roadmap.PhaseLater, "2027 Q3", 8, "", "*bold* _it_ `code` [link](x) <b>"),
		},
		Done:      []roadmap.PlanItem{item("skill:k8s", "Spread Kubernetes", roadmap.StatusDone, roadmap.PhaseNow, "2026 Q4", 7, "done note", "Bus factor 1")},
		Dismissed: []roadmap.PlanItem{item("stack:jenkins", "Replace Jenkins", roadmap.StatusDismissed, roadmap.PhaseLater, "2027 Q4", 0, "not now", "Hold ring")},
		Resolved:  []roadmap.PlanItem{item("finding:9", "# Heading title", roadmap.StatusAccepted, roadmap.PhaseNow, "2027 Q1", 0, "", "gone")},
		Verdict:   roadmap.CapacityVerdict{Engineers: 4, Share: 0.2, Capacity: 10.4, EffortWeeks: 9, Quarters: 1},
	}
}

var testOwners = map[int64]string{7: "Zoë Owner", 8: "=Evil Name"}

func ownerName(id int64) string { return testOwners[id] }

var exportDate = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse back: %v\n%s", err, data)
	}
	return recs
}

// The members' CSV parses back: the header, one row per initiative of the
// plan in order (live ranked, then done, dismissed, resolved), every
// dangerous cell quoted, owners by name.
func TestWriteRoadmapCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteRoadmapCSV(&buf, NewRoadmapFile("Acme", exportDate, testPlan(), ownerName, false)); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, buf.Bytes())
	if !slices.Equal(recs[0], RoadmapHeader) {
		t.Fatalf("header = %q", recs[0])
	}
	if len(recs) != 1+6 {
		t.Fatalf("%d rows after the header, want 6", len(recs)-1)
	}
	col := func(row int, name string) string { return recs[row][slices.Index(RoadmapHeader, name)] }
	var keys, ranks []string
	for i := 1; i < len(recs); i++ {
		keys, ranks = append(keys, col(i, "key")), append(ranks, col(i, "rank"))
	}
	if want := []string{"finding:1", "practice:ci", "practice:cd", "skill:k8s", "stack:jenkins", "finding:9"}; !slices.Equal(keys, want) {
		t.Errorf("keys = %q, want %q", keys, want)
	}
	if want := []string{"1", "2", "3", "", "", ""}; !slices.Equal(ranks, want) {
		t.Errorf("ranks = %q, want %q", ranks, want)
	}
	for name, want := range map[string]string{
		"title":         `'=HYPERLINK("http://evil.example","click")`,
		"category":      "tech_debt",
		"status":        "accepted",
		"phase":         "now",
		"quarter":       "2027 Q1",
		"effort":        "s",
		"person_weeks":  "1.5",
		"score":         "13.5",
		"cost_of_delay": "27",
		"quadrant":      "quick_win",
		"impact":        "high",
		"depends_on":    "practice:ci practice:cd",
		"kpis":          "deployment_frequency support_hours",
		"owner":         "Zoë Owner",
		"evidence":      "'-2+3 | @SUM(A1) | | x |",
		"notes":         "'+cmd|' /C calc'!A0\nsecond line",
	} {
		if got := col(1, name); got != want {
			t.Errorf("row 1 %s = %q, want %q", name, got, want)
		}
	}
	if got := col(2, "title"); got != "'+cmd" {
		t.Errorf("title +cmd written as %q", got)
	}
	if got := col(3, "owner"); got != "'=Evil Name" {
		t.Errorf("owner =Evil Name written as %q", got)
	}
	// Every cell of every row is safe to open: none starts a formula.
	for i, rec := range recs[1:] {
		for j, c := range rec {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("row %d %s = %q starts a formula", i+2, RoadmapHeader[j], c)
			}
		}
	}
}

// A share link's CSV: the live plan only, no owner or notes column, no
// name of anyone.
func TestWriteSharedRoadmapCSV(t *testing.T) {
	var buf bytes.Buffer
	f := NewRoadmapFile("Acme", exportDate, testPlan(), ownerName, true)
	if err := WriteRoadmapCSV(&buf, f); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, buf.Bytes())
	if !slices.Equal(recs[0], SharedRoadmapHeader) || slices.Contains(recs[0], "owner") || slices.Contains(recs[0], "notes") {
		t.Fatalf("header = %q", recs[0])
	}
	if len(recs) != 1+3 {
		t.Errorf("%d rows, want the 3 live initiatives", len(recs)-1)
	}
	for _, never := range []string{"Zoë", "Evil Name", "calc", "done note", "not now", "Spread Kubernetes"} {
		if strings.Contains(buf.String(), never) {
			t.Errorf("the shared CSV contains %q", never)
		}
	}
}

func TestEscapeMarkdown(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain words", "plain words"},
		{"| x |", `\| x \|`},
		{"*bold* _it_ ~~gone~~", `\*bold\* \_it\_ \~\~gone\~\~`},
		{"`code`", "\\`code\\`"},
		{"[link](http://x)", `\[link\](http://x)`},
		{"![img](x)", `!\[img\](x)`},
		{"<script>alert(1)</script>", `\<script\>alert(1)\</script\>`},
		{"> quote", `\> quote`},
		{"# heading", `\# heading`},
		{"## two", `\## two`},
		{"C# and F#", "C# and F#"},
		{"- item", `\- item`},
		{"+ item", `\+ item`},
		{"=====", `\=====`},
		{"1. first", `1\. first`},
		{"2026) year", `2026\) year`},
		{"1.5 weeks", `1\.5 weeks`},
		{"3 steps", "3 steps"},
		{"1234567890. many digits", "1234567890. many digits"},
		{`back\slash`, `back\\slash`},
		{`\|`, `\\\|`},
		{"two\nlines\r\nhere", "two lines here"},
		{"  spaced   out\t", "spaced out"},
		{"Zoë — Ελλάδα", "Zoë — Ελλάδα"},
		{"", ""},
	} {
		if got := EscapeMarkdown(tc.in); got != tc.want {
			t.Errorf("EscapeMarkdown(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got, want := UnescapeMarkdown(EscapeMarkdown(tc.in)), strings.Join(strings.Fields(roadmap.NormalizeLineBreaks(tc.in)), " "); got != want {
			t.Errorf("UnescapeMarkdown(EscapeMarkdown(%q)) = %q, want %q", tc.in, got, want)
		}
	}
}

// The Markdown: a title with the organization and date, the verdict, the
// phases in order then done, dismissed and resolved; the hostile titles
// cannot add a column to a table or a heading to the page.
func TestWriteRoadmapMarkdown(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteRoadmapMarkdown(&buf, NewRoadmapFile("Acme | *Corp*", exportDate, testPlan(), ownerName, false)); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	if first, _, _ := strings.Cut(md, "\n"); first != `# Roadmap of Acme \| \*Corp\* — 2026-12-01` {
		t.Errorf("title = %q", first)
	}
	var headings []string
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "## ") {
			headings = append(headings, line)
		}
		// A table row has exactly the table's 7 unescaped pipes.
		if strings.HasPrefix(line, "| ") {
			if n := unescapedPipes(line); n != 7 {
				t.Errorf("table row with %d cell separators, want 7: %q", n, line)
			}
		}
		if strings.HasPrefix(line, "# ") && !strings.HasPrefix(line, "# Roadmap of") {
			t.Errorf("a second title: %q", line)
		}
	}
	if want := []string{"## Now", "## Next", "## Later", "## Done", "## Dismissed", "## Resolved by the data"}; !slices.Equal(headings, want) {
		t.Errorf("sections = %q, want %q", headings, want)
	}
	for _, want := range []string{
		"**Capacity:** At 20",
		`| 1 | \=HYPERLINK("http://evil.example","click") | Accepted | 2027 Q1 | S | 13.5 |`,
		`| 3 | \| x \| | In progress | 2027 Q3 | S | 13.5 |`,
		"### 2. \\+cmd",
		"### \\# Heading title",
		"  - \\| x \\|",
		"  - \\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\<b\\>",
		"- **KPIs:** deployment frequency, support hours",
		"- **Depends on:** `practice:ci`, `practice:cd`",
		"- **Owner:** Zoë Owner",
		"- **Notes:** \\+cmd\\|' /C calc'!A0 second line",
		"done in 2026 Q4",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q\n%s", want, md)
		}
	}

	buf.Reset()
	if err := WriteRoadmapMarkdown(&buf, NewRoadmapFile("Acme", exportDate, testPlan(), ownerName, true)); err != nil {
		t.Fatal(err)
	}
	for _, never := range []string{"Owner", "Zoë", "Notes", "calc", "## Done", "Spread Kubernetes", "Replace Jenkins"} {
		if strings.Contains(buf.String(), never) {
			t.Errorf("the shared Markdown contains %q", never)
		}
	}
	if !strings.Contains(buf.String(), "## Now") {
		t.Errorf("the shared Markdown lacks the live plan\n%s", buf.String())
	}
}

// An empty plan says so.
func TestWriteRoadmapMarkdownEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteRoadmapMarkdown(&buf, NewRoadmapFile("Acme", exportDate, roadmap.Plan{}, nil, false)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Nothing is planned") || strings.Contains(buf.String(), "## ") {
		t.Errorf("empty plan:\n%s", buf.String())
	}
}

// unescapedPipes counts the | not preceded by an odd run of backslashes.
func unescapedPipes(s string) int {
	n := 0
	for i := range len(s) {
		if s[i] != '|' {
			continue
		}
		bs := 0
		for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
			bs++
		}
		if bs%2 == 0 {
			n++
		}
	}
	return n
}

// FuzzEscapeMarkdown: the escaped text is one line, starts no block,
// leaves no metacharacter unescaped, and reads back as the text.
func FuzzEscapeMarkdown(f *testing.F) {
	for _, seed := range []string{"", "| x |", "# h", "1. one", "12) x", `\`, `\\|`, "a\nb", "*_`[]<>~", "- + =", "Zoë", "\xff\xfe|", "  #x", "1234567890."} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := EscapeMarkdown(s)
		if strings.ContainsAny(got, "\n\r") {
			t.Fatalf("EscapeMarkdown(%q) = %q has a line break", s, got)
		}
		if got != "" && strings.ContainsRune("#-+=>", rune(got[0])) {
			t.Fatalf("EscapeMarkdown(%q) = %q starts a block", s, got)
		}
		if n := leadingDigits(got); n > 0 && n < len(got) && (got[n] == '.' || got[n] == ')') {
			t.Fatalf("EscapeMarkdown(%q) = %q starts an ordered list", s, got)
		}
		for i := range len(got) {
			if strings.IndexByte(markdownEscaped, got[i]) < 0 || got[i] == '\\' {
				continue
			}
			bs := 0
			for j := i - 1; j >= 0 && got[j] == '\\'; j-- {
				bs++
			}
			if bs%2 == 0 {
				t.Fatalf("EscapeMarkdown(%q) = %q leaves %q at %d unescaped", s, got, got[i], i)
			}
		}
		if back, want := UnescapeMarkdown(got), strings.Join(strings.Fields(roadmap.NormalizeLineBreaks(s)), " "); back != want {
			t.Fatalf("UnescapeMarkdown(EscapeMarkdown(%q)) = %q, want %q", s, back, want)
		}
	})
}

// largePlan is 60 live initiatives (the large organization), each
// with three pieces of evidence, an owner and notes.
func largePlan() roadmap.Plan {
	base := testPlan()
	var p roadmap.Plan
	for i := range 60 {
		it := base.Items[i%3]
		it.Key, it.OwnerID, it.Notes = "finding:"+strconv.Itoa(i), 7, "Agreed with the platform team in the quarterly review."
		it.Evidence = []roadmap.Evidence{{Text: "“Flaky runners” is open tech debt of high severity, a few days."},
			{Text: "Deployment frequency: 2 per month (medium)."}, {Text: "Support hours on the release scripts: 14 h/month."}}
		p.Items = append(p.Items, it)
	}
	p.Verdict = base.Verdict
	return p
}

func BenchmarkWriteRoadmapCSV(b *testing.B) {
	f := NewRoadmapFile("Acme", exportDate, largePlan(), ownerName, false)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteRoadmapCSV(&buf, f); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/file")
}

func BenchmarkWriteRoadmapMarkdown(b *testing.B) {
	f := NewRoadmapFile("Acme", exportDate, largePlan(), ownerName, false)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteRoadmapMarkdown(&buf, f); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/file")
}
