package http

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/headwayhq/headway/web"
)

// routes is the whole route table. Permission middleware is visible per group.
func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID, s.observe, securityHeaders, limitBody(maxFormBytes))
	r.NotFound(s.notFound)
	r.MethodNotAllowed(s.methodNotAllowed)

	// Operations: no session, no user.
	r.Get("/healthz", s.handleHealthz)
	r.Get("/readyz", s.handleReadyz)
	r.Method(http.MethodGet, "/metrics", s.metrics.handler())
	r.Handle("/static/*", staticHandler(web.Static()))

	// Browser pages: sessions, cross-origin protection, the user if any.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	r.Group(func(r chi.Router) {
		r.Use(s.sessions.LoadAndSave, sessionMarker, cop.Handler, s.loadUser)

		r.Get("/", s.handleLanding)
		r.Get("/signup", s.handleSignupView)
		r.With(s.limitSignups).Post("/signup", s.handleSignup)
		r.Get("/login", s.handleLoginView)
		r.Post("/login", s.handleLogin)
		r.Post("/logout", s.handleLogout)
		r.Get("/template", s.handleTemplateView)

		r.Group(func(r chi.Router) {
			r.Use(s.requireUser)
			r.Get("/orgs", s.handleOrgPicker)
			r.Get("/orgs/new", s.handleOrgNewView)
			r.Post("/orgs", s.handleOrgCreate)
		})

		// Tenant pages: a member of the organization named by the slug.
		r.Route("/o/{slug}", func(r chi.Router) {
			r.Use(s.requireUser, s.requireOrg)
			r.Get("/", s.handleDashboard)
			r.Get("/stack", s.comingSoon("stack", "Tech-stack audit",
				"Inventory your tools and platforms with cost, cost scaling, scalability and support hours; record tech debt and growth opportunities."))
			r.Get("/skills", s.comingSoon("skills", "Skills matrix",
				"Competencies per role from junior engineer to senior architect, self-ratings from your team and the gaps against required levels."))
			r.Get("/skills/me", s.comingSoon("skills", "Rate your skills",
				"Rate yourself from 0 (none) to 4 (expert) on each DevOps competency, and flag what you would like to learn."))
			r.Get("/kpis", s.comingSoon("kpis", "DORA KPIs",
				"Lead time, deployment frequency, change failure rate and recovery time, classified into the DORA report tiers."))
			r.Get("/infrastructure", s.comingSoon("infrastructure", "Scalable infrastructure",
				"Which practices are in place: automation of every repeatable process, horizontal scaling, monitoring and alerting."))
			r.Get("/maturity", s.comingSoon("maturity", "Maturity assessment",
				"Culture, technology, structure and collaboration on a five-level maturity model, with risks and improvements."))
			r.Get("/roadmap", s.comingSoon("roadmap", "Roadmap",
				"Prioritized initiatives derived from the four steps, quick wins first, each with the evidence that produced it."))
			r.Get("/team", s.comingSoon("team", "Team",
				"Members, roles and invitations."))
			r.With(s.requireRole(manage...)).Get("/settings", s.comingSoon("settings", "Settings",
				"Rename the organization and manage API tokens."))
		})
	})
	return r
}
