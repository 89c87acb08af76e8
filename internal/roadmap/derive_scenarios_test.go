package roadmap

import (
	"time"
)

// The scenario organizations of the golden files and the acceptance test,
// built from the domain types as the store would hand them over.

var deriveNow = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func fp(v float64) *float64 { return &v }
func ip(v int) *int         { return &v }
func idp(v int64) *int64    { return &v }

// answersAt answers every question at level, then applies the overrides.
func answersAt(level int, over map[string]int) MaturityAnswers {
	a := MaturityAnswers{}
	for _, q := range MaturityQuestions {
		a[q.Key] = level
	}
	for k, v := range over {
		a[k] = v
	}
	return a
}

// dimensionAt sets every question of d to level in a.
func dimensionAt(a MaturityAnswers, d Dimension, level int) MaturityAnswers {
	for _, q := range QuestionsIn(d) {
		a[q.Key] = level
	}
	return a
}

// practicesAt sets every catalog practice to st, then applies the overrides.
func practicesAt(st PracticeStatus, over map[string]PracticeStatus) map[string]PracticeStatus {
	m := map[string]PracticeStatus{}
	for _, p := range PracticeCatalog {
		m[p.Key] = st
	}
	for k, v := range over {
		m[k] = v
	}
	return m
}

// team builds a skills input: members with a role each, skills from the
// catalog's keys, a requirement per role and skill, and ratings by member
// (in skills order; -2 leaves a skill unrated).
func team(roles []string, skills []MatrixSkill, req map[string][]int, levels [][]int) SkillInput {
	in := SkillInput{Skills: skills}
	for i, r := range roles {
		in.Members = append(in.Members, MatrixMember{UserID: int64(i + 1), Name: "Member " + string(rune('A'+i%26)) + string(rune('a'+i/26)), JobRole: r})
	}
	for role, lv := range req {
		for j, s := range skills {
			if j < len(lv) && lv[j] > 0 {
				in.Requirements = append(in.Requirements, Requirement{JobRole: role, SkillKey: s.Key, Level: lv[j]})
			}
		}
	}
	for u, row := range levels {
		for j, lv := range row {
			if lv >= 0 && j < len(skills) {
				in.Ratings = append(in.Ratings, Rating{UserID: int64(u + 1), SkillKey: skills[j].Key, Level: lv, RatedAt: deriveNow.AddDate(0, -1, 0)})
			}
		}
	}
	return in
}

var scenarioSkills = []MatrixSkill{
	{Key: "ci_pipelines", Name: "Continuous integration", Category: SkillDelivery, Position: 1},
	{Key: "test_automation", Name: "Test automation", Category: SkillDelivery, Position: 2},
	{Key: "containers", Name: "Containers", Category: SkillContainers, Position: 3},
	{Key: "kubernetes", Name: "Kubernetes", Category: SkillContainers, Position: 4},
	{Key: "observability", Name: "Monitoring and observability", Category: SkillReliability, Position: 5},
	{Key: "incident_response", Name: "Incident response and on-call", Category: SkillReliability, Position: 6},
}

