package auth

import (
	"crypto/sha256"
	"fmt"
	"math"
	"sync"
	"time"
)

// MaxFailures is how many failed attempts an account, or an address, may
// have within the window; the records have room for exactly that many.
const MaxFailures = 5

// Limits configure a Throttle. DefaultLimits are those of the service.
type Limits struct {
	// Window is how long a failure counts.
	Window time.Duration
	// Delays[n] is how long after the latest failure the next attempt
	// may start when n failures count (n < MaxFailures; missing entries
	// are 0). From MaxFailures on, the next attempt waits until the
	// oldest failure leaves the window.
	Delays []time.Duration
	// MaxRecords bounds how many accounts and addresses are remembered.
	MaxRecords int
	// Sweep is how often expired records are dropped.
	Sweep time.Duration
	// Clock tells the sweeper the time; nil is time.Now.
	Clock func() time.Time
}

// DefaultLimits: the first two mistakes cost nothing, then 2 s, 10 s and
// 1 minute, and the fifth failure within 15 minutes blocks until the
// first leaves the window. A typo costs a person nothing, while locking
// someone else out takes a minute and a quarter of patient guessing and
// must be kept up to keep them out.
func DefaultLimits() Limits {
	return Limits{
		Window:     15 * time.Minute,
		Delays:     []time.Duration{0, 0, 2 * time.Second, 10 * time.Second, time.Minute},
		MaxRecords: 50_000,
		Sweep:      time.Minute,
	}
}

// Throttle slows down password guessing, per account and per address.
//
// An attempt reserves its place with Begin before the password is
// checked, and the reservation counts as a failure until Done reports a
// success: however many attempts arrive at once, no more than
// MaxFailures per window get as far as the password check.
//
// Keys are stored as hashes of fixed size and the number of records is
// bounded, so that the table's memory does not depend on what clients
// send; a sweeper drops expired records while there are any.
type Throttle struct {
	limits Limits

	mu      sync.Mutex
	records map[digest]*record
	nextID  uint64
	// fullSweep is when a full table was last swept.
	fullSweep time.Time
	// sweeping is true while the sweeper goroutine runs; it stops when
	// the table is empty, so an idle throttle holds no goroutine.
	sweeping bool
	closed   bool
	stop     chan struct{}
	done     chan struct{}
}

// digest is the stored form of a key: 128 bits of SHA-256 keep apart any
// keys anyone can find, at a fixed size whatever the key's length.
type digest [16]byte

// record holds the failures, and the reservations still in progress, of
// one account or address, oldest first.
type record struct {
	n    int
	at   [MaxFailures]int64 // unix nanoseconds
	ids  [MaxFailures]uint64
	open [MaxFailures]bool // still being checked
}

// NewThrottle returns a throttle with the DefaultLimits.
func NewThrottle() *Throttle { return NewThrottleWith(DefaultLimits()) }

// NewThrottleWith returns a throttle with the limits.
func NewThrottleWith(l Limits) *Throttle {
	if l.Clock == nil {
		l.Clock = time.Now
	}
	if l.Sweep <= 0 {
		l.Sweep = time.Minute
	}
	return &Throttle{limits: l, records: map[digest]*record{}, stop: make(chan struct{})}
}

// Attempt is a reserved login attempt; report how it went with Done.
type Attempt struct {
	t    *Throttle
	keys []digest
	id   uint64
	once sync.Once
}

// Begin reserves an attempt for the account and the address before the
// password is checked. If either must wait, it reserves nothing and
// returns how long the longer wait is.
//
// A table that is full refuses attempts that would need a new record
// (with the time until the next sweep) rather than evict one: evicting
// would let an attacker wipe a victim's failures by flooding the table
// with new addresses and accounts, and then guess on. Filling the table
// takes MaxRecords accounts or addresses with failures within the window
// (an address may add at most MaxFailures accounts), and only blocks
// newcomers until the records expire.
func (t *Throttle) Begin(now time.Time, account, address string) (*Attempt, time.Duration) {
	keys := []digest{hashKey('a', account), hashKey('i', address)}
	t.mu.Lock()
	defer t.mu.Unlock()
	var wait time.Duration
	missing := 0
	for _, k := range keys {
		r := t.records[k]
		if r == nil {
			missing++
			continue
		}
		r.expire(now, t.limits.Window)
		wait = max(wait, t.wait(r, now))
	}
	if wait > 0 {
		return nil, wait
	}
	if len(t.records)+missing > t.limits.MaxRecords {
		// A full table is swept at once, but at most once a second: a
		// flood must not make every attempt walk the whole table.
		if now.Sub(t.fullSweep) >= time.Second || now.Before(t.fullSweep) {
			t.fullSweep = now
			t.sweepLocked(now)
		}
		if len(t.records)+missing > t.limits.MaxRecords {
			return nil, t.limits.Sweep
		}
	}
	t.nextID++
	a := &Attempt{t: t, keys: keys, id: t.nextID}
	for _, k := range keys {
		r := t.records[k]
		if r == nil {
			r = &record{}
			t.records[k] = r
		}
		r.add(now.UnixNano(), a.id)
	}
	t.startSweeper()
	return a, 0
}

