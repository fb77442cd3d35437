package survey

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"
	_ "time/tzdata" // Europe/Stockholm even where the system has no zoneinfo
)

// tokenBytes is the secret of an invitation link: 256 bits, far beyond
// the 128 that make guessing hopeless.
const tokenBytes = 32

// TokenLen is the length of a token as it appears in a link.
const TokenLen = (tokenBytes*8 + 5) / 6 // 43 base64url characters

var tokenEncoding = base64.RawURLEncoding.Strict()

// NewToken makes an invitation's secret and the hash the store keeps in
// its place. The token is shown once and never stored.
func NewToken() (token, hash string, err error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = tokenEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken is the hex SHA-256 of a token: the key an invitation is
// found by. A token has 256 bits of entropy, so a plain hash is enough;
// a slow hash would only make each lookup cost more.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// ValidToken reports whether s has the form of a token, so that absurd
// input (too long, other characters) is turned away before any hashing
// or lookup. It says nothing of whether an invitation has it.
func ValidToken(s string) bool {
	if len(s) != TokenLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	// The last character carries 2 spare bits, which NewToken leaves zero.
	b, err := tokenEncoding.DecodeString(s)
	return err == nil && len(b) == tokenBytes
}

// Stockholm is where the förbund is: an invitation's last day ends at
// midnight there, not in UTC.
var Stockholm = mustLoad("Europe/Stockholm")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Usable reports whether an invitation's link works at now: not revoked,
// and now is on or before its last day (Expires) in Stockholm. An
// invitation without a readable Expires does not work.
func Usable(inv Invitation, now time.Time) bool {
	if inv.Revoked {
		return false
	}
	last, err := time.ParseInLocation(time.DateOnly, inv.Expires, Stockholm)
	if err != nil {
		return false
	}
	return now.Before(last.AddDate(0, 0, 1))
}
