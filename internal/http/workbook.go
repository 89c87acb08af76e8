package http

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/headwayhq/headway/internal/export"
	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/internal/workbook"
	"github.com/headwayhq/headway/web"
)

// The roadmap workbook (issue 15): the blank template (public), an
// organization's filled workbook (members; only the downloader's own
// ratings), the same from a share link (no ratings, no owners), and its
// import (owners and admins): upload, preview, confirm in one transaction.
// The Roadmap sheet is not imported (it is derived from the other sheets):
// the preview reports it as ignored.

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// handleTemplateXLSX is GET /template/headway-roadmap-template.xlsx.
func (s *Server) handleTemplateXLSX(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if err := workbook.Write(&buf, workbook.Data{}); err != nil {
		s.error(w, r, err)
		return
	}
	s.writeXLSX(w, "headway-roadmap-template.xlsx", buf.Bytes(), false)
}

// handleRoadmapXLSX is GET /o/{slug}/roadmap.xlsx: the organization's
// workbook with the downloader's own ratings.
func (s *Server) handleRoadmapXLSX(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org := currentOrg(ctx)
	now := s.now()
	d, err := s.workbookOf(ctx, org.ID, org.Name, currentUser(ctx).ID, now)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := workbook.Write(&buf, d); err != nil {
		s.error(w, r, err)
		return
	}
	s.writeXLSX(w, org.Slug+"-roadmap-"+now.UTC().Format("2006-01-02")+".xlsx", buf.Bytes(), true)
}

// handleShareXLSX is GET /share/{token}/roadmap.xlsx: the workbook of a
// live share link, with no ratings, owners, notes or descriptions (the
// 404 of the share page otherwise).
func (s *Server) handleShareXLSX(w http.ResponseWriter, r *http.Request) {
	now := s.now()
	l, ok := s.openShare(w, r, now)
	if !ok {
		return
	}
	d, err := s.workbookOf(r.Context(), l.OrgID, l.OrgName, 0, now)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := workbook.Write(&buf, d); err != nil {
		s.error(w, r, err)
		return
	}
	s.writeXLSX(w, "headway-roadmap-"+now.UTC().Format("2006-01-02")+".xlsx", buf.Bytes(), true)
}

