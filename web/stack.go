package web

// stackTab is one tab of step 1.
type stackTab struct {
	Key   string
	Path  string // below /o/{slug}/
	Label string
}

var stackTabs = []stackTab{
	{"inventory", "stack", "Inventory"},
	{"findings", "stack/findings", "Debt and opportunities"},
	{"considerations", "stack/considerations", "Considerations"},
	{"radar", "stack/radar", "Tech radar"},
}

// Conflict is what ConflictPanel shows after a save met a newer version.
type Conflict struct {
	Heading    string // "This item changed while you were editing"
	What       string // "item", "finding"
	CancelHref string // the page that shows the saved version
	Rows       []ConflictRow
}

// ConflictRow is one field, as saved and as typed (labels, not keys).
type ConflictRow struct {
	Label string
	Saved string
	Yours string
}

// orDash shows an empty value as a dash, so an empty cell is not mistaken
// for a missing one.
func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
