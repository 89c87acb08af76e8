package sample

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/headwayhq/headway/internal/roadmap"
)

// The fixture is what the issue describes, and every row of it passes the
// domain's own validation, so the sample never holds what a page could not
// have saved.
func TestFixture(t *testing.T) {
	f, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	problems := func(what string, fe roadmap.FieldErrors) {
		t.Helper()
		if len(fe) > 0 {
			t.Errorf("%s: %v", what, fe)
		}
	}
	if err := (roadmap.Organization{Name: f.Name}).Validate(); len(err) > 0 {
		t.Errorf("name: %v", err)
	}
	problems("profile", roadmap.OrgProfile{Industry: f.Industry, Size: f.Size}.Validate())
	c := f.Considerations
	problems("considerations", roadmap.Considerations{TeamSize: c.TeamSize, PlannedTeamSize: c.PlannedTeamSize,
		Team: roadmap.Answer{Verdict: roadmap.Verdict(c.TeamVerdict), Notes: c.TeamNotes}, Cost: roadmap.Answer{Verdict: roadmap.Verdict(c.CostVerdict), Notes: c.CostNotes},
		Scalability: roadmap.Answer{Verdict: roadmap.Verdict(c.ScalabilityVerdict), Notes: c.ScalabilityNotes},
		Support:     roadmap.Answer{Verdict: roadmap.Verdict(c.SupportVerdict), Notes: c.SupportNotes}}.Validate())
	if c.TeamSize != 35 || c.PlannedTeamSize != 45 {
		t.Errorf("team %d now, %d planned; want 35 and 45", c.TeamSize, c.PlannedTeamSize)
	}

	tools := map[string]int64{}
	names := map[string]bool{}
	var hold, superlinear int
	for i, tool := range f.Stack {
		problems("tool "+tool.Ref, tool.Item().Validate())
		if tools[tool.Ref] != 0 || names[strings.ToLower(tool.Name)] {
			t.Errorf("tool %s: ref or name twice", tool.Ref)
		}
		tools[tool.Ref], names[strings.ToLower(tool.Name)] = int64(i+1), true
		hold += btoi(tool.Lifecycle == "hold")
		superlinear += btoi(tool.CostScaling == "superlinear")
	}
	if len(f.Stack) != 25 || hold < 2 || superlinear < 2 {
		t.Errorf("%d tools, %d on hold, %d superlinear; want 25, some of each", len(f.Stack), hold, superlinear)
	}

	findings := map[string]int64{}
	kinds, resolved := map[string]int{}, 0
	for i, fd := range f.Findings {
		ff := fd.Finding()
		if fd.Tool != "" {
			id, ok := tools[fd.Tool]
			if !ok {
				t.Errorf("finding %s: no tool %q", fd.Ref, fd.Tool)
			}
			ff.StackItemID = &id
		}
		problems("finding "+fd.Ref, ff.Validate())
		findings[fd.Ref] = int64(i + 1)
		kinds[fd.Kind]++
		resolved += btoi(fd.Status == "resolved")
	}
	if len(f.Findings) != 12 || kinds["debt"] == 0 || kinds["opportunity"] == 0 || resolved == 0 {
		t.Errorf("%d findings %v, %d resolved; want a dozen of both kinds, some resolved", len(f.Findings), kinds, resolved)
	}

	if len(f.Members) != 12 {
		t.Errorf("%d members, want 12", len(f.Members))
	}
	for _, m := range f.Members {
		problems("member "+m.Name, roadmap.Membership{Role: m.Role, JobRole: roadmap.JobRoleChoice{Key: m.JobRole}}.Validate())
		if m.Role == roadmap.RoleOwner || m.Level < 0 || m.Level > roadmap.MaxSkillLevel {
			t.Errorf("member %s: role %s, level %d (the user is the one owner; levels 0-4)", m.Name, m.Role, m.Level)
		}
	}
	if _, ok := roadmap.JobRoleByKey(f.OwnerJobRole); !ok {
		t.Errorf("owner's job role %q", f.OwnerJobRole)
	}
	skills := map[string]bool{}
	for _, s := range roadmap.SkillCatalog {
		skills[s.Key] = true
	}
	for _, k := range append(append([]string{}, f.TeamGaps...), f.TeamInterests...) {
		if !skills[k] {
			t.Errorf("no skill %q in the catalog", k)
		}
	}

	months := map[int]bool{}
	for _, k := range f.KPIs {
		on := k.MonthsAgo
		now := time.Now().UTC().Truncate(24 * time.Hour)
		problems(fmt.Sprintf("KPIs %d months ago", on), roadmap.Snapshot{MeasuredOn: now.AddDate(0, -on, 0), DeploymentsPerWeek: &k.DeploymentsPerWeek, LeadTimeHours: &k.LeadTimeHours,
			RecoveryTimeHours: &k.RecoveryTimeHours, ChangeFailureRate: &k.ChangeFailureRate, ReworkRate: &k.ReworkRate}.Validate(now))
		months[on] = true
	}
	if len(months) != 12 || !months[0] || !months[11] {
		t.Errorf("KPI months %v, want one a month for a year up to now", months)
	}
	for _, tg := range f.Targets {
		problems("target "+tg.Metric, tg.Target().Validate())
	}
	statuses := map[string]int{}
	for _, p := range f.Practices {
		if _, ok := roadmap.PracticeByKey(p.Key); !ok {
			t.Errorf("no practice %q", p.Key)
		}
		problems("practice "+p.Key, roadmap.PracticeChange{Status: roadmap.PracticeStatus(p.Status), Notes: &p.Notes}.Validate())
		statuses[p.Status]++
	}
	if statuses["fully"] == 0 || statuses["not_started"] == 0 || statuses["partial"] == 0 {
		t.Errorf("practices %v: want partly in place", statuses)
	}
	if len(f.Assessments) != 2 || f.Assessments[0].MonthsAgo-f.Assessments[1].MonthsAgo < 2 {
		t.Errorf("assessments %+v: want two, months apart", f.Assessments)
	}
	for _, a := range f.Assessments {
		for _, d := range roadmap.Dimensions {
			if l := a.Levels[string(d.Key)]; l < roadmap.MinMaturityLevel || l > roadmap.MaxMaturityLevel {
				t.Errorf("assessment %d months ago: %s level %d", a.MonthsAgo, d.Key, l)
			}
		}
	}
	for _, s := range f.Stakeholders {
		problems("stakeholder "+s.Name, s.Stakeholder().Validate())
		for _, k := range s.Initiatives {
			if _, ok := ResolveKey(k, findings, tools); !ok {
				t.Errorf("stakeholder %s: unknown initiative %q", s.Name, k)
			}
		}
	}
	decided := map[string]int{}
	for _, d := range f.Decisions {
		if _, ok := ResolveKey(d.Key, findings, tools); !ok {
			t.Errorf("decision on unknown %q", d.Key)
		}
		if d.Owner != nil && (*d.Owner < 0 || *d.Owner >= len(f.Members)) {
			t.Errorf("decision %s: owner %d", d.Key, *d.Owner)
		}
		decided[d.Status]++
	}
	for _, s := range []string{"accepted", "in_progress", "done", "dismissed"} {
		if decided[s] == 0 {
			t.Errorf("no decision %s: %v", s, decided)
		}
	}
	problems("baseline", roadmap.Baseline{Name: f.Baseline.Name}.Validate())
}

func TestSkillAndAnswerLevelsStayInRange(t *testing.T) {
	for _, tc := range []struct{ level, i, j int }{{0, 0, 0}, {0, 1, 2}, {4, 2, 1}, {4, 0, 2}} {
		for _, gap := range []bool{false, true} {
			if l := SkillLevel(Member{Level: tc.level}, tc.i, tc.j, gap); l < 0 || l > roadmap.MaxSkillLevel {
				t.Errorf("SkillLevel(%+v, gap %v) = %d", tc, gap, l)
			}
		}
	}
	if SkillLevel(Member{Level: 3}, 0, 1, true) >= SkillLevel(Member{Level: 3}, 0, 1, false) {
		t.Error("a team gap does not lower the rating")
	}
	for l := 1; l <= 5; l++ {
		for q := range 20 {
			if a := AnswerLevel(l, q); a < 1 || a > 5 || a < l-1 || a > l+1 {
				t.Errorf("AnswerLevel(%d, %d) = %d", l, q, a)
			}
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
