package roadmap

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Choice is one value of an enumeration with the words people read. Each
// enumeration of step 1 is an ordered catalog of them: forms list the
// options in this order, the messages name them in this order, and the order
// ranks them where one is needed (rings, effort).
type Choice[T comparable] struct {
	Key   T
	Label string
}

// Category is what a stack item is for.
type Category string

// The categories, as stored and sent by the API.
const (
	CategorySourceControl Category = "source_control"
	CategoryCICD          Category = "ci_cd"
	CategoryIaC           Category = "iac"
	CategoryContainers    Category = "containers"
	CategoryCloud         Category = "cloud"
	CategoryObservability Category = "observability"
	CategorySecurity      Category = "security"
	CategoryData          Category = "data"
	CategoryCollaboration Category = "collaboration"
	CategoryOther         Category = "other"
)

// Categories are the categories in the order forms and filters list them.
var Categories = []Choice[Category]{
	{CategorySourceControl, "Source control"},
	{CategoryCICD, "CI/CD"},
	{CategoryIaC, "Infrastructure as code"},
	{CategoryContainers, "Containers and orchestration"},
	{CategoryCloud, "Cloud"},
	{CategoryObservability, "Observability"},
	{CategorySecurity, "Security"},
	{CategoryData, "Data"},
	{CategoryCollaboration, "Collaboration"},
	{CategoryOther, "Other"},
}

// Lifecycle is a stack item's tech-radar ring: how the organization stands
// on it.
type Lifecycle string

// The lifecycle rings, from the centre of the radar outwards.
const (
	LifecycleAdopt  Lifecycle = "adopt"
	LifecycleTrial  Lifecycle = "trial"
	LifecycleAssess Lifecycle = "assess"
	LifecycleHold   Lifecycle = "hold"
	LifecycleRetire Lifecycle = "retire"
)

// Lifecycles are the rings, innermost first (the radar draws them in this
// order).
var Lifecycles = []Choice[Lifecycle]{
	{LifecycleAdopt, "Adopt"},
	{LifecycleTrial, "Trial"},
	{LifecycleAssess, "Assess"},
	{LifecycleHold, "Hold"},
	{LifecycleRetire, "Retire"},
}

// CostScaling is how an item's cost grows with the team or the load.
type CostScaling string

// The cost scalings. See ProjectedMonthlyCost for the factor each implies.
const (
	CostFlat        CostScaling = "flat"        // a fixed price or self-hosted: the same bill for twice the team
	CostLinear      CostScaling = "linear"      // per seat or per unit: twice the team, twice the bill
	CostSuperlinear CostScaling = "superlinear" // usage-priced (hosts, events, data): grows faster than the team
)

// CostScalings are the cost scalings, from the gentlest to the steepest.
var CostScalings = []Choice[CostScaling]{
	{CostFlat, "Flat"},
	{CostLinear, "Linear"},
	{CostSuperlinear, "Superlinear"},
}

// FindingKind says whether a finding is debt to pay down or an opportunity
// to take.
type FindingKind string

// The finding kinds.
const (
	FindingDebt        FindingKind = "debt"
	FindingOpportunity FindingKind = "opportunity"
)

// FindingKinds are the kinds, debt first.
var FindingKinds = []Choice[FindingKind]{
	{FindingDebt, "Tech debt"},
	{FindingOpportunity, "Growth opportunity"},
}

// Effort is a T-shirt size of the work a finding needs.
type Effort string

// The efforts, smallest first.
const (
	EffortXS Effort = "xs"
	EffortS  Effort = "s"
	EffortM  Effort = "m"
	EffortL  Effort = "l"
	EffortXL Effort = "xl"
)

// Efforts are the sizes, smallest first (Rank sorts by this order).
var Efforts = []Choice[Effort]{
	{EffortXS, "XS"},
	{EffortS, "S"},
	{EffortM, "M"},
	{EffortL, "L"},
	{EffortXL, "XL"},
}

// FindingStatus is where a finding stands.
type FindingStatus string

// The finding statuses.
const (
	FindingOpen     FindingStatus = "open"
	FindingPlanned  FindingStatus = "planned"
	FindingResolved FindingStatus = "resolved"
)

// DefaultFindingStatus is the status of a finding recorded without one.
const DefaultFindingStatus = FindingOpen

// FindingStatuses are the statuses in the order a finding moves through them.
var FindingStatuses = []Choice[FindingStatus]{
	{FindingOpen, "Open"},
	{FindingPlanned, "Planned"},
	{FindingResolved, "Resolved"},
}

// Severities are the levels of a finding's severity (for debt) or value
// (for an opportunity), 1 to 4.
var Severities = []Choice[int]{
	{1, "Low"},
	{2, "Medium"},
	{3, "High"},
	{4, "Critical"},
}

// MsgStackNameTaken is the message beside a name the inventory has
// already (names are unique without case: a findings CSV names its item).
func MsgStackNameTaken(name string) string {
	return "“" + name + "” is already in the inventory: a tool appears once."
}

