package store_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

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

// crossTenantSettings are the reviewed settings a policy may read besides
// app.org_id; each opens a narrow read path across tenants, never a write.
var crossTenantSettings = map[string]string{
	"app.user_id":    "the user's own memberships and their organizations",
	"app.token_hash": "the one invitation, API token or share link matching a presented secret",
}

// settingRE finds the settings an expression reads, as pg_policies prints it.
var settingRE = regexp.MustCompile(`current_setting\('([^']+)'::text`)

// Every tenant table (org_id, and organizations) must have RLS enabled and
// forced, a policy for every command on app.org_id, and only policies that
// read app.org_id or a reviewed cross-tenant setting; the application role
// must own nothing, bypass nothing, and have no path around RLS (TRUNCATE,
// views or SECURITY DEFINER functions running as the owner).
func TestRowLevelSecurityCatalog(t *testing.T) {
	db := testdb.New(t)
	conn := db.Superuser(t)
	ctx := context.Background()
	rows, err := conn.Query(ctx, `
		SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner),
		       (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
		  AND (c.relname = 'organizations' OR EXISTS (SELECT 1 FROM pg_attribute a
		       WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped))`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var tenant []string
	for rows.Next() {
		var name, owner string
		var enabled, forced bool
		var policies int
		if err := rows.Scan(&name, &enabled, &forced, &owner, &policies); err != nil {
			t.Fatal(err)
		}
		tenant = append(tenant, name)
		if !enabled || !forced {
			t.Errorf("table %s: RLS enabled=%v forced=%v, want both", name, enabled, forced)
		}
		if owner == pgcluster.AppRole {
			t.Errorf("table %s is owned by the application role", name)
		}
	}
	if len(tenant) < 2 {
		t.Fatalf("tenant tables = %v; the catalog query is broken", tenant)
	}

	// Every policy of the schema: what it reads decides what it may do.
	// (USING (true) reads nothing and fails here; the behavioural test in
	// rls_test.go catches a policy that reads a setting and still lets
	// other tenants' rows through.)
	rows, err = conn.Query(ctx, `SELECT tablename, policyname, cmd, permissive, coalesce(qual, ''), coalesce(with_check, '')
		FROM pg_policies WHERE schemaname = 'public' ORDER BY tablename, policyname`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	tenantPolicy := map[string]bool{}
	for rows.Next() {
		var table, name, cmd, permissive, qual, check string
		if err := rows.Scan(&table, &name, &cmd, &permissive, &qual, &check); err != nil {
			t.Fatal(err)
		}
		reads := map[string]bool{}
		for _, expr := range []string{qual, check} {
			if expr == "" {
				continue
			}
			ms := settingRE.FindAllStringSubmatch(expr, -1)
			if len(ms) == 0 {
				t.Errorf("policy %s on %s: %q reads no tenant setting; every policy must compare with current_setting('app.org_id', true) or a reviewed cross-tenant setting", name, table, expr)
			}
			for _, m := range ms {
				reads[m[1]] = true
				if _, ok := crossTenantSettings[m[1]]; !ok && m[1] != "app.org_id" {
					t.Errorf("policy %s on %s reads %s, which is neither app.org_id nor a reviewed cross-tenant setting (crossTenantSettings)", name, table, m[1])
				}
			}
		}
		switch {
		case reads["app.org_id"] && cmd == "ALL" && permissive == "PERMISSIVE" && qual != "":
			tenantPolicy[table] = true
		case !reads["app.org_id"] && len(reads) > 0 && cmd != "SELECT" && permissive == "PERMISSIVE" && slices.Contains(tenant, table):
			// A table of one user's own (user_events) may be written under
			// app.user_id; a tenant table only under app.org_id.
			t.Errorf("policy %s on %s is FOR %s on a cross-tenant setting: cross-tenant paths may only read", name, table, cmd)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, table := range tenant {
		if !tenantPolicy[table] {
			t.Errorf("table %s: no permissive policy FOR ALL on app.org_id", table)
		}
	}

	// No way around RLS for the application role.
	var around []string
	rows, err = conn.Query(ctx, `
		SELECT 'TRUNCATE on ' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND has_table_privilege($1, c.oid, 'TRUNCATE')
		UNION ALL
		SELECT 'view ' || c.relname || ' without security_invoker' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind = 'v' AND NOT coalesce('security_invoker=true' = ANY (c.reloptions), false)
		UNION ALL
		SELECT 'materialized view ' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind = 'm'
		UNION ALL
		SELECT 'SECURITY DEFINER function ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
		WHERE n.nspname = 'public' AND p.prosecdef`, pgcluster.AppRole)
	if err != nil {
		t.Fatal(err)
	}
	if around, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		t.Fatal(err)
	}
	for _, a := range around {
		t.Errorf("a path around row-level security: %s", a)
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

// settingTracer records which connections ran SQL setting a setting, so the
// carry-over test knows each connection it inspects was used by the store.
type settingTracer struct {
	mu   sync.Mutex
	pids map[uint32]bool
}

func (tr *settingTracer) note(conn *pgx.Conn, sql string) {
	if strings.Contains(sql, "set_config") {
		tr.mu.Lock()
		tr.pids[conn.PgConn().PID()] = true
		tr.mu.Unlock()
	}
}

func (tr *settingTracer) used(pid uint32) bool {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return tr.pids[pid]
}

func (tr *settingTracer) TraceQueryStart(ctx context.Context, conn *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	tr.note(conn, d.SQL)
	return ctx
}
func (tr *settingTracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}
func (tr *settingTracer) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return ctx
}
func (tr *settingTracer) TraceBatchQuery(_ context.Context, conn *pgx.Conn, d pgx.TraceBatchQueryData) {
	tr.note(conn, d.SQL)
}
func (tr *settingTracer) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

// Tenant settings are transaction-local: after real store methods ran
// concurrently (successes and errors, every kind of setting), every pooled
// connection has no app.org_id, app.user_id or app.token_hash, and sees no
// tenant row.
func TestTenantSettingDoesNotCarryOver(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	tables := tenantTables(t, db.Superuser(t))
	cfg := db.Pool.Config()
	cfg.MaxConns = 4
	tracer := &settingTracer{pids: map[uint32]bool{}}
	cfg.ConnConfig.Tracer = tracer
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	st := store.New(pool)
	a, b := seedTenant(t, st, "alpha"), seedTenant(t, st, "beta")

	// calls are the store's tenant paths; want is the error each returns.
	now := time.Now()
	calls := []struct {
		name string
		want error
		call func() error
	}{
		{"FindMembers", nil, func() error { _, err := st.FindMembers(ctx, a.org.ID); return err }},
		{"FindAPITokens", nil, func() error { _, err := st.FindAPITokens(ctx, b.org.ID); return err }},
		{"FindPendingInvitations", nil, func() error { _, err := st.FindPendingInvitations(ctx, a.org.ID); return err }},
		{"FindOrg", nil, func() error { _, _, err := st.FindOrg(ctx, b.org.ID, now); return err }},
		{"RenameOrg", nil, func() error { return st.RenameOrg(ctx, a.org.ID, "Alpha") }},
		{"RemoveMember(last owner)", store.ErrLastOwner, func() error { return st.RemoveMember(ctx, a.org.ID, a.owner.ID, a.owner.ID, rekey) }},
		{"OrgsForUser", nil, func() error { _, err := st.OrgsForUser(ctx, a.member.ID); return err }},
		{"FindMember(other tenant)", store.ErrNotFound, func() error { _, err := st.FindMember(ctx, a.org.ID, b.owner.ID); return err }},
		{"FindTeam", nil, func() error { _, err := st.FindTeam(ctx, b.org.ID, true); return err }},
		{"FindUserWithOrgs", nil, func() error { _, _, err := st.FindUserWithOrgs(ctx, b.owner.ID); return err }},
		{"FindInvitationByToken", nil, func() error { _, err := st.FindInvitationByToken(ctx, store.HashToken(a.pending)); return err }},
		{"FindInvitationByToken(unknown)", store.ErrNotFound, func() error { _, err := st.FindInvitationByToken(ctx, store.HashToken("nope")); return err }},
		{"AuthenticateAPIToken", nil, func() error { _, err := st.AuthenticateAPIToken(ctx, store.HashToken(b.apiToken), now); return err }},
		{"OpenShareLink", nil, func() error { _, err := st.OpenShareLink(ctx, store.HashToken(a.shareToken), now); return err }},
		{"OpenShareLink(unknown)", store.ErrNotFound, func() error { _, err := st.OpenShareLink(ctx, store.HashToken("nope"), now); return err }},
		{"CreateOrg", nil, func() error { _, err := st.CreateOrg(ctx, b.member.ID, "Gamma"); return err }},
	}
	// Bursts until every connection the pool holds has run a setting (a
	// fresh connection would pass vacuously), at most a few times.
	for round := 1; ; round++ {
		var wg sync.WaitGroup
		errs := make(chan error, 2*int(cfg.MaxConns)*len(calls))
		for w := 0; w < 2*int(cfg.MaxConns); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range calls {
					c := calls[(i+w)%len(calls)]
					if err := c.call(); !errors.Is(err, c.want) {
						errs <- fmt.Errorf("%s: err = %v, want %v", c.name, err, c.want)
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if t.Failed() {
			t.FailNow()
		}

		// Hold every connection at once, so each is inspected.
		var conns []*pgxpool.Conn
		for range cfg.MaxConns {
			c, err := pool.Acquire(ctx)
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, c)
		}
		unused := 0
		for _, c := range conns {
			pid := c.Conn().PgConn().PID()
			if !tracer.used(pid) {
				unused++
			}
			var org, user, hash *string
			if err := c.QueryRow(ctx, `SELECT current_setting('app.org_id', true), current_setting('app.user_id', true),
				current_setting('app.token_hash', true)`).Scan(&org, &user, &hash); err != nil {
				t.Fatal(err)
			}
			for name, v := range map[string]*string{"app.org_id": org, "app.user_id": user, "app.token_hash": hash} {
				if v != nil && *v != "" {
					t.Errorf("connection %d: %s = %q carried over from a store transaction", pid, name, *v)
				}
			}
			for _, tt := range tables {
				var n int
				if err := c.QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{tt.name}.Sanitize()).Scan(&n); err != nil || n != 0 {
					t.Errorf("connection %d: %d rows of %s visible outside a tenant transaction (err %v)", pid, n, tt.name, err)
				}
			}
			c.Release()
		}
		if t.Failed() || unused == 0 {
			return
		}
		if round == 5 {
			t.Fatalf("after %d bursts, %d of %d pooled connections never ran a store transaction: the check would be vacuous", round, unused, cfg.MaxConns)
		}
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
