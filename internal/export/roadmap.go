package export

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/headwayhq/headway/internal/roadmap"
)

// The roadmap as a CSV table and as Markdown (issue 15): written, never
// read back (the filled XLSX is the file that imports).
//
//	roadmap.csv: rank,key,title,category,status,phase,quarter,effort,person_weeks,score,
//	             cost_of_delay,quadrant,impact,depends_on,kpis,owner,evidence,notes
//
// One row per initiative: the live plan in priority order (rank 1, 2, …),
// then the done, dismissed and resolved ones (no rank). Enumerations are
// their keys, as in the API; depends_on and kpis are keys joined by a
// space, evidence its sentences joined by " | ". Every cell but the header
// goes through EscapeCell (formula injection).
//
// A share link's version (Shared) is the live plan only, as the shared
// page shows it, without the owner and notes columns: nothing about a
// person leaves through a link.

// RoadmapHeader is the header of a member's roadmap CSV.
var RoadmapHeader = []string{"rank", "key", "title", "category", "status", "phase", "quarter", "effort", "person_weeks",
	"score", "cost_of_delay", "quadrant", "impact", "depends_on", "kpis", "owner", "evidence", "notes"}

// SharedRoadmapHeader is the header of a share link's roadmap CSV: no
// owner, no notes.
var SharedRoadmapHeader = []string{"rank", "key", "title", "category", "status", "phase", "quarter", "effort", "person_weeks",
	"score", "cost_of_delay", "quadrant", "impact", "depends_on", "kpis", "evidence"}

// RoadmapEntry is one initiative of an exported roadmap.
type RoadmapEntry struct {
	roadmap.PlanItem
	Rank  int    // 1 for the top of the live plan; 0 off it (done, dismissed, resolved)
	Owner string // the owner's name, "" for none (always "" when shared)
	Part  string // "live", "done", "dismissed" or "resolved"
}

// RoadmapFile is an organization's roadmap as the exports write it.
type RoadmapFile struct {
	OrgName string
	Date    time.Time
	Verdict string // the capacity verdict in words
	Shared  bool   // a share link's version: live plan only, no owners or notes
	Entries []RoadmapEntry
}

// NewRoadmapFile is plan as exported on date: with owners' names (from
// owner, given a user id) and notes, or when shared the live plan only
// without them.
func NewRoadmapFile(orgName string, date time.Time, plan roadmap.Plan, owner func(int64) string, shared bool) RoadmapFile {
	f := RoadmapFile{OrgName: orgName, Date: date, Verdict: plan.Verdict.Text(), Shared: shared}
	add := func(part string, items []roadmap.PlanItem) {
		for _, it := range items {
			e := RoadmapEntry{PlanItem: it, Part: part}
			if part == "live" {
				e.Rank = len(f.Entries) + 1
			}
			if shared {
				e.OwnerID, e.Notes = 0, ""
			} else if it.OwnerID != 0 && owner != nil {
				e.Owner = owner(it.OwnerID)
			}
			f.Entries = append(f.Entries, e)
		}
	}
	add("live", plan.Items)
	if !shared {
		add("done", plan.Done)
		add("dismissed", plan.Dismissed)
		add("resolved", plan.Resolved)
	}
	return f
}

// Header is the file's CSV header.
func (f RoadmapFile) Header() []string {
	if f.Shared {
		return SharedRoadmapHeader
	}
	return RoadmapHeader
}

// Record is the entry's cells in the file's header order, not yet escaped.
func (f RoadmapFile) Record(e RoadmapEntry) []string {
	rank := ""
	if e.Rank > 0 {
		rank = strconv.Itoa(e.Rank)
	}
	evidence := make([]string, len(e.Evidence))
	for i, ev := range e.Evidence {
		evidence[i] = ev.Text
	}
	rec := []string{rank, e.Key, e.Title, string(e.Category), string(e.Status), string(e.Phase), e.QuarterName,
		string(e.Effort), formatFloat(e.PersonWeeks), formatFloat(e.Score.WSJF), strconv.Itoa(e.Score.CostOfDelay),
		string(e.Quadrant), string(e.Impact), strings.Join(e.DependsOn, " "), strings.Join(e.KPIs, " ")}
	if f.Shared {
		return append(rec, strings.Join(evidence, " | "))
	}
	return append(rec, e.Owner, strings.Join(evidence, " | "), e.Notes)
}

// WriteRoadmapCSV writes the file as CSV: its header, then a row per entry.
func WriteRoadmapCSV(w io.Writer, f RoadmapFile) error {
	rows := make([][]string, 0, len(f.Entries)+1)
	rows = append(rows, f.Header())
	for _, e := range f.Entries {
		rows = append(rows, f.Record(e))
	}
	return writeAll(w, rows)
}

