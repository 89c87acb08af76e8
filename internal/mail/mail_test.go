package mail

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"mime"
	"net"
	netmail "net/mail"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/headwayhq/headway/internal/mail/mailtest"
)

func TestParseSMTPURL(t *testing.T) {
	good := []struct {
		url  string
		want smtpConfig
		from string // want cfg.from.Address, "" for nil
	}{
		{url: "smtp://mail.example.com", want: smtpConfig{host: "mail.example.com", port: 587, tls: tlsOpportunistic}},
		{url: "smtp://mail.example.com:25/", want: smtpConfig{host: "mail.example.com", port: 25, tls: tlsOpportunistic}},
		{url: "SMTP://Mail.Example.com:2525?tls=starttls", want: smtpConfig{host: "Mail.Example.com", port: 2525, tls: tlsOpportunistic}},
		{url: "smtp://h?tls=opportunistic", want: smtpConfig{host: "h", port: 587, tls: tlsOpportunistic}},
		{url: "smtp://u:p@mail.example.com:587?tls=mandatory",
			want: smtpConfig{host: "mail.example.com", port: 587, tls: tlsMandatory, username: "u", password: "p"}},
		{url: "smtp://127.0.0.1:1025?tls=none", want: smtpConfig{host: "127.0.0.1", port: 1025, tls: tlsNone}},
		{url: "smtp://[::1]:1025?tls=NONE", want: smtpConfig{host: "::1", port: 1025, tls: tlsNone}},
		{url: "smtps://apikey:p%40ss%2Fw0rd%3A@smtp.example.com",
			want: smtpConfig{host: "smtp.example.com", port: 465, tls: tlsImplicit, username: "apikey", password: "p@ss/w0rd:"}},
		{url: "smtps://smtp.example.com:2465?tls=mandatory", want: smtpConfig{host: "smtp.example.com", port: 2465, tls: tlsImplicit}},
		{url: "smtp://user@h", want: smtpConfig{host: "h", port: 587, tls: tlsOpportunistic, username: "user"}},
		{url: "  smtp://h:25  ", want: smtpConfig{host: "h", port: 25, tls: tlsOpportunistic}},
		{url: "smtp://h?from=Ops%20%3Cops%40example.com%3E", want: smtpConfig{host: "h", port: 587, tls: tlsOpportunistic},
			from: "ops@example.com"},
		{url: "smtp://h?from=ops@example.com&tls=none", want: smtpConfig{host: "h", port: 587, tls: tlsNone},
			from: "ops@example.com"},
	}
	for _, tc := range good {
		t.Run(tc.url, func(t *testing.T) {
			got, err := parseSMTPURL(strings.TrimSpace(tc.url))
			if err != nil {
				t.Fatalf("parseSMTPURL: %v", err)
			}
			gotFrom := ""
			if got.from != nil {
				gotFrom = got.from.Address
			}
			got.from = nil
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
			if gotFrom != tc.from {
				t.Errorf("from = %q, want %q", gotFrom, tc.from)
			}
		})
	}

	bad := []struct{ url, wantErr string }{
		{"mail.example.com:25", "want smtp://"},
		{"127.0.0.1:25", "want smtp://"},
		{"http://mail.example.com", `unsupported scheme "http"`},
		{"smtpx://mail.example.com", `unsupported scheme "smtpx"`},
		{"smtp://", "missing host"},
		{"smtp://:25", "missing host"},
		{"smtp://user:pass@", "missing host"},
		{"smtp:///path", "missing host"},
		{"smtp://h:0", `invalid port "0"`},
		{"smtp://h:65536", `invalid port "65536"`},
		{"smtp://u:s3cret@h:abc", "invalid port"},
		{"smtp://h/relay", `unexpected path "/relay"`},
		{"smtp://h#x", "unexpected fragment"},
		{"smtp://:s3cret@h", "password without user name"},
		{"smtp://h?tls=maybe", `tls="maybe"`},
		{"smtp://h?tls=none&tls=mandatory", `option "tls" given 2 times`},
		{"smtps://h?tls=none", "conflicts with smtps://"},
		{"smtps://h?tls=starttls", "conflicts with smtps://"},
		{"smtp://h?from=not-an-address", "from="},
		{"smtp://h?tsl=none", `unknown option "tsl"`},
		{"smtp://h?a=%zz", "query"},
	}
	for _, tc := range bad {
		t.Run(tc.url, func(t *testing.T) {
			_, err := parseSMTPURL(tc.url)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrInvalidURL) {
				t.Errorf("error %q does not wrap ErrInvalidURL", err)
			}
			if !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %q does not contain %q", err, tc.wantErr)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error %q leaks the password", err)
			}
			if _, err := New(tc.url, "", nil); err == nil {
				t.Error("New accepted the URL")
			}
		})
	}
}

