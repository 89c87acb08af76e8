package roadmap

import (
	"slices"
	"strconv"
)

// Baselines: the roadmap saved under a name ("Q1 board review") so that a
// later reading can say what was added, removed, re-ordered or finished
// since. A baseline keeps only what the comparison needs, so it stays
// readable however the derivation changes later.

// MaxBaselineName is the longest baseline name, in characters.
const MaxBaselineName = 80

// MaxBaselines is how many baselines an organization keeps: enough for a
// board review every week for two years, and a bound on what one
// organization stores.
const MaxBaselines = 100

// baselineDone is the decision status of a finished initiative.
const baselineDone = "done"

// BaselineItem is one initiative as a baseline records it.
type BaselineItem struct {
	Key     string `json:"key"`
	Title   string `json:"title"`
	Rank    int    `json:"rank"` // 1-based position in priority order
	Phase   Phase  `json:"phase"`
	Quarter string `json:"quarter"` // the quarter's name, "2027 Q1"
	Status  string `json:"status"`  // the decision status when saved
}

// ItemsOf records list (in priority order) as baseline items; statusOf
// gives each initiative's decision status by key.
func ItemsOf(list []Initiative, statusOf func(key string) string) []BaselineItem {
	out := make([]BaselineItem, len(list))
	for i, it := range list {
		out[i] = BaselineItem{Key: it.Key, Title: it.Title, Rank: i + 1, Phase: it.Phase, Quarter: it.QuarterName, Status: statusOf(it.Key)}
	}
	return out
}

// BaselineMove is an initiative in both readings whose place changed.
type BaselineMove struct {
	Item                   BaselineItem // as it is now
	FromRank, ToRank       int
	FromQuarter, ToQuarter string
	Reordered              bool // its order among the initiatives of both readings changed (else only its quarter)
}

// Up reports a move to an earlier (higher priority) rank.
func (m BaselineMove) Up() bool { return m.ToRank < m.FromRank }

// BaselineDiff is what changed between a baseline and now.
type BaselineDiff struct {
	Added     []BaselineItem // now, not then: in current priority order
	Removed   []BaselineItem // then, not now (resolved by the data or dismissed): in the baseline's order
	Moved     []BaselineMove // re-ordered or in another quarter: in current order
	Finished  []BaselineItem // done now, not done then: in current order
	Unchanged int
}

// Empty reports that nothing changed.
func (d BaselineDiff) Empty() bool {
	return len(d.Added) == 0 && len(d.Removed) == 0 && len(d.Moved) == 0 && len(d.Finished) == 0
}

// CompareBaseline says what changed from base to current (both in priority order).
// An initiative counts as re-ordered only when its order among the
// initiatives of both readings changed, and then only the fewest that
// explain the new order (those outside a longest run kept in the old
// order): one initiative added at the top shifts every rank by one but
// re-orders nothing, and one moved from last to first is the one move
// reported, not every initiative it passed. A quarter change is a move too.
// A finished initiative is reported as finished only.
func CompareBaseline(base, current []BaselineItem) BaselineDiff {
	var d BaselineDiff
	was := make(map[string]BaselineItem, len(base))
	for _, it := range base {
		was[it.Key] = it
	}
	now := make(map[string]bool, len(current))
	var shared []BaselineItem // in current order
	for _, it := range current {
		now[it.Key] = true
		if _, ok := was[it.Key]; ok {
			shared = append(shared, it)
		} else {
			d.Added = append(d.Added, it)
		}
	}
	for _, it := range base {
		if !now[it.Key] {
			d.Removed = append(d.Removed, it)
		}
	}
	ranks := make([]int, len(shared))
	for i, it := range shared {
		ranks[i] = was[it.Key].Rank
	}
	kept := keptInOrder(ranks)
	for i, it := range shared {
		old := was[it.Key]
		switch {
		case it.Status == baselineDone && old.Status != baselineDone:
			d.Finished = append(d.Finished, it)
		case !kept[i] || it.Quarter != old.Quarter:
			d.Moved = append(d.Moved, BaselineMove{Item: it, FromRank: old.Rank, ToRank: it.Rank,
				FromQuarter: old.Quarter, ToQuarter: it.Quarter, Reordered: !kept[i]})
		default:
			d.Unchanged++
		}
	}
	return d
}

// keptInOrder marks the elements of a longest strictly increasing
// subsequence of ranks (the leftmost-ending one on ties, so the answer is
// deterministic): the initiatives that kept their relative order.
func keptInOrder(ranks []int) []bool {
	kept := make([]bool, len(ranks))
	if len(ranks) == 0 {
		return kept
	}
	tails := []int{}                // tails[l]: index ending the best run of length l+1
	prev := make([]int, len(ranks)) // the index before i in its run
	for i, r := range ranks {
		l, _ := slices.BinarySearchFunc(tails, r, func(j, r int) int { return ranks[j] - r })
		prev[i] = -1
		if l > 0 {
			prev[i] = tails[l-1]
		}
		if l == len(tails) {
			tails = append(tails, i)
		} else {
			tails[l] = i
		}
	}
	for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
		kept[i] = true
	}
	return kept
}

// Baseline is a baseline's name as a form or the API sends it.
type Baseline struct{ Name string }

// Validate checks the name (unique per organization is the store's to say:
// MsgBaselineNameTaken).
func (b Baseline) Validate() FieldErrors {
	fe := FieldErrors{}
	fe.Text("name", "Name", b.Name, true, MaxBaselineName)
	return fe
}

// MsgBaselineNameTaken is said beside a name the organization has already
// given a baseline (names are unique without case).
func MsgBaselineNameTaken(name string) string {
	return "A baseline is already called “" + name + "”: choose another name, or delete the old one first."
}

// MsgBaselineLimit is said when the organization keeps MaxBaselines
// baselines already.
var MsgBaselineLimit = "This organization keeps " + strconv.Itoa(MaxBaselines) +
	" baselines, the most it may: delete one you no longer compare against, then save again."
