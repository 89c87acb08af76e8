package web

// The public template page (/template) and the roadmap's download links,
// shared by the roadmap page, the share page and the template page.

// DownloadLinks are the roadmap's files; an empty href leaves its format
// out of the list.
type DownloadLinks struct {
	XLSX, PDF, CSV, Markdown string
}

// OrgDownloadLinks are the filled exports of the organization with slug
// (members may download them).
func OrgDownloadLinks(slug string) DownloadLinks {
	base := "/o/" + slug + "/roadmap."
	return DownloadLinks{XLSX: base + "xlsx", PDF: base + "pdf", CSV: base + "csv", Markdown: base + "md"}
}

// ShareDownloadLinks are the exports of a live share link: the live plan,
// without owners, notes, stakeholders or personal ratings.
func ShareDownloadLinks(token string) DownloadLinks {
	base := "/share/" + token + "/roadmap."
	return DownloadLinks{XLSX: base + "xlsx", PDF: base + "pdf", CSV: base + "csv", Markdown: base + "md"}
}

// download is one file of a DownloadLinks list.
type download struct {
	Href, Label, Type, MIME, Blurb string
}

func (l DownloadLinks) list() []download {
	var out []download
	for _, d := range []download{
		{l.XLSX, "Workbook", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			"Every step and the roadmap, one sheet each: edit it and upload it back."},
		{l.PDF, "Report", "PDF", "application/pdf", "The roadmap by quarter with its evidence, ready to print or send."},
		{l.CSV, "Roadmap table", "CSV", "text/csv", "One row per initiative, for a spreadsheet or a script."},
		{l.Markdown, "Roadmap for a wiki", "Markdown", "text/markdown", "The plan by phase, to paste into a wiki page or a pull request."},
	} {
		if d.Href != "" {
			out = append(out, d)
		}
	}
	return out
}

// The blank template's files (served without an account).
const (
	TemplateXLSXHref = "/template/headway-roadmap-template.xlsx"
	TemplatePDFHref  = "/template/headway-roadmap-template.pdf"
)

// TemplateProps is the public template page.
type TemplateProps struct {
	// Orgs are the logged-in person's organizations, each with its filled
	// exports (none for a visitor).
	Orgs []TemplateOrg
}

// TemplateOrg is an organization's filled roadmap on the template page.
type TemplateOrg struct {
	Name      string
	Downloads DownloadLinks
}

// templateSheet is a sheet of the template workbook and what it asks.
type templateSheet struct {
	Name, Asks string
}

// templateSheets are the workbook's sheets in order (the layout the XLSX
// writer and importer share).
var templateSheets = []templateSheet{
	{"Instructions", "How to fill the workbook, the meaning of every column and the values each dropdown allows."},
	{"1 Stack audit", "Each tool or platform you run: category, tech-radar ring, monthly cost and how it scales, scalability, support hours a month, owner."},
	{"1 Findings", "Tech debt and opportunities: kind, title, severity, effort, status and the tool it concerns."},
	{"2 Skills matrix", "Each person's job role and self-rating from 0 to 4 per DevOps competency; the gap against the role's required level is computed."},
	{"2 KPIs", "The four DORA metrics (deployment frequency, lead time, change failure rate, time to restore), or the Quick Check answers when you have no exact numbers."},
	{"3 Infrastructure", "The practice catalog, pre-filled: for each practice (CI, CD, infrastructure as code, autoscaling, monitoring, on-call…) whether it is in place."},
	{"4 Maturity", "The maturity questions, pre-filled: pick the level from 1 to 5 that describes you today."},
	{"Roadmap", "The prioritized initiatives: status, quarter, effort and score; in a filled export, the plan Headway built from the sheets before it."},
}
