package store

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

var _ kartlaggning.Store = (*DB)(nil)

// Top-level buckets and the keys of meta.
var (
	metaBucket     = []byte("meta")
	editionsBucket = []byte("editions")
	schemaKey      = []byte("schema_version")
)

// lockTimeout bounds the wait for bbolt's file lock: another process that
// holds the file will not let go, so fail fast with a message that says so.
const lockTimeout = time.Second

// maxBatchDelay is how long a write in bbolt's Batch (SaveResponse) waits
// for others to share its commit. bbolt's 10 ms made a lone save take
// 14 ms at the median instead of 3; at 2 ms it still gathers a crowd:
// while one batch commits, the next fills up.
const maxBatchDelay = 2 * time.Millisecond

// DB is a kartlaggning.Store in one bbolt file. Its methods are safe for
// concurrent use: bbolt runs one writer at a time beside any readers.
type DB struct {
	bolt *bolt.DB
	path string
	now  func() time.Time
}

// Options change how OpenWith opens a database; the zero value is what
// Open uses.
type Options struct {
	// Now is the clock that stamps the change log; nil means time.Now.
	// Tests set it so that the times they check do not depend on when
	// they run.
	Now func() time.Time
}

// Open opens or creates the database file at path and runs the pending
// migrations. It fails if another process has the file open, or if the
// file was written by a newer version of the program.
func Open(path string) (*DB, error) { return OpenWith(path, Options{}) }

// OpenWith is Open with options.
func OpenWith(path string, opts Options) (*DB, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	bdb, err := bolt.Open(path, 0600, &bolt.Options{Timeout: lockTimeout})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, &LockedError{Path: path, err: err}
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %q: %w", path, storageError(err))
	}
	if err := bdb.Update(func(tx *bolt.Tx) error { return migrate(tx, len(migrations)) }); err != nil {
		bdb.Close()
		return nil, fmt.Errorf("store: %q: %w", path, storageError(err))
	}
	bdb.MaxBatchDelay = maxBatchDelay
	return &DB{bolt: bdb, path: path, now: opts.Now}, nil
}

// Close closes the file and releases its lock.
func (db *DB) Close() error { return db.bolt.Close() }

// Path returns the file the database was opened from.
func (db *DB) Path() string { return db.path }

// Backup writes a consistent copy of the whole file to w while readers and
// writers go on. size, if not nil, is called with the copy's length before
// the first byte is written (for a Content-Length header).
func (db *DB) Backup(w io.Writer, size func(int64)) (int64, error) {
	var n int64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if size != nil {
			size(tx.Size())
		}
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// LockedError says that another process holds the database file.
type LockedError struct {
	Path string
	err  error
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("databasen %q används redan av en annan process (is another kartlaggning running?)", e.Path)
}

// Unwrap returns bbolt's timeout error.
func (e *LockedError) Unwrap() error { return e.err }

// migrations bring the file from one schema version to the next:
// migrations[i] turns version i into version i+1. Append only; never edit
// one that has shipped.
var migrations = []func(tx *bolt.Tx) error{
	createTopBuckets,       // 1
	createAccountBuckets,   // 2: users, sessions, tokens
	createAuditBuckets,     // 3: every edition's audit and audit_idx up front
	createSurveyBucketsAll, // 4: enkäter: every edition's surveys tree, invitation_hashes
}

// createTopBuckets makes the buckets that every later version assumes.
func createTopBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{metaBucket, editionsBucket} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}

// migrate runs the migrations from the file's version up to target and
// records the new version. A file newer than target is refused: this
// program would not know how to read or keep up what the newer one wrote.
func migrate(tx *bolt.Tx, target int) error {
	version, err := schemaVersion(tx)
	if err != nil {
		return err
	}
	if version > uint64(len(migrations)) {
		return fmt.Errorf("databasen har schemaversion %d men det här programmet känner bara till version %d "+
			"(the database was written by a newer kartlaggning; upgrade the program)", version, len(migrations))
	}
	if version >= uint64(target) {
		return nil
	}
	for v := version; v < uint64(target); v++ {
		if err := migrations[v](tx); err != nil {
			return fmt.Errorf("migration %d: %w", v+1, err)
		}
	}
	meta, err := tx.CreateBucketIfNotExists(metaBucket)
	if err != nil {
		return err
	}
	return meta.Put(schemaKey, strconv.AppendUint(nil, uint64(target), 10))
}

// schemaVersion reads the file's version; a new, empty file is version 0.
func schemaVersion(tx *bolt.Tx) (uint64, error) {
	meta := tx.Bucket(metaBucket)
	if meta == nil {
		return 0, nil
	}
	raw := meta.Get(schemaKey)
	if raw == nil {
		return 0, nil
	}
	v, err := strconv.ParseUint(string(raw), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("store: bad schema version %q: %w", raw, err)
	}
	return v, nil
}
