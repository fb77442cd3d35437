package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// The change log lives in each edition's bucket, so it goes with the
// edition (doc.go draws it): audit holds the entries by seq, audit_idx
// one entity's entries by "<kind>/<id>\x00" + seq. Both are made with the
// edition; files from before schema 3 get them from the migration.
var (
	auditBucket    = []byte("audit")
	auditIdxBucket = []byte("audit_idx")
)

var _ kartlaggning.History = (*DB)(nil)

// auditV is the format of the auditRecords this code writes.
const auditV = 1

// auditRecord is the stored form of one change-log entry. Its seq is its
// key, so it is not repeated inside.
//
// Before schema 3 the log held kartlaggning.LogEntry's JSON: the same
// names without "v" (so V is 0) and with a "seq" that repeats the key.
// Files keep those entries (see createAuditBuckets), and they decode into
// this struct unchanged: the names here are the store's, so they stay
// when LogEntry's change.
type auditRecord struct {
	V      int             `json:"v"`
	At     time.Time       `json:"at"`
	Actor  string          `json:"actor"`
	Source string          `json:"source,omitempty"` // no new format: older code ignores it; absent means a hand edit
	Action string          `json:"action"`           // create, update, delete, import, edition
	Kind   string          `json:"kind,omitempty"`
	ID     string          `json:"id,omitempty"`
	Fields []string        `json:"fields,omitempty"` // the top-level fields that changed
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
}

// decodeAudit reads a stored entry of any format so far. The raw
// messages are copies (json.RawMessage copies), so the record outlives
// the transaction.
func decodeAudit(raw []byte) (auditRecord, error) {
	var r auditRecord
	if err := json.Unmarshal(raw, &r); err != nil {
		return r, fmt.Errorf("store: bad change log entry: %w", err)
	}
	if r.V > auditV {
		return r, fmt.Errorf("store: change log entry of format %d, newer than this program's %d", r.V, auditV)
	}
	return r, nil
}

// entry is the record as the domain sees it.
func (r auditRecord) entry(seq uint64) kartlaggning.LogEntry {
	return kartlaggning.LogEntry{Seq: seq, At: r.At, Actor: r.Actor, Source: r.Source, Action: r.Action,
		Kind: kartlaggning.Kind(r.Kind), ID: r.ID, Fields: r.Fields, Before: r.Before, After: r.After}
}

// recordChange appends a change to the edition's log in the write's own
// transaction: a write and its log entry land together or not at all. at
// comes from the DB's clock.
func recordChange(ctx context.Context, yb *bolt.Bucket, at time.Time, action string, kind kartlaggning.Kind, id string, before, after []byte) error {
	log, err := needBucket(yb, auditBucket)
	if err != nil {
		return err
	}
	idx, err := needBucket(yb, auditIdxBucket)
	if err != nil {
		return err
	}
	seq, err := log.NextSequence()
	if err != nil {
		return err
	}
	r := auditRecord{V: auditV, At: at.UTC(), Actor: kartlaggning.ActorOf(ctx), Source: kartlaggning.SourceOf(ctx), Action: action,
		Kind: string(kind), ID: id, Before: before, After: after}
	if action == "update" || action == "edition" {
		r.Fields = kartlaggning.ChangedFields(before, after)
	}
	raw, err := json.Marshal(r)
	if err != nil {
		return err
	}
	key := binary.BigEndian.AppendUint64(nil, seq)
	if err := log.Put(key, raw); err != nil {
		return err
	}
	if kind == "" && id == "" {
		return nil
	}
	return idx.Put(append(auditPrefix(kind, id), key...), nil)
}

func auditPrefix(kind kartlaggning.Kind, id string) []byte {
	return []byte(string(kind) + "/" + id + "\x00")
}

