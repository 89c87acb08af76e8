package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/internal/testdb"
)

func anItem(name string) roadmap.StackItem {
	return roadmap.StackItem{Name: name, Category: roadmap.CategoryCICD, Lifecycle: roadmap.LifecycleTrial, MonthlyCost: 1234.5,
		CostScaling: roadmap.CostSuperlinear, Scalability: 3, SupportHoursPerMonth: 7.25, Owner: "Platform", Notes: "a\nb"}
}

// Items and findings round-trip, updates need the current version (one of
// two concurrent updaters wins, the other is stale), another organization's
// item cannot be linked, and deleting an item unlinks its findings.
func TestStackStore(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	_, org := signUp(t, st, "owner@example.com", "Acme")
	_, other := signUp(t, st, "other@example.com", "Other")

	it, err := st.CreateStackItem(ctx, org.ID, anItem("Jenkins"))
	if err != nil {
		t.Fatal(err)
	}
	if it.Item() != anItem("Jenkins") || it.Version != 1 || it.CreatedAt.IsZero() {
		t.Errorf("created %+v", it)
	}
	if _, err := st.FindStackItem(ctx, other.ID, it.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another organization finds the item: %v", err)
	}
	if _, err := st.UpdateStackItem(ctx, other.ID, it.ID, 1, anItem("Hijacked")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another organization's update: %v, want ErrNotFound", err)
	}
	if err := st.DeleteStackItem(ctx, other.ID, it.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another organization's delete: %v, want ErrNotFound", err)
	}

	// Two updaters read version 1; exactly one wins.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = st.UpdateStackItem(ctx, org.ID, it.ID, 1, anItem("Jenkins "+string(rune('A'+i))))
		}()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) || !(errors.Is(errs[0], store.ErrStale) || errors.Is(errs[1], store.ErrStale)) {
		t.Errorf("concurrent updates: %v, %v; want one success and one ErrStale", errs[0], errs[1])
	}
	got, err := st.FindStackItem(ctx, org.ID, it.ID)
	if err != nil || got.Version != 2 {
		t.Errorf("after the updates: %+v %v, want version 2", got, err)
	}

	theirs, err := st.CreateStackItem(ctx, other.ID, anItem("Theirs"))
	if err != nil {
		t.Fatal(err)
	}
	f := roadmap.Finding{Kind: roadmap.FindingDebt, Title: "Old", Severity: 2, Effort: roadmap.EffortS, Status: roadmap.FindingOpen}
	f.StackItemID = &theirs.ID
	if _, err := st.CreateFinding(ctx, org.ID, f); !errors.Is(err, store.ErrStackItemNotFound) || !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a finding on another organization's item: %v, want ErrStackItemNotFound", err)
	}
	f.StackItemID = &it.ID
	fd, err := st.CreateFinding(ctx, org.ID, f)
	if err != nil {
		t.Fatal(err)
	}
	f.StackItemID = &theirs.ID
	if _, err := st.UpdateFinding(ctx, org.ID, fd.ID, 1, f); !errors.Is(err, store.ErrStackItemNotFound) {
		t.Errorf("moving a finding to another organization's item: %v", err)
	}
	f.StackItemID = &it.ID
	if _, err := st.UpdateFinding(ctx, org.ID, fd.ID, 7, f); !errors.Is(err, store.ErrStale) {
		t.Errorf("a stale finding update: %v", err)
	}
	if err := st.DeleteStackItem(ctx, org.ID, it.ID); err != nil {
		t.Fatal(err)
	}
	fd, err = st.FindFinding(ctx, org.ID, fd.ID)
	if err != nil || fd.StackItemID != nil {
		t.Errorf("after deleting its item the finding is %+v, %v; want it kept, unlinked", fd, err)
	}
	if fs, err := st.FindFindings(ctx, other.ID); err != nil || len(fs) != 0 {
		t.Errorf("another organization lists %d findings (%v)", len(fs), err)
	}
}

// Migration 0016 makes names unique per organization without case, and
// renames the duplicates an inventory already had rather than failing.
func TestStackNamesMigrationRenamesDuplicates(t *testing.T) {
	ctx := context.Background()
	m, su := migrator(t)
	if err := m.Migrate(12); err != nil {
		t.Fatal(err)
	}
	if _, err := su.Exec(ctx, `
		INSERT INTO organizations (id, slug, name) OVERRIDING SYSTEM VALUE VALUES (1, 'acme', 'Acme'), (2, 'beta', 'Beta');
		INSERT INTO stack_items (org_id, id, name, category, lifecycle, cost_scaling, scalability) OVERRIDING SYSTEM VALUE VALUES
			(1, 1, 'AWS', 'cloud', 'adopt', 'linear', 3), (1, 2, 'aws', 'cloud', 'adopt', 'linear', 3),
			(1, 3, 'GitHub', 'source_control', 'adopt', 'linear', 3), (2, 4, 'AWS', 'cloud', 'adopt', 'linear', 3);`); err != nil {
		t.Fatal(err)
	}
	if err := m.Migrate(16); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := su.QueryRow(ctx, `SELECT string_agg(org_id || ':' || name || ':' || version, ', ' ORDER BY id) FROM stack_items`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "1:AWS:1, 1:aws (duplicate 2):2, 1:GitHub:1, 2:AWS:1"; got != want {
		t.Errorf("after the migration the items are %q, want %q", got, want)
	}
	if _, err := su.Exec(ctx, `INSERT INTO stack_items (org_id, name, category, lifecycle, cost_scaling, scalability) VALUES (1, 'github', 'ci_cd', 'adopt', 'flat', 3)`); err == nil {
		t.Error("a second GitHub (in another case) was stored")
	}
}
