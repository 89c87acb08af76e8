package roadmap

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

var gapNow = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func daysAgo(n int) time.Time { return gapNow.Add(-time.Duration(n) * 24 * time.Hour) }

// knownTeam is a small team whose figures are worked out by hand below:
// members with and without job roles (Cid has none, Dee a custom title),
// one who never rated (Eve), an archived skill with a rating, a rating
// history, stale ratings and a rating by someone who left.
func knownTeam() SkillInput {
	return SkillInput{
		Skills: []MatrixSkill{
			{Key: "c", Name: "Gamma", Position: 3},
			{Key: "b", Name: "Beta", Position: 2},
			{Key: "x", Name: "Archived", Position: 0, Archived: true},
			{Key: "a", Name: "Alpha", Position: 1},
			{Key: "d", Name: "Apex", Position: 2}, // same position as Beta: by name, first
		},
		Members: []MatrixMember{
			{UserID: 5, Name: "Eve", JobRole: "engineer"},
			{UserID: 2, Name: "Bob", JobRole: "sre"},
			{UserID: 1, Name: "Ann", JobRole: "engineer"},
			{UserID: 3, Name: "Cid"},
			{UserID: 4, Name: "Dee", JobRole: "wizard"},
		},
		Requirements: []Requirement{
			{JobRole: "engineer", SkillKey: "a", Level: 3},
			{JobRole: "engineer", SkillKey: "b", Level: 2},
			{JobRole: "engineer", SkillKey: "c", Level: 1},
			{JobRole: "engineer", SkillKey: "d", Level: 0},
			{JobRole: "sre", SkillKey: "a", Level: 2},
			{JobRole: "sre", SkillKey: "b", Level: 4},
			{JobRole: "sre", SkillKey: "c", Level: 3},
			{JobRole: "sre", SkillKey: "x", Level: 3},         // archived
			{JobRole: "wizard", SkillKey: "a", Level: 4},      // not a catalog role
			{JobRole: "engineer", SkillKey: "gone", Level: 4}, // no such skill
		},
		Ratings: []Rating{
			{UserID: 1, SkillKey: "a", Level: 2, RatedAt: daysAgo(10)},
			{UserID: 1, SkillKey: "a", Level: 1, RatedAt: daysAgo(200)}, // history: older, ignored
			{UserID: 1, SkillKey: "b", Level: 1, RatedAt: daysAgo(5)},
			{UserID: 1, SkillKey: "x", Level: 4, Interested: true, RatedAt: daysAgo(5)},
			{UserID: 2, SkillKey: "a", Level: 4, RatedAt: daysAgo(190)},
			{UserID: 2, SkillKey: "b", Level: 1, Interested: true, RatedAt: daysAgo(190)},
			{UserID: 2, SkillKey: "c", Level: 3, RatedAt: daysAgo(181)},
			{UserID: 3, SkillKey: "a", Level: 3, RatedAt: daysAgo(0)},
			{UserID: 3, SkillKey: "b", Level: 1, Interested: true, RatedAt: daysAgo(0)},
			{UserID: 4, SkillKey: "c", Level: 1, RatedAt: daysAgo(1)},
			{UserID: 4, SkillKey: "a", Level: NotRated, Interested: true, RatedAt: daysAgo(1)}, // interest only: not rated, not 0
			{UserID: 99, SkillKey: "a", Level: 4, RatedAt: daysAgo(1)},                         // left the organization
		},
	}
}

func statLine(st SkillStats) string {
	return fmt.Sprintf("%s req=%d cov=%d notrated=%d coverage=%.2f bus=%d risk=%s rated=%d avg=%.2f interested=%d gap=%d gapped=%d",
		st.Skill.Key, st.Requiring, st.Covered, st.NotRated, st.Coverage, st.BusFactor, st.Risk, st.Rated, st.Average, st.Interested, st.TotalGap, st.Gapped)
}

func memberLine(m MemberStats) string {
	var gaps []string
	for _, g := range m.TopGaps {
		gaps = append(gaps, fmt.Sprintf("%s:%d-%d=%d", g.SkillKey, g.Required, g.Level, g.Gap))
	}
	last := "never"
	if !m.LastRated.IsZero() {
		last = fmt.Sprint(int(gapNow.Sub(m.LastRated).Hours() / 24))
	}
	return fmt.Sprintf("%s role=%v rated=%d gap=%d notrated=%d top=[%s] interests=%v last=%s stale=%v never=%v",
		m.Member.Name, m.HasRole, m.Rated, m.TotalGap, m.NotRated, strings.Join(gaps, " "), m.Interests, last, m.Stale, m.NeverRated())
}

