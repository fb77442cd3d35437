package store

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// Account buckets (schema version 2):
//
//	users/     email → {"user": User, "hash": password hash}
//	sessions/  hex(hash of session id) → {"email", "created", "last_seen"}
//	tokens/    hex(hash of secret) → Token
var (
	usersBucket    = []byte("users")
	sessionsBucket = []byte("sessions")
	tokensBucket   = []byte("tokens")
)

func createAccountBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{usersBucket, sessionsBucket, tokensBucket} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}

type userRecord struct {
	User kartlaggning.User `json:"user"`
	Hash []byte            `json:"hash"`
}

type sessionRecord struct {
	Email    string    `json:"email"`
	Created  time.Time `json:"created"`
	LastSeen time.Time `json:"last_seen"`
}

// touchEvery bounds how often a session's last use is written: a write per
// request would make every page wait for the disk.
const touchEvery = time.Minute

var _ kartlaggning.Accounts = (*DB)(nil)

func noUser(email string) error {
	return kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns inget konto för %q.", email)
}

func getUser(tx *bolt.Tx, email string) (userRecord, error) {
	var rec userRecord
	raw := tx.Bucket(usersBucket).Get([]byte(email))
	if raw == nil {
		return rec, noUser(email)
	}
	return rec, json.Unmarshal(raw, &rec)
}

func putUser(tx *bolt.Tx, rec userRecord) error {
	raw, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	return tx.Bucket(usersBucket).Put([]byte(rec.User.Email), raw)
}

func (db *DB) CreateUser(ctx context.Context, u kartlaggning.User, passwordHash []byte) error {
	u.Email = kartlaggning.NormaliseEmail(u.Email)
	if err := kartlaggning.ValidateUser(u); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		if tx.Bucket(usersBucket).Get([]byte(u.Email)) != nil {
			msg := fmt.Sprintf("Det finns redan ett konto för %q.", u.Email)
			return &kartlaggning.Error{Code: kartlaggning.ECONFLICT, Message: msg,
				Fields: []kartlaggning.FieldError{{Path: "email", Message: msg}}}
		}
		return putUser(tx, userRecord{User: u, Hash: passwordHash})
	})
}

// CreateFirstUser checks that there is no account and creates the admin
// in the same transaction: bbolt runs one writer at a time, so of many
// first-run requests at once only the first finds the bucket empty.
func (db *DB) CreateFirstUser(ctx context.Context, u kartlaggning.User, passwordHash []byte) error {
	u.Email = kartlaggning.NormaliseEmail(u.Email)
	if err := kartlaggning.ValidateUser(u); err != nil {
		return err
	}
	if u.Role != kartlaggning.RoleAdmin {
		// Anything less would leave an installation nobody can administer.
		msg := "Det första kontot måste vara en administratör."
		return &kartlaggning.Error{Code: kartlaggning.EINVALID, Message: msg,
			Fields: []kartlaggning.FieldError{{Path: "role", Message: msg}}}
	}
	return db.update(func(tx *bolt.Tx) error {
		if k, _ := tx.Bucket(usersBucket).Cursor().First(); k != nil {
			return kartlaggning.Errorf(kartlaggning.ECONFLICT,
				"Det finns redan ett konto, så det första administratörskontot är redan skapat. Logga in i stället, "+
					"eller be en administratör om ett konto.")
		}
		return putUser(tx, userRecord{User: u, Hash: passwordHash})
	})
}

func (db *DB) UpdateUser(ctx context.Context, u kartlaggning.User) error {
	u.Email = kartlaggning.NormaliseEmail(u.Email)
	if err := kartlaggning.ValidateUser(u); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		rec, err := getUser(tx, u.Email)
		if err != nil {
			return err
		}
		rec.User = u
		if u.Disabled {
			if err := deleteSessionsOf(tx, u.Email); err != nil {
				return err
			}
		}
		return putUser(tx, rec)
	})
}

func (db *DB) SetPassword(ctx context.Context, email string, passwordHash []byte) error {
	email = kartlaggning.NormaliseEmail(email)
	return db.update(func(tx *bolt.Tx) error {
		rec, err := getUser(tx, email)
		if err != nil {
			return err
		}
		rec.Hash = passwordHash
		if err := deleteSessionsOf(tx, email); err != nil {
			return err
		}
		return putUser(tx, rec)
	})
}

func (db *DB) DeleteUser(ctx context.Context, email string) error {
	email = kartlaggning.NormaliseEmail(email)
	return db.update(func(tx *bolt.Tx) error {
		if _, err := getUser(tx, email); err != nil {
			return err
		}
		if err := deleteSessionsOf(tx, email); err != nil {
			return err
		}
		return tx.Bucket(usersBucket).Delete([]byte(email))
	})
}

func (db *DB) Users(ctx context.Context) ([]kartlaggning.User, error) {
	var out []kartlaggning.User
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(usersBucket).ForEach(func(_, raw []byte) error {
			var rec userRecord
			if err := json.Unmarshal(raw, &rec); err != nil {
				return err
			}
			out = append(out, rec.User)
			return nil
		})
	})
	return out, err
}

