package web

import "time"

// Member is a row of the team page.
type Member struct {
	UserID   int64
	Name     string
	Email    string
	Role     string // owner, admin, member
	JobRole  string
	JoinedAt time.Time
	IsYou    bool
}

// PendingInvitation is an invitation not yet accepted or revoked.
type PendingInvitation struct {
	ID        int64
	Email     string
	Role      string
	JobRole   string
	Link      string // absolute URL ending in /invitations/<token>
	SentAt    time.Time
	ExpiresAt time.Time
	Expired   bool
}

// TeamPage is the data of /o/{slug}/team.
type TeamPage struct {
	Members     []Member
	Invitations []PendingInvitation // shown to owners and admins only
	Invite      Form                // the invite form: email, role (admin|member), job_role
	CanManage   bool                // owner or admin: invite, change roles, remove
	IsOwner     bool                // may grant the owner role
	JobRoles    []string            // suggestions for the job role field
}

// Confirm is a confirmation page before a destructive action.
type Confirm struct {
	Heading string
	Message string
	Action  string // POST target
	Button  string // e.g. "Remove member"
	Cancel  string // link back
}

// APIToken is a row of the API tokens page (the secret is never shown again).
type APIToken struct {
	ID         int64
	Name       string
	CreatedBy  string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// TokensPage is the data of /o/{slug}/settings/tokens.
type TokensPage struct {
	Tokens   []APIToken
	Form     Form   // field: name
	NewToken string // the secret, shown once right after creation
	NewName  string
	APIBase  string // e.g. http://localhost:8080/api/v1
}

// SettingsPage is the data of /o/{slug}/settings.
type SettingsPage struct {
	Rename  Form // field: name
	IsOwner bool // may delete the organization
}

// InvitationPage is the data of /invitations/{token}.
type InvitationPage struct {
	// State: "signup" (visitor without account: name+password form, email fixed),
	// "login" (visitor whose email has an account: link to log in and come back),
	// "join" (logged in with the invited email: one-click join button),
	// "wrong_user" (logged in with another email: explain, offer logout),
	// "invalid" (used, expired, revoked or unknown: Problem says which).
	State   string
	Problem string
	OrgName string
	Role    string
	Email   string
	Action  string // POST target (the invitation URL)
	Form    Form   // signup fields: name, password
}
