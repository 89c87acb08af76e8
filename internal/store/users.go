package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/roadmap"
)

// User is a global identity; organizations are joined through memberships.
type User struct {
	ID           int64     `db:"id"`
	Email        string    `db:"email"`
	Name         string    `db:"name"`
	PasswordHash string    `db:"password_hash"`
	SessionEpoch int       `db:"session_epoch"`
	CreatedAt    time.Time `db:"created_at"`
}

// NewUser is what signup stores.
type NewUser struct {
	Email        string // normalized (roadmap.NormalizeEmail); the store normalizes again
	Name         string
	PasswordHash string
}

const userColumns = `id, email, name, password_hash, session_epoch, created_at`

// FindUserByEmail looks a user up by email (login), normalized first
// (roadmap.NormalizeEmail) so every spelling of one address finds one account.
func (s *Store) FindUserByEmail(ctx context.Context, email string) (User, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, roadmap.NormalizeEmail(email))
	u, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[User])
	return u, mapErr(err)
}

// FindUserByID loads the user of a session.
func (s *Store) FindUserByID(ctx context.Context, id int64) (User, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id)
	u, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[User])
	return u, mapErr(err)
}

// EmailTaken reports whether an account uses email (normalized first).
func (s *Store) EmailTaken(ctx context.Context, email string) (bool, error) {
	var taken bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE email = $1)`, roadmap.NormalizeEmail(email)).Scan(&taken)
	return taken, err
}

// SignUp creates the user, the organization and the owner membership in one
// transaction. A taken email returns ErrConflict and saves nothing.
func (s *Store) SignUp(ctx context.Context, nu NewUser, orgName string) (User, Org, error) {
	var u User
	var o Org
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3)
			RETURNING `+userColumns, roadmap.NormalizeEmail(nu.Email), nu.Name, nu.PasswordHash)
		var err error
		if u, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[User]); err != nil {
			return mapErr(err)
		}
		o, err = createOrg(ctx, tx, u.ID, orgName)
		return err
	})
	return u, o, err
}
