package roadmap

import (
	"strings"
	"testing"
)

func TestPlaceOf(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		interest, influence int
		want                Placement
		label               string
	}{
		{5, 5, ManageClosely, "Manage closely"},
		{3, 3, ManageClosely, "Manage closely"}, // the split counts as high
		{2, 3, KeepSatisfied, "Keep satisfied"},
		{1, 5, KeepSatisfied, "Keep satisfied"},
		{3, 2, KeepInformed, "Keep informed"},
		{5, 1, KeepInformed, "Keep informed"},
		{2, 2, Monitor, "Monitor"},
		{1, 1, Monitor, "Monitor"},
	} {
		got := PlaceOf(tc.interest, tc.influence)
		if got != tc.want || got.Label() != tc.label {
			t.Errorf("PlaceOf(interest %d, influence %d) = %q (%q), want %q (%q)", tc.interest, tc.influence, got, got.Label(), tc.want, tc.label)
		}
		if s := (Stakeholder{Interest: tc.interest, Influence: tc.influence}); s.Placement() != tc.want {
			t.Errorf("Stakeholder.Placement = %q, want %q", s.Placement(), tc.want)
		}
	}
	for _, c := range Placements {
		if c.Key.Advice() == "" {
			t.Errorf("%s has no advice", c.Key)
		}
	}
}

func TestStakeholderValidate(t *testing.T) {
	t.Parallel()
	ok := Stakeholder{Name: "Dana Finance", Title: "CFO", Interest: 3, Influence: 5, Notes: "Owns the budget.\nQuarterly review."}
	for _, tc := range []struct {
		name  string
		edit  func(*Stakeholder)
		field string // "" for valid
		msg   string
	}{
		{"valid", func(*Stakeholder) {}, "", ""},
		{"no title or notes", func(s *Stakeholder) { s.Title, s.Notes = "", "" }, "", ""},
		{"bounds", func(s *Stakeholder) { s.Interest, s.Influence = 1, 5 }, "", ""},
		{"blank name", func(s *Stakeholder) { s.Name = "  " }, "name", "Name is required."},
		{"long name", func(s *Stakeholder) { s.Name = strings.Repeat("n", 121) }, "name", "Name must be at most 120 characters."},
		{"name 120", func(s *Stakeholder) { s.Name = strings.Repeat("é", 120) }, "", ""},
		{"name line break", func(s *Stakeholder) { s.Name = "Dana\nFinance" }, "name", MsgLineBreak},
		{"long title", func(s *Stakeholder) { s.Title = strings.Repeat("t", 121) }, "title", "Title must be at most 120 characters."},
		{"interest 0", func(s *Stakeholder) { s.Interest = 0 }, "interest", "Interest must be a whole number from 1 to 5."},
		{"interest 6", func(s *Stakeholder) { s.Interest = 6 }, "interest", "Interest must be a whole number from 1 to 5."},
		{"influence 0", func(s *Stakeholder) { s.Influence = 0 }, "influence", "Influence must be a whole number from 1 to 5."},
		{"long notes", func(s *Stakeholder) { s.Notes = strings.Repeat("x", 2001) }, "notes", "Notes must be at most 2000 characters."},
		{"control in notes", func(s *Stakeholder) { s.Notes = "a\x07b" }, "notes", MsgNotAllowed},
	} {
		s := ok
		tc.edit(&s)
		fe := s.Validate()
		if tc.field == "" {
			if len(fe) != 0 {
				t.Errorf("%s: %v, want valid", tc.name, fe)
			}
			continue
		}
		if len(fe) != 1 || fe[tc.field] != tc.msg {
			t.Errorf("%s: %v, want %s: %q", tc.name, fe, tc.field, tc.msg)
		}
	}
}
