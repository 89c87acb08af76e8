package web

import (
	"strconv"
	"time"

	"github.com/a-h/templ"

	"github.com/headwayhq/headway/internal/roadmap"
)

// ShareLink is a row of the share links page (the token is never shown again).
type ShareLink struct {
	ID         int64
	Name       string
	Hint       string // the token's last four characters
	CreatedBy  string // "" once the creator has left
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
	Expired    bool // by the server's clock
}

// Status is active, expired or revoked (revoked wins: it was a decision).
func (l ShareLink) Status() string {
	switch {
	case l.RevokedAt != nil:
		return "revoked"
	case l.Expired:
		return "expired"
	}
	return "active"
}

// SharesProps is /o/{slug}/settings/shares.
type SharesProps struct {
	Links   []ShareLink
	Form    Form   // fields: name, expires_in
	NewURL  string // the full link, shown once right after its creation
	NewName string
}

func (d SharesProps) expiresValue() string {
	if v := d.Form.Get("expires_in"); v != "" {
		return v
	}
	return strconv.Itoa(roadmap.DefaultShareDays)
}

// shareLifetimes are the choices of the form's expires_in field (days).
func shareLifetimes() []Option {
	var out []Option
	for _, d := range roadmap.ShareLifetimesDays {
		out = append(out, Option{Value: strconv.Itoa(d), Label: strconv.Itoa(d) + " days"})
	}
	return out
}

func shareRevokeHref(slug string, l ShareLink) templ.SafeURL {
	return orgURL(slug, "settings/shares/"+id64(l.ID)+"/revoke")
}

// SharedRoadmapProps is the public page /share/{token}: the roadmap as an
// anonymous visitor may read it. Its cards are built field by field from
// the initiatives (never copied from the members' page), so nothing about a
// person — an owner, a stakeholder, a rating — can reach it by accident.
type SharedRoadmapProps struct {
	OrgName string
	// IsSample: the sample organization's roadmap, labelled as fictional.
	IsSample bool
	Expires  time.Time
	Verdict  string
	Count    int
	Phases   []SharedPhase
	// Summary is the dashboard's summary (aggregates only, read-only).
	Summary OrgSummaryProps
	// Downloads are the link's exports.
	Downloads DownloadLinks
}

// SharedPhase is one phase of the shared roadmap.
type SharedPhase struct {
	Key, Label string
	Cards      []SharedCard
}

// SharedCard is an initiative as the shared page shows it: what, why, what
// it moves, its score and quarter. The evidence is text only: its links
// lead into the app.
type SharedCard struct {
	Key, Title, Category, Quadrant, QuadrantKind string
	Effort, Score, Breakdown, Quarter            string
	KPIs, Evidence, DependsOn                    []string
}

// NewSharedRoadmap lays out list (in priority order) for the share page.
// statusOf gives an initiative's decision status; dismissed ones are not
// shared.
func NewSharedRoadmap(orgName string, expires time.Time, list []roadmap.Initiative, verdict roadmap.CapacityVerdict,
	statusOf func(key string) string) SharedRoadmapProps {
	d := SharedRoadmapProps{OrgName: orgName, Expires: expires, Verdict: verdict.Text()}
	titles := make(map[string]string, len(list))
	for _, it := range list {
		titles[it.Key] = it.Title
	}
	for _, ph := range roadmap.Phases {
		col := SharedPhase{Key: string(ph.Key), Label: ph.Label}
		for _, it := range list {
			if it.Phase != ph.Key || statusOf(it.Key) == "dismissed" {
				continue
			}
			c := SharedCard{Key: it.Key, Title: it.Title, Category: it.Category.Label(), Quadrant: it.Quadrant.Label(),
				QuadrantKind: quadrantKind(it.Quadrant),
				Effort:       it.Effort.Label() + " (" + strconv.FormatFloat(it.PersonWeeks, 'f', -1, 64) + " person-weeks)",
				Score:        strconv.FormatFloat(it.Score.WSJF, 'f', 2, 64), Breakdown: it.Score.Breakdown(), Quarter: it.QuarterName}
			for _, k := range it.KPIs {
				c.KPIs = append(c.KPIs, KPILabel(k))
			}
			for _, ev := range it.Evidence {
				c.Evidence = append(c.Evidence, ev.Text)
			}
			for _, k := range it.DependsOn {
				if t, ok := titles[k]; ok {
					c.DependsOn = append(c.DependsOn, t)
				}
			}
			col.Cards = append(col.Cards, c)
			d.Count++
		}
		d.Phases = append(d.Phases, col)
	}
	return d
}