// Done reports whether the password was right. A failure leaves the
// reservation counting. A success withdraws it and forgets the account's
// finished failures (the person has shown they know the password), but
// neither the attempts still being checked, which would let a racing
// guess go uncounted, nor the address's failures: a success on one's own
// account must not wipe the record of guesses at others from the same
// address. Only the first call counts.
func (a *Attempt) Done(ok bool) {
	if a == nil {
		return
	}
	a.once.Do(func() {
		t := a.t
		t.mu.Lock()
		defer t.mu.Unlock()
		for i, k := range a.keys {
			r := t.records[k]
			if r == nil {
				continue
			}
			r.finish(a.id, ok)
			if ok && i == 0 {
				r.keepOpen()
			}
			if r.n == 0 {
				delete(t.records, k)
			}
		}
	})
}

// wait is how long the next attempt for r must wait; the caller holds mu.
func (t *Throttle) wait(r *record, now time.Time) time.Duration {
	if r.n == 0 {
		return 0
	}
	var until int64
	if r.n >= MaxFailures {
		until = r.at[0] + int64(t.limits.Window)
	} else if r.n < len(t.limits.Delays) {
		until = r.at[r.n-1] + int64(t.limits.Delays[r.n])
	}
	return max(0, time.Duration(until-now.UnixNano()))
}

func (r *record) add(at int64, id uint64) {
	// Begin has made room: a full record makes the key wait.
	r.at[r.n], r.ids[r.n], r.open[r.n] = at, id, true
	r.n++
}

// finish closes the reservation id: a failure stays, a success goes.
func (r *record) finish(id uint64, ok bool) {
	r.filter(func(i int) bool {
		if r.ids[i] != id {
			return true
		}
		r.open[i] = false
		return !ok
	})
}

// keepOpen drops the finished failures, keeping reservations in progress.
func (r *record) keepOpen() { r.filter(func(i int) bool { return r.open[i] }) }

// expire drops the failures that have left the window.
func (r *record) expire(now time.Time, window time.Duration) {
	cut := now.Add(-window).UnixNano()
	r.filter(func(i int) bool { return r.at[i] > cut })
}

// filter keeps the entries for which keep is true, in order.
func (r *record) filter(keep func(i int) bool) {
	n := 0
	for i := 0; i < r.n; i++ {
		if keep(i) {
			r.at[n], r.ids[n], r.open[n] = r.at[i], r.ids[i], r.open[i]
			n++
		}
	}
	r.n = n
}

func hashKey(kind byte, key string) digest {
	h := sha256.New()
	h.Write([]byte{kind, 0})
	h.Write([]byte(key))
	var d digest
	copy(d[:], h.Sum(nil))
	return d
}

// Sweep drops the records whose failures have all left the window.
func (t *Throttle) Sweep(now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sweepLocked(now)
}

func (t *Throttle) sweepLocked(now time.Time) {
	for k, r := range t.records {
		r.expire(now, t.limits.Window)
		if r.n == 0 {
			delete(t.records, k)
		}
	}
}

// Len reports how many accounts and addresses the throttle remembers.
func (t *Throttle) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.records)
}

// startSweeper starts the sweeper unless it runs; the caller holds mu.
func (t *Throttle) startSweeper() {
	if t.sweeping || t.closed {
		return
	}
	t.sweeping = true
	t.done = make(chan struct{})
	go t.sweeper(t.done)
}

// sweeper sweeps on a timer until the table is empty or Close is called.
func (t *Throttle) sweeper(done chan struct{}) {
	defer close(done)
	tick := time.NewTicker(t.limits.Sweep)
	defer tick.Stop()
	for {
		select {
		case <-t.stop:
			return
		case <-tick.C:
		}
		t.mu.Lock()
		t.sweepLocked(t.limits.Clock())
		empty := len(t.records) == 0
		if empty {
			t.sweeping = false
		}
		t.mu.Unlock()
		if empty {
			return
		}
	}
}

// Close stops the sweeper and waits for it. The throttle still works
// afterwards, without sweeping: full records are then dropped only when
// their keys come back or the table fills.
func (t *Throttle) Close() {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return
	}
	t.closed = true
	close(t.stop)
	done := t.done
	t.mu.Unlock()
	if done != nil {
		<-done
	}
}

// WaitText says in Swedish how long to wait, rounded up: "1 sekund",
// "10 sekunder", "3 minuter".
func WaitText(d time.Duration) string {
	if s := int(math.Ceil(d.Seconds())); s < 60 {
		s = max(s, 1)
		if s == 1 {
			return "1 sekund"
		}
		return fmt.Sprintf("%d sekunder", s)
	}
	if m := int(math.Ceil(d.Minutes())); m != 1 {
		return fmt.Sprintf("%d minuter", m)
	}
	return "1 minut"
}
