// Package mailtest runs an in-process SMTP server for tests and reads what it
// receives, so a test can send real email and follow the links in it:
//
//	srv := mailtest.NewServer(t)
//	mailer, _ := mail.New(srv.URL(), "", nil)
//	... // the code under test sends an invitation to bob@example.com
//	got := srv.WaitFor(t, "bob@example.com")
//	link := mailtest.FindLink(got.Text, "/invitations/")
//
// It does not import package mail, so mail's own tests can use it.
package mailtest

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Received is one message as the server got it.
type Received struct {
	From    string   // envelope sender (MAIL FROM)
	To      []string // envelope recipients (RCPT TO)
	Subject string   // decoded Subject header
	Text    string   // decoded text/plain part, "\n" line endings
	HTML    string   // decoded text/html part, "\n" line endings
	Raw     []byte   // the message exactly as received
	TLS     bool     // whether the session was encrypted
	User    string   // the authenticated user name, if any
}

// Option configures NewServer.
type Option func(*config)

type config struct {
	addr          string
	user, pass    string
	mechs         []string
	starttls      bool
	implicitTLS   bool
	authRequired  bool
	authAvailable bool
}

// WithAuth makes the server require SMTP AUTH with this user and password.
// mechs chooses the mechanisms offered, "PLAIN" and/or "LOGIN" (default:
// both). Authentication is allowed without TLS, as on a loopback server.
func WithAuth(user, pass string, mechs ...string) Option {
	return func(c *config) {
		c.user, c.pass = user, pass
		c.authRequired, c.authAvailable = true, true
		c.mechs = []string{sasl.Plain, sasl.Login}
		if len(mechs) > 0 {
			c.mechs = mechs
		}
	}
}

// WithSTARTTLS makes the server offer STARTTLS with a certificate from a
// throw-away CA (see RootCAs); URL then asks for tls=mandatory.
func WithSTARTTLS() Option { return func(c *config) { c.starttls = true } }

// WithImplicitTLS makes the server speak TLS from the first byte (SMTPS) with
// a certificate from a throw-away CA (see RootCAs); URL then is smtps://.
func WithImplicitTLS() Option { return func(c *config) { c.implicitTLS = true } }

// WithAddr sets the listening address (default "127.0.0.1:0").
func WithAddr(addr string) Option { return func(c *config) { c.addr = addr } }

// Server is an in-process SMTP server that keeps every message it receives.
// It stops when the test ends.
type Server struct {
	cfg     config
	srv     *smtp.Server
	addr    string
	rootCAs *x509.CertPool

	mu       sync.Mutex
	messages []Received
	taken    []bool // taken[i]: message i was returned by WaitFor
	changed  chan struct{}
}

// NewServer starts a server on a loopback port and stops it in t.Cleanup.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{cfg: config{addr: "127.0.0.1:0"}, changed: make(chan struct{})}
	for _, opt := range opts {
		opt(&s.cfg)
	}

	ln, err := net.Listen("tcp", s.cfg.addr)
	if err != nil {
		t.Fatalf("mailtest: listen: %v", err)
	}
	s.addr = ln.Addr().String()

	logger := &testLogger{t: t}
	s.srv = smtp.NewServer(smtp.BackendFunc(s.newSession))
	s.srv.Domain = "localhost"
	s.srv.ReadTimeout = 10 * time.Second
	s.srv.WriteTimeout = 10 * time.Second
	s.srv.MaxMessageBytes = 10 << 20
	s.srv.MaxRecipients = 100
	s.srv.AllowInsecureAuth = true
	s.srv.ErrorLog = logger

	if s.cfg.starttls || s.cfg.implicitTLS {
		tlsConfig, pool, err := selfSignedTLS()
		if err != nil {
			_ = ln.Close()
			t.Fatalf("mailtest: certificate: %v", err)
		}
		s.rootCAs = pool
		s.srv.TLSConfig = tlsConfig
		if s.cfg.implicitTLS {
			ln = tls.NewListener(ln, tlsConfig)
		}
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.srv.Serve(ln)
	}()
	t.Cleanup(func() {
		logger.stop()
		_ = s.srv.Close()
		// go-smtp's Close misses a listener that Serve has not registered
		// yet, and Serve would then block forever: close it ourselves.
		_ = ln.Close()
		<-done
	})
	return s
}

// Addr is the host:port the server listens on.
func (s *Server) Addr() string { return s.addr }

