// Package auth holds the secrets side of signing in: password hashes,
// session ids and API tokens, and the throttle against guessing. The
// store keeps only what this package hashes.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// MinPasswordLength is the shortest password accepted: long passphrases
// beat complexity rules.
const MinPasswordLength = 10

// MaxPasswordBytes is the longest password bcrypt hashes whole; it
// refuses to hash a longer one.
const MaxPasswordBytes = 72

// ErrShortPassword is returned for a password under MinPasswordLength.
var ErrShortPassword = errors.New("lösenordet måste ha minst 10 tecken")

// ErrLongPassword is returned for a password over MaxPasswordBytes.
var ErrLongPassword = errors.New("lösenordet får ha högst 72 byte")

// HashPassword returns a bcrypt hash of the password.
func HashPassword(password string) ([]byte, error) {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return nil, ErrShortPassword
	}
	if len(password) > MaxPasswordBytes {
		return nil, ErrLongPassword
	}
	return bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
}

// CheckPassword reports whether password matches hash. It takes the same
// time for a missing account (nil hash), so that timing does not tell
// which addresses have accounts.
func CheckPassword(hash []byte, password string) bool {
	if len(hash) == 0 {
		_ = bcrypt.CompareHashAndPassword(decoy, []byte(password))
		return false
	}
	return bcrypt.CompareHashAndPassword(hash, []byte(password)) == nil
}

var decoy, _ = bcrypt.GenerateFromPassword([]byte("no such account, no such password"), bcrypt.DefaultCost)

// NewSecret returns a random secret with a readable prefix ("kl_" for API
// tokens) and the hash to store for it.
func NewSecret(prefix string) (secret string, hash []byte) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashSecret(secret)
}

// HashSecret is the stored form of a session id or token: the secrets have
// 256 random bits, so a fast hash is enough and a stolen file holds no
// usable credential.
func HashSecret(secret string) []byte {
	sum := sha256.Sum256([]byte(secret))
	return sum[:]
}
