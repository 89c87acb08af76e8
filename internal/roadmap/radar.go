package roadmap

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// RadarQuadrant is a quarter of the tech radar: a group of categories.
type RadarQuadrant struct {
	Key        string
	Label      string
	Categories []Category
}

// RadarQuadrants cover every category once, in reading order: top left, top
// right, bottom left, bottom right. The groups follow the path of a change:
// how it is made and shipped, what it runs on, how it is watched and
// guarded, and the data and people around it.
var RadarQuadrants = []RadarQuadrant{
	{"delivery", "Delivery", []Category{CategorySourceControl, CategoryCICD}},
	{"infrastructure", "Infrastructure", []Category{CategoryIaC, CategoryContainers, CategoryCloud}},
	{"data", "Data and collaboration", []Category{CategoryData, CategoryCollaboration, CategoryOther}},
	{"operations", "Operations and security", []Category{CategoryObservability, CategorySecurity}},
}

// quadrantStart is each quadrant's first angle in radians, counterclockwise
// from three o'clock with y up (the maths convention; SVG's y runs down and
// the layout converts): top left spans 90°–180°, top right 0°–90°, bottom
// left 180°–270°, bottom right 270°–360°.
var quadrantStart = [4]float64{math.Pi / 2, 0, math.Pi, 3 * math.Pi / 2}

// QuadrantOf is the index in RadarQuadrants of the category's quadrant; an
// unknown category is drawn with other.
func QuadrantOf(c Category) int {
	for i, q := range RadarQuadrants {
		if slices.Contains(q.Categories, c) {
			return i
		}
	}
	return QuadrantOf(CategoryOther)
}

// RingOf is the ring of the lifecycle, 0 (adopt, the centre) to 4 (retire);
// an unknown lifecycle is drawn in assess, the middle ring, rather than
// left out.
func RingOf(l Lifecycle) int {
	if r := l.Rank(); r >= 0 {
		return r
	}
	return LifecycleAssess.Rank()
}

// RadarRingBounds are the outer radii of the rings as fractions of the
// radar's radius, adopt first. The inner rings are wider than a fifth each
// because they hold the most tools and have the least arc to hold them.
var RadarRingBounds = []float64{0.38, 0.56, 0.71, 0.86, 1}

// RadarRadius is the radar's radius as a fraction of the drawing's width:
// the rest is room for the outer rings' labels and the quadrants' names in
// the corners.
const RadarRadius = 0.4

// RadarItem is what the radar needs of a stack item.
type RadarItem struct {
	ID        int64
	Name      string
	Category  Category
	Lifecycle Lifecycle
}

// RadarOptions size the drawing. Zero fields take DefaultRadarOptions'.
type RadarOptions struct {
	Size          float64 // width (and least height) of the drawing, in its units (SVG user units, ≈ px), at least MinRadarSize
	FontSize      float64 // of the labels, in the drawing's units; their widths are estimated with LabelWidth
	LabelHeight   float64 // the height of a label box (font size plus padding)
	DotRadius     float64
	MaxLabelRunes int // longer names are cut, with an ellipsis (the full name goes in the dot's <title>)
	// NoLabels places the dots only: a large inventory (MaxLabelledRadarItems)
	// has no room for a label each, and searching for one would take
	// seconds; the page's table names every item.
	NoLabels bool
}

// MaxLabelledRadarItems is how many items a radar labels: up to it, labels
// never overlap; beyond it, a drawing shows dots only (NoLabels).
const MaxLabelledRadarItems = 100

// MinRadarSize is the smallest drawing LayoutRadar makes: below it the
// outer rings are too thin for a default dot. Scale the SVG with its
// viewBox instead of asking for less.
const MinRadarSize = 200

// DefaultRadarOptions suit a 12-unit label on an 800-unit drawing, shown
// about 1:1 on a desktop.
var DefaultRadarOptions = RadarOptions{Size: 800, FontSize: 12, LabelHeight: 16, DotRadius: 5, MaxLabelRunes: 24}

// interAdvance are the advances of ASCII 32–126 in Inter (the pages' font,
// regular weight) in hundredths of an em, as Chromium measures them.
var interAdvance = [95]uint8{
	28, 29, 47, 63, 64, 98, 64, 30, 36, 36, 50, 66, 29, 46, 29, 36, 63, 41, 61, 62, 65, 59, 62, 57, 62, 62, 29, 30, 66, 66, 66, 51,
	97, 69, 65, 73, 72, 60, 59, 75, 74, 27, 57, 67, 57, 90, 75, 76, 64, 76, 64, 64, 65, 74, 69, 99, 68, 68, 63, 36, 36, 36, 47, 46,
	32, 56, 61, 57, 61, 58, 37, 61, 59, 24, 24, 55, 24, 88, 59, 60, 61, 61, 38, 53, 33, 59, 56, 82, 55, 56, 55, 43, 33, 43, 66,
}

