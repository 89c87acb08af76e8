package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/roadmap"
)

// The guided quick assessment (/o/{slug}/start): it has no table of its
// own. Each screen writes the rows the step pages write, in one
// transaction per screen, so a screen is saved whole or not at all and
// every answer can be refined on its step page.

// StartState is what the quick assessment's screens show and resume from,
// read in one round trip.
type StartState struct {
	Considerations   Considerations
	ImprovementShare float64
	KPI              *KPISnapshot // the latest snapshot (nil: none yet)
	Stack            []StackItem
	Findings         []Finding
	Practices        Practices
	Maturity         MaturityPage
	Invitations      []Invitation // pending
	Members          int
}

// FindStart reads the quick assessment's state in one round trip, with the
// statements the step pages use.
func (s *Store) FindStart(ctx context.Context, orgID int64) (StartState, error) {
	var out StartState
	var considerations []considerationsRow
	var members struct {
		N int `db:"n"`
	}
	var kpis []KPISnapshot
	var practices []PracticeStatus
	var maturity func() MaturityPage
	var share struct {
		Share float64 `db:"share"`
	}
	err := s.readTenant(ctx, orgID, func(q *reads) {
		readAll(q, &considerations, `SELECT `+considerationsColumns+` FROM stack_considerations WHERE org_id = $1`, orgID)
		readOne(q, &members, `SELECT count(*)::int AS n FROM memberships WHERE org_id = $1`, orgID)
		readOne(q, &share, `SELECT improvement_share::float8 AS share FROM organizations WHERE id = $1`, orgID)
		readAll(q, &kpis, `SELECT `+kpiSnapshotColumns+` FROM kpi_snapshots WHERE org_id = $1 ORDER BY measured_on DESC LIMIT 1`, orgID)
		readAll(q, &out.Stack, `SELECT `+stackItemColumns+` FROM stack_items WHERE org_id = $1 ORDER BY name, id`, orgID)
		readAll(q, &out.Findings, `SELECT `+findingColumns+` FROM findings WHERE org_id = $1 ORDER BY id`, orgID)
		readAll(q, &practices, `SELECT `+practiceStatusColumns+` FROM practice_status WHERE org_id = $1`, orgID)
		maturity = queueMaturity(q, orgID, 0)
		readAll(q, &out.Invitations, `SELECT `+invitationColumns+` FROM invitations
			WHERE org_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL ORDER BY id`, orgID)
	})
	if err != nil {
		return StartState{}, err
	}
	out.Members = members.N
	out.Considerations = considerationsOf(considerations, members.N)
	out.ImprovementShare = share.Share
	if len(kpis) == 1 {
		out.KPI = &kpis[0]
	}
	out.Practices = make(Practices, len(practices))
	for _, p := range practices {
		out.Practices[p.Key] = p
	}
	out.Maturity = maturity()
	return out, nil
}

// SaveStartTeam stores the team sizes (keeping the considerations' answers
// and notes) and the improvement share in one transaction.
func (s *Store) SaveStartTeam(ctx context.Context, orgID int64, teamSize, plannedTeamSize int, share float64) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO stack_considerations (org_id, team_size, planned_team_size) VALUES ($1, $2, $3)
			ON CONFLICT (org_id) DO UPDATE SET team_size = excluded.team_size, planned_team_size = excluded.planned_team_size,
				version = stack_considerations.version + 1, updated_at = now()`, orgID, teamSize, plannedTeamSize); err != nil {
			return mapErr(err)
		}
		tag, err := tx.Exec(ctx, `UPDATE organizations SET improvement_share = $2 WHERE id = $1`, orgID, share)
		if err == nil && tag.RowsAffected() != 1 {
			return ErrNotFound
		}
		return mapErr(err)
	})
}

// StackFigures are rough figures the quick assessment gives an existing
// stack item: its monthly cost or its support hours (nil keeps the stored one).
type StackFigures struct {
	ID           int64
	MonthlyCost  *float64
	SupportHours *float64
}

// SaveStartStack adds validated stack items, updates the figures of
// existing ones and records validated findings, in one transaction.
func (s *Store) SaveStartStack(ctx context.Context, orgID int64, items []roadmap.StackItem, figures []StackFigures, findings []roadmap.Finding) error {
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		for _, it := range items {
			b.Queue(`INSERT INTO stack_items (org_id, name, category, lifecycle, monthly_cost, cost_scaling, scalability,
					support_hours_per_month, owner, notes)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
				orgID, it.Name, string(it.Category), string(it.Lifecycle), it.MonthlyCost, string(it.CostScaling), it.Scalability,
				it.SupportHoursPerMonth, it.Owner, it.Notes)
		}
		for _, f := range figures {
			b.Queue(`UPDATE stack_items SET monthly_cost = coalesce($3, monthly_cost),
					support_hours_per_month = coalesce($4, support_hours_per_month), version = version + 1, updated_at = now()
				WHERE org_id = $1 AND id = $2`, orgID, f.ID, f.MonthlyCost, f.SupportHours)
		}
		for _, f := range findings {
			f = f.WithDefaults()
			// A title the register has already (any case) updates that
			// finding: answering the screen again, or the same line twice,
			// adds no duplicate (imports match findings by title).
			b.Queue(`WITH u AS (
					UPDATE findings SET severity = $5, effort = $6, version = version + 1, updated_at = now()
					WHERE org_id = $1 AND lower(title) = lower($3) RETURNING id)
				INSERT INTO findings (org_id, kind, title, description, severity, effort, status, stack_item_id)
				SELECT $1, $2, $3, $4, $5, $6, $7, $8 WHERE NOT EXISTS (SELECT 1 FROM u)`,
				orgID, string(f.Kind), f.Title, f.Description, f.Severity, string(f.Effort), string(f.Status), f.StackItemID)
		}
		return mapErr(tx.SendBatch(ctx, b).Close())
	})
}

// SetPracticeStatuses stores several practices' statuses by userID in one
// transaction, overwriting what is stored (keeping the notes): the quick
// checklist states where the organization stands now.
func (s *Store) SetPracticeStatuses(ctx context.Context, orgID int64, userID *int64, statuses map[string]roadmap.PracticeStatus) error {
	for key := range statuses {
		if _, ok := roadmap.PracticeByKey(key); !ok {
			return ErrPracticeNotFound
		}
	}
	return s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		for key, st := range statuses {
			b.Queue(`INSERT INTO practice_status AS p (org_id, practice_key, status, notes, changed_by) VALUES ($1, $2, $3, '', $4)
				ON CONFLICT (org_id, practice_key) DO UPDATE SET status = excluded.status, changed_by = excluded.changed_by,
					version = p.version + 1, updated_at = now()
				WHERE p.status <> excluded.status`, orgID, key, string(st), userID)
		}
		return mapErr(tx.SendBatch(ctx, b).Close())
	})
}

// CreateInvitations records several pending invitations all together or
// not at all (ErrAlreadyMember or ErrAlreadyInvited for the first email
// that is a member or invited, with its index).
func (s *Store) CreateInvitations(ctx context.Context, orgID int64, ins []NewInvitation) ([]Invitation, int, error) {
	out := make([]Invitation, 0, len(ins))
	failed := -1
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		for i, in := range ins {
			inv, err := insertInvitation(ctx, tx, orgID, in)
			if err != nil {
				failed = i
				return err
			}
			out = append(out, inv)
		}
		return nil
	})
	if err != nil {
		return nil, failed, err
	}
	return out, -1, nil
}
