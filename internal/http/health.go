package http

import (
	"context"
	"net/http"
	"time"
)

// DBProcess is a database process the server owns (the private cluster's
// supervisor, *pgcluster.Cluster): nil in Config with an external database.
type DBProcess interface {
	// Ready is nil while the process is up and accepts connections.
	Ready() error
	// Err is non-nil once the process is gone for good (the supervisor gave up).
	Err() error
}

// readyTimeout bounds /readyz's round trip: a database slower than this is
// not ready for traffic.
const readyTimeout = time.Second

// handleHealthz says the process is alive: 503 once the database process
// the server owns is gone for good (a restart of the whole server is due).
func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if p := s.cfg.DBProcess; p != nil {
		if err := p.Err(); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("database gone\n"))
			return
		}
	}
	_, _ = w.Write([]byte("ok\n"))
}

// handleReadyz says whether to send traffic: the server is not draining,
// the database process it owns (if any) is up, and a round trip to the
// database succeeds within readyTimeout.
func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if s.draining.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("draining\n"))
		return
	}
	if p := s.cfg.DBProcess; p != nil {
		if err := p.Ready(); err != nil {
			s.log.Warn("readyz: database down", "err", err.Error())
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("database down\n"))
			return
		}
	}
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.log.Warn("readyz: database unreachable", "err", err.Error())
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unreachable\n"))
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

// MetricsHandler serves the Prometheus metrics. It is not on the public
// router: cmd/server serves it on its own listener (METRICS_ADDR).
func (s *Server) MetricsHandler() http.Handler { return s.metrics.handler() }
