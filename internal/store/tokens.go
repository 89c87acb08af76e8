package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/jackc/pgx/v5"
)

// HashToken is how every secret token is stored and looked up.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// byTokenHash runs fn in a transaction that may read the one invitation or
// API token whose hash matches (the *_by_token policies): the narrow
// cross-tenant path for secrets presented by visitors and API clients.
func (s *Store) byTokenHash(ctx context.Context, hash []byte, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT set_config('app.token_hash', $1, true)`, hex.EncodeToString(hash)); err != nil {
			return err
		}
		return fn(tx)
	})
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
}

const apiTokenColumns = `org_id, id, name, created_by, created_at, last_used_at, expires_at, revoked_at`

// CreateAPIToken stores a new token by the hash of its secret.
func (s *Store) CreateAPIToken(ctx context.Context, orgID, userID int64, name string, hash []byte, expires *time.Time) (APIToken, error) {
	var t APIToken
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `INSERT INTO api_tokens (org_id, name, token_hash, created_by, expires_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING `+apiTokenColumns, orgID, name, hash, userID, expires)
		var err error
		t, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[APIToken])
		return mapErr(err)
	})
	return t, err
}

// FindAPITokens lists the organization's tokens, active first, newest first.
func (s *Store) FindAPITokens(ctx context.Context, orgID int64) ([]APIToken, error) {
	var out []APIToken
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT `+apiTokenColumns+` FROM api_tokens WHERE org_id = $1
			ORDER BY revoked_at IS NOT NULL, created_at DESC, id DESC`, orgID)
		var err error
		out, err = pgx.CollectRows(rows, pgx.RowToStructByName[APIToken])
		return err
	})
	return out, err
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
// use, and returns it (ErrNotFound for unknown, revoked or expired tokens).
func (s *Store) AuthenticateAPIToken(ctx context.Context, hash []byte, now time.Time) (APIToken, error) {
	var t APIToken
	err := s.byTokenHash(ctx, hash, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT `+apiTokenColumns+` FROM api_tokens
			WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`, hash, now)
		var err error
		if t, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[APIToken]); err != nil {
			return mapErr(err)
		}
		// Recording the use is a tenant write; at most once a minute per token.
		if err := setLocal(ctx, tx, "app.org_id", t.OrgID); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE api_tokens SET last_used_at = $3 WHERE org_id = $1 AND id = $2
			AND (last_used_at IS NULL OR last_used_at < $3::timestamptz - interval '1 minute')`, t.OrgID, t.ID, now)
		return err
	})
	return t, err
}
