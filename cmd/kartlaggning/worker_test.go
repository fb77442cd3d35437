package main

import (
	"os"
	"testing"

	"github.com/kartlaggning/kartlaggning/views/maps/maptest"
	"github.com/kartlaggning/kartlaggning/views/maps/worker"
)

// TestMain turns this test binary into a render worker when the map pool
// of a server started by a test (serve) runs it as one.
func TestMain(m *testing.M) {
	worker.RunIfChild()
	code := m.Run()
	maptest.Cleanup()
	os.Exit(code)
}
