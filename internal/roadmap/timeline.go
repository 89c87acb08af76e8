package roadmap

import (
	"strconv"
	"strings"
)

// The quarter timeline of the roadmap page, laid out here so the page draws
// it as plain SVG with no script, and so tests can check the geometry.
//
// Wide (a desktop): one column per quarter, from the plan's first to the
// last one used (empty quarters included, so the time axis is honest), the
// initiatives as bars stacked in their quarter's column in list (priority)
// order. Rows line up across columns, so the gaps between rows and the
// gutters between columns are free of bars: a dependency arrow leaves its
// dependency's bar into the gutter beside it, runs along the row gap above
// the dependent's row when it has columns to cross, and comes down the
// gutter before the dependent's column into its bar. It crosses no bar.
//
// Narrow (a phone): the quarters are bands one under the other, each bar
// the full width but for a left gutter where every arrow runs from the left
// edge of its dependency to the left edge of its dependent.
//
// Bounds: beyond MaxLabelledTimelineBars initiatives the bars are thin and
// unlabelled (the text list under the drawing names them all), and only the
// first MaxTimelineArrows dependencies (in list order) are drawn, so a huge
// roadmap stays a drawing of a few hundred kilobytes at most.

// TimelineVariant is the drawing's shape.
type TimelineVariant int

// The variants.
const (
	TimelineWide   TimelineVariant = iota // quarters side by side
	TimelineNarrow                        // quarters one under the other, for phones
)

// Drawing bounds (see above).
const (
	MaxLabelledTimelineBars = 80
	MaxTimelineArrows       = 150
)

// Timeline is a laid-out quarter timeline in SVG user units (about pixels
// when drawn 1:1). The zero value, for an empty roadmap, draws nothing.
type Timeline struct {
	Variant       TimelineVariant
	Width, Height float64
	FontSize      float64
	NoLabels      bool // more than MaxLabelledTimelineBars: bars only
	Quarters      []TimelineQuarter
	Bars          []TimelineBar // in list order
	Arrows        []TimelineArrow
	Dependencies  int // all dependencies within the list, drawn or not
}

// TimelineQuarter is a quarter's column (wide) or band (narrow); its name
// is drawn at (LabelX, LabelY).
type TimelineQuarter struct {
	Index          int
	Name           string
	X, Y, W, H     float64
	LabelX, LabelY float64
	Count          int // initiatives in it
}

// TimelineBar is one initiative.
type TimelineBar struct {
	Key, Title string // Title is the full title, for the link's name
	Label      string // Title cut to fit (a rune count, with an ellipsis), "" when NoLabels
	X, Y, W, H float64
	Category   InitiativeCategory
	Quadrant   Quadrant
	Status     string
	Quarter    int
	Href       string // "#" + InitiativeAnchor(Key)
}

// TimelineArrow is a dependency: from the bar of the initiative to do
// first to the bar of the one that waits for it.
type TimelineArrow struct {
	From, To string
	Path     string // SVG path data, absolute M/H/V commands only
	// Backward: the dependent is in an earlier quarter than its dependency
	// (a quarter moved by hand); the page shows it as a conflict.
	Backward bool
}

