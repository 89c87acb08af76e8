// Package sample is the sample organization: a fictional 35-engineer SaaS
// whose four steps and roadmap are filled in, so that a new user sees a
// complete result before typing anything. The data is fixture.json, a
// versioned file in the repository; dates in it are relative (months or
// days ago) so the sample always looks current. The store loads it
// (store.LoadSample) in one transaction.
package sample

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/headwayhq/headway/internal/roadmap"
)

//go:embed fixture.json
var fixtureJSON []byte

// Version is the fixture's version: raised whenever fixture.json changes
// in a way a reader of the sample would notice. It is recorded in the
// audit entry of every sample created.
const Version = 1

// Fixture is fixture.json.
type Fixture struct {
	Version          int            `json:"version"`
	Name             string         `json:"name"`
	Industry         string         `json:"industry"`
	Size             string         `json:"size"`
	ImprovementShare float64        `json:"improvement_share"`
	OwnerJobRole     string         `json:"owner_job_role"`
	Considerations   Considerations `json:"considerations"`
	Stack            []Tool         `json:"stack"`
	Findings         []Finding      `json:"findings"`
	Members          []Member       `json:"members"`
	// TeamGaps are skills every member rates one level lower than their
	// usual (the gaps the skills matrix and the roadmap show);
	// TeamInterests are skills most members would like to learn.
	TeamGaps      []string      `json:"team_gaps"`
	TeamInterests []string      `json:"team_interests"`
	KPIs          []KPI         `json:"kpis"`
	Targets       []Target      `json:"targets"`
	Practices     []Practice    `json:"practices"`
	Assessments   []Assessment  `json:"assessments"`
	Stakeholders  []Stakeholder `json:"stakeholders"`
	Decisions     []Decision    `json:"decisions"`
	Baseline      Baseline      `json:"baseline"`
}

// Considerations are step 1's four questions and the team sizes.
type Considerations struct {
	TeamSize           int    `json:"team_size"`
	PlannedTeamSize    int    `json:"planned_team_size"`
	TeamVerdict        string `json:"team_verdict"`
	TeamNotes          string `json:"team_notes"`
	CostVerdict        string `json:"cost_verdict"`
	CostNotes          string `json:"cost_notes"`
	ScalabilityVerdict string `json:"scalability_verdict"`
	ScalabilityNotes   string `json:"scalability_notes"`
	SupportVerdict     string `json:"support_verdict"`
	SupportNotes       string `json:"support_notes"`
}

// Tool is a stack item; Ref names it within the fixture (findings and
// decisions point at it).
type Tool struct {
	Ref          string  `json:"ref"`
	Name         string  `json:"name"`
	Category     string  `json:"category"`
	Lifecycle    string  `json:"lifecycle"`
	MonthlyCost  float64 `json:"monthly_cost"`
	CostScaling  string  `json:"cost_scaling"`
	Scalability  int     `json:"scalability"`
	SupportHours float64 `json:"support_hours"`
	Owner        string  `json:"owner"`
	Notes        string  `json:"notes"`
}

// Item is the tool as the domain validates it.
func (t Tool) Item() roadmap.StackItem {
	return roadmap.StackItem{Name: t.Name, Category: roadmap.Category(t.Category), Lifecycle: roadmap.Lifecycle(t.Lifecycle),
		MonthlyCost: t.MonthlyCost, CostScaling: roadmap.CostScaling(t.CostScaling), Scalability: t.Scalability,
		SupportHoursPerMonth: t.SupportHours, Owner: t.Owner, Notes: t.Notes}
}

// Finding is a tech-debt item or an opportunity; Tool is a Tool's Ref ("":
// the stack as a whole).
type Finding struct {
	Ref         string `json:"ref"`
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Severity    int    `json:"severity"`
	Effort      string `json:"effort"`
	Status      string `json:"status"`
	Tool        string `json:"tool"`
}

// Finding is the finding as the domain validates it (without its item).
func (f Finding) Finding() roadmap.Finding {
	return roadmap.Finding{Kind: roadmap.FindingKind(f.Kind), Title: f.Title, Description: f.Description,
		Severity: f.Severity, Effort: roadmap.Effort(f.Effort), Status: roadmap.FindingStatus(f.Status)}
}

// Member is a fictional member: a placeholder user without a usable
// account. Level is their usual self-rating (0–4), varied per skill.
type Member struct {
	Name         string `json:"name"`
	Role         string `json:"role"` // admin or member
	JobRole      string `json:"job_role"`
	Level        int    `json:"level"`
	RatedDaysAgo int    `json:"rated_days_ago"`
}

