package web

import (
	"net/url"
	"strconv"

	"github.com/a-h/templ"

	"github.com/headwayhq/headway/internal/roadmap"
)

// FindingRow is one finding as a list shows it: the findings register and
// a stack item's page (FindingsTable).
type FindingRow struct {
	ID       int64
	Kind     roadmap.FindingKind
	Title    string
	Severity int // 1–4: severity for debt, value for an opportunity
	Effort   roadmap.Effort
	Status   roadmap.FindingStatus
	ItemID   int64  // the stack item it is about, 0 for the whole stack
	ItemName string // its name ("" for the whole stack)
}

// FindingsProps is the data of /o/{slug}/stack/findings.
type FindingsProps struct {
	Rows      []FindingRow // the findings the filters let through, in the register's order
	Total     int          // findings in the register, whatever the filters
	Kind      string       // the kind filter in effect ("" for every kind)
	Status    string       // the status filter in effect ("" for every status)
	Kinds     []FilterLink // one per kind, "All" first
	Statuses  []FilterLink // one per status, "All" first
	Notes     []string     // filter values that were not understood, said on the page
	CanManage bool
}

// FilterLink is one choice of a filter: a plain link (so a filtered view is
// a URL to share) with the number of findings it would show.
type FilterLink struct {
	Label   string
	Count   int
	Href    string
	Current bool
}

// FindingFormProps is the data of the new and edit forms of a finding
// (managers) and of its read view (members).
type FindingFormProps struct {
	ID       int64 // 0 for a new finding
	Form     Form  // values under the API's field names, and their messages
	Items    []Option
	Conflict *Conflict // set when a save met a newer version (409)
	// Read view only: the finding as stored, with its item's name.
	Row         FindingRow
	Description string
}

// FindingsPath is the findings register, filtered by kind and status when
// they are not "": the one way its shareable URLs are made.
func FindingsPath(slug, kind, status string) string {
	q := url.Values{}
	if kind != "" {
		q.Set("kind", kind)
	}
	if status != "" {
		q.Set("status", status)
	}
	p := OrgPath(slug, "stack", "findings")
	if len(q) > 0 {
		p += "?" + q.Encode()
	}
	return p
}

// FindingPath is a finding's page (its edit form for managers); elems add
// to it ("delete").
func FindingPath(slug string, id int64, elems ...string) string {
	return OrgPath(slug, append([]string{"stack", "findings", strconv.FormatInt(id, 10)}, elems...)...)
}

// NewFindingPath is the new finding form, with the stack item preselected
// when stackItemID is not 0 (a stack item's page links here).
func NewFindingPath(slug string, stackItemID int64) string {
	p := OrgPath(slug, "stack", "findings", "new")
	if stackItemID != 0 {
		p += "?stack_item_id=" + strconv.FormatInt(stackItemID, 10)
	}
	return p
}

// findingItemURL is the page of a finding's stack item.
func findingItemURL(slug string, id int64) templ.SafeURL {
	return templ.URL(OrgPath(slug, "stack", strconv.FormatInt(id, 10)))
}

// SeverityWords is a finding's level in the words of its kind: "High
// severity" for debt, "High value" for an opportunity.
func SeverityWords(kind roadmap.FindingKind, severity int) string {
	l := roadmap.SeverityLabel(severity)
	if l == "" {
		return ""
	}
	if kind == roadmap.FindingOpportunity {
		return l + " value"
	}
	return l + " severity"
}

// kindBadge is the badge colour of a kind.
func kindBadge(k roadmap.FindingKind) string {
	if k == roadmap.FindingOpportunity {
		return "success"
	}
	return "warning"
}

// statusBadge is the badge colour of a status.
func statusBadge(s roadmap.FindingStatus) string {
	switch s {
	case roadmap.FindingPlanned:
		return "info"
	case roadmap.FindingResolved:
		return "neutral"
	}
	return "primary"
}

func findingURL(slug string, id int64, elems ...string) templ.SafeURL {
	return templ.URL(FindingPath(slug, id, elems...))
}

// kindOptions, severityOptions, effortOptions and statusOptions are the
// form's selects, in the catalogs' order; the first three start with a
// prompt, so nothing is chosen for the person.
func kindOptions() []Option { return choiceOptions("Choose…", roadmap.FindingKinds) }

func severityOptions() []Option {
	out := []Option{{"", "Choose…"}}
	for _, c := range roadmap.Severities {
		out = append(out, Option{strconv.Itoa(c.Key), strconv.Itoa(c.Key) + " · " + c.Label})
	}
	return out
}

func effortOptions() []Option { return choiceOptions("Choose…", roadmap.Efforts) }

func statusOptions() []Option { return choiceOptions("", roadmap.FindingStatuses) }

// itemOptions is the stack item select: the whole stack, then the items.
func (d FindingFormProps) itemOptions() []Option {
	return append([]Option{{"", "Whole stack"}}, d.Items...)
}

// editing reports whether the form edits a stored finding.
func (d FindingFormProps) editing() bool { return d.ID != 0 }

func (d FindingFormProps) action(slug string) templ.SafeURL {
	if d.editing() {
		return findingURL(slug, d.ID)
	}
	return templ.URL(OrgPath(slug, "stack", "findings"))
}
