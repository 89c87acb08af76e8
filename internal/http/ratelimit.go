package http

import (
	"math"
	"net"
	"net/http"

	"github.com/go-chi/httprate"
)

// clientIP is the peer address. Behind a proxy, put chi's RealIP-style
// middleware in front (configured for the proxy) before trusting headers.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return httprate.CanonicalizeIP(host)
}

// limited reports whether key has used up its budget of limit in rl's window.
func limited(rl *httprate.RateLimiter, limit int, key string) bool {
	_, rate, err := rl.Status(key)
	return err == nil && math.Round(rate) >= float64(limit)
}

// hit counts one failure against key (successful logins are not counted).
func hit(rl *httprate.RateLimiter, r *http.Request, key string) {
	rl.OnLimit(discardHeaders{http.Header{}}, r, key)
}

// discardHeaders lets httprate count without touching the real response.
type discardHeaders struct{ h http.Header }

func (d discardHeaders) Header() http.Header       { return d.h }
func (discardHeaders) Write(b []byte) (int, error) { return len(b), nil }
func (discardHeaders) WriteHeader(int)             {}

// allow counts one request against key and reports whether it is within limit.
func allow(rl *httprate.RateLimiter, limit int, r *http.Request, key string) bool {
	if limited(rl, limit, key) {
		return false
	}
	hit(rl, r, key)
	return true
}
