package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// ErrLastOwner protects an organization from losing its last owner.
var ErrLastOwner = errors.New("last owner")

// Member is a membership with the user's name and email.
type Member struct {
	UserID   int64     `db:"user_id"`
	Name     string    `db:"name"`
	Email    string    `db:"email"`
	Role     string    `db:"role"`
	JobRole  string    `db:"job_role"`
	JoinedAt time.Time `db:"created_at"`
}

// FindMembers lists the organization's members: owners, admins, then members, by name.
func (s *Store) FindMembers(ctx context.Context, orgID int64) ([]Member, error) {
	var out []Member
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT m.user_id, u.name, u.email, m.role, m.job_role, m.created_at
			FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1
			ORDER BY array_position(ARRAY['owner','admin','member'], m.role), lower(u.name), u.id`, orgID)
		var err error
		out, err = pgx.CollectRows(rows, pgx.RowToStructByName[Member])
		return err
	})
	return out, err
}

// FindMember loads one member of the organization.
func (s *Store) FindMember(ctx context.Context, orgID, userID int64) (Member, error) {
	var m Member
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT m.user_id, u.name, u.email, m.role, m.job_role, m.created_at
			FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 AND m.user_id = $2`, orgID, userID)
		var err error
		m, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Member])
		return mapErr(err)
	})
	return m, err
}

// ErrForbidden means the acting member's role does not allow the change
// (checked inside the transaction, against roles as they are at commit).
var ErrForbidden = errors.New("forbidden")

// membershipChange serializes the membership changes of one organization
// (a lock on its row) and returns the acting member's and the target's
// current roles, and how many owners there are. Checking these under the
// lock is what keeps concurrent promotions, demotions and removals from
// combining into something no single request was allowed to do.
func membershipChange(ctx context.Context, tx pgx.Tx, orgID, actorID, targetID int64) (actor, target string, owners int, err error) {
	if _, err = tx.Exec(ctx, `SELECT 1 FROM organizations WHERE id = $1 FOR UPDATE`, orgID); err != nil {
		return
	}
	var found, actorFound bool
	rows, _ := tx.Query(ctx, `SELECT user_id, role FROM memberships WHERE org_id = $1 AND (role = 'owner' OR user_id IN ($2, $3))`,
		orgID, actorID, targetID)
	var id int64
	var role string
	_, err = pgx.ForEachRow(rows, []any{&id, &role}, func() error {
		if role == RoleOwner {
			owners++
		}
		if id == actorID {
			actor, actorFound = role, true
		}
		if id == targetID {
			target, found = role, true
		}
		return nil
	})
	switch {
	case err != nil:
	case !actorFound:
		err = ErrForbidden // the actor left or was removed meanwhile
	case !found:
		err = ErrNotFound
	}
	return
}

// UpdateMemberRole has actorID change targetID's role. Owners and admins
// change roles, only owners grant or take away the owner role, and the last
// owner cannot be demoted.
func (s *Store) UpdateMemberRole(ctx context.Context, orgID, actorID, targetID int64, role string) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		actor, current, owners, err := membershipChange(ctx, tx, orgID, actorID, targetID)
		if err != nil {
			return err
		}
		switch {
		case current == role:
			return nil
		case actor != RoleOwner && actor != RoleAdmin:
			return ErrForbidden
		case (role == RoleOwner || current == RoleOwner) && actor != RoleOwner:
			return ErrForbidden
		case current == RoleOwner && owners <= 1:
			return ErrLastOwner
		}
		_, err = tx.Exec(ctx, `UPDATE memberships SET role = $3 WHERE org_id = $1 AND user_id = $2`, orgID, targetID, role)
		return err
	})
}

// UpdateMemberJobRole sets the member's job role (for the skills matrix).
func (s *Store) UpdateMemberJobRole(ctx context.Context, orgID, userID int64, jobRole string) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE memberships SET job_role = $3 WHERE org_id = $1 AND user_id = $2`, orgID, userID, jobRole)
		if err == nil && tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return err
	})
}

// RemoveMember has actorID end targetID's membership: leaving (actor is the
// target) or a removal by an owner or admin; only owners remove owners, and
// never the last one.
func (s *Store) RemoveMember(ctx context.Context, orgID, actorID, targetID int64) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		actor, target, owners, err := membershipChange(ctx, tx, orgID, actorID, targetID)
		if err != nil {
			return err
		}
		switch {
		case actorID != targetID && actor != RoleOwner && actor != RoleAdmin:
			return ErrForbidden
		case actorID != targetID && target == RoleOwner && actor != RoleOwner:
			return ErrForbidden
		case target == RoleOwner && owners <= 1:
			return ErrLastOwner
		}
		_, err = tx.Exec(ctx, `DELETE FROM memberships WHERE org_id = $1 AND user_id = $2`, orgID, targetID)
		return err
	})
}

// OrgCounts are figures the API reports about an organization.
type OrgCounts struct {
	Members            int `json:"members"`
	PendingInvitations int `json:"pending_invitations"`
	APITokens          int `json:"api_tokens"`
}

// FindOrg loads the organization with some counts (invitations pending at now).
func (s *Store) FindOrg(ctx context.Context, orgID int64, now time.Time) (Org, OrgCounts, error) {
	var o Org
	var c OrgCounts
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT id, slug, name, created_at FROM organizations WHERE id = $1`, orgID)
		var err error
		if o, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Org]); err != nil {
			return mapErr(err)
		}
		return tx.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM memberships WHERE org_id = $1),
			(SELECT count(*) FROM invitations WHERE org_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2),
			(SELECT count(*) FROM api_tokens WHERE org_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2))`, orgID, now).
			Scan(&c.Members, &c.PendingInvitations, &c.APITokens)
	})
	return o, c, err
}

// RenameOrg changes the organization's display name (the slug stays, so
// links keep working).
func (s *Store) RenameOrg(ctx context.Context, orgID int64, name string) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE organizations SET name = $2 WHERE id = $1`, orgID, name)
		return err
	})
}

// DeleteOrg deletes the organization and, by cascade, every row of that
// tenant, in one transaction.
func (s *Store) DeleteOrg(ctx context.Context, orgID int64) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM organizations WHERE id = $1`, orgID)
		if err == nil && tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return err
	})
}
