package views_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/store"
)

// reportMedian adds the median of the measured durations to a benchmark.
func reportMedian(b *testing.B, d []time.Duration) {
	slices.Sort(d)
	if len(d) > 0 {
		b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, "median-ms")
		b.ReportMetric(float64(d[len(d)*9/10].Microseconds())/1000, "p90-ms")
	}
}

// BenchmarkMapCached serves a map that is in the cache: the snapshot's
// revision check and the cache lookup. Target: under 2 ms at the median.
func BenchmarkMapCached(b *testing.B) {
	srv, _ := mustMapServer(b)
	for _, path := range []string{"/api/v1/editions/2019/maps/overview.svg", "/api/v1/editions/2019/maps/municipality/mullsjo.png",
		"/editions/2019/maps/municipality/mullsjo"} {
		b.Run(path, func(b *testing.B) {
			if rec := do(b, srv, http.MethodGet, path, nil); rec.Code != http.StatusOK {
				b.Fatalf("status %d", rec.Code)
			}
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				if rec := do(b, srv, http.MethodGet, path, nil); rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
				times = append(times, time.Since(start))
			}
			reportMedian(b, times)
		})
	}
}

// touch writes to the edition without changing its content, which gives
// it a new revision and so empties the map cache for it.
func touch(tb testing.TB, db *store.DB, year int) {
	tb.Helper()
	ctx := context.Background()
	ed, version, err := db.Edition(ctx, year)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.UpdateEdition(ctx, ed, version); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkMapCold renders maps that are not in the cache (after a write),
// with warm workers. Target: the example's overview under 150 ms.
func BenchmarkMapCold(b *testing.B) {
	srv, db := mustMapServer(b)
	for _, path := range []string{"/api/v1/editions/2019/maps/overview.svg", "/api/v1/editions/2019/maps/municipality/mullsjo.svg",
		"/api/v1/editions/2019/maps/overview.png", "/editions/2019/maps"} {
		b.Run(path, func(b *testing.B) {
			var times []time.Duration
			for b.Loop() {
				b.StopTimer()
				touch(b, db, 2019)
				b.StartTimer()
				start := time.Now()
				if rec := do(b, srv, http.MethodGet, path, nil); rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
				times = append(times, time.Since(start))
			}
			reportMedian(b, times)
		})
	}
}

// BenchmarkMapLargeCold renders the large synthetic edition's maps cold.
func BenchmarkMapLargeCold(b *testing.B) {
	srv, db, doc := mustLargeServer(b, mapPoolConfig(b))
	paths := []string{"/api/v1/editions/2031/maps/overview.svg", "/api/v1/editions/2031/maps/units.svg",
		"/api/v1/editions/2031/maps/municipality/" + doc.Municipalities[0].ID + ".svg",
		"/api/v1/editions/2031/maps/municipality/" + doc.Municipalities[0].ID + ".png"}
	for _, path := range paths {
		b.Run(path, func(b *testing.B) {
			var times []time.Duration
			for b.Loop() {
				b.StopTimer()
				touch(b, db, 2031)
				b.StartTimer()
				start := time.Now()
				if rec := do(b, srv, http.MethodGet, path, nil); rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
				times = append(times, time.Since(start))
			}
			reportMedian(b, times)
		})
	}
}
