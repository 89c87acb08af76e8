package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The stakeholders register: empty, then two added through the form (one
// ticking an initiative of the roadmap), each in its quadrant of the grid;
// the register, the form and the grid pass axe at every width, light and
// dark.
func TestStakeholders(t *testing.T) {
	a := newApp(t)
	owner := newBrowser(t)
	if err := chromedp.Do(owner, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	signUpInBrowser(t, owner, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")
	base := "/o/acme-corp/roadmap/stakeholders"
	visit(t, owner, a.URL+base)
	waitVisible(t, owner, `.empty-state a[href="`+base+`/new"]`)
	checkPage(t, owner, page{name: "stakeholders empty", path: base, heading: "Stakeholders"})

	// A finding, so the roadmap has an initiative to tick.
	visit(t, owner, a.URL+"/o/acme-corp/stack/findings/new")
	fill(t, owner, `#f-kind`, "debt")
	typeInto(t, owner, `#f-title`, "TLS certificate renewed by hand")
	fill(t, owner, `#f-severity`, "4")
	fill(t, owner, `#f-effort`, "xs")
	click(t, owner, `main form button[type="submit"]`)
	waitVisible(t, owner, `a.finding-title`)

	add := func(name, title, interest, influence string, tick bool) {
		t.Helper()
		visit(t, owner, a.URL+base+"/new")
		typeInto(t, owner, `#f-name`, name)
		typeInto(t, owner, `#f-title`, title)
		fill(t, owner, `#f-interest`, interest)
		fill(t, owner, `#f-influence`, influence)
		if tick {
			click(t, owner, `input[name="initiative"]`)
		}
		click(t, owner, `main form button[type="submit"]`)
		waitVisible(t, owner, `.stake-grid`)
	}
	visit(t, owner, a.URL+base+"/new")
	waitVisible(t, owner, `input[name="initiative"]`)
	checkPage(t, owner, page{name: "stakeholder new", path: base + "/new", heading: "New stakeholder"})
	add("Dana Finance", "Chief Financial Officer", "4", "5", true)
	add("Sam Support", "Support lead", "5", "1", false)

	if got := textOf(t, owner, `.stake-manage_closely`); !strings.Contains(got, "Dana Finance") || strings.Contains(got, "Sam Support") {
		t.Errorf("Manage closely shows %q", got)
	}
	if got := textOf(t, owner, `.stake-keep_informed`); !strings.Contains(got, "Sam Support") {
		t.Errorf("Keep informed shows %q", got)
	}
	if got := textOf(t, owner, `.stake-table`); !strings.Contains(got, "TLS certificate renewed by hand") {
		t.Errorf("the register does not name Dana's initiative: %q", got)
	}
	// The grid reads as drawn: Manage closely right of Keep satisfied, above Keep informed.
	boxes, err := chromedp.Run(owner, chromedp.Evaluate[map[string]float64](`(() => {
		const r = s => document.querySelector(s).getBoundingClientRect();
		return {closelyX: r('.stake-manage_closely').x, satisfiedX: r('.stake-keep_satisfied').x,
			closelyY: r('.stake-manage_closely').y, informedY: r('.stake-keep_informed').y};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if !(boxes["closelyX"] > boxes["satisfiedX"] && boxes["closelyY"] < boxes["informedY"]) {
		t.Errorf("quadrants out of place: %v", boxes)
	}
	checkPage(t, owner, page{name: "stakeholders", path: base, heading: "Stakeholders"})
}
