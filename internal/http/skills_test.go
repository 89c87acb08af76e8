package http_test

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// setJobRole gives a member of slug a job role key, as the team page does.
func (c *client) setJobRole(slug, email, role string) {
	c.t.Helper()
	if _, err := c.su.Exec(context.Background(), `UPDATE memberships m SET job_role = $3, job_title = ''
		FROM users u, organizations o WHERE u.id = m.user_id AND o.id = m.org_id AND u.email = $2 AND o.slug = $1`, slug, email, role); err != nil {
		c.t.Fatal(err)
	}
}

// rate records a self-rating of a member of slug (level < 0: an interest
// without a level).
func (c *client) rate(slug, email, key string, level int, interested bool) {
	c.t.Helper()
	var lv *int
	if level >= 0 {
		lv = &level
	}
	tag, err := c.su.Exec(context.Background(), `INSERT INTO skill_ratings (org_id, user_id, skill_id, level, interested, rated_at)
		SELECT o.id, u.id, s.id, $4, $5, now() FROM organizations o JOIN skills s ON s.org_id = o.id AND s.key = $3, users u
		WHERE o.slug = $1 AND u.email = $2`, slug, email, key, lv, interested)
	if err != nil || tag.RowsAffected() != 1 {
		c.t.Fatalf("rate %s %s: %v (%d rows)", email, key, err, tag.RowsAffected())
	}
}

// matrixTeam is a known team: Olivia Owner (no job role), Ada Admin
// (engineer: linux 2, kubernetes 2), Max Member (SRE: linux 4, kubernetes 3).
// Ada is the only practitioner in Kubernetes (a single point of failure);
// Max rates Linux 2 against the SRE's 4 (a gap of 2); Linux is covered by
// Ada only (1 of 2).
func matrixTeam(t *testing.T) (own, adm, mem *client, slug string) {
	own = newTestServer(t)
	slug = own.signup("Olivia Owner", "owner@example.com", "Matrix Org")
	own.addMember(slug, "Ada Admin", "ada@example.com", "admin")
	own.addMember(slug, "Max Member", "max@example.com", "member")
	own.setJobRole(slug, "ada@example.com", "engineer")
	own.setJobRole(slug, "max@example.com", "sre")
	own.rate(slug, "ada@example.com", "linux", 3, false)
	own.rate(slug, "ada@example.com", "kubernetes", 3, false)
	own.rate(slug, "max@example.com", "linux", 2, false)
	own.rate(slug, "max@example.com", "kubernetes", 1, true)
	own.rate(slug, "max@example.com", "containers", 0, false)
	own.rate(slug, "owner@example.com", "linux", 4, false)
	adm, mem = own.newClient(), own.newClient()
	adm.mustLogin("ada@example.com")
	mem.mustLogin("max@example.com")
	return own, adm, mem, slug
}

// heatmapRow is the heatmap's row of a member (nil when absent).
func heatmapRow(doc *html.Node, name string) *html.Node {
	for _, tr := range findAll(doc, func(e *html.Node) bool { return e.Data == "tr" }) {
		if ths := findAll(tr, func(e *html.Node) bool { return e.Data == "th" && hasClass(e, "heatmap-member") }); len(ths) == 1 &&
			strings.HasPrefix(text(ths[0]), name) {
			return tr
		}
	}
	return nil
}

// heatmapCell is a member's cell of a skill, by the skill's name in the
// column's header.
func heatmapCell(t *testing.T, doc *html.Node, member, skill string) *html.Node {
	t.Helper()
	tr := heatmapRow(doc, member)
	if tr == nil {
		t.Fatalf("no heatmap row for %s", member)
	}
	heads := findAll(doc, func(e *html.Node) bool { return hasClass(e, "heatmap-skill") })
	for i, td := range byTag(tr, "td") {
		if i < len(heads) && text(heads[i]) == skill {
			return td
		}
	}
	t.Fatalf("no cell for %s × %s", member, skill)
	return nil
}

