package store_test

import (
	"context"
	"encoding/base64"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/internal/testdb"
)

// A share link opens only while live, records its use, is listed newest
// first whatever its state, and revoking it twice is no error.
func TestShareLinks(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	ua, a := signUp(t, st, "a@example.com", "A")
	_, b := signUp(t, st, "b@example.com", "B")

	first, tok, err := st.CreateShareLink(ctx, a.ID, ua.ID, "Board Q1", now, now.Add(30*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	// 32 random bytes, base64url without padding; the hint is its tail.
	if raw, err := base64.RawURLEncoding.DecodeString(tok); err != nil || len(raw) != 32 || first.Hint != tok[len(tok)-4:] {
		t.Errorf("token %q (%d bytes, err %v), hint %q", tok, len(raw), err, first.Hint)
	}
	// Only the hash is stored.
	var stored []byte
	if err := db.Superuser(t).QueryRow(ctx, `SELECT token_hash FROM share_links WHERE id = $1`, first.ID).Scan(&stored); err != nil ||
		string(stored) != string(store.HashToken(tok)) {
		t.Errorf("stored %x, err %v: want the SHA-256 of the token", stored, err)
	}

	got, err := st.OpenShareLink(ctx, store.HashToken(tok), now.Add(time.Hour))
	if err != nil || got.ID != first.ID || got.OrgID != a.ID || got.OrgName != "A" {
		t.Fatalf("OpenShareLink = %+v, %v", got, err)
	}
	second, _, err := st.CreateShareLink(ctx, a.ID, ua.ID, "Investors", now.Add(time.Minute), now.Add(7*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	list, err := st.FindShareLinks(ctx, a.ID)
	if err != nil || len(list) != 2 || list[0].ID != second.ID || list[1].ID != first.ID {
		t.Fatalf("FindShareLinks = %+v, %v: want newest first", list, err)
	}
	if list[1].LastUsedAt == nil || !list[1].LastUsedAt.Equal(now.Add(time.Hour)) || list[0].LastUsedAt != nil || list[1].CreatedByName != "N a@example.com" {
		t.Errorf("listed = %+v: want the first link used at the open, by its creator", list)
	}

	// Unknown, expired (by the clock passed in), revoked: the same answer.
	if _, err := st.OpenShareLink(ctx, store.HashToken("nope"), now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown: err = %v", err)
	}
	if _, err := st.OpenShareLink(ctx, store.HashToken(tok), now.Add(30*24*time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("expired: err = %v", err)
	}
	if err := st.RevokeShareLink(ctx, b.ID, first.ID, now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("cross-tenant revoke: err = %v, want ErrNotFound", err)
	}
	if err := st.RevokeShareLink(ctx, a.ID, first.ID, now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := st.RevokeShareLink(ctx, a.ID, first.ID, now.Add(3*time.Hour)); err != nil {
		t.Errorf("second revoke: %v, want none", err)
	}
	if l, err := st.FindShareLink(ctx, a.ID, first.ID); err != nil || l.RevokedAt == nil || !l.RevokedAt.Equal(now.Add(2*time.Hour)) || l.Live(now) {
		t.Errorf("revoked link = %+v, %v: want the first revocation kept", l, err)
	}
	if _, err := st.OpenShareLink(ctx, store.HashToken(tok), now.Add(time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("revoked: err = %v", err)
	}
	if _, err := st.FindShareLink(ctx, b.ID, second.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("cross-tenant find: err = %v", err)
	}
}

// A share token of organization A opens A's link and A's roadmap data, never
// B's: as the database sees it (the by-token policy admits the one link,
// and the tenant it then acts as is A) and through the store.
func TestShareTokenNeverShowsAnotherTenant(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	a, b := seedTenant(t, st, "alpha"), seedTenant(t, st, "beta")

	l, err := st.OpenShareLink(ctx, store.HashToken(a.shareToken), time.Now())
	if err != nil || l.OrgID != a.org.ID {
		t.Fatalf("OpenShareLink(A's token) = %+v, %v", l, err)
	}
	rs, err := st.FindRoadmapSnapshot(ctx, l.OrgID)
	if err != nil || len(rs.Findings) != 1 || rs.Findings[0].Title != "Old runners alpha" || len(rs.Stack) != 1 || rs.Stack[0].Name != "GitHub alpha" {
		t.Fatalf("A's snapshot = %d findings %+v, %v", len(rs.Findings), rs.Findings, err)
	}

	// What the application role sees with A's token hash set, before and
	// after it acts as the link's tenant, as readByToken does.
	err = pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT set_config('app.token_hash', encode($1::bytea, 'hex'), true)`, store.HashToken(a.shareToken)); err != nil {
			return err
		}
		var links, ofB int
		if err := tx.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE org_id = $1) FROM share_links`, b.org.ID).Scan(&links, &ofB); err != nil {
			return err
		}
		if links != 1 || ofB != 0 {
			t.Errorf("with A's token hash: %d links visible, %d of B's; want A's one", links, ofB)
		}
		var findings int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM findings`).Scan(&findings); err != nil {
			return err
		}
		if findings != 0 {
			t.Errorf("with only a token hash: %d findings visible, want none", findings)
		}
		if _, err := tx.Exec(ctx, `SELECT set_config('app.org_id', coalesce((SELECT org_id::text FROM share_links WHERE token_hash = $1), ''), true)`,
			store.HashToken(a.shareToken)); err != nil {
			return err
		}
		var all, bs int
		if err := tx.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE org_id = $1) FROM findings`, b.org.ID).Scan(&all, &bs); err != nil {
			return err
		}
		if all != 1 || bs != 0 {
			t.Errorf("as A's link's tenant: %d findings, %d of B's; want A's one", all, bs)
		}
		// The by-token policy reads; it never writes.
		tag, err := tx.Exec(ctx, `UPDATE share_links SET name = 'x' WHERE org_id = $1`, b.org.ID)
		if err != nil || tag.RowsAffected() != 0 {
			t.Errorf("updating B's links: %d rows, err %v; want 0", tag.RowsAffected(), err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
