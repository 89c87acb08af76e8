package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"github.com/headwayhq/headway/internal/roadmap"
)

// OrgPath is the path of a page of the organization with slug, the one
// way tenant URLs are made: OrgPath(slug) is the dashboard (/o/{slug}/),
// OrgPath(slug, "team", "leave") is /o/{slug}/team/leave.
func OrgPath(slug string, elems ...string) string {
	return "/o/" + url.PathEscape(slug) + "/" + strings.Join(elems, "/")
}

// navItem is one entry of the organization navigation.
type navItem struct {
	Key     string // compared with Page.Nav
	Section string // path below /o/{slug}/
	Step    int    // assessment step number, 0 when the entry is not a step
	Label   string
}

// orgNav lists the organization's sections in the order of the assessment:
// the dashboard, each step's sections (from roadmap.Steps), then the roadmap,
// the team and the settings.
var orgNav = func() []navItem {
	nav := []navItem{{Key: "dashboard", Label: "Dashboard"}}
	for _, st := range roadmap.Steps {
		for _, sec := range st.Sections {
			nav = append(nav, navItem{Key: sec.Key, Section: sec.Key, Step: st.Number, Label: sec.NavLabel})
		}
	}
	return append(nav, navItem{Key: "roadmap", Section: "roadmap", Label: "Roadmap"},
		navItem{Key: "team", Section: "team", Label: "Team"}, navItem{Key: "settings", Section: "settings", Label: "Settings"})
}()

// title is the document title.
func title(p Page) string {
	if p.Title == "" {
		return "Headway"
	}
	return p.Title + " · Headway"
}

// brandHref is where the logo leads: the current organization, else home.
func brandHref(p Page) templ.SafeURL {
	if p.Org != nil {
		return templ.URL(OrgPath(p.Org.Slug))
	}
	return "/"
}

// homeHref is the dashboard of the current organization, else the landing
// page (the same place the logo leads to).
func homeHref(p Page) templ.SafeURL { return brandHref(p) }

// orgURL is OrgPath as a URL attribute value.
func orgURL(slug string, elems ...string) templ.SafeURL { return templ.URL(OrgPath(slug, elems...)) }

// currentOrg is the organization being viewed, or a zero value so that a
// page rendered without one degrades instead of panicking.
func currentOrg(p Page) OrgInfo {
	if p.Org == nil {
		return OrgInfo{}
	}
	return *p.Org
}

// current reports whether org is the organization being viewed.
func current(p Page, org OrgInfo) bool { return p.Org != nil && p.Org.Slug == org.Slug }

// roleLabel capitalizes a role for display ("owner" → "Owner").
func roleLabel(role string) string {
	if role == "" {
		return ""
	}
	return strings.ToUpper(role[:1]) + role[1:]
}

// roleKind picks the badge color of a role.
func roleKind(role string) string {
	switch role {
	case "owner":
		return "primary"
	case "admin":
		return "info"
	}
	return "neutral"
}

// flashRole is "alert" for errors, so screen readers announce them at once.
func flashRole(kind string) string {
	if kind == "error" {
		return "alert"
	}
	return "status"
}

// flashKind normalizes Page.FlashKind to a CSS modifier.
func flashKind(kind string) string {
	if kind == "error" {
		return "error"
	}
	return "success"
}

// stepsDone counts the completed steps.
func stepsDone(steps []Step) int {
	n := 0
	for _, s := range steps {
		if s.Done {
			n++
		}
	}
	return n
}

// itoa formats an int for templates.
func itoa(n int) string { return strconv.Itoa(n) }

// FieldProps describes a labelled form input with its message.
type FieldProps struct {
	Name         string // form field name; the element id is "f-" + Name
	Label        string
	Type         string // "text" when empty
	Value        string // ignored for passwords, which are never refilled
	Error        string // shown beside the input, which is then aria-invalid
	Hint         string // shown below the input
	Autocomplete string
	Required     bool
	MinLength    int
	Attrs        templ.Attributes // any other attribute of the input
}

func (f FieldProps) id() string      { return "f-" + f.Name }
func (f FieldProps) errorID() string { return f.id() + "-error" }
func (f FieldProps) hintID() string  { return f.id() + "-hint" }

func (f FieldProps) inputType() string {
	if f.Type == "" {
		return "text"
	}
	return f.Type
}

// describedBy links the input to its message and hint for screen readers.
func (f FieldProps) describedBy() string {
	var ids []string
	if f.Error != "" {
		ids = append(ids, f.errorID())
	}
	if f.Hint != "" {
		ids = append(ids, f.hintID())
	}
	return strings.Join(ids, " ")
}

// SelectProps describes a labelled <select> with its message, like
// FieldProps.
type SelectProps struct {
	Name    string // form field name; the element id is "f-" + Name
	Label   string
	Options []Option
	Value   string // the selected option's value
	Error   string
	Hint    string
}

// Option is one choice of a select.
type Option struct {
	Value string
	Label string
}

func (s SelectProps) field() FieldProps {
	return FieldProps{Name: s.Name, Error: s.Error, Hint: s.Hint}
}

// navVisible hides the sections the user may not open (Settings is for
// owners and admins).
func navVisible(p Page, it navItem) bool {
	if it.Key == "settings" {
		return p.Org != nil && p.Org.CanManage()
	}
	return true
}

// userEmail is the logged-in user's email, or "".
func userEmail(p Page) string {
	if p.User == nil {
		return ""
	}
	return p.User.Email
}

// landingHref is where a logged-in user's dashboard is: their only
// organization's, else the organization picker (which offers to create one).
func landingHref(p Page) string {
	if len(p.Orgs) == 1 {
		return OrgPath(p.Orgs[0].Slug)
	}
	return "/orgs"
}
