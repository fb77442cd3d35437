package kartlaggning

import (
	"context"
	"io"
)

// EditionInfo summarises an edition for lists.
type EditionInfo struct {
	Year   int    `json:"year"`
	Title  string `json:"title"`
	Status string `json:"status"`
	// Demo marks the example edition a new installation starts with.
	Demo bool `json:"demo,omitempty"`
}

// Versioned is an entity with the version the store holds for it. Versions
// start at 1 and grow by one with every write: they are the ETags of the
// API and the hidden field of edit forms.
type Versioned struct {
	Entity  Entity
	Version int64
}

// AnyVersion, given as ifVersion, writes whatever version is stored.
const AnyVersion int64 = 0

// Store keeps editions. Every method is one transaction: a write either
// happens whole or not at all. Errors are *Error with a code.
type Store interface {
	Accounts
	History

	// Editions lists every edition, newest year first.
	Editions(ctx context.Context) ([]EditionInfo, error)
	// Edition returns an edition's metadata and version.
	Edition(ctx context.Context, year int) (Edition, int64, error)
	// Revision changes with every write to the edition and never repeats:
	// caches of maps and analyses key on (year, revision).
	Revision(ctx context.Context, year int) (uint64, error)
	// CreateEdition starts an empty edition (ECONFLICT if the year exists).
	CreateEdition(ctx context.Context, ed Edition) (int64, error)
	// UpdateEdition replaces an edition's metadata; the year cannot change.
	UpdateEdition(ctx context.Context, ed Edition, ifVersion int64) (int64, error)
	// DeleteEdition removes an edition with everything in it.
	DeleteEdition(ctx context.Context, year int, ifVersion int64) error
	// SetEditionStatus publishes an edition (status "published") or opens
	// it for changes again ("draft"). A published edition is locked: every
	// other write to it is ECONFLICT, so this is the one way to reopen it.
	// It returns the edition's version.
	SetEditionStatus(ctx context.Context, year int, status string, ifVersion int64) (int64, error)

	// Import validates doc and stores it as its edition, all or nothing.
	// An existing year is ECONFLICT unless replace is set; a published one
	// is ECONFLICT even then.
	Import(ctx context.Context, doc *Document, replace bool) (Counts, error)
	// ImportDemo imports the example edition, marked as such, but only into
	// a database that has never held an edition; it reports whether it did.
	ImportDemo(ctx context.Context, doc *Document) (bool, error)
	// Export returns an edition as a document, entities in the order they
	// were imported or created.
	Export(ctx context.Context, year int) (*Document, error)

	// List returns the entities of one kind, in document order.
	List(ctx context.Context, year int, kind Kind) ([]Versioned, error)
	// Get returns one entity (ENOTFOUND if there is none).
	Get(ctx context.Context, year int, kind Kind, id string) (Versioned, error)
	// Create validates and adds an entity (ECONFLICT if the id is taken).
	Create(ctx context.Context, year int, e Entity) (int64, error)
	// Update validates and replaces an entity; EPRECONDITION if ifVersion
	// is not AnyVersion and not the stored version.
	Update(ctx context.Context, year int, e Entity, ifVersion int64) (int64, error)
	// Delete removes an entity; ECONFLICT, naming the referrers, if other
	// entities refer to it. A forum's members go with the forum.
	Delete(ctx context.Context, year int, kind Kind, id string, ifVersion int64) error
	// Backup writes a consistent copy of the whole database to w while
	// others read and write; size, if not nil, gets its length first.
	Backup(w io.Writer, size func(int64)) (int64, error)
	// SetReviews sets the påseende state of several units at once.
	SetReviews(ctx context.Context, year int, ids []string, r Review) error
	// Referrers lists the entities that refer to r, each with the field.
	Referrers(ctx context.Context, year int, r Ref) ([]Referrer, error)
}
