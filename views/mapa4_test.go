package views_test

import (
	"encoding/binary"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// A4 landscape in points, and its printable room with 10 mm margins.
const (
	a4Long, a4Short = 842.0, 595.0
	marginPt        = 10 / 25.4 * 72
)

var (
	svgDeclared = regexp.MustCompile(`<svg width="([0-9.]+)pt" height="([0-9.]+)pt"\s+viewBox="[-0-9.]+ [-0-9.]+ ([0-9.]+) ([0-9.]+)"`)
	svgFontSize = regexp.MustCompile(`font-size="([0-9.]+)"`)
	a4Links     = regexp.MustCompile(`href="([^"]+\.svg\?[^"]*a4=1[^"]*)"`)
	forumNode   = regexp.MustCompile(`id="n:(forums/[^"]+)"`)
)

// printedSize checks an SVG downloaded for A4: it declares a physical size
// that fits a landscape A4 page inside its margins, and its smallest text,
// scaled from the viewBox to that size, is 7 pt or more. It returns that
// smallest size.
func printedSize(t *testing.T, name, svg string) float64 {
	t.Helper()
	m := svgDeclared.FindStringSubmatch(svg)
	if m == nil {
		t.Fatalf("%s declares no size in points: %.200s", name, svg)
	}
	f := func(i int) float64 { v, _ := strconv.ParseFloat(m[i], 64); return v }
	w, h, vw := f(1), f(2), f(3)
	if w > a4Long-2*marginPt+1 || h > a4Short-2*marginPt+1 {
		t.Errorf("%s is %.0f × %.0f pt, larger than a landscape A4 page within its margins", name, w, h)
	}
	smallest := 1e9
	for _, fs := range svgFontSize.FindAllStringSubmatch(svg, -1) {
		v, _ := strconv.ParseFloat(fs[1], 64)
		smallest = min(smallest, v*w/vw)
	}
	if smallest == 1e9 {
		t.Fatalf("%s has no text", name)
	}
	if smallest < 6.95 {
		t.Errorf("%s prints its smallest text at %.1f pt on A4, under 7 pt", name, smallest)
	}
	return smallest
}

// The map page offers the map for A4; that page lists one map, or a map
// per level (and parts), each of whose downloads fits a landscape A4 page
// with no text under 7 pt, and together they keep every forum of the map.
// The PNG prints at the same width (its pHYs).
func TestMapDownloadsForA4(t *testing.T) {
	t.Parallel()
	srv, _ := mustMapServer(t)
	for _, path := range []string{"/editions/2019/maps/municipality/habo", "/editions/2019/maps/unit/habo-forsorjningsstod", "/editions/2019/maps"} {
		page := do(t, srv, http.MethodGet, path, nil)
		if page.Code != http.StatusOK {
			t.Fatalf("%s: %d", path, page.Code)
		}
		if !strings.Contains(page.Body.String(), "utskrift=a4") {
			t.Errorf("%s offers no map for A4", path)
		}
		a4 := do(t, srv, http.MethodGet, path+"?utskrift=a4", nil)
		if a4.Code != http.StatusOK {
			t.Fatalf("%s?utskrift=a4: %d %s", path, a4.Code, a4.Body.String())
		}
		links := a4Links.FindAllStringSubmatch(a4.Body.String(), -1)
		if len(links) == 0 {
			t.Fatalf("%s?utskrift=a4 offers no SVG for A4", path)
		}
		got := map[string]bool{}
		var smallest []string
		sheets := map[string][][4]float64{} // a piece's sheets' viewBoxes
		for _, l := range links {
			u := html.UnescapeString(l[1])
			if base, _, ok := strings.Cut(u, "&blad="); ok {
				sheets[base] = append(sheets[base], viewBox(t, do(t, srv, http.MethodGet, u, nil).Body.String()))
			}
			rec := do(t, srv, http.MethodGet, u, nil)
			if rec.Code != http.StatusOK {
				t.Errorf("%s: %d %s", u, rec.Code, rec.Body.String())
				continue
			}
			if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, "-a4") || !strings.HasSuffix(cd, `.svg"`) {
				t.Errorf("%s is saved as %q", u, cd)
			}
			svg := rec.Body.String()
			smallest = append(smallest, strconv.FormatFloat(printedSize(t, u, svg), 'f', 1, 64))
			for _, f := range forumNode.FindAllStringSubmatch(svg, -1) {
				got[f[1]] = true
			}
			png := do(t, srv, http.MethodGet, strings.Replace(u, ".svg?", ".png?", 1), nil).Body.Bytes()
			checkPNGWidth(t, u, png, svg)
		}
		// A piece printed on several sheets: together they cover it.
		for base, boxes := range sheets {
			all := drawingBox(t, do(t, srv, http.MethodGet, base+"&blad=1", nil).Body.String())
			for i := 0; i <= 50; i++ {
				for j := 0; j <= 50; j++ {
					x, y := all[0]+all[2]*float64(i)/50, all[1]+all[3]*float64(j)/50
					covered := false
					for _, b := range boxes {
						covered = covered || x >= b[0]-0.5 && x <= b[0]+b[2]+0.5 && y >= b[1]-0.5 && y <= b[1]+b[3]+0.5
					}
					if !covered {
						t.Fatalf("%s: the point (%.0f, %.0f) of the map is on none of its %d sheets", base, x, y, len(boxes))
					}
				}
			}
			t.Logf("%s: %d sheets", base, len(boxes))
		}
		whole := do(t, srv, http.MethodGet, strings.Replace(path, "/editions/", "/api/v1/editions/", 1)+map[bool]string{true: "/overview.svg", false: ".svg"}[path == "/editions/2019/maps"]+"?wishes=false", nil).Body.String()
		for _, f := range forumNode.FindAllStringSubmatch(whole, -1) {
			if !got[f[1]] {
				t.Errorf("%s: the forum %s is on the map but on none of its A4 pieces", path, f[1])
			}
		}
		t.Logf("%s: %d pieces for A4, smallest text %s pt", path, len(links), strings.Join(smallest, ", "))
	}
	bad := do(t, srv, http.MethodGet, "/api/v1/editions/2019/maps/municipality/habo.svg?a4=1&del=7/3", nil)
	if bad.Code != http.StatusBadRequest || !strings.Contains(bad.Body.String(), "del") {
		t.Errorf("del=7/3: %d %s", bad.Code, bad.Body.String())
	}
}

