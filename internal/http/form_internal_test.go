package http

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func postedForm(kv ...string) form {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	r := httptest.NewRequest("POST", "/", strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	fields := make([]string, 0, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		fields = append(fields, kv[i])
	}
	return newForm(r, fields...)
}

// The typed readers parse and check in one call; a bad value leaves its
// message beside the field and returns the zero value.
func TestFormReaders(t *testing.T) {
	tests := []struct {
		name  string
		value string
		read  func(f form) any
		want  any
		msg   string
	}{
		{"int in range", "4", func(f form) any { return f.intIn("v", "Scalability", true, 1, 5) }, 4, ""},
		{"int with spaces", " 3 ", func(f form) any { return f.intIn("v", "Scalability", true, 1, 5) }, 3, ""},
		{"int below", "0", func(f form) any { return f.intIn("v", "Scalability", true, 1, 5) }, 0, "Scalability must be a whole number from 1 to 5."},
		{"int above", "6", func(f form) any { return f.intIn("v", "Scalability", true, 1, 5) }, 0, "Scalability must be a whole number from 1 to 5."},
		{"int not a number", "high", func(f form) any { return f.intIn("v", "Scalability", true, 1, 5) }, 0, "Scalability must be a whole number from 1 to 5."},
		{"int fraction", "2.5", func(f form) any { return f.intIn("v", "Scalability", true, 1, 5) }, 0, "Scalability must be a whole number from 1 to 5."},
		{"int required", "", func(f form) any { return f.intIn("v", "Scalability", true, 1, 5) }, 0, "Scalability is required."},
		{"int optional", "", func(f form) any { return f.intIn("v", "Scalability", false, 1, 5) }, 0, ""},
		{"decimal", "1200.50", func(f form) any { return f.decimal("v", "Monthly cost", false, 1e9) }, 1200.5, ""},
		{"decimal whole", "0", func(f form) any { return f.decimal("v", "Monthly cost", false, 1e9) }, 0.0, ""},
		{"decimal leading point", ".5", func(f form) any { return f.decimal("v", "Monthly cost", false, 1e9) }, 0.5, ""},
		{"decimal underscores", "1_000", func(f form) any { return f.decimal("v", "Monthly cost", false, 1e9) }, 1000.0, ""},
		{"decimal negative", "-5", func(f form) any { return f.decimal("v", "Monthly cost", false, 1e9) }, 0.0, "Monthly cost must be a number from 0 to 1000000000, like 1200 or 49.90."},
		{"decimal NaN", "NaN", func(f form) any { return f.decimal("v", "Monthly cost", false, 1e9) }, 0.0, "Monthly cost must be a number from 0 to 1000000000, like 1200 or 49.90."},
		{"decimal Inf", "Inf", func(f form) any { return f.decimal("v", "Monthly cost", false, 1e9) }, 0.0, "Monthly cost must be a number from 0 to 1000000000, like 1200 or 49.90."},
		{"decimal exponent", "1e3", func(f form) any { return f.decimal("v", "Monthly cost", false, 1e9) }, 0.0, "Monthly cost must be a number from 0 to 1000000000, like 1200 or 49.90."},
		{"decimal hex", "0x10", func(f form) any { return f.decimal("v", "Monthly cost", false, 1e9) }, 0.0, "Monthly cost must be a number from 0 to 1000000000, like 1200 or 49.90."},
		{"decimal comma", "1,5", func(f form) any { return f.decimal("v", "Monthly cost", false, 1e9) }, 0.0, "Monthly cost must be a number from 0 to 1000000000, like 1200 or 49.90."},
		{"decimal above max", "1000000001", func(f form) any { return f.decimal("v", "Monthly cost", false, 1e9) }, 0.0, "Monthly cost must be a number from 0 to 1000000000, like 1200 or 49.90."},
		{"decimal required", "", func(f form) any { return f.decimal("v", "Monthly cost", true, 1e9) }, 0.0, "Monthly cost is required."},
		{"enum", "linear", func(f form) any { return f.enum("v", "Cost scaling", "", "flat", "linear", "superlinear") }, "linear", ""},
		{"enum default", "", func(f form) any { return f.enum("v", "Cost scaling", "flat", "flat", "linear", "superlinear") }, "flat", ""},
		{"enum unknown", "exponential", func(f form) any { return f.enum("v", "Cost scaling", "", "flat", "linear", "superlinear") }, "",
			"Choose cost scaling: flat, linear or superlinear."},
		{"enum case matters", "Linear", func(f form) any { return f.enum("v", "Cost scaling", "", "flat", "linear") }, "", "Choose cost scaling: flat or linear."},
		{"enum empty without default", "", func(f form) any { return f.enum("v", "Status", "", "open", "resolved") }, "", "Choose status: open or resolved."},
		{"date", "2026-03-31", func(f form) any { return f.date("v", "Measured on", true) }, time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), ""},
		{"date impossible", "2026-02-30", func(f form) any { return f.date("v", "Measured on", true) }, time.Time{}, "Measured on must be a date like 2026-03-31."},
		{"date other format", "31/03/2026", func(f form) any { return f.date("v", "Measured on", true) }, time.Time{}, "Measured on must be a date like 2026-03-31."},
		{"date required", "", func(f form) any { return f.date("v", "Measured on", true) }, time.Time{}, "Measured on is required."},
		{"date optional", "", func(f form) any { return f.date("v", "Measured on", false) }, time.Time{}, ""},
		{"text", "Jenkins", func(f form) any { return f.text("v", "Name", true, 10) }, "Jenkins", ""},
		{"text blank", "   ", func(f form) any { return f.text("v", "Name", true, 10) }, "", "Name is required."},
		{"text long", strings.Repeat("é", 11), func(f form) any { return f.text("v", "Name", true, 10) }, strings.Repeat("é", 11), "Name must be at most 10 characters."},
		{"text at the limit", strings.Repeat("é", 10), func(f form) any { return f.text("v", "Name", true, 10) }, strings.Repeat("é", 10), ""},
		{"text control character", "a\x00b", func(f form) any { return f.text("v", "Name", true, 10) }, "ab", "This contains characters that are not allowed."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := postedForm("v", tt.value)
			got := tt.read(f)
			if got != tt.want {
				t.Errorf("read %q = %v, want %v", tt.value, got, tt.want)
			}
			if f.Err("v") != tt.msg {
				t.Errorf("message %q, want %q", f.Err("v"), tt.msg)
			}
			if f.valid() != (tt.msg == "") {
				t.Errorf("valid() = %v with message %q", f.valid(), tt.msg)
			}
		})
	}
}
