package roadmap

import (
	"strings"
	"testing"
)

// The catalog is what every organization starts with: enough skills in
// every category, unique keys and names, each valid with all four level
// texts, and a column of requirements per job role.
func TestSkillCatalog(t *testing.T) {
	if len(JobRoles) != catalogRoles {
		t.Fatalf("%d job roles but the catalog has %d columns of required levels: add the new role's column", len(JobRoles), catalogRoles)
	}
	if n := len(SkillCatalog); n < 24 {
		t.Errorf("%d skills, want at least 24", n)
	}
	keys, names, cats := map[string]bool{}, map[string]bool{}, map[SkillCategory]int{}
	lastCat := -1
	for _, s := range SkillCatalog {
		if !ValidSkillKey(s.Key) || strings.HasPrefix(s.Key, "custom_") || keys[s.Key] {
			t.Errorf("key %q is malformed, reserved or repeated", s.Key)
		}
		if names[strings.ToLower(s.Name)] {
			t.Errorf("name %q is repeated", s.Name)
		}
		keys[s.Key], names[strings.ToLower(s.Name)] = true, true
		cats[s.Category]++
		if r := s.Category.Rank(); r < lastCat {
			t.Errorf("%s: category %s out of order (pages list the catalog by category)", s.Key, s.Category)
		} else {
			lastCat = r
		}
		if fe := s.Validate(); len(fe) != 0 {
			t.Errorf("%s: %v", s.Key, fe)
		}
		if len(s.Description) < 40 || strings.ContainsRune(s.Description, '\n') {
			t.Errorf("%s: description %q is not a useful line", s.Key, s.Description)
		}
		for i, l := range s.Levels {
			if len(l) < 25 || !strings.HasSuffix(l, ".") {
				t.Errorf("%s: level %d text %q", s.Key, i+1, l)
			}
		}
		for i, lv := range s.Required {
			if lv < 0 || lv > MaxSkillLevel {
				t.Errorf("%s: %s requires %d", s.Key, JobRoles[i].Key, lv)
			}
		}
		if got, ok := CatalogSkillByKey(s.Key); !ok || got.Key != s.Key {
			t.Errorf("CatalogSkillByKey(%q) = %v, %v", s.Key, got.Key, ok)
		}
	}
	for _, c := range SkillCategories {
		if cats[c.Key] == 0 {
			t.Errorf("no skill in %s", c.Key)
		}
	}
	if _, ok := CatalogSkillByKey("nope"); ok {
		t.Error("found a skill that is not there")
	}
	// Every role needs something, and requirements never fall from one rung
	// to the next: junior → engineer → senior → staff, and architect →
	// senior architect (an architect is a branch, not the rung above staff).
	rung := map[string]string{"engineer": "junior_engineer", "senior_engineer": "engineer", "staff_engineer": "senior_engineer", "senior_architect": "architect"}
	col := map[string]int{}
	for i, r := range JobRoles {
		col[r.Key] = i
	}
	for i, r := range JobRoles {
		total := 0
		for _, s := range SkillCatalog {
			total += s.Required[i]
			if below, ok := rung[r.Key]; ok && s.Required[i] < s.Required[col[below]] {
				t.Errorf("%s: %s requires %d, less than %s's %d", s.Key, r.Key, s.Required[i], below, s.Required[col[below]])
			}
		}
		if total == 0 {
			t.Errorf("%s requires nothing", r.Key)
		}
	}
	// DefaultRequirements is the grid without its zeros.
	reqs := DefaultRequirements()
	nonzero := 0
	for _, s := range SkillCatalog {
		for _, lv := range s.Required {
			if lv > 0 {
				nonzero++
			}
		}
	}
	if len(reqs) != nonzero {
		t.Errorf("DefaultRequirements has %d rows, want %d", len(reqs), nonzero)
	}
	for _, r := range reqs {
		if fe := r.Validate(); len(fe) != 0 || r.Level == 0 {
			t.Errorf("%+v: %v", r, fe)
		}
	}
	if got := reqs[0]; got.JobRole != "junior_engineer" || got.SkillKey != SkillCatalog[0].Key {
		t.Errorf("first requirement %+v, want junior engineer on %s", got, SkillCatalog[0].Key)
	}
}

