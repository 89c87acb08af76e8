package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	headway "github.com/headwayhq/headway/internal/http"
	"github.com/headwayhq/headway/internal/mail/mailtest"
)

// invitationState reads an invitation page: its heading, the email in the
// read-only field (sign-up state) and the action of its first POST form.
func invitationState(t testing.TB, r *response) (heading, email, action string) {
	t.Helper()
	doc := r.doc(t)
	if in := byID(doc, "invited-email"); in != nil {
		if !hasAttr(in, "readonly") {
			t.Error("the invited email can be edited")
		}
		email = attr(in, "value")
	}
	for _, f := range byTag(byID(doc, "main"), "form") {
		if strings.EqualFold(attr(f, "method"), "post") {
			action = attr(f, "action")
			break
		}
	}
	return h1(t, r), email, action
}

// The whole invitation journey over real SMTP: the owner invites, the email
// carries the link the team page shows plus the proof of the address, a new
// person signs up through it and is a member with the invited role; the link
// then is used up.
func TestInvitationJourney(t *testing.T) {
	t.Parallel()
	own, smtpd := newSMTPTestServer(t)
	slug := own.signup("Olivia Owner", "owner@example.com", "Acme Platform")

	r := own.post("/o/"+slug+"/team/invitations", form("email", "Nina@Example.com", "role", "admin", "job_role", "Staff engineer"))
	if r.StatusCode != http.StatusSeeOther || r.location() != "/o/"+slug+"/team" {
		t.Fatalf("invite = %d Location %q, want 303 /o/%s/team\n%s", r.StatusCode, r.location(), slug, r.body)
	}
	page := own.follow(r)
	if got, want := flashText(t, page), "Invitation sent to nina@example.com. You can also copy its link below and share it yourself."; got != want {
		t.Errorf("flash = %q, want %q", got, want)
	}
	inv := own.invitationFor(slug, "nina@example.com")
	if inv.Role != "admin" {
		t.Errorf("listed role = %q, want admin", inv.Role)
	}
	link := inv.path(t)

	// The email went through SMTP, to the normalized address, with that
	// link and the proof that the team page's link lacks.
	msg := smtpd.WaitFor(t, "nina@example.com")
	emailed := mailtest.FindLink(msg.Text, "/invitations/")
	if !strings.HasPrefix(emailed, inv.Link+"?proof=") || len(proofOf(emailed)) != 43 {
		t.Errorf("link in the email = %q, want the team page's %q with a proof", emailed, inv.Link)
	}
	if got := mailtest.FindLink(msg.HTML, "/invitations/"); got != strings.ReplaceAll(emailed, "&", "&amp;") && got != emailed {
		t.Errorf("link in the HTML part = %q, want %q", got, emailed)
	}
	if !strings.Contains(msg.Subject, "Acme Platform") || !strings.Contains(msg.Text, "Olivia Owner") || !strings.Contains(msg.Text, "admin") {
		t.Errorf("email subject %q / text %q should name the organization, the inviter and the role", msg.Subject, msg.Text)
	}

	// A new person opens it: the sign-up state, for that organization and email.
	nina := own.newClient()
	v := nina.get(pathOf(t, emailed))
	if v.StatusCode != http.StatusOK {
		t.Fatalf("GET invitation = %d, want 200\n%s", v.StatusCode, v.body)
	}
	heading, email, action := invitationState(t, v)
	if heading != "Join Acme Platform on Headway" || email != "nina@example.com" || action != link {
		t.Errorf("invitation page: h1 %q, email %q, form action %q; want the org name, nina@example.com, %s", heading, email, action, link)
	}
	if byID(v.doc(t), "f-name") == nil || byID(v.doc(t), "f-password") == nil {
		t.Error("the sign-up state has no name and password fields")
	}

	before := own.rowCounts()
	j := nina.post(link, signupForm(emailed, "Nina Newcomer", "a brand new passphrase"))
	if j.StatusCode != http.StatusSeeOther || j.location() != "/o/"+slug+"/skills/me" {
		t.Fatalf("accept = %d Location %q, want 303 /o/%s/skills/me\n%s", j.StatusCode, j.location(), slug, j.body)
	}
	d := nina.follow(j)
	if d.StatusCode != http.StatusOK || h1(t, d) != "Rate your skills" || !strings.Contains(d.body, "Welcome to Acme Platform!") {
		t.Errorf("self-rating page after joining = %d %q, want 200 with the welcome", d.StatusCode, h1(t, d))
	}
	if after := own.rowCounts(); after["users"] != before["users"]+1 || after["memberships"] != before["memberships"]+1 || after["invitations"] != before["invitations"] {
		t.Errorf("rows %v → %v: want one more user and membership", before, after)
	}
	if got := own.roleIn(slug, "nina@example.com"); got != "admin" {
		t.Errorf("role = %q, want the invited admin", got)
	}
	if n := own.count(`SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'nina@example.com' AND m.job_role = 'staff_engineer'`); n != 1 {
		t.Error("the invited job role was not kept")
	}
	found := false
	for _, m := range own.members(slug) {
		found = found || m == (teamMember{"Nina Newcomer", "nina@example.com", "admin"})
	}
	if !found {
		t.Errorf("team page members = %v, want Nina Newcomer as admin", own.members(slug))
	}
	if got := own.pendingInvitations(slug); len(got) != 0 {
		t.Errorf("pending invitations after acceptance = %v, want none", got)
	}
	// She logs in with the password she chose.
	if r := own.newClient().login("nina@example.com", "a brand new passphrase", ""); r.StatusCode != http.StatusSeeOther {
		t.Errorf("login with the chosen password = %d, want 303", r.StatusCode)
	}

	// The link is used up, for her and for anyone else.
	for name, c := range map[string]*client{"the new member": nina, "a visitor": own.newClient()} {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			before := own.rowCounts()
			r := c.send(method, link, form("name", "Again", "password", "another long password"))
			if r.StatusCode != http.StatusGone || !strings.Contains(r.body, "already been used") {
				t.Errorf("%s %s by %s = %d, want 410 \"already been used\"", method, link, name, r.StatusCode)
			}
			if !own.rowCounts().equal(before) {
				t.Errorf("%s of a used link changed the database", method)
			}
		}
	}
}

