package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// bulkFillPercent packs the pages of a bucket written in key order: the
// default of 0.5 leaves every page half empty when keys only ever append.
const bulkFillPercent = 0.9

// Import validates doc and stores it as the edition of its year, all or
// nothing. Replacing an edition gives each entity that survives the next
// version, so a form opened before the replace cannot overwrite it.
func (db *DB) Import(ctx context.Context, doc *kartlaggning.Document, replace bool) (kartlaggning.Counts, error) {
	return db.importDocument(ctx, doc, importOptions{replace: replace})
}

// ImportDemo imports the example edition into a database that has never
// held an edition: a user who removed it does not get it back. It is
// stored as a draft whatever the file says: the example is there to be
// tried, and a published edition is locked against every change.
func (db *DB) ImportDemo(ctx context.Context, doc *kartlaggning.Document) (bool, error) {
	if doc != nil {
		draft := *doc
		draft.Edition.Status = "draft"
		doc = &draft
	}
	_, err := db.importDocument(ctx, doc, importOptions{demo: true})
	if errors.Is(err, errNotFresh) {
		return false, nil
	}
	return err == nil, err
}

type importOptions struct {
	replace bool
	demo    bool // mark the edition as the example, and only into a fresh file
}

var (
	errNotFresh = errors.New("store: the database has held editions")
	// usedKey in meta marks a file that has held an edition.
	usedKey = []byte("used")
)

func (db *DB) importDocument(ctx context.Context, doc *kartlaggning.Document, opt importOptions) (kartlaggning.Counts, error) {
	if err := ctx.Err(); err != nil {
		return kartlaggning.Counts{}, err
	}
	if doc == nil {
		return kartlaggning.Counts{}, errors.New("store: Import: nil document")
	}
	if err := doc.Validate(); err != nil {
		return kartlaggning.Counts{}, err
	}
	// Encode before the write transaction, which should be short: it holds
	// the only writer's lock.
	rows, refs, err := prepareImport(doc)
	if err != nil {
		return kartlaggning.Counts{}, err
	}
	year := doc.Edition.Year
	err = db.update(func(tx *bolt.Tx) error {
		editions, err := needBucket(tx, editionsBucket)
		if err != nil {
			return err
		}
		meta := tx.Bucket(metaBucket)
		if opt.demo && meta.Get(usedKey) != nil {
			return errNotFresh
		}
		if err := meta.Put(usedKey, []byte("1")); err != nil {
			return err
		}
		old := map[kartlaggning.Ref]int64{}
		edVersion := int64(1)
		var history map[string][][2][]byte               // a replaced edition keeps its change log
		carry := func(*bolt.Bucket) error { return nil } // and its enkäter
		if yb := editions.Bucket(yearKey(year)); yb != nil {
			if !opt.replace {
				return kartlaggning.Errorf(kartlaggning.ECONFLICT,
					"Det finns redan en kartläggning för %d. Välj att ersätta den.", year)
			}
			se, err := readEdition(yb)
			if err != nil {
				return err
			}
			if se.ed.Status == statusPublished {
				return lockedError(year, "kan inte ersättas")
			}
			edVersion = se.version + 1
			if err := readVersions(yb, old); err != nil {
				return err
			}
			history = saveLog(yb)
			if carry, err = carrySurveys(tx, yb); err != nil {
				return err
			}
			if err := editions.DeleteBucket(yearKey(year)); err != nil {
				return err
			}
		}
		yb, err := createYearBucket(tx, year)
		if err != nil {
			return err
		}
		if err := restoreLog(yb, history); err != nil {
			return err
		}
		if err := carry(yb); err != nil {
			return err
		}
		counts, err := json.Marshal(doc.Counts())
		if err != nil {
			return err
		}
		if err := recordChange(ctx, yb, db.now(), "import", "", "", nil, counts); err != nil {
			return err
		}
		if err := putEdition(yb, storedEdition{ed: doc.Edition, version: edVersion, demo: opt.demo}); err != nil {
			return err
		}
		for _, k := range kartlaggning.Kinds {
			b := yb.Bucket([]byte(k))
			b.FillPercent = bulkFillPercent
			for _, r := range rows[k] {
				v := old[kartlaggning.Ref{Kind: k, ID: string(r.id)}] + 1
				if err := b.Put(r.id, encodeRecord(v, r.seq, r.data)); err != nil {
					return err
				}
			}
			if err := b.SetSequence(uint64(len(rows[k]))); err != nil {
				return err
			}
		}
		rb := yb.Bucket(refsBucket)
		rb.FillPercent = bulkFillPercent
		for _, k := range refs {
			if err := rb.Put(k, emptyValue); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return kartlaggning.Counts{}, err
	}
	return doc.Counts(), nil
}

type importRow struct {
	id   []byte
	seq  uint64
	data []byte
}

// prepareImport encodes every entity and its index keys, each sorted by
// key: bbolt appends in key order without splitting pages over and over.
func prepareImport(doc *kartlaggning.Document) (map[kartlaggning.Kind][]importRow, [][]byte, error) {
	rows := map[kartlaggning.Kind][]importRow{}
	var refs [][]byte
	for _, k := range kartlaggning.Kinds {
		entities := doc.Entities(k)
		kindRows := make([]importRow, len(entities))
		for i, e := range entities {
			data, err := json.Marshal(e)
			if err != nil {
				return nil, nil, fmt.Errorf("store: encode %s/%s: %w", k, e.EntityID(), err)
			}
			kindRows[i] = importRow{id: []byte(e.EntityID()), seq: uint64(i), data: data}
			refs = append(refs, entityRefKeys(e)...)
		}
		slices.SortFunc(kindRows, func(a, b importRow) int { return bytes.Compare(a.id, b.id) })
		rows[k] = kindRows
	}
	slices.SortFunc(refs, bytes.Compare)
	return rows, refs, nil
}

// readVersions collects the version of every entity in a year bucket.
func readVersions(yb *bolt.Bucket, into map[kartlaggning.Ref]int64) error {
	for _, k := range kartlaggning.Kinds {
		b, err := kindBucket(yb, k)
		if err != nil {
			return err
		}
		err = b.ForEach(func(id, raw []byte) error {
			var rec struct {
				V int64 `json:"v"`
			}
			if err := json.Unmarshal(raw, &rec); err != nil {
				return fmt.Errorf("store: bad record %s/%s: %w", k, id, err)
			}
			into[kartlaggning.Ref{Kind: k, ID: string(id)}] = rec.V
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Export returns the edition as a document, each list in document order.
func (db *DB) Export(ctx context.Context, year int) (*kartlaggning.Document, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	doc := &kartlaggning.Document{
		Format:         kartlaggning.Format,
		Municipalities: []kartlaggning.Municipality{},
		Organisations:  []kartlaggning.Organisation{},
		Units:          []kartlaggning.Unit{},
		Forums:         []kartlaggning.Forum{},
	}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		yb, err := yearBucket(tx, year)
		if err != nil {
			return err
		}
		se, err := readEdition(yb)
		if err != nil {
			return err
		}
		doc.Edition = se.ed
		for _, k := range kartlaggning.Kinds {
			list, err := listKind(yb, k)
			if err != nil {
				return err
			}
			for _, v := range list {
				doc.Append(v.Entity)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return doc, nil
}
