package store_test

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"testing"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/internal/testdb"
)

// A baseline's items round-trip as saved; the list is newest first with
// the creator's name and the item count; names are unique without case;
// the cap refuses the next one; another organization sees nothing and
// cannot delete it.
func TestBaselineStore(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	owner, org := signUp(t, st, "owner@example.com", "Acme")
	_, other := signUp(t, st, "other@example.com", "Other")
	items := []roadmap.BaselineItem{
		{Key: "debt:1", Title: "Fix the runners", Rank: 1, Phase: roadmap.PhaseNow, Quarter: "2027 Q1", Status: "proposed"},
		{Key: "practice:ci", Title: "Automate the build", Rank: 2, Phase: roadmap.PhaseNext, Quarter: "2027 Q2", Status: "done"},
	}
	first, err := st.CreateBaseline(ctx, org.ID, owner.ID, "Q1 board review", items)
	if err != nil {
		t.Fatal(err)
	}
	second, err := st.CreateBaseline(ctx, org.ID, owner.ID, "Empty one", nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.FindBaseline(ctx, org.ID, first)
	if err != nil || got.Name != "Q1 board review" || got.CreatedByName != owner.Name || !reflect.DeepEqual(got.Items, items) {
		t.Fatalf("FindBaseline = %+v, %v; want items %+v", got, err, items)
	}
	if empty, err := st.FindBaseline(ctx, org.ID, second); err != nil || len(empty.Items) != 0 {
		t.Errorf("the empty baseline = %+v, %v", empty, err)
	}
	list, err := st.FindBaselines(ctx, org.ID)
	if err != nil || len(list) != 2 || list[0].ID != second || list[1].ID != first || list[1].Items != 2 || list[1].CreatedByName != owner.Name {
		t.Fatalf("FindBaselines = %+v, %v", list, err)
	}
	if _, err := st.CreateBaseline(ctx, org.ID, owner.ID, "q1 BOARD review", items); !errors.Is(err, store.ErrBaselineNameTaken) || !errors.Is(err, store.ErrConflict) {
		t.Errorf("a taken name in other case: %v, want ErrBaselineNameTaken", err)
	}
	// Another organization: the same name is free, the rows are invisible.
	if _, err := st.CreateBaseline(ctx, other.ID, owner.ID, "Q1 board review", items); err != nil {
		t.Errorf("the same name in another organization: %v", err)
	}
	if _, err := st.FindBaseline(ctx, other.ID, first); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another organization reads it: %v", err)
	}
	if err := st.DeleteBaseline(ctx, other.ID, first); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another organization deletes it: %v", err)
	}
	// The cap.
	for i := 2; i < roadmap.MaxBaselines; i++ {
		if _, err := st.CreateBaseline(ctx, org.ID, owner.ID, "Weekly "+strconv.Itoa(i), nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.CreateBaseline(ctx, org.ID, owner.ID, "One too many", nil); !errors.Is(err, store.ErrBaselineLimit) {
		t.Errorf("baseline %d: %v, want ErrBaselineLimit", roadmap.MaxBaselines+1, err)
	}
	if err := st.DeleteBaseline(ctx, org.ID, first); err != nil {
		t.Fatal(err)
	}
	if _, err := st.FindBaseline(ctx, org.ID, first); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted, still found: %v", err)
	}
	if err := st.DeleteBaseline(ctx, org.ID, first); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted twice: %v", err)
	}
	if _, err := st.CreateBaseline(ctx, org.ID, owner.ID, "One too many", nil); err != nil {
		t.Errorf("after a delete there is room again: %v", err)
	}
}
