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
	rec := do(b, srv, "GET", "/editions/2031/rapport", nil)
	if rec.Code != 200 {
		b.Fatalf("report: %d", rec.Code)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rec := do(b, srv, "GET", "/editions/2031/rapport", nil); rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
	b.ReportMetric(float64(rec.Body.Len()), "bytes-html")
}

// BenchmarkReportDOCXLarge downloads the large edition's Word document
// again after a first download: the document of a revision is kept, so
// that the maps the map cache cannot hold are not drawn again.
func BenchmarkReportDOCXLarge(b *testing.B) {
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
	rec := do(b, srv, "GET", "/editions/2031/rapport.docx", nil)
	if rec.Code != 200 {
		b.Fatalf("rapport.docx: %d", rec.Code)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rec := do(b, srv, "GET", "/editions/2031/rapport.docx", nil); rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
	b.ReportMetric(float64(rec.Body.Len()), "bytes-docx")
}
