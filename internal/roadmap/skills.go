package roadmap

import (
	"regexp"
	"strconv"
	"time"
)

// Step 2a, the skills matrix: a catalog of competencies per organization
// (seeded from SkillCatalog, then edited by its admins), a required level
// per job role and skill, and self-ratings on one 0–4 scale. The gap
// analysis over them is in skills_gaps.go.

// The rating scale. A rating and a required level are both one of these.
const (
	LevelNone         = 0
	LevelAwareness    = 1
	LevelWorking      = 2
	LevelPractitioner = 3
	LevelExpert       = 4

	MinSkillLevel = LevelNone
	MaxSkillLevel = LevelExpert
)

// SkillLevels names each level of the scale, in order (the self-rating
// page's radio buttons and the matrix's legend).
var SkillLevels = []Choice[int]{
	{LevelNone, "None"},
	{LevelAwareness, "Awareness"},
	{LevelWorking, "Working knowledge"},
	{LevelPractitioner, "Practitioner"},
	{LevelExpert, "Expert"},
}

// SkillLevelMeanings say what a level means whatever the skill, so two
// people mean the same thing by a 3; each skill adds its own words for 1–4
// (Skill.Levels).
var SkillLevelMeanings = [MaxSkillLevel + 1]string{
	"No experience.",
	"Knows what it is and why it matters; has not done it.",
	"Has done it with help or by following existing examples.",
	"Does it alone, end to end, and handles the usual problems.",
	"Teaches others, sets the team's practice and handles the unusual problems.",
}

// SkillLevelLabel is the level's name ("" outside 0–4).
func SkillLevelLabel(n int) string { return labelOf(SkillLevels, n) }

// BusFactorLevel is the level from which a person counts towards a skill's
// bus factor: someone who does it alone (practitioner or expert).
const BusFactorLevel = LevelPractitioner

// StaleRatingAge is how old a rating may be before it is stale: people
// change in half a year, and the matrix should say so.
const StaleRatingAge = 180 * 24 * time.Hour

// RatingStale reports whether a rating given at ratedAt is stale at now.
func RatingStale(ratedAt, now time.Time) bool { return now.Sub(ratedAt) > StaleRatingAge }

// SkillCategory groups skills on the self-rating page and filters the
// matrix.
type SkillCategory string

// The skill categories, as stored and sent by the API.
const (
	SkillSourceControl  SkillCategory = "source_control"
	SkillDelivery       SkillCategory = "delivery"
	SkillInfrastructure SkillCategory = "infrastructure"
	SkillContainers     SkillCategory = "containers"
	SkillCloud          SkillCategory = "cloud"
	SkillSystems        SkillCategory = "systems"
	SkillReliability    SkillCategory = "reliability"
	SkillSecurity       SkillCategory = "security"
	SkillData           SkillCategory = "data"
	SkillCollaboration  SkillCategory = "collaboration"
)

// SkillCategories are the categories in the order pages list them.
var SkillCategories = []Choice[SkillCategory]{
	{SkillSourceControl, "Source control and code review"},
	{SkillDelivery, "CI/CD and testing"},
	{SkillInfrastructure, "Infrastructure as code"},
	{SkillContainers, "Containers and Kubernetes"},
	{SkillCloud, "Cloud and networking"},
	{SkillSystems, "Linux and scripting"},
	{SkillReliability, "Observability and reliability"},
	{SkillSecurity, "Security"},
	{SkillData, "Databases and data"},
	{SkillCollaboration, "Collaboration"},
}

// Label is the category as people read it ("" when unknown).
func (c SkillCategory) Label() string { return labelOf(SkillCategories, c) }

// Valid reports whether c is in the catalog.
func (c SkillCategory) Valid() bool { return indexOf(SkillCategories, c) >= 0 }

// Rank is the category's position in SkillCategories (-1 when unknown).
func (c SkillCategory) Rank() int { return indexOf(SkillCategories, c) }

// ParseSkillCategory reads a category as a person types it (key or label,
// any case); anything else comes back as typed for Validate to refuse.
func ParseSkillCategory(s string) SkillCategory { return parseChoice(SkillCategories, s) }

// Limits the forms, the API and the database agree on.
const (
	MaxSkillName        = 200
	MaxSkillDescription = 500
	MaxSkillLevelText   = 500
	MaxSkillKey         = 63
)

// skillKeyRE is a skill's key: the catalog's keys and the store's
// "custom_<id>" for skills an organization adds.
var skillKeyRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// ValidSkillKey reports whether key has the shape of a skill key.
func ValidSkillKey(key string) bool { return skillKeyRE.MatchString(key) }

