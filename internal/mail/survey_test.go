package mail

import (
	"strings"
	"testing"
)

// The survey email: the link as a line of its own and a button, names
// escaped in the HTML and kept on one line in the subject, and the promise
// that no one's answers are shown.
func TestSurveyInvitation(t *testing.T) {
	link := "https://app.example.com/o/acme/maturity/survey"
	m := SurveyInvitation(SurveyData{OrgName: "Acme <i>&</i>\r\nBcc: x@example.com", OpenerName: "Bob <b>", Link: link})
	if strings.ContainsAny(m.Subject, "\r\n") || !strings.Contains(m.Subject, "Acme <i>&</i> Bcc: x@example.com") {
		t.Errorf("Subject = %q", m.Subject)
	}
	if m.To != "" {
		t.Errorf("To = %q, want empty (the caller sets it)", m.To)
	}
	if !lineEqual(m.Text, link) || !strings.Contains(m.Text, "Bob <b> asks how Acme") || !strings.Contains(m.Text, "at least 3 people") {
		t.Errorf("text:\n%s", m.Text)
	}
	checkHTML(t, m.HTML, link)
	if strings.Contains(m.HTML, "<b>") || strings.Contains(m.HTML, "<i>") || !strings.Contains(m.HTML, "Bob &lt;b&gt; asks") {
		t.Errorf("HTML does not escape the names:\n%s", m.HTML)
	}
	if m := SurveyInvitation(SurveyData{OrgName: "Acme", Link: link}); !strings.Contains(m.Text, "You are asked how Acme") {
		t.Errorf("without an opener:\n%s", m.Text)
	}
}
