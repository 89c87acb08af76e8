package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/internal/testdb"
)

func fp(v float64) *float64 { return &v }
func ip(v int) *int         { return &v }

func day(s string) time.Time {
	d, ok := roadmap.ParseDate(s)
	if !ok {
		panic(s)
	}
	return d
}

func exactKPIs(on string) roadmap.Snapshot {
	return roadmap.Snapshot{MeasuredOn: day(on), Edition: "2023", DeploymentsPerWeek: fp(7), LeadTimeHours: fp(24),
		RecoveryTimeHours: fp(1), ChangeFailureRate: fp(5), ReworkRate: fp(2.5)}
}

func answeredKPIs(on string) roadmap.Snapshot {
	return roadmap.Snapshot{MeasuredOn: day(on), Edition: "2024", DeploymentFrequencyAnswer: ip(4), LeadTimeAnswer: ip(3),
		RecoveryTimeAnswer: ip(5), ChangeFailureRate: fp(15)}
}

// Snapshots round-trip as entered (numbers or answers), a second one for a
// date replaces the first (same id, next version, reported), edits and
// deletes need the current version, and another organization sees nothing.
func TestKPISnapshotStore(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	owner, org := signUp(t, st, "owner@example.com", "Acme")
	_, other := signUp(t, st, "other@example.com", "Other")
	audit := func(action string) context.Context {
		return store.WithAudit(ctx, store.AuditEvent{At: time.Now(), ActorUserID: &owner.ID, Actor: "Owner", Action: action, Target: "KPIs"})
	}

	a, replaced, err := st.RecordKPISnapshot(audit(store.AuditKPIRecorded), org.ID, exactKPIs("2026-03-01"))
	if err != nil || replaced {
		t.Fatalf("first record: replaced %v, %v", replaced, err)
	}
	if !reflect.DeepEqual(a.Snapshot(), exactKPIs("2026-03-01")) || a.Version != 1 {
		t.Errorf("stored %+v, want %+v", a.Snapshot(), exactKPIs("2026-03-01"))
	}
	b, replaced, err := st.RecordKPISnapshot(audit(store.AuditKPIRecorded), org.ID, answeredKPIs("2026-03-08"))
	if err != nil || replaced || !reflect.DeepEqual(b.Snapshot(), answeredKPIs("2026-03-08")) {
		t.Fatalf("answers: %+v replaced %v, %v", b.Snapshot(), replaced, err)
	}
	// The same date again replaces, keeping the id.
	again := answeredKPIs("2026-03-01")
	r, replaced, err := st.RecordKPISnapshot(audit(store.AuditKPIRecorded), org.ID, again)
	if err != nil || !replaced || r.ID != a.ID || r.Version != 2 || !reflect.DeepEqual(r.Snapshot(), again) || !r.CreatedAt.Equal(a.CreatedAt) {
		t.Fatalf("replace: %+v replaced %v, %v", r, replaced, err)
	}
	events, err := st.FindAuditEvents(ctx, org.ID, store.AuditFilter{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range events {
		if e.Target == "KPIs" {
			actions = append(actions, e.Action)
		}
	}
	if want := []string{"kpi.replaced", "kpi.recorded", "kpi.recorded"}; !reflect.DeepEqual(actions, want) {
		t.Errorf("audit actions newest first = %v, want %v", actions, want)
	}

	snaps, targets, err := st.FindKPIs(ctx, org.ID)
	if err != nil || len(snaps) != 2 || snaps[0].ID != b.ID || snaps[1].ID != a.ID || len(targets) != 0 {
		t.Fatalf("FindKPIs = %v, %v, %v: want the 8th then the 1st, no targets", snaps, targets, err)
	}
	if s, ts, err := st.FindKPIs(ctx, other.ID); err != nil || len(s)+len(ts) != 0 {
		t.Errorf("another organization sees %v %v (%v)", s, ts, err)
	}
	if _, err := st.FindKPISnapshot(ctx, other.ID, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another organization finds a snapshot: %v", err)
	}

	// Update: version checked, date moves, a taken date is a conflict.
	moved := exactKPIs("2026-03-15")
	u, err := st.UpdateKPISnapshot(ctx, org.ID, a.ID, 2, moved)
	if err != nil || u.Version != 3 || !reflect.DeepEqual(u.Snapshot(), moved) {
		t.Fatalf("update: %+v, %v", u, err)
	}
	if _, err := st.UpdateKPISnapshot(ctx, org.ID, a.ID, 2, moved); !errors.Is(err, store.ErrStale) {
		t.Errorf("stale update: %v", err)
	}
	if _, err := st.UpdateKPISnapshot(ctx, org.ID, a.ID, 3, exactKPIs("2026-03-08")); !errors.Is(err, store.ErrKPIDateTaken) || !errors.Is(err, store.ErrConflict) {
		t.Errorf("taken date: %v", err)
	}
	if _, err := st.UpdateKPISnapshot(ctx, other.ID, a.ID, 3, moved); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another organization's update: %v", err)
	}
	// Delete: version checked.
	if err := st.DeleteKPISnapshot(ctx, org.ID, a.ID, 2); !errors.Is(err, store.ErrStale) {
		t.Errorf("stale delete: %v", err)
	}
	if err := st.DeleteKPISnapshot(ctx, other.ID, a.ID, 3); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another organization's delete: %v", err)
	}
	if err := st.DeleteKPISnapshot(ctx, org.ID, a.ID, 3); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteKPISnapshot(ctx, org.ID, a.ID, 3); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
}

