package http

import (
	"math"
	"net/http"
	"strings"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
)

// Step 2b's JSON API: DORA KPI snapshots (/api/v1/kpis), so a CI job can
// push today's numbers and read the tiers straight from the answer. A POST
// takes exact numbers; one snapshot per measured_on, and a second POST for
// the same date replaces it (200 instead of 201), so a nightly job can push
// again. The body is strict (decodeJSON) and validated by the domain's
// Snapshot.Validate, as the KPI page is. Any valid token of the
// organization may write; every write is audited (kpi.recorded or
// kpi.replaced).

// apiKPIIn is a snapshot as a POST sends it: exact numbers only (Quick
// Check answers are the page's).
type apiKPIIn struct {
	DeploymentsPerWeek *float64 `json:"deployments_per_week"`
	LeadTimeHours      *float64 `json:"lead_time_hours"`
	ChangeFailureRate  *float64 `json:"change_failure_rate"`
	RecoveryTimeHours  *float64 `json:"recovery_time_hours"`
	ReworkRate         *float64 `json:"rework_rate"`
	MeasuredOn         string   `json:"measured_on"`
	Edition            string   `json:"edition"`
}

// snapshot is the domain value of in and the field errors of everything
// wrong with it (a date that does not parse, and Validate's).
func (in apiKPIIn) snapshot(s *Server) (roadmap.Snapshot, roadmap.FieldErrors) {
	snap := roadmap.Snapshot{Edition: strings.TrimSpace(in.Edition), DeploymentsPerWeek: in.DeploymentsPerWeek, LeadTimeHours: in.LeadTimeHours,
		ChangeFailureRate: in.ChangeFailureRate, RecoveryTimeHours: in.RecoveryTimeHours, ReworkRate: in.ReworkRate}.WithDefaults()
	fe := roadmap.FieldErrors{}
	if in.MeasuredOn != "" {
		d, ok := roadmap.ParseDate(in.MeasuredOn)
		if !ok {
			fe.Add("measured_on", roadmap.MsgDate)
		}
		snap.MeasuredOn = d
	}
	for k, v := range snap.Validate(s.now()) {
		fe.Add(k, v)
	}
	return snap, fe
}

// apiKPIMetric is one metric of a snapshot as the API answers it. Value is
// the exact number entered (null when the snapshot holds a Quick Check
// answer instead, or does not measure the metric); answer and bucket are
// the Quick Check answer 1–6 and its words, entered or derived from the
// number (null for the rates); tier is null for rework rate, which has no
// tiers; score is 0–10, null when not measured.
type apiKPIMetric struct {
	Value  *float64 `json:"value"`
	Answer *int     `json:"answer"`
	Bucket *string  `json:"bucket"`
	Tier   *string  `json:"tier"`
	Score  *float64 `json:"score"`
}

// apiKPIScores are the Quick Check aggregate scores, 0–10.
type apiKPIScores struct {
	Throughput *float64 `json:"throughput"`
	Stability  *float64 `json:"stability"`
	Overall    *float64 `json:"overall"`
}

// apiKPI is a stored snapshot as the API answers it: the numbers as
// entered (the POST's fields), then per metric its value, tier and score,
// and the aggregate scores.
type apiKPI struct {
	ID                 int64                   `json:"id"`
	MeasuredOn         string                  `json:"measured_on"`
	Edition            string                  `json:"edition"`
	DeploymentsPerWeek *float64                `json:"deployments_per_week"`
	LeadTimeHours      *float64                `json:"lead_time_hours"`
	ChangeFailureRate  *float64                `json:"change_failure_rate"`
	RecoveryTimeHours  *float64                `json:"recovery_time_hours"`
	ReworkRate         *float64                `json:"rework_rate"`
	Metrics            map[string]apiKPIMetric `json:"metrics"`
	Scores             apiKPIScores            `json:"scores"`
	Version            int                     `json:"version"`
	CreatedAt          string                  `json:"created_at"`
	UpdatedAt          string                  `json:"updated_at"`
}

// apiScore rounds a score to two decimals (a mean of fifths and tenths
// would otherwise print as 8.160000000000002).
func apiScore(v *float64) *float64 {
	if v == nil {
		return nil
	}
	r := math.Round(*v*100) / 100
	return &r
}

