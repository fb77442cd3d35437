// Package auth holds the secrets side of signing in: password hashes,
// session ids and API tokens, and the throttle against guessing. The
// store keeps only what this package hashes.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// MinPasswordLength is the shortest password accepted: long passphrases
// beat complexity rules.
const MinPasswordLength = 10

// ErrShortPassword is returned for a password under MinPasswordLength.
var ErrShortPassword = errors.New("lösenordet måste ha minst 10 tecken")

// HashPassword returns a bcrypt hash of the password.
func HashPassword(password string) ([]byte, error) {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return nil, ErrShortPassword
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

// Throttle slows down password guessing: after Max failures within Window
// for a key (an account or an address), the key is blocked for Block.
type Throttle struct {
	Max    int
	Window time.Duration
	Block  time.Duration

	mu    sync.Mutex
	fails map[string][]time.Time
}

// NewThrottle returns a throttle of 5 failures in 15 minutes, blocking for
// 15 minutes.
func NewThrottle() *Throttle {
	return &Throttle{Max: 5, Window: 15 * time.Minute, Block: 15 * time.Minute, fails: map[string][]time.Time{}}
}

// Wait returns how long the longest-blocked of keys must still wait; 0
// means go ahead.
func (t *Throttle) Wait(now time.Time, keys ...string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	var wait time.Duration
	for _, k := range keys {
		recent := t.recent(now, k)
		if len(recent) >= t.Max {
			if w := recent[len(recent)-1].Add(t.Block).Sub(now); w > wait {
				wait = w
			}
		}
	}
	return wait
}

// Fail records a failed attempt for each key.
func (t *Throttle) Fail(now time.Time, keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		t.fails[k] = append(t.recent(now, k), now)
	}
}

// Succeed forgets the failures of keys.
func (t *Throttle) Succeed(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		delete(t.fails, k)
	}
}

// recent drops failures older than the window or the block, whichever is
// longer; the caller holds mu.
func (t *Throttle) recent(now time.Time, key string) []time.Time {
	keep := max(t.Window, t.Block)
	list := t.fails[key]
	i := 0
	for i < len(list) && now.Sub(list[i]) > keep {
		i++
	}
	list = list[i:]
	if len(list) == 0 {
		delete(t.fails, key)
	} else {
		t.fails[key] = list
	}
	return list
}
