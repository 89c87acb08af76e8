package store

import (
	"context"
	"crypto/hmac"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/roadmap"
)

// Invitation to join an organization. The token itself is not stored.
type Invitation struct {
	OrgID      int64      `db:"org_id"`
	ID         int64      `db:"id"`
	Email      string     `db:"email"`
	Role       string     `db:"role"`
	JobRoleKey string     `db:"job_role"`  // a key of roadmap.JobRoles, or ""
	JobTitle   string     `db:"job_title"` // a custom title when there is no key
	Nonce      []byte     `db:"nonce"`
	InvitedBy  *int64     `db:"invited_by"`
	SentAt     time.Time  `db:"sent_at"`
	ExpiresAt  time.Time  `db:"expires_at"`
	AcceptedAt *time.Time `db:"accepted_at"`
	RevokedAt  *time.Time `db:"revoked_at"`
	// RotatedAt is when the link was last replaced because a manager left,
	// was removed or was demoted (nil once it is resent): the emailed link no
	// longer works.
	RotatedAt *time.Time `db:"rotated_at"`
	// CodeExpiresAt is when the outstanding address code expires (nil: none),
	// CodeAttempts the wrong tries made on it.
	CodeExpiresAt *time.Time `db:"code_expires_at"`
	CodeAttempts  int        `db:"code_attempts"`
}

// JobRole is the job role the invitee will have.
func (inv Invitation) JobRole() roadmap.JobRoleChoice {
	return roadmap.JobRoleChoice{Key: inv.JobRoleKey, Custom: inv.JobTitle}
}

const invitationColumns = `org_id, id, email, role, coalesce(job_role, '') AS job_role, job_title, nonce, invited_by, sent_at, expires_at, accepted_at, revoked_at,
	rotated_at, code_expires_at, code_attempts`

// NewInvitation is what an admin submits, with the token material the web
// layer derived.
type NewInvitation struct {
	Email     string
	Role      string
	JobRole   roadmap.JobRoleChoice
	Nonce     []byte
	TokenHash []byte
	InvitedBy int64
	SentAt    time.Time // the request's clock, also deciding what has expired
	ExpiresAt time.Time
}

// CreateInvitation records a pending invitation. It fails with
// ErrAlreadyMember or ErrAlreadyInvited when the email is a member or has a
// pending invitation (an expired pending one is replaced).
func (s *Store) CreateInvitation(ctx context.Context, orgID int64, in NewInvitation) (Invitation, error) {
	var inv Invitation
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		var err error
		inv, err = insertInvitation(ctx, tx, orgID, in)
		return err
	})
	return inv, err
}

// insertInvitation is CreateInvitation's work inside tx (CreateInvitations
// runs it for several emails in one transaction).
func insertInvitation(ctx context.Context, tx pgx.Tx, orgID int64, in NewInvitation) (Invitation, error) {
	var member bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.org_id = $1 AND u.email = $2)`, orgID, in.Email).Scan(&member); err != nil {
		return Invitation{}, err
	}
	if member {
		return Invitation{}, ErrAlreadyMember
	}
	// An expired invitation no longer blocks a new one.
	if _, err := tx.Exec(ctx, `UPDATE invitations SET revoked_at = $3 WHERE org_id = $1 AND email = $2
		AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at <= $3`, orgID, in.Email, in.SentAt); err != nil {
		return Invitation{}, err
	}
	rows, _ := tx.Query(ctx, `INSERT INTO invitations (org_id, email, role, job_role, job_title, nonce, token_hash, invited_by, sent_at, expires_at)
		VALUES ($1, $2, $3, NULLIF($4, ''), $5, $6, $7, $8, $9, $10) RETURNING `+invitationColumns,
		orgID, in.Email, in.Role, in.JobRole.Key, in.JobRole.Custom, in.Nonce, in.TokenHash, in.InvitedBy, in.SentAt, in.ExpiresAt)
	inv, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Invitation])
	if isUniqueViolation(err, "invitations_pending_email") {
		return Invitation{}, ErrAlreadyInvited
	}
	return inv, mapErr(err)
}

// FindPendingInvitations lists invitations neither accepted nor revoked
// (expired ones included, so an admin can resend them), newest first.
func (s *Store) FindPendingInvitations(ctx context.Context, orgID int64) ([]Invitation, error) {
	return tenantAll[Invitation](ctx, s, orgID, findPendingInvitations, orgID)
}

const findPendingInvitations = `SELECT ` + invitationColumns + ` FROM invitations
	WHERE org_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL ORDER BY sent_at DESC, id DESC`

// FindPendingInvitation loads one pending invitation (ErrNotFound when it
// was accepted, revoked or never existed).
func (s *Store) FindPendingInvitation(ctx context.Context, orgID, id int64) (Invitation, error) {
	return tenantOne[Invitation](ctx, s, orgID, `SELECT `+invitationColumns+` FROM invitations
		WHERE org_id = $1 AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL`, orgID, id)
}

// RenewInvitation gives a pending invitation a new token and expiry (resend);
// the old link stops working, and so does any outstanding address code.
func (s *Store) RenewInvitation(ctx context.Context, orgID, id int64, nonce, hash []byte, now, expires time.Time) (Invitation, error) {
	var inv Invitation
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `UPDATE invitations SET nonce = $3, token_hash = $4, expires_at = $5, sent_at = $6,
			rotated_at = NULL, code_hash = NULL, code_expires_at = NULL, code_attempts = 0
			WHERE org_id = $1 AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL RETURNING `+invitationColumns,
			orgID, id, nonce, hash, expires, now)
		var err error
		inv, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Invitation])
		return mapErr(err)
	})
	return inv, err
}

// RevokeInvitation cancels a pending invitation.
func (s *Store) RevokeInvitation(ctx context.Context, orgID, id int64) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE invitations SET revoked_at = now()
			WHERE org_id = $1 AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL`, orgID, id)
		if err == nil && tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return err
	})
}

