package web

import (
	"strings"
	"testing"

	"github.com/headwayhq/headway/internal/roadmap"
)

// Items are numbered in drawing order (quadrant, ring, name), whatever the
// input's order; the narrow drawing shows the numbers and names the links
// after them, the wide one shows the names; the table has each item once,
// in its ring's row and its quadrant's column, with its number.
func TestNewRadar(t *testing.T) {
	items := []roadmap.RadarItem{
		{ID: 5, Name: "Vault", Category: roadmap.CategorySecurity, Lifecycle: roadmap.LifecycleAdopt}, // operations (3), adopt
		{ID: 2, Name: "Jenkins", Category: roadmap.CategoryCICD, Lifecycle: roadmap.LifecycleHold},    // delivery (0), hold
		{ID: 9, Name: "GitHub", Category: roadmap.CategorySourceControl, Lifecycle: roadmap.LifecycleAdopt},
		{ID: 3, Name: "Argo CD", Category: roadmap.CategoryCICD, Lifecycle: roadmap.LifecycleAdopt},
		{ID: 7, Name: "Snowflake", Category: roadmap.CategoryData, Lifecycle: roadmap.LifecycleRetire},
	}
	d := NewRadar("acme", items)
	wantOrder := []string{"Argo CD", "GitHub", "Jenkins", "Snowflake", "Vault"} // delivery adopt ×2, delivery hold, data retire, operations adopt
	for _, c := range []RadarChart{d.Wide, d.Narrow} {
		if len(c.Dots) != len(items) {
			t.Fatalf("%s: %d dots", c.ID, len(c.Dots))
		}
		for i, dot := range c.Dots {
			if dot.Name != wantOrder[i] || dot.Number != i+1 {
				t.Errorf("%s: dot %d is %d %q, want %d %q", c.ID, i, dot.Number, dot.Name, i+1, wantOrder[i])
			}
			wantLabel, wantName := dot.Name, dot.Name+" ("+dot.RingLabel+", "+dot.QuadrantName+")"
			if c.Numbered {
				wantLabel, wantName = itoa(i+1), itoa(i+1)+": "+wantName
			}
			if dot.Label != wantLabel || dot.accessibleName(c.Numbered) != wantName || !strings.HasPrefix(dot.Href, "/o/acme/stack/") {
				t.Errorf("%s: dot %d label %q name %q href %q, want %q %q", c.ID, i, dot.Label, dot.accessibleName(c.Numbered), dot.Href, wantLabel, wantName)
			}
		}
	}
	if d.Wide.Numbered || !d.Narrow.Numbered {
		t.Error("the narrow drawing, and only it, shows numbers")
	}
	if jenkins := d.Wide.Dots[2]; jenkins.Ring != "hold" || jenkins.Quadrant != "delivery" || jenkins.Href != "/o/acme/stack/2" {
		t.Errorf("Jenkins is %s, %s, %s", jenkins.Ring, jenkins.Quadrant, jenkins.Href)
	}
	cells := map[string][]RadarLink{}
	total := 0
	for _, row := range d.Rings {
		for q, cell := range row.Cells {
			cells[row.Key+" "+roadmap.RadarQuadrants[q].Key] = cell
			total += len(cell)
		}
	}
	if total != len(items) || len(d.Rings) != 5 || len(d.Quadrants) != 4 {
		t.Errorf("table: %d items in %d rings × %d quadrants", total, len(d.Rings), len(d.Quadrants))
	}
	for key, want := range map[string][]RadarLink{
		"adopt delivery":   {{1, "Argo CD", "/o/acme/stack/3"}, {2, "GitHub", "/o/acme/stack/9"}},
		"hold delivery":    {{3, "Jenkins", "/o/acme/stack/2"}},
		"retire data":      {{4, "Snowflake", "/o/acme/stack/7"}},
		"adopt operations": {{5, "Vault", "/o/acme/stack/5"}},
	} {
		got := cells[key]
		if len(got) != len(want) {
			t.Errorf("%s: %v, want %v", key, got, want)
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: %v, want %v", key, got, want)
			}
		}
	}
	if !strings.HasPrefix(d.description(), "5 tools as dots.") || !strings.HasPrefix(NewRadar("acme", items[:1]).description(), "1 tool as dots.") {
		t.Errorf("description = %q", d.description())
	}
}
