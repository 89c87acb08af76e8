package roadmap

import (
	_ "embed"
	"encoding/json"
	"sync"
)

// Step 3, scalable infrastructure: a catalog of practices (practices_catalog.go)
// and where an organization stands on each. A status weighs 0, ⅓, ⅔ or 1
// towards its group's completion; a practice whose prerequisite is not at
// least "mostly" in place is flagged, because building on a shaky base (CD
// without CI, orchestration without containers, SLOs without metrics) is
// where such efforts stall.

// PracticeGroup is one of the three families of practices.
type PracticeGroup string

// The groups, as stored and sent by the API.
const (
	GroupAutomation PracticeGroup = "automation"
	GroupScaling    PracticeGroup = "scaling"
	GroupMonitoring PracticeGroup = "monitoring"
)

// PracticeGroups are the groups in the order the page shows them: the
// guide's order (automate, then scale, then watch).
var PracticeGroups = []Choice[PracticeGroup]{
	{GroupAutomation, "Automation"},
	{GroupScaling, "Horizontal scaling"},
	{GroupMonitoring, "Monitoring and alerting"},
}

// Label is the group as people read it ("" when unknown).
func (g PracticeGroup) Label() string { return labelOf(PracticeGroups, g) }

// Valid reports whether g is in the catalog.
func (g PracticeGroup) Valid() bool { return indexOf(PracticeGroups, g) >= 0 }

// PracticeStatus is how far a practice is in place.
type PracticeStatus string

// The statuses, as stored and sent by the API.
const (
	PracticeNotStarted PracticeStatus = "not_started"
	PracticePartial    PracticeStatus = "partial"
	PracticeMostly     PracticeStatus = "mostly"
	PracticeFully      PracticeStatus = "fully"
)

// PracticeStatuses are the statuses from nothing to everything; a status's
// position is its weight in thirds (Weight).
var PracticeStatuses = []Choice[PracticeStatus]{
	{PracticeNotStarted, "Not started"},
	{PracticePartial, "Partial"},
	{PracticeMostly, "Mostly"},
	{PracticeFully, "Fully"},
}

// Label is the status as people read it ("" when unknown).
func (s PracticeStatus) Label() string { return labelOf(PracticeStatuses, s) }

// Valid reports whether s is in the catalog.
func (s PracticeStatus) Valid() bool { return indexOf(PracticeStatuses, s) >= 0 }

// Rank is the status's position, 0 for not started; an unknown status
// ranks as not started (a practice nobody rated is not in place).
func (s PracticeStatus) Rank() int { return max(indexOf(PracticeStatuses, s), 0) }

// Weight is what the status counts towards its group's completion: not
// started 0, partial ⅓, mostly ⅔, fully 1.
func (s PracticeStatus) Weight() float64 { return float64(s.Rank()) / float64(len(PracticeStatuses)-1) }

// ParsePracticeStatus reads a status as a person types it (key or label,
// any case); anything else comes back as typed, for Validate to refuse.
func ParsePracticeStatus(s string) PracticeStatus { return parseChoice(PracticeStatuses, s) }

// MaxPracticeNotes bounds a practice's notes (forms, API and database).
const MaxPracticeNotes = 2000

// PracticeChange is a status set on one practice, as a form or the API
// sends it. The practice's key is the path's: an unknown one is not found,
// not a field error. Notes nil keeps the stored notes (an API client that
// sends only the status).
type PracticeChange struct {
	Status PracticeStatus
	Notes  *string
}

// Validate checks the status and the notes; the keys are the API's and the
// forms' field names.
func (c PracticeChange) Validate() FieldErrors {
	fe := FieldErrors{}
	checkChoice(fe, "status", "a status", PracticeStatuses, c.Status)
	if c.Notes != nil {
		fe.MultilineText("notes", "Notes", *c.Notes, false, MaxPracticeNotes)
	}
	return fe
}

// MetricLink is a DORA metric a practice moves and Headway's reason why
// (DORA publishes no such table: the page says the reasons are Headway's).
// Metric is the metric's key as step 2 stores it: deployment_frequency,
// lead_time, change_failure_rate, recovery_time or rework_rate.
type MetricLink struct {
	Metric string
	Why    string
}

// The keys of the DORA metrics a practice may move (step 2's keys).
var doraMetricKeys = []string{"deployment_frequency", "lead_time", "change_failure_rate", "recovery_time", "rework_rate"}

// Practice is one practice of the catalog.
type Practice struct {
	Key     string // stable: stored, sent by the API, used in URLs and by the roadmap's rules
	Group   PracticeGroup
	Title   string
	Means   string // what doing it looks like
	Matters string // why it matters for growing without heroics
	// Capability is the slug of the DORA capability the practice is
	// part of ("" when none corresponds): see Capabilities.
	Capability string
	Moves      []MetricLink
	// DependsOn are the keys of the practices to have at least mostly in
	// place first.
	DependsOn []string
}

