package store_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/internal/testdb"
)

// tenantTable is a table whose rows belong to one organization: every table
// with an org_id column, read from the catalog, and organizations by id.
type tenantTable struct {
	name string
	key  string   // the column naming the organization
	cols []string // the columns an INSERT may name (no GENERATED ALWAYS)
}

// tenantTables reads the tenant tables from the catalog, so a table added by
// a later migration is probed without editing the tests.
func tenantTables(t *testing.T, conn *pgx.Conn) []tenantTable {
	t.Helper()
	ctx := context.Background()
	rows, err := conn.Query(ctx, `
		SELECT c.relname, CASE WHEN c.relname = 'organizations' THEN 'id' ELSE 'org_id' END,
		       array(SELECT a.attname::text FROM pg_attribute a
		             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
		               AND a.attidentity <> 'a' AND a.attgenerated = '' ORDER BY a.attnum)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
		  AND (c.relname = 'organizations' OR EXISTS (SELECT 1 FROM pg_attribute a
		       WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped))
		ORDER BY c.relname`)
	if err != nil {
		t.Fatal(err)
	}
	var out []tenantTable
	for rows.Next() {
		var tt tenantTable
		if err := rows.Scan(&tt.name, &tt.key, &tt.cols); err != nil {
			t.Fatal(err)
		}
		out = append(out, tt)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) < 2 {
		t.Fatalf("tenant tables = %v: the catalog query found no org_id table", out)
	}
	return out
}

// seed is what seedTenant wrote for one organization.
type seed struct {
	org      store.Org
	owner    store.User
	member   store.User
	apiToken string // the API token's secret
	pending  string // a pending invitation's token
	// shareToken is a live share link's token (shares_test.go).
	shareToken string
}

