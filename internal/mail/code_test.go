package mail

import (
	"strings"
	"testing"
	"time"
)

// The code email names the organization, shows the code in both parts,
// says how long it is valid and escapes the organization's name.
func TestInvitationCode(t *testing.T) {
	m := InvitationCode(InvitationCodeData{OrgName: "Acme <b>\nCorp", Code: "012345", ValidFor: 10 * time.Minute})
	if m.Subject != "Your code to join Acme <b> Corp on Headway" {
		t.Errorf("Subject = %q", m.Subject)
	}
	for _, want := range []string{"012345", "valid for 10 minutes", "Acme <b> Corp"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, m.Text)
		}
	}
	if !strings.Contains(m.HTML, "012345") || strings.Contains(m.HTML, "<b>") || !strings.Contains(m.HTML, "Acme &lt;b&gt; Corp") {
		t.Errorf("HTML part:\n%s", m.HTML)
	}
	m.To = "nina@example.com"
	if err := m.validate(); err != nil {
		t.Errorf("validate: %v", err)
	}
}
