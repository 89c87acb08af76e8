package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"time"

	"github.com/jackc/pgx/v5"
)

// ShareLink is a read-only link of the organization's roadmap for someone
// without an account. Only the SHA-256 of its token is kept (HashToken),
// with the token's last four characters to tell links apart.
type ShareLink struct {
	OrgID      int64      `db:"org_id"`
	ID         int64      `db:"id"`
	Name       string     `db:"name"`
	Hint       string     `db:"hint"`
	CreatedBy  *int64     `db:"created_by"`
	CreatedAt  time.Time  `db:"created_at"`
	ExpiresAt  time.Time  `db:"expires_at"`
	RevokedAt  *time.Time `db:"revoked_at"`
	LastUsedAt *time.Time `db:"last_used_at"`
}

const shareLinkColumns = `org_id, id, name, hint, created_by, created_at, expires_at, revoked_at, last_used_at`

// Live reports whether the link still opens the roadmap at now.
func (l ShareLink) Live(now time.Time) bool { return l.RevokedAt == nil && now.Before(l.ExpiresAt) }

// NewShareToken is a share link's secret: 256 bits from crypto/rand,
// base64url (43 characters).
func NewShareToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand panics instead)
	return base64.RawURLEncoding.EncodeToString(b)
}

// CreateShareLink stores a new link of the organization, expiring at
// expires, and returns it with its token: the only time the token exists
// outside the visitor's address bar.
func (s *Store) CreateShareLink(ctx context.Context, orgID, userID int64, name string, createdAt, expires time.Time) (ShareLink, string, error) {
	token := NewShareToken()
	var l ShareLink
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `INSERT INTO share_links (org_id, name, hint, token_hash, created_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING `+shareLinkColumns,
			orgID, name, token[len(token)-4:], HashToken(token), userID, createdAt, expires)
		var err error
		l, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[ShareLink])
		return mapErr(err)
	})
	if err != nil {
		return ShareLink{}, "", err
	}
	return l, token, nil
}

// ShareLinkListed is a link as the settings page lists it, with the name of
// the member who created it ("" once they are gone).
type ShareLinkListed struct {
	ShareLink
	CreatedByName string `db:"created_by_name"`
}

// FindShareLinks lists every link of the organization, live, expired and
// revoked, newest first.
func (s *Store) FindShareLinks(ctx context.Context, orgID int64) ([]ShareLinkListed, error) {
	return tenantAll[ShareLinkListed](ctx, s, orgID, `SELECT `+prefixed("l.", shareLinkColumns)+`,
			coalesce((SELECT u.name FROM memberships m JOIN users u ON u.id = m.user_id
				WHERE m.org_id = l.org_id AND m.user_id = l.created_by), '') AS created_by_name
		FROM share_links l WHERE l.org_id = $1
		ORDER BY l.created_at DESC, l.id DESC`, orgID)
}

// FindShareLink loads one link of the organization.
func (s *Store) FindShareLink(ctx context.Context, orgID, id int64) (ShareLink, error) {
	return tenantOne[ShareLink](ctx, s, orgID, `SELECT `+shareLinkColumns+` FROM share_links WHERE org_id = $1 AND id = $2`, orgID, id)
}

// RevokeShareLink revokes a link of the organization at now. Revoking a
// revoked link keeps its first revocation and succeeds (ErrNotFound only
// when the organization has no such link).
func (s *Store) RevokeShareLink(ctx context.Context, orgID, id int64, now time.Time) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE share_links SET revoked_at = coalesce(revoked_at, $3) WHERE org_id = $1 AND id = $2`, orgID, id, now)
		if err == nil && tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return err
	})
}

// SharedLink is a live link as its anonymous visitor meets it: the link
// and the name of the organization that shares it.
type SharedLink struct {
	ShareLink
	OrgName string `db:"org_name"`
	// OrgIsSample: the sample organization's link, labelled as such.
	OrgIsSample bool `db:"org_is_sample"`
}

// OpenShareLink finds the live link (not revoked, not expired at now) with
// this hash and records its use, in one round trip; ErrNotFound for an
// unknown, revoked or expired link alike. Its checks are those of
// AuthenticateAPIToken. The roadmap is read next, as the link's
// organization (FindRoadmapSnapshot): its statements take the
// organization's id, which this trip is the one to learn, so they cannot
// join it; and reading them second means a dead link reads nothing else.
func (s *Store) OpenShareLink(ctx context.Context, hash []byte, now time.Time) (SharedLink, error) {
	var l SharedLink
	err := s.readByToken(ctx, "share_links", hash, func(q *reads) {
		// At most once a minute, like API tokens: a page reload is not news.
		writeIn(q, `UPDATE share_links SET last_used_at = $2 WHERE token_hash = $1
			AND revoked_at IS NULL AND expires_at > $2
			AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute')`, hash, now)
		readOne(q, &l, `SELECT `+prefixed("l.", shareLinkColumns)+`, o.name AS org_name, o.is_sample AS org_is_sample
			FROM share_links l JOIN organizations o ON o.id = l.org_id
			WHERE l.token_hash = $1 AND l.revoked_at IS NULL AND l.expires_at > $2`, hash, now)
	})
	return l, err
}
