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

// FileBucketPaths lists every bucket of a closed file, nested ones as
// "editions/2019/units", in key order.
func FileBucketPaths(path string) (paths []string, err error) {
	var walk func(prefix string, b *bolt.Bucket) error
	walk = func(prefix string, b *bolt.Bucket) error {
		return b.ForEachBucket(func(name []byte) error {
			p := prefix + "/" + string(name)
			paths = append(paths, p)
			return walk(p, b.Bucket(name))
		})
	}
	err = withFile(path, func(bdb *bolt.DB) error {
		return bdb.View(func(tx *bolt.Tx) error {
			return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
				paths = append(paths, string(name))
				return walk(string(name), b)
			})
		})
	})
	return paths, err
}

// FileLogValues returns the stored values of an edition's change log in
// a closed file, oldest first.
func FileLogValues(path string, year int) (values []string, err error) {
	err = withFile(path, func(bdb *bolt.DB) error {
		return bdb.View(func(tx *bolt.Tx) error {
			log := getBucket(tx, editionsBucket, yearKey(year), auditBucket)
			if log == nil {
				return nil
			}
			return log.ForEach(func(_, v []byte) error {
				values = append(values, string(v))
				return nil
			})
		})
	})
	return values, err
}