// URL is the SMTP URL for package mail: smtp://127.0.0.1:PORT?tls=none, with
// the credentials of WithAuth, tls=mandatory with WithSTARTTLS, and smtps://
// with WithImplicitTLS. A TLS server's certificate verifies only against
// RootCAs.
func (s *Server) URL() string {
	u := url.URL{Scheme: "smtp", Host: s.addr, RawQuery: "tls=none"}
	switch {
	case s.cfg.implicitTLS:
		u.Scheme, u.RawQuery = "smtps", ""
	case s.cfg.starttls:
		u.RawQuery = "tls=mandatory"
	}
	if s.cfg.user != "" {
		u.User = url.UserPassword(s.cfg.user, s.cfg.pass)
	}
	return u.String()
}

// RootCAs holds the CA of the server's certificate; nil without TLS.
func (s *Server) RootCAs() *x509.CertPool { return s.rootCAs }

// Messages returns every message received so far, oldest first.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.messages)
}

// DefaultWait bounds WaitFor: generous, because a message sent after a
// response may take a while on a loaded machine under the race detector, and
// a passing test never waits for it.
const DefaultWait = 30 * time.Second

// WaitFor waits for a message to the address to (an envelope recipient,
// compared case-insensitively) and returns it; it fails the test when none
// arrives within DefaultWait, or before the test's own deadline. Each call
// returns the oldest such message that no earlier WaitFor or Next call
// returned, so sending two messages to one address and calling WaitFor twice
// gives both, in order. Call it from the test's goroutine (it calls
// t.Fatal); elsewhere use Next.
func (s *Server) WaitFor(t testing.TB, to string) Received {
	t.Helper()
	deadline := time.Now().Add(DefaultWait)
	if d, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if td, ok := d.Deadline(); ok && td.Before(deadline) {
			deadline = td.Add(-time.Second) // leave time to report
		}
	}
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	m, err := s.Next(ctx, to)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Next is WaitFor for any goroutine: it waits until a message to the address
// to arrives or ctx ends, and returns an error naming what was received.
func (s *Server) Next(ctx context.Context, to string) (Received, error) {
	want := to
	if a, err := mail.ParseAddress(to); err == nil {
		want = a.Address
	}
	for {
		s.mu.Lock()
		for i, m := range s.messages {
			if s.taken[i] {
				continue
			}
			if slices.ContainsFunc(m.To, func(r string) bool { return strings.EqualFold(r, want) }) {
				s.taken[i] = true
				s.mu.Unlock()
				return m, nil
			}
		}
		changed := s.changed
		var seen []string
		for _, m := range s.messages {
			seen = append(seen, strings.Join(m.To, ","))
		}
		s.mu.Unlock()

		select {
		case <-changed:
		case <-ctx.Done():
			return Received{}, fmt.Errorf("mailtest: no new message to %s: %w (messages received for: %q)", want, context.Cause(ctx), seen)
		}
	}
}

// linkRE matches http(s) URLs up to white space, quotes or angle brackets.
var linkRE = regexp.MustCompile(`https?://[^\s<>"'` + "`" + `]+`)

// FindLink returns the first http(s) URL in body that contains prefix (any
// URL when prefix is empty), without trailing sentence punctuation, or "" if
// there is none. It is meant for Received.Text; in Received.HTML a URL with
// "&" appears as "&amp;".
func FindLink(body, prefix string) string {
	for _, link := range linkRE.FindAllString(body, -1) {
		link = strings.TrimRight(link, ".,;:!?)]}")
		if strings.Contains(link, prefix) {
			return link
		}
	}
	return ""
}

// ParseMessage decodes a raw RFC 5322 message: its subject and its first
// text/plain and text/html parts, in any multipart nesting, with
// quoted-printable or base64 transfer encoding. Line endings become "\n".
func ParseMessage(raw []byte) (subject, text, html string, err error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return "", "", "", fmt.Errorf("mailtest: reading message: %w", err)
	}
	subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return "", "", "", fmt.Errorf("mailtest: decoding subject: %w", err)
	}
	var p parts
	if err := p.walk(textproto.MIMEHeader(msg.Header), msg.Body); err != nil {
		return "", "", "", err
	}
	return subject, p.text, p.html, nil
}

type parts struct{ text, html string }

