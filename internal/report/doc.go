// Package report draws Headway's PDFs: the blank printable worksheet of the
// four steps (Worksheet) and an organization's roadmap report (Report).
// They are generated in Go at request time with go-pdf/fpdf (no browser,
// no external service), in DejaVu Sans embedded as a UTF-8 TrueType font
// (fonts/, Bitstream Vera licence), so names in Latin, Greek and Cyrillic
// scripts print as typed. Charts are vector drawings (lines and polygons),
// never images.
//
// The package takes plain data types (worksheet.go, roadmap.go) that the
// HTTP handlers build; it imports neither the store nor the server, and
// decides nothing about who may see what: a share link's report is built
// without personal data before it gets here.
package report

import (
	_ "embed"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"
)

//go:embed fonts/DejaVuSans.ttf
var fontRegular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var fontBold []byte

// Page geometry, in millimetres (A4 portrait).
const (
	pageW    = 210.0
	pageH    = 297.0
	margin   = 15.0
	contentW = pageW - 2*margin
	bottom   = pageH - margin - 6 // the footer sits below
	family   = "dejavu"
)

// Colours, as the web pages' palette (web/static/app.css) in RGB.
type rgb struct{ r, g, b int }

var (
	ink      = rgb{31, 41, 55}
	muted    = rgb{100, 110, 125}
	rule     = rgb{205, 210, 218}
	headFill = rgb{236, 240, 245}
	accent   = rgb{37, 99, 235}
	accentLt = rgb{191, 209, 250}
	prevLine = rgb{150, 150, 150}
	// Statuses of an initiative, as the dashboard's progress bars.
	colorDone       = rgb{22, 128, 61}
	colorInProgress = rgb{37, 99, 235}
	colorAccepted   = rgb{124, 58, 237}
	colorProposed   = rgb{156, 163, 175}
)

// doc is an fpdf document with Headway's fonts, header and footer.
type doc struct {
	*fpdf.Fpdf
	header string // the running header's left side ("" on the cover)
	title  string // its right side
}

// newDoc starts a document dated at (the PDF's creation date, so the same
// data gives the same bytes).
func newDoc(title, header string, at time.Time) *doc {
	f := fpdf.New("P", "mm", "A4", "")
	d := &doc{Fpdf: f, header: clean(header), title: clean(title)}
	f.AddUTF8FontFromBytes(family, "", fontRegular)
	f.AddUTF8FontFromBytes(family, "B", fontBold)
	f.SetMargins(margin, margin+8, margin)
	f.SetAutoPageBreak(true, pageH-bottom)
	f.SetTitle(d.title, true)
	f.SetCreator("Headway", true)
	f.SetCreationDate(at)
	f.SetModificationDate(at)
	f.SetCatalogSort(true)
	f.AliasNbPages("{nb}")
	f.SetHeaderFuncMode(func() {
		if f.PageNo() == 1 {
			return
		}
		d.font("", 8, muted)
		f.SetXY(margin, margin-2)
		f.CellFormat(contentW/2, 5, d.header, "", 0, "L", false, 0, "")
		f.CellFormat(contentW/2, 5, d.title, "", 0, "R", false, 0, "")
		d.color(rule, "draw")
		f.SetLineWidth(0.2)
		f.Line(margin, margin+4, pageW-margin, margin+4)
		f.SetXY(margin, margin+8)
	}, true)
	f.SetFooterFunc(func() {
		d.font("", 8, muted)
		f.SetXY(margin, pageH-margin)
		f.CellFormat(contentW, 5, "Page "+itoa(f.PageNo())+" of {nb}", "", 0, "C", false, 0, "")
	})
	return d
}

// output writes the document (or its first error).
func (d *doc) output(w io.Writer) error {
	if err := d.Error(); err != nil {
		return err
	}
	return d.Output(w)
}

func (d *doc) color(c rgb, what string) {
	switch what {
	case "text":
		d.SetTextColor(c.r, c.g, c.b)
	case "fill":
		d.SetFillColor(c.r, c.g, c.b)
	case "draw":
		d.SetDrawColor(c.r, c.g, c.b)
	}
}

// font sets the family's style ("" or "B"), size in points and colour.
func (d *doc) font(style string, size float64, c rgb) {
	d.SetFont(family, style, size)
	d.color(c, "text")
}

// lineH is a comfortable line height in mm for a font size in points.
func lineH(size float64) float64 { return size * 0.45 }

// room reports whether h mm still fit above the bottom of the page.
func (d *doc) room(h float64) bool { return d.GetY()+h <= bottom }

