package views_test

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/views/maps"
)

// A hung render worker is the service's trouble, not the map's: the user
// is told to try again in a while, with a status that says so, rather
// than that the map is too large.
func TestMapHungWorkerIsServiceUnavailable(t *testing.T) {
	cfg := mapPoolConfig(t)
	cfg.Size, cfg.Timeout = 1, 2*time.Second
	pool := maps.NewPool(cfg)
	t.Cleanup(func() { pool.Close() })
	srv, _ := MustServe(t, withMaps(pool))

	// Other tests' pools may have workers too: this pool's is the new one.
	others := map[int]bool{}
	for _, pid := range renderWorkers(t) {
		others[pid] = true
	}
	if rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/maps/municipality/mullsjo.svg", nil); rec.Code != http.StatusOK {
		t.Fatalf("the first map: %d %.300s", rec.Code, rec.Body)
	}
	var pids []int
	for _, pid := range renderWorkers(t) {
		if !others[pid] {
			pids = append(pids, pid)
		}
	}
	if len(pids) != 1 {
		t.Fatalf("new render workers %v, want one", pids)
	}
	if err := syscall.Kill(pids[0], syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	defer syscall.Kill(pids[0], syscall.SIGKILL)

	rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/maps/municipality/habo.svg", nil)
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("a map from a hung worker: status %d, want 503: %.300s", rec.Code, rec.Body)
	}
	if rec.Header().Get("Retry-After") == "" {
		t.Error("the 503 has no Retry-After")
	}
	if msg := decodeError(t, rec).Error.Message; msg != "Kartan tog för lång tid att rita. Försök igen om en stund." {
		t.Errorf("message %q", msg)
	}
	// The hung worker was replaced: the map draws now.
	if rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/maps/municipality/habo.svg", nil); rec.Code != http.StatusOK {
		t.Errorf("the map after the hung worker: %d %.300s", rec.Code, rec.Body)
	}
}

// renderWorkers lists the render workers this test process started.
func renderWorkers(tb testing.TB) []int {
	tb.Helper()
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	if len(stats) == 0 {
		tb.Skip("no /proc to find the workers in")
	}
	var pids []int
	for _, path := range stats {
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		s := string(data)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) < 2 || f[0] == "Z" || f[1] != strconv.Itoa(os.Getpid()) {
			continue
		}
		dir := filepath.Dir(path)
		if cmd, _ := os.ReadFile(filepath.Join(dir, "cmdline")); bytes.Contains(cmd, []byte("render-worker")) {
			pid, _ := strconv.Atoi(filepath.Base(dir))
			pids = append(pids, pid)
		}
	}
	return pids
}
