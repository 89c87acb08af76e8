package mail

import (
	"strings"
	"testing"
)

func TestSignupAttempt(t *testing.T) {
	login, reset := "https://app.example.com/login", "https://app.example.com/password/forgot"
	m := SignupAttempt(SignupAttemptData{LoginLink: login, ResetLink: reset})
	m.To = "owner@example.com"
	if err := m.validate(); err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Someone tried to sign up with your email address" {
		t.Errorf("Subject = %q", m.Subject)
	}
	for _, link := range []string{login, reset} {
		if !lineEqual(m.Text, link) || !strings.Contains(m.HTML, `href="`+link+`"`) {
			t.Errorf("link %s missing from the text or the HTML:\n%s\n%s", link, m.Text, m.HTML)
		}
	}
	if !strings.Contains(m.Text, "at most once a day") || !strings.Contains(m.HTML, "<!DOCTYPE html>") {
		t.Errorf("text or layout:\n%s", m.Text)
	}
	// The other messages still render with the shared layout.
	if !strings.Contains(PasswordReset(ResetData{Link: reset}).HTML, "Choose a new password") {
		t.Error("the reset email lost its body")
	}
}