// InvitationView is an invitation found by its token, with its organization.
type InvitationView struct {
	Invitation
	OrgSlug string `db:"org_slug"`
	OrgName string `db:"org_name"`
	// InvitedByName is who sent it ("" once they are gone; not read when
	// accepting).
	InvitedByName string `db:"invited_by_name"`
}

// FindInvitationByToken resolves a token hash; it returns the invitation
// whatever its state, so the caller can say why it cannot be used
// (see InvitationView.Usable).
func (s *Store) FindInvitationByToken(ctx context.Context, hash []byte) (InvitationView, error) {
	var v InvitationView
	err := s.readByToken(ctx, "invitations", hash, func(q *reads) {
		readOne(q, &v, `SELECT `+invitationColumns+`,
			(SELECT slug FROM organizations WHERE id = org_id) AS org_slug,
			(SELECT name FROM organizations WHERE id = org_id) AS org_name,
			coalesce((SELECT name FROM users WHERE id = invited_by), '') AS invited_by_name
			FROM invitations WHERE token_hash = $1`, hash)
	})
	return v, err
}

// invitationByHash finds the invitation of a token hash and locks it, acting
// from then on as its tenant.
func invitationByHash(ctx context.Context, tx pgx.Tx, hash []byte) (InvitationView, error) {
	q := `SELECT ` + invitationColumns + ` FROM invitations WHERE token_hash = $1`
	rows, _ := tx.Query(ctx, q, hash)
	inv, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Invitation])
	if err != nil {
		return InvitationView{}, mapErr(err)
	}
	// From here on, act as that tenant: read its name and lock the row
	// (FOR UPDATE needs the tenant policy, not just the token one).
	if err := enterTenant(ctx, tx, inv.OrgID); err != nil {
		return InvitationView{}, err
	}
	rows, _ = tx.Query(ctx, q+` AND org_id = $2 FOR UPDATE`, hash, inv.OrgID)
	if inv, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Invitation]); err != nil {
		return InvitationView{}, mapErr(err)
	}
	v := InvitationView{Invitation: inv}
	err = tx.QueryRow(ctx, `SELECT slug, name FROM organizations WHERE id = $1`, inv.OrgID).Scan(&v.OrgSlug, &v.OrgName)
	return v, mapErr(err)
}

// Usable says why an invitation cannot be accepted at now, or nil.
func (inv Invitation) Usable(now time.Time) error {
	switch {
	case inv.AcceptedAt != nil:
		return ErrInvitationUsed
	case inv.RevokedAt != nil:
		return ErrInvitationRevoked
	case !now.Before(inv.ExpiresAt):
		return ErrInvitationExpired
	}
	return nil
}

// AcceptInvitation makes a user a member through the invitation, in one
// transaction: a new account is created first when newUser is not nil,
// otherwise userID joins. The invitation is used up.
func (s *Store) AcceptInvitation(ctx context.Context, hash []byte, userID int64, newUser *NewUser, now time.Time) (User, InvitationView, error) {
	var u User
	var v InvitationView
	err := s.byTokenHash(ctx, hash, func(tx pgx.Tx) error {
		var err error
		if v, err = invitationByHash(ctx, tx, hash); err != nil {
			return err
		}
		if err := v.Usable(now); err != nil {
			return err
		}
		if newUser != nil {
			rows, _ := tx.Query(ctx, `INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3)
				RETURNING `+userColumns, newUser.Email, newUser.Name, newUser.PasswordHash)
			if u, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[User]); err != nil {
				return mapErr(err)
			}
		} else {
			rows, _ := tx.Query(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, userID)
			if u, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[User]); err != nil {
				return mapErr(err)
			}
		}
		tag, err := tx.Exec(ctx, `INSERT INTO memberships (org_id, user_id, role, job_role, job_title) VALUES ($1, $2, $3, NULLIF($4, ''), $5)
			ON CONFLICT DO NOTHING`, v.OrgID, u.ID, v.Role, v.JobRoleKey, v.JobTitle)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrAlreadyMember
		}
		if _, err = tx.Exec(ctx, `UPDATE invitations SET accepted_at = $3, accepted_by = $4 WHERE org_id = $1 AND id = $2`,
			v.OrgID, v.ID, now, u.ID); err != nil {
			return err
		}
		// A new account is the actor of its own acceptance.
		if ev, ok := ctx.Value(auditKey{}).(AuditEvent); ok && ev.ActorUserID == nil {
			ev.ActorUserID = &u.ID
			ctx = WithAudit(ctx, ev)
		}
		return recordAudit(ctx, tx, v.OrgID)
	})
	return u, v, err
}