// skillStatsRow is the per-skill table's row of a skill, as text.
func skillStatsRow(t *testing.T, doc *html.Node, skill string) string {
	t.Helper()
	for _, table := range findAll(doc, func(e *html.Node) bool { return e.Data == "table" && hasClass(e, "skill-stats") }) {
		for _, tr := range byTag(table, "tr") {
			if th := byTag(tr, "th"); len(th) > 0 && text(th[0]) == skill {
				return text(tr)
			}
		}
	}
	t.Fatalf("no per-skill row for %s", skill)
	return ""
}

// The matrix of a known team as the owner sees it: every member's row, a
// gap beside the rating, "not rated" apart from 0, coverage, the bus factor
// with its single point of failure, and the summary's suggestions.
func TestSkillsMatrixPage(t *testing.T) {
	t.Parallel()
	own, _, _, slug := matrixTeam(t)
	path := "/o/" + slug + "/skills"
	r := own.get(path)
	if r.StatusCode != http.StatusOK || h1(t, r) != "Skills matrix" {
		t.Fatalf("GET %s = %d %q", path, r.StatusCode, h1(t, r))
	}
	doc := r.doc(t)
	for _, name := range []string{"Olivia Owner", "Ada Admin", "Max Member"} {
		if heatmapRow(doc, name) == nil {
			t.Errorf("the owner's matrix has no row for %s", name)
		}
	}
	// Max (SRE, Linux required 4) rated 2: a gap of 2, shown and said.
	td := heatmapCell(t, doc, "Max Member", "Linux administration")
	if !hasClass(td, "has-gap") || !strings.Contains(text(td), "−2") || !strings.Contains(text(td), "2 Working knowledge; required 4 Expert, gap 2") {
		t.Errorf("Max × Linux: class %q text %q, want a gap of 2 against the SRE's 4", attr(td, "class"), text(td))
	}
	// Ada (engineer, Linux required 2) rated 3: covered, no gap shown.
	if td := heatmapCell(t, doc, "Ada Admin", "Linux administration"); hasClass(td, "has-gap") || strings.Contains(text(td), "−") {
		t.Errorf("Ada × Linux shows a gap: %q", text(td))
	}
	// 0 is a rating; an unrated cell says "not rated".
	if td := heatmapCell(t, doc, "Max Member", "Containers"); !strings.Contains(text(td), "0 None") || hasClass(td, "lvl-none") {
		t.Errorf("Max × Containers (rated 0): %q class %q", text(td), attr(td, "class"))
	}
	if td := heatmapCell(t, doc, "Ada Admin", "Containers"); !strings.Contains(text(td), "not rated") || !hasClass(td, "lvl-none") {
		t.Errorf("Ada × Containers (unrated): %q class %q", text(td), attr(td, "class"))
	}
	// Olivia has no job role: compared against nothing.
	if tr := heatmapRow(doc, "Olivia Owner"); !strings.Contains(text(tr), "No job role") || !strings.Contains(text(tr), "no job role to compare against") {
		t.Errorf("Olivia's row: %q", text(tr))
	}
	// Linux: required by Ada (2) and Max (4), covered by Ada: 1 of 2.
	// Bus factor: Ada 3 and Olivia 4.
	row := skillStatsRow(t, doc, "Linux administration")
	if !strings.Contains(row, "1 of 2 (50%) 2 3.0") { // bus factor 2, average (3+2+4)/3
		t.Errorf("Linux per skill: %q, want coverage 1 of 2 (50%%), bus factor 2 and average 3.0", row)
	}
	// Kubernetes: only Ada at practitioner level.
	if row := skillStatsRow(t, doc, "Kubernetes"); !strings.Contains(row, " 1 Single point of failure 2.0 1") {
		t.Errorf("Kubernetes per skill: %q, want bus factor 1 flagged, average 2.0, one wants to learn it", row)
	}
	summary := text(byID(doc, "summary-heading").Parent)
	if !strings.Contains(summary, "Single point of failure Kubernetes") {
		t.Errorf("summary without Kubernetes as a single point of failure: %q", summary)
	}
	// Biggest gaps: Linux (Max 2 of 4) and Kubernetes (Max 1 of 3, Ada 3 of 2
	// is covered) both total 2; Olivia at expert can teach Linux, and she is
	// named to the owner.
	if !strings.Contains(summary, "Linux administration total gap 2 over 1 member, required up to 4 Training") || !strings.Contains(summary, "Olivia Owner at expert level to teach") {
		t.Errorf("summary's gaps: %q", summary)
	}
	// Per member: Max's total gap 7 (Containers 3, Kubernetes 2, Linux 2),
	// biggest first (ties in matrix order), and his interest.
	if got := text(byID(doc, "member-stats-heading").Parent); !strings.Contains(got, "Max Member 7 24 required not rated Containers (0 of 3), Kubernetes (1 of 3), Linux administration (2 of 4) Kubernetes") {
		t.Errorf("per member: %q, want Max's total gap 7, his top gaps and his interest", got)
	}
	// The tabs: the matrix is current, the managers' tabs are there.
	var tabs []string
	for _, a := range findAll(doc, func(e *html.Node) bool {
		return e.Data == "a" && e.Parent.Parent.Parent != nil && hasClass(e.Parent.Parent.Parent, "tabs")
	}) {
		tabs = append(tabs, text(a)+" "+attr(a, "href")+" "+attr(a, "aria-current"))
	}
	want := []string{"Matrix /o/" + slug + "/skills page", "Rate yourself /o/" + slug + "/skills/me ", "Skills catalog /o/" + slug + "/skills/catalog ",
		"Required levels /o/" + slug + "/skills/requirements ", "Ratings /o/" + slug + "/skills/ratings "}
	if !slices.Equal(tabs, want) {
		t.Errorf("tabs %q, want %q", tabs, want)
	}
}