func cellText(c Cell) string {
	switch {
	case !c.Rated && c.Required > 0:
		return fmt.Sprintf("?/%d", c.Required)
	case !c.Rated && c.Interested:
		return "-i"
	case !c.Rated:
		return "-"
	}
	s := fmt.Sprint(c.Level)
	if c.Required > 0 {
		s += fmt.Sprintf("/%d", c.Required)
	}
	if c.Gap > 0 {
		s += fmt.Sprintf("(-%d)", c.Gap)
	}
	if c.Interested {
		s += "i"
	}
	if c.Stale {
		s += "s"
	}
	return s
}

// The known team, worked out by hand.
func TestAnalyzeSkillsKnownTeam(t *testing.T) {
	a := AnalyzeSkills(knownTeam(), gapNow)

	var order []string
	for _, st := range a.Skills {
		order = append(order, st.Skill.Key)
	}
	if got := strings.Join(order, " "); got != "a d b c" {
		t.Errorf("skill order %q, want a d b c (position, then name; archived x left out)", got)
	}

	// Cells: rating/required, (-gap), i interested, s stale; ?/n unrated
	// against a requirement (no gap: unknown), - unrated and not required.
	wantGrid := []string{
		"Ann: 2/3(-1) - 1/2(-1) ?/1",
		"Bob: 4/2s - 1/4(-3)is 3/3s",
		"Cid: 3 - 1i -",
		"Dee: -i - - 1",
		"Eve: ?/3 - ?/2 ?/1",
	}
	for i, m := range a.Members {
		var cells []string
		for _, c := range m.Cells {
			cells = append(cells, cellText(c))
		}
		if got := m.Member.Name + ": " + strings.Join(cells, " "); i >= len(wantGrid) || got != wantGrid[i] {
			t.Errorf("row %d: %s", i, got)
		}
	}

	wantSkills := []string{
		// a: Ann, Bob and Eve need it; only Bob is at his level; Eve has
		// not rated (not covered, no gap); Bob and Cid are 3+; the average
		// is over the three who rated (2, 4, 3), not five; Dee's interest
		// without a level counts as interest only; the leaver's 4 counts
		// nowhere.
		"a req=3 cov=1 notrated=1 coverage=0.33 bus=2 risk= rated=3 avg=3.00 interested=1 gap=1 gapped=1",
		// d: nobody needs it or rated it: a risk, no coverage figure.
		"d req=0 cov=0 notrated=0 coverage=0.00 bus=0 risk=nobody rated=0 avg=0.00 interested=0 gap=0 gapped=0",
		"b req=3 cov=0 notrated=1 coverage=0.00 bus=0 risk=nobody rated=3 avg=1.00 interested=2 gap=4 gapped=2",
		// c: Bob alone does it: a single point of failure.
		"c req=3 cov=1 notrated=2 coverage=0.33 bus=1 risk=single_point_of_failure rated=2 avg=2.00 interested=0 gap=0 gapped=0",
	}
	for i, st := range a.Skills {
		if got := statLine(st); i >= len(wantSkills) || got != wantSkills[i] {
			t.Errorf("skill %d: %s", i, got)
		}
	}

	wantMembers := []string{
		// Ann's gaps tie at 1: matrix order; her archived skill's rating and
		// interest are not counted.
		"Ann role=true rated=2 gap=2 notrated=1 top=[a:3-2=1 b:2-1=1] interests=[] last=5 stale=false never=false",
		"Bob role=true rated=3 gap=3 notrated=0 top=[b:4-1=3] interests=[b] last=181 stale=true never=false",
		"Cid role=false rated=2 gap=0 notrated=0 top=[] interests=[b] last=0 stale=false never=false",
		"Dee role=false rated=1 gap=0 notrated=0 top=[] interests=[a] last=1 stale=false never=false",
		"Eve role=true rated=0 gap=0 notrated=3 top=[] interests=[] last=never stale=false never=true",
	}
	for i, m := range a.Members {
		if got := memberLine(m); i >= len(wantMembers) || got != wantMembers[i] {
			t.Errorf("member %d: %s", i, got)
		}
	}

	// b: the highest requirement with a gap is Bob's 4; the best on the
	// team is 1, more than 2 below: hire. a: the requirement with a gap is
	// Ann's 3, she rates 2 (one below), and Bob is an expert who can teach:
	// train.
	var gaps []string
	for _, g := range a.BiggestGaps {
		gaps = append(gaps, fmt.Sprintf("%s total=%d gapped=%d req=%d %s closest=%v teachers=%v", g.Skill.Key, g.TotalGap, g.Gapped, g.Required, g.Suggestion, g.Closest, g.Teachers))
	}
	wantGaps := "b total=4 gapped=2 req=4 hiring closest=[] teachers=[]; a total=1 gapped=1 req=3 training closest=[1] teachers=[2]"
	if got := strings.Join(gaps, "; "); got != wantGaps {
		t.Errorf("biggest gaps:\n got %s\nwant %s", got, wantGaps)
	}
	if len(a.SinglePoints) != 1 || a.SinglePoints[0].Skill.Key != "c" {
		t.Errorf("single points of failure %v, want c", a.SinglePoints)
	}
	var risks []string
	for _, r := range a.Risks {
		risks = append(risks, r.Skill.Key+":"+string(r.Risk))
	}
	if got := strings.Join(risks, " "); got != "d:nobody b:nobody c:single_point_of_failure" {
		t.Errorf("risks %s", got)
	}
}

