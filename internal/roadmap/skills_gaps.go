package roadmap

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// The gap analysis of the skills matrix: pure functions over an
// organization's skills, its members with their job roles, the required
// level per job role and skill, and the members' current ratings.
//
// The rules, in one place:
//   - An unrated cell is "not rated", never 0: it has no gap, does not count
//     towards coverage, the bus factor or the average.
//   - A member without a job role (or with a custom title) is compared
//     against nothing: no requirement, no gap.
//   - gap = required − rated, only when positive.
//   - Coverage of a skill: members rated at or above their required level,
//     among the members whose role requires it (required > 0).
//   - Bus factor: members rated practitioner (3) or above; 0 and 1 are
//     risks, 1 a single point of failure.
//   - Archived skills leave the matrix; their ratings stay in the store.
//
// Everything is ordered deterministically: skills by position then name then
// key, members by name then id.

// MatrixSkill is a skill as the analysis sees it.
type MatrixSkill struct {
	Key      string
	Name     string
	Category SkillCategory
	Position int
	Archived bool
}

// MatrixMember is a member of the organization and their job role key (""
// for none or a custom title: compared against nothing).
type MatrixMember struct {
	UserID  int64
	Name    string
	JobRole string
}

// SkillInput is what the analysis reads.
type SkillInput struct {
	Skills       []MatrixSkill
	Members      []MatrixMember
	Requirements []Requirement // zero levels and unknown roles or skills are ignored
	Ratings      []Rating      // current ratings; when a member has several for a skill, the latest counts
}

// Cell is one member × skill of the matrix.
type Cell struct {
	Rated      bool
	Level      int // the rating, when Rated
	Interested bool
	Stale      bool // rated more than StaleRatingAge ago
	Required   int  // the member's role's requirement (0: none)
	Gap        int  // Required − Level when rated and positive, else 0
}

// Unrated reports a requirement the member has not rated: the gap is
// unknown, not zero.
func (c Cell) Unrated() bool { return c.Required > 0 && !c.Rated }

// Risk is a skill's bus-factor risk.
type Risk string

// The risks.
const (
	RiskNone              Risk = ""
	RiskNobody            Risk = "nobody"                  // bus factor 0: nobody does it at practitioner level
	RiskSinglePointOfFail Risk = "single_point_of_failure" // bus factor 1
)

// SkillStats are the aggregates of one skill (the API's and the matrix's
// per-skill columns).
type SkillStats struct {
	Skill      MatrixSkill
	Requiring  int     // members whose role requires the skill (required > 0)
	Covered    int     // of those, rated at or above the requirement
	NotRated   int     // of those, not rated (so not covered, gap unknown)
	Coverage   float64 // Covered / Requiring, 0..1; 0 when nobody requires it (see Requiring)
	BusFactor  int     // members rated BusFactorLevel or above
	Risk       Risk
	Rated      int     // members who rated the skill
	Average    float64 // over rated members only; 0 when nobody rated
	Interested int     // members who want to learn it
	TotalGap   int     // sum of the members' gaps on it
	Gapped     int     // members with a gap on it
}

// Gap is one member's shortfall on one skill.
type Gap struct {
	UserID   int64
	SkillKey string
	Required int
	Level    int
	Gap      int
}

// MemberStats are the aggregates of one member.
type MemberStats struct {
	Member    MatrixMember
	HasRole   bool // a job role with requirements to compare against
	Cells     []Cell
	Rated     int       // active skills rated
	TotalGap  int       // sum of gaps
	NotRated  int       // required skills not rated (gap unknown)
	TopGaps   []Gap     // the biggest gaps, at most MaxTopGaps
	Interests []string  // keys of the skills the member wants to learn, in matrix order
	LastRated time.Time // the latest rating on an active skill (zero: never)
	Stale     bool      // rated, but the latest rating is stale
}

// NeverRated reports a member with no rating on any active skill.
func (m MemberStats) NeverRated() bool { return m.Rated == 0 }

// MaxTopGaps is how many gaps a member's row and the summary list.
const (
	MaxTopGaps     = 3
	MaxSummaryGaps = 5
)

// Suggestion is what the summary proposes for a skill gap.
type Suggestion string

// The suggestions.
const (
	// SuggestTraining: someone on the team rates one level below the
	// (highest) requirement, or a colleague rated expert can teach.
	SuggestTraining Suggestion = "training"
	// SuggestHiring: nobody on the team is within 2 of the requirement (and
	// so nobody can teach it).
	SuggestHiring Suggestion = "hiring"
	// SuggestTrainingOrHiring: someone is within 2 but nobody within 1 and
	// no expert to teach: training needs outside help, or a hire.
	SuggestTrainingOrHiring Suggestion = "training_or_hiring"
)

