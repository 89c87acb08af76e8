package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/testdb"
)

// Migration 5 normalizes stored emails (NFC, lower case, trimmed) where that
// merges nothing, and from then on the database refuses unnormalized ones.
func TestEmailNormalizationMigration(t *testing.T) {
	ctx := context.Background()
	const composed, decomposed = "am\u00e9lie@example.com", "ame\u0301lie@example.com"

	t.Run("normalizes", func(t *testing.T) {
		m, su := migrator(t)
		if err := m.Migrate(4); err != nil {
			t.Fatal(err)
		}
		_, err := su.Exec(ctx, `
			INSERT INTO users (id, email, name, password_hash) OVERRIDING SYSTEM VALUE VALUES
				(1, '`+decomposed+`', 'Amélie', 'h'), (2, 'plain@example.com', 'Plain', 'h');
			INSERT INTO organizations (id, slug, name) OVERRIDING SYSTEM VALUE VALUES (1, 'acme', 'Acme');
			INSERT INTO invitations (org_id, email, role, nonce, token_hash, expires_at) VALUES
				(1, '`+"jose\u0301@example.com"+`', 'member', 'n1', 'h1', now() + interval '1 day')`)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Migrate(5); err != nil {
			t.Fatal(err)
		}
		var u1, u2, inv string
		if err := su.QueryRow(ctx, `SELECT (SELECT email FROM users WHERE id = 1), (SELECT email FROM users WHERE id = 2),
			(SELECT email FROM invitations)`).Scan(&u1, &u2, &inv); err != nil {
			t.Fatal(err)
		}
		if u1 != composed || u2 != "plain@example.com" || inv != "jos\u00e9@example.com" {
			t.Errorf("after migration 5: users %q, %q, invitation %q; want NFC forms", u1, u2, inv)
		}
		// FORCE is back on the tenant table.
		var force bool
		if err := su.QueryRow(ctx, `SELECT relforcerowsecurity FROM pg_class WHERE relname = 'invitations'`).Scan(&force); err != nil || !force {
			t.Errorf("invitations FORCE ROW LEVEL SECURITY = %v (%v), want true", force, err)
		}
		// An unnormalized address is refused from now on.
		for _, q := range []string{
			`INSERT INTO users (email, name, password_hash) VALUES ('` + decomposed + `', 'Again', 'h')`,
			`INSERT INTO users (email, name, password_hash) VALUES (' spaced@example.com', 'Again', 'h')`,
			`INSERT INTO invitations (org_id, email, role, nonce, token_hash, expires_at) VALUES (1, '` + decomposed + `', 'member', 'n', 'h', now())`,
		} {
			if _, err := su.Exec(ctx, q); err == nil {
				t.Errorf("accepted an unnormalized email: %s", q)
			}
		}
		if err := m.Migrate(4); err != nil {
			t.Fatalf("down to 4: %v", err)
		}
	})

	t.Run("reports duplicates and changes nothing", func(t *testing.T) {
		m, su := migrator(t)
		if err := m.Migrate(4); err != nil {
			t.Fatal(err)
		}
		// Two accounts that are one address: migration 5 must not merge them.
		if _, err := su.Exec(ctx, `INSERT INTO users (id, email, name, password_hash) OVERRIDING SYSTEM VALUE VALUES
			(7, $1, 'Composed', 'h'), (8, $2, 'Decomposed', 'h'), (9, 'other@example.com', 'O', 'h')`, composed, decomposed); err != nil {
			t.Fatal(err)
		}
		err := m.Migrate(5)
		if err == nil || !strings.Contains(err.Error(), composed) || !strings.Contains(err.Error(), "user ids 7, 8") {
			t.Fatalf("migration 5 with duplicates: %v; want a failure naming %s and user ids 7, 8", err, composed)
		}
		rows, _ := su.Query(ctx, `SELECT email FROM users ORDER BY id`)
		emails, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(emails) != fmt.Sprint([]string{composed, decomposed, "other@example.com"}) {
			t.Errorf("users after the failed migration = %q; want them unchanged", emails)
		}
		// The operator keeps one account and migrates again.
		if _, err := su.Exec(ctx, `DELETE FROM users WHERE id = 8; UPDATE schema_migrations SET version = 4, dirty = false`); err != nil {
			t.Fatal(err)
		}
		if err := m.Migrate(5); err != nil {
			t.Fatalf("migration 5 after resolving the duplicate: %v", err)
		}
	})
}

// Every spelling of one address finds the one account, and a second account
// for it is refused.
func TestEmailLookupsNormalize(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := testdb.New(t).Store()
	u, _ := signUp(t, st, "Am\u00e9lie@Example.com", "Amélie Org")
	if u.Email != "am\u00e9lie@example.com" {
		t.Errorf("stored email %q, want the normalized form", u.Email)
	}
	for _, spelling := range []string{"ame\u0301lie@example.com", " AM\u00c9LIE@EXAMPLE.COM ", "AME\u0301LIE@example.com"} {
		got, err := st.FindUserByEmail(ctx, spelling)
		if err != nil || got.ID != u.ID {
			t.Errorf("FindUserByEmail(%q) = %d, %v; want user %d", spelling, got.ID, err, u.ID)
		}
		if taken, err := st.EmailTaken(ctx, spelling); err != nil || !taken {
			t.Errorf("EmailTaken(%q) = %v, %v; want true", spelling, taken, err)
		}
	}
}
