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

// ErrTooSlow is returned when a render passed its time limit and was
// stopped.
var ErrTooSlow = errors.New("maps: the render passed its time limit and was stopped")

// TooSlowError says how long the render was allowed.
type TooSlowError struct{ Limit time.Duration }

func (e *TooSlowError) Error() string { return fmt.Sprintf("%v (%v)", ErrTooSlow, e.Limit) }
func (e *TooSlowError) Unwrap() error { return ErrTooSlow }

// Engines are the layouts a worker runs; anything else is refused.
var Engines = map[string]bool{"dot": true, "neato": true, "fdp": true, "sfdp": true, "circo": true, "twopi": true}
