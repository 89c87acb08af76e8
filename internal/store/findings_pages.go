package store

import "context"

// The reads of the findings register's pages (internal/http/stack_findings.go):
// each page gets its findings and the names of the stack items they may be
// tied to in one round trip, whatever the size of the register.

// StackItemName is a stack item as a finding shows it: enough to name and
// link it, and to offer it in a form's select.
type StackItemName struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

// FindingsRegister is what the findings list reads: every finding (most
// severe first, as FindFindings orders them) and the inventory's names.
type FindingsRegister struct {
	Findings []Finding
	Items    []StackItemName
}

const stackItemNames = `SELECT id, name FROM stack_items WHERE org_id = $1 ORDER BY name, id`

// FindFindingsRegister reads the organization's findings and its stack
// items' names in one round trip.
func (s *Store) FindFindingsRegister(ctx context.Context, orgID int64) (FindingsRegister, error) {
	var out FindingsRegister
	err := s.readTenant(ctx, orgID, func(q *reads) {
		readAll(q, &out.Findings, `SELECT `+findingColumns+` FROM findings WHERE org_id = $1
			ORDER BY severity DESC, array_position(ARRAY['xs', 's', 'm', 'l', 'xl'], effort), id`, orgID)
		readAll(q, &out.Items, stackItemNames, orgID)
	})
	return out, err
}

// FindStackItemNames lists the inventory's names (the new finding form's
// select) in one round trip.
func (s *Store) FindStackItemNames(ctx context.Context, orgID int64) ([]StackItemName, error) {
	return tenantAll[StackItemName](ctx, s, orgID, stackItemNames, orgID)
}

// FindFindingForm reads one finding (ErrNotFound) and the inventory's
// names, for its edit form or read view, in one round trip.
func (s *Store) FindFindingForm(ctx context.Context, orgID, id int64) (Finding, []StackItemName, error) {
	var f Finding
	var items []StackItemName
	err := s.readTenant(ctx, orgID, func(q *reads) {
		readOne(q, &f, `SELECT `+findingColumns+` FROM findings WHERE org_id = $1 AND id = $2`, orgID, id)
		readAll(q, &items, stackItemNames, orgID)
	})
	return f, items, err
}
