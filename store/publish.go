package store

import (
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// The edition statuses of the data model.
const (
	statusDraft     = "draft"
	statusPublished = "published"
)

// SetEditionStatus publishes an edition or opens it for changes again. It
// is the one write a published edition accepts. Setting the status it
// already has writes nothing and returns the stored version.
func (db *DB) SetEditionStatus(ctx context.Context, year int, status string, ifVersion int64) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if status != statusDraft && status != statusPublished {
		msg := fmt.Sprintf("Status måste vara %q eller %q.", statusDraft, statusPublished)
		return 0, &kartlaggning.Error{Code: kartlaggning.EINVALID, Message: msg,
			Fields: []kartlaggning.FieldError{{Path: "status", Message: msg}}}
	}
	var version int64
	err := db.update(func(tx *bolt.Tx) error {
		yb, err := yearBucket(tx, year)
		if err != nil {
			return err
		}
		se, err := currentEdition(yb, ifVersion)
		if err != nil {
			return err
		}
		if se.ed.Status == status {
			version = se.version
			return nil
		}
		before := se.ed
		se.ed.Status = status
		if err := logEdition(ctx, yb, db.now(), "edition", &before, &se.ed); err != nil {
			return err
		}
		se.version++
		version = se.version
		if err := touch(tx, yb); err != nil {
			return err
		}
		return putEdition(yb, se)
	})
	if err != nil {
		return 0, err
	}
	return version, nil
}

// checkUnlocked refuses a write to a published edition.
func checkUnlocked(yb *bolt.Bucket, year int) error {
	se, err := readEdition(yb)
	if err != nil {
		return err
	}
	if se.ed.Status == statusPublished {
		return lockedError(year, "kan inte ändras")
	}
	return nil
}

// lockedError says that the edition is published and how to reopen it.
func lockedError(year int, what string) error {
	return kartlaggning.Errorf(kartlaggning.ECONFLICT,
		"Kartläggningen för %d är publicerad och %s. En administratör kan öppna den för ändringar igen "+
			"med knappen ”Öppna för ändringar igen” på kartläggningens sida (eller POST /api/v1/editions/%d/reopen).",
		year, what, year)
}