// The suggestion for a gap, each rule on its own.
func TestGapSuggestions(t *testing.T) {
	for _, tt := range []struct {
		name    string
		levels  map[int64]int // member → rating of s; member 1 (engineer, requires 3) always has the gap
		want    Suggestion
		closest string
	}{
		{"one below: training", map[int64]int{1: 2}, SuggestTraining, "[1]"},
		{"a colleague one below (no role): training", map[int64]int{1: 0, 2: 2}, SuggestTraining, "[2]"},
		{"an expert colleague teaches", map[int64]int{1: 0, 2: 4}, SuggestTraining, "[]"},
		{"two below, nobody can teach", map[int64]int{1: 1}, SuggestTrainingOrHiring, "[]"},
		{"a practitioner colleague at the level, not an expert", map[int64]int{1: 0, 2: 3}, SuggestTrainingOrHiring, "[]"},
		{"nobody within 2: hiring", map[int64]int{1: 0}, SuggestHiring, "[]"},
		{"nobody within 2, another unrated: hiring", map[int64]int{1: 0, 3: -1}, SuggestHiring, "[]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := SkillInput{
				Skills:       []MatrixSkill{{Key: "s", Name: "S"}},
				Members:      []MatrixMember{{UserID: 1, Name: "A", JobRole: "engineer"}, {UserID: 2, Name: "B"}, {UserID: 3, Name: "C", JobRole: "engineer"}},
				Requirements: []Requirement{{JobRole: "engineer", SkillKey: "s", Level: 3}},
			}
			for id, lv := range tt.levels {
				if lv >= 0 {
					in.Ratings = append(in.Ratings, Rating{UserID: id, SkillKey: "s", Level: lv, RatedAt: gapNow})
				}
			}
			a := AnalyzeSkills(in, gapNow)
			if len(a.BiggestGaps) != 1 {
				t.Fatalf("gaps %+v", a.BiggestGaps)
			}
			g := a.BiggestGaps[0]
			if g.Suggestion != tt.want || fmt.Sprint(g.Closest) != tt.closest {
				t.Errorf("%s closest=%v, want %s closest=%s", g.Suggestion, g.Closest, tt.want, tt.closest)
			}
			if g.Suggestion.Label() == "" {
				t.Error("no label")
			}
		})
	}
}

// The summary keeps the five biggest gaps, biggest first, ties by the
// number of people with a gap, then matrix order.
func TestBiggestGapsOrderAndCap(t *testing.T) {
	in := SkillInput{}
	for i := range 8 {
		key := fmt.Sprintf("s%d", i)
		in.Skills = append(in.Skills, MatrixSkill{Key: key, Name: key, Position: i})
	}
	for i := range 3 {
		in.Members = append(in.Members, MatrixMember{UserID: int64(i + 1), Name: fmt.Sprint("M", i), JobRole: "staff_engineer"})
	}
	// Gaps per skill (total/people): s0 1/1, s1 4/2, s2 4/1, s3 2/1, s4
	// none, s5 3/1, s6 2/2, s7 1/1.
	req := []int{1, 2, 4, 2, 1, 3, 2, 1}
	levels := [][3]int{{0, 1, 1}, {0, 0, 2}, {0, 4, 4}, {0, 2, 2}, {1, 1, 1}, {0, 3, 3}, {1, 1, 2}, {0, 1, 1}}
	for i, lv := range req {
		key := fmt.Sprintf("s%d", i)
		in.Requirements = append(in.Requirements, Requirement{JobRole: "staff_engineer", SkillKey: key, Level: lv})
		for u := range 3 {
			in.Ratings = append(in.Ratings, Rating{UserID: int64(u + 1), SkillKey: key, Level: levels[i][u], RatedAt: gapNow})
		}
	}
	a := AnalyzeSkills(in, gapNow)
	var got []string
	for _, g := range a.BiggestGaps {
		got = append(got, fmt.Sprintf("%s:%d/%d", g.Skill.Key, g.TotalGap, g.Gapped))
	}
	// s1 before s2 (two people), s6 before s3 (two people); s0 and s7 are
	// beyond the five.
	if want := "s1:4/2 s2:4/1 s5:3/1 s6:2/2 s3:2/1"; strings.Join(got, " ") != want {
		t.Errorf("biggest gaps %v, want %s", got, want)
	}
}

