package store

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/roadmap"
)

// The account area: a user's own name, email, password, sessions and the
// account itself. Every read and write here acts as the user (app.user_id):
// user_sessions and email_changes are visible to their user only.

// Session is one signed-in browser of a user, as the account page lists it.
// Hash is the SHA-256 of the session token as the sessions table keys it
// (never the token).
type Session struct {
	Hash       string    `db:"session_hash"`
	CreatedAt  time.Time `db:"created_at"`
	LastSeenAt time.Time `db:"last_seen_at"`
	UserAgent  string    `db:"user_agent"`
	ClientIP   string    `db:"client_ip"`
}

// SessionSeen is a request of a signed-in session: which one (its hash and
// the session epoch it carries), when, and from what.
type SessionSeen struct {
	Hash      string
	Epoch     int
	At        time.Time
	UserAgent string
	ClientIP  string
}

// SessionSeenEvery is how often a session's last-seen time (and client IP)
// is written: at most once per this period, so that requests do not write.
const SessionSeenEvery = 5 * time.Minute

// MaxUserAgent is how much of a User-Agent header is kept.
const MaxUserAgent = 512

func (v SessionSeen) agent() string {
	ua := strings.Map(func(r rune) rune {
		if roadmap.IsControl(r) || r == '\n' || r == '\r' || r == '\t' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(v.UserAgent, ""))
	if len(ua) > MaxUserAgent {
		ua = strings.ToValidUTF8(ua[:MaxUserAgent], "") // a rune cut in two goes
	}
	return ua
}

func (v SessionSeen) ip() string { return truncate(v.ClientIP, 64) }

// insertSession records a session unless it is already recorded; only for a
// session whose epoch is the user's current one (an ended session is not
// brought back).
const insertSession = `INSERT INTO user_sessions (user_id, session_hash, epoch, created_at, last_seen_at, user_agent, client_ip)
	SELECT $1, $2, $3, $4, $4, $5, $6
	WHERE EXISTS (SELECT 1 FROM users WHERE id = $1 AND session_epoch = $3)
	  AND NOT EXISTS (SELECT 1 FROM user_sessions WHERE user_id = $1 AND session_hash = $2)
	ON CONFLICT DO NOTHING`

// RecordSession notes a session that has just begun (a login, a signup, an
// invitation joined), and forgets the user's sessions that have ended
// (logged out, expired, or older than the last password change), in one
// round trip.
func (s *Store) RecordSession(ctx context.Context, userID int64, v SessionSeen) error {
	return s.readAsUser(ctx, userID, func(q *reads) {
		writeIn(q, `DELETE FROM user_sessions us WHERE us.user_id = $1 AND us.session_hash <> $2
			AND (us.epoch <> (SELECT session_epoch FROM users WHERE id = $1)
			     OR NOT EXISTS (SELECT 1 FROM sessions s WHERE s.token = us.session_hash AND s.expiry > now()))`, userID, v.Hash)
		writeIn(q, insertSession, userID, v.Hash, v.Epoch, v.At, v.agent(), v.ip())
	})
}

// FindSessionUser loads a session's user and their organizations in one
// round trip, as FindUserWithOrgs, and notes the request: a session not yet
// recorded (one that began before sessions were listed) is recorded, and
// its last-seen time is written when it is older than SessionSeenEvery.
// Neither statement writes anything on most requests.
func (s *Store) FindSessionUser(ctx context.Context, userID int64, v SessionSeen) (User, []OrgMembership, error) {
	var u User
	var orgs []OrgMembership
	err := s.readAsUser(ctx, userID, func(q *reads) {
		readOne(q, &u, `SELECT `+userColumns+` FROM users WHERE id = $1`, userID)
		readAll(q, &orgs, orgsForUser, userID)
		writeIn(q, insertSession, userID, v.Hash, v.Epoch, v.At, v.agent(), v.ip())
		writeIn(q, `UPDATE user_sessions SET last_seen_at = $3, client_ip = $4
			WHERE user_id = $1 AND session_hash = $2 AND last_seen_at < $5`,
			userID, v.Hash, v.At, v.ip(), v.At.Add(-SessionSeenEvery))
	})
	return u, orgs, err
}

// MoveSession follows a session whose token was renewed (the session goes
// on under a new token): its row moves to the new hash, with epoch.
func (s *Store) MoveSession(ctx context.Context, userID int64, oldHash, newHash string, epoch int) error {
	return s.readAsUser(ctx, userID, func(q *reads) {
		writeIn(q, `UPDATE user_sessions SET session_hash = $3, epoch = $4 WHERE user_id = $1 AND session_hash = $2`,
			userID, oldHash, newHash, epoch)
	})
}

// EmailChange is a pending change of a user's email, waiting for the link
// sent to the new address.
type EmailChange struct {
	NewEmail  string    `db:"new_email"`
	CreatedAt time.Time `db:"created_at"`
	ExpiresAt time.Time `db:"expires_at"`
}

// Account is what the account page shows besides the user: the live
// sessions (most recently seen first) and the pending email change, if any.
type Account struct {
	Sessions     []Session
	PendingEmail *EmailChange
	Events       []UserEvent // the account's 20 latest security events
}

// FindAccount reads the account page's data in one round trip. A session is
// live while its scs row has not expired and it began at the user's
// current epoch (a password change or "log out everywhere else" ends the
// older ones).
func (s *Store) FindAccount(ctx context.Context, userID int64, now time.Time) (Account, error) {
	var a Account
	var pending []EmailChange
	err := s.readAsUser(ctx, userID, func(q *reads) {
		readAll(q, &a.Sessions, `SELECT us.session_hash, us.created_at, us.last_seen_at, us.user_agent, us.client_ip
			FROM user_sessions us JOIN users u ON u.id = us.user_id AND u.session_epoch = us.epoch
			WHERE us.user_id = $1 AND EXISTS (SELECT 1 FROM sessions s WHERE s.token = us.session_hash AND s.expiry > now())
			ORDER BY us.last_seen_at DESC, us.created_at DESC`, userID)
		readAll(q, &pending, `SELECT new_email, created_at, expires_at FROM email_changes
			WHERE user_id = $1 AND used_at IS NULL AND expires_at > $2 ORDER BY created_at DESC LIMIT 1`, userID, now)
		readAll(q, &a.Events, `SELECT user_id, id, at, action, detail, client_ip, request_id FROM user_events
			WHERE user_id = $1 ORDER BY id DESC LIMIT 20`, userID)
	})
	if len(pending) > 0 {
		a.PendingEmail = &pending[0]
	}
	return a, err
}

// RenameUser changes the user's name.
func (s *Store) RenameUser(ctx context.Context, userID int64, name string, now time.Time) error {
	return s.readAsUser(ctx, userID, func(q *reads) {
		writeIn(q, `UPDATE users SET name = $2, updated_at = $3 WHERE id = $1`, userID, name, now)
	})
}

// CreateEmailChange stores a pending change to newEmail under the hash of
// its link's token; an earlier pending change of the user is withdrawn (one
// link works at a time).
func (s *Store) CreateEmailChange(ctx context.Context, userID int64, newEmail string, hash []byte, now, expires time.Time) error {
	return s.readAsUser(ctx, userID, func(q *reads) {
		writeIn(q, `UPDATE email_changes SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, userID, now)
		writeIn(q, `INSERT INTO email_changes (user_id, token_hash, new_email, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
			userID, hash, roadmap.NormalizeEmail(newEmail), now, expires)
	})
}

// FindEmailChange returns the user's usable pending change with this hash
// (ErrNotFound for an unknown, used, expired or someone else's link).
func (s *Store) FindEmailChange(ctx context.Context, userID int64, hash []byte, now time.Time) (EmailChange, error) {
	var c EmailChange
	err := s.readAsUser(ctx, userID, func(q *reads) {
		readOne(q, &c, `SELECT new_email, created_at, expires_at FROM email_changes
			WHERE user_id = $1 AND token_hash = $2 AND used_at IS NULL AND expires_at > $3`, userID, hash, now)
	})
	return c, err
}

// ConfirmEmailChange uses the link once: the user's email becomes the new
// address, every other pending change and every unused password-reset link
// (sent to the old address) stops working, in one transaction. It returns
// the old and new addresses; ErrNotFound for a link that cannot be used,
// ErrConflict when the address was taken meanwhile (nothing changes).
func (s *Store) ConfirmEmailChange(ctx context.Context, userID int64, hash []byte, now time.Time) (oldEmail, newEmail string, err error) {
	err = s.asUser(ctx, userID, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `UPDATE email_changes SET used_at = $3
			WHERE user_id = $1 AND token_hash = $2 AND used_at IS NULL AND expires_at > $3 RETURNING new_email`,
			userID, hash, now).Scan(&newEmail)
		if err != nil {
			return mapErr(err)
		}
		if err := tx.QueryRow(ctx, `SELECT email FROM users WHERE id = $1 FOR UPDATE`, userID).Scan(&oldEmail); err != nil {
			return mapErr(err)
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET email = $2, updated_at = $3 WHERE id = $1`, userID, newEmail, now); err != nil {
			return mapErr(err)
		}
		if _, err := tx.Exec(ctx, `UPDATE email_changes SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, userID, now); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, userID, now)
		return err
	})
	return oldEmail, newEmail, err
}