// LabelWidth estimates the width of s set in Inter at fontSize: its ASCII
// advances, 0.64 em for other letters (accented ones are about 0.6), a
// full em for the wide scripts (Han, kana, Hangul), plus 4% for a heavier
// weight or a fallback font. A caps-heavy name is a third wider than one
// in lower case: counting runes alone let such labels overlap.
func LabelWidth(s string, fontSize float64) float64 {
	em := 0
	for _, r := range s {
		switch {
		case r >= 32 && r < 127:
			em += int(interAdvance[r-32])
		case r == '…':
			em += 86
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
			em += 100
		default:
			em += 64
		}
	}
	return float64(em) / 100 * fontSize * 1.04
}

// Rect is a box: top-left corner, width and height, y down.
type Rect struct{ X, Y, W, H float64 }

// Overlaps reports whether r and o share more than an edge.
func (r Rect) Overlaps(o Rect) bool {
	return r.X < o.X+o.W && o.X < r.X+r.W && r.Y < o.Y+o.H && o.Y < r.Y+r.H
}

func (r Rect) inside(w, h float64) bool { return r.X >= 0 && r.Y >= 0 && r.X+r.W <= w && r.Y+r.H <= h }

// RadarPlacement is where one item is drawn.
type RadarPlacement struct {
	ID       int64
	Name     string
	Label    string // Name, cut to MaxLabelRunes
	Quadrant int    // index in RadarQuadrants
	Ring     int    // index in Lifecycles
	X, Y     float64
	Box      Rect // the label's box; the text starts at Box.X + LabelPad, baseline near the bottom
	// Leader is true when the label could not sit beside its dot: draw a
	// line from the dot to the box.
	Leader bool
}

// LabelPad is the space inside a label box either side of its text.
const LabelPad = 2

// RadarLayout is a radar ready to draw: y runs down, as in SVG.
type RadarLayout struct {
	Width, Height float64 // Height grows past Size only when labels had to be stacked below
	CX, CY        float64
	Radius        float64
	RingRadii     []float64        // outer radius of each ring, adopt first
	Items         []RadarPlacement // one per input item, in the input's order
	// Titles are the boxes of the quadrants' names, in the drawing's
	// corners (index as RadarQuadrants); no item label covers them. Their
	// text is TitleScale times the labels' size.
	Titles []Rect
}

// TitleScale is the font size of a quadrant's name relative to an item's
// label's; the name is set semibold, about titleWeight times wider.
const TitleScale = 1.1

const titleWeight = 1.04

// LayoutRadar places the items deterministically: each dot inside its
// quadrant's sector and its ring's band, labels that never overlap one
// another. The same items in any order give the same layout.
//
// Within a quadrant and ring, items are sorted by name and spread evenly by
// angle across the sector, alternating between arcs of the band so
// neighbours do not touch. Each label then goes, in that order, to the
// nearest free spot beside its dot (outwards first: right of the dot in the
// right half, left in the left half), searched on a grid: first a spot in
// its quadrant's quarter of the drawing that covers no dot, then anywhere on
// the drawing, and as a last resort in rows added below it. Label widths
// are estimated with LabelWidth.
func LayoutRadar(items []RadarItem, opt RadarOptions) RadarLayout {
	opt = opt.withDefaults()
	size := opt.Size
	l := RadarLayout{Width: size, Height: size, CX: size / 2, CY: size / 2, Radius: size * RadarRadius}
	for _, f := range RadarRingBounds {
		l.RingRadii = append(l.RingRadii, f*l.Radius)
	}
	l.Items = make([]RadarPlacement, len(items))
	for i, it := range items {
		l.Items[i] = RadarPlacement{ID: it.ID, Name: it.Name, Label: cutLabel(it.Name, opt.MaxLabelRunes),
			Quadrant: QuadrantOf(it.Category), Ring: RingOf(it.Lifecycle)}
	}
	// order is the drawing order: by quadrant, ring, name, id.
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		x, y := l.Items[a], l.Items[b]
		return cmp.Or(cmp.Compare(x.Quadrant, y.Quadrant), cmp.Compare(x.Ring, y.Ring),
			cmp.Compare(x.Name, y.Name), cmp.Compare(x.ID, y.ID))
	})
	for start := 0; start < len(order); {
		end := start
		for end < len(order) && l.Items[order[end]].Quadrant == l.Items[order[start]].Quadrant &&
			l.Items[order[end]].Ring == l.Items[order[start]].Ring {
			end++
		}
		l.placeDots(order[start:end], opt)
		start = end
	}
	l.placeTitles(opt)
	if opt.NoLabels {
		for i := range l.Items {
			l.Items[i].Box = Rect{}
		}
	} else {
		l.placeLabels(order, opt)
	}
	return l
}

