package roadmap

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// generatedRoadmap is n initiatives over n/10+1 quarters, each after the
// one two places before it and, every third, after the first.
func generatedRoadmap(n int) []Initiative {
	list := make([]Initiative, n)
	for i := range list {
		it := Initiative{Key: "finding:" + strconv.Itoa(i+1), Title: "Initiative number " + strconv.Itoa(i+1) + " with a rather long title",
			Category: InitiativeTechDebt, Quadrant: QuadrantQuickWin, Quarter: i / 10}
		if i >= 2 {
			it.DependsOn = append(it.DependsOn, list[i-2].Key)
		}
		if i%3 == 0 && i > 0 {
			it.DependsOn = append(it.DependsOn, list[0].Key)
		}
		list[i] = it
	}
	return list
}

type point struct{ x, y float64 }

// pathPoints reads the corners of an M/H/V path, failing on anything else.
func pathPoints(t *testing.T, d string) []point {
	t.Helper()
	f := strings.Fields(d)
	var pts []point
	num := func(i int) float64 {
		if i >= len(f) {
			t.Fatalf("path %q ends early", d)
		}
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			t.Fatalf("path %q: %v", d, err)
		}
		return v
	}
	for i := 0; i < len(f); {
		switch f[i] {
		case "M":
			pts = append(pts, point{num(i + 1), num(i + 2)})
			i += 3
		case "H":
			pts = append(pts, point{num(i + 1), pts[len(pts)-1].y})
			i += 2
		case "V":
			pts = append(pts, point{pts[len(pts)-1].x, num(i + 1)})
			i += 2
		default:
			t.Fatalf("path %q: unexpected %q", d, f[i])
		}
	}
	if len(pts) < 2 || !strings.HasPrefix(d, "M") {
		t.Fatalf("path %q: fewer than two points", d)
	}
	return pts
}

// onEdge: p is on the left or right edge of b, within its height.
func onEdge(p point, b TimelineBar) bool {
	return (p.x == b.X || p.x == b.X+b.W) && p.y > b.Y && p.y < b.Y+b.H
}

// crosses: the segment p–q runs through b's inside.
func crosses(p, q point, b TimelineBar) bool {
	x1, x2 := min(p.x, q.x), max(p.x, q.x)
	y1, y2 := min(p.y, q.y), max(p.y, q.y)
	if p.y == q.y { // horizontal
		return p.y > b.Y && p.y < b.Y+b.H && x2 > b.X && x1 < b.X+b.W
	}
	return p.x > b.X && p.x < b.X+b.W && y2 > b.Y && y1 < b.Y+b.H
}

func TestLayoutTimeline(t *testing.T) {
	backward := []Initiative{
		{Key: "practice:ci", Title: "Run CI on every change", Quarter: 2, QuarterName: "2027 Q3"},
		{Key: "practice:continuous_delivery", Title: "Deliver continuously", Quarter: 0, QuarterName: "2027 Q1", DependsOn: []string{"practice:ci"}},
		{Key: "practice:automated_rollback", Title: "Roll back by itself", Quarter: 1, DependsOn: []string{"practice:ci"}},
	}
	sameQuarter := []Initiative{
		{Key: "a:1", Title: "Second, but first in the list", Quarter: 0, DependsOn: []string{"a:2", "a:2", "gone:9", "a:1"}},
		{Key: "a:2", Title: "First", Quarter: 0},
	}
	for _, tc := range []struct {
		name       string
		list       []Initiative
		quarters   int
		arrows     int // in each variant (the golden files' "after:" keys)
		backward   bool
		noLabels   bool
		firstNames []string
	}{
		{name: "startup", list: Derive(startupOrg(), deriveNow), quarters: 16, arrows: 22, firstNames: []string{"2027 Q1", "2027 Q2"}},
		{name: "midsize", list: Derive(midsizeOrg(), deriveNow), quarters: 2, arrows: 10},
		{name: "mature", list: Derive(matureOrg(), deriveNow), quarters: 1, arrows: 0},
		{name: "acceptance", list: Derive(acceptanceOrg(), deriveNow), quarters: 2, arrows: 4},
		// A quarter moved by hand puts the dependent first: drawn, flagged;
		// the empty quarter between is named by counting on.
		{name: "backward", list: backward, quarters: 3, arrows: 2, backward: true, firstNames: []string{"2027 Q1", "2027 Q2", "2027 Q3"}},
		// Duplicates, unknown keys and itself are not drawn.
		{name: "same quarter", list: sameQuarter, quarters: 1, arrows: 1, firstNames: []string{"Quarter 1"}},
		{name: "60", list: generatedRoadmap(60), quarters: 6, arrows: 58 + 19},
		{name: "300", list: generatedRoadmap(300), quarters: 30, arrows: MaxTimelineArrows, noLabels: true},
	} {
		for _, v := range []TimelineVariant{TimelineWide, TimelineNarrow} {
			t.Run(tc.name+"/"+strconv.Itoa(int(v)), func(t *testing.T) {
				tl := LayoutTimeline(tc.list, nil, v)
				if !reflect.DeepEqual(tl, LayoutTimeline(tc.list, nil, v)) {
					t.Fatal("two layouts of the same input differ")
				}
				if len(tl.Bars) != len(tc.list) || len(tl.Quarters) != tc.quarters || len(tl.Arrows) != tc.arrows || tl.NoLabels != tc.noLabels {
					t.Fatalf("%d bars, %d quarters, %d arrows, no labels %v; want %d, %d, %d, %v",
						len(tl.Bars), len(tl.Quarters), len(tl.Arrows), tl.NoLabels, len(tc.list), tc.quarters, tc.arrows, tc.noLabels)
				}
				for i, name := range tc.firstNames {
					if tl.Quarters[i].Name != name {
						t.Errorf("quarter %d is %q, want %q", i, tl.Quarters[i].Name, name)
					}
				}
				bars := map[string]TimelineBar{}
				for i, b := range tl.Bars {
					bars[b.Key] = b
					it := tc.list[i]
					if b.Key != it.Key || b.Quarter != it.Quarter || b.Status != "proposed" || b.Href != "#"+InitiativeAnchor(it.Key) {
						t.Errorf("bar %d: %+v for %s in quarter %d", i, b, it.Key, it.Quarter)
					}
					if b.X < 0 || b.Y < 0 || b.X+b.W > tl.Width || b.Y+b.H > tl.Height {
						t.Errorf("bar %s (%v,%v %v×%v) outside %v×%v", b.Key, b.X, b.Y, b.W, b.H, tl.Width, tl.Height)
					}
					q := tl.Quarters[b.Quarter]
					if b.X < q.X || b.X+b.W > q.X+q.W || b.Y < q.Y || b.Y+b.H > q.Y+q.H {
						t.Errorf("bar %s is not inside its quarter %s", b.Key, q.Name)
					}
					if tc.noLabels {
						if b.Label != "" {
							t.Errorf("bar %s labelled %q", b.Key, b.Label)
						}
					} else if n := utf8.RuneCountInString(b.Label); b.Label == "" || float64(n)*runeWidth > b.W-labelPad ||
						(b.Label != it.Title && (!strings.HasSuffix(b.Label, "…") || !strings.HasPrefix(it.Title, strings.TrimSuffix(b.Label, "…")))) {
						t.Errorf("bar %s: label %q of %q", b.Key, b.Label, it.Title)
					}
					for _, o := range tl.Bars[:i] {
						if b.X < o.X+o.W && o.X < b.X+b.W && b.Y < o.Y+o.H && o.Y < b.Y+b.H {
							t.Errorf("bars %s and %s overlap", b.Key, o.Key)
						}
					}
				}
				for _, a := range tl.Arrows {
					from, to := bars[a.From], bars[a.To]
					pts := pathPoints(t, a.Path)
					if !onEdge(pts[0], from) || !onEdge(pts[len(pts)-1], to) {
						t.Errorf("arrow %s→%s: %s does not run from bar to bar", a.From, a.To, a.Path)
					}
					if a.Backward != (to.Quarter < from.Quarter) || a.Backward != tc.backward {
						t.Errorf("arrow %s→%s: quarters %d→%d, backward %v", a.From, a.To, from.Quarter, to.Quarter, a.Backward)
					}
					for i := 1; i < len(pts); i++ {
						for _, b := range tl.Bars {
							if crosses(pts[i-1], pts[i], b) {
								t.Errorf("arrow %s→%s: %s crosses bar %s", a.From, a.To, a.Path, b.Key)
							}
						}
					}
				}
			})
		}
	}
}

