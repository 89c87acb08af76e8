package roadmap

// OrgProfile is what the industry benchmark compares an organization with:
// its industry and its size, as keys of the newest Quick Check data's rows
// ("" when not chosen). The database's CHECKs list the same keys
// (migrations/0017_org_profile.up.sql).
type OrgProfile struct {
	Industry string
	Size     string
}

// ProfileChoices are the industries or sizes of the default benchmark
// edition an organization may pick (every row but "all").
func ProfileChoices(by BenchmarkBy) []Choice[string] {
	ed, _ := BenchmarkByKey(DefaultBenchmarkEdition)
	rows := ed.Industries
	if by == BySize {
		rows = ed.Sizes
	}
	var out []Choice[string]
	for _, g := range rows {
		if g.Key != "all" {
			out = append(out, Choice[string]{g.Key, g.Name})
		}
	}
	return out
}

func profileHas(by BenchmarkBy, key string) bool {
	for _, c := range ProfileChoices(by) {
		if c.Key == key {
			return true
		}
	}
	return false
}

// Validate checks that each key, when given, is a row of the data. The
// fields are the form's: industry and size.
func (p OrgProfile) Validate() FieldErrors {
	fe := FieldErrors{}
	if p.Industry != "" && !profileHas(ByIndustry, p.Industry) {
		fe.Add("industry", "Choose one of the industries listed, or none.")
	}
	if p.Size != "" && !profileHas(BySize, p.Size) {
		fe.Add("size", "Choose one of the sizes listed, or none.")
	}
	return fe
}

// Complete reports whether both are chosen.
func (p OrgProfile) Complete() bool { return p.Industry != "" && p.Size != "" }
