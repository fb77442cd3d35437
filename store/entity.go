package store

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// List returns the entities of one kind in document order.
func (db *DB) List(ctx context.Context, year int, kind kartlaggning.Kind) ([]kartlaggning.Versioned, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkKind(kind); err != nil {
		return nil, err
	}
	var out []kartlaggning.Versioned
	err := db.bolt.View(func(tx *bolt.Tx) error {
		yb, err := yearBucket(tx, year)
		if err != nil {
			return err
		}
		out, err = listKind(yb, kind)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// listKind decodes every entity of a kind, sorted by seq.
func listKind(yb *bolt.Bucket, kind kartlaggning.Kind) ([]kartlaggning.Versioned, error) {
	b, err := kindBucket(yb, kind)
	if err != nil {
		return nil, err
	}
	type item struct {
		seq uint64
		v   kartlaggning.Versioned
	}
	var items []item
	err = b.ForEach(func(k, raw []byte) error {
		rec, err := decodeRecord(raw)
		if err != nil {
			return err
		}
		e, err := decodeEntity(kind, rec.Data)
		if err != nil {
			return err
		}
		items = append(items, item{rec.Seq, kartlaggning.Versioned{Entity: e, Version: rec.V}})
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(items, func(a, b item) int { return cmp.Compare(a.seq, b.seq) })
	out := make([]kartlaggning.Versioned, len(items))
	for i, it := range items {
		out[i] = it.v
	}
	return out, nil
}

// Get returns one entity with its version.
func (db *DB) Get(ctx context.Context, year int, kind kartlaggning.Kind, id string) (kartlaggning.Versioned, error) {
	if err := ctx.Err(); err != nil {
		return kartlaggning.Versioned{}, err
	}
	if err := checkKind(kind); err != nil {
		return kartlaggning.Versioned{}, err
	}
	var out kartlaggning.Versioned
	err := db.bolt.View(func(tx *bolt.Tx) error {
		yb, err := yearBucket(tx, year)
		if err != nil {
			return err
		}
		rec, err := getRecord(yb, kind, id, year)
		if err != nil {
			return err
		}
		e, err := decodeEntity(kind, rec.Data)
		if err != nil {
			return err
		}
		out = kartlaggning.Versioned{Entity: e, Version: rec.V}
		return nil
	})
	return out, err
}

// getRecord reads one entity's record, ENOTFOUND if there is none.
func getRecord(yb *bolt.Bucket, kind kartlaggning.Kind, id string, year int) (record, error) {
	b, err := kindBucket(yb, kind)
	if err != nil {
		return record{}, err
	}
	raw := b.Get([]byte(id))
	if raw == nil {
		return record{}, notFound(kind, id, year)
	}
	return decodeRecord(raw)
}

// Create validates e against its edition and adds it after the entities
// of its kind. It returns the new version, 1.
func (db *DB) Create(ctx context.Context, year int, e kartlaggning.Entity) (int64, error) {
	kind, id, data, err := encodeEntity(ctx, e)
	if err != nil {
		return 0, err
	}
	err = db.update(func(tx *bolt.Tx) error {
		yb, err := writeYear(tx, year)
		if err != nil {
			return err
		}
		if err := kartlaggning.ValidateEntity(e, txLookup{yb}); err != nil {
			return err
		}
		b, err := kindBucket(yb, kind)
		if err != nil {
			return err
		}
		if b.Get([]byte(id)) != nil {
			msg := fmt.Sprintf("Det finns redan %s med id %q.", kind.Words().A, id)
			return &kartlaggning.Error{Code: kartlaggning.ECONFLICT, Message: msg,
				Fields: []kartlaggning.FieldError{{Path: "id", Message: msg}}}
		}
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		if err := b.Put([]byte(id), encodeRecord(1, seq, data)); err != nil {
			return err
		}
		if err := recordChange(ctx, yb, db.now(), "create", kind, id, nil, data); err != nil {
			return err
		}
		return putRefs(yb, e)
	})
	if err != nil {
		return 0, err
	}
	return 1, nil
}

// Update validates e and replaces the stored entity with the same kind and
// id, keeping its place in the document. It returns the new version.
func (db *DB) Update(ctx context.Context, year int, e kartlaggning.Entity, ifVersion int64) (int64, error) {
	kind, id, data, err := encodeEntity(ctx, e)
	if err != nil {
		return 0, err
	}
	var version int64
	err = db.update(func(tx *bolt.Tx) error {
		yb, err := writeYear(tx, year)
		if err != nil {
			return err
		}
		rec, err := getRecord(yb, kind, id, year)
		if err != nil {
			return err
		}
		if err := checkVersion(kind.Words(), ifVersion, rec.V); err != nil {
			return err
		}
		// The lookup sees the stored state, which is what the cycle check
		// needs: it walks up from e's new parent through the others.
		if err := kartlaggning.ValidateEntity(e, txLookup{yb}); err != nil {
			return err
		}
		old, err := decodeEntity(kind, rec.Data)
		if err != nil {
			return err
		}
		if err := deleteRefs(yb, old); err != nil {
			return err
		}
		if err := putRefs(yb, e); err != nil {
			return err
		}
		version = rec.V + 1
		if err := recordChange(ctx, yb, db.now(), "update", kind, id, rec.Data, data); err != nil {
			return err
		}
		return yb.Bucket([]byte(kind)).Put([]byte(id), encodeRecord(version, rec.Seq, data))
	})
	if err != nil {
		return 0, err
	}
	return version, nil
}

// Delete removes an entity that nothing else refers to. A forum's members
// are part of the forum and go with it.
func (db *DB) Delete(ctx context.Context, year int, kind kartlaggning.Kind, id string, ifVersion int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkKind(kind); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		yb, err := writeYear(tx, year)
		if err != nil {
			return err
		}
		rec, err := getRecord(yb, kind, id, year)
		if err != nil {
			return err
		}
		w := kind.Words()
		if err := checkVersion(w, ifVersion, rec.V); err != nil {
			return err
		}
		refs, err := referrers(yb, kartlaggning.Ref{Kind: kind, ID: id})
		if err != nil {
			return err
		}
		if len(refs) > 0 {
			return &kartlaggning.Error{Code: kartlaggning.ECONFLICT,
				Message:   fmt.Sprintf("%s kan inte tas bort: %s används av %s.", capitalise(w.The), w.It, others(refs)),
				Referrers: refs}
		}
		e, err := decodeEntity(kind, rec.Data)
		if err != nil {
			return err
		}
		if err := deleteRefs(yb, e); err != nil {
			return err
		}
		if err := recordChange(ctx, yb, db.now(), "delete", kind, id, rec.Data, nil); err != nil {
			return err
		}
		return yb.Bucket([]byte(kind)).Delete([]byte(id))
	})
}

// others counts the distinct entities among refs, in words.
func others(refs []kartlaggning.Referrer) string {
	seen := map[kartlaggning.Ref]bool{}
	for _, r := range refs {
		seen[kartlaggning.Ref{Kind: r.Kind, ID: r.ID}] = true
	}
	if len(seen) == 1 {
		return "1 annan post"
	}
	return fmt.Sprintf("%d andra poster", len(seen))
}

// capitalise upper-cases the first letter of an ASCII word.
func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// txLookup answers the domain's questions about an edition from inside a
// transaction.
type txLookup struct{ yb *bolt.Bucket }

func (l txLookup) Exists(r kartlaggning.Ref) bool {
	if checkKind(r.Kind) != nil {
		return false
	}
	b := l.yb.Bucket([]byte(r.Kind))
	return b != nil && b.Get([]byte(r.ID)) != nil
}

func (l txLookup) Parent(r kartlaggning.Ref) string {
	if r.Kind != kartlaggning.Units && r.Kind != kartlaggning.Forums {
		return ""
	}
	b := l.yb.Bucket([]byte(r.Kind))
	if b == nil {
		return ""
	}
	raw := b.Get([]byte(r.ID))
	if raw == nil {
		return ""
	}
	var rec struct {
		Data struct {
			Parent string `json:"parent"`
		} `json:"data"`
	}
	// A record that does not decode has no parent to follow: the other
	// methods report the broken record when they read it whole.
	_ = json.Unmarshal(raw, &rec)
	return rec.Data.Parent
}

// encodeEntity is the start of every entity write: the entity as its
// record holds it, prepared before the write transaction takes the lock.
func encodeEntity(ctx context.Context, e kartlaggning.Entity) (kartlaggning.Kind, string, []byte, error) {
	if err := ctx.Err(); err != nil {
		return "", "", nil, err
	}
	if e == nil {
		return "", "", nil, errors.New("store: nil entity")
	}
	data, err := json.Marshal(e)
	if err != nil {
		return "", "", nil, fmt.Errorf("store: encode %s: %w", e.EntityKind(), err)
	}
	return e.EntityKind(), e.EntityID(), data, nil
}
