package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// Referrers lists the entities that refer to r, one row per field, sorted
// by kind (document order), id and field. ENOTFOUND if r does not exist.
func (db *DB) Referrers(ctx context.Context, year int, r kartlaggning.Ref) ([]kartlaggning.Referrer, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkKind(r.Kind); err != nil {
		return nil, err
	}
	var out []kartlaggning.Referrer
	err := db.bolt.View(func(tx *bolt.Tx) error {
		yb, err := yearBucket(tx, year)
		if err != nil {
			return err
		}
		b, err := kindBucket(yb, r.Kind)
		if err != nil {
			return err
		}
		if b.Get([]byte(r.ID)) == nil {
			return notFound(r.Kind, r.ID, year)
		}
		out, err = referrers(yb, r)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// refTarget is the prefix of every index key that points at r.
func refTarget(r kartlaggning.Ref) []byte {
	k := make([]byte, 0, len(r.Kind)+len(r.ID)+2)
	k = append(k, r.Kind...)
	k = append(k, '/')
	k = append(k, r.ID...)
	return append(k, 0)
}

func refKey(to, from kartlaggning.Ref, field string) []byte {
	k := refTarget(to)
	k = append(k, from.Kind...)
	k = append(k, '/')
	k = append(k, from.ID...)
	k = append(k, 0)
	return append(k, field...)
}

// entityRefKeys are the index keys for the references e holds.
func entityRefKeys(e kartlaggning.Entity) [][]byte {
	from := kartlaggning.Ref{Kind: e.EntityKind(), ID: e.EntityID()}
	refs := e.Refs()
	keys := make([][]byte, len(refs))
	for i, fr := range refs {
		keys[i] = refKey(fr.To, from, fr.Path)
	}
	return keys
}

// The index values are empty: the key says it all.
var emptyValue = []byte{}

func putRefs(yb *bolt.Bucket, e kartlaggning.Entity) error {
	refs, err := needBucket(yb, refsBucket)
	if err != nil {
		return err
	}
	for _, k := range entityRefKeys(e) {
		if err := refs.Put(k, emptyValue); err != nil {
			return err
		}
	}
	return nil
}

func deleteRefs(yb *bolt.Bucket, e kartlaggning.Entity) error {
	refs, err := needBucket(yb, refsBucket)
	if err != nil {
		return err
	}
	for _, k := range entityRefKeys(e) {
		if err := refs.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// referrers scans the index for r and names each referring entity.
func referrers(yb *bolt.Bucket, r kartlaggning.Ref) ([]kartlaggning.Referrer, error) {
	refs, err := needBucket(yb, refsBucket)
	if err != nil {
		return nil, err
	}
	prefix := refTarget(r)
	out := []kartlaggning.Referrer{}
	names := map[kartlaggning.Ref]string{}
	c := refs.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		src, field, ok := parseRefSource(k[len(prefix):])
		if !ok {
			return nil, fmt.Errorf("store: bad index key %q", k)
		}
		name, seen := names[src]
		if !seen {
			var err error
			if name, err = entityName(yb, src); err != nil {
				return nil, err
			}
			names[src] = name
		}
		out = append(out, kartlaggning.Referrer{Kind: src.Kind, ID: src.ID, Name: name, Field: field})
	}
	slices.SortFunc(out, kartlaggning.CompareReferrers)
	return out, nil
}

// parseRefSource splits "<kind>/<id>\x00<field>"; the result is copied.
func parseRefSource(b []byte) (kartlaggning.Ref, string, bool) {
	srcPart, field, ok := bytes.Cut(b, []byte{0})
	if !ok {
		return kartlaggning.Ref{}, "", false
	}
	kind, id, ok := bytes.Cut(srcPart, []byte{'/'})
	if !ok {
		return kartlaggning.Ref{}, "", false
	}
	return kartlaggning.Ref{Kind: kartlaggning.Kind(kind), ID: string(id)}, string(field), true
}

// entityName reads only the name of a stored entity.
func entityName(yb *bolt.Bucket, r kartlaggning.Ref) (string, error) {
	b, err := kindBucket(yb, r.Kind)
	if err != nil {
		return "", err
	}
	raw := b.Get([]byte(r.ID))
	if raw == nil {
		return "", fmt.Errorf("store: index names missing %s", r)
	}
	var rec struct {
		Data struct {
			Name string `json:"name"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &rec); err != nil {
		return "", fmt.Errorf("store: bad record %s: %w", r, err)
	}
	return rec.Data.Name, nil
}
