package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/roadmap"
)

// The reads and writes of step 1's pages: each page's data in one round
// trip, the starter catalog's items in one transaction, and the
// considerations.

// StackInventory is the inventory page's data: every item, and per item id
// how many of its findings are not resolved.
type StackInventory struct {
	Items        []StackItem
	OpenFindings map[int64]int
}

type itemCount struct {
	StackItemID int64 `db:"stack_item_id"`
	N           int   `db:"n"`
}

// FindStackInventory reads the inventory and its open findings' counts in
// one round trip.
func (s *Store) FindStackInventory(ctx context.Context, orgID int64) (StackInventory, error) {
	var inv StackInventory
	var counts []itemCount
	err := s.readTenant(ctx, orgID, func(q *reads) {
		readAll(q, &inv.Items, `SELECT `+stackItemColumns+` FROM stack_items WHERE org_id = $1 ORDER BY name, id`, orgID)
		readAll(q, &counts, `SELECT stack_item_id, count(*)::int AS n FROM findings
			WHERE org_id = $1 AND stack_item_id IS NOT NULL AND status <> 'resolved' GROUP BY stack_item_id`, orgID)
	})
	inv.OpenFindings = make(map[int64]int, len(counts))
	for _, c := range counts {
		inv.OpenFindings[c.StackItemID] = c.N
	}
	return inv, err
}

// FindStackItemWithFindings reads an item and its findings (highest
// severity first) in one round trip (ErrNotFound when there is no item).
func (s *Store) FindStackItemWithFindings(ctx context.Context, orgID, id int64) (StackItem, []Finding, error) {
	var it StackItem
	var fs []Finding
	err := s.readTenant(ctx, orgID, func(q *reads) {
		readOne(q, &it, `SELECT `+stackItemColumns+` FROM stack_items WHERE org_id = $1 AND id = $2`, orgID, id)
		readAll(q, &fs, `SELECT `+findingColumns+` FROM findings WHERE org_id = $1 AND stack_item_id = $2
			ORDER BY severity DESC, id`, orgID, id)
	})
	return it, fs, err
}

// CreateStackItems stores validated items all together or not at all (the
// starter catalog's tick boxes) and returns them in order.
func (s *Store) CreateStackItems(ctx context.Context, orgID int64, items []roadmap.StackItem) ([]StackItem, error) {
	out := make([]StackItem, 0, len(items))
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		for _, it := range items {
			b.Queue(`INSERT INTO stack_items (org_id, name, category, lifecycle, monthly_cost, cost_scaling, scalability,
					support_hours_per_month, owner, notes)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING `+stackItemColumns,
				orgID, it.Name, string(it.Category), string(it.Lifecycle), it.MonthlyCost, string(it.CostScaling), it.Scalability,
				it.SupportHoursPerMonth, it.Owner, it.Notes).Query(func(rows pgx.Rows) error {
				row, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[StackItem])
				out = append(out, row)
				return stackItemErr(err)
			})
		}
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Considerations are an organization's stored answers to step 1's four
// questions with its team sizes. Saved is false until the first save: the
// values are then the defaults (team sizes from the member count).
type Considerations struct {
	roadmap.Considerations
	Saved     bool
	Version   int // 0 until the first save
	UpdatedAt time.Time
}

type considerationsRow struct {
	TeamSize           int       `db:"team_size"`
	PlannedTeamSize    int       `db:"planned_team_size"`
	TeamVerdict        string    `db:"team_verdict"`
	TeamNotes          string    `db:"team_notes"`
	CostVerdict        string    `db:"cost_verdict"`
	CostNotes          string    `db:"cost_notes"`
	ScalabilityVerdict string    `db:"scalability_verdict"`
	ScalabilityNotes   string    `db:"scalability_notes"`
	SupportVerdict     string    `db:"support_verdict"`
	SupportNotes       string    `db:"support_notes"`
	Version            int       `db:"version"`
	UpdatedAt          time.Time `db:"updated_at"`
}

