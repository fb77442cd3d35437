package e2e_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// focusedNode is the node whose link has the focus: its ref, its middle
// on the screen, and whether it is marked as the keyboard's node.
type focusedNode struct {
	Ref    string  `json:"ref"`
	X      float64 `json:"x"`
	Y      float64 `json:"y"`
	Cursor bool    `json:"cursor"`
	Ring   float64 `json:"ring"` // the stroke width of its shape
}

const focusedNodeJS = `(() => {
  const g = document.activeElement && document.activeElement.closest && document.activeElement.closest("g.node[id^='n:']");
  if (!g) return {ref: ""};
  const r = g.getBoundingClientRect();
  const shape = g.querySelector("a > :not(text)");
  return {ref: g.id.slice(2), x: r.left + r.width / 2, y: r.top + r.height / 2, cursor: g.classList.contains("cursor"),
    ring: shape ? parseFloat(getComputedStyle(shape).strokeWidth) : 0};
})()`

// TestMapKeyboard walks a kommun's map with the keyboard alone: Tab into
// the map, the arrows go from node to node in their direction with the
// focus in sight, every node can be reached so, Enter shows a node's
// neighbourhood and Enter again opens its page, Escape shows all, Shift
// and an arrow pans, + zooms; and Tab leaves a map of many nodes at once.
// axe-core finds nothing in any state.
func TestMapKeyboard(t *testing.T) {
	s := start(t)
	ctx := s.tab(t)
	open(t, ctx, s.url("/editions/{year}/maps/municipality/{municipality}"), http.StatusOK)
	axeClean := func(state string) {
		t.Helper()
		if vs := s.axeViolations(t, ctx); len(vs) > 0 {
			t.Errorf("%s: axe-core finds %s", state, vs)
		}
	}
	if help := text(t, ctx, "#karthjalp"); !strings.Contains(help, "piltangenterna") || !strings.Contains(help, "Esc") {
		t.Errorf("the map's keyboard help says %q", help)
	}
	tabTo(t, ctx, "the map", byID("kartbild"))
	node := func() focusedNode {
		t.Helper()
		return eval[focusedNode](t, ctx, focusedNodeJS)
	}
	press(t, ctx, kb.ArrowRight)
	first := node()
	if first.Ref == "" {
		t.Fatalf("an arrow in the map put the focus on %s, not a node", activeElement(t, ctx))
	}
	if f := activeElement(t, ctx); !f.Visible || !f.InView || !first.Cursor || first.Ring < 3 {
		t.Errorf("the node in focus %s: outline %v, on screen %v, marked %v, ring %.1f px", first.Ref, f.Visible, f.InView, first.Cursor, first.Ring)
	}
	axeClean("a node in focus")

	// Each arrow goes that way.
	at := first
	for _, step := range []struct {
		key    string
		ok     func(a, b focusedNode) bool
		wanted string
	}{
		{kb.ArrowRight, func(a, b focusedNode) bool { return b.X > a.X }, "right of"},
		{kb.ArrowDown, func(a, b focusedNode) bool { return b.Y > a.Y }, "below"},
		{kb.ArrowLeft, func(a, b focusedNode) bool { return b.X < a.X }, "left of"},
		{kb.ArrowUp, func(a, b focusedNode) bool { return b.Y < a.Y }, "above"},
	} {
		press(t, ctx, step.key)
		next := node()
		if next.Ref == at.Ref {
			// The edge of the map in that direction: nothing to go to.
			continue
		}
		if next.Ref == "" || !step.ok(at, next) {
			t.Errorf("%q from %s (%.0f, %.0f) went to %q (%.0f, %.0f), not a node %s it", step.key, at.Ref, at.X, at.Y, next.Ref, next.X, next.Y, step.wanted)
		}
		if f := activeElement(t, ctx); !f.InView {
			t.Errorf("the node %s the arrow went to is out of sight", next.Ref)
		}
		at = next
	}

	// Every node is reached with the arrows from the one first entered.
	unreached := eval[[]string](t, ctx, `(() => {
  const m = window.kartlaggningMap;
  const all = [...document.querySelectorAll(".map-explorer g.node[id^='n:'] > a")].map(a => a.parentNode.id.slice(2));
  const mid = r => { const b = document.getElementById("n:" + r).getBBox(); return {x: b.x + b.width / 2, y: b.y + b.height / 2, ref: r}; };
  const seen = new Set([`+jsString(first.Ref)+`]);
  const queue = [...seen];
  while (queue.length) {
    const r = queue.shift();
    for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const n = m.nearest(mid(r), dx, dy);
      if (n && !seen.has(n)) { seen.add(n); queue.push(n); }
    }
  }
  return all.filter(r => !seen.has(r));
})()`)
	if len(unreached) > 0 {
		t.Errorf("the arrows never reach %d nodes: %v", len(unreached), unreached)
	}

	// Enter shows the node's neighbourhood and keeps the focus on it.
	press(t, ctx, "\r")
	o := eval[opacities](t, ctx, opacitiesJS)
	if o.Ref != at.Ref || o.KeptMin < 0.99 || o.Others == 0 || o.OthersMax > 0.3 {
		t.Errorf("Enter on %s: focus %q in the address, kept at %.2f, %d others at up to %.2f", at.Ref, o.Ref, o.KeptMin, o.Others, o.OthersMax)
	}
	if n := node(); n.Ref != at.Ref {
		t.Errorf("after Enter the focus is on %q, want %s", n.Ref, at.Ref)
	}
	axeClean("a neighbourhood shown with Enter")

	// Shift and an arrow pan without leaving the node; + zooms.
	vb := func() []float64 {
		return eval[[]float64](t, ctx, `(() => { const b = document.querySelector(".map-explorer svg").viewBox.baseVal; return [b.x, b.y, b.width]; })()`)
	}
	before := vb()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight, chromedp.KeyModifiers(kb.ModifierShift))); err != nil {
		t.Fatal(err)
	}
	if after := vb(); after[0] <= before[0] || node().Ref != at.Ref {
		t.Errorf("Shift+Right moved the view from x %.0f to %.0f and the focus to %q", before[0], after[0], node().Ref)
	}
	press(t, ctx, "+")
	if after := vb(); after[2] >= before[2]*0.9 {
		t.Errorf("+ left the view %.0f wide, from %.0f", after[2], before[2])
	}

	// Escape shows everything again.
	press(t, ctx, kb.Escape)
	if n := eval[int](t, ctx, `document.querySelectorAll(".map-explorer .faded").length`); n != 0 {
		t.Errorf("after Escape %d nodes and lines are still faded", n)
	}
	if h := eval[string](t, ctx, `location.hash`); h != "" {
		t.Errorf("after Escape the address keeps %q", h)
	}
	axeClean("everything shown with Escape")

	// Tab leaves the map from its node: one node of many is in the tab
	// order.
	press(t, ctx, kb.Tab)
	if n := node(); n.Ref != "" {
		t.Errorf("Tab from a node went to another node, %s: every node is a tab stop", n.Ref)
	}

	// Enter twice opens the node's page.
	eval[bool](t, ctx, `document.getElementById("n:" + `+jsString(first.Ref)+`).querySelector("a").focus(); true`)
	href := eval[string](t, ctx, `document.activeElement.getAttribute("xlink:href") || document.activeElement.getAttribute("href")`)
	press(t, ctx, "\r")
	submit(t, ctx, http.StatusOK, chromedp.KeyEvent("\r"))
	if loc := eval[string](t, ctx, `location.pathname`); href == "" || loc != href {
		t.Errorf("Enter on the focused node %s went to %s, want %s", first.Ref, loc, href)
	}
}
