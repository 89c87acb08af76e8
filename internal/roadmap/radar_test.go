package roadmap

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Every category has exactly one quadrant.
func TestRadarQuadrants(t *testing.T) {
	seen := map[Category]int{}
	for _, q := range RadarQuadrants {
		for _, c := range q.Categories {
			seen[c]++
		}
	}
	for _, c := range Categories {
		if seen[c.Key] != 1 {
			t.Errorf("%s is in %d quadrants", c.Key, seen[c.Key])
		}
	}
	if len(seen) != len(Categories) || len(RadarQuadrants) != 4 || len(RadarRingBounds) != len(Lifecycles) {
		t.Errorf("quadrants name %d categories, want %d", len(seen), len(Categories))
	}
	if QuadrantOf("nope") != QuadrantOf(CategoryOther) || RingOf("nope") != 2 || RingOf(LifecycleRetire) != 4 {
		t.Error("unknown category or lifecycle")
	}
}

func radarItems(n int, seed uint64, cat Category, life Lifecycle) []RadarItem {
	rng := rand.New(rand.NewPCG(seed, 1))
	words := []string{"GitHub", "Argo CD", "Terraform Cloud", "Kubernetes", "Prometheus", "PagerDuty", "X", "Elastic Stack (ELK)", "WWW MMM WIDE CAPS", "中文工具",
		"SonarQube", "PostgreSQL", "Confluence", "A very long internal platform name that goes on"}
	items := make([]RadarItem, n)
	for i := range items {
		c, l := cat, life
		if c == "" {
			c = Categories[rng.IntN(len(Categories))].Key
		}
		if l == "" {
			l = Lifecycles[rng.IntN(len(Lifecycles))].Key
		}
		items[i] = RadarItem{ID: int64(i + 1), Name: fmt.Sprintf("%s %d", words[rng.IntN(len(words))], i), Category: c, Lifecycle: l}
	}
	return items
}

// The layout's promises: each dot inside its quadrant's sector and its
// ring's band, no two labels overlapping, every label on the drawing, and
// the same layout for the same items in any order.
func TestLayoutRadar(t *testing.T) {
	cases := map[string][]RadarItem{
		"empty":                         nil,
		"one":                           {{ID: 1, Name: "GitHub", Category: CategorySourceControl, Lifecycle: LifecycleAdopt}},
		"60 mixed":                      radarItems(60, 1, "", ""),
		"60 mixed, another seed":        radarItems(60, 2, "", ""),
		"60 in adopt, top left":         radarItems(60, 3, CategoryCICD, LifecycleAdopt),
		"60 in retire, bottom right":    radarItems(60, 4, CategorySecurity, LifecycleRetire),
		"60 in trial, bottom left":      radarItems(60, 5, CategoryData, LifecycleTrial),
		"60 same name":                  sameNames(60),
		"unknown category and ring":     {{ID: 9, Name: "?", Category: "x", Lifecycle: "y"}},
		"60 in hold, top right, narrow": radarItems(60, 6, CategoryCloud, LifecycleHold),
		"60 mixed, tiny":                radarItems(60, 7, "", ""),
		"60 mixed, phone":               radarItems(60, 8, "", ""),
	}
	for name, items := range cases {
		t.Run(name, func(t *testing.T) {
			opt := DefaultRadarOptions
			if strings.Contains(name, "narrow") {
				opt = RadarOptions{Size: 400}
			}
			if strings.Contains(name, "phone") {
				opt = RadarOptions{Size: 380}
			}
			if strings.Contains(name, "tiny") {
				opt = RadarOptions{Size: 50} // MinRadarSize, where labels run out of room: rows are added below
			}
			l := LayoutRadar(items, opt)
			checkRadar(t, items, l, opt.withDefaults())
			if strings.Contains(name, "tiny") && l.Height <= l.Width {
				t.Errorf("a tiny drawing did not grow: %v×%v", l.Width, l.Height)
			}
			if again := LayoutRadar(items, opt); !reflect.DeepEqual(again, l) {
				t.Error("the same items gave another layout")
			}
			shuffled := slices.Clone(items)
			slices.Reverse(shuffled)
			other := LayoutRadar(shuffled, opt)
			byID := map[int64]RadarPlacement{}
			for _, p := range other.Items {
				byID[p.ID] = p
			}
			for _, p := range l.Items {
				if byID[p.ID] != p && !strings.HasPrefix(name, "60 same name") {
					t.Errorf("order changed %d: %+v vs %+v", p.ID, p, byID[p.ID])
					break
				}
			}
		})
	}
}

