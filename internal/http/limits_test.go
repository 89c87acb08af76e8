package http_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	headway "github.com/headwayhq/headway/internal/http"
)

// multipartBody is a multipart form with one file part of size bytes.
func multipartBody(t testing.TB, size int) (body *bytes.Buffer, contentType string) {
	t.Helper()
	body = &bytes.Buffer{}
	mw := multipart.NewWriter(body)
	fw, err := mw.CreateFormFile("file", "filled-template.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(bytes.Repeat([]byte("x"), size)); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return body, mw.FormDataContentType()
}

// Each group has its own body limit: uploads take what form routes refuse,
// and the API keeps its own JSON limit.
func TestBodyLimitsPerRoute(t *testing.T) {
	t.Parallel()
	c := newTestServer(t, headway.WithTestRoutes())
	slug := c.signup("Olivia Owner", "owner@example.com", "Limits Org")
	c.addMember(slug, "Mia Member", "mia@example.com", "member")
	bearer := "Bearer " + c.createToken(slug, "ci")
	const mib = 1 << 20

	upload := func(c *client, path string, size int) *response {
		body, ct := multipartBody(t, size)
		req := c.request(http.MethodPost, path, body)
		req.Header.Set("Content-Type", ct)
		return c.do(req)
	}
	// A 4 MiB file reaches the upload route whole.
	r := upload(c, "/o/"+slug+"/test/upload", 4*mib)
	var got struct{ Bytes int }
	if err := json.Unmarshal([]byte(r.body), &got); r.StatusCode != 200 || err != nil || got.Bytes != 4*mib {
		t.Fatalf("4 MiB upload: %d %q, want 200 with %d bytes", r.StatusCode, r.body, 4*mib)
	}
	// The same body is refused by a form route, as multipart or url-encoded,
	// and nothing is saved.
	before := c.dump("organizations")
	if r := upload(c, "/o/"+slug+"/settings", 4*mib); r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("4 MiB multipart to a form route: %d, want 413", r.StatusCode)
	}
	big := url.Values{"name": {strings.Repeat("n", 2*mib)}}
	if r := c.post("/o/"+slug+"/settings", big); r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB form: %d, want 413", r.StatusCode)
	}
	if c.dump("organizations") != before {
		t.Error("a refused body changed the organization")
	}
	// Past the upload limit, uploads are refused too.
	if r := upload(c, "/o/"+slug+"/test/upload", 6*mib); r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("6 MiB upload: %d, want 413", r.StatusCode)
	}
	// Uploads are for owners and admins.
	mia := c.newClient()
	mia.mustLogin("mia@example.com")
	if r := upload(mia, "/o/"+slug+"/test/upload", 1024); r.StatusCode != http.StatusForbidden {
		t.Errorf("member upload: %d, want 403", r.StatusCode)
	}
	// The API: 2 MiB of JSON is over its limit, and answered in JSON.
	r = c.apiSend("POST", "/api/v1/test/membership", bearer, `{"role":"member","job_role":"`+strings.Repeat("j", 2*mib)+`"}`)
	var e apiErr
	if err := json.Unmarshal([]byte(r.body), &e); r.StatusCode != http.StatusRequestEntityTooLarge || err != nil || e.Error == "" {
		t.Errorf("2 MiB JSON: %d %.80q, want 413 JSON", r.StatusCode, r.body)
	}
	if r := c.apiSend("POST", "/api/v1/test/membership", bearer, `{"role":"member","job_role":"Staff engineer"}`); r.StatusCode != 200 {
		t.Errorf("a small JSON body: %d %s, want 200", r.StatusCode, r.body)
	}
}
