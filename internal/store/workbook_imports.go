package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/export"
	"github.com/headwayhq/headway/internal/roadmap"
)

// The roadmap workbook's import (issue 15): the upload's checked rows wait
// in pending_imports as kind "workbook" (migration 0022), and the
// confirmation applies every sheet in one transaction with upsert
// semantics: stack items by name (without case), findings by title
// (without case), KPI snapshots by date, required levels by job role and
// skill, practices by key, the uploader's own ratings, and the maturity
// answers as a completed assessment when every question is answered (a
// draft otherwise).

// ImportWorkbook is the pending import kind of a roadmap workbook.
const ImportWorkbook = "workbook"

// PracticeImport is a practice's status and notes from a workbook.
type PracticeImport struct {
	Key    string                 `json:"key"`
	Status roadmap.PracticeStatus `json:"status"`
	Notes  string                 `json:"notes"`
}

// WorkbookImport is a workbook's checked rows. Ratings are the uploader's
// own (the user who created the pending import applies them).
type WorkbookImport struct {
	Stack        []roadmap.StackItem     `json:"stack,omitempty"`
	Findings     []export.FindingRow     `json:"findings,omitempty"`
	Requirements []roadmap.Requirement   `json:"requirements,omitempty"`
	Ratings      []roadmap.RatingInput   `json:"ratings,omitempty"`
	KPIs         []roadmap.Snapshot      `json:"kpis,omitempty"`
	Practices    []PracticeImport        `json:"practices,omitempty"`
	Maturity     roadmap.MaturityAnswers `json:"maturity,omitempty"`
	Notices      []string                `json:"notices,omitempty"`
}

// PendingWorkbook is a workbook waiting for its confirmation.
type PendingWorkbook struct {
	ID        int64
	CreatedBy int64
	Data      WorkbookImport
	ExpiresAt time.Time
}

// WorkbookExisting is what the organization has that a workbook's rows
// would update, for the preview's counts and the upload's checks.
type WorkbookExisting struct {
	StackNames    map[string]bool // lower-case names
	FindingTitles map[string]bool // lower-case titles
	KPIDates      map[string]bool // YYYY-MM-DD
	Practices     map[string]bool
	Requirements  map[[2]string]int // (job role, skill key) -> level
	ActiveSkills  map[string]bool   // skill keys not archived
	Skills        map[string]bool   // every skill key
	HasDraft      bool
}

// FindWorkbookExisting reads what the preview compares a workbook against
// in one round trip.
func (s *Store) FindWorkbookExisting(ctx context.Context, orgID int64) (WorkbookExisting, error) {
	type keyRow struct {
		K string `db:"k"`
	}
	var names, titles, dates, practices []keyRow
	var skills []Skill
	var reqs []SkillRequirement
	var draft struct {
		N int `db:"n"`
	}
	err := s.readTenant(ctx, orgID, func(q *reads) {
		readAll(q, &names, `SELECT lower(name) AS k FROM stack_items WHERE org_id = $1`, orgID)
		readAll(q, &titles, `SELECT lower(title) AS k FROM findings WHERE org_id = $1`, orgID)
		readAll(q, &dates, `SELECT to_char(measured_on, 'YYYY-MM-DD') AS k FROM kpi_snapshots WHERE org_id = $1`, orgID)
		readAll(q, &practices, `SELECT practice_key AS k FROM practice_status WHERE org_id = $1`, orgID)
		readAll(q, &skills, findSkills, orgID)
		readAll(q, &reqs, findRequirements, orgID)
		readOne(q, &draft, `SELECT count(*)::int AS n FROM maturity_assessments WHERE org_id = $1 AND status = 'draft'`, orgID)
	})
	set := func(rows []keyRow) map[string]bool {
		m := make(map[string]bool, len(rows))
		for _, r := range rows {
			m[r.K] = true
		}
		return m
	}
	out := WorkbookExisting{StackNames: set(names), FindingTitles: set(titles), KPIDates: set(dates), Practices: set(practices),
		Requirements: map[[2]string]int{}, ActiveSkills: map[string]bool{}, Skills: map[string]bool{}, HasDraft: draft.N > 0}
	for _, sk := range skills {
		out.Skills[sk.Key] = true
		if !sk.Archived {
			out.ActiveSkills[sk.Key] = true
		}
	}
	for _, r := range reqs {
		out.Requirements[[2]string{r.JobRole, r.SkillKey}] = r.Level
	}
	return out, err
}

