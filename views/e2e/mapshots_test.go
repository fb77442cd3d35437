package e2e_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// mapPicturesEnv names a directory where TestMapPagesAtScreenSize leaves
// its pictures of the map pages (PNG of the map and its key at 1400 × 1000,
// and the page printed to PDF), for a person to look at.
const mapPicturesEnv = "KARTLAGGNING_MAP_PICTURES"

// TestMapPagesAtScreenSize opens the example's overview, Habo's map and
// the large edition's overview at 1400 × 1000: the map and its key fit the
// window's width, the key stands under the map, not over it, and none of
// its rows is cut.
func TestMapPagesAtScreenSize(t *testing.T) {
	s := start(t)
	s.importLarge(t)
	dir := os.Getenv(mapPicturesEnv)
	for _, shot := range []struct{ name, path string }{
		{"oversikt", "/editions/{year}/maps"},
		{"habo", "/editions/{year}/maps/municipality/habo"},
		{"large-oversikt", "/editions/2031/maps"},
	} {
		t.Run(shot.name, func(t *testing.T) {
			ctx := s.longTab(t)
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(1400, 1000)); err != nil {
				t.Fatal(err)
			}
			open(t, ctx, s.url(shot.path), http.StatusOK)
			type box struct{ Left, Top, Right, Bottom float64 }
			boxes := eval[map[string]box](t, ctx, `(() => {
  const b = e => { const r = e.getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
  const out = {map: b(document.querySelector(".map-explorer")), legend: b(document.querySelector(".map-legend"))};
  document.querySelectorAll(".map-legend li").forEach((li, i) => { out["row" + i] = b(li); });
  return out;
})()`)
			m, l := boxes["map"], boxes["legend"]
			if m.Right > 1400 || l.Right > 1400 {
				t.Errorf("the map (right edge %.0f) or its key (%.0f) is wider than the window", m.Right, l.Right)
			}
			if l.Top < m.Bottom {
				t.Errorf("the key starts at %.0f px, inside the map that ends at %.0f px", l.Top, m.Bottom)
			}
			rows := 0
			for k, r := range boxes {
				if k == "map" || k == "legend" {
					continue
				}
				rows++
				if r.Right > l.Right+1 || r.Bottom > l.Bottom+1 {
					t.Errorf("the key's row %s ends outside the key", k)
				}
			}
			if rows < 2 {
				t.Errorf("the key has %d rows", rows)
			}
			if dir == "" {
				return
			}
			img, err := chromedp.Run(ctx, chromedp.Screenshot("figure.map"))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "karta-"+shot.name+".png"), img, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "karta-"+shot.name+".pdf"), printToPDF(t, ctx), 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestOverviewMatrixAtScreenSize opens the overview as a matrix of parties
// and kommuner, of the example and of the large edition, at 1400 × 1000:
// the table fits the window without scrolling sideways, every cell writes
// its number, and axe-core finds nothing.
func TestOverviewMatrixAtScreenSize(t *testing.T) {
	s := start(t)
	s.importLarge(t)
	dir := os.Getenv(mapPicturesEnv)
	for _, shot := range []struct{ name, path string }{
		{"matris", "/editions/{year}/maps?visa=matris"},
		{"large-matris", "/editions/2031/maps?visa=matris"},
	} {
		t.Run(shot.name, func(t *testing.T) {
			ctx := s.longTab(t)
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(1400, 1000)); err != nil {
				t.Fatal(err)
			}
			open(t, ctx, s.url(shot.path), http.StatusOK)
			type size struct{ Table, Frame, Cells, Empty int }
			got := eval[size](t, ctx, `(() => {
  const t = document.querySelector("table.place-matrix");
  if (!t) return {};
  const cells = [...t.querySelectorAll("td:not(.corner)")];
  return {table: Math.round(t.getBoundingClientRect().width), frame: Math.round(t.parentNode.getBoundingClientRect().width),
    cells: cells.length, empty: cells.filter(c => c.textContent.trim() === "").length};
})()`)
			if got.Cells == 0 {
				t.Fatal("the page has no matrix")
			}
			if got.Table > got.Frame {
				t.Errorf("the matrix is %d px wide in a frame of %d px", got.Table, got.Frame)
			}
			if got.Empty > 0 {
				t.Errorf("%d of %d cells write no number", got.Empty, got.Cells)
			}
			if vs := s.axeViolations(t, ctx); len(vs) > 0 {
				t.Errorf("axe-core finds %s", vs)
			}
			t.Logf("%s: %d cells, the table %d px wide", shot.name, got.Cells, got.Table)
			if dir == "" {
				return
			}
			img, err := chromedp.Run(ctx, chromedp.Screenshot("main"))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "karta-"+shot.name+".png"), img, 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}