func toAPIKPI(k store.KPISnapshot) apiKPI {
	snap := k.Snapshot()
	ev := snap.Evaluate()
	out := apiKPI{ID: k.ID, MeasuredOn: k.MeasuredOn.Format(roadmap.DateLayout), Edition: ev.Edition.Key,
		DeploymentsPerWeek: k.DeploymentsPerWeek, LeadTimeHours: k.LeadTimeHours, ChangeFailureRate: k.ChangeFailureRate,
		RecoveryTimeHours: k.RecoveryTimeHours, ReworkRate: k.ReworkRate, Metrics: make(map[string]apiKPIMetric, len(ev.Metrics)),
		Scores:  apiKPIScores{Throughput: apiScore(ev.Throughput), Stability: apiScore(ev.Stability), Overall: apiScore(ev.Overall)},
		Version: k.Version, CreatedAt: apiTime(k.CreatedAt), UpdatedAt: apiTime(k.UpdatedAt)}
	for _, r := range ev.Metrics {
		var m apiKPIMetric
		if r.Given {
			m.Value, m.Score = r.Value, apiScore(&r.Score)
			if r.Metric.Categorical() {
				answer, bucket := r.Answer, roadmap.BucketLabel(r.Metric, r.Answer)
				m.Answer, m.Bucket = &answer, &bucket
			}
			if r.Tier != roadmap.TierNone {
				tier := string(r.Tier)
				m.Tier = &tier
			}
		}
		out.Metrics[string(r.Metric)] = m
	}
	return out
}

// apiKPITarget is a target as the API answers it, with whether the newest
// snapshot meets it ("met", "not_met", or "unknown": no snapshot, or a
// Quick Check answer whose range straddles the value).
type apiKPITarget struct {
	Metric string   `json:"metric"`
	Value  *float64 `json:"value"`
	Tier   *string  `json:"tier"`
	Met    string   `json:"met"`
}

var targetStatusNames = map[roadmap.TargetStatus]string{
	roadmap.TargetMet: "met", roadmap.TargetNotMet: "not_met", roadmap.TargetUnknown: "unknown",
}

// apiKPIList is GET /api/v1/kpis: the snapshots (the API's list shape) and
// the targets.
type apiKPIList struct {
	apiList[apiKPI]
	Targets []apiKPITarget `json:"targets"`
}

// handleAPIKPIList is GET /api/v1/kpis: every snapshot, newest date first,
// in one page, and the targets against the newest.
func (s *Server) handleAPIKPIList(w http.ResponseWriter, r *http.Request) {
	snaps, targets, err := s.store.FindKPIs(r.Context(), apiToken(r.Context()).OrgID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	out := apiKPIList{apiList: apiPage(snaps, toAPIKPI), Targets: make([]apiKPITarget, 0, len(targets))}
	var latest roadmap.Evaluation
	if len(snaps) > 0 {
		latest = snaps[0].Snapshot().Evaluate()
	}
	for _, t := range targets {
		at := apiKPITarget{Metric: string(t.Metric), Value: t.Value, Met: targetStatusNames[t.Target().Met(latest.Metric(t.Metric))]}
		if t.Tier != roadmap.TierNone {
			tier := string(t.Tier)
			at.Tier = &tier
		}
		out.Targets = append(out.Targets, at)
	}
	s.writeJSON(w, http.StatusOK, out)
}

// handleAPIKPIRecord is POST /api/v1/kpis: 201 with the stored snapshot,
// or 200 when it replaced the snapshot of the same measured_on.
func (s *Server) handleAPIKPIRecord(w http.ResponseWriter, r *http.Request) {
	var in apiKPIIn
	if err := decodeJSON(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	snap, fe := in.snapshot(s)
	if err := fe.Err(); err != nil {
		s.error(w, r, err)
		return
	}
	ctx := s.audited(r, store.AuditKPIRecorded, "KPI snapshot of "+snap.MeasuredOn.Format(roadmap.DateLayout))
	k, replaced, err := s.store.RecordKPISnapshot(ctx, apiToken(r.Context()).OrgID, snap)
	if err != nil {
		s.error(w, r, err)
		return
	}
	status := http.StatusCreated
	if replaced {
		status = http.StatusOK
	}
	s.writeJSON(w, status, toAPIKPI(k))
}
