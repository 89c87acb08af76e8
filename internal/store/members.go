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

// lockOwners locks the organization's owner rows and counts them, so that two
// concurrent demotions cannot both pass the last-owner check.
func lockOwners(ctx context.Context, tx pgx.Tx, orgID int64) (int, error) {
	rows, _ := tx.Query(ctx, `SELECT user_id FROM memberships WHERE org_id = $1 AND role = 'owner' FOR UPDATE`, orgID)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return len(ids), err
}

// UpdateMemberRole changes a member's role; the last owner cannot be demoted.
func (s *Store) UpdateMemberRole(ctx context.Context, orgID, userID int64, role string) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		owners, err := lockOwners(ctx, tx, orgID)
		if err != nil {
			return err
		}
		var current string
		if err := tx.QueryRow(ctx, `SELECT role FROM memberships WHERE org_id = $1 AND user_id = $2 FOR UPDATE`, orgID, userID).Scan(&current); err != nil {
			return mapErr(err)
		}
		if current == RoleOwner && role != RoleOwner && owners <= 1 {
			return ErrLastOwner
		}
		_, err = tx.Exec(ctx, `UPDATE memberships SET role = $3 WHERE org_id = $1 AND user_id = $2`, orgID, userID, role)
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

// RemoveMember ends a membership (removal or leaving); never the last owner.
func (s *Store) RemoveMember(ctx context.Context, orgID, userID int64) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		owners, err := lockOwners(ctx, tx, orgID)
		if err != nil {
			return err
		}
		var role string
		if err := tx.QueryRow(ctx, `SELECT role FROM memberships WHERE org_id = $1 AND user_id = $2 FOR UPDATE`, orgID, userID).Scan(&role); err != nil {
			return mapErr(err)
		}
		if role == RoleOwner && owners <= 1 {
			return ErrLastOwner
		}
		_, err = tx.Exec(ctx, `DELETE FROM memberships WHERE org_id = $1 AND user_id = $2`, orgID, userID)
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
