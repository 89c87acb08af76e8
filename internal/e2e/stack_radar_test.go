package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// radarNames are 60 long-ish tool names, as an inventory has them.
var radarNames = []string{
	"GitHub Enterprise Cloud", "GitLab Self-Managed", "Bitbucket Data Center", "Gerrit Code Review", "Azure Repos",
	"GitHub Actions", "Jenkins LTS (controller)", "CircleCI Performance", "Argo CD Image Updater", "Tekton Pipelines",
	"Terraform Cloud Business", "Pulumi Deployments", "AWS CloudFormation", "Ansible Automation Platform", "AWS IAM Identity Center",
	"Kubernetes (EKS)", "Helm Charts Repository", "Docker Desktop Business", "Karpenter Autoscaler", "Istio Service Mesh",
	"Amazon Web Services", "Google Cloud Platform", "Microsoft Azure", "Cloudflare Workers", "WWW MMM WIDE CAPS TOOL",
	"Prometheus Operator", "Grafana Cloud Pro", "Datadog APM & Infra", "OpenTelemetry Collector", "PagerDuty Incident Response",
	"Snyk Open Source", "HashiCorp Vault Enterprise", "SonarQube Developer Edition", "Trivy Image Scanner", "1Password Teams",
	"PostgreSQL 16 (RDS)", "Snowflake Data Cloud", "Apache Kafka (MSK)", "Redis Enterprise Cloud", "dbt Cloud Team",
	"Confluence Cloud Premium", "Slack Enterprise Grid", "Jira Software Cloud", "Notion Team Workspace", "SONARQUBE ENTERPRISE",
	"Internal developer portal (Backstage)", "Feature flags (LaunchDarkly)", "Sentry Error Tracking", "Elastic Stack (ELK)", "Spinnaker",
	"Buildkite Agents", "Nomad Clusters", "OpenSearch Dashboards", "Loki Log Aggregation", "Falco Runtime Security",
	"MongoDB Atlas M30", "Airflow (Astronomer)", "Linear Issue Tracking", "Legacy FTP deploy scripts", "Subversion (SVN) mirror",
}

// radarLifecycles spreads the items as inventories do: most adopted.
var radarLifecycles = []string{"adopt", "adopt", "trial", "adopt", "assess", "hold", "adopt", "trial", "retire", "assess"}

var radarCategories = []string{"source_control", "ci_cd", "iac", "containers", "cloud", "observability", "security", "data", "collaboration", "other"}

// seedRadar creates the items through the JSON API with token.
func seedRadar(t *testing.T, base, token string, from, to int) {
	t.Helper()
	for i := from; i < to; i++ {
		cat := radarCategories[(i/5)%len(radarCategories)]
		if i >= 45 {
			cat = radarCategories[i%len(radarCategories)]
		}
		body, _ := json.Marshal(map[string]any{
			"name": radarNames[i], "category": cat, "lifecycle": radarLifecycles[i%len(radarLifecycles)],
			"monthly_cost": 10 * i, "cost_scaling": "linear", "scalability": 1 + i%5,
		})
		req, err := http.NewRequest(http.MethodPost, base+"/api/v1/stack", strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("POST /api/v1/stack %q = %d, want 201", radarNames[i], res.StatusCode)
		}
	}
}

// radarCheck is what the browser measures of the radar it shows.
type radarCheck struct {
	Charts   int      // visible drawings
	Names    []string // the links' accessible names
	Labels   int
	FontPx   float64 // a label's font size on screen
	Contrast float64 // the lowest contrast of a ring's dot colour with the page's background
	Problems []string
}

