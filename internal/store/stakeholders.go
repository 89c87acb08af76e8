package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/roadmap"
)

// The roadmap's stakeholders (migrations/0019): the register, and the
// initiative keys each stakeholder is affected by. Updates carry the
// version the caller read (ErrStale when the row moved on), like step 1's.

// ErrStakeholderNameTaken: the register has a stakeholder of that name
// already (names are unique without case). It is an ErrConflict.
var ErrStakeholderNameTaken = fmt.Errorf("%w: stakeholder name", ErrConflict)

func stakeholderErr(err error) error {
	if isUniqueViolation(err, "stakeholders_name_unique") {
		return ErrStakeholderNameTaken
	}
	return mapErr(err)
}

// Stakeholder is a stored stakeholder with the keys of the initiatives it
// is affected by (sorted).
type Stakeholder struct {
	OrgID       int64     `db:"org_id"`
	ID          int64     `db:"id"`
	Name        string    `db:"name"`
	Title       string    `db:"title"`
	Interest    int       `db:"interest"`
	Influence   int       `db:"influence"`
	Notes       string    `db:"notes"`
	Version     int       `db:"version"`
	CreatedAt   time.Time `db:"created_at"`
	UpdatedAt   time.Time `db:"updated_at"`
	Initiatives []string  `db:"initiatives"`
}

// Stakeholder is the domain value of the stored stakeholder.
func (s Stakeholder) Stakeholder() roadmap.Stakeholder {
	return roadmap.Stakeholder{Name: s.Name, Title: s.Title, Interest: s.Interest, Influence: s.Influence, Notes: s.Notes}
}

// stakeholderColumns read a stakeholder of alias s with its initiative keys
// (an aggregate of the link table: one statement, whatever the count).
const stakeholderColumns = `s.org_id, s.id, s.name, s.title, s.interest::int AS interest, s.influence::int AS influence, s.notes,
	s.version, s.created_at, s.updated_at,
	coalesce((SELECT array_agg(l.initiative_key ORDER BY l.initiative_key) FROM initiative_stakeholders l
		WHERE l.org_id = s.org_id AND l.stakeholder_id = s.id), '{}') AS initiatives`

// queueStakeholders queues the read of the organization's stakeholders, by
// name, into a batch of reads (the roadmap page reads them with the rest
// of its data in one round trip); the function returns them once the
// batch has run.
func queueStakeholders(q *reads, orgID int64) func() []Stakeholder {
	var out []Stakeholder
	readAll(q, &out, `SELECT `+stakeholderColumns+` FROM stakeholders s WHERE s.org_id = $1 ORDER BY lower(s.name), s.id`, orgID)
	return func() []Stakeholder { return out }
}

// FindStakeholders lists the organization's stakeholders by name.
func (s *Store) FindStakeholders(ctx context.Context, orgID int64) ([]Stakeholder, error) {
	var list func() []Stakeholder
	err := s.readTenant(ctx, orgID, func(q *reads) { list = queueStakeholders(q, orgID) })
	if err != nil {
		return nil, err
	}
	return list(), nil
}

// FindStakeholder loads one stakeholder of the organization (ErrNotFound).
func (s *Store) FindStakeholder(ctx context.Context, orgID, id int64) (Stakeholder, error) {
	return tenantOne[Stakeholder](ctx, s, orgID, `SELECT `+stakeholderColumns+` FROM stakeholders s WHERE s.org_id = $1 AND s.id = $2`, orgID, id)
}

// CreateStakeholder stores a validated stakeholder and the initiative keys
// it is affected by, in one transaction.
// ErrStakeholderLimit: the organization has roadmap.MaxStakeholders
// stakeholders already.
var ErrStakeholderLimit = errors.New("store: stakeholder limit reached")

