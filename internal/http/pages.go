package http

import (
	"net/http"

	"github.com/headwayhq/headway/web"
)

// handleDashboard shows the organization's home: the onboarding checklist
// of the four steps (later: KPIs, maturity, skills and the roadmap).
func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	base := "/o/" + org.Slug
	d := web.Dashboard{Steps: []web.Step{
		{Number: 1, Title: "Tech-stack audit", Href: base + "/stack",
			Blurb: "Inventory tools and platforms: cost and how it scales, scalability, support hours lost; tech debt and opportunities."},
		{Number: 2, Title: "Skills matrix and KPIs", Href: base + "/skills",
			Blurb: "Invite the team to self-rate against role requirements; record DORA metrics in report tiers."},
		{Number: 3, Title: "Scalable infrastructure", Href: base + "/infrastructure",
			Blurb: "Which practices are in place: automation (CI/CD, provisioning), horizontal scaling, monitoring and alerting."},
		{Number: 4, Title: "Maturity assessment", Href: base + "/maturity",
			Blurb: "Culture, technology, structure and collaboration on a five-level maturity model."},
	}}
	s.render(w, r, http.StatusOK, web.DashboardPage(s.page(r, org.Name, "dashboard"), d))
}

// comingSoon is the honest empty state of a section a later release fills.
func (s *Server) comingSoon(nav, heading, blurb string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusOK, web.ComingSoon(s.page(r, heading, nav), heading, blurb))
	}
}

// handleTemplateView is the public download page of the blank roadmap template.
func (s *Server) handleTemplateView(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, web.ComingSoon(s.page(r, "Roadmap template", ""), "Blank roadmap template",
		"A spreadsheet with a sheet per step and a roadmap sheet, free to download without an account. The download is being prepared."))
}
