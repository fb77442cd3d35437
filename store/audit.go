package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// The change log lives in each edition's bucket, so it goes with the
// edition:
//
//	editions/2019/audit/      seq (8 bytes, big-endian) → kartlaggning.LogEntry
//	editions/2019/audit_idx/  "<kind>/<id>\x00" + seq → empty (one entity's history)
var (
	auditBucket    = []byte("audit")
	auditIdxBucket = []byte("audit_idx")
)

var _ kartlaggning.History = (*DB)(nil)

// recordChange appends a change to the edition's log in the write's own
// transaction: a write and its log entry land together or not at all. at
// comes from the DB's clock.
func recordChange(ctx context.Context, yb *bolt.Bucket, at time.Time, action string, kind kartlaggning.Kind, id string, before, after []byte) error {
	log, err := yb.CreateBucketIfNotExists(auditBucket)
	if err != nil {
		return err
	}
	seq, err := log.NextSequence()
	if err != nil {
		return err
	}
	c := kartlaggning.LogEntry{Seq: seq, At: at.UTC(), Actor: kartlaggning.ActorOf(ctx), Action: action,
		Kind: kind, ID: id, Before: before, After: after}
	if action == "update" || action == "edition" {
		c.Fields = kartlaggning.ChangedFields(before, after)
	}
	raw, err := json.Marshal(c)
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
	idx, err := yb.CreateBucketIfNotExists(auditIdxBucket)
	if err != nil {
		return err
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
		log := yb.Bucket(auditBucket)
		if log == nil {
			return nil
		}
		keep := func(raw []byte) (bool, error) {
			var c kartlaggning.LogEntry
			if err := json.Unmarshal(raw, &c); err != nil {
				return false, err
			}
			if (f.Kind != "" && c.Kind != f.Kind) || (f.ID != "" && c.ID != f.ID) ||
				(f.Actor != "" && c.Actor != f.Actor) || (!f.From.IsZero() && c.At.Before(f.From)) ||
				(!f.To.IsZero() && !c.At.Before(f.To)) {
				return false, nil
			}
			out = append(out, c)
			return len(out) < f.Limit, nil
		}
		if f.Kind != "" && f.ID != "" {
			idx := yb.Bucket(auditIdxBucket)
			if idx == nil {
				return nil
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
				more, err := keep(log.Get(k[len(prefix):]))
				if err != nil || !more {
					return err
				}
			}
			return nil
		}
		c := log.Cursor()
		for k, raw := c.Last(); k != nil; k, raw = c.Prev() {
			more, err := keep(raw)
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
		b := yb.Bucket(name)
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

// restoreLog writes a saved change log into a new edition bucket.
func restoreLog(yb *bolt.Bucket, saved map[string][][2][]byte) error {
	for _, name := range [][]byte{auditBucket, auditIdxBucket} {
		seq, ok := saved[string(name)+"#seq"]
		if !ok {
			continue
		}
		b, err := yb.CreateBucketIfNotExists(name)
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