// CreatePendingWorkbook stores a checked workbook for userID until now +
// ImportLifetime (sweeping the organization's expired imports).
func (s *Store) CreatePendingWorkbook(ctx context.Context, orgID, userID int64, w WorkbookImport, now time.Time) (int64, error) {
	payload, err := json.Marshal(w)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		// Expired imports go, and so does this person's previous workbook:
		// a new upload replaces it (so uploads cannot pile up).
		if _, err := tx.Exec(ctx, `DELETE FROM pending_imports WHERE org_id = $1 AND (expires_at <= $2
				OR (kind = 'workbook' AND created_by = $3))`, orgID, now, userID); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO pending_imports (org_id, kind, payload, created_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, orgID, ImportWorkbook, payload, userID, now, now.Add(ImportLifetime)).Scan(&id)
	})
	return id, err
}

type pendingWorkbookRow struct {
	ID        int64     `db:"id"`
	CreatedBy *int64    `db:"created_by"`
	Payload   []byte    `db:"payload"`
	ExpiresAt time.Time `db:"expires_at"`
}

func (r pendingWorkbookRow) decode() (PendingWorkbook, error) {
	p := PendingWorkbook{ID: r.ID, ExpiresAt: r.ExpiresAt}
	if r.CreatedBy != nil {
		p.CreatedBy = *r.CreatedBy
	}
	if err := json.Unmarshal(r.Payload, &p.Data); err != nil {
		return PendingWorkbook{}, fmt.Errorf("pending workbook %d: %w", r.ID, err)
	}
	return p, nil
}

const pendingWorkbookQuery = `SELECT id, created_by, payload, expires_at FROM pending_imports
	WHERE org_id = $1 AND id = $2 AND kind = 'workbook'`

// FindPendingWorkbook loads a pending workbook of the organization
// uploaded by userID (ErrNotFound otherwise: another person's upload is
// not theirs to confirm, since its ratings are the uploader's);
// ErrImportExpired when it waited too long.
func (s *Store) FindPendingWorkbook(ctx context.Context, orgID, userID, id int64, now time.Time) (PendingWorkbook, error) {
	row, err := tenantOne[pendingWorkbookRow](ctx, s, orgID, pendingWorkbookQuery+` AND created_by = $3`, orgID, id, userID)
	if err != nil {
		return PendingWorkbook{}, err
	}
	if !now.Before(row.ExpiresAt) {
		return PendingWorkbook{}, ErrImportExpired
	}
	return row.decode()
}