// InitiativeAnchor is the fragment id of an initiative's card on the
// roadmap page: "init-" and the key with lowercase letters, digits and _
// kept, ':' as '-', and any other byte as '.' and two hex digits, so two
// keys never share an anchor and the id needs no escaping in a URL.
func InitiativeAnchor(key string) string {
	const hex = "0123456789abcdef"
	var b strings.Builder
	b.WriteString("init-")
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_':
			b.WriteByte(c)
		case c == ':':
			b.WriteByte('-')
		default:
			b.WriteByte('.')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// A wide drawing's columns share wideTarget units (a desktop's content
// width, drawn 1:1) when few quarters leave room, up to maxColumn each;
// many quarters keep wideTimeline's colW and the page scrolls sideways.
// A label takes a rune per runeWidth units of its bar (Inter at 12 px
// averages about 6.5 px a character) after its stripe and padding.
const (
	wideTarget = 1040
	maxColumn  = 320
	runeWidth  = 6.6
	labelPad   = 20
)

// timelineGeometry is one variant's measures.
type timelineGeometry struct {
	width     float64 // narrow: the whole drawing; wide: unused (it grows with the quarters)
	colW      float64 // wide: a column's width
	gutter    float64 // wide: between columns (and before the first, after the last); narrow: the arrows' lane
	headH     float64 // a quarter's name
	barH, gap float64
	maxRunes  int
	font      float64
}

var (
	wideTimeline   = timelineGeometry{colW: 208, gutter: 40, headH: 30, barH: 28, gap: 16, font: 12}
	narrowTimeline = timelineGeometry{width: 360, gutter: 34, headH: 30, barH: 28, gap: 8, maxRunes: 44, font: 12}
)

// LayoutTimeline lays out list (in priority order, each with its Quarter)
// as variant v. status names each initiative's status (the CSS class of its
// bar); nil means every one is "proposed". Deterministic: the same input
// gives the same drawing.
func LayoutTimeline(list []Initiative, status func(key string) string, v TimelineVariant) Timeline {
	if len(list) == 0 {
		return Timeline{Variant: v}
	}
	g := wideTimeline
	if v == TimelineNarrow {
		g = narrowTimeline
	}
	t := Timeline{Variant: v, FontSize: g.font, NoLabels: len(list) > MaxLabelledTimelineBars}
	if t.NoLabels {
		g.barH, g.gap = 10, 6
	}

	last := 0
	for _, it := range list {
		last = max(last, it.Quarter)
	}
	if v == TimelineWide {
		g.colW = min(maxColumn, max(g.colW, (wideTarget-g.gutter)/float64(last+1)-g.gutter))
		g.maxRunes = int((g.colW - labelPad) / runeWidth)
	}
	counts := make([]int, last+1)
	for _, it := range list {
		counts[max(it.Quarter, 0)]++
	}
	names := quarterNames(list, last)

	// Quarters, and where each one's next bar goes.
	next := make([]float64, last+1) // wide: the row; narrow: the y
	if v == TimelineWide {
		rows := 0
		for _, c := range counts {
			rows = max(rows, c)
		}
		t.Width = g.gutter + float64(last+1)*(g.colW+g.gutter)
		t.Height = g.headH + g.gap + float64(rows)*(g.barH+g.gap)
		for q := 0; q <= last; q++ {
			x := g.gutter + float64(q)*(g.colW+g.gutter)
			t.Quarters = append(t.Quarters, TimelineQuarter{Index: q, Name: names[q], X: x, Y: 0, W: g.colW, H: t.Height,
				LabelX: x + g.colW/2, LabelY: g.headH / 2, Count: counts[q]})
		}
	} else {
		y := 0.0
		for q := 0; q <= last; q++ {
			h := g.headH + float64(counts[q])*(g.barH+g.gap)
			t.Quarters = append(t.Quarters, TimelineQuarter{Index: q, Name: names[q], X: 0, Y: y, W: g.width, H: h,
				LabelX: g.gutter, LabelY: y + g.headH/2, Count: counts[q]})
			next[q] = y + g.headH
			y += h
		}
		t.Width, t.Height = g.width, y+g.gap
	}

	index := make(map[string]int, len(list))
	for _, it := range list {
		q := max(it.Quarter, 0)
		b := TimelineBar{Key: it.Key, Title: it.Title, Category: it.Category, Quadrant: it.Quadrant,
			Status: "proposed", Quarter: q, Href: "#" + InitiativeAnchor(it.Key), H: g.barH}
		if status != nil {
			if s := status(it.Key); s != "" {
				b.Status = s
			}
		}
		if !t.NoLabels {
			b.Label = cutLabel(it.Title, g.maxRunes)
		}
		if v == TimelineWide {
			b.X, b.W = t.Quarters[q].X, g.colW
			b.Y = g.headH + g.gap + next[q]*(g.barH+g.gap)
			next[q]++
		} else {
			b.X, b.W = g.gutter, g.width-g.gutter-2
			b.Y = next[q]
			next[q] += g.barH + g.gap
		}
		if _, dup := index[it.Key]; !dup {
			index[it.Key] = len(t.Bars)
		}
		t.Bars = append(t.Bars, b)
	}

	for _, it := range list {
		to := index[it.Key]
		seen := map[string]bool{}
		for _, dep := range it.DependsOn {
			from, ok := index[dep]
			if !ok || seen[dep] || from == to {
				continue
			}
			seen[dep] = true
			t.Dependencies++
			if len(t.Arrows) >= MaxTimelineArrows {
				continue
			}
			a := TimelineArrow{From: dep, To: it.Key}
			a.Path, a.Backward = g.route(v, t.Bars[from], t.Bars[to], len(t.Arrows))
			t.Arrows = append(t.Arrows, a)
		}
	}
	return t
}

// route draws the elbow from bar f to bar d, the lane-th arrow: its lane
// shifts its vertical runs a little so that arrows sharing a gutter stay
// apart.
func (g timelineGeometry) route(v TimelineVariant, f, d TimelineBar, lane int) (string, bool) {
	fy, dy := f.Y+f.H/2, d.Y+d.H/2
	if v == TimelineNarrow {
		x := g.gutter - 10 - float64(lane%4)*5
		return path('M', f.X, fy, 'H', x, 'V', dy, 'H', d.X), d.Quarter < f.Quarter
	}
	shift := float64(lane%5-2) * 4                    // -8 … 8, inside half a gutter
	gapY := d.Y - g.gap/2 + float64(lane%5-2)*g.gap/8 // inside the gap: ±a quarter of it
	switch {
	case d.Quarter == f.Quarter+1:
		x := f.X + f.W + g.gutter/2 + shift
		return path('M', f.X+f.W, fy, 'H', x, 'V', dy, 'H', d.X), false
	case d.Quarter > f.Quarter:
		x1, x2 := f.X+f.W+g.gutter/2+shift, d.X-g.gutter/2+shift
		return path('M', f.X+f.W, fy, 'H', x1, 'V', gapY, 'H', x2, 'V', dy, 'H', d.X), false
	case d.Quarter == f.Quarter:
		x := f.X + f.W + g.gutter/2 + shift
		return path('M', f.X+f.W, fy, 'H', x, 'V', dy, 'H', d.X+d.W), false
	case d.Quarter == f.Quarter-1: // backward: out of the left edge, into the right one
		x := f.X - g.gutter/2 + shift
		return path('M', f.X, fy, 'H', x, 'V', dy, 'H', d.X+d.W), true
	default:
		x1, x2 := f.X-g.gutter/2+shift, d.X+d.W+g.gutter/2+shift
		return path('M', f.X, fy, 'H', x1, 'V', gapY, 'H', x2, 'V', dy, 'H', d.X+d.W), true
	}
}

// path writes SVG path data from commands and their numbers: M takes two,
// H and V one each.
func path(parts ...any) string {
	var b strings.Builder
	for _, p := range parts {
		switch p := p.(type) {
		case rune:
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(p)
		case float64:
			b.WriteByte(' ')
			b.WriteString(strconv.FormatFloat(p, 'f', -1, 64))
		}
	}
	return b.String()
}

// quarterNames names quarters 0…last: the initiatives' QuarterName where one
// is there, else counted on from a named quarter ("2027 Q1" + 2 = "2027 Q3"),
// else "Quarter n".
func quarterNames(list []Initiative, last int) []string {
	names := make([]string, last+1)
	baseQ, baseY, baseN := -1, 0, 0
	for _, it := range list {
		q := max(it.Quarter, 0)
		if names[q] == "" && it.QuarterName != "" {
			names[q] = it.QuarterName
			if baseQ < 0 {
				if y, n, ok := parseQuarterName(it.QuarterName); ok {
					baseQ, baseY, baseN = q, y, n
				}
			}
		}
	}
	for q := range names {
		if names[q] != "" {
			continue
		}
		if baseQ < 0 {
			names[q] = "Quarter " + strconv.Itoa(q+1)
			continue
		}
		k := baseY*4 + baseN - 1 + q - baseQ
		names[q] = strconv.Itoa(k/4) + " Q" + strconv.Itoa(k%4+1)
	}
	return names
}

func parseQuarterName(s string) (year, n int, ok bool) {
	y, q, found := strings.Cut(s, " Q")
	if !found {
		return 0, 0, false
	}
	year, err1 := strconv.Atoi(y)
	n, err2 := strconv.Atoi(q)
	if err1 != nil || err2 != nil || n < 1 || n > 4 {
		return 0, 0, false
	}
	return year, n, true
}