// Rekey derives fresh link material for an invitation: a random nonce and
// the hash of the token derived from it (the web layer holds the key).
type Rekey func() (nonce, tokenHash []byte)

// rotateInvitationLinks gives every pending invitation of orgID a new link
// (rekey), in tx: the previous links, emailed or copied from the team page,
// stop working, and so do outstanding address codes. It runs in the
// transaction of a membership change that takes a manager's access away,
// since every manager could read the links on the team page.
func rotateInvitationLinks(ctx context.Context, tx pgx.Tx, orgID int64, rekey Rekey) error {
	rows, _ := tx.Query(ctx, `SELECT id FROM invitations WHERE org_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL
		ORDER BY id FOR UPDATE`, orgID)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(ids) == 0 {
		return err
	}
	nonces, hashes := make([][]byte, len(ids)), make([][]byte, len(ids))
	for i := range ids {
		nonces[i], hashes[i] = rekey()
	}
	_, err = tx.Exec(ctx, `UPDATE invitations i SET nonce = v.nonce, token_hash = v.hash, rotated_at = now(),
			code_hash = NULL, code_expires_at = NULL, code_attempts = 0
		FROM unnest($2::bigint[], $3::bytea[], $4::bytea[]) AS v (id, nonce, hash)
		WHERE i.org_id = $1 AND i.id = v.id`, orgID, ids, nonces, hashes)
	if err != nil {
		return err
	}
	return recordAuditAlso(ctx, tx, orgID, "invitation.rotated", strconv.Itoa(len(ids))+" pending invitation link(s) replaced")
}

// MaxCodeAttempts is how many wrong tries an address code allows; then a new
// code must be requested.
const MaxCodeAttempts = 5

// SetInvitationCode records a new address code (its HMAC) for the usable
// invitation of a token hash, replacing any earlier code and its count of
// wrong tries. It fails like AcceptInvitation when the invitation cannot be
// used.
func (s *Store) SetInvitationCode(ctx context.Context, hash, codeHash []byte, now, expires time.Time) error {
	return s.byTokenHash(ctx, hash, func(tx pgx.Tx) error {
		v, err := invitationByHash(ctx, tx, hash)
		if err != nil {
			return err
		}
		if err := v.Usable(now); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE invitations SET code_hash = $3, code_expires_at = $4, code_attempts = 0
			WHERE org_id = $1 AND id = $2`, v.OrgID, v.ID, codeHash, expires)
		return err
	})
}

// CodeCheck is the outcome of checking an address code.
type CodeCheck int

const (
	// CodeAccepted: the code was right; it is used up.
	CodeAccepted CodeCheck = iota
	// CodeWrong: the code was wrong; Remaining tries are left.
	CodeWrong
	// CodeSpent: there is no usable code (none requested, expired, or its
	// tries used up): a new one must be requested.
	CodeSpent
)

// CheckInvitationCode compares codeHash with the outstanding code of the
// usable invitation of a token hash, under a lock on its row. A wrong code
// counts a try (committed); the last allowed wrong try discards the code. It
// returns the outcome and the tries left.
func (s *Store) CheckInvitationCode(ctx context.Context, hash, codeHash []byte, now time.Time) (CodeCheck, int, error) {
	res, left := CodeSpent, 0
	err := s.byTokenHash(ctx, hash, func(tx pgx.Tx) error {
		v, err := invitationByHash(ctx, tx, hash)
		if err != nil {
			return err
		}
		if err := v.Usable(now); err != nil {
			return err
		}
		var stored []byte
		if err := tx.QueryRow(ctx, `SELECT code_hash FROM invitations WHERE org_id = $1 AND id = $2`, v.OrgID, v.ID).Scan(&stored); err != nil {
			return err
		}
		if stored == nil || v.CodeExpiresAt == nil || !now.Before(*v.CodeExpiresAt) || v.CodeAttempts >= MaxCodeAttempts {
			return nil
		}
		if hmac.Equal(stored, codeHash) {
			res = CodeAccepted
			_, err = tx.Exec(ctx, `UPDATE invitations SET code_hash = NULL, code_expires_at = NULL, code_attempts = 0
				WHERE org_id = $1 AND id = $2`, v.OrgID, v.ID)
			return err
		}
		res, left = CodeWrong, MaxCodeAttempts-v.CodeAttempts-1
		_, err = tx.Exec(ctx, `UPDATE invitations SET code_attempts = code_attempts + 1,
				code_hash = CASE WHEN code_attempts + 1 >= $3 THEN NULL ELSE code_hash END,
				code_expires_at = CASE WHEN code_attempts + 1 >= $3 THEN NULL ELSE code_expires_at END
			WHERE org_id = $1 AND id = $2`, v.OrgID, v.ID, MaxCodeAttempts)
		return err
	})
	return res, left, err
}
