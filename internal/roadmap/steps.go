package roadmap

// Step is one of the four steps of the assessment. The landing page, the
// navigation, the dashboard checklist and the pages of each section all read
// this one catalog.
type Step struct {
	Number   int
	Title    string
	Tagline  string   // one line: what the step is for
	Points   []string // what the step covers, for the landing page
	Summary  string   // the dashboard checklist's description
	Sections []Section
}

// Section is a page of a step under /o/{slug}/.
type Section struct {
	Key      string // the path segment and the navigation key
	NavLabel string // short label for the navigation
	Title    string // the page heading
	Blurb    string // what the page holds
	// Available is false until the section's page is built: links to it
	// say so, and the dashboard does not send people there.
	Available bool
}

// Steps are the four steps, in order.
var Steps = []Step{
	{
		Number:  1,
		Title:   "Tech-stack audit",
		Tagline: "Inventory the tools you run and what they really cost you.",
		Points: []string{"Tools by category and tech-radar ring", "Monthly cost and how it scales with team or load",
			"Support hours lost to troubleshooting", "Tech debt and opportunities"},
		Summary: "Inventory tools and platforms: cost and how it scales, scalability, support hours lost; tech debt and opportunities.",
		Sections: []Section{{Key: "stack", NavLabel: "Tech stack", Title: "Tech-stack audit",
			Blurb:     "Inventory your tools and platforms with cost, cost scaling, scalability and support hours; record tech debt and growth opportunities.",
			Available: true}},
	},
	{
		Number:  2,
		Title:   "Skills matrix and KPIs",
		Tagline: "See who knows what, and how fast and safely you deliver.",
		Points: []string{"Self-rated skills against job roles", "Gaps and single points of failure",
			"Deployment frequency and change lead time", "Change failure rate and recovery time"},
		Summary: "Invite the team to self-rate against role requirements; record DORA metrics in report tiers.",
		Sections: []Section{
			{Key: "skills", NavLabel: "Skills", Title: "Skills matrix",
				Blurb:     "Competencies per role from junior engineer to senior architect, self-ratings from your team and the gaps against required levels.",
				Available: true},
			{Key: "kpis", NavLabel: "KPIs", Title: "DORA KPIs",
				Blurb:     "Lead time, deployment frequency, change failure rate and recovery time, classified into the DORA report tiers.",
				Available: true},
		},
	},
	{
		Number:  3,
		Title:   "Scalable infrastructure",
		Tagline: "Check the practices that let you grow without heroics.",
		Points: []string{"Automation: CI, CD, infrastructure as code", "Horizontal scaling: stateless services, autoscaling",
			"Monitoring: metrics, logs, alerts, SLOs", "On-call and runbooks"},
		Summary: "Which practices are in place: automation (CI/CD, provisioning), horizontal scaling, monitoring and alerting.",
		Sections: []Section{{Key: "infrastructure", NavLabel: "Infrastructure", Title: "Scalable infrastructure",
			Blurb:     "Which practices are in place: automation of every repeatable process, horizontal scaling, monitoring and alerting.",
			Available: true}},
	},
	{
		Number:  4,
		Title:   "Maturity assessment",
		Tagline: "Rate how you work on four dimensions, from initial to optimizing.",
		Points:  []string{"Culture", "Technology", "Structure", "Collaboration"},
		Summary: "Culture, technology, structure and collaboration on a five-level maturity model.",
		Sections: []Section{{Key: "maturity", NavLabel: "Maturity", Title: "Maturity assessment",
			Blurb:     "Culture, technology, structure and collaboration on a five-level maturity model, with risks and improvements.",
			Available: true}},
	},
}

// SectionOf finds the step and section with the key.
func SectionOf(key string) (Step, Section, bool) {
	for _, st := range Steps {
		for _, sec := range st.Sections {
			if sec.Key == key {
				return st, sec, true
			}
		}
	}
	return Step{}, Section{}, false
}