// The same team in any input order gives the same analysis.
func TestAnalyzeSkillsDeterministic(t *testing.T) {
	want := AnalyzeSkills(knownTeam(), gapNow)
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		in := knownTeam()
		r.Shuffle(len(in.Skills), func(i, j int) { in.Skills[i], in.Skills[j] = in.Skills[j], in.Skills[i] })
		r.Shuffle(len(in.Members), func(i, j int) { in.Members[i], in.Members[j] = in.Members[j], in.Members[i] })
		r.Shuffle(len(in.Requirements), func(i, j int) { in.Requirements[i], in.Requirements[j] = in.Requirements[j], in.Requirements[i] })
		r.Shuffle(len(in.Ratings), func(i, j int) { in.Ratings[i], in.Ratings[j] = in.Ratings[j], in.Ratings[i] })
		if got := AnalyzeSkills(in, gapNow); !reflect.DeepEqual(got, want) {
			t.Fatalf("a shuffled input changed the analysis")
		}
	}
}

func TestAnalyzeSkillsEmpty(t *testing.T) {
	a := AnalyzeSkills(SkillInput{}, gapNow)
	if len(a.Skills) != 0 || len(a.Members) != 0 || len(a.BiggestGaps) != 0 {
		t.Errorf("%+v", a)
	}
	// Members but no skills, and skills but no members.
	a = AnalyzeSkills(SkillInput{Members: []MatrixMember{{UserID: 1, Name: "A", JobRole: "sre"}}}, gapNow)
	if len(a.Members) != 1 || len(a.Members[0].Cells) != 0 || a.Members[0].HasRole {
		t.Errorf("%+v", a.Members)
	}
	a = AnalyzeSkills(SkillInput{Skills: []MatrixSkill{{Key: "k", Name: "K"}}}, gapNow)
	if len(a.Skills) != 1 || a.Skills[0].Risk != RiskNobody {
		t.Errorf("%+v", a.Skills)
	}
}

func TestRatingStale(t *testing.T) {
	for _, tt := range []struct {
		age  time.Duration
		want bool
	}{{0, false}, {StaleRatingAge, false}, {StaleRatingAge + time.Second, true}, {-time.Hour, false}} {
		if got := RatingStale(gapNow.Add(-tt.age), gapNow); got != tt.want {
			t.Errorf("age %v: stale %v", tt.age, got)
		}
	}
}

// benchTeam is 100 members on the catalog's roles × 40 skills, with most
// cells rated and a history on some.
func benchTeam() SkillInput {
	r := rand.New(rand.NewPCG(3, 4))
	var in SkillInput
	for i := range 40 {
		key := fmt.Sprintf("skill_%02d", i)
		in.Skills = append(in.Skills, MatrixSkill{Key: key, Name: fmt.Sprintf("Skill %02d", i), Position: i, Category: SkillCategories[i%len(SkillCategories)].Key})
		for _, role := range JobRoles {
			in.Requirements = append(in.Requirements, Requirement{JobRole: role.Key, SkillKey: key, Level: r.IntN(5)})
		}
	}
	for u := range 100 {
		m := MatrixMember{UserID: int64(u + 1), Name: fmt.Sprintf("Member %03d", u)}
		if u%10 != 0 {
			m.JobRole = JobRoles[u%len(JobRoles)].Key
		}
		in.Members = append(in.Members, m)
		for _, s := range in.Skills {
			if r.IntN(10) == 0 {
				continue
			}
			in.Ratings = append(in.Ratings, Rating{UserID: m.UserID, SkillKey: s.Key, Level: r.IntN(5), Interested: r.IntN(4) == 0,
				RatedAt: gapNow.Add(-time.Duration(r.IntN(300*24)) * time.Hour)})
		}
	}
	return in
}

// BenchmarkGapAnalysis is the matrix page's computation for 100 members ×
// 40 skills (target: under 1 ms).
func BenchmarkGapAnalysis(b *testing.B) {
	in := benchTeam()
	b.ReportAllocs()
	for b.Loop() {
		AnalyzeSkills(in, gapNow)
	}
}
