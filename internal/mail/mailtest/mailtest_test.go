package mailtest

import (
	"context"
	"errors"
	"fmt"
	"net/smtp"
	"strings"
	"testing"
	"time"
)

func TestFindLink(t *testing.T) {
	body := "Hi,\n\nsee https://example.com/docs, then accept:\nhttps://app.example.com/invitations/accept?token=abc&x=1.\n(or http://other.example.com/x)\n"
	for prefix, want := range map[string]string{
		"":                   "https://example.com/docs",
		"/invitations/":      "https://app.example.com/invitations/accept?token=abc&x=1",
		"other.example.com/": "http://other.example.com/x",
		"/missing/":          "",
	} {
		if got := FindLink(body, prefix); got != want {
			t.Errorf("FindLink(%q) = %q, want %q", prefix, got, want)
		}
	}
	if got := FindLink(`<a href="https://a.example.com/r?t=1">x</a>`, "/r"); got != "https://a.example.com/r?t=1" {
		t.Errorf("in HTML: %q", got)
	}
}

func TestParseMessage(t *testing.T) {
	raw := "Subject: =?UTF-8?q?Caf=C3=A9?=\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=outer\r\n\r\n" +
		"--outer\r\n" +
		"Content-Type: multipart/alternative; boundary=inner\r\n\r\n" +
		"--inner\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n" +
		"aMOpbGxvCmh0dHBzOi8vZXhh\r\nbXBsZS5jb20vP2E9MQo=\r\n" +
		"--inner\r\n" +
		"Content-Type: text/html; charset=utf-8\r\n" +
		"Content-Transfer-Encoding: quoted-printable\r\n\r\n" +
		"<p class=3D\"x\">h=C3=A9llo, a long line that is soft=\r\n-broken</p>\r\n" +
		"--inner--\r\n" +
		"--outer--\r\n"
	subject, text, html, err := ParseMessage([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if subject != "Café" {
		t.Errorf("subject = %q", subject)
	}
	if text != "héllo\nhttps://example.com/?a=1\n" {
		t.Errorf("text = %q", text)
	}
	if html != "<p class=\"x\">héllo, a long line that is soft-broken</p>" { // the CRLF before a boundary belongs to the boundary
		t.Errorf("html = %q", html)
	}

	subject, text, _, err = ParseMessage([]byte("Subject: plain\r\n\r\nline one\r\nline two\r\n"))
	if err != nil || subject != "plain" || text != "line one\nline two\n" {
		t.Errorf("single part: %q %q %v", subject, text, err)
	}
}

// WaitFor hands out each message once, oldest first, per recipient; the
// server works with a client other than go-mail (net/smtp).
func TestServerWaitFor(t *testing.T) {
	srv := NewServer(t)
	if !strings.HasPrefix(srv.URL(), "smtp://127.0.0.1:") || !strings.HasSuffix(srv.URL(), "?tls=none") {
		t.Errorf("URL = %q", srv.URL())
	}
	send := func(to, subject string) {
		t.Helper()
		msg := fmt.Sprintf("To: %s\r\nSubject: %s\r\n\r\nbody of %s\r\n", to, subject, subject)
		if err := smtp.SendMail(srv.Addr(), nil, "app@example.com", []string{to}, []byte(msg)); err != nil {
			t.Fatal(err)
		}
	}
	send("a@example.com", "first")
	send("b@example.com", "other")
	send("a@example.com", "second")

	if got := srv.WaitFor(t, "A@example.com"); got.Subject != "first" || got.Text != "body of first\n" || got.From != "app@example.com" {
		t.Errorf("first WaitFor = %+v", got)
	}
	if got := srv.WaitFor(t, "Someone <a@example.com>"); got.Subject != "second" {
		t.Errorf("second WaitFor = %q", got.Subject)
	}
	if got := srv.WaitFor(t, "b@example.com"); got.Subject != "other" {
		t.Errorf("b WaitFor = %q", got.Subject)
	}
	if n := len(srv.Messages()); n != 3 {
		t.Errorf("Messages() has %d messages", n)
	}

	// A message sent while Next waits, in another goroutine: the result and
	// any error come back over the channel (t.Fatal is for this goroutine).
	type result struct {
		m   Received
		err error
	}
	done := make(chan result, 1)
	ctx, cancel := context.WithTimeout(context.Background(), DefaultWait)
	defer cancel()
	go func() {
		m, err := srv.Next(ctx, "late@example.com")
		done <- result{m, err}
	}()
	send("late@example.com", "late")
	if got := <-done; got.err != nil || got.m.Subject != "late" {
		t.Errorf("late Next = %q, %v", got.m.Subject, got.err)
	}

	// Nothing more for a: Next gives up when its context ends, naming the
	// messages it saw.
	short, cancelShort := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancelShort()
	if _, err := srv.Next(short, "a@example.com"); !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "b@example.com") {
		t.Errorf("Next with nothing to return: err = %v, want a deadline naming the received messages", err)
	}
}
