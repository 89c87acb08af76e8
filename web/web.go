// Package web holds the templ components and static assets of the user
// interface; both are compiled or embedded into the binary (no CDN).
package web

import (
	"embed"
	"io/fs"
)

//go:embed static
var static embed.FS

// Static is the file system served under /static/.
func Static() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the folder is embedded at build time
	}
	return sub
}

// Page is what the layout needs on every page.
type Page struct {
	Title     string    // the <title> before " · Headway"
	User      *UserInfo // nil for visitors
	Org       *OrgInfo  // the current organization under /o/{slug}/, else nil
	Orgs      []OrgInfo // the user's organizations, for the switcher
	Nav       string    // active section key: dashboard, stack, skills, kpis, infrastructure, maturity, roadmap, team, settings
	Flash     string    // one-time message after a redirect
	FlashKind string    // "success" or "error"
}

// UserInfo is the logged-in user.
type UserInfo struct {
	Name  string
	Email string
}

// OrgInfo is an organization as seen by the user (Role: owner, admin, member).
type OrgInfo struct {
	Slug string
	Name string
	Role string
	// IsSample: the sample organization, fictional data labelled on every
	// page (SampleBanner).
	IsSample bool
}

// CanManage reports whether the role may manage the organization.
func (o OrgInfo) CanManage() bool { return o.Role == "owner" || o.Role == "admin" }

// Form carries submitted values and per-field messages back to a form.
type Form struct {
	Values map[string]string
	Errors map[string]string
	// Message is a form-wide error (for example a failed login).
	Message string
}

// Get returns the submitted value of field.
func (f Form) Get(field string) string { return f.Values[field] }

// Err returns the message for field, or "".
func (f Form) Err(field string) string { return f.Errors[field] }

// Task is one item of the getting-started checklist.
type Task struct {
	Title string
	Blurb string
	Href  string // where it is done; "" when it is not possible yet
	Done  bool
	Soon  string // for a task not possible yet: what it waits for
}

// Step is one step of the assessment on the dashboard.
type Step struct {
	Number    int
	Title     string
	Blurb     string
	Href      string // its first page, when Available
	Available bool
	Status    string // what the organization has done in it so far, "" for nothing
}
