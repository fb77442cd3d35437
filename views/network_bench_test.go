package views_test

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/kartlaggning/kartlaggning/store"
)

// BenchmarkActorAnalysisLarge serves the new analyses of the large
// synthetic edition through the whole server (routing, access, the read
// model, JSON), the way a client asks for them. The edition's lookup is
// built by the first request and then shared, as in production; the
// figures themselves are computed on every request. Targets: network,
// coverage and overlap groups ≤ 50 ms each, trends over five editions of
// large ≤ 100 ms. Run it with
//
//	go test -run '^$' -bench BenchmarkActorAnalysisLarge ./views/
func BenchmarkActorAnalysisLarge(b *testing.B) {
	db, err := store.Open(filepath.Join(b.TempDir(), "large.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	var first string
	for year := 2031; year < 2036; year++ {
		doc := syntheticDoc(b, "large", year)
		if year == 2031 {
			first = doc.Municipalities[0].ID
		}
		if _, err := db.Import(context.Background(), doc, false); err != nil {
			b.Fatal(err)
		}
	}
	srv := mustServer(b, db)
	for _, p := range []struct{ name, path string }{
		{"network", "/api/v1/editions/2031/network"},
		{"network-municipality", "/api/v1/editions/2031/network?municipality=" + first},
		{"coverage", "/api/v1/editions/2031/coverage"},
		{"groups", "/api/v1/editions/2031/overlaps?group=true"},
		{"trends-5-editions", "/api/v1/trends?municipality=" + first},
	} {
		b.Run(p.name, func(b *testing.B) {
			if rec := do(b, srv, http.MethodGet, p.path, nil); rec.Code != http.StatusOK { // builds the lookups
				b.Fatalf("%s: %d %.300s", p.path, rec.Code, rec.Body)
			}
			for b.Loop() {
				if rec := do(b, srv, http.MethodGet, p.path, nil); rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", p.path, rec.Code)
				}
			}
		})
	}
}