// WriteRoadmapMarkdown writes the file as Markdown (CommonMark with GFM
// tables) for a wiki or a pull request: a title with the organization and
// the date, the capacity verdict, then per phase (Now, Next, Later) a
// summary table and each initiative with its status, quarter, effort,
// score, KPIs and evidence as sub-bullets; then the done, dismissed and
// resolved ones. Every piece of text a person or the data wrote goes
// through EscapeMarkdown, so no title can break a table or a list.
func WriteRoadmapMarkdown(w io.Writer, f RoadmapFile) error {
	b := bufio.NewWriter(w)
	p := func(s ...string) {
		for _, x := range s {
			b.WriteString(x)
		}
		b.WriteByte('\n')
	}
	p("# Roadmap of ", EscapeMarkdown(f.OrgName), " — ", f.Date.Format("2006-01-02"))
	p()
	if f.Shared {
		p("*Shared read-only from Headway: the live plan, without owners or notes.*")
		p()
	}
	p("**Capacity:** ", EscapeMarkdown(f.Verdict))
	parts := map[string][]RoadmapEntry{}
	for _, e := range f.Entries {
		key := e.Part
		if key == "live" {
			key = string(e.Phase)
		}
		parts[key] = append(parts[key], e)
	}
	live := len(parts[string(roadmap.PhaseNow)]) + len(parts[string(roadmap.PhaseNext)]) + len(parts[string(roadmap.PhaseLater)])
	if live == 0 {
		p()
		p("Nothing is planned: no initiative is proposed, accepted or in progress.")
	}
	for _, ph := range roadmap.Phases {
		entries := parts[string(ph.Key)]
		if len(entries) == 0 {
			continue
		}
		p()
		p("## ", ph.Label)
		p()
		p("| # | Initiative | Status | Quarter | Effort | Score |")
		p("| ---: | --- | --- | --- | --- | ---: |")
		for _, e := range entries {
			p("| ", strconv.Itoa(e.Rank), " | ", EscapeMarkdown(e.Title), " | ", e.Status.Label(), " | ", EscapeMarkdown(e.QuarterName),
				" | ", e.Effort.Label(), " | ", formatFloat(e.Score.WSJF), " |")
		}
		for _, e := range entries {
			p()
			p("### ", strconv.Itoa(e.Rank), ". ", EscapeMarkdown(e.Title))
			p()
			markdownDetails(p, f, e)
		}
	}
	for _, part := range []struct{ key, title string }{
		{"done", "Done"}, {"dismissed", "Dismissed"}, {"resolved", "Resolved by the data"},
	} {
		entries := parts[part.key]
		if len(entries) == 0 {
			continue
		}
		p()
		p("## ", part.title)
		for _, e := range entries {
			p()
			p("### ", EscapeMarkdown(e.Title))
			p()
			markdownDetails(p, f, e)
		}
	}
	return b.Flush()
}

// markdownDetails writes an initiative's bullets.
func markdownDetails(p func(...string), f RoadmapFile, e RoadmapEntry) {
	quarter := EscapeMarkdown(e.QuarterName)
	if e.Part == "done" {
		quarter = "done in " + quarter
	}
	p("- **Status:** ", e.Status.Label(), " · **Quarter:** ", quarter, " · **Effort:** ", e.Effort.Label(),
		" (", formatFloat(e.PersonWeeks), " person-weeks) · **Score:** ", formatFloat(e.Score.WSJF),
		" (cost of delay ", strconv.Itoa(e.Score.CostOfDelay), ")")
	p("- **Category:** ", e.Category.Label(), " · ", e.Quadrant.Label(), " · ", e.Impact.Label())
	if len(e.KPIs) > 0 {
		kpis := make([]string, len(e.KPIs))
		for i, k := range e.KPIs {
			kpis[i] = EscapeMarkdown(roadmap.KPILabel(k))
		}
		p("- **KPIs:** ", strings.Join(kpis, ", "))
	}
	if len(e.DependsOn) > 0 {
		deps := make([]string, len(e.DependsOn))
		for i, k := range e.DependsOn {
			deps[i] = "`" + strings.ReplaceAll(k, "`", "") + "`"
		}
		p("- **Depends on:** ", strings.Join(deps, ", "))
	}
	if !f.Shared && e.Owner != "" {
		p("- **Owner:** ", EscapeMarkdown(e.Owner))
	}
	if len(e.Evidence) > 0 {
		p("- **Evidence:**")
		for _, ev := range e.Evidence {
			p("  - ", EscapeMarkdown(ev.Text))
		}
	}
	if !f.Shared && strings.TrimSpace(e.Notes) != "" {
		p("- **Notes:** ", EscapeMarkdown(e.Notes))
	}
}

// markdownEscaped are the characters EscapeMarkdown puts a backslash
// before wherever they are: the backslash itself, table cells (|),
// emphasis (* _ ~), code (`), links and images ([ ]), HTML and block
// quotes (< >).
const markdownEscaped = "\\|*_~`[]<>"

// EscapeMarkdown makes a piece of text safe inside a Markdown table cell,
// heading or list item: line breaks become spaces (a cell or an item is one
// line), every character of markdownEscaped gets a backslash before it,
// and a line that would start a heading (#), a list (- + or "1.") or a
// block is escaped at its start. CommonMark shows a backslash-escaped
// punctuation character as the character itself, so the text reads as it
// was typed.
func EscapeMarkdown(s string) string {
	s = strings.Join(strings.Fields(roadmap.NormalizeLineBreaks(s)), " ")
	var b strings.Builder
	b.Grow(len(s) + 8)
	if s != "" && strings.IndexByte(markdownLineStarts, s[0]) >= 0 {
		b.WriteByte('\\')
	}
	mark := -1 // the "." or ")" of a leading "1." or "1)", an ordered list's
	if n := leadingDigits(s); n > 0 && n < len(s) && (s[n] == '.' || s[n] == ')') {
		mark = n
	}
	for i := range len(s) { // bytes: every escaped character is ASCII
		if strings.IndexByte(markdownEscaped, s[i]) >= 0 || i == mark {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// markdownLineStarts are the characters EscapeMarkdown escapes at the
// start of the text only: a heading, a list item, a setext underline.
const markdownLineStarts = "#-+="

// leadingDigits is the number of digits s starts with (at most 10: an
// ordered list's number has at most nine).
func leadingDigits(s string) int {
	n := 0
	for n < len(s) && n < 10 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n == 10 {
		return 0
	}
	return n
}

// UnescapeMarkdown undoes EscapeMarkdown: a backslash before ASCII
// punctuation is dropped (as CommonMark renders it).
func UnescapeMarkdown(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}
