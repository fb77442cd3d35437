package views_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"html"
	"html/template"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/synthetic"
)

func TestReportPage(t *testing.T) {
	t.Parallel()
	srv, _ := mustMapServer(t)
	rec := do(t, srv, "GET", "/editions/2019/rapport", nil)
	if rec.Code != 200 {
		t.Fatalf("report: %d %s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	for _, want := range []string{
		"Kartläggning av samverkan mellan parterna i Samordningsförbundet Södra Vätterbygden", // title page
		"Hösten 2018 – Våren 2019", "Innehåll", "1 Bakgrund", "2 Syfte", "3 Genomförande och metod",
		"4 Resultat", `<span class="num">4.2</span> Mullsjö`, "Försörjningsstöd", "Vad fungerar bra idag?", "Vad behöver utvecklas?",
		"Ingen gemensam arena med Försäkringskassan", "Parternas gemensamma forum", "Sammanfattande reflektion",
		"Avslutande kommentar", "Bilaga: Register över samverkansforum", "ARENA Mullsjö", "Utkast",
		"css/report.css", `<figure class="map print-map"><img src="data:image/svg`,
		// The seed's chapters after the municipalities: the region and
		// Försäkringskassan with their units, then the förbund's insats.
		`<span class="num">4.5</span> Region Jönköpings län`, "Rehabkoordinatorer",
		`<span class="num">4.6</span> Försäkringskassan`, "Aktivitetsersättning", "Sjukpenning",
		`<span class="num">4.7</span> <a href="/editions/2019/units/enter">ENTER</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	// The contents get their page numbers from Paged.js, which needs
	// inline styles on this page and nowhere else.
	if !strings.Contains(body, "js/paged.min.js") || !strings.Contains(body, "js/report-pages.js") {
		t.Error("the report does not lay itself out into numbered pages")
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "style-src 'self' 'unsafe-inline'") || !strings.Contains(csp, "script-src 'self';") {
		t.Errorf("the report's CSP: %q", csp)
	}
	if csp := do(t, srv, "GET", "/editions/2019", nil).Header().Get("Content-Security-Policy"); strings.Contains(csp, "unsafe-inline") {
		t.Errorf("the edition page allows inline styles: %q", csp)
	}
	if plain := do(t, srv, "GET", "/editions/2019/rapport?sidnummer=nej", nil).Body.String(); strings.Contains(plain, "paged.min.js") || !strings.Contains(plain, "Vad fungerar bra idag?") {
		t.Error("?sidnummer=nej is not the plain report")
	}
	// A unit serving several municipalities is printed once and each
	// municipality it serves refers to it.
	if n := strings.Count(body, `id="enhet-enter-rubrik"`); n != 1 {
		t.Errorf("ENTER is printed %d times, want once", n)
	}
	if n := strings.Count(body, ">se 4.7 ENTER</a>"); n != 4 {
		t.Errorf("%d municipalities refer to ENTER, want the four it serves", n)
	}
}

// TestReportForumProse: a unit's forums read as the seed writes them, in
// sentences by level, with the table of every forum left to the register.
func TestReportForumProse(t *testing.T) {
	t.Parallel()
	srv, _ := mustMapServer(t)
	body := do(t, srv, "GET", "/editions/2019/rapport", nil).Body.String()
	for _, want := range []string{
		"På strategisk nivå deltar enheten i 3 forum. DUA regional styrgrupp träffas 4 gånger per år tillsammans med Arbetsförmedlingen, Integration och flyktingenheten/DUA (Habo kommun), Mullsjö kommun, Jönköpings kommun och AME (Arbetsmarknadsenheten) (Vaggeryds kommun).",
		"På individnivå deltar enheten i",
		"Folkhälsorådet i Habo har ingen annan kartlagd deltagare.",
		"(nätverk; mötesfrekvens: regelbundna träffar)",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	prose := strings.Join(regexp.MustCompile(`<div class="prose forum-prose">.*?</div>`).FindAllString(body, -1), "\n")
	for _, noise := range []string{"styrgrupp (styrgrupp)", "(hela organisationen)", "enheten är ledamot"} {
		if strings.Contains(prose, noise) {
			t.Errorf("the forum sentences say %q, which they need not", noise)
		}
	}
	// The unit page keeps its table.
	if page := do(t, srv, "GET", "/editions/2019/units/habo-ungdomscoach/summary", nil); page.Code == 200 && strings.Contains(page.Body.String(), "forum-prose") {
		t.Error("the unit's summary page shows the report's prose")
	}
	if n, forums := strings.Count(body, `class="prose forum-prose"`), strings.Count(body, `class="summary-unit"`); n < forums*3/4 {
		t.Errorf("%d of %d units have their forums in prose", n, forums)
	}
}

// reportUnitHeadings returns the number the report gives each unit, by
// unit id, failing the test unless every unit of the edition is a
// heading in the HTML exactly once.
func reportUnitHeadings(t *testing.T, body string, doc *kartlaggning.Document) map[string]string {
	t.Helper()
	numbers := map[string]string{}
	re := regexp.MustCompile(`id="enhet-([a-z0-9-]+)-rubrik" class="unit-heading"><span class="num">([0-9.]+)</span>`)
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		if numbers[m[1]] != "" {
			t.Errorf("unit %s is printed twice (%s and %s)", m[1], numbers[m[1]], m[2])
		}
		numbers[m[1]] = m[2]
	}
	for _, u := range doc.Units {
		if numbers[u.ID] == "" {
			t.Errorf("unit %s (%s) is not in the report", u.ID, u.Name)
		}
	}
	if len(numbers) != len(doc.Units) {
		t.Errorf("the report has %d unit headings, the edition %d units", len(numbers), len(doc.Units))
	}
	return numbers
}

func TestReportHasEveryUnitOnce(t *testing.T) {
	srv, db := mustMapServer(t)
	doc, err := db.Export(context.Background(), 2019)
	if err != nil {
		t.Fatal(err)
	}
	body := do(t, srv, "GET", "/editions/2019/rapport", nil).Body.String()
	numbers := reportUnitHeadings(t, body, doc)
	// The seed's order: kommuner first, then the region, then the agencies.
	if !(numbers["habo-integration"] < numbers["region-rehabkoordinatorer"] &&
		numbers["region-rehabkoordinatorer"] < numbers["fk-sjukpenning"] && numbers["fk-sjukpenning"] < numbers["enter"]) {
		t.Errorf("the units are out of the seed's order: %v", numbers)
	}
	// Every unit is in the contents, under its number.
	for _, u := range doc.Units {
		entry := `<span class="num">` + numbers[u.ID] + `</span> ` + template.HTMLEscapeString(u.Name) + `</a>`
		if !strings.Contains(body, entry) {
			t.Errorf("the contents lack %s", entry)
		}
	}
}

// printPDF prints a page with headless Chromium, as a user would, and
// returns the PDF's path; it skips the test where Chromium or poppler is
// missing (CI installs both).
func printPDF(t *testing.T, url string) string {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	_, err2 := exec.LookPath("pdftotext")
	if err != nil || err2 != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI must install chromium and poppler-utils (pdftotext, pdfinfo)")
		}
		t.Skip("SKIPPED: needs chromium and pdftotext (apt-get install chromium poppler-utils)")
	}
	dir := t.TempDir()
	pdf := filepath.Join(dir, "rapport.pdf")
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	start := time.Now()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--no-pdf-header-footer",
		"--print-to-pdf="+pdf, url)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	t.Logf("printed %s to PDF in %v", url, time.Since(start).Round(10*time.Millisecond))
	// REPORT_PDF_DIR keeps a copy to look at (pdftoppm) beside the seed.
	if keep := os.Getenv("REPORT_PDF_DIR"); keep != "" {
		if b, err := os.ReadFile(pdf); err == nil {
			_ = os.WriteFile(filepath.Join(keep, strings.NewReplacer("/", "-", ":", "").Replace(url[strings.Index(url, "/editions"):])+".pdf"), b, 0o644)
		}
	}
	return pdf
}

// pdfPages returns the text of each page of a PDF.
func pdfPages(t *testing.T, pdf string, layout bool) []string {
	t.Helper()
	args := []string{pdf, "-"}
	if layout {
		args = append([]string{"-layout"}, args...)
	}
	text, err := exec.Command("pdftotext", args...).Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(string(text), "\f")
	if n := len(pages); n > 0 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	return pages
}

// TestReportPDF prints the report with headless Chromium, as a user
// would, and reads the PDF back.
func TestReportPDF(t *testing.T) {
	srv, _ := mustMapServer(t)
	ts := httptest.NewServer(asAdmin(srv))
	defer ts.Close()
	pdf := printPDF(t, ts.URL+"/editions/2019/rapport?sidnummer=nej")
	info, err := exec.Command("pdfinfo", pdf).Output()
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo: %s", info)
	}
	pages, _ := strconv.Atoi(string(m[1]))
	if pages < 10 {
		t.Errorf("the report is %d pages, want at least ten", pages)
	}
	s := strings.Join(pdfPages(t, pdf, true), "\f")
	for _, want := range []string{"Kartläggning av samverkan", "Bakgrund", "Resultat", "Mullsjö", "Försörjningsstöd",
		"Ingen gemensam arena med Försäkringskassan", "Register över samverkansforum", "Sida 2 av " + strconv.Itoa(pages)} {
		if !strings.Contains(s, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if strings.Count(s, "UTKAST") < pages-1 {
		t.Errorf("the draft mark is on %d of %d pages", strings.Count(s, "UTKAST"), pages)
	}
	if strings.Contains(s, "Hoppa till innehållet") || strings.Contains(s, "Kartläggningar ›") {
		t.Error("the site's navigation is printed")
	}
	t.Logf("the example edition's report: %d A4 pages", pages)
	checkPrintedLayout(t, pdf)
}

// wordBox is a word as pdftotext -bbox finds it, in points.
type wordBox struct {
	page                   int
	pageWidth, pageHeight  float64
	xMin, yMin, xMax, yMax float64
	text                   string
}

func pdfWords(t *testing.T, pdf string) []wordBox {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pageRe := regexp.MustCompile(`<page width="([0-9.]+)" height="([0-9.]+)"`)
	wordRe := regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)
	var words []wordBox
	for i, page := range strings.Split(string(out), "<page ")[1:] {
		size := pageRe.FindStringSubmatch("<page " + page)
		width, _ := strconv.ParseFloat(size[1], 64)
		height, _ := strconv.ParseFloat(size[2], 64)
		for _, m := range wordRe.FindAllStringSubmatch(page, -1) {
			w := wordBox{page: i + 1, pageWidth: width, pageHeight: height, text: m[5]}
			for j, f := range []*float64{&w.xMin, &w.yMin, &w.xMax, &w.yMax} {
				*f, _ = strconv.ParseFloat(m[j+1], 64)
			}
			words = append(words, w)
		}
	}
	return words
}

// checkPrintedLayout checks what Chromium's shrink-to-fit and careless
// page breaks would spoil: the body text prints at the size report.css
// sets (10.5 pt; pdftotext's word box is the font's ascent plus descent,
// about 1.16 em for the sans-serif we print with), no word reaches into
// the right margin (18 mm; 10 mm on the landscape pages of maps and the
// matrix, whose margins report.css sets so), page furniture aside, and no
// heading is the last line of a page.
func checkPrintedLayout(t *testing.T, pdf string) {
	t.Helper()
	const bodySize, boxPerEm, rightMargin = 10.5, 1.16, 18 / 25.4 * 72
	words := pdfWords(t, pdf)
	var heights []float64
	for _, w := range words {
		heights = append(heights, w.yMax-w.yMin)
		margin := rightMargin
		if w.pageWidth > w.pageHeight {
			margin = 10 / 25.4 * 72
		}
		if w.text == "UTKAST" { // the draft mark stands in the page's margin box
			continue
		}
		if w.xMax > w.pageWidth-margin+1 {
			t.Errorf("page %d: %q reaches into the right margin (x %.1f of %.1f pt)", w.page, w.text, w.xMax, w.pageWidth)
		}
	}
	slices.Sort(heights)
	median := heights[len(heights)/2] / boxPerEm
	if median < bodySize*0.95 || median > bodySize*1.1 {
		t.Errorf("the text prints at %.1f pt (median word), want the %.1f pt report.css sets: the pages are scaled", median, bodySize)
	}
	t.Logf("median word: %.1f pt box, %.1f pt text", heights[len(heights)/2], median)

	pages := pdfPages(t, pdf, true)
	furniture := regexp.MustCompile(`^\s*(Sida \d+ av \d+|UTKAST)\s*$`)
	heading := regexp.MustCompile(`^\s*(\d+(\.\d+)*\s+\S.*|Bilaga.*|Vad fungerar bra idag\?|Vad behöver utvecklas\?|Önskad samverkan|Forum där enheten deltar|Parter som enheten aldrig möter)\s*$`)
	for i := bodyStart(t, pages); i < len(pages); i++ {
		var last string
		for _, line := range strings.Split(pages[i], "\n") {
			if strings.TrimSpace(line) != "" && !furniture.MatchString(line) {
				last = line
			}
		}
		// A table row printed in columns is not a heading.
		if heading.MatchString(last) && !strings.Contains(strings.TrimSpace(last), "   ") {
			t.Errorf("page %d ends with the heading %q", i+1, strings.TrimSpace(last))
		}
	}
}

// TestReportPDFUnitHeadings prints the example's report and a large
// edition's, and finds every unit as a heading exactly once after the
// contents: its number and name at the start of a line.
func TestReportPDFUnitHeadings(t *testing.T) {
	srv, db := mustMapServer(t)
	ts := httptest.NewServer(asAdmin(srv))
	defer ts.Close()
	example, err := db.Export(context.Background(), 2019)
	if err != nil {
		t.Fatal(err)
	}
	editions := []*kartlaggning.Document{example}
	if !testing.Short() {
		large, err := synthetic.Edition("large", 2031)
		if err != nil && !errors.Is(err, synthetic.ErrNoGenerator) {
			t.Fatal(err)
		}
		if err == nil {
			if _, err := db.Import(context.Background(), large, false); err != nil {
				t.Fatal(err)
			}
			editions = append(editions, large)
		}
	}
	for _, doc := range editions {
		year := doc.Edition.Year
		t.Run(strconv.Itoa(year), func(t *testing.T) {
			path := "/editions/" + strconv.Itoa(year) + "/rapport"
			html := do(t, srv, "GET", path, nil).Body.String()
			numbers := reportUnitHeadings(t, html, doc)
			// The example lays itself out into numbered pages at once; a
			// report of hundreds of units only when the reader asks.
			want := `data-pages="auto"`
			if len(doc.Units) > 60 {
				want = `data-pages="manual"`
			}
			if !strings.Contains(html, want) || !strings.Contains(html, "js/report-pages.js") {
				t.Errorf("the report of %d units lacks %s", len(doc.Units), want)
			}
			pages := pdfPages(t, printPDF(t, ts.URL+path+"?sidnummer=nej"), false)
			body := strings.Join(pages[bodyStart(t, pages):], "\n")
			for _, u := range doc.Units {
				re := headingPattern(numbers[u.ID], u.Name)
				if n := len(re.FindAllString(body, -1)); n != 1 {
					t.Errorf("unit %s is a heading %d times in the PDF, want once (%s)", u.Name, n, re)
				}
			}
		})
	}
}

// bodyStart is the first page after the contents: the last page with the
// heading "1 Bakgrund" (the contents list it too, earlier).
func bodyStart(t *testing.T, pages []string) int {
	t.Helper()
	start := -1
	re := regexp.MustCompile(`(?m)^\s*1\s+Bakgrund\s*$`)
	for i, p := range pages {
		if re.MatchString(p) {
			start = i
		}
	}
	if start < 0 {
		t.Fatal("the PDF has no chapter 1 Bakgrund")
	}
	return start
}

// headingPattern matches a numbered heading at the start of a line, its
// words allowed to wrap onto the next line.
func headingPattern(number, name string) *regexp.Regexp {
	var words []string
	for _, w := range strings.Fields(name) {
		words = append(words, strings.ReplaceAll(regexp.QuoteMeta(w), "/", `/\s*`))
	}
	return regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(number) + `\s+` + strings.Join(words, `\s+`) + `\s*$`)
}

// The edition's texts are Markdown, on its page as in the report, and
// markup typed into them is shown, not run.
func TestEditionTextsAreMarkdown(t *testing.T) {
	t.Parallel()
	srv, db := mustMapServer(t)
	ed, v, _ := db.Edition(context.Background(), 2019)
	ed.Method = "Intervjuer med **alla enheter**:\n\n- Mullsjö\n- Habo\n\n<script>alert(1)</script>"
	if _, err := db.UpdateEdition(context.Background(), ed, v); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/editions/2019", "/editions/2019/rapport"} {
		page := do(t, srv, "GET", path, nil).Body.String()
		if !strings.Contains(page, "<strong>alla enheter</strong>") || !strings.Contains(page, "<li>Habo</li>") {
			t.Errorf("%s does not render the Markdown", path)
		}
		if strings.Contains(page, "<script>alert(1)</script>") {
			t.Errorf("%s passes raw HTML through", path)
		}
	}
}

// TestReportDOCX downloads the Word document and reads it back with
// pandoc, an independent reader: every chapter and every unit is there,
// as a heading of Word's own styles, and the maps are pictures.
func TestReportDOCX(t *testing.T) {
	if _, err := exec.LookPath("pandoc"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI must install pandoc")
		}
		t.Skip("SKIPPED: needs pandoc (apt-get install pandoc)")
	}
	srv, db := mustMapServer(t)
	doc, err := db.Export(context.Background(), 2019)
	if err != nil {
		t.Fatal(err)
	}
	numbers := reportUnitHeadings(t, do(t, srv, "GET", "/editions/2019/rapport", nil).Body.String(), doc)
	start := time.Now()
	rec := do(t, srv, "GET", "/editions/2019/rapport.docx", nil)
	cold := time.Since(start)
	start = time.Now()
	again := do(t, srv, "GET", "/editions/2019/rapport.docx", nil)
	if !bytes.Equal(again.Body.Bytes(), rec.Body.Bytes()) {
		t.Error("the Word document of one revision differs between two downloads")
	}
	t.Logf("the example's Word document: %d bytes in %v with the maps drawn, %v with them cached", rec.Body.Len(),
		cold.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	if rec.Code != 200 {
		t.Fatalf("rapport.docx: %d %s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, `filename="kartlaggning-2019.docx"`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	f := filepath.Join(t.TempDir(), "rapport.docx")
	if err := os.WriteFile(f, rec.Body.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	plain, err := exec.Command("pandoc", "-f", "docx", "-t", "plain", "--wrap=none", "--standalone", f).CombinedOutput()
	if err != nil {
		t.Fatalf("pandoc: %v\n%s", err, plain)
	}
	md, err := exec.Command("pandoc", "-f", "docx", "-t", "markdown", "--wrap=none", f).CombinedOutput()
	if err != nil {
		t.Fatalf("pandoc: %v\n%s", err, md)
	}
	for _, want := range []string{"Kartläggning av samverkan mellan parterna", "Hösten 2018 – Våren 2019", "Vad fungerar bra idag?",
		"Ingen gemensam arena med Försäkringskassan", "ARENA Mullsjö", "se 4.7 ENTER"} {
		if !strings.Contains(string(plain), want) {
			t.Errorf("the Word document lacks %q", want)
		}
	}
	for _, want := range []string{"# 1 Bakgrund", "# 2 Syfte", "# 3 Genomförande och metod", "# 4 Resultat", "## 4.1 Habo",
		"## 4.5 Region Jönköpings län", "## 4.6 Försäkringskassan", "## 4.7 ENTER", "# 5 Parternas gemensamma forum",
		"# 6 Sammanfattande reflektion", "# 7 Avslutande kommentar", "# Bilaga: Register över samverkansforum"} {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(want) + `\s*$`).Match(md) {
			t.Errorf("the Word document has no heading %q", want)
		}
	}
	for _, u := range doc.Units {
		want := "### " + numbers[u.ID] + " " + u.Name
		if u.ID == "enter" {
			want = "## " + numbers[u.ID] + " " + u.Name
		}
		if n := strings.Count(string(md), want+"\n"); n != 1 {
			t.Errorf("the Word document has the heading %q %d times, want once", want, n)
		}
	}
	if n := strings.Count(string(md), "](media/image"); n != len(doc.Municipalities) {
		t.Errorf("the Word document has %d maps, want one per municipality (%d)", n, len(doc.Municipalities))
	}
}

// TestLargeReportFetchesItsMaps: the large edition's report comes at once
// with a placeholder per kommun instead of its maps; the page fetches each
// kommun's maps from the address the placeholder names, and every map it
// gets fits its landscape page at a legible size (a map that does not is
// cut into sheets). A reader without JavaScript is offered the report
// with the maps drawn in.
func TestLargeReportFetchesItsMaps(t *testing.T) {
	if testing.Short() {
		t.Skip("draws a kommun of the large edition")
	}
	large, err := synthetic.Edition("large", 2031)
	if errors.Is(err, synthetic.ErrNoGenerator) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	srv, db := mustMapServer(t)
	if _, err := db.Import(context.Background(), large, false); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	rec := do(t, srv, "GET", "/editions/2031/rapport", nil)
	took := time.Since(start)
	if rec.Code != http.StatusOK {
		t.Fatalf("the report: %d", rec.Code)
	}
	page := rec.Body.String()
	if strings.Contains(page, `<figure class="map print-map">`) {
		t.Error("the large report draws its maps before it is sent")
	}
	if !strings.Contains(page, "js/report-maps.js") || !strings.Contains(page, `id="report-maps-status"`) {
		t.Error("the large report has no script or status line for its maps")
	}
	places := regexp.MustCompile(`data-maps-url="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(places) != len(large.Municipalities) {
		t.Fatalf("%d placeholders for maps, want one per kommun (%d)", len(places), len(large.Municipalities))
	}
	for i, m := range large.Municipalities {
		if want := "/editions/2031/rapport/kartor/" + m.ID; places[i][1] != want {
			t.Errorf("placeholder %d fetches %s, want %s", i+1, places[i][1], want)
		}
		if inline := `href="/editions/2031/rapport?kartor=med#kommun-` + m.ID + `"`; !strings.Contains(page, inline) {
			t.Errorf("no link to the report with %s's maps drawn in (%s)", m.Name, inline)
		}
	}
	t.Logf("the large report without its maps: %v, %d bytes", took.Round(time.Millisecond), len(page))

	// The first kommun's maps, as the page fetches them.
	start = time.Now()
	rec = do(t, srv, "GET", places[0][1], nil)
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("%s: %d %s", places[0][1], rec.Code, rec.Header().Get("Content-Type"))
	}
	fragment := rec.Body.String()
	if strings.Contains(fragment, "<html") || strings.Contains(fragment, "<nav") {
		t.Error("the maps come wrapped in a whole page")
	}
	images := regexp.MustCompile(`<figure class="map print-map"><img src="data:image/svg(?:\+|&#43;)xml;base64,([^"]+)"`).FindAllStringSubmatch(fragment, -1)
	if len(images) < 3 {
		t.Fatalf("%s holds %d maps, want at least one per level", large.Municipalities[0].Name, len(images))
	}
	for i, img := range images {
		svg, err := base64.StdEncoding.DecodeString(html.UnescapeString(img[1]))
		if err != nil {
			t.Fatalf("map %d: %v", i+1, err)
		}
		s := regexp.MustCompile(`^<svg width="([0-9.]+)pt" height="([0-9.]+)pt"`).FindStringSubmatch(string(svg))
		if s == nil {
			t.Fatalf("map %d is no sized SVG: %.80s", i+1, svg)
		}
		w, _ := strconv.ParseFloat(s[1], 64)
		h, _ := strconv.ParseFloat(s[2], 64)
		// The page's room, 785 × 505 pt, give or take the rounding.
		if w > 785.5 || h > 505.5 {
			t.Errorf("map %d is %s × %s pt: it runs off its landscape page", i+1, s[1], s[2])
		}
	}
	t.Logf("%s: %d maps in %v", large.Municipalities[0].Name, len(images), time.Since(start).Round(time.Millisecond))

	// Without JavaScript: the report with every kommun's maps drawn in.
	rec = do(t, srv, "GET", "/editions/2031/rapport?kartor=med", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("the report with its maps drawn in: %d", rec.Code)
	}
	if inline := rec.Body.String(); strings.Contains(inline, "data-maps-url") || strings.Count(inline, `<figure class="map print-map">`) < 3*len(large.Municipalities) {
		t.Errorf("the report with its maps drawn in has %d maps and %d placeholders", strings.Count(inline, `<figure class="map print-map">`), strings.Count(inline, "data-maps-url"))
	}

	rec = do(t, srv, "GET", "/editions/2031/rapport/kartor/ingen-sadan", nil)
	if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "ingen-sadan") {
		t.Errorf("an unknown kommun's maps: %d %s", rec.Code, rec.Body.String())
	}
}
