package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/internal/testdb"
)

// A user's sessions and email changes are theirs alone (RLS on
// app.user_id): as the application role, another user's rows are invisible
// and cannot be written, and with no user set nothing is.
func TestAccountRowsArePerUser(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	a, _ := signUp(t, st, "a@example.com", "A Org")
	b, _ := signUp(t, st, "b@example.com", "B Org")
	now := time.Now()
	for _, u := range []store.User{a, b} {
		if err := st.RecordSession(ctx, u.ID, store.SessionSeen{Hash: "hash-" + u.Email, At: now, UserAgent: "agent", ClientIP: "10.0.0.1"}); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateEmailChange(ctx, u.ID, "new-"+u.Email, store.HashToken("token-"+u.Email), now, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	// A's email link is not B's.
	if _, err := st.FindEmailChange(ctx, b.ID, store.HashToken("token-a@example.com"), now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("B finds A's email change: %v", err)
	}
	if _, _, err := st.ConfirmEmailChange(ctx, b.ID, store.HashToken("token-a@example.com"), now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("B confirms A's email change: %v", err)
	}

	asUser := func(id string, fn func(tx pgx.Tx) error) error {
		return pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `SELECT set_config('app.user_id', $1, true)`, id); err != nil {
				return err
			}
			return fn(tx)
		})
	}
	for _, table := range []string{"user_sessions", "email_changes"} {
		var mine, theirs int
		err := asUser(itoa(a.ID), func(tx pgx.Tx) error {
			return tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE user_id = $1), count(*) FILTER (WHERE user_id <> $1) FROM `+table, a.ID).Scan(&mine, &theirs)
		})
		if err != nil || mine != 1 || theirs != 0 {
			t.Errorf("%s as A: %d own, %d others' rows (%v); want 1 and 0", table, mine, theirs, err)
		}
		var none int
		if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&none); err != nil || none != 0 {
			t.Errorf("%s with no user set: %d rows (%v)", table, none, err)
		}
	}
	err := asUser(itoa(a.ID), func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO user_sessions (user_id, session_hash, epoch, created_at, last_seen_at) VALUES ($1, 'planted', 0, now(), now())`, b.ID)
		return err
	})
	if err == nil {
		t.Error("A inserted a session row for B")
	}
}