// checkPNGWidth reads the PNG's pHYs: printed at that resolution it is as
// wide as the SVG of the same piece.
func checkPNGWidth(t *testing.T, name string, png []byte, svg string) {
	t.Helper()
	m := svgDeclared.FindStringSubmatch(svg)
	want, _ := strconv.ParseFloat(m[1], 64)
	if len(png) < 33 || string(png[12:16]) != "IHDR" {
		t.Fatalf("%s: the PNG is not a PNG", name)
	}
	px := float64(binary.BigEndian.Uint32(png[16:20]))
	i := strings.Index(string(png[:min(len(png), 200)]), "pHYs")
	if i < 0 {
		t.Errorf("%s: the PNG has no resolution", name)
		return
	}
	ppm := float64(binary.BigEndian.Uint32(png[i+4:]))
	if png[i+12] != 1 || ppm <= 0 {
		t.Errorf("%s: the PNG's resolution has no unit", name)
		return
	}
	if got := px / ppm / 0.0254 * 72; got < want-1 || got > want+1 {
		t.Errorf("%s: the PNG prints %.0f pt wide, the SVG %.0f pt", name, got, want)
	}
}

// viewBox reads an SVG's viewBox.
func viewBox(t *testing.T, svg string) [4]float64 {
	t.Helper()
	m := regexp.MustCompile(`viewBox="([-0-9.]+) ([-0-9.]+) ([0-9.]+) ([0-9.]+)"`).FindStringSubmatch(svg)
	if m == nil {
		t.Fatalf("no viewBox in %.200s", svg)
	}
	var b [4]float64
	for i := range b {
		b[i], _ = strconv.ParseFloat(m[i+1], 64)
	}
	return b
}

// drawingBox is the whole drawing of a Graphviz SVG, from its white
// background, in viewBox units.
func drawingBox(t *testing.T, svg string) [4]float64 {
	t.Helper()
	m := regexp.MustCompile(`class="graph" transform="[^"]*translate\(([-0-9.]+) ([-0-9.]+)\)">\s*(?:<title>[^<]*</title>\s*)?<polygon fill="white" stroke="none" points="([^"]+)"`).FindStringSubmatch(svg)
	if m == nil {
		t.Fatalf("no background in %.600s", svg)
	}
	tx, _ := strconv.ParseFloat(m[1], 64)
	ty, _ := strconv.ParseFloat(m[2], 64)
	x0, y0, x1, y1 := 1e9, 1e9, -1e9, -1e9
	for _, p := range strings.Fields(m[3]) {
		a, b, _ := strings.Cut(p, ",")
		x, _ := strconv.ParseFloat(a, 64)
		y, _ := strconv.ParseFloat(b, 64)
		x0, y0, x1, y1 = min(x0, x+tx), min(y0, y+ty), max(x1, x+tx), max(y1, y+ty)
	}
	return [4]float64{x0, y0, x1 - x0, y1 - y0}
}