// Privacy: a member sees the aggregates and their own row only; no other
// member's name appears on their page (so no one's ratings either), and the
// job-role filter that could narrow the aggregates to one person is
// refused. An admin sees everyone.
func TestSkillsMatrixPrivacy(t *testing.T) {
	t.Parallel()
	_, adm, mem, slug := matrixTeam(t)
	path := "/o/" + slug + "/skills"
	r := mem.get(path)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("member GET %s = %d", path, r.StatusCode)
	}
	doc := r.doc(t)
	if heatmapRow(doc, "Max Member") == nil {
		t.Errorf("the member does not see their own row")
	}
	for _, other := range []string{"Ada Admin", "Olivia Owner", "ada@example.com", "owner@example.com"} {
		if strings.Contains(r.body, other) {
			t.Errorf("the member's matrix shows %q", other)
		}
	}
	if n := len(findAll(doc, func(e *html.Node) bool { return hasClass(e, "heatmap-member") })); n != 1 {
		t.Errorf("the member sees %d rows, want 1 (their own)", n)
	}
	// The aggregates are the team's: Kubernetes's single point of failure
	// is Ada's rating, counted but not named.
	if row := skillStatsRow(t, doc, "Kubernetes"); !strings.Contains(row, "Single point of failure") {
		t.Errorf("the member's Kubernetes row: %q", row)
	}
	if !strings.Contains(text(doc), "1 colleague at expert level to teach") {
		t.Errorf("the member's summary should count the expert who can teach Linux without naming them: %q", text(byID(doc, "summary-heading").Parent))
	}
	if tabs := text(findAll(doc, func(e *html.Node) bool { return hasClass(e, "tabs") })[0]); tabs != "Matrix Rate yourself" {
		t.Errorf("member's tabs %q", tabs)
	}
	r = mem.get(path + "?job_role=sre")
	if !strings.Contains(r.body, "Only owners and admins filter by job role") || strings.Contains(r.body, `name="job_role"`) {
		t.Errorf("a member's job-role filter is not refused and said")
	}
	// An admin sees everyone.
	r = adm.get(path)
	for _, name := range []string{"Ada Admin", "Olivia Owner", "Max Member"} {
		if heatmapRow(r.doc(t), name) == nil {
			t.Errorf("the admin's matrix has no row for %s", name)
		}
	}
}

