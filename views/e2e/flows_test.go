package e2e_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestEditUnitTexts changes a unit's answers; a save with an error keeps
// what was typed, and the saved texts show as paragraphs on the unit's page.
func TestEditUnitTexts(t *testing.T) {
	s := start(t)
	ctx := s.tab(t)
	open(t, ctx, s.url("/editions/{year}/units/{unit}"), http.StatusOK)
	name := text(t, ctx, "h1")
	submit(t, ctx, http.StatusOK, chromedp.Click(chromedp.Search(`//main//a[normalize-space()="Redigera"]`)))

	worksWell := []string{"Vi träffas varje vecka och känner varandras uppdrag.", "Korta vägar till Arbetsförmedlingen."}
	needs := "Gemensam planering för unga vuxna som står långt från arbete."
	if err := chromedp.Do(ctx,
		chromedp.Clear(chromedp.ID("f-name")),
		chromedp.Clear(chromedp.ID("f-works-well")),
		chromedp.SendKeys(chromedp.ID("f-works-well"), strings.Join(worksWell, "\n\n")),
		chromedp.Clear(chromedp.ID("f-needs-development")),
		chromedp.SendKeys(chromedp.ID("f-needs-development"), needs),
	); err != nil {
		t.Fatal(err)
	}
	submit(t, ctx, http.StatusUnprocessableEntity, chromedp.Click(chromedp.CSS(`main form button[type=submit]`)))
	if summary := text(t, ctx, ".error-summary"); !strings.Contains(summary, "Namn") {
		t.Errorf("the error summary does not name the field Namn: %q", summary)
	}
	if f := activeElement(t, ctx); !strings.Contains(f.Text, "fel att rätta") {
		t.Errorf("after the failed save the focus is on %s, want the error summary", f)
	}
	if v := eval[string](t, ctx, `document.getElementById("f-works-well").value`); v != strings.Join(worksWell, "\n\n") {
		t.Errorf("the form lost what was typed: %q", v)
	}
	if inv := eval[string](t, ctx, `document.getElementById("f-name").getAttribute("aria-invalid") || ""`); inv != "true" {
		t.Errorf("the empty name is not marked aria-invalid")
	}

	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("f-name"), name)); err != nil {
		t.Fatal(err)
	}
	submit(t, ctx, http.StatusOK, chromedp.Click(chromedp.CSS(`main form button[type=submit]`)))
	if flash := text(t, ctx, ".flash"); flash != "Ändringarna är sparade." {
		t.Errorf("flash = %q", flash)
	}
	got := eval[[]string](t, ctx, `[...document.querySelectorAll("h2")].filter(h => h.textContent === "Vad fungerar bra idag?").flatMap(h => [...h.nextElementSibling.querySelectorAll("p")].map(p => p.textContent))`)
	if strings.Join(got, "|") != strings.Join(worksWell, "|") {
		t.Errorf("Vad fungerar bra idag? shows %q, want the two paragraphs %q", got, worksWell)
	}
	if body := text(t, ctx, "main"); !strings.Contains(body, needs) {
		t.Errorf("the page does not show Vad behöver utvecklas?: %q", needs)
	}
}