func (s *Store) CreateStakeholder(ctx context.Context, orgID int64, st roadmap.Stakeholder, initiatives []string) (Stakeholder, error) {
	var out Stakeholder
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		// The cap bounds storage and the pages (two saves at once may pass
		// it by one).
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM stakeholders WHERE org_id = $1`, orgID).Scan(&n); err != nil {
			return err
		}
		if n >= roadmap.MaxStakeholders {
			return ErrStakeholderLimit
		}
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO stakeholders (org_id, name, title, interest, influence, notes)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, orgID, st.Name, st.Title, st.Interest, st.Influence, st.Notes).Scan(&id)
		if err != nil {
			return stakeholderErr(err)
		}
		if err := replaceInitiatives(ctx, tx, orgID, id, initiatives); err != nil {
			return err
		}
		out, err = stakeholderIn(ctx, tx, orgID, id)
		return err
	})
	return out, err
}

// UpdateStakeholder replaces the stakeholder's fields and initiative keys
// if it is still at version (ErrStale when it moved on, ErrNotFound when
// it is gone) and returns it at its next version.
func (s *Store) UpdateStakeholder(ctx context.Context, orgID, id int64, version int, st roadmap.Stakeholder, initiatives []string) (Stakeholder, error) {
	var out Stakeholder
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE stakeholders SET name = $4, title = $5, interest = $6, influence = $7, notes = $8,
				version = version + 1, updated_at = now()
			WHERE org_id = $1 AND id = $2 AND version = $3`, orgID, id, version, st.Name, st.Title, st.Interest, st.Influence, st.Notes)
		if err != nil {
			return stakeholderErr(err)
		}
		if tag.RowsAffected() == 0 {
			return staleOrGone(ctx, tx, "stakeholders", orgID, id)
		}
		if err := replaceInitiatives(ctx, tx, orgID, id, initiatives); err != nil {
			return err
		}
		out, err = stakeholderIn(ctx, tx, orgID, id)
		return err
	})
	return out, err
}

// SetStakeholderInitiatives replaces the initiative keys a stakeholder is
// affected by, in one transaction (ErrNotFound when it is gone). It moves
// the stakeholder to its next version, so an edit form open meanwhile does
// not silently undo it.
func (s *Store) SetStakeholderInitiatives(ctx context.Context, orgID, id int64, initiatives []string) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE stakeholders SET version = version + 1, updated_at = now() WHERE org_id = $1 AND id = $2`, orgID, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return replaceInitiatives(ctx, tx, orgID, id, initiatives)
	})
}

// DeleteStakeholder deletes a stakeholder and its links (ErrNotFound when
// there is none).
func (s *Store) DeleteStakeholder(ctx context.Context, orgID, id int64) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM stakeholders WHERE org_id = $1 AND id = $2`, orgID, id)
		if err == nil && tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return err
	})
}

// replaceInitiatives makes keys (deduplicated) the stakeholder's whole set
// of initiative keys: two statements, whatever the count.
func replaceInitiatives(ctx context.Context, tx pgx.Tx, orgID, id int64, keys []string) error {
	keys = slices.Compact(slices.Sorted(slices.Values(keys)))
	if _, err := tx.Exec(ctx, `DELETE FROM initiative_stakeholders WHERE org_id = $1 AND stakeholder_id = $2`, orgID, id); err != nil {
		return err
	}
	if len(keys) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO initiative_stakeholders (org_id, stakeholder_id, initiative_key)
		SELECT $1, $2, k FROM unnest($3::text[]) k`, orgID, id, keys)
	return mapErr(err)
}

func stakeholderIn(ctx context.Context, tx pgx.Tx, orgID, id int64) (Stakeholder, error) {
	rows, _ := tx.Query(ctx, `SELECT `+stakeholderColumns+` FROM stakeholders s WHERE s.org_id = $1 AND s.id = $2`, orgID, id)
	out, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Stakeholder])
	if errors.Is(err, pgx.ErrNoRows) {
		return Stakeholder{}, ErrNotFound
	}
	return out, err
}
