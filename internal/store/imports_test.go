package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/headwayhq/headway/internal/export"
	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/internal/testdb"
)

// A pending import is applied once, all or nothing: its items in file
// order, its findings linked by name as the inventory is at confirm time;
// an unknown name stores nothing and names the row; another organization
// and an expired import get nothing.
func TestPendingImports(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	owner, org := signUp(t, st, "owner@example.com", "Acme")
	_, other := signUp(t, st, "other@example.com", "Other")
	now := time.Now()
	count := func(table string) int {
		var n int
		if err := db.Superuser(t).QueryRow(ctx, `SELECT count(*) FROM `+table+` WHERE org_id = $1`, org.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	items := []roadmap.StackItem{anItem("Zeta"), anItem("Alpha")}
	id, err := st.CreatePendingImport(ctx, org.ID, owner.ID, store.PendingImport{Kind: store.ImportStack, Items: items}, now)
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.FindPendingImport(ctx, org.ID, id, now)
	if err != nil || got.Kind != store.ImportStack || len(got.Items) != 2 || got.Items[0] != items[0] || got.Len() != 2 {
		t.Fatalf("FindPendingImport = %+v, %v", got, err)
	}
	if _, err := st.FindPendingImport(ctx, other.ID, id, now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another organization finds the import: %v", err)
	}
	if _, err := st.ApplyPendingImport(ctx, other.ID, id, now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another organization applies the import: %v", err)
	}
	if _, err := st.ApplyPendingImport(ctx, org.ID, id, now.Add(store.ImportLifetime)); !errors.Is(err, store.ErrImportExpired) {
		t.Errorf("an expired import: %v, want ErrImportExpired", err)
	}
	if _, err := st.ApplyPendingImport(ctx, org.ID, id, now); err != nil {
		t.Fatal(err)
	}
	stored, err := st.FindStackItems(ctx, org.ID)
	if err != nil || len(stored) != 2 || stored[0].Item() != items[1] || stored[1].Item() != items[0] || stored[1].ID > stored[0].ID {
		t.Fatalf("stored %+v, %v: want both items, in file order", stored, err)
	}
	if _, err := st.ApplyPendingImport(ctx, org.ID, id, now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("applied twice: %v", err)
	}

	// Findings: one names an item that does not exist; nothing is stored.
	f := roadmap.Finding{Kind: roadmap.FindingDebt, Title: "Old", Severity: 2, Effort: roadmap.EffortS, Status: roadmap.FindingOpen}
	rows := []export.FindingRow{{Row: 2, Finding: f, StackItem: "Alpha"}, {Row: 3, Finding: f}, {Row: 4, Finding: f, StackItem: "Nope"}}
	id, err = st.CreatePendingImport(ctx, org.ID, owner.ID, store.PendingImport{Kind: store.ImportFindings, Findings: rows}, now)
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.ApplyPendingImport(ctx, org.ID, id, now)
	var ie *export.ImportError
	if !errors.As(err, &ie) || len(ie.Errors) != 1 || ie.Errors[0].Row != 4 || ie.Errors[0].Column != "stack_item" {
		t.Fatalf("unknown item name: %v", err)
	}
	if n := count("findings"); n != 0 {
		t.Fatalf("%d findings stored by a failed import", n)
	}
	// The inventory gains the item; the same pending import now applies.
	if _, err := st.CreateStackItem(ctx, org.ID, anItem("Nope")); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ApplyPendingImport(ctx, org.ID, id, now); err != nil {
		t.Fatal(err)
	}
	fs, err := st.FindFindings(ctx, org.ID)
	if err != nil || len(fs) != 3 {
		t.Fatalf("findings %+v, %v", fs, err)
	}
	byID := map[int64]string{}
	for _, it := range mustItems(t, st, org.ID) {
		byID[it.ID] = it.Name
	}
	linked := map[string]int{}
	for _, f := range fs {
		if f.StackItemID != nil {
			linked[byID[*f.StackItemID]]++
		}
	}
	if linked["Alpha"] != 1 || linked["Nope"] != 1 || len(linked) != 2 {
		t.Errorf("findings linked to %v", linked)
	}
	if n := count("pending_imports"); n != 0 {
		t.Errorf("%d pending imports left after applying", n)
	}

	// A new upload sweeps the organization's expired ones.
	if _, err := st.CreatePendingImport(ctx, org.ID, owner.ID, store.PendingImport{Kind: store.ImportStack, Items: items}, now); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreatePendingImport(ctx, org.ID, owner.ID, store.PendingImport{Kind: store.ImportStack, Items: items}, now.Add(2*store.ImportLifetime)); err != nil {
		t.Fatal(err)
	}
	if n := count("pending_imports"); n != 1 {
		t.Errorf("%d pending imports, want the expired one swept", n)
	}
}

func mustItems(t *testing.T, st *store.Store, orgID int64) []store.StackItem {
	t.Helper()
	items, err := st.FindStackItems(context.Background(), orgID)
	if err != nil {
		t.Fatal(err)
	}
	return items
}
