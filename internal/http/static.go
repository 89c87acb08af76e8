package http

import (
	"io/fs"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/headwayhq/headway/web"
)

// staticHandler serves the embedded assets. Pages link them with a content
// hash (web.Asset), so a versioned request may be cached for a year; an
// unversioned one for a day. Either revalidates by ETag (the content hash:
// embedded files have no modification time). A missing file gets the
// styled 404 page.
func staticHandler(fsys fs.FS, notFound http.HandlerFunc) http.Handler {
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
			notFound(w, r)
			return
		}
		hash := web.AssetHash(name)
		if hash == "" {
			notFound(w, r)
			return
		}
		if r.URL.Query().Get("v") == hash {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=86400")
		}
		w.Header().Set("ETag", `"`+hash+`"`)
		files.ServeHTTP(w, r)
	})
}