// Targets are replaced as a set, in one transaction: a bad one leaves the
// previous set as it was.
func TestKPITargetsStore(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	_, org := signUp(t, st, "owner@example.com", "Acme")
	set := []roadmap.Target{
		{Metric: roadmap.MetricReworkRate, Value: fp(5)},
		{Metric: roadmap.MetricLeadTime, Tier: roadmap.TierElite},
		{Metric: roadmap.MetricDeploymentFrequency, Value: fp(7)},
	}
	stored, err := st.SetKPITargets(ctx, org.ID, set)
	if err != nil || len(stored) != 3 {
		t.Fatalf("SetKPITargets = %v, %v", stored, err)
	}
	_, got, err := st.FindKPIs(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	var metrics []roadmap.Metric
	for _, g := range got {
		metrics = append(metrics, g.Metric)
	}
	if want := []roadmap.Metric{"deployment_frequency", "lead_time", "rework_rate"}; !reflect.DeepEqual(metrics, want) ||
		got[1].Target() != (roadmap.Target{Metric: roadmap.MetricLeadTime, Tier: roadmap.TierElite}) || *got[0].Value != 7 {
		t.Errorf("targets = %+v, want %v in the metrics' order", got, want)
	}
	// A rate above 100 % is refused by the database; nothing changes.
	if _, err := st.SetKPITargets(ctx, org.ID, []roadmap.Target{{Metric: roadmap.MetricLeadTime, Value: fp(1)},
		{Metric: roadmap.MetricChangeFailureRate, Value: fp(101)}}); err == nil {
		t.Error("a 101 % target was stored")
	}
	if _, got, _ := st.FindKPIs(ctx, org.ID); len(got) != 3 {
		t.Errorf("after a refused set: %d targets, want the 3 before", len(got))
	}
	if _, err := st.SetKPITargets(ctx, org.ID, nil); err != nil {
		t.Fatal(err)
	}
	if _, got, _ := st.FindKPIs(ctx, org.ID); len(got) != 0 {
		t.Errorf("after clearing: %v", got)
	}
}

// The CHECKs refuse what Validate refuses, whichever door writes.
func TestKPIChecks(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	_, org := signUp(t, st, "owner@example.com", "Acme")
	bad := map[string]func(*roadmap.Snapshot){
		"rate over 100":      func(s *roadmap.Snapshot) { s.ChangeFailureRate = fp(100.5) },
		"negative rework":    func(s *roadmap.Snapshot) { s.ReworkRate = fp(-1) },
		"negative hours":     func(s *roadmap.Snapshot) { s.LeadTimeHours = fp(-0.1) },
		"too many deploys":   func(s *roadmap.Snapshot) { s.DeploymentsPerWeek = fp(100001) },
		"NaN":                func(s *roadmap.Snapshot) { s.RecoveryTimeHours = fp(nan()) },
		"number and answer":  func(s *roadmap.Snapshot) { s.LeadTimeAnswer = ip(3) },
		"neither":            func(s *roadmap.Snapshot) { s.DeploymentsPerWeek = nil },
		"answer 7":           func(s *roadmap.Snapshot) { s.LeadTimeHours, s.LeadTimeAnswer = nil, ip(7) },
		"no change failures": func(s *roadmap.Snapshot) { s.ChangeFailureRate = nil },
		"edition":            func(s *roadmap.Snapshot) { s.Edition = "latest" },
	}
	for name, f := range bad {
		s := exactKPIs("2026-01-01")
		f(&s)
		if _, _, err := st.RecordKPISnapshot(ctx, org.ID, s); err == nil {
			t.Errorf("%s: stored", name)
		}
	}
	for name, tg := range map[string]roadmap.Target{
		"neither":      {Metric: roadmap.MetricLeadTime},
		"both":         {Metric: roadmap.MetricLeadTime, Value: fp(1), Tier: roadmap.TierHigh},
		"rework tier":  {Metric: roadmap.MetricReworkRate, Tier: roadmap.TierHigh},
		"bad tier":     {Metric: roadmap.MetricLeadTime, Tier: "great"},
		"bad metric":   {Metric: "mttr", Value: fp(1)},
		"negative":     {Metric: roadmap.MetricRecoveryTime, Value: fp(-1)},
		"rework > 100": {Metric: roadmap.MetricReworkRate, Value: fp(100.1)},
	} {
		if _, err := st.SetKPITargets(ctx, org.ID, []roadmap.Target{tg}); err == nil {
			t.Errorf("target %s: stored", name)
		}
	}
	if s, _, _ := st.FindKPIs(ctx, org.ID); len(s) != 0 {
		t.Errorf("%d snapshots stored", len(s))
	}
}

func nan() float64 { var z float64; return z / z }

// The KPI page's read is one round trip, whatever the number of snapshots.
func TestFindKPIsOneRoundTrip(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	_, org := signUp(t, st, "owner@example.com", "Acme")
	start := day("2025-01-01")
	for n := 0; n < 500; n++ {
		s := exactKPIs("2025-01-01")
		s.MeasuredOn = start.AddDate(0, 0, n)
		if _, _, err := st.RecordKPISnapshot(ctx, org.ID, s); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.SetKPITargets(ctx, org.ID, []roadmap.Target{{Metric: roadmap.MetricLeadTime, Value: fp(24)}}); err != nil {
		t.Fatal(err)
	}
	counted, trips := testdb.CountRoundTrips(ctx)
	snaps, targets, err := st.FindKPIs(counted, org.ID)
	if n := trips.Load(); err != nil || n != 1 || len(snaps) != 500 || len(targets) != 1 {
		t.Errorf("FindKPIs: %d round trips, %d snapshots, %d targets, %v", n, len(snaps), len(targets), err)
	}
	if !snaps[0].MeasuredOn.After(snaps[499].MeasuredOn) {
		t.Error("not newest first")
	}
}

// Migration 13 goes down to 11 (12 belongs to another branch) and up again.
func TestKPIMigrationDownAndUp(t *testing.T) {
	ctx := context.Background()
	m, su := migrator(t)
	if err := m.Up(); err != nil {
		t.Fatal(err)
	}
	tables := func() int {
		var n int
		if err := su.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE tablename IN ('kpi_snapshots', 'kpi_targets')`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if tables() != 2 {
		t.Fatal("migration 13 made no KPI tables")
	}
	if err := m.Migrate(11); err != nil {
		t.Fatal(err)
	}
	if tables() != 0 {
		t.Error("the KPI tables survive going down")
	}
	if err := m.Up(); err != nil || tables() != 2 {
		t.Errorf("up again: %v", err)
	}
}