func TestNew(t *testing.T) {
	m, err := New("", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	lm, ok := m.(*LogMailer)
	if !ok {
		t.Fatalf("New(\"\") = %T, want *LogMailer", m)
	}
	if lm.From != DefaultFrom {
		t.Errorf("LogMailer.From = %q, want %q", lm.From, DefaultFrom)
	}

	fromOf := func(t *testing.T, smtpURL, from string) string {
		t.Helper()
		m, err := New(smtpURL, from, nil)
		if err != nil {
			t.Fatal(err)
		}
		sm, ok := m.(*smtpMailer)
		if !ok {
			t.Fatalf("New(%q) = %T, want *smtpMailer", smtpURL, m)
		}
		if sm.timeout != DefaultTimeout {
			t.Errorf("timeout = %v", sm.timeout)
		}
		return formatAddress(sm.from)
	}
	if got := fromOf(t, "smtp://h", ""); got != DefaultFrom {
		t.Errorf("default from = %q, want %q", got, DefaultFrom)
	}
	if got := fromOf(t, "smtp://h", "Acme <acme@example.com>"); got != "Acme <acme@example.com>" {
		t.Errorf("caller's from = %q", got)
	}
	if got := fromOf(t, "smtp://h?from=url%40example.com", "Acme <acme@example.com>"); got != "url@example.com" {
		t.Errorf("URL from = %q, want it to override the caller's", got)
	}
	if _, err := New("smtp://h", "not an address", nil); err == nil || !strings.Contains(err.Error(), "invalid from") {
		t.Errorf("bad from: err = %v", err)
	}
}

func TestLogMailer(t *testing.T) {
	var buf bytes.Buffer
	m, err := New("", "", slog.New(slog.NewJSONHandler(&buf, nil)))
	if err != nil {
		t.Fatal(err)
	}
	msg := PasswordReset(ResetData{Name: "Ann", Link: "https://app.example.com/reset/abc?x=1&y=2", ValidFor: time.Hour})
	msg.To = "ann@example.com"
	if err := m.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("log line %q: %v", buf.String(), err)
	}
	if rec["level"] != "INFO" || rec["to"] != msg.To || rec["subject"] != msg.Subject || rec["text"] != msg.Text {
		t.Errorf("log record = %v", rec)
	}
	if !strings.Contains(rec["text"].(string), "https://app.example.com/reset/abc?x=1&y=2") {
		t.Error("link not in the logged text")
	}

	if err := m.Send(context.Background(), Message{Subject: "s", Text: "t"}); !errors.Is(err, ErrInvalidMessage) {
		t.Errorf("no recipient: err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := m.Send(ctx, msg); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled ctx: err = %v", err)
	}
}

func TestMessageValidate(t *testing.T) {
	for _, m := range []Message{
		{Subject: "s", Text: "t"},
		{To: "not an address", Subject: "s", Text: "t"},
		{To: "a@example.com\r\nBcc: b@example.com", Subject: "s", Text: "t"},
		{To: "a@example.com", Text: "t"},
		{To: "a@example.com", Subject: "s"},
	} {
		if err := m.validate(); !errors.Is(err, ErrInvalidMessage) {
			t.Errorf("validate(%+v) = %v", m, err)
		}
	}
	for _, m := range []Message{
		{To: "a@example.com", Subject: "s", Text: "t"},
		{To: "Ann <a@example.com>", Subject: "s", HTML: "<p>t</p>"},
	} {
		if err := m.validate(); err != nil {
			t.Errorf("validate(%+v) = %v", m, err)
		}
	}
}

var (
	hrefRE       = regexp.MustCompile(`href="([^"]*)"`)
	anchorTextRE = regexp.MustCompile(`<a [^>]*>([^<]*)</a>`)
)

