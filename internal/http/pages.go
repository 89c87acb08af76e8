package http

import (
	"net/http"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/web"
)

// handleDashboard shows the organization's home: the onboarding checklist
// of the four steps (later: KPIs, maturity, skills and the roadmap).
func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	var d web.DashboardProps
	for _, st := range roadmap.Steps {
		d.Steps = append(d.Steps, web.Step{Number: st.Number, Title: st.Title, Blurb: st.Summary, Href: orgPath(org, st.Sections[0].Key)})
	}
	s.render(w, r, http.StatusOK, web.DashboardPage(s.page(r, org.Name, "dashboard"), d))
}

// sectionSoon is the honest empty state of a step's section that a later
// release fills, in the words of the steps catalog.
func (s *Server) sectionSoon(key string) http.HandlerFunc {
	_, sec, ok := roadmap.SectionOf(key)
	if !ok {
		panic("sectionSoon: no section " + key + " in roadmap.Steps")
	}
	return s.comingSoon(key, sec.Title, sec.Blurb)
}

// comingSoon is the honest empty state of a page a later release fills.
func (s *Server) comingSoon(nav, heading, blurb string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusOK, web.ComingSoonPage(s.page(r, heading, nav), heading, blurb))
	}
}

// handleTemplateView is the public download page of the blank roadmap template.
func (s *Server) handleTemplateView(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, web.ComingSoonPage(s.page(r, "Roadmap template", ""), "Blank roadmap template",
		"A spreadsheet with a sheet per step and a roadmap sheet, free to download without an account. The download is being prepared."))
}