// ChangePassword sets a new password hash and ends every other session of
// the user (see EndOtherSessions), in one transaction; unused reset links
// stop working too.
func (s *Store) ChangePassword(ctx context.Context, userID int64, passwordHash, keepHash string, now time.Time) (User, error) {
	return s.bumpEpoch(ctx, userID, &passwordHash, keepHash, now)
}

// EndOtherSessions ends every session of the user but keepHash's: the
// session epoch moves on, so loadUser refuses the others, and their rows
// are forgotten; the kept row carries the new epoch, which the caller puts
// in the session (with a renewed token, see MoveSession). It returns the
// user with the new epoch.
func (s *Store) EndOtherSessions(ctx context.Context, userID int64, keepHash string, now time.Time) (User, error) {
	return s.bumpEpoch(ctx, userID, nil, keepHash, now)
}

func (s *Store) bumpEpoch(ctx context.Context, userID int64, passwordHash *string, keepHash string, now time.Time) (User, error) {
	var u User
	err := s.asUser(ctx, userID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `UPDATE users SET password_hash = coalesce($2, password_hash), session_epoch = session_epoch + 1, updated_at = $3
			WHERE id = $1 RETURNING `+userColumns, userID, passwordHash, now)
		var err error
		if u, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[User]); err != nil {
			return mapErr(err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM user_sessions WHERE user_id = $1 AND session_hash <> $2`, userID, keepHash); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE user_sessions SET epoch = $3 WHERE user_id = $1 AND session_hash = $2`, userID, keepHash, u.SessionEpoch); err != nil {
			return err
		}
		if passwordHash == nil {
			return nil
		}
		_, err = tx.Exec(ctx, `UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, userID, now)
		return err
	})
	return u, err
}

// SoleOwnerError refuses to delete an account that is the last owner of
// organizations (each named, so the person knows what to do first). It is
// ErrLastOwner for errors.Is.
type SoleOwnerError struct{ Orgs []OrgMembership }

func (e *SoleOwnerError) Error() string {
	return "store: last owner of " + strconv.Itoa(len(e.Orgs)) + " organization(s)"
}
func (e *SoleOwnerError) Unwrap() error { return ErrLastOwner }

// SoleOwnerships lists the organizations among orgs (the user's
// memberships, as loadUser read them) whose only owner is the user, in one
// round trip however many there are.
func (s *Store) SoleOwnerships(ctx context.Context, orgs []OrgMembership) ([]OrgMembership, error) {
	var owned []int64
	for _, o := range orgs {
		if o.Role == RoleOwner && !o.IsSample { // a sample goes with its user
			owned = append(owned, o.ID)
		}
	}
	counts := make(map[int64]*int, len(owned))
	err := s.readTenants(ctx, owned, func(q *reads, orgID int64) {
		n := new(int)
		counts[orgID] = n
		q.b.Queue(`SELECT count(*) FROM memberships WHERE org_id = $1 AND role = 'owner'`, orgID).QueryRow(func(row pgx.Row) error {
			return row.Scan(n)
		})
	})
	if err != nil {
		return nil, err
	}
	var sole []OrgMembership
	for _, o := range orgs {
		if n, ok := counts[o.ID]; ok && *n <= 1 {
			sole = append(sole, o)
		}
	}
	return sole, nil
}

// DeleteAccount deletes the user and, by cascade, their memberships,
// sessions, email changes and own log, in one transaction: refused with a
// *SoleOwnerError while they are the last owner of an organization
// (checked under each organization's lock, like every membership change).
// In each organization they belonged to, the audit event ctx carries is
// recorded, and a manager's departure rotates the pending invitations'
// links (rekey), as when a manager leaves. It returns the organizations
// they left.
func (s *Store) DeleteAccount(ctx context.Context, userID int64, rekey Rekey) ([]OrgMembership, error) {
	var orgs []OrgMembership
	err := s.asUser(ctx, userID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, orgsForUser, userID)
		var err error
		if orgs, err = pgx.CollectRows(rows, pgx.RowToStructByName[OrgMembership]); err != nil {
			return err
		}
		var sole []OrgMembership
		for _, o := range orgs {
			if err := enterTenant(ctx, tx, o.ID); err != nil {
				return err
			}
			var owners int
			if err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM memberships WHERE org_id = o.id AND role = 'owner')
				FROM organizations o WHERE o.id = $1 FOR UPDATE`, o.ID).Scan(&owners); err != nil {
				return mapErr(err)
			}
			// A sample organization goes with its user
			// (organizations.sample_owner_id cascades).
			if o.Role == RoleOwner && owners <= 1 && !o.IsSample {
				sole = append(sole, o)
			}
		}
		if len(sole) > 0 {
			return &SoleOwnerError{Orgs: sole}
		}
		for _, o := range orgs {
			if err := enterTenant(ctx, tx, o.ID); err != nil {
				return err
			}
			// The entry names the role held in this organization.
			if ev, ok := ctx.Value(auditKey{}).(AuditEvent); ok {
				ev.Target += " (" + o.Role + ")"
				if err := recordAudit(WithAudit(ctx, ev), tx, o.ID); err != nil {
					return err
				}
			}
			if isManager(o.Role) {
				if err := managerGone(ctx, tx, o.ID, userID, rekey); err != nil {
					return err
				}
			}
		}
		tag, err := tx.Exec(ctx, `DELETE FROM users WHERE id = $1`, userID)
		if err == nil && tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return err
	})
	var soleErr *SoleOwnerError
	if errors.As(err, &soleErr) {
		return nil, err
	}
	return orgs, err
}

// SessionIDLength is how much of a session's hash names it on the account
// page: enough to tell the sessions apart, never the whole key.
const SessionIDLength = 16

// EndSession ends one of the user's sessions, named by the start of its
// hash (ErrNotFound when the user has no such session).
func (s *Store) EndSession(ctx context.Context, userID int64, id string) (Session, error) {
	var ended Session
	err := s.asUser(ctx, userID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `DELETE FROM user_sessions WHERE user_id = $1 AND left(session_hash, $3) = $2
			RETURNING session_hash, created_at, last_seen_at, user_agent, client_ip`, userID, id, SessionIDLength)
		var err error
		if ended, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Session]); err != nil {
			return mapErr(err)
		}
		_, err = tx.Exec(ctx, `DELETE FROM sessions WHERE token = $1`, ended.Hash)
		return err
	})
	return ended, err
}
