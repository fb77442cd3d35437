package wasm

import (
	"context"
	"fmt"
	"sync"
)

// Patched: upstream compiles the WebAssembly module in an init function,
// so every program that links go-graphviz pays for it (seconds of CPU and
// tens of MiB) and trusts a compilation cache in the shared temporary
// directory. Load does the same work on demand instead.

var loadMu sync.Mutex

// Load compiles and instantiates the module once per process, caching the
// machine code under cacheDir ("" for no cache). After an error nothing
// is loaded and Load may be called again, e.g. without the cache.
func Load(ctx context.Context, cacheDir string) (err error) {
	loadMu.Lock()
	defer loadMu.Unlock()
	if mod != nil {
		return nil
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("loading the graphviz module: %v", p)
		}
		if err != nil {
			mod = nil
		}
	}()
	return load(ctx, cacheDir)
}

// Loaded reports whether Load succeeded.
func Loaded() bool {
	loadMu.Lock()
	defer loadMu.Unlock()
	return mod != nil
}