// The filters: a category keeps its skills, a job role its members, and an
// unknown value is ignored and said.
func TestSkillsMatrixFilters(t *testing.T) {
	t.Parallel()
	own, _, _, slug := matrixTeam(t)
	path := "/o/" + slug + "/skills"
	doc := own.get(path + "?category=containers").doc(t)
	heads := text(findAll(doc, func(e *html.Node) bool { return e.Data == "thead" })[0])
	if !strings.Contains(heads, "Kubernetes") || strings.Contains(heads, "Linux") {
		t.Errorf("containers filter, heatmap columns %q", heads)
	}
	if !hasAttr(findAll(doc, func(e *html.Node) bool { return e.Data == "option" && attr(e, "value") == "containers" })[0], "selected") {
		t.Errorf("the category filter does not show its choice")
	}
	doc = own.get(path + "?job_role=sre").doc(t)
	if heatmapRow(doc, "Max Member") == nil || heatmapRow(doc, "Ada Admin") != nil || heatmapRow(doc, "Olivia Owner") != nil {
		t.Errorf("job role filter sre: rows %q", text(byID(doc, "heatmap-heading").Parent))
	}
	// Linux among SREs: Max alone requires it and is below: 0 of 1.
	if row := skillStatsRow(t, doc, "Linux administration"); !strings.Contains(row, "0 of 1 (0%)") {
		t.Errorf("Linux among SREs: %q", row)
	}
	r := own.get(path + "?category=cooking&job_role=chef")
	if r.StatusCode != http.StatusOK || !strings.Contains(r.body, "“cooking” is not a skill category, so every category is shown.") ||
		!strings.Contains(r.body, "“chef” is not a job role, so every member is counted.") {
		t.Errorf("unknown filters: %d, not said", r.StatusCode)
	}
	if heatmapRow(r.doc(t), "Ada Admin") == nil {
		t.Errorf("unknown filters narrow the matrix")
	}
}

// Before anyone rates: an empty state that asks to rate yourself and, for
// managers, to invite the team.
func TestSkillsMatrixEmpty(t *testing.T) {
	t.Parallel()
	own := newTestServer(t)
	slug := own.signup("Olivia Owner", "owner@example.com", "Empty Matrix Org")
	own.addMember(slug, "Max Member", "max@example.com", "member")
	mem := own.newClient()
	mem.mustLogin("max@example.com")
	for _, tt := range []struct {
		who    *client
		hrefs  []string
		invite bool
	}{{own, []string{"/o/" + slug + "/skills/me", "/o/" + slug + "/team"}, true}, {mem, []string{"/o/" + slug + "/skills/me"}, false}} {
		doc := tt.who.get("/o/" + slug + "/skills").doc(t)
		empty := findAll(doc, func(e *html.Node) bool { return hasClass(e, "empty-state") })
		if len(empty) != 1 {
			t.Fatalf("no empty state: %q", text(doc))
		}
		got := hrefs(empty[0])
		for _, h := range tt.hrefs {
			if !slices.Contains(got, h) {
				t.Errorf("empty state links %q, want %s", got, h)
			}
		}
		if tt.invite != strings.Contains(text(empty[0]), "Invite the team") {
			t.Errorf("empty state %q: invite offered = %v, want %v", text(empty[0]), !tt.invite, tt.invite)
		}
		if len(findAll(doc, func(e *html.Node) bool { return hasClass(e, "heatmap") })) != 0 {
			t.Errorf("an empty matrix draws a heatmap")
		}
	}
}