func (p *parts) walk(h textproto.MIMEHeader, body io.Reader) error {
	contentType := h.Get("Content-Type")
	if contentType == "" {
		contentType = "text/plain"
	}
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("mailtest: Content-Type %q: %w", contentType, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("mailtest: %s: %w", mediaType, err)
			}
			// NextPart already decodes quoted-printable (and then hides the
			// Content-Transfer-Encoding header); base64 is left to decode.
			if err := p.walk(part.Header, part); err != nil {
				return err
			}
		}
	}
	if mediaType != "text/plain" && mediaType != "text/html" {
		return nil
	}
	if cs := strings.ToLower(params["charset"]); cs != "" && cs != "utf-8" && cs != "us-ascii" {
		return fmt.Errorf("mailtest: %s part in unsupported charset %q", mediaType, cs)
	}
	var r io.Reader = body
	switch enc := strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))); enc {
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, body) // skips \r and \n
	case "", "7bit", "8bit", "binary":
	default:
		return fmt.Errorf("mailtest: unknown Content-Transfer-Encoding %q", enc)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("mailtest: decoding %s part: %w", mediaType, err)
	}
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	if mediaType == "text/plain" && p.text == "" {
		p.text = s
	} else if mediaType == "text/html" && p.html == "" {
		p.html = s
	}
	return nil
}

// newSession is the smtp.Backend.
func (s *Server) newSession(c *smtp.Conn) (smtp.Session, error) {
	_, isTLS := c.TLSConnectionState()
	return &session{server: s, tls: isTLS}, nil
}

func (s *Server) add(m Received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = append(s.messages, m)
	s.taken = append(s.taken, false)
	close(s.changed)
	s.changed = make(chan struct{})
}

// session is one SMTP connection; it implements smtp.AuthSession.
type session struct {
	server *Server
	tls    bool
	user   string
	from   string
	to     []string
}

func (ss *session) AuthMechanisms() []string {
	if !ss.server.cfg.authAvailable {
		return nil
	}
	return ss.server.cfg.mechs
}

func (ss *session) Auth(mech string) (sasl.Server, error) {
	if !slices.Contains(ss.AuthMechanisms(), mech) {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	check := func(user, pass string) error {
		if user != ss.server.cfg.user || pass != ss.server.cfg.pass {
			return smtp.ErrAuthFailed
		}
		ss.user = user
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(identity, user, pass string) error {
			if identity != "" && identity != user {
				return smtp.ErrAuthFailed
			}
			return check(user, pass)
		}), nil
	case sasl.Login:
		return &loginServer{check: check}, nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.server.cfg.authRequired && ss.user == "" {
		return smtp.ErrAuthRequired
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	subject, text, html, err := ParseMessage(raw)
	if err != nil {
		// Reject, so the sender sees why.
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: err.Error()}
	}
	ss.server.add(Received{
		From: ss.from, To: slices.Clone(ss.to),
		Subject: subject, Text: text, HTML: html,
		Raw: raw, TLS: ss.tls, User: ss.user,
	})
	return nil
}

func (ss *session) Reset() { ss.from, ss.to = "", nil }

func (ss *session) Logout() error { return nil }

// loginServer is the server side of the (obsolete but common) LOGIN
// mechanism, which go-sasl no longer provides.
type loginServer struct {
	check func(user, pass string) error
	step  int
	user  string
}

func (l *loginServer) Next(response []byte) (challenge []byte, done bool, err error) {
	switch l.step {
	case 0:
		l.step++
		if response != nil { // initial response: the user name
			l.user = string(response)
			l.step++
			return []byte("Password:"), false, nil
		}
		return []byte("Username:"), false, nil
	case 1:
		l.step++
		l.user = string(response)
		return []byte("Password:"), false, nil
	case 2:
		l.step++
		return nil, true, l.check(l.user, string(response))
	}
	return nil, false, errors.New("mailtest: unexpected LOGIN response")
}

// testLogger sends the SMTP server's errors to t.Logf until the test ends
// (t.Logf panics after that).
type testLogger struct {
	mu      sync.Mutex
	t       testing.TB
	stopped bool
}

func (l *testLogger) Printf(format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.stopped {
		l.t.Logf("mailtest: smtp server: "+format, v...)
	}
}

func (l *testLogger) Println(v ...any) {
	l.Printf("%s", strings.TrimSuffix(fmt.Sprintln(v...), "\n"))
}

func (l *testLogger) stop() {
	l.mu.Lock()
	l.stopped = true
	l.mu.Unlock()
}

// selfSignedTLS makes a throw-away CA certificate valid for localhost,
// 127.0.0.1 and ::1, and the pool that trusts it.
func selfSignedTLS() (*tls.Config, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	template := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "mailtest"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}},
		MinVersion:   tls.VersionTLS12,
	}, pool, nil
}
