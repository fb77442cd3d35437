package store

import (
	"context"
	"encoding/json"

	bolt "go.etcd.io/bbolt"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// SetReviews sets the review of several units in one transaction (the
// editor sends a batch of sections for påseende): all of them or none.
func (db *DB) SetReviews(ctx context.Context, year int, ids []string, r kartlaggning.Review) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.update(func(tx *bolt.Tx) error {
		yb, err := writeYear(tx, year)
		if err != nil {
			return err
		}
		b := yb.Bucket([]byte(kartlaggning.Units))
		at := db.now() // one batch, one moment
		for _, id := range ids {
			rec, err := getRecord(yb, kartlaggning.Units, id, year)
			if err != nil {
				return err
			}
			e, err := decodeEntity(kartlaggning.Units, rec.Data)
			if err != nil {
				return err
			}
			u := e.(*kartlaggning.Unit)
			review := r
			u.Review = &review
			if err := kartlaggning.ValidateEntity(u, txLookup{yb}); err != nil {
				return err
			}
			data, err := json.Marshal(u)
			if err != nil {
				return err
			}
			if err := recordChange(ctx, yb, at, "update", kartlaggning.Units, id, rec.Data, data); err != nil {
				return err
			}
			if err := b.Put([]byte(id), encodeRecord(rec.V+1, rec.Seq, data)); err != nil {
				return err
			}
		}
		return nil
	})
}