// startupOrg is a four-person startup with no automation: deploys by hand
// from a laptop, one person knows the servers, a usage-priced PaaS.
func startupOrg() OrgSnapshot {
	m := ScoreMaturity(MaturityInput{Answers: answersAt(2, map[string]int{
		"technology_integration": 1, "technology_deployment": 1, "technology_observability": 1, "culture_learning": 3,
	})})
	return OrgSnapshot{
		TeamSize: 4, PlannedTeamSize: 8,
		Stack: []StackEntry{
			{1, StackItem{Name: "GitHub", Category: CategorySourceControl, Lifecycle: LifecycleAdopt, MonthlyCost: 84, CostScaling: CostLinear, Scalability: 5}},
			{2, StackItem{Name: "Heroku", Category: CategoryCloud, Lifecycle: LifecycleAdopt, MonthlyCost: 1800, CostScaling: CostSuperlinear, Scalability: 3, SupportHoursPerMonth: 6}},
			{3, StackItem{Name: "Hand-rolled deploy script", Category: CategoryCICD, Lifecycle: LifecycleHold, Scalability: 1, SupportHoursPerMonth: 12}},
			{4, StackItem{Name: "Papertrail", Category: CategoryObservability, Lifecycle: LifecycleTrial, MonthlyCost: 70, CostScaling: CostSuperlinear, Scalability: 4}},
		},
		Findings: []FindingEntry{
			{1, Finding{Kind: FindingDebt, Title: "Production database password shared in the team chat", Severity: 4, Effort: EffortXS, Status: FindingOpen}},
			{2, Finding{Kind: FindingDebt, Title: "No staging environment", Severity: 2, Effort: EffortM, Status: FindingOpen, StackItemID: idp(2)}},
			{3, Finding{Kind: FindingOpportunity, Title: "Preview apps for every pull request", Severity: 2, Effort: EffortS, Status: FindingOpen, StackItemID: idp(2)}},
		},
		Skills: team([]string{"engineer", "engineer", "senior_engineer", "engineering_manager"}, scenarioSkills,
			map[string][]int{"engineer": {2, 2, 1}, "senior_engineer": {3, 3, 2, 0, 2, 2}},
			[][]int{{1, 1, 0, 0, 1, 0}, {1, 0, 1, 0, 0, 1}, {2, 1, 3, 0, 1, 2}, {1, 0, 0, 0, 0, 1}}),
		KPI: &Snapshot{MeasuredOn: deriveNow.AddDate(0, 0, -7), DeploymentFrequencyAnswer: ip(3), LeadTimeAnswer: ip(3),
			RecoveryTimeAnswer: ip(2), ChangeFailureRate: fp(30)},
		Practices: map[string]PracticeStatus{}, // nothing is in place
		Maturity:  &m,
	}
}

