package http

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// Token formats. Every secret has at least 128 bits from crypto/rand and is
// stored only as its SHA-256 hash (store.HashToken).
const apiTokenPrefix = "hw_" // lets secret scanners spot a leaked token

// newAPIToken returns a fresh API token: hw_ + 256 random bits.
func newAPIToken() string { return apiTokenPrefix + randomToken() }

// randomToken is 256 random bits, URL-safe.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand panics instead)
	return base64.RawURLEncoding.EncodeToString(b)
}

// newNonce is 128 random bits for an invitation.
func newNonce() []byte {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return b
}

// invitationToken derives an invitation's token from its random nonce with
// the server's secret key. The database keeps the nonce and the token's hash,
// never the token, yet the team page can show the link again; a leaked
// database alone yields no usable link.
func (s *Server) invitationToken(nonce []byte) string {
	m := hmac.New(sha256.New, s.cfg.SecretKey)
	m.Write([]byte("headway invitation\x00"))
	m.Write(nonce)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