// measureRadar finds the visible drawing and checks, with the browser's
// own text metrics, that no two labels (items' and quadrants') overlap and
// that none leaves the drawing.
const measureRadar = `(() => {
	const charts = [...document.querySelectorAll('svg.radar')].filter(s => getComputedStyle(s).display !== 'none');
	const out = {Charts: charts.length, Names: [], Labels: 0, FontPx: 0, Problems: []};
	if (charts.length !== 1) return out;
	const svg = charts[0], box = svg.getBoundingClientRect();
	const texts = [...svg.querySelectorAll('text.radar-label, text.radar-title')];
	const rects = texts.map(t => t.getBoundingClientRect());
	out.Labels = svg.querySelectorAll('text.radar-label').length;
	out.Names = [...svg.querySelectorAll('a.radar-item')].map(a => a.getAttribute('aria-label'));
	const label = svg.querySelector('text.radar-label');
	if (label) out.FontPx = parseFloat(getComputedStyle(label).fontSize) * box.width / svg.viewBox.baseVal.width;
	// WCAG's contrast of each ring's dot colour with the page's background
	// (a graphic needs 3:1; the ring bands are within a few percent of it).
	const lum = c => {
		const [r, g, b] = c.match(/[\d.]+/g).slice(0, 3).map(v => {
			v = v / 255;
			return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
		});
		return 0.2126 * r + 0.7152 * g + 0.0722 * b;
	};
	// The first opaque background from the drawing up (body's may be transparent).
	let bgColor = 'rgb(255, 255, 255)';
	for (let e = svg; e; e = e.parentElement) {
		const c = getComputedStyle(e).backgroundColor;
		if (!/rgba\(.*,\s*0\)$/.test(c) && c !== 'transparent') { bgColor = c; break; }
	}
	const bg = lum(bgColor);
	out.Contrast = 21;
	for (const dot of svg.querySelectorAll('a.radar-item circle.radar-dot')) {
		const l = lum(getComputedStyle(dot).fill);
		out.Contrast = Math.min(out.Contrast, (Math.max(l, bg) + 0.05) / (Math.min(l, bg) + 0.05));
	}
	const eps = 0.5;
	rects.forEach((r, i) => {
		if (r.left < box.left - eps || r.top < box.top - eps || r.right > box.right + eps || r.bottom > box.bottom + eps)
			out.Problems.push('"' + texts[i].textContent + '" leaves the drawing');
		for (let j = 0; j < i; j++) {
			const o = rects[j];
			if (r.left < o.right - eps && o.left < r.right - eps && r.top < o.bottom - eps && o.top < r.bottom - eps)
				out.Problems.push('"' + texts[i].textContent + '" overlaps "' + texts[j].textContent + '"');
		}
	});
	return out;
})()`