// The API answers the catalog, the job roles' required levels and each
// skill's aggregates, and nothing that names a person: no member's name,
// email or id, and no individual rating.
func TestAPISkills(t *testing.T) {
	t.Parallel()
	own, _, _, slug := matrixTeam(t)
	bearer := "Bearer " + own.createToken(slug, "skills")
	if _, err := own.su.Exec(context.Background(), `UPDATE skills SET archived = true WHERE key = 'documentation'`); err != nil {
		t.Fatal(err)
	}
	r := own.apiGet("/api/v1/skills", bearer)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/skills = %d\n%s", r.StatusCode, r.body)
	}
	for _, personal := range []string{"Olivia", "Ada", "Max", "example.com", `"user_id"`, `"email"`, `"name":"Max`} {
		if strings.Contains(r.body, personal) {
			t.Errorf("the API's skills answer contains %q", personal)
		}
	}
	var v struct {
		Items []struct {
			Key        string   `json:"key"`
			Name       string   `json:"name"`
			Category   string   `json:"category"`
			Archived   bool     `json:"archived"`
			Position   int      `json:"position"`
			Coverage   *float64 `json:"coverage"`
			Requiring  *int     `json:"requiring"`
			Covered    *int     `json:"covered"`
			Rated      *int     `json:"rated"`
			BusFactor  *int     `json:"bus_factor"`
			Risk       *string  `json:"risk"`
			Average    *float64 `json:"average"`
			Interested *int     `json:"interested"`
		} `json:"items"`
		Next     *string `json:"next"`
		JobRoles []struct {
			Key      string         `json:"key"`
			Title    string         `json:"title"`
			Required map[string]int `json:"required"`
		} `json:"job_roles"`
	}
	decodeJSON(t, r, &v) // unknown fields fail: the shape is exactly this
	if v.Next == nil || *v.Next != "" || len(v.Items) != own.count(`SELECT count(*) FROM skills s JOIN organizations o ON o.id = s.org_id WHERE o.slug = $1`, slug) {
		t.Errorf("the list: next %v, %d items", v.Next, len(v.Items))
	}
	byKey := map[string]int{}
	for i, it := range v.Items {
		byKey[it.Key] = i
	}
	lx := v.Items[byKey["linux"]]
	if lx.Name != "Linux administration" || lx.Category != "systems" || lx.Archived || lx.Coverage == nil || *lx.Coverage != 0.5 ||
		*lx.Requiring != 2 || *lx.BusFactor != 2 || *lx.Risk != "" || *lx.Average != 3 || *lx.Interested != 0 {
		t.Errorf("linux: %+v, want coverage 0.5 of 2, bus factor 2, average 3", lx)
	}
	k8s := v.Items[byKey["kubernetes"]]
	if *k8s.BusFactor != 1 || *k8s.Risk != "single_point_of_failure" || *k8s.Interested != 1 || *k8s.Average != 2 {
		t.Errorf("kubernetes: %+v, want a single point of failure", k8s)
	}
	doc := v.Items[byKey["documentation"]]
	if !doc.Archived || doc.BusFactor != nil || doc.Coverage != nil || doc.Average != nil {
		t.Errorf("an archived skill has aggregates: %+v", doc)
	}
	// Nobody rated software design: no average, a risk of nobody.
	if sd := v.Items[byKey["software_design"]]; sd.Average != nil || *sd.Risk != "nobody" || *sd.BusFactor != 0 {
		t.Errorf("software design (unrated): %+v", sd)
	}
	if len(v.JobRoles) != 10 {
		t.Fatalf("%d job roles, want 10", len(v.JobRoles))
	}
	for _, jr := range v.JobRoles {
		if jr.Key == "sre" && (jr.Title != "Site reliability engineer" || jr.Required["linux"] != 4 || jr.Required["kubernetes"] != 3) {
			t.Errorf("sre: %+v", jr)
		}
	}
	// Another organization's token sees its own catalog, not these ratings.
	other := own.newClient()
	otherSlug := other.signup("Oscar Other", "oscar@example.com", "Other Org")
	r = other.apiGet("/api/v1/skills", "Bearer "+other.createToken(otherSlug, "other"))
	if r.StatusCode != http.StatusOK || strings.Contains(r.body, `"single_point_of_failure"`) || strings.Contains(r.body, `"archived":true`) {
		t.Errorf("another organization's answer shows this one's: %s", r.body)
	}
}

