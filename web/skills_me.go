package web

import (
	"strconv"
	"time"

	"github.com/headwayhq/headway/internal/roadmap"
)

// Step 2a's self-rating page (/o/{slug}/skills/me) and the managers' page
// of who has not rated (/o/{slug}/skills/ratings).

// SelfRatingProps is the self-rating page's data.
type SelfRatingProps struct {
	// Form holds rating_<key> (0–4, "" for not rated) and interested_<key>
	// ("on") per skill, and the messages beside them.
	Form     Form
	Groups   []SkillGroup // the active skills by category, in the catalog's order
	Rated    int          // skills with a current level
	Total    int          // active skills
	Welcome  *Welcome     // just joined through an invitation
	Problems []Problem    // a 422's messages, for the summary above the form
}

// Welcome greets a member who has just accepted an invitation.
type Welcome struct {
	Inviter string // who invited them ("" when unknown)
}

// Problem is one field's message, for a summary that links to the field.
type Problem struct {
	Field   string // the form field ("rating_kubernetes")
	Label   string // what it is ("Kubernetes")
	Message string
}

// SkillGroup is the active skills of one category.
type SkillGroup struct {
	Category roadmap.SkillCategory
	Skills   []SelfSkill
	Rated    int
}

// SelfSkill is a skill on the self-rating form, with the member's current
// rating of it.
type SelfSkill struct {
	roadmap.Skill
	RatedAt *time.Time // when the member last rated it (nil: never)
}

// ratingLevel is one radio button of a skill.
type ratingLevel struct {
	Value string // "0" … "4"
	Name  string // the level's name ("Practitioner")
	Text  string // what it looks like for this skill
}

// levels are the skill's five radio buttons: 0 "None", then levels 1–4 in
// the skill's own words.
func (s SelfSkill) levels() []ratingLevel {
	out := make([]ratingLevel, 0, len(roadmap.SkillLevels))
	for _, l := range roadmap.SkillLevels {
		out = append(out, ratingLevel{Value: strconv.Itoa(l.Key), Name: l.Label, Text: s.LevelText(l.Key)})
	}
	return out
}

func ratingField(key string) string     { return roadmap.RatingInput{SkillKey: key}.Field() }
func interestedField(key string) string { return "interested_" + key }

// skillAnchor is the id of a skill's fieldset (the error summary links to it).
func skillAnchor(key string) string { return "skill-" + key }

// fieldAnchor is the fieldset of a rating field (rating_<key> → skill-<key>).
func fieldAnchor(field string) string {
	if len(field) > len("rating_") && field[:len("rating_")] == "rating_" {
		return "#" + skillAnchor(field[len("rating_"):])
	}
	return "#self-rating"
}

// RatingsProps is the managers' page of who has not rated.
type RatingsProps struct {
	Pending      []RatingStatus // never rated, or stale, oldest first
	UpToDate     int            // members whose latest rating is recent
	Members      int
	ActiveSkills int
	Now          time.Time
}

// RatingStatus is a member on the managers' page.
type RatingStatus struct {
	UserID         int64
	Name           string
	Email          string
	JobRole        string     // its title, "" for none
	LatestRatedAt  *time.Time // nil: never rated
	Rated          int        // active skills with a level
	LastReminderAt *time.Time
	RemindedToday  bool // a reminder went out within the day: the button waits
	IsYou          bool
}

// remindedLabel says when the last reminder went out.
func (m RatingStatus) remindedLabel() string {
	if m.LastReminderAt == nil {
		return "Never"
	}
	return timeLabel(*m.LastReminderAt)
}

func remindURL(slug string, userID int64) string {
	return OrgPath(slug, "skills", "ratings", strconv.FormatInt(userID, 10), "remind")
}
