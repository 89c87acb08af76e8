package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/internal/testdb"
)

// Practice statuses: a first set needs version 0, a later one the version
// read (one of two concurrent writers wins), no version overwrites, the
// changer's name comes back, a key outside the catalog is not found, and
// another organization sees none of it.
func TestPracticeStatusStore(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	owner, org := signUp(t, st, "owner@example.com", "Acme")
	_, other := signUp(t, st, "other@example.com", "Other")
	v0, v1 := 0, 1
	notes := "two repos left"

	got, err := st.SetPracticeStatus(ctx, org.ID, &owner.ID, "ci", &v0, roadmap.PracticeChange{Status: roadmap.PracticeMostly, Notes: &notes})
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != roadmap.PracticeMostly || got.Version != 1 || got.ChangerName != owner.Name || got.Notes != "two repos left" {
		t.Errorf("set = %+v", got)
	}
	if _, err := st.SetPracticeStatus(ctx, org.ID, &owner.ID, "ci", &v0, roadmap.PracticeChange{Status: roadmap.PracticeFully}); !errors.Is(err, store.ErrStale) {
		t.Errorf("a second first set: %v, want ErrStale", err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = st.SetPracticeStatus(ctx, org.ID, &owner.ID, "ci", &v1, roadmap.PracticeChange{Status: roadmap.PracticeFully})
		}()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) || !(errors.Is(errs[0], store.ErrStale) || errors.Is(errs[1], store.ErrStale)) {
		t.Errorf("concurrent sets: %v, %v; want one success and one ErrStale", errs[0], errs[1])
	}
	// No version (an API client): last write wins, by a token (no user);
	// no notes keeps the notes.
	got, err = st.SetPracticeStatus(ctx, org.ID, nil, "ci", nil, roadmap.PracticeChange{Status: roadmap.PracticePartial})
	if err != nil || got.Version != 3 || got.ChangedBy != nil || got.ChangerName != "" || got.Notes != notes {
		t.Errorf("unversioned set = %+v, %v", got, err)
	}
	if _, err := st.SetPracticeStatus(ctx, org.ID, nil, "metrics", nil, roadmap.PracticeChange{Status: roadmap.PracticeFully}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetPracticeStatus(ctx, org.ID, nil, "nope", nil, roadmap.PracticeChange{Status: roadmap.PracticeFully}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown practice: %v, want ErrNotFound", err)
	}
	ps, err := st.FindPractices(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps.Status("ci").Status != roadmap.PracticePartial || ps.Status("slos").Version != 0 || ps.Status("slos").Status != roadmap.PracticeNotStarted {
		t.Errorf("practices = %+v", ps)
	}
	if s := ps.Statuses(); s["metrics"] != roadmap.PracticeFully || len(s) != 2 {
		t.Errorf("Statuses() = %v", s)
	}
	if ps, err := st.FindPractices(ctx, other.ID); err != nil || len(ps) != 0 {
		t.Errorf("another organization sees %v (%v)", ps, err)
	}
	// The database refuses what the domain refuses, whatever the door.
	if _, err := st.SetPracticeStatus(ctx, org.ID, nil, "slos", nil, roadmap.PracticeChange{Status: "done"}); err == nil {
		t.Error("status done was stored")
	}
}

func allAnswers(level int) roadmap.MaturityAnswers {
	a := roadmap.MaturityAnswers{}
	for _, q := range roadmap.MaturityQuestions {
		a[q.Key] = level
	}
	return a
}

// An assessment: a draft saved twice (versioned), completed in one
// transaction, a second one created completed; the page reads both in
// order with their answers, and the draft's own slot is free again.
func TestMaturityAssessmentStore(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	owner, org := signUp(t, st, "owner@example.com", "Acme")
	_, other := signUp(t, st, "other@example.com", "Other")
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

	d, err := st.SaveDraft(ctx, org.ID, &owner.ID, 0, roadmap.MaturityAnswers{"culture_incidents": 2})
	if err != nil || d.Status != store.AssessmentDraft || d.Version != 1 {
		t.Fatalf("first draft = %+v, %v", d, err)
	}
	if _, err := st.SaveDraft(ctx, org.ID, &owner.ID, 0, roadmap.MaturityAnswers{}); !errors.Is(err, store.ErrStale) {
		t.Errorf("a second new draft: %v, want ErrStale", err)
	}
	if d, err = st.SaveDraft(ctx, org.ID, &owner.ID, 1, roadmap.MaturityAnswers{"culture_incidents": 3, "technology_integration": 4}); err != nil || d.Version != 2 {
		t.Fatalf("second save = %+v, %v", d, err)
	}
	page, err := st.FindMaturity(ctx, org.ID, owner.ID)
	if err != nil {
		t.Fatal(err)
	}
	if page.Draft == nil || len(page.Draft.Answers) != 2 || page.Draft.Answers["culture_incidents"] != 3 || page.Latest() != nil {
		t.Fatalf("page = %+v", page)
	}
	if _, err := st.CompleteDraft(ctx, org.ID, &owner.ID, 2, roadmap.MaturityAnswers{"culture_incidents": 3}, now); !errors.Is(err, store.ErrIncomplete) {
		t.Errorf("completing a partial set: %v, want ErrIncomplete", err)
	}
	if _, err := st.CompleteDraft(ctx, org.ID, &owner.ID, 1, allAnswers(2), now); !errors.Is(err, store.ErrStale) {
		t.Errorf("completing at a stale version: %v, want ErrStale", err)
	}
	first, err := st.CompleteDraft(ctx, org.ID, &owner.ID, 2, allAnswers(2), now)
	if err != nil || first.Status != store.AssessmentCompleted || first.CompletedAt == nil || !first.CompletedAt.Equal(now) {
		t.Fatalf("completed = %+v, %v", first, err)
	}
	second, err := st.CreateCompletedAssessment(ctx, org.ID, nil, allAnswers(3), now.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	page, err = st.FindMaturity(ctx, org.ID, owner.ID)
	if err != nil {
		t.Fatal(err)
	}
	if page.Draft != nil || len(page.Completed) != 2 || page.Latest().ID != second.ID || page.Previous().ID != first.ID {
		t.Fatalf("page = %+v", page)
	}
	if len(page.Latest().Answers) != len(roadmap.MaturityQuestions) || page.Previous().Answers["structure_metrics"] != 2 {
		t.Errorf("answers = %v / %v", page.Latest().Answers, page.Previous().Answers)
	}
	res := page.Results()
	if len(res) != 2 || res[1].Level != 3 || res[0].Level != 2 || res[1].Dimensions[0].Change == nil || *res[1].Dimensions[0].Change != 1 {
		t.Errorf("results = %+v", res)
	}
	// A new draft is possible again; another organization sees nothing.
	if _, err := st.SaveDraft(ctx, org.ID, &owner.ID, 0, roadmap.MaturityAnswers{}); err != nil {
		t.Errorf("a new draft after completing: %v", err)
	}
	if p, err := st.FindMaturity(ctx, other.ID, owner.ID); err != nil || p.Draft != nil || len(p.Completed) != 0 {
		t.Errorf("another organization sees %+v (%v)", p, err)
	}
	if _, err := st.CompleteDraft(ctx, other.ID, nil, 1, allAnswers(2), now); !errors.Is(err, store.ErrStale) {
		t.Errorf("another organization completes our draft: %v, want ErrStale (it has none)", err)
	}
}

// The survey: closed until opened; members' answers replace their own;
// counts leave the database only for questions three members answered;
// a member sees only their own answers; completing closes it.
func TestMaturitySurveyStore(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	owner, org := signUp(t, st, "owner@example.com", "Acme")
	_, other := signUp(t, st, "other@example.com", "Other")
	m1 := join(t, st, org.ID, owner.ID, "m1@example.com", store.RoleMember)
	m2 := join(t, st, org.ID, owner.ID, "m2@example.com", store.RoleMember)
	m3 := join(t, st, org.ID, owner.ID, "m3@example.com", store.RoleMember)
	now := time.Now()

	d, err := st.SaveDraft(ctx, org.ID, &owner.ID, 0, allAnswers(4))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.RecordSurveyAnswers(ctx, org.ID, m1.ID, d.ID, allAnswers(2), now); !errors.Is(err, store.ErrSurveyClosed) {
		t.Errorf("answering before the survey opens: %v, want ErrSurveyClosed", err)
	}
	opened, err := st.OpenSurvey(ctx, org.ID, &owner.ID, now)
	if err != nil || opened.ID != d.ID || !opened.SurveyOpen() || opened.Version != 2 {
		t.Fatalf("open = %+v, %v", opened, err)
	}
	if again, err := st.OpenSurvey(ctx, org.ID, &owner.ID, now.Add(time.Hour)); err != nil || again.Version != 2 || !again.SurveyOpenedAt.Equal(*opened.SurveyOpenedAt) {
		t.Errorf("opening again changed it: %+v, %v", again, err)
	}
	if err := st.RecordSurveyAnswers(ctx, other.ID, m1.ID, d.ID, allAnswers(2), now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("answering through another organization: %v, want ErrNotFound", err)
	}
	if err := st.RecordSurveyAnswers(ctx, org.ID, m1.ID, d.ID, roadmap.MaturityAnswers{"culture_incidents": 2}, now); !errors.Is(err, store.ErrIncomplete) {
		t.Errorf("a partial survey: %v, want ErrIncomplete", err)
	}
	for _, m := range []store.User{m1, m2} {
		if err := st.RecordSurveyAnswers(ctx, org.ID, m.ID, d.ID, allAnswers(1), now); err != nil {
			t.Fatal(err)
		}
	}
	// m1 changes their mind: replaced, not counted twice.
	if err := st.RecordSurveyAnswers(ctx, org.ID, m1.ID, d.ID, allAnswers(2), now); err != nil {
		t.Fatal(err)
	}
	page, err := st.FindMaturity(ctx, org.ID, m1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if page.Draft.Respondents != 2 || len(page.Draft.Survey) != 0 {
		t.Errorf("with two answers: %d respondents, counts %v: no count may leave the database", page.Draft.Respondents, page.Draft.Survey)
	}
	if page.MySurvey["culture_incidents"] != 2 || len(page.MySurvey) != len(roadmap.MaturityQuestions) {
		t.Errorf("m1's own answers = %v", page.MySurvey)
	}
	if err := st.RecordSurveyAnswers(ctx, org.ID, m3.ID, d.ID, allAnswers(5), now); err != nil {
		t.Fatal(err)
	}
	page, err = st.FindMaturity(ctx, org.ID, owner.ID)
	if err != nil {
		t.Fatal(err)
	}
	if page.MySurvey != nil {
		t.Errorf("the owner, who did not answer, sees answers: %v", page.MySurvey)
	}
	if page.Draft.Respondents != 3 || page.Draft.Survey["culture_incidents"] != [5]int{1, 1, 0, 0, 1} {
		t.Errorf("with three answers: %d respondents, counts %v", page.Draft.Respondents, page.Draft.Survey["culture_incidents"])
	}
	agg := page.Draft.SurveyAggregate().Question("culture_incidents")
	if !agg.Shown || agg.Median != 2 || agg.Spread != 4 {
		t.Errorf("aggregate = %+v", agg)
	}
	done, err := st.CompleteDraft(ctx, org.ID, &owner.ID, page.Draft.Version, allAnswers(4), now)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.RecordSurveyAnswers(ctx, org.ID, m1.ID, done.ID, allAnswers(3), now); !errors.Is(err, store.ErrSurveyClosed) {
		t.Errorf("answering a completed assessment: %v, want ErrSurveyClosed", err)
	}
	page, err = st.FindMaturity(ctx, org.ID, m1.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The completed assessment keeps its survey: scored on the team's
	// medians (2 everywhere), with the leader's 4s as blind spots.
	res := page.Results()
	if page.MySurvey != nil || len(res) != 1 || res[0].Dimensions[0].Source != roadmap.SourceTeam || res[0].Overall != 2 || len(res[0].BlindSpots) != len(roadmap.MaturityQuestions) {
		t.Errorf("after completion: mine %v, result %+v", page.MySurvey, res)
	}
	// A member who leaves takes their answers along.
	if err := st.RemoveMember(ctx, org.ID, owner.ID, m3.ID, rekey); err != nil {
		t.Fatal(err)
	}
	if page, err = st.FindMaturity(ctx, org.ID, owner.ID); err != nil || page.Latest().Respondents != 2 || len(page.Latest().Survey) != 0 {
		t.Errorf("after a member left: %+v, %v", page.Latest(), err)
	}
}

// Each page's data is one database round trip, however many assessments,
// answers and statuses there are.
func TestPracticesAndMaturityReadInOneRoundTrip(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	owner, org := signUp(t, st, "owner@example.com", "Acme")
	for _, k := range []string{"ci", "metrics", "slos"} {
		if _, err := st.SetPracticeStatus(ctx, org.ID, &owner.ID, k, nil, roadmap.PracticeChange{Status: roadmap.PracticeFully}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		if _, err := st.CreateCompletedAssessment(ctx, org.ID, &owner.ID, allAnswers(i+1), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.OpenSurvey(ctx, org.ID, &owner.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	counted, n := testdb.CountRoundTrips(ctx)
	if ps, err := st.FindPractices(counted, org.ID); err != nil || len(ps) != 3 || n.Load() != 1 {
		t.Errorf("FindPractices: %d statuses in %d round trips (%v), want 3 in 1", len(ps), n.Load(), err)
	}
	counted, n = testdb.CountRoundTrips(ctx)
	if p, err := st.FindMaturity(counted, org.ID, owner.ID); err != nil || len(p.Completed) != 3 || p.Draft == nil || n.Load() != 1 {
		t.Errorf("FindMaturity: %d completed, draft %v, in %d round trips (%v), want 3 and a draft in 1", len(p.Completed), p.Draft != nil, n.Load(), err)
	}
}
