package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/internal/testdb"
)

// The quick assessment's writes (start.go): each is whole or nothing, keeps
// what the step pages own, and another organization sees none of it.
func TestStartStore(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	owner, org := signUp(t, st, "owner@example.com", "Acme")
	_, other := signUp(t, st, "other@example.com", "Other")

	// The team: the sizes and the share together; the considerations' answers stay.
	c := roadmap.Considerations{TeamSize: 5, PlannedTeamSize: 6, Cost: roadmap.Answer{Verdict: roadmap.VerdictConcern, Notes: "cloud bill"}}.WithDefaults()
	if _, err := st.SaveConsiderations(ctx, org.ID, 0, c); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveStartTeam(ctx, org.ID, 14, 20, 0.25); err != nil {
		t.Fatal(err)
	}
	got, err := st.FindStart(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if k := got.Considerations; k.TeamSize != 14 || k.PlannedTeamSize != 20 || k.Cost.Verdict != roadmap.VerdictConcern || k.Cost.Notes != "cloud bill" || k.Version != 2 {
		t.Errorf("considerations after the team screen: %+v", k)
	}
	if got.ImprovementShare != 0.25 {
		t.Errorf("improvement share %v, want 0.25", got.ImprovementShare)
	}
	// A share the database refuses saves no size either.
	if err := st.SaveStartTeam(ctx, org.ID, 30, 40, 3); err == nil {
		t.Error("a share of 300 % was saved")
	}
	if got, _ := st.FindStart(ctx, org.ID); got.Considerations.TeamSize != 14 {
		t.Errorf("a refused team screen saved a team size of %d", got.Considerations.TeamSize)
	}

	// The stack: new items, figures of existing ones, findings; one bad row saves nothing.
	tool := roadmap.StarterCatalog[0].Item()
	existing, err := st.CreateStackItem(ctx, org.ID, anItem("Jenkins"))
	if err != nil {
		t.Fatal(err)
	}
	hours := 40.0
	debt := roadmap.Finding{Kind: roadmap.FindingDebt, Title: "Unpatched agents", Severity: 4, Effort: roadmap.EffortS}
	bad := debt
	bad.Severity = 9 // past the domain, the database's CHECK refuses it
	if err := st.SaveStartStack(ctx, org.ID, []roadmap.StackItem{tool}, []store.StackFigures{{ID: existing.ID, SupportHours: &hours}},
		[]roadmap.Finding{debt, bad}); err == nil {
		t.Fatal("a finding of severity 9 was saved")
	}
	got, _ = st.FindStart(ctx, org.ID)
	if len(got.Stack) != 1 || got.Stack[0].SupportHoursPerMonth != 7.25 || len(got.Findings) != 0 {
		t.Fatalf("a refused stack screen saved part of itself: %d items (hours %v), %d findings", len(got.Stack), got.Stack[0].SupportHoursPerMonth, len(got.Findings))
	}
	if err := st.SaveStartStack(ctx, org.ID, []roadmap.StackItem{tool}, []store.StackFigures{{ID: existing.ID, SupportHours: &hours}},
		[]roadmap.Finding{debt}); err != nil {
		t.Fatal(err)
	}
	got, _ = st.FindStart(ctx, org.ID)
	if len(got.Stack) != 2 || len(got.Findings) != 1 {
		t.Fatalf("after the stack screen: %d items, %d findings", len(got.Stack), len(got.Findings))
	}
	for _, it := range got.Stack {
		if it.ID == existing.ID && (it.SupportHoursPerMonth != 40 || it.MonthlyCost != 1234.5 || it.Version != 2) {
			t.Errorf("the existing item's figures: %+v", it)
		}
	}
	// The same debt again (any case, or twice in one answer) updates the
	// finding rather than adding a second with the same title.
	again := debt
	again.Title, again.Severity = "UNPATCHED AGENTS", 2
	if err := st.SaveStartStack(ctx, org.ID, nil, nil, []roadmap.Finding{again, again}); err != nil {
		t.Fatal(err)
	}
	if got, _ = st.FindStart(ctx, org.ID); len(got.Findings) != 1 || got.Findings[0].Severity != 2 {
		t.Errorf("after answering the same debt again: %+v, want one finding of severity 2", got.Findings)
	}
	// Another organization's item id changes nothing.
	if err := st.SaveStartStack(ctx, other.ID, nil, []store.StackFigures{{ID: existing.ID, SupportHours: new(1.0)}}, nil); err != nil {
		t.Fatal(err)
	}
	if it, _ := st.FindStackItem(ctx, org.ID, existing.ID); it.SupportHoursPerMonth != 40 {
		t.Errorf("another organization changed the item's hours to %v", it.SupportHoursPerMonth)
	}

	// Practices: all or none; an unchanged status keeps its version.
	if err := st.SetPracticeStatuses(ctx, org.ID, &owner.ID, map[string]roadmap.PracticeStatus{"ci": roadmap.PracticeMostly, "nope": roadmap.PracticeFully}); !errors.Is(err, store.ErrPracticeNotFound) {
		t.Errorf("an unknown practice: %v, want ErrPracticeNotFound", err)
	}
	statuses := map[string]roadmap.PracticeStatus{"ci": roadmap.PracticeMostly, "metrics": roadmap.PracticePartial}
	for range 2 {
		if err := st.SetPracticeStatuses(ctx, org.ID, &owner.ID, statuses); err != nil {
			t.Fatal(err)
		}
	}
	ps, _ := st.FindPractices(ctx, org.ID)
	if len(ps) != 2 || ps["ci"].Status != roadmap.PracticeMostly || ps["ci"].Version != 1 {
		t.Errorf("practices after saving twice: %+v", ps)
	}

	// Invitations: a duplicate among them saves none, and says which.
	now := time.Now()
	inv := func(email string) store.NewInvitation {
		nonce, hash := rekey()
		return store.NewInvitation{Email: email, Role: roadmap.RoleMember, Nonce: nonce, TokenHash: hash, InvitedBy: owner.ID, SentAt: now, ExpiresAt: now.Add(time.Hour)}
	}
	if _, failed, err := st.CreateInvitations(ctx, org.ID, []store.NewInvitation{inv("a@example.com"), inv("a@example.com")}); !errors.Is(err, store.ErrAlreadyInvited) || failed != 1 {
		t.Errorf("a duplicate: failed %d, %v; want 1, ErrAlreadyInvited", failed, err)
	}
	if _, failed, err := st.CreateInvitations(ctx, org.ID, []store.NewInvitation{inv("b@example.com"), inv("owner@example.com")}); !errors.Is(err, store.ErrAlreadyMember) || failed != 1 {
		t.Errorf("a member: failed %d, %v; want 1, ErrAlreadyMember", failed, err)
	}
	if pending, _ := st.FindPendingInvitations(ctx, org.ID); len(pending) != 0 {
		t.Errorf("%d invitations saved by refused batches", len(pending))
	}
	if invs, _, err := st.CreateInvitations(ctx, org.ID, []store.NewInvitation{inv("a@example.com"), inv("b@example.com")}); err != nil || len(invs) != 2 {
		t.Fatalf("two invitations: %d, %v", len(invs), err)
	}

	// Another organization's state is empty.
	o, err := st.FindStart(ctx, other.ID)
	if err != nil {
		t.Fatal(err)
	}
	if o.Considerations.Saved || len(o.Stack) != 0 || len(o.Findings) != 0 || len(o.Practices) != 0 || len(o.Invitations) != 0 || o.KPI != nil {
		t.Errorf("another organization sees the quick assessment's rows: %+v", o)
	}
}
