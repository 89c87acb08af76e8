package http

import (
	"net/http"
	"strconv"
	"time"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// orgSnapshot turns the stored four steps into what the roadmap is derived
// from.
func orgSnapshot(rs store.RoadmapSnapshot) roadmap.OrgSnapshot {
	s := roadmap.OrgSnapshot{
		TeamSize:        rs.Considerations.TeamSize,
		PlannedTeamSize: rs.Considerations.PlannedTeamSize,
		Skills:          rs.Skills.Input(),
	}
	for _, it := range rs.Stack {
		s.Stack = append(s.Stack, roadmap.StackEntry{ID: it.ID, StackItem: it.Item()})
	}
	for _, f := range rs.Findings {
		s.Findings = append(s.Findings, roadmap.FindingEntry{ID: f.ID, Finding: f.Finding()})
	}
	if rs.KPI != nil {
		k := rs.KPI.Snapshot()
		s.KPI = &k
	}
	for _, t := range rs.Targets {
		s.Targets = append(s.Targets, t.Target())
	}
	// No stored status at all: step 3 was never opened, and the roadmap
	// does not guess that nothing is in place.
	if len(rs.Practices) > 0 {
		s.Practices = rs.Practices.Statuses()
	}
	if results := rs.Maturity.Results(); len(results) > 0 {
		s.Maturity = &results[len(results)-1]
	}
	return s
}

// deriveRoadmap reads the organization and derives its roadmap at now, with
// the capacity verdict on the now and next phases (every initiative is
// proposed until decisions exist).
func (s *Server) deriveRoadmap(r *http.Request, orgID int64, now time.Time) ([]roadmap.Initiative, roadmap.CapacityVerdict, error) {
	rs, err := s.store.FindRoadmapSnapshot(r.Context(), orgID)
	if err != nil {
		return nil, roadmap.CapacityVerdict{}, err
	}
	snap := orgSnapshot(rs)
	list := roadmap.Derive(snap, now)
	var soon []roadmap.Initiative
	for _, it := range list {
		if it.Phase == roadmap.PhaseNow || it.Phase == roadmap.PhaseNext {
			soon = append(soon, it)
		}
	}
	return list, roadmap.Capacity(soon, snap.Engineers(), snap.PlannedTeamSize, snap.Share()), nil
}

// handleRoadmap is GET /o/{slug}/roadmap (members read).
func (s *Server) handleRoadmap(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	list, verdict, err := s.deriveRoadmap(r, org.ID, time.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.RoadmapPage(s.page(r, "Roadmap", "roadmap"), web.NewRoadmap(org.Slug, list, verdict)))
}

// apiEvidence is a piece of an initiative's evidence in the API.
type apiEvidence struct {
	Text string `json:"text"`
	Kind string `json:"kind"`
	Ref  string `json:"ref"` // the id of a finding or stack item, else the catalog key (skill, metric, practice, question, dimension)
}

// apiInitiative is an initiative as GET /api/v1/roadmap reports it.
type apiInitiative struct {
	Key       string        `json:"key"`
	Title     string        `json:"title"`
	Category  string        `json:"category"`
	Evidence  []apiEvidence `json:"evidence"`
	Impact    string        `json:"impact"`
	Effort    string        `json:"effort"`
	Score     float64       `json:"score"`
	Quadrant  string        `json:"quadrant"`
	Phase     string        `json:"phase"`
	Quarter   string        `json:"quarter"`
	DependsOn []string      `json:"depends_on"`
	KPIs      []string      `json:"kpis"`
	Status    string        `json:"status"`
	Owner     *int64        `json:"owner"`
}

// handleAPIRoadmap is GET /api/v1/roadmap: the initiatives in priority
// order.
func (s *Server) handleAPIRoadmap(w http.ResponseWriter, r *http.Request) {
	tok := apiToken(r.Context())
	list, _, err := s.deriveRoadmap(r, tok.OrgID, time.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, apiPage(list, func(it roadmap.Initiative) apiInitiative {
		out := apiInitiative{Key: it.Key, Title: it.Title, Category: string(it.Category), Impact: string(it.Impact),
			Effort: string(it.Effort), Score: it.Score.WSJF, Quadrant: string(it.Quadrant), Phase: string(it.Phase),
			Quarter: it.QuarterName, DependsOn: append([]string{}, it.DependsOn...), KPIs: append([]string{}, it.KPIs...),
			Status: "proposed", Evidence: make([]apiEvidence, len(it.Evidence))}
		for i, ev := range it.Evidence {
			out.Evidence[i] = apiEvidence{Text: ev.Text, Kind: string(ev.Ref.Kind), Ref: refString(ev.Ref)}
		}
		return out
	}))
}

func refString(r roadmap.Ref) string {
	if r.Kind == roadmap.RefFinding || r.Kind == roadmap.RefStackItem {
		return strconv.FormatInt(r.ID, 10)
	}
	return r.Key
}
