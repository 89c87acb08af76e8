// Package mail sends Headway's transactional email (invitations, password
// resets) over SMTP, or writes it to the log when SMTP is not configured.
//
// Configuration is one URL:
//
//	smtp://user:pass@host:port?tls=starttls&from=Headway%20%3Cno-reply%40example.com%3E
//	smtps://user:pass@host:port   (implicit TLS, "SMTPS", port 465 by default)
//
// The user name and password are optional and must be percent-encoded when
// they contain reserved characters (@ : / ? # %). See New for the options.
package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"strings"
	"time"
)

// DefaultFrom is the sender used when neither the caller nor the SMTP URL
// names one.
const DefaultFrom = "Headway <no-reply@localhost>"

// DefaultTimeout bounds one Send over SMTP: dialling, TLS, authentication and
// the message transfer together, and each single SMTP command.
const DefaultTimeout = 10 * time.Second

// Message is one email to one recipient. Text is the plain-text body and HTML
// the optional HTML alternative; at least one of them must be set.
type Message struct {
	To, Subject, Text, HTML string
}

// Mailer sends messages.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// ErrInvalidMessage is wrapped by the errors Send returns for a message that
// cannot be sent at all (no or bad recipient, no subject, no body).
var ErrInvalidMessage = errors.New("mail: invalid message")

// New returns the Mailer for smtpURL.
//
// An empty smtpURL gives a *LogMailer, which logs every message (recipient,
// subject and full text body, so a developer can follow the links) at Info
// level instead of sending it.
//
// Otherwise smtpURL is smtp://[user[:pass]@]host[:port][?options] (port 587 by
// default) or smtps://... (implicit TLS, port 465 by default). Options:
//
//   - tls=starttls (default for smtp://): STARTTLS when the server offers it
//     ("opportunistic" is accepted as a synonym).
//   - tls=mandatory: fail unless STARTTLS succeeds.
//   - tls=none: never use TLS, for a loopback test server.
//   - from=ADDRESS: the sender, overriding the from argument.
//
// With a user name, Send authenticates with PLAIN or LOGIN when the server
// offers them, else with the strongest mechanism go-mail can discover. PLAIN
// and LOGIN are refused on an unencrypted connection unless the host is
// localhost, 127.0.0.1 or ::1.
//
// The sender is, in order: the URL's from option, the from argument,
// DefaultFrom. log may be nil (slog.Default is used).
func New(smtpURL, from string, log *slog.Logger) (Mailer, error) {
	if log == nil {
		log = slog.Default()
	}
	if strings.TrimSpace(from) == "" {
		from = DefaultFrom
	}
	sender, err := netmail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("mail: invalid from address %q: %w", from, err)
	}

	smtpURL = strings.TrimSpace(smtpURL)
	if smtpURL == "" {
		return &LogMailer{Logger: log, From: formatAddress(sender)}, nil
	}

	cfg, err := parseSMTPURL(smtpURL)
	if err != nil {
		return nil, err
	}
	if cfg.from != nil {
		sender = cfg.from
	}
	return &smtpMailer{cfg: cfg, from: sender, log: log, timeout: DefaultTimeout}, nil
}

// LogMailer is the Mailer used when SMTP is not configured: it logs each
// message at Info level and reports success.
type LogMailer struct {
	Logger *slog.Logger // nil means slog.Default()
	From   string       // only logged
}

// Send logs m. It fails only for a cancelled ctx or an invalid message, like
// the SMTP mailer would.
func (l *LogMailer) Send(ctx context.Context, m Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := m.validate(); err != nil {
		return err
	}
	log := l.Logger
	if log == nil {
		log = slog.Default()
	}
	log.LogAttrs(ctx, slog.LevelInfo, "email not sent (SMTP not configured); logged instead",
		slog.String("from", l.From),
		slog.String("to", m.To),
		slog.String("subject", m.Subject),
		slog.String("text", m.Text),
	)
	return nil
}

// validate reports why m cannot be sent, if it cannot.
func (m Message) validate() error {
	if strings.TrimSpace(m.To) == "" {
		return fmt.Errorf("%w: no recipient", ErrInvalidMessage)
	}
	if _, err := netmail.ParseAddress(m.To); err != nil {
		return fmt.Errorf("%w: recipient %q: %v", ErrInvalidMessage, m.To, err)
	}
	if strings.TrimSpace(m.Subject) == "" {
		return fmt.Errorf("%w: no subject", ErrInvalidMessage)
	}
	if m.Text == "" && m.HTML == "" {
		return fmt.Errorf("%w: no body", ErrInvalidMessage)
	}
	return nil
}

// formatAddress renders a for people (no RFC 2047 encoding of the name).
func formatAddress(a *netmail.Address) string {
	if a.Name == "" {
		return a.Address
	}
	return fmt.Sprintf("%s <%s>", a.Name, a.Address)
}