// catalogOrder is the active skills' names as the catalog lists them.
func catalogOrder(t *testing.T, c *client, slug string) []string {
	t.Helper()
	var out []string
	doc := c.get("/o/" + slug + "/skills/catalog").doc(t)
	for _, table := range findAll(doc, func(e *html.Node) bool { return hasClass(e, "skill-catalog") })[:1] {
		for _, th := range findAll(table, func(e *html.Node) bool { return e.Data == "th" && hasClass(e, "cell-title") }) {
			out = append(out, strings.TrimSpace(th.FirstChild.Data))
		}
	}
	return out
}

// The catalog: adding (duplicates in any case, empty and long names
// refused beside the name, nothing saved), editing (the key and so the
// ratings stay; a stale version shows both), archiving (the skill leaves
// the matrix, its ratings stay) and restoring, moving up and down.
func TestSkillCatalog(t *testing.T) {
	t.Parallel()
	own, _, _, slug := matrixTeam(t)
	path := "/o/" + slug + "/skills/catalog"
	skills := func() int {
		return own.count(`SELECT count(*) FROM skills s JOIN organizations o ON o.id = s.org_id WHERE o.slug = $1`, slug)
	}
	before := skills()
	for _, tt := range []struct {
		name, value, want string
	}{
		{"duplicate in another case", "kubernetes", "Another skill of the catalog already has this name"},
		{"empty", "", "Name is required."},
		{"too long", strings.Repeat("n", 201), "200"},
	} {
		r := own.post(path, form("name", tt.value, "category", "containers", "description", "Kept as typed"))
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", tt.name, r.StatusCode)
			continue
		}
		doc := r.doc(t)
		if msg := byID(doc, "f-name-error"); msg == nil || !strings.Contains(text(msg), tt.want) {
			t.Errorf("%s: message beside the name %q, want %q", tt.name, text(msg), tt.want)
		}
		if !strings.Contains(r.body, "Kept as typed") {
			t.Errorf("%s: the typed description is lost", tt.name)
		}
	}
	if n := skills(); n != before {
		t.Fatalf("refused skills were saved: %d skills, %d before", n, before)
	}

	// Add one: it comes last, with a custom key.
	r := own.post(path, form("name", "Chaos engineering", "category", "reliability", "level_3", "Runs game days alone."))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d\n%s", r.StatusCode, r.body)
	}
	order := catalogOrder(t, own, slug)
	if order[len(order)-1] != "Chaos engineering" || len(order) != before+1 {
		t.Errorf("catalog after adding: %q", order)
	}
	var key string
	var version int
	if err := own.su.QueryRow(context.Background(), `SELECT key, version FROM skills WHERE name = 'Chaos engineering'`).Scan(&key, &version); err != nil || !strings.HasPrefix(key, "custom_") {
		t.Fatalf("the new skill: key %q, %v", key, err)
	}
	if own.count(`SELECT count(*) FROM audit_events WHERE action = 'skill.created' AND target = 'skill Chaos engineering'`) != 1 {
		t.Errorf("adding a skill is not audited")
	}

	// Rename Kubernetes: the key stays, so do Ada's and Max's ratings.
	var k8sVersion int
	own.su.QueryRow(context.Background(), `SELECT version FROM skills WHERE key = 'kubernetes'`).Scan(&k8sVersion)
	edit := func(name, version string) *response {
		return own.post(path+"/kubernetes", form("name", name, "category", "containers", "description", "Orchestration.", "version", version))
	}
	if r := edit("Chaos engineering", strconv.Itoa(k8sVersion)); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(text(byID(r.doc(t), "f-name-error")), "already has this name") {
		t.Errorf("renaming to another skill's name: %d", r.StatusCode)
	}
	if r := edit("K8s", strconv.Itoa(k8sVersion)); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: %d\n%s", r.StatusCode, r.body)
	}
	if row := skillStatsRow(t, own.get("/o/"+slug+"/skills").doc(t), "K8s"); !strings.Contains(row, "Single point of failure") {
		t.Errorf("the renamed skill lost its ratings: %q", row)
	}
	// The same form again is stale: 409, both versions, the typed values kept.
	r = edit("Kube", strconv.Itoa(k8sVersion))
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.body, "K8s changed while you were editing") ||
		attr(byID(r.doc(t), "f-name"), "value") != "Kube" || !strings.Contains(r.body, `name="version" value="`+strconv.Itoa(k8sVersion+1)+`"`) {
		t.Errorf("stale edit: %d, want 409 with both versions and the newer version in the form", r.StatusCode)
	}

	// Archive Kubernetes: it leaves the matrix, its ratings stay; restore.
	ratings := own.count(`SELECT count(*) FROM skill_ratings r JOIN skills s ON s.id = r.skill_id WHERE s.key = 'kubernetes'`)
	if r := own.post(path+"/kubernetes/archive", form("version", strconv.Itoa(k8sVersion+1))); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("archive: %d\n%s", r.StatusCode, r.body)
	}
	m := own.get("/o/" + slug + "/skills").doc(t) // (the flash names it)
	if got := text(byID(m, "heatmap-heading").Parent) + text(byID(m, "summary-heading").Parent) + text(byID(m, "skill-stats-heading").Parent); strings.Contains(got, "K8s") {
		t.Errorf("an archived skill is still in the matrix")
	}
	if n := own.count(`SELECT count(*) FROM skill_ratings r JOIN skills s ON s.id = r.skill_id WHERE s.key = 'kubernetes'`); n != ratings || n == 0 {
		t.Errorf("archiving lost ratings: %d, %d before", n, ratings)
	}
	if got := text(byID(own.get(path).doc(t), "archived-heading").Parent); !strings.Contains(got, "K8s") || !strings.Contains(got, "Restore") {
		t.Errorf("the archived section: %q", got)
	}
	if r := own.post(path+"/kubernetes/restore", form("version", strconv.Itoa(k8sVersion+2))); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d", r.StatusCode)
	}
	if row := skillStatsRow(t, own.get("/o/"+slug+"/skills").doc(t), "K8s"); !strings.Contains(row, "Single point of failure") {
		t.Errorf("the restored skill: %q", row)
	}

	// Move: the first skill up stays first; the second up becomes first;
	// the matrix's columns follow.
	order = catalogOrder(t, own, slug)
	first, second := order[0], order[1]
	keyOf := func(name string) string {
		var k string
		own.su.QueryRow(context.Background(), `SELECT key FROM skills WHERE name = $1`, name).Scan(&k)
		return k
	}
	if r := own.follow(own.post(path+"/"+keyOf(first)+"/move", form("direction", "up"))); !strings.Contains(r.body, "is already first") {
		t.Errorf("moving the first up: not said")
	}
	own.post(path+"/"+keyOf(second)+"/move", form("direction", "up"))
	if order := catalogOrder(t, own, slug); order[0] != second || order[1] != first {
		t.Errorf("after moving %s up: %q", second, order[:2])
	}
	own.post(path+"/"+keyOf(second)+"/move", form("direction", "down"))
	if order := catalogOrder(t, own, slug); order[0] != first || order[1] != second {
		t.Errorf("after moving %s down again: %q", second, order[:2])
	}
	heads := findAll(own.get("/o/"+slug+"/skills").doc(t), func(e *html.Node) bool { return hasClass(e, "heatmap-skill") })
	if len(heads) < 2 || text(heads[0]) != first || text(heads[1]) != second {
		t.Errorf("the matrix's first columns do not follow the catalog")
	}
	// A key of no skill: 404.
	if r := own.post(path+"/no_such_skill/archive", nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("archive an unknown key: %d", r.StatusCode)
	}
}

