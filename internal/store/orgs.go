package store

import (
	"context"
	"crypto/rand"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"
	"golang.org/x/text/unicode/norm"

	"github.com/headwayhq/headway/internal/roadmap"
)

// Roles of a membership (defined by the domain).
const (
	RoleOwner  = roadmap.RoleOwner
	RoleAdmin  = roadmap.RoleAdmin
	RoleMember = roadmap.RoleMember
)

// Org is an organization: the tenant.
type Org struct {
	ID        int64     `db:"id"`
	Slug      string    `db:"slug"`
	Name      string    `db:"name"`
	CreatedAt time.Time `db:"created_at"`
}

// OrgMembership is an organization together with the user's role in it.
type OrgMembership struct {
	Org
	Role string `db:"role"`
	// IsSample marks the sample organization (fictional data, see
	// LoadSample), read with every request's memberships so that each page
	// labels it without another query.
	IsSample bool `db:"is_sample"`
}

// CreateOrg creates an organization owned by userID.
func (s *Store) CreateOrg(ctx context.Context, userID int64, name string) (Org, error) {
	var o Org
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) (err error) {
		o, err = createOrg(ctx, tx, userID, name)
		return err
	})
	return o, err
}

// createOrg picks a free slug, then inserts the organization and the owner
// membership as that tenant (the RLS policies check app.org_id on insert).
func createOrg(ctx context.Context, tx pgx.Tx, userID int64, name string) (Org, error) {
	var id int64
	if err := tx.QueryRow(ctx, `SELECT nextval(pg_get_serial_sequence('organizations', 'id'))`).Scan(&id); err != nil {
		return Org{}, err
	}
	if err := enterTenant(ctx, tx, id); err != nil {
		return Org{}, err
	}
	base := Slugify(name)
	for n := 1; ; n++ {
		slug := base
		if n > 1 {
			// acme-2 … acme-5 read well; past that, a random suffix finds a
			// free slug at once however popular the name is.
			suffix := "-" + strconv.Itoa(n)
			if n > 5 {
				suffix = "-" + randomSuffix()
			}
			slug = strings.TrimRight(truncate(base, 50-len(suffix)), "-") + suffix
		}
		// DO NOTHING needs no read access to the other tenant's row.
		rows, _ := tx.Query(ctx, `INSERT INTO organizations (id, slug, name) VALUES ($1, $2, $3)
			ON CONFLICT (slug) DO NOTHING RETURNING id, slug, name, created_at`, id, slug, name)
		o, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Org])
		if err == pgx.ErrNoRows {
			if n > 50 {
				return Org{}, fmt.Errorf("no free slug for %q", name)
			}
			continue
		}
		if err != nil {
			return Org{}, err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, 'owner')`, id, userID); err != nil {
			return Org{}, err
		}
		if err := seedSkills(ctx, tx, id); err != nil {
			return Org{}, err
		}
		if ev, ok := ctx.Value(auditKey{}).(AuditEvent); ok && ev.ActorUserID == nil {
			ev.ActorUserID = &userID // a signup's new account
			ctx = WithAudit(ctx, ev)
		}
		return o, recordAudit(ctx, tx, id)
	}
}

// randomSuffix is 6 random lower-case letters and digits.
func randomSuffix() string {
	return strings.ToLower(rand.Text()[:6])
}

// Slugify makes a URL-safe slug from an organization name: lower-case ASCII
// letters and digits separated by single dashes, at most 50 characters.
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(norm.NFKD.String(name)) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		case unicode.Is(unicode.Mn, r): // accents split off by NFKD
		default:
			dash = true
		}
	}
	s := strings.Trim(truncate(b.String(), 50), "-")
	if s == "" {
		return "org"
	}
	return s
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// OrgsForUser lists the organizations userID belongs to, by name.
func (s *Store) OrgsForUser(ctx context.Context, userID int64) ([]OrgMembership, error) {
	var out []OrgMembership
	err := s.readAsUser(ctx, userID, func(q *reads) { readAll(q, &out, orgsForUser, userID) })
	return out, err
}

const orgsForUser = `SELECT o.id, o.slug, o.name, o.created_at, m.role, o.is_sample
	FROM memberships m JOIN organizations o ON o.id = m.org_id
	WHERE m.user_id = $1 ORDER BY lower(o.name), o.id`

// FindUserWithOrgs loads a session's user and their organizations in one
// round trip.
func (s *Store) FindUserWithOrgs(ctx context.Context, userID int64) (User, []OrgMembership, error) {
	var u User
	var orgs []OrgMembership
	err := s.readAsUser(ctx, userID, func(q *reads) {
		readOne(q, &u, `SELECT `+userColumns+` FROM users WHERE id = $1`, userID)
		readAll(q, &orgs, orgsForUser, userID)
	})
	return u, orgs, err
}

// OrgCounts are figures the API reports about an organization.
type OrgCounts struct {
	Members            int `json:"members" db:"members"`
	PendingInvitations int `json:"pending_invitations" db:"pending_invitations"`
	APITokens          int `json:"api_tokens" db:"api_tokens"`
}

// FindOrg loads the organization with some counts (invitations pending at now).
func (s *Store) FindOrg(ctx context.Context, orgID int64, now time.Time) (Org, OrgCounts, error) {
	var o Org
	var c OrgCounts
	err := s.readTenant(ctx, orgID, func(q *reads) {
		readOne(q, &o, `SELECT id, slug, name, created_at FROM organizations WHERE id = $1`, orgID)
		readOne(q, &c, `SELECT
			(SELECT count(*) FROM memberships WHERE org_id = $1) AS members,
			(SELECT count(*) FROM invitations WHERE org_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2) AS pending_invitations,
			(SELECT count(*) FROM api_tokens WHERE org_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)) AS api_tokens`, orgID, now)
	})
	return o, c, err
}

// RenameOrg changes the organization's display name (the slug stays, so
// links keep working).
func (s *Store) RenameOrg(ctx context.Context, orgID int64, name string) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE organizations SET name = $2 WHERE id = $1`, orgID, name)
		return err
	})
}

