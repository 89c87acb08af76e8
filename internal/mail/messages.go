package mail

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"time"
)

// InvitationData fills an invitation email. Only OrgName and Link are
// required; an empty InviterName, Role or zero Expires leaves that part out.
type InvitationData struct {
	OrgName, InviterName, Role, Link string
	Expires                          time.Time
}

// ResetData fills a password-reset email. Name and ValidFor are optional.
type ResetData struct {
	Name, Link string
	ValidFor   time.Duration
}

// Invitation builds the invitation email. The caller sets To.
func Invitation(d InvitationData) Message {
	org := oneLine(d.OrgName)
	var expires string
	if !d.Expires.IsZero() {
		expires = formatTime(d.Expires)
	}

	var t strings.Builder
	t.WriteString("Hello,\n\n")
	if d.InviterName != "" {
		fmt.Fprintf(&t, "%s has invited you", oneLine(d.InviterName))
	} else {
		t.WriteString("You have been invited")
	}
	fmt.Fprintf(&t, " to join %s on Headway", org)
	if d.Role != "" {
		fmt.Fprintf(&t, " with the %s role", oneLine(d.Role))
	}
	t.WriteString(".\n\nTo accept the invitation, open this link:\n\n")
	t.WriteString(d.Link)
	t.WriteString("\n\n")
	if expires != "" {
		fmt.Fprintf(&t, "The invitation expires on %s.\n", expires)
	}
	t.WriteString("If you were not expecting this invitation, you can ignore this email.\n\n— Headway\n")

	subject := "You're invited to join " + org + " on Headway"
	return Message{
		Subject: subject,
		Text:    t.String(),
		HTML: renderHTML("invitation", struct {
			Subject, OrgName, InviterName, Role, Link, Expires string
		}{subject, org, oneLine(d.InviterName), oneLine(d.Role), d.Link, expires}),
	}
}

// InvitationCodeData fills the email with the code that confirms an
// invited address. OrgName and Code are required; ValidFor is optional.
type InvitationCodeData struct {
	OrgName, Code string
	ValidFor      time.Duration
}

// InvitationCode builds the email carrying the code that confirms an invited
// address before an account is created through a link shared by hand. The
// caller sets To.
func InvitationCode(d InvitationCodeData) Message {
	org := oneLine(d.OrgName)
	var validFor string
	if d.ValidFor > 0 {
		validFor = humanDuration(d.ValidFor)
	}
	var t strings.Builder
	fmt.Fprintf(&t, "Hello,\n\nYour code to join %s on Headway:\n\n    %s\n\n", org, d.Code)
	if validFor != "" {
		fmt.Fprintf(&t, "It is valid for %s. ", validFor)
	}
	t.WriteString("Type it on the invitation page to confirm that this address is yours.\n\n" +
		"If you did not ask for it, someone has the invitation link: you can ignore this email, " +
		"without the code they cannot create an account with your address.\n\n— Headway\n")
	subject := "Your code to join " + org + " on Headway"
	return Message{
		Subject: subject,
		Text:    t.String(),
		HTML: renderHTML("invitation-code", struct {
			Subject, OrgName, Code, ValidFor string
		}{subject, org, d.Code, validFor}),
	}
}

// PasswordReset builds the password-reset email. The caller sets To.
func PasswordReset(d ResetData) Message {
	var validFor string
	if d.ValidFor > 0 {
		validFor = humanDuration(d.ValidFor)
	}

	var t strings.Builder
	if d.Name != "" {
		fmt.Fprintf(&t, "Hello %s,\n\n", oneLine(d.Name))
	} else {
		t.WriteString("Hello,\n\n")
	}
	t.WriteString("Someone asked to reset the password of your Headway account. " +
		"To choose a new password, open this link:\n\n")
	t.WriteString(d.Link)
	t.WriteString("\n\n")
	if validFor != "" {
		fmt.Fprintf(&t, "The link is valid for %s.\n", validFor)
	}
	t.WriteString("If you did not ask for this, you can ignore this email: your password stays unchanged.\n\n— Headway\n")

	subject := "Reset your Headway password"
	return Message{
		Subject: subject,
		Text:    t.String(),
		HTML: renderHTML("reset", struct {
			Subject, Name, Link, ValidFor string
		}{subject, oneLine(d.Name), d.Link, validFor}),
	}
}

