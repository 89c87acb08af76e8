package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/roadmap"
)

// Member is a membership with the user's name and email.
type Member struct {
	UserID     int64     `db:"user_id"`
	Name       string    `db:"name"`
	Email      string    `db:"email"`
	Role       string    `db:"role"`
	JobRoleKey string    `db:"job_role"`  // a key of roadmap.JobRoles, or ""
	JobTitle   string    `db:"job_title"` // a custom title when there is no key
	JoinedAt   time.Time `db:"created_at"`
}

// JobRole is the member's job role as the domain reads it.
func (m Member) JobRole() roadmap.JobRoleChoice {
	return roadmap.JobRoleChoice{Key: m.JobRoleKey, Custom: m.JobTitle}
}

const memberColumns = `m.user_id, u.name, u.email, m.role, coalesce(m.job_role, '') AS job_role, m.job_title, m.created_at`

// FindMembers lists the organization's members: owners, admins, then members, by name.
func (s *Store) FindMembers(ctx context.Context, orgID int64) ([]Member, error) {
	return tenantAll[Member](ctx, s, orgID, findMembers, orgID)
}

const findMembers = `SELECT ` + memberColumns + ` FROM memberships m JOIN users u ON u.id = m.user_id
	WHERE m.org_id = $1 ORDER BY array_position(ARRAY['owner','admin','member'], m.role), lower(u.name), u.id`

// Team is what the team page shows: the members and, for managers, the
// pending invitations.
type Team struct {
	Members     []Member
	Invitations []Invitation
}

// FindTeam reads the members and, withInvitations, the pending invitations
// in one round trip.
func (s *Store) FindTeam(ctx context.Context, orgID int64, withInvitations bool) (Team, error) {
	var t Team
	err := s.readTenant(ctx, orgID, func(q *reads) {
		readAll(q, &t.Members, findMembers, orgID)
		if withInvitations {
			readAll(q, &t.Invitations, findPendingInvitations, orgID)
		}
	})
	return t, err
}

// FindMember loads one member of the organization.
func (s *Store) FindMember(ctx context.Context, orgID, userID int64) (Member, error) {
	return tenantOne[Member](ctx, s, orgID, `SELECT `+memberColumns+`
		FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 AND m.user_id = $2`, orgID, userID)
}

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
// owner cannot be demoted. Demoting a manager (owner or admin) to member
// rotates every pending invitation's link in the same transaction (rekey):
// the links they could read on the team page stop working.
func (s *Store) UpdateMemberRole(ctx context.Context, orgID, actorID, targetID int64, role string, rekey Rekey) error {
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
		if _, err = tx.Exec(ctx, `UPDATE memberships SET role = $3 WHERE org_id = $1 AND user_id = $2`, orgID, targetID, role); err != nil {
			return err
		}
		if isManager(current) && !isManager(role) {
			return managerGone(ctx, tx, orgID, targetID, rekey)
		}
		return nil
	})
}

// UpdateMemberJobRole sets the member's job role (for the skills matrix).
func (s *Store) UpdateMemberJobRole(ctx context.Context, orgID, userID int64, jobRole roadmap.JobRoleChoice) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE memberships SET job_role = NULLIF($3, ''), job_title = $4 WHERE org_id = $1 AND user_id = $2`,
			orgID, userID, jobRole.Key, jobRole.Custom)
		if err == nil && tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return err
	})
}

// RemoveMember has actorID end targetID's membership: leaving (actor is the
// target) or a removal by an owner or admin; only owners remove owners, and
// never the last one. A manager (owner or admin) leaving or removed rotates
// every pending invitation's link in the same transaction (rekey).
func (s *Store) RemoveMember(ctx context.Context, orgID, actorID, targetID int64, rekey Rekey) error {
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
		if _, err = tx.Exec(ctx, `DELETE FROM memberships WHERE org_id = $1 AND user_id = $2`, orgID, targetID); err != nil {
			return err
		}
		if isManager(target) {
			return managerGone(ctx, tx, orgID, targetID, rekey)
		}
		return nil
	})
}

// isManager: owners and admins see the team page's invitation links.
func isManager(role string) bool { return role == RoleOwner || role == RoleAdmin }

// managerGone takes away what a manager who left, was removed or demoted
// could still use, in the transaction of that change: every pending
// invitation link (all managers could read them) and the API tokens they
// created (each one a way back in). Both are audited.
func managerGone(ctx context.Context, tx pgx.Tx, orgID, userID int64, rekey Rekey) error {
	if err := rotateInvitationLinks(ctx, tx, orgID, rekey); err != nil {
		return err
	}
	rows, _ := tx.Query(ctx, `UPDATE api_tokens SET revoked_at = now()
		WHERE org_id = $1 AND created_by = $2 AND revoked_at IS NULL RETURNING name || ' (…' || hint || ')'`, orgID, userID)
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, n := range names {
		if err := recordAuditAlso(ctx, tx, orgID, "token.revoked", "token "+n+": its creator is no longer a manager"); err != nil {
			return err
		}
	}
	return nil
}