func (db *DB) User(ctx context.Context, email string) (kartlaggning.User, []byte, error) {
	var rec userRecord
	err := db.bolt.View(func(tx *bolt.Tx) (err error) {
		rec, err = getUser(tx, kartlaggning.NormaliseEmail(email))
		return err
	})
	return rec.User, rec.Hash, err
}

func (db *DB) CreateSession(ctx context.Context, idHash []byte, email string, now time.Time) error {
	email = kartlaggning.NormaliseEmail(email)
	raw, err := json.Marshal(sessionRecord{Email: email, Created: now, LastSeen: now})
	if err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		if _, err := getUser(tx, email); err != nil {
			return err
		}
		return tx.Bucket(sessionsBucket).Put(hexKey(idHash), raw)
	})
}

// Session reads in one transaction and, at most once per touchEvery,
// writes the new last use in a second one.
func (db *DB) Session(ctx context.Context, idHash []byte, now time.Time, idle time.Duration) (kartlaggning.User, error) {
	var (
		rec  sessionRecord
		user userRecord
	)
	err := db.bolt.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(sessionsBucket).Get(hexKey(idHash))
		if raw == nil {
			return kartlaggning.Unauthorized()
		}
		if err := json.Unmarshal(raw, &rec); err != nil {
			return err
		}
		var err error
		user, err = getUser(tx, rec.Email)
		if kartlaggning.ErrorCode(err) == kartlaggning.ENOTFOUND {
			return kartlaggning.Unauthorized()
		}
		return err
	})
	if err != nil {
		return kartlaggning.User{}, err
	}
	if now.Sub(rec.LastSeen) > idle || user.User.Disabled {
		_ = db.DeleteSession(ctx, idHash)
		return kartlaggning.User{}, kartlaggning.Errorf(kartlaggning.EUNAUTHORIZED, "Du har varit inaktiv för länge; logga in igen.")
	}
	if now.Sub(rec.LastSeen) > touchEvery {
		rec.LastSeen = now
		raw, err := json.Marshal(rec)
		if err != nil {
			return kartlaggning.User{}, err
		}
		err = db.update(func(tx *bolt.Tx) error {
			b := tx.Bucket(sessionsBucket)
			if b.Get(hexKey(idHash)) == nil {
				return kartlaggning.Unauthorized() // ended meanwhile
			}
			return b.Put(hexKey(idHash), raw)
		})
		if err != nil {
			return kartlaggning.User{}, err
		}
	}
	return user.User, nil
}

func (db *DB) DeleteSession(ctx context.Context, idHash []byte) error {
	return db.update(func(tx *bolt.Tx) error {
		return tx.Bucket(sessionsBucket).Delete(hexKey(idHash))
	})
}

func deleteSessionsOf(tx *bolt.Tx, email string) error {
	b := tx.Bucket(sessionsBucket)
	var doomed [][]byte
	err := b.ForEach(func(k, raw []byte) error {
		var rec sessionRecord
		if err := json.Unmarshal(raw, &rec); err != nil {
			return err
		}
		if rec.Email == email {
			doomed = append(doomed, slices.Clone(k))
		}
		return nil
	})
	for _, k := range doomed {
		if err == nil {
			err = b.Delete(k)
		}
	}
	return err
}

func (db *DB) CreateToken(ctx context.Context, t kartlaggning.Token, secretHash []byte) error {
	if err := kartlaggning.ValidateUser(kartlaggning.User{Email: "token@kartlaggning.invalid", Role: t.Role, Units: t.Units}); err != nil {
		return err
	}
	raw, err := json.Marshal(t)
	if err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		return tx.Bucket(tokensBucket).Put(hexKey(secretHash), raw)
	})
}

func (db *DB) TokenBySecret(ctx context.Context, secretHash []byte) (kartlaggning.Token, error) {
	var t kartlaggning.Token
	err := db.bolt.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(tokensBucket).Get(hexKey(secretHash))
		if raw == nil {
			return kartlaggning.Errorf(kartlaggning.EUNAUTHORIZED, "Okänd token.")
		}
		return json.Unmarshal(raw, &t)
	})
	if err == nil && t.Revoked {
		err = kartlaggning.Errorf(kartlaggning.EUNAUTHORIZED, "Token är återkallad.")
	}
	return t, err
}

func (db *DB) Tokens(ctx context.Context) ([]kartlaggning.Token, error) {
	var out []kartlaggning.Token
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(tokensBucket).ForEach(func(_, raw []byte) error {
			var t kartlaggning.Token
			if err := json.Unmarshal(raw, &t); err != nil {
				return err
			}
			out = append(out, t)
			return nil
		})
	})
	slices.SortFunc(out, func(a, b kartlaggning.Token) int { return b.Created.Compare(a.Created) })
	return out, err
}

func (db *DB) RevokeToken(ctx context.Context, id string) error {
	return db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(tokensBucket)
		c := b.Cursor()
		for k, raw := c.First(); k != nil; k, raw = c.Next() {
			var t kartlaggning.Token
			if err := json.Unmarshal(raw, &t); err != nil {
				return err
			}
			if t.ID == id {
				t.Revoked = true
				updated, err := json.Marshal(t)
				if err != nil {
					return err
				}
				return b.Put(slices.Clone(k), updated)
			}
		}
		return kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns ingen token med id %q.", id)
	})
}

func hexKey(hash []byte) []byte { return []byte(hex.EncodeToString(hash)) }
