package roadmap

// PracticeCatalogVersion counts changes to PracticeCatalog that matter to
// stored data: a key renamed or removed needs a migration of
// practice_status, and raises it.
const PracticeCatalogVersion = 1

// The reasons a practice moves a metric, shared where several practices
// move it for the same reason.
const (
	whyFasterDetection = "Problems are seen in minutes rather than reported by customers, so recovery starts sooner."
	whyFasterDiagnosis = "The cause is found from data instead of guesswork, so recovery takes less time."
)

// PracticeCatalog is step 3's practices, by group, in the order the page
// lists them. Keys are stable (stored, used by the API and the roadmap);
// titles and texts may be reworded freely. Which DORA metrics a practice
// moves is Headway's reading (see MetricLink).
var PracticeCatalog = []Practice{
	// Automation: every repeatable process, from a commit to production.
	{
		Key: "ci", Group: GroupAutomation, Title: "Continuous integration on every change",
		Means:      "Every push and pull request is built and checked automatically, and changes merge to the main branch at least daily.",
		Matters:    "Integration problems surface within minutes of the change that caused them, while the author still remembers it.",
		Capability: "continuous-integration",
		Moves: []MetricLink{
			{"lead_time", "Changes stop waiting for a manual integration or a merge day."},
			{"change_failure_rate", "Broken builds and conflicting changes are caught before they ship."},
		},
	},
	{
		Key: "test_automation", Group: GroupAutomation, Title: "Automated tests in the pipeline",
		Means:      "Unit, integration and end-to-end tests run on every change in CI, are reliable, and a red result blocks the merge.",
		Matters:    "Manual regression testing does not scale with the team: automated tests keep quality as the change rate grows.",
		Capability: "test-automation",
		Moves: []MetricLink{
			{"change_failure_rate", "Regressions are caught before a deployment instead of after it."},
			{"rework_rate", "Fewer defects reach production, so fewer unplanned fixes follow."},
		},
		DependsOn: []string{"ci"},
	},
	{
		Key: "continuous_delivery", Group: GroupAutomation, Title: "Continuous delivery",
		Means:      "The main branch is always releasable: any commit that passes the pipeline can go to production at the push of a button.",
		Matters:    "Releasing becomes a routine business decision instead of a project, so value reaches users when it is ready.",
		Capability: "continuous-delivery",
		Moves: []MetricLink{
			{"deployment_frequency", "Nothing but a decision stands between a green build and a release."},
			{"lead_time", "Changes no longer queue for a release train."},
		},
		DependsOn: []string{"ci", "test_automation", "deployment_automation"},
	},
	{
		Key: "deployment_automation", Group: GroupAutomation, Title: "Deployment automation",
		Means:      "A deployment to any environment is one scripted, repeatable step with no manual commands or hand-edited servers.",
		Matters:    "Manual deployments are slow, error-prone and depend on the one person who knows the steps.",
		Capability: "deployment-automation",
		Moves: []MetricLink{
			{"deployment_frequency", "A deployment costs nothing, so the team deploys more often."},
			{"recovery_time", "A fix or a previous version goes out the same tested way, in minutes."},
		},
		DependsOn: []string{"ci"},
	},
	{
		Key: "infrastructure_as_code", Group: GroupAutomation, Title: "Infrastructure as code",
		Means:      "Networks, servers, clusters and managed services are declared in version-controlled code (Terraform, Pulumi…) and changed through review.",
		Matters:    "Environments can be recreated, reviewed and audited; nothing depends on someone's memory of a console.",
		Capability: "flexible-infrastructure",
		Moves: []MetricLink{
			{"change_failure_rate", "Infrastructure changes are reviewed and planned before they apply, and environments stop drifting apart."},
			{"recovery_time", "A broken environment is rebuilt from code instead of by hand."},
		},
	},
	{
		Key: "configuration_management", Group: GroupAutomation, Title: "Configuration management",
		Means:      "Application and server configuration lives in version control and is applied automatically, the same way in every environment.",
		Matters:    "Configuration drift between staging and production is a common cause of failures that tests did not see.",
		Capability: "version-control",
		Moves: []MetricLink{
			{"change_failure_rate", "What was tested is what runs: no hand-made differences between environments."},
		},
	},
	{
		Key: "automated_rollback", Group: GroupAutomation, Title: "Automated rollback",
		Means:      "A deployment whose health checks or error rates go bad is rolled back (or its feature flag turned off) without a human deciding first.",
		Matters:    "The damage of a bad release is bounded by minutes of automation, not by how fast someone is paged and logs in.",
		Capability: "deployment-automation",
		Moves: []MetricLink{
			{"recovery_time", "A failed deployment is reverted in minutes, often before users notice."},
		},
		DependsOn: []string{"deployment_automation", "metrics"},
	},
	{
		Key: "secrets_management", Group: GroupAutomation, Title: "Secrets management",
		Means:      "Credentials and keys live in a secrets manager (Vault, a cloud KMS…), are injected at run time, rotated, and never committed.",
		Matters:    "A leaked credential is one of the most common and most expensive incidents; rotation must be routine to be possible.",
		Capability: "pervasive-security",
		Moves: []MetricLink{
			{"change_failure_rate", "Deployments stop failing on expired or hand-copied credentials."},
		},
	},
	{
		Key: "database_change_management", Group: GroupAutomation, Title: "Database change management",
		Means:      "Schema changes are versioned migrations, reviewed with the code and applied by the pipeline, compatible with the running version.",
		Matters:    "Manual schema changes are the step that makes releases risky and slow once the data matters.",
		Capability: "database-change-management",
		Moves: []MetricLink{
			{"lead_time", "Changes that touch the database no longer wait for a DBA's window."},
			{"change_failure_rate", "Migrations are tested like code before they reach production."},
		},
		DependsOn: []string{"ci"},
	},

	// Scaling: growing by adding copies, not by buying bigger machines.
	{
		Key: "containers", Group: GroupScaling, Title: "Containerized services",
		Means:      "Services are built once into container images and the same image runs in every environment.",
		Matters:    "One artefact from laptop to production removes a class of \"works on my machine\" failures and is what orchestrators run.",
		Capability: "flexible-infrastructure",
		Moves: []MetricLink{
			{"change_failure_rate", "The artefact that was tested is the one that runs."},
			{"lead_time", "New environments and services start from a known image instead of a setup guide."},
		},
	},
	{
		Key: "stateless_services", Group: GroupScaling, Title: "Stateless services",
		Means:   "Application instances keep no state of their own: sessions, files and caches live in shared stores, so any instance can serve any request.",
		Matters: "Only stateless instances can be added, removed or replaced at will, which horizontal scaling depends on.",
		Moves: []MetricLink{
			{"recovery_time", "A failing instance is simply replaced; nothing is lost with it."},
		},
	},
	{
		Key: "load_balancing", Group: GroupScaling, Title: "Load balancing with health checks",
		Means:   "Traffic reaches several instances of each service through a load balancer that takes unhealthy instances out of rotation.",
		Matters: "No single instance is a single point of failure, and capacity is added by adding instances.",
		Moves: []MetricLink{
			{"recovery_time", "A failed instance stops receiving traffic automatically."},
		},
	},
	{
		Key: "container_orchestration", Group: GroupScaling, Title: "Container orchestration",
		Means:      "Containers are scheduled, restarted, rolled out and scaled by an orchestrator such as Kubernetes or a managed equivalent (ECS, Cloud Run).",
		Matters:    "Placement, restarts and rolling updates stop being hand work as the number of services and instances grows.",
		Capability: "flexible-infrastructure",
		Moves: []MetricLink{
			{"deployment_frequency", "Rolling updates make every deployment routine and zero-downtime."},
			{"recovery_time", "Crashed containers are restarted and rescheduled without a human."},
		},
		DependsOn: []string{"containers"},
	},
	{
		Key: "horizontal_autoscaling", Group: GroupScaling, Title: "Horizontal autoscaling",
		Means:      "The number of instances follows the load automatically, on metrics such as CPU, queue depth or requests per second.",
		Matters:    "Peaks are absorbed without anyone watching, and capacity is not paid for at night.",
		Capability: "flexible-infrastructure",
		Moves: []MetricLink{
			{"recovery_time", "Load-induced incidents resolve by themselves as capacity is added."},
		},
		DependsOn: []string{"stateless_services", "load_balancing", "metrics"},
	},
	{
		Key: "capacity_planning", Group: GroupScaling, Title: "Capacity planning",
		Means:   "Growth of load, data and cost is forecast from measurements, and limits (quotas, database size, connection pools) are reviewed before they are hit.",
		Matters: "The limits autoscaling cannot move (a database, a quota, a budget) are found on a chart instead of in an outage.",
		Moves: []MetricLink{
			{"change_failure_rate", "Fewer releases fail on exhausted resources."},
		},
		DependsOn: []string{"metrics"},
	},
	{
		Key: "cost_aware_scaling", Group: GroupScaling, Title: "Cost-aware scaling",
		Means:     "Cost is measured per service or customer, scaling policies have upper bounds, and idle or oversized resources are reviewed regularly.",
		Matters:   "Usage-priced infrastructure grows faster than the team; without limits and visibility, scaling turns into a bill surprise.",
		Moves:     nil, // cost, not delivery: it moves no DORA metric directly
		DependsOn: []string{"horizontal_autoscaling"},
	},

	// Monitoring: knowing before the customers do.
	{
		Key: "metrics", Group: GroupMonitoring, Title: "Service metrics",
		Means:      "Every service exposes request rate, errors and latency (and saturation), collected in one time-series system.",
		Matters:    "Without numbers there is no alerting, no SLO, no autoscaling and no capacity plan: everything else in this group builds on them.",
		Capability: "monitoring-and-observability",
		Moves: []MetricLink{
			{"recovery_time", whyFasterDetection},
		},
	},
	{
		Key: "centralized_logs", Group: GroupMonitoring, Title: "Centralized, structured logs",
		Means:      "All services log structured events to one searchable place, with request ids that tie the lines of a request together.",
		Matters:    "Nobody has to log in to servers one by one during an incident, and logs outlive the instances that wrote them.",
		Capability: "monitoring-and-observability",
		Moves: []MetricLink{
			{"recovery_time", whyFasterDiagnosis},
		},
	},
	{
		Key: "tracing", Group: GroupMonitoring, Title: "Distributed tracing",
		Means:      "Requests carry a trace across services (OpenTelemetry or similar), so the slow or failing hop of a request can be seen.",
		Matters:    "With several services, logs and metrics alone rarely show which one is at fault.",
		Capability: "monitoring-and-observability",
		Moves: []MetricLink{
			{"recovery_time", whyFasterDiagnosis},
		},
		DependsOn: []string{"centralized_logs"},
	},
	{
		Key: "symptom_alerting", Group: GroupMonitoring, Title: "Alerting on symptoms",
		Means:      "Alerts fire on what users feel (errors, latency, failed checkouts) rather than on every CPU spike, and each alert is actionable.",
		Matters:    "Noisy alerts are ignored; symptom alerts wake someone only when users are hurt, and always then.",
		Capability: "proactive-failure-notification",
		Moves: []MetricLink{
			{"recovery_time", whyFasterDetection},
		},
		DependsOn: []string{"metrics"},
	},
	{
		Key: "slos", Group: GroupMonitoring, Title: "SLOs and error budgets",
		Means:   "Each user-facing service has service-level objectives agreed with the business, and a spent error budget slows releases in favour of reliability work.",
		Matters: "Reliability becomes a number both product and engineering agreed on, instead of an argument after each outage.",
		Moves: []MetricLink{
			{"change_failure_rate", "A spent error budget shifts effort to reliability before failures pile up."},
			{"recovery_time", "Alerts on budget burn catch slow degradations that static thresholds miss."},
		},
		DependsOn: []string{"metrics", "symptom_alerting"},
	},
	{
		Key: "on_call_runbooks", Group: GroupMonitoring, Title: "On-call and runbooks",
		Means:   "A sustainable on-call rotation answers alerts, every alert links to a runbook, and incidents end with a blameless review.",
		Matters: "Incidents are handled by whoever is on call, not by the one person who knows the system; reviews stop them from recurring.",
		Moves: []MetricLink{
			{"recovery_time", "The responder knows what to do first, at any hour."},
			{"rework_rate", "Reviews fix causes, so the same incident does not come back as unplanned work."},
		},
		DependsOn: []string{"symptom_alerting"},
	},
	{
		Key: "dashboards", Group: GroupMonitoring, Title: "Service and business dashboards",
		Means:      "Each service has a dashboard of its key signals, and a few dashboards show business outcomes (sign-ups, orders) beside them.",
		Matters:    "A shared picture of health shortens incident calls and lets decisions rest on data rather than impressions.",
		Capability: "monitoring-systems",
		Moves: []MetricLink{
			{"recovery_time", whyFasterDiagnosis},
		},
		DependsOn: []string{"metrics"},
	},
}
