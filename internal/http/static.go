package http

import (
	"io/fs"
	"net/http"
	"strings"
	"unicode/utf8"
)

// staticHandler serves the embedded assets. They change only with a release,
// so browsers may cache them for a day and revalidate by Last-Modified/ETag.
func staticHandler(fsys fs.FS) http.Handler {
	files := http.StripPrefix("/static/", http.FileServerFS(fsys))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			// The route takes every method; a file answers only reads.
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		// No directory listings; and a name that is not UTF-8 (/static/%ff)
		// or not a valid fs path is a file that does not exist, where the
		// file server would answer 500.
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		if strings.HasSuffix(r.URL.Path, "/") || !utf8.ValidString(name) || !fs.ValidPath(name) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=86400")
		files.ServeHTTP(w, r)
	})
}
