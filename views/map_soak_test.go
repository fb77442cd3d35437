package views_test

import (
	"context"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/views/maps"
)

// TestMapSoak renders 2,000 distinct maps (every view of the example
// edition under twelve filters, as SVG and as PNG) from four clients and
// checks that the service's own memory stays bounded: it never runs
// go-graphviz itself, its cache has a byte budget, and the workers are
// replaced as they grow. It takes a few minutes, so it runs only with
// KARTLAGGNING_SOAK=1 (CI sets it).
func TestMapSoak(t *testing.T) {
	if os.Getenv("KARTLAGGNING_SOAK") == "" {
		t.Skip("the soak test renders 2,000 maps and takes minutes; run it with KARTLAGGNING_SOAK=1")
	}
	const total, clients = 2000, 4
	const rssLimit = 200 << 20
	pool := maps.NewPool(mapPoolConfig(t))
	t.Cleanup(func() { pool.Close() })
	srv, db := MustServe(t, withMaps(pool))
	doc, err := db.Export(context.Background(), 2019)
	if err != nil {
		t.Fatal(err)
	}
	bases := []string{"/api/v1/editions/2019/maps/overview", "/api/v1/editions/2019/maps/units"}
	for _, m := range doc.Municipalities {
		bases = append(bases, "/api/v1/editions/2019/maps/municipality/"+m.ID, "/api/v1/editions/2019/maps/units|municipality="+m.ID)
	}
	for _, u := range doc.Units {
		bases = append(bases, "/api/v1/editions/2019/maps/unit/"+u.ID)
	}
	for _, f := range doc.Forums {
		bases = append(bases, "/api/v1/editions/2019/maps/forum/"+f.ID)
	}
	var paths []string
	for _, level := range []string{"", "strategisk", "operativ", "individ"} {
		for _, formal := range []string{"", "true", "false"} {
			for _, base := range bases {
				base, query, _ := strings.Cut(base, "|")
				for _, ext := range []string{".svg", ".png"} {
					p := base + ext + "?" + query
					if level != "" {
						p += "&level=" + level
					}
					if formal != "" {
						p += "&formal=" + formal
					}
					paths = append(paths, p)
				}
			}
		}
	}
	if len(paths) < total {
		t.Fatalf("only %d distinct maps", len(paths))
	}
	paths = paths[:total]

	runtime.GC()
	start, startRSS := time.Now(), maps.RSS()
	var next, done atomic.Int64
	var peak atomic.Int64
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(paths) {
					return
				}
				if rec := do(t, srv, http.MethodGet, paths[i], nil); rec.Code != http.StatusOK {
					t.Errorf("%s: status %d: %.200s", paths[i], rec.Code, rec.Body)
				}
				if n := done.Add(1); n%100 == 0 {
					rss := maps.RSS()
					for old := peak.Load(); rss > old && !peak.CompareAndSwap(old, rss); old = peak.Load() {
					}
					if n%500 == 0 {
						t.Logf("%d maps, service RSS %d MiB, %v", n, rss>>20, time.Since(start).Round(time.Second))
					}
				}
			}
		}()
	}
	wg.Wait()
	runtime.GC()
	debug.FreeOSMemory()
	end := maps.RSS()
	st := pool.Stats()
	t.Logf("%d maps in %v; service RSS %d MiB at start, peak %d MiB, %d MiB at the end; workers: %d started, %d recycled, %d killed, largest %d MiB",
		total, time.Since(start).Round(time.Second), startRSS>>20, peak.Load()>>20, end>>20, st.Started, st.Recycled, st.Killed, st.MaxWorkerRSS>>20)
	if end == 0 {
		t.Skip("this system does not report resident memory (/proc), so the bound cannot be checked")
	}
	if peak.Load() > rssLimit || end > rssLimit {
		t.Errorf("the service's memory grew past %d MiB", rssLimit>>20)
	}
	if st.Recycled == 0 {
		t.Error("no worker was replaced in 2,000 renders; their memory only grows")
	}
	if st.MaxWorkerRSS > pool.Config().MaxRSS+(100<<20) {
		t.Errorf("a worker reached %d MiB, far past its bound", st.MaxWorkerRSS>>20)
	}
}
