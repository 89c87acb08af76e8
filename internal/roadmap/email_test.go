package roadmap_test

import (
	"strings"
	"testing"

	"github.com/headwayhq/headway/internal/roadmap"
)

// Emails follow the HTML standard's "valid e-mail address" (what browsers
// accept in <input type=email>), with a dot in the domain and 254 characters
// at most.
func TestEmailRule(t *testing.T) {
	t.Parallel()
	label63 := strings.Repeat("a", 63)
	valid := []string{
		"name@example.com",
		"first.last@example.com",
		"a@b.co",
		"user+tag@example.com",
		"o'brien@example.ie",
		"!#$%&'*+/=?^_`{|}~-@example.com",
		"x@sub-domain.example.com",
		"x@1example.com",
		"x@" + label63 + ".com",
		"..dots.@example.com", // the HTML rule allows dots anywhere in the local part
		strings.Repeat("a", 240) + "@example.com",
	}
	invalid := []string{
		"inj@example.com'--",                      // a quote in the domain
		"inj@example.com' OR '1'='1",              // spaces and quotes
		"name@example",                            // no dot in the domain
		"name example@example.com",                // a space
		"\"quoted\"@example.com",                  // quoted local parts are refused
		"Nina <nina@example.com>",                 // a display name
		"<nina@example.com>",                      // angle brackets
		"nina@example.com (comment)",              // a comment
		"nina@@example.com",                       // two @
		"@example.com",                            // no local part
		"nina@",                                   // no domain
		"nina@-example.com",                       // a label starting with a hyphen
		"nina@example-.com",                       // a label ending with a hyphen
		"nina@example..com",                       // an empty label
		"nina@.example.com",                       // a leading dot
		"nina@example.com.",                       // a trailing dot
		"nina@" + label63 + "a.com",               // a label of 64 characters
		"nina@exa_mple.com",                       // an underscore in the domain
		"nina@[127.0.0.1]",                        // address literals
		"amélie@example.com",                      // non-ASCII local part
		"nina@exämple.com",                        // non-ASCII domain (browsers send punycode)
		"nina@example.com\n",                      // a line break
		"ni,na@example.com",                       // a comma
		"ni\\na@example.com",                      // a backslash
		strings.Repeat("a", 243) + "@example.com", // 255 characters
	}
	for _, v := range valid {
		if !roadmap.ValidEmail(v) {
			t.Errorf("ValidEmail(%q) = false, want true", v)
		}
		fe := roadmap.FieldErrors{}
		fe.Email("email", v)
		if len(fe) != 0 {
			t.Errorf("Email(%q) = %v, want no message", v, fe)
		}
	}
	for _, v := range invalid {
		if roadmap.ValidEmail(v) {
			t.Errorf("ValidEmail(%q) = true, want false", v)
		}
		fe := roadmap.FieldErrors{}
		fe.Email("email", v)
		if fe["email"] != "Enter a valid email address, like name@example.com." {
			t.Errorf("Email(%q) = %v, want the invalid-address message", v, fe)
		}
	}
	fe := roadmap.FieldErrors{}
	fe.Email("email", "")
	if fe["email"] != "Email is required." {
		t.Errorf("Email(\"\") = %v", fe)
	}
}

// One address has one normalized form: trimmed, NFC, lower case.
func TestNormalizeEmail(t *testing.T) {
	t.Parallel()
	composed, decomposed := "Am\u00e9lie@Example.COM", "Ame\u0301lie@example.com"
	if a, b := roadmap.NormalizeEmail(composed), roadmap.NormalizeEmail(decomposed); a != b || a != "am\u00e9lie@example.com" {
		t.Errorf("NormalizeEmail: composed %q, decomposed %q, want both %q", a, b, "am\u00e9lie@example.com")
	}
	for in, want := range map[string]string{
		"  Nina@Example.com\t": "nina@example.com",
		"NINA@EXAMPLE.COM":     "nina@example.com",
		"nina@example.com":     "nina@example.com",
		"":                     "",
		"\u212Aelvin@x.org":    "kelvin@x.org", // KELVIN SIGN: NFC makes it K, then lower case
	} {
		if got := roadmap.NormalizeEmail(in); got != want {
			t.Errorf("NormalizeEmail(%q) = %q, want %q", in, got, want)
		}
	}
	// Normalizing is idempotent and happens before validating: an address
	// typed with capitals and spaces around is valid once normalized.
	if v := roadmap.NormalizeEmail("  Nina@Example.COM "); !roadmap.ValidEmail(v) || roadmap.NormalizeEmail(v) != v {
		t.Errorf("normalized %q is not a valid, stable address", v)
	}
}
