package http

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/headwayhq/headway/internal/mail"
	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// Step 2a's self-rating (every member rates themself, owners included) and
// the managers' page of who has not rated, with reminder emails.

// sessionSkillsWelcome holds, from accepting an invitation to the first
// view of the self-rating page, who sent the invitation ("by:" + name, so
// an unknown inviter still greets).
const sessionSkillsWelcome = "skills_welcome"

// reminderPeriod is how often a member may be reminded to rate: once a day.
const reminderPeriod = 24 * time.Hour

// handleSelfRatingView is GET /o/{slug}/skills/me.
func (s *Server) handleSelfRatingView(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org, me := currentOrg(ctx), currentUser(ctx)
	sr, err := s.store.FindSelfRating(ctx, org.ID, me.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := web.Form{Values: map[string]string{}, Errors: map[string]string{}}
	for _, rt := range sr.Ratings {
		if rt.Level != nil {
			f.Values["rating_"+rt.SkillKey] = strconv.Itoa(*rt.Level)
		}
		if rt.Interested {
			f.Values["interested_"+rt.SkillKey] = "on"
		}
	}
	p := s.page(r, "Rate your skills", "skills")
	d := selfRatingProps(sr, f)
	if by, ok := strings.CutPrefix(s.sessions.PopString(ctx, sessionSkillsWelcome), "by:"); ok {
		d.Welcome = &web.Welcome{Inviter: by}
	}
	s.render(w, r, http.StatusOK, web.SelfRatingPage(p, d))
}

// selfRatingProps groups the active skills by category and counts the
// current ratings; f is the form as stored or as posted.
func selfRatingProps(sr store.SelfRating, f web.Form) web.SelfRatingProps {
	current := make(map[string]store.SkillRating, len(sr.Ratings))
	for _, rt := range sr.Ratings {
		current[rt.SkillKey] = rt
	}
	d := web.SelfRatingProps{Form: f, Total: len(sr.Skills)}
	groups := map[roadmap.SkillCategory]*web.SkillGroup{}
	for _, sk := range sr.Skills {
		g := groups[sk.Category]
		if g == nil {
			g = &web.SkillGroup{Category: sk.Category}
			groups[sk.Category] = g
		}
		ss := web.SelfSkill{Skill: sk.Skill()}
		if rt, ok := current[sk.Key]; ok && rt.Level != nil {
			at := rt.RatedAt
			ss.RatedAt = &at
			g.Rated++
			d.Rated++
		}
		g.Skills = append(g.Skills, ss)
	}
	for _, c := range roadmap.SkillCategories {
		if g := groups[c.Key]; g != nil {
			d.Groups = append(d.Groups, *g)
		}
	}
	return d
}

// readRatings reads the self-rating form: a RatingInput per skill the form
// names (rating_<key> = 0–4, empty or absent for not rated;
// interested_<key> present when ticked), the active skills first in their
// order, then any other key, so that each is checked. A level that is not a
// whole number gets the domain's words.
func readRatings(f form, r *http.Request, skills []store.Skill) []roadmap.RatingInput {
	keys := []string{}
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, sk := range skills {
		if _, ok := r.PostForm["rating_"+sk.Key]; ok {
			add(sk.Key)
		} else if _, ok := r.PostForm["interested_"+sk.Key]; ok {
			add(sk.Key)
		}
	}
	var other []string
	for name := range r.PostForm {
		for _, prefix := range []string{"rating_", "interested_"} {
			if k, ok := strings.CutPrefix(name, prefix); ok && !seen[k] {
				other = append(other, k)
			}
		}
	}
	slices.Sort(other)
	for _, k := range other {
		add(k)
	}
	var in []roadmap.RatingInput
	for _, k := range keys {
		ri := roadmap.RatingInput{SkillKey: k, Interested: strings.TrimSpace(r.PostForm.Get("interested_"+k)) != ""}
		if ri.Interested {
			f.Values["interested_"+k] = "on"
		}
		values := r.PostForm["rating_"+k]
		if len(values) == 0 {
			values = []string{""}
		}
		for i, v := range values {
			v = strings.TrimSpace(v)
			if i == 0 {
				f.Values[ri.Field()] = v
			}
			one := ri
			if v != "" {
				n, err := strconv.Atoi(v)
				if err != nil {
					n = roadmap.NotRated // out of range: the domain's message
				}
				one.Level = &n
			}
			in = append(in, one)
		}
	}
	return in
}

// handleSelfRatingSave is POST /o/{slug}/skills/me: the member's ratings,
// saved in one transaction (some skills may stay unrated); any invalid
// entry saves nothing and answers 422 with the message beside the skill.
func (s *Server) handleSelfRatingSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org, me := currentOrg(ctx), currentUser(ctx)
	sr, err := s.store.FindSelfRating(ctx, org.ID, me.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := newForm(r)
	in := readRatings(f, r, sr.Skills)
	known := make(map[string]bool, len(sr.Skills))
	for _, sk := range sr.Skills {
		known[sk.Key] = true
	}
	f.merge(roadmap.ValidateRatings(in, known))
	rated, interested := 0, 0
	for _, ri := range in {
		if ri.Level != nil {
			rated++
		}
		if ri.Interested {
			interested++
		}
	}
	if f.valid() && rated == 0 && interested == 0 {
		s.flash(r, "error", "Nothing to save: choose a level for at least one skill, or tick one you would like to learn.")
		http.Redirect(w, r, orgPath(org, "skills", "me"), http.StatusSeeOther)
		return
	}
	if f.valid() {
		target := strconv.Itoa(rated) + " skills rated"
		if interested > 0 {
			target += ", " + strconv.Itoa(interested) + " flagged to learn"
		}
		err = s.store.SaveRatings(s.audited(r, "skills.rated", target), org.ID, me.ID, in, s.now())
		switch {
		case errors.Is(err, store.ErrSkillNotFound): // archived since the page was read
			f.Message = "A skill of this form was archived meanwhile: nothing was saved. Check the form below and save again."
			if sr, err = s.store.FindSelfRating(ctx, org.ID, me.ID); err != nil {
				s.error(w, r, err)
				return
			}
		case err != nil:
			s.error(w, r, err)
			return
		default:
			s.flash(r, "success", "Saved your ratings of "+plural(rated, "skill", "skills")+". Thank you!")
			http.Redirect(w, r, orgPath(org, "skills", "me"), http.StatusSeeOther)
			return
		}
	}
	d := selfRatingProps(sr, f.Form)
	names := make(map[string]string, len(sr.Skills))
	for _, sk := range sr.Skills {
		names["rating_"+sk.Key] = sk.Name
	}
	var unknown []string
	for _, ri := range in {
		field := ri.Field()
		msg := f.Err(field)
		if msg == "" || slices.ContainsFunc(d.Problems, func(p web.Problem) bool { return p.Field == field }) || slices.Contains(unknown, ri.SkillKey) {
			continue
		}
		if name, ok := names[field]; ok {
			d.Problems = append(d.Problems, web.Problem{Field: field, Label: name, Message: msg})
		} else {
			unknown = append(unknown, ri.SkillKey) // no field on the page to put it beside
		}
	}
	if len(unknown) > 0 && d.Form.Message == "" {
		d.Form.Message = "The form rates skills this organization does not have (" + strings.Join(quoteAll(unknown), ", ") +
			"): it may be an old page or another organization's. Rate the skills below and save again."
	}
	s.render(w, r, http.StatusUnprocessableEntity, web.SelfRatingPage(s.page(r, "Rate your skills", "skills"), d))
}

func quoteAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = "“" + x + "”"
	}
	return out
}