// seedTenant writes rows of one organization in every tenant table through
// the real store methods. A new tenant table must get a row here (the
// behavioural test fails until it does).
func seedTenant(t *testing.T, st *store.Store, name string) seed {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	var s seed
	s.owner, s.org = signUp(t, st, "owner@"+name+".example", name)
	// memberships (a second one) and an accepted invitation.
	invite(t, st, s.org.ID, s.owner.ID, "member@"+name+".example", name+"-accepted", now.Add(time.Hour))
	u, _, err := st.AcceptInvitation(ctx, store.HashToken(name+"-accepted"), 0,
		&store.NewUser{Email: "member@" + name + ".example", Name: "Member " + name, PasswordHash: "x"}, now)
	if err != nil {
		t.Fatalf("AcceptInvitation(%s): %v", name, err)
	}
	s.member = u
	// invitations: a pending one.
	s.pending = name + "-pending"
	invite(t, st, s.org.ID, s.owner.ID, "pending@"+name+".example", s.pending, now.Add(time.Hour))
	// api_tokens.
	s.apiToken = "hw_" + name + "-token"
	exp := now.Add(24 * time.Hour)
	// audit_events: the token's creation, audited as the handlers do.
	audited := store.WithAudit(ctx, store.AuditEvent{At: now, ActorUserID: &s.owner.ID, Actor: "Owner", Action: "token.created", Target: "token ci"})
	if _, err := st.CreateAPIToken(audited, s.org.ID, s.owner.ID, store.NewAPIToken{Name: "ci", Hash: store.HashToken(s.apiToken), ExpiresAt: &exp}); err != nil {
		t.Fatalf("CreateAPIToken(%s): %v", name, err)
	}
	// stack_items and findings: an item and a finding tied to it.
	item, err := st.CreateStackItem(ctx, s.org.ID, roadmap.StackItem{Name: "GitHub " + name, Category: roadmap.CategorySourceControl,
		Lifecycle: roadmap.LifecycleAdopt, MonthlyCost: 21, CostScaling: roadmap.CostLinear, Scalability: 4, SupportHoursPerMonth: 2})
	if err != nil {
		t.Fatalf("CreateStackItem(%s): %v", name, err)
	}
	if _, err := st.CreateFinding(ctx, s.org.ID, roadmap.Finding{Kind: roadmap.FindingDebt, Title: "Old runners " + name, Severity: 3,
		Effort: roadmap.EffortM, Status: roadmap.FindingOpen, StackItemID: &item.ID}); err != nil {
		t.Fatalf("CreateFinding(%s): %v", name, err)
	}
	if _, err := st.SaveConsiderations(ctx, s.org.ID, 0, roadmap.Considerations{TeamSize: 5, PlannedTeamSize: 8,
		Cost: roadmap.Answer{Verdict: roadmap.VerdictConcern, Notes: "Datadog " + name}}.WithDefaults()); err != nil {
		t.Fatalf("SaveConsiderations(%s): %v", name, err)
	}
	// pending_imports: an uploaded inventory CSV waiting for its confirmation.
	if _, err := st.CreatePendingImport(ctx, s.org.ID, s.owner.ID, store.PendingImport{Kind: store.ImportStack,
		Items: []roadmap.StackItem{{Name: "Jira " + name, Category: roadmap.CategoryCollaboration, Lifecycle: roadmap.LifecycleAdopt,
			CostScaling: roadmap.CostLinear, Scalability: 3}}}, now); err != nil {
		t.Fatalf("CreatePendingImport(%s): %v", name, err)
	}
	// skills and skill_requirements come with the organization (the
	// catalog); a custom skill, a requirement on it and skill_ratings.
	sk, err := st.CreateSkill(ctx, s.org.ID, roadmap.Skill{Name: "Runbooks " + name, Category: roadmap.SkillCollaboration})
	if err != nil {
		t.Fatalf("CreateSkill(%s): %v", name, err)
	}
	if err := st.SaveRequirements(ctx, s.org.ID, []roadmap.Requirement{{JobRole: "sre", SkillKey: sk.Key, Level: 3}}); err != nil {
		t.Fatalf("SaveRequirements(%s): %v", name, err)
	}
	three := 3
	if err := st.SaveRatings(ctx, s.org.ID, s.member.ID, []roadmap.RatingInput{{SkillKey: sk.Key, Level: &three, Interested: true},
		{SkillKey: "kubernetes", Interested: true}}, now); err != nil {
		t.Fatalf("SaveRatings(%s): %v", name, err)
	}
	// kpi_snapshots and kpi_targets: a snapshot and a target.
	if _, _, err := st.RecordKPISnapshot(ctx, s.org.ID, roadmap.Snapshot{MeasuredOn: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		Edition: roadmap.DefaultEdition, DeploymentsPerWeek: fp(7), LeadTimeHours: fp(24), RecoveryTimeHours: fp(1),
		ChangeFailureRate: fp(5)}); err != nil {
		t.Fatalf("RecordKPISnapshot(%s): %v", name, err)
	}
	if _, err := st.SetKPITargets(ctx, s.org.ID, []roadmap.Target{{Metric: roadmap.MetricLeadTime, Tier: roadmap.TierElite}}); err != nil {
		t.Fatalf("SetKPITargets(%s): %v", name, err)
	}
	// practice_status; maturity_assessments and maturity_answers (a
	// completed assessment, and a draft whose survey is open);
	// maturity_survey_answers (the member's).
	if _, err := st.SetPracticeStatus(ctx, s.org.ID, &s.owner.ID, "ci", nil, roadmap.PracticeChange{Status: roadmap.PracticeMostly, Notes: &name}); err != nil {
		t.Fatalf("SetPracticeStatus(%s): %v", name, err)
	}
	full := roadmap.MaturityAnswers{}
	for _, q := range roadmap.MaturityQuestions {
		full[q.Key] = 3
	}
	if _, err := st.CreateCompletedAssessment(ctx, s.org.ID, &s.owner.ID, full, now); err != nil {
		t.Fatalf("CreateCompletedAssessment(%s): %v", name, err)
	}
	draft, err := st.OpenSurvey(ctx, s.org.ID, &s.owner.ID, now)
	if err != nil {
		t.Fatalf("OpenSurvey(%s): %v", name, err)
	}
	if err := st.RecordSurveyAnswers(ctx, s.org.ID, s.member.ID, draft.ID, full, now); err != nil {
		t.Fatalf("RecordSurveyAnswers(%s): %v", name, err)
	}
	// roadmap_initiatives and roadmap_decisions: an initiative added by
	// hand, accepted with its owner and the KPIs at acceptance.
	custom, err := st.CreateCustomInitiative(ctx, s.org.ID, roadmap.CustomInitiative{Title: "Hand-made " + name,
		Category: roadmap.InitiativeDelivery, Effort: roadmap.EffortS, Value: 8})
	if err != nil {
		t.Fatalf("CreateCustomInitiative(%s): %v", name, err)
	}
	if _, err := st.SaveDecision(ctx, s.org.ID, roadmap.Decision{Key: roadmap.InitiativeKey(roadmap.RuleCustom, strconv.FormatInt(custom.ID, 10)),
		Status: roadmap.StatusAccepted, OwnerID: s.owner.ID, Notes: name, Title: custom.Title}, 0,
		map[string]roadmap.KPIValue{"stack_cost": {Value: 10, Text: "10 a month"}}); err != nil {
		t.Fatalf("SaveDecision(%s): %v", name, err)
	}
	// skill_reminders: a reminder to rate, sent to the member.
	if sent, _, err := st.ClaimSkillReminder(ctx, s.org.ID, s.member.ID, now, 24*time.Hour); err != nil || !sent {
		t.Fatalf("ClaimSkillReminder(%s) = %v, %v", name, sent, err)
	}
	// stakeholders and initiative_stakeholders (stakeholders.go): one affected by an initiative.
	if _, err := st.CreateStakeholder(ctx, s.org.ID, roadmap.Stakeholder{Name: "Dana " + name, Title: "CFO", Interest: 4, Influence: 5},
		[]string{"finding:" + name}); err != nil {
		t.Fatalf("CreateStakeholder(%s): %v", name, err)
	}
	// roadmap_baselines: a saved roadmap of one initiative.
	if _, err := st.CreateBaseline(ctx, s.org.ID, s.owner.ID, "Board review "+name,
		[]roadmap.BaselineItem{{Key: "debt:1", Title: "Fix " + name, Rank: 1, Phase: roadmap.PhaseNow, Quarter: "2027 Q1", Status: "proposed"}}); err != nil {
		t.Fatalf("CreateBaseline(%s): %v", name, err)
	}
	// share_links: a live read-only link of the roadmap.
	if _, s.shareToken, err = st.CreateShareLink(ctx, s.org.ID, s.owner.ID, "Board "+name, now, now.Add(24*time.Hour)); err != nil {
		t.Fatalf("CreateShareLink(%s): %v", name, err)
	}
	return s
}

