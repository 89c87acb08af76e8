package http_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// BenchmarkStackImport2000 is a whole import at the row limit: upload a
// 2,000-row inventory CSV (parse, validate, store the pending import), then
// confirm it (one transaction inserting every row).
func BenchmarkStackImport2000(b *testing.B) {
	ts, hc, home := benchServer(b)
	slug := strings.Trim(strings.TrimPrefix(home, "/o/"), "/")
	var file strings.Builder
	file.WriteString("name,category,lifecycle,monthly_cost,cost_scaling,scalability,support_hours_per_month,owner,notes\n")
	for i := range 2000 {
		fmt.Fprintf(&file, "Tool %d,ci_cd,adopt,%d.50,linear,3,%d,Platform,\"Notes, with a comma\"\n", i, i, i%40)
	}
	id := regexp.MustCompile(`preview=([0-9]+)$`)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		body := &bytes.Buffer{}
		mw := multipart.NewWriter(body)
		_ = mw.WriteField("kind", "stack")
		fw, _ := mw.CreateFormFile("file", "stack.csv")
		_, _ = io.WriteString(fw, file.String())
		_ = mw.Close()
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/o/"+slug+"/stack/import", body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		m := id.FindStringSubmatch(resp.Header.Get("Location"))
		if resp.StatusCode != http.StatusSeeOther || m == nil {
			b.Fatalf("upload: %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		resp, err = hc.PostForm(ts.URL+"/o/"+slug+"/stack/import/confirm", url.Values{"import_id": {m[1]}})
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			b.Fatalf("confirm: %d", resp.StatusCode)
		}
	}
}
