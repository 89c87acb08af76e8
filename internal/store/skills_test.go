package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/internal/testdb"
)

func lvl(n int) *int { return &n }

// A new organization starts with the whole catalog and its default
// requirements, created in the signup's transaction.
func TestNewOrganizationGetsTheSkillCatalog(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	_, org := signUp(t, st, "owner@example.com", "Acme")
	m, err := st.FindSkillMatrix(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	assertCatalogSeed(t, m.Skills, m.Requirements)
	if len(m.Members) != 1 || len(m.Ratings) != 0 {
		t.Errorf("members %v, ratings %v", m.Members, m.Ratings)
	}
}

// assertCatalogSeed checks that skills and requirements are exactly the
// catalog and its default requirements.
func assertCatalogSeed(t *testing.T, skills []store.Skill, reqs []store.SkillRequirement) {
	t.Helper()
	if len(skills) != len(roadmap.SkillCatalog) {
		t.Fatalf("%d skills, want the catalog's %d", len(skills), len(roadmap.SkillCatalog))
	}
	for i, s := range skills {
		want := roadmap.SkillCatalog[i]
		if s.Skill() != want.Skill || s.Position != i || s.Archived || s.Version != 1 {
			t.Errorf("skill %d = %+v, want %+v at position %d", i, s.Skill(), want.Skill, i)
		}
	}
	got := map[[2]string]int{}
	for _, r := range reqs {
		got[[2]string{r.JobRole, r.SkillKey}] = r.Level
	}
	want := roadmap.DefaultRequirements()
	if len(got) != len(want) || len(reqs) != len(want) {
		t.Errorf("%d requirements, want %d", len(reqs), len(want))
	}
	for _, r := range want {
		if lv := got[[2]string{r.JobRole, r.SkillKey}]; lv != r.Level {
			t.Errorf("%s on %s requires %d, want %d", r.JobRole, r.SkillKey, lv, r.Level)
		}
	}
}

// Organizations that existed before migration 12 get the catalog from the
// migration itself: its generated VALUES must equal the Go catalog, so the
// two can never drift. Typed titles of the new job roles become their keys,
// and the way down restores them.
func TestSkillsMigrationSeedsTheCatalog(t *testing.T) {
	ctx := context.Background()
	m, su := migrator(t)
	if err := m.Migrate(10); err != nil {
		t.Fatal(err)
	}
	if _, err := su.Exec(ctx, `
		INSERT INTO users (id, email, name, password_hash) OVERRIDING SYSTEM VALUE VALUES (1, 'a@example.com', 'A', 'x'), (2, 'b@example.com', 'B', 'x');
		INSERT INTO organizations (id, slug, name) OVERRIDING SYSTEM VALUE VALUES (1, 'acme', 'Acme'), (2, 'beta', 'Beta');
		INSERT INTO memberships (org_id, user_id, role, job_title) VALUES (1, 1, 'owner', ' SRE '), (2, 2, 'owner', 'Platform engineer'), (1, 2, 'member', 'Wizard');`); err != nil {
		t.Fatal(err)
	}
	if err := m.Migrate(12); err != nil {
		t.Fatal(err)
	}
	for _, org := range []int64{1, 2} {
		rows, err := su.Query(ctx, `SELECT org_id, id, key, name, category, description, level_1, level_2, level_3, level_4, position, archived, version, created_at, updated_at
			FROM skills WHERE org_id = $1 ORDER BY position`, org)
		if err != nil {
			t.Fatal(err)
		}
		var skills []store.Skill
		for rows.Next() {
			var s store.Skill
			if err := rows.Scan(&s.OrgID, &s.ID, &s.Key, &s.Name, &s.Category, &s.Description, &s.Level1, &s.Level2, &s.Level3, &s.Level4,
				&s.Position, &s.Archived, &s.Version, &s.CreatedAt, &s.UpdatedAt); err != nil {
				t.Fatal(err)
			}
			skills = append(skills, s)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows, err = su.Query(ctx, `SELECT q.job_role, q.skill_id, s.key, q.level FROM skill_requirements q
			JOIN skills s ON s.org_id = q.org_id AND s.id = q.skill_id WHERE q.org_id = $1`, org)
		if err != nil {
			t.Fatal(err)
		}
		var reqs []store.SkillRequirement
		for rows.Next() {
			var r store.SkillRequirement
			if err := rows.Scan(&r.JobRole, &r.SkillID, &r.SkillKey, &r.Level); err != nil {
				t.Fatal(err)
			}
			reqs = append(reqs, r)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		assertCatalogSeed(t, skills, reqs)
	}
	jobRoles := func() string {
		t.Helper()
		var s string
		if err := su.QueryRow(ctx, `SELECT string_agg(org_id || '/' || user_id || ':' || coalesce(job_role, '-') || ':' || job_title, ' ' ORDER BY org_id, user_id) FROM memberships`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if got := jobRoles(); got != "1/1:sre: 1/2:-:Wizard 2/2:platform_engineer:" {
		t.Errorf("job roles after migration 12: %s", got)
	}
	var forced int
	if err := su.QueryRow(ctx, `SELECT count(*) FROM pg_class WHERE relname IN ('organizations', 'memberships', 'invitations', 'skills', 'skill_requirements', 'skill_ratings')
		AND relrowsecurity AND relforcerowsecurity`).Scan(&forced); err != nil || forced != 6 {
		t.Errorf("%d of 6 tables under FORCE row-level security (%v)", forced, err)
	}
	if err := m.Migrate(10); err != nil {
		t.Fatal(err)
	}
	if got := jobRoles(); got != "1/1:-:Site reliability engineer 1/2:-:Wizard 2/2:-:Platform engineer" {
		t.Errorf("job roles after going down: %s", got)
	}
}

// Ratings are appended (the history keeps each), the matrix reads the
// latest per member and skill in one round trip, and nothing of another
// organization can be rated or required.
func TestSkillRatingsAndMatrix(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	owner, org := signUp(t, st, "owner@example.com", "Acme")
	member := join(t, st, org.ID, owner.ID, "member@example.com", store.RoleMember)
	outsider, other := signUp(t, st, "other@example.com", "Other")
	if err := st.UpdateMemberJobRole(ctx, org.ID, member.ID, roadmap.JobRoleChoice{Key: "sre"}); err != nil {
		t.Fatal(err)
	}
	day1 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	day2 := day1.AddDate(0, 7, 0)

	if err := st.SaveRatings(ctx, org.ID, member.ID, []roadmap.RatingInput{
		{SkillKey: "kubernetes", Level: lvl(2)},
		{SkillKey: "linux", Level: lvl(0), Interested: true},
		{SkillKey: "observability", Interested: true}, // interest only
		{SkillKey: "networking"},                      // left unrated: nothing stored
	}, day1); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveRatings(ctx, org.ID, member.ID, []roadmap.RatingInput{{SkillKey: "kubernetes", Level: lvl(3)}}, day2); err != nil {
		t.Fatal(err)
	}
	cctx, trips := testdb.CountRoundTrips(ctx)
	m, err := st.FindSkillMatrix(cctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n := trips.Load(); n != 1 {
		t.Errorf("FindSkillMatrix took %d round trips, want 1", n)
	}
	cur := map[string]string{}
	for _, r := range m.Ratings {
		if r.UserID != member.ID {
			t.Errorf("rating of user %d", r.UserID)
		}
		lv := "-"
		if r.Level != nil {
			lv = string(rune('0' + *r.Level))
		}
		if r.Interested {
			lv += "i"
		}
		cur[r.SkillKey] = lv + "@" + r.RatedAt.UTC().Format("01-02")
	}
	if want := map[string]string{"kubernetes": "3@12-01", "linux": "0i@05-01", "observability": "-i@05-01"}; len(cur) != len(want) ||
		cur["kubernetes"] != want["kubernetes"] || cur["linux"] != want["linux"] || cur["observability"] != want["observability"] {
		t.Errorf("current ratings %v, want %v", cur, want)
	}
	hist, err := st.FindRatingHistory(ctx, org.ID, member.ID)
	if err != nil || len(hist) != 4 || hist[0].SkillKey != "kubernetes" || *hist[0].Level != 3 {
		t.Errorf("history %+v, %v: want 4 rows, the newest first", hist, err)
	}

	// The analysis over what the store read: the member's SRE role requires
	// kubernetes 3 (met) and linux 4 (gap 4); observability is unrated.
	a := roadmap.AnalyzeSkills(m.Input(), day2)
	var row roadmap.MemberStats
	for _, ms := range a.Members {
		if ms.Member.UserID == member.ID {
			row = ms
		}
	}
	if !row.HasRole || row.Rated != 2 || len(row.TopGaps) == 0 || row.TopGaps[0].SkillKey != "linux" || row.TopGaps[0].Gap != 4 {
		t.Errorf("member's row %+v", row)
	}

	// Nothing saved when one key is not an active skill of the
	// organization, or the user is not a member.
	otherSkill, err := st.CreateSkill(ctx, other.ID, roadmap.Skill{Name: "Theirs", Category: roadmap.SkillData})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		user   int64
		in     []roadmap.RatingInput
		target error
	}{
		{"another organization's skill", member.ID, []roadmap.RatingInput{{SkillKey: "linux", Level: lvl(4)}, {SkillKey: otherSkill.Key, Level: lvl(1)}}, store.ErrSkillNotFound},
		{"an unknown skill", member.ID, []roadmap.RatingInput{{SkillKey: "linux", Level: lvl(4)}, {SkillKey: "nope", Level: lvl(1)}}, store.ErrSkillNotFound},
		{"a non-member", outsider.ID, []roadmap.RatingInput{{SkillKey: "linux", Level: lvl(4)}}, store.ErrMemberNotFound},
	} {
		if err := st.SaveRatings(ctx, org.ID, tt.user, tt.in, day2); !errors.Is(err, tt.target) || !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.target)
		}
	}
	if hist, _ := st.FindRatingHistory(ctx, org.ID, member.ID); len(hist) != 4 {
		t.Errorf("a refused save wrote ratings: %d rows", len(hist))
	}
	// The database refuses a level the domain would (the CHECK mirrors Validate).
	if err := st.SaveRatings(ctx, org.ID, member.ID, []roadmap.RatingInput{{SkillKey: "linux", Level: lvl(5)}}, day2); err == nil {
		t.Error("a rating of 5 was stored")
	}

	// An archived skill leaves the form (rating it is refused) but keeps
	// its ratings.
	k8s := skillByKey(t, m.Skills, "kubernetes")
	if _, err := st.SetSkillArchived(ctx, org.ID, k8s.ID, k8s.Version, true); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveRatings(ctx, org.ID, member.ID, []roadmap.RatingInput{{SkillKey: "kubernetes", Level: lvl(4)}}, day2); !errors.Is(err, store.ErrSkillNotFound) {
		t.Errorf("rating an archived skill: %v", err)
	}
	m, _ = st.FindSkillMatrix(ctx, org.ID)
	if !skillByKey(t, m.Skills, "kubernetes").Archived || !hasRating(m.Ratings, "kubernetes") {
		t.Error("the archived skill or its rating is gone")
	}
	for _, st := range roadmap.AnalyzeSkills(m.Input(), day2).Skills {
		if st.Skill.Key == "kubernetes" {
			t.Error("the archived skill is in the matrix")
		}
	}

	// A member who leaves takes their ratings along (personal data).
	if err := st.RemoveMember(ctx, org.ID, owner.ID, member.ID, rekey); err != nil {
		t.Fatal(err)
	}
	if m, _ = st.FindSkillMatrix(ctx, org.ID); len(m.Ratings) != 0 {
		t.Errorf("a departed member's ratings stay: %v", m.Ratings)
	}
	// The other organization sees none of this.
	if m, _ := st.FindSkillMatrix(ctx, other.ID); len(m.Skills) != len(roadmap.SkillCatalog)+1 || len(m.Ratings) != 0 || len(m.Members) != 1 {
		t.Errorf("the other organization's matrix: %d skills, %d ratings, %d members", len(m.Skills), len(m.Ratings), len(m.Members))
	}
}

func skillByKey(t *testing.T, skills []store.Skill, key string) store.Skill {
	t.Helper()
	for _, s := range skills {
		if s.Key == key {
			return s
		}
	}
	t.Fatalf("no skill %s", key)
	return store.Skill{}
}

func hasRating(rs []store.SkillRating, key string) bool {
	for _, r := range rs {
		if r.SkillKey == key {
			return true
		}
	}
	return false
}

// Admins add skills (custom keys, at the end), rename them (the key and
// ratings stay; a name taken in any case is a conflict), reorder and
// archive them; another organization's skill is not found.
func TestSkillCatalogEdits(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	_, org := signUp(t, st, "owner@example.com", "Acme")
	_, other := signUp(t, st, "other@example.com", "Other")

	chaos := roadmap.Skill{Name: "Chaos engineering", Category: roadmap.SkillReliability, Description: "Breaking things on purpose.",
		Levels: [4]string{"a", "b", "c", "d"}}
	sk, err := st.CreateSkill(ctx, org.ID, chaos)
	if err != nil {
		t.Fatal(err)
	}
	if sk.Key != "custom_"+itoa(sk.ID) || sk.Position != len(roadmap.SkillCatalog) || sk.Skill().Name != chaos.Name || sk.Level3 != "c" {
		t.Errorf("created %+v", sk)
	}
	if _, err := st.CreateSkill(ctx, org.ID, roadmap.Skill{Name: "KUBERNETES", Category: roadmap.SkillContainers}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a duplicate name in another case: %v, want ErrConflict", err)
	}
	if _, err := st.CreateSkill(ctx, other.ID, chaos); err != nil {
		t.Errorf("the same name in another organization: %v", err)
	}

	renamed := chaos
	renamed.Name = "Chaos and resilience testing"
	up, err := st.UpdateSkill(ctx, org.ID, sk.ID, sk.Version, renamed)
	if err != nil || up.Name != renamed.Name || up.Key != sk.Key || up.Version != 2 {
		t.Errorf("rename: %+v, %v", up, err)
	}
	if _, err := st.UpdateSkill(ctx, org.ID, sk.ID, sk.Version, chaos); !errors.Is(err, store.ErrStale) {
		t.Errorf("a stale rename: %v", err)
	}
	taken := renamed
	taken.Name = "code review"
	if _, err := st.UpdateSkill(ctx, org.ID, sk.ID, up.Version, taken); !errors.Is(err, store.ErrConflict) {
		t.Errorf("renamed onto another skill's name: %v", err)
	}
	if _, err := st.UpdateSkill(ctx, other.ID, sk.ID, up.Version, renamed); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another organization renames it: %v", err)
	}
	if _, err := st.SetSkillArchived(ctx, other.ID, sk.ID, up.Version, true); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another organization archives it: %v", err)
	}
	// The database refuses what Validate refuses.
	if _, err := st.CreateSkill(ctx, org.ID, roadmap.Skill{Name: strings.Repeat("x", 201), Category: roadmap.SkillData}); err == nil {
		t.Error("a 201-character name was stored")
	}
	if _, err := st.CreateSkill(ctx, org.ID, roadmap.Skill{Name: "Odd", Category: "ci_cd"}); err == nil {
		t.Error("an unknown category was stored")
	}

	// Reorder: the custom skill first, then linux; the rest keep their order.
	skills, _ := st.FindSkills(ctx, org.ID)
	linux := skillByKey(t, skills, "linux")
	if err := st.ReorderSkills(ctx, org.ID, []int64{sk.ID, linux.ID}); err != nil {
		t.Fatal(err)
	}
	skills, _ = st.FindSkills(ctx, org.ID)
	if skills[0].ID != sk.ID || skills[1].ID != linux.ID || skills[2].Key != roadmap.SkillCatalog[0].Key || skills[len(skills)-1].Position != len(skills)-1 {
		t.Errorf("order after reorder: %s, %s, %s …", skills[0].Key, skills[1].Key, skills[2].Key)
	}
	theirs, _ := st.FindSkills(ctx, other.ID)
	if err := st.ReorderSkills(ctx, org.ID, []int64{linux.ID, theirs[0].ID}); !errors.Is(err, store.ErrSkillNotFound) {
		t.Errorf("reorder with another organization's skill: %v", err)
	}
	if again, _ := st.FindSkills(ctx, org.ID); again[0].ID != sk.ID {
		t.Error("a refused reorder moved skills")
	}
	// A reorder leaves the version alone: an edit form open meanwhile
	// still saves.
	moved := skillByKey(t, skills, sk.Key)
	if moved.Version != up.Version {
		t.Errorf("reorder moved the version from %d to %d", up.Version, moved.Version)
	}
	if _, err := st.UpdateSkill(ctx, org.ID, sk.ID, up.Version, renamed); err != nil {
		t.Errorf("an edit after a reorder: %v", err)
	}
}

// The requirements grid is saved in one transaction: levels set, zeros
// removed, other cells kept; a skill of another organization refuses the
// whole grid.
func TestSaveRequirements(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	_, org := signUp(t, st, "owner@example.com", "Acme")
	_, other := signUp(t, st, "other@example.com", "Other")
	theirs, err := st.CreateSkill(ctx, other.ID, roadmap.Skill{Name: "Theirs", Category: roadmap.SkillData})
	if err != nil {
		t.Fatal(err)
	}
	level := func(role, key string) int {
		t.Helper()
		m, err := st.FindSkillMatrix(ctx, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range m.Requirements {
			if r.JobRole == role && r.SkillKey == key {
				return r.Level
			}
		}
		return 0
	}
	before := level("engineer", "linux")
	if err := st.SaveRequirements(ctx, org.ID, []roadmap.Requirement{
		{JobRole: "sre", SkillKey: "kubernetes", Level: 4},
		{JobRole: "junior_engineer", SkillKey: "git_branching", Level: 0},
		{JobRole: "engineering_manager", SkillKey: "kubernetes", Level: 1},
		{JobRole: "engineering_manager", SkillKey: "kubernetes", Level: 2}, // the last one wins
	}); err != nil {
		t.Fatal(err)
	}
	if got := [4]int{level("sre", "kubernetes"), level("junior_engineer", "git_branching"), level("engineering_manager", "kubernetes"), level("engineer", "linux")}; got != [4]int{4, 0, 2, before} {
		t.Errorf("levels %v, want [4 0 2 %d]", got, before)
	}
	if err := st.SaveRequirements(ctx, org.ID, []roadmap.Requirement{
		{JobRole: "sre", SkillKey: "kubernetes", Level: 1},
		{JobRole: "sre", SkillKey: theirs.Key, Level: 2},
	}); !errors.Is(err, store.ErrSkillNotFound) {
		t.Errorf("a grid with another organization's skill: %v", err)
	}
	if level("sre", "kubernetes") != 4 {
		t.Error("a refused grid saved part of itself")
	}
	if err := st.SaveRequirements(ctx, org.ID, []roadmap.Requirement{{JobRole: "sre", SkillKey: "kubernetes", Level: 5}}); err == nil {
		t.Error("a required level of 5 was stored")
	}
}
