package e2e_test

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// printReport opens the report as a reader does, waits until the page
// has laid itself out into numbered pages (report-pages.js), prints it
// with Chromium's own printing and returns the text of each PDF page.
func printReport(t *testing.T, ctx context.Context, s *suite, path string) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	start := time.Now()
	open(t, ctx, s.url(path), http.StatusOK)
	waitForPages(t, ctx)
	laid := time.Since(start)
	data := printToPDF(t, ctx)
	t.Logf("%s: laid out in %v, printed to PDF in %v in all", path, laid.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	pdf := filepath.Join(t.TempDir(), "rapport.pdf")
	if err := os.WriteFile(pdf, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if keep := os.Getenv("REPORT_PDF_DIR"); keep != "" {
		_ = os.WriteFile(filepath.Join(keep, "rapport-sidnummer.pdf"), data, 0o644)
	}
	checkPrintedSize(t, pdf)
	out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(string(out), "\f")
	if n := len(pages); n > 0 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	return pages
}

// waitForPages waits until the report page has laid itself out into
// numbered pages, as a reader waits for the status line to say so.
func waitForPages(t *testing.T, ctx context.Context) {
	t.Helper()
	start := time.Now()
	var state string
	for {
		state = eval[string](t, ctx, `document.documentElement.dataset.reportPages || ""`)
		if state != "arbetar" && state != "" || time.Since(start) > 2*time.Minute {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if state != "klar" {
		t.Fatalf("the report was not laid out into pages after %v: %q (%s)", time.Since(start).Round(time.Millisecond), state,
			eval[string](t, ctx, `(document.getElementById("report-pages-status") || {}).textContent || ""`))
	}
}

// checkPrintedSize: the laid-out pages print at full size, the body text
// at the 10.5 pt report.css sets (the median word's box is 1.16 em in the
// sans-serif we print with), and no word of a portrait page reaches into
// its 18 mm right margin.
func checkPrintedSize(t *testing.T, pdf string) {
	t.Helper()
	doc := readPDFWords(t, pdf)
	var heights []float64
	for i, p := range doc.Pages {
		for _, w := range p.Words {
			heights = append(heights, w.YMax-w.YMin)
			if p.Width < p.Height && w.XMax > p.Width-18/25.4*72+1 {
				t.Errorf("page %d: %q reaches into the right margin (x %.1f of %.1f pt)", i+1, w.Text, w.XMax, p.Width)
			}
		}
	}
	if len(heights) == 0 {
		t.Fatal("the PDF has no words")
	}
	slices.Sort(heights)
	if size := heights[len(heights)/2] / 1.16; size < 10 || size > 11.5 {
		t.Errorf("the text prints at %.1f pt (median word), want 10.5 pt: the pages are scaled", size)
	}
}

// contentsEntry is a line of the printed contents: "4.2.1 Försörjningsstöd ... 12".
type contentsEntry struct {
	number, title string
	page          int
}

// TestPrintedReportContentsPageNumbers prints the example's report and
// checks what a reader checks with the contents in hand: every unit is
// listed, and each entry's page number is the page on which its heading
// is printed.
func TestPrintedReportContentsPageNumbers(t *testing.T) {
	s := start(t)
	ctx := s.axeTab(t, "")
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	pages := printReport(t, ctx, s, "/editions/{year}/rapport")
	// The laid-out pages are what a reader of the screen gets too.
	if v := s.axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("the report's laid-out pages: %d axe violations:\n%s", len(v), v)
	}
	if status := text(t, ctx, "#report-pages-status"); !strings.Contains(status, "Sidorna är klara") {
		t.Errorf("the status line says %q", status)
	}

	// The contents: the pages from "Innehåll" up to the first chapter.
	first := -1
	for i, p := range pages {
		if regexp.MustCompile(`(?m)^\s*Innehåll\s*$`).MatchString(p) {
			first = i
			break
		}
	}
	if first < 0 {
		t.Fatal("the PDF has no contents")
	}
	entryRe := regexp.MustCompile(`^\s*((?:\d+(?:\.\d+)*)|Bilaga(?: \d+)?)\s+(.*?\S)\s{2,}(\d+)\s*$`)
	var entries []contentsEntry
	body := -1
	for i := first; i < len(pages) && body < 0; i++ {
		for _, line := range strings.Split(pages[i], "\n") {
			if m := entryRe.FindStringSubmatch(line); m != nil {
				n, _ := strconv.Atoi(m[3])
				entries = append(entries, contentsEntry{m[1], m[2], n})
			}
		}
		if i > first && regexp.MustCompile(`(?m)^\s*1\s+Bakgrund\s*$`).MatchString(pages[i]) {
			body = i
		}
	}
	if body < 0 {
		t.Fatal("the PDF has no chapter 1 Bakgrund after the contents")
	}
	if len(entries) < 30 {
		t.Fatalf("the contents have %d entries with page numbers, want every chapter, part and unit:\n%s", len(entries), pages[first])
	}
	// Every unit of the example is in the contents: the demo has 31.
	units := 0
	for _, e := range entries {
		if strings.Count(e.number, ".") == 2 {
			units++
		}
	}
	if units < 25 {
		t.Errorf("the contents list %d units", units)
	}
	for _, e := range entries {
		if e.page < 1 || e.page > len(pages) {
			t.Errorf("%s %s: page %d of %d", e.number, e.title, e.page, len(pages))
			continue
		}
		heading := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(e.number) + `\s+` + strings.Join(strings.Fields(regexp.QuoteMeta(e.title)), `\s+`) + `(?:\s|$)`)
		if strings.HasPrefix(e.number, "Bilaga") {
			heading = regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(e.number) + `:?\s+` + strings.Join(strings.Fields(regexp.QuoteMeta(e.title)), `\s+`))
		}
		var found []int
		for i := body; i < len(pages); i++ {
			if heading.MatchString(pages[i]) {
				found = append(found, i+1)
			}
		}
		if len(found) != 1 || found[0] != e.page {
			t.Errorf("the contents put %s %s on page %d; the heading is printed on pages %v", e.number, e.title, e.page, found)
		}
	}
	t.Logf("%d contents entries on %d pages, %d of them units; the report has %d pages", len(entries), body-first, units, len(pages))
}