// checkRadar measures the radar at each width and fails on an overlap, a
// label off the drawing, a missing item or a label too small to read.
func checkRadar(t *testing.T, ctx context.Context, want int) {
	t.Helper()
	sctx, cancel := step(ctx)
	defer cancel()
	for _, scheme := range colorSchemes {
		for _, s := range screenSizes {
			var opts []chromedp.EmulateViewportOption
			if s.mobile {
				opts = append(opts, chromedp.EmulateMobile)
			}
			if err := chromedp.Do(sctx, emulateMedia(scheme), chromedp.EmulateViewport(s.width, s.height, opts...),
				chromedp.Evaluate[chromedp.Void](`document.fonts.ready`, chromedp.EvalAwaitPromise), settle); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(sctx, chromedp.Evaluate[radarCheck](measureRadar))
			if err != nil {
				t.Fatalf("radar at %s, %s: %v", s.name, scheme, err)
			}
			if got.Charts != 1 || got.Labels != want || len(got.Names) != want {
				t.Errorf("radar at %s: %d drawings shown with %d labels and %d links, want 1 with %d", s.name, got.Charts, got.Labels, len(got.Names), want)
			}
			for _, p := range got.Problems {
				t.Errorf("radar at %s: %s", s.name, p)
			}
			// 10 px is about the smallest text a phone reads comfortably.
			if want > 0 && got.FontPx < 10 {
				t.Errorf("radar at %s: labels are %.1f px, want at least 10", s.name, got.FontPx)
			}
			if want > 0 && got.Contrast < 3 {
				t.Errorf("radar at %s, %s: a dot's colour has a contrast of %.2f with the page, want at least 3", s.name, scheme, got.Contrast)
			}
			t.Logf("radar at %s, %s: %d labels at %.1f px, dots at contrast ≥ %.1f, no overlaps: %v", s.name, scheme, got.Labels, got.FontPx, got.Contrast, len(got.Problems) == 0)
		}
	}
	if err := chromedp.Do(sctx, emulateMedia(""), chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
}

// The tech radar for 0, 1 and 60 items: an empty state pointing to the
// inventory, then every item as a labelled link, without overlapping
// labels at phone, tablet and desktop widths, readable on a phone, passing
// axe in light and dark mode.
func TestStackRadar(t *testing.T) {
	a := newApp(t)
	owner := newBrowser(t)
	if err := chromedp.Do(owner, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	signUpInBrowser(t, owner, a.URL, "Olivia Owner", "olivia@example.com", "Acme Corp")
	radar := page{name: "radar empty", path: "/o/acme-corp/stack/radar", heading: "Tech radar"}

	visit(t, owner, a.URL+radar.path)
	waitVisible(t, owner, `.empty-state a[href="/o/acme-corp/stack"]`)
	checkPage(t, owner, radar)

	visit(t, owner, a.URL+"/o/acme-corp/settings/tokens")
	typeInto(t, owner, `#f-name`, "radar seed")
	click(t, owner, `form[action="/o/acme-corp/settings/tokens"] button[type="submit"]`)
	waitVisible(t, owner, `#new-token`)
	token, err := chromedp.Run(owner, chromedp.Value(chromedp.CSS(`#new-token`)))
	if err != nil || !regexp.MustCompile(`^hw_`).MatchString(token) {
		t.Fatalf("token %q: %v", token, err)
	}

	seedRadar(t, a.URL, token, 0, 1)
	visit(t, owner, a.URL+radar.path)
	radar.name = "radar one tool"
	checkPage(t, owner, radar)
	checkRadar(t, owner, 1)
	names, err := chromedp.Run(owner, chromedp.Evaluate[[]string](`[...document.querySelectorAll('svg.radar-wide a.radar-item')].map(a => a.getAttribute('aria-label') + ' ' + a.getAttribute('href'))`))
	if err != nil || len(names) != 1 || !strings.HasPrefix(names[0], "GitHub Enterprise Cloud (Adopt, Delivery) /o/acme-corp/stack/") {
		t.Errorf("the one dot = %q (%v), want GitHub Enterprise Cloud in Adopt, Delivery, linking to its page", names, err)
	}

	seedRadar(t, a.URL, token, 1, len(radarNames))
	visit(t, owner, a.URL+radar.path)
	radar.name = "radar 60 tools"
	checkPage(t, owner, radar)
	checkRadar(t, owner, len(radarNames))
	// A keyboard user sees which dot has the focus.
	focus, err := chromedp.Run(owner, chromedp.Evaluate[[]string](`(() => {
		const a = document.querySelector('svg.radar-wide a.radar-item'), dot = a.querySelector('circle');
		const before = getComputedStyle(dot).strokeWidth;
		a.focus();
		return [String(document.activeElement === a && a.matches(':focus-visible')), before, getComputedStyle(dot).strokeWidth];
	})()`))
	if err != nil || len(focus) != 3 || focus[0] != "true" || focus[1] == focus[2] {
		t.Errorf("focused dot: focus-visible, stroke before and after = %v (%v), want a wider stroke", focus, err)
	}
	// The table lists every item once, linking to its page.
	n, err := chromedp.Run(owner, chromedp.Evaluate[int](`document.querySelectorAll('.radar-table td a[href^="/o/acme-corp/stack/"]').length`))
	if err != nil || n != len(radarNames) {
		t.Errorf("the table links %d items (%v), want %d", n, err, len(radarNames))
	}
}