// htmlTemplates are deliberately plain: inline styles only (mail clients drop
// <style> and external CSS), no images, one button and the bare URL.
// html/template escapes every value; a Link that is not http(s) or mailto is
// replaced with "#ZgotmplZ" in the href.
var htmlTemplates = template.Must(template.New("").Funcs(template.FuncMap{
	"button": func(label, link string) buttonData { return buttonData{label, link} },
}).Parse(`
{{- define "start" -}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.}}</title>
</head>
<body style="margin:0;padding:24px 12px;background-color:#f4f4f5;color:#18181b;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5">
<div style="max-width:560px;margin:0 auto;padding:32px;background-color:#ffffff;border-radius:8px">
{{end}}

{{- define "button" -}}
<p style="margin:28px 0"><a href="{{.Link}}" style="display:inline-block;padding:12px 20px;background-color:#1d4ed8;color:#ffffff;border-radius:6px;font-weight:600;text-decoration:none">{{.Label}}</a></p>
<p style="font-size:14px;color:#52525b">If the button does not work, copy this link into your browser:<br>
<a href="{{.Link}}" style="color:#1d4ed8;word-break:break-all">{{.Link}}</a></p>
{{end}}

{{- define "end" -}}
<p style="margin-top:32px;font-size:14px;color:#52525b">— Headway</p>
</div>
</body>
</html>
{{end}}

{{- define "invitation" -}}
{{template "start" .Subject -}}
<h1 style="margin:0 0 16px;font-size:22px">Join {{.OrgName}} on Headway</h1>
<p>{{if .InviterName}}{{.InviterName}} has invited you{{else}}You have been invited{{end}} to join <strong>{{.OrgName}}</strong> on Headway{{if .Role}} with the <strong>{{.Role}}</strong> role{{end}}.</p>
{{template "button" (button "Accept the invitation" .Link) -}}
{{if .Expires}}<p style="font-size:14px;color:#52525b">The invitation expires on {{.Expires}}.</p>
{{end -}}
<p style="font-size:14px;color:#52525b">If you were not expecting this invitation, you can ignore this email.</p>
{{template "end"}}
{{- end}}

{{- define "invitation-code" -}}
{{template "start" .Subject -}}
<h1 style="margin:0 0 16px;font-size:22px">Your code to join {{.OrgName}}</h1>
<p>Type this code on the invitation page to confirm that this address is yours:</p>
<p style="margin:24px 0;font-size:28px;font-weight:700;letter-spacing:6px">{{.Code}}</p>
{{if .ValidFor}}<p style="font-size:14px;color:#52525b">It is valid for {{.ValidFor}}.</p>
{{end -}}
<p style="font-size:14px;color:#52525b">If you did not ask for it, someone has the invitation link: you can ignore this email, without the code they cannot create an account with your address.</p>
{{template "end"}}
{{- end}}

{{- define "reset" -}}
{{template "start" .Subject -}}
<h1 style="margin:0 0 16px;font-size:22px">Reset your password</h1>
<p>{{if .Name}}Hello {{.Name}},{{else}}Hello,{{end}}</p>
<p>Someone asked to reset the password of your Headway account. To choose a new password, use the button below.</p>
{{template "button" (button "Choose a new password" .Link) -}}
{{if .ValidFor}}<p style="font-size:14px;color:#52525b">The link is valid for {{.ValidFor}}.</p>
{{end -}}
<p style="font-size:14px;color:#52525b">If you did not ask for this, you can ignore this email: your password stays unchanged.</p>
{{template "end"}}
{{- end}}
`))

type buttonData struct{ Label, Link string }

func renderHTML(name string, data any) string {
	var b bytes.Buffer
	if err := htmlTemplates.ExecuteTemplate(&b, name, data); err != nil {
		// Only string fields are rendered: failing here is a programming error.
		panic("mail: rendering " + name + ": " + err.Error())
	}
	return b.String()
}

// oneLine collapses all whitespace runs, newlines included, into one space:
// user-supplied names end up in subjects and single-line sentences.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// formatTime renders t in UTC, which every reader can convert.
func formatTime(t time.Time) string {
	return t.UTC().Format("Monday 2 January 2006 at 15:04 UTC")
}

