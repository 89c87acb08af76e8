package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	headway "github.com/headwayhq/headway/internal/http"
	"github.com/headwayhq/headway/internal/mail/mailtest"
	"github.com/headwayhq/headway/internal/roadmap"
)

// The self-rating page (skills_me.go) and the managers' page of who has
// not rated, through the real router and PostgreSQL.

// selfRating reads the self-rating form: per skill key (from the fieldset
// ids) the checked level ("" for none) and whether the interest is ticked.
type ratedSkill struct {
	legend     string
	levels     []string // the radio buttons' label texts, in order
	checked    string
	interested bool
	ratedAt    string // the "Last rated" text, "" when not rated
	errorText  string
}

func selfRatingForm(t testing.TB, r *response) map[string]ratedSkill {
	t.Helper()
	out := map[string]ratedSkill{}
	for _, fs := range findAll(r.doc(t), func(e *html.Node) bool { return e.Data == "fieldset" && hasClass(e, "skill-rating") }) {
		key := strings.TrimPrefix(attr(fs, "id"), "skill-")
		var s ratedSkill
		if l := byTag(fs, "legend"); len(l) == 1 {
			s.legend = text(l[0])
		}
		for _, in := range byTag(fs, "input") {
			switch attr(in, "type") {
			case "radio":
				if attr(in, "name") != "rating_"+key {
					t.Errorf("skill %s has a radio named %q", key, attr(in, "name"))
				}
				s.levels = append(s.levels, text(in.Parent))
				if hasAttr(in, "checked") {
					s.checked = attr(in, "value")
				}
			case "checkbox":
				if attr(in, "name") != "interested_"+key {
					t.Errorf("skill %s has a checkbox named %q", key, attr(in, "name"))
				}
				s.interested = hasAttr(in, "checked")
			}
		}
		for _, e := range findAll(fs, func(e *html.Node) bool { return hasClass(e, "rated-at") }) {
			if txt := strings.Join(strings.Fields(text(e)), " "); strings.HasPrefix(txt, "Last rated") {
				s.ratedAt = txt
			}
		}
		if e := byID(fs, "f-rating_"+key+"-error"); e != nil {
			s.errorText = text(e)
			if attr(fs, "aria-invalid") != "true" || attr(fs, "aria-describedby") != "f-rating_"+key+"-error" {
				t.Errorf("skill %s has a message but its fieldset is not marked invalid and described by it", key)
			}
		}
		out[key] = s
	}
	return out
}

// progressText is the "Rated n of m skills" line.
func progressText(t testing.TB, r *response) string {
	t.Helper()
	for _, e := range findAll(r.doc(t), func(e *html.Node) bool { return hasClass(e, "progress-label") }) {
		return strings.Join(strings.Fields(text(e)), " ")
	}
	t.Fatal("no progress line on the self-rating page")
	return ""
}

// ratingRows is a member's ratings, oldest first: "key level interested".
func (c *client) ratingRows(email string) string {
	return c.rows(`SELECT s.key || ' ' || coalesce(r.level::text, '-') || ' ' || r.interested::text || ' ' || lpad(r.id::text, 8, '0')
		FROM skill_ratings r JOIN skills s ON s.org_id = r.org_id AND s.id = r.skill_id JOIN users u ON u.id = r.user_id
		WHERE u.email = $1`, email)
}

func activeSkills(c *client, slug string) int {
	return c.count(`SELECT count(*) FROM skills s JOIN organizations o ON o.id = s.org_id WHERE o.slug = $1 AND NOT s.archived`, slug)
}

