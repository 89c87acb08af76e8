package http_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/headwayhq/headway/web"
)

// apiRoadmap is GET /api/v1/roadmap's answer.
type apiRoadmap struct {
	Items []apiRoadmapItem `json:"items"`
}

// apiRoadmapItem is one initiative of it.
type apiRoadmapItem struct {
	Key      string `json:"key"`
	Title    string `json:"title"`
	Category string `json:"category"`
	Evidence []struct {
		Text string `json:"text"`
		Kind string `json:"kind"`
		Ref  string `json:"ref"`
	} `json:"evidence"`
	Impact    string   `json:"impact"`
	Effort    string   `json:"effort"`
	Score     float64  `json:"score"`
	Quadrant  string   `json:"quadrant"`
	Phase     string   `json:"phase"`
	Quarter   string   `json:"quarter"`
	DependsOn []string `json:"depends_on"`
	KPIs      []string `json:"kpis"`
	Status    string   `json:"status"`
	Owner     *int64   `json:"owner"`
}

func getRoadmap(t *testing.T, c *client, bearer string) apiRoadmap {
	t.Helper()
	r := c.apiGet("/api/v1/roadmap", bearer)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/roadmap = %d\n%s", r.StatusCode, r.body)
	}
	var v apiRoadmap
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("GET /api/v1/roadmap: %v\n%s", err, r.body)
	}
	return v
}

// roadmapCards are the page's initiative cards by key, in page order.
func roadmapCards(doc *html.Node) []*html.Node {
	return findAll(doc, func(e *html.Node) bool { return e.Data == "article" && hasClass(e, "roadmap-card") })
}

