package views_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// BenchmarkReportLarge builds the report's HTML for the large synthetic
// edition (13 municipalities, 334 units, 624 forums), from a warm snapshot.
func BenchmarkReportLarge(b *testing.B) {
	gen, _ := filepath.Abs("../../shared/tools/gen-synthetic.py")
	python, err := exec.LookPath("python3")
	if _, serr := os.Stat(gen); serr != nil || err != nil {
		b.Skip("SKIPPED: needs python3 and ../shared/tools/gen-synthetic.py")
	}
	data, err := exec.Command(python, gen, "--preset", "large", "--year", "2031").Output()
	if err != nil {
		b.Fatal(err)
	}
	var doc kartlaggning.Document
	if err := kartlaggning.DecodeJSON(data, &doc); err != nil {
		b.Fatal(err)
	}
	srv, db := MustServe(b)
	if _, err := db.Import(context.Background(), &doc, false); err != nil {
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
