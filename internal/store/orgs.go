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
)

// Roles of a membership.
const (
	RoleOwner  = "owner"
	RoleAdmin  = "admin"
	RoleMember = "member"
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
	if err := setLocal(ctx, tx, "app.org_id", id); err != nil {
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
		return o, nil
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
	err := s.asUser(ctx, userID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT o.id, o.slug, o.name, o.created_at, m.role
			FROM memberships m JOIN organizations o ON o.id = m.org_id
			WHERE m.user_id = $1 ORDER BY lower(o.name), o.id`, userID)
		var err error
		out, err = pgx.CollectRows(rows, pgx.RowToStructByName[OrgMembership])
		return err
	})
	return out, err
}

// FindMembership resolves slug for userID: ErrNotFound when the organization
// does not exist or the user is not a member (callers answer both with 404).
func (s *Store) FindMembership(ctx context.Context, userID int64, slug string) (OrgMembership, error) {
	var om OrgMembership
	err := s.asUser(ctx, userID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT o.id, o.slug, o.name, o.created_at, m.role
			FROM organizations o JOIN memberships m ON m.org_id = o.id AND m.user_id = $1
			WHERE o.slug = $2`, userID, slug)
		var err error
		om, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[OrgMembership])
		return mapErr(err)
	})
	return om, err
}

// FindUserWithOrgs loads a session's user and their organizations in one
// round trip: the statements of a pgx batch share one implicit transaction,
// so the transaction-local app.user_id ends with it, as in asUser.
func (s *Store) FindUserWithOrgs(ctx context.Context, userID int64) (User, []OrgMembership, error) {
	b := &pgx.Batch{}
	b.Queue(`SELECT set_config('app.user_id', $1, true)`, strconv.FormatInt(userID, 10))
	b.Queue(`SELECT `+userColumns+` FROM users WHERE id = $1`, userID)
	b.Queue(`SELECT o.id, o.slug, o.name, o.created_at, m.role
		FROM memberships m JOIN organizations o ON o.id = m.org_id
		WHERE m.user_id = $1 ORDER BY lower(o.name), o.id`, userID)
	br := s.pool.SendBatch(ctx, b)
	defer br.Close()
	if _, err := br.Exec(); err != nil {
		return User{}, nil, err
	}
	rows, _ := br.Query()
	u, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[User])
	if err != nil {
		return User{}, nil, mapErr(err)
	}
	rows, _ = br.Query()
	orgs, err := pgx.CollectRows(rows, pgx.RowToStructByName[OrgMembership])
	if err != nil {
		return User{}, nil, err
	}
	return u, orgs, br.Close()
}
