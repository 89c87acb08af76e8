package http

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/headwayhq/headway/internal/roadmap"
	"github.com/headwayhq/headway/internal/store"
)

// Router exposes the chi router to the tests, so the authorization matrix
// can walk every route the server really serves.
func (s *Server) Router() chi.Routes { return s.handler.(chi.Routes) }

// SafeNext exposes the login redirect filter to the fuzz test.
var SafeNext = safeNext

// DecodeJSON exposes the API's body decoder to its tests.
var DecodeJSON = decodeJSON

// IsBodyError reports an error decodeJSON made for a body it refuses, with
// its message and field.
func IsBodyError(err error) (msg, field string, ok bool) {
	var be *bodyError
	if errors.As(err, &be) {
		return be.msg, be.field, true
	}
	return "", "", false
}

// TestErrors are the errors the test routes answer with, by name: each row
// of the error table, one wrapped with a safe message, and an unknown one.
var TestErrors = map[string]error{
	"not-found":        store.ErrNotFound,
	"forbidden":        store.ErrForbidden,
	"conflict":         fmt.Errorf("%w: some_constraint", store.ErrConflict),
	"last-owner":       store.ErrLastOwner,
	"stale":            store.ErrStale,
	"already-member":   store.ErrAlreadyMember,
	"already-invited":  store.ErrAlreadyInvited,
	"invitation-used":  store.ErrInvitationUsed,
	"revoked":          store.ErrInvitationRevoked,
	"expired":          store.ErrInvitationExpired,
	"unauthenticated":  errUnauthenticated,
	"cross-origin":     errCrossOrigin,
	"rate-limited":     errRateLimited,
	"method":           errMethodNotAllowed,
	"reset-link":       errResetLinkGone,
	"fields":           roadmap.FieldErrors{"name": "Name is required."},
	"body":             &bodyError{msg: "unknown field \"x\"", field: "x"},
	"too-large":        &http.MaxBytesError{Limit: 1},
	"with-message":     withMessage(store.ErrNotFound, "That widget is gone."),
	"internal":         errors.New("pq: secret detail that must stay in the log"),
	"internal-message": withMessage(errors.New("secret detail"), "never shown"),
}

// WithTestRoutes mounts, through the real route table and its middleware:
//   - GET /o/{slug}/test/error/{name} and GET /api/v1/test/error/{name},
//     answering TestErrors[name] through the sink;
//   - POST /o/{slug}/test/upload (the upload group), answering the size of
//     the "file" part;
//   - POST /o/{slug}/test/form (the form group) and POST /api/v1/test/membership,
//     the page and API twins that validate a roadmap.Membership.
func WithTestRoutes() func(*Config) {
	return func(c *Config) {
		c.testRoutes = func(s *Server, group string, r chi.Router) {
			errorRoute := func(w http.ResponseWriter, r *http.Request) {
				err, ok := TestErrors[chi.URLParam(r, "name")]
				if !ok {
					err = store.ErrNotFound
				}
				s.error(w, r, err)
			}
			switch group {
			case "tenant":
				r.Get("/test/error/{name}", errorRoute)
				r.Post("/test/form", func(w http.ResponseWriter, r *http.Request) {
					f := newForm(r, "role", "job_role")
					f.merge(roadmap.Membership{Role: f.Get("role"), JobRole: roadmap.ParseJobRole(f.Get("job_role"))}.Validate())
					if !f.valid() {
						s.error(w, r, roadmap.FieldErrors(f.Errors))
						return
					}
					w.WriteHeader(http.StatusNoContent)
				})
			case "upload":
				r.Post("/test/upload", func(w http.ResponseWriter, r *http.Request) {
					file, _, err := r.FormFile("file")
					if err != nil {
						s.error(w, r, &bodyError{msg: "no file"})
						return
					}
					defer file.Close()
					n, err := io.Copy(io.Discard, file)
					if err != nil {
						s.error(w, r, err)
						return
					}
					s.writeJSON(w, http.StatusOK, map[string]int64{"bytes": n})
				})
			case "api":
				r.Get("/test/error/{name}", errorRoute)
				r.Post("/test/membership", func(w http.ResponseWriter, r *http.Request) {
					var in struct {
						Role    string `json:"role"`
						JobRole string `json:"job_role"`
					}
					if err := decodeJSON(r, &in); err != nil {
						s.error(w, r, err)
						return
					}
					m := roadmap.Membership{Role: in.Role, JobRole: roadmap.ParseJobRole(in.JobRole)}
					if err := m.Validate().Err(); err != nil {
						s.error(w, r, err)
						return
					}
					s.writeJSON(w, http.StatusOK, in)
				})
			}
		}
	}
}
