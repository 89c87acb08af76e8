package http

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/httprate"
)

// clientIP is the client's address as chi's ClientIPFrom* middleware found
// it: the TCP peer, or with TrustedProxies the first untrusted hop of
// X-Forwarded-For (which a client cannot spoof).
func clientIP(r *http.Request) string {
	if ip := middleware.GetClientIP(r.Context()); ip != "" {
		return ip
	}
	return "unknown"
}

// discardHeaders lets httprate count without touching the real response.
type discardHeaders struct{ h http.Header }

func (d discardHeaders) Header() http.Header       { return d.h }
func (discardHeaders) Write(b []byte) (int, error) { return len(b), nil }
func (discardHeaders) WriteHeader(int)             {}

// attemptLimiter bounds attempts per key (login guesses): a slot is taken
// atomically before the attempt, so a burst of parallel requests cannot all
// pass a check made before any of them was counted, and is given back when
// the attempt succeeds, so only failures use the budget.
type attemptLimiter struct {
	rl     *httprate.RateLimiter
	window time.Duration
}

func newAttemptLimiter(limit int, window time.Duration) *attemptLimiter {
	// With its own counter, httprate aligns windows to the wall clock, which
	// lets refund name the current window.
	return &attemptLimiter{window: window,
		rl: httprate.NewRateLimiter(limit, window, httprate.WithLimitCounter(httprate.NewLocalLimitCounter(window)))}
}

// take reports whether key may make one more attempt, and counts it.
func (a *attemptLimiter) take(r *http.Request, key string) bool {
	return !a.rl.OnLimit(discardHeaders{http.Header{}}, r, key)
}

// refund gives back an attempt that succeeded.
func (a *attemptLimiter) refund(key string) {
	_ = a.rl.Counter().IncrementBy(key, time.Now().UTC().Truncate(a.window), -1)
}