// humanDuration renders d for people, rounded to the minute: "1 hour",
// "30 minutes", "1 hour 30 minutes", "2 days".
func humanDuration(d time.Duration) string {
	d = d.Round(time.Minute)
	if d < time.Minute {
		return "less than a minute"
	}
	const day = 24 * time.Hour
	if d >= 2*day && d%day == 0 {
		return plural(int(d/day), "day")
	}
	hours, minutes := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case hours == 0:
		return plural(minutes, "minute")
	case minutes == 0:
		return plural(hours, "hour")
	}
	return plural(hours, "hour") + " " + plural(minutes, "minute")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// SignupAttemptData fills the email to the owner of an address that someone
// tried to sign up with: links to log in and to reset the password.
type SignupAttemptData struct {
	LoginLink, ResetLink string
}

// SignupAttempt builds the "someone tried to sign up with your address"
// email. It names no one and carries no secret: the sign-up form says an
// address is taken, and this tells the address's owner that it was asked.
// The caller sets To.
func SignupAttempt(d SignupAttemptData) Message {
	var t strings.Builder
	t.WriteString("Hello,\n\nSomeone tried to create a Headway account with this email address, " +
		"which already has an account.\n\n")
	t.WriteString("If it was you, log in instead:\n\n" + d.LoginLink + "\n\n")
	t.WriteString("If you forgot your password, reset it here:\n\n" + d.ResetLink + "\n\n")
	t.WriteString("If it was not you, you can ignore this email: nothing changed, and no one got into your account. " +
		"We send this notice at most once a day.\n\n— Headway\n")
	subject := "Someone tried to sign up with your email address"
	var b bytes.Buffer
	if err := signupAttemptHTML.ExecuteTemplate(&b, "signup_attempt", struct {
		Subject, LoginLink, ResetLink string
	}{subject, d.LoginLink, d.ResetLink}); err != nil {
		panic("mail: rendering signup_attempt: " + err.Error()) // only string fields: a programming error
	}
	return Message{Subject: subject, Text: t.String(), HTML: b.String()}
}

// signupAttemptHTML is the shared layout ("start", "button", "end") plus
// this message's body.
var signupAttemptHTML = template.Must(template.Must(htmlTemplates.Clone()).Parse(`
{{- define "signup_attempt" -}}
{{template "start" .Subject -}}
<h1 style="margin:0 0 16px;font-size:22px">Someone tried to sign up with your address</h1>
<p>Someone tried to create a Headway account with this email address, which already has an account.</p>
<p>If it was you, log in instead, or reset your password if you forgot it.</p>
{{template "button" (button "Log in" .LoginLink) -}}
<p><a href="{{.ResetLink}}" style="color:#1d4ed8">Reset your password</a></p>
<p style="font-size:14px;color:#52525b">If it was not you, you can ignore this email: nothing changed, and no one got into your account. We send this notice at most once a day.</p>
{{template "end"}}
{{- end}}
`))

// EmailChangeData fills the email that confirms a new address for an
// account: the link that makes the change. Name and ValidFor are optional.
type EmailChangeData struct {
	Name, NewEmail, Link string
	ValidFor             time.Duration
}

// EmailChange builds the confirmation email sent to the new address of an
// account. The caller sets To (the new address).
func EmailChange(d EmailChangeData) Message {
	var validFor string
	if d.ValidFor > 0 {
		validFor = humanDuration(d.ValidFor)
	}
	var t strings.Builder
	if d.Name != "" {
		fmt.Fprintf(&t, "Hello %s,\n\n", oneLine(d.Name))
	} else {
		t.WriteString("Hello,\n\n")
	}
	fmt.Fprintf(&t, "You asked to use %s for your Headway account. To confirm, open this link:\n\n", oneLine(d.NewEmail))
	t.WriteString(d.Link + "\n\n")
	if validFor != "" {
		fmt.Fprintf(&t, "The link is valid for %s. ", validFor)
	}
	t.WriteString("Until you open it, your email stays as it was.\n\n" +
		"If you did not ask for this, you can ignore this email: nothing changes.\n\n— Headway\n")
	subject := "Confirm your new email for Headway"
	return Message{Subject: subject, Text: t.String(), HTML: renderAccountHTML("email_change", struct {
		Subject, Name, NewEmail, Link, ValidFor string
	}{subject, oneLine(d.Name), oneLine(d.NewEmail), d.Link, validFor})}
}

