package mail

import (
	"strings"
	"testing"
	"time"
)

// The skills reminder names who asks and the organization, links to the
// self-rating page in both parts, says who sees the ratings, and escapes
// the names; without a sender or an earlier rating it still reads.
func TestSkillsReminder(t *testing.T) {
	link := "https://headway.example/o/acme/skills/me"
	m := SkillsReminder(SkillsReminderData{OrgName: "Acme <b>\nCorp", SenderName: "Olivia Owner", Name: "Mia", Link: link,
		LastRated: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)})
	if m.Subject != "Please rate your skills in Acme <b> Corp" {
		t.Errorf("Subject = %q", m.Subject)
	}
	for _, want := range []string{"Hello Mia,", "Olivia Owner asks you to rate your skills in Acme <b> Corp", "from 2 March 2026", link,
		"seen by you and by the organization's owners and admins"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, m.Text)
		}
	}
	checkHTML(t, m.HTML, link)
	if strings.Contains(m.HTML, "<b>") || !strings.Contains(m.HTML, "Acme &lt;b&gt; Corp") {
		t.Errorf("HTML part:\n%s", m.HTML)
	}
	m.To = "mia@example.com"
	if err := m.validate(); err != nil {
		t.Errorf("validate: %v", err)
	}

	bare := SkillsReminder(SkillsReminderData{OrgName: "Acme", Link: link})
	if !strings.Contains(bare.Text, "Hello,\n\nAn admin of Acme asks you to rate your skills in Acme on Headway. Rating") {
		t.Errorf("text without sender nor earlier rating:\n%s", bare.Text)
	}
}