// TestSearchUnits searches the units by name: typing filters the table at
// once, and Enter asks the server, which answers the same rows.
func TestSearchUnits(t *testing.T) {
	s := start(t)
	ctx := s.tab(t)
	open(t, ctx, s.url("/editions/{year}/units"), http.StatusOK)
	total := eval[int](t, ctx, `document.querySelectorAll("#lista tbody tr").length`)

	const query = "STÖD" // case does not matter, å/ä/ö do
	tabTo(t, ctx, "the search box", byID("sok"))
	typeText(t, ctx, query)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector(".filter-status").textContent !== ""`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("typing in the search box changed nothing: %v", err)
	}
	shown := eval[[]string](t, ctx, `[...document.querySelectorAll("#lista tbody tr:not([hidden]) th")].map(th => th.textContent.trim())`)
	if len(shown) == 0 || len(shown) == total {
		t.Fatalf("the filter shows %d of %d units, want some but not all", len(shown), total)
	}
	for _, n := range shown {
		if !strings.Contains(strings.ToLower(n), strings.ToLower(query)) {
			t.Errorf("the filter shows %q, which does not contain %q", n, query)
		}
	}
	status := text(t, ctx, ".filter-status")
	if !strings.HasPrefix(status, "Visar ") || !strings.Contains(status, " enheter") {
		t.Errorf("filter status = %q", status)
	}

	press(t, ctx, kb.Enter)
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`a[href="?"]`))); err != nil {
		t.Fatalf("Enter in the search box did not search: %v", err)
	}
	loc := eval[string](t, ctx, `location.search`)
	if q, _ := url.ParseQuery(strings.TrimPrefix(loc, "?")); q.Get("q") != query {
		t.Errorf("the search went to %q, want q=%s", loc, query)
	}
	server := eval[[]string](t, ctx, `[...document.querySelectorAll("#lista tbody tr th")].map(th => th.textContent.trim())`)
	if strings.Join(server, "|") != strings.Join(shown, "|") {
		t.Errorf("the server found %q, the filter %q", server, shown)
	}

	open(t, ctx, s.url("/editions/{year}/forums?q=ingetsådantforum"), http.StatusOK)
	if msg := text(t, ctx, ".notice.empty"); !strings.Contains(msg, "Inga forum har ”ingetsådantforum” i namnet") {
		t.Errorf("a search without hits says %q", msg)
	}
}

// TestSortTable sorts the units by organisation and back, with the
// keyboard, and checks the order and what assistive technology is told.
func TestSortTable(t *testing.T) {
	s := start(t)
	ctx := s.tab(t)
	open(t, ctx, s.url("/editions/{year}/units"), http.StatusOK)
	if got := eval[string](t, ctx, `document.querySelector("#lista thead th").getAttribute("aria-sort")`); got != "ascending" {
		t.Errorf("the name column says aria-sort=%q, want ascending: the list comes sorted by name", got)
	}
	column := func() []string {
		return eval[[]string](t, ctx, `[...document.querySelectorAll("#lista tbody tr")].map(r => r.cells[1].textContent.trim())`)
	}
	before := column()

	tabTo(t, ctx, "the sort button Organisation", byText("Organisation"))
	press(t, ctx, kb.Enter)
	asc := column()
	if !sortedSwedish(asc) {
		t.Errorf("after sorting by organisation the column reads %q", asc)
	}
	if eq(asc, before) {
		t.Errorf("sorting by organisation changed nothing: %q", asc)
	}
	if got := eval[[]string](t, ctx, `[...document.querySelectorAll("#lista thead th")].map(th => th.getAttribute("aria-sort") || "")`); got[0] != "" || got[1] != "ascending" {
		t.Errorf("aria-sort of the headers = %q, want only Organisation ascending", got)
	}
	if caption := text(t, ctx, "#lista caption"); !strings.Contains(caption, "sorterade efter organisation, stigande") {
		t.Errorf("caption = %q", caption)
	}

	press(t, ctx, kb.Enter)
	desc := column()
	if !sortedSwedish(reverse(desc)) {
		t.Errorf("after sorting again the column is not in falling order: %q", desc)
	}
	if got := eval[string](t, ctx, `document.querySelectorAll("#lista thead th")[1].getAttribute("aria-sort")`); got != "descending" {
		t.Errorf("aria-sort = %q, want descending", got)
	}
	announced := `[...document.querySelectorAll("[role=status]")].some(e => e.textContent.includes("sorterad efter Organisation, fallande"))`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](announced, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("the new order is not announced in a live region: %v", err)
	}
}

// swedishKey orders letters as a Swedish reader does: å, ä, ö after z.
func swedishKey(s string) string {
	return strings.NewReplacer("å", "{", "ä", "|", "ö", "}").Replace(strings.ToLower(s))
}

func sortedSwedish(list []string) bool {
	for i := 1; i < len(list); i++ {
		if swedishKey(list[i-1]) > swedishKey(list[i]) {
			return false
		}
	}
	return true
}

func reverse(list []string) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[len(list)-1-i] = v
	}
	return out
}

func eq(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

// TestPhoneLayout opens pages 320 px wide, as at 400 % zoom or on a small
// phone: nothing may make the page scroll sideways (a wide table scrolls
// inside its own box).
func TestPhoneLayout(t *testing.T) {
	s := start(t)
	for _, p := range []struct {
		path   string
		status int
	}{
		{"/", 200}, {"/editions/{year}", 200}, {"/editions/{year}/units", 200}, {"/editions/{year}/units/{unit}", 200},
		{"/editions/{year}/forums/{forum}", 200}, {"/editions/{year}/forums/{forum}/edit", 200},
		{"/editions/{year}/units/{unit}/delete", 200}, {"/tillganglighet", 200}, {"/editions/{year}/units/finns-inte", 404},
		{"/editions/{year}/analysis", 200}, {"/editions/{year}/analysis/matrix", 200}, {"/editions/{year}/analysis/overlaps", 200},
		{"/editions/{year}/analysis/metrics", 200}, {"/editions/{year}/municipalities/{municipality}/summary", 200},
		{"/editions/{year}/diff/{next}", 200}, {"/editions/{year}/maps", 200}, {"/editions/{year}/maps/municipality/{municipality}", 200},
		{"/login", 200}, {"/users", 200}, {"/users/new", 200}, {"/editions/{year}/review", 200},
		{"/editions/{year}/units/{review}/review", 200}, {"/editions/{year}/history", 200},
		{"/editions/{year}/analysis/network", 200}, {"/editions/{year}/analysis/coverage", 200},
		{"/editions/{year}/municipalities/{municipality}/trends", 200}, {"/editions/{year}/units/{unit}/trends", 200},
	} {
		t.Run(p.path, func(t *testing.T) {
			ctx := s.tab(t)
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(320, 640, chromedp.EmulateMobile)); err != nil {
				t.Fatal(err)
			}
			open(t, ctx, s.url(p.path), p.status)
			wide := eval[[]string](t, ctx, `(() => {
  const w = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= w) return [];
  return [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest(".skip-link"))
    .filter(e => !e.closest(".table-wrap") || getComputedStyle(e).position === "absolute")
    .map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "") + ": " + (e.textContent || "").trim().slice(0, 40));
})()`)
			if len(wide) > 0 {
				t.Errorf("the page is wider than 320 px because of:\n%s", strings.Join(wide, "\n"))
			}
		})
	}
}

// TestMunicipalitySummary goes from a kommun's page to its summary with
// the keyboard and follows the summary's table of contents to a unit.
func TestMunicipalitySummary(t *testing.T) {
	s := start(t)
	ctx := s.tab(t)
	open(t, ctx, s.url("/editions/{year}/municipalities/{municipality}"), http.StatusOK)
	name := text(t, ctx, "h1")
	tabTo(t, ctx, "the link to the summary", byText("Sammanställning för "+name))
	pressEnter(t, ctx, http.StatusOK)
	if h1 := text(t, ctx, "h1"); !strings.Contains(h1, name) {
		t.Fatalf("the summary's heading %q does not name %s", h1, name)
	}
	units := eval[int](t, ctx, `document.querySelectorAll("section.summary-unit").length`)
	links := eval[int](t, ctx, `document.querySelectorAll("nav.toc a").length`)
	if units == 0 || links != units {
		t.Fatalf("the summary has %d unit sections and %d links to them", units, links)
	}
	first := tabTo(t, ctx, "the first unit in the contents", func(f focused) bool {
		return eval[bool](t, ctx, `document.activeElement.closest("nav.toc") !== null`)
	})
	followLink(t, ctx)
	target := eval[string](t, ctx, `(() => { const e = document.querySelector(location.hash); return e ? e.querySelector("h2").textContent.trim() : "" })()`)
	if target != first.Text {
		t.Errorf("the contents link %q leads to %q", first.Text, target)
	}
	if top := eval[float64](t, ctx, `document.querySelector(location.hash).getBoundingClientRect().top`); top < -1 || top > 200 {
		t.Errorf("the unit's section is not scrolled into view (top at %.0f px)", top)
	}
}
