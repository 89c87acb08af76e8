package http

import (
	"net/http"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// onboardingTasks are the first things to do: for owners and admins,
// bringing the team in and connecting CI; for members, their team and their
// own ratings.
func onboardingTasks(org *store.OrgMembership, on store.Onboarding) []web.Task {
	_, skills, _ := roadmap.SectionOf("skills")
	rate := web.Task{Title: "Rate your skills", Blurb: "Rate yourself from 0 to 4 on each DevOps competency and say what you would like to learn."}
	if skills.Available {
		rate.Href = orgPath(org, "skills", "me")
	} else {
		rate.Soon = "Arrives with step 2a, the skills matrix."
	}
	if !canManage(org.Role) {
		return []web.Task{
			{Title: "Meet your team", Blurb: "See who is in " + org.Name + " and their roles.", Href: orgPath(org, "team")},
			rate,
		}
	}
	return []web.Task{
		{Title: "Audit your tech stack", Blurb: "List the tools you run, from a starter catalog of common ones: cost, how it scales, hours lost.",
			Href: orgPath(org, "stack"), Done: on.StackItems > 0},
		{Title: "Invite your team", Blurb: "Teammates join by email link and rate their own skills; the matrix needs them.",
			Href: orgPath(org, "team"), Done: on.Members > 1 || on.PendingInvitations > 0},
		{Title: "Set everyone's job role", Blurb: "Each person's ratings are compared with the levels their role requires.",
			Href: orgPath(org, "team"), Done: on.Members > 1 && on.MembersWithoutRole == 0},
		{Title: "Create an API token for CI", Blurb: "Let a pipeline read the organization through the API; more endpoints arrive with the steps.",
			Href: orgPath(org, "settings", "tokens"), Done: on.ActiveTokens > 0},
	}
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
