package views

import (
	"context"
	"sync"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// snapshots keeps the latest indexed export of each edition, keyed by its
// revision, so that summaries, analyses and maps do not read the whole
// edition on every request. Any write gives the edition a new revision,
// which makes the next request build a fresh snapshot.
type snapshots struct {
	mu      sync.Mutex
	byYear  map[int]*snapshot
	loading map[int]*sync.Mutex // one export per year at a time
}

type snapshot struct {
	revision uint64
	index    *kartlaggning.Index
}

// Snapshot returns an index of the edition as it is now, and its revision.
// The index is shared: callers must not change it.
func (s *Server) Snapshot(ctx context.Context, year int) (*kartlaggning.Index, uint64, error) {
	rev, err := s.Store.Revision(ctx, year)
	if err != nil {
		return nil, 0, err
	}
	c := &s.snapshots
	c.mu.Lock()
	if c.byYear == nil {
		c.byYear, c.loading = map[int]*snapshot{}, map[int]*sync.Mutex{}
	}
	if snap := c.byYear[year]; snap != nil && snap.revision == rev {
		c.mu.Unlock()
		return snap.index, rev, nil
	}
	load := c.loading[year]
	if load == nil {
		load = &sync.Mutex{}
		c.loading[year] = load
	}
	c.mu.Unlock()

	// Requests that miss together wait for one export instead of each
	// reading the whole edition.
	load.Lock()
	defer load.Unlock()
	c.mu.Lock()
	if snap := c.byYear[year]; snap != nil && snap.revision >= rev {
		c.mu.Unlock()
		return snap.index, snap.revision, nil
	}
	c.mu.Unlock()
	// A write between Revision and Export makes the snapshot newer than
	// rev, never older; the next request sees the new revision and loads.
	doc, err := s.Store.Export(ctx, year)
	if err != nil {
		return nil, 0, err
	}
	snap := &snapshot{revision: rev, index: kartlaggning.NewIndex(doc)}
	c.mu.Lock()
	c.byYear[year] = snap
	c.mu.Unlock()
	return snap.index, rev, nil
}
