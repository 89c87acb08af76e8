package http

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/headwayhq/headway/internal/mail"
	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/sample"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// The sample organization (issue 16): POST /orgs/sample creates, for the
// logged-in user only and as its owner, a fictional organization from the
// repository's fixture (internal/sample), loaded in one transaction; every
// page of it says it is a sample (web.SampleBanner) and its owner deletes
// it from the banner. At most one per user: a second request opens it.

// handleSampleCreate is POST /orgs/sample (any logged-in user).
func (s *Server) handleSampleCreate(w http.ResponseWriter, r *http.Request) {
	if o, ok := ownSample(userOrgs(r.Context())); ok {
		http.Redirect(w, r, web.OrgPath(o.Slug), http.StatusSeeOther)
		return
	}
	if len(userOrgs(r.Context())) >= maxOrgsPerUser {
		s.flash(r, "error", "You belong to "+strconv.Itoa(maxOrgsPerUser)+" organizations, the most one account can have. Leave one first.")
		http.Redirect(w, r, "/orgs", http.StatusSeeOther)
		return
	}
	// A sample is an organization like any other for the hourly bound:
	// creating and deleting them in a loop is work for the database.
	if !s.orgCreate.take(r, "user:"+strconv.FormatInt(currentUser(r.Context()).ID, 10)) {
		w.Header().Set("Retry-After", "3600")
		s.flash(r, "error", "You created many organizations in the last hour. Please try again later.")
		http.Redirect(w, r, "/orgs", http.StatusSeeOther)
		return
	}
	org, err := s.loadSample(r, currentUser(r.Context()).ID)
	if errors.Is(err, store.ErrSampleExists) { // another request made it first
		orgs, ferr := s.store.OrgsForUser(r.Context(), currentUser(r.Context()).ID)
		if o, ok := ownSample(orgs); ferr == nil && ok {
			http.Redirect(w, r, web.OrgPath(o.Slug), http.StatusSeeOther)
			return
		}
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.flash(r, "success", "This is a sample organization with fictional data. Look around: every page is filled in.")
	http.Redirect(w, r, web.OrgPath(org.Slug), http.StatusSeeOther)
}

// loadSample loads the fixture for userID, audited as the organization's
// creation, with its baseline derived as the roadmap page would.
func (s *Server) loadSample(r *http.Request, userID int64) (store.Org, error) {
	f, err := sample.Load()
	if err != nil {
		return store.Org{}, err
	}
	ctx := s.audited(r, "org.created", "sample organization "+f.Name+" (fixture version "+strconv.Itoa(f.Version)+")")
	return s.store.LoadSample(ctx, userID, f, s.now(), func(rs store.RoadmapSnapshot, at time.Time) []roadmap.BaselineItem {
		return baselineItemsOf(planFrom(rs, at).Plan)
	})
}

// ownSample is the user's own sample organization among orgs.
func ownSample(orgs []store.OrgMembership) (store.OrgMembership, bool) {
	for _, o := range orgs {
		if o.IsSample && o.Role == store.RoleOwner {
			return o, true
		}
	}
	return store.OrgMembership{}, false
}

// targetSample is the current organization when it is a sample (404 on any
// other: no real organization is deleted by this path).
func (s *Server) targetSample(w http.ResponseWriter, r *http.Request) (*store.OrgMembership, bool) {
	org := currentOrg(r.Context())
	if !org.IsSample {
		s.notFound(w, r)
		return nil, false
	}
	return org, true
}

// handleSampleDeleteConfirm is GET /o/{slug}/sample/delete (its owner).
func (s *Server) handleSampleDeleteConfirm(w http.ResponseWriter, r *http.Request) {
	org, ok := s.targetSample(w, r)
	if !ok {
		return
	}
	on, err := s.store.FindOnboarding(r.Context(), org.ID, s.now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.SampleDeletePage(s.page(r, "Delete the sample organization", "dashboard"),
		web.SampleDeleteProps{Members: on.Members - 1}))
}

// handleSampleDelete is POST /o/{slug}/sample/delete: the organization
// and, by cascade, every row of it and its placeholder users, in one
// transaction.
func (s *Server) handleSampleDelete(w http.ResponseWriter, r *http.Request) {
	org, ok := s.targetSample(w, r)
	if !ok {
		return
	}
	if err := s.store.DeleteOrg(r.Context(), org.ID); err != nil {
		s.error(w, r, err)
		return
	}
	s.userEvent(r, currentUser(r.Context()).ID, "org.deleted", org.Name+" ("+org.Slug+", sample)")
	s.flash(r, "success", "The sample organization and all its data were deleted.")
	http.Redirect(w, r, "/orgs", http.StatusSeeOther)
}

// reservedDropper is the server's mailer: it drops mail to the reserved
// .invalid domain (RFC 6761) before trying, so the sample's placeholder
// members (store.SampleEmailDomain) never cause a send, whatever page a
// reminder or notice comes from.
type reservedDropper struct{ next mail.Mailer }

func (m reservedDropper) Send(ctx context.Context, msg mail.Message) error {
	if strings.HasSuffix(strings.ToLower(strings.TrimSpace(msg.To)), ".invalid") {
		return nil
	}
	return m.next.Send(ctx, msg)
}
