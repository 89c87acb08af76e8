package http

import (
	"net/http"
	"sync"
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

// add counts one attempt of key without a limit and returns the attempts in
// the sliding window, this one included (httprate's own estimate: the
// current window plus the previous one's share of the time left).
func (a *attemptLimiter) add(key string) int {
	now := time.Now().UTC()
	cur := now.Truncate(a.window)
	c := a.rl.Counter()
	_ = c.IncrementBy(key, cur, 1)
	n, prev, err := c.Get(key, cur, cur.Add(-a.window))
	if err != nil {
		return 0
	}
	left := float64(a.window-now.Sub(cur)) / float64(a.window)
	return n + int(float64(prev)*left)
}

// refund gives back an attempt that succeeded.
func (a *attemptLimiter) refund(key string) {
	_ = a.rl.Counter().IncrementBy(key, time.Now().UTC().Truncate(a.window), -1)
}

// oncePer answers yes to a key at most once per period, by the server's
// clock (notices to a person: "someone tried to sign up with your
// address"). It remembers at most max keys; when full of keys still within
// their period it answers no, so a flood cannot grow it or turn it into a
// mail cannon. One process's memory: each replica sends its own notice.
type oncePer struct {
	mu     sync.Mutex
	period time.Duration
	max    int
	last   map[string]time.Time
}

func newOncePer(period time.Duration, max int) *oncePer {
	return &oncePer{period: period, max: max, last: map[string]time.Time{}}
}

// first reports whether key was not answered yes within the period before
// now, and remembers now for it if so.
func (o *oncePer) first(key string, now time.Time) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if t, ok := o.last[key]; ok && now.Sub(t) < o.period {
		return false
	}
	if len(o.last) >= o.max {
		for k, t := range o.last {
			if now.Sub(t) >= o.period {
				delete(o.last, k)
			}
		}
		if len(o.last) >= o.max {
			return false
		}
	}
	o.last[key] = now
	return true
}
