package store

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// The store's error vocabulary. Callers test with errors.Is; the web layer
// maps each to a status in one table (internal/http/errors.go). The messages
// are for logs, never shown to people.
var (
	// ErrNotFound: no such row in this organization (or not visible to it).
	ErrNotFound = errors.New("store: not found")
	// ErrConflict: a unique constraint refused the write (wrapped with the
	// constraint's name).
	ErrConflict = errors.New("store: conflict")
	// ErrForbidden: the acting member's role does not allow the change, as
	// checked inside the transaction against roles as they are at commit.
	ErrForbidden = errors.New("store: forbidden")
	// ErrStale: an update carried a version the row has moved on from
	// (someone else saved in between); nothing was changed.
	ErrStale = errors.New("store: stale version")
	// ErrLastOwner protects an organization from losing its last owner.
	ErrLastOwner = errors.New("store: last owner")

	// ErrAlreadyMember: the email or user already belongs to the organization.
	ErrAlreadyMember = errors.New("store: already a member")
	// ErrAlreadyInvited: the email has a pending invitation.
	ErrAlreadyInvited = errors.New("store: already invited")
	// ErrInvitationUsed, ErrInvitationRevoked and ErrInvitationExpired say
	// why an invitation can no longer be accepted.
	ErrInvitationUsed    = errors.New("store: invitation already used")
	ErrInvitationRevoked = errors.New("store: invitation revoked")
	ErrInvitationExpired = errors.New("store: invitation expired")
)

// mapErr turns driver errors into the store's vocabulary.
func mapErr(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return fmt.Errorf("%w: %s", ErrConflict, pgErr.ConstraintName)
	}
	return err
}

// isUniqueViolation reports a unique violation on the named constraint.
func isUniqueViolation(err error, constraint string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == constraint
}

// ErrImportExpired: a pending CSV import (imports.go) waited past its
// expiry; nothing was applied, the file must be uploaded again.
var ErrImportExpired = errors.New("store: import expired")
