package http_test

import (
	"net/url"
	"strings"
	"testing"

	headway "github.com/headwayhq/headway/internal/http"
)

// localPaths are redirects login must keep: a filter that rejects
// everything would pass the safety properties alone.
var localPaths = []string{"/", "/o/acme/", "/o/acme/team", "/o/acme/team?tab=invites&x=1", "/orgs/new",
	"/o/a-b/settings#danger", "/password/forgot", "/o/acme/skills/me", "/a/b//c", "/o/%E2%9C%93/"}

// offSite are redirects that would leave the site, as a browser reads them.
var offSite = []string{"", "//evil.com", "/\\evil.com", "https://evil.com", "/\t/evil.com", "javascript:alert(1)",
	" /x", "\\\\evil", "evil.com", "/x\n", "http:/evil.com", "/" + strings.Repeat("a", 2048)}

func TestSafeNext(t *testing.T) {
	for _, p := range localPaths {
		if got := headway.SafeNext(p); got != p {
			t.Errorf("SafeNext(%q) = %q, want it kept", p, got)
		}
	}
	for _, p := range offSite {
		if got := headway.SafeNext(p); got != "" {
			t.Errorf("SafeNext(%q) = %q, want it rejected", p, got)
		}
	}
}

// pathAlphabet makes paths that are local whatever their content.
const pathAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_.~/?=&#"

// localPath turns any input into a path that SafeNext must keep: "/" and
// then characters from pathAlphabet, never a second leading slash.
func localPath(in string) string {
	var b strings.Builder
	b.WriteByte('/')
	for i := 0; i < len(in) && b.Len() < 2000; i++ {
		c := pathAlphabet[int(in[i])%len(pathAlphabet)]
		if b.Len() == 1 && c == '/' {
			c = 'o'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// FuzzSafeNext: whatever a visitor puts in ?next=, login may only redirect
// to a path on this site. Browsers treat "//host", "/\host" and paths with
// control characters as other origins, so none may pass; and a plain local
// path made from the input is always kept.
func FuzzSafeNext(f *testing.F) {
	for _, seed := range append(append([]string{"/o/x?y=//z", "/%2F%2Fevil.com", "/x#//y", "/.//evil"}, localPaths...), offSite...) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, next string) {
		if good := localPath(next); headway.SafeNext(good) != good {
			t.Fatalf("SafeNext(%q) rejected a local path", good)
		}
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
