package web

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"unicode"

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
	Mark    string // the step's number ("1", "2a"), "" when the entry is not a step
	Label   string
	Soon    bool // the page is not built yet: the link says so
}

// roadmapReady turns on with the roadmap service; until then its link says
// "soon".
const roadmapReady = true

// navGroup is a titled group of the navigation.
type navGroup struct {
	Key   string
	Title string // "" for the first group (the dashboard)
	Items []navItem
}

// navGroups lists the organization's sections: the dashboard, the steps of
// the assessment (from roadmap.Steps; a step of two sections is 2a and 2b),
// the roadmap, then the team and, for owners and admins, the settings.
func navGroups(p Page) []navGroup {
	steps := navGroup{Key: "assessment", Title: "Assessment"}
	for _, st := range roadmap.Steps {
		for i, sec := range st.Sections {
			mark := strconv.Itoa(st.Number)
			if len(st.Sections) > 1 {
				mark += string(rune('a' + i))
			}
			steps.Items = append(steps.Items, navItem{Key: sec.Key, Section: sec.Key, Mark: mark, Label: sec.NavLabel, Soon: !sec.Available})
		}
	}
	org := navGroup{Key: "organization", Title: "Organization", Items: []navItem{{Key: "team", Section: "team", Label: "Team"}}}
	if p.Org != nil && p.Org.CanManage() {
		org.Items = append(org.Items, navItem{Key: "settings", Section: "settings", Label: "Settings"})
	}
	return []navGroup{
		{Key: "home", Items: []navItem{{Key: "dashboard", Label: "Dashboard"}}},
		steps,
		{Key: "plan", Title: "Plan", Items: []navItem{{Key: "roadmap", Section: "roadmap", Label: "Roadmap", Soon: !roadmapReady}}},
		org,
	}
}

// initials are up to two letters of a name for its avatar ("Olivia Owner"
// → "OO", "cher" → "C").
func initials(name string) string {
	var out []rune
	for _, w := range strings.Fields(name) {
		for _, r := range w {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				out = append(out, unicode.ToUpper(r))
				break
			}
		}
		if len(out) == 2 {
			break
		}
	}
	if len(out) == 0 {
		return "?"
	}
	return string(out)
}

// title is the document title.
func title(ctx context.Context, p Page) string {
	t := "Headway"
	if p.Title != "" {
		t = p.Title + " · Headway"
	}
	// A form sent back with its mistakes says so first, where a screen
	// reader and the browser tab start.
	switch status, _ := ctx.Value(statusKey{}).(int); status {
	case 400, 409, 413, 422, 429:
		t = "Error: " + t
	}
	return t
}

type statusKey struct{}

// WithStatus tells the layout the status the page is sent with.
func WithStatus(ctx context.Context, status int) context.Context {
	return context.WithValue(ctx, statusKey{}, status)
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

// tasksDone counts the finished tasks.
func tasksDone(tasks []Task) int {
	n := 0
	for _, t := range tasks {
		if t.Done {
			n++
		}
	}
	return n
}

// tasksPossible counts the tasks that can be done today.
func tasksPossible(tasks []Task) int {
	n := 0
	for _, t := range tasks {
		if t.Href != "" {
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
	// ID is the element id when a page repeats the field (one form per
	// card); "" means "f-" + Name.
	ID string
}

func (f FieldProps) id() string {
	if f.ID != "" {
		return f.ID
	}
	return "f-" + f.Name
}
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
	if f.Hint != "" && f.Error == "" {
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
	ID      string // as FieldProps.ID
}

// Option is one choice of a select.
type Option struct {
	Value string
	Label string
}

func (s SelectProps) field() FieldProps {
	return FieldProps{Name: s.Name, Error: s.Error, Hint: s.Hint, ID: s.ID}
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

// articled is a role with its article ("an admin", "a member").
func articled(role string) string {
	if role == "admin" || role == "owner" {
		return "an " + role
	}
	return "a " + role
}

// roleDoes says what a role may do, in one sentence.
func roleDoes(role string) string {
	switch role {
	case "owner":
		return "Owners manage everything, including who owns the organization and deleting it."
	case "admin":
		return "Admins manage the assessment, the roadmap, the team and the settings."
	}
	return "Members rate their own skills and read the dashboard and the roadmap."
}

// hasSample reports whether one of orgs is the user's sample organization
// (then it is in the list, and not offered again).
func hasSample(orgs []OrgInfo) bool {
	for _, o := range orgs {
		if o.IsSample && o.Role == "owner" {
			return true
		}
	}
	return false
}
