package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/internal/testdb"
)

// A membership change that takes a manager's access away rotates every
// pending invitation's link in its own transaction; a refused change, a
// promotion, or a member's exit rotates nothing; accepted and revoked
// invitations keep their rows as they were.
func TestMembershipChangesRotateInvitationLinks(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	owner, org := signUp(t, st, "owner@example.com", "Rotate")
	join := func(email, role string) int64 {
		tok := "tok-" + email
		invite(t, st, org.ID, owner.ID, email, tok, time.Now().Add(time.Hour))
		u, _, err := st.AcceptInvitation(ctx, store.HashToken(tok), 0, &store.NewUser{Email: email, Name: email, PasswordHash: "h"}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if role != store.RoleMember {
			if err := st.UpdateMemberRole(ctx, org.ID, owner.ID, u.ID, role, rekey); err != nil {
				t.Fatal(err)
			}
		}
		return u.ID
	}
	admin, member, admin2 := join("admin@example.com", store.RoleAdmin), join("member@example.com", store.RoleMember), join("admin2@example.com", store.RoleAdmin)
	revoked := invite(t, st, org.ID, owner.ID, "revoked@example.com", "tok-revoked", time.Now().Add(time.Hour))
	if err := st.RevokeInvitation(ctx, org.ID, revoked.ID); err != nil {
		t.Fatal(err)
	}
	invite(t, st, org.ID, owner.ID, "p1@example.com", "tok-p1", time.Now().Add(time.Hour))
	invite(t, st, org.ID, owner.ID, "p2@example.com", "tok-p2", time.Now().Add(-time.Hour)) // expired, still pending

	hashes := func() map[string]string {
		t.Helper()
		out := map[string]string{}
		rows, err := db.Superuser(t).Query(ctx, `SELECT email, encode(token_hash, 'hex') || coalesce(rotated_at::text, '') FROM invitations`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var e, h string
			if err := rows.Scan(&e, &h); err != nil {
				t.Fatal(err)
			}
			out[e] = h
		}
		return out
	}
	same := func(step string, before map[string]string, rotated bool) {
		t.Helper()
		after := hashes()
		for e, h := range before {
			pending := e == "p1@example.com" || e == "p2@example.com"
			if changed := after[e] != h; changed != (rotated && pending) {
				t.Errorf("%s: invitation of %s changed = %v, want %v", step, e, changed, rotated && pending)
			}
		}
	}

	b := hashes()
	if err := st.RemoveMember(ctx, org.ID, member, admin, rekey); !errors.Is(err, store.ErrForbidden) {
		t.Fatalf("a member removes an admin: %v", err)
	}
	same("refused removal", b, false)
	b = hashes()
	if err := st.RemoveMember(ctx, org.ID, member, member, rekey); err != nil {
		t.Fatal(err)
	}
	same("a member leaves", b, false)
	b = hashes()
	if err := st.UpdateMemberRole(ctx, org.ID, owner.ID, admin, store.RoleOwner, rekey); err != nil {
		t.Fatal(err)
	}
	same("an admin made owner", b, false)
	b = hashes()
	if err := st.UpdateMemberRole(ctx, org.ID, owner.ID, admin, store.RoleMember, rekey); err != nil {
		t.Fatal(err)
	}
	same("an owner demoted to member", b, true)
	b = hashes()
	if err := st.RemoveMember(ctx, org.ID, owner.ID, admin2, rekey); err != nil {
		t.Fatal(err)
	}
	same("an admin removed", b, true)
	// The old token no longer finds the invitation.
	if _, err := st.FindInvitationByToken(ctx, store.HashToken("tok-p1")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("old token after rotation: %v, want ErrNotFound", err)
	}
}