// Scalabilities say what each scalability level means, so two people
// rating the same tool mean the same thing by a 3.
var Scalabilities = []Choice[int]{
	{1, "Does not scale"},
	{2, "Scales with much effort"},
	{3, "Scales with some effort"},
	{4, "Scales with little effort"},
	{5, "Scales without effort"},
}

// ScalabilityLabel is the meaning of a scalability level ("" out of range).
func ScalabilityLabel(n int) string { return labelOf(Scalabilities, n) }

// Limits the forms, the API, the CSV import and the database agree on.
const (
	MaxStackName          = 200
	MaxStackOwner         = 200
	MaxStackNotes         = 2000
	MaxFindingTitle       = 200
	MaxFindingDescription = 4000
	// MaxMonthlyCost bounds a monthly cost: far above any real bill, low
	// enough that sums over thousands of items stay exact to the cent in
	// a float64 and fit a NUMERIC(12,2).
	MaxMonthlyCost = 1e9
	// MaxSupportHours bounds support hours per month: about 60 people
	// doing nothing else, beyond which the number is a typo.
	MaxSupportHours = 10000
	MinScalability  = 1
	MaxScalability  = 5
	MinSeverity     = 1
	MaxSeverity     = 4
)

// Label is the category as people read it ("" when unknown).
func (c Category) Label() string { return labelOf(Categories, c) }

// Valid reports whether c is in the catalog.
func (c Category) Valid() bool { return indexOf(Categories, c) >= 0 }

// Label is the ring as people read it ("" when unknown).
func (l Lifecycle) Label() string { return labelOf(Lifecycles, l) }

// Valid reports whether l is in the catalog.
func (l Lifecycle) Valid() bool { return indexOf(Lifecycles, l) >= 0 }

// Rank is the ring's position from the centre, 0 for adopt (-1 when
// unknown).
func (l Lifecycle) Rank() int { return indexOf(Lifecycles, l) }

// Label is the cost scaling as people read it ("" when unknown).
func (s CostScaling) Label() string { return labelOf(CostScalings, s) }

// Valid reports whether s is in the catalog.
func (s CostScaling) Valid() bool { return indexOf(CostScalings, s) >= 0 }

// Label is the kind as people read it ("" when unknown).
func (k FindingKind) Label() string { return labelOf(FindingKinds, k) }

// Valid reports whether k is in the catalog.
func (k FindingKind) Valid() bool { return indexOf(FindingKinds, k) >= 0 }

// Label is the effort as people read it ("" when unknown).
func (e Effort) Label() string { return labelOf(Efforts, e) }

// Valid reports whether e is in the catalog.
func (e Effort) Valid() bool { return indexOf(Efforts, e) >= 0 }

// Rank is the effort's position, 0 for xs (-1 when unknown): the findings
// list sorts by severity, then by this.
func (e Effort) Rank() int { return indexOf(Efforts, e) }

// Label is the status as people read it ("" when unknown).
func (s FindingStatus) Label() string { return labelOf(FindingStatuses, s) }

// Valid reports whether s is in the catalog.
func (s FindingStatus) Valid() bool { return indexOf(FindingStatuses, s) >= 0 }

// SeverityLabel is the level as people read it ("" outside 1–4).
func SeverityLabel(n int) string { return labelOf(Severities, n) }

// ParseCategory reads a category as a person types it: a key or a label in
// any case, surrounding spaces ignored. Anything else comes back as typed,
// for Validate to refuse with the list of choices.
func ParseCategory(s string) Category { return parseChoice(Categories, s) }

// ParseLifecycle is ParseCategory for rings.
func ParseLifecycle(s string) Lifecycle { return parseChoice(Lifecycles, s) }

// ParseCostScaling is ParseCategory for cost scalings.
func ParseCostScaling(s string) CostScaling { return parseChoice(CostScalings, s) }

// ParseFindingKind is ParseCategory for kinds.
func ParseFindingKind(s string) FindingKind { return parseChoice(FindingKinds, s) }

// ParseEffort is ParseCategory for efforts.
func ParseEffort(s string) Effort { return parseChoice(Efforts, s) }

// ParseFindingStatus is ParseCategory for statuses.
func ParseFindingStatus(s string) FindingStatus { return parseChoice(FindingStatuses, s) }

