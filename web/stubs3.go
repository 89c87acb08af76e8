package web

import "github.com/a-h/templ"

// Temporary stubs for the team issue; replaced by real templ components.
func TeamView(p Page, d TeamPage) templ.Component         { return templ.Raw("team") }
func ConfirmPage(p Page, c Confirm) templ.Component       { return templ.Raw("confirm") }
func TokensView(p Page, d TokensPage) templ.Component     { return templ.Raw("tokens " + d.NewToken) }
func SettingsView(p Page, d SettingsPage) templ.Component { return templ.Raw("settings") }
func DeleteOrgView(p Page, f Form) templ.Component        { return templ.Raw("delete") }
func InvitationView(p Page, d InvitationPage) templ.Component {
	return templ.Raw("invitation " + d.State)
}
func ForgotPassword(p Page, f Form, sent bool) templ.Component    { return templ.Raw("forgot") }
func ResetPassword(p Page, f Form, action string) templ.Component { return templ.Raw("reset") }