// The invite form refuses bad input with 422 beside the field, and a member
// or a pending invitation with a conflict; nothing is saved or sent.
func TestInvitationValidation(t *testing.T) {
	t.Parallel()
	own := newTestServer(t)
	slug := own.signup("Olivia Owner", "owner@example.com", "Valid Org")
	own.addMember(slug, "Mia Member", "mia@example.com", "member")
	own.invite(slug, "pending@example.com", "member")

	const (
		msgEmail = "Enter a valid email address, like name@example.com."
		msgRole  = "Choose a role: admin or member."
	)
	tests := []struct {
		name                 string
		email, role, jobRole string
		want                 int
		field, msg           string
	}{
		{"invalid email", "not-an-email", "member", "", 422, "email", msgEmail},
		{"email without domain dot", "ann@example", "member", "", 422, "email", msgEmail},
		{"empty email", "", "member", "", 422, "email", "Email is required."},
		{"role owner", "ann@example.com", "owner", "", 422, "role", msgRole},
		{"empty role", "ann@example.com", "", "", 422, "role", msgRole},
		{"role superuser", "ann@example.com", "superuser", "", 422, "role", msgRole},
		{"job role of 101 characters", "ann@example.com", "member", strings.Repeat("é", 101), 422, "job_role", "Job role must be at most 100 characters."},
		{"existing member", "mia@example.com", "member", "", 409, "email", "mia@example.com is already a member of Valid Org."},
		{"existing member, other case", "MIA@Example.COM", "admin", "", 409, "email", "mia@example.com is already a member of Valid Org."},
		{"the owner", "owner@example.com", "member", "", 409, "email", "owner@example.com is already a member of Valid Org."},
		{"pending invitation", "pending@example.com", "admin", "", 409, "email",
			"pending@example.com already has a pending invitation: resend or revoke it below."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			own := own.in(t)
			before, dump := own.rowCounts(), own.dump(teamTables...)
			r := own.post("/o/"+slug+"/team/invitations", form("email", tt.email, "role", tt.role, "job_role", tt.jobRole))
			if r.StatusCode != tt.want {
				t.Fatalf("status %d, want %d\n%s", r.StatusCode, tt.want, r.body)
			}
			doc := r.doc(t)
			if got := text(byID(doc, "f-"+tt.field+"-error")); got != tt.msg {
				t.Errorf("message beside %s = %q, want %q", tt.field, got, tt.msg)
			}
			if in := byID(doc, "f-"+tt.field); in == nil || attr(in, "aria-invalid") != "true" {
				t.Errorf("field %s is not marked invalid", tt.field)
			}
			for _, other := range []string{"email", "role", "job_role"} {
				if other != tt.field && byID(doc, "f-"+other+"-error") != nil {
					t.Errorf("unexpected message beside %s: %q", other, text(byID(doc, "f-"+other+"-error")))
				}
			}
			if tt.field != "email" && tt.email != "" {
				if in := byID(doc, "f-email"); attr(in, "value") != strings.ToLower(tt.email) {
					t.Errorf("email field lost its value: %q", attr(in, "value"))
				}
			}
			if !own.rowCounts().equal(before) || own.dump(teamTables...) != dump {
				t.Error("a refused invitation changed the database")
			}
		})
	}
	// Only the setup's invitation was emailed.
	for _, to := range []string{"ann@example.com", "mia@example.com", "owner@example.com"} {
		if n := len(own.mail.To(to)); n != 0 {
			t.Errorf("refused invitations sent %d emails to %s", n, to)
		}
	}
	if n := len(own.mail.To("pending@example.com")); n != 1 {
		t.Errorf("%d emails to pending@example.com, want only the first invitation's", n)
	}

	// The boundary: exactly 100 characters are fine.
	r := own.post("/o/"+slug+"/team/invitations", form("email", "ann@example.com", "role", "member", "job_role", strings.Repeat("é", 100)))
	if r.StatusCode != http.StatusSeeOther {
		t.Errorf("job role of 100 characters = %d, want 303\n%s", r.StatusCode, r.body)
	}
}

