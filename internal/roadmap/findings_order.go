package roadmap

import (
	"cmp"
	"strings"
)

// CompareFindings orders the findings register: the most severe (or most
// valuable) first, then the smallest effort (the quickest to act on), then
// by title, case-insensitively, so equal findings read alphabetically.
// It is a cmp function for slices.SortStableFunc; callers break the last
// ties (same title) by id.
func CompareFindings(a, b Finding) int {
	if c := cmp.Compare(b.Severity, a.Severity); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Effort.Rank(), b.Effort.Rank()); c != 0 {
		return c
	}
	if c := strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)); c != 0 {
		return c
	}
	return strings.Compare(a.Title, b.Title)
}
