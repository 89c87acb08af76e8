package roadmap

// MaturityQuestionsVersion counts changes to MaturityQuestions that matter
// to stored answers: a key renamed or removed, or an option's meaning
// changed, raises it; assessments store the version they were answered on.
const MaturityQuestionsVersion = 1

// MaturityQuestions are the questionnaire, by dimension. Each option says
// what that level looks like in practice, so two people mean the same thing
// by a 3. Keys are stable (stored, the form fields, the API's keys); texts
// may be reworded without changing a level's meaning.
//
// The rules are Headway's: a level 1 answer is a high risk where it
// endangers delivery or people directly, a level 2 (and on the questions
// that gate everything else, a level 1–2) is a medium risk.
var MaturityQuestions = []MaturityQuestion{
	// Culture: how people behave when things go wrong, and whether they
	// are trusted to improve how they work.
	{
		Key: "culture_incidents", Dimension: DimensionCulture,
		Text: "What happens after a production incident?",
		Options: [5]string{
			"We look for who caused it; people avoid reporting problems.",
			"We fix the symptom and move on; nothing is written down.",
			"We write a blameless post-incident review for major incidents.",
			"Every significant incident gets a blameless review whose actions are tracked to completion.",
			"Reviews are shared across the company, and we measure that the same kind of incident does not recur.",
		},
		Rules: []RiskRule{
			{AtMost: 1, Risk: RiskLevelHigh, Improvement: "Make post-incident reviews blameless and routine: ask what in the system allowed the failure, never who.", Capability: "generative-organizational-culture"},
			{AtMost: 2, Risk: RiskLevelMedium, Improvement: "Write a short blameless review after every major incident and track its actions to done.", Practice: "on_call_runbooks"},
		},
	},
	{
		Key: "culture_information_flow", Dimension: DimensionCulture,
		Text: "How does bad news (a slipping deadline, a risky design) travel?",
		Options: [5]string{
			"It is hidden until it cannot be; messengers are blamed.",
			"It reaches leaders late, usually through escalation.",
			"People raise it in regular meetings without fear.",
			"Risks are tracked openly and reviewed weekly; raising one early is recognised.",
			"Anyone can see and raise risks at any time, and leaders actively seek them out.",
		},
		Rules: []RiskRule{
			{AtMost: 1, Risk: RiskLevelHigh, Improvement: "Thank the first person to raise a problem, in public; leaders ask for bad news instead of punishing it.", Capability: "generative-organizational-culture"},
			{AtMost: 2, Risk: RiskLevelMedium, Improvement: "Give risks a standing place in team meetings and a visible list.", Capability: "transformational-leadership"},
		},
	},
	{
		Key: "culture_learning", Dimension: DimensionCulture,
		Text: "How much time do engineers get to learn and to improve how they work?",
		Options: [5]string{
			"None: every hour goes to feature work or firefighting.",
			"Only when a deadline allows it, case by case.",
			"A set share of time (for example a day per sprint) for learning and improvement.",
			"Improvement work is planned like features, and its effect is reviewed.",
			"Teams run experiments on their own process continuously and share what they learn.",
		},
		Rules: []RiskRule{
			{AtMost: 1, Risk: RiskLevelHigh, Improvement: "Reserve time for learning and improvement in every iteration, and protect it from feature pressure.", Capability: "learning-culture"},
			{AtMost: 2, Risk: RiskLevelMedium, Improvement: "Agree a fixed share of capacity for improvement work, and show what it delivered.", Capability: "learning-culture"},
		},
	},
	{
		Key: "culture_ownership", Dimension: DimensionCulture,
		Text: "Who is responsible for a service once it is in production?",
		Options: [5]string{
			"Whoever built it threw it over the wall; operations finds out when it breaks.",
			"A separate operations team runs it; developers help when asked.",
			"The team that builds it shares on-call and fixes its own incidents.",
			"Teams own their services end to end (you build it, you run it) with clear reliability goals.",
			"Teams own outcomes, not just services, and shape their priorities from production data.",
		},
		Rules: []RiskRule{
			{AtMost: 1, Risk: RiskLevelHigh, Improvement: "Make the building team part of its service's on-call, so production feedback reaches the people who can fix it.", Practice: "on_call_runbooks"},
			{AtMost: 2, Risk: RiskLevelMedium, Improvement: "Share on-call between development and operations and give each service an owning team.", Practice: "on_call_runbooks"},
		},
	},
	{
		Key: "culture_experimentation", Dimension: DimensionCulture,
		Text: "How free are teams to try a new idea, tool or way of working?",
		Options: [5]string{
			"Any change needs sign-off from above, and failures are held against people.",
			"Teams may propose changes, but most are turned down or stall.",
			"Teams can try small changes within their own area.",
			"Teams run time-boxed experiments with a stated hypothesis and review the result.",
			"Experimenting is the normal way to decide, and results are shared across teams.",
		},
		Rules: []RiskRule{
			{AtMost: 1, Risk: RiskLevelMedium, Improvement: "Let teams run small, time-boxed experiments without upfront approval, and review results instead of proposals.", Capability: "team-experimentation"},
		},
	},

	// Technology: how changes get from a commit to users, and how the
	// system is watched once they are there.
	{
		Key: "technology_integration", Dimension: DimensionTechnology,
		Text: "How are code changes integrated and tested?",
		Options: [5]string{
			"By hand, before a release; long-lived branches merge late and painfully.",
			"A CI server builds some branches; tests are few or often ignored.",
			"Every change is built and tested automatically before it merges.",
			"Fast, reliable pipelines gate every merge; flaky tests are tracked and fixed.",
			"Small changes merge to trunk several times a day, with test suites under ten minutes.",
		},
		Rules: []RiskRule{
			{AtMost: 1, Risk: RiskLevelHigh, Improvement: "Set up continuous integration: build and test every change automatically before it merges.", Practice: "ci"},
			{AtMost: 2, Risk: RiskLevelMedium, Improvement: "Make the pipeline's tests mandatory for every merge and fix or remove flaky ones.", Practice: "test_automation"},
		},
	},
	{
		Key: "technology_deployment", Dimension: DimensionTechnology,
		Text: "How does a change reach production?",
		Options: [5]string{
			"Someone copies files or runs commands on servers by hand.",
			"A script exists, but releases are rare events that need a specialist.",
			"Deployments are automated and run the same way to every environment.",
			"Any green build can be deployed on demand, with automated rollback on failure.",
			"Every change that passes the pipeline is deployed automatically, progressively and safely.",
		},
		Rules: []RiskRule{
			{AtMost: 1, Risk: RiskLevelHigh, Improvement: "Automate deployments end to end so that anyone on the team can deploy with one step.", Practice: "deployment_automation"},
			{AtMost: 2, Risk: RiskLevelMedium, Improvement: "Keep the main branch always releasable and deploy small changes more often.", Practice: "continuous_delivery"},
		},
	},
	{
		Key: "technology_infrastructure", Dimension: DimensionTechnology,
		Text: "How is infrastructure created and changed?",
		Options: [5]string{
			"By hand in consoles and on servers; nobody is sure what exactly is running.",
			"Mostly by hand, with some scripts and a wiki page.",
			"Most infrastructure is defined as code in version control.",
			"All infrastructure is code, reviewed and applied by a pipeline; drift is detected.",
			"Environments are created and destroyed on demand from code, including for each change.",
		},
		Rules: []RiskRule{
			{AtMost: 2, Risk: RiskLevelMedium, Improvement: "Describe infrastructure as code in version control and apply changes through review.", Practice: "infrastructure_as_code"},
		},
	},
	{
		Key: "technology_observability", Dimension: DimensionTechnology,
		Text: "How do you find out that production is unhealthy?",
		Options: [5]string{
			"Customers tell us.",
			"Some servers have checks; alerts are noisy and often ignored.",
			"Services have metrics and logs, with alerts on the main failure modes.",
			"Alerts fire on user-facing symptoms against SLOs; dashboards and traces make diagnosis quick.",
			"Error budgets steer release decisions, and monitoring gaps are closed after every incident.",
		},
		Rules: []RiskRule{
			{AtMost: 1, Risk: RiskLevelHigh, Improvement: "Collect request rate, errors and latency for every service and alert on what users feel.", Practice: "metrics"},
			{AtMost: 2, Risk: RiskLevelMedium, Improvement: "Replace noisy threshold alerts with a few actionable alerts on user-facing symptoms.", Practice: "symptom_alerting"},
			{AtMost: 3, Risk: RiskLevelMedium, Improvement: "Agree SLOs for the user-facing services and alert on error-budget burn.", Practice: "slos"},
		},
	},
	{
		Key: "technology_scaling", Dimension: DimensionTechnology,
		Text: "What happens when load doubles?",
		Options: [5]string{
			"The system slows down or falls over, and we buy bigger machines afterwards.",
			"We add servers by hand, given a few days' warning.",
			"Services run as several instances behind load balancers; we scale them by changing a number.",
			"Services scale out automatically on load, within limits we review.",
			"Scaling is automatic, tested under load regularly, and its cost is tracked per service.",
		},
		Rules: []RiskRule{
			{AtMost: 1, Risk: RiskLevelHigh, Improvement: "Make services stateless and run several instances behind a load balancer.", Practice: "stateless_services"},
			{AtMost: 2, Risk: RiskLevelMedium, Improvement: "Let instance counts follow load automatically, on measured signals.", Practice: "horizontal_autoscaling"},
		},
	},
	{
		Key: "technology_security", Dimension: DimensionTechnology,
		Text: "How are security and secrets handled in delivery?",
		Options: [5]string{
			"Credentials are shared by chat or sit in the code; security is checked, if ever, before a big release.",
			"Secrets are kept out of the code, but rotated rarely; security reviews are manual.",
			"Secrets live in a secrets manager; dependency and image scanning run in CI.",
			"Security checks gate every merge, secrets rotate automatically, access is least-privilege.",
			"Security is part of design from the start, measured, and continuously improved with the security team.",
		},
		Rules: []RiskRule{
			{AtMost: 1, Risk: RiskLevelHigh, Improvement: "Move every credential into a secrets manager, rotate the ones that were ever shared, and scan commits for secrets.", Practice: "secrets_management"},
			{AtMost: 2, Risk: RiskLevelMedium, Improvement: "Add dependency and image scanning to the pipeline and automate secret rotation.", Capability: "pervasive-security"},
		},
	},

	// Structure: how teams are cut and how work and decisions flow
	// through the organization.
	{
		Key: "structure_team_boundaries", Dimension: DimensionStructure,
		Text: "How are teams organized around the system?",
		Options: [5]string{
			"By function (developers, QA, operations), with hand-offs between them for every change.",
			"By project, re-formed for each new initiative.",
			"Long-lived, cross-functional teams each own a part of the product.",
			"Teams own services they can change, test and deploy without waiting for other teams.",
			"Team boundaries are revisited as the architecture evolves, to keep teams loosely coupled.",
		},
		Rules: []RiskRule{
			{AtMost: 1, Risk: RiskLevelHigh, Improvement: "Form long-lived cross-functional teams that own a product area, instead of handing changes between functions.", Capability: "loosely-coupled-teams"},
			{AtMost: 2, Risk: RiskLevelMedium, Improvement: "Keep teams together after a project and give each the services it changes most.", Capability: "loosely-coupled-teams"},
		},
	},
	{
		Key: "structure_change_approval", Dimension: DimensionStructure,
		Text: "How is a change approved for production?",
		Options: [5]string{
			"A change advisory board or a senior manager approves every release, often weekly.",
			"Approval by someone outside the team for most changes.",
			"Peer review in the team is enough for most changes; high-risk ones get an extra review.",
			"Peer review plus automated checks approve every change; audits read the pipeline's records.",
			"Approval is fully embedded in the pipeline and continuously tuned on change-failure data.",
		},
		Rules: []RiskRule{
			{AtMost: 1, Risk: RiskLevelHigh, Improvement: "Replace release-board approval with peer review and automated checks in the pipeline.", Capability: "streamlining-change-approval"},
			{AtMost: 2, Risk: RiskLevelMedium, Improvement: "Let peer review approve routine changes and keep external approval for the rare high-risk ones.", Capability: "streamlining-change-approval"},
		},
	},
	{
		Key: "structure_work_flow", Dimension: DimensionStructure,
		Text: "How does work flow from idea to production?",
		Options: [5]string{
			"Large batches; nobody can say where a given piece of work is.",
			"Work is tracked, but items are big and many are in progress at once.",
			"Work is broken into small items on a visible board.",
			"Work-in-progress limits are set and lead time from idea to production is measured.",
			"The flow is tuned continuously on its data; items reach users within days.",
		},
		Rules: []RiskRule{
			{AtMost: 1, Risk: RiskLevelHigh, Improvement: "Make all work visible on one board and split it into items a team finishes within a few days.", Capability: "working-in-small-batches"},
			{AtMost: 2, Risk: RiskLevelMedium, Improvement: "Limit work in progress per team and finish items before starting new ones.", Capability: "wip-limits"},
		},
	},
	{
		Key: "structure_platform", Dimension: DimensionStructure,
		Text: "How do product teams get the infrastructure and tooling they need?",
		Options: [5]string{
			"By filing tickets and waiting, often for weeks.",
			"Through a central team that does it for them, case by case.",
			"Common needs (a database, a pipeline, a new service) are covered by documented templates.",
			"A platform team offers self-service building blocks with clear interfaces and support.",
			"The internal platform is run as a product, with its users' satisfaction and adoption measured.",
		},
		Rules: []RiskRule{
			{AtMost: 1, Risk: RiskLevelMedium, Improvement: "Turn the most frequent infrastructure tickets into self-service templates.", Capability: "platform-engineering", Practice: "infrastructure_as_code"},
		},
	},
	{
		Key: "structure_metrics", Dimension: DimensionStructure,
		Text: "How does the organization measure delivery?",
		Options: [5]string{
			"It does not, or by hours worked and features shipped.",
			"Anecdotally, or with numbers assembled by hand for a report.",
			"The four DORA metrics are measured regularly.",
			"DORA metrics are measured automatically from the pipeline and reviewed by teams.",
			"Teams use the metrics to choose improvements and check that they worked.",
		},
		Rules: []RiskRule{
			{AtMost: 1, Risk: RiskLevelMedium, Improvement: "Start measuring deployment frequency, lead time, change failure rate and recovery time, even roughly.", Practice: "metrics"},
		},
	},

	// Collaboration: how development, operations, security and the
	// business work together.
	{
		Key: "collaboration_dev_ops", Dimension: DimensionCollaboration,
		Text: "How do development and operations work together?",
		Options: [5]string{
			"Separate silos that meet only in escalations.",
			"They cooperate on releases and incidents, through tickets.",
			"Operations joins planning; developers join incident response.",
			"Shared goals and shared on-call; operational needs are part of every design.",
			"No distinction is felt: teams run what they build with a platform team's help.",
		},
		Rules: []RiskRule{
			{AtMost: 1, Risk: RiskLevelHigh, Improvement: "Give development and operations shared goals (availability, lead time) and a shared incident process.", Practice: "on_call_runbooks"},
			{AtMost: 2, Risk: RiskLevelMedium, Improvement: "Bring operations into planning and developers into incident response.", Capability: "loosely-coupled-teams"},
		},
	},
	{
		Key: "collaboration_knowledge", Dimension: DimensionCollaboration,
		Text: "How is knowledge about systems shared?",
		Options: [5]string{
			"In a few people's heads; when they are away, work stops.",
			"Some documents exist, mostly outdated.",
			"Up-to-date docs and runbooks exist for the main systems.",
			"Docs live beside the code and are reviewed with changes; pairing spreads skills.",
			"Knowledge sharing is deliberate (rotations, internal talks) and gaps are found before they hurt.",
		},
		Rules: []RiskRule{
			{AtMost: 1, Risk: RiskLevelHigh, Improvement: "Write runbooks for the critical systems and pair the experts with others until each system has two people who can run it.", Capability: "documentation-quality"},
			{AtMost: 2, Risk: RiskLevelMedium, Improvement: "Keep docs beside the code and review them with every change.", Capability: "documentation-quality"},
		},
	},
	{
		Key: "collaboration_business", Dimension: DimensionCollaboration,
		Text: "How do engineering and the business (product, sales, support) decide priorities together?",
		Options: [5]string{
			"Engineering receives requirements and deadlines.",
			"Priorities are negotiated at the start of a project and rarely revisited.",
			"Product and engineering plan together regularly; technical work has a place in the plan.",
			"Priorities are set together on shared data (customer feedback, reliability, cost).",
			"Small cross-functional groups own business outcomes and adjust priorities continuously.",
		},
		Rules: []RiskRule{
			{AtMost: 1, Risk: RiskLevelMedium, Improvement: "Plan together with product regularly, and give reliability and technical debt a visible place in the plan.", Capability: "customer-feedback"},
		},
	},
	{
		Key: "collaboration_security", Dimension: DimensionCollaboration,
		Text: "How do security and engineering work together?",
		Options: [5]string{
			"Security is an audit at the end that blocks releases.",
			"Security reviews are requested for big changes and take weeks.",
			"Security gives teams guidelines and tools and joins design reviews of risky changes.",
			"Security requirements are automated in the pipeline and teams have security champions.",
			"Security and engineering improve the system together, with shared metrics and regular threat modelling.",
		},
		Rules: []RiskRule{
			{AtMost: 1, Risk: RiskLevelHigh, Improvement: "Bring security into design early and automate its checks in the pipeline instead of a final gate.", Capability: "pervasive-security"},
			{AtMost: 2, Risk: RiskLevelMedium, Improvement: "Name a security champion in each team and agree guidelines with the security team.", Capability: "pervasive-security"},
		},
	},
	{
		Key: "collaboration_feedback", Dimension: DimensionCollaboration,
		Text: "How do teams learn how their changes affect users?",
		Options: [5]string{
			"They do not; feedback, if any, arrives months later through complaints.",
			"Through support tickets passed along occasionally.",
			"Product analytics and user feedback are available to teams on request.",
			"Teams watch usage and satisfaction for what they ship, and release behind flags to compare.",
			"Teams form hypotheses, measure outcomes after each release and adjust quickly.",
		},
		Rules: []RiskRule{
			{AtMost: 1, Risk: RiskLevelMedium, Improvement: "Give every team a dashboard of how users use what it shipped.", Practice: "dashboards", Capability: "customer-feedback"},
		},
	},
}
