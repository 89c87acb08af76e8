package store

import (
	"context"
	"crypto/sha256"
	"time"

	"github.com/jackc/pgx/v5"
)

// HashToken is how every secret token is stored and looked up.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// APIToken is an organization's token for the JSON API (the secret is not kept).
type APIToken struct {
	OrgID      int64      `db:"org_id"`
	ID         int64      `db:"id"`
	Name       string     `db:"name"`
	CreatedBy  *int64     `db:"created_by"`
	CreatedAt  time.Time  `db:"created_at"`
	LastUsedAt *time.Time `db:"last_used_at"`
	ExpiresAt  *time.Time `db:"expires_at"`
	RevokedAt  *time.Time `db:"revoked_at"`
	Hint       string     `db:"hint"` // the secret's last four characters
}

const apiTokenColumns = `org_id, id, name, hint, created_by, created_at, last_used_at, expires_at, revoked_at`

// NewAPIToken is a token to store: the hash of its secret, never the secret.
type NewAPIToken struct {
	Name      string
	Hash      []byte
	Hint      string // the secret's last four characters
	ExpiresAt *time.Time
}

// CreateAPIToken stores a new token by the hash of its secret.
func (s *Store) CreateAPIToken(ctx context.Context, orgID, userID int64, nt NewAPIToken) (APIToken, error) {
	var t APIToken
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `INSERT INTO api_tokens (org_id, name, hint, token_hash, created_by, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING `+apiTokenColumns, orgID, nt.Name, nt.Hint, nt.Hash, userID, nt.ExpiresAt)
		var err error
		t, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[APIToken])
		return mapErr(err)
	})
	return t, err
}

// APITokenListed is a token as the settings page lists it, with the name of
// the member who created it ("" once they are gone).
type APITokenListed struct {
	APIToken
	CreatedByName string `db:"created_by_name"`
}

// FindAPITokens lists the organization's tokens, active first, newest first.
func (s *Store) FindAPITokens(ctx context.Context, orgID int64) ([]APITokenListed, error) {
	return tenantAll[APITokenListed](ctx, s, orgID, `SELECT `+prefixed("t.", apiTokenColumns)+`,
			coalesce((SELECT u.name FROM memberships m JOIN users u ON u.id = m.user_id
				WHERE m.org_id = t.org_id AND m.user_id = t.created_by), '') AS created_by_name
		FROM api_tokens t WHERE t.org_id = $1
		ORDER BY t.revoked_at IS NOT NULL, t.created_at DESC, t.id DESC`, orgID)
}

// FindAPIToken loads one token of the organization.
func (s *Store) FindAPIToken(ctx context.Context, orgID, id int64) (APIToken, error) {
	return tenantOne[APIToken](ctx, s, orgID, `SELECT `+apiTokenColumns+` FROM api_tokens WHERE org_id = $1 AND id = $2`, orgID, id)
}

// RevokeAPIToken revokes a token of the organization (ErrNotFound when it has
// no such active token).
func (s *Store) RevokeAPIToken(ctx context.Context, orgID, id int64) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = now() WHERE org_id = $1 AND id = $2 AND revoked_at IS NULL`, orgID, id)
		if err == nil && tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return err
	})
}

// AuthenticateAPIToken finds the active token with this hash, records its
// use (at most once a minute), and returns it (ErrNotFound for unknown,
// revoked or expired tokens), in one round trip.
func (s *Store) AuthenticateAPIToken(ctx context.Context, hash []byte, now time.Time) (APIToken, error) {
	var t APIToken
	// The request's client IP and id come with ctx's audit event (WithAudit).
	from, _ := ctx.Value(auditKey{}).(AuditEvent)
	err := s.readByToken(ctx, "api_tokens", hash, func(q *reads) {
		// The first use is audited, in the same batch as recording it.
		writeIn(q, `INSERT INTO audit_events (org_id, at, actor_token_id, actor, action, target, client_ip, request_id)
			SELECT org_id, $2, id, 'token ' || name, 'token.first_used', 'token ' || name || ' (…' || hint || ')', $3, $4 FROM api_tokens
			WHERE token_hash = $1 AND last_used_at IS NULL AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
			hash, now, from.ClientIP, from.RequestID)
		writeIn(q, `UPDATE api_tokens SET last_used_at = $2 WHERE token_hash = $1
			AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)
			AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute')`, hash, now)
		readOne(q, &t, `SELECT `+apiTokenColumns+` FROM api_tokens
			WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`, hash, now)
	})
	return t, err
}
