package maps

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Format is what a render produces. Only formats that go-graphviz renders
// correctly are allowed: pdf and others fail with a misleading error that
// also breaks the next render, and its png is drawn wrong (we rasterise
// the SVG instead).
type Format string

const (
	SVG Format = "svg"
	PNG Format = "png"
)

// ParseFormat accepts svg and png.
func ParseFormat(s string) (Format, bool) {
	switch Format(s) {
	case SVG, PNG:
		return Format(s), true
	}
	return "", false
}

// Renderer lays out DOT and draws it. Implementations must be safe for
// concurrent use.
type Renderer interface {
	Render(ctx context.Context, dot []byte, format Format) ([]byte, error)
}

// ErrTimeout is returned (in a *TimeoutError) when a render passed its
// time limit and was stopped, for whatever reason: a hung or starved
// worker as much as a large map.
var ErrTimeout = errors.New("maps: the render passed its time limit and was stopped")

// ErrTooLarge is returned (in a *TimeoutError, beside ErrTimeout) when the
// worker spent the time limit computing (or waiting for a CPU to compute
// on): the map itself is too large to draw in time, and trying again will
// not help.
var ErrTooLarge = errors.New("maps: the map is too large to draw in time")

// ErrWorkerFailed is returned when the worker died or broke down during a
// render, and again on the one retry with a fresh worker.
var ErrWorkerFailed = errors.New("maps: the render worker failed")

// TimeoutError says how long the render was allowed and how long its
// worker was busy with it: running, or ready to run but waiting for a CPU
// (0 where that cannot be read).
type TimeoutError struct {
	Limit time.Duration
	Busy  time.Duration
}

func (e *TimeoutError) Error() string {
	if e.TooLarge() {
		return fmt.Sprintf("%v (%v, the worker was busy for %v)", ErrTooLarge, e.Limit, e.Busy.Round(time.Millisecond))
	}
	return fmt.Sprintf("%v (%v; the worker was busy for only %v)", ErrTimeout, e.Limit, e.Busy.Round(time.Millisecond))
}

// TooLarge reports whether the worker was busy for at least half the
// limit. A stopped or hung worker is busy for almost none of it: then the
// map is not to blame.
func (e *TimeoutError) TooLarge() bool { return e.Busy >= e.Limit/2 }

func (e *TimeoutError) Unwrap() []error {
	if e.TooLarge() {
		return []error{ErrTooLarge, ErrTimeout}
	}
	return []error{ErrTimeout}
}

// Engines are the layouts a worker runs; anything else is refused.
var Engines = map[string]bool{"dot": true, "neato": true, "fdp": true, "sfdp": true, "circo": true, "twopi": true}