// sqlState is the SQLSTATE and message of a PostgreSQL error ("" for none).
func sqlState(err error) (string, string) {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code, pgErr.Message
	}
	if err != nil {
		return "?", err.Error()
	}
	return "", ""
}

// As the application role with app.org_id = A, every tenant table shows
// exactly A's rows and refuses to write a row of B; with no tenant it shows
// nothing. The tables come from the catalog and each must be seeded for both
// organizations, so a new table is probed as soon as it exists.
func TestRowLevelSecurityIsolatesEveryTenantTable(t *testing.T) {
	db := testdb.New(t)
	ctx := context.Background()
	st := db.Store()
	su := db.Superuser(t)
	a, b := seedTenant(t, st, "alpha"), seedTenant(t, st, "beta")
	A, B := a.org.ID, b.org.ID

	for _, tt := range tenantTables(t, su) {
		t.Run(tt.name, func(t *testing.T) {
			tbl, key := pgx.Identifier{tt.name}.Sanitize(), pgx.Identifier{tt.key}.Sanitize()
			// Seen as the superuser, which RLS does not restrict.
			var ofA, ofB int
			if err := su.QueryRow(ctx, `SELECT count(*) FILTER (WHERE `+key+` = $1), count(*) FILTER (WHERE `+key+` = $2) FROM `+tbl, A, B).Scan(&ofA, &ofB); err != nil {
				t.Fatal(err)
			}
			if ofA == 0 || ofB == 0 {
				t.Fatalf("table %s has %d rows of organization A and %d of B: a new tenant table must be seeded by seedTenant (rls_test.go), "+
					"through the store method that writes it, so that its row-level security is probed", tt.name, ofA, ofB)
			}

			tx, err := db.Pool.Begin(ctx) // the application role
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(ctx)
			if _, err := tx.Exec(ctx, `SELECT set_config('app.org_id', $1, true)`, itoa(A)); err != nil {
				t.Fatal(err)
			}
			var others, visible int
			if err := tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE `+key+` IS DISTINCT FROM $1), count(*) FROM `+tbl, A).Scan(&others, &visible); err != nil {
				t.Fatal(err)
			}
			if others != 0 || visible != ofA {
				t.Errorf("as tenant A, an unfiltered SELECT shows %d rows of other organizations and %d rows in all, want 0 and A's %d", others, visible, ofA)
			}

			// Each probe in a savepoint, so that one refusal does not abort
			// the transaction for the next.
			probe := func(sql string, args ...any) (string, string, int64) {
				t.Helper()
				sp, err := tx.Begin(ctx)
				if err != nil {
					t.Fatal(err)
				}
				defer sp.Rollback(ctx)
				tag, err := sp.Exec(ctx, sql, args...)
				code, msg := sqlState(err)
				return code, msg, tag.RowsAffected()
			}
			refused := func(what, sql string, args ...any) {
				t.Helper()
				code, msg, n := probe(sql, args...)
				switch {
				case code == "42501" && strings.Contains(msg, "row-level security"):
					t.Logf("%s: refused by row-level security (%s)", what, msg)
				case code == "42501":
					t.Logf("%s: refused by a missing privilege, not by a policy (%s)", what, msg)
				case code == "":
					t.Errorf("%s: accepted (%d rows), want SQLSTATE 42501", what, n)
				default:
					t.Errorf("%s: failed with %s %s, want SQLSTATE 42501 (row-level security)", what, code, msg)
				}
			}
			cols := strings.Join(quoteAll(tt.cols), ", ")
			refused("INSERT a copy of A's row as B's",
				`INSERT INTO `+tbl+` (`+cols+`) SELECT `+prefixAll("r.", tt.cols)+`
				 FROM `+tbl+` x, jsonb_populate_record(NULL::`+tbl+`, to_jsonb(x) || jsonb_build_object($2::text, $3::bigint)) r
				 WHERE x.`+key+` = $1 LIMIT 1`, A, tt.key, B)
			refused("UPDATE A's rows to B", `UPDATE `+tbl+` SET `+key+` = $2 WHERE `+key+` = $1`, A, B)
			// B's rows cannot even be addressed.
			for _, sql := range []string{`UPDATE ` + tbl + ` SET ` + key + ` = ` + key + ` WHERE ` + key + ` = $1`, `DELETE FROM ` + tbl + ` WHERE ` + key + ` = $1`} {
				// An append-only table (audit_events) refuses the statement
				// outright: no privilege, which also addresses nothing.
				if code, msg, n := probe(sql, B); (code != "" && !(code == "42501" && strings.Contains(msg, "permission denied"))) || n != 0 {
					t.Errorf("as tenant A, %s with B: %d rows (error %q), want 0 rows", sql, n, strings.TrimSpace(code+" "+msg))
				}
			}
			if err := tx.Rollback(ctx); err != nil {
				t.Fatal(err)
			}

			// No tenant, and the empty string a session keeps after a
			// transaction-local setting: nothing is visible.
			for _, setting := range []*string{nil, new(string)} {
				var n int
				err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
					if setting != nil {
						if _, err := tx.Exec(ctx, `SELECT set_config('app.org_id', $1, true)`, *setting); err != nil {
							return err
						}
					}
					return tx.QueryRow(ctx, `SELECT count(*) FROM `+tbl).Scan(&n)
				})
				if err != nil || n != 0 {
					t.Errorf("with app.org_id %s: %d rows visible (err %v), want 0", describe(setting), n, err)
				}
			}
		})
	}
}

func describe(s *string) string {
	if s == nil {
		return "unset"
	}
	return fmt.Sprintf("%q", *s)
}

func quoteAll(cols []string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = pgx.Identifier{c}.Sanitize()
	}
	return out
}

func prefixAll(prefix string, cols []string) string {
	q := quoteAll(cols)
	for i := range q {
		q[i] = prefix + q[i]
	}
	return strings.Join(q, ", ")
}
