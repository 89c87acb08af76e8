package workbook_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/headwayhq/headway/internal/export"
	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/workbook"
)

// large is a large organization's workbook: 200 tools, 400 findings, a KPI
// snapshot a week for two years, every practice and question answered, and
// 60 initiatives with their evidence.
// (Members appear in the workbook only through the downloader's own
// ratings, so their number does not change it.)
func large() workbook.Data {
	d := filled()
	d.Stack, d.Findings, d.Roadmap = nil, nil, nil
	for i := range 200 {
		d.Stack = append(d.Stack, roadmap.StackItem{Name: fmt.Sprintf("Tool %03d", i), Category: roadmap.Categories[i%len(roadmap.Categories)].Key,
			Lifecycle: roadmap.LifecycleAdopt, MonthlyCost: float64(i * 10), CostScaling: roadmap.CostSuperlinear, Scalability: 1 + i%5,
			SupportHoursPerMonth: float64(i % 40), Owner: "Team " + fmt.Sprint(i%7), Notes: strings.Repeat("note ", 20)})
	}
	for i := range 400 {
		d.Findings = append(d.Findings, export.FindingRow{Finding: roadmap.Finding{Kind: roadmap.FindingDebt, Title: fmt.Sprintf("Finding %03d", i),
			Description: strings.Repeat("why ", 30), Severity: 1 + i%4, Effort: roadmap.EffortM, Status: roadmap.FindingOpen}, StackItem: fmt.Sprintf("Tool %03d", i%200)})
	}
	d.KPIs = nil
	for i := range 104 {
		d.KPIs = append(d.KPIs, roadmap.Snapshot{MeasuredOn: now.AddDate(0, 0, -7*i).Truncate(24 * time.Hour), Edition: "2023",
			DeploymentsPerWeek: ptr(float64(i)), LeadTimeHours: ptr(30.0), RecoveryTimeAnswer: ptr(3), ChangeFailureRate: ptr(12.0)})
	}
	for i := range 60 {
		d.Roadmap = append(d.Roadmap, workbook.RoadmapRow{Key: fmt.Sprintf("finding:%d", i), Title: fmt.Sprintf("Initiative %d", i), Category: "Tech debt",
			Phase: "Now", Quarter: "2027 Q1", Status: "Proposed", Effort: "M", Score: 3.2, Evidence: strings.Repeat("Evidence line\n", 5), KPIs: "lead_time, change_failure_rate"})
	}
	return d
}

// BenchmarkFilledWorkbook writes a large organization's workbook; it
// reports the file's size.
func BenchmarkFilledWorkbook(b *testing.B) {
	d := large()
	var size int
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := workbook.Write(&buf, d); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1024, "KiB/file")
}

// BenchmarkParseWorkbook reads the same workbook back.
func BenchmarkParseWorkbook(b *testing.B) {
	file := write(b, large())
	b.ReportAllocs()
	for b.Loop() {
		p := parse(b, file)
		if !p.OK() {
			b.Fatal(p.Problems)
		}
	}
	b.ReportMetric(float64(len(file))/1024, "KiB/file")
}
