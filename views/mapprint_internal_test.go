package views

import (
	"testing"
	"time"
)

// TestTooLargeMapsAreTriedAgain: a print map that timed out is left out
// for its revision for tooLargeRetry, then tried again (the machine may
// only have been busy), and at once in a later revision; entries past
// their time are dropped.
func TestTooLargeMapsAreTriedAgain(t *testing.T) {
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	tl := newTooLargeMaps(func() time.Time { return now })
	tl.add("2031|kommun-003", 7)
	if !tl.has("2031|kommun-003", 7) {
		t.Fatal("a map that just timed out is tried again at once")
	}
	if tl.has("2031|kommun-003", 8) {
		t.Error("a later revision does not try the map again")
	}
	if tl.has("2031|kommun-001", 7) {
		t.Error("another map is left out")
	}
	now = now.Add(tooLargeRetry - time.Second)
	if !tl.has("2031|kommun-003", 7) {
		t.Error("the map is tried again before tooLargeRetry")
	}
	now = now.Add(time.Second)
	if tl.has("2031|kommun-003", 7) {
		t.Errorf("the map is still left out after %v", tooLargeRetry)
	}
	tl.add("2031|kommun-001", 7)
	if _, kept := tl.m["2031|kommun-003"]; kept || len(tl.m) != 1 {
		t.Errorf("entries past their time are kept: %v", tl.m)
	}
}