// A member sees the privacy statement before the first skill, every active
// skill in a fieldset with its five levels in the skill's words, saves a
// part of the form, sees the progress and dates, and re-rating adds to the
// history (the latest shown).
func TestSelfRatingSavesAndKeepsHistory(t *testing.T) {
	t.Parallel()
	clk := newTestClock()
	own := newTestServer(t, withClock(clk))
	slug := own.signup("Olivia Owner", "owner@example.com", "Rating Org")
	own.addMember(slug, "Mia Member", "mia@example.com", "member")
	mia := own.newClient()
	mia.mustLogin("mia@example.com")
	total := activeSkills(own, slug)
	if total < 24 {
		t.Fatalf("the organization has %d active skills, want the seeded catalog", total)
	}

	v := mia.get("/o/" + slug + "/skills/me")
	if v.StatusCode != http.StatusOK || h1(t, v) != "Rate your skills" {
		t.Fatalf("GET /skills/me = %d %q", v.StatusCode, h1(t, v))
	}
	privacy, firstSkill := strings.Index(v.body, "Who sees your ratings"), strings.Index(v.body, `class="skill-rating`)
	if privacy < 0 || firstSkill < 0 || privacy > firstSkill {
		t.Errorf("the privacy statement (at %d) must come before the first skill (at %d)", privacy, firstSkill)
	}
	for _, want := range []string{"seen by you and by the owners and admins of Rating Org", "sees only aggregates"} {
		if !strings.Contains(text(v.doc(t)), want) {
			t.Errorf("the privacy statement does not say %q", want)
		}
	}
	if got, want := progressText(t, v), "Rated 0 of "+strconv.Itoa(total)+" skills"; got != want {
		t.Errorf("progress = %q, want %q", got, want)
	}
	skills := selfRatingForm(t, v)
	if len(skills) != total {
		t.Fatalf("the form has %d skills, want the %d active ones", len(skills), total)
	}
	k8s := skills["kubernetes"]
	var cat roadmap.Skill
	for _, s := range roadmap.SkillCatalog {
		if s.Key == "kubernetes" {
			cat = s.Skill
		}
	}
	if k8s.legend != cat.Name || len(k8s.levels) != 5 || k8s.checked != "" || k8s.interested || k8s.ratedAt != "" {
		t.Errorf("kubernetes on a fresh form = %+v", k8s)
	}
	if len(k8s.levels) == 5 {
		if !strings.Contains(k8s.levels[0], "0 · None") || !strings.Contains(k8s.levels[3], "3 · Practitioner") || !strings.Contains(k8s.levels[3], cat.Levels[2]) {
			t.Errorf("kubernetes' levels do not name the level and say the skill's words: %q", k8s.levels)
		}
	}

	// A part of the form: two levels, an interest without a level.
	r := mia.post("/o/"+slug+"/skills/me", form("rating_kubernetes", "3", "interested_kubernetes", "on", "rating_git_branching", "0", "interested_linux", "on"))
	if r.StatusCode != http.StatusSeeOther || r.location() != "/o/"+slug+"/skills/me" {
		t.Fatalf("save = %d Location %q\n%s", r.StatusCode, r.location(), r.body)
	}
	v = mia.follow(r)
	if !strings.Contains(text(v.doc(t)), "Saved your ratings of 2 skills.") {
		t.Error("no flash after saving")
	}
	if got, want := progressText(t, v), "Rated 2 of "+strconv.Itoa(total)+" skills"; got != want {
		t.Errorf("progress after a partial save = %q, want %q (an interest alone is not a rating)", got, want)
	}
	skills = selfRatingForm(t, v)
	today := "Last rated " + clk.Now().Format("Jan 2, 2006")
	if s := skills["kubernetes"]; s.checked != "3" || !s.interested || s.ratedAt != today {
		t.Errorf("kubernetes after saving = %+v, want 3, interested, %q", s, today)
	}
	if s := skills["git_branching"]; s.checked != "0" || s.interested || s.ratedAt != today {
		t.Errorf("git_branching rated 0 (none, not unrated) = %+v", s)
	}
	if s := skills["linux"]; s.checked != "" || !s.interested || s.ratedAt != "" {
		t.Errorf("linux flagged only = %+v", s)
	}
	if n := own.count(`SELECT count(*) FROM audit_events WHERE action = 'skills.rated' AND target = '2 skills rated, 2 flagged to learn'`); n != 1 {
		t.Errorf("%d audit entries for the save, want 1:\n%s", n, own.rows(`SELECT action || ' ' || target FROM audit_events`))
	}

	// Later, a re-rating: the history keeps the first one.
	clk.advance(40 * 24 * time.Hour)
	r = mia.post("/o/"+slug+"/skills/me", form("rating_kubernetes", "4", "rating_git_branching", "0"))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("re-rate = %d\n%s", r.StatusCode, r.body)
	}
	rows := strings.Split(own.ratingRows("mia@example.com"), "\n")
	var k8sHistory []string
	for _, row := range rows {
		if strings.HasPrefix(row, "kubernetes ") {
			k8sHistory = append(k8sHistory, strings.Join(strings.Fields(row)[:3], " "))
		}
	}
	if len(rows) != 5 || strings.Join(k8sHistory, ", ") != "kubernetes 3 true, kubernetes 4 false" {
		t.Errorf("ratings after re-rating:\n%s\nwant 5 rows, kubernetes 3 then 4", strings.Join(rows, "\n"))
	}
	skills = selfRatingForm(t, mia.get("/o/"+slug+"/skills/me"))
	later := "Last rated " + clk.Now().Format("Jan 2, 2006")
	if s := skills["kubernetes"]; s.checked != "4" || s.interested || s.ratedAt != later {
		t.Errorf("kubernetes after re-rating = %+v, want the latest: 4, not interested, %q", s, later)
	}
	if s := skills["linux"]; !s.interested {
		t.Error("a skill left out of the second save lost its interest")
	}

	// The owner rates themself too; an archived skill leaves the form and the count.
	if r := own.post("/o/"+slug+"/skills/me", form("rating_observability", "2", "user_id", own.uid("mia@example.com"))); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the owner rates themself = %d", r.StatusCode)
	}
	if got := own.ratingRows("owner@example.com"); !strings.HasPrefix(got, "observability 2 false ") || strings.Contains(got, "\n") {
		t.Errorf("the owner's ratings = %q, want their one rating", got)
	}
	if got := len(strings.Split(own.ratingRows("mia@example.com"), "\n")); got != 5 {
		t.Errorf("the owner's save changed Mia's ratings: %d rows, want 5", got)
	}
	if _, err := own.su.Exec(context.Background(), `UPDATE skills SET archived = true WHERE key = 'kubernetes'`); err != nil {
		t.Fatal(err)
	}
	v = mia.get("/o/" + slug + "/skills/me")
	if got, want := progressText(t, v), "Rated 1 of "+strconv.Itoa(total-1)+" skills"; got != want {
		t.Errorf("progress with kubernetes archived = %q, want %q", got, want)
	}
	if _, ok := selfRatingForm(t, v)["kubernetes"]; ok {
		t.Error("an archived skill is still on the form")
	}
	if r := mia.post("/o/"+slug+"/skills/me", nil); r.StatusCode != http.StatusSeeOther || !strings.Contains(text(mia.follow(r).doc(t)), "Nothing to save") {
		t.Errorf("an empty form = %d, want 303 and a flash saying nothing was saved", r.StatusCode)
	}
}