// SkillGap is a skill of the summary's biggest gaps, with its suggestion.
type SkillGap struct {
	Skill      MatrixSkill
	TotalGap   int
	Gapped     int
	Required   int // the highest requirement among the members with a gap
	Suggestion Suggestion
	Closest    []int64 // members rated one level below Required (a step of training away), by name
	Teachers   []int64 // members rated expert, by name
}

// SkillAnalysis is the whole matrix with its aggregates.
type SkillAnalysis struct {
	Skills  []SkillStats  // active skills, matrix order
	Members []MemberStats // by name, then id; Cells align with Skills
	// BiggestGaps are at most MaxSummaryGaps skills by total gap (then
	// members with a gap, then matrix order).
	BiggestGaps []SkillGap
	// SinglePoints are the active skills with a bus factor of 1, matrix order.
	SinglePoints []SkillStats
	// Risks are the skills with a bus factor of 0 or 1, matrix order.
	Risks []SkillStats
}

// AnalyzeSkills computes the matrix at now.
func AnalyzeSkills(in SkillInput, now time.Time) SkillAnalysis {
	skills := make([]MatrixSkill, 0, len(in.Skills))
	for _, s := range in.Skills {
		if !s.Archived {
			skills = append(skills, s)
		}
	}
	slices.SortStableFunc(skills, func(a, b MatrixSkill) int {
		return cmp.Or(cmp.Compare(a.Position, b.Position), strings.Compare(a.Name, b.Name), strings.Compare(a.Key, b.Key))
	})
	skillIdx := make(map[string]int, len(skills))
	for i, s := range skills {
		skillIdx[s.Key] = i
	}

	members := slices.Clone(in.Members)
	slices.SortStableFunc(members, func(a, b MatrixMember) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.UserID, b.UserID))
	})
	memberIdx := make(map[int64]int, len(members))
	for i, m := range members {
		memberIdx[m.UserID] = i
	}

	// Requirements per role, as a row of levels aligned with skills.
	roleReq := map[string][]int{}
	for _, r := range in.Requirements {
		j, ok := skillIdx[r.SkillKey]
		if !ok || r.Level <= 0 {
			continue
		}
		if _, known := JobRoleByKey(r.JobRole); !known {
			continue
		}
		row := roleReq[r.JobRole]
		if row == nil {
			row = make([]int, len(skills))
			roleReq[r.JobRole] = row
		}
		row[j] = min(r.Level, MaxSkillLevel)
	}

	n := len(skills)
	out := SkillAnalysis{Skills: make([]SkillStats, n), Members: make([]MemberStats, len(members))}
	cells := make([]Cell, len(members)*n) // one allocation for the grid
	// When each cell was rated, in Unix nanoseconds: a grid without pointers
	// costs the garbage collector nothing (time.Time holds one).
	rated := make([]int64, len(members)*n)
	seen := make([]bool, len(members)*n)
	for i, m := range members {
		ms := &out.Members[i]
		ms.Member = m
		ms.Cells = cells[i*n : (i+1)*n : (i+1)*n]
		if row := roleReq[m.JobRole]; row != nil {
			ms.HasRole = true
			for j := range ms.Cells {
				ms.Cells[j].Required = row[j]
			}
		}
	}
	for _, r := range in.Ratings {
		i, ok := memberIdx[r.UserID]
		j, ok2 := skillIdx[r.SkillKey]
		if !ok || !ok2 || r.Level < NotRated || r.Level > MaxSkillLevel {
			continue
		}
		c := &out.Members[i].Cells[j]
		at := r.RatedAt.UnixNano()
		if seen[i*n+j] && at <= rated[i*n+j] {
			continue // an older (or same-moment) rating of a history
		}
		seen[i*n+j], rated[i*n+j] = true, at
		c.Interested = r.Interested
		if r.Level == NotRated {
			c.Rated, c.Level, c.Stale = false, 0, false
			continue
		}
		c.Rated, c.Level = true, r.Level
		c.Stale = RatingStale(r.RatedAt, now)
	}

	for j, s := range skills {
		out.Skills[j].Skill = s
	}
	sum := make([]int, n)
	for i := range out.Members {
		ms := &out.Members[i]
		var last int64
		for j := range ms.Cells {
			c := &ms.Cells[j]
			st := &out.Skills[j]
			if c.Rated {
				ms.Rated++
				if t := rated[i*n+j]; ms.Rated == 1 || t > last {
					last = t
				}
				st.Rated++
				sum[j] += c.Level
				if c.Level >= BusFactorLevel {
					st.BusFactor++
				}
			}
			if c.Interested {
				st.Interested++
				ms.Interests = append(ms.Interests, skills[j].Key)
			}
			if c.Required == 0 {
				continue
			}
			st.Requiring++
			switch {
			case !c.Rated:
				st.NotRated++
				ms.NotRated++
			case c.Level >= c.Required:
				st.Covered++
			default:
				c.Gap = c.Required - c.Level
				st.TotalGap += c.Gap
				st.Gapped++
				ms.TotalGap += c.Gap
				ms.TopGaps = append(ms.TopGaps, Gap{UserID: ms.Member.UserID, SkillKey: skills[j].Key, Required: c.Required, Level: c.Level, Gap: c.Gap})
			}
		}
		// Biggest first; ties keep matrix order (the sort is stable).
		slices.SortStableFunc(ms.TopGaps, func(a, b Gap) int { return cmp.Compare(b.Gap, a.Gap) })
		if len(ms.TopGaps) > MaxTopGaps {
			ms.TopGaps = ms.TopGaps[:MaxTopGaps:MaxTopGaps]
		}
		if ms.Rated > 0 {
			ms.LastRated = time.Unix(0, last).In(now.Location())
			ms.Stale = RatingStale(ms.LastRated, now)
		}
	}
	for j := range out.Skills {
		st := &out.Skills[j]
		if st.Rated > 0 {
			st.Average = float64(sum[j]) / float64(st.Rated)
		}
		if st.Requiring > 0 {
			st.Coverage = float64(st.Covered) / float64(st.Requiring)
		}
		switch st.BusFactor {
		case 0:
			st.Risk = RiskNobody
		case 1:
			st.Risk = RiskSinglePointOfFail
			out.SinglePoints = append(out.SinglePoints, *st)
		}
		if st.Risk != RiskNone {
			out.Risks = append(out.Risks, *st)
		}
	}
	out.BiggestGaps = biggestGaps(out)
	return out
}

