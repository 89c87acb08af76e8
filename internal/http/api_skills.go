package http

import (
	"net/http"

	"github.com/headwayhq/headway/internal/roadmap"
)

// Step 2a's JSON API: GET /api/v1/skills, the catalog with the job roles'
// required levels and each skill's aggregates. Aggregates only (issue 11,
// point 7): individual ratings are personal data and stay on the pages,
// where a member sees only their own; no member's name, email or id is
// answered here.

// apiSkill is a skill of the catalog with its aggregates over the whole
// team. An archived skill has left the matrix: its aggregates are null.
type apiSkill struct {
	Key      string `json:"key"`
	Name     string `json:"name"`
	Category string `json:"category"`
	Archived bool   `json:"archived"`
	Position int    `json:"position"`
	// Coverage is the share (0–1) of the members whose job role requires
	// the skill who are rated at or above it; null when no role requires it.
	Coverage  *float64 `json:"coverage"`
	Requiring *int     `json:"requiring"` // members whose job role requires it
	Covered   *int     `json:"covered"`   // of those, at or above the requirement
	// BusFactor counts the members rated practitioner (3) or above; Risk is
	// "nobody" (0), "single_point_of_failure" (1) or "".
	BusFactor *int     `json:"bus_factor"`
	Risk      *string  `json:"risk"`
	Rated     *int     `json:"rated"`   // members who rated it
	Average   *float64 `json:"average"` // over those who rated it; null when nobody did
	// Interested counts the members who want to learn it.
	Interested *int `json:"interested"`
}

// apiJobRole is a job role with its required level per skill key (levels
// 1–4; a skill the role does not need is absent).
type apiJobRole struct {
	Key      string         `json:"key"`
	Title    string         `json:"title"`
	Required map[string]int `json:"required"`
}

// apiSkills is the answer: the list convention (items, next) with the job
// roles beside it.
type apiSkills struct {
	apiList[apiSkill]
	JobRoles []apiJobRole `json:"job_roles"`
}

// handleAPISkills is GET /api/v1/skills.
func (s *Server) handleAPISkills(w http.ResponseWriter, r *http.Request) {
	m, err := s.store.FindSkillMatrix(r.Context(), apiToken(r.Context()).OrgID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	a := roadmap.AnalyzeSkills(m.Input(), s.now())
	stats := make(map[string]roadmap.SkillStats, len(a.Skills))
	for _, st := range a.Skills {
		stats[st.Skill.Key] = st
	}
	out := apiSkills{apiList: apiList[apiSkill]{Items: make([]apiSkill, 0, len(m.Skills))}, JobRoles: make([]apiJobRole, 0, len(roadmap.JobRoles))}
	for _, sk := range m.Skills {
		it := apiSkill{Key: sk.Key, Name: sk.Name, Category: string(sk.Category), Archived: sk.Archived, Position: sk.Position}
		if st, ok := stats[sk.Key]; ok {
			risk := string(st.Risk)
			it.Requiring, it.Covered, it.BusFactor, it.Risk, it.Rated, it.Interested = &st.Requiring, &st.Covered, &st.BusFactor, &risk, &st.Rated, &st.Interested
			if st.Requiring > 0 {
				it.Coverage = &st.Coverage
			}
			if st.Rated > 0 {
				it.Average = &st.Average
			}
		}
		out.Items = append(out.Items, it)
	}
	for _, jr := range roadmap.JobRoles {
		role := apiJobRole{Key: jr.Key, Title: jr.Title, Required: map[string]int{}}
		for _, q := range m.Requirements {
			if q.JobRole == jr.Key && q.Level > 0 {
				role.Required[q.SkillKey] = q.Level
			}
		}
		out.JobRoles = append(out.JobRoles, role)
	}
	s.writeJSON(w, http.StatusOK, out)
}
