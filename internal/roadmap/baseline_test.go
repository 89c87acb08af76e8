package roadmap

import (
	"reflect"
	"strings"
	"testing"
)

// items builds a reading from "key" or "key@quarter" or "key@quarter!status"
// specs, in priority order.
func items(specs ...string) []BaselineItem {
	out := make([]BaselineItem, len(specs))
	for i, s := range specs {
		s, st, _ := strings.Cut(s, "!")
		key, q, _ := strings.Cut(s, "@")
		if q == "" {
			q = "2027 Q1"
		}
		if st == "" {
			st = "proposed"
		}
		out[i] = BaselineItem{Key: key, Title: "T " + key, Rank: i + 1, Phase: PhaseNow, Quarter: q, Status: st}
	}
	return out
}

func keys(list []BaselineItem) []string {
	var out []string
	for _, it := range list {
		out = append(out, it.Key)
	}
	return out
}

func TestCompareBaseline(t *testing.T) {
	type move struct {
		key           string
		from, to      int
		fromQ, toQ    string
		reordered, up bool
	}
	cases := []struct {
		name                     string
		base, current            []BaselineItem
		added, removed, finished []string
		moved                    []move
		unchanged                int
	}{
		{name: "nothing changed", base: items("a", "b", "c"), current: items("a", "b", "c"), unchanged: 3},
		{name: "empty base: everything added", base: nil, current: items("a", "b"), added: []string{"a", "b"}},
		{name: "both empty", base: nil, current: nil},
		{name: "everything removed", base: items("a", "b"), current: nil, removed: []string{"a", "b"}},
		{name: "added at the top shifts ranks but re-orders nothing", base: items("a", "b"), current: items("x", "a", "b"),
			added: []string{"x"}, unchanged: 2},
		{name: "removed in the middle", base: items("a", "b", "c"), current: items("a", "c"), removed: []string{"b"}, unchanged: 2},
		{name: "moved up: last to first is the one move", base: items("a", "b", "c", "d"), current: items("d", "a", "b", "c"),
			moved: []move{{"d", 4, 1, "2027 Q1", "2027 Q1", true, true}}, unchanged: 3},
		{name: "moved down: first to last", base: items("a", "b", "c"), current: items("b", "c", "a"),
			moved: []move{{"a", 1, 3, "2027 Q1", "2027 Q1", true, false}}, unchanged: 2},
		{name: "quarter change in the same order", base: items("a", "b@2027 Q1"), current: items("a", "b@2027 Q2"),
			moved: []move{{"b", 2, 2, "2027 Q1", "2027 Q2", false, false}}, unchanged: 1},
		{name: "finished", base: items("a", "b"), current: items("a!done", "b"), finished: []string{"a"}, unchanged: 1},
		{name: "done then and done now is unchanged", base: items("a!done"), current: items("a!done"), unchanged: 1},
		{name: "finished and moved counts as finished", base: items("a", "b", "c"), current: items("b", "c", "a!done"),
			finished: []string{"a"}, unchanged: 2},
		{name: "everything at once", base: items("a", "b", "c", "d"), current: items("n", "c", "a", "d@2027 Q3!done"),
			added: []string{"n"}, removed: []string{"b"}, finished: []string{"d"},
			moved: []move{{"c", 3, 2, "2027 Q1", "2027 Q1", true, true}}, unchanged: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := CompareBaseline(tc.base, tc.current)
			if got := keys(d.Added); !reflect.DeepEqual(got, tc.added) {
				t.Errorf("added %v, want %v", got, tc.added)
			}
			if got := keys(d.Removed); !reflect.DeepEqual(got, tc.removed) {
				t.Errorf("removed %v, want %v", got, tc.removed)
			}
			if got := keys(d.Finished); !reflect.DeepEqual(got, tc.finished) {
				t.Errorf("finished %v, want %v", got, tc.finished)
			}
			var moved []move
			for _, m := range d.Moved {
				moved = append(moved, move{m.Item.Key, m.FromRank, m.ToRank, m.FromQuarter, m.ToQuarter, m.Reordered, m.Up()})
			}
			if !reflect.DeepEqual(moved, tc.moved) {
				t.Errorf("moved %+v, want %+v", moved, tc.moved)
			}
			if d.Unchanged != tc.unchanged {
				t.Errorf("unchanged %d, want %d", d.Unchanged, tc.unchanged)
			}
			if d.Empty() != (tc.added == nil && tc.removed == nil && tc.finished == nil && tc.moved == nil) {
				t.Errorf("Empty() = %v", d.Empty())
			}
		})
	}
}

// Every shared initiative lands in exactly one of moved, finished and
// unchanged, whatever the permutation.
func TestCompareBaselineAccountsForEveryInitiative(t *testing.T) {
	base := items("a", "b", "c", "d", "e", "f")
	perms := [][]string{{"f", "e", "d", "c", "b", "a"}, {"b", "a", "d", "c", "f", "e"}, {"a", "c", "e", "b", "d", "f"}}
	for _, p := range perms {
		d := CompareBaseline(base, items(p...))
		if n := len(d.Moved) + len(d.Finished) + d.Unchanged; n != len(base) || len(d.Added)+len(d.Removed) != 0 {
			t.Errorf("%v: %d moved + finished + unchanged, want %d (%+v)", p, n, len(base), d)
		}
	}
	// The reverse keeps one initiative in order: five moves.
	if d := CompareBaseline(base, items("f", "e", "d", "c", "b", "a")); len(d.Moved) != 5 {
		t.Errorf("reversed: %d moves, want 5", len(d.Moved))
	}
}

func TestItemsOf(t *testing.T) {
	list := []Initiative{{Key: "debt:1", Title: "Fix it", Phase: PhaseNow, QuarterName: "2027 Q1"}, {Key: "ci:ci", Title: "CI", Phase: PhaseNext, QuarterName: "2027 Q2"}}
	got := ItemsOf(list, func(key string) string {
		if key == "ci:ci" {
			return "done"
		}
		return "proposed"
	})
	want := []BaselineItem{{Key: "debt:1", Title: "Fix it", Rank: 1, Phase: PhaseNow, Quarter: "2027 Q1", Status: "proposed"},
		{Key: "ci:ci", Title: "CI", Rank: 2, Phase: PhaseNext, Quarter: "2027 Q2", Status: "done"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ItemsOf = %+v, want %+v", got, want)
	}
}

func TestBaselineValidate(t *testing.T) {
	cases := []struct{ name, want string }{
		{"Q1 board review", ""},
		{"", "Name is required."},
		{"   ", "Name is required."},
		{strings.Repeat("x", MaxBaselineName), ""},
		{strings.Repeat("x", MaxBaselineName+1), "Name must be at most 80 characters."},
		{"two\nlines", MsgLineBreak},
	}
	for _, tc := range cases {
		if got := (Baseline{Name: tc.name}).Validate()["name"]; got != tc.want {
			t.Errorf("Validate(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}