// ApplyPendingWorkbook applies the pending workbook id of userID and deletes
// it, in one transaction: every sheet or nothing. A finding naming a tool
// the inventory (with the workbook's tools) lacks is an
// *export.ImportError; ErrSkillNotFound when a rated skill was archived
// since the upload; ErrNotFound, ErrImportExpired as for
// FindPendingWorkbook.
func (s *Store) ApplyPendingWorkbook(ctx context.Context, orgID, userID, id int64, now time.Time) (PendingWorkbook, error) {
	var p PendingWorkbook
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, pendingWorkbookQuery+` AND created_by = $3 FOR UPDATE`, orgID, id, userID)
		row, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[pendingWorkbookRow])
		if err != nil {
			return mapErr(err)
		}
		if !now.Before(row.ExpiresAt) {
			return ErrImportExpired
		}
		if p, err = row.decode(); err != nil {
			return err
		}
		if err := applyWorkbook(ctx, tx, orgID, userID, p.Data, now); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM pending_imports WHERE org_id = $1 AND id = $2`, orgID, id)
		return err
	})
	return p, err
}

func applyWorkbook(ctx context.Context, tx pgx.Tx, orgID, userID int64, w WorkbookImport, now time.Time) error {
	for _, it := range w.Stack {
		tag, err := tx.Exec(ctx, `UPDATE stack_items SET name = $3, category = $4, lifecycle = $5, monthly_cost = $6, cost_scaling = $7,
				scalability = $8, support_hours_per_month = $9, owner = $10, notes = $11, version = version + 1, updated_at = now()
			WHERE org_id = $1 AND lower(name) = lower($2)`,
			orgID, it.Name, it.Name, string(it.Category), string(it.Lifecycle), it.MonthlyCost, string(it.CostScaling), it.Scalability,
			it.SupportHoursPerMonth, it.Owner, it.Notes)
		if err != nil {
			return stackItemErr(err)
		}
		if tag.RowsAffected() == 0 {
			if err := insertStackItems(ctx, tx, orgID, []roadmap.StackItem{it}); err != nil {
				return err
			}
		}
	}
	if len(w.Findings) > 0 {
		q, _ := tx.Query(ctx, `SELECT id, name FROM stack_items WHERE org_id = $1`, orgID)
		inventory, err := pgx.CollectRows(q, pgx.RowToStructByPos[export.StackItemRef])
		if err != nil {
			return err
		}
		findings, err := export.ResolveStackItems(w.Findings, inventory)
		if err != nil {
			return err
		}
		for _, f := range findings {
			tag, err := tx.Exec(ctx, `UPDATE findings SET kind = $3, title = $2, description = $4, severity = $5, effort = $6, status = $7,
					stack_item_id = $8, version = version + 1, updated_at = now()
				WHERE org_id = $1 AND id = (SELECT min(id) FROM findings WHERE org_id = $1 AND lower(title) = lower($2))`,
				orgID, f.Title, string(f.Kind), f.Description, f.Severity, string(f.Effort), string(f.Status), f.StackItemID)
			if err != nil {
				return findingErr(err)
			}
			if tag.RowsAffected() == 0 {
				if _, err := tx.Exec(ctx, `INSERT INTO findings (org_id, kind, title, description, severity, effort, status, stack_item_id)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
					orgID, string(f.Kind), f.Title, f.Description, f.Severity, string(f.Effort), string(f.Status), f.StackItemID); err != nil {
					return findingErr(err)
				}
			}
		}
	}
	if len(w.Requirements) > 0 {
		roles, keys, levels := make([]string, len(w.Requirements)), make([]string, len(w.Requirements)), make([]int, len(w.Requirements))
		for i, r := range w.Requirements {
			roles[i], keys[i], levels[i] = r.JobRole, r.SkillKey, r.Level
		}
		if err := saveRequirements(ctx, tx, orgID, roles, keys, levels); err != nil {
			return err
		}
	}
	if len(w.Ratings) > 0 {
		var keys []string
		var levels []*int
		var interested []bool
		for _, r := range w.Ratings {
			if r.Level != nil || r.Interested {
				keys, levels, interested = append(keys, r.SkillKey), append(levels, r.Level), append(interested, r.Interested)
			}
		}
		if err := saveRatings(ctx, tx, orgID, userID, keys, levels, interested, now); err != nil {
			return err
		}
	}
	for _, k := range w.KPIs {
		k = k.WithDefaults()
		if _, err := tx.Exec(ctx, `INSERT INTO kpi_snapshots (org_id, measured_on, edition, deployments_per_week, lead_time_hours,
				recovery_time_hours, change_failure_rate, rework_rate, deployment_frequency_answer, lead_time_answer, recovery_time_answer)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (org_id, measured_on) DO UPDATE SET edition = EXCLUDED.edition,
				deployments_per_week = EXCLUDED.deployments_per_week, lead_time_hours = EXCLUDED.lead_time_hours,
				recovery_time_hours = EXCLUDED.recovery_time_hours, change_failure_rate = EXCLUDED.change_failure_rate,
				rework_rate = EXCLUDED.rework_rate, deployment_frequency_answer = EXCLUDED.deployment_frequency_answer,
				lead_time_answer = EXCLUDED.lead_time_answer, recovery_time_answer = EXCLUDED.recovery_time_answer,
				version = kpi_snapshots.version + 1, updated_at = now()`, kpiArgs(orgID, k)...); err != nil {
			return mapErr(err)
		}
	}
	for _, pr := range w.Practices {
		if _, ok := roadmap.PracticeByKey(pr.Key); !ok {
			return ErrPracticeNotFound
		}
		if _, err := tx.Exec(ctx, `INSERT INTO practice_status AS p (org_id, practice_key, status, notes, changed_by)
				VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (org_id, practice_key) DO UPDATE SET status = excluded.status, notes = excluded.notes,
					changed_by = excluded.changed_by, version = p.version + 1, updated_at = now()
				WHERE (p.status, p.notes) IS DISTINCT FROM (excluded.status, excluded.notes)`,
			orgID, pr.Key, string(pr.Status), pr.Notes, userID); err != nil {
			return mapErr(err)
		}
	}
	if len(w.Maturity) > 0 {
		if err := applyMaturity(ctx, tx, orgID, userID, w.Maturity, now); err != nil {
			return err
		}
	}
	return nil
}

// applyMaturity stores complete answers as a new completed assessment (the
// draft, if any, is completed with them) and partial ones as the draft.
func applyMaturity(ctx context.Context, tx pgx.Tx, orgID, userID int64, answers roadmap.MaturityAnswers, now time.Time) error {
	rows, _ := tx.Query(ctx, `UPDATE maturity_assessments SET version = version + 1, updated_at = now()
		WHERE org_id = $1 AND status = 'draft' RETURNING `+assessmentColumns, orgID)
	drafts, err := pgx.CollectRows(rows, pgx.RowToStructByName[Assessment])
	if err != nil {
		return mapErr(err)
	}
	var a Assessment
	if len(drafts) == 1 {
		a = drafts[0]
	} else if a, err = lockDraft(ctx, tx, orgID, &userID, 0); err != nil {
		return err
	}
	if err := replaceAnswers(ctx, tx, orgID, a.ID, answers); err != nil {
		return err
	}
	if len(answers.Missing()) > 0 {
		return nil
	}
	_, err = tx.Exec(ctx, `UPDATE maturity_assessments SET status = 'completed', completed_at = $3, updated_at = now()
		WHERE org_id = $1 AND id = $2`, orgID, a.ID, now)
	return mapErr(err)
}

// WorkbookCount is what a sheet of a workbook creates and updates.
type WorkbookCount struct{ Create, Update int }

// Counts are the workbook's creations and updates by sheet against what
// the organization has (the preview's table).
func (w WorkbookImport) Counts(e WorkbookExisting) map[string]WorkbookCount {
	out := map[string]WorkbookCount{}
	add := func(sheet string, exists bool) {
		c := out[sheet]
		if exists {
			c.Update++
		} else {
			c.Create++
		}
		out[sheet] = c
	}
	for _, it := range w.Stack {
		add("stack", e.StackNames[strings.ToLower(it.Name)])
	}
	for _, f := range w.Findings {
		add("findings", e.FindingTitles[strings.ToLower(f.Finding.Title)])
	}
	for _, r := range w.Requirements {
		lv, ok := e.Requirements[[2]string{r.JobRole, r.SkillKey}]
		if lv == r.Level || (!ok && r.Level == 0) {
			continue // unchanged
		}
		add("requirements", ok)
	}
	for range w.Ratings {
		add("ratings", false)
	}
	for _, k := range w.KPIs {
		add("kpis", e.KPIDates[k.MeasuredOn.UTC().Format(roadmap.DateLayout)])
	}
	for _, p := range w.Practices {
		add("practices", e.Practices[p.Key])
	}
	if len(w.Maturity) > 0 {
		add("maturity", e.HasDraft && len(w.Maturity.Missing()) > 0)
	}
	return out
}

// Empty reports whether the workbook changes nothing.
func (w WorkbookImport) Empty() bool {
	return len(w.Stack)+len(w.Findings)+len(w.Requirements)+len(w.Ratings)+len(w.KPIs)+len(w.Practices)+len(w.Maturity) == 0
}
