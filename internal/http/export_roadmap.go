package http

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/headwayhq/headway/internal/export"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// The roadmap as CSV and Markdown (the file formats are internal/export's
// roadmap.go), for members at /o/{slug}/roadmap.csv|.md and for anyone
// with a live share link at /share/{token}/roadmap.csv|.md (the live plan
// without owners or notes). And the public page /template, which offers
// the blank template.

// The roadmap export formats of this file.
const (
	formatCSV      = "csv"
	formatMarkdown = "md"
)

// handleRoadmapCSV is GET /o/{slug}/roadmap.csv.
func (s *Server) handleRoadmapCSV(w http.ResponseWriter, r *http.Request) {
	s.tenantRoadmapExport(w, r, formatCSV)
}

// handleRoadmapMarkdown is GET /o/{slug}/roadmap.md.
func (s *Server) handleRoadmapMarkdown(w http.ResponseWriter, r *http.Request) {
	s.tenantRoadmapExport(w, r, formatMarkdown)
}

func (s *Server) tenantRoadmapExport(w http.ResponseWriter, r *http.Request, format string) {
	org := currentOrg(r.Context())
	now := s.now()
	d, err := s.roadmapOf(r.Context(), org.ID, now)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := export.NewRoadmapFile(org.Name, now, d.Plan, d.memberName, false)
	s.writeRoadmapFile(w, r, org.Slug, f, format)
}

// handleShareRoadmapCSV is GET /share/{token}/roadmap.csv.
func (s *Server) handleShareRoadmapCSV(w http.ResponseWriter, r *http.Request) {
	s.sharedRoadmapExport(w, r, formatCSV)
}

// handleShareRoadmapMarkdown is GET /share/{token}/roadmap.md.
func (s *Server) handleShareRoadmapMarkdown(w http.ResponseWriter, r *http.Request) {
	s.sharedRoadmapExport(w, r, formatMarkdown)
}

// sharedRoadmapExport answers as the shared page does: the same 404 page
// for an unknown, revoked or expired token, and headers that keep the
// token out of caches, indexes and referrers.
func (s *Server) sharedRoadmapExport(w http.ResponseWriter, r *http.Request, format string) {
	now := s.now()
	l, ok := s.openShare(w, r, now)
	if !ok {
		return
	}
	rs, err := s.store.FindRoadmapSnapshot(r.Context(), l.OrgID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := planFrom(rs, now)
	// No owner lookup at all: the shared file cannot name a member.
	f := export.NewRoadmapFile(l.OrgName, now, d.Plan, nil, true)
	// The link names the organization, not its slug: the file is named
	// after the name's slug form.
	s.writeRoadmapFile(w, r, store.Slugify(l.OrgName), f, format)
}

// writeRoadmapFile writes f in format as a download named
// "<slug>-roadmap-<date>.<format>".
func (s *Server) writeRoadmapFile(w http.ResponseWriter, r *http.Request, slug string, f export.RoadmapFile, format string) {
	var buf bytes.Buffer
	write, ctype := export.WriteRoadmapCSV, "text/csv; charset=utf-8"
	if format == formatMarkdown {
		write, ctype = export.WriteRoadmapMarkdown, "text/markdown; charset=utf-8"
	}
	if err := write(&buf, f); err != nil {
		s.error(w, r, err)
		return
	}
	writeDownload(w, ctype, roadmapFileName(slug, f.Date, format), buf.Bytes())
}

// roadmapFileName is "<slug>-roadmap-2026-12-01.<ext>" (the slug is
// [a-z0-9-], so the name needs no quoting).
func roadmapFileName(slug string, date time.Time, ext string) string {
	return slug + "-roadmap-" + date.UTC().Format("2006-01-02") + "." + ext
}

// writeDownload sends data as an attachment that no cache keeps.
func writeDownload(w http.ResponseWriter, ctype, name string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = io.Copy(w, bytes.NewReader(data))
}

// handleTemplateView is GET /template: the public page of the blank
// roadmap template, what it holds and how to fill it offline; a logged-in
// person also gets their organizations' filled exports.
func (s *Server) handleTemplateView(w http.ResponseWriter, r *http.Request) {
	p := s.page(r, "Roadmap template", "")
	d := web.TemplateProps{}
	for _, o := range p.Orgs {
		d.Orgs = append(d.Orgs, web.TemplateOrg{Name: o.Name, Downloads: web.OrgDownloadLinks(o.Slug)})
	}
	s.render(w, r, http.StatusOK, web.TemplatePage(p, d))
}
