package http

import (
	"net/http"
	"strconv"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/web"
)

// maxOrgsPerUser bounds how many organizations one account can belong to
// when creating another (a bound on abuse, far above real use).
const maxOrgsPerUser = 50

// orgsPerHour bounds how many organizations one account creates in an hour.
const orgsPerHour = 10

// handleOrgPicker lists the user's organizations.
func (s *Server) handleOrgPicker(w http.ResponseWriter, r *http.Request) {
	if len(userOrgs(r.Context())) == 0 {
		http.Redirect(w, r, "/orgs/new", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, web.OrgPickerPage(s.page(r, "Your organizations", "")))
}

func (s *Server) handleOrgNewView(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, web.NewOrgPage(s.page(r, "New organization", ""), web.Form{}))
}

// handleOrgCreate creates another organization owned by the user.
func (s *Server) handleOrgCreate(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "name")
	f.merge(roadmap.Organization{Name: f.Get("name")}.Validate())
	if len(userOrgs(r.Context())) >= maxOrgsPerUser {
		f.fail("name", "You belong to "+strconv.Itoa(maxOrgsPerUser)+" organizations, the most one account can have. Leave one first.")
	}
	if !f.valid() {
		s.render(w, r, http.StatusUnprocessableEntity, web.NewOrgPage(s.page(r, "New organization", ""), f.Form))
		return
	}
	// Organizations per account and hour are bounded: each one is a new
	// invitation budget, and its name goes into invitation emails.
	if !s.orgCreate.take(r, "user:"+strconv.FormatInt(currentUser(r.Context()).ID, 10)) {
		f.fail("name", "You created many organizations in the last hour. Please try again later.")
		w.Header().Set("Retry-After", "3600")
		s.render(w, r, http.StatusTooManyRequests, web.NewOrgPage(s.page(r, "New organization", ""), f.Form))
		return
	}
	org, err := s.store.CreateOrg(s.audited(r, "org.created", f.Get("name")), currentUser(r.Context()).ID, f.Get("name"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "Organization "+org.Name+" created.")
	http.Redirect(w, r, web.OrgPath(org.Slug), http.StatusSeeOther)
}
