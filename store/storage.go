package store

import (
	"errors"
	"fmt"
	"strings"
	"syscall"

	bolt "go.etcd.io/bbolt"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// update runs fn in a write transaction and says so plainly when the disk
// refused the write. Every exported write goes through here.
func (db *DB) update(fn func(*bolt.Tx) error) error {
	return storageError(db.bolt.Update(fn))
}

// storageRefusals are the errors with which the system refuses a write
// that the user can do nothing about but wait or call the operator, each
// with the reason in words.
var storageRefusals = []struct {
	errno syscall.Errno
	why   string
}{
	{syscall.ENOSPC, "disken är full"},
	{syscall.EDQUOT, "tjänstens diskkvot är slut"},
	{syscall.EFBIG, "databasfilen har nått den största storlek som servern tillåter"},
	{syscall.EROFS, "disken är skrivskyddad"},
}

// storageError turns a refusal by the disk into ESTORAGE, keeping the
// cause in the chain for the log. bbolt rolls back a commit that fails,
// so the message can promise that nothing was saved.
func storageError(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := kartlaggning.AsError(err); ok {
		return err
	}
	for _, r := range storageRefusals {
		if errors.Is(err, r.errno) || flattened(err, r.errno) {
			e := kartlaggning.Errorf(kartlaggning.ESTORAGE, "Servern kunde inte spara: %s. Inget av det du skickade "+
				"har sparats; försök igen senare eller kontakta den som sköter tjänsten.", r.why)
			return fmt.Errorf("%w (%w)", e, err)
		}
	}
	return err
}

// flattened reports whether err ends in errno's text. bbolt formats the
// error of growing the file with %s ("file resize error: truncate …: file
// too large"), which drops the chain that errors.Is would follow.
func flattened(err error, errno syscall.Errno) bool {
	return strings.HasSuffix(err.Error(), ": "+errno.Error())
}