// TestLargeReportPagesOnRequest: the large edition's report (334 units)
// opens as the plain page, offers a button to lay it out into numbered
// pages, and the button starts it.
func TestLargeReportPagesOnRequest(t *testing.T) {
	if testing.Short() {
		t.Skip("draws the large edition's report")
	}
	s := start(t)
	s.importLarge(t)
	ctx := s.longTab(t)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	start := time.Now()
	open(t, ctx, s.url("/editions/2031/rapport"), http.StatusOK)
	t.Logf("the large report opened in %v", time.Since(start).Round(time.Millisecond))
	if state := eval[string](t, ctx, `document.documentElement.dataset.reportPages || ""`); state != "" {
		t.Fatalf("the large report lays itself out unasked: %q", state)
	}
	// Its maps come after it, each kommun's as it is drawn; the status
	// line counts them.
	kommuner := eval[int](t, ctx, `document.querySelectorAll(".report-maps").length`)
	if kommuner != 13 {
		t.Fatalf("%d places for maps, want one per kommun (13)", kommuner)
	}
	for {
		state := eval[string](t, ctx, `document.documentElement.dataset.reportMaps || ""`)
		if state != "arbetar" || time.Since(start) > 3*time.Minute {
			if state != "klar" {
				t.Fatalf("the maps did not come: %q (%s)", state, text(t, ctx, "#report-maps-status"))
			}
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("its maps were in %v after it was opened", time.Since(start).Round(time.Millisecond))
	if status := text(t, ctx, "#report-maps-status"); !strings.Contains(status, "Alla kartor är klara") {
		t.Errorf("the maps' status line says %q", status)
	}
	if empty := eval[int](t, ctx, `Array.from(document.querySelectorAll(".report-maps")).filter(b => !b.querySelector("figure.print-map img")).length`); empty > 0 {
		t.Errorf("%d kommuner have no maps", empty)
	}
	if left := eval[int](t, ctx, `document.querySelectorAll("[data-maps-url], .report-maps-wait").length`); left > 0 {
		t.Errorf("%d placeholders are left", left)
	}
	if v := s.axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("the large report with its maps: %d axe violations:\n%s", len(v), v)
	}
	if !eval[bool](t, ctx, `!document.getElementById("report-pages-start").parentNode.hidden`) {
		t.Fatal("the large report shows no button for page numbers")
	}
	if _, err := chromedp.Run(ctx, chromedp.Click(chromedp.CSS("#report-pages-start"))); err != nil {
		t.Fatal(err)
	}
	if state := eval[string](t, ctx, `document.documentElement.dataset.reportPages || ""`); state != "arbetar" && state != "klar" {
		t.Errorf("the button did not start the layout: %q", state)
	}
	if status := eval[string](t, ctx, `document.getElementById("report-pages-status").textContent`); !strings.Contains(status, "räknas fram") && !strings.Contains(status, "klara") {
		t.Errorf("the status line says %q", status)
	}
}
