package http

import (
	"net/http"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/web"
)

// handleStackRadar is /o/{slug}/stack/radar: the inventory as a tech radar
// (members read). One read of the inventory; the layout is pure.
func (s *Server) handleStackRadar(w http.ResponseWriter, r *http.Request) {
	org := currentOrg(r.Context())
	items, err := s.store.FindStackItems(r.Context(), org.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	radar := make([]roadmap.RadarItem, len(items))
	for i, it := range items {
		radar[i] = roadmap.RadarItem{ID: it.ID, Name: it.Name, Category: it.Category, Lifecycle: it.Lifecycle}
	}
	s.render(w, r, http.StatusOK, web.RadarPage(s.page(r, "Tech radar", "stack"), web.NewRadar(org.Slug, radar)))
}
