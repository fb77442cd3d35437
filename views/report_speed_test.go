package views_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning/synthetic"
)

// TestReportLargeSpeed times the large edition's report as a user meets
// it: the HTML cold (a new server, no map drawn yet) and warm, and the
// Word document. REPORT_SPEED=1 runs it (it draws every map of large).
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
	for _, what := range []string{"/editions/2031/rapport", "/editions/2031/rapport.docx"} {
		srv, db := mustMapServer(t)
		if _, err := db.Import(context.Background(), doc, false); err != nil {
			t.Fatal(err)
		}
		for i, label := range []string{"cold", "warm", "warm"} {
			start := time.Now()
			rec := do(t, srv, "GET", what, nil)
			if rec.Code != 200 {
				t.Fatalf("%s: %d", what, rec.Code)
			}
			t.Logf("%s %s (%d): %v, %d bytes", what, label, i, time.Since(start).Round(time.Millisecond), rec.Body.Len())
		}
	}
}
