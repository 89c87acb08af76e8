package e2e

import (
	"bufio"
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"github.com/chromedp/chromedp"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/web"
)

// goldenRoadmap reads back a derived roadmap from internal/roadmap's golden
// file (its keys, titles, categories, quadrants, quarters and
// dependencies): a realistic plan for the timeline without a database.
func goldenRoadmap(t *testing.T, name string) []roadmap.Initiative {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "roadmap", "testdata", "roadmap", name+".golden"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	head := regexp.MustCompile(`^\d+\. (.+)  \[(.+)\]$`)
	quarter := regexp.MustCompile(`, (\d{4}) Q([1-4])$`)
	byLabel := func(label string) (roadmap.InitiativeCategory, roadmap.Quadrant) {
		var c roadmap.InitiativeCategory
		var q roadmap.Quadrant
		for _, ch := range roadmap.InitiativeCategories {
			if ch.Label == label {
				c = ch.Key
			}
		}
		for _, ch := range roadmap.Quadrants {
			if ch.Label == label {
				q = ch.Key
			}
		}
		return c, q
	}
	var list []roadmap.Initiative
	var quarters []int
	first := 1 << 30
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if m := head.FindStringSubmatch(line); m != nil {
			list = append(list, roadmap.Initiative{Title: m[1], Key: m[2]})
			continue
		}
		if len(list) == 0 {
			continue
		}
		it := &list[len(list)-1]
		switch s := strings.TrimSpace(line); {
		case strings.HasPrefix(s, "after: "):
			it.DependsOn = strings.Split(strings.TrimPrefix(s, "after: "), ", ")
		case it.Category == "" && strings.Contains(s, " · "):
			parts := strings.Split(s, " · ")
			it.Category, _ = byLabel(parts[0])
			_, it.Quadrant = byLabel(parts[1])
			m := quarter.FindStringSubmatch(s)
			if m == nil {
				t.Fatalf("%s: no quarter in %q", name, s)
			}
			y, _ := strconv.Atoi(m[1])
			n, _ := strconv.Atoi(m[2])
			it.QuarterName = m[1] + " Q" + m[2]
			quarters = append(quarters, y*4+n-1)
			first = min(first, y*4+n-1)
		}
	}
	if err := sc.Err(); err != nil || len(list) == 0 || len(quarters) != len(list) {
		t.Fatalf("%s: %d initiatives, %d quarters: %v", name, len(list), len(quarters), err)
	}
	for i := range list {
		list[i].Quarter = quarters[i] - first
	}
	return list
}

