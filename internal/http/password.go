package http

import (
	"context"
	"runtime"

	"github.com/alexedwards/argon2id"
)

// OWASP's argon2id recommendation (m=19 MiB, t=2, p=1): about 30 ms here.
var argonParams = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 12

// passwordHasher bounds concurrent hashing so that a burst of logins cannot
// take all memory (19 MiB each) or starve other requests of CPU.
type passwordHasher struct {
	slots chan struct{}
	// dummy is compared against when the account does not exist, so that a
	// failed login takes as long whether or not the email is registered.
	dummy string
}

func newPasswordHasher() *passwordHasher {
	h := &passwordHasher{slots: make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))}
	h.dummy, _ = argon2id.CreateHash("not a real password, only for timing", argonParams)
	return h
}

func (h *passwordHasher) acquire(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Hash returns the argon2id encoding of password.
func (h *passwordHasher) Hash(ctx context.Context, password string) (string, error) {
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer func() { <-h.slots }()
	return argon2id.CreateHash(password, argonParams)
}

// Check reports whether password matches hash; an empty hash is compared
// against a dummy so the timing does not tell.
func (h *passwordHasher) Check(ctx context.Context, password, hash string) (bool, error) {
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer func() { <-h.slots }()
	if hash == "" {
		_, _ = argon2id.ComparePasswordAndHash(password, h.dummy)
		return false, nil
	}
	return argon2id.ComparePasswordAndHash(password, hash)
}