// placeTitles puts each quadrant's name in its corner of the drawing: the
// top ones at the top edge, the bottom ones at the bottom edge, aligned
// with the outer side. The radar's circle leaves the corners free.
func (l *RadarLayout) placeTitles(opt RadarOptions) {
	h := opt.LabelHeight * TitleScale
	l.Titles = make([]Rect, len(RadarQuadrants))
	for i, q := range RadarQuadrants {
		w := LabelWidth(q.Label, opt.FontSize*TitleScale)*titleWeight + 2*LabelPad
		r := Rect{0, 0, w, h}
		if i == 1 || i == 3 {
			r.X = l.Width - w
		}
		if i >= 2 {
			r.Y = l.Height - h
		}
		l.Titles[i] = r
	}
	// On a drawing too narrow for two names side by side, the right one
	// moves a row inwards (down at the top, up at the bottom).
	if l.Titles[0].Overlaps(l.Titles[1]) {
		l.Titles[1].Y += h
	}
	if l.Titles[2].Overlaps(l.Titles[3]) {
		l.Titles[3].Y -= h
	}
}

func (o RadarOptions) withDefaults() RadarOptions {
	d := DefaultRadarOptions
	if o.Size > 0 {
		d.Size = max(o.Size, MinRadarSize)
	}
	if o.FontSize > 0 {
		d.FontSize = o.FontSize
	}
	if o.LabelHeight > 0 {
		d.LabelHeight = o.LabelHeight
	}
	if o.DotRadius > 0 {
		d.DotRadius = o.DotRadius
	}
	if o.MaxLabelRunes > 0 {
		d.MaxLabelRunes = o.MaxLabelRunes
	}
	d.NoLabels = o.NoLabels
	return d
}

func cutLabel(s string, max int) string {
	runes := []rune(s)
	if len(runes) <= max {
		return s
	}
	r := runes[:max-1]
	// At a word's end: the label then reads as whole words of the name,
	// which the link's accessible name (the full name) contains, as WCAG's
	// label in name asks. Only a first word longer than the label is cut
	// inside.
	cut := -1
	if unicode.IsSpace(runes[max-1]) {
		cut = len(r)
	} else {
		for i := len(r) - 1; i > 0; i-- {
			if unicode.IsSpace(r[i]) {
				cut = i
				break
			}
		}
	}
	if cut >= 0 {
		if w := strings.TrimRightFunc(string(r[:cut]), unicode.IsSpace); w != "" {
			return w + "…"
		}
	}
	return string(r) + "…"
}

// placeDots spreads one quadrant-and-ring group (sorted) over its annular
// sector.
func (l *RadarLayout) placeDots(group []int, opt RadarOptions) {
	first := l.Items[group[0]]
	outer := l.RingRadii[first.Ring]
	inner := 0.0
	if first.Ring > 0 {
		inner = l.RingRadii[first.Ring-1]
	} else {
		inner = 0.3 * outer // the centre has no arc to spread along
	}
	dr := opt.DotRadius
	lo, hi := inner+dr+1, outer-dr-1
	// As many arcs as the items need (each dot takes 3 radii of arc), as
	// many as fit across the band.
	k := len(group)
	maxRows := max(1, int((hi-lo)/(2*dr+2))+1)
	perRow := max(1, int((math.Pi/2*hi)/(3*dr)))
	rows := min(maxRows, (k+perRow-1)/perRow)
	if k > 1 {
		rows = max(rows, min(maxRows, 2)) // zigzag even a short group: neighbours' labels get room
	}
	for j, idx := range group {
		row := j % rows
		r := (lo + hi) / 2
		if rows > 1 {
			r = lo + (hi-lo)*float64(row)/float64(rows-1)
		}
		// Keep the whole dot off the sector's edges.
		margin := math.Max(4*math.Pi/180, math.Asin(math.Min(1, (dr+1)/r)))
		a := quadrantStart[first.Quadrant] + margin + (float64(j)+0.5)/float64(k)*(math.Pi/2-2*margin)
		p := &l.Items[idx]
		p.X, p.Y = l.CX+r*math.Cos(a), l.CY-r*math.Sin(a)
	}
}

// offsetCache keeps labelOffsets per options: sorting the grid is most of a
// layout's time, and a server draws with one set of options.
var offsetCache sync.Map // RadarOptions → [][2]float64

// labelOffsets are the grid of candidate shifts of a label from its
// preferred spot, nearest first, for a drawing of the size. The slice is
// shared: read it only.
func labelOffsets(opt RadarOptions) [][2]float64 {
	if v, ok := offsetCache.Load(opt); ok {
		return v.([][2]float64)
	}
	out := computeLabelOffsets(opt)
	offsetCache.Store(opt, out)
	return out
}

