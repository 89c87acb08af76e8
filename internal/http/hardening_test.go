package http_test

import (
	"net/http"
	"strings"
	"testing"
)

// A path that is not a valid escape, not UTF-8 or names no file is a 400 or
// a 404, never a 500, and the page is the site's own error page.
func TestStaticBadPaths(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	for _, path := range []string{"/static/%ff", "/static/%ff.css", "/static/a%80b", "/static/%c0%af", "/static/%00",
		"/static/%2e%2e%2fgo.mod", "/static/%5c..%5cgo.mod", "/static/app.css%00", "/static/%e2%80%ae.css", "/static/%"} {
		req := c.request(http.MethodGet, "/", nil)
		req.URL.Opaque = path // sent as written, not re-escaped by the client
		r := c.do(req)
		if r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s = %d, want 400 or 404", path, r.StatusCode)
		}
		if strings.Contains(r.body, "app.css") && !strings.Contains(r.body, "<html") {
			t.Errorf("GET %s lists the directory", path)
		}
	}
}
