package views_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning/synthetic"
)

// TestReportLargeSpeed times the large edition's report as a user meets
// it: the Word documents of the example and of large cold (a new server,
// none of their maps drawn yet) and warm; the page cold and warm; its
// maps, fetched two at a time as the page does (report-maps.js); and the
// Word document asked for from the page. REPORT_SPEED=1
// runs it (it draws every map of large).
func TestReportLargeSpeed(t *testing.T) {
	if os.Getenv("REPORT_SPEED") == "" {
		t.Skip("REPORT_SPEED=1 times the large report")
	}
	doc, err := synthetic.Edition("large", 2031)
	if errors.Is(err, synthetic.ErrNoGenerator) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	serve := func() http.Handler {
		srv, db := mustMapServer(t)
		if _, err := db.Import(context.Background(), doc, false); err != nil {
			t.Fatal(err)
		}
		return srv
	}
	get := func(srv http.Handler, what, label string) string {
		start := time.Now()
		rec := do(t, srv, "GET", what, nil)
		if rec.Code != 200 {
			t.Fatalf("%s: %d", what, rec.Code)
		}
		t.Logf("%s %s: %v, %d bytes", what, label, time.Since(start).Round(time.Millisecond), rec.Body.Len())
		return rec.Body.String()
	}
	// The Word documents first, each on a server that has drawn none of
	// its maps: the example's (which also starts the render workers, as
	// a running service has them) and then the large edition's.
	srv := serve()
	get(srv, "/editions/2019/rapport.docx", "cold")
	get(srv, "/editions/2031/rapport.docx", "cold")
	get(srv, "/editions/2031/rapport.docx", "warm")

	// The report page of a new server, then its maps as the page fetches
	// them, then the Word document asked for from the page.
	srv = serve()
	page := get(srv, "/editions/2031/rapport", "cold")
	get(srv, "/editions/2031/rapport", "warm")
	urls := regexp.MustCompile(`data-maps-url="([^"]+)"`).FindAllStringSubmatch(page, -1)
	start := time.Now()
	next := make(chan string)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range next {
				if rec := do(t, srv, "GET", u, nil); rec.Code != 200 {
					t.Errorf("%s: %d", u, rec.Code)
				}
			}
		}()
	}
	for _, u := range urls {
		next <- u[1]
	}
	close(next)
	wg.Wait()
	t.Logf("the page's maps of %d kommuner, two at a time: %v", len(urls), time.Since(start).Round(time.Millisecond))
	get(srv, "/editions/2031/rapport.docx", "after the page")
}
