package roadmap

// SkillCatalogVersion names the catalog below. A new organization is
// seeded with the current catalog; migration 0012 seeded the organizations
// that existed then with version 1. A later change to the catalog bumps the
// version and migrates (or offers) its own rows: organizations edit their
// copy, so the catalog never overwrites it.
const SkillCatalogVersion = 1

// CatalogSkill is a skill of the catalog with the level each job role
// requires in it.
type CatalogSkill struct {
	Skill
	// Required holds the level each job role needs, in JobRoles order
	// (junior engineer, engineer, senior engineer, staff engineer, architect,
	// senior architect, engineering manager, software engineer, site
	// reliability engineer, platform engineer); 0 means not required.
	Required [catalogRoles]int
}

// catalogRoles is the number of job roles the catalog's columns cover
// (a test keeps it equal to len(JobRoles)).
const catalogRoles = 10

type levels = [MaxSkillLevel]string

// req is one skill's required levels, in the order of CatalogSkill.Required.
type req = [catalogRoles]int

// SkillCatalog is the starter catalog of DevOps competencies, in the order
// pages list them (by category, then as here). Level texts describe what a
// person at that level can be trusted with, so a rating is a claim about
// work rather than about confidence.
var SkillCatalog = []CatalogSkill{
	// Source control and code review.
	{Skill{Key: "git_branching", Name: "Git and branching strategy", Category: SkillSourceControl,
		Description: "Using Git day to day and the team's branching model (trunk-based or short-lived branches), history and merges.",
		Levels: levels{
			"Commits, pulls and pushes on a branch someone else created.",
			"Branches, rebases and resolves ordinary merge conflicts without help; writes clear commit messages.",
			"Untangles broken histories (reflog, bisect, interactive rebase), keeps branches short-lived and reviews others' history.",
			"Chooses and documents the branching and versioning model, sets protection rules and coaches the team on it.",
		}},
		req{2, 3, 3, 4, 3, 3, 1, 3, 3, 3}},
	{Skill{Key: "code_review", Name: "Code review", Category: SkillSourceControl,
		Description: "Reviewing changes for correctness, risk and readability, and making changes easy to review.",
		Levels: levels{
			"Reads pull requests and asks questions about them.",
			"Reviews small changes usefully and splits own work into reviewable pull requests.",
			"Reviews any change in the team's code for design, risk and operability, kindly and promptly.",
			"Sets the team's review norms (size, turnaround, what blocks a merge) and grows reviewers.",
		}},
		req{1, 2, 3, 4, 3, 3, 2, 3, 3, 3}},

	// CI/CD, testing and release.
	{Skill{Key: "ci_pipelines", Name: "Continuous integration", Category: SkillDelivery,
		Description: "Building and testing every change automatically: pipelines, caching, runners and a trustworthy main branch.",
		Levels: levels{
			"Reads a failing pipeline's log and finds the failing step.",
			"Adds or changes jobs in an existing pipeline (a test suite, a linter, a build step).",
			"Designs a pipeline from scratch with caching, parallel jobs and artifacts, and keeps it fast and green.",
			"Sets pipeline standards across repositories (templates, runners, build-time budgets) and fixes flaky builds at the root.",
		}},
		req{1, 2, 3, 4, 3, 3, 1, 2, 3, 4}},
	{Skill{Key: "release_engineering", Name: "Continuous delivery and release engineering", Category: SkillDelivery,
		Description: "Getting a change to production safely and often: deployment pipelines, versioning, rollbacks, progressive delivery.",
		Levels: levels{
			"Knows how a change reaches production and who can deploy.",
			"Deploys with the existing pipeline and rolls back by following the runbook.",
			"Builds deployment pipelines with environments, approvals and automatic rollback; uses feature flags or canaries.",
			"Designs the release process (blue-green, canary, release trains) so the team deploys daily with a low failure rate.",
		}},
		req{1, 2, 3, 4, 3, 3, 2, 2, 3, 4}},
	{Skill{Key: "test_automation", Name: "Test automation", Category: SkillDelivery,
		Description: "Unit, integration and end-to-end tests that run in the pipeline and catch regressions before users do.",
		Levels: levels{
			"Runs the test suite and reads its failures.",
			"Writes unit and integration tests for own changes following the existing patterns.",
			"Designs test suites for a service (test pyramid, fixtures, real dependencies in containers) and removes flaky tests.",
			"Sets the testing strategy across services (contract tests, test data, quality gates) and teaches it.",
		}},
		req{2, 2, 3, 3, 3, 3, 1, 3, 2, 2}},
	{Skill{Key: "artifact_management", Name: "Artifacts and dependency management", Category: SkillDelivery,
		Description: "Versioned build artifacts and images in registries, dependency pinning and updates, reproducible builds.",
		Levels: levels{
			"Knows where the team's packages and images are published.",
			"Publishes versioned artifacts and updates dependencies with the existing tooling.",
			"Sets up registries, retention and automated dependency updates; makes builds reproducible.",
			"Defines the supply chain: provenance, signing, SBOMs and promotion of one artifact through environments.",
		}},
		req{1, 2, 2, 3, 3, 3, 0, 2, 2, 3}},

	// Infrastructure as code and configuration.
	{Skill{Key: "infrastructure_as_code", Name: "Infrastructure as code", Category: SkillInfrastructure,
		Description: "Declaring infrastructure in code (Terraform, Pulumi, CloudFormation), reviewed and applied through a pipeline.",
		Levels: levels{
			"Reads a Terraform plan and knows it describes real resources.",
			"Changes existing modules and applies them through the team's workflow.",
			"Writes reusable modules, manages state safely (locking, imports, moves) and detects drift.",
			"Designs the infrastructure code layout across accounts and environments, with policy checks, and leads migrations.",
		}},
		req{1, 2, 3, 4, 4, 4, 1, 1, 3, 4}},
	{Skill{Key: "configuration_management", Name: "Configuration management", Category: SkillInfrastructure,
		Description: "Configuring hosts and services repeatably (Ansible, Chef, cloud-init) and managing application configuration per environment.",
		Levels: levels{
			"Knows where a service's configuration lives per environment.",
			"Changes playbooks or configuration and rolls them out with the existing tooling.",
			"Writes idempotent roles or playbooks, tests them, and keeps environments from drifting apart.",
			"Chooses how configuration is managed across the estate (immutable images versus in-place changes) and retires snowflake servers.",
		}},
		req{1, 2, 3, 3, 3, 3, 0, 1, 3, 3}},

	// Containers and Kubernetes.
	{Skill{Key: "containers", Name: "Containers", Category: SkillContainers,
		Description: "Building and running container images: Dockerfiles, layers, image size and security, local development with Compose.",
		Levels: levels{
			"Runs a container from an existing image and reads its logs.",
			"Writes a Dockerfile for a service and runs a multi-container setup with Compose.",
			"Builds small, secure multi-stage images, debugs networking and resource limits, and scans images.",
			"Sets the image standards (base images, non-root, scanning, update policy) for every team.",
		}},
		req{2, 2, 3, 3, 3, 3, 1, 2, 3, 4}},
	{Skill{Key: "kubernetes", Name: "Kubernetes", Category: SkillContainers,
		Description: "Deploying and operating workloads on Kubernetes: manifests or Helm, probes, resources, scaling and troubleshooting.",
		Levels: levels{
			"Knows what pods, deployments and services are; uses kubectl to look around.",
			"Deploys and updates a service with existing manifests or charts; reads events and logs to find a failing pod.",
			"Writes charts with probes, resource limits and autoscaling; troubleshoots scheduling, networking and storage alone.",
			"Designs and upgrades clusters (multi-tenancy, policies, operators, GitOps) and handles cluster-level incidents.",
		}},
		req{1, 2, 3, 3, 3, 4, 0, 2, 3, 4}},

	// Cloud, networking and cost.
	{Skill{Key: "cloud_platforms", Name: "Cloud platforms", Category: SkillCloud,
		Description: "The team's cloud provider (AWS, Google Cloud, Azure): compute, storage, managed services, accounts and limits.",
		Levels: levels{
			"Finds resources in the console and knows the main services the team uses.",
			"Provisions and configures the common services (compute, storage, managed databases) following the team's patterns.",
			"Designs a service's cloud architecture for availability and security, and troubleshoots it across services.",
			"Designs the organization's landing zone (accounts, networking, guardrails) and chooses between managed services and self-hosting.",
		}},
		req{1, 2, 3, 3, 4, 4, 1, 2, 3, 4}},
	{Skill{Key: "networking", Name: "Networking", Category: SkillCloud,
		Description: "TCP/IP, DNS, HTTP, TLS, load balancers, VPCs and firewalls: how requests reach services and why they sometimes do not.",
		Levels: levels{
			"Knows what DNS, ports and TLS certificates are.",
			"Configures DNS records, load balancer rules and security groups by following examples; uses curl and dig to check them.",
			"Designs VPCs, subnets and routing; debugs latency, TLS and connectivity with packet-level tools.",
			"Designs the network across regions and providers (peering, private links, zero-trust access) and leads network incidents.",
		}},
		req{1, 2, 3, 3, 4, 4, 0, 2, 3, 3}},
	{Skill{Key: "cost_management", Name: "Cloud cost management (FinOps)", Category: SkillCloud,
		Description: "Knowing what infrastructure costs, attributing it to teams and services, and reducing it without hurting reliability.",
		Levels: levels{
			"Knows the cloud bill exists and roughly what drives it.",
			"Reads cost reports, tags own resources and cleans up what is unused.",
			"Finds and delivers savings (rightsizing, reserved capacity, storage tiers) and sets budgets and alerts.",
			"Runs cost as a practice: unit economics per customer or request, forecasts, and trade-offs agreed with finance.",
		}},
		req{0, 1, 2, 3, 3, 4, 3, 1, 2, 3}},

	// Linux and scripting.
	{Skill{Key: "linux", Name: "Linux administration", Category: SkillSystems,
		Description: "Working on Linux hosts and containers: processes, files and permissions, systemd, packages, resource usage.",
		Levels: levels{
			"Moves around a shell, reads files and logs.",
			"Manages services, users, permissions and packages; finds what uses the CPU, memory or disk.",
			"Debugs performance and boot problems alone (strace, perf, journald) and hardens hosts.",
			"Is the team's reference for kernel, filesystem and resource problems, and teaches troubleshooting.",
		}},
		req{2, 2, 3, 3, 3, 3, 1, 2, 4, 3}},
	{Skill{Key: "scripting", Name: "Scripting and automation", Category: SkillSystems,
		Description: "Automating repetitive work with shell, Python or Go scripts that are safe to rerun and that others can maintain.",
		Levels: levels{
			"Runs existing scripts and reads what they do.",
			"Writes small scripts for own tasks, with error handling.",
			"Writes tested, idempotent automation tools others rely on, with clear usage and logging.",
			"Turns the team's toil into maintained tooling and sets the conventions for it.",
		}},
		req{2, 2, 3, 3, 3, 3, 1, 3, 3, 4}},

	// Observability and reliability.
	{Skill{Key: "observability", Name: "Monitoring and observability", Category: SkillReliability,
		Description: "Metrics, logs and traces that show how services behave, with dashboards and alerts that point to causes.",
		Levels: levels{
			"Opens the team's dashboards and finds a service's logs.",
			"Adds metrics and structured logs to own code and builds a dashboard for a service.",
			"Instruments services end to end (traces, RED and USE metrics), writes actionable alerts and removes noisy ones.",
			"Designs the observability platform and standards (OpenTelemetry, retention, cardinality, cost) for all services.",
		}},
		req{1, 2, 3, 4, 3, 3, 2, 2, 4, 4}},
	{Skill{Key: "incident_response", Name: "Incident response and on-call", Category: SkillReliability,
		Description: "Taking part in on-call, handling incidents calmly, communicating during them and learning from them afterwards.",
		Levels: levels{
			"Knows the on-call rota, how incidents are declared and where the runbooks are.",
			"Takes on-call shifts with a buddy and mitigates known problems by following runbooks.",
			"Leads incidents as responder or incident commander, communicates status and writes blameless postmortems.",
			"Designs the incident process (severities, roles, rotations, postmortem reviews) and trains incident commanders.",
		}},
		req{1, 2, 3, 3, 2, 3, 3, 2, 4, 3}},
	{Skill{Key: "sre_practices", Name: "SRE practices (SLOs and error budgets)", Category: SkillReliability,
		Description: "Service level indicators and objectives, error budgets and the policies that trade features for reliability.",
		Levels: levels{
			"Knows what an SLO and an error budget are.",
			"Reads a service's SLO dashboard and takes the error budget into account when shipping.",
			"Defines SLIs and SLOs with the product owner, alerts on burn rate and applies the error-budget policy.",
			"Runs reliability as a practice across services (SLO reviews, toil budgets, capacity for reliability work).",
		}},
		req{0, 1, 2, 3, 3, 3, 2, 1, 4, 3}},
	{Skill{Key: "performance_capacity", Name: "Performance and capacity planning", Category: SkillReliability,
		Description: "Load testing, profiling, scaling decisions and forecasting the capacity services will need.",
		Levels: levels{
			"Knows the services' rough traffic and where their limits are documented.",
			"Runs an existing load test and reads profiles and latency percentiles.",
			"Finds bottlenecks with profiling and load tests, tunes autoscaling and plans capacity for a service.",
			"Models capacity across the system for growth and peaks, and sets performance budgets teams work within.",
		}},
		req{0, 1, 2, 3, 4, 4, 1, 2, 3, 3}},

	// Security.
	{Skill{Key: "devsecops", Name: "Application and pipeline security", Category: SkillSecurity,
		Description: "Building security into delivery: threat modelling, dependency and image scanning, static analysis, fixing findings.",
		Levels: levels{
			"Knows the OWASP Top 10 and that the pipeline scans for vulnerabilities.",
			"Fixes vulnerabilities the scanners report in own code and dependencies.",
			"Threat-models a service, adds scanning and policy checks to pipelines and triages findings by real risk.",
			"Sets the security standards for delivery (supply chain, pen-test follow-up, security champions) and teaches them.",
		}},
		req{1, 2, 3, 3, 3, 4, 1, 2, 2, 3}},
	{Skill{Key: "secrets_management", Name: "Secrets management", Category: SkillSecurity,
		Description: "Keeping credentials out of code: vaults, short-lived credentials, rotation, and what to do when a secret leaks.",
		Levels: levels{
			"Knows secrets never go into Git and where the team keeps them.",
			"Reads and stores secrets through the team's vault or secret manager.",
			"Integrates services with a vault using short-lived credentials, automates rotation and handles a leak end to end.",
			"Designs secret management across the estate (workload identity, rotation policies, audit) and removes static keys.",
		}},
		req{1, 2, 3, 3, 3, 4, 1, 2, 3, 4}},
	{Skill{Key: "identity_access", Name: "Identity and access management", Category: SkillSecurity,
		Description: "Users, roles and policies in the cloud and in tools: least privilege, single sign-on, access reviews.",
		Levels: levels{
			"Knows how access is requested and why it is limited.",
			"Writes IAM policies and role bindings for own services by following examples.",
			"Designs least-privilege roles for services and people, sets up SSO, and audits who can do what.",
			"Designs the organization's identity model across clouds and tools, with break-glass access and regular reviews.",
		}},
		req{0, 1, 2, 3, 3, 4, 1, 1, 3, 3}},

	// Databases and data.
	{Skill{Key: "databases_migrations", Name: "Databases and schema migrations", Category: SkillData,
		Description: "Operating the team's databases and changing their schemas safely: migrations, indexes, queries, replication.",
		Levels: levels{
			"Connects to a database and runs read queries.",
			"Writes queries and migrations for own features; reads a query plan.",
			"Ships zero-downtime migrations, tunes slow queries and indexes, and operates replicas and failover.",
			"Chooses data stores and designs schemas and migration practice for the system; leads database incidents.",
		}},
		req{1, 2, 3, 3, 4, 4, 0, 3, 3, 2}},
	{Skill{Key: "backup_recovery", Name: "Backup and disaster recovery", Category: SkillData,
		Description: "Backups that are tested by restoring them, recovery objectives (RPO, RTO) and recovery from losing a region or an account.",
		Levels: levels{
			"Knows what is backed up and where the recovery runbook is.",
			"Restores a backup into a test environment by following the runbook.",
			"Designs backups for a service to meet its RPO and RTO and runs regular restore tests.",
			"Designs and rehearses disaster recovery for the whole system (game days, cross-region, ransomware scenarios).",
		}},
		req{0, 1, 2, 3, 3, 4, 1, 1, 3, 3}},

	// Collaboration and knowledge sharing.
	{Skill{Key: "documentation", Name: "Documentation and runbooks", Category: SkillCollaboration,
		Description: "Writing what others need to run and change systems: READMEs, runbooks, architecture decision records, diagrams.",
		Levels: levels{
			"Reads the team's documentation and points out what is wrong or missing.",
			"Documents own changes and keeps the runbooks of own services current.",
			"Writes runbooks and decision records others can act on at 3 a.m. without asking.",
			"Sets the documentation practice (templates, ownership, reviews) so knowledge does not live in one head.",
		}},
		req{1, 2, 3, 4, 4, 4, 3, 2, 3, 3}},
	{Skill{Key: "collaboration_coaching", Name: "Collaboration and coaching", Category: SkillCollaboration,
		Description: "Working across development and operations: pairing, sharing knowledge, mentoring and improving how the team works.",
		Levels: levels{
			"Asks for help early and shares what they learn.",
			"Pairs with colleagues and explains own work clearly to other teams.",
			"Mentors newer engineers, runs knowledge-sharing sessions and improves the team's ways of working.",
			"Grows other people into practitioners, leads change across teams and shapes the DevOps culture.",
		}},
		req{1, 2, 3, 4, 4, 4, 4, 2, 3, 3}},
	{Skill{Key: "software_design", Name: "Software design for operability", Category: SkillCollaboration,
		Description: "Designing services that are easy to deploy, observe and run: health checks, graceful shutdown, twelve-factor configuration.",
		Levels: levels{
			"Knows that how code is written affects how it is run.",
			"Adds health checks, timeouts and configuration through the environment to own services.",
			"Designs services for operability (idempotency, retries with backoff, graceful degradation, feature flags).",
			"Sets the architecture principles that keep the system operable as it grows and reviews designs against them.",
		}},
		req{1, 2, 3, 4, 4, 4, 1, 3, 3, 3}},
}

// CatalogSkillByKey finds a skill of the catalog.
func CatalogSkillByKey(key string) (CatalogSkill, bool) {
	for _, s := range SkillCatalog {
		if s.Key == key {
			return s, true
		}
	}
	return CatalogSkill{}, false
}

// DefaultRequirements are the catalog's required levels as rows, by job role
// (in JobRoles order) then skill (in catalog order), leaving out the zeros
// (a missing requirement is 0).
func DefaultRequirements() []Requirement {
	var out []Requirement
	for i, r := range JobRoles {
		if i >= catalogRoles {
			break
		}
		for _, s := range SkillCatalog {
			if lv := s.Required[i]; lv > 0 {
				out = append(out, Requirement{JobRole: r.Key, SkillKey: s.Key, Level: lv})
			}
		}
	}
	return out
}
