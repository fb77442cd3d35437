package views_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
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
		"4 Resultat", "4.2 Mullsjö", "Försörjningsstöd", "Vad fungerar bra idag?", "Vad behöver utvecklas?",
		"Ingen gemensam arena med Försäkringskassan", "Parternas gemensamma forum", "Sammanfattande reflektion",
		"Avslutande kommentar", "Bilaga: Register över samverkansforum", "ARENA Mullsjö", "Utkast",
		"css/report.css", `<figure class="map print-map"><svg`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	// A unit serving several municipalities is written under each, with
	// anchors of its own.
	if ids := regexp.MustCompile(`id="(kommun-[a-z]+-enhet-enter)"`).FindAllStringSubmatch(body, -1); len(ids) < 2 {
		t.Errorf("ENTER appears under %d municipalities, want every one it serves", len(ids))
	}
}

// TestReportPDF prints the report with headless Chromium, as a user
// would, and reads the PDF back.
func TestReportPDF(t *testing.T) {
	t.Parallel()
	chromium, err := exec.LookPath("chromium")
	pdftotext, err2 := exec.LookPath("pdftotext")
	if err != nil || err2 != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI must install chromium and poppler-utils (pdftotext, pdfinfo)")
		}
		t.Skip("SKIPPED: needs chromium and pdftotext (apt-get install chromium poppler-utils)")
	}
	srv, _ := mustMapServer(t)
	ts := httptest.NewServer(asAdmin(srv))
	defer ts.Close()
	dir := t.TempDir()
	pdf := filepath.Join(dir, "rapport.pdf")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--no-pdf-header-footer",
		"--print-to-pdf="+pdf, ts.URL+"/editions/2019/rapport")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
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
	text, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	s := string(text)
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
