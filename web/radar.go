package web

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/headwayhq/headway/internal/roadmap"
)

// RadarProps is the data of /o/{slug}/stack/radar.
type RadarProps struct {
	Count int // items on the radar
	// Wide and Narrow are the same radar laid out twice: the page shows
	// Wide from 768 px and Narrow below, each drawn at about its own size,
	// so a phone's labels stay readable instead of shrinking to half.
	Wide, Narrow RadarChart
	Quadrants    []string   // the table's columns, as RadarQuadrants
	Rings        []RadarRow // the table's rows, adopt first
	DotsOnly     bool       // more than roadmap.MaxLabelledRadarItems: no labels
}

// RadarChart is one drawing of the radar.
type RadarChart struct {
	ID       string // prefix of its element ids ("radar-wide")
	Class    string // "radar-wide", "radar-narrow"
	FontSize float64
	Numbered bool // labels are the items' numbers, not their names
	NoLabels bool // dots only (a large inventory); the table names them
	Layout   roadmap.RadarLayout
	Dots     []RadarDot // in drawing order: by quadrant, ring and name
}

// RadarDot is one item as the drawing shows it.
type RadarDot struct {
	roadmap.RadarPlacement
	Number       int // 1… in drawing order, as the table numbers the items
	Href         string
	Ring         string // lifecycle key, for the CSS class and data-ring (the placement's Ring is its index)
	RingLabel    string
	Quadrant     string // quadrant key
	QuadrantName string
}

// RadarRow is one ring of the table: per quadrant, its items by name.
type RadarRow struct {
	Key, Label string
	Cells      [][]RadarLink // index as RadarQuadrants
	Count      int
}

// RadarLink is an item in the table.
type RadarLink struct {
	Number int
	Name   string
	Href   string
}

// The two drawings' sizes, in SVG units at a 12-unit label font. The wide
// one is shown about 1:1 on a desktop; the narrow one fills a 390-px phone
// (358 px of content) at 0.94, so labels read at about 11 px.
var (
	wideRadar   = roadmap.RadarOptions{Size: 800, FontSize: radarFont, LabelHeight: 16, DotRadius: 5, MaxLabelRunes: 24}
	narrowRadar = roadmap.RadarOptions{Size: 380, FontSize: radarFont, LabelHeight: 16, DotRadius: 5} // labels are numbers
)

// radarFont is the labels' font size in SVG units (the svg's font-size).
const radarFont = 12

