// Package maptest gives tests a real render pool. Its workers are the
// kartlaggning binary, built once per test process without the race
// detector: under -race the parent (pool, cache, server) is what is
// checked, and a race-instrumented worker renders ten times slower.
package maptest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/kartlaggning/kartlaggning/views/maps"
)

var build struct {
	once sync.Once
	dir  string
	path string
	err  error
	out  []byte
}

// Binary returns the path of the kartlaggning binary, building it on
// first use; the test fails if it cannot be built.
func Binary(tb testing.TB) string {
	tb.Helper()
	build.once.Do(func() {
		build.dir, build.err = os.MkdirTemp("", "kartlaggning-maptest-")
		if build.err != nil {
			return
		}
		build.path = filepath.Join(build.dir, "kartlaggning")
		// The go command that runs the tests is on PATH; GOROOT is the
		// fallback for a test binary started by hand.
		gobin, err := exec.LookPath("go")
		if err != nil {
			gobin = filepath.Join(runtime.GOROOT(), "bin", "go")
		}
		cmd := exec.Command(gobin, "build", "-race=false", "-o", build.path, "github.com/kartlaggning/kartlaggning/cmd/kartlaggning")
		build.out, build.err = cmd.CombinedOutput()
	})
	if build.err != nil {
		tb.Fatalf("building the render worker: %v\n%s", build.err, build.out)
	}
	return build.path
}

// CacheDir returns a module cache for PoolConfig.CacheDir: the user's, as
// serve's default, so that workers start as fast as in production and
// only the first test process after a change of the module compiles it;
// without a user cache directory, one beside the built binary.
func CacheDir(tb testing.TB) string {
	tb.Helper()
	if dir, err := os.UserCacheDir(); err == nil {
		return filepath.Join(dir, "kartlaggning", "maps")
	}
	Binary(tb)
	return filepath.Join(build.dir, "cache")
}

// Pool returns a pool of real workers, closed when the test ends; without
// a CacheDir of its own it uses CacheDir's.
func Pool(tb testing.TB, cfg maps.PoolConfig) *maps.Pool {
	tb.Helper()
	cfg.Command, cfg.Args = Binary(tb), []string{"render-worker"}
	if cfg.CacheDir == "" {
		cfg.CacheDir = CacheDir(tb)
	}
	p := maps.NewPool(cfg)
	tb.Cleanup(func() { p.Close() })
	return p
}

// Cleanup removes the built binary; call it from TestMain after the tests.
func Cleanup() {
	if build.dir != "" {
		os.RemoveAll(build.dir)
	}
}
