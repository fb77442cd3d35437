package maps

import (
	"container/list"
	"sync"
)

// Cache keeps rendered maps, least recently used first out, within a byte
// budget. Keys carry the edition's revision, so a write makes every older
// map unreachable; Forget drops an edition's stale maps at once. Callers
// that miss together wait for one render.
type Cache struct {
	mu      sync.Mutex
	max     int64
	size    int64
	order   *list.List // of *entry, most recent at the front
	entries map[string]*list.Element
	flights map[string]*flight
	hits    int64
	misses  int64
}

type entry struct {
	key   string
	group string
	data  []byte
}

type flight struct {
	done chan struct{}
	data []byte
	err  error
}

// NewCache returns a cache holding at most maxBytes of maps.
func NewCache(maxBytes int64) *Cache {
	return &Cache{max: maxBytes, order: list.New(), entries: map[string]*list.Element{}, flights: map[string]*flight{}}
}

// Get returns the map under key, calling fill on a miss. group names the
// edition and revision the key belongs to (see Forget). Errors are not
// cached.
func (c *Cache) Get(group, key string, fill func() ([]byte, error)) ([]byte, error) {
	c.mu.Lock()
	if el, ok := c.entries[key]; ok {
		c.order.MoveToFront(el)
		c.hits++
		data := el.Value.(*entry).data
		c.mu.Unlock()
		return data, nil
	}
	if f, ok := c.flights[key]; ok {
		c.mu.Unlock()
		<-f.done
		return f.data, f.err
	}
	c.misses++
	f := &flight{done: make(chan struct{})}
	c.flights[key] = f
	c.mu.Unlock()

	f.data, f.err = fill()
	c.mu.Lock()
	delete(c.flights, key)
	if f.err == nil {
		c.add(group, key, f.data)
	}
	c.mu.Unlock()
	close(f.done)
	return f.data, f.err
}

func (c *Cache) add(group, key string, data []byte) {
	n := int64(len(data))
	if n > c.max {
		return
	}
	c.entries[key] = c.order.PushFront(&entry{key: key, group: group, data: data})
	c.size += n
	for c.size > c.max {
		c.remove(c.order.Back())
	}
}

func (c *Cache) remove(el *list.Element) {
	e := el.Value.(*entry)
	c.order.Remove(el)
	delete(c.entries, e.key)
	c.size -= int64(len(e.data))
}

// Forget drops every map whose group starts with prefix but is not keep:
// the maps of an edition's older revisions.
func (c *Cache) Forget(prefix, keep string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for el := c.order.Front(); el != nil; {
		next := el.Next()
		if g := el.Value.(*entry).group; g != keep && len(g) >= len(prefix) && g[:len(prefix)] == prefix {
			c.remove(el)
		}
		el = next
	}
}

// CacheStats are a cache's counters.
type CacheStats struct {
	Entries      int
	Bytes        int64
	Hits, Misses int64
}

// Stats returns the cache's counters.
func (c *Cache) Stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Entries: len(c.entries), Bytes: c.size, Hits: c.hits, Misses: c.misses}
}
