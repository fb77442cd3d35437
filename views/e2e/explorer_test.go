package e2e_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/synthetic"
)

// opacities reports, for the unit chosen and its neighbours on the map and
// for all other nodes, the lowest and the highest opacity drawn.
const opacitiesJS = `(() => {
  const svg = document.querySelector(".map-explorer svg");
  const ref = decodeURIComponent((/fokus=([^&]+)/.exec(location.hash) || [])[1] || "");
  const near = new Set([ref]);
  svg.querySelectorAll("g.edge[id^='e:']").forEach(e => {
    const [a, b] = e.id.slice(2).split(" ");
    if (a === ref) near.add(b);
    if (b === ref) near.add(a);
  });
  const kept = [], others = [];
  svg.querySelectorAll("g.node[id^='n:']").forEach(g => {
    const o = parseFloat(getComputedStyle(g).opacity);
    (near.has(g.id.slice(2)) ? kept : others).push(o);
  });
  return {ref, kept: kept.length, keptMin: Math.min(...kept), others: others.length, othersMax: others.length ? Math.max(...others) : 0};
})()`

type opacities struct {
	Ref       string  `json:"ref"`
	Kept      int     `json:"kept"`
	KeptMin   float64 `json:"keptMin"`
	Others    int     `json:"others"`
	OthersMax float64 `json:"othersMax"`
}

// TestMapExplorer explores a kommun's map as a reader would: the map opens
// fitted, a search for a unit focuses it (the unit and its neighbours
// stay, the rest fades, the focus is in the address), "Visa allt" shows
// everything again, and the keyboard zooms. axe-core finds nothing in any
// of these states.
func TestMapExplorer(t *testing.T) {
	s := start(t)
	ctx := s.tab(t)
	open(t, ctx, s.url("/editions/{year}/maps/municipality/{municipality}"), http.StatusOK)
	axeClean := func(state string) {
		t.Helper()
		if vs := s.axeViolations(t, ctx); len(vs) > 0 {
			t.Errorf("%s: axe-core finds %s", state, vs)
		}
	}
	if !eval[bool](t, ctx, `!!document.querySelector(".map-explorer svg") && !document.querySelector(".map-explorer svg").hasAttribute("width")`) {
		t.Fatal("the explorer did not start on the map")
	}
	// Fitted: the whole drawing shows in the frame.
	if !eval[bool](t, ctx, `(() => { const s = document.querySelector(".map-explorer svg"), f = s.parentNode.getBoundingClientRect(), r = s.getBoundingClientRect(); return r.width <= f.width + 1 && r.height <= f.height + 1; })()`) {
		t.Error("the map does not open fitted to its frame")
	}
	axeClean("opened")

	// A unit with wishes: its name, not the red row of wishes in its box.
	unit := eval[string](t, ctx, `[...document.querySelectorAll(".map-explorer g.node[id^='n:units/']")].filter(g => g.querySelector("text[fill='#c62828']")).map(g => [...g.querySelectorAll("text:not([fill='#c62828'])")].map(t => t.textContent).join(" "))[0] || ""`)
	if unit == "" {
		t.Fatal("no unit on the kommun's map shows wishes")
	}
	tabTo(t, ctx, "the map search", byID("kartsok"))
	typeText(t, ctx, unit)
	tabTo(t, ctx, "the button Fokusera", byText("Fokusera"))
	press(t, ctx, "\r")
	o := eval[opacities](t, ctx, opacitiesJS)
	if o.Ref == "" || !strings.HasPrefix(o.Ref, "units/") {
		t.Fatalf("searching %q put no unit in the address: %q", unit, eval[string](t, ctx, `location.hash`))
	}
	if o.Kept < 2 || o.KeptMin < 0.99 {
		t.Errorf("the unit and its %d neighbours: lowest opacity %.2f, want 1", o.Kept-1, o.KeptMin)
	}
	if o.Others == 0 || o.OthersMax > 0.3 {
		t.Errorf("%d other nodes: highest opacity %.2f, want them faded", o.Others, o.OthersMax)
	}
	if got := text(t, ctx, ".map-focus"); !strings.Contains(got, "Fokus: "+unit) {
		t.Errorf("the focus panel says %q", got)
	}
	axeClean("focused")

	// The focused view as shared: the address alone focuses it again.
	shared := eval[string](t, ctx, `location.href`)
	open(t, ctx, s.url("/editions/{year}/maps"), http.StatusOK)
	open(t, ctx, shared, http.StatusOK)
	if again := eval[opacities](t, ctx, opacitiesJS); again.Ref != o.Ref || again.OthersMax > 0.3 {
		t.Errorf("the shared address %s shows focus %q, others at %.2f", shared, again.Ref, again.OthersMax)
	}

	tabTo(t, ctx, "the button Visa allt", byText("Visa allt"))
	press(t, ctx, "\r")
	if n := eval[int](t, ctx, `document.querySelectorAll(".map-explorer .faded").length`); n != 0 {
		t.Errorf("after Visa allt %d nodes and lines are still faded", n)
	}
	if h := eval[string](t, ctx, `location.hash`); h != "" {
		t.Errorf("after Visa allt the address keeps %q", h)
	}
	axeClean("reset")

	before := eval[float64](t, ctx, `document.querySelector(".map-explorer svg").viewBox.baseVal.width`)
	eval[bool](t, ctx, `document.querySelector(".map-explorer").focus(); true`)
	press(t, ctx, "+")
	press(t, ctx, "+")
	after := eval[float64](t, ctx, `document.querySelector(".map-explorer svg").viewBox.baseVal.width`)
	if after >= before*0.7 {
		t.Errorf("two presses of + left the view %.0f wide, from %.0f", after, before)
	}
	press(t, ctx, "ArrowRight")
	press(t, ctx, "0")
	if fit := eval[float64](t, ctx, `document.querySelector(".map-explorer svg").viewBox.baseVal.width`); fit != before {
		t.Errorf("0 fits the view to %.0f wide, want %.0f", fit, before)
	}
	axeClean("zoomed")
}

