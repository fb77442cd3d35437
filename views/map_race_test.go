//go:build race

package views_test

// The race detector slows the server's own work (snapshot, graph, cache)
// several times; the time limits of the map tests allow for it.
func init() { raceSlowdown = 3 }
