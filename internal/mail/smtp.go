package mail

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// ErrInvalidURL is wrapped by every error New returns for a malformed SMTP URL.
// The error text never contains the password.
var ErrInvalidURL = errors.New("mail: invalid SMTP URL")

// tlsMode is how the connection to the SMTP server is secured.
type tlsMode int

const (
	tlsOpportunistic tlsMode = iota // STARTTLS when offered
	tlsMandatory                    // STARTTLS or fail
	tlsNone                         // plain text
	tlsImplicit                     // TLS from the first byte (smtps://)
)

func (m tlsMode) String() string {
	switch m {
	case tlsOpportunistic:
		return "starttls"
	case tlsMandatory:
		return "mandatory"
	case tlsNone:
		return "none"
	case tlsImplicit:
		return "implicit"
	}
	return "tlsMode(" + strconv.Itoa(int(m)) + ")"
}

// smtpConfig is a parsed SMTP URL.
type smtpConfig struct {
	host     string // without brackets for IPv6
	port     int
	tls      tlsMode
	username string // empty: no SMTP AUTH
	password string
	from     *netmail.Address // nil when the URL has no from option
}

func (c smtpConfig) addr() string { return net.JoinHostPort(c.host, strconv.Itoa(c.port)) }

func badURL(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidURL}, args...)...)
}

// parseSMTPURL parses smtp://user:pass@host:port?tls=...&from=... and
// smtps://... . Errors never quote the URL itself, which may hold a password.
func parseSMTPURL(raw string) (smtpConfig, error) {
	var cfg smtpConfig
	if !strings.Contains(raw, "://") {
		return cfg, badURL("want smtp://[user:pass@]host[:port] or smtps://...")
	}
	u, err := url.Parse(raw)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // url.Error quotes the whole URL, password included
		}
		return cfg, badURL("%v", err)
	}

	defaultPort := 587
	switch u.Scheme { // url.Parse lower-cases the scheme
	case "smtp":
		cfg.tls = tlsOpportunistic
	case "smtps":
		cfg.tls = tlsImplicit
		defaultPort = 465
	default:
		return cfg, badURL("unsupported scheme %q (want smtp or smtps)", u.Scheme)
	}

	cfg.host = u.Hostname()
	if cfg.host == "" {
		return cfg, badURL("missing host")
	}
	cfg.port = defaultPort
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return cfg, badURL("invalid port %q", p)
		}
		cfg.port = n
	}
	if u.Path != "" && u.Path != "/" {
		return cfg, badURL("unexpected path %q", u.Path)
	}
	if u.Fragment != "" {
		return cfg, badURL("unexpected fragment")
	}

	if u.User != nil {
		cfg.username = u.User.Username()
		cfg.password, _ = u.User.Password()
		if cfg.username == "" && cfg.password != "" {
			return cfg, badURL("password without user name")
		}
	}

	query, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return cfg, badURL("query: %v", err)
	}
	for key, values := range query {
		if len(values) != 1 {
			return cfg, badURL("option %q given %d times", key, len(values))
		}
		value := values[0]
		switch key {
		case "tls":
			mode, err := parseTLSMode(value)
			if err != nil {
				return cfg, err
			}
			if cfg.tls == tlsImplicit {
				if mode != tlsMandatory {
					return cfg, badURL("tls=%s conflicts with smtps:// (implicit TLS); use smtp:// for STARTTLS or no TLS", value)
				}
				continue
			}
			cfg.tls = mode
		case "from":
			addr, err := netmail.ParseAddress(value)
			if err != nil {
				return cfg, badURL("from=%q: %v", value, err)
			}
			cfg.from = addr
		default:
			return cfg, badURL("unknown option %q (known: tls, from)", key)
		}
	}
	return cfg, nil
}

