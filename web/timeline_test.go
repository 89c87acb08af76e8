package web

import (
	"context"
	"strings"
	"testing"

	"github.com/headwayhq/headway/internal/roadmap"
)

func renderTimeline(t *testing.T, d TimelineProps) string {
	t.Helper()
	var b strings.Builder
	if err := RoadmapTimeline(d).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The timeline draws each initiative twice (wide and narrow) as a link to
// its card's anchor, an arrow per dependency within the list, a summary in
// <desc>, and the text list by quarter with "after:"; an empty roadmap
// renders nothing.
func TestRoadmapTimeline(t *testing.T) {
	list := []roadmap.Initiative{
		{Key: "practice:ci", Title: "Set up continuous integration", Quadrant: roadmap.QuadrantQuickWin, Quarter: 0, QuarterName: "2027 Q1"},
		{Key: "finding:7", Title: "Renew <TLS> by hand", Quadrant: roadmap.QuadrantFillIn, Quarter: 0, QuarterName: "2027 Q1"},
		{Key: "practice:continuous_delivery", Title: "Deliver continuously", Quadrant: roadmap.QuadrantMajorProject, Quarter: 2, QuarterName: "2027 Q3",
			DependsOn: []string{"practice:ci", "practice:gone"}},
	}
	d := NewTimeline(list, func(k string) string {
		if k == "finding:7" {
			return "in_progress"
		}
		return "" // the layout's default: proposed
	})
	if d.Count != 3 || d.Quarters != 3 || d.Dependencies != 1 || len(d.ByQuarter) != 3 || len(d.ByQuarter[1].Items) != 0 {
		t.Fatalf("props: %+v", d)
	}
	html := renderTimeline(t, d)
	for _, want := range []string{
		`<desc id="timeline-wide-desc">3 initiatives over 3 quarters, 1 dependency.</desc>`,
		`<desc id="timeline-narrow-desc">3 initiatives over 3 quarters, 1 dependency.</desc>`,
		`href="#init-practice-continuous_delivery"`,
		`class="timeline-bar status-in_progress q-fill_in"`,
		`aria-label="Renew &lt;TLS&gt; by hand, 2027 Q1, in progress, fill-in"`,
		`marker-end="url(#timeline-wide-head)"`,
		`<h3>2027 Q2</h3><p>Nothing planned in this quarter.</p>`,
		`after: Set up continuous integration</span>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s", want)
		}
	}
	if n := strings.Count(html, `<a href="#init-finding-7" class="timeline-bar`); n != 2 {
		t.Errorf("finding:7 drawn %d times, want 2 (wide and narrow)", n)
	}
	if n := strings.Count(html, `class="timeline-arrow"`); n != 2 {
		t.Errorf("%d arrows, want 2 (one per drawing)", n)
	}
	if InitiativeAnchor("finding:7") != "init-finding-7" {
		t.Error(InitiativeAnchor("finding:7"))
	}
	if html := renderTimeline(t, NewTimeline(nil, nil)); html != "" {
		t.Errorf("empty roadmap: %q", html)
	}
}

// A huge roadmap says in <desc> what the drawing leaves out.
func TestTimelineDescriptionOfHugeRoadmap(t *testing.T) {
	list := make([]roadmap.Initiative, 200)
	for i := range list {
		list[i] = roadmap.Initiative{Key: "finding:" + itoa(i), Title: "Finding " + itoa(i), Quarter: i / 20}
		if i > 0 {
			list[i].DependsOn = []string{list[i-1].Key}
		}
	}
	got := NewTimeline(list, nil).description()
	want := "200 initiatives over 10 quarters, 199 dependencies. With more than 80 initiatives the bars carry no names; the list below names them." +
		" Only the first 150 dependencies are drawn; the list below gives all."
	if got != want {
		t.Errorf("description:\n%s\nwant\n%s", got, want)
	}
}
