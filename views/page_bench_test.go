package views_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/views/maps"
)

// BenchmarkPages serves pages of the example and of the large synthetic
// edition over loopback to 32 concurrent clients, beside a hello-world
// Echo v4 handler measured the same way in the same run: absolute speeds
// drift on shared machines, the ratio to hello-world does not. The
// targets: every page of the example at least 10 % of hello-world, every
// page of large at least 2 %. Run it with
//
//	go test -run '^$' -bench BenchmarkPages -benchtime 2s ./views/
//
// and read req/s and pct-of-hello (each page against the hello-world run
// just before it).
func BenchmarkPages(b *testing.B) {
	hello := echo.New()
	hello.GET("/", func(c echo.Context) error { return c.String(http.StatusOK, "Hello, World!") })
	helloServer := httptest.NewServer(hello)
	defer helloServer.Close()

	example, _ := MustServe(b)
	large, _, doc := mustLargeServer(b, maps.PoolConfig{})
	unit, forum, municipality := doc.Units[0].ID, doc.Forums[0].ID, doc.Municipalities[0].ID

	var helloRate float64
	run := func(name string, h http.Handler, path string) {
		srv := httptest.NewServer(asAdmin(h))
		defer srv.Close()
		b.Run(name, func(b *testing.B) {
			rate := serveParallel(b, srv.URL+path)
			if name == "hello" {
				helloRate = rate
			} else if helloRate > 0 {
				b.ReportMetric(100*rate/helloRate, "pct-of-hello")
			}
		})
	}
	for _, p := range []struct{ name, path string }{
		{"example/edition", "/editions/2019"},
		{"example/units", "/editions/2019/units"},
		{"example/unit", "/editions/2019/units/mullsjo-forsorjningsstod"},
		{"example/forums", "/editions/2019/forums"},
		{"example/forum", "/editions/2019/forums/arena-mullsjo"},
		{"example/municipality", "/editions/2019/municipalities/habo"},
		{"example/summary.json", "/api/v1/editions/2019/municipalities/habo/summary"},
		{"example/metrics", "/editions/2019/analysis/metrics"},
	} {
		run("hello", hello, "/")
		run(p.name, example, p.path)
	}
	for _, p := range []struct{ name, path string }{
		{"large/edition", "/editions/2031"},
		{"large/units", "/editions/2031/units"},
		{"large/unit", "/editions/2031/units/" + unit},
		{"large/forums", "/editions/2031/forums"},
		{"large/forum", "/editions/2031/forums/" + forum},
		{"large/municipality", "/editions/2031/municipalities/" + municipality},
		{"large/metrics", "/editions/2031/analysis/metrics"},
	} {
		run("hello", hello, "/")
		run(p.name, large, p.path)
	}
}

// serveParallel GETs url from 32 concurrent clients and reports req/s.
func serveParallel(b *testing.B, url string) float64 {
	b.Helper()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	defer client.CloseIdleConnections()
	get := func() {
		resp, err := client.Get(url)
		if err != nil {
			b.Error(err)
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Errorf("%s: %d", url, resp.StatusCode)
		}
	}
	get()                // the first request builds the snapshot; measure the steady state
	b.SetParallelism(16) // 2 cores × 16 = 32 clients
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			get()
		}
	})
	rate := float64(b.N) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "req/s")
	return rate
}