// midsizeOrg is a 25-engineer team that ships often but breaks things:
// CI and containers are in, tests and monitoring are not, and the team
// sees the incident culture darker than its leader does.
func midsizeOrg() OrgSnapshot {
	survey := SurveyCounts{}
	for _, q := range MaturityQuestions {
		survey[q.Key] = [MaxMaturityLevel]int{0, 2, 6, 2, 0}
	}
	survey["culture_incidents"] = [MaxMaturityLevel]int{5, 4, 1, 0, 0}
	survey["technology_observability"] = [MaxMaturityLevel]int{3, 6, 1, 0, 0}
	agg := AggregateSurvey(survey)
	m := ScoreMaturity(MaturityInput{Answers: answersAt(3, map[string]int{"culture_incidents": 4, "technology_integration": 2}), Survey: &agg})
	roles := make([]string, 25)
	levels := make([][]int, 25)
	for i := range roles {
		roles[i] = "software_engineer"
		levels[i] = []int{3, 1, 3, 1, 1, 1}
	}
	roles[0], levels[0] = "sre", []int{3, 2, 3, 3, 3, 3}
	return OrgSnapshot{
		TeamSize: 25,
		Stack: []StackEntry{
			{10, StackItem{Name: "GitLab", Category: CategorySourceControl, Lifecycle: LifecycleAdopt, MonthlyCost: 725, CostScaling: CostLinear, Scalability: 4, SupportHoursPerMonth: 4}},
			{11, StackItem{Name: "Datadog", Category: CategoryObservability, Lifecycle: LifecycleAdopt, MonthlyCost: 9400, CostScaling: CostSuperlinear, Scalability: 5, SupportHoursPerMonth: 2}},
			{12, StackItem{Name: "Jenkins", Category: CategoryCICD, Lifecycle: LifecycleRetire, MonthlyCost: 300, CostScaling: CostFlat, Scalability: 2, SupportHoursPerMonth: 45}},
			{13, StackItem{Name: "Self-hosted RabbitMQ", Category: CategoryData, Lifecycle: LifecycleHold, MonthlyCost: 450, CostScaling: CostFlat, Scalability: 2, SupportHoursPerMonth: 22}},
			{14, StackItem{Name: "AWS", Category: CategoryCloud, Lifecycle: LifecycleAdopt, MonthlyCost: 21000, CostScaling: CostLinear, Scalability: 4, SupportHoursPerMonth: 10}},
			{15, StackItem{Name: "Slack", Category: CategoryCollaboration, Lifecycle: LifecycleAdopt, MonthlyCost: 219, CostScaling: CostLinear, Scalability: 5}},
		},
		Findings: []FindingEntry{
			{20, Finding{Kind: FindingDebt, Title: "Flaky end-to-end suite is retried until green", Severity: 3, Effort: EffortM, Status: FindingOpen}},
			{21, Finding{Kind: FindingDebt, Title: "Orders database runs on a single instance", Severity: 4, Effort: EffortL, Status: FindingOpen, StackItemID: idp(14)}},
			{22, Finding{Kind: FindingDebt, Title: "Old VPN appliance", Severity: 2, Effort: EffortS, Status: FindingResolved}},
			{23, Finding{Kind: FindingOpportunity, Title: "Feature flags to decouple deploy from release", Severity: 3, Effort: EffortS, Status: FindingOpen}},
		},
		Skills: team(roles, scenarioSkills, map[string][]int{"software_engineer": {2, 2, 2, 0, 1, 1}, "sre": {3, 3, 3, 3, 3, 3}}, levels),
		KPI: &Snapshot{MeasuredOn: deriveNow.AddDate(0, 0, -3), DeploymentsPerWeek: fp(5), LeadTimeHours: fp(30),
			RecoveryTimeHours: fp(48), ChangeFailureRate: fp(35), ReworkRate: fp(18)},
		Targets: []Target{{Metric: MetricChangeFailureRate, Value: fp(15)}, {Metric: MetricRecoveryTime, Tier: TierHigh}},
		Practices: practicesAt(PracticeNotStarted, map[string]PracticeStatus{
			"ci": PracticeFully, "deployment_automation": PracticeMostly, "containers": PracticeFully, "container_orchestration": PracticeMostly,
			"test_automation": PracticePartial, "metrics": PracticePartial, "centralized_logs": PracticeMostly, "infrastructure_as_code": PracticeMostly,
			"secrets_management": PracticeMostly, "configuration_management": PracticeMostly, "stateless_services": PracticeMostly,
			"load_balancing": PracticeFully, "dashboards": PracticePartial, "continuous_delivery": PracticePartial,
		}),
		Maturity: &m,
	}
}