// What an invitation link does in every state: expired, revoked, unknown,
// renewed, opened by the right or the wrong user, with an existing account.
func TestInvitationLinkStates(t *testing.T) {
	t.Parallel()
	clk := newTestClock()
	own, smtpd := newSMTPTestServer(t, withClock(clk))
	slug := own.signup("Olivia Owner", "owner@example.com", "States Org")
	team := "/o/" + slug + "/team"

	t.Run("expired", func(t *testing.T) {
		own := own.in(t)
		inv := own.invite(slug, "late@example.com", "member")
		smtpd.WaitFor(t, "late@example.com")
		clk.advance(headway.DefaultConfig().InvitationTTL + time.Minute)
		if got := own.invitationFor(slug, "late@example.com"); !got.Expired {
			t.Error("the team page does not mark the invitation expired")
		}
		v := own.newClient()
		before := own.rowCounts()
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			r := v.send(method, inv.path(t), form("name", "Late Larry", "password", "a long enough password"))
			if r.StatusCode != http.StatusGone || !strings.Contains(r.body, "expired") {
				t.Errorf("%s expired link = %d, want 410 mentioning \"expired\"", method, r.StatusCode)
			}
		}
		if !own.rowCounts().equal(before) || own.count(`SELECT count(*) FROM users WHERE email = 'late@example.com'`) != 0 {
			t.Error("an expired invitation created an account")
		}
		// Resending an expired invitation gives a working link again.
		if r := own.post(team+"/invitations/"+inv.ID+"/resend", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("resend = %d", r.StatusCode)
		}
		fresh := own.invitationFor(slug, "late@example.com")
		if fresh.Expired || fresh.Link == inv.Link {
			t.Errorf("after resend: expired %v, link changed %v", fresh.Expired, fresh.Link != inv.Link)
		}
		if r := v.get(fresh.path(t)); r.StatusCode != http.StatusOK {
			t.Errorf("resent link = %d, want 200", r.StatusCode)
		}
	})

	t.Run("revoked", func(t *testing.T) {
		own := own.in(t)
		inv := own.invite(slug, "revoked@example.com", "admin")
		r := own.post(team+"/invitations/"+inv.ID+"/revoke", nil)
		if r.StatusCode != http.StatusSeeOther || r.location() != team {
			t.Fatalf("revoke = %d Location %q", r.StatusCode, r.location())
		}
		for _, p := range own.pendingInvitations(slug) {
			if p.Email == "revoked@example.com" {
				t.Error("the revoked invitation is still listed")
			}
		}
		v := own.newClient()
		before := own.rowCounts()
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			r := v.send(method, inv.path(t), form("name", "Rev", "password", "a long enough password"))
			if r.StatusCode != http.StatusGone || !strings.Contains(r.body, "withdrawn") {
				t.Errorf("%s revoked link = %d, want 410 \"withdrawn\"", method, r.StatusCode)
			}
		}
		if !own.rowCounts().equal(before) {
			t.Error("a revoked invitation changed the database")
		}
		if r := own.post(team+"/invitations/"+inv.ID+"/revoke", nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("revoking twice = %d, want 404", r.StatusCode)
		}
		if r := own.post(team+"/invitations/"+inv.ID+"/resend", nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("resending a revoked invitation = %d, want 404", r.StatusCode)
		}
	})

	t.Run("unknown or garbled token", func(t *testing.T) {
		own := own.in(t)
		good := own.invite(slug, "garble@example.com", "member").path(t)
		token := strings.TrimPrefix(good, "/invitations/")
		flip := "A"
		if token[0] == 'A' {
			flip = "B"
		}
		for name, p := range map[string]string{
			"random":       "/invitations/" + strings.Repeat("Q", 43),
			"one changed":  "/invitations/" + flip + token[1:],
			"truncated":    good[:len(good)-1],
			"extended":     good + "x",
			"short":        "/invitations/x",
			"escaped junk": "/invitations/%27%3Cscript%3E",
		} {
			v := own.newClient()
			for _, method := range []string{http.MethodGet, http.MethodPost} {
				r := v.send(method, p, form("name", "Guess", "password", "a long enough password"))
				if r.StatusCode != http.StatusNotFound || !strings.Contains(r.body, "not valid") {
					t.Errorf("%s %s token = %d, want 404 \"not valid\"", method, name, r.StatusCode)
				}
			}
		}
		if own.count(`SELECT count(*) FROM users WHERE email = 'garble@example.com'`) != 0 {
			t.Error("a guessed token created an account")
		}
	})

	t.Run("resend changes the link", func(t *testing.T) {
		own := own.in(t)
		old := own.invite(slug, "resend@example.com", "member")
		first := smtpd.WaitFor(t, "resend@example.com")
		if !strings.HasPrefix(mailtest.FindLink(first.Text, "/invitations/"), old.Link+"?proof=") {
			t.Fatal("first email does not carry the first link")
		}
		r := own.post(team+"/invitations/"+old.ID+"/resend", nil)
		if r.StatusCode != http.StatusSeeOther || r.location() != team {
			t.Fatalf("resend = %d Location %q", r.StatusCode, r.location())
		}
		renewed := own.invitationFor(slug, "resend@example.com")
		if renewed.Link == old.Link || renewed.ID != old.ID {
			t.Fatalf("after resend: link %q (was %q), id %s (was %s); want a new link on the same invitation", renewed.Link, old.Link, renewed.ID, old.ID)
		}
		second := smtpd.WaitFor(t, "resend@example.com")
		secondLink := mailtest.FindLink(second.Text, "/invitations/")
		if !strings.HasPrefix(secondLink, renewed.Link+"?proof=") {
			t.Errorf("second email link = %q, want the new %q", secondLink, renewed.Link)
		}
		v := own.newClient()
		if r := v.get(old.path(t)); r.StatusCode != http.StatusNotFound {
			t.Errorf("old link after resend = %d, want 404", r.StatusCode)
		}
		if r := v.post(renewed.path(t), signupForm(mailtest.FindLink(first.Text, "/invitations/"), "Rene Resent", "a long enough password")); r.StatusCode != http.StatusForbidden {
			t.Errorf("sign-up with the first email's proof on the new link = %d, want 403", r.StatusCode)
		}
		j := v.post(renewed.path(t), signupForm(secondLink, "Rene Resent", "a long enough password"))
		if j.StatusCode != http.StatusSeeOther || j.location() != "/o/"+slug+"/skills/me" {
			t.Fatalf("accept with the new link = %d Location %q", j.StatusCode, j.location())
		}
		if own.roleIn(slug, "resend@example.com") != "member" {
			t.Error("joining through the resent link did not make a member")
		}
	})

	t.Run("logged in with the invited email joins in one click", func(t *testing.T) {
		own := own.in(t)
		kim := own.newClient()
		kimSlug := kim.signup("Kim Existing", "kim@example.com", "Kim Org")
		inv := own.invite(slug, "kim@example.com", "admin")
		// The emailed link: an account with the address is no proof of the
		// mailbox (the team page's link asks for a code; see reentry_test).
		emailed := pathOf(t, mailtest.FindLink(smtpd.WaitFor(t, "kim@example.com").Text, "/invitations/"))
		proof := emailed[strings.Index(emailed, "proof=")+len("proof="):]
		v := kim.get(emailed)
		heading, email, action := invitationState(t, v)
		if v.StatusCode != http.StatusOK || heading != "Join States Org on Headway" || email != "" || action != inv.path(t) {
			t.Fatalf("join state = %d h1 %q email field %q action %q", v.StatusCode, heading, email, action)
		}
		if !strings.Contains(v.body, "Join States Org") || byID(v.doc(t), "f-password") != nil {
			t.Error("the join state should offer one button, no password field")
		}
		before := kim.session()
		j := kim.post(inv.path(t), form("proof", proof))
		if j.StatusCode != http.StatusSeeOther || j.location() != "/o/"+slug+"/skills/me" {
			t.Fatalf("join = %d Location %q", j.StatusCode, j.location())
		}
		if after := kim.session(); after == "" || after == before {
			t.Error("joining (a privilege change) did not renew the session token")
		}
		if d := kim.follow(j); d.StatusCode != http.StatusOK || h1(t, d) != "Rate your skills" || !strings.Contains(d.body, "Welcome to States Org!") {
			t.Errorf("self-rating page after join = %d %q, want the welcome", d.StatusCode, h1(t, d))
		}
		if own.roleIn(slug, "kim@example.com") != "admin" || own.roleIn(kimSlug, "kim@example.com") != "owner" {
			t.Error("after joining: want admin here and still owner of her own organization")
		}
		if n := own.count(`SELECT count(*) FROM users WHERE email = 'kim@example.com'`); n != 1 {
			t.Errorf("%d accounts for kim@example.com, want 1", n)
		}
	})

	t.Run("logged in with another email", func(t *testing.T) {
		own := own.in(t)
		eve := own.newClient()
		eve.signup("Eve Other", "eve@example.com", "Eve Org")
		inv := own.invite(slug, "intended@example.com", "admin")
		before, dump := own.rowCounts(), own.dump(teamTables...)
		v := eve.get(inv.path(t))
		notice := strings.ReplaceAll(mainText(t, v), " ,", ",")
		if v.StatusCode != http.StatusForbidden || !strings.Contains(notice, "You are logged in as eve@example.com, but this invitation is for intended@example.com") {
			t.Errorf("wrong user GET = %d, want 403 naming both emails\n%s", v.StatusCode, notice)
		}
		if r := eve.post(inv.path(t), form("name", "Eve", "password", "a long enough password")); r.StatusCode != http.StatusForbidden {
			t.Errorf("wrong user POST = %d, want 403", r.StatusCode)
		}
		if !own.rowCounts().equal(before) || own.dump(teamTables...) != dump || own.roleIn(slug, "eve@example.com") != "" {
			t.Error("the wrong user's attempt changed the database")
		}
		if got := own.invitationFor(slug, "intended@example.com"); got.Link != inv.Link {
			t.Error("the invitation is no longer pending with its link")
		}
	})

	t.Run("sign-up form errors", func(t *testing.T) {
		own := own.in(t)
		inv := own.invite(slug, "short@example.com", "member")
		emailed := mailtest.FindLink(smtpd.WaitFor(t, "short@example.com").Text, "/invitations/")
		v := own.newClient()
		for _, tt := range []struct{ name, password, field, msg string }{
			{"Shorty", "elevenchars", "password", "Password must be at least 12 characters."},
			{"Shorty", "", "password", "Password is required."},
			{"  ", "a long enough password", "name", "Name is required."},
		} {
			before := own.rowCounts()
			r := v.post(inv.path(t), signupForm(emailed, tt.name, tt.password))
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("%s %q: status %d, want 422", tt.field, tt.password, r.StatusCode)
			}
			if got := text(byID(r.doc(t), "f-"+tt.field+"-error")); got != tt.msg {
				t.Errorf("message beside %s = %q, want %q", tt.field, got, tt.msg)
			}
			if tt.password != "" && strings.Contains(r.body, tt.password) {
				t.Error("the page echoes the password")
			}
			if _, email, _ := invitationState(t, r); email != "short@example.com" {
				t.Errorf("the re-rendered form shows email %q", email)
			}
			if !own.rowCounts().equal(before) {
				t.Error("a rejected sign-up changed the database")
			}
		}
		if got := own.invitationFor(slug, "short@example.com"); got.Link != inv.Link {
			t.Error("the invitation is no longer pending")
		}
	})

	t.Run("existing account logs in first", func(t *testing.T) {
		own := own.in(t)
		own.newClient().signup("Lou Login", "lou@example.com", "Lou Org")
		inv := own.invite(slug, "lou@example.com", "member")
		emailed := pathOf(t, mailtest.FindLink(smtpd.WaitFor(t, "lou@example.com").Text, "/invitations/"))
		v := own.newClient()
		r := v.get(emailed)
		wantNext := "/login?next=" + url.QueryEscape(emailed)
		if r.StatusCode != http.StatusOK || !strings.Contains(r.body, "An account with lou@example.com already exists") {
			t.Fatalf("login state = %d", r.StatusCode)
		}
		var loginHref string
		for _, h := range hrefs(byID(r.doc(t), "main")) {
			if strings.HasPrefix(h, "/login") {
				loginHref = h
			}
		}
		if loginHref != wantNext {
			t.Fatalf("login link = %q, want %q", loginHref, wantNext)
		}
		// Posting without logging in does not join (or take over the account).
		before := own.dump(teamTables...)
		if p := v.post(inv.path(t), form("name", "Mallory", "password", "a long enough password")); p.StatusCode != http.StatusForbidden {
			t.Errorf("POST in the login state = %d, want 403", p.StatusCode)
		}
		if own.dump(teamTables...) != before {
			t.Error("POST in the login state changed the database")
		}
		// The login page carries next, and logging in comes back here.
		lp := v.get(loginHref)
		var next string
		for _, in := range byTag(lp.doc(t), "input") {
			if attr(in, "name") == "next" {
				next = attr(in, "value")
			}
		}
		if lp.StatusCode != http.StatusOK || next != emailed {
			t.Fatalf("login page = %d with next %q, want %q", lp.StatusCode, next, emailed)
		}
		in := v.login("lou@example.com", testPassword, next)
		if in.StatusCode != http.StatusSeeOther || in.location() != emailed {
			t.Fatalf("login = %d Location %q, want back to the invitation", in.StatusCode, in.location())
		}
		back := v.follow(in)
		if heading, _, action := invitationState(t, back); back.StatusCode != http.StatusOK || heading != "Join States Org on Headway" || action != inv.path(t) {
			t.Fatalf("back on the invitation: %d %q action %q", back.StatusCode, heading, action)
		}
		j := v.post(emailed, nil)
		if j.StatusCode != http.StatusSeeOther || j.location() != "/o/"+slug+"/skills/me" {
			t.Fatalf("join after login = %d Location %q", j.StatusCode, j.location())
		}
		if own.roleIn(slug, "lou@example.com") != "member" {
			t.Error("not a member after joining")
		}
		if r := own.newClient().login("lou@example.com", "a long enough password", ""); r.StatusCode == http.StatusSeeOther {
			t.Error("the password posted in the login state took over the account")
		}
	})
}

// mainText is the visible text of the page's main element.
func mainText(t testing.TB, r *response) string {
	t.Helper()
	return text(findFirst(r.doc(t), "main"))
}

// findFirst is the first element named tag, or nil.
func findFirst(n *html.Node, tag string) *html.Node {
	if els := byTag(n, tag); len(els) > 0 {
		return els[0]
	}
	return nil
}
