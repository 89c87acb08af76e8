package http

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
)

// A secret shown once after a redirect (a new API token) waits in the
// session for one request. Sessions are stored in PostgreSQL, so it waits
// sealed: AES-GCM under a key derived from SECRET_KEY, so that the sessions
// table alone never holds a usable secret.

func (s *Server) sealKey() []byte {
	m := hmac.New(sha256.New, s.cfg.SecretKey)
	m.Write([]byte("headway session seal\x00"))
	return m.Sum(nil)
}

func (s *Server) seal(plain string) string {
	block, _ := aes.NewCipher(s.sealKey()) // a 32-byte key never fails
	gcm, _ := cipher.NewGCM(block)
	nonce := make([]byte, gcm.NonceSize())
	_, _ = rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(gcm.Seal(nonce, nonce, []byte(plain), nil))
}

func (s *Server) unseal(sealed string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(sealed)
	if err != nil {
		return "", err
	}
	block, _ := aes.NewCipher(s.sealKey())
	gcm, _ := cipher.NewGCM(block)
	if len(b) < gcm.NonceSize() {
		return "", errors.New("http: sealed value too short")
	}
	plain, err := gcm.Open(nil, b[:gcm.NonceSize()], b[gcm.NonceSize():], nil)
	return string(plain), err
}
