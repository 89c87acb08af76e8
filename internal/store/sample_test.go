package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/sample"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/internal/testdb"
)

// oneItem is a baseline builder for the store's tests (the http layer
// derives the real plan).
func oneItem(rs store.RoadmapSnapshot, at time.Time) []roadmap.BaselineItem {
	return []roadmap.BaselineItem{{Key: "practice:ci", Title: "Build on every change", Rank: len(rs.Stack), Quarter: roadmap.QuarterName(roadmap.PlanStart(at), 0)}}
}

// The sample loads in one transaction, for its owner only: every step's
// rows, placeholder members who cannot log in, and a second sample of the
// same user is refused with nothing half-stored. Another user sees none of
// it; deleting the organization, or the owner's account, takes every row,
// the placeholders included.
func TestLoadSample(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	su := db.Superuser(t)
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := su.QueryRow(ctx, q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	owner, _ := signUp(t, st, "owner@example.com", "Home")
	other, _ := signUp(t, st, "other@example.com", "Elsewhere")
	f := sample.MustLoad()
	now := time.Now()
	org, err := st.LoadSample(ctx, owner.ID, f, now, oneItem)
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{
		`SELECT count(*) FROM organizations WHERE is_sample AND sample_owner_id = $2 AND id = $1`:                   1,
		`SELECT count(*) FROM stack_items WHERE org_id = $1`:                                                        len(f.Stack),
		`SELECT count(*) FROM findings WHERE org_id = $1`:                                                           len(f.Findings),
		`SELECT count(*) FROM users WHERE sample_org_id = $1 AND email LIKE 'sample-%@sample.invalid'`:              len(f.Members),
		`SELECT count(*) FROM memberships WHERE org_id = $1`:                                                        len(f.Members) + 1,
		`SELECT count(*) FROM memberships WHERE org_id = $1 AND role = 'owner' AND user_id = $2`:                    1,
		`SELECT count(DISTINCT user_id) FROM skill_ratings WHERE org_id = $1`:                                       len(f.Members),
		`SELECT count(*) FROM kpi_snapshots WHERE org_id = $1`:                                                      len(f.KPIs),
		`SELECT count(*) FROM practice_status WHERE org_id = $1`:                                                    len(f.Practices),
		`SELECT count(*) FROM maturity_assessments WHERE org_id = $1 AND status = 'completed'`:                      len(f.Assessments),
		`SELECT count(*) FROM roadmap_decisions WHERE org_id = $1`:                                                  len(f.Decisions),
		`SELECT count(*) FROM stakeholders WHERE org_id = $1`:                                                       len(f.Stakeholders),
		`SELECT count(*) FROM roadmap_baselines WHERE org_id = $1 AND jsonb_array_length(items) = 1`:                1,
		`SELECT count(*) FROM stack_considerations WHERE org_id = $1 AND team_size = 35 AND planned_team_size = 45`: 1,
		`SELECT count(*) FROM audit_events WHERE org_id = $1 AND action = 'org.created'`:                            0, // no audit context here
	} {
		args := []any{org.ID}
		if strings.Contains(q, "$2") {
			args = append(args, owner.ID)
		}
		if got := count(q, args...); got != want {
			t.Errorf("%s = %d, want %d", q, got, want)
		}
	}
	// Dates are relative to now: the latest snapshot is today's.
	if got := count(`SELECT count(*) FROM kpi_snapshots WHERE org_id = $1 AND measured_on = $2::date`, org.ID, now.UTC().Format("2006-01-02")); got != 1 {
		t.Errorf("no snapshot measured today (%d)", got)
	}

	// The placeholders cannot log in: their hash is well formed and
	// matches nothing.
	var hash string
	if err := su.QueryRow(ctx, `SELECT password_hash FROM users WHERE sample_org_id = $1 LIMIT 1`, org.ID).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	for _, pw := range []string{"", "password", "not a real password, only for timing"} {
		if ok, err := argon2id.ComparePasswordAndHash(pw, hash); ok || err != nil {
			t.Errorf("placeholder hash with %q: %v, %v; want false, nil", pw, ok, err)
		}
	}

	// Only the owner sees it.
	orgs, err := st.OrgsForUser(ctx, other.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if o.ID == org.ID || o.IsSample {
			t.Errorf("the other user sees %+v", o)
		}
	}
	mine, err := st.OrgsForUser(ctx, owner.ID)
	if err != nil || len(mine) != 2 {
		t.Fatalf("owner's organizations = %+v, %v", mine, err)
	}
	if rs, err := st.FindRoadmapSnapshot(ctx, mine[0].ID+mine[1].ID-org.ID); err != nil || len(rs.Stack) != 0 {
		t.Errorf("the home organization reads %d tools, %v", len(rs.Stack), err)
	}

	// One sample each, and a refused one stores nothing.
	users, orgsN := count(`SELECT count(*) FROM users`), count(`SELECT count(*) FROM organizations`)
	if _, err := st.LoadSample(ctx, owner.ID, f, now, oneItem); !errors.Is(err, store.ErrSampleExists) || !errors.Is(err, store.ErrConflict) {
		t.Errorf("a second sample: %v, want ErrSampleExists", err)
	}
	if count(`SELECT count(*) FROM users`) != users || count(`SELECT count(*) FROM organizations`) != orgsN {
		t.Error("the refused sample left rows behind")
	}

	// Deleting the organization takes its placeholders.
	if err := st.DeleteOrg(ctx, org.ID); err != nil {
		t.Fatal(err)
	}
	if n := count(`SELECT count(*) FROM users WHERE sample_org_id IS NOT NULL OR email LIKE '%@sample.invalid'`); n != 0 {
		t.Errorf("%d placeholders left after deleting the sample", n)
	}

	// The owner's account goes with their sample, which does not count as
	// an organization they are the last owner of.
	again, err := st.LoadSample(ctx, other.ID, f, now, oneItem)
	if err != nil {
		t.Fatal(err)
	}
	otherOrgs, err := st.OrgsForUser(ctx, other.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range otherOrgs {
		if !o.IsSample {
			if err := st.DeleteOrg(ctx, o.ID); err != nil { // leave the sample as their only organization
				t.Fatal(err)
			}
		}
	}
	if _, err := st.DeleteAccount(ctx, other.ID, rekey); err != nil {
		t.Fatalf("deleting the account of a sample's owner: %v", err)
	}
	if n := count(`SELECT count(*) FROM organizations WHERE id = $1`, again.ID) + count(`SELECT count(*) FROM users WHERE sample_org_id IS NOT NULL`); n != 0 {
		t.Errorf("%d rows of the sample left after deleting its owner's account", n)
	}
}

// The store's part of loading the sample organization (BenchmarkLoadSample
// in internal/http is the whole request; issue 16: under a second on this
// machine), each iteration a new user's.
func BenchmarkLoadSampleStore(b *testing.B) {
	db := testdb.New(b)
	ctx := context.Background()
	st := db.Store()
	f := sample.MustLoad()
	now := time.Now()
	var i int
	for b.Loop() {
		b.StopTimer()
		i++
		u, _, err := st.SignUp(ctx, store.NewUser{Email: "bench" + itoa(int64(i)) + "@example.com", Name: "Bench", PasswordHash: "x"}, "Bench")
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := st.LoadSample(ctx, u.ID, f, now, oneItem); err != nil {
			b.Fatal(err)
		}
	}
}
