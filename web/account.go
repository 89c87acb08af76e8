package web

import (
	"time"

	"github.com/a-h/templ"
)

// AccountProps is the data of /account: the person's own name, email,
// password and sessions.
type AccountProps struct {
	Name     Form // field: name
	Email    Form // fields: email, email_password
	Password Form // fields: current_password, password

	CurrentEmail   string
	PendingEmail   string // a new address waiting for its link to be opened, or ""
	PendingExpires time.Time
	Sessions       []SessionRow // most recently seen first
	Events         []EventRow   // the latest security events, newest first
}

// EventRow is one security event of the account.
type EventRow struct {
	At       time.Time
	What     string // as people read it
	Detail   string
	ClientIP string
}

// SessionRow is one signed-in browser of the account.
type SessionRow struct {
	Browser    string // "Firefox", "Unknown browser"
	OS         string // "Linux", or "" when the agent does not say
	UserAgent  string // the header as sent (shown in full on demand)
	ClientIP   string
	SignedInAt time.Time
	LastSeenAt time.Time
	Current    bool   // this browser
	ID         string // names it in the form that ends it
}

// Device is how the list names the session: "Firefox on Linux".
func (s SessionRow) Device() string {
	if s.OS == "" {
		return s.Browser
	}
	return s.Browser + " on " + s.OS
}

// EmailConfirmProps is the data of the page an email-change link opens.
type EmailConfirmProps struct {
	OldEmail, NewEmail string
	Action             string // POST target: the link's own path
}

// DeleteAccountProps is the data of /account/delete.
type DeleteAccountProps struct {
	Email       string
	SoleOwnerOf []OrgInfo // organizations whose last owner the person is: they block the deletion
	Form        Form      // field: password
}

// formURL is a POST target given as a path.
func formURL(path string) templ.SafeURL { return templ.URL(path) }