// DeleteOrg deletes the organization and, by cascade, every row of that
// tenant, in one transaction.
func (s *Store) DeleteOrg(ctx context.Context, orgID int64) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM organizations WHERE id = $1`, orgID)
		if err == nil && tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return err
	})
}

// Onboarding is what the dashboard's checklist needs to know.
type Onboarding struct {
	Members            int `db:"members"`
	MembersWithoutRole int `db:"members_without_role"` // no job role, catalog or custom
	PendingInvitations int `db:"pending_invitations"`
	ActiveTokens       int `db:"active_tokens"`
	// Step 1 so far: the inventory's size, monthly cost and support hours.
	StackItems        int     `db:"stack_items"`
	StackMonthlyCost  float64 `db:"stack_monthly_cost"`
	StackSupportHours float64 `db:"stack_support_hours"`
}

// FindOnboarding counts what the first steps of a new organization produce,
// in one round trip.
func (s *Store) FindOnboarding(ctx context.Context, orgID int64, now time.Time) (Onboarding, error) {
	return tenantOne[Onboarding](ctx, s, orgID, `SELECT
		(SELECT count(*) FROM memberships WHERE org_id = $1) AS members,
		(SELECT count(*) FROM memberships WHERE org_id = $1 AND job_role IS NULL AND job_title = '') AS members_without_role,
		(SELECT count(*) FROM invitations WHERE org_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2) AS pending_invitations,
		(SELECT count(*) FROM api_tokens WHERE org_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)) AS active_tokens,
		s.n AS stack_items, s.cost AS stack_monthly_cost, s.hours AS stack_support_hours
		FROM (SELECT count(*) AS n, coalesce(sum(monthly_cost), 0)::float8 AS cost, coalesce(sum(support_hours_per_month), 0)::float8 AS hours
			FROM stack_items WHERE org_id = $1) s`, orgID, now)
}
