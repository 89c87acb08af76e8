package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/internal/testdb"
)

// Stakeholders round-trip with their initiative keys (deduplicated,
// sorted), updates need the current version, names are unique without
// case, another organization sees and changes nothing, and deleting a
// stakeholder deletes its links.
func TestStakeholderStore(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	su := db.Superuser(t)
	_, org := signUp(t, st, "owner@example.com", "Acme")
	_, other := signUp(t, st, "other@example.com", "Other")

	cfo := roadmap.Stakeholder{Name: "Dana", Title: "CFO", Interest: 2, Influence: 5, Notes: "Budget.\nQuarterly."}
	got, err := st.CreateStakeholder(ctx, org.ID, cfo, []string{"practice:ci", "finding:7", "practice:ci"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Stakeholder() != cfo || got.Version != 1 || !slices.Equal(got.Initiatives, []string{"finding:7", "practice:ci"}) {
		t.Errorf("created %+v", got)
	}
	if _, err := st.CreateStakeholder(ctx, org.ID, roadmap.Stakeholder{Name: "DANA", Interest: 1, Influence: 1}, nil); !errors.Is(err, store.ErrStakeholderNameTaken) {
		t.Errorf("a second Dana: %v, want ErrStakeholderNameTaken", err)
	}
	if _, err := st.CreateStakeholder(ctx, other.ID, roadmap.Stakeholder{Name: "Dana", Interest: 1, Influence: 1}, nil); err != nil {
		t.Errorf("another organization's Dana: %v", err)
	}
	sales, err := st.CreateStakeholder(ctx, org.ID, roadmap.Stakeholder{Name: "alex", Interest: 4, Influence: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sales.Initiatives == nil || len(sales.Initiatives) != 0 {
		t.Errorf("no initiatives read as %#v, want an empty list", sales.Initiatives)
	}
	list, err := st.FindStakeholders(ctx, org.ID)
	if err != nil || len(list) != 2 || list[0].Name != "alex" || list[1].Name != "Dana" || len(list[1].Initiatives) != 2 {
		t.Fatalf("FindStakeholders = %+v, %v (want alex, Dana by name without case)", list, err)
	}

	// Another organization neither finds nor changes it.
	if _, err := st.FindStakeholder(ctx, other.ID, got.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another organization finds it: %v", err)
	}
	if _, err := st.UpdateStakeholder(ctx, other.ID, got.ID, 1, cfo, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another organization's update: %v", err)
	}
	if err := st.SetStakeholderInitiatives(ctx, other.ID, got.ID, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another organization's SetStakeholderInitiatives: %v", err)
	}
	if err := st.DeleteStakeholder(ctx, other.ID, got.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another organization's delete: %v", err)
	}

	// An update at the version read wins; the same version again is stale.
	cfo.Interest = 4
	up, err := st.UpdateStakeholder(ctx, org.ID, got.ID, 1, cfo, []string{"skill:linux"})
	if err != nil || up.Version != 2 || up.Interest != 4 || !slices.Equal(up.Initiatives, []string{"skill:linux"}) {
		t.Fatalf("update = %+v, %v", up, err)
	}
	if _, err := st.UpdateStakeholder(ctx, org.ID, got.ID, 1, cfo, nil); !errors.Is(err, store.ErrStale) {
		t.Errorf("stale update: %v, want ErrStale", err)
	}
	if _, err := st.UpdateStakeholder(ctx, org.ID, got.ID, 2, roadmap.Stakeholder{Name: "Alex", Interest: 1, Influence: 1}, nil); !errors.Is(err, store.ErrStakeholderNameTaken) {
		t.Errorf("renamed to a taken name: %v", err)
	}
	if err := st.SetStakeholderInitiatives(ctx, org.ID, got.ID, []string{"b:1", "a:1"}); err != nil {
		t.Fatal(err)
	}
	if now, _ := st.FindStakeholder(ctx, org.ID, got.ID); now.Version != 3 || !slices.Equal(now.Initiatives, []string{"a:1", "b:1"}) {
		t.Errorf("after SetStakeholderInitiatives: %+v", now)
	}

	if err := st.DeleteStakeholder(ctx, org.ID, got.ID); err != nil {
		t.Fatal(err)
	}
	var links int
	if err := su.QueryRow(ctx, `SELECT count(*) FROM initiative_stakeholders WHERE stakeholder_id = $1`, got.ID).Scan(&links); err != nil || links != 0 {
		t.Errorf("links left after delete: %d, %v", links, err)
	}
	if _, err := st.FindStakeholder(ctx, org.ID, got.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted stakeholder found: %v", err)
	}
}