// Any invalid entry — a level outside 0–4 or not a number, a skill rated
// twice, a key the organization does not have (unknown, archived, or
// another organization's) — answers 422 with the message beside that
// skill's field (or above the form when it has none), keeps what was
// chosen, and saves nothing.
func TestSelfRatingRefusesInvalidInput(t *testing.T) {
	t.Parallel()
	own := newTestServer(t)
	slug := own.signup("Olivia Owner", "owner@example.com", "Valid Org")
	other := own.newClient()
	otherSlug := other.signup("Oscar Other", "oscar@example.com", "Other Org")
	var otherKey string
	if err := own.su.QueryRow(context.Background(), `INSERT INTO skills (org_id, key, name, category, position)
		SELECT id, 'custom_90001', 'Mainframes', 'systems', 99 FROM organizations WHERE slug = $1 RETURNING key`, otherSlug).Scan(&otherKey); err != nil {
		t.Fatal(err)
	}
	if _, err := own.su.Exec(context.Background(), `UPDATE skills SET archived = true FROM organizations o
		WHERE o.id = skills.org_id AND o.slug = $1 AND skills.key = 'networking'`, slug); err != nil {
		t.Fatal(err)
	}
	outOfRange := "A rating must be from 0 (none) to 4 (expert)."
	tests := []struct {
		name      string
		form      url.Values
		field     string // the skill whose fieldset carries the message ("" for above the form)
		message   string
		keptLinux bool
	}{
		{"above 4", form("rating_kubernetes", "7", "rating_linux", "3"), "kubernetes", outOfRange, true},
		{"negative", form("rating_kubernetes", "-1", "rating_linux", "3"), "kubernetes", outOfRange, true},
		{"not a number", form("rating_kubernetes", "three", "rating_linux", "3"), "kubernetes", outOfRange, true},
		{"rated twice", url.Values{"rating_kubernetes": {"1", "2"}, "rating_linux": {"3"}}, "kubernetes", "This skill is rated twice.", true},
		{"unknown key", form("rating_no_such_skill", "2", "rating_linux", "3"), "", "“no_such_skill”", true},
		{"another organization's skill", form("rating_"+otherKey, "2", "rating_linux", "3"), "", "“" + otherKey + "”", true},
		{"an archived skill", form("interested_networking", "on", "rating_linux", "3"), "", "“networking”", true},
		{"a key of no shape", form("rating_Bad-Key", "2", "rating_linux", "3"), "", "“Bad-Key”", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			own := own.in(t)
			before := own.dump("skill_ratings", "audit_events")
			r := own.post("/o/"+slug+"/skills/me", tt.form)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("POST = %d, want 422\n%s", r.StatusCode, r.body)
			}
			if after := own.dump("skill_ratings", "audit_events"); after != before {
				t.Errorf("a refused form saved something:\n%s", dumpDiff(before, after))
			}
			page := text(r.doc(t))
			if !strings.Contains(page, "Nothing was saved") {
				t.Error("the page does not say that nothing was saved")
			}
			skills := selfRatingForm(t, r)
			if tt.field != "" {
				if got := skills[tt.field].errorText; got != tt.message {
					t.Errorf("message beside %s = %q, want %q", tt.field, got, tt.message)
				}
				if byID(r.doc(t), "problems-heading") == nil || !strings.Contains(r.body, `href="#skill-`+tt.field+`"`) {
					t.Error("the summary above the form does not link to the skill")
				}
			} else if !strings.Contains(page, "does not have ("+tt.message) {
				t.Errorf("the page does not name %s as a skill the organization does not have:\n%s", tt.message, page)
			}
			for key, s := range skills {
				if s.errorText != "" && key != tt.field {
					t.Errorf("a message beside %s too: %q", key, s.errorText)
				}
			}
			if got := skills["linux"].checked; tt.keptLinux && got != "3" {
				t.Errorf("the valid rating of linux was not kept in the form: %q", got)
			}
		})
	}
}