// handleRatingsView is GET /o/{slug}/skills/ratings (owners and admins).
func (s *Server) handleRatingsView(w http.ResponseWriter, r *http.Request) {
	s.renderRatings(w, r, http.StatusOK, "")
}

// renderRatings renders the page of who has not rated, optionally with a
// page-level problem (a reminder refused).
func (s *Server) renderRatings(w http.ResponseWriter, r *http.Request, status int, problem string) {
	ctx := r.Context()
	org, me := currentOrg(ctx), currentUser(ctx)
	st, err := s.store.FindRatingStatuses(ctx, org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	now := s.now()
	d := web.RatingsProps{Members: len(st.Members), ActiveSkills: st.ActiveSkills, Now: now}
	for _, m := range st.Members {
		if m.LatestRatedAt != nil && !roadmap.RatingStale(*m.LatestRatedAt, now) {
			d.UpToDate++
			continue
		}
		d.Pending = append(d.Pending, web.RatingStatus{UserID: m.UserID, Name: m.Name, Email: m.Email, JobRole: m.JobRole().Title(),
			LatestRatedAt: m.LatestRatedAt, Rated: m.Rated, LastReminderAt: m.LastReminderAt, IsYou: m.UserID == me.ID,
			RemindedToday: m.LastReminderAt != nil && now.Sub(*m.LastReminderAt) < reminderPeriod})
	}
	p := s.page(r, "Who has not rated", "skills")
	if problem != "" {
		p.Flash, p.FlashKind = problem, "error"
	}
	s.render(w, r, status, web.SkillRatingsPage(p, d))
}

// handleRatingReminder is POST /o/{slug}/skills/ratings/{userID}/remind
// (owners and admins): emails the member a link to the self-rating page,
// at most once a day per member (429 with Retry-After otherwise).
func (s *Server) handleRatingReminder(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org, me := currentOrg(ctx), currentUser(ctx)
	target, ok := s.targetMember(w, r)
	if !ok {
		return
	}
	st, err := s.store.FindRatingStatuses(ctx, org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var lastRated time.Time
	for _, m := range st.Members {
		if m.UserID == target.UserID && m.LatestRatedAt != nil {
			lastRated = *m.LatestRatedAt
		}
	}
	now := s.now()
	sent, last, err := s.store.ClaimSkillReminder(s.audited(r, "skills.reminder_sent", person(target.Name, target.Email)), org.ID, target.UserID, now, reminderPeriod)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !sent {
		next := last.Add(reminderPeriod)
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(next.Sub(now).Seconds()+0.999))))
		s.renderRatings(w, r, http.StatusTooManyRequests, "A reminder was already sent to "+target.Name+" on "+
			last.UTC().Format("2 January at 15:04 UTC")+": one a day is enough. You can send the next one after "+
			next.UTC().Format("2 January at 15:04 UTC")+".")
		return
	}
	msg := mail.SkillsReminder(mail.SkillsReminderData{OrgName: org.Name, SenderName: me.Name, Name: target.Name,
		Link: s.absURL(orgPath(org, "skills", "me")), LastRated: lastRated})
	msg.To = target.Email
	if err := s.mailer.Send(ctx, msg); err != nil {
		s.log.Warn("skills reminder not sent", "err", err)
		if rerr := s.store.ReleaseSkillReminder(ctx, org.ID, target.UserID, now); rerr != nil {
			s.log.Error("skills reminder not released", "err", rerr)
		}
		s.flash(r, "error", "The reminder to "+target.Name+" could not be sent. Please try again in a few minutes.")
	} else {
		s.flash(r, "success", "Sent a reminder to "+target.Name+" ("+target.Email+").")
	}
	http.Redirect(w, r, orgPath(org, "skills", "ratings"), http.StatusSeeOther)
}
