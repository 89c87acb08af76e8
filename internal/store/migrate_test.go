package store_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/pgcluster"
	"github.com/headwayhq/headway/internal/testdb"
	"github.com/headwayhq/headway/migrations"
)

// migrator opens golang-migrate on a new empty database of the test's
// cluster, and a superuser connection to it.
func migrator(t *testing.T) (*migrate.Migrate, *pgx.Conn) {
	t.Helper()
	ctx := context.Background()
	c := testdb.Cluster()
	name := fmt.Sprintf("mig%d_%s", os.Getpid(), strings.ToLower(strings.ReplaceAll(t.Name(), "/", "_")))
	if err := c.CreateDatabase(ctx, name, ""); err != nil {
		t.Fatal(err)
	}
	src, err := iofs.New(migrations.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	m, err := migrate.NewWithSourceInstance("iofs", src, "pgx5://"+strings.TrimPrefix(c.URL(pgcluster.OwnerRole, name), "postgres://"))
	if err != nil {
		t.Fatal(err)
	}
	su, err := pgx.Connect(ctx, c.SuperuserURL(name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		m.Close()
		su.Close(ctx)
		if conn, err := pgx.Connect(ctx, c.SuperuserURL("postgres")); err == nil {
			_, _ = conn.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`)
			conn.Close(ctx)
		}
	})
	return m, su
}

// Migration 3 turns free-text job roles into catalog keys where a title
// matches, keeps the others as custom titles, and goes back down intact.
func TestJobRoleKeysMigration(t *testing.T) {
	ctx := context.Background()
	m, su := migrator(t)
	if err := m.Migrate(2); err != nil {
		t.Fatal(err)
	}
	// Rows as the team page saved them before: what people typed.
	_, err := su.Exec(ctx, `
		INSERT INTO users (id, email, name, password_hash) OVERRIDING SYSTEM VALUE VALUES
			(1, 'a@example.com', 'A', 'h'), (2, 'b@example.com', 'B', 'h'), (3, 'c@example.com', 'C', 'h'), (4, 'd@example.com', 'D', 'h');
		INSERT INTO organizations (id, slug, name) OVERRIDING SYSTEM VALUE VALUES (1, 'acme', 'Acme');
		INSERT INTO memberships (org_id, user_id, role, job_role) VALUES
			(1, 1, 'owner', 'Staff engineer'), (1, 2, 'member', '  senior ENGINEER '),
			(1, 3, 'member', 'Platform wizard'), (1, 4, 'member', '');
		INSERT INTO invitations (org_id, email, role, job_role, nonce, token_hash, expires_at) VALUES
			(1, 'e@example.com', 'member', 'architect', 'n1', 'h1', now() + interval '1 day'),
			(1, 'f@example.com', 'member', 'SRE lead', 'n2', 'h2', now() + interval '1 day')`)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Migrate(3); err != nil {
		t.Fatal(err)
	}
	rows := func(q string) map[string][2]string {
		out := map[string][2]string{}
		r, _ := su.Query(ctx, q)
		var k, key, title string
		_, err := pgx.ForEachRow(r, []any{&k, &key, &title}, func() error { out[k] = [2]string{key, title}; return nil })
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	members := rows(`SELECT user_id::text, coalesce(job_role, '-'), job_title FROM memberships`)
	want := map[string][2]string{
		"1": {"staff_engineer", ""}, "2": {"senior_engineer", ""}, "3": {"-", "Platform wizard"}, "4": {"-", ""},
	}
	if fmt.Sprint(members) != fmt.Sprint(want) {
		t.Errorf("memberships after migration 3 = %v, want %v", members, want)
	}
	invs := rows(`SELECT email, coalesce(job_role, '-'), job_title FROM invitations`)
	if wantInv := map[string][2]string{"e@example.com": {"architect", ""}, "f@example.com": {"-", "SRE lead"}}; fmt.Sprint(invs) != fmt.Sprint(wantInv) {
		t.Errorf("invitations after migration 3 = %v, want %v", invs, wantInv)
	}
	// The column refuses what is not a key.
	if _, err := su.Exec(ctx, `UPDATE memberships SET job_role = 'Staff Engineer' WHERE user_id = 1`); err == nil {
		t.Error("job_role accepted a title instead of a key")
	}
	// Down again: keys become their titles, custom titles stay.
	if err := m.Migrate(2); err != nil {
		t.Fatal(err)
	}
	back := rows(`SELECT user_id::text, job_role, '' FROM memberships`)
	wantBack := map[string][2]string{"1": {"Staff engineer", ""}, "2": {"Senior engineer", ""}, "3": {"Platform wizard", ""}, "4": {"", ""}}
	if fmt.Sprint(back) != fmt.Sprint(wantBack) {
		t.Errorf("memberships after going down = %v, want %v", back, wantBack)
	}
}

// Migration 14 goes down without leaving its tables behind and comes back
// up on a database that held its rows.
func TestPracticesMaturityMigrationDownAndUp(t *testing.T) {
	ctx := context.Background()
	m, su := migrator(t)
	if err := m.Migrate(14); err != nil {
		t.Fatal(err)
	}
	tables := func() int {
		var n int
		if err := su.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'
			AND tablename IN ('practice_status', 'maturity_assessments', 'maturity_answers', 'maturity_survey_answers')`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := tables(); n != 4 {
		t.Fatalf("%d of the 4 tables after migration 14", n)
	}
	if _, err := su.Exec(ctx, `
		INSERT INTO organizations (id, slug, name) OVERRIDING SYSTEM VALUE VALUES (1, 'acme', 'Acme');
		INSERT INTO practice_status (org_id, practice_key, status) VALUES (1, 'ci', 'mostly');
		INSERT INTO maturity_assessments (org_id, id, status, questions_version, completed_at) OVERRIDING SYSTEM VALUE VALUES (1, 1, 'completed', 1, now());
		INSERT INTO maturity_answers (org_id, assessment_id, question_key, level) VALUES (1, 1, 'culture_incidents', 3)`); err != nil {
		t.Fatal(err)
	}
	// The CHECKs refuse what the domain refuses.
	for _, bad := range []string{
		`INSERT INTO practice_status (org_id, practice_key, status) VALUES (1, 'slos', 'done')`,
		`INSERT INTO practice_status (org_id, practice_key, status) VALUES (1, 'Bad Key', 'fully')`,
		`INSERT INTO maturity_answers (org_id, assessment_id, question_key, level) VALUES (1, 1, 'culture_learning', 6)`,
		`INSERT INTO maturity_assessments (org_id, status, questions_version) VALUES (1, 'completed', 1)`,
		`INSERT INTO maturity_assessments (org_id, status, questions_version) VALUES (1, 'draft', 1), (1, 'draft', 1)`,
	} {
		if _, err := su.Exec(ctx, bad); err == nil {
			t.Errorf("accepted: %s", bad)
		}
	}
	if err := m.Migrate(11); err != nil {
		t.Fatal(err)
	}
	if n := tables(); n != 0 {
		t.Errorf("%d of the tables left after going down", n)
	}
	if err := m.Up(); err != nil {
		t.Fatal(err)
	}
	if n := tables(); n != 4 {
		t.Errorf("%d of the 4 tables after going up again", n)
	}
}
