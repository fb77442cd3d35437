package views_test

import (
	"os"
	"sync"
	"testing"

	"github.com/kartlaggning/kartlaggning/views/maps"
	"github.com/kartlaggning/kartlaggning/views/maps/maptest"
	"github.com/kartlaggning/kartlaggning/views/maps/worker"
)

// TestMain lets this test binary serve as a render worker when a pool
// starts it as one; the map tests use a shared pool of real, race-free
// workers (a server built without a renderer draws no maps).
func TestMain(m *testing.M) {
	worker.RunIfChild()
	code := m.Run()
	if sharedPool != nil {
		sharedPool.Close()
	}
	maptest.Cleanup()
	os.Exit(code)
}

var (
	sharedPoolOnce sync.Once
	sharedPool     *maps.Pool
)

// mustMapPool returns the pool the map tests share: starting workers for
// every test would cost more than the tests.
func mustMapPool(tb testing.TB) *maps.Pool {
	tb.Helper()
	bin := maptest.Binary(tb)
	sharedPoolOnce.Do(func() {
		sharedPool = maps.NewPool(maps.PoolConfig{Command: bin, Args: []string{"render-worker"}, Size: 2, CacheDir: maptest.CacheDir(tb)})
	})
	return sharedPool
}

// mapPoolConfig configures a pool of real workers of one's own.
func mapPoolConfig(tb testing.TB) maps.PoolConfig {
	return maps.PoolConfig{Command: maptest.Binary(tb), Args: []string{"render-worker"}, CacheDir: maptest.CacheDir(tb)}
}
