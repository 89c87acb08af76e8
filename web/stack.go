package web

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"github.com/headwayhq/headway/internal/roadmap"
)

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

// StackItem is an item of the inventory as the pages show it.
type StackItem struct {
	ID int64
	roadmap.StackItem
	OpenFindings int // findings tied to it that are not resolved
	Version      int
	UpdatedAt    time.Time
}

// StackProps is the inventory page's data.
type StackProps struct {
	Items     []StackItem // filtered and sorted
	Total     int         // items in the inventory, before filtering
	Category  string      // the category filter ("" for all)
	Lifecycle string      // the ring filter ("" for all)
	Sort      string      // name, cost or support
	Ignored   []string    // what the query asked that is not a filter, said on the page
	CanManage bool
	Facts     roadmap.StackFacts // over the whole inventory
	Unpriced  int                // items of the inventory at a cost of 0
	// Catalog is offered when the inventory is empty to owners and admins:
	// the starter tools by category, ticked ones in Picked.
	Catalog     []CatalogGroup
	CatalogForm Form
}

// CatalogGroup is the starter catalog's tools of one category.
type CatalogGroup struct {
	Category roadmap.Category
	Tools    []roadmap.CatalogTool
}

// StackSorts are the inventory's orders, as the sort parameter names them.
var StackSorts = []Option{
	{"name", "Name"},
	{"cost", "Monthly cost, highest first"},
	{"support", "Support hours, highest first"},
}

// StackItemFormProps is the data of the new and edit forms of an item.
type StackItemFormProps struct {
	Form     Form
	ID       int64     // 0 for a new item
	Conflict *Conflict // a save met a newer version
}

// StackItemProps is an item's page.
type StackItemProps struct {
	Item      StackItem
	Findings  []FindingRow // in the register's order
	CanManage bool
}

// ConsiderationsProps is the considerations page's data.
type ConsiderationsProps struct {
	Form       Form // team sizes and answers, by field name
	Facts      roadmap.StackFacts
	Items      []StackItem // the inventory, indexed by the facts' lists
	Members    int         // the default team size
	Saved      bool        // answered before (else the values are defaults)
	UpdatedAt  time.Time
	CanManage  bool
	Conflict   *Conflict
	Projection []CostProjection // the model, line by line
}

// CostProjection is one cost scaling's share of the projected cost.
type CostProjection struct {
	Scaling roadmap.CostScaling
	Factor  float64 // at twice the team
	Today   float64
	Doubled float64
}

// choiceOptions are a catalog's choices as a select's options, after a
// first option with an empty value labelled first (none when first is "").
func choiceOptions[T ~string](first string, c []roadmap.Choice[T]) []Option {
	var o []Option
	if first != "" {
		o = append(o, Option{"", first})
	}
	for _, ch := range c {
		o = append(o, Option{string(ch.Key), ch.Label})
	}
	return o
}

func categoryOptions(all string) []Option  { return choiceOptions(all, roadmap.Categories) }
func lifecycleOptions(all string) []Option { return choiceOptions(all, roadmap.Lifecycles) }
func costScalingOptions() []Option         { return choiceOptions("", roadmap.CostScalings) }

func scalabilityOptions() []Option {
	o := []Option{{"", "Choose 1 to 5"}}
	for n := roadmap.MinScalability; n <= roadmap.MaxScalability; n++ {
		o = append(o, Option{strconv.Itoa(n), strconv.Itoa(n) + " — " + roadmap.ScalabilityLabel(n)})
	}
	return o
}

// Money writes an amount as the pages show it: thousands grouped, cents
// only when there are any (1,200 or 49.90).
func Money(v float64) string {
	cents := math.Round(v * 100)
	whole := strconv.FormatFloat(math.Floor(cents/100), 'f', 0, 64)
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	if c := int64(cents) % 100; c != 0 {
		return whole + "." + fmt.Sprintf("%02d", c)
	}
	return whole
}

// Hours writes hours with at most one decimal, thousands grouped (12, 7.5
// or 1,250).
func Hours(v float64) string {
	s := strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	if frac != "" {
		return whole + "." + frac
	}
	return whole
}

// pluralize is "1 tool" or "3 tools".
func pluralize(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// FTE writes full-time engineers with two decimals (0.25).
func FTE(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// sortHref is the inventory's URL with the same filters in another order.
func (d StackProps) sortHref(slug, sort string) templ.SafeURL {
	return templ.URL(OrgPath(slug, "stack") + stackQuery(d.Category, d.Lifecycle, sort))
}

func stackQuery(category, lifecycle, sort string) string {
	q := url.Values{}
	if category != "" {
		q.Set("category", category)
	}
	if lifecycle != "" {
		q.Set("lifecycle", lifecycle)
	}
	if sort != "" && sort != "name" {
		q.Set("sort", sort)
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// filtered reports whether a filter hides part of the inventory.
func (d StackProps) filtered() bool { return d.Category != "" || d.Lifecycle != "" }

// ariaSort is the aria-sort of a sortable column.
func (d StackProps) ariaSort(sort string) string {
	if d.Sort == sort {
		if sort == "name" {
			return "ascending"
		}
		return "descending"
	}
	return "none"
}

func itemHref(slug string, id int64, elems ...string) templ.SafeURL {
	return orgURL(slug, append([]string{"stack", id64(id)}, elems...)...)
}

func (d StackItemFormProps) action(slug string) templ.SafeURL {
	if d.ID == 0 {
		return orgURL(slug, "stack")
	}
	return itemHref(slug, d.ID)
}

func (d StackItemFormProps) cancel(slug string) templ.SafeURL {
	if d.ID == 0 {
		return orgURL(slug, "stack")
	}
	return itemHref(slug, d.ID)
}

func (d ConsiderationsProps) item(i int) StackItem { return d.Items[i] }

func verdictOptions() []roadmap.Choice[roadmap.Verdict] { return roadmap.Verdicts }

// canEdit makes a field read-only for members, who see the answers but
// cannot change them.
func canEdit(manage bool, a templ.Attributes) templ.Attributes {
	if !manage {
		a["readonly"] = true
	}
	return a
}

// ratio writes a factor with up to two decimals (2, 2.83).
func ratio(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

// itemFact is the one line beside an item in the considerations' lists.
func itemFact(it StackItem) string {
	return it.CostScaling.Label() + " cost · " + Money(it.MonthlyCost) + " a month · " + Hours(it.SupportHoursPerMonth) + " h support · " +
		it.Lifecycle.Label() + " · scalability " + strconv.Itoa(it.Scalability) + "/5"
}