// The required levels: the grid shows the seeded levels; one save writes
// every changed cell in one transaction; a level outside 0–4 or not a
// number is refused beside its cell and nothing is saved; a cell of no
// active skill is refused; the matrix measures gaps against the new levels.
func TestSkillRequirements(t *testing.T) {
	t.Parallel()
	own, _, mem, slug := matrixTeam(t)
	path := "/o/" + slug + "/skills/requirements"
	level := func(role, key string) int {
		return own.count(`SELECT coalesce(max(q.level), 0) FROM skill_requirements q JOIN skills s ON s.id = q.skill_id JOIN organizations o ON o.id = q.org_id
			WHERE o.slug = $1 AND q.job_role = $2 AND s.key = $3`, slug, role, key)
	}
	doc := own.get(path).doc(t)
	in := byID(doc, "req-sre-linux")
	if in == nil || attr(in, "name") != "req_sre.linux" || attr(in, "value") != "4" || attr(in, "aria-label") != "Linux administration, Site reliability engineer" {
		t.Fatalf("the SRE × Linux cell: %v", in)
	}
	if n := len(findAll(doc, func(e *html.Node) bool { return e.Data == "input" && strings.HasPrefix(attr(e, "name"), "req_") })); n != 10*27 {
		t.Errorf("%d cells, want 10 job roles × 27 skills", n)
	}
	if mem.get(path).StatusCode != http.StatusForbidden {
		t.Errorf("a member opens the grid")
	}

	before := own.count(`SELECT count(*) FROM skill_requirements`)
	for _, tt := range []struct {
		name  string
		value string
		want  string
	}{
		{"above 4", "5", "from 0 (none) to 4 (expert)"},
		{"negative", "-1", "from 0 (none) to 4 (expert)"},
		{"not a number", "three", "whole number from 0 (none) to 4 (expert)"},
	} {
		r := own.post(path, form("req_sre.linux", "2", "req_sre.kubernetes", tt.value))
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", tt.name, r.StatusCode)
			continue
		}
		doc := r.doc(t)
		if msg := byID(doc, "req-sre-kubernetes-error"); msg == nil || !strings.Contains(text(msg), tt.want) {
			t.Errorf("%s: message beside the cell %q", tt.name, text(msg))
		}
		if attr(byID(doc, "req-sre-kubernetes"), "aria-invalid") != "true" || attr(byID(doc, "req-sre-kubernetes"), "value") != tt.value ||
			attr(byID(doc, "req-sre-linux"), "value") != "2" {
			t.Errorf("%s: the typed values are not kept", tt.name)
		}
	}
	if r := own.post(path, form("req_sre.linux", "2", "req_sre.no_such_skill", "3")); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a cell of no skill: %d", r.StatusCode)
	}
	if n := own.count(`SELECT count(*) FROM skill_requirements`); n != before || level("sre", "linux") != 4 {
		t.Fatalf("refused grids saved something: %d rows (%d before), SRE × Linux %d", n, before, level("sre", "linux"))
	}

	// Lower the SRE's Linux to 2 (Max is covered now), clear Kubernetes,
	// ask engineers for cost management 4: one save.
	r := own.post(path, form("req_sre.linux", "2", "req_sre.kubernetes", "", "req_engineer.cost_management", "4"))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.StatusCode, r.body)
	}
	if !strings.Contains(own.follow(r).body, "Saved 3 required levels.") {
		t.Errorf("the save is not said")
	}
	if level("sre", "linux") != 2 || level("sre", "kubernetes") != 0 || level("engineer", "cost_management") != 4 || level("sre", "containers") != 3 {
		t.Errorf("after saving: SRE linux %d kubernetes %d containers %d, engineer cost %d", level("sre", "linux"), level("sre", "kubernetes"),
			level("sre", "containers"), level("engineer", "cost_management"))
	}
	if own.count(`SELECT count(*) FROM audit_events WHERE action = 'skill.requirements_saved' AND target = '3 required levels'`) != 1 {
		t.Errorf("the save is not audited")
	}
	if td := heatmapCell(t, own.get("/o/"+slug+"/skills").doc(t), "Max Member", "Linux administration"); hasClass(td, "has-gap") {
		t.Errorf("Max × Linux still has a gap after lowering the requirement")
	}
}