// KPI is a monthly DORA snapshot in exact numbers.
type KPI struct {
	MonthsAgo          int     `json:"months_ago"`
	DeploymentsPerWeek float64 `json:"deployments_per_week"`
	LeadTimeHours      float64 `json:"lead_time_hours"`
	RecoveryTimeHours  float64 `json:"recovery_time_hours"`
	ChangeFailureRate  float64 `json:"change_failure_rate"`
	ReworkRate         float64 `json:"rework_rate"`
}

// Target is a KPI target: a value or a tier.
type Target struct {
	Metric string   `json:"metric"`
	Value  *float64 `json:"value"`
	Tier   string   `json:"tier"`
}

// Target is the target as the domain validates it.
func (t Target) Target() roadmap.Target {
	return roadmap.Target{Metric: roadmap.Metric(t.Metric), Value: t.Value, Tier: roadmap.Tier(t.Tier)}
}

// Practice is step 3's status of one catalog practice.
type Practice struct {
	Key    string `json:"key"`
	Status string `json:"status"`
	Notes  string `json:"notes"`
}

// Assessment is a completed maturity assessment: a level per dimension,
// varied per question.
type Assessment struct {
	MonthsAgo int            `json:"months_ago"`
	Levels    map[string]int `json:"levels"`
}

// Stakeholder is a person the roadmap concerns, with the initiatives
// (decision keys, see Decision) they care about.
type Stakeholder struct {
	Name        string   `json:"name"`
	Title       string   `json:"title"`
	Interest    int      `json:"interest"`
	Influence   int      `json:"influence"`
	Notes       string   `json:"notes"`
	Initiatives []string `json:"initiatives"`
}

// Stakeholder is the stakeholder as the domain validates it.
func (s Stakeholder) Stakeholder() roadmap.Stakeholder {
	return roadmap.Stakeholder{Name: s.Name, Title: s.Title, Interest: s.Interest, Influence: s.Influence, Notes: s.Notes}
}

// Decision is a decision taken on a derived initiative. Key is the
// initiative's key with a fixture ref for the finding and stack rules
// ("finding:kafka-upgrades"); Owner is an index into Members (nil: none).
type Decision struct {
	Key     string `json:"key"`
	Status  string `json:"status"`
	Owner   *int   `json:"owner"`
	Notes   string `json:"notes"`
	DaysAgo int    `json:"days_ago"`
}

// Baseline is the roadmap saved under a name some days ago.
type Baseline struct {
	Name    string `json:"name"`
	DaysAgo int    `json:"days_ago"`
}

// Load parses the fixture in the repository.
func Load() (Fixture, error) {
	var f Fixture
	d := json.NewDecoder(strings.NewReader(string(fixtureJSON)))
	d.DisallowUnknownFields()
	if err := d.Decode(&f); err != nil {
		return Fixture{}, fmt.Errorf("sample: fixture.json: %w", err)
	}
	if f.Version != Version {
		return Fixture{}, fmt.Errorf("sample: fixture.json is version %d, the code expects %d", f.Version, Version)
	}
	return f, nil
}

// MustLoad is Load for a fixture the tests have checked.
func MustLoad() Fixture {
	f, err := Load()
	if err != nil {
		panic(err)
	}
	return f
}

// ResolveKey turns a decision or stakeholder key with a fixture ref into
// the initiative's key, with the ids the refs were given (findings and
// tools by ref); other rules pass through. ok is false for an unknown ref.
func ResolveKey(key string, findings, tools map[string]int64) (string, bool) {
	rule, ref, _ := strings.Cut(key, ":")
	switch rule {
	case roadmap.RuleFinding:
		id, ok := findings[ref]
		return roadmap.InitiativeKey(rule, fmt.Sprint(id)), ok
	case roadmap.RuleStack:
		id, ok := tools[ref]
		return roadmap.InitiativeKey(rule, fmt.Sprint(id)), ok
	}
	return key, ref != ""
}

// SkillLevel is member i's self-rating of skill j (the catalog's order):
// their usual level, one up or down in a fixed pattern so that the matrix
// is not flat, one lower on the team's gaps, within 0–4.
func SkillLevel(m Member, i, j int, gap bool) int {
	l := m.Level + (i*7+j*3)%3 - 1
	if gap {
		l--
	}
	return min(max(l, 0), roadmap.MaxSkillLevel)
}

// AnswerLevel is the answer to question q (the questionnaire's order) of
// an assessment whose dimension level is l: l, and one up or down on some
// questions, within 1–5.
func AnswerLevel(l, q int) int {
	return min(max(l+(q%4)/3-(q%5)/4, roadmap.MinMaturityLevel), roadmap.MaxMaturityLevel)
}
