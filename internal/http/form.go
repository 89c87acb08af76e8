package http

import (
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/web"
)

// form reads a submitted form and collects per-field messages. Its typed
// readers (text, intIn, decimal, enum, date) parse and check a field in one
// call, with the same words as the domain's Validate, so a step's handler
// never hand-writes a length or range check.
type form struct {
	web.Form
	// multiline holds the fields declared with multiline(): only they may
	// hold line breaks.
	multiline map[string]bool
}

// multilineMark, appended to a field name by multiline, cannot be part of a
// real field name (a NUL is refused in every value and never in a name we
// write).
const multilineMark = "\x00multiline"

// multiline declares a field of newForm whose value keeps its line breaks
// (notes, a description): newForm(r, "title", multiline("notes")). Every
// other field is single-line: a line break in it is refused beside it.
func multiline(field string) string { return field + multilineMark }

func newForm(r *http.Request, fields ...string) form {
	f := form{Form: web.Form{Values: map[string]string{}, Errors: map[string]string{}}, multiline: map[string]bool{}}
	_ = r.ParseForm()
	for _, k := range fields {
		if name, ok := strings.CutSuffix(k, multilineMark); ok {
			k = name
			f.multiline[k] = true
		}
		v := strings.TrimSpace(r.PostForm.Get(k))
		if f.multiline[k] {
			v = strings.ReplaceAll(v, "\r\n", "\n") // browsers send a textarea's lines with CRLF
		}
		f.Values[k] = v
	}
	// Text must be UTF-8 without control characters (PostgreSQL refuses a
	// NUL, and nobody types one), C1 controls or bidi overrides: say so
	// beside the field, never a 500. Every posted field is checked, read or
	// not. Line breaks are the text readers' business (f.text, the domain's
	// Validate): refused unless the field is multiline().
	for k, vs := range r.PostForm {
		for _, v := range vs {
			if !utf8.ValidString(v) || strings.ContainsFunc(v, roadmap.IsControl) {
				f.fail(k, roadmap.MsgNotAllowed)
				if _, ok := f.Values[k]; ok {
					f.Values[k] = strings.ToValidUTF8(strings.Map(dropControl, f.Values[k]), "")
				}
			}
		}
	}
	return f
}

func dropControl(r rune) rune {
	if roadmap.IsControl(r) {
		return -1
	}
	return r
}

func (f form) valid() bool { return len(f.Errors) == 0 && f.Message == "" }

func (f form) fail(field, msg string) { roadmap.FieldErrors(f.Errors).Add(field, msg) }

// merge adds a domain validation's messages (a field keeps its first one).
func (f form) merge(fe roadmap.FieldErrors) {
	for k, msg := range fe {
		f.fail(k, msg)
	}
}

// text reads a free-text field: not blank when required, at most max characters.
// A field declared multiline() keeps its line breaks.
func (f form) text(field, label string, required bool, max int) string {
	if f.multiline[field] {
		roadmap.FieldErrors(f.Errors).MultilineText(field, label, f.Values[field], required, max)
	} else {
		roadmap.FieldErrors(f.Errors).Text(field, label, f.Values[field], required, max)
	}
	return f.Values[field]
}

// intIn reads a whole number from min to max; an empty field is 0 and
// valid unless required.
func (f form) intIn(field, label string, required bool, min, max int) int {
	v := f.Values[field]
	if v == "" {
		if required {
			f.fail(field, label+" is required.")
		}
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		f.fail(field, label+" must be a whole number from "+strconv.Itoa(min)+" to "+strconv.Itoa(max)+".")
		return 0
	}
	return n
}

// plainDecimal is how people type an amount: digits, optionally a point and
// more digits. Exponents, signs, hex, Inf and NaN are not amounts.
var plainDecimal = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$|^\.[0-9]+$`)

// decimal reads a finite number from 0 to max (money, hours); an empty
// field is 0 and valid unless required.
func (f form) decimal(field, label string, required bool, max float64) float64 {
	v := strings.ReplaceAll(f.Values[field], "_", "")
	if v == "" {
		if required {
			f.fail(field, label+" is required.")
		}
		return 0
	}
	n, err := strconv.ParseFloat(v, 64)
	if !plainDecimal.MatchString(v) || err != nil || math.IsInf(n, 0) || math.IsNaN(n) || n > max {
		f.fail(field, label+" must be a number from 0 to "+strconv.FormatFloat(max, 'f', -1, 64)+", like 1200 or 49.90.")
		return 0
	}
	return n
}

// amount reads a number the domain's Validate then checks (not negative,
// finite, at most its limit), so the page says what the API says; only what
// is not a number at all is refused here, in the CSV import's words.
func (f form) amount(field string) float64 {
	v := f.Values[field]
	if v == "" {
		return 0
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil {
		f.fail(field, "Enter a number, like 120 or 99.50.")
		return 0
	}
	return n
}

// whole reads a whole number the domain's Validate then checks (its range);
// empty is 0, which the domain refuses when 0 is out of range.
func (f form) whole(field, example string) int {
	v := f.Values[field]
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		f.fail(field, "Enter a whole number, like "+example+".")
		return 0
	}
	return n
}

// enum reads one of options; an empty field gives def (a form's sensible
// default) when def is not "", else a message.
func (f form) enum(field, label, def string, options ...string) string {
	v := f.Values[field]
	if v == "" && def != "" {
		f.Values[field] = def
		return def
	}
	for _, o := range options {
		if v == o {
			return v
		}
	}
	f.fail(field, "Choose "+strings.ToLower(label[:1])+label[1:]+": "+orList(options)+".")
	return ""
}

// orList is "a", "a or b", "a, b or c".
func orList(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

// date reads a calendar date as a date input sends it (YYYY-MM-DD); an
// empty field is the zero time and valid unless required.
func (f form) date(field, label string, required bool) time.Time {
	v := f.Values[field]
	if v == "" {
		if required {
			f.fail(field, label+" is required.")
		}
		return time.Time{}
	}
	d, err := time.Parse(time.DateOnly, v)
	if err != nil || d.Year() < 1900 || d.Year() > 9999 {
		f.fail(field, label+" must be a date like 2026-03-31.")
		return time.Time{}
	}
	return d
}

// email normalizes the email field (roadmap.NormalizeEmail) and checks its shape.
func (f form) email(field string) string {
	v := roadmap.NormalizeEmail(f.Values[field])
	f.Values[field] = v
	roadmap.FieldErrors(f.Errors).Email(field, v)
	return v
}

// password checks a new password (kept out of Values so it is never echoed)
// with passwordProblem, given what the form knows of the account.
func (f form) password(field, pw, email, name, orgName string) {
	if msg := passwordProblem(pw, email, name, orgName); msg != "" {
		f.fail(field, msg)
	}
}
