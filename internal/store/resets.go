package store

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// CreatePasswordReset stores a reset token hash for the user.
func (s *Store) CreatePasswordReset(ctx context.Context, userID int64, hash []byte, expires time.Time) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)`,
		hash, userID, expires)
	return err
}

// FindPasswordReset returns the user of a usable reset token (ErrNotFound
// for unknown, used or expired tokens).
func (s *Store) FindPasswordReset(ctx context.Context, hash []byte, now time.Time) (User, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+prefixed("u.", userColumns)+` FROM password_resets r JOIN users u ON u.id = r.user_id
		WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2`, hash, now)
	u, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[User])
	return u, mapErr(err)
}

// ResetPassword uses the token once: it sets the new password hash, bumps
// the session epoch (ending every session of the user) and invalidates all
// the user's reset tokens, in one transaction.
func (s *Store) ResetPassword(ctx context.Context, hash []byte, passwordHash string, now time.Time) (User, error) {
	var u User
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var userID int64
		err := tx.QueryRow(ctx, `UPDATE password_resets SET used_at = $2
			WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id`, hash, now).Scan(&userID)
		if err != nil {
			return mapErr(err)
		}
		if _, err := tx.Exec(ctx, `UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, userID, now); err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `UPDATE users SET password_hash = $2, session_epoch = session_epoch + 1, updated_at = $3
			WHERE id = $1 RETURNING `+userColumns, userID, passwordHash, now)
		u, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[User])
		return mapErr(err)
	})
	return u, err
}

// prefixed qualifies each column of a column list with a table alias.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = alias + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}
