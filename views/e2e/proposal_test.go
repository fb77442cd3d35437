package e2e_test

import (
	"context"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/demo"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
	"github.com/kartlaggning/kartlaggning/store"
)

// TestAcceptProposals: a chef's submitted answer waits on the proposals
// page; the editor accepts the new forum it names and then the rest with
// "Godkänn alla", by keyboard-reachable buttons without any script; the
// unit's page and the table of its map then show the new forum. The page
// passes axe before and after.
//
// The answer is put in the database before the service starts (the
// respondent's form is tested on its own), so this test runs a server of
// its own on that file.
func TestAcceptProposals(t *testing.T) {
	s := start(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "proposals.db")
	prepareAnswer(t, dbPath)
	bin := filepath.Join(s.dir, "kartlaggning")
	add := exec.Command(bin, "user", "add", "--db", dbPath, "--email", adminEmail, "--role", "admin")
	add.Stdin = strings.NewReader(adminPassword + "\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	base, err := s.launch(bin, dbPath, filepath.Join(dir, "server.log"))
	if err != nil {
		t.Fatal(err)
	}

	ctx := s.freshTab(t)
	open(t, ctx, base+"/login", http.StatusOK)
	if after, err := fillLogin(ctx, adminEmail, adminPassword); err != nil || after.Status != http.StatusOK {
		t.Fatalf("signing in: %v", err)
	}

	// The unit's page tells of the answer's proposals and links them.
	open(t, ctx, base+"/editions/2019/units/habo-integration", http.StatusOK)
	if notice := text(t, ctx, "main .proposals-notice"); !strings.Contains(notice, "att gå igenom") {
		t.Errorf("the unit's notice says %q", notice)
	}
	submit(t, ctx, http.StatusOK, chromedp.Click(chromedp.CSS(`main .proposals-notice a`)))
	if h1 := text(t, ctx, "h1"); h1 != "Förslag från enkätsvar: Integration och flyktingenheten/DUA" {
		t.Errorf("the proposals page is headed %q", h1)
	}
	if vs := s.axeViolations(t, ctx); len(vs) > 0 {
		t.Errorf("axe on the proposals page:\n%s", vs)
	}
	side := eval[[]string](t, ctx, `[...document.querySelectorAll("main .proposal-label")].slice(0, 2).map(e => e.textContent.trim())`)
	if strings.Join(side, "|") != "I kartläggningen i dag|Enligt enkätsvaret" {
		t.Errorf("a proposal's two sides are labelled %q", side)
	}
	if q := text(t, ctx, "main .proposal-question"); q != "Är det samma som ARENA Habo?" {
		t.Errorf("the free-text forum asks %q", q)
	}

	// On a phone the two sides stand one under the other, nothing wider
	// than the screen, and axe is as content.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, base+"/editions/2019/forslag?enhet=habo-integration", http.StatusOK)
	wide := eval[[]string](t, ctx, `(() => {
  const w = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= w) return [];
  return [...document.querySelectorAll("main *")].filter(e => e.getBoundingClientRect().right > w + 1)
    .map(e => e.tagName.toLowerCase() + "." + e.className + ": " + (e.textContent || "").trim().slice(0, 40));
})()`)
	if len(wide) > 0 {
		t.Errorf("the proposals page is wider than a phone because of:\n%s", strings.Join(wide, "\n"))
	}
	if stacked := eval[bool](t, ctx, `(() => {
  const sides = document.querySelectorAll("main .proposal-side");
  return sides.length >= 2 && sides[1].getBoundingClientRect().top >= sides[0].getBoundingClientRect().bottom;
})()`); !stacked {
		t.Error("on a phone the two sides of a proposal do not stand one under the other")
	}
	if vs := s.axeViolations(t, ctx); len(vs) > 0 {
		t.Errorf("axe on the proposals page on a phone:\n%s", vs)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, base+"/editions/2019/forslag?enhet=habo-integration", http.StatusOK)

	// "Nej, skapa ett nytt forum", pressed with the keyboard.
	submit(t, ctx, http.StatusOK,
		chromedp.Focus(chromedp.Search(`//main//button[normalize-space()="Nej, skapa ett nytt forum"]`)),
		chromedp.KeyEvent("\r"))
	if flash := text(t, ctx, ".flash"); flash != "Förslaget är godkänt och infört i kartläggningen." {
		t.Errorf("after accepting the new forum: %q", flash)
	}
	submit(t, ctx, http.StatusOK, chromedp.Click(chromedp.CSS(`main .proposal-bulk button`)))
	if flash := text(t, ctx, ".flash"); !strings.Contains(flash, "förslag är godkända") {
		t.Errorf("after accepting all: %q", flash)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("main li.proposal").length`); n != 0 {
		t.Errorf("%d proposals still open after accepting all", n)
	}
	if vs := s.axeViolations(t, ctx); len(vs) > 0 {
		t.Errorf("axe on the proposals page after deciding:\n%s", vs)
	}

	// The unit's page and its map's table show the new forum.
	open(t, ctx, base+"/editions/2019/units/habo-integration", http.StatusOK)
	forums := eval[[]string](t, ctx, `[...document.querySelectorAll("main table th[scope=row]")].map(e => e.textContent.trim())`)
	if !contains(forums, "ARENA-gruppen Habo") || !contains(forums, "Folkhälsorådet i Habo") {
		t.Errorf("the unit's forums after accepting: %q", forums)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("main .proposals-notice").length`); n != 0 {
		t.Error("the unit's page still tells of open proposals")
	}
	open(t, ctx, base+"/editions/2019/maps/unit/habo-integration", http.StatusOK)
	rows := eval[[]string](t, ctx, `[...document.querySelectorAll("main table.map-table th[scope=row]")].map(e => e.textContent.trim())`)
	if !contains(rows, "ARENA-gruppen Habo") {
		t.Errorf("the map's table lacks the new forum: %q", rows)
	}
	if vs := s.axeViolations(t, ctx); len(vs) > 0 {
		t.Errorf("axe on the unit's map:\n%s", vs)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// prepareAnswer makes a database with the example edition (a draft) and a
// submitted chef answer of Integration och flyktingenheten in Habo: it
// sits in Folkhälsorådet, and in a group it names in free text that
// resembles ARENA Habo.
func prepareAnswer(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	doc, err := demo.Document()
	if err != nil {
		t.Fatal(err)
	}
	doc.Edition.Status = "draft"
	if _, err := db.Import(ctx, doc, false); err != nil {
		t.Fatal(err)
	}
	sv, err := db.CreateSurvey(ctx, 2019, survey.Survey{Kind: survey.Chef, Title: "Chefsenkät 2019", Closes: "2019-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	six := 6
	if _, err := db.SaveResponse(ctx, survey.Response{Year: 2019, Survey: sv.ID, Unit: "habo-integration", Status: survey.Submitted,
		Started: now, Updated: now, Submitted: now, Answer: survey.Answer{
			Forums: []survey.ForumAnswer{
				{Forum: "habo-folkhalsorad", Role: "ledamot"},
				{Forum: "dua-regional-styrgrupp", Frequency: &kartlaggning.Frequency{Min: &six, Max: &six, Text: "6 gånger per år"}},
				{Name: "ARENA-gruppen Habo", Kind: "arena", Level: "individ", Parties: []string{"af"}},
			},
			WorksWell: "Samarbetet med Arbetsförmedlingen i DUA fungerar bra.",
		}}); err != nil {
		t.Fatal(err)
	}
}
