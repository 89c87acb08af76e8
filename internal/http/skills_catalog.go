package http

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// Step 2a's skill catalog, for owners and admins: the list (archived
// skills apart), adding a skill, editing one (with its version: a stale
// form is a 409 with both versions), archiving and restoring (an archived
// skill leaves the matrix and the self-rating form and keeps its ratings),
// and moving a skill up or down. The one page holds the add form, or the
// edit form of the skill named by ?edit=, so there is no page per skill.

// skillFields are the skill form's fields.
var skillFields = []string{"name", "category", multiline("description"),
	multiline(roadmap.LevelField(1)), multiline(roadmap.LevelField(2)), multiline(roadmap.LevelField(3)), multiline(roadmap.LevelField(4)), "version"}

// msgSkillNameTaken is said beside the name of a skill whose name another
// skill of the catalog has (in any case, archived ones too).
const msgSkillNameTaken = "Another skill of the catalog already has this name (archived skills count too)."

// errNoSkill is what a page says of a skill key the organization does not have.
const errNoSkill = "There is no such skill in the catalog."

// readSkill reads the skill form into a domain value, with the domain's
// field errors.
func readSkill(f form) roadmap.Skill {
	sk := roadmap.Skill{Name: f.Get("name"), Category: roadmap.SkillCategory(f.Get("category")), Description: f.Get("description")}
	for i := range sk.Levels {
		sk.Levels[i] = f.Get(roadmap.LevelField(i + 1))
	}
	f.merge(sk.Validate())
	return sk
}

// skillForm is a stored skill as its edit form shows it.
func skillForm(sk store.Skill) web.Form {
	f := web.Form{Errors: map[string]string{}, Values: map[string]string{
		"name": sk.Name, "category": string(sk.Category), "description": sk.Description,
		"version": strconv.Itoa(sk.Version), "current_name": sk.Name,
	}}
	for i, t := range sk.Skill().Levels {
		f.Values[roadmap.LevelField(i+1)] = t
	}
	return f
}

// catalogSkills are the stored skills as the catalog page lists them.
func catalogSkills(skills []store.Skill) []web.CatalogSkill {
	out := make([]web.CatalogSkill, len(skills))
	for i, sk := range skills {
		out[i] = web.CatalogSkill{Skill: sk.Skill(), Archived: sk.Archived, Version: sk.Version}
	}
	return out
}

// skillByKey is the skill of the catalog with key.
func skillByKey(skills []store.Skill, key string) (store.Skill, bool) {
	i := slices.IndexFunc(skills, func(s store.Skill) bool { return s.Key == key })
	if i < 0 {
		return store.Skill{}, false
	}
	return skills[i], true
}

// renderCatalog renders the catalog page with status; d's Skills are read
// here when the caller has none.
func (s *Server) renderCatalog(w http.ResponseWriter, r *http.Request, status int, d web.SkillCatalogProps) {
	if d.Skills == nil {
		skills, err := s.store.FindSkills(r.Context(), currentOrg(r.Context()).ID)
		if err != nil {
			s.error(w, r, err)
			return
		}
		d.Skills = catalogSkills(skills)
	}
	s.render(w, r, status, web.SkillCatalogPage(s.page(r, "Skills catalog", "skills"), d))
}