func sameNames(n int) []RadarItem {
	items := make([]RadarItem, n)
	for i := range items {
		items[i] = RadarItem{ID: int64(i + 1), Name: "Same", Category: CategoryCloud, Lifecycle: LifecycleAdopt}
	}
	return items
}

func checkRadar(t *testing.T, items []RadarItem, l RadarLayout, opt RadarOptions) {
	t.Helper()
	if len(l.Items) != len(items) {
		t.Fatalf("%d placements for %d items", len(l.Items), len(items))
	}
	if l.Width != max(opt.Size, MinRadarSize) || l.Height < opt.Size || len(l.RingRadii) != 5 {
		t.Errorf("drawing %v×%v, rings %v", l.Width, l.Height, l.RingRadii)
	}
	if len(l.Titles) != len(RadarQuadrants) {
		t.Fatalf("%d quadrant names", len(l.Titles))
	}
	for i, a := range l.Titles {
		if !a.inside(l.Width, l.Height) {
			t.Errorf("quadrant %d's name %+v is off the drawing", i, a)
		}
		for j, b := range l.Titles[:i] {
			if a.Overlaps(b) {
				t.Errorf("the names of quadrants %d and %d overlap: %+v %+v", j, i, b, a)
			}
		}
		// Clear of the radar's circle (the box's nearest point to the centre
		// is outside it), on drawings as wide as the pages make (the
		// phone's is 380); smaller ones have no room in their corners.
		if d := distToRect(l.CX, l.CY, a); l.Width >= 380 && d <= l.Radius {
			t.Errorf("quadrant %d's name %+v is %.1f from the centre, inside the radius %.1f", i, a, d, l.Radius)
		}
	}
	for i, p := range l.Items {
		it := items[i]
		if p.ID != it.ID || p.Name != it.Name || p.Quadrant != QuadrantOf(it.Category) || p.Ring != RingOf(it.Lifecycle) {
			t.Errorf("placement %d is not its item: %+v for %+v", i, p, it)
		}
		dx, dy := p.X-l.CX, l.CY-p.Y // y up
		r := math.Hypot(dx, dy)
		a := math.Atan2(dy, dx)
		if a < 0 {
			a += 2 * math.Pi
		}
		a0 := quadrantStart[p.Quadrant]
		if a <= a0 || a >= a0+math.Pi/2 {
			t.Errorf("%q at %.1f° is outside quadrant %d", p.Name, a*180/math.Pi, p.Quadrant)
		}
		inner := 0.0
		if p.Ring > 0 {
			inner = l.RingRadii[p.Ring-1]
		}
		if r-opt.DotRadius <= inner || r+opt.DotRadius >= l.RingRadii[p.Ring] {
			t.Errorf("%q at radius %.1f is outside ring %d (%.1f–%.1f)", p.Name, r, p.Ring, inner, l.RingRadii[p.Ring])
		}
		if !p.Box.inside(l.Width, l.Height) {
			t.Errorf("%q's label %+v is off the %v×%v drawing", p.Name, p.Box, l.Width, l.Height)
		}
		if n := len([]rune(p.Label)); n > opt.MaxLabelRunes || p.Box.W != LabelWidth(p.Label, opt.FontSize)+2*LabelPad {
			t.Errorf("%q: label %q in a box %v wide", p.Name, p.Label, p.Box.W)
		}
		for q, title := range l.Titles {
			if p.Box.Overlaps(title) {
				t.Errorf("%q's label %+v covers the name of quadrant %d %+v", p.Name, p.Box, q, title)
			}
		}
		for j := range i {
			if q := l.Items[j]; p.Box.Overlaps(q.Box) {
				t.Errorf("labels overlap: %q %+v and %q %+v", p.Name, p.Box, q.Name, q.Box)
			}
		}
	}
}

