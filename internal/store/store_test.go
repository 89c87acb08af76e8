package store_test

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/headwayhq/headway/internal/pgcluster"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

func signUp(t *testing.T, st *store.Store, email, org string) (store.User, store.Org) {
	t.Helper()
	u, o, err := st.SignUp(context.Background(), store.NewUser{Email: email, Name: "N " + email, PasswordHash: "x"}, org)
	if err != nil {
		t.Fatalf("SignUp(%s): %v", email, err)
	}
	return u, o
}

// Every table with an org_id column must have RLS enabled and forced, and
// the application role must own nothing and bypass nothing.
func TestRowLevelSecurityCatalog(t *testing.T) {
	db := testdb.New(t)
	conn := db.Superuser(t)
	ctx := context.Background()
	rows, err := conn.Query(ctx, `
		SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner),
		       (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind = 'r'
		  AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped)`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var name, owner string
		var enabled, forced bool
		var policies int
		if err := rows.Scan(&name, &enabled, &forced, &owner, &policies); err != nil {
			t.Fatal(err)
		}
		n++
		if !enabled || !forced {
			t.Errorf("table %s: RLS enabled=%v forced=%v, want both", name, enabled, forced)
		}
		if policies == 0 {
			t.Errorf("table %s: no policy", name)
		}
		if owner == pgcluster.AppRole {
			t.Errorf("table %s is owned by the application role", name)
		}
	}
	if n == 0 {
		t.Fatal("no tenant tables found")
	}
	var super, bypass bool
	if err := conn.QueryRow(ctx, `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1`, pgcluster.AppRole).Scan(&super, &bypass); err != nil {
		t.Fatal(err)
	}
	if super || bypass {
		t.Errorf("application role: superuser=%v bypassrls=%v", super, bypass)
	}
	var owned int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = $1)`, pgcluster.AppRole).Scan(&owned); err != nil {
		t.Fatal(err)
	}
	if owned != 0 {
		t.Errorf("application role owns %d relations", owned)
	}
	if err := db.Store().CheckRole(ctx); err != nil {
		t.Errorf("CheckRole on the application role: %v", err)
	}
}

// The server must refuse a role that would defeat RLS.
func TestCheckRoleRefusesSuperuser(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	su, err := pgxpoolNew(ctx, testdb.Cluster().SuperuserURL(db.Name))
	if err != nil {
		t.Fatal(err)
	}
	defer su.Close()
	if err := store.New(su).CheckRole(ctx); err == nil {
		t.Fatal("CheckRole accepted a superuser")
	}
}

// A tenant setting is transaction-local: the next transaction on the same
// pooled connection sees no tenant, hence no rows.
func TestTenantSettingDoesNotCarryOver(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	_, org := signUp(t, st, "a@example.com", "Acme")
	for i := 0; i < 3; i++ {
		conn, err := db.Pool.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tx, err := conn.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, `SELECT set_config('app.org_id', $1, true)`, itoa(org.ID)); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM organizations`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("inside the tenant transaction: %d organizations, err %v; want 1", n, err)
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		var setting string
		if err := conn.QueryRow(ctx, `SELECT coalesce(current_setting('app.org_id', true), '<null>')`).Scan(&setting); err != nil {
			t.Fatal(err)
		}
		if setting != "" && setting != "<null>" {
			t.Fatalf("app.org_id carried over: %q", setting)
		}
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM organizations`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("after the transaction: %d organizations visible, err %v; want 0", n, err)
		}
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM memberships`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("after the transaction: %d memberships visible, err %v; want 0", n, err)
		}
		conn.Release()
	}
}

