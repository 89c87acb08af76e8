package http

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"

	"github.com/headwayhq/headway/internal/export"
	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
	"github.com/headwayhq/headway/web"
)

// Step 1's CSV export and import (the file format is internal/export's).
// An import takes two requests: the upload parses and checks the whole
// file and keeps its rows as a pending import, shown as a preview; the
// confirmation applies it in one transaction. The file is never needed
// twice, and a reload of the preview changes nothing.

// handleStackExport is GET /o/{slug}/stack/export.csv: the inventory.
func (s *Server) handleStackExport(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	stored, err := s.store.FindStackItems(r.Context(), org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	items := make([]roadmap.StackItem, len(stored))
	for i, it := range stored {
		items[i] = it.Item()
	}
	var buf bytes.Buffer
	if err := export.WriteStackCSV(&buf, items); err != nil {
		s.error(w, r, err)
		return
	}
	s.writeCSV(w, "headway-"+org.Slug+"-stack-"+s.now().UTC().Format("2006-01-02")+".csv", buf.Bytes())
}

// handleFindingsExport is GET /o/{slug}/stack/findings/export.csv: the
// findings, each naming its stack item by name so the file imports into
// another organization after its inventory.
func (s *Server) handleFindingsExport(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	items, stored, err := s.store.FindStackExport(r.Context(), org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	names := make(map[int64]string, len(items))
	for _, it := range items {
		names[it.ID] = it.Name
	}
	findings := make([]roadmap.Finding, len(stored))
	for i, f := range stored {
		findings[i] = f.Finding()
	}
	var buf bytes.Buffer
	if err := export.WriteFindingsCSV(&buf, export.NameStackItems(findings, names)); err != nil {
		s.error(w, r, err)
		return
	}
	s.writeCSV(w, "headway-"+org.Slug+"-findings-"+s.now().UTC().Format("2006-01-02")+".csv", buf.Bytes())
}

// handleImportTemplate is GET /o/{slug}/stack/import/template.csv?kind=stack|findings
// (stack when absent): an empty file with just the header, to fill in a
// spreadsheet.
func (s *Server) handleImportTemplate(w http.ResponseWriter, r *http.Request) {
	kind := r.URL.Query().Get("kind")
	if kind == "" {
		kind = store.ImportStack
	}
	var buf bytes.Buffer
	var err error
	switch kind {
	case store.ImportStack:
		err = export.WriteStackCSV(&buf, nil)
	case store.ImportFindings:
		err = export.WriteFindingsCSV(&buf, nil)
	default:
		s.error(w, r, withMessage(store.ErrNotFound, "There is no such template: ask for kind=stack or kind=findings."))
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.writeCSV(w, "headway-"+kind+"-template.csv", buf.Bytes())
}

// writeCSV sends a CSV file as a download. The slug ([a-z0-9-]) and the
// date are the only variable parts of name, so it needs no quoting.
func (s *Server) writeCSV(w http.ResponseWriter, name string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
}

// handleImportView is GET /o/{slug}/stack/import: the two upload forms,
// or with ?preview=<id> the preview of a pending import.
func (s *Server) handleImportView(w http.ResponseWriter, r *http.Request) {
	raw := r.URL.Query().Get("preview")
	if raw == "" {
		s.renderImport(w, r, http.StatusOK, web.StackImportProps{})
		return
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		s.error(w, r, errImportGone)
		return
	}
	p, err := s.store.FindPendingImport(r.Context(), currentOrg(r.Context()).ID, id, s.now())
	if err != nil {
		s.error(w, r, importErr(err))
		return
	}
	s.renderImport(w, r, http.StatusOK, web.StackImportProps{Preview: preview(p)})
}

func (s *Server) renderImport(w http.ResponseWriter, r *http.Request, status int, d web.StackImportProps) {
	s.render(w, r, status, web.StackImportPage(s.page(r, "Import CSV", "stack"), d))
}

// errImportGone answers a pending import that is not this organization's
// or was applied already (the same 404 either way).
var errImportGone = withMessage(store.ErrNotFound,
	"This import does not exist: it was already imported, or it is not this organization's. Upload the file again.")

func importErr(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return errImportGone
	}
	return err
}

// preview is what the page shows of a pending import: counts and the
// first rows as the file had them.
func preview(p store.PendingImport) *web.ImportPreview {
	v := &web.ImportPreview{ID: p.ID, Kind: p.Kind, Count: p.Len(), Existing: p.Existing,
		Expires: p.ExpiresAt.UTC().Format("15:04 UTC, 2 January")}
	if p.Kind == store.ImportFindings {
		v.Columns = export.FindingsHeader
		for _, f := range p.Findings[:min(len(p.Findings), web.PreviewRows)] {
			v.Rows = append(v.Rows, export.FindingRecord(f))
		}
		return v
	}
	v.Columns = export.StackHeader
	for _, it := range p.Items[:min(len(p.Items), web.PreviewRows)] {
		v.Rows = append(v.Rows, export.StackRecord(it))
	}
	return v
}

// handleImport is POST /o/{slug}/stack/import (upload group: multipart):
// the whole file is parsed and checked; every problem is shown beside the
// file field (422, nothing kept), and a clean file waits as a pending
// import behind a preview (303 to it).
func (s *Server) handleImport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org := currentOrg(ctx)
	kind := r.PostFormValue("kind")
	refuse := func(ie *export.ImportError) {
		u := uploadErrors(ie)
		d := web.StackImportProps{Stack: u}
		if kind == store.ImportFindings {
			d = web.StackImportProps{Findings: u}
		}
		s.renderImport(w, r, http.StatusUnprocessableEntity, d)
	}
	one := func(msg string) *export.ImportError {
		return &export.ImportError{Errors: []export.CellError{{Message: msg}}}
	}
	if kind != store.ImportStack && kind != store.ImportFindings {
		kind = store.ImportStack
		refuse(one("Upload the file with one of the two forms below: inventory or findings."))
		return
	}
	file, _, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		refuse(one("Choose a CSV file to upload."))
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	defer func() { _ = file.Close() }()

	p := store.PendingImport{Kind: kind}
	if kind == store.ImportStack {
		// Names already in the inventory are refused now, by row; the
		// database refuses them again when the import is applied.
		var names []store.StackItemName
		if names, err = s.store.FindStackItemNames(ctx, org.ID); err != nil {
			s.error(w, r, err)
			return
		}
		existing := make([]string, len(names))
		for i, n := range names {
			existing[i] = n.Name
		}
		p.Items, err = export.ParseNewStackItems(file, existing)
	} else if p.Findings, err = export.ParseFindingsCSV(file); err == nil && len(p.Findings) > 0 {
		// The names are checked now, for an early answer, and again when
		// the import is applied (the inventory may change in between).
		err = s.checkStackItemNames(r, org.ID, p.Findings)
	}
	var ie *export.ImportError
	switch {
	case errors.As(err, &ie):
		refuse(ie)
		return
	case err != nil:
		s.error(w, r, err)
		return
	case p.Len() == 0:
		refuse(one("The file has a header but no rows: there is nothing to import."))
		return
	}
	id, err := s.store.CreatePendingImport(ctx, org.ID, currentUser(ctx).ID, p, s.now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, orgPath(org, "stack", "import")+"?preview="+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// checkStackItemNames resolves the findings' stack item names against the
// inventory as it is now (an *export.ImportError for those that do not).
func (s *Server) checkStackItemNames(r *http.Request, orgID int64, rows []export.FindingRow) error {
	items, err := s.store.FindStackItems(r.Context(), orgID)
	if err != nil {
		return err
	}
	refs := make([]export.StackItemRef, len(items))
	for i, it := range items {
		refs[i] = export.StackItemRef{ID: it.ID, Name: it.Name}
	}
	_, err = export.ResolveStackItems(rows, refs)
	return err
}

// handleImportConfirm is POST /o/{slug}/stack/import/confirm: applies the
// pending import import_id in one transaction, audited once, then shows
// the list it added to.
func (s *Server) handleImportConfirm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org := currentOrg(ctx)
	f := newForm(r, "import_id")
	id, err := strconv.ParseInt(f.Get("import_id"), 10, 64)
	if err != nil || id <= 0 {
		s.error(w, r, errImportGone)
		return
	}
	p, err := s.store.FindPendingImport(ctx, org.ID, id, s.now())
	if err != nil {
		s.error(w, r, importErr(err))
		return
	}
	action, noun, list := "stack.imported", "items", orgPath(org, "stack")
	if p.Kind == store.ImportFindings {
		action, noun, list = "findings.imported", "findings", orgPath(org, "stack", "findings")
	}
	if p.Len() == 1 {
		noun = noun[:len(noun)-1]
	}
	what := strconv.Itoa(p.Len()) + " " + noun
	_, err = s.store.ApplyPendingImport(s.audited(r, action, what), org.ID, id, s.now())
	var ie *export.ImportError
	switch {
	case errors.As(err, &ie): // an item named by a finding went since the upload
		s.renderImport(w, r, http.StatusUnprocessableEntity, web.StackImportProps{Findings: uploadErrors(ie)})
		return
	case errors.Is(err, store.ErrStackItemNameTaken): // a tool of the file was added since the upload
		s.renderImport(w, r, http.StatusUnprocessableEntity, web.StackImportProps{Stack: web.ImportUpload{Errors: []string{
			"A tool of this file was added to the inventory after the preview, and a tool appears once: nothing was imported. Upload the file again to see which."}}})
		return
	case err != nil:
		s.error(w, r, importErr(err))
		return
	}
	s.flash(r, "success", "Imported "+what+".")
	http.Redirect(w, r, list, http.StatusSeeOther)
}

// uploadErrors lists a refused file's problems for its form.
func uploadErrors(ie *export.ImportError) web.ImportUpload {
	u := web.ImportUpload{More: ie.More}
	for _, e := range ie.Errors {
		u.Errors = append(u.Errors, e.String())
	}
	return u
}
