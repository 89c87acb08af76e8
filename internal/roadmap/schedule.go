package roadmap

import (
	"math"
	"strconv"
	"time"
)

// Scheduling of initiatives into quarters, as the package doc explains.

// DefaultImprovementShare is the share of engineering time for improvement
// work when the organization has not set one: a day a week.
const DefaultImprovementShare = 0.20

// WeeksPerQuarter are the working weeks of a quarter the plan counts
// (thirteen calendar weeks less holidays and slack).
const WeeksPerQuarter = 12

// YearQuarters is the horizon the capacity verdict measures a plan
// against: a plan that takes longer than a year needs a bigger team or a
// larger share of time.
const YearQuarters = 4

// QuarterCapacity is the person-weeks a team has for improvement work in
// a quarter: engineers × share × WeeksPerQuarter.
func QuarterCapacity(engineers int, share float64) float64 {
	return float64(engineers) * share * WeeksPerQuarter
}

// Schedule sets the Quarter of each initiative of list, which must be in
// priority order, and returns how many quarters the plan takes. Each
// initiative, in priority order (its unscheduled dependencies first), takes
// the earliest quarter, not before any of its dependencies' quarters, that
// still has room for its person-weeks; one larger than a whole quarter's
// capacity takes the earliest empty quarter and fills it alone.
func Schedule(list []Initiative, capacity float64) int {
	order := make([]int, len(list))
	for i := range order {
		order[i] = i
	}
	return schedule(list, capacity, order, nil)
}

// schedule is Schedule placing the initiatives in order (indexes of list),
// pinned ones (index -> quarter) first, at their quarter whatever its load.
func schedule(list []Initiative, capacity float64, order []int, pinned map[int]int) int {
	index := make(map[string]int, len(list))
	for i := range list {
		index[list[i].Key] = i
	}
	const (
		unplaced = iota
		placing
		placed
	)
	state := make([]int, len(list))
	var used []float64
	grow := func(q int) {
		for len(used) <= q {
			used = append(used, 0)
		}
	}
	for i, q := range pinned {
		grow(q)
		used[q] += list[i].PersonWeeks
		list[i].Quarter = q
		state[i] = placed
	}
	var place func(i int)
	place = func(i int) {
		if state[i] != unplaced {
			return // placed, or a dependency cycle (the catalog has none): leave the order as it is
		}
		state[i] = placing
		first := 0
		for _, k := range list[i].DependsOn {
			if j, ok := index[k]; ok {
				place(j)
				if state[j] == placed {
					first = max(first, list[j].Quarter)
				}
			}
		}
		size := list[i].PersonWeeks
		q := first
		for ; ; q++ {
			grow(q)
			if size > capacity {
				if used[q] == 0 {
					used[q] = math.Inf(1)
					break
				}
				continue
			}
			if used[q]+size <= capacity+1e-9 {
				used[q] += size
				break
			}
		}
		list[i].Quarter = q
		state[i] = placed
	}
	for _, i := range order {
		place(i)
	}
	for i := range list {
		place(i) // any the order left out
	}
	quarters := 0
	for q, u := range used {
		if u > 0 {
			quarters = q + 1
		}
	}
	return quarters
}

// PlanStart is the first day of the plan's first quarter: the calendar
// quarter of now while its first month runs, else the next one (a quarter
// two-thirds gone is no longer a quarter's capacity).
func PlanStart(now time.Time) time.Time {
	now = now.UTC()
	m := (int(now.Month())-1)/3*3 + 1
	start := time.Date(now.Year(), time.Month(m), 1, 0, 0, 0, 0, time.UTC)
	if now.Month() != time.Month(m) {
		start = start.AddDate(0, 3, 0)
	}
	return start
}

// QuarterName names the plan's quarter q counted from start ("2027 Q1").
func QuarterName(start time.Time, q int) string {
	t := start.AddDate(0, 3*q, 0)
	return strconv.Itoa(t.Year()) + " Q" + strconv.Itoa((int(t.Month())-1)/3+1)
}

// CapacityVerdict answers the guide's first consideration: does the team
// have the people to carry the plan?
type CapacityVerdict struct {
	Engineers   int
	Share       float64
	Capacity    float64 // person-weeks a quarter
	EffortWeeks float64 // the plan's person-weeks
	Quarters    int     // quarters the plan takes at this team size
	// Extra engineers and the quarters the plan would take with them: the
	// planned team's growth when step 1 knows it, else the fewest extra
	// engineers that bring the plan within YearQuarters (0 when the plan
	// fits already, or when no number of engineers would: see Text).
	Extra         int
	ExtraQuarters int
	// Floor is true when more engineers would not shorten the plan:
	// dependencies and initiatives that fill a quarter alone set its pace.
	Floor bool
}

// maxExtraEngineers bounds the search for the team that carries a plan.
const maxExtraEngineers = 50

// Capacity is the verdict on list (initiatives in priority order, for
// example the accepted and proposed ones of now and next) for a team of
// engineers, planned to grow to planned (0: unknown), at share.
func Capacity(list []Initiative, engineers, planned int, share float64) CapacityVerdict {
	engineers = max(engineers, 1)
	if share <= 0 || share > 1 {
		share = DefaultImprovementShare
	}
	v := CapacityVerdict{Engineers: engineers, Share: share, Capacity: QuarterCapacity(engineers, share)}
	for _, it := range list {
		v.EffortWeeks += it.PersonWeeks
	}
	work := make([]Initiative, len(list))
	quarters := func(n int) int {
		copy(work, list)
		return Schedule(work, QuarterCapacity(n, share))
	}
	v.Quarters = quarters(engineers)
	if v.Quarters == 0 {
		return v
	}
	if planned > engineers {
		v.Extra, v.ExtraQuarters = planned-engineers, quarters(planned)
		return v
	}
	if v.Quarters <= YearQuarters {
		return v
	}
	best, bestN := v.Quarters, 0
	for n := 1; n <= maxExtraEngineers; n++ {
		q := quarters(engineers + n)
		if q < best {
			best, bestN = q, n
		}
		if q <= YearQuarters {
			break
		}
	}
	if bestN == 0 {
		v.Floor = true
		return v
	}
	v.Extra, v.ExtraQuarters = bestN, best
	return v
}

// Text is the verdict as a plain sentence.
func (v CapacityVerdict) Text() string {
	if v.Quarters == 0 {
		return "Nothing is planned yet, so the team has room to spare."
	}
	s := "At " + percent(v.Share) + " improvement time, " + plural(v.Engineers, "engineer has", "engineers have") + " " +
		number(v.Capacity) + " person-weeks a quarter; this plan of " + number(v.EffortWeeks) + " person-weeks needs " +
		plural(v.Quarters, "quarter", "quarters")
	switch {
	case v.Extra > 0:
		return s + "; with " + plural(v.Extra, "more engineer", "more engineers") + ", " + strconv.Itoa(v.ExtraQuarters) + "."
	case v.Floor:
		return s + ": more engineers alone would not shorten it, as dependencies and initiatives that fill a quarter set its pace."
	}
	return s + ", within a year."
}