// NewRadar lays out the organization's items for the radar page.
func NewRadar(slug string, items []roadmap.RadarItem) RadarProps {
	// Each item's number: its place in the drawing order (quadrant, ring,
	// name), which the narrow drawing shows instead of the name and the
	// table shows beside it.
	sorted := slices.Clone(items)
	slices.SortStableFunc(sorted, func(a, b roadmap.RadarItem) int {
		return cmp.Or(cmp.Compare(roadmap.QuadrantOf(a.Category), roadmap.QuadrantOf(b.Category)),
			cmp.Compare(roadmap.RingOf(a.Lifecycle), roadmap.RingOf(b.Lifecycle)), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	numbers := make(map[int64]int, len(items))
	numbered := make([]roadmap.RadarItem, len(sorted))
	for i, it := range sorted {
		numbers[it.ID] = i + 1
		// Zero-padded, so the layout's sort by name keeps the order.
		numbered[i] = roadmap.RadarItem{ID: it.ID, Name: fmt.Sprintf("%03d", i+1), Category: it.Category, Lifecycle: it.Lifecycle}
	}
	names := make(map[int64]string, len(items))
	for _, it := range items {
		names[it.ID] = it.Name
	}
	wide, narrow := wideRadar, narrowRadar
	if len(items) > roadmap.MaxLabelledRadarItems {
		wide.NoLabels, narrow.NoLabels = true, true
	}
	d := RadarProps{
		Count:    len(items),
		Wide:     newRadarChart("radar-wide", slug, sorted, wide, numbers, nil),
		Narrow:   newRadarChart("radar-narrow", slug, numbered, narrow, numbers, names),
		DotsOnly: wide.NoLabels,
	}
	for _, q := range roadmap.RadarQuadrants {
		d.Quadrants = append(d.Quadrants, q.Label)
	}
	for _, l := range roadmap.Lifecycles {
		d.Rings = append(d.Rings, RadarRow{Key: string(l.Key), Label: l.Label, Cells: make([][]RadarLink, len(roadmap.RadarQuadrants))})
	}
	for _, dot := range d.Wide.Dots {
		row := &d.Rings[dot.RadarPlacement.Ring]
		row.Cells[dot.RadarPlacement.Quadrant] = append(row.Cells[dot.RadarPlacement.Quadrant],
			RadarLink{Number: dot.Number, Name: dot.Name, Href: dot.Href})
		row.Count++
	}
	return d
}

// newRadarChart lays out one drawing. With names (the narrow drawing), the
// items' names are their numbers: the labels show "12", the links' names
// say "12: GitHub Actions …".
func newRadarChart(id, slug string, items []roadmap.RadarItem, opt roadmap.RadarOptions, numbers map[int64]int, names map[int64]string) RadarChart {
	c := RadarChart{ID: id, Class: id, FontSize: radarFont, Layout: roadmap.LayoutRadar(items, opt), Numbered: names != nil, NoLabels: opt.NoLabels}
	for _, p := range c.Layout.Items {
		life := roadmap.Lifecycles[p.Ring]
		q := roadmap.RadarQuadrants[p.Quadrant]
		dot := RadarDot{RadarPlacement: p, Number: numbers[p.ID], Href: OrgPath(slug, "stack", strconv.FormatInt(p.ID, 10)),
			Ring: string(life.Key), RingLabel: life.Label, Quadrant: q.Key, QuadrantName: q.Label}
		if names != nil {
			dot.Name, dot.Label = names[p.ID], strconv.Itoa(dot.Number)
		}
		c.Dots = append(c.Dots, dot)
	}
	// Drawing order is the numbers' order, so the tab order walks each
	// quadrant from the centre out.
	slices.SortFunc(c.Dots, func(a, b RadarDot) int { return cmp.Compare(a.Number, b.Number) })
	return c
}

// num writes an SVG coordinate (one decimal is finer than a pixel).
func num(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

// viewBox is the chart's viewBox attribute.
func (c RadarChart) viewBox() string {
	return "0 0 " + num(c.Layout.Width) + " " + num(c.Layout.Height)
}

// accessibleName is the link's name: the full name, its ring and quadrant,
// after the number where the label is the number (the name must contain
// what the label shows).
func (d RadarDot) accessibleName(numbered bool) string {
	name := d.Name + " (" + d.RingLabel + ", " + d.QuadrantName + ")"
	if numbered {
		return strconv.Itoa(d.Number) + ": " + name
	}
	return name
}

// textX and textY place a label's text in its box (left aligned, centred
// on the box's middle line).
func (d RadarDot) textX() string { return num(d.Box.X + roadmap.LabelPad) }
func (d RadarDot) textY() string { return num(d.Box.Y + d.Box.H/2) }

// leaderEnd is the point of the label's box nearest the dot, where a
// leader line from the dot ends.
func (d RadarDot) leaderEnd() (string, string) {
	x := math.Max(d.Box.X, math.Min(d.X, d.Box.X+d.Box.W))
	y := math.Max(d.Box.Y, math.Min(d.Y, d.Box.Y+d.Box.H))
	return num(x), num(y)
}

func (d RadarDot) leaderX() string { x, _ := d.leaderEnd(); return x }
func (d RadarDot) leaderY() string { _, y := d.leaderEnd(); return y }

// radarTitle is a quadrant's name as the drawing places it.
type radarTitle struct {
	Label     string
	X, Y      string
	AnchorEnd bool // right-aligned (the right-hand quadrants)
}

func (c RadarChart) titles() []radarTitle {
	out := make([]radarTitle, len(c.Layout.Titles))
	for i, r := range c.Layout.Titles {
		t := radarTitle{Label: roadmap.RadarQuadrants[i].Label, X: num(r.X + roadmap.LabelPad), Y: num(r.Y + r.H/2)}
		if i == 1 || i == 3 {
			t.AnchorEnd, t.X = true, num(r.X+r.W-roadmap.LabelPad)
		}
		out[i] = t
	}
	return out
}

func (c RadarChart) titleFont() string { return num(c.FontSize * roadmap.TitleScale) }

// ringCircle is one ring's outline, drawn outermost first so each inner
// disc paints over the one around it.
type ringCircle struct {
	Key string
	R   string
}

func (c RadarChart) rings() []ringCircle {
	out := make([]ringCircle, 0, len(c.Layout.RingRadii))
	for i := len(c.Layout.RingRadii) - 1; i >= 0; i-- {
		out = append(out, ringCircle{Key: string(roadmap.Lifecycles[i].Key), R: num(c.Layout.RingRadii[i])})
	}
	return out
}

// axes are the two lines that split the radar into quadrants: x1 y1 x2 y2.
func (c RadarChart) axes() [2][4]string {
	l := c.Layout
	return [2][4]string{
		{num(l.CX - l.Radius), num(l.CY), num(l.CX + l.Radius), num(l.CY)},
		{num(l.CX), num(l.CY - l.Radius), num(l.CX), num(l.CY + l.Radius)},
	}
}

// description is the chart's <desc>.
func (d RadarProps) description() string {
	n := "1 tool"
	if d.Count != 1 {
		n = strconv.Itoa(d.Count) + " tools"
	}
	corners := []string{"top left", "top right", "bottom left", "bottom right"}
	var quadrants []string
	for i, q := range roadmap.RadarQuadrants {
		quadrants = append(quadrants, q.Label+" "+corners[i])
	}
	var rings []string
	for _, l := range roadmap.Lifecycles {
		rings = append(rings, l.Label)
	}
	return n + " as dots. The quadrant is the tool's category group (" + strings.Join(quadrants, ", ") +
		"); the ring is its lifecycle, from the centre outwards: " + strings.Join(rings, ", ") +
		". The table below lists the same tools."
}
