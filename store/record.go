package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// Keys inside a year bucket beside the four kind buckets.
var (
	editionKey = []byte("edition")
	refsBucket = []byte("refs")
	// revisionKey holds the edition's revision (see touch).
	revisionKey = []byte("revision")
)

// record is the value stored for an edition or an entity.
type record struct {
	V   int64  `json:"v"`
	Seq uint64 `json:"seq"`
	// Demo, in an edition's record only, marks the example edition (see
	// isDemo).
	Demo bool            `json:"demo,omitempty"`
	Data json.RawMessage `json:"data"`
}

// encodeRecord builds the record by hand: json.Marshal would scan data
// again to validate it, and data comes straight from json.Marshal.
func encodeRecord(v int64, seq uint64, data []byte) []byte {
	b := make([]byte, 0, len(data)+40)
	b = append(b, `{"v":`...)
	b = strconv.AppendInt(b, v, 10)
	b = append(b, `,"seq":`...)
	b = strconv.AppendUint(b, seq, 10)
	b = append(b, `,"data":`...)
	b = append(b, data...)
	return append(b, '}')
}

// decodeRecord copies what it needs out of raw, which bbolt owns.
func decodeRecord(raw []byte) (record, error) {
	var r record
	if err := json.Unmarshal(raw, &r); err != nil {
		return r, fmt.Errorf("store: bad record: %w", err)
	}
	return r, nil
}

// decodeEntity turns a record's data into a new entity of the kind.
func decodeEntity(kind kartlaggning.Kind, data []byte) (kartlaggning.Entity, error) {
	e := kind.New()
	if err := json.Unmarshal(data, e); err != nil {
		return nil, fmt.Errorf("store: bad %s record: %w", kind, err)
	}
	return e, nil
}

func yearKey(year int) []byte { return fmt.Appendf(nil, "%04d", year) }

// bucketHolder is a *bolt.Tx or a *bolt.Bucket.
type bucketHolder interface {
	Bucket(name []byte) *bolt.Bucket
}

// getBucket follows path down from a transaction or bucket and returns
// nil where a bucket is missing. It never creates one: only the
// migrations and createYearBucket create buckets, all of them drawn in
// doc.go, so a read cannot change the file and no write grows a bucket
// nobody documented.
func getBucket(from bucketHolder, path ...[]byte) *bolt.Bucket {
	var b *bolt.Bucket
	for _, name := range path {
		if b = from.Bucket(name); b == nil {
			return nil
		}
		from = b
	}
	return b
}

// needBucket is getBucket for a bucket that every file at this schema
// has: a missing one means a broken file, which the error names.
func needBucket(from bucketHolder, path ...[]byte) (*bolt.Bucket, error) {
	if b := getBucket(from, path...); b != nil {
		return b, nil
	}
	return nil, fmt.Errorf("store: bucket %q missing", bytes.Join(path, []byte("/")))
}

// yearBucket returns the edition's bucket, ENOTFOUND if there is none. It
// never creates one.
func yearBucket(tx *bolt.Tx, year int) (*bolt.Bucket, error) {
	editions, err := needBucket(tx, editionsBucket)
	if err != nil {
		return nil, err
	}
	if yb := editions.Bucket(yearKey(year)); yb != nil {
		return yb, nil
	}
	return nil, kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns ingen kartläggning för år %d.", year)
}

// kindBucket returns the bucket of one kind in a year bucket.
func kindBucket(yb *bolt.Bucket, kind kartlaggning.Kind) (*bolt.Bucket, error) {
	return needBucket(yb, []byte(kind))
}

// checkKind rejects a kind that is not one of kartlaggning.Kinds before it
// becomes a bucket name (or a panic in Kind.New).
func checkKind(kind kartlaggning.Kind) error {
	_, err := kartlaggning.ParseKind(string(kind))
	return err
}

// createYearBucket makes an edition's bucket with every sub-bucket that
// its writes use: the kinds, the refs index, the change log and the
// enkäter.
func createYearBucket(tx *bolt.Tx, year int) (*bolt.Bucket, error) {
	editions, err := needBucket(tx, editionsBucket)
	if err != nil {
		return nil, err
	}
	yb, err := editions.CreateBucket(yearKey(year))
	if err != nil {
		return nil, err
	}
	names := [][]byte{refsBucket, auditBucket, auditIdxBucket}
	for _, k := range kartlaggning.Kinds {
		names = append(names, []byte(k))
	}
	for _, name := range names {
		if _, err := yb.CreateBucket(name); err != nil {
			return nil, err
		}
	}
	if err := createSurveyBuckets(yb); err != nil {
		return nil, err
	}
	return yb, touch(tx, yb)
}

// writeYear returns the bucket of an edition that a write is about to
// change, and records the change in its revision. Every write to an
// existing edition passes here, so this is where a published (locked)
// edition refuses it; SetEditionStatus alone goes around.
func writeYear(tx *bolt.Tx, year int) (*bolt.Bucket, error) {
	yb, err := yearBucket(tx, year)
	if err != nil {
		return nil, err
	}
	if err := checkUnlocked(yb, year); err != nil {
		return nil, err
	}
	return yb, touch(tx, yb)
}

// touch gives an edition a new revision. Revisions come from one counter
// for the whole file, so an edition that is removed and imported again
// never repeats one: a cache keyed by (year, revision) cannot go stale.
func touch(tx *bolt.Tx, yb *bolt.Bucket) error {
	n, err := tx.Bucket(metaBucket).NextSequence()
	if err != nil {
		return err
	}
	return yb.Put(revisionKey, strconv.AppendUint(nil, n, 10))
}

func notFound(kind kartlaggning.Kind, id string, year int) error {
	return kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns %s med id %q i %d.", kind.Words().None, id, year)
}

// checkVersion refuses a write based on a version that is no longer the
// stored one.
func checkVersion(w kartlaggning.Words, ifVersion, stored int64) error {
	if ifVersion == kartlaggning.AnyVersion || ifVersion == stored {
		return nil
	}
	return kartlaggning.Errorf(kartlaggning.EPRECONDITION,
		"Någon annan har ändrat %s sedan du hämtade %s (version %d finns nu).", w.The, w.It, stored)
}
