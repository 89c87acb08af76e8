package http

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// Body limits. Every request is capped at the largest (maxUploadBytes) before
// routing; forms and the API lower it for their groups (an inner
// MaxBytesReader can lower a limit, never raise it).
const (
	maxFormBytes = 1 << 20 // url-encoded forms: far above any form we render
	maxJSONBytes = 1 << 20 // API request bodies
	// File uploads (filled templates, CSV): the files themselves are at
	// most 5 MiB (each handler says so beside the field); the request may
	// be a little larger for the multipart envelope and the form fields, so
	// a file just under the limit is not refused by a bare 413.
	maxUploadBytes = 5<<20 + 64<<10
)

// routes is the whole route table. Permission middleware is visible per group.
func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	clientIPFrom := middleware.ClientIPFromRemoteAddr
	if len(s.cfg.TrustedProxies) > 0 {
		clientIPFrom = middleware.ClientIPFromXFF(s.cfg.TrustedProxies...)
	}
	r.Use(middleware.RequestID, clientIPFrom, s.observe, s.securityHeaders, capBody(maxUploadBytes), middleware.GetHead,
		middleware.Compress(5, "text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml", "application/json"))
	r.NotFound(s.notFound)
	r.MethodNotAllowed(s.methodNotAllowed)

	// Operations: no session, no user. Metrics are not here: see MetricsHandler.
	r.Get("/healthz", s.handleHealthz)
	r.Get("/readyz", s.handleReadyz)
	r.Handle("/static/*", staticHandler(web.Static(), s.notFound))

	// Share links of the roadmap (shares.go): anyone with a live link reads,
	// without a session (no cookie is set) and so without any form to forge.
	r.Get("/share/{token}", s.handleShareView)
	// The roadmap as CSV and Markdown from a live share link (export_roadmap.go).
	r.Get("/share/{token}/roadmap.csv", s.handleShareRoadmapCSV)
	r.Get("/share/{token}/roadmap.md", s.handleShareRoadmapMarkdown)

	// PDF exports, the public ones (export_pdf.go): the blank printable
	// worksheet for anyone, and a live share link's report (read-only, no
	// personal data), both without a session.
	r.Get("/template/headway-roadmap-template.pdf", s.handleTemplatePDF)
	r.Get("/share/{token}/roadmap.pdf", s.handleShareReportPDF)
	// The roadmap workbook (workbook.go): the blank template, public, and a
	// share link's filled workbook (no ratings, no owners).
	r.Get("/template/headway-roadmap-template.xlsx", s.handleTemplateXLSX)
	r.Get("/share/{token}/roadmap.xlsx", s.handleShareXLSX)

	// Browser pages: sessions, cross-origin protection, the user if any.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	r.Group(func(r chi.Router) {
		r.Use(s.loadAndSave, sessionMarker, cop.Handler, s.loadUser)

		r.Group(func(r chi.Router) {
			r.Use(s.formBody(maxFormBytes))
			r.Get("/", s.handleLanding)
			r.Get("/signup", s.handleSignupView)
			r.Post("/signup", s.handleSignup)
			r.Get("/login", s.handleLoginView)
			r.Post("/login", s.handleLogin)
			r.Post("/logout", s.handleLogout)
			r.Get("/template", s.handleTemplateView)
			r.Get("/invitations/{token}", s.handleInvitationView)
			r.Post("/invitations/{token}", s.handleInvitationAccept)
			r.Post("/invitations/{token}/code", s.handleInvitationCode)
			r.Post("/invitations/{token}/verify", s.handleInvitationVerify)
			r.Get("/password/forgot", s.handleForgotView)
			r.Post("/password/forgot", s.handleForgot)
			r.Get("/password/reset/{token}", s.handleResetView)
			r.Post("/password/reset/{token}", s.handleReset)

			r.Group(func(r chi.Router) {
				r.Use(s.requireUser)
				r.Get("/orgs", s.handleOrgPicker)
				r.Get("/orgs/new", s.handleOrgNewView)
				r.Post("/orgs", s.handleOrgCreate)
				r.Post("/orgs/sample", s.handleSampleCreate) // the sample organization (sample.go)
			})

			// The account: any logged-in person's own (account.go).
			r.Group(func(r chi.Router) {
				r.Use(s.requireUser)
				r.Get("/account", s.handleAccountView)
				r.Post("/account/name", s.handleAccountName)
				r.Post("/account/email", s.handleAccountEmail)
				r.Get("/account/email/{token}", s.handleEmailConfirmView)
				r.Post("/account/email/{token}", s.handleEmailConfirm)
				r.Post("/account/password", s.handleAccountPassword)
				r.Post("/account/sessions/end-others", s.handleEndOtherSessions)
				r.Post("/account/sessions/end", s.handleEndSession)
				r.Get("/account/delete", s.handleAccountDeleteView)
				r.Post("/account/delete", s.handleAccountDelete)
			})
		})

		// Tenant pages: a member of the organization named by the slug.
		r.Route("/o/{slug}", func(r chi.Router) {
			r.Use(s.requireUser, s.requireOrg)

			r.Group(func(r chi.Router) {
				r.Use(s.formBody(maxFormBytes))
				r.Get("/", s.handleDashboard)
				r.Head("/", s.handleDashboard) // GetHead cannot match the mount's own "/" (chi)
				// Step 1: the inventory and the considerations (stack.go,
				// stack_considerations.go); members read, managers change.
				r.Get("/stack", s.handleStackView)
				r.Get("/stack/considerations", s.handleConsiderationsView)
				r.Get("/stack/radar", s.handleStackRadar) // stack_radar.go
				r.Get("/stack/{id}", s.handleStackItemView)
				r.Group(func(r chi.Router) {
					r.Use(s.requireRole(manage...))
					r.Get("/stack/new", s.handleStackItemNew)
					r.Post("/stack", s.handleStackItemCreate)
					r.Post("/stack/catalog", s.handleStackCatalog)
					r.Get("/stack/{id}/edit", s.handleStackItemEdit)
					r.Post("/stack/{id}", s.handleStackItemUpdate)
					r.Get("/stack/{id}/delete", s.handleStackItemDeleteConfirm)
					r.Post("/stack/{id}/delete", s.handleStackItemDelete)
					r.Post("/stack/considerations", s.handleConsiderationsSave)
				})
				// Step 1: findings register (stack_findings.go). Members read;
				// owners and admins record, edit and delete.
				r.Get("/stack/findings", s.handleFindingsView)
				r.Get("/stack/findings/{id}", s.handleFindingView)
				r.Group(func(r chi.Router) {
					r.Use(s.requireRole(manage...))
					r.Get("/stack/findings/new", s.handleFindingNew)
					r.Post("/stack/findings", s.handleFindingCreate)
					r.Post("/stack/findings/{id}", s.handleFindingUpdate)
					r.Get("/stack/findings/{id}/delete", s.handleFindingDeleteConfirm)
					r.Post("/stack/findings/{id}/delete", s.handleFindingDelete)
				})
				// Step 1: CSV export and import (stack_csv.go). Members export;
				// owners and admins import (the upload itself is in the upload group).
				r.Get("/stack/export.csv", s.handleStackExport)
				r.Get("/stack/findings/export.csv", s.handleFindingsExport)
				r.Get("/stack/import/template.csv", s.handleImportTemplate)
				r.Group(func(r chi.Router) {
					r.Use(s.requireRole(manage...))
					r.Get("/stack/import", s.handleImportView)
					r.Post("/stack/import/confirm", s.handleImportConfirm)
				})
				// Step 2a: the matrix (skills.go); members read the aggregates and their own row.
				r.Get("/skills", s.handleSkillsMatrix)
				r.Group(func(r chi.Router) {
					r.Use(s.requireRole(manage...))
					// The catalog (skills_catalog.go) and the required levels (skills_requirements.go).
					r.Get("/skills/catalog", s.handleSkillCatalogView)
					r.Post("/skills/catalog", s.handleSkillCreate)
					r.Post("/skills/catalog/{key}", s.handleSkillUpdate)
					r.Post("/skills/catalog/{key}/archive", s.handleSkillArchive)
					r.Post("/skills/catalog/{key}/restore", s.handleSkillRestore)
					r.Post("/skills/catalog/{key}/move", s.handleSkillMove)
					r.Get("/skills/requirements", s.handleRequirementsView)
					r.Post("/skills/requirements", s.handleRequirementsSave)
				})
				// Step 2a: self-rating and who has not rated (skills_me.go).
				// Every member rates themself; managers see who has not and remind.
				r.Get("/skills/me", s.handleSelfRatingView)
				r.Post("/skills/me", s.handleSelfRatingSave)
				r.Group(func(r chi.Router) {
					r.Use(s.requireRole(manage...))
					r.Get("/skills/ratings", s.handleRatingsView)
					r.Post("/skills/ratings/{userID}/remind", s.handleRatingReminder)
				})
				// Step 2b: DORA KPIs (kpis.go). Members read; owners and
				// admins record, edit and delete snapshots and set targets.
				r.Get("/kpis", s.handleKPIsView)
				r.Group(func(r chi.Router) {
					r.Use(s.requireRole(manage...))
					r.Get("/kpis/new", s.handleKPINew)
					r.Post("/kpis", s.handleKPICreate)
					r.Get("/kpis/targets", s.handleKPITargetsView)
					r.Post("/kpis/targets", s.handleKPITargetsSave)
					r.Get("/kpis/{id}", s.handleKPIEdit)
					r.Post("/kpis/{id}", s.handleKPIUpdate)
					r.Get("/kpis/{id}/delete", s.handleKPIDeleteConfirm)
					r.Post("/kpis/{id}/delete", s.handleKPIDelete)
					r.Post("/settings/profile", s.handleOrgProfileSave)
				})
				// Step 3: practices (practices.go). Members read; managers
				// change a practice's status.
				r.Get("/infrastructure", s.handlePracticesView)
				r.With(s.requireRole(manage...)).Post("/infrastructure/{key}", s.handlePracticeSet)
				// Step 4: the maturity assessment (maturity.go). Members read
				// the results; managers answer the questionnaire.
				r.Get("/maturity", s.handleMaturityView)
				r.Group(func(r chi.Router) {
					r.Use(s.requireRole(manage...))
					r.Get("/maturity/questionnaire", s.handleQuestionnaire)
					r.Post("/maturity", s.handleMaturitySave)
					r.Post("/maturity/survey/open", s.handleSurveyOpen) // maturity_survey.go
				})
				// Every member answers an open team survey (maturity_survey.go).
				r.Get("/maturity/survey", s.handleSurveyView)
				r.Post("/maturity/survey", s.handleSurveyAnswer)
				// The roadmap (roadmap.go): members read; owners and admins
				// decide, add initiatives by hand and set the improvement time.
				r.Get("/roadmap", s.handleRoadmap)
				// The roadmap workbook (workbook.go): members download it (their own
				// ratings only); owners and admins import it (the upload is in the
				// upload group).
				r.Get("/roadmap.xlsx", s.handleRoadmapXLSX)
				r.Group(func(r chi.Router) {
					r.Use(s.requireRole(manage...))
					r.Get("/import", s.handleWorkbookImportView)
					r.Post("/import/confirm", s.handleWorkbookImportConfirm)
				})
				r.Group(func(r chi.Router) {
					r.Use(s.requireRole(manage...))
					r.Get("/roadmap/decisions/{key}", s.handleRoadmapDecision)
					r.Post("/roadmap/decisions/{key}", s.handleRoadmapDecide)
					r.Get("/roadmap/initiatives/new", s.handleCustomNew)
					r.Post("/roadmap/initiatives", s.handleCustomCreate)
					r.Get("/roadmap/initiatives/{id}", s.handleCustomEdit)
					r.Post("/roadmap/initiatives/{id}", s.handleCustomUpdate)
					r.Get("/roadmap/initiatives/{id}/delete", s.handleCustomDeleteConfirm)
					r.Post("/roadmap/initiatives/{id}/delete", s.handleCustomDelete)
					r.Post("/settings/improvement", s.handleImprovementShare)
				})

				// The roadmap's stakeholders (roadmap_stakeholders.go): members
				// read the register and the grid; owners and admins change it.
				r.Get("/roadmap/stakeholders", s.handleStakeholders)
				r.Get("/roadmap/stakeholders/{id}", s.handleStakeholderView)
				r.Group(func(r chi.Router) {
					r.Use(s.requireRole(manage...))
					r.Get("/roadmap/stakeholders/new", s.handleStakeholderNew)
					r.Post("/roadmap/stakeholders", s.handleStakeholderCreate)
					r.Post("/roadmap/stakeholders/{id}", s.handleStakeholderUpdate)
					r.Get("/roadmap/stakeholders/{id}/delete", s.handleStakeholderDeleteConfirm)
					r.Post("/roadmap/stakeholders/{id}/delete", s.handleStakeholderDelete)
				})
				// The roadmap as CSV and Markdown (export_roadmap.go): members download.
				r.Get("/roadmap.csv", s.handleRoadmapCSV)
				r.Get("/roadmap.md", s.handleRoadmapMarkdown)
				// Roadmap baselines (roadmap_baselines.go): members read and compare; managers save and delete.
				r.Get("/roadmap/baselines", s.handleBaselines)
				r.Get("/roadmap/baselines/{id}", s.handleBaselineCompare)
				r.Group(func(r chi.Router) {
					r.Use(s.requireRole(manage...))
					r.Post("/roadmap/baselines", s.handleBaselineCreate)
					r.Get("/roadmap/baselines/{id}/delete", s.handleBaselineDeleteConfirm)
					r.Post("/roadmap/baselines/{id}/delete", s.handleBaselineDelete)
				})

				// PDF export (export_pdf.go): the roadmap report; members download.
				r.Get("/roadmap.pdf", s.handleReportPDF)
				// The guided quick assessment (start.go): owners and admins.
				r.Group(func(r chi.Router) {
					r.Use(s.requireRole(manage...))
					r.Get("/start", s.handleStartView)
					r.Post("/start/{screen}", s.handleStartSave)
				})

				// Team: members read, owners and admins manage.
				r.Get("/team", s.handleTeamView)
				r.Get("/team/leave", s.handleLeaveConfirm)
				r.Post("/team/leave", s.handleLeave)
				r.Group(func(r chi.Router) {
					r.Use(s.requireRole(manage...))
					r.Post("/team/invitations", s.handleInvitationCreate)
					r.Post("/team/invitations/{id}/resend", s.handleInvitationResend)
					r.Post("/team/invitations/{id}/revoke", s.handleInvitationRevoke)
					r.Post("/team/members/{userID}", s.handleMemberUpdate)
					r.Get("/team/members/{userID}/remove", s.handleMemberRemoveConfirm)
					r.Post("/team/members/{userID}/remove", s.handleMemberRemove)

					r.Get("/settings", s.handleSettingsView)
					r.Post("/settings", s.handleSettingsUpdate)
					r.Get("/settings/tokens", s.handleTokensView)
					r.Post("/settings/tokens", s.handleTokenCreate)
					r.Get("/settings/tokens/{id}/revoke", s.handleTokenRevokeConfirm)
					r.Post("/settings/tokens/{id}/revoke", s.handleTokenRevoke)
					r.Get("/settings/audit", s.handleAuditView)
					// Share links of the roadmap (shares.go): owners and admins.
					r.Get("/settings/shares", s.handleSharesView)
					r.Post("/settings/shares", s.handleShareCreate)
					r.Get("/settings/shares/{id}/revoke", s.handleShareRevokeConfirm)
					r.Post("/settings/shares/{id}/revoke", s.handleShareRevoke)
				})
				// The sample organization (sample.go): its owner deletes it.
				r.With(s.requireRole(store.RoleOwner)).Get("/sample/delete", s.handleSampleDeleteConfirm)
				r.With(s.requireRole(store.RoleOwner)).Post("/sample/delete", s.handleSampleDelete)
				r.With(s.requireRole(store.RoleOwner)).Get("/settings/delete", s.handleOrgDeleteConfirm)
				r.With(s.requireRole(store.RoleOwner)).Post("/settings/delete", s.handleOrgDelete)
				s.mountTestRoutes("tenant", r)
			})

			// Uploads (multipart, up to maxUploadBytes): owners and admins.
			r.Group(func(r chi.Router) {
				r.Use(s.requireRole(manage...), s.uploadBody(maxUploadBytes))
				// Step 1: CSV import, the upload (stack_csv.go).
				r.Post("/stack/import", s.handleImport)
				// The roadmap workbook's upload (workbook.go).
				r.Post("/import", s.handleWorkbookImport)
				s.mountTestRoutes("upload", r)
			})
		})
	})

	// JSON API: bearer tokens, no sessions (so no cookies and no CSRF surface).
	r.Route("/api/v1", func(r chi.Router) {
		r.Use(apiRoutes, capBody(maxJSONBytes))
		r.NotFound(s.apiNotFound)
		r.MethodNotAllowed(s.apiMethodNotAllowed)
		r.Group(func(r chi.Router) {
			r.Use(s.requireToken)
			r.Get("/org", s.handleAPIOrg)
			r.Get("/audit", s.handleAPIAudit)
			// Step 1 (api_stack.go): any token of the organization reads and writes.
			r.Get("/stack", s.handleAPIStackList)
			r.Post("/stack", s.handleAPIStackCreate)
			r.Get("/stack/{id}", s.handleAPIStackGet)
			r.Put("/stack/{id}", s.handleAPIStackUpdate)
			r.Delete("/stack/{id}", s.handleAPIStackDelete)
			r.Get("/findings", s.handleAPIFindingList)
			r.Post("/findings", s.handleAPIFindingCreate)
			r.Get("/findings/{id}", s.handleAPIFindingGet)
			r.Put("/findings/{id}", s.handleAPIFindingUpdate)
			r.Delete("/findings/{id}", s.handleAPIFindingDelete)
			// Step 2b: DORA KPIs (api_kpis.go): any token of the organization reads and records.
			r.Get("/kpis", s.handleAPIKPIList)
			r.Post("/kpis", s.handleAPIKPIRecord)
			// Steps 3 and 4 (api_maturity.go): any token of the organization reads and writes.
			r.Get("/practices", s.handleAPIPractices)
			r.Put("/practices/{key}", s.handleAPIPracticeSet)
			r.Get("/maturity", s.handleAPIMaturity)
			r.Post("/maturity", s.handleAPIMaturityCreate)
			// Step 2a (api_skills.go): the catalog and aggregates, no individual ratings.
			r.Get("/skills", s.handleAPISkills)
			// The roadmap (roadmap.go): any token of the organization reads and decides.
			r.Get("/roadmap", s.handleAPIRoadmap)
			r.Patch("/roadmap/{key}", s.handleAPIRoadmapPatch)
			s.mountTestRoutes("api", r)
		})
	})
	return r
}