// PracticeByKey finds a practice of the catalog.
func PracticeByKey(key string) (Practice, bool) {
	i, ok := practiceIndex()[key]
	if !ok {
		return Practice{}, false
	}
	return PracticeCatalog[i], true
}

var practiceIndex = sync.OnceValue(func() map[string]int {
	m := make(map[string]int, len(PracticeCatalog))
	for i, p := range PracticeCatalog {
		m[p.Key] = i
	}
	return m
})

// PracticesIn lists the catalog's practices of one group, in catalog order.
func PracticesIn(g PracticeGroup) []Practice {
	var out []Practice
	for _, p := range PracticeCatalog {
		if p.Group == g {
			out = append(out, p)
		}
	}
	return out
}

// GroupCompletion is how far one group's practices are in place.
type GroupCompletion struct {
	Group     PracticeGroup
	Practices int     // in the catalog
	Fully     int     // fully in place
	Started   int     // anything but not started
	Ratio     float64 // 0 to 1: the mean of the statuses' weights
}

// Percent is Ratio in whole percent, rounded half up (for the bars).
func (g GroupCompletion) Percent() int { return int(g.Ratio*100 + 0.5) }

// PracticeCompletion is the completion of each group, in PracticeGroups
// order, from the organization's statuses by practice key (a practice
// without one is not started; keys not in the catalog are ignored).
func PracticeCompletion(status map[string]PracticeStatus) []GroupCompletion {
	out := make([]GroupCompletion, len(PracticeGroups))
	sums := make([]float64, len(PracticeGroups))
	for i, g := range PracticeGroups {
		out[i].Group = g.Key
	}
	for _, p := range PracticeCatalog {
		i := indexOf(PracticeGroups, p.Group)
		st := status[p.Key]
		out[i].Practices++
		sums[i] += st.Weight()
		if st.Rank() > 0 {
			out[i].Started++
		}
		if st == PracticeFully {
			out[i].Fully++
		}
	}
	for i := range out {
		if out[i].Practices > 0 {
			out[i].Ratio = sums[i] / float64(out[i].Practices)
		}
	}
	return out
}

// PrerequisiteWarning says that a practice builds on one that is not at
// least mostly in place.
type PrerequisiteWarning struct {
	Practice     string // the practice's key
	Prerequisite string // the prerequisite's key
	Status       PracticeStatus
}

// Message is the warning as the page says it beside the practice.
func (w PrerequisiteWarning) Message() string {
	p, _ := PracticeByKey(w.Prerequisite)
	where := "is not started yet"
	if w.Status == PracticePartial {
		where = "is only partly in place"
	}
	return "Builds on " + p.Title + ", which " + where + ": get it at least mostly in place first."
}

// PrerequisiteWarnings lists, in catalog order, every prerequisite that is
// not at least mostly in place, for each practice that is past not started
// (a practice nobody has begun needs no warning yet; the page lists its
// prerequisites anyway).
func PrerequisiteWarnings(status map[string]PracticeStatus) []PrerequisiteWarning {
	var out []PrerequisiteWarning
	for _, p := range PracticeCatalog {
		if status[p.Key].Rank() == 0 {
			continue
		}
		for _, dep := range p.DependsOn {
			if st := status[dep]; st.Rank() < PracticeMostly.Rank() {
				if !st.Valid() {
					st = PracticeNotStarted
				}
				out = append(out, PrerequisiteWarning{Practice: p.Key, Prerequisite: dep, Status: st})
			}
		}
	}
	return out
}

// Capability is one of DORA's capabilities (reference data: see
// data/dora-capabilities.md).
type Capability struct {
	Slug     string `json:"slug"`
	Title    string `json:"title"`
	Category string `json:"category"` // climate for learning, fast flow, fast feedback, AI
	Core     bool   `json:"core"`
	URL      string `json:"url"`
}

// CapabilityAttribution is the line a page that names capabilities shows.
const CapabilityAttribution = "Capabilities: DORA (dora.dev), Google LLC, CC BY 4.0"

//go:embed data/dora-capabilities.json
var capabilitiesJSON []byte

// Capabilities are DORA's capabilities in the file's order.
var Capabilities = sync.OnceValue(func() []Capability {
	var f struct {
		Capabilities []Capability `json:"capabilities"`
	}
	if err := json.Unmarshal(capabilitiesJSON, &f); err != nil {
		panic("roadmap: data/dora-capabilities.json: " + err.Error()) // embedded and tested: cannot happen at run time
	}
	return f.Capabilities
})

// CapabilityBySlug finds a DORA capability.
func CapabilityBySlug(slug string) (Capability, bool) {
	for _, c := range Capabilities() {
		if c.Slug == slug {
			return c, true
		}
	}
	return Capability{}, false
}
