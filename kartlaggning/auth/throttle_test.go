package auth_test

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
)

var t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// noDelays keeps only the bound of MaxFailures per window.
func noDelays() auth.Limits {
	l := auth.DefaultLimits()
	l.Delays = nil
	return l
}

// race sends n attempts for one account from one address at the same
// instant, each checked (slowly, as bcrypt is) while the others arrive;
// right says which attempt has the right password. It returns how many
// got past the throttle, and whether the right one did.
func race(th *auth.Throttle, n, right int) (passed int, rightPassed bool) {
	var wg sync.WaitGroup
	var count atomic.Int32
	var rightOK atomic.Bool
	gate := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-gate
			a, wait := th.Begin(t0, "chef@forbundet.se", "192.0.2.7")
			if wait > 0 {
				return
			}
			count.Add(1)
			time.Sleep(10 * time.Millisecond) // the password check
			a.Done(i == right)
			if i == right {
				rightOK.Store(true)
			}
		}()
	}
	close(gate)
	wg.Wait()
	return int(count.Load()), rightOK.Load()
}

// 200 attempts at once: exactly MaxFailures pass the gate, however the
// goroutines interleave, since each reserves its place before the check.
func TestThrottleConcurrent(t *testing.T) {
	for range 5 {
		th := auth.NewThrottleWith(noDelays())
		passed, _ := race(th, 200, -1)
		th.Close()
		if passed != auth.MaxFailures {
			t.Fatalf("%d of 200 concurrent wrong attempts passed the throttle, want %d", passed, auth.MaxFailures)
		}
	}
	// With the default delays only the two that cost nothing pass at once.
	th := auth.NewThrottle()
	defer th.Close()
	if passed, _ := race(th, 200, 199); passed != 2 {
		t.Errorf("%d of 200 concurrent attempts passed the default throttle, want 2", passed)
	}
}

// A success withdraws its own reservation and forgets the account's
// failures, but not the address's, nor the attempts still in progress.
func TestThrottleSuccess(t *testing.T) {
	th := auth.NewThrottleWith(noDelays())
	defer th.Close()
	for range 3 {
		a, _ := th.Begin(t0, "a@x.se", "192.0.2.7")
		a.Done(false)
	}
	racing, _ := th.Begin(t0, "a@x.se", "198.51.100.1") // a guess from elsewhere, still being checked
	a, wait := th.Begin(t0, "a@x.se", "192.0.2.7")
	if wait > 0 {
		t.Fatalf("the fifth attempt waits %v", wait)
	}
	a.Done(true)
	a.Done(false) // only the first report counts
	// The address keeps its 3 failures: two more attempts, then it waits.
	for i := range 2 {
		b, wait := th.Begin(t0, fmt.Sprintf("annan%d@x.se", i), "192.0.2.7")
		if wait > 0 {
			t.Fatalf("attempt %d from the address after a success waits %v", i, wait)
		}
		b.Done(false)
	}
	if _, wait := th.Begin(t0, "tredje@x.se", "192.0.2.7"); wait != 15*time.Minute {
		t.Errorf("the address after 5 failures: wait %v, want 15m", wait)
	}
	// The account forgot its 3 finished failures but not the racing one.
	racing.Done(false)
	for i := range 4 {
		b, wait := th.Begin(t0, "a@x.se", fmt.Sprintf("203.0.113.%d", i))
		if wait > 0 {
			t.Fatalf("attempt %d at the account after a success waits %v", i, wait)
		}
		b.Done(false)
	}
	if _, wait := th.Begin(t0, "a@x.se", "203.0.113.99"); wait == 0 {
		t.Error("the account's sixth failure in the window (one raced the success) was let through")
	}
}

// The delays grow with each failure (0, 0, 2 s, 10 s, 1 min), and the
// fifth failure blocks until the first leaves the 15-minute window.
func TestThrottleProgressive(t *testing.T) {
	th := auth.NewThrottle()
	defer th.Close()
	at := t0
	steps := []struct {
		after time.Duration // since the previous failure
		wait  time.Duration // the wait that attempt is told
	}{
		{0, 0}, {0, 0}, {0, 2 * time.Second}, {2 * time.Second, 0}, {3 * time.Second, 7 * time.Second},
		{10 * time.Second, 0}, {59 * time.Second, time.Second}, {time.Minute, 0},
		// 5 failures in 72 s: blocked until the first is 15 minutes old.
		{time.Minute, 15*time.Minute - 72*time.Second - time.Minute},
	}
	last := t0
	for i, s := range steps {
		at = last.Add(s.after)
		a, wait := th.Begin(at, "a@x.se", "192.0.2.7")
		if wait != s.wait {
			t.Fatalf("step %d (%v after the previous failure): wait %v, want %v", i, s.after, wait, s.wait)
		}
		if wait == 0 {
			a.Done(false)
			last = at
		}
	}
	// Once the two first failures leave the window, the next guess may be
	// made at once, and the one after waits a minute again: to keep an
	// account locked an attacker has to keep guessing.
	at = t0.Add(15 * time.Minute)
	a, wait := th.Begin(at, "a@x.se", "192.0.2.7")
	if wait != 0 {
		t.Fatalf("after the first failures left the window: wait %v", wait)
	}
	a.Done(false)
	if _, wait := th.Begin(at, "a@x.se", "192.0.2.7"); wait != time.Minute {
		t.Errorf("four failures in the window again: wait %v, want 1m", wait)
	}
	// Another account from another address is not affected.
	if _, wait := th.Begin(at, "b@x.se", "198.51.100.1"); wait != 0 {
		t.Errorf("another account and address: wait %v", wait)
	}
}

