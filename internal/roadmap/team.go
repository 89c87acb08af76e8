package roadmap

import "strings"

// Membership roles: owners and admins manage the organization, members
// rate their own skills and read.
const (
	RoleOwner  = "owner"
	RoleAdmin  = "admin"
	RoleMember = "member"
)

// Lengths the forms, the API and the database agree on.
const (
	MaxOrgName    = 200
	MaxPersonName = 200
	MaxJobTitle   = 100
	MaxTokenName  = 100
)

// JobRoleChoice is a member's job role: a key of the JobRoles catalog (what
// the skills matrix joins on), or a custom title when none fits.
type JobRoleChoice struct {
	Key    string // "" for a custom title
	Custom string // the title as typed, when Key is ""
}

// ParseJobRole reads a job role as a person types it: a catalog title or key
// (any case, surrounding spaces ignored) becomes that key; anything else is
// kept as a custom title.
func ParseJobRole(s string) JobRoleChoice {
	s = strings.TrimSpace(s)
	for _, r := range JobRoles {
		if strings.EqualFold(s, r.Title) || strings.EqualFold(s, r.Key) {
			return JobRoleChoice{Key: r.Key}
		}
	}
	return JobRoleChoice{Custom: s}
}

// Title is the job role as people read it ("" when none is set).
func (j JobRoleChoice) Title() string {
	if r, ok := JobRoleByKey(j.Key); ok {
		return r.Title
	}
	return j.Custom
}

func (j JobRoleChoice) validate(fe FieldErrors, field string) {
	if j.Key != "" {
		if _, ok := JobRoleByKey(j.Key); !ok {
			fe.Add(field, "Unknown job role.")
		}
		return
	}
	fe.Text(field, "Job role", j.Custom, false, MaxJobTitle)
}

// Membership is what an owner or admin sets on a member.
type Membership struct {
	Role    string
	JobRole JobRoleChoice
}

// Validate checks the role and job role.
func (m Membership) Validate() FieldErrors {
	fe := FieldErrors{}
	switch m.Role {
	case RoleOwner, RoleAdmin, RoleMember:
	default:
		fe.Add("role", "Unknown role: choose owner, admin or member.")
	}
	m.JobRole.validate(fe, "job_role")
	return fe
}

// Invitation is what an owner or admin submits to invite someone.
type Invitation struct {
	Email   string // lower case
	Role    string // admin or member: owners are made, not invited
	JobRole JobRoleChoice
}

// Validate checks the email, role and job role.
func (inv Invitation) Validate() FieldErrors {
	fe := FieldErrors{}
	fe.Email("email", inv.Email)
	if inv.Role != RoleAdmin && inv.Role != RoleMember {
		fe.Add("role", "Choose a role: admin or member.")
	}
	inv.JobRole.validate(fe, "job_role")
	return fe
}

// Organization is an organization's editable settings.
type Organization struct {
	Name string
}

// Validate checks the name.
func (o Organization) Validate() FieldErrors {
	fe := FieldErrors{}
	fe.Text("name", "Organization name", o.Name, true, MaxOrgName)
	return fe
}

// TokenLifetimesDays are the lifetimes an API token may have: tokens always
// expire, so a leaked one stops working by itself.
var TokenLifetimesDays = []int{30, 90, 365}

// DefaultTokenLifetimeDays is the lifetime of a token when none is chosen.
const DefaultTokenLifetimeDays = 90

// APIToken is what an admin submits to create an API token.
type APIToken struct {
	Name         string
	LifetimeDays int
}

// Validate checks the name and the lifetime.
func (t APIToken) Validate() FieldErrors {
	fe := FieldErrors{}
	fe.Text("name", "Token name", t.Name, true, MaxTokenName)
	ok := false
	for _, d := range TokenLifetimesDays {
		ok = ok || d == t.LifetimeDays
	}
	if !ok {
		fe.Add("expires", "Choose when the token expires: after 30 days, 90 days or 1 year.")
	}
	return fe
}
