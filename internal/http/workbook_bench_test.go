package http_test

import (
	"context"
	"io"
	"net/http"
	"testing"
)

// BenchmarkFilledWorkbookHTTP is GET /o/{slug}/roadmap.xlsx for a large
// organization: 200 tools, 100 members rating 27 skills, 60 hand-added
// initiatives besides the derived ones; it reports the file's size.
func BenchmarkFilledWorkbookHTTP(b *testing.B) {
	ts, hc, loc, db := benchServerDB(b)
	su := db.Superuser(b)
	ctx := context.Background()
	for _, q := range []string{
		`WITH o AS (SELECT id FROM organizations LIMIT 1),
		u AS (INSERT INTO users (email, name, password_hash)
			SELECT 'member' || g || '@example.com', 'Member ' || g, 'x' FROM generate_series(1, 99) g RETURNING id)
		INSERT INTO memberships (org_id, user_id, role, job_role) SELECT o.id, u.id, 'member', 'engineer' FROM o, u`,
		`INSERT INTO skill_ratings (org_id, user_id, skill_id, level, interested, rated_at)
		SELECT m.org_id, m.user_id, s.id, (m.user_id * 7 + s.id) % 5, (m.user_id + s.id) % 9 = 0, now()
		FROM memberships m JOIN skills s ON s.org_id = m.org_id`,
		`INSERT INTO stack_items (org_id, name, category, lifecycle, monthly_cost, cost_scaling, scalability, support_hours_per_month, owner, notes)
		SELECT o.id, 'Tool ' || g, (ARRAY['ci_cd','cloud','data','security'])[1 + g % 4], (ARRAY['adopt','trial','assess','hold','retire'])[1 + g % 5],
			g * 10, (ARRAY['flat','linear','superlinear'])[1 + g % 3], 1 + g % 5, g % 40, 'Team ' || g % 7, 'Notes on tool ' || g
		FROM organizations o, generate_series(1, 200) g`,
		`INSERT INTO findings (org_id, kind, title, severity, effort, stack_item_id)
		SELECT s.org_id, 'debt', 'Finding on ' || s.name, 1 + s.id % 4, 'm', s.id FROM stack_items s WHERE s.id % 4 = 0`,
		`INSERT INTO roadmap_initiatives (org_id, title, category, effort, value)
		SELECT o.id, 'Initiative ' || g, 'delivery', 's', 5 FROM organizations o, generate_series(1, 60) g`,
	} {
		if _, err := su.Exec(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, ts.URL+loc+"roadmap.xlsx", nil)
	resp, err := hc.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("GET the workbook: %v %v", resp, err)
	}
	file, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	benchGET(b, hc, ts.URL+loc+"roadmap.xlsx", nil, http.StatusOK)
	b.ReportMetric(float64(len(file))/1024, "KiB/file")
}