// NormalizeLineBreaks writes every line break of a multi-line value (CRLF,
// a lone CR) as LF. Browsers post a textarea with CRLF and CSV readers
// return LF, so the doors normalize before validating and storing, and a
// value reads back the same whichever door it came through.
func NormalizeLineBreaks(s string) string {
	if !strings.ContainsRune(s, '\r') {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// StackItem is a tool or platform of the inventory, as a form, the API or a
// CSV row writes it.
type StackItem struct {
	Name                 string
	Category             Category
	Lifecycle            Lifecycle
	MonthlyCost          float64 // in the organization's currency
	CostScaling          CostScaling
	Scalability          int // 1 (does not scale) to 5 (scales without effort)
	SupportHoursPerMonth float64
	Owner                string // a person or a team, free text
	Notes                string
}

// Validate checks every field; the keys are the API's and the forms' field
// names.
func (it StackItem) Validate() FieldErrors {
	fe := FieldErrors{}
	fe.Text("name", "Name", it.Name, true, MaxStackName)
	checkChoice(fe, "category", "a category", Categories, it.Category)
	checkChoice(fe, "lifecycle", "a lifecycle ring", Lifecycles, it.Lifecycle)
	fe.amount("monthly_cost", "Monthly cost", it.MonthlyCost, MaxMonthlyCost)
	checkChoice(fe, "cost_scaling", "how the cost scales", CostScalings, it.CostScaling)
	fe.intRange("scalability", "Scalability", it.Scalability, MinScalability, MaxScalability)
	fe.amount("support_hours_per_month", "Support hours per month", it.SupportHoursPerMonth, MaxSupportHours)
	fe.Text("owner", "Owner", it.Owner, false, MaxStackOwner)
	fe.MultilineText("notes", "Notes", it.Notes, false, MaxStackNotes)
	return fe
}

// Finding is tech debt or a growth opportunity on the stack, optionally tied
// to one stack item.
type Finding struct {
	Kind        FindingKind
	Title       string
	Description string
	Severity    int // 1–4: severity for debt, value for an opportunity
	Effort      Effort
	Status      FindingStatus // "" becomes DefaultFindingStatus through WithDefaults
	// StackItemID is the item the finding is about, nil for the stack as a
	// whole. Validate only checks that it is a possible id: whether it is
	// an item of the same organization is the store's question (answered
	// as not found).
	StackItemID *int64
}

// WithDefaults fills what may be left out: a finding without a status is
// open. Doors call it before Validate, so Validate stays strict for a
// value that was given.
func (f Finding) WithDefaults() Finding {
	if f.Status == "" {
		f.Status = DefaultFindingStatus
	}
	return f
}

// Validate checks every field; the keys are the API's and the forms' field
// names.
func (f Finding) Validate() FieldErrors {
	fe := FieldErrors{}
	checkChoice(fe, "kind", "a kind", FindingKinds, f.Kind)
	fe.Text("title", "Title", f.Title, true, MaxFindingTitle)
	fe.MultilineText("description", "Description", f.Description, false, MaxFindingDescription)
	fe.intRange("severity", "Severity", f.Severity, MinSeverity, MaxSeverity)
	checkChoice(fe, "effort", "an effort", Efforts, f.Effort)
	checkChoice(fe, "status", "a status", FindingStatuses, f.Status)
	if f.StackItemID != nil && *f.StackItemID <= 0 {
		fe.Add("stack_item_id", "Unknown stack item.")
	}
	return fe
}

// checkChoice refuses a value outside the catalog with a message that lists
// the catalog, so the person sees what to pick: "Choose a category: source
// control, CI/CD, … or other."
func checkChoice[T comparable](fe FieldErrors, field, what string, c []Choice[T], v T) {
	if indexOf(c, v) < 0 {
		fe.Add(field, "Choose "+what+": "+ListWords(lowerLabels(c))+".")
	}
}

// amount checks a non-negative, finite number up to max (a cost, hours).
// NaN and the infinities reach here from forms and CSV (strconv parses
// them), never from JSON.
func (fe FieldErrors) amount(field, label string, v, max float64) {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		fe.Add(field, label+" must be a number.")
	case v < 0:
		fe.Add(field, label+" cannot be negative.")
	case v > max:
		fe.Add(field, label+" must be at most "+groupThousands(max)+".")
	}
}

// intRange checks a whole number from min to max.
func (fe FieldErrors) intRange(field, label string, v, min, max int) {
	if v < min || v > max {
		fe.Add(field, label+" must be a whole number from "+strconv.Itoa(min)+" to "+groupThousands(float64(max))+".")
	}
}

// ListWords joins words as a sentence does: "a", "a or b", "a, b or c".
func ListWords(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// lowerLabels are the labels as they read inside a sentence: the first
// letter lowered unless the word is an acronym ("CI/CD", "XS").
func lowerLabels[T comparable](c []Choice[T]) []string {
	out := make([]string, len(c))
	for i, ch := range c {
		out[i] = lowerFirst(ch.Label)
	}
	return out
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	if r2, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(r2) || r2 == utf8.RuneError {
		return s // an acronym or a single letter: keep it as written
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// groupThousands writes a whole number with comma separators, as the
// messages show limits (1,000,000,000).
func groupThousands(v float64) string {
	s := strconv.FormatFloat(v, 'f', 0, 64)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func indexOf[T comparable](c []Choice[T], v T) int {
	for i, ch := range c {
		if ch.Key == v {
			return i
		}
	}
	return -1
}

func labelOf[T comparable](c []Choice[T], v T) string {
	if i := indexOf(c, v); i >= 0 {
		return c[i].Label
	}
	return ""
}

func parseChoice[T ~string](c []Choice[T], s string) T {
	s = strings.TrimSpace(s)
	for _, ch := range c {
		if strings.EqualFold(s, string(ch.Key)) || strings.EqualFold(s, ch.Label) {
			return ch.Key
		}
	}
	return T(s)
}
