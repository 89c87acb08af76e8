package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// Every stylesheet's blocks are closed: one missing brace (a merge can drop
// one) silently swallows every rule after it.
func TestStylesheetsAreBalanced(t *testing.T) {
	comment := regexp.MustCompile(`(?s)/\*.*?\*/`)
	err := fs.WalkDir(Static(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".css") {
			return err
		}
		b, err := fs.ReadFile(Static(), name)
		if err != nil {
			return err
		}
		depth, line := 0, 1
		for _, r := range comment.ReplaceAllStringFunc(string(b), func(c string) string { return strings.Repeat("\n", strings.Count(c, "\n")) }) {
			switch r {
			case '\n':
				line++
			case '{':
				depth++
			case '}':
				if depth--; depth < 0 {
					t.Errorf("%s:%d: a } closes nothing", name, line)
					depth = 0
				}
			}
		}
		if depth != 0 {
			t.Errorf("%s: %d block(s) left open", name, depth)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
