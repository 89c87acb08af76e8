package http

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// Step 2a's required levels, for owners and admins: one form, the grid of
// job roles × active skills, each cell a level 0–4 (0 or empty: the role
// does not need it), saved in one transaction (store.SaveRequirements).
// A cell outside 0–4 is refused beside it and nothing is saved. Archived
// skills are not in the grid; their required levels stay as they were.

// msgRequiredLevel is said beside a cell that is not a whole number.
const msgRequiredLevel = "The required level must be a whole number from 0 (none) to 4 (expert)."

// requirementGrid is the grid's data read from the matrix: the active
// skills and every (job role, skill key) → level above 0.
func requirementGrid(m store.SkillMatrix) ([]web.CatalogSkill, map[string]int) {
	var skills []web.CatalogSkill
	active := map[string]bool{}
	for _, sk := range m.Skills {
		if !sk.Archived {
			skills = append(skills, web.CatalogSkill{Skill: sk.Skill(), Version: sk.Version})
			active[sk.Key] = true
		}
	}
	levels := map[string]int{}
	for _, q := range m.Requirements {
		if active[q.SkillKey] {
			levels[web.RequirementField(q.JobRole, q.SkillKey)] = q.Level
		}
	}
	return skills, levels
}

// handleRequirementsView is GET /o/{slug}/skills/requirements.
func (s *Server) handleRequirementsView(w http.ResponseWriter, r *http.Request) {
	m, err := s.store.FindSkillMatrix(r.Context(), currentOrg(r.Context()).ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	skills, levels := requirementGrid(m)
	f := web.Form{Values: map[string]string{}, Errors: map[string]string{}}
	for k, v := range levels {
		f.Values[k] = strconv.Itoa(v)
	}
	s.render(w, r, http.StatusOK, web.RequirementsPage(s.page(r, "Required levels", "skills"), web.RequirementsProps{Skills: skills, Form: f}))
}

// handleRequirementsSave is POST /o/{slug}/skills/requirements: every cell
// the form sends is read (empty: 0; a cell it does not send keeps its
// level); the changed ones are saved together.
func (s *Server) handleRequirementsSave(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	m, err := s.store.FindSkillMatrix(r.Context(), org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	skills, levels := requirementGrid(m)
	var fields []string
	inGrid := map[string]bool{}
	for _, jr := range roadmap.JobRoles {
		for _, sk := range skills {
			k := web.RequirementField(jr.Key, sk.Key)
			fields, inGrid[k] = append(fields, k), true
		}
	}
	f := newForm(r, fields...)
	// A cell of no active skill or job role (another organization's skill,
	// an archived one, a forged name) is refused: nothing is saved.
	for k := range r.PostForm {
		if strings.HasPrefix(k, web.RequirementPrefix) && !inGrid[k] {
			f.Message = "The form names a skill or job role that is not in the grid (archived or removed meanwhile?): open the page again and redo the change."
		}
	}
	var changed []roadmap.Requirement
	for _, jr := range roadmap.JobRoles {
		for _, sk := range skills {
			k := web.RequirementField(jr.Key, sk.Key)
			if _, sent := r.PostForm[k]; !sent {
				continue // a cell the form does not send keeps its level
			}
			lv := 0
			if v := f.Get(k); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil {
					f.fail(k, msgRequiredLevel)
					continue
				}
				lv = n
			}
			q := roadmap.Requirement{JobRole: jr.Key, SkillKey: sk.Key, Level: lv}
			for _, msg := range q.Validate() {
				f.fail(k, msg)
			}
			if lv != levels[k] {
				changed = append(changed, q)
			}
		}
	}
	if !f.valid() {
		s.render(w, r, http.StatusUnprocessableEntity, web.RequirementsPage(s.page(r, "Required levels", "skills"), web.RequirementsProps{Skills: skills, Form: f.Form}))
		return
	}
	if len(changed) == 0 {
		s.flash(r, "success", "Nothing changed: the required levels are as they were.")
		http.Redirect(w, r, orgPath(org, "skills", "requirements"), http.StatusSeeOther)
		return
	}
	err = s.store.SaveRequirements(s.audited(r, "skill.requirements_saved", plural(len(changed), "required level", "required levels")), org.ID, changed)
	if errors.Is(err, store.ErrSkillNotFound) {
		f.Message = "A skill of the grid is no longer in the catalog: open the page again and redo the change."
		s.render(w, r, http.StatusUnprocessableEntity, web.RequirementsPage(s.page(r, "Required levels", "skills"), web.RequirementsProps{Skills: skills, Form: f.Form}))
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Saved "+plural(len(changed), "required level", "required levels")+". The matrix compares each member against them now.")
	http.Redirect(w, r, orgPath(org, "skills", "requirements"), http.StatusSeeOther)
}
