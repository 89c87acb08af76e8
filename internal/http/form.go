package http

import (
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/headwayhq/headway/web"
)

// form reads a submitted form and collects per-field messages.
type form struct {
	web.Form
}

func newForm(r *http.Request, fields ...string) form {
	f := form{web.Form{Values: map[string]string{}, Errors: map[string]string{}}}
	_ = r.ParseForm()
	for _, k := range fields {
		f.Values[k] = strings.TrimSpace(r.PostForm.Get(k))
	}
	// Text must be UTF-8 without control characters (PostgreSQL refuses a
	// NUL, and nobody types one): say so beside the field, never a 500.
	for k, vs := range r.PostForm {
		for _, v := range vs {
			if !utf8.ValidString(v) || strings.ContainsFunc(v, isControl) {
				f.fail(k, "This contains characters that are not allowed.")
				if _, ok := f.Values[k]; ok {
					f.Values[k] = strings.ToValidUTF8(strings.Map(dropControl, f.Values[k]), "")
				}
			}
		}
	}
	return f
}

// isControl reports control characters other than tab and line breaks.
func isControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f
}

func dropControl(r rune) rune {
	if isControl(r) {
		return -1
	}
	return r
}

func (f form) valid() bool { return len(f.Errors) == 0 && f.Message == "" }

func (f form) fail(field, msg string) {
	if _, ok := f.Errors[field]; !ok {
		f.Errors[field] = msg
	}
}

func (f form) required(field, label string) {
	if f.Values[field] == "" {
		f.fail(field, label+" is required.")
	}
}

func (f form) maxLen(field, label string, n int) {
	if utf8.RuneCountInString(f.Values[field]) > n {
		f.fail(field, label+" must be at most "+strconv.Itoa(n)+" characters.")
	}
}

// email normalizes the email field to lower case and checks its shape.
func (f form) email(field string) {
	v := strings.ToLower(f.Values[field])
	f.Values[field] = v
	if v == "" {
		f.fail(field, "Email is required.")
		return
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || !strings.Contains(v[strings.LastIndex(v, "@")+1:], ".") || len(v) > 254 {
		f.fail(field, "Enter a valid email address, like name@example.com.")
	}
}

// password checks a new password (kept out of Values so it is never echoed).
func (f form) password(field, pw string) {
	switch n := utf8.RuneCountInString(pw); {
	case pw == "":
		f.fail(field, "Password is required.")
	case n < MinPasswordLength:
		f.fail(field, "Password must be at least "+strconv.Itoa(MinPasswordLength)+" characters.")
	case len(pw) > 1024:
		f.fail(field, "Password must be at most 1024 bytes.")
	}
}