func TestSkillLevels(t *testing.T) {
	want := []string{"None", "Awareness", "Working knowledge", "Practitioner", "Expert"}
	for i, w := range want {
		if got := SkillLevelLabel(i); got != w {
			t.Errorf("SkillLevelLabel(%d) = %q, want %q", i, got, w)
		}
	}
	if SkillLevelLabel(-1) != "" || SkillLevelLabel(5) != "" {
		t.Error("a label outside 0–4")
	}
	s := Skill{Levels: levels{"one", "", "three", ""}}
	for n, want := range map[int]string{0: SkillLevelMeanings[0], 1: "one", 2: SkillLevelMeanings[2], 3: "three", 4: SkillLevelMeanings[4], 5: "", -1: ""} {
		if got := s.LevelText(n); got != want {
			t.Errorf("LevelText(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSkillValidate(t *testing.T) {
	ok := Skill{Name: "Chaos engineering", Category: SkillReliability, Description: "Breaking things on purpose."}
	for _, tt := range []struct {
		name  string
		edit  func(*Skill)
		field string
		msg   string
	}{
		{"valid", func(*Skill) {}, "", ""},
		{"no levels is fine", func(s *Skill) { s.Levels = levels{} }, "", ""},
		{"empty name", func(s *Skill) { s.Name = "" }, "name", "Name is required."},
		{"blank name", func(s *Skill) { s.Name = "   " }, "name", "Name is required."},
		{"200 characters", func(s *Skill) { s.Name = strings.Repeat("é", 200) }, "", ""},
		{"201 characters", func(s *Skill) { s.Name = strings.Repeat("é", 201) }, "name", "Name must be at most 200 characters."},
		{"line break in name", func(s *Skill) { s.Name = "a\nb" }, "name", MsgLineBreak},
		{"unknown category", func(s *Skill) { s.Category = "ci_cd" }, "category", "Choose one of the skill categories."},
		{"empty category", func(s *Skill) { s.Category = "" }, "category", ""},
		{"long description", func(s *Skill) { s.Description = strings.Repeat("x", 501) }, "description", "Description must be at most 500 characters."},
		{"description on two lines", func(s *Skill) { s.Description = "a\nb" }, "description", MsgLineBreak},
		{"long level text", func(s *Skill) { s.Levels[2] = strings.Repeat("x", 501) }, "level_3", "Level 3 must be at most 500 characters."},
		{"control character in a level", func(s *Skill) { s.Levels[0] = "a\u202eb" }, "level_1", MsgNotAllowed},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := ok
			tt.edit(&s)
			fe := s.Validate()
			if tt.field == "" {
				if len(fe) != 0 {
					t.Errorf("got %v, want valid", fe)
				}
				return
			}
			if msg, has := fe[tt.field]; !has || (tt.msg != "" && msg != tt.msg) {
				t.Errorf("got %v, want %s: %q", fe, tt.field, tt.msg)
			}
			if len(fe) != 1 {
				t.Errorf("got %v, want only %s", fe, tt.field)
			}
		})
	}
	if ParseSkillCategory(" Security ") != SkillSecurity || ParseSkillCategory("ci/cd and testing") != SkillDelivery {
		t.Error("ParseSkillCategory does not read labels")
	}
}

func TestRatingAndRequirementValidate(t *testing.T) {
	for _, tt := range []struct {
		lv  int
		bad bool
	}{{-1, true}, {0, false}, {1, false}, {4, false}, {5, true}} {
		fe := RatingInput{SkillKey: "kubernetes", Level: intp(tt.lv)}.Validate()
		if (len(fe) != 0) != tt.bad || (tt.bad && fe["rating_kubernetes"] != "A rating must be from 0 (none) to 4 (expert).") {
			t.Errorf("rating %d: %v", tt.lv, fe)
		}
		fe = Requirement{JobRole: "sre", SkillKey: "kubernetes", Level: tt.lv}.Validate()
		if (len(fe) != 0) != tt.bad || (tt.bad && fe["level"] != "The required level must be from 0 (none) to 4 (expert).") {
			t.Errorf("requirement %d: %v", tt.lv, fe)
		}
		if fe := ValidateLevel("x", "Level", tt.lv); (len(fe) != 0) != tt.bad {
			t.Errorf("ValidateLevel(%d): %v", tt.lv, fe)
		}
	}
	if fe := (RatingInput{SkillKey: "kubernetes"}).Validate(); len(fe) != 0 {
		t.Errorf("an unrated skill is allowed: %v", fe)
	}
	if fe := (Requirement{JobRole: "wizard", SkillKey: "Bad Key", Level: 2}).Validate(); fe["job_role"] == "" || fe["skill"] == "" {
		t.Errorf("unknown role and malformed key: %v", fe)
	}

	known := map[string]bool{"kubernetes": true, "linux": true}
	for _, tt := range []struct {
		name string
		in   []RatingInput
		want map[string]string
	}{
		{"partial form", []RatingInput{{SkillKey: "kubernetes", Level: intp(3)}, {SkillKey: "linux", Interested: true}}, nil},
		{"empty form", nil, nil},
		{"another organization's skill", []RatingInput{{SkillKey: "custom_99", Level: intp(2)}}, map[string]string{"rating_custom_99": "Unknown skill."}},
		{"twice", []RatingInput{{SkillKey: "linux", Level: intp(1)}, {SkillKey: "linux", Level: intp(2)}}, map[string]string{"rating_linux": "This skill is rated twice."}},
		{"out of range", []RatingInput{{SkillKey: "linux", Level: intp(7)}}, map[string]string{"rating_linux": "A rating must be from 0 (none) to 4 (expert)."}},
	} {
		fe := ValidateRatings(tt.in, known)
		if len(fe) != len(tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, fe, tt.want)
		}
		for k, v := range tt.want {
			if fe[k] != v {
				t.Errorf("%s: %s = %q, want %q", tt.name, k, fe[k], v)
			}
		}
	}
}

func TestJobRolesIncludeSpecialists(t *testing.T) {
	for _, tt := range []struct{ typed, key string }{
		{"SRE", "sre"}, {"site reliability engineer", "sre"}, {"Platform Engineer", "platform_engineer"}, {"software engineer", "software_engineer"},
	} {
		if got := ParseJobRole(tt.typed); got.Key != tt.key {
			t.Errorf("ParseJobRole(%q) = %+v, want %s", tt.typed, got, tt.key)
		}
	}
}
