package http

import (
	"errors"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/v2"
)

// FailingSessions is a switch for a session store that fails on demand.
type FailingSessions struct {
	Find, Commit atomic.Bool
}

var errTestSessionStore = errors.New("session store unreachable (test)")

type failingStore struct {
	inner scs.Store
	sw    *FailingSessions
}

func (f failingStore) Find(token string) ([]byte, bool, error) {
	if f.sw.Find.Load() {
		return nil, false, errTestSessionStore
	}
	return f.inner.Find(token)
}

func (f failingStore) Commit(token string, b []byte, expiry time.Time) error {
	if f.sw.Commit.Load() {
		return errTestSessionStore
	}
	return f.inner.Commit(token, b, expiry)
}

func (f failingStore) Delete(token string) error { return f.inner.Delete(token) }

// WithFailingSessions makes the server's session store fail when sw says so.
func WithFailingSessions(sw *FailingSessions) func(*Config) {
	return func(c *Config) {
		c.wrapSessionStore = func(inner scs.Store) scs.Store { return failingStore{inner, sw} }
	}
}