// writeXLSX sends a workbook as a download (name is [a-z0-9.-]).
func (s *Server) writeXLSX(w http.ResponseWriter, name string, data []byte, private bool) {
	h := w.Header()
	h.Set("Content-Type", xlsxType)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	if private {
		h.Set("Cache-Control", "no-store")
	} else {
		h.Set("Cache-Control", "public, max-age=3600")
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
}

// workbookOf is the organization's workbook data. viewerID 0 is a share
// link: no ratings, and no owners (a tool's owner may be a person).
func (s *Server) workbookOf(ctx context.Context, orgID int64, orgName string, viewerID int64, now time.Time) (workbook.Data, error) {
	rs, err := s.store.FindRoadmapSnapshot(ctx, orgID)
	if err != nil {
		return workbook.Data{}, err
	}
	kpis, _, err := s.store.FindKPIs(ctx, orgID)
	if err != nil {
		return workbook.Data{}, err
	}
	return workbookData(rs, kpis, orgName, viewerID, now), nil
}

// workbookData turns the stored snapshot into the workbook's data.
func workbookData(rs store.RoadmapSnapshot, kpis []store.KPISnapshot, orgName string, viewerID int64, now time.Time) workbook.Data {
	d := workbook.Data{Organization: orgName, Date: now, Skills: []workbook.Skill{}, Requirements: []roadmap.Requirement{}}
	names := make(map[int64]string, len(rs.Stack))
	for _, it := range rs.Stack {
		item := it.Item()
		if viewerID == 0 {
			// A share link carries no one's words: no owner (it may be a
			// person), no notes, as the share page and its other files.
			item.Owner, item.Notes = "", ""
		}
		d.Stack = append(d.Stack, item)
		names[it.ID] = it.Name
	}
	findings := make([]roadmap.Finding, len(rs.Findings))
	for i, f := range rs.Findings {
		findings[i] = f.Finding()
		if viewerID == 0 {
			findings[i].Description = ""
		}
	}
	d.Findings = export.NameStackItems(findings, names)
	active := map[string]bool{}
	for _, sk := range rs.Skills.Skills {
		if sk.Archived {
			continue
		}
		active[sk.Key] = true
		d.Skills = append(d.Skills, workbook.Skill{Key: sk.Key, Name: sk.Name, Category: sk.Category.Label()})
	}
	for _, q := range rs.Skills.Requirements {
		if active[q.SkillKey] {
			d.Requirements = append(d.Requirements, roadmap.Requirement{JobRole: q.JobRole, SkillKey: q.SkillKey, Level: q.Level})
		}
	}
	if viewerID != 0 {
		for _, m := range rs.Skills.Members {
			if m.UserID == viewerID {
				d.JobRole = m.JobRoleKey
			}
		}
		for _, rt := range rs.Skills.Ratings {
			if rt.UserID == viewerID && active[rt.SkillKey] {
				d.Ratings = append(d.Ratings, rt.Rating())
			}
		}
	}
	for _, k := range kpis {
		d.KPIs = append(d.KPIs, k.Snapshot())
	}
	d.Practices = make(map[string]workbook.Practice, len(rs.Practices))
	for k, p := range rs.Practices {
		d.Practices[k] = workbook.Practice{Status: p.Status, Notes: p.Notes}
		if viewerID == 0 {
			d.Practices[k] = workbook.Practice{Status: p.Status}
		}
	}
	if a := rs.Maturity.Latest(); a != nil {
		d.Maturity = a.Answers
	} else if rs.Maturity.Draft != nil {
		d.Maturity = rs.Maturity.Draft.Answers
	}
	plan := planFrom(rs, now).Plan
	items := plan.All()
	if viewerID == 0 {
		items = plan.Items // a share link shows the live plan only, as its page does
	}
	for _, it := range items {
		ev := make([]string, len(it.Evidence))
		for i, e := range it.Evidence {
			ev[i] = e.Text
		}
		d.Roadmap = append(d.Roadmap, workbook.RoadmapRow{Key: it.Key, Title: it.Title, Category: it.Category.Label(),
			Phase: it.Phase.Label(), Quarter: it.QuarterName, Status: it.Status.Label(), Effort: it.Effort.Label(),
			Score: it.Score.WSJF, Evidence: strings.Join(ev, "\n"), KPIs: strings.Join(it.KPIs, ", ")})
	}
	return d
}

// handleWorkbookImportView is GET /o/{slug}/import: the upload form, or
// with ?preview=<id> the preview of the uploader's pending workbook.
func (s *Server) handleWorkbookImportView(w http.ResponseWriter, r *http.Request) {
	raw := r.URL.Query().Get("preview")
	if raw == "" {
		s.renderWorkbookImport(w, r, http.StatusOK, web.WorkbookImportProps{})
		return
	}
	ctx := r.Context()
	org := currentOrg(ctx)
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		s.error(w, r, errImportGone)
		return
	}
	p, err := s.store.FindPendingWorkbook(ctx, org.ID, currentUser(ctx).ID, id, s.now())
	if err != nil {
		s.error(w, r, importErr(err))
		return
	}
	existing, err := s.store.FindWorkbookExisting(ctx, org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderWorkbookImport(w, r, http.StatusOK, web.WorkbookImportProps{Preview: workbookPreview(p, existing)})
}

func (s *Server) renderWorkbookImport(w http.ResponseWriter, r *http.Request, status int, d web.WorkbookImportProps) {
	s.render(w, r, status, web.WorkbookImportPage(s.page(r, "Import the roadmap workbook", "settings"), d))
}

// handleWorkbookImport is POST /o/{slug}/import (upload group): the file is
// checked whole; its problems are listed by sheet, row and column (422,
// nothing kept), and a clean workbook waits as a pending import behind a
// preview (303).
func (s *Server) handleWorkbookImport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org := currentOrg(ctx)
	refuse := func(msgs []string, more int) {
		s.renderWorkbookImport(w, r, http.StatusUnprocessableEntity, web.WorkbookImportProps{Errors: msgs, More: more})
	}
	file, header, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		refuse([]string{"Choose the filled workbook (an .xlsx file) to upload."}, 0)
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	defer func() { _ = file.Close() }()
	if header.Size > workbook.MaxFileSize {
		refuse([]string{fmt.Sprintf("The file is larger than %d MiB: nothing was imported.", workbook.MaxFileSize>>20)}, 0)
		return
	}
	parsed, err := workbook.ParseAt(file, header.Size, s.now())
	if errors.Is(err, workbook.ErrRefused) {
		refuse([]string{"This file cannot be imported: " + strings.TrimPrefix(err.Error(), workbook.ErrRefused.Error()+": ") + "."}, 0)
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	existing, err := s.store.FindWorkbookExisting(ctx, org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	imp := checkWorkbook(parsed, existing)
	if !parsed.OK() {
		msgs := make([]string, len(parsed.Problems))
		for i, p := range parsed.Problems {
			msgs[i] = p.String()
		}
		refuse(msgs, parsed.MoreProblems)
		return
	}
	if imp.Empty() {
		refuse([]string{"The workbook holds nothing new to import: fill the sheets first (rows starting with “Example —” are not imported)."}, 0)
		return
	}
	id, err := s.store.CreatePendingWorkbook(ctx, org.ID, currentUser(ctx).ID, imp, s.now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, orgPath(org, "import")+"?preview="+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// checkWorkbook checks a parsed workbook against the organization (skill
// keys, the tools findings name) and keeps only what changes something:
// requirements at their stored level and practices never set that stay
// "not started" without notes are left out, so the blank template's
// catalogs import as nothing.
func checkWorkbook(p *workbook.Parsed, e store.WorkbookExisting) store.WorkbookImport {
	imp := store.WorkbookImport{Stack: p.Stack, KPIs: p.KPIs, Maturity: p.Maturity, Notices: p.Notices}
	problem := func(sheet string, row int, col, msg string) {
		p.Problems = append(p.Problems, workbook.Problem{Sheet: sheet, Row: row, Column: col, Message: msg})
	}
	for key, row := range p.SkillRows {
		if !e.Skills[key] {
			problem(workbook.SheetSkills, row, workbook.HKey, "This organization has no skill “"+key+"”: add it to the skill catalog first, or delete the row.")
		}
	}
	for _, q := range p.Requirements {
		lv, ok := e.Requirements[[2]string{q.JobRole, q.SkillKey}]
		if e.Skills[q.SkillKey] && lv != q.Level && (ok || q.Level > 0) {
			imp.Requirements = append(imp.Requirements, q)
		}
	}
	for _, rt := range p.Ratings {
		switch {
		case !e.Skills[rt.SkillKey]:
		case !e.ActiveSkills[rt.SkillKey]:
			problem(workbook.SheetSkills, p.SkillRows[rt.SkillKey], workbook.HYourRating, "This skill is archived: it cannot be rated.")
		default:
			imp.Ratings = append(imp.Ratings, rt)
		}
	}
	tools := map[string]bool{}
	for n := range e.StackNames {
		tools[n] = true
	}
	for _, it := range p.Stack {
		tools[strings.ToLower(it.Name)] = true
	}
	for _, f := range p.Findings {
		if f.StackItem != "" && !tools[strings.ToLower(f.StackItem)] {
			problem(workbook.SheetFindings, f.Row, workbook.HTool, "“"+f.StackItem+"” is not a tool of the stack audit (the sheet or the inventory).")
			continue
		}
		imp.Findings = append(imp.Findings, f)
	}
	for _, pr := range p.Practices {
		if pr.Status == roadmap.PracticeNotStarted && pr.Notes == "" && !e.Practices[pr.Key] {
			continue
		}
		imp.Practices = append(imp.Practices, store.PracticeImport{Key: pr.Key, Status: pr.Status, Notes: pr.Notes})
	}
	return imp
}

// workbookPreview is what the preview shows: per sheet, the counts and
// the first rows.
func workbookPreview(p store.PendingWorkbook, e store.WorkbookExisting) *web.WorkbookPreview {
	d := p.Data
	counts := d.Counts(e)
	v := &web.WorkbookPreview{ID: p.ID, Notices: d.Notices, Expires: p.ExpiresAt.UTC().Format("15:04 UTC, 2 January")}
	add := func(sheet, what, key string, cols []string, total int, row func(i int) []string) {
		if total == 0 {
			return
		}
		if one, many, ok := strings.Cut(what, "|"); ok {
			what = many
			if total == 1 {
				what = one
			}
		}
		c := counts[key]
		sp := web.WorkbookSheetPreview{Sheet: sheet, What: what, Create: c.Create, Update: c.Update, Total: total, Columns: cols}
		for i := range min(total, web.PreviewRows) {
			sp.Rows = append(sp.Rows, row(i))
		}
		v.Sheets = append(v.Sheets, sp)
	}
	add(workbook.SheetStack, "tool|tools", "stack", []string{workbook.HName, workbook.HCategory, workbook.HLifecycle, workbook.HMonthlyCost, workbook.HCostScaling},
		len(d.Stack), func(i int) []string {
			it := d.Stack[i]
			return []string{it.Name, it.Category.Label(), roadmapLabel(roadmap.Lifecycles, it.Lifecycle), strconv.FormatFloat(it.MonthlyCost, 'f', -1, 64),
				roadmapLabel(roadmap.CostScalings, it.CostScaling)}
		})
	add(workbook.SheetFindings, "finding|findings", "findings", []string{workbook.HTitle, workbook.HKind, workbook.HSeverity, workbook.HEffort, workbook.HTool},
		len(d.Findings), func(i int) []string {
			f := d.Findings[i]
			return []string{f.Finding.Title, roadmapLabel(roadmap.FindingKinds, f.Finding.Kind), strconv.Itoa(f.Finding.Severity),
				roadmapLabel(roadmap.Efforts, f.Finding.Effort), f.StackItem}
		})
	add(workbook.SheetSkills, "required level|required levels", "requirements", []string{"Job role", workbook.HSkill, "Level"},
		len(d.Requirements), func(i int) []string {
			q := d.Requirements[i]
			role, _ := roadmap.JobRoleByKey(q.JobRole)
			return []string{role.Title, q.SkillKey, strconv.Itoa(q.Level)}
		})
	add(workbook.SheetSkills, "of your own ratings|of your own ratings", "ratings", []string{workbook.HSkill, "Your rating", workbook.HInterested},
		len(d.Ratings), func(i int) []string {
			rt := d.Ratings[i]
			lv, in := "", workbook.No
			if rt.Level != nil {
				lv = strconv.Itoa(*rt.Level)
			}
			if rt.Interested {
				in = workbook.Yes
			}
			return []string{rt.SkillKey, lv, in}
		})
	add(workbook.SheetKPIs, "KPI snapshot|KPI snapshots", "kpis", []string{"Measured on", "Edition"}, len(d.KPIs), func(i int) []string {
		return []string{d.KPIs[i].MeasuredOn.UTC().Format(roadmap.DateLayout), d.KPIs[i].Edition}
	})
	add(workbook.SheetPractices, "practice status|practice statuses", "practices", []string{workbook.HPractice, workbook.HStatus}, len(d.Practices), func(i int) []string {
		pr, _ := roadmap.PracticeByKey(d.Practices[i].Key)
		return []string{pr.Title, d.Practices[i].Status.Label()}
	})
	if n := len(d.Maturity); n > 0 {
		what := fmt.Sprintf("of %d answers (a draft assessment)", len(roadmap.MaturityQuestions))
		if len(d.Maturity.Missing()) == 0 {
			what = "answers: a completed assessment"
		}
		c := counts["maturity"]
		v.Sheets = append(v.Sheets, web.WorkbookSheetPreview{Sheet: workbook.SheetMaturity, What: what, Create: c.Create, Update: c.Update, Total: n})
	}
	return v
}

// handleWorkbookImportConfirm is POST /o/{slug}/import/confirm: applies the
// uploader's pending workbook in one transaction, audited once.
func (s *Server) handleWorkbookImportConfirm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org := currentOrg(ctx)
	id, err := strconv.ParseInt(newForm(r, "import_id").Get("import_id"), 10, 64)
	if err != nil || id <= 0 {
		s.error(w, r, errImportGone)
		return
	}
	p, err := s.store.FindPendingWorkbook(ctx, org.ID, currentUser(ctx).ID, id, s.now())
	if err != nil {
		s.error(w, r, importErr(err))
		return
	}
	what := workbookSummary(p.Data)
	_, err = s.store.ApplyPendingWorkbook(s.audited(r, "workbook.imported", what), org.ID, currentUser(ctx).ID, id, s.now())
	var ie *export.ImportError
	switch {
	case errors.As(err, &ie):
		msgs := []string{"A tool a finding names left the inventory after the preview: nothing was imported. Upload the file again."}
		for _, e := range ie.Errors {
			msgs = append(msgs, workbook.SheetFindings+": "+e.String())
		}
		s.renderWorkbookImport(w, r, http.StatusUnprocessableEntity, web.WorkbookImportProps{Errors: msgs})
		return
	case errors.Is(err, store.ErrSkillNotFound), errors.Is(err, store.ErrStackItemNameTaken):
		s.renderWorkbookImport(w, r, http.StatusUnprocessableEntity, web.WorkbookImportProps{Errors: []string{
			"The organization changed after the preview (a skill archived, a tool renamed): nothing was imported. Upload the file again."}})
		return
	case err != nil:
		s.error(w, r, importErr(err))
		return
	}
	s.flash(r, "success", "Imported the workbook: "+what+".")
	http.Redirect(w, r, orgPath(org), http.StatusSeeOther)
}

// workbookSummary counts a workbook's rows for the audit log and the flash.
func workbookSummary(d store.WorkbookImport) string {
	var parts []string
	add := func(n int, one, many string) {
		switch {
		case n == 1:
			parts = append(parts, "1 "+one)
		case n > 1:
			parts = append(parts, strconv.Itoa(n)+" "+many)
		}
	}
	add(len(d.Stack), "tool", "tools")
	add(len(d.Findings), "finding", "findings")
	add(len(d.Requirements), "required level", "required levels")
	add(len(d.Ratings), "own rating", "own ratings")
	add(len(d.KPIs), "KPI snapshot", "KPI snapshots")
	add(len(d.Practices), "practice status", "practice statuses")
	add(len(d.Maturity), "maturity answer", "maturity answers")
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}

// roadmapLabel is a choice's label ("" when k is not one).
func roadmapLabel[T comparable](cs []roadmap.Choice[T], k T) string {
	for _, c := range cs {
		if c.Key == k {
			return c.Label
		}
	}
	return ""
}
