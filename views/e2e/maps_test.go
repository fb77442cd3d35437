package e2e_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestMapFilterAndNodeLink filters a kommun's map with the keyboard, checks
// that only forums of the chosen level remain, and follows a unit's node in
// the map to the unit's page.
func TestMapFilterAndNodeLink(t *testing.T) {
	s := start(t)
	ctx := s.tab(t)
	open(t, ctx, s.url("/editions/{year}/maps/municipality/{municipality}"), http.StatusOK)
	if n := eval[int](t, ctx, `document.querySelectorAll("figure.map svg:not(.legend-sample)").length`); n != 1 {
		t.Fatalf("the map page has %d maps", n)
	}

	tabTo(t, ctx, "the level filter", byID("karta-niva"))
	choose(t, ctx, "operativ")
	tabTo(t, ctx, "the button Visa kartan", byText("Visa kartan"))
	pressEnter(t, ctx, http.StatusOK)
	if q, _ := url.ParseQuery(strings.TrimPrefix(eval[string](t, ctx, `location.search`), "?")); q.Get("level") != "operativ" {
		t.Fatalf("the filter went to %q", eval[string](t, ctx, `location.href`))
	}
	forums := eval[[]string](t, ctx, `[...document.querySelectorAll("figure.map svg a")].map(a => a.getAttribute("xlink:href") || a.getAttribute("href") || "").filter(h => h.includes("/forums/"))`)
	if len(forums) == 0 {
		t.Fatalf("the filtered map links no forum")
	}
	for _, href := range forums {
		id := href[strings.LastIndex(href, "/")+1:]
		var f struct {
			Level string `json:"level"`
		}
		if err := s.getJSON(s.ids.expand("/api/v1/editions/{year}/forums/")+id, &f); err != nil {
			t.Fatal(err)
		}
		if f.Level != "operativ" {
			t.Errorf("the map filtered to Operativ shows %s, which is %s", id, f.Level)
		}
	}

	node := `[...document.querySelectorAll("figure.map svg a")].find(a => (a.getAttribute("xlink:href") || "").includes("/units/"))`
	name := eval[string](t, ctx, node+`.textContent.trim()`)
	href := eval[string](t, ctx, node+`.getAttribute("xlink:href")`)
	eval[bool](t, ctx, node+`.focus(); true`)
	if f := activeElement(t, ctx); f.Tag != "a" {
		t.Fatalf("the unit's node cannot take the focus (focus on %s)", f)
	}
	// The first Enter shows the node's neighbourhood (js/map.js), the
	// second follows its link.
	press(t, ctx, "\r")
	submit(t, ctx, http.StatusOK, chromedp.KeyEvent("\r"))
	if loc := eval[string](t, ctx, `location.pathname`); loc != href {
		t.Errorf("the node led to %s, want %s", loc, href)
	}
	if h1 := text(t, ctx, "h1"); h1 != name {
		t.Errorf("the node %q led to the page of %q", name, h1)
	}
}