func TestWaitText(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{300 * time.Millisecond, "1 sekund"},
		{2 * time.Second, "2 sekunder"},
		{9100 * time.Millisecond, "10 sekunder"},
		{59 * time.Second, "59 sekunder"},
		{time.Minute, "1 minut"},
		{61 * time.Second, "2 minuter"},
		{13*time.Minute + 48*time.Second, "14 minuter"},
	} {
		if got := auth.WaitText(tc.d); got != tc.want {
			t.Errorf("WaitText(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

// 100,000 distinct accounts and addresses, each with a long key: the
// table keeps at most MaxRecords fixed-size records, its memory stays
// bounded, and a flood cannot push out a victim's failures.
func TestThrottleBoundedMemory(t *testing.T) {
	l := auth.DefaultLimits()
	l.Clock = func() time.Time { return t0 } // the sweeper's time is the test's
	th := auth.NewThrottleWith(l)
	defer th.Close()
	for range auth.MaxFailures {
		a, _ := th.Begin(t0, "offer@x.se", "192.0.2.7")
		a.Done(false)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	long := strings.Repeat("x", 1<<10)
	refused := 0
	for i := range 100_000 {
		at := t0.Add(time.Duration(i) * time.Millisecond)
		a, wait := th.Begin(at, fmt.Sprintf("%d-%s@x.se", i, long), fmt.Sprintf("10.%d.%d.%d/%s", i>>16, i>>8&255, i&255, long))
		if wait > 0 {
			refused++
			continue
		}
		a.Done(false)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	grew := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d records, %d attempts refused while full, heap grew %.1f MiB", th.Len(), refused, float64(grew)/(1<<20))
	if th.Len() > l.MaxRecords {
		t.Errorf("%d records, want at most %d", th.Len(), l.MaxRecords)
	}
	if grew > 16<<20 {
		t.Errorf("the heap grew %.1f MiB for 100,000 keys of 1 KiB, want under 16 MiB", float64(grew)/(1<<20))
	}
	if refused == 0 {
		t.Error("a full table took every new key")
	}
	if _, wait := th.Begin(t0.Add(2*time.Minute), "offer@x.se", "198.51.100.1"); wait == 0 {
		t.Error("the flood pushed out the victim's failures")
	}
}

// The sweeper drops records once their failures leave the window, and
// stops when the table is empty or the throttle is closed.
func TestThrottleSweeper(t *testing.T) {
	goroutines := runtime.NumGoroutine()
	var clock atomic.Int64
	clock.Store(t0.UnixNano())
	l := auth.DefaultLimits()
	l.Sweep = 5 * time.Millisecond
	l.Clock = func() time.Time { return time.Unix(0, clock.Load()) }
	th := auth.NewThrottleWith(l)
	defer th.Close()
	for i := range 10 {
		a, _ := th.Begin(t0, fmt.Sprintf("%d@x.se", i), fmt.Sprintf("192.0.2.%d", i))
		a.Done(false)
	}
	if th.Len() != 20 {
		t.Fatalf("%d records, want 20", th.Len())
	}
	time.Sleep(50 * time.Millisecond)
	if th.Len() != 20 {
		t.Fatalf("%d records within the window, want 20", th.Len())
	}
	clock.Store(t0.Add(15*time.Minute + time.Second).UnixNano())
	deadline := time.Now().Add(5 * time.Second)
	for th.Len() > 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if th.Len() != 0 {
		t.Fatalf("%d records after the window, want 0", th.Len())
	}
	// With the table empty the sweeper has stopped: no goroutine is left.
	for runtime.NumGoroutine() > goroutines && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > goroutines {
		t.Errorf("%d goroutines after the table emptied, %d before", n, goroutines)
	}
	// Close stops a running sweeper and waits for it.
	a, _ := th.Begin(time.Unix(0, clock.Load()), "x@x.se", "192.0.2.1")
	a.Done(false)
	th.Close()
	if n := runtime.NumGoroutine(); n > goroutines {
		t.Errorf("%d goroutines after Close, %d before", n, goroutines)
	}
}