// checkHTML asserts the HTML body is a safe, self-contained document whose
// links all point at link, which it also shows as text.
func checkHTML(t *testing.T, body, link string) {
	t.Helper()
	if !strings.HasPrefix(body, "<!DOCTYPE html>") {
		t.Errorf("HTML does not start with a doctype: %.40q", body)
	}
	for _, banned := range []string{"<script", "<img", "<link", "<style", "src="} {
		if strings.Contains(strings.ToLower(body), banned) {
			t.Errorf("HTML contains %q", banned)
		}
	}
	hrefs := hrefRE.FindAllStringSubmatch(body, -1)
	if len(hrefs) == 0 {
		t.Error("HTML has no link")
	}
	for _, h := range hrefs {
		if got := html.UnescapeString(h[1]); got != link {
			t.Errorf("href = %q, want %q", got, link)
		}
	}
	shown := false
	for _, a := range anchorTextRE.FindAllStringSubmatch(body, -1) {
		shown = shown || html.UnescapeString(a[1]) == link
	}
	if !shown {
		t.Errorf("HTML does not show the link %q as text", link)
	}
}

// lineEqual reports whether text has a line that is exactly s.
func lineEqual(text, s string) bool {
	for line := range strings.Lines(text) {
		if strings.TrimRight(line, "\n") == s {
			return true
		}
	}
	return false
}

func TestInvitation(t *testing.T) {
	link := "https://app.example.com/invitations/accept?token=AbC-123_x&org=42"
	m := Invitation(InvitationData{
		OrgName:     `Acme <script>alert("x")</script> & Co`,
		InviterName: "Bob <b>",
		Role:        "admin",
		Link:        link,
		Expires:     time.Date(2030, 1, 2, 15, 4, 0, 0, time.FixedZone("CET", 3600)),
	})
	if want := `You're invited to join Acme <script>alert("x")</script> & Co on Headway`; m.Subject != want {
		t.Errorf("Subject = %q, want %q", m.Subject, want)
	}
	if m.To != "" {
		t.Errorf("To = %q, want empty (the caller sets it)", m.To)
	}
	if !lineEqual(m.Text, link) {
		t.Errorf("text has no line equal to the link:\n%s", m.Text)
	}
	for _, want := range []string{
		`Bob <b> has invited you to join Acme <script>alert("x")</script> & Co on Headway with the admin role.`,
		"expires on Wednesday 2 January 2030 at 14:04 UTC.",
	} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, m.Text)
		}
	}

	checkHTML(t, m.HTML, link)
	for _, want := range []string{
		"Acme &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co",
		"Bob &lt;b&gt; has invited you",
		"<strong>admin</strong>",
		"14:04 UTC",
	} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("HTML lacks %q:\n%s", want, m.HTML)
		}
	}
	if strings.Contains(m.HTML, "<b>") {
		t.Error("HTML contains an unescaped <b>")
	}

	// Optional parts left out; newlines in names do not reach the subject.
	m = Invitation(InvitationData{OrgName: "Evil\r\nBcc: x@example.com", Link: link})
	if strings.ContainsAny(m.Subject, "\r\n") {
		t.Errorf("Subject has a line break: %q", m.Subject)
	}
	if !strings.Contains(m.Text, "You have been invited to join Evil Bcc: x@example.com on Headway.") ||
		strings.Contains(m.Text, "expires") || strings.Contains(m.Text, "role") {
		t.Errorf("text without inviter, role and expiry:\n%s", m.Text)
	}
	if strings.Contains(m.HTML, "expires") || strings.Contains(m.HTML, "role") {
		t.Errorf("HTML without role and expiry mentions them:\n%s", m.HTML)
	}

	// A non-web link never becomes a clickable href.
	m = Invitation(InvitationData{OrgName: "Acme", Link: "javascript:alert(1)"})
	if strings.Contains(m.HTML, `href="javascript:`) {
		t.Errorf("javascript: link in href:\n%s", m.HTML)
	}
}

