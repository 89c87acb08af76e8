package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/internal/testdb"
)

// A reminder is claimed at most once per period per member, even by
// concurrent managers; a refused claim changes nothing and says when the
// last one went; a released claim can be made again; a non-member is
// ErrMemberNotFound.
func TestClaimSkillReminder(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	s := seedTenant(t, st, "remind")
	now := time.Now().Add(48 * time.Hour).Truncate(time.Microsecond) // after seedTenant's own reminder's day

	var wg sync.WaitGroup
	var mu sync.Mutex
	sent := 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, _, err := st.ClaimSkillReminder(ctx, s.org.ID, s.member.ID, now, 24*time.Hour)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				sent++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if sent != 1 {
		t.Fatalf("%d of 8 concurrent claims went through, want 1", sent)
	}
	ok, last, err := st.ClaimSkillReminder(ctx, s.org.ID, s.member.ID, now.Add(23*time.Hour), 24*time.Hour)
	if err != nil || ok || !last.Equal(now) {
		t.Errorf("a claim 23 hours later = %v, %v, %v; want refused, last %v", ok, last, err, now)
	}
	if err := st.ReleaseSkillReminder(ctx, s.org.ID, s.member.ID, now); err != nil {
		t.Fatal(err)
	}
	if ok, _, err := st.ClaimSkillReminder(ctx, s.org.ID, s.member.ID, now.Add(time.Minute), 24*time.Hour); err != nil || !ok {
		t.Errorf("a claim after the release = %v, %v; want sent", ok, err)
	}
	other := seedTenant(t, st, "other")
	if _, _, err := st.ClaimSkillReminder(ctx, s.org.ID, other.member.ID, now, 24*time.Hour); !errors.Is(err, store.ErrMemberNotFound) {
		t.Errorf("a claim for another organization's member = %v, want ErrMemberNotFound", err)
	}
}

// The self-rating read has the active skills and the member's latest
// rating of each; the statuses give each member's latest rating with a
// level and how many active skills they rated.
func TestFindSelfRatingAndStatuses(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	s := seedTenant(t, st, "rate")
	t0 := time.Now().Truncate(time.Microsecond)
	lv := func(n int) *int { return &n }
	for i, in := range [][]roadmap.RatingInput{
		{{SkillKey: "linux", Level: lv(1)}, {SkillKey: "scripting", Level: lv(2)}},
		{{SkillKey: "linux", Level: lv(3)}},
	} {
		if err := st.SaveRatings(ctx, s.org.ID, s.owner.ID, in, t0.Add(time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	sr, err := st.FindSelfRating(ctx, s.org.ID, s.owner.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, r := range sr.Ratings {
		got[r.SkillKey] = *r.Level
	}
	if len(got) != 2 || got["linux"] != 3 || got["scripting"] != 2 {
		t.Errorf("current ratings = %v, want linux 3 (the latest), scripting 2", got)
	}
	if len(sr.Skills) != len(roadmap.SkillCatalog)+1 {
		t.Errorf("%d active skills, want the catalog and seedTenant's custom one", len(sr.Skills))
	}
	sts, err := st.FindRatingStatuses(ctx, s.org.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range sts.Members {
		switch m.UserID {
		case s.owner.ID:
			if m.Rated != 2 || m.LatestRatedAt == nil || !m.LatestRatedAt.Equal(t0.Add(time.Hour)) || m.LastReminderAt != nil {
				t.Errorf("owner's status = %+v", m)
			}
		case s.member.ID:
			// seedTenant rated a custom skill 3 and flagged kubernetes only.
			if m.Rated != 1 || m.LatestRatedAt == nil || m.LastReminderAt == nil {
				t.Errorf("member's status = %+v", m)
			}
		}
	}
	if sts.ActiveSkills != len(sr.Skills) || len(sts.Members) != 2 {
		t.Errorf("statuses: %d active skills, %d members", sts.ActiveSkills, len(sts.Members))
	}
}