// The quarter timeline of the startup scenario (41 initiatives over 16
// quarters) and the mid-size one (24 in its first quarter), with every
// decision status among the bars and one quarter moved before its
// dependency, passes axe at every width in light and dark; its bars link to
// the cards' anchors; the wide drawing shows on a desktop and the narrow
// one on a phone. The page is served by the test, not by the app: the
// timeline has no route of its own (the roadmap page embeds it).
func TestRoadmapTimeline(t *testing.T) {
	statuses := []string{"proposed", "accepted", "in_progress", "done", "dismissed", "proposed", "proposed"}
	mux := http.NewServeMux()
	mux.Handle("/static/", http.StripPrefix("/static/", http.FileServerFS(web.Static())))
	want := map[string]web.TimelineProps{}
	for _, name := range []string{"startup", "midsize"} {
		list := goldenRoadmap(t, name)
		if name == "midsize" {
			// A quarter moved by hand before a dependency's: drawn as a conflict.
			for i := range list {
				if list[i].Key == "practice:metrics" {
					list[i].Quarter, list[i].QuarterName = 1, "2027 Q2"
				}
			}
		}
		status := map[string]string{}
		for i, it := range list {
			status[it.Key] = statuses[i%len(statuses)]
		}
		d := web.NewTimeline(list, func(k string) string { return status[k] })
		want[name] = d
		// The timeline, then a card per initiative with the anchor its bar
		// links to, as the roadmap page will have them.
		body := templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
			if _, err := io.WriteString(w, "<h1>Roadmap timeline</h1>"); err != nil {
				return err
			}
			if err := web.RoadmapTimeline(d).Render(ctx, w); err != nil {
				return err
			}
			io.WriteString(w, "<h2>Cards</h2><ol>")
			for _, it := range list {
				io.WriteString(w, `<li id="`+web.InitiativeAnchor(it.Key)+`">`+html.EscapeString(it.Title)+"</li>")
			}
			_, err := io.WriteString(w, "</ol>")
			return err
		})
		mux.HandleFunc("GET /"+name, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			if err := web.Layout(web.Page{Title: "Roadmap timeline"}).Render(templ.WithChildren(r.Context(), body), w); err != nil {
				t.Error(err)
			}
		})
	}
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)

	b := newBrowser(t)
	if err := chromedp.Do(b, emulateMedia("")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"startup", "midsize"} {
		d := want[name]
		visit(t, b, ts.URL+"/"+name)
		waitVisible(t, b, "svg.timeline-wide")
		// On a desktop: the wide drawing, every bar a link to a card, an
		// arrow per dependency.
		got, err := chromedp.Run(b, chromedp.Evaluate[[]int](`[
			document.querySelectorAll('svg.timeline-wide a.timeline-bar').length,
			[...document.querySelectorAll('svg.timeline-wide a.timeline-bar')].filter(a => document.getElementById(a.getAttribute('href').slice(1)) && document.getElementById(a.getAttribute('href').slice(1)).tagName === 'LI').length,
			document.querySelectorAll('svg.timeline-wide path.timeline-arrow').length,
			document.querySelectorAll('svg.timeline-wide path.timeline-arrow.backward').length,
			document.querySelector('svg.timeline-narrow').getBoundingClientRect().height,
			document.querySelectorAll('.timeline-text li').length,
		]`))
		if err != nil {
			t.Fatal(err)
		}
		backward := 0
		for _, a := range d.Wide.Arrows {
			if a.Backward {
				backward++
			}
		}
		if (backward > 0) != (name == "midsize") {
			t.Errorf("%s: %d backward arrows", name, backward)
		}
		if got[0] != d.Count || got[1] != d.Count || got[2] != d.Dependencies || got[3] != backward || got[4] != 0 || got[5] != d.Count {
			t.Errorf("%s at 1280: %d bars, %d linked to a card, %d arrows (%d backward), narrow %d px high, %d in the list; want %d, %d, %d (%d), 0, %d",
				name, got[0], got[1], got[2], got[3], got[4], got[5], d.Count, d.Count, d.Dependencies, backward, d.Count)
		}
		// On a phone: the narrow one instead.
		if err := chromedp.Do(b, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), settle); err != nil {
			t.Fatal(err)
		}
		h, err := chromedp.Run(b, chromedp.Evaluate[[]float64](`[
			document.querySelector('svg.timeline-wide').getBoundingClientRect().height,
			document.querySelector('svg.timeline-narrow').getBoundingClientRect().width,
			document.documentElement.scrollWidth]`))
		if err != nil {
			t.Fatal(err)
		}
		if h[0] != 0 || h[1] < 300 || h[2] > 390 {
			t.Errorf("%s at 390: wide %v px high, narrow %v px wide, page %v px wide", name, h[0], h[1], h[2])
		}
		if err := chromedp.Do(b, chromedp.EmulateViewport(1280, 900)); err != nil {
			t.Fatal(err)
		}
		checkPage(t, b, page{name: "timeline " + name, path: "/" + name, heading: "Roadmap timeline"})
		timelineShots(t, b, name)
	}
}

// timelineShots saves the timeline section alone, at 1:1, at every screen
// size in light and dark, when HEADWAY_SCREENSHOTS is set: the full-page
// screenshots shrink it past reading.
func timelineShots(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("HEADWAY_SCREENSHOTS")
	if dir == "" {
		return
	}
	for _, scheme := range colorSchemes {
		for _, s := range screenSizes {
			var opts []chromedp.EmulateViewportOption
			if s.mobile {
				opts = append(opts, chromedp.EmulateMobile)
			}
			if err := chromedp.Do(ctx, emulateMedia(scheme), chromedp.EmulateViewport(s.width, s.height, opts...), settle); err != nil {
				t.Fatal(err)
			}
			png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(".roadmap-timeline")))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "timeline-"+name+"-"+s.name+"-"+scheme+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := chromedp.Do(ctx, emulateMedia(""), chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
}
