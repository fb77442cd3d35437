package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// Editions lists every edition, newest year first.
func (db *DB) Editions(ctx context.Context) ([]kartlaggning.EditionInfo, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := []kartlaggning.EditionInfo{}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		editions, err := needBucket(tx, editionsBucket)
		if err != nil {
			return err
		}
		return editions.ForEachBucket(func(k []byte) error {
			year, err := strconv.Atoi(string(k))
			if err != nil {
				return fmt.Errorf("store: bad year bucket %q", k)
			}
			se, err := readEdition(editions.Bucket(k))
			if err != nil {
				return err
			}
			out = append(out, kartlaggning.EditionInfo{Year: year, Title: se.ed.Title, Status: se.ed.Status, Demo: se.demo})
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b kartlaggning.EditionInfo) int { return cmp.Compare(b.Year, a.Year) })
	return out, nil
}

// Edition returns an edition's metadata and version.
func (db *DB) Edition(ctx context.Context, year int) (kartlaggning.Edition, int64, error) {
	if err := ctx.Err(); err != nil {
		return kartlaggning.Edition{}, 0, err
	}
	var (
		ed      kartlaggning.Edition
		version int64
	)
	err := db.bolt.View(func(tx *bolt.Tx) error {
		yb, err := yearBucket(tx, year)
		if err != nil {
			return err
		}
		se, err := readEdition(yb)
		ed, version = se.ed, se.version
		return err
	})
	if err != nil {
		return kartlaggning.Edition{}, 0, err
	}
	return ed, version, nil
}

// storedEdition is an edition's record, decoded.
type storedEdition struct {
	ed      kartlaggning.Edition
	version int64
	demo    bool
}

func readEdition(yb *bolt.Bucket) (storedEdition, error) {
	raw := yb.Get(editionKey)
	if raw == nil {
		return storedEdition{}, fmt.Errorf("store: edition record missing")
	}
	rec, err := decodeRecord(raw)
	if err != nil {
		return storedEdition{}, err
	}
	se := storedEdition{version: rec.V, demo: rec.Demo}
	if err := json.Unmarshal(rec.Data, &se.ed); err != nil {
		return storedEdition{}, fmt.Errorf("store: bad edition record: %w", err)
	}
	return se, nil
}

func putEdition(yb *bolt.Bucket, se storedEdition) error {
	data, err := json.Marshal(se.ed)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(record{V: se.version, Demo: se.demo, Data: data})
	if err != nil {
		return err
	}
	return yb.Put(editionKey, raw)
}

// CreateEdition starts an empty edition; it returns version 1.
func (db *DB) CreateEdition(ctx context.Context, ed kartlaggning.Edition) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if err := kartlaggning.ValidateEdition(ed); err != nil {
		return 0, err
	}
	err := db.update(func(tx *bolt.Tx) error {
		if _, err := yearBucket(tx, ed.Year); err == nil {
			msg := fmt.Sprintf("Det finns redan en kartläggning för %d.", ed.Year)
			return &kartlaggning.Error{Code: kartlaggning.ECONFLICT, Message: msg,
				Fields: []kartlaggning.FieldError{{Path: "year", Message: msg}}}
		}
		yb, err := createYearBucket(tx, ed.Year)
		if err != nil {
			return err
		}
		if err := logEdition(ctx, yb, db.now(), "edition", nil, &ed); err != nil {
			return err
		}
		return putEdition(yb, storedEdition{ed: ed, version: 1})
	})
	if err != nil {
		return 0, err
	}
	return 1, nil
}

// UpdateEdition replaces the metadata of the edition of ed.Year and
// returns the new version.
func (db *DB) UpdateEdition(ctx context.Context, ed kartlaggning.Edition, ifVersion int64) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	var version int64
	err := db.update(func(tx *bolt.Tx) error {
		yb, err := writeYear(tx, ed.Year)
		if err != nil {
			return err
		}
		se, err := currentEdition(yb, ifVersion)
		if err != nil {
			return err
		}
		if err := kartlaggning.ValidateEdition(ed); err != nil {
			return err
		}
		// An edited demo is still the demo: its notice invites edits.
		version = se.version + 1
		if err := logEdition(ctx, yb, db.now(), "edition", &se.ed, &ed); err != nil {
			return err
		}
		return putEdition(yb, storedEdition{ed: ed, version: version, demo: se.demo})
	})
	if err != nil {
		return 0, err
	}
	return version, nil
}

// DeleteEdition removes an edition with all its entities and its
// enkäter; their links leave the index of hashes with them.
func (db *DB) DeleteEdition(ctx context.Context, year int, ifVersion int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		yb, err := writeYear(tx, year)
		if err != nil {
			return err
		}
		if _, err := currentEdition(yb, ifVersion); err != nil {
			return err
		}
		if err := dropInvitationHashes(tx, yb); err != nil {
			return err
		}
		return tx.Bucket(editionsBucket).DeleteBucket(yearKey(year))
	})
}

// Revision returns the edition's revision: it changes with every write to
// the edition and never repeats, so caches of derived data key on it.
func (db *DB) Revision(ctx context.Context, year int) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	var rev uint64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		yb, err := yearBucket(tx, year)
		if err != nil {
			return err
		}
		rev, err = strconv.ParseUint(string(yb.Get(revisionKey)), 10, 64)
		return err
	})
	return rev, err
}

// logEdition records a change of the edition's own fields.
func logEdition(ctx context.Context, yb *bolt.Bucket, at time.Time, action string, before, after *kartlaggning.Edition) error {
	var b, a []byte
	var err error
	if before != nil {
		if b, err = json.Marshal(before); err != nil {
			return err
		}
	}
	if after != nil {
		if a, err = json.Marshal(after); err != nil {
			return err
		}
	}
	return recordChange(ctx, yb, at, action, "", "", b, a)
}

// currentEdition reads the edition a write is about to change and refuses
// the write if the caller's version is stale.
func currentEdition(yb *bolt.Bucket, ifVersion int64) (storedEdition, error) {
	se, err := readEdition(yb)
	if err != nil {
		return se, err
	}
	return se, checkVersion(kartlaggning.EditionWords, ifVersion, se.version)
}