// An empty roadmap is an empty drawing; a status function colours bars.
func TestLayoutTimelineEmptyAndStatus(t *testing.T) {
	if tl := LayoutTimeline(nil, nil, TimelineWide); tl.Width != 0 || tl.Height != 0 || tl.Bars != nil || tl.Quarters != nil || tl.Arrows != nil {
		t.Errorf("empty: %+v", tl)
	}
	list := []Initiative{{Key: "a:1", Title: "One"}, {Key: "a:2", Title: "Two"}}
	tl := LayoutTimeline(list, func(k string) string {
		if k == "a:2" {
			return "done"
		}
		return ""
	}, TimelineNarrow)
	if tl.Bars[0].Status != "proposed" || tl.Bars[1].Status != "done" {
		t.Errorf("statuses %q %q", tl.Bars[0].Status, tl.Bars[1].Status)
	}
}

func TestInitiativeAnchor(t *testing.T) {
	for key, want := range map[string]string{
		"practice:test_automation": "init-practice-test_automation",
		"finding:12":               "init-finding-12",
		"stack:3":                  "init-stack-3",
		"hand:a-b":                 "init-hand-a.2db",
		"X y":                      "init-.58.20y",
		"":                         "init-",
	} {
		if got := InitiativeAnchor(key); got != want {
			t.Errorf("InitiativeAnchor(%q) = %q, want %q", key, got, want)
		}
	}
	if InitiativeAnchor("a:b") == InitiativeAnchor("a-b") {
		t.Error("two keys share an anchor")
	}
}

func BenchmarkTimeline(b *testing.B) {
	for _, n := range []int{60, 300} {
		list := generatedRoadmap(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				LayoutTimeline(list, nil, TimelineWide)
			}
		})
	}
}

// Few quarters widen the wide drawing's columns towards a desktop's width
// (labels get longer); many keep the narrowest and scroll.
func TestTimelineColumnWidth(t *testing.T) {
	for _, tc := range []struct {
		quarters int
		colW     float64
		runes    int
	}{{1, maxColumn, 45}, {4, 210, 28}, {16, 208, 28}} {
		list := []Initiative{{Key: "a:1", Title: "One"}, {Key: "a:2", Title: "Two", Quarter: tc.quarters - 1}}
		tl := LayoutTimeline(list, nil, TimelineWide)
		if len(tl.Quarters) != tc.quarters || tl.Bars[0].W != tc.colW || int((tl.Bars[0].W-labelPad)/runeWidth) != tc.runes {
			t.Errorf("%d quarters: columns %v wide, want %v", len(tl.Quarters), tl.Bars[0].W, tc.colW)
		}
		if want := wideTimeline.gutter + float64(tc.quarters)*(tc.colW+wideTimeline.gutter); tl.Width != want {
			t.Errorf("%d quarters: %v wide, want %v", tc.quarters, tl.Width, want)
		}
	}
}
