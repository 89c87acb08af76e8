package roadmap

// CatalogTool is a common DevOps tool the starter catalog offers when an
// inventory is empty: ticked, it becomes a stack item (see Item) that the
// organization then edits (cost, owner, ring).
type CatalogTool struct {
	Key         string // stable: the tick box's value, never shown
	Name        string
	Category    Category
	CostScaling CostScaling
}

// Item is the tool as a new stack item: in the adopt ring (a tool already
// run), no cost or support hours until someone enters them, and a middling
// scalability of 3 until someone judges it.
func (t CatalogTool) Item() StackItem {
	return StackItem{Name: t.Name, Category: t.Category, Lifecycle: LifecycleAdopt, CostScaling: t.CostScaling, Scalability: 3}
}

// StarterCatalog lists common tools by category. The cost scaling is the
// usual pricing model: per-seat SaaS is linear; usage-priced services
// (cloud, observability by host or ingested data, streaming by throughput)
// are superlinear, because load grows faster than the team; self-hosted
// open source is flat (its servers are counted under cloud).
var StarterCatalog = []CatalogTool{
	{"github", "GitHub", CategorySourceControl, CostLinear},
	{"gitlab", "GitLab", CategorySourceControl, CostLinear},
	{"bitbucket", "Bitbucket", CategorySourceControl, CostLinear},

	{"github_actions", "GitHub Actions", CategoryCICD, CostSuperlinear}, // billed by build minutes
	{"gitlab_ci", "GitLab CI/CD", CategoryCICD, CostSuperlinear},
	{"jenkins", "Jenkins", CategoryCICD, CostFlat},
	{"circleci", "CircleCI", CategoryCICD, CostSuperlinear},
	{"argo_cd", "Argo CD", CategoryCICD, CostFlat},

	{"terraform", "Terraform", CategoryIaC, CostFlat},
	{"terraform_cloud", "HCP Terraform", CategoryIaC, CostSuperlinear}, // billed by managed resources
	{"pulumi", "Pulumi", CategoryIaC, CostLinear},
	{"ansible", "Ansible", CategoryIaC, CostFlat},

	{"docker", "Docker", CategoryContainers, CostLinear}, // Docker Desktop and Hub are per seat
	{"kubernetes", "Kubernetes", CategoryContainers, CostFlat},
	{"helm", "Helm", CategoryContainers, CostFlat},

	{"aws", "AWS", CategoryCloud, CostSuperlinear},
	{"gcp", "Google Cloud", CategoryCloud, CostSuperlinear},
	{"azure", "Microsoft Azure", CategoryCloud, CostSuperlinear},
	{"cloudflare", "Cloudflare", CategoryCloud, CostFlat},

	{"prometheus", "Prometheus", CategoryObservability, CostFlat},
	{"grafana", "Grafana", CategoryObservability, CostFlat},
	{"datadog", "Datadog", CategoryObservability, CostSuperlinear},
	{"new_relic", "New Relic", CategoryObservability, CostSuperlinear},
	{"elastic", "Elastic Stack (ELK)", CategoryObservability, CostSuperlinear},
	{"opensearch", "OpenSearch", CategoryObservability, CostFlat},
	{"sentry", "Sentry", CategoryObservability, CostSuperlinear},
	{"pagerduty", "PagerDuty", CategoryObservability, CostLinear},
	{"opentelemetry", "OpenTelemetry", CategoryObservability, CostFlat},

	{"vault", "HashiCorp Vault", CategorySecurity, CostFlat},
	{"snyk", "Snyk", CategorySecurity, CostLinear},
	{"sonarqube", "SonarQube", CategorySecurity, CostFlat},
	{"trivy", "Trivy", CategorySecurity, CostFlat},
	{"okta", "Okta", CategorySecurity, CostLinear},

	{"postgresql", "PostgreSQL", CategoryData, CostFlat},
	{"mysql", "MySQL", CategoryData, CostFlat},
	{"redis", "Redis", CategoryData, CostFlat},
	{"kafka", "Apache Kafka", CategoryData, CostSuperlinear},
	{"mongodb_atlas", "MongoDB Atlas", CategoryData, CostSuperlinear},

	{"slack", "Slack", CategoryCollaboration, CostLinear},
	{"jira", "Jira", CategoryCollaboration, CostLinear},
	{"confluence", "Confluence", CategoryCollaboration, CostLinear},
	{"notion", "Notion", CategoryCollaboration, CostLinear},
}

// CatalogToolByKey finds a tool of the starter catalog.
func CatalogToolByKey(key string) (CatalogTool, bool) {
	for _, t := range StarterCatalog {
		if t.Key == key {
			return t, true
		}
	}
	return CatalogTool{}, false
}
