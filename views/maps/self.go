package maps

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

var selfWorker atomic.Bool

// MarkSelfWorker records that this executable turns into a render worker
// when started with WorkerEnv set (worker.RunIfChild calls it).
func MarkSelfWorker() { selfWorker.Store(true) }

var (
	defaultOnce sync.Once
	defaultPool Renderer
)

// ErrNoWorkers is returned when maps are asked for in a process that
// cannot start render workers.
var ErrNoWorkers = errors.New("maps: no render workers are configured")

// Default returns the renderer of a server that was given none: a pool of
// this executable's own worker processes, shared by the whole process, if
// it can serve as one. A binary that cannot would run its own main in the
// child, so it gets a renderer that refuses instead.
func Default() Renderer {
	defaultOnce.Do(func() {
		if selfWorker.Load() {
			defaultPool = NewPool(PoolConfig{})
		} else {
			defaultPool = refuse{}
		}
	})
	return defaultPool
}

type refuse struct{}

func (refuse) Render(context.Context, []byte, Format) ([]byte, error) { return nil, ErrNoWorkers }
