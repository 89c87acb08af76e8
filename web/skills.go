package web

import (
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"github.com/headwayhq/headway/internal/roadmap"
)

// skillsTab is one tab of step 2a; Manage tabs are for owners and admins.
type skillsTab struct {
	Key    string
	Path   string // below /o/{slug}/
	Label  string
	Manage bool
}

var skillsTabs = []skillsTab{
	{"matrix", "skills", "Matrix", false},
	{"me", "skills/me", "Rate yourself", false},
	{"catalog", "skills/catalog", "Skills catalog", true},
	{"requirements", "skills/requirements", "Required levels", true},
	{"ratings", "skills/ratings", "Ratings", true},
}

// visibleSkillsTabs are the tabs the viewer may open.
func visibleSkillsTabs(p Page) []skillsTab {
	manage := currentOrg(p).CanManage()
	out := make([]skillsTab, 0, len(skillsTabs))
	for _, t := range skillsTabs {
		if !t.Manage || manage {
			out = append(out, t)
		}
	}
	return out
}

// SkillsMatrixProps is the matrix page's data.
type SkillsMatrixProps struct {
	Analysis     roadmap.SkillAnalysis // over the filtered skills and members
	Rows         []roadmap.MemberStats // the rows the viewer may see (their own only, for a member)
	Names        map[int64]string      // every member's name (for the rows and, for managers, the suggestions)
	RoleOf       map[int64]string      // every member's job role as people read it ("" for none)
	Category     roadmap.SkillCategory // the category filter ("" for all)
	JobRole      string                // the job role filter ("" for all)
	Ignored      []string              // what the query asked that is not a filter, said on the page
	CanManage    bool                  // owners and admins: every row, the names in the suggestions
	SelfID       int64                 // the viewer
	Members      int                   // members of the organization
	ActiveSkills int                   // active skills of the catalog, before filtering
	AnyRatings   bool                  // someone has rated a skill
}

// filtered reports whether a filter narrows the matrix.
func (d SkillsMatrixProps) filtered() bool { return d.Category != "" || d.JobRole != "" }

// skillName is the name of a skill of the analysis, by key.
func (d SkillsMatrixProps) skillName(key string) string {
	for _, st := range d.Analysis.Skills {
		if st.Skill.Key == key {
			return st.Skill.Name
		}
	}
	return key
}

// selfRated reports whether the viewer has rated a skill of the matrix.
func (d SkillsMatrixProps) selfRated() bool {
	for _, ms := range d.Analysis.Members {
		if ms.Member.UserID == d.SelfID {
			return ms.Rated > 0
		}
	}
	return true // not in the filtered rows: nothing to ask
}

// people names the members of ids for a manager, or counts them for a
// member (who may not learn who rates what).
func (d SkillsMatrixProps) people(ids []int64, one, many string) string {
	if len(ids) == 0 {
		return ""
	}
	if !d.CanManage {
		if len(ids) == 1 {
			return "1 " + one
		}
		return strconv.Itoa(len(ids)) + " " + many
	}
	out := ""
	for i, id := range ids {
		if i > 0 {
			out += ", "
		}
		out += d.Names[id]
	}
	return out
}

// suggestionWhy says why a gap's suggestion is what it is.
func (d SkillsMatrixProps) suggestionWhy(g roadmap.SkillGap) string {
	switch g.Suggestion {
	case roadmap.SuggestTraining:
		s := ""
		if c := d.people(g.Closest, "colleague", "colleagues"); c != "" {
			s = c + " one level below the requirement"
		}
		if t := d.people(g.Teachers, "colleague", "colleagues"); t != "" {
			if s != "" {
				s += "; "
			}
			s += t + " at expert level to teach"
		}
		return s + "."
	case roadmap.SuggestHiring:
		return "Nobody on the team is within two levels of the requirement."
	case roadmap.SuggestTrainingOrHiring:
		return "Someone is within two levels, but nobody within one and no expert to teach."
	}
	return ""
}

// filterHref is the matrix's address with the given filters.
func filterHref(slug string, category roadmap.SkillCategory, jobRole string) templ.SafeURL {
	q := url.Values{}
	if category != "" {
		q.Set("category", string(category))
	}
	if jobRole != "" {
		q.Set("job_role", jobRole)
	}
	s := OrgPath(slug, "skills")
	if len(q) > 0 {
		s += "?" + q.Encode()
	}
	return templ.URL(s)
}

func skillCategoryOptions(all string) []Option { return choiceOptions(all, roadmap.SkillCategories) }

func jobRoleOptions(all string) []Option {
	o := []Option{{"", all}}
	for _, r := range roadmap.JobRoles {
		o = append(o, Option{r.Key, r.Title})
	}
	return o
}

// percent writes a share as a whole percentage (67%).
func percent(v float64) string { return strconv.Itoa(int(math.Round(v*100))) + "%" }

// average writes an average level with one decimal (2.5).
func average(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64) }

