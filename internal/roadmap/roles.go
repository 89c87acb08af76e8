package roadmap

// JobRole is a rung of the engineering ladder the skills matrix uses: each
// role has a required level per skill (added with the skills catalog).
// Memberships and invitations store the key (see JobRoleChoice).
type JobRole struct {
	Key   string // stable identifier, stored in memberships.job_role and invitations.job_role
	Title string
}

// JobRoles runs from junior engineer to senior architect, in ladder order,
// then the manager and the specialist roles a DevOps team also has. Each has
// a column of required levels in SkillCatalog (DefaultRequirements).
var JobRoles = []JobRole{
	{Key: "junior_engineer", Title: "Junior engineer"},
	{Key: "engineer", Title: "Engineer"},
	{Key: "senior_engineer", Title: "Senior engineer"},
	{Key: "staff_engineer", Title: "Staff engineer"},
	{Key: "architect", Title: "Architect"},
	{Key: "senior_architect", Title: "Senior architect"},
	{Key: "engineering_manager", Title: "Engineering manager"},
	{Key: "software_engineer", Title: "Software engineer"},
	{Key: "sre", Title: "Site reliability engineer"},
	{Key: "platform_engineer", Title: "Platform engineer"},
}

// JobRoleTitles are the titles, in ladder order (suggestions in forms).
func JobRoleTitles() []string {
	out := make([]string, len(JobRoles))
	for i, r := range JobRoles {
		out[i] = r.Title
	}
	return out
}

// JobRoleByKey finds a role of the catalog.
func JobRoleByKey(key string) (JobRole, bool) {
	for _, r := range JobRoles {
		if r.Key == key {
			return r, true
		}
	}
	return JobRole{}, false
}