func computeLabelOffsets(opt RadarOptions) [][2]float64 {
	sx, sy := 1.2*opt.FontSize, opt.LabelHeight/2 // about two characters across, half a label down
	nx, ny := int(opt.Size/sx), int(opt.Size/sy)
	out := make([][2]float64, 0, (2*nx+1)*(2*ny+1))
	for i := -nx; i <= nx; i++ {
		for j := -ny; j <= ny; j++ {
			out = append(out, [2]float64{float64(i) * sx, float64(j) * sy})
		}
	}
	slices.SortStableFunc(out, func(a, b [2]float64) int {
		// Distance first; at equal distance, prefer outwards in x (a
		// positive shift, mirrored for the left half), then up.
		return cmp.Or(cmp.Compare(a[0]*a[0]+a[1]*a[1], b[0]*b[0]+b[1]*b[1]), cmp.Compare(b[0], a[0]), cmp.Compare(a[1], b[1]))
	})
	return out
}

func (l *RadarLayout) placeLabels(order []int, opt RadarOptions) {
	if len(order) == 0 {
		return
	}
	offsets := labelOffsets(opt)
	dr, h, gap := opt.DotRadius, opt.LabelHeight, 3.0
	dots := make([]Rect, len(order))
	for i, idx := range order {
		p := l.Items[idx]
		dots[i] = Rect{p.X - dr, p.Y - dr, 2 * dr, 2 * dr}
	}
	placed := append(make([]Rect, 0, len(order)+len(l.Titles)), l.Titles...)
	free := func(r Rect) bool {
		for _, o := range placed {
			if r.Overlaps(o) {
				return false
			}
		}
		return true
	}
	clearOfDots := func(r Rect) bool {
		for _, d := range dots {
			if r.Overlaps(d) {
				return false
			}
		}
		return true
	}
	below := l.Height // the next row for labels that fit nowhere
	for _, idx := range order {
		p := &l.Items[idx]
		w := LabelWidth(p.Label, opt.FontSize) + 2*LabelPad
		left := p.Quadrant == 0 || p.Quadrant == 2
		top := p.Quadrant == 0 || p.Quadrant == 1
		base := Rect{p.X + dr + gap, p.Y - h/2, w, h}
		if left {
			base.X = p.X - dr - gap - w
		}
		// The quadrant's quarter of the drawing.
		qx0, qx1, qy0, qy1 := l.CX, l.Width, 0.0, l.CY
		if left {
			qx0, qx1 = 0, l.CX
		}
		if !top {
			qy0, qy1 = l.CY, l.Height
		}
		// Beside the dot first, on either side (outwards, then inwards),
		// moved up or down by up to a label's height; then the grid.
		inward := Rect{p.X - dr - gap - w, base.Y, w, h}
		if left {
			inward.X = p.X + dr + gap
		}
		near := make([]Rect, 0, 2*len(besideShifts))
		for _, dy := range besideShifts {
			near = append(near, Rect{base.X, base.Y + dy*h, w, h}, Rect{inward.X, base.Y + dy*h, w, h})
		}
		var best, fallback Rect
		found, haveFallback := false, false
		for i := range len(near) + len(offsets) {
			var r Rect
			if i < len(near) {
				r = near[i]
			} else {
				off := offsets[i-len(near)]
				dx := off[0]
				if left {
					dx = -dx
				}
				r = Rect{base.X + dx, base.Y + off[1], w, h}
			}
			if !r.inside(l.Width, l.Height) || !free(r) {
				continue
			}
			if r.X >= qx0 && r.X+r.W <= qx1 && r.Y >= qy0 && r.Y+r.H <= qy1 && clearOfDots(r) {
				best, found = r, true
				break
			}
			if !haveFallback {
				fallback, haveFallback = r, true
			}
		}
		switch {
		case found:
		case haveFallback:
			best = fallback
		default:
			// Nowhere on the drawing: a new row below it, at the dot's side.
			best = Rect{math.Max(0, math.Min(base.X, l.Width-w)), below, w, h}
			below += h
			l.Height = below
		}
		p.Box = best
		placed = append(placed, best)
		p.Leader = distToRect(p.X, p.Y, best) > dr+gap+0.5
	}
}

// besideShifts are the vertical shifts, in label heights, of the spots
// tried beside a dot before the grid: up before down, nearest first.
var besideShifts = []float64{0, -0.5, 0.5, -1, 1}

// distToRect is the distance from a point to the nearest point of r.
func distToRect(x, y float64, r Rect) float64 {
	dx := math.Max(0, math.Max(r.X-x, x-(r.X+r.W)))
	dy := math.Max(0, math.Max(r.Y-y, y-(r.Y+r.H)))
	return math.Hypot(dx, dy)
}