func TestRectOverlaps(t *testing.T) {
	a := Rect{0, 0, 10, 10}
	for _, tt := range []struct {
		b    Rect
		want bool
	}{
		{Rect{5, 5, 10, 10}, true}, {Rect{10, 0, 5, 5}, false}, {Rect{0, 10, 5, 5}, false}, {Rect{2, 2, 1, 1}, true}, {Rect{-5, -5, 4, 4}, false},
	} {
		if a.Overlaps(tt.b) != tt.want || tt.b.Overlaps(a) != tt.want {
			t.Errorf("%+v overlaps %+v: want %v", a, tt.b, tt.want)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{strings.Repeat("é", 30), strings.Repeat("é", 23) + "…"}, // one word: cut inside it
		{"Short name", "Short name"},
		{"Exactly twenty-four runes", "Exactly twenty-four…"},            // 25 runes: back to the last word's end
		{"Ansible Automation Platform", "Ansible Automation…"},           // whole words
		{"Internal developer portal (Backstage)", "Internal developer…"}, // a cut that would split "portal"
		{"Elastic Stack (ELK) 123 edition", "Elastic Stack (ELK) 123…"},  // the cut falls on a space
		{"A Supercalifragilisticexpialidocious", "A…"},
		{"Supercalifragilisticexpialidocious", "Supercalifragilisticexp…"}, // a first word too long: cut inside
	} {
		if got := cutLabel(tt.in, 24); got != tt.want || utf8.RuneCountInString(got) > 24 {
			t.Errorf("cutLabel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Label widths follow the font's advances: a caps-heavy name is wider than
// a lower-case one of as many runes, wide scripts take a full em.
func TestLabelWidth(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want float64 // in em, before the 4% margin
	}{
		{"", 0},
		{"Wi", 0.99 + 0.24},
		{"a b", 0.56 + 0.28 + 0.61},
		{"é…", 0.64 + 0.86},
		{"中ア가", 3},
	} {
		if got := LabelWidth(tt.s, 10); math.Abs(got-tt.want*10*1.04) > 1e-9 {
			t.Errorf("LabelWidth(%q, 10) = %v, want %v", tt.s, got, tt.want*10*1.04)
		}
	}
	if caps, lower := LabelWidth("SONARQUBE ENTERPRISE", 12), LabelWidth("sonarqube enterprise", 12); caps < 1.2*lower {
		t.Errorf("caps %v, lower case %v: want caps at least 20%% wider", caps, lower)
	}
}

// The figure the issue asks for: how long 60 items take to lay out.
func BenchmarkLayoutRadar60(b *testing.B) {
	for _, name := range []string{"mixed", "one group"} {
		items := radarItems(60, 1, "", "")
		if name == "one group" {
			items = radarItems(60, 3, CategoryCICD, LifecycleAdopt)
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				LayoutRadar(items, DefaultRadarOptions)
			}
		})
	}
}

func TestLayoutRadarTime(t *testing.T) {
	start := time.Now()
	LayoutRadar(radarItems(60, 3, CategoryCICD, LifecycleAdopt), DefaultRadarOptions)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("60 items in one group took %v", d)
	}
}

// A large inventory is laid out without labels, and fast: every dot in its
// quadrant and ring, no label boxes.
func TestLayoutRadarWithoutLabels(t *testing.T) {
	var items []RadarItem
	for i := range 2000 {
		items = append(items, RadarItem{ID: int64(i + 1), Name: fmt.Sprintf("Tool %04d", i), Category: Categories[i%len(Categories)].Key,
			Lifecycle: Lifecycles[i%len(Lifecycles)].Key})
	}
	opt := DefaultRadarOptions
	opt.NoLabels = true
	l := LayoutRadar(items, opt)
	if len(l.Items) != len(items) {
		t.Fatalf("%d placements for %d items", len(l.Items), len(items))
	}
	for _, p := range l.Items {
		if p.Box != (Rect{}) || p.Leader {
			t.Fatalf("%s has a label box %v without labels", p.Name, p.Box)
		}
		if p.X < 0 || p.Y < 0 || p.X > l.Width || p.Y > l.Height {
			t.Fatalf("%s is drawn outside the radar at %v,%v", p.Name, p.X, p.Y)
		}
	}
}

func BenchmarkLayoutRadar2000WithoutLabels(b *testing.B) {
	var items []RadarItem
	for i := range 2000 {
		items = append(items, RadarItem{ID: int64(i + 1), Name: fmt.Sprintf("Tool %04d", i), Category: Categories[i%len(Categories)].Key,
			Lifecycle: Lifecycles[i%len(Lifecycles)].Key})
	}
	opt := DefaultRadarOptions
	opt.NoLabels = true
	for b.Loop() {
		LayoutRadar(items, opt)
	}
}
