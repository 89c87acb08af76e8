package mail

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

// FuzzParseSMTPURL: any SMTP_URL either parses into a usable address or
// fails with ErrInvalidURL, and an error never repeats the password.
func FuzzParseSMTPURL(f *testing.F) {
	for _, seed := range []string{"smtp://localhost", "smtps://u:p@mail.example.com:465", "smtp://127.0.0.1:2525?tls=none",
		"smtp://[::1]:25?from=Headway%20%3Cx%40y.z%3E", "http://x", "smtp://", "smtp://u:secret@:25", "smtp://h:99999"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		c, err := parseSMTPURL(raw)
		if err != nil {
			if !errors.Is(err, ErrInvalidURL) {
				t.Fatalf("parseSMTPURL(%q): error %v does not wrap ErrInvalidURL", raw, err)
			}
			if u, perr := url.Parse(raw); perr == nil && u.User != nil {
				if pass, ok := u.User.Password(); ok && len(pass) >= 4 && strings.Contains(err.Error(), pass) {
					t.Fatalf("parseSMTPURL(%q): the error shows the password: %v", raw, err)
				}
			}
			return
		}
		if c.host == "" || c.port < 1 || c.port > 65535 {
			t.Fatalf("parseSMTPURL(%q) = host %q port %d", raw, c.host, c.port)
		}
	})
}
