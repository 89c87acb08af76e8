package roadmap

import (
	"maps"
	"strings"
	"testing"
)

func TestShareLinkValidate(t *testing.T) {
	tests := []struct {
		name string
		in   ShareLink
		want FieldErrors
	}{
		{"ok", ShareLink{Name: "Board Q1", ExpiresInDays: 30}, FieldErrors{}},
		{"7 and 90 days", ShareLink{Name: "x", ExpiresInDays: 90}, FieldErrors{}},
		{"no name", ShareLink{ExpiresInDays: 7}, FieldErrors{"name": "Name is required."}},
		{"long name", ShareLink{Name: strings.Repeat("a", 81), ExpiresInDays: 7}, FieldErrors{"name": "Name must be at most 80 characters."}},
		{"80 is fine", ShareLink{Name: strings.Repeat("a", 80), ExpiresInDays: 7}, FieldErrors{}},
		{"bad lifetime", ShareLink{Name: "x", ExpiresInDays: 365},
			FieldErrors{"expires_in": "Choose when the link expires: after 7, 30 or 90 days."}},
		{"no lifetime", ShareLink{Name: "x"}, FieldErrors{"expires_in": "Choose when the link expires: after 7, 30 or 90 days."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.Validate(); !maps.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
