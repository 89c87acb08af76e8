package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// AuditEvent is one entry of an organization's audit log: who did what to
// what, from where. Target names the object in words ("Max Member
// <max@example.com>", "token ci"); it never holds a secret.
type AuditEvent struct {
	OrgID        int64     `db:"org_id"`
	ID           int64     `db:"id"`
	At           time.Time `db:"at"`
	ActorUserID  *int64    `db:"actor_user_id"`
	ActorTokenID *int64    `db:"actor_token_id"`
	Actor        string    `db:"actor"`
	Action       string    `db:"action"`
	Target       string    `db:"target"`
	ClientIP     string    `db:"client_ip"`
	RequestID    string    `db:"request_id"`
}

const auditColumns = `org_id, id, at, actor_user_id, actor_token_id, actor, action, target, client_ip, request_id`

type auditKey struct{}

// WithAudit returns ctx carrying ev: the next tenant write made with it
// (inTenant, an organization's creation, an invitation's acceptance) records
// ev in its own transaction, so the change and its entry commit together or
// not at all. The organization is the write's.
func WithAudit(ctx context.Context, ev AuditEvent) context.Context {
	return context.WithValue(ctx, auditKey{}, ev)
}

// recordAudit inserts the event ctx carries, if any, as orgID, inside tx.
func recordAudit(ctx context.Context, tx pgx.Tx, orgID int64) error {
	ev, ok := ctx.Value(auditKey{}).(AuditEvent)
	if !ok {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO audit_events (org_id, at, actor_user_id, actor_token_id, actor, action, target, client_ip, request_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		orgID, ev.At, ev.ActorUserID, ev.ActorTokenID, ev.Actor, ev.Action, ev.Target, ev.ClientIP, ev.RequestID)
	return err
}

// recordAuditAlso records a second entry of the same request (same actor,
// client and request id) for what the change did besides: rotated links.
func recordAuditAlso(ctx context.Context, tx pgx.Tx, orgID int64, action, target string) error {
	ev, ok := ctx.Value(auditKey{}).(AuditEvent)
	if !ok {
		return nil
	}
	ev.Action, ev.Target = action, target
	return recordAudit(WithAudit(ctx, ev), tx, orgID)
}

// AuditFilter narrows and pages the audit log.
type AuditFilter struct {
	Action   string // "" for every action
	BeforeID int64  // 0 for the newest; else entries older than this id
	Limit    int
}

// FindAuditEvents lists entries newest first, Limit at most.
func (s *Store) FindAuditEvents(ctx context.Context, orgID int64, f AuditFilter) ([]AuditEvent, error) {
	return tenantAll[AuditEvent](ctx, s, orgID, `SELECT `+auditColumns+` FROM audit_events
		WHERE org_id = $1 AND ($2 = '' OR action = $2) AND ($3 = 0 OR id < $3)
		ORDER BY id DESC LIMIT $4`, orgID, f.Action, f.BeforeID, f.Limit)
}

// UserEvent is a security event of one user's account.
type UserEvent struct {
	UserID    int64     `db:"user_id"`
	ID        int64     `db:"id"`
	At        time.Time `db:"at"`
	Action    string    `db:"action"`
	Detail    string    `db:"detail"`
	ClientIP  string    `db:"client_ip"`
	RequestID string    `db:"request_id"`
}

// RecordUserEvent appends an event to the user's own log (a login, a failed
// login, a reset, an organization deleted…), in one round trip.
func (s *Store) RecordUserEvent(ctx context.Context, ev UserEvent) error {
	return s.readAsUser(ctx, ev.UserID, func(q *reads) {
		// For a user that does not exist (id 0) the same statement inserts
		// nothing at the same cost.
		writeIn(q, `INSERT INTO user_events (user_id, at, action, detail, client_ip, request_id)
			SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM users WHERE id = $1)`,
			ev.UserID, ev.At, ev.Action, ev.Detail, ev.ClientIP, ev.RequestID)
	})
}

// FindUserEvents lists the user's events, newest first.
func (s *Store) FindUserEvents(ctx context.Context, userID int64, limit int) ([]UserEvent, error) {
	var out []UserEvent
	err := s.readAsUser(ctx, userID, func(q *reads) {
		readAll(q, &out, `SELECT user_id, id, at, action, detail, client_ip, request_id FROM user_events
			WHERE user_id = $1 ORDER BY id DESC LIMIT $2`, userID, limit)
	})
	return out, err
}

// RecordInOrgs appends ev to the audit log of each of orgIDs, in one round
// trip: for a change of a person that every organization they belong to
// should know about (their email).
func (s *Store) RecordInOrgs(ctx context.Context, orgIDs []int64, ev AuditEvent) error {
	return s.readTenants(ctx, orgIDs, func(q *reads, orgID int64) {
		writeIn(q, `INSERT INTO audit_events (org_id, at, actor_user_id, actor, action, target, client_ip, request_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, orgID, ev.At, ev.ActorUserID, ev.Actor, ev.Action, ev.Target, ev.ClientIP, ev.RequestID)
	})
}