// Skill is a competency of an organization's catalog.
type Skill struct {
	Key         string // stable: ratings and requirements follow it through renames
	Name        string
	Category    SkillCategory
	Description string                // one line: what the skill covers
	Levels      [MaxSkillLevel]string // what levels 1–4 look like for this skill (Levels[0] is level 1); may be empty
}

// LevelText is what level n (1–4) looks like for the skill, falling back to
// the scale's general meaning when the skill has no words for it.
func (s Skill) LevelText(n int) string {
	if n < MinSkillLevel || n > MaxSkillLevel {
		return ""
	}
	if n > 0 && s.Levels[n-1] != "" {
		return s.Levels[n-1]
	}
	return SkillLevelMeanings[n]
}

// LevelField is the form field (and JSON key) of level n's text.
func LevelField(n int) string { return "level_" + strconv.Itoa(n) }

// Validate checks a skill's fields (the key is the store's or the
// catalog's, never typed, so it is not checked here).
func (s Skill) Validate() FieldErrors {
	fe := FieldErrors{}
	fe.Text("name", "Name", s.Name, true, MaxSkillName)
	if !s.Category.Valid() {
		// Ten labels, some with "and", read badly as one sentence.
		fe.Add("category", "Choose one of the skill categories.")
	}
	fe.Text("description", "Description", s.Description, false, MaxSkillDescription)
	for i, t := range s.Levels {
		fe.Text(LevelField(i+1), "Level "+strconv.Itoa(i+1), t, false, MaxSkillLevelText)
	}
	return fe
}

// level checks a level of the scale (a rating or a requirement).
func (fe FieldErrors) level(field, label string, v int) {
	if v < MinSkillLevel || v > MaxSkillLevel {
		fe.Add(field, label+" must be from 0 (none) to 4 (expert).")
	}
}

// ValidateLevel checks a rating or required level: 0 to 4.
func ValidateLevel(field, label string, v int) FieldErrors {
	fe := FieldErrors{}
	fe.level(field, label, v)
	return fe
}

// Requirement is the level a job role needs in a skill (0: not needed).
type Requirement struct {
	JobRole  string // a key of JobRoles
	SkillKey string
	Level    int
}

// Validate checks the job role, the skill key and the level.
func (r Requirement) Validate() FieldErrors {
	fe := FieldErrors{}
	if _, ok := JobRoleByKey(r.JobRole); !ok {
		fe.Add("job_role", "Unknown job role.")
	}
	if !ValidSkillKey(r.SkillKey) {
		fe.Add("skill", "Unknown skill.")
	}
	fe.level("level", "The required level", r.Level)
	return fe
}

// Rating is a member's self-rating of one skill at one moment. The latest
// per member and skill is the current one; older ones are the history.
type Rating struct {
	UserID     int64
	SkillKey   string
	Level      int  // 0–4, or NotRated (an interest without a level)
	Interested bool // wants to learn it: the skill's training pool
	RatedAt    time.Time
}

// NotRated is the Level of a rating that records only an interest: not
// rated is not 0 (none), and counts nowhere a level does.
const NotRated = -1

// RatingInput is one skill on the self-rating form: a level (nil when left
// unrated) and the interest flag.
type RatingInput struct {
	SkillKey   string
	Level      *int
	Interested bool
}

// Field is the form field of a skill's rating ("rating_<key>"), so a
// message lands beside that skill's radio buttons.
func (r RatingInput) Field() string { return "rating_" + r.SkillKey }

// Validate checks the level (0–4 when given) and the key's shape.
func (r RatingInput) Validate() FieldErrors {
	fe := FieldErrors{}
	if !ValidSkillKey(r.SkillKey) {
		fe.Add(r.Field(), "Unknown skill.")
	}
	if r.Level != nil {
		fe.level(r.Field(), "A rating", *r.Level)
	}
	return fe
}

// ValidateRatings checks a whole self-rating form: every entry valid, each
// skill at most once, and every key among known (the organization's active
// skills). Unrated entries are allowed: a person may save part of the form.
func ValidateRatings(in []RatingInput, known map[string]bool) FieldErrors {
	fe := FieldErrors{}
	seen := make(map[string]bool, len(in))
	for _, r := range in {
		for k, v := range r.Validate() {
			fe.Add(k, v)
		}
		switch {
		case seen[r.SkillKey]:
			fe.Add(r.Field(), "This skill is rated twice.")
		case !known[r.SkillKey]:
			fe.Add(r.Field(), "Unknown skill.")
		}
		seen[r.SkillKey] = true
	}
	return fe
}
