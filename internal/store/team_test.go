package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/internal/testdb"
)

func invite(t *testing.T, st *store.Store, orgID, by int64, email, token string, expires time.Time) store.Invitation {
	t.Helper()
	inv, err := st.CreateInvitation(context.Background(), orgID, store.NewInvitation{
		Email: email, Role: store.RoleMember, Nonce: []byte(token), TokenHash: store.HashToken(token), InvitedBy: by, SentAt: time.Now(), ExpiresAt: expires})
	if err != nil {
		t.Fatalf("CreateInvitation(%s): %v", email, err)
	}
	return inv
}

func TestInvitationLifecycle(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	now := time.Now()
	owner, org := signUp(t, st, "owner@example.com", "Acme")
	_, other := signUp(t, st, "other@example.com", "Other")

	invite(t, st, org.ID, owner.ID, "new@example.com", "tok-1", now.Add(time.Hour))
	if _, err := st.CreateInvitation(ctx, org.ID, store.NewInvitation{Email: "new@example.com", Role: "member",
		Nonce: []byte("x"), TokenHash: store.HashToken("tok-2"), SentAt: now, ExpiresAt: now.Add(time.Hour)}); !errors.Is(err, store.ErrAlreadyInvited) {
		t.Errorf("second pending invitation: err = %v, want ErrAlreadyInvited", err)
	}
	if _, err := st.CreateInvitation(ctx, org.ID, store.NewInvitation{Email: "owner@example.com", Role: "member",
		Nonce: []byte("x"), TokenHash: store.HashToken("tok-3"), SentAt: now, ExpiresAt: now.Add(time.Hour)}); !errors.Is(err, store.ErrAlreadyMember) {
		t.Errorf("inviting a member: err = %v, want ErrAlreadyMember", err)
	}
	// The same email may be invited by another organization.
	invite(t, st, other.ID, owner.ID, "new@example.com", "tok-other", now.Add(time.Hour))

	// The other tenant cannot list or revoke org's invitations.
	if invs, err := st.FindPendingInvitations(ctx, other.ID); err != nil || len(invs) != 1 || invs[0].OrgID != other.ID {
		t.Errorf("other org's pending = %+v, %v", invs, err)
	}
	v, err := st.FindInvitationByToken(ctx, store.HashToken("tok-1"))
	if err != nil || v.OrgSlug != org.Slug || v.Email != "new@example.com" {
		t.Fatalf("FindInvitationByToken = %+v, %v", v, err)
	}
	if err := st.RevokeInvitation(ctx, other.ID, v.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("cross-tenant revoke: err = %v, want ErrNotFound", err)
	}
	if _, err := st.FindInvitationByToken(ctx, store.HashToken("nope")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown token: err = %v", err)
	}

	u, got, err := st.AcceptInvitation(ctx, store.HashToken("tok-1"), 0, &store.NewUser{Email: "new@example.com", Name: "New", PasswordHash: "h"}, now)
	if err != nil || got.OrgID != org.ID {
		t.Fatalf("AcceptInvitation = %+v, %v", got, err)
	}
	if m, err := st.FindMember(ctx, org.ID, u.ID); err != nil || m.Role != store.RoleMember {
		t.Errorf("membership after accept = %+v, %v", m, err)
	}
	// Single use.
	if _, _, err := st.AcceptInvitation(ctx, store.HashToken("tok-1"), u.ID, nil, now); !errors.Is(err, store.ErrInvitationUsed) {
		t.Errorf("second accept: err = %v, want ErrInvitationUsed", err)
	}
	// Expired and revoked invitations create nothing.
	invite(t, st, org.ID, owner.ID, "late@example.com", "tok-late", now.Add(-time.Minute))
	if _, _, err := st.AcceptInvitation(ctx, store.HashToken("tok-late"), 0, &store.NewUser{Email: "late@example.com", Name: "L", PasswordHash: "h"}, now); !errors.Is(err, store.ErrInvitationExpired) {
		t.Errorf("expired accept: err = %v", err)
	}
	if taken, _ := st.EmailTaken(ctx, "late@example.com"); taken {
		t.Error("an expired invitation created an account")
	}
	rev := invite(t, st, org.ID, owner.ID, "rev@example.com", "tok-rev", now.Add(time.Hour))
	if err := st.RevokeInvitation(ctx, org.ID, rev.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.AcceptInvitation(ctx, store.HashToken("tok-rev"), owner.ID, nil, now); !errors.Is(err, store.ErrInvitationRevoked) {
		t.Errorf("revoked accept: err = %v", err)
	}
	// An expired pending invitation does not block a new one.
	invite(t, st, org.ID, owner.ID, "late@example.com", "tok-late-2", now.Add(time.Hour))
}

func TestLastOwnerIsProtected(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	owner, org := signUp(t, st, "owner@example.com", "Acme")
	if err := st.UpdateMemberRole(ctx, org.ID, owner.ID, owner.ID, store.RoleAdmin, rekey); !errors.Is(err, store.ErrLastOwner) {
		t.Errorf("demote last owner: err = %v", err)
	}
	if err := st.RemoveMember(ctx, org.ID, owner.ID, owner.ID, rekey); !errors.Is(err, store.ErrLastOwner) {
		t.Errorf("remove last owner: err = %v", err)
	}
	invite(t, st, org.ID, owner.ID, "b@example.com", "tok-b", time.Now().Add(time.Hour))
	b, _, err := st.AcceptInvitation(ctx, store.HashToken("tok-b"), 0, &store.NewUser{Email: "b@example.com", Name: "B", PasswordHash: "h"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateMemberRole(ctx, org.ID, owner.ID, b.ID, store.RoleOwner, rekey); err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateMemberRole(ctx, org.ID, b.ID, owner.ID, store.RoleMember, rekey); err != nil {
		t.Errorf("demote one of two owners: %v", err)
	}
	if err := st.RemoveMember(ctx, org.ID, b.ID, b.ID, rekey); !errors.Is(err, store.ErrLastOwner) {
		t.Errorf("remove the remaining owner: err = %v", err)
	}
	if err := st.RemoveMember(ctx, org.ID, b.ID, owner.ID, rekey); err != nil {
		t.Errorf("remove a member: %v", err)
	}
	members, err := st.FindMembers(ctx, org.ID)
	if err != nil || len(members) != 1 || members[0].UserID != b.ID {
		t.Errorf("members = %+v, %v", members, err)
	}
}

func TestAPITokens(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	now := time.Now()
	ua, a := signUp(t, st, "a@example.com", "A")
	ub, b := signUp(t, st, "b@example.com", "B")
	ta, err := st.CreateAPIToken(ctx, a.ID, ua.ID, store.NewAPIToken{Name: "ci", Hash: store.HashToken("hw_a"), ExpiresAt: nil})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateAPIToken(ctx, b.ID, ub.ID, store.NewAPIToken{Name: "ci", Hash: store.HashToken("hw_b"), ExpiresAt: nil}); err != nil {
		t.Fatal(err)
	}
	got, err := st.AuthenticateAPIToken(ctx, store.HashToken("hw_a"), now)
	if err != nil || got.OrgID != a.ID || got.ID != ta.ID {
		t.Fatalf("Authenticate = %+v, %v", got, err)
	}
	toks, err := st.FindAPITokens(ctx, a.ID)
	if err != nil || len(toks) != 1 || toks[0].LastUsedAt == nil {
		t.Errorf("tokens after use = %+v, %v", toks, err)
	}
	if err := st.RevokeAPIToken(ctx, b.ID, ta.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("cross-tenant revoke: err = %v, want ErrNotFound", err)
	}
	if err := st.RevokeAPIToken(ctx, a.ID, ta.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AuthenticateAPIToken(ctx, store.HashToken("hw_a"), now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("revoked token: err = %v", err)
	}
	past := now.Add(-time.Second)
	if _, err := st.CreateAPIToken(ctx, a.ID, ua.ID, store.NewAPIToken{Name: "old", Hash: store.HashToken("hw_old"), ExpiresAt: &past}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AuthenticateAPIToken(ctx, store.HashToken("hw_old"), now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("expired token: err = %v", err)
	}
}

func TestPasswordReset(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	now := time.Now()
	u, _ := signUp(t, st, "a@example.com", "A")
	if err := st.CreatePasswordReset(ctx, u.ID, store.HashToken("r1"), now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := st.CreatePasswordReset(ctx, u.ID, store.HashToken("r2"), now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, err := st.FindPasswordReset(ctx, store.HashToken("r1"), now); err != nil || got.ID != u.ID {
		t.Fatalf("FindPasswordReset = %+v, %v", got, err)
	}
	if _, err := st.FindPasswordReset(ctx, store.HashToken("r1"), now.Add(2*time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("expired reset: err = %v", err)
	}
	got, err := st.ResetPassword(ctx, store.HashToken("r1"), "newhash", now)
	if err != nil || got.PasswordHash != "newhash" || got.SessionEpoch != u.SessionEpoch+1 {
		t.Fatalf("ResetPassword = %+v, %v", got, err)
	}
	for _, tok := range []string{"r1", "r2"} { // used, and every other token of the user invalidated
		if _, err := st.ResetPassword(ctx, store.HashToken(tok), "again", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("reuse %s: err = %v", tok, err)
		}
	}
}

func TestDeleteOrgRemovesTenantData(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	ua, a := signUp(t, st, "a@example.com", "A")
	_, b := signUp(t, st, "b@example.com", "B")
	invite(t, st, a.ID, ua.ID, "x@example.com", "tok-x", time.Now().Add(time.Hour))
	if _, err := st.CreateAPIToken(ctx, a.ID, ua.ID, store.NewAPIToken{Name: "ci", Hash: store.HashToken("hw_x"), ExpiresAt: nil}); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteOrg(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	su := db.Superuser(t)
	for _, table := range []string{"memberships", "invitations", "api_tokens"} {
		var n int
		if err := su.QueryRow(ctx, `SELECT count(*) FROM `+table+` WHERE org_id = $1`, a.ID).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s rows left for the deleted org: %d (err %v)", table, n, err)
		}
	}
	if _, _, err := st.FindOrg(ctx, b.ID, time.Now()); err != nil {
		t.Errorf("the other org is gone too: %v", err)
	}
	if _, err := st.FindUserByID(ctx, ua.ID); err != nil {
		t.Errorf("the user account must survive its organization: %v", err)
	}
}

func join(t *testing.T, st *store.Store, orgID, by int64, email, role string) store.User {
	t.Helper()
	ctx := context.Background()
	token := "tok-" + email
	if _, err := st.CreateInvitation(ctx, orgID, store.NewInvitation{Email: email, Role: store.RoleMember, Nonce: []byte(token),
		TokenHash: store.HashToken(token), InvitedBy: by, SentAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	u, _, err := st.AcceptInvitation(ctx, store.HashToken(token), 0, &store.NewUser{Email: email, Name: email, PasswordHash: "h"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if role != store.RoleMember {
		if err := st.UpdateMemberRole(ctx, orgID, by, u.ID, role, rekey); err != nil {
			t.Fatal(err)
		}
	}
	return u
}

// The store decides who may change a role with the roles as they are under
// the organization's lock: an admin never demotes or removes an owner, even
// while an owner is promoting that member at the same moment.
func TestRoleRulesUnderConcurrency(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	owner, org := signUp(t, st, "owner@example.com", "Acme")
	admin := join(t, st, org.ID, owner.ID, "admin@example.com", store.RoleAdmin)
	member := join(t, st, org.ID, owner.ID, "member@example.com", store.RoleMember)

	if err := st.UpdateMemberRole(ctx, org.ID, admin.ID, member.ID, store.RoleOwner, rekey); !errors.Is(err, store.ErrForbidden) {
		t.Errorf("admin grants owner: err = %v, want ErrForbidden", err)
	}
	if err := st.RemoveMember(ctx, org.ID, admin.ID, owner.ID, rekey); !errors.Is(err, store.ErrForbidden) {
		t.Errorf("admin removes owner: err = %v, want ErrForbidden", err)
	}
	if err := st.RemoveMember(ctx, org.ID, member.ID, admin.ID, rekey); !errors.Is(err, store.ErrForbidden) {
		t.Errorf("member removes admin: err = %v, want ErrForbidden", err)
	}

	for i := 0; i < 25; i++ {
		if err := st.UpdateMemberRole(ctx, org.ID, owner.ID, member.ID, store.RoleMember, rekey); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var promote, demote error
		wg.Add(2)
		go func() {
			defer wg.Done()
			promote = st.UpdateMemberRole(ctx, org.ID, owner.ID, member.ID, store.RoleOwner, rekey)
		}()
		go func() {
			defer wg.Done()
			demote = st.UpdateMemberRole(ctx, org.ID, admin.ID, member.ID, store.RoleAdmin, rekey)
		}()
		wg.Wait()
		m, err := st.FindMember(ctx, org.ID, member.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Either order is fine; an admin overruling a fresh owner is not.
		if promote != nil || (demote != nil && !errors.Is(demote, store.ErrForbidden)) || (demote == nil && m.Role != store.RoleOwner) {
			t.Fatalf("race %d: promote %v, admin demote %v, final role %s", i, promote, demote, m.Role)
		}
	}
}
