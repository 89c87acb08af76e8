package roadmap

import (
	"maps"
	"strings"
	"testing"
)

func TestParseJobRole(t *testing.T) {
	tests := []struct {
		in   string
		want JobRoleChoice
	}{
		{"Senior engineer", JobRoleChoice{Key: "senior_engineer"}},
		{"  senior ENGINEER ", JobRoleChoice{Key: "senior_engineer"}},
		{"staff_engineer", JobRoleChoice{Key: "staff_engineer"}},
		{"Platform wizard", JobRoleChoice{Custom: "Platform wizard"}},
		{"Senior engineers", JobRoleChoice{Custom: "Senior engineers"}},
		{"", JobRoleChoice{}},
	}
	for _, tt := range tests {
		if got := ParseJobRole(tt.in); got != tt.want {
			t.Errorf("ParseJobRole(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
	if got := (JobRoleChoice{Key: "architect"}).Title(); got != "Architect" {
		t.Errorf("title of a key = %q", got)
	}
	if got := (JobRoleChoice{Custom: "SRE lead"}).Title(); got != "SRE lead" {
		t.Errorf("title of a custom role = %q", got)
	}
}

func TestValidate(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) }
	tests := []struct {
		name string
		got  FieldErrors
		want FieldErrors
	}{
		{"membership ok", Membership{Role: RoleAdmin, JobRole: ParseJobRole("Architect")}.Validate(), FieldErrors{}},
		{"membership custom at the limit", Membership{Role: RoleMember, JobRole: ParseJobRole(long(100))}.Validate(), FieldErrors{}},
		{"membership custom too long", Membership{Role: RoleMember, JobRole: ParseJobRole(long(101))}.Validate(),
			FieldErrors{"job_role": "Job role must be at most 100 characters."}},
		{"membership unknown role and key", Membership{Role: "root", JobRole: JobRoleChoice{Key: "wizard"}}.Validate(),
			FieldErrors{"role": "Unknown role: choose owner, admin or member.", "job_role": "Unknown job role."}},
		{"invitation ok", Invitation{Email: "ann@example.com", Role: RoleMember}.Validate(), FieldErrors{}},
		{"invitation owner", Invitation{Email: "ann@example.com", Role: RoleOwner}.Validate(), FieldErrors{"role": "Choose a role: admin or member."}},
		{"invitation no email", Invitation{Role: RoleMember}.Validate(), FieldErrors{"email": "Email is required."}},
		{"invitation bad email", Invitation{Email: "ann@localhost", Role: RoleMember}.Validate(),
			FieldErrors{"email": "Enter a valid email address, like name@example.com."}},
		{"invitation display name", Invitation{Email: "Ann <ann@example.com>", Role: RoleMember}.Validate(),
			FieldErrors{"email": "Enter a valid email address, like name@example.com."}},
		{"organization ok", Organization{Name: "Acme"}.Validate(), FieldErrors{}},
		{"organization blank", Organization{Name: "  "}.Validate(), FieldErrors{"name": "Organization name is required."}},
		{"organization long", Organization{Name: long(201)}.Validate(), FieldErrors{"name": "Organization name must be at most 200 characters."}},
		{"organization control", Organization{Name: "a\x1bb"}.Validate(), FieldErrors{"name": "This contains characters that are not allowed."}},
		{"organization invalid utf-8", Organization{Name: "a\xffb"}.Validate(), FieldErrors{"name": "This contains characters that are not allowed."}},
		{"token ok", APIToken{Name: "ci", LifetimeDays: 365}.Validate(), FieldErrors{}},
		{"token bad lifetime", APIToken{Name: "ci", LifetimeDays: 7}.Validate(),
			FieldErrors{"expires": "Choose when the token expires: after 30 days, 90 days or 1 year."}},
		{"token no name", APIToken{LifetimeDays: 90}.Validate(), FieldErrors{"name": "Token name is required."}},
		{"token long name", APIToken{Name: long(101), LifetimeDays: 90}.Validate(), FieldErrors{"name": "Token name must be at most 100 characters."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !maps.Equal(tt.got, tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
			if (tt.got.Err() == nil) != (len(tt.want) == 0) {
				t.Errorf("Err() = %v for %v", tt.got.Err(), tt.got)
			}
		})
	}
}

func TestFieldErrors(t *testing.T) {
	fe := FieldErrors{}
	fe.Add("b", "first")
	fe.Add("b", "second")
	fe.Add("a", "other")
	if fe["b"] != "first" {
		t.Errorf("the first message should stay, got %q", fe["b"])
	}
	if got := fe.Error(); got != "invalid input: a: other; b: first" {
		t.Errorf("Error() = %q", got)
	}
}

// The steps catalog is the one description of the four steps.
func TestSteps(t *testing.T) {
	seen := map[string]bool{}
	for i, st := range Steps {
		if st.Number != i+1 || st.Title == "" || st.Tagline == "" || st.Summary == "" || len(st.Points) == 0 || len(st.Sections) == 0 {
			t.Errorf("step %d is incomplete: %+v", i+1, st)
		}
		for _, sec := range st.Sections {
			if seen[sec.Key] || sec.Key == "" || sec.Title == "" || sec.NavLabel == "" || sec.Blurb == "" {
				t.Errorf("section %+v is incomplete or repeated", sec)
			}
			seen[sec.Key] = true
			if got, gotSec, ok := SectionOf(sec.Key); !ok || got.Number != st.Number || gotSec != sec {
				t.Errorf("SectionOf(%q) = %d %+v %v", sec.Key, got.Number, gotSec, ok)
			}
		}
	}
	if len(Steps) != 4 {
		t.Errorf("%d steps, want 4", len(Steps))
	}
	if _, _, ok := SectionOf("nope"); ok {
		t.Error("SectionOf found a section that does not exist")
	}
}
