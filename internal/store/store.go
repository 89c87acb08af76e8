// Package store owns the SQL. Tenant data is reached only through a tenant
// transaction (see tenant.go): every statement of a tenant request runs in a
// transaction that sets app.org_id, which the row-level security policies read.
package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Store is the database access of the application.
type Store struct {
	pool *pgxpool.Pool
}

// New wraps an open pool.
func New(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Pool exposes the pool to the session store and health checks.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.pool.Ping(ctx) }

// CheckRole refuses a connection role that would defeat row-level security:
// a superuser or a role with BYPASSRLS.
func (s *Store) CheckRole(ctx context.Context) error {
	var name string
	var super, bypass bool
	err := s.pool.QueryRow(ctx,
		`SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`).
		Scan(&name, &super, &bypass)
	if err != nil {
		return fmt.Errorf("check database role: %w", err)
	}
	if super || bypass {
		return fmt.Errorf("refusing to serve as database role %q: it is a superuser or has BYPASSRLS, which defeats tenant isolation; "+
			"connect DATABASE_URL as an unprivileged role (member of headway_app) and give the owner to MIGRATION_DATABASE_URL", name)
	}
	return nil
}