func TestSignUpAndMemberships(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	ua, oa := signUp(t, st, "a@example.com", "Acme Corp")
	ub, ob := signUp(t, st, "b@example.com", "Acme Corp")
	if oa.Slug != "acme-corp" || ob.Slug != "acme-corp-2" {
		t.Errorf("slugs = %q, %q; want acme-corp, acme-corp-2", oa.Slug, ob.Slug)
	}
	if _, _, err := st.SignUp(ctx, store.NewUser{Email: "a@example.com", Name: "dup", PasswordHash: "x"}, "Other"); !errors.Is(err, store.ErrConflict) {
		t.Errorf("duplicate email: err = %v, want ErrConflict", err)
	}
	// Nothing of the failed signup was saved: its organization does not exist.
	var n int
	if err := db.Superuser(t).QueryRow(ctx, `SELECT count(*) FROM organizations WHERE name = 'Other'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("failed signup left %d organizations (err %v)", n, err)
	}
	// A user sees their own membership and never another tenant's.
	if mine, err := st.OrgsForUser(ctx, ua.ID); err != nil || len(mine) != 1 || mine[0].ID != oa.ID || mine[0].Role != store.RoleOwner {
		t.Errorf("OrgsForUser(a) = %+v, %v; want only %s as owner", mine, err, oa.Slug)
	}
	if theirs, err := st.OrgsForUser(ctx, ub.ID); err != nil || len(theirs) != 1 || theirs[0].ID != ob.ID {
		t.Errorf("OrgsForUser(b) = %+v, %v; want only %s", theirs, err, ob.Slug)
	}
	second, err := st.CreateOrg(ctx, ua.ID, "Zeta Labs")
	if err != nil {
		t.Fatal(err)
	}
	orgs, err := st.OrgsForUser(ctx, ua.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 2 || orgs[0].ID != oa.ID || orgs[1].ID != second.ID {
		t.Errorf("OrgsForUser = %+v; want Acme Corp then Zeta Labs", orgs)
	}
	// Without a tenant or user setting the application role sees nothing.
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM memberships`).Scan(&n); err != nil || n != 0 {
		t.Errorf("memberships visible without a tenant: %d (err %v)", n, err)
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Acme Corp", "acme-corp"},
		{"  Ünïcödé  Straße ", "unicode-stra-e"},
		{"---", "org"},
		{"", "org"},
		{"日本", "org"},
		{"A/B & C", "a-b-c"},
		{"x1234567890123456789012345678901234567890123456789012345", "x1234567890123456789012345678901234567890123456789"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := store.Slugify(tt.in); got != tt.want {
				t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// The one-round-trip session load sees the user's organizations, and its
// app.user_id does not outlive the batch on the pooled connection.
func TestFindUserWithOrgs(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	u, a := signUp(t, st, "a@example.com", "Beta")
	_, other := signUp(t, st, "b@example.com", "Other")
	z, err := st.CreateOrg(ctx, u.ID, "Alpha")
	if err != nil {
		t.Fatal(err)
	}
	got, orgs, err := st.FindUserWithOrgs(ctx, u.ID)
	if err != nil || got.ID != u.ID || got.Email != "a@example.com" {
		t.Fatalf("FindUserWithOrgs = %+v, %v", got, err)
	}
	if len(orgs) != 2 || orgs[0].ID != z.ID || orgs[1].ID != a.ID || orgs[1].Role != store.RoleOwner {
		t.Errorf("orgs = %+v; want Alpha then Beta, never %s", orgs, other.Slug)
	}
	if _, _, err := st.FindUserWithOrgs(ctx, 999999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown user: err = %v, want ErrNotFound", err)
	}
	// Every pooled connection is clean afterwards.
	for i := 0; i < 4; i++ {
		var setting string
		var n int
		if err := db.Pool.QueryRow(ctx, `SELECT coalesce(current_setting('app.user_id', true), ''), (SELECT count(*) FROM memberships)`).Scan(&setting, &n); err != nil {
			t.Fatal(err)
		}
		if setting != "" || n != 0 {
			t.Fatalf("after the batch: app.user_id = %q, %d memberships visible", setting, n)
		}
	}
}

// FuzzSlugify: any organization name yields a slug the database accepts
// (the CHECK on organizations.slug), leaving room for a "-N" suffix.
func FuzzSlugify(f *testing.F) {
	for _, seed := range []string{"Acme Corp", "", "---", "Ünïcödé", "日本", "a-", "-a", strings.Repeat("ab-", 40)} {
		f.Add(seed)
	}
	valid := regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$`)
	f.Fuzz(func(t *testing.T, name string) {
		s := store.Slugify(name)
		if !valid.MatchString(s) || strings.Contains(s, "--") {
			t.Fatalf("Slugify(%q) = %q, not a valid slug", name, s)
		}
	})
}

// A popular name gets numbered slugs first, then random ones: never an error.
func TestSlugsForAPopularName(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	u, first := signUp(t, st, "a@example.com", "Globex")
	seen := map[string]bool{first.Slug: true}
	for i := 2; i <= 9; i++ {
		o, err := st.CreateOrg(ctx, u.ID, "Globex")
		if err != nil {
			t.Fatal(err)
		}
		if seen[o.Slug] {
			t.Fatalf("slug %q given twice", o.Slug)
		}
		seen[o.Slug] = true
		if i <= 5 && o.Slug != "globex-"+strconv.Itoa(i) {
			t.Errorf("org %d: slug %q, want globex-%d", i, o.Slug, i)
		}
		if i > 5 && !regexp.MustCompile(`^globex-[a-z2-7]{6}$`).MatchString(o.Slug) {
			t.Errorf("org %d: slug %q, want globex-<6 random>", i, o.Slug)
		}
	}
}
