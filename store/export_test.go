package store

import (
	"bytes"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// Test hooks: the migration tests build files at an older version and
// look inside them.

// SchemaVersion is the version Open brings a file to.
var SchemaVersion = len(migrations)

// MigrateFile brings the file at path to version to, exactly as Open does
// but no further; to = 0 leaves an empty bbolt file.
func MigrateFile(path string, to int) error {
	bdb, err := bolt.Open(path, 0600, &bolt.Options{Timeout: lockTimeout})
	if err != nil {
		return err
	}
	defer bdb.Close()
	return bdb.Update(func(tx *bolt.Tx) error { return migrate(tx, to) })
}

// FileSchemaVersion reads the version recorded in a closed file.
func FileSchemaVersion(path string) (v uint64, err error) {
	err = withFile(path, func(bdb *bolt.DB) error {
		return bdb.View(func(tx *bolt.Tx) error {
			v, err = schemaVersion(tx)
			return err
		})
	})
	return v, err
}

// SetFileSchemaVersion records a version in a closed file, as another
// version of the program would.
func SetFileSchemaVersion(path string, v uint64) error {
	return withFile(path, func(bdb *bolt.DB) error {
		return bdb.Update(func(tx *bolt.Tx) error {
			meta, err := tx.CreateBucketIfNotExists(metaBucket)
			if err != nil {
				return err
			}
			return meta.Put(schemaKey, strconv.AppendUint(nil, v, 10))
		})
	})
}

// FileBuckets lists the top-level buckets of a closed file.
func FileBuckets(path string) (names []string, err error) {
	err = withFile(path, func(bdb *bolt.DB) error {
		return bdb.View(func(tx *bolt.Tx) error {
			return tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
				names = append(names, string(name))
				return nil
			})
		})
	})
	return names, err
}

func withFile(path string, fn func(*bolt.DB) error) error {
	bdb, err := bolt.Open(path, 0600, &bolt.Options{Timeout: lockTimeout})
	if err != nil {
		return err
	}
	defer bdb.Close()
	return fn(bdb)
}

// IndexKeys returns the keys of an edition's refs bucket, with the NUL
// separators shown as " | ".
func (db *DB) IndexKeys(year int) (keys []string, err error) {
	err = db.bolt.View(func(tx *bolt.Tx) error {
		yb, err := yearBucket(tx, year)
		if err != nil {
			return err
		}
		return yb.Bucket(refsBucket).ForEach(func(k, _ []byte) error {
			keys = append(keys, string(bytes.ReplaceAll(k, []byte{0}, []byte(" | "))))
			return nil
		})
	})
	return keys, err
}
