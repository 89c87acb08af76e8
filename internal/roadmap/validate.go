package roadmap

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FieldErrors maps a field name (the form field and the JSON key are the
// same) to a message safe to show beside it. Every type that a form and the
// API both write validates into one, so both doors give the same message
// for the same mistake. It is an error; an empty one means valid.
type FieldErrors map[string]string

// Error lists the fields and messages, sorted (for logs and tests).
func (fe FieldErrors) Error() string {
	keys := make([]string, 0, len(fe))
	for k := range fe {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("invalid input")
	for i, k := range keys {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(k + ": " + fe[k])
	}
	return b.String()
}

// Err is fe as an error, or nil when it holds no message.
func (fe FieldErrors) Err() error {
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// Add records msg for field unless the field already has a message (the
// first problem found is the one worth fixing first).
func (fe FieldErrors) Add(field, msg string) {
	if _, ok := fe[field]; !ok {
		fe[field] = msg
	}
}

// Text checks a single-line free-text value (a name, a title): valid UTF-8
// without control characters or line breaks (tab allowed), not blank when
// required, at most max characters. The message names label.
func (fe FieldErrors) Text(field, label, v string, required bool, max int) {
	fe.text(field, label, v, required, max, false)
}

// MultilineText is Text for a value that may span lines (notes, a
// description): line breaks are kept, every other rule is the same.
func (fe FieldErrors) MultilineText(field, label, v string, required bool, max int) {
	fe.text(field, label, v, required, max, true)
}

func (fe FieldErrors) text(field, label, v string, required bool, max int, multiline bool) {
	switch n := utf8.RuneCountInString(v); {
	case !utf8.ValidString(v) || strings.ContainsFunc(v, IsControl) || strings.ContainsFunc(v, IsInvisible) || stackedMarks(v):
		fe.Add(field, MsgNotAllowed)
	case !multiline && strings.ContainsRune(v, '\t'):
		fe.Add(field, MsgNotAllowed)
	case !multiline && strings.ContainsFunc(v, IsLineBreak):
		fe.Add(field, MsgLineBreak)
	case required && strings.TrimSpace(v) == "":
		fe.Add(field, label+" is required.")
	case n > max:
		fe.Add(field, label+" must be at most "+strconv.Itoa(max)+" characters.")
	}
}

// Email checks an email address, already normalized by NormalizeEmail: the
// HTML standard's "valid e-mail address", the rule browsers apply to
// <input type=email> (a local part of atext and dots, an @, and a domain of
// dot-separated labels of letters, digits and hyphens, neither starting nor
// ending with a hyphen, at most 63 characters each), with at least one dot in
// the domain and at most 254 characters in all. Quotes, spaces, comments and
// display names are refused.
func (fe FieldErrors) Email(field, v string) {
	if v == "" {
		fe.Add(field, "Email is required.")
		return
	}
	if !ValidEmail(v) {
		fe.Add(field, "Enter a valid email address, like name@example.com.")
	}
}

// ValidEmail reports whether v is a valid e-mail address in the sense of the
// HTML standard (see FieldErrors.Email), with a dot in its domain and at most
// 254 characters.
func ValidEmail(v string) bool {
	at := strings.LastIndexByte(v, '@')
	if at <= 0 || len(v) > 254 {
		return false
	}
	local, domain := v[:at], v[at+1:]
	for i := 0; i < len(local); i++ {
		if !isAtext(local[i]) && local[i] != '.' {
			return false
		}
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if c := l[i]; !isAlnum(c) && c != '-' {
				return false
			}
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isAtext is the HTML standard's local-part character set:
// [a-zA-Z0-9!#$%&'*+/=?^_`{|}~-].
func isAtext(c byte) bool { return isAlnum(c) || strings.IndexByte("!#$%&'*+/=?^_`{|}~-", c) >= 0 }

// NormalizeEmail is the one form of an address that is compared and stored:
// surrounding white space trimmed, Unicode NFC (so a composed and a
// decomposed "é" are one address), lower case (the whole address: Headway
// has always treated addresses case-insensitively). Every door that takes an
// email (signup, login, invitations, password reset) normalizes with it
// before validating, looking up or storing.
func NormalizeEmail(v string) string {
	return norm.NFC.String(strings.ToLower(strings.TrimSpace(v)))
}

// IsControl reports control characters other than tab and line breaks:
// nobody types them, and PostgreSQL refuses a NUL.
// Also the C1 controls (U+0080-U+009F, which no keyboard types and some
// terminals obey) and the bidirectional overrides and isolates (U+202A-U+202E,
// U+2066-U+2069), which make a name read differently from what it is
// ("Trojan Source"). The marks U+200E/U+200F stay: right-to-left text needs them.
func IsControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7f && r <= 0x9f) ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// IsInvisible reports characters that show nothing, or something else than
// what is stored: format characters (zero-width spaces, the byte-order mark,
// tag characters that spell hidden text) and private-use characters. The
// joiners and the direction marks stay: emoji sequences, several scripts and
// right-to-left names need them (the overrides and isolates, which reorder
// text, are refused by IsControl).
func IsInvisible(r rune) bool {
	switch r {
	case 0x200c, 0x200d, // joiners
		0x200e, 0x200f, 0x061c: // direction marks: right-to-left names need them; they reorder nothing
		return false
	}
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Co, r)
}

// maxStackedMarks bounds combining marks on one character: real text uses a
// few, "Zalgo" text uses dozens to draw over the rows around it.
const maxStackedMarks = 4

func stackedMarks(v string) bool {
	n := 0
	for _, r := range v {
		if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
			if n++; n > maxStackedMarks {
				return true
			}
		} else {
			n = 0
		}
	}
	return false
}

// IsLineBreak reports the characters that end a line (CR, LF, and Unicode's
// line and paragraph separators): only multi-line fields may hold them.
func IsLineBreak(r rune) bool { return r == '\n' || r == '\r' || r == 0x2028 || r == 0x2029 }

// The messages of the text rules, beside the field.
const (
	MsgNotAllowed = "This contains characters that are not allowed."
	MsgLineBreak  = "Line breaks are not allowed here: keep this on one line."
)