// History reads the change log newest first. With Kind and ID it reads
// only that entity's entries through the index.
func (db *DB) History(ctx context.Context, year int, f kartlaggning.HistoryFilter) ([]kartlaggning.LogEntry, error) {
	if f.Limit <= 0 {
		f.Limit = 500
	}
	var out []kartlaggning.LogEntry
	err := db.bolt.View(func(tx *bolt.Tx) error {
		yb, err := yearBucket(tx, year)
		if err != nil {
			return err
		}
		log, err := needBucket(yb, auditBucket)
		if err != nil {
			return err
		}
		keep := func(key, raw []byte) (bool, error) {
			r, err := decodeAudit(raw)
			if err != nil {
				return false, err
			}
			if (f.Kind != "" && r.Kind != string(f.Kind)) || (f.ID != "" && r.ID != f.ID) ||
				(f.Actor != "" && r.Actor != f.Actor) || (!f.From.IsZero() && r.At.Before(f.From)) ||
				(!f.To.IsZero() && !r.At.Before(f.To)) {
				return false, nil
			}
			out = append(out, r.entry(binary.BigEndian.Uint64(key)))
			return len(out) < f.Limit, nil
		}
		if f.Kind != "" && f.ID != "" {
			idx, err := needBucket(yb, auditIdxBucket)
			if err != nil {
				return err
			}
			prefix := auditPrefix(f.Kind, f.ID)
			c := idx.Cursor()
			// Seek past the last key with the prefix, then walk back.
			k, _ := c.Seek(append(bytes.Clone(prefix), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
			if k == nil {
				k, _ = c.Last()
			} else {
				k, _ = c.Prev()
			}
			for ; k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Prev() {
				key := k[len(prefix):]
				raw := log.Get(key)
				if raw == nil {
					return fmt.Errorf("store: change log index names missing entry %x", key)
				}
				more, err := keep(key, raw)
				if err != nil || !more {
					return err
				}
			}
			return nil
		}
		c := log.Cursor()
		for k, raw := c.Last(); k != nil; k, raw = c.Prev() {
			more, err := keep(k, raw)
			if err != nil || !more {
				return err
			}
		}
		return nil
	})
	return out, err
}

// saveLog copies an edition's change log out of its bucket, so that the
// log survives when an import replaces the edition.
func saveLog(yb *bolt.Bucket) map[string][][2][]byte {
	saved := map[string][][2][]byte{}
	for _, name := range [][]byte{auditBucket, auditIdxBucket} {
		b := getBucket(yb, name)
		if b == nil {
			continue
		}
		b.ForEach(func(k, v []byte) error {
			saved[string(name)] = append(saved[string(name)], [2][]byte{bytes.Clone(k), bytes.Clone(v)})
			return nil
		})
		saved[string(name)+"#seq"] = [][2][]byte{{binary.BigEndian.AppendUint64(nil, b.Sequence())}}
	}
	return saved
}

// restoreLog writes a saved change log into the log buckets of a new
// edition bucket.
func restoreLog(yb *bolt.Bucket, saved map[string][][2][]byte) error {
	for _, name := range [][]byte{auditBucket, auditIdxBucket} {
		seq, ok := saved[string(name)+"#seq"]
		if !ok {
			continue
		}
		b, err := needBucket(yb, name)
		if err != nil {
			return err
		}
		for _, kv := range saved[string(name)] {
			if err := b.Put(kv[0], kv[1]); err != nil {
				return err
			}
		}
		if err := b.SetSequence(binary.BigEndian.Uint64(seq[0][0])); err != nil {
			return err
		}
	}
	return nil
}

// createAuditBuckets (migration 3) gives every edition the change log
// buckets that schema 2 made lazily, on an edition's first logged write
// (and editions from before the log never got), so that no write creates
// a bucket. The index needs no filling: schema 2 made audit_idx in the
// transaction of the first entity entry, so an edition without it has no
// entry to index.
//
// The old entries stay as they are; decodeAudit reads them. Rewriting
// them as auditRecords would gain nothing that is read, and on a file of
// 20,000 entries (50 MB) it took 1.6 s and doubled the file, since bbolt
// copies every page it changes: a migration at start-up on a nearly full
// disk should not need that room.
func createAuditBuckets(tx *bolt.Tx) error {
	editions, err := needBucket(tx, editionsBucket)
	if err != nil {
		return err
	}
	return editions.ForEachBucket(func(year []byte) error {
		yb := editions.Bucket(year)
		for _, name := range [][]byte{auditBucket, auditIdxBucket} {
			if _, err := yb.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("edition %s: %w", year, err)
			}
		}
		return nil
	})
}
