package store

import (
	"context"
	"encoding/hex"
	"strconv"

	"github.com/jackc/pgx/v5"
)

// The settings the row-level security policies read. They are set only in
// this file, and only transaction-locally (set_config(…, true)), so that a
// pooled connection never carries one tenant's setting into the next use.
const (
	gucOrgID     = "app.org_id"     // the tenant of every tenant policy
	gucUserID    = "app.user_id"    // a user's own memberships, across tenants
	gucTokenHash = "app.token_hash" // the one invitation or API token with this hash
)

// inTenant runs fn in a transaction scoped to one organization: app.org_id is
// set transaction-locally and RLS shows fn only that organization's rows.
// The audit event ctx carries (WithAudit) is recorded in the same
// transaction when fn succeeds.
// Use it for writes and for reads that must see their own writes; a plain
// read is shorter with tenantAll, tenantOne or readTenant.
func (s *Store) inTenant(ctx context.Context, orgID int64, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := enterTenant(ctx, tx, orgID); err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			return err
		}
		return recordAudit(ctx, tx, orgID)
	})
}

// byTokenHash runs fn in a transaction that may read the one invitation or
// API token whose hash matches (the *_by_token policies): the narrow
// cross-tenant path for secrets presented by visitors and API clients. Once
// fn knows the row's organization it acts as that tenant (enterTenant).
func (s *Store) byTokenHash(ctx context.Context, hash []byte, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := setLocal(ctx, tx, gucTokenHash, hex.EncodeToString(hash)); err != nil {
			return err
		}
		return fn(tx)
	})
}

// enterTenant makes the rest of tx act as orgID: inTenant's first step, and
// the switch a token or signup transaction makes once it knows its tenant.
func enterTenant(ctx context.Context, tx pgx.Tx, orgID int64) error {
	return setLocal(ctx, tx, gucOrgID, strconv.FormatInt(orgID, 10))
}

func setLocal(ctx context.Context, tx pgx.Tx, key, value string) error {
	_, err := tx.Exec(ctx, `SELECT set_config($1, $2, true)`, key, value)
	return err
}

// tenantAll reads rows of one organization into []T (columns matched to T's
// db tags) in one round trip.
func tenantAll[T any](ctx context.Context, s *Store, orgID int64, sql string, args ...any) ([]T, error) {
	var out []T
	err := s.readTenant(ctx, orgID, func(q *reads) { readAll(q, &out, sql, args...) })
	return out, err
}

// tenantOne reads exactly one row of one organization (ErrNotFound when
// there is none) in one round trip.
func tenantOne[T any](ctx context.Context, s *Store, orgID int64, sql string, args ...any) (T, error) {
	var out T
	err := s.readTenant(ctx, orgID, func(q *reads) { readOne(q, &out, sql, args...) })
	return out, err
}

// reads queues the reads of one request. A page that needs several
// aggregates queues them all and pays one database round trip: the batch
// runs as one implicit transaction, so the setting queued first covers every
// statement and ends with the batch.
type reads struct{ b pgx.Batch }

// readTenant sends the reads queue adds, as orgID, in one round trip.
func (s *Store) readTenant(ctx context.Context, orgID int64, queue func(*reads)) error {
	return s.readAs(ctx, gucOrgID, strconv.FormatInt(orgID, 10), queue)
}

// asUser runs fn in a transaction acting as userID (app.user_id): the
// user's own rows (sessions, email changes, events, memberships) across
// tenants. A transaction that then acts on an organization switches with
// enterTenant.
func (s *Store) asUser(ctx context.Context, userID int64, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := setLocal(ctx, tx, gucUserID, strconv.FormatInt(userID, 10)); err != nil {
			return err
		}
		return fn(tx)
	})
}

// readTenants sends, in one round trip, the reads queue adds for each of
// orgIDs, each after the setting that makes it that tenant (the batch's
// implicit transaction runs them in order and ends the last setting).
func (s *Store) readTenants(ctx context.Context, orgIDs []int64, queue func(q *reads, orgID int64)) error {
	if len(orgIDs) == 0 {
		return nil
	}
	q := &reads{}
	for _, id := range orgIDs {
		q.b.Queue(`SELECT set_config($1, $2, true)`, gucOrgID, strconv.FormatInt(id, 10))
		queue(q, id)
	}
	return s.pool.SendBatch(ctx, &q.b).Close()
}

// readAsUser sends the reads queue adds in one round trip, allowed to see
// userID's own memberships (and their organizations) across tenants,
// through the app.user_id policies.
func (s *Store) readAsUser(ctx context.Context, userID int64, queue func(*reads)) error {
	return s.readAs(ctx, gucUserID, strconv.FormatInt(userID, 10), queue)
}

func (s *Store) readAs(ctx context.Context, guc, value string, queue func(*reads)) error {
	q := &reads{}
	q.b.Queue(`SELECT set_config($1, $2, true)`, guc, value)
	queue(q)
	return s.pool.SendBatch(ctx, &q.b).Close()
}

// readByToken sends the reads queue adds in one round trip, as the tenant of
// the one row of table (invitations, api_tokens or share_links) whose token hash matches:
// app.token_hash admits that row (the *_by_token policies), and app.org_id
// is then set to its organization (” when there is none, which shows
// nothing). The batch's implicit transaction ends both.
func (s *Store) readByToken(ctx context.Context, table string, hash []byte, queue func(*reads)) error {
	switch table {
	case "invitations", "api_tokens", "share_links":
	default:
		panic("readByToken: no token policy on " + table)
	}
	q := &reads{}
	q.b.Queue(`SELECT set_config($1, $2, true)`, gucTokenHash, hex.EncodeToString(hash))
	q.b.Queue(`SELECT set_config($1, coalesce((SELECT org_id::text FROM `+table+` WHERE token_hash = $2), ''), true)`, gucOrgID, hash)
	queue(q)
	return s.pool.SendBatch(ctx, &q.b).Close()
}

// writeIn queues a statement without results (a small write that belongs
// with the reads, such as recording a token's use).
func writeIn(q *reads, sql string, args ...any) { q.b.Queue(sql, args...) }

// readAll queues a query whose rows fill *dst.
func readAll[T any](q *reads, dst *[]T, sql string, args ...any) {
	q.b.Queue(sql, args...).Query(func(rows pgx.Rows) error {
		v, err := pgx.CollectRows(rows, pgx.RowToStructByName[T])
		*dst = v
		return err
	})
}

// readOne queues a query of exactly one row into *dst (ErrNotFound if none).
func readOne[T any](q *reads, dst *T, sql string, args ...any) {
	q.b.Queue(sql, args...).Query(func(rows pgx.Rows) error {
		v, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[T])
		*dst = v
		return mapErr(err)
	})
}
