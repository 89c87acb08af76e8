package http

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"
	"github.com/trustelem/zxcvbn"
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

// zxcvbnMaxRunes caps what the strength estimator examines: its cost grows
// faster than the square of the length (64 characters ≈ 2-9 ms here, 256 ≈
// 0.1-0.2 s, 1024 ≈ 5-11 s), and a password whose first 64 characters are
// strong is strong.
const zxcvbnMaxRunes = 64

// minPasswordScore is zxcvbn's score (0-4) a new password must reach: 3 is
// "safely unguessable: moderate protection from an offline slow-hash
// scenario" (about 10^10 guesses), zxcvbn's own advice for accepting one.
const minPasswordScore = 3

// Messages about a new password, beside the field.
const (
	msgPasswordWeak     = "This password is too common or too easy to guess. Try a passphrase of three or four unrelated words."
	msgPasswordPersonal = "The password must not contain your email address, your name or your organization's name."
)

// passwordProblem is why pw may not be a new password, or "". Every door
// that sets a password (signup, invitation signup, reset) asks it, through
// form.password, with what it knows of the account: the email, the name and
// the organization's name (any may be ""). The email, its local part, the
// name (or a word of it of 4+ letters) and the organization's name may not
// appear in the password, ignoring case, spaces and punctuation; all of them
// also count as known words in zxcvbn's estimate.
func passwordProblem(pw, email, name, orgName string) string {
	n := utf8.RuneCountInString(pw)
	switch {
	case pw == "":
		return "Password is required."
	case n < MinPasswordLength:
		return "Password must be at least " + strconv.Itoa(MinPasswordLength) + " characters."
	case len(pw) > 1024:
		return "Password must be at most 1024 bytes."
	}
	email, name, orgName = strings.ToLower(email), strings.ToLower(name), strings.ToLower(orgName)
	lower, squeezed := strings.ToLower(pw), alnum(pw)
	local, _, _ := strings.Cut(email, "@")
	personal := []string{alnum(email), alnum(local), alnum(name), alnum(orgName)}
	personal = append(personal, words(name)...)
	for _, p := range personal {
		if utf8.RuneCountInString(p) >= 4 && strings.Contains(squeezed, p) {
			return msgPasswordPersonal
		}
	}
	for _, p := range []string{strings.TrimSpace(email), strings.TrimSpace(name), strings.TrimSpace(orgName)} {
		if utf8.RuneCountInString(p) >= 4 && strings.Contains(lower, p) {
			return msgPasswordPersonal
		}
	}
	inputs := append([]string{email, local, name, orgName, alnum(orgName)}, words(name)...)
	inputs = append(inputs, words(orgName)...)
	inputs = append(inputs, words(email)...)
	examined := pw
	if n > zxcvbnMaxRunes {
		examined = string([]rune(pw)[:zxcvbnMaxRunes])
	}
	if zxcvbn.PasswordStrength(examined, inputs).Score < minPasswordScore {
		return msgPasswordWeak
	}
	return ""
}

// alnum is s in lower case with only its letters and digits.
func alnum(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// words are the runs of letters and digits of s, in lower case.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
