package maps

import (
	"context"
	"errors"
)

// ErrNoWorkers is returned by a renderer that has no render workers.
var ErrNoWorkers = errors.New("maps: no render workers are configured")

// NoRenderer is the renderer of a server built without maps: it refuses
// every render with ErrNoWorkers.
var NoRenderer Renderer = noRenderer{}

type noRenderer struct{}

func (noRenderer) Render(context.Context, []byte, Format) ([]byte, error) { return nil, ErrNoWorkers }