// EmailChangedData fills the notice sent to the old address once an
// account's email was changed. Name is optional.
type EmailChangedData struct {
	Name, OldEmail, NewEmail, ResetLink string
}

// EmailChanged builds the notice to the old address that the account's
// email changed. It carries no secret. The caller sets To (the old address).
func EmailChanged(d EmailChangedData) Message {
	var t strings.Builder
	if d.Name != "" {
		fmt.Fprintf(&t, "Hello %s,\n\n", oneLine(d.Name))
	} else {
		t.WriteString("Hello,\n\n")
	}
	fmt.Fprintf(&t, "The email of your Headway account was changed from %s to %s. "+
		"From now on, log in with the new address.\n\n", oneLine(d.OldEmail), oneLine(d.NewEmail))
	t.WriteString("If you did not make this change, someone else used your account: tell an owner of your organization, " +
		"who can remove the account from it. If you still have access to the new address, reset the password here:\n\n" +
		d.ResetLink + "\n\n— Headway\n")
	subject := "The email of your Headway account was changed"
	return Message{Subject: subject, Text: t.String(), HTML: renderAccountHTML("email_changed", struct {
		Subject, Name, OldEmail, NewEmail, ResetLink string
	}{subject, oneLine(d.Name), oneLine(d.OldEmail), oneLine(d.NewEmail), d.ResetLink})}
}

func renderAccountHTML(name string, data any) string {
	var b bytes.Buffer
	if err := accountHTML.ExecuteTemplate(&b, name, data); err != nil {
		panic("mail: rendering " + name + ": " + err.Error()) // only string fields: a programming error
	}
	return b.String()
}

// accountHTML is the shared layout ("start", "button", "end") plus the
// account emails' bodies.
var accountHTML = template.Must(template.Must(htmlTemplates.Clone()).Parse(`
{{- define "email_change" -}}
{{template "start" .Subject -}}
<h1 style="margin:0 0 16px;font-size:22px">Confirm your new email</h1>
<p>{{if .Name}}Hello {{.Name}},{{else}}Hello,{{end}}</p>
<p>You asked to use <strong>{{.NewEmail}}</strong> for your Headway account. Until you confirm, your email stays as it was.</p>
{{template "button" (button "Confirm this address" .Link) -}}
{{if .ValidFor}}<p style="font-size:14px;color:#52525b">The link is valid for {{.ValidFor}}.</p>
{{end -}}
<p style="font-size:14px;color:#52525b">If you did not ask for this, you can ignore this email: nothing changes.</p>
{{template "end"}}
{{- end}}

{{- define "email_changed" -}}
{{template "start" .Subject -}}
<h1 style="margin:0 0 16px;font-size:22px">Your email was changed</h1>
<p>{{if .Name}}Hello {{.Name}},{{else}}Hello,{{end}}</p>
<p>The email of your Headway account was changed from <strong>{{.OldEmail}}</strong> to <strong>{{.NewEmail}}</strong>. From now on, log in with the new address.</p>
<p>If you did not make this change, someone else used your account: tell an owner of your organization, who can remove the account from it. If you still have access to the new address, reset the password.</p>
<p><a href="{{.ResetLink}}" style="color:#1d4ed8">Reset your password</a></p>
{{template "end"}}
{{- end}}
`))

// SkillsReminderData fills the reminder an owner or admin sends to a member
// who has not rated their skills, or not for a long time. OrgName and Link
// are required; a zero LastRated means never rated.
type SkillsReminderData struct {
	OrgName, SenderName, Name, Link string
	LastRated                       time.Time
}

// SkillsReminder builds the reminder to rate one's skills. The caller sets
// To.
func SkillsReminder(d SkillsReminderData) Message {
	org, sender := oneLine(d.OrgName), oneLine(d.SenderName)
	if sender == "" {
		sender = "An admin of " + org
	}
	var last string
	if !d.LastRated.IsZero() {
		last = d.LastRated.UTC().Format("2 January 2006")
	}
	var t strings.Builder
	if d.Name != "" {
		fmt.Fprintf(&t, "Hello %s,\n\n", oneLine(d.Name))
	} else {
		t.WriteString("Hello,\n\n")
	}
	fmt.Fprintf(&t, "%s asks you to rate your skills in %s on Headway", sender, org)
	if last != "" {
		fmt.Fprintf(&t, ": your latest rating is from %s", last)
	}
	t.WriteString(". Rating yourself from 0 (none) to 4 (expert) on each skill lets the skills matrix show the team's strengths and gaps.\n\n" +
		"Your individual ratings are seen by you and by the organization's owners and admins; the rest of the team sees only aggregates.\n\n" +
		"To rate your skills, open this link:\n\n")
	t.WriteString(d.Link + "\n\n— Headway\n")
	subject := "Please rate your skills in " + org
	return Message{Subject: subject, Text: t.String(), HTML: renderSkillsHTML("skills_reminder", struct {
		Subject, OrgName, Sender, Name, Link, LastRated string
	}{subject, org, sender, oneLine(d.Name), d.Link, last})}
}

