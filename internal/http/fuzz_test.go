package http_test

import (
	"net/url"
	"strings"
	"testing"

	headway "github.com/headwayhq/headway/internal/http"
)

// FuzzSafeNext: whatever a visitor puts in ?next=, login may only redirect
// to a path on this site. Browsers treat "//host", "/\host" and paths with
// control characters as other origins, so none may pass.
func FuzzSafeNext(f *testing.F) {
	for _, seed := range []string{"", "/", "/o/acme/", "//evil.com", "/\\evil.com", "https://evil.com", "/%2F%2Fevil.com",
		"/\t/evil.com", "javascript:alert(1)", "/o/x?y=//z", " /x", "/x#//y", "\\\\evil", "/.//evil"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := headway.SafeNext(next)
		if got == "" {
			return
		}
		if got != next {
			t.Fatalf("SafeNext(%q) = %q: it must pass a value through or reject it", next, got)
		}
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.HasPrefix(got, "/\\") {
			t.Fatalf("SafeNext(%q) accepted a value that is not a local path", next)
		}
		for _, r := range got {
			if r < 0x20 || r == 0x7f || r == '\\' {
				t.Fatalf("SafeNext(%q) accepted a control character or backslash", next)
			}
		}
		// Resolved against our origin, as a browser would, it stays here.
		base, _ := url.Parse("https://headway.example/login")
		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("SafeNext(%q) accepted an unparsable URL: %v", next, err)
		}
		if r := base.ResolveReference(u); r.Host != base.Host || r.Scheme != base.Scheme {
			t.Fatalf("SafeNext(%q) leads to %s", next, r)
		}
	})
}
