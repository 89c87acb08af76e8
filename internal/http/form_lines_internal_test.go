package http

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/headwayhq/headway/internal/roadmap"
)

// A field is single-line unless newForm declares it multiline(): only then
// are its line breaks kept (CRLF as a browser sends a textarea's lines
// becomes LF); controls and bidi overrides are refused in both.
func TestFormSingleAndMultiLine(t *testing.T) {
	post := func(v url.Values, fields ...string) form {
		r := httptest.NewRequest("POST", "/", strings.NewReader(v.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return newForm(r, fields...)
	}
	tests := []struct {
		name, value string
		multi       bool
		want, msg   string
	}{
		{"single plain", "Acme Corp", false, "Acme Corp", ""},
		{"single trailing newline trimmed", "Acme\r\n", false, "Acme", ""},
		{"single CRLF", "Ac\r\nme", false, "Ac\r\nme", roadmap.MsgLineBreak},
		{"single LF", "Ac\nme", false, "Ac\nme", roadmap.MsgLineBreak},
		{"single line separator", "Ac\u2028me", false, "Ac\u2028me", roadmap.MsgLineBreak},
		{"single tab refused", "Ac\tme", false, "Ac\tme", roadmap.MsgNotAllowed},
		{"single C1", "Ac\u0085me", false, "Acme", roadmap.MsgNotAllowed},
		{"single RLO", "Ac\u202eme", false, "Acme", roadmap.MsgNotAllowed},
		{"single FSI", "Ac\u2068me", false, "Acme", roadmap.MsgNotAllowed},
		{"multi keeps lines", "first line\r\nsecond line\nthird", true, "first line\nsecond line\nthird", ""},
		{"multi C1", "first\u009bsecond", true, "firstsecond", roadmap.MsgNotAllowed},
		{"multi RLI", "first\u2067second", true, "firstsecond", roadmap.MsgNotAllowed},
		{"multi NUL", "first\x00\nsecond", true, "first\nsecond", roadmap.MsgNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			field := "v"
			if tt.multi {
				field = multiline("v")
			}
			f := post(url.Values{"v": {tt.value}}, field)
			if got := f.text("v", "Notes", false, 100); got != tt.want {
				t.Errorf("value %q, want %q", got, tt.want)
			}
			if f.Err("v") != tt.msg {
				t.Errorf("message %q, want %q", f.Err("v"), tt.msg)
			}
		})
	}
}