// A new member who accepts an invitation lands on the self-rating page,
// greeted with who invited them and why; the greeting is shown once.
func TestInvitedMemberLandsOnSelfRating(t *testing.T) {
	t.Parallel()
	own := newTestServer(t)
	slug := own.signup("Olivia Owner", "owner@example.com", "Welcome Org")
	own.invite(slug, "nina@example.com", "member")
	link := own.emailedLink("nina@example.com")
	nina := own.newClient()
	j := nina.post(link, signupForm(link, "Nina Newcomer", "a brand new passphrase"))
	if j.StatusCode != http.StatusSeeOther || j.location() != "/o/"+slug+"/skills/me" {
		t.Fatalf("accept = %d Location %q, want 303 to the self-rating page\n%s", j.StatusCode, j.location(), j.body)
	}
	v := nina.follow(j)
	page := strings.Join(strings.Fields(text(v.doc(t))), " ")
	for _, want := range []string{"Welcome to Welcome Org!", "Olivia Owner invited you and asks you to rate yourself",
		"so that the skills matrix shows the team's strengths and gaps", "Who sees your ratings"} {
		if !strings.Contains(page, want) {
			t.Errorf("the landing page does not say %q:\n%s", want, page)
		}
	}
	if again := nina.get("/o/" + slug + "/skills/me"); strings.Contains(again.body, "Welcome to Welcome Org!") {
		t.Error("the welcome is shown again on the next visit")
	}
}

