package http

import (
	"net/http"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/web"
)

// Step 2a's matrix page: the heatmap of members × skills with the gap
// analysis (roadmap.AnalyzeSkills over store.FindSkillMatrix, one round
// trip). Privacy (issue 11, point 7): a member sees the team's aggregates
// and only their own row; owners and admins see everyone's. The filters are
// plain query parameters, so a view is a shareable address.

// handleSkillsMatrix is GET /o/{slug}/skills.
func (s *Server) handleSkillsMatrix(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	me := currentUser(r.Context())
	m, err := s.store.FindSkillMatrix(r.Context(), org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := web.SkillsMatrixProps{CanManage: canManage(org.Role), SelfID: me.ID, Members: len(m.Members)}
	q := r.URL.Query()
	if v := q.Get("category"); v != "" {
		if roadmap.SkillCategory(v).Valid() {
			d.Category = roadmap.SkillCategory(v)
		} else {
			d.Ignored = append(d.Ignored, "“"+v+"” is not a skill category, so every category is shown.")
		}
	}
	if v := q.Get("job_role"); v != "" {
		_, known := roadmap.JobRoleByKey(v)
		switch {
		case !known:
			d.Ignored = append(d.Ignored, "“"+v+"” is not a job role, so every member is counted.")
		case !d.CanManage:
			// A role held by one or two people would turn the aggregates
			// into their ratings: members see the whole team's.
			d.Ignored = append(d.Ignored, "Only owners and admins filter by job role, so the figures cover the whole team.")
		default:
			d.JobRole = v
		}
	}

	in := m.Input()
	for _, sk := range m.Skills {
		if !sk.Archived {
			d.ActiveSkills++
		}
	}
	for _, r := range m.Ratings {
		if r.Level != nil {
			d.AnyRatings = true
			break
		}
	}
	if d.Category != "" {
		in.Skills = filterSlice(in.Skills, func(sk roadmap.MatrixSkill) bool { return sk.Category == d.Category })
	}
	if d.JobRole != "" {
		in.Members = filterSlice(in.Members, func(mb roadmap.MatrixMember) bool { return mb.JobRole == d.JobRole })
	}
	d.Analysis = roadmap.AnalyzeSkills(in, s.now())
	d.Names = make(map[int64]string, len(m.Members))
	d.RoleOf = make(map[int64]string, len(m.Members))
	for _, mb := range m.Members {
		d.Names[mb.UserID] = mb.Name
		d.RoleOf[mb.UserID] = mb.JobRole().Title()
	}
	// The rows the viewer may see: everyone's for managers, their own for
	// a member. The aggregates above are computed over everyone either way.
	for _, ms := range d.Analysis.Members {
		if d.CanManage || ms.Member.UserID == me.ID {
			d.Rows = append(d.Rows, ms)
		}
	}
	s.render(w, r, http.StatusOK, web.SkillsMatrixPage(s.page(r, "Skills matrix", "skills"), d))
}

// filterSlice keeps the elements of v for which keep is true (a new slice).
func filterSlice[T any](v []T, keep func(T) bool) []T {
	out := make([]T, 0, len(v))
	for _, x := range v {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}
