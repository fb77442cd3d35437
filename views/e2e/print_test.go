package e2e_test

import (
	"context"
	"encoding/xml"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// pdfWords is what poppler's pdftotext -bbox writes: each page's size and
// its words with their boxes, in points.
type pdfWords struct {
	Pages []struct {
		Width  float64 `xml:"width,attr"`
		Height float64 `xml:"height,attr"`
		Words  []struct {
			XMin float64 `xml:"xMin,attr"`
			YMin float64 `xml:"yMin,attr"`
			XMax float64 `xml:"xMax,attr"`
			YMax float64 `xml:"yMax,attr"`
			Text string  `xml:",chardata"`
		} `xml:"word"`
	} `xml:"body>doc>page"`
}

// readPDFWords runs pdftotext -bbox over the PDF at path and reads its
// words.
func readPDFWords(t *testing.T, path string) pdfWords {
	t.Helper()
	raw, err := exec.Command("pdftotext", "-bbox", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	var doc pdfWords
	dec := xml.NewDecoder(strings.NewReader(string(raw)))
	dec.Strict, dec.AutoClose, dec.Entity = false, xml.HTMLAutoClose, xml.HTMLEntity
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("reading pdftotext's words: %v", err)
	}
	return doc
}

// pdfWordsOf writes a printed PDF to a temporary file and reads its words.
func pdfWordsOf(t *testing.T, pdf []byte) pdfWords {
	t.Helper()
	path := filepath.Join(t.TempDir(), "printed.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	return readPDFWords(t, path)
}

// TestPrintedReportMapsAreLegible prints the report to PDF as a reader
// would and reads the words back with pdftotext: the maps stand on
// landscape pages of their own, inside the page, and no word of a map is
// set under 7 pt.
func TestPrintedReportMapsAreLegible(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	s := start(t)
	ctx := s.longTab(t)
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	open(t, ctx, s.url("/editions/{year}/rapport"), http.StatusOK)
	waitForPages(t, ctx)
	figures := eval[int](t, ctx, `document.querySelectorAll("figure.print-map img").length`)
	if figures == 0 {
		t.Fatal("the report has no maps")
	}
	checkMapPages(t, pdfWordsOf(t, printToPDF(t, ctx)), figures, 100)
}

// TestPrintedA4MapIsLegible prints Habo's map for A4 as a reader would:
// every piece on a landscape page of its own, inside the page, and no word
// of a map under 7 pt.
func TestPrintedA4MapIsLegible(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	s := start(t)
	ctx := s.tab(t)
	open(t, ctx, s.url("/editions/{year}/maps/municipality/habo?utskrift=a4"), http.StatusOK)
	figures := eval[int](t, ctx, `document.querySelectorAll("figure.map-a4:not(.poster) svg").length`)
	if figures == 0 {
		t.Fatal("the page has no map for A4")
	}
	checkMapPages(t, pdfWordsOf(t, printToPDF(t, ctx)), figures, 50)
}

// printToPDF prints the tab's page with Chromium's own printing, as a
// reader does with Ctrl+P: the page's CSS sizes and backgrounds.
func printToPDF(t *testing.T, ctx context.Context) []byte {
	t.Helper()
	yes := true
	res, err := chromedp.Run(ctx, chromedp.Action[page.PrintToPDFResult](func(ctx context.Context, tg *chromedp.Target) (page.PrintToPDFResult, error) {
		return cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes, PrintBackground: &yes})
	}))
	if err != nil {
		t.Fatalf("printing: %v", err)
	}
	return res.Data
}

// checkMapPages checks the printed maps as a reader holding the pages:
// each of figures maps on a landscape page of its own, every word inside
// its page and set in 7 pt or more, and at least minWords words on them.
func checkMapPages(t *testing.T, doc pdfWords, figures, minWords int) {
	t.Helper()
	landscape, words, small := 0, 0, 0
	smallest := 1000.0
	for i, p := range doc.Pages {
		if p.Width <= p.Height {
			continue
		}
		landscape++
		for _, w := range p.Words {
			words++
			// pdftotext's box runs from the font's ascent to its
			// descent: 1.16 em in the Go font of the maps and in the
			// captions' sans-serif.
			size := (w.YMax - w.YMin) / 1.16
			smallest = min(smallest, size)
			if size < 6.95 {
				small++
				if small <= 10 {
					t.Errorf("page %d: %q is set in %.1f pt", i+1, w.Text, size)
				}
			}
			if w.XMin < 0 || w.YMin < 0 || w.XMax > p.Width || w.YMax > p.Height {
				t.Errorf("page %d: %q lies outside the page", i+1, w.Text)
			}
		}
	}
	t.Logf("%d maps on %d landscape pages of %d, %d words, the smallest in %.1f pt", figures, landscape, len(doc.Pages), words, smallest)
	if landscape < figures {
		t.Errorf("%d maps on %d landscape pages: a map shares or spills over its page", figures, landscape)
	}
	if small > 0 {
		t.Errorf("%d words of the printed maps are set under 7 pt", small)
	}
	if words < minWords {
		t.Errorf("only %d words on the maps' pages", words)
	}
}