// handleSkillCatalogView is GET /o/{slug}/skills/catalog (?edit=<key>
// opens that skill's edit form).
func (s *Server) handleSkillCatalogView(w http.ResponseWriter, r *http.Request) {
	skills, err := s.store.FindSkills(r.Context(), currentOrg(r.Context()).ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := web.SkillCatalogProps{Skills: catalogSkills(skills), Form: web.Form{Values: map[string]string{"category": string(roadmap.SkillSystems)}}}
	if key := r.URL.Query().Get("edit"); key != "" {
		sk, ok := skillByKey(skills, key)
		if !ok {
			s.error(w, r, withMessage(store.ErrSkillNotFound, errNoSkill))
			return
		}
		d.Editing, d.Form = sk.Key, skillForm(sk)
	}
	s.render(w, r, http.StatusOK, web.SkillCatalogPage(s.page(r, "Skills catalog", "skills"), d))
}

// handleSkillCreate is POST /o/{slug}/skills/catalog.
func (s *Server) handleSkillCreate(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	f := newForm(r, skillFields...)
	sk := readSkill(f)
	if f.valid() {
		stored, err := s.store.CreateSkill(s.audited(r, "skill.created", "skill "+sk.Name), org.ID, sk)
		switch {
		case errors.Is(err, store.ErrConflict):
			f.fail("name", msgSkillNameTaken)
		case err != nil:
			s.error(w, r, err)
			return
		default:
			s.flash(r, "success", "Added "+stored.Name+" to the catalog, at the end. Members can rate it now.")
			http.Redirect(w, r, orgPath(org, "skills", "catalog"), http.StatusSeeOther)
			return
		}
	}
	s.renderCatalog(w, r, http.StatusUnprocessableEntity, web.SkillCatalogProps{Form: f.Form})
}

// handleSkillUpdate is POST /o/{slug}/skills/catalog/{key}: saves if the
// form's version is still current; else 409 with the saved values beside
// the typed ones, the form carrying the newer version.
func (s *Server) handleSkillUpdate(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	skills, err := s.store.FindSkills(r.Context(), org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	cur, ok := skillByKey(skills, chi.URLParam(r, "key"))
	if !ok {
		s.error(w, r, withMessage(store.ErrSkillNotFound, errNoSkill))
		return
	}
	f := newForm(r, skillFields...)
	sk := readSkill(f)
	f.Values["current_name"] = cur.Name
	version, verr := strconv.Atoi(f.Get("version"))
	if verr != nil || version < 1 {
		f.Message = "This form is missing the version of the skill it edits: open the skill again and redo the change."
	}
	d := web.SkillCatalogProps{Skills: catalogSkills(skills), Editing: cur.Key}
	if f.valid() {
		stored, err := s.store.UpdateSkill(s.audited(r, "skill.updated", "skill "+sk.Name), org.ID, cur.ID, version, sk)
		switch {
		case errors.Is(err, store.ErrStale):
			// The list above the form is the one read before the save.
			current, rerr := s.store.FindSkills(r.Context(), org.ID)
			if rerr != nil {
				s.error(w, r, rerr)
				return
			}
			saved, _ := skillByKey(current, cur.Key)
			f.Values["version"] = strconv.Itoa(saved.Version)
			f.Values["current_name"] = saved.Name
			d.Skills, d.Form, d.Conflict = catalogSkills(current), f.Form, skillConflict(org, saved, sk)
			s.render(w, r, http.StatusConflict, web.SkillCatalogPage(s.page(r, "Skills catalog", "skills"), d))
			return
		case errors.Is(err, store.ErrConflict):
			f.fail("name", msgSkillNameTaken)
		case err != nil:
			s.error(w, r, withMessage(err, errNoSkill))
			return
		default:
			s.flash(r, "success", "Saved "+stored.Name+". Its ratings and required levels stay with it.")
			http.Redirect(w, r, orgPath(org, "skills", "catalog"), http.StatusSeeOther)
			return
		}
	}
	d.Form = f.Form
	s.render(w, r, http.StatusUnprocessableEntity, web.SkillCatalogPage(s.page(r, "Skills catalog", "skills"), d))
}

// skillConflict lists every field as saved now and as typed.
func skillConflict(org *store.OrgMembership, saved store.Skill, yours roadmap.Skill) *web.Conflict {
	cur := saved.Skill()
	c := &web.Conflict{
		Heading: saved.Name + " changed while you were editing", What: "skill",
		CancelHref: orgPath(org, "skills", "catalog"),
		Rows: []web.ConflictRow{
			{Label: "Name", Saved: cur.Name, Yours: yours.Name},
			{Label: "Category", Saved: cur.Category.Label(), Yours: yours.Category.Label()},
			{Label: "Description", Saved: cur.Description, Yours: yours.Description},
		},
	}
	for i := range cur.Levels {
		c.Rows = append(c.Rows, web.ConflictRow{Label: "Level " + strconv.Itoa(i+1) + " (" + roadmap.SkillLevelLabel(i+1) + ")", Saved: cur.Levels[i], Yours: yours.Levels[i]})
	}
	if saved.Archived {
		c.Rows = append(c.Rows, web.ConflictRow{Label: "Archived", Saved: "Yes", Yours: "Yes"})
	}
	return c
}

// handleSkillArchive is POST /o/{slug}/skills/catalog/{key}/archive.
func (s *Server) handleSkillArchive(w http.ResponseWriter, r *http.Request) {
	s.setSkillArchived(w, r, true)
}

// handleSkillRestore is POST /o/{slug}/skills/catalog/{key}/restore.
func (s *Server) handleSkillRestore(w http.ResponseWriter, r *http.Request) {
	s.setSkillArchived(w, r, false)
}

// setSkillArchived archives or restores the skill of the path at the
// form's version (without one, at the version just read: the button only
// names the skill, and archiving is undone by restoring).
func (s *Server) setSkillArchived(w http.ResponseWriter, r *http.Request, archived bool) {
	org := currentOrg(r.Context())
	skills, err := s.store.FindSkills(r.Context(), org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	sk, ok := skillByKey(skills, chi.URLParam(r, "key"))
	if !ok {
		s.error(w, r, withMessage(store.ErrSkillNotFound, errNoSkill))
		return
	}
	f := newForm(r, "version")
	version := sk.Version
	if v := f.Get("version"); v != "" {
		if version, err = strconv.Atoi(v); err != nil {
			version = 0 // stale: never a version
		}
	}
	action, verb := "skill.archived", "Archived "+sk.Name+": it has left the matrix and the self-rating form; its ratings are kept."
	if !archived {
		action, verb = "skill.restored", "Restored "+sk.Name+": it is back in the matrix with its ratings."
	}
	if _, err := s.store.SetSkillArchived(s.audited(r, action, "skill "+sk.Name), org.ID, sk.ID, version, archived); err != nil {
		s.error(w, r, withMessage(err, staleOr(err, sk.Name+" changed since you opened the catalog: look at it again before archiving or restoring it.", errNoSkill)))
		return
	}
	s.flash(r, "success", verb)
	http.Redirect(w, r, orgPath(org, "skills", "catalog"), http.StatusSeeOther)
}

// staleOr is stale's message for ErrStale, other's for anything else.
func staleOr(err error, stale, other string) string {
	if errors.Is(err, store.ErrStale) {
		return stale
	}
	return other
}

// handleSkillMove is POST /o/{slug}/skills/catalog/{key}/move (direction =
// up or down): the skill swaps places with the next active skill that
// way, so the matrix's columns follow.
func (s *Server) handleSkillMove(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	skills, err := s.store.FindSkills(r.Context(), org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	key := chi.URLParam(r, "key")
	i := slices.IndexFunc(skills, func(s store.Skill) bool { return s.Key == key })
	if i < 0 {
		s.error(w, r, withMessage(store.ErrSkillNotFound, errNoSkill))
		return
	}
	f := newForm(r, "direction")
	step := 0
	switch f.Get("direction") {
	case "up":
		step = -1
	case "down":
		step = 1
	default:
		f.Message = "Choose to move the skill up or down."
		s.renderCatalog(w, r, http.StatusUnprocessableEntity, web.SkillCatalogProps{Skills: catalogSkills(skills), Form: web.Form{Values: map[string]string{}, Message: f.Message}})
		return
	}
	j := i + step
	for j >= 0 && j < len(skills) && skills[j].Archived != skills[i].Archived {
		j += step // archived skills are listed apart: step over them
	}
	sk := skills[i]
	if j < 0 || j >= len(skills) {
		where := map[int]string{-1: "first", 1: "last"}[step]
		s.flash(r, "success", sk.Name+" is already "+where+".")
		http.Redirect(w, r, orgPath(org, "skills", "catalog"), http.StatusSeeOther)
		return
	}
	ids := make([]int64, len(skills))
	for k, x := range skills {
		ids[k] = x.ID
	}
	ids[i], ids[j] = ids[j], ids[i]
	if err := s.store.ReorderSkills(s.audited(r, "skill.moved", "skill "+sk.Name+" "+f.Get("direction")), org.ID, ids); err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Moved "+sk.Name+" "+f.Get("direction")+".")
	http.Redirect(w, r, orgPath(org, "skills", "catalog")+"#skill-"+sk.Key, http.StatusSeeOther)
}