// matureOrg is a 60-engineer organization with almost everything in
// place: what is left are refinements.
func matureOrg() OrgSnapshot {
	m := ScoreMaturity(MaturityInput{Answers: answersAt(4, map[string]int{"technology_observability": 3, "culture_experimentation": 5})})
	roles := make([]string, 12)
	levels := make([][]int, 12)
	for i := range roles {
		roles[i] = "platform_engineer"
		levels[i] = []int{4, 3, 3, 3, 3, 3}
	}
	levels[3][3], levels[4][3], levels[5][3] = 1, 1, 1
	for i := 1; i < 12; i++ {
		levels[i][5] = 1 // only the first member runs incidents at practitioner level
	}
	return OrgSnapshot{
		TeamSize: 60, PlannedTeamSize: 60, ImprovementShare: 0.25,
		Stack: []StackEntry{
			{30, StackItem{Name: "GitHub Enterprise", Category: CategorySourceControl, Lifecycle: LifecycleAdopt, MonthlyCost: 2520, CostScaling: CostLinear, Scalability: 5}},
			{31, StackItem{Name: "Argo CD", Category: CategoryCICD, Lifecycle: LifecycleAdopt, Scalability: 5, SupportHoursPerMonth: 6}},
			{32, StackItem{Name: "Kubernetes (EKS)", Category: CategoryContainers, Lifecycle: LifecycleAdopt, MonthlyCost: 14000, CostScaling: CostLinear, Scalability: 5, SupportHoursPerMonth: 16}},
			{33, StackItem{Name: "Grafana Cloud", Category: CategoryObservability, Lifecycle: LifecycleAdopt, MonthlyCost: 3100, CostScaling: CostLinear, Scalability: 5, SupportHoursPerMonth: 3}},
			{34, StackItem{Name: "Terraform", Category: CategoryIaC, Lifecycle: LifecycleAdopt, Scalability: 4, SupportHoursPerMonth: 8}},
		},
		Findings: []FindingEntry{
			{40, Finding{Kind: FindingOpportunity, Title: "Progressive delivery with canary analysis", Severity: 3, Effort: EffortM, Status: FindingOpen, StackItemID: idp(31)}},
			{41, Finding{Kind: FindingDebt, Title: "Terraform state split across three backends", Severity: 1, Effort: EffortS, Status: FindingPlanned}},
		},
		Skills: team(roles, scenarioSkills, map[string][]int{"platform_engineer": {3, 3, 3, 2, 3, 2}}, levels),
		KPI: &Snapshot{MeasuredOn: deriveNow.AddDate(0, 0, -1), DeploymentsPerWeek: fp(40), LeadTimeHours: fp(6),
			RecoveryTimeHours: fp(0.75), ChangeFailureRate: fp(6), ReworkRate: fp(4)},
		Targets: []Target{{Metric: MetricLeadTime, Value: fp(4)}, {Metric: MetricChangeFailureRate, Tier: TierElite}},
		Practices: practicesAt(PracticeFully, map[string]PracticeStatus{
			"slos": PracticePartial, "tracing": PracticeMostly, "cost_aware_scaling": PracticeNotStarted, "automated_rollback": PracticeMostly,
		}),
		Maturity: &m,
	}
}

// acceptanceOrg is the acceptance scenario: a severe xs debt item,
// a costly on-hold tool that scales superlinearly, a 40 % change failure
// rate, half the practices missing and a weak culture dimension.
func acceptanceOrg() OrgSnapshot {
	practices := map[string]PracticeStatus{}
	for i, p := range PracticeCatalog {
		practices[p.Key] = PracticeFully
		if i%2 == 1 {
			practices[p.Key] = PracticeNotStarted // test_automation is the second
		}
	}
	answers := dimensionAt(answersAt(3, map[string]int{"technology_integration": 2}), DimensionCulture, 1)
	m := ScoreMaturity(MaturityInput{Answers: answers})
	return OrgSnapshot{
		TeamSize: 10,
		Stack: []StackEntry{
			{1, StackItem{Name: "Splunk", Category: CategoryObservability, Lifecycle: LifecycleHold, MonthlyCost: 12000, CostScaling: CostSuperlinear, Scalability: 3, SupportHoursPerMonth: 5}},
			{2, StackItem{Name: "GitHub", Category: CategorySourceControl, Lifecycle: LifecycleAdopt, MonthlyCost: 210, CostScaling: CostLinear, Scalability: 5}},
		},
		Findings: []FindingEntry{
			{7, Finding{Kind: FindingDebt, Title: "TLS certificate renewed by hand, expires in 9 days", Severity: 4, Effort: EffortXS, Status: FindingOpen}},
		},
		KPI:       &Snapshot{MeasuredOn: deriveNow.AddDate(0, 0, -2), DeploymentsPerWeek: fp(3), LeadTimeHours: fp(40), RecoveryTimeHours: fp(12), ChangeFailureRate: fp(40)},
		Practices: practices,
		Maturity:  &m,
	}
}