var largeOnce sync.Once

// importLarge adds the large synthetic edition (2031) to the suite's
// server, once.
func (s *suite) importLarge(t *testing.T) *kartlaggning.Document {
	t.Helper()
	doc, err := synthetic.Edition("large", 2031)
	if err != nil {
		t.Skip(err)
	}
	largeOnce.Do(func() {
		data, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := s.request(http.MethodPost, "/api/v1/editions/import?replace=true", bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode >= 300 {
			b, _ := io.ReadAll(resp.Body)
			t.Fatalf("importing the large edition: %s %s", resp.Status, b)
		}
	})
	return doc
}

// On the largest map of the large edition, fitting, zooming, focusing,
// searching and moving by arrow key each answer within 100 ms (median of
// five), and the page weighs under 1 MB.
func TestMapExplorerIsFastOnTheLargestMap(t *testing.T) {
	s := start(t)
	doc := s.importLarge(t)
	x := kartlaggning.NewIndex(doc)
	biggest, size := "", 0
	for _, m := range doc.Municipalities {
		if n := len(x.UnitsIn(m.ID)); n > size {
			biggest, size = m.ID, n
		}
	}
	ctx := s.longTab(t)
	open(t, ctx, s.url("/editions/2031/maps/municipality/"+biggest), http.StatusOK)
	nodes := eval[int](t, ctx, `document.querySelectorAll(".map-explorer g.node").length`)
	timing := eval[map[string]float64](t, ctx, `(() => {
  const m = window.kartlaggningMap, t = {};
  // The median of five runs: one run on a busy machine can be a
  // garbage collection or another process, not the explorer.
  const time = (name, f, runs = 5) => {
    const ms = [];
    for (let i = 0; i < runs; i++) { const t0 = performance.now(); f(i); ms.push(performance.now() - t0); }
    ms.sort((a, b) => a - b);
    t[name] = ms[Math.floor(runs / 2)];
  };
  // Each run a different unit and search, so that no run finds the
  // previous one's work done.
  const units = [...document.querySelectorAll(".map-explorer g.node[id^='n:units/']")].map(g => g.id.slice(2));
  const input = document.getElementById("kartsok");
  time("fit", () => m.fit());
  time("zoom", () => m.zoom(1.5));
  time("focus", i => m.focus(units[(i * 7) % units.length]));
  time("search", i => { input.value = input.list.options[3 + i * 5].value; input.form.requestSubmit(); });
  m.showAll();
  // The first arrow measures every node's place; later ones reuse it.
  time("arrow", () => m.arrow(1, 0), 1);
  time("arrow-again", i => i % 2 ? m.arrow(0, 1) : m.arrow(-1, 0));
  return t;
})()`)
	for _, what := range []string{"fit", "zoom", "focus", "search", "arrow", "arrow-again"} {
		ms, ok := timing[what]
		if !ok {
			t.Errorf("%s was not timed", what)
			continue
		}
		if ms > 100 {
			t.Errorf("%s took %.1f ms on a map of %d nodes, over 100 ms", what, ms, nodes)
		}
	}
	weight := eval[float64](t, ctx, `performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource")).reduce((n, e) => n + (e.transferSize || e.encodedBodySize || 0), 0)`)
	if weight > 1<<20 {
		t.Errorf("the map page weighs %.0f kB, over 1 MB", weight/1024)
	}
	t.Logf("the map of %s: %d nodes, %s; the page weighs %.0f kB", biggest, nodes, fmtTimes(timing), weight/1024)
}

func fmtTimes(m map[string]float64) string {
	var parts []string
	for _, k := range []string{"fit", "zoom", "focus", "search", "arrow", "arrow-again"} {
		parts = append(parts, fmt.Sprintf("%s %.1f ms", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