// Managers see who has never rated or rated long ago (not who rated
// recently), and remind each at most once a day: a second reminder within
// the day is 429 with Retry-After and a clear message, and sends nothing;
// a day later it goes. Another organization's member is not found.
func TestRatingReminders(t *testing.T) {
	t.Parallel()
	clk := newTestClock()
	own := newTestServer(t, withClock(clk), func(cfg *headway.Config) { cfg.BaseURL = "https://headway.example" })
	slug := own.signup("Olivia Owner", "owner@example.com", "Remind Org")
	own.addMember(slug, "Nora Never", "nora@example.com", "member")
	own.addMember(slug, "Sid Stale", "sid@example.com", "member")
	own.addMember(slug, "Ria Recent", "ria@example.com", "admin")
	otherSlug := own.newClient().signup("Oscar Other", "oscar@example.com", "Other Org")
	_ = otherSlug
	if _, err := own.su.Exec(context.Background(), `INSERT INTO skill_ratings (org_id, user_id, skill_id, level, rated_at)
		SELECT s.org_id, u.id, s.id, 2, $2::timestamptz - v.age
		FROM (VALUES ('sid@example.com', interval '200 days'), ('ria@example.com', interval '10 days'), ('owner@example.com', interval '179 days')) v (email, age)
		JOIN users u ON u.email = v.email JOIN skills s ON s.key IN ('linux', 'scripting')
		JOIN organizations o ON o.id = s.org_id AND o.slug = $1`, slug, clk.Now()); err != nil {
		t.Fatal(err)
	}

	v := own.get("/o/" + slug + "/skills/ratings")
	if v.StatusCode != http.StatusOK || h1(t, v) != "Who has not rated" {
		t.Fatalf("GET /skills/ratings = %d %q", v.StatusCode, h1(t, v))
	}
	var listed []string
	for _, th := range findAll(v.doc(t), func(e *html.Node) bool { return e.Data == "th" && attr(e, "scope") == "row" }) {
		for _, n := range findAll(th, func(e *html.Node) bool { return hasClass(e, "member-name") }) {
			listed = append(listed, text(n))
		}
	}
	if strings.Join(listed, ", ") != "Nora Never, Sid Stale" {
		t.Errorf("listed %v, want the member who never rated then the stale one (not the recent ones)", listed)
	}
	page := strings.Join(strings.Fields(text(v.doc(t))), " ")
	stale := clk.Now().Add(-200 * 24 * time.Hour).UTC().Format("Jan 2, 2006")
	for _, want := range []string{"Never rated", stale, "Stale", "2 of " + strconv.Itoa(activeSkills(own, slug)), "Send a reminder to Nora Never"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page does not say %q:\n%s", want, page)
		}
	}

	nora := own.uid("nora@example.com")
	remind := "/o/" + slug + "/skills/ratings/" + nora + "/remind"
	r := own.post(remind, nil)
	if r.StatusCode != http.StatusSeeOther || r.location() != "/o/"+slug+"/skills/ratings" {
		t.Fatalf("remind = %d Location %q\n%s", r.StatusCode, r.location(), r.body)
	}
	if !strings.Contains(text(own.follow(r).doc(t)), "Sent a reminder to Nora Never (nora@example.com).") {
		t.Error("no flash after the reminder")
	}
	msgs := own.emailsTo("nora@example.com")
	if len(msgs) != 1 || mailtest.FindLink(msgs[0].Text, "/skills/me") != "https://headway.example/o/"+slug+"/skills/me" ||
		!strings.Contains(msgs[0].Text, "Olivia Owner asks you to rate your skills in Remind Org") {
		t.Fatalf("reminder emails = %+v, want one linking to the self-rating page", msgs)
	}
	if after := own.get("/o/" + slug + "/skills/ratings"); !strings.Contains(after.body, "Reminded today") {
		t.Error("the page still offers a reminder to Nora the same day")
	}

	clk.advance(23 * time.Hour)
	before := own.dump("skill_reminders", "audit_events")
	r = own.post(remind, nil)
	if r.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("second reminder within the day = %d, want 429", r.StatusCode)
	}
	if ra, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || ra < 3500 || ra > 3600 {
		t.Errorf("Retry-After = %q, want the hour left of the day", r.Header.Get("Retry-After"))
	}
	if !strings.Contains(text(r.doc(t)), "A reminder was already sent to Nora Never on") || !strings.Contains(text(r.doc(t)), "one a day is enough") {
		t.Errorf("the 429 does not explain itself:\n%s", text(r.doc(t)))
	}
	if after := own.dump("skill_reminders", "audit_events"); after != before {
		t.Errorf("a refused reminder changed:\n%s", dumpDiff(before, after))
	}
	if n := len(own.emailsTo("nora@example.com")); n != 1 {
		t.Errorf("%d emails after the refused reminder, want 1", n)
	}

	clk.advance(time.Hour)
	if r := own.post(remind, nil); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a reminder a day later = %d, want 303", r.StatusCode)
	}
	if n := len(own.emailsTo("nora@example.com")); n != 2 {
		t.Errorf("%d emails a day later, want 2", n)
	}
	if n := own.count(`SELECT count(*) FROM audit_events WHERE action = 'skills.reminder_sent' AND target = 'Nora Never <nora@example.com>'`); n != 2 {
		t.Errorf("%d audit entries for the reminders, want 2", n)
	}

	// Another organization's member, and no member at all: 404, nothing sent.
	before = own.dump("skill_reminders", "audit_events")
	for _, id := range []string{own.uid("oscar@example.com"), "987654321"} {
		if r := own.post("/o/"+slug+"/skills/ratings/"+id+"/remind", nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("remind user %s of no membership here = %d, want 404", id, r.StatusCode)
		}
	}
	if after := own.dump("skill_reminders", "audit_events"); after != before || len(own.emailsTo("oscar@example.com")) != 0 {
		t.Error("a reminder to another organization's member changed something or was sent")
	}
	// Members do not see the page nor remind.
	nr := own.newClient()
	nr.mustLogin("nora@example.com")
	if r := nr.get("/o/" + slug + "/skills/ratings"); r.StatusCode != http.StatusForbidden {
		t.Errorf("a member on the ratings page = %d, want 403", r.StatusCode)
	}
}
