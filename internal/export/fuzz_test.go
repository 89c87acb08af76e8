package export

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/headwayhq/headway/internal/roadmap"
)

// FuzzParseStackCSV: the parser never panics, refuses only with an
// *ImportError, accepts only valid items, and an accepted file exports and
// imports back to the same items.
func FuzzParseStackCSV(f *testing.F) {
	var buf bytes.Buffer
	if err := WriteStackCSV(&buf, trickyItems); err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		buf.String(),
		stackHead,
		"",
		"\ufeff" + stackHead + "GitHub,CI/CD,Adopt,1.5,Linear,3,,,\r\n",
		stackHead + "\"a\r\nb\",other,adopt,,flat,3,,,\"x\r\ny\"\n",
		stackHead + "'=1,other,adopt,,flat,3,,,'\r\n",
		stackHead + "A,other,adopt,NaN,flat,3,Inf,,\n",
		stackHead + "A,other,adopt,0x1p3,flat,3,-0,,\n",
		stackHead + "\"unclosed,other\n",
		stackHead + "a\"b,other,adopt,,flat,3,,,\n",
		stackHead + ",,,,,,,,\n\n",
		"notes,owner,support_hours_per_month,scalability,cost_scaling,monthly_cost,lifecycle,category,name\n,,,3,flat,,adopt,other,A\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := ParseStackCSV(bytes.NewReader(data))
		if err != nil {
			var ie *ImportError
			if !errors.As(err, &ie) || len(ie.Errors) == 0 || items != nil {
				t.Fatalf("refused with %T %v and %d items", err, err, len(items))
			}
			return
		}
		for _, it := range items {
			if fe := it.Validate(); len(fe) != 0 {
				t.Fatalf("accepted an invalid item %+v: %v", it, fe)
			}
		}
		var out bytes.Buffer
		if err := WriteStackCSV(&out, items); err != nil {
			t.Fatal(err)
		}
		again, err := ParseStackCSV(&out)
		if err != nil {
			t.Fatalf("the export of an accepted file is refused: %v\n%q", err, out.String())
		}
		if len(items) == 0 && len(again) == 0 {
			return
		}
		if !reflect.DeepEqual(again, items) {
			t.Fatalf("round trip changed the items:\n got %#v\nwant %#v", again, items)
		}
	})
}

// FuzzParseFindingsCSV: as FuzzParseStackCSV, for findings (their stack
// item names included).
func FuzzParseFindingsCSV(f *testing.F) {
	var buf bytes.Buffer
	if err := WriteFindingsCSV(&buf, trickyFindings()); err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		buf.String(),
		findingsHead,
		"",
		"\ufeff" + findingsHead + "Tech debt,Old Jenkins,,3,M,,Jenkins\r\n",
		findingsHead + "opportunity,\"multi\r\nline\",\"a\nb\",4,xl,resolved,'=cmd\n",
		findingsHead + "debt,T,,0,m,open,\n",
		findingsHead + "debt,T,,3,m,open,\"a\nb\"\n",
		findingsHead + "debt,\"unclosed\n",
		"stack_item,status,effort,severity,description,title,kind\nJenkins,,s,2,,T,debt\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ParseFindingsCSV(bytes.NewReader(data))
		if err != nil {
			var ie *ImportError
			if !errors.As(err, &ie) || len(ie.Errors) == 0 || rows != nil {
				t.Fatalf("refused with %T %v and %d rows", err, err, len(rows))
			}
			return
		}
		for _, r := range rows {
			if fe := r.Finding.Validate(); len(fe) != 0 || r.Row < 2 {
				t.Fatalf("accepted an invalid row %+v: %v", r, fe)
			}
		}
		var out bytes.Buffer
		if err := WriteFindingsCSV(&out, rows); err != nil {
			t.Fatal(err)
		}
		again, err := ParseFindingsCSV(&out)
		if err != nil {
			t.Fatalf("the export of an accepted file is refused: %v\n%q", err, out.String())
		}
		if len(again) != len(rows) {
			t.Fatalf("round trip: %d rows, want %d", len(again), len(rows))
		}
		for i := range rows {
			if !reflect.DeepEqual(again[i].Finding, rows[i].Finding) || again[i].StackItem != rows[i].StackItem {
				t.Fatalf("round trip changed row %d:\n got %#v\nwant %#v", i, again[i], rows[i])
			}
		}
	})
}

// trickyFindings hold cells a spreadsheet would run or a reader change,
// in every column, including the stack item's name.
func trickyFindings() []FindingRow {
	return []FindingRow{
		{Finding: roadmap.Finding{Kind: roadmap.FindingDebt, Title: "=cmd|' /C calc'!A0", Description: "No backups.\nNo \"HA\".", Severity: 4,
			Effort: roadmap.EffortL, Status: roadmap.FindingPlanned}, StackItem: "=HYPERLINK(\"http://evil\")"},
		{Finding: roadmap.Finding{Kind: roadmap.FindingOpportunity, Title: "-20% with reserved instances", Description: "@once", Severity: 1,
			Effort: roadmap.EffortXS, Status: roadmap.FindingResolved}, StackItem: "'quoted"},
		{Finding: roadmap.Finding{Kind: roadmap.FindingDebt, Title: "Ünïcødé, 東京", Severity: 2, Effort: roadmap.EffortXL,
			Status: roadmap.FindingOpen}},
	}
}
