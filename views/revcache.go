package views

import (
	"fmt"
	"sync"

	"github.com/kartlaggning/kartlaggning/views/maps"
)

// revisionCache is a byte-bounded cache of what is drawn or rendered from
// an edition at one revision (maps, pages). Entries are grouped by
// q(year, revision); an edition's older groups are dropped as soon as a
// newer revision is seen: the LRU would get there, but later.
type revisionCache struct {
	*maps.Cache
	mu        sync.Mutex
	revisions map[int]uint64
}

func newRevisionCache(maxBytes int64) *revisionCache {
	return &revisionCache{Cache: maps.NewCache(maxBytes), revisions: map[int]uint64{}}
}

// advance notes that the edition of year is at rev, and forgets what was
// cached of its other revisions.
func (c *revisionCache) advance(year int, rev uint64) {
	c.mu.Lock()
	stale := c.revisions[year] != rev
	c.revisions[year] = rev
	c.mu.Unlock()
	if stale {
		c.Forget(fmt.Sprintf("%d|", year), q(year, rev))
	}
}

func q(year int, rev uint64) string { return fmt.Sprintf("%d|%d", year, rev) }
