package web

// WorkbookImportProps is the data of /o/{slug}/import: the upload form
// (with the problems of a refused file) or the preview of a clean one.
type WorkbookImportProps struct {
	Errors  []string // "1 Stack audit, row 4, column “Lifecycle”: …"
	More    int
	Preview *WorkbookPreview
}

// WorkbookPreview is a checked workbook waiting for its confirmation.
type WorkbookPreview struct {
	ID      int64
	Expires string
	Notices []string // what was ignored (macros, unknown sheets, the Roadmap sheet)
	Sheets  []WorkbookSheetPreview
}

// WorkbookSheetPreview is what one sheet creates and updates, with its
// first rows.
type WorkbookSheetPreview struct {
	Sheet          string
	What           string // "tools", "required levels", …
	Create, Update int
	Total          int
	Columns        []string
	Rows           [][]string
}