// levelClass is the heatmap colour of a cell (a shade per level, hatched
// for not rated); the number and its label say the same without colour.
func levelClass(c roadmap.Cell) string {
	if !c.Rated {
		return "lvl lvl-none"
	}
	cls := "lvl lvl-" + strconv.Itoa(c.Level)
	if c.Gap > 0 {
		cls += " has-gap"
	}
	return cls
}

// cellLabel is what a screen reader hears for a cell: the member, the
// skill, the level's name (or not rated) and the requirement with its gap.
func cellLabel(c roadmap.Cell) string {
	s := "not rated"
	if c.Rated {
		s = strconv.Itoa(c.Level) + " " + roadmap.SkillLevelLabel(c.Level)
	}
	if c.Stale {
		s += ", rated over 180 days ago"
	}
	if c.Required > 0 {
		s += "; required " + strconv.Itoa(c.Required) + " " + roadmap.SkillLevelLabel(c.Required)
		if c.Gap > 0 {
			s += ", gap " + strconv.Itoa(c.Gap)
		}
	}
	if c.Interested {
		s += "; wants to learn it"
	}
	return s
}

// riskKind is the badge colour of a bus-factor risk.
func riskKind(r roadmap.Risk) string {
	if r == roadmap.RiskNobody {
		return "danger"
	}
	return "warning"
}

// coverage writes a skill's coverage: "2 of 3 (67%)", or a dash when no
// member's role requires it.
func coverage(st roadmap.SkillStats) string {
	if st.Requiring == 0 {
		return "—"
	}
	return strconv.Itoa(st.Covered) + " of " + strconv.Itoa(st.Requiring) + " (" + percent(st.Coverage) + ")"
}

func (d SkillsMatrixProps) interestNames(keys []string) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = d.skillName(k)
	}
	return joinNames(names)
}

// plural is "1 member" or "3 members".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// suggestionKind is the badge colour of a gap's suggestion.
func suggestionKind(s roadmap.Suggestion) string {
	switch s {
	case roadmap.SuggestTraining:
		return "primary"
	case roadmap.SuggestHiring:
		return "danger"
	}
	return "warning"
}

// nobody are the names of the skills nobody holds at practitioner level.
func (d SkillsMatrixProps) nobody() []string {
	var out []string
	for _, st := range d.Analysis.Risks {
		if st.Risk == roadmap.RiskNobody {
			out = append(out, st.Skill.Name)
		}
	}
	return out
}

func joinNames(names []string) string { return strings.Join(names, ", ") }

// CatalogSkill is a skill as the catalog page lists it.
type CatalogSkill struct {
	roadmap.Skill
	Archived bool
	Version  int
}

// SkillCatalogProps is the catalog page's data: the skills in matrix
// order, and one form: the new skill's, or the edit form of Editing.
type SkillCatalogProps struct {
	Skills   []CatalogSkill
	Form     Form
	Editing  string    // the key of the skill being edited ("" for the add form)
	Conflict *Conflict // an edit met a newer version
}

// active and archived split the catalog as the page lists it.
func (d SkillCatalogProps) active() []CatalogSkill   { return d.filter(false) }
func (d SkillCatalogProps) archived() []CatalogSkill { return d.filter(true) }

func (d SkillCatalogProps) filter(archived bool) []CatalogSkill {
	var out []CatalogSkill
	for _, s := range d.Skills {
		if s.Archived == archived {
			out = append(out, s)
		}
	}
	return out
}

// formAction is where the skill form posts: the catalog for a new skill,
// the skill's own address for an edit.
func (d SkillCatalogProps) formAction(slug string) templ.SafeURL {
	if d.Editing == "" {
		return orgURL(slug, "skills", "catalog")
	}
	return orgURL(slug, "skills", "catalog", d.Editing)
}

// skillLevelHint is the placeholder-like hint of a level's text.
func skillLevelHint(n int) string {
	return "What " + roadmap.SkillLevelLabel(n) + " looks like for this skill. Empty: “" + roadmap.SkillLevelMeanings[n] + "”"
}

// RequirementPrefix starts the field of a grid cell: req_<job role>.<skill
// key>. The dot cannot occur in a job role's key nor a skill's (both
// [a-z0-9_]), so the name splits back unambiguously.
const RequirementPrefix = "req_"

// RequirementField is the field of the required level of role in skill.
func RequirementField(role, skill string) string { return RequirementPrefix + role + "." + skill }

// RequirementsProps is the required levels page's data: the active skills
// (rows) and the form, by RequirementField.
type RequirementsProps struct {
	Skills []CatalogSkill
	Form   Form
}

// reqID is the element id of a cell's input (the dot kept out of ids).
func reqID(role, skill string) string { return "req-" + role + "-" + skill }

func jobRoles() []roadmap.JobRole { return roadmap.JobRoles }

// spofNote is the line beside a single point of failure.
func spofNote(st roadmap.SkillStats) string {
	s := "only one person at practitioner level or above"
	if st.Interested > 0 {
		s += "; " + plural(st.Interested, "person wants", "people want") + " to learn it"
	}
	return s
}
