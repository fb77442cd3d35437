package views_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning/synthetic"
)

// BenchmarkReportLarge builds the report's HTML for the large synthetic
// edition (13 municipalities, 334 units, 624 forums), from a warm snapshot.
func BenchmarkReportLarge(b *testing.B) {
	benchmarkLargeDownload(b, "/editions/2031/rapport", "bytes-html")
}

// BenchmarkReportDOCXLarge downloads the large edition's Word document
// again after a first download: the document of a revision is kept, so
// that the maps the map cache cannot hold are not drawn again.
func BenchmarkReportDOCXLarge(b *testing.B) {
	benchmarkLargeDownload(b, "/editions/2031/rapport.docx", "bytes-docx")
}

// benchmarkLargeDownload times warm requests for path on the large
// edition, after one that fills the caches, and reports the body's size.
func benchmarkLargeDownload(b *testing.B, path, sizeMetric string) {
	doc, err := synthetic.Edition("large", 2031)
	if errors.Is(err, synthetic.ErrNoGenerator) {
		b.Skip(err)
	}
	if err != nil {
		b.Fatal(err)
	}
	srv, db := mustMapServer(b)
	if _, err := db.Import(context.Background(), doc, false); err != nil {
		b.Fatal(err)
	}
	rec := do(b, srv, "GET", path, nil)
	if rec.Code != 200 {
		b.Fatalf("%s: %d", path, rec.Code)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rec := do(b, srv, "GET", path, nil); rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
	b.ReportMetric(float64(rec.Body.Len()), sizeMetric)
}