// need starts a new page unless h mm fit on this one: a heading asks for
// itself and the first lines of what it heads, so it is never orphaned.
func (d *doc) need(h float64) {
	if !d.room(h) {
		d.AddPage()
	}
}

// heading is a section heading (size 14) kept with the next minBody mm.
func (d *doc) heading(text string, minBody float64) {
	d.need(12 + minBody)
	d.Ln(2)
	d.font("B", 14, ink)
	d.SetX(margin)
	d.MultiCell(contentW, lineH(14)+1, clean(text), "", "L", false)
	d.color(accent, "draw")
	d.SetLineWidth(0.5)
	y := d.GetY() + 0.5
	d.Line(margin, y, margin+30, y)
	d.Ln(3)
}

// subheading is a smaller heading (size 11) kept with the next minBody mm.
func (d *doc) subheading(text string, minBody float64) {
	d.need(8 + minBody)
	d.Ln(1)
	d.font("B", 11, ink)
	d.SetX(margin)
	d.MultiCell(contentW, lineH(11)+0.5, clean(text), "", "L", false)
	d.Ln(1)
}

// para is wrapped body text at size 10 (or as set by size).
func (d *doc) para(text string, size float64, c rgb) {
	d.font("", size, c)
	d.SetX(margin)
	d.MultiCell(contentW, lineH(size)+0.6, clean(text), "", "L", false)
	d.Ln(1)
}

// textHeight is the height of text wrapped to w at size (regular face).
func (d *doc) textHeight(text string, w, size, lh float64, style string) float64 {
	d.SetFont(family, style, size)
	n := len(d.SplitText(clean(text), w))
	return float64(max(n, 1)) * lh
}

// column is one column of a table: its heading, width in mm and alignment.
type column struct {
	Head  string
	W     float64
	Align string // "L" (default), "C" or "R"
}

// table draws rows under the header cols at size (points), each cell
// wrapped; a row that does not fit starts a new page and the header is
// drawn again there. minRowH is the least height of a row (for blank rows
// a person writes in by hand).
func (d *doc) table(cols []column, rows [][]string, size, minRowH float64) {
	lh := lineH(size) + 0.6
	pad := 1.0
	drawHeader := func() {
		d.font("B", size, ink)
		d.color(headFill, "fill")
		d.color(rule, "draw")
		d.SetLineWidth(0.2)
		h := 0.0
		for _, c := range cols {
			h = max(h, d.textHeight(c.Head, c.W-2*pad, size, lh, "B"))
		}
		h += 2 * pad
		x, y := margin, d.GetY()
		for _, c := range cols {
			d.Rect(x, y, c.W, h, "FD")
			d.SetXY(x+pad, y+pad)
			d.MultiCell(c.W-2*pad, lh, clean(c.Head), "", align(c.Align), false)
			x += c.W
		}
		d.SetXY(margin, y+h)
	}
	headerH := 2*pad + lh*2
	d.need(headerH + max(minRowH, lh+2*pad))
	drawHeader()
	for _, row := range rows {
		h := minRowH
		for i, c := range cols {
			if i < len(row) {
				h = max(h, d.textHeight(row[i], c.W-2*pad, size, lh, "")+2*pad)
			}
		}
		if !d.room(h) {
			d.AddPage()
			drawHeader()
		}
		d.font("", size, ink)
		d.color(rule, "draw")
		x, y := margin, d.GetY()
		for i, c := range cols {
			d.Rect(x, y, c.W, h, "D")
			if i < len(row) && row[i] != "" {
				d.SetXY(x+pad, y+pad)
				d.MultiCell(c.W-2*pad, lh, clean(row[i]), "", align(c.Align), false)
			}
			x += c.W
		}
		d.SetXY(margin, y+h)
	}
	d.Ln(3)
}

func align(a string) string {
	if a == "" {
		return "L"
	}
	return a
}

// box draws an empty square of side s at (x, y): a checkbox to tick by hand.
func (d *doc) box(x, y, s float64) {
	d.color(ink, "draw")
	d.SetLineWidth(0.25)
	d.Rect(x, y, s, s, "D")
}

// clean makes text printable in the embedded font: control characters
// become spaces (line breaks are kept), and characters outside the Basic
// Multilingual Plane (emoji, historic scripts), which the font's width
// table does not reach, become "?".
func clean(s string) string {
	if s == "" {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t' || r == '\r':
			b.WriteRune(' ')
		case r == unicode.ReplacementChar, r > 0xFFFF:
			b.WriteRune('?')
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Co, r) || unicode.Is(unicode.Cs, r):
			// format characters (bidi controls, zero-width joiners) and
			// private use print as nothing
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }
