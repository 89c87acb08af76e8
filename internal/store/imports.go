package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/headwayhq/headway/internal/export"
	"github.com/headwayhq/headway/internal/roadmap"
)

// Step 1's CSV import, in two requests: the upload parses and validates the
// file and stores its rows as a pending import (so the preview and the
// confirmation never need the file again); the confirmation applies it,
// every row or none, in one transaction that also deletes it.

// Kinds of pending import: what the file held.
const (
	ImportStack    = "stack"
	ImportFindings = "findings"
)

// ImportLifetime is how long an upload waits for its confirmation.
const ImportLifetime = time.Hour

// PendingImport is an uploaded, validated file waiting for its
// confirmation. Items is set for ImportStack, Findings for ImportFindings
// (stack items by name: they are resolved when the import is applied).
type PendingImport struct {
	ID        int64
	Kind      string
	Items     []roadmap.StackItem
	Findings  []export.FindingRow
	CreatedAt time.Time
	ExpiresAt time.Time
	// Existing counts the rows of the import's kind the organization has
	// (set by FindPendingImport, for the preview).
	Existing int
}

// Len is the number of rows the import adds.
func (p PendingImport) Len() int { return len(p.Items) + len(p.Findings) }

// importPayload is the jsonb the rows wait in; the field names are the
// Go ones, read back only by this file.
type importPayload struct {
	Items    []roadmap.StackItem `json:"items,omitempty"`
	Findings []export.FindingRow `json:"findings,omitempty"`
}

type pendingImportRow struct {
	ID        int64     `db:"id"`
	Kind      string    `db:"kind"`
	Payload   []byte    `db:"payload"`
	CreatedAt time.Time `db:"created_at"`
	ExpiresAt time.Time `db:"expires_at"`
	Existing  int       `db:"existing"`
}

func (r pendingImportRow) decode() (PendingImport, error) {
	var p importPayload
	if err := json.Unmarshal(r.Payload, &p); err != nil {
		return PendingImport{}, fmt.Errorf("pending import %d: %w", r.ID, err)
	}
	return PendingImport{ID: r.ID, Kind: r.Kind, Items: p.Items, Findings: p.Findings, CreatedAt: r.CreatedAt, ExpiresAt: r.ExpiresAt,
		Existing: r.Existing}, nil
}

const pendingImportColumns = `id, kind, payload, created_at, expires_at`

// existingRows counts the rows of the pending import's kind, in the same
// read as the import.
const existingRows = `CASE kind WHEN 'stack' THEN (SELECT count(*) FROM stack_items s WHERE s.org_id = p.org_id)
	ELSE (SELECT count(*) FROM findings f WHERE f.org_id = p.org_id) END::int AS existing`

// CreatePendingImport stores p's rows (validated by the caller) for userID
// until now + ImportLifetime and returns its id. The organization's expired
// imports are swept in the same transaction, so abandoned uploads do not
// pile up.
func (s *Store) CreatePendingImport(ctx context.Context, orgID, userID int64, p PendingImport, now time.Time) (int64, error) {
	switch p.Kind {
	case ImportStack, ImportFindings:
	default:
		return 0, fmt.Errorf("store: pending import of kind %q", p.Kind)
	}
	payload, err := json.Marshal(importPayload{Items: p.Items, Findings: p.Findings})
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		// Expired imports go, and so does this person's previous upload of
		// the same list: a new upload replaces it (so uploads cannot pile up).
		if _, err := tx.Exec(ctx, `DELETE FROM pending_imports WHERE org_id = $1 AND (expires_at <= $2
				OR (kind = $3 AND created_by = $4))`, orgID, now, p.Kind, userID); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO pending_imports (org_id, kind, payload, created_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, orgID, p.Kind, payload, userID, now, now.Add(ImportLifetime)).Scan(&id)
	})
	return id, err
}

// FindPendingImport loads a pending import of the organization: ErrNotFound
// when there is none (applied, another organization's), ErrImportExpired
// when it waited too long.
func (s *Store) FindPendingImport(ctx context.Context, orgID, id int64, now time.Time) (PendingImport, error) {
	row, err := tenantOne[pendingImportRow](ctx, s, orgID, `SELECT `+pendingImportColumns+`, `+existingRows+` FROM pending_imports p
		WHERE org_id = $1 AND id = $2 AND kind <> 'workbook'`, orgID, id)
	if err != nil {
		return PendingImport{}, err
	}
	if !now.Before(row.ExpiresAt) {
		return PendingImport{}, ErrImportExpired
	}
	return row.decode()
}

// ApplyPendingImport adds the import's rows to the organization and
// deletes the pending import, in one transaction: every row or none.
// Findings name their stack items, resolved against the inventory as it is
// now; a name that does not resolve is an *export.ImportError naming the
// row and the stack_item column, and nothing is stored (the import stays,
// to be applied once the inventory has the item). ErrNotFound and
// ErrImportExpired as for FindPendingImport; of two concurrent
// confirmations, the second finds nothing.
func (s *Store) ApplyPendingImport(ctx context.Context, orgID, id int64, now time.Time) (PendingImport, error) {
	var p PendingImport
	err := s.inTenant(ctx, orgID, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT `+pendingImportColumns+`, 0 AS existing FROM pending_imports WHERE org_id = $1 AND id = $2 AND kind <> 'workbook' FOR UPDATE`, orgID, id)
		row, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[pendingImportRow])
		if err != nil {
			return mapErr(err)
		}
		if !now.Before(row.ExpiresAt) {
			return ErrImportExpired
		}
		if p, err = row.decode(); err != nil {
			return err
		}
		switch p.Kind {
		case ImportStack:
			err = insertStackItems(ctx, tx, orgID, p.Items)
		case ImportFindings:
			err = insertFindings(ctx, tx, orgID, p.Findings)
		default:
			err = fmt.Errorf("store: pending import %d of kind %q", id, p.Kind)
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM pending_imports WHERE org_id = $1 AND id = $2`, orgID, id)
		return err
	})
	if err != nil {
		return PendingImport{}, err
	}
	return p, nil
}

// insertStackItems adds the items in one statement (COPY is not allowed on
// a table with row-level security).
func insertStackItems(ctx context.Context, tx pgx.Tx, orgID int64, items []roadmap.StackItem) error {
	if len(items) == 0 {
		return nil
	}
	n := len(items)
	names, categories, lifecycles, scalings := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	owners, notes := make([]string, n), make([]string, n)
	costs, hours := make([]float64, n), make([]float64, n)
	scalability := make([]int32, n)
	for i, it := range items {
		names[i], categories[i], lifecycles[i], scalings[i] = it.Name, string(it.Category), string(it.Lifecycle), string(it.CostScaling)
		owners[i], notes[i], costs[i], hours[i], scalability[i] = it.Owner, it.Notes, it.MonthlyCost, it.SupportHoursPerMonth, int32(it.Scalability)
	}
	_, err := tx.Exec(ctx, `INSERT INTO stack_items (org_id, name, category, lifecycle, monthly_cost, cost_scaling, scalability,
			support_hours_per_month, owner, notes)
		SELECT $1, name, category, lifecycle, monthly_cost, cost_scaling, scalability, hours, owner, notes FROM unnest($2::text[], $3::text[], $4::text[], $5::float8[], $6::text[], $7::int[], $8::float8[], $9::text[], $10::text[])
			WITH ORDINALITY AS r(name, category, lifecycle, monthly_cost, cost_scaling, scalability, hours, owner, notes, n)
		ORDER BY n`,
		orgID, names, categories, lifecycles, costs, scalings, scalability, hours, owners, notes)
	return stackItemErr(err)
}

// insertFindings resolves the rows' stack item names against the
// inventory in tx and adds the findings in one statement.
func insertFindings(ctx context.Context, tx pgx.Tx, orgID int64, rows []export.FindingRow) error {
	if len(rows) == 0 {
		return nil
	}
	q, _ := tx.Query(ctx, `SELECT id, name FROM stack_items WHERE org_id = $1`, orgID)
	inventory, err := pgx.CollectRows(q, pgx.RowToStructByPos[export.StackItemRef])
	if err != nil {
		return err
	}
	findings, err := export.ResolveStackItems(rows, inventory)
	if err != nil {
		return err
	}
	n := len(findings)
	kinds, titles, descriptions, efforts, statuses := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	severities := make([]int32, n)
	items := make([]*int64, n)
	for i, f := range findings {
		kinds[i], titles[i], descriptions[i], efforts[i], statuses[i] = string(f.Kind), f.Title, f.Description, string(f.Effort), string(f.Status)
		severities[i], items[i] = int32(f.Severity), f.StackItemID
	}
	_, err = tx.Exec(ctx, `INSERT INTO findings (org_id, kind, title, description, severity, effort, status, stack_item_id)
		SELECT $1, kind, title, description, severity, effort, status, item FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::text[],
			$7::text[], $8::bigint[]) WITH ORDINALITY AS r(kind, title, description, severity, effort, status, item, n)
		ORDER BY n`,
		orgID, kinds, titles, descriptions, severities, efforts, statuses, items)
	return findingErr(err)
}

// FindStackExport reads the inventory and the findings in one round trip,
// for the findings' export (which names each finding's item).
func (s *Store) FindStackExport(ctx context.Context, orgID int64) ([]StackItem, []Finding, error) {
	var items []StackItem
	var findings []Finding
	err := s.readTenant(ctx, orgID, func(q *reads) {
		readAll(q, &items, `SELECT `+stackItemColumns+` FROM stack_items WHERE org_id = $1 ORDER BY name, id`, orgID)
		readAll(q, &findings, `SELECT `+findingColumns+` FROM findings WHERE org_id = $1
			ORDER BY severity DESC, array_position(ARRAY['xs', 's', 'm', 'l', 'xl'], effort), id`, orgID)
	})
	return items, findings, err
}