func TestPasswordReset(t *testing.T) {
	link := "https://app.example.com/reset/Zm9vYmFy+/=?a=1&b=2"
	m := PasswordReset(ResetData{Name: `Ann "<i>"`, Link: link, ValidFor: 90 * time.Minute})
	if m.Subject != "Reset your Headway password" {
		t.Errorf("Subject = %q", m.Subject)
	}
	if !lineEqual(m.Text, link) {
		t.Errorf("text has no line equal to the link:\n%s", m.Text)
	}
	for _, want := range []string{`Hello Ann "<i>",`, "valid for 1 hour 30 minutes."} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, m.Text)
		}
	}
	checkHTML(t, m.HTML, link)
	if !strings.Contains(m.HTML, "Hello Ann &#34;&lt;i&gt;&#34;,") || strings.Contains(m.HTML, "<i>") {
		t.Errorf("name not escaped in HTML:\n%s", m.HTML)
	}

	m = PasswordReset(ResetData{Link: link})
	if !strings.HasPrefix(m.Text, "Hello,\n") || strings.Contains(m.Text, "valid for") || strings.Contains(m.HTML, "valid for") {
		t.Errorf("without name and validity:\n%s\n%s", m.Text, m.HTML)
	}
}

func TestHumanDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		10 * time.Second:                "less than a minute",
		40 * time.Second:                "1 minute",
		30 * time.Minute:                "30 minutes",
		time.Hour:                       "1 hour",
		time.Hour + time.Minute:         "1 hour 1 minute",
		2*time.Hour + 30*time.Minute:    "2 hours 30 minutes",
		24 * time.Hour:                  "24 hours",
		72 * time.Hour:                  "3 days",
		73 * time.Hour:                  "73 hours",
		7*24*time.Hour + 20*time.Second: "7 days",
	} {
		if got := humanDuration(d); got != want {
			t.Errorf("humanDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// newSMTP returns New(srv.URL()) as an *smtpMailer trusting srv's CA.
func newSMTP(t *testing.T, srv *mailtest.Server, smtpURL string) *smtpMailer {
	t.Helper()
	m, err := New(smtpURL, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	sm := m.(*smtpMailer)
	if srv != nil {
		sm.rootCAs = srv.RootCAs()
	}
	return sm
}

func TestSendInvitation(t *testing.T) {
	srv := mailtest.NewServer(t)
	m := newSMTP(t, srv, srv.URL())

	// Long enough for quoted-printable soft line breaks, with "=" (encoded as
	// =3D) and "&".
	link := "https://app.example.com/invitations/accept?token=" + strings.Repeat("aB3-_", 20) + "&org=42&sig=abc%2Bdef=="
	msg := Invitation(InvitationData{
		OrgName: "Acme <script>&</script> Ünïcødé", InviterName: "Bob", Role: "member",
		Link: link, Expires: time.Now().Add(72 * time.Hour),
	})
	msg.To = "Carol <carol@example.com>"
	if err := m.Send(context.Background(), msg); err != nil {
		t.Fatalf("Send: %v", err)
	}

	got := srv.WaitFor(t, "CAROL@example.com")
	if got.From != "no-reply@localhost" || len(got.To) != 1 || got.To[0] != "carol@example.com" {
		t.Errorf("envelope from %q to %q", got.From, got.To)
	}
	if got.Subject != msg.Subject {
		t.Errorf("Subject = %q, want %q", got.Subject, msg.Subject)
	}
	if got.TLS || got.User != "" {
		t.Errorf("TLS = %v, User = %q on a tls=none server without auth", got.TLS, got.User)
	}
	if l := mailtest.FindLink(got.Text, "/invitations/accept"); l != link {
		t.Errorf("link in text part = %q, want %q", l, link)
	}
	if got.Text != msg.Text {
		t.Errorf("text part changed in transit:\n got %q\nwant %q", got.Text, msg.Text)
	}
	if got.HTML != msg.HTML {
		t.Errorf("HTML part changed in transit")
	}
	checkHTML(t, got.HTML, link)

	// The raw message: headers as intended and the body really QP-encoded
	// with soft line breaks.
	raw, err := netmail.ReadMessage(bytes.NewReader(got.Raw))
	if err != nil {
		t.Fatal(err)
	}
	mediaType, _, err := mime.ParseMediaType(raw.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/alternative" {
		t.Errorf("Content-Type = %q (%v)", raw.Header.Get("Content-Type"), err)
	}
	for header, want := range map[string]string{
		"From":           `"Headway" <no-reply@localhost>`,
		"To":             `"Carol" <carol@example.com>`,
		"Auto-Submitted": "auto-generated",
		"MIME-Version":   "1.0",
	} {
		if got := raw.Header.Get(header); got != want {
			t.Errorf("%s: %q, want %q", header, got, want)
		}
	}
	if id := raw.Header.Get("Message-Id"); !strings.HasSuffix(id, "@localhost>") {
		t.Errorf("Message-Id = %q", id)
	}
	if raw.Header.Get("User-Agent") != "" || raw.Header.Get("X-Mailer") != "" {
		t.Error("message advertises the mailer library")
	}
	if _, err := raw.Header.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	body := string(got.Raw)
	if !strings.Contains(body, "Content-Transfer-Encoding: quoted-printable") || !strings.Contains(body, "=\r\n") {
		t.Error("body is not quoted-printable with soft line breaks; the QP decoding went untested")
	}
	if strings.Contains(body, link) {
		t.Error("the raw message contains the link unencoded; expected QP to split it")
	}
}

func TestSendAuth(t *testing.T) {
	msg := PasswordReset(ResetData{Link: "https://app.example.com/reset/xyz", ValidFor: time.Hour})
	msg.To = "dan@example.com"
	ctx := context.Background()

	for _, mechs := range [][]string{{"PLAIN"}, {"LOGIN"}, {"LOGIN", "PLAIN"}} {
		t.Run(strings.Join(mechs, "+"), func(t *testing.T) {
			srv := mailtest.NewServer(t, mailtest.WithAuth("alice", "s3 cr@t/:x", mechs...))
			if err := newSMTP(t, srv, srv.URL()).Send(ctx, msg); err != nil {
				t.Fatalf("Send: %v", err)
			}
			if got := srv.WaitFor(t, msg.To); got.User != "alice" {
				t.Errorf("authenticated as %q", got.User)
			}
		})
	}

	srv := mailtest.NewServer(t, mailtest.WithAuth("alice", "s3cret"))
	u, _ := url.Parse(srv.URL())

	wrong := *u
	wrong.User = url.UserPassword("alice", "wrong")
	err := newSMTP(t, srv, wrong.String()).Send(ctx, msg)
	if err == nil || !strings.Contains(err.Error(), "535") {
		t.Errorf("wrong password: err = %v, want a 535 error", err)
	}
	if err != nil && strings.Contains(err.Error(), "wrong") {
		t.Errorf("error %q leaks the password", err)
	}

	anonymous := *u
	anonymous.User = nil
	if err := newSMTP(t, srv, anonymous.String()).Send(ctx, msg); err == nil {
		t.Error("no credentials: Send succeeded on a server that requires AUTH")
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("server received %d messages", n)
	}
}

// Credentials never go in clear text to a host that is not loopback by name.
func TestSendAuthRefusesCleartext(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no 127.0.0.2: %v", err)
	}
	_ = ln.Close()
	srv := mailtest.NewServer(t, mailtest.WithAuth("alice", "s3cret"), mailtest.WithAddr("127.0.0.2:0"))
	msg := Message{To: "a@example.com", Subject: "s", Text: "t"}
	err = newSMTP(t, srv, srv.URL()).Send(context.Background(), msg)
	if err == nil || !strings.Contains(err.Error(), "unencrypted") {
		t.Errorf("err = %v, want a refusal to authenticate unencrypted", err)
	}
}

func TestSendTLS(t *testing.T) {
	msg := Message{To: "erin@example.com", Subject: "Über TLS", Text: "hello https://example.com/x", HTML: "<p>hello</p>"}
	ctx := context.Background()

	t.Run("starttls mandatory", func(t *testing.T) {
		srv := mailtest.NewServer(t, mailtest.WithSTARTTLS(), mailtest.WithAuth("alice", "s3cret"))
		if err := newSMTP(t, srv, srv.URL()).Send(ctx, msg); err != nil {
			t.Fatalf("Send: %v", err)
		}
		if got := srv.WaitFor(t, msg.To); !got.TLS || got.User != "alice" || got.Subject != msg.Subject {
			t.Errorf("TLS = %v, User = %q, Subject = %q", got.TLS, got.User, got.Subject)
		}
	})
	t.Run("starttls opportunistic (default)", func(t *testing.T) {
		srv := mailtest.NewServer(t, mailtest.WithSTARTTLS())
		u := strings.TrimSuffix(srv.URL(), "?tls=mandatory")
		if err := newSMTP(t, srv, u).Send(ctx, msg); err != nil {
			t.Fatalf("Send: %v", err)
		}
		if got := srv.WaitFor(t, msg.To); !got.TLS {
			t.Error("not encrypted although the server offers STARTTLS")
		}
	})
	t.Run("opportunistic without STARTTLS falls back", func(t *testing.T) {
		srv := mailtest.NewServer(t)
		u := strings.TrimSuffix(srv.URL(), "?tls=none")
		if err := newSMTP(t, srv, u).Send(ctx, msg); err != nil {
			t.Fatalf("Send: %v", err)
		}
		srv.WaitFor(t, msg.To)
	})
	t.Run("mandatory without STARTTLS fails", func(t *testing.T) {
		srv := mailtest.NewServer(t)
		u := strings.Replace(srv.URL(), "tls=none", "tls=mandatory", 1)
		if err := newSMTP(t, srv, u).Send(ctx, msg); err == nil || !strings.Contains(err.Error(), "STARTTLS") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("untrusted certificate fails", func(t *testing.T) {
		srv := mailtest.NewServer(t, mailtest.WithSTARTTLS())
		if err := newSMTP(t, nil, srv.URL()).Send(ctx, msg); err == nil || !strings.Contains(err.Error(), "certificate") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("smtps", func(t *testing.T) {
		srv := mailtest.NewServer(t, mailtest.WithImplicitTLS(), mailtest.WithAuth("alice", "s3cret"))
		if !strings.HasPrefix(srv.URL(), "smtps://") {
			t.Fatalf("URL = %q", srv.URL())
		}
		if err := newSMTP(t, srv, srv.URL()).Send(ctx, msg); err != nil {
			t.Fatalf("Send: %v", err)
		}
		if got := srv.WaitFor(t, msg.To); !got.TLS || got.User != "alice" {
			t.Errorf("TLS = %v, User = %q", got.TLS, got.User)
		}
	})
}

// silentServer accepts connections and never answers, like a black-holed
// firewall port that completes the handshake.
func silentServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		<-done
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return ln.Addr().String()
}

func TestSendHonoursContextAndTimeout(t *testing.T) {
	addr := silentServer(t)
	msg := Message{To: "a@example.com", Subject: "s", Text: "t"}

	m := newSMTP(t, nil, "smtp://"+addr+"?tls=none")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := m.Send(ctx, msg)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Send took %v after a 200ms deadline", d)
	}

	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	if err := m.Send(ctx, msg); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want Canceled", err)
	}

	// Without a caller deadline the mailer's own timeout applies.
	m.timeout = 300 * time.Millisecond
	start = time.Now()
	if err := m.Send(context.Background(), msg); err == nil {
		t.Error("Send to a silent server succeeded")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Send took %v with a 300ms timeout", d)
	}
}

func TestSendRefusesInvalidMessage(t *testing.T) {
	srv := mailtest.NewServer(t)
	m := newSMTP(t, srv, srv.URL())
	if err := m.Send(context.Background(), Message{To: "nobody", Subject: "s", Text: "t"}); !errors.Is(err, ErrInvalidMessage) {
		t.Errorf("err = %v", err)
	}
}

func TestSendConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	m := newSMTP(t, nil, "smtp://u:s3cret@"+addr+"?tls=none")
	err = m.Send(context.Background(), Message{To: "a@example.com", Subject: "s", Text: "t"})
	if err == nil || !strings.Contains(err.Error(), addr) || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("err = %v", err)
	}
}

// One Mailer is shared by all request handlers.
func TestSendConcurrent(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.WithAuth("alice", "s3cret"))
	m := newSMTP(t, srv, srv.URL())
	const n = 8
	errs := make(chan error, n)
	for i := range n {
		go func() {
			msg := PasswordReset(ResetData{Link: fmt.Sprintf("https://app.example.com/reset/%d", i)})
			msg.To = fmt.Sprintf("user%d@example.com", i)
			errs <- m.Send(context.Background(), msg)
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	for i := range n {
		got := srv.WaitFor(t, fmt.Sprintf("user%d@example.com", i))
		if want := fmt.Sprintf("https://app.example.com/reset/%d", i); mailtest.FindLink(got.Text, "/reset/") != want {
			t.Errorf("user%d got %q", i, got.Text)
		}
	}
}