func (r considerationsRow) considerations() Considerations {
	return Considerations{Saved: true, Version: r.Version, UpdatedAt: r.UpdatedAt, Considerations: roadmap.Considerations{
		TeamSize: r.TeamSize, PlannedTeamSize: r.PlannedTeamSize,
		Team:        roadmap.Answer{Verdict: roadmap.Verdict(r.TeamVerdict), Notes: r.TeamNotes},
		Cost:        roadmap.Answer{Verdict: roadmap.Verdict(r.CostVerdict), Notes: r.CostNotes},
		Scalability: roadmap.Answer{Verdict: roadmap.Verdict(r.ScalabilityVerdict), Notes: r.ScalabilityNotes},
		Support:     roadmap.Answer{Verdict: roadmap.Verdict(r.SupportVerdict), Notes: r.SupportNotes},
	}}
}

const considerationsColumns = `team_size, planned_team_size, team_verdict, team_notes, cost_verdict, cost_notes,
	scalability_verdict, scalability_notes, support_verdict, support_notes, version, updated_at`

// considerationsOf turns the stored rows (none or one) into the
// organization's considerations, defaulting the team sizes to members.
func considerationsOf(rows []considerationsRow, members int) Considerations {
	if len(rows) == 1 {
		return rows[0].considerations()
	}
	n := max(members, 1)
	return Considerations{Considerations: roadmap.Considerations{TeamSize: n, PlannedTeamSize: n}.WithDefaults()}
}

// StackReview is the considerations page's data: the answers and the
// inventory the facts are computed from.
type StackReview struct {
	Considerations Considerations
	Items          []StackItem
}

// FindStackReview reads the considerations, the member count and the
// inventory in one round trip.
func (s *Store) FindStackReview(ctx context.Context, orgID int64) (StackReview, error) {
	var out StackReview
	var rows []considerationsRow
	var members struct {
		N int `db:"n"`
	}
	err := s.readTenant(ctx, orgID, func(q *reads) {
		readAll(q, &rows, `SELECT `+considerationsColumns+` FROM stack_considerations WHERE org_id = $1`, orgID)
		readOne(q, &members, `SELECT count(*)::int AS n FROM memberships WHERE org_id = $1`, orgID)
		readAll(q, &out.Items, `SELECT `+stackItemColumns+` FROM stack_items WHERE org_id = $1 ORDER BY name, id`, orgID)
	})
	out.Considerations = considerationsOf(rows, members.N)
	return out, err
}

// SaveConsiderations stores validated considerations if they are still at
// version (0: never saved) and returns them at their next version
// (ErrStale when someone saved in between).
func (s *Store) SaveConsiderations(ctx context.Context, orgID int64, version int, c roadmap.Considerations) (Considerations, error) {
	var out Considerations
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		args := []any{orgID, version, c.TeamSize, c.PlannedTeamSize, string(c.Team.Verdict), c.Team.Notes, string(c.Cost.Verdict), c.Cost.Notes,
			string(c.Scalability.Verdict), c.Scalability.Notes, string(c.Support.Verdict), c.Support.Notes}
		// The first save inserts (a concurrent first save conflicts and is
		// stale); later ones update the version they read.
		sql := `INSERT INTO stack_considerations (org_id, team_size, planned_team_size, team_verdict, team_notes, cost_verdict,
				cost_notes, scalability_verdict, scalability_notes, support_verdict, support_notes)
			SELECT $1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 WHERE $2::int = 0
			ON CONFLICT (org_id) DO NOTHING RETURNING ` + considerationsColumns
		if version > 0 {
			sql = `UPDATE stack_considerations SET team_size = $3, planned_team_size = $4, team_verdict = $5, team_notes = $6,
					cost_verdict = $7, cost_notes = $8, scalability_verdict = $9, scalability_notes = $10, support_verdict = $11,
					support_notes = $12, version = version + 1, updated_at = now()
				WHERE org_id = $1 AND version = $2 RETURNING ` + considerationsColumns
		}
		rows, _ := tx.Query(ctx, sql, args...)
		row, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[considerationsRow])
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrStale
		}
		out = row.considerations()
		return mapErr(err)
	})
	return out, err
}