func renderSkillsHTML(name string, data any) string {
	var b bytes.Buffer
	if err := skillsHTML.ExecuteTemplate(&b, name, data); err != nil {
		panic("mail: rendering " + name + ": " + err.Error()) // only string fields: a programming error
	}
	return b.String()
}

// skillsHTML is the shared layout plus the skills reminder's body.
var skillsHTML = template.Must(template.Must(htmlTemplates.Clone()).Parse(`
{{- define "skills_reminder" -}}
{{template "start" .Subject -}}
<h1 style="margin:0 0 16px;font-size:22px">Rate your skills in {{.OrgName}}</h1>
<p>{{if .Name}}Hello {{.Name}},{{else}}Hello,{{end}}</p>
<p>{{.Sender}} asks you to rate your skills in <strong>{{.OrgName}}</strong> on Headway{{if .LastRated}}: your latest rating is from {{.LastRated}}{{end}}. Rating yourself from 0 (none) to 4 (expert) on each skill lets the skills matrix show the team's strengths and gaps.</p>
{{template "button" (button "Rate your skills" .Link) -}}
<p style="font-size:14px;color:#52525b">Your individual ratings are seen by you and by the organization's owners and admins; the rest of the team sees only aggregates.</p>
{{template "end"}}
{{- end}}
`))

// SurveyData fills the email that asks a member to answer the team's
// maturity survey. OrgName and Link are required; OpenerName is optional.
type SurveyData struct {
	OrgName, OpenerName, Link string
}

// SurveyInvitation builds the email that links a member to the open team
// survey of step 4. The caller sets To.
func SurveyInvitation(d SurveyData) Message {
	org := oneLine(d.OrgName)
	var t strings.Builder
	t.WriteString("Hello,\n\n")
	if d.OpenerName != "" {
		fmt.Fprintf(&t, "%s asks", oneLine(d.OpenerName))
	} else {
		t.WriteString("You are asked")
	}
	fmt.Fprintf(&t, " how %s works today: short questions on culture, technology, structure and collaboration, a few minutes in all.\n\n", org)
	t.WriteString("Your answers stay yours: the pages show only the team's medians and spreads, and only once at least 3 people have answered.\n\n")
	t.WriteString("To answer, open this link:\n\n")
	t.WriteString(d.Link)
	t.WriteString("\n\n— Headway\n")
	subject := "How does " + org + " work today? The team survey is open"
	return Message{
		Subject: subject,
		Text:    t.String(),
		HTML: renderSurveyHTML(struct {
			Subject, OrgName, OpenerName, Link string
		}{subject, org, oneLine(d.OpenerName), d.Link}),
	}
}

// surveyHTML is the shared layout plus the survey email's body.
var surveyHTML = template.Must(template.Must(htmlTemplates.Clone()).Parse(`
{{- define "survey" -}}
{{template "start" .Subject -}}
<h1 style="margin:0 0 16px;font-size:22px">How does {{.OrgName}} work today?</h1>
<p>{{if .OpenerName}}{{.OpenerName}} asks{{else}}You are asked{{end}} how <strong>{{.OrgName}}</strong> works today: short questions on culture, technology, structure and collaboration, a few minutes in all.</p>
<p>Your answers stay yours: the pages show only the team's medians and spreads, and only once at least 3 people have answered.</p>
{{template "button" (button "Answer the survey" .Link) -}}
{{template "end"}}
{{- end}}
`))

func renderSurveyHTML(data any) string {
	var b bytes.Buffer
	if err := surveyHTML.ExecuteTemplate(&b, "survey", data); err != nil {
		panic("mail: rendering survey: " + err.Error()) // string fields only: a programming error
	}
	return b.String()
}