func parseTLSMode(s string) (tlsMode, error) {
	switch strings.ToLower(s) {
	case "starttls", "opportunistic":
		return tlsOpportunistic, nil
	case "mandatory":
		return tlsMandatory, nil
	case "none":
		return tlsNone, nil
	}
	return 0, badURL("tls=%q: want none, starttls or mandatory", s)
}

// smtpMailer sends each message over a fresh SMTP connection.
type smtpMailer struct {
	cfg     smtpConfig
	from    *netmail.Address
	log     *slog.Logger
	timeout time.Duration
	rootCAs *x509.CertPool // nil: system roots (tests set a private CA)
}

func (s *smtpMailer) Send(ctx context.Context, m Message) error {
	if err := m.validate(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	msg, err := s.buildMsg(m)
	if err != nil {
		return err
	}

	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()

	tlsConfig := &tls.Config{
		ServerName: s.cfg.host,
		MinVersion: tls.VersionTLS12,
		RootCAs:    s.rootCAs,
	}
	// Our own dialler: it closes the connection as soon as ctx ends (go-mail
	// only honours ctx while dialling), dials IPv6 literals correctly
	// (go-mail's ServerAddr does not bracket them) and does the implicit TLS
	// handshake for smtps://.
	dial := func(dialCtx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		conn, err := d.DialContext(dialCtx, network, s.cfg.addr())
		if err != nil {
			return nil, err
		}
		context.AfterFunc(ctx, func() { _ = conn.Close() })
		if s.cfg.tls != tlsImplicit {
			return conn, nil
		}
		tlsConn := tls.Client(conn, tlsConfig)
		if err := tlsConn.HandshakeContext(dialCtx); err != nil {
			_ = conn.Close()
			return nil, err
		}
		return tlsConn, nil
	}

	opts := []gomail.Option{
		gomail.WithPort(s.cfg.port),
		gomail.WithTimeout(s.timeout),
		gomail.WithDialContextFunc(dial),
		gomail.WithTLSConfig(tlsConfig),
	}
	switch s.cfg.tls {
	case tlsOpportunistic:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case tlsMandatory:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case tlsNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case tlsImplicit:
		// The dialler already did TLS; this only stops a STARTTLS attempt.
		opts = append(opts, gomail.WithSSL(), gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.cfg.username != "" {
		// PLAIN or LOGIN when offered (they refuse a cleartext connection to
		// a non-local host), else go-mail's auto-discovery (SCRAM, CRAM-MD5...).
		opts = append(opts,
			gomail.WithUsername(s.cfg.username),
			gomail.WithPassword(s.cfg.password),
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
		)
	}
	// A new client per message: go-mail's client mutates its auth settings
	// during a dial, so sharing one between goroutines would race.
	client, err := gomail.NewClient(s.cfg.host, opts...)
	if err != nil {
		return fmt.Errorf("mail: SMTP client for %s: %w", s.cfg.addr(), err)
	}

	start := time.Now()
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("mail: sending to %s via %s: %w (%v)", m.To, s.cfg.addr(), ctxErr, err)
		}
		return fmt.Errorf("mail: sending to %s via %s: %w", m.To, s.cfg.addr(), err)
	}
	s.log.LogAttrs(ctx, slog.LevelDebug, "email sent",
		slog.String("to", m.To),
		slog.String("subject", m.Subject),
		slog.String("server", s.cfg.addr()),
		slog.Duration("duration", time.Since(start)),
	)
	return nil
}

// buildMsg turns m into a go-mail message: multipart/alternative when it has
// both bodies, quoted-printable UTF-8.
func (s *smtpMailer) buildMsg(m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(s.from)
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("%w: recipient %q: %v", ErrInvalidMessage, m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageIDWithValue(rand.Text() + "@" + domainOf(s.from.Address))
	// RFC 3834: tells auto-responders (out of office) not to answer.
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	switch {
	case m.Text != "" && m.HTML != "":
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	case m.Text != "":
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	default:
		msg.SetBodyString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 && i < len(addr)-1 {
		return addr[i+1:]
	}
	return "localhost"
}