// biggestGaps picks the skills with the largest total gap and suggests
// training or hiring for each.
func biggestGaps(a SkillAnalysis) []SkillGap {
	var idx []int
	for j, st := range a.Skills {
		if st.TotalGap > 0 {
			idx = append(idx, j)
		}
	}
	slices.SortStableFunc(idx, func(x, y int) int {
		return cmp.Or(cmp.Compare(a.Skills[y].TotalGap, a.Skills[x].TotalGap), cmp.Compare(a.Skills[y].Gapped, a.Skills[x].Gapped))
	})
	if len(idx) > MaxSummaryGaps {
		idx = idx[:MaxSummaryGaps]
	}
	out := make([]SkillGap, 0, len(idx))
	for _, j := range idx {
		st := a.Skills[j]
		g := SkillGap{Skill: st.Skill, TotalGap: st.TotalGap, Gapped: st.Gapped}
		for _, m := range a.Members {
			if c := m.Cells[j]; c.Gap > 0 {
				g.Required = max(g.Required, c.Required)
			}
		}
		best := -1 // the highest rating on the team
		for _, m := range a.Members {
			c := m.Cells[j]
			if !c.Rated {
				continue
			}
			best = max(best, c.Level)
			if c.Level == g.Required-1 {
				g.Closest = append(g.Closest, m.Member.UserID)
			}
			if c.Level == LevelExpert {
				g.Teachers = append(g.Teachers, m.Member.UserID)
			}
		}
		switch {
		case len(g.Closest) > 0 || len(g.Teachers) > 0:
			g.Suggestion = SuggestTraining
		case best < g.Required-2:
			g.Suggestion = SuggestHiring
		default:
			g.Suggestion = SuggestTrainingOrHiring
		}
		out = append(out, g)
	}
	return out
}

// Label is the suggestion as people read it.
func (s Suggestion) Label() string {
	switch s {
	case SuggestTraining:
		return "Training"
	case SuggestHiring:
		return "Hiring"
	case SuggestTrainingOrHiring:
		return "Outside training or hiring"
	}
	return ""
}

// Label is the risk as people read it ("" for none).
func (r Risk) Label() string {
	switch r {
	case RiskNobody:
		return "Nobody at practitioner level"
	case RiskSinglePointOfFail:
		return "Single point of failure"
	}
	return ""
}
