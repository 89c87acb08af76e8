package web

import (
	"net/url"
	"strconv"
	"time"

	"github.com/a-h/templ"

	"github.com/headwayhq/headway/internal/roadmap"
)

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
	Link      string // absolute URL ending in /invitations/<token>, to share
	Path      string // /invitations/<token>, for links on this site
	SentAt    time.Time
	ExpiresAt time.Time
	Expired   bool
	Rotated   bool // the link was replaced (a manager left): the emailed one no longer works
}

// TeamProps is the data of /o/{slug}/team.
type TeamProps struct {
	Members     []Member
	Invitations []PendingInvitation // shown to owners and admins only
	Invite      Form                // the invite form: email, role (admin|member), job_role
	CanManage   bool                // owner or admin: invite, change roles, remove
	LastOwner   bool                // the viewer is the only owner: leaving is not possible
	IsOwner     bool                // may grant the owner role
	JobRoles    []string            // suggestions for the job role field
}

// ConfirmProps is a confirmation page before a destructive action.
type ConfirmProps struct {
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
	Hint       string // the secret's last four characters
	CreatedBy  string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
	ExpiresAt  *time.Time
	Expired    bool // past ExpiresAt
}

// TokensProps is the data of /o/{slug}/settings/tokens.
type TokensProps struct {
	Tokens   []APIToken
	Form     Form   // field: name
	NewToken string // the secret, shown once right after creation
	NewName  string
	APIBase  string // e.g. http://localhost:8080/api/v1
}

// SettingsProps is the data of /o/{slug}/settings.
type SettingsProps struct {
	Rename  Form // field: name
	IsOwner bool // may delete the organization
	Profile Form // fields: industry, size (step 2b's benchmark)
	// Improvement is the share of time for improvement work, in percent
	// (field improvement_share), that the roadmap's schedule counts.
	Improvement Form
}

// InvitationProps is the data of /invitations/{token}.
type InvitationProps struct {
	// State: "signup" (visitor without account: name+password form, email fixed),
	// "login" (visitor whose email has an account: link to log in and come back),
	// "join" (logged in with the invited email: one-click join button),
	// "verify" (visitor without account on a link that does not prove the
	// address, such as one shared by hand: a code is emailed to it first),
	// "wrong_user" (logged in with another email: explain, offer logout),
	// "invalid" (used, expired, revoked or unknown: Problem says which).
	State   string
	Problem string
	OrgName string
	Role    string
	Email   string
	Inviter string // who sent the invitation, "" when unknown
	Action  string // POST target (the invitation URL)
	Form    Form   // signup fields: name, password; verify: code
	// Proof is the emailed link's proof of the address, carried by the
	// signup form.
	Proof string
	// CodeSent: a code is outstanding (verify state): ask for it.
	CodeSent bool
}

// CodeAction and VerifyAction are the verify state's POST targets: send a
// code to the invited address, check the code typed.
func (d InvitationProps) CodeAction() templ.SafeURL   { return templ.URL(d.Action + "/code") }
func (d InvitationProps) VerifyAction() templ.SafeURL { return templ.URL(d.Action + "/verify") }

// dateLabel formats a date for display ("Jan 2, 2006").
func dateLabel(t time.Time) string { return t.Format("Jan 2, 2006") }

// dateAttr is a date as the datetime attribute of <time>.
func dateAttr(t time.Time) string { return t.Format("2006-01-02") }

// id64 formats an id for paths and element ids.
func id64(id int64) string { return strconv.FormatInt(id, 10) }

// memberAction is the POST target that updates a member.
func memberAction(slug string, m Member) templ.SafeURL {
	return orgURL(slug, "team/members/"+id64(m.UserID))
}

// memberRemoveHref is the confirmation page before removing a member.
func memberRemoveHref(slug string, m Member) templ.SafeURL {
	return orgURL(slug, "team/members/"+id64(m.UserID)+"/remove")
}

// invitationAction is the POST target of an action (resend, revoke) on an
// invitation.
func invitationAction(slug string, inv PendingInvitation, action string) templ.SafeURL {
	return orgURL(slug, "team/invitations/"+id64(inv.ID)+"/"+action)
}

// tokenRevokeAction is the confirmation page (GET) and the POST target that
// revoke an API token.
func tokenRevokeAction(slug string, t APIToken) templ.SafeURL {
	return orgURL(slug, "settings/tokens/"+id64(t.ID)+"/revoke")
}

// roleChoices are the roles a manager may pick for a member: owner only
// when the viewer is an owner or the member already is one.
func (d TeamProps) roleChoices(m Member) []string {
	if d.IsOwner || m.Role == "owner" {
		return []string{"owner", "admin", "member"}
	}
	return []string{"admin", "member"}
}

// inviteRole is the role picked in the invite form, member by default.
func (d TeamProps) inviteRole() string {
	if r := d.Invite.Get("role"); r == "admin" {
		return r
	}
	return "member"
}

// Active reports whether the token still works.
func (t APIToken) Active() bool { return t.RevokedAt == nil && !t.Expired }

// tokenLifetimes are the choices of the token form's "expires" field (days).
func tokenLifetimes() []Option {
	var out []Option
	for _, d := range roadmap.TokenLifetimesDays {
		label := strconv.Itoa(d) + " days"
		if d == 365 {
			label = "1 year"
		}
		out = append(out, Option{Value: strconv.Itoa(d), Label: label})
	}
	return out
}

func (d TokensProps) expiresValue() string {
	if v := d.Form.Get("expires"); v != "" {
		return v
	}
	return strconv.Itoa(roadmap.DefaultTokenLifetimeDays)
}

// lastUsedLabel is when the token was last used, or "Never".
func (t APIToken) lastUsedLabel() string {
	if t.LastUsedAt == nil {
		return "Never"
	}
	return dateLabel(*t.LastUsedAt)
}

// curlExample shows how to call the API with a new token.
func (d TokensProps) curlExample() string {
	return `curl -H "Authorization: Bearer ` + d.NewToken + `" ` + d.APIBase + "/org"
}

// loginNextHref logs in and comes back to the invitation, keeping the
// emailed link's proof of the address.
func (d InvitationProps) loginNextHref() templ.SafeURL {
	next := d.Action
	if d.Proof != "" {
		next += "?proof=" + url.QueryEscape(d.Proof)
	}
	return templ.URL("/login?next=" + url.QueryEscape(next))
}
