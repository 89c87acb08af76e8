package http

import (
	"crypto/sha256"
	"encoding/base64"
	"time"

	"github.com/alexedwards/scs/v2"
)

// hashedStore keeps sessions under the SHA-256 of their token, like every
// other secret: a copy of the sessions table cannot be replayed as cookies.
type hashedStore struct{ inner scs.Store }

func hashSessionToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func (h hashedStore) Find(token string) ([]byte, bool, error) {
	return h.inner.Find(hashSessionToken(token))
}

func (h hashedStore) Commit(token string, b []byte, expiry time.Time) error {
	return h.inner.Commit(hashSessionToken(token), b, expiry)
}

func (h hashedStore) Delete(token string) error { return h.inner.Delete(hashSessionToken(token)) }
