package web

import "time"

// AuditProps is the data of /o/{slug}/settings/audit.
type AuditProps struct {
	Events  []AuditRow
	Action  string   // the action filtered on, "" for all
	Actions []Option // the actions the filter offers
	First   bool     // the newest page (no ?before=)
	Older   string   // link to the next, older page; "" on the last
}

// AuditRow is one entry of the audit log.
type AuditRow struct {
	At       time.Time
	Actor    string
	Action   string // as people read it
	Target   string
	ClientIP string
}

// timeLabel formats a moment for the log ("Jan 2, 2006 15:04 UTC").
func timeLabel(t time.Time) string { return t.UTC().Format("Jan 2, 2006 15:04 UTC") }

// timeAttr is a moment as the datetime attribute of <time>.
func timeAttr(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// auditOptions are the filter's choices, "All actions" first.
func (d AuditProps) auditOptions() []Option {
	return append([]Option{{Value: "", Label: "All actions"}}, d.Actions...)
}
