package http_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// BenchmarkSkillsMatrixPage is step 2a's matrix as its owner reads it, for
// 100 members × 40 skills with a rating in every cell: one round trip
// (skills, requirements, members and latest ratings), the gap analysis and
// the heatmap of 4,000 cells rendered.
func BenchmarkSkillsMatrixPage(b *testing.B) {
	ts, hc, loc, db := benchServerDB(b)
	su := db.Superuser(b)
	ctx := context.Background()
	if _, err := su.Exec(ctx, `
		WITH o AS (SELECT id FROM organizations LIMIT 1),
		u AS (INSERT INTO users (email, name, password_hash)
			SELECT 'member' || g || '@example.com', 'Member ' || g, 'x' FROM generate_series(1, 99) g RETURNING id)
		INSERT INTO memberships (org_id, user_id, role, job_role)
			SELECT o.id, u.id, 'member', (ARRAY['engineer','senior_engineer','sre','platform_engineer','software_engineer'])[1 + u.id % 5] FROM o, u`); err != nil {
		b.Fatal(err)
	}
	if _, err := su.Exec(ctx, `
		WITH o AS (SELECT id FROM organizations LIMIT 1)
		INSERT INTO skills (org_id, key, name, category, position)
			SELECT o.id, 'extra_' || g, 'Extra skill ' || g, 'systems', 100 + g FROM o,
				generate_series(1, 40 - (SELECT count(*) FROM skills)::int) g`); err != nil {
		b.Fatal(err)
	}
	if _, err := su.Exec(ctx, `
		INSERT INTO skill_ratings (org_id, user_id, skill_id, level, interested, rated_at)
		SELECT m.org_id, m.user_id, s.id, (m.user_id * 7 + s.id) % 5, (m.user_id + s.id) % 9 = 0, now()
		FROM memberships m JOIN skills s ON s.org_id = m.org_id`); err != nil {
		b.Fatal(err)
	}
	var members, skills, ratings int
	if err := su.QueryRow(ctx, `SELECT (SELECT count(*) FROM memberships), (SELECT count(*) FROM skills), (SELECT count(*) FROM skill_ratings)`).
		Scan(&members, &skills, &ratings); err != nil || members != 100 || skills != 40 || ratings != 4000 {
		b.Fatalf("seeded %d members, %d skills, %d ratings (%v), want 100, 40 and 4000", members, skills, ratings, err)
	}
	// The page's weight, uncompressed (the client asks for no gzip).
	req, _ := http.NewRequest(http.MethodGet, ts.URL+loc+"skills", nil)
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := hc.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("GET the matrix: %v %v", resp, err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), "Member 99") {
		b.Fatalf("the owner's matrix does not show every member")
	}
	benchGET(b, hc, ts.URL+loc+"skills", nil, http.StatusOK)
	b.ReportMetric(float64(len(page)), "html-bytes")
}
