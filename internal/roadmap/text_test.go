package roadmap

import "testing"

// Text is single-line; MultilineText keeps line breaks; both refuse C0 and
// C1 controls and the bidi overrides and isolates, so the API and the pages
// say the same.
func TestTextLines(t *testing.T) {
	for _, tt := range []struct {
		v             string
		single, multi string
	}{
		{"plain", "", ""},
		{"tab\there", MsgNotAllowed, ""}, // a tab hides in one line, not in notes
		{"zero\u200bwidth", MsgNotAllowed, MsgNotAllowed},
		{"tag\U000E0041s", MsgNotAllowed, MsgNotAllowed},
		{"private\ue000use", MsgNotAllowed, MsgNotAllowed},
		{"bom\ufeff", MsgNotAllowed, MsgNotAllowed},
		{"A\u0301\u0301\u0301\u0301\u0301", MsgNotAllowed, MsgNotAllowed},
		{"Ame\u0301lie", "", ""},
		{"👩\u200d💻 dev", "", ""},
		{"two\nlines", MsgLineBreak, ""},
		{"two\r\nlines", MsgLineBreak, ""},
		{"para\u2029graph", MsgLineBreak, ""},
		{"c1\u0080", MsgNotAllowed, MsgNotAllowed},
		{"c1\u009f", MsgNotAllowed, MsgNotAllowed},
		{"del\u007f", MsgNotAllowed, MsgNotAllowed},
		{"lre\u202a", MsgNotAllowed, MsgNotAllowed},
		{"rlo\u202e", MsgNotAllowed, MsgNotAllowed},
		{"lri\u2066", MsgNotAllowed, MsgNotAllowed},
		{"pdi\u2069", MsgNotAllowed, MsgNotAllowed},
		{"rlm\u200f ok", "", ""},
		{"nbsp\u00a0ok", "", ""},
	} {
		single, multi := FieldErrors{}, FieldErrors{}
		single.Text("f", "Name", tt.v, false, 100)
		multi.MultilineText("f", "Notes", tt.v, false, 100)
		if single["f"] != tt.single || multi["f"] != tt.multi {
			t.Errorf("%q: Text %q (want %q), MultilineText %q (want %q)", tt.v, single["f"], tt.single, multi["f"], tt.multi)
		}
	}
	// The API's validation goes through the same rules.
	if fe := (Organization{Name: "Acme\u202e"}).Validate(); fe["name"] != MsgNotAllowed {
		t.Errorf("Organization with RLO: %v", fe)
	}
	if fe := (Organization{Name: "Ac\nme"}).Validate(); fe["name"] != MsgLineBreak {
		t.Errorf("Organization with LF: %v", fe)
	}
}
