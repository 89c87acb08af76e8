package store

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"
)

// inTenant runs fn in a transaction scoped to one organization: app.org_id is
// set transaction-locally, so it never leaks to the next user of the pooled
// connection, and RLS shows fn only that organization's rows.
func (s *Store) inTenant(ctx context.Context, orgID int64, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := setLocal(ctx, tx, "app.org_id", orgID); err != nil {
			return err
		}
		return fn(tx)
	})
}

// asUser runs fn in a transaction that may read the user's own memberships
// (and their organizations) across tenants, through the app.user_id policies.
func (s *Store) asUser(ctx context.Context, userID int64, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := setLocal(ctx, tx, "app.user_id", userID); err != nil {
			return err
		}
		return fn(tx)
	})
}

func setLocal(ctx context.Context, tx pgx.Tx, key string, id int64) error {
	_, err := tx.Exec(ctx, `SELECT set_config($1, $2, true)`, key, strconv.FormatInt(id, 10))
	return err
}
