package roadmap

// MaxShareName bounds a share link's label ("Board Q1").
const MaxShareName = 80

// DefaultShareDays is a share link's lifetime when none is chosen.
const DefaultShareDays = 30

// ShareLifetimesDays are the lifetimes a share link may have: every link
// expires, so a forgotten one stops showing the roadmap.
var ShareLifetimesDays = []int{7, 30, 90}

// ShareLink is what an owner or admin submits to create a read-only share
// link of the roadmap.
type ShareLink struct {
	Name          string
	ExpiresInDays int
}

// Validate checks the label and the lifetime.
func (l ShareLink) Validate() FieldErrors {
	fe := FieldErrors{}
	fe.Text("name", "Name", l.Name, true, MaxShareName)
	ok := false
	for _, d := range ShareLifetimesDays {
		ok = ok || d == l.ExpiresInDays
	}
	if !ok {
		fe.Add("expires_in", "Choose when the link expires: after 7, 30 or 90 days.")
	}
	return fe
}