// The roadmap over real HTTP: an empty organization gets guidance linking
// to each step; a critical XS debt finding, a costly usage-priced tool on
// hold and a 40 % change failure rate each become an explained initiative,
// the quick win first, on the page and in the API alike; another
// organization's members and tokens see none of it.
func TestRoadmapPageAndAPI(t *testing.T) {
	t.Parallel()
	c := newTestServer(t)
	slug := c.signup("Olivia Owner", "owner@example.com", "Roadmap Org")
	c.addMember(slug, "Max Member", "max@example.com", "member")
	m := c.newClient()
	m.mustLogin("max@example.com")
	bearer := "Bearer " + c.createToken(slug, "roadmap")
	path := "/o/" + slug + "/roadmap"

	// Empty: guidance, not an error, and no cards.
	r := m.get(path)
	if r.StatusCode != http.StatusOK || h1(t, r) != "Roadmap" {
		t.Fatalf("GET %s = %d %q", path, r.StatusCode, h1(t, r))
	}
	doc := r.doc(t)
	empty := findAll(doc, func(e *html.Node) bool { return hasClass(e, "empty-state") })
	if len(empty) != 1 {
		t.Fatalf("empty roadmap: %d empty states, want 1: %q", len(empty), text(doc))
	}
	for _, step := range []string{"stack", "skills", "kpis", "infrastructure", "maturity"} {
		if !slices.Contains(hrefs(empty[0]), "/o/"+slug+"/"+step) {
			t.Errorf("empty roadmap: no link to %s in %v", step, hrefs(empty[0]))
		}
	}
	if n := len(roadmapCards(doc)); n != 0 {
		t.Errorf("empty roadmap shows %d cards", n)
	}
	if v := getRoadmap(t, c, bearer); len(v.Items) != 0 {
		t.Errorf("empty roadmap: the API lists %d initiatives", len(v.Items))
	}

	// The acceptance scenario's first three signals.
	tool := c.apiCreate("/api/v1/stack", bearer, `{"name":"Datadog","category":"observability","lifecycle":"hold","monthly_cost":9000,"cost_scaling":"superlinear","scalability":2}`)
	c.apiCreate("/api/v1/stack", bearer, `{"name":"GitHub","category":"ci_cd","lifecycle":"adopt","monthly_cost":400,"cost_scaling":"linear","scalability":4}`)
	finding := c.apiCreate("/api/v1/findings", bearer, `{"kind":"debt","title":"TLS certificate renewed by hand","severity":4,"effort":"xs"}`)
	c.apiCreate("/api/v1/kpis", bearer, `{"measured_on":"2025-03-03","deployments_per_week":1,"lead_time_hours":200,"change_failure_rate":40,"recovery_time_hours":30}`)

	v := getRoadmap(t, c, bearer)
	index := func(key string) int {
		return slices.IndexFunc(v.Items, func(it apiRoadmapItem) bool {
			return it.Key == key
		})
	}
	fi, ti := index("finding:"+finding), index("stack:"+tool)
	if fi < 0 || ti < 0 {
		t.Fatalf("the API lists no initiative for the finding (%d) or the tool (%d): %+v", fi, ti, v.Items)
	}
	cfr := -1
	for i, it := range v.Items {
		for _, ev := range it.Evidence {
			if ev.Kind == "metric" && ev.Ref == "change_failure_rate" && cfr < 0 {
				cfr = i
			}
		}
		if it.Status != "proposed" || it.Owner != nil || len(it.Evidence) == 0 || it.Phase == "" || it.Quarter == "" || it.DependsOn == nil || it.KPIs == nil {
			t.Errorf("initiative %s is incomplete: %+v", it.Key, it)
		}
	}
	if cfr < 0 {
		t.Errorf("no initiative carries the 40 %% change failure rate as evidence: %+v", v.Items)
	}
	if fi != 0 || v.Items[fi].Quadrant != "quick_win" || v.Items[fi].Effort != "xs" {
		t.Errorf("the XS debt finding's initiative is #%d, %s %s; want the first quick win", fi, v.Items[fi].Quadrant, v.Items[fi].Effort)
	}
	if ev := v.Items[fi].Evidence[0]; ev.Kind != "finding" || ev.Ref != finding || !strings.Contains(ev.Text, "TLS certificate") {
		t.Errorf("the finding's evidence is %+v", ev)
	}
	for _, i := range []int{ti, cfr} {
		if v.Items[i].Effort == "xs" {
			t.Errorf("initiative %s is XS too: the test does not show a quick win rising above bigger work", v.Items[i].Key)
		}
	}

	// The page shows the same initiatives in the same order (now, next,
	// later), each evidence linking to what produced it.
	r = m.get(path)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", path, r.StatusCode)
	}
	doc = r.doc(t)
	cards := roadmapCards(doc)
	if len(cards) != len(v.Items) {
		t.Fatalf("the page shows %d cards, the API %d initiatives", len(cards), len(v.Items))
	}
	if attr(cards[0], "id") != web.InitiativeAnchor("finding:"+finding) {
		t.Errorf("the first card is %q, want the finding's", attr(cards[0], "id"))
	}
	for key, href := range map[string]string{
		"finding:" + finding: "/o/" + slug + "/stack/findings/" + finding,
		"stack:" + tool:      "/o/" + slug + "/stack/" + tool,
		v.Items[cfr].Key:     "/o/" + slug + "/kpis",
	} {
		card := byID(doc, web.InitiativeAnchor(key))
		if card == nil || !slices.Contains(hrefs(card), href) {
			t.Errorf("card %s does not link its evidence to %s", key, href)
			continue
		}
		if s := text(card); !strings.Contains(s, "cost of delay") || !strings.Contains(s, "Effort") {
			t.Errorf("card %s has no score breakdown or effort: %q", key, s)
		}
	}
	if s := text(doc); !strings.Contains(s, "person-weeks a quarter") || !strings.Contains(s, "How this roadmap was made") {
		t.Errorf("the page has no capacity verdict or explanation: %q", s)
	}

	// Another organization sees none of it.
	other := c.newClient()
	otherSlug := other.signup("Ona Other", "ona@example.com", "Other Org")
	if r := other.get(path); r.StatusCode != http.StatusNotFound {
		t.Errorf("another organization's owner: GET %s = %d, want 404", path, r.StatusCode)
	}
	otherBearer := "Bearer " + other.createToken(otherSlug, "other")
	if v := getRoadmap(t, other, otherBearer); len(v.Items) != 0 {
		t.Errorf("another organization's token lists %d initiatives", len(v.Items))
	}
	if doc := other.get("/o/" + otherSlug + "/roadmap").doc(t); len(roadmapCards(doc)) != 0 || strings.Contains(text(doc), "TLS") {
		t.Errorf("another organization's roadmap shows this one's initiatives")
	}
}
