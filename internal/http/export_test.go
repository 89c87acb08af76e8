package http

import "github.com/go-chi/chi/v5"

// Router exposes the chi router to the tests, so the authorization matrix
// can walk every route the server really serves.
func (s *Server) Router() chi.Routes { return s.handler.(chi.Routes) }

// SafeNext exposes the login redirect filter to the fuzz test.
var SafeNext = safeNext
