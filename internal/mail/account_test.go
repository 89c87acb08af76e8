package mail

import (
	"strings"
	"testing"
	"time"
)

// The account emails carry the link (confirmation) or none (notice), and
// escape what a person typed.
func TestAccountEmails(t *testing.T) {
	m := EmailChange(EmailChangeData{Name: "Ada <b>", NewEmail: "new@example.com", Link: "https://headway.example/account/email/abc", ValidFor: 24 * time.Hour})
	if !strings.Contains(m.Text, "https://headway.example/account/email/abc") || !strings.Contains(m.Text, "valid for 1 day") && !strings.Contains(m.Text, "valid for 24 hours") {
		t.Errorf("confirmation text:\n%s", m.Text)
	}
	if strings.Contains(m.HTML, "<b>") || !strings.Contains(m.HTML, `href="https://headway.example/account/email/abc"`) {
		t.Errorf("confirmation HTML does not escape the name or lacks the link:\n%s", m.HTML)
	}
	n := EmailChanged(EmailChangedData{Name: "Ada", OldEmail: "old@example.com", NewEmail: "new@example.com", ResetLink: "https://headway.example/password/forgot"})
	if !strings.Contains(n.Text, "changed from old@example.com to new@example.com") || strings.Contains(n.Text, "/account/email/") {
		t.Errorf("notice text:\n%s", n.Text)
	}
	for _, msg := range []Message{m, n} {
		msg.To = "x@example.com"
		if err := msg.validate(); err != nil {
			t.Errorf("%q: %v", msg.Subject, err)
		}
	}
}
