package maps_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/assets"
	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/views/maps"
	"golang.org/x/image/font/gofont/goregular"
)

var update = flag.Bool("update", false, "rewrite the golden DOT files in testdata")

var goldenMaps = []struct {
	name string
	req  kartlaggning.MapRequest
}{
	{"overview", kartlaggning.MapRequest{View: kartlaggning.MapOverview}},
	{"overview-individ", kartlaggning.MapRequest{View: kartlaggning.MapOverview, Filter: kartlaggning.MapFilter{Level: "individ"}}},
	{"municipality-mullsjo", kartlaggning.MapRequest{View: kartlaggning.MapMunicipality, ID: "mullsjo"}},
	{"unit-mullsjo-forsorjningsstod", kartlaggning.MapRequest{View: kartlaggning.MapUnit, ID: "mullsjo-forsorjningsstod"}},
	{"forum-aas", kartlaggning.MapRequest{View: kartlaggning.MapForum, ID: "aas"}},
	{"units", kartlaggning.MapRequest{View: kartlaggning.MapUnits}},
	{"units-habo", kartlaggning.MapRequest{View: kartlaggning.MapUnits, Municipality: "habo"}},
}

// The DOT is what gets laid out, and the same data gives the same bytes:
// golden files pin it (go test ./views/maps -run Golden -update rewrites
// them after an intended change; read the diff).
func TestGoldenDOT(t *testing.T) {
	for _, tc := range goldenMaps {
		t.Run(tc.name, func(t *testing.T) {
			got := mustDOT(t, mustIndex(t), tc.req)
			if again := mustDOT(t, mustIndex(t), tc.req); !bytes.Equal(got, again) {
				t.Fatal("two writes of the same map differ")
			}
			path := filepath.Join("testdata", tc.name+".dot")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("the DOT of %s differs from %s; if the change is intended, run with -update", tc.name, path)
			}
		})
	}
}

// Names are data: quotes, backslashes (Graphviz escapes like \N), entities
// and markup must come out as the text they are, and nothing in a name can
// become a link.
func TestDOTEscapesNames(t *testing.T) {
	nasty := `Enhet "Ö" \N & <script>alert(1)</script> &amp;`
	g := &kartlaggning.MapGraph{Request: kartlaggning.MapRequest{View: kartlaggning.MapOverview},
		Nodes: []kartlaggning.MapNode{{Ref: kartlaggning.Ref{Kind: kartlaggning.Units, ID: "x"}, Kind: kartlaggning.MapUnitNode,
			Label: nasty, Tooltip: `javascript:alert("t")`}}}
	dot := maps.DOT(g, maps.Options{Caption: nasty, Link: func(*kartlaggning.MapNode) string { return "/editions/2019/units/x" }})
	p := mustPool(t, maps.PoolConfig{Size: 1})
	svg, err := p.Render(context.Background(), dot, maps.SVG)
	if err != nil {
		t.Fatalf("%v\n%s", err, dot)
	}
	if bytes.Contains(svg, []byte("<script")) {
		t.Error("markup in a name reached the SVG unescaped")
	}
	if !bytes.Contains(svg, []byte(`Enhet &quot;Ö&quot; \N &amp; &lt;script&gt;`)) && !bytes.Contains(svg, []byte(`Enhet "Ö" \N &amp; &lt;script&gt;`)) {
		t.Errorf("the name did not come through as text:\n%s", svg)
	}
	links := svgLinks(t, svg)
	for _, l := range links {
		if l != "/editions/2019/units/x" {
			t.Errorf("unexpected link %q", l)
		}
	}
}

// The page serves the very font the labels are measured and rasterised
// in.
func TestServedFontIsTheMeasuredFont(t *testing.T) {
	data, err := fsRead("fonts/Go-Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, goregular.TTF) {
		t.Error("assets/fonts/Go-Regular.ttf is not golang.org/x/image's Go Regular")
	}
}

func fsRead(name string) ([]byte, error) {
	f, err := assets.FS.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	_, err = buf.ReadFrom(f)
	return buf.Bytes(), err
}

// Every label fits its shape when set in the map font, å ä ö included:
// Graphviz's own metrics make such labels about 17 % too narrow.
func TestLabelsFitTheirShapes(t *testing.T) {
	p := mustPool(t, maps.PoolConfig{Size: 1})
	x := mustIndex(t)
	for _, req := range []kartlaggning.MapRequest{{View: kartlaggning.MapOverview}, {View: kartlaggning.MapMunicipality, ID: "mullsjo"},
		{View: kartlaggning.MapUnits}} {
		svg, err := p.Render(context.Background(), mustDOT(t, x, req), maps.SVG)
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for _, n := range svgNodes(t, svg) {
			for _, txt := range n.texts {
				if n.class == "node" && txt.anchor == "start" {
					continue // a cell of the legend's table, not framed by a shape of its own
				}
				w := maps.TextWidth(txt.s, txt.size)
				left, right := txt.x-w/2, txt.x+w/2
				if txt.anchor == "start" {
					left, right = txt.x, txt.x+w
				}
				if left < n.minX+1 || right > n.maxX-1 { // at least a point inside the border
					t.Errorf("%s: %q (%.1f pt wide) spills out of its shape [%.1f, %.1f]: [%.1f, %.1f]",
						req.View, txt.s, w, n.minX, n.maxX, left, right)
				}
				checked++
			}
		}
		if checked < 10 {
			t.Errorf("%s: only %d labels checked", req.View, checked)
		}
	}
}

func TestRasteriseDrawsShapesAndText(t *testing.T) {
	svg := []byte(`<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg width="200pt" height="100pt" viewBox="0.00 0.00 200.00 100.00" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(4 96)">
<title>t</title>
<polygon fill="white" stroke="none" points="-4,4 -4,-96 196,-96 196,4 -4,4"/>
<g id="node1" class="node"><a xlink:href="/x" xlink:title="å">
<polygon fill="#f7c68f" stroke="#4a5563" stroke-width="2" points="10,-10 90,-10 90,-50 10,-50 10,-10"/>
<text text-anchor="middle" x="50" y="-26" font-family="Go" font-size="12.00">Åäö</text>
</a></g>
<path fill="none" stroke="#c62828" stroke-dasharray="5,2" d="M100,-30C120,-30 150,-30 180,-30"/>
<ellipse fill="none" stroke="black" cx="150" cy="-70" rx="20" ry="10"/>
</g>
</svg>`)
	out, err := maps.Rasterise(svg)
	if err != nil {
		t.Fatal(err)
	}
	img := mustDecodePNG(t, out)
	if b := img.Bounds(); b.Dx() != 400 || b.Dy() != 200 {
		t.Fatalf("size %v, want 400×200 (2 px per point)", b)
	}
	px := func(x, y float64) (r, g, b uint32) {
		r, g, b, _ = img.At(int(x*2), int(y*2)).RGBA()
		return r >> 8, g >> 8, b >> 8
	}
	// The box's fill and outline (go-graphviz's own PNG drops outlines);
	// the graph is translated by (4, 96).
	if r, g, b := px(4+20, 96-40); r != 0xf7 || g != 0xc6 || b != 0x8f {
		t.Errorf("box fill is %02x%02x%02x", r, g, b)
	}
	if r, _, _ := px(4+10, 96-30); r > 0x80 {
		t.Error("the box has no outline")
	}
	// The label is drawn: dark pixels in the middle of the box.
	dark := 0
	for x := 4 + 40.0; x < 4+60; x += 0.5 {
		for y := 96 - 36.0; y < 96-24; y += 0.5 {
			if r, _, _ := px(x, y); r < 0x60 {
				dark++
			}
		}
	}
	if dark < 20 {
		t.Errorf("the label left %d dark pixels, want its letters", dark)
	}
	// The dashed line has dashes and gaps.
	on, off := 0, 0
	for x := 4 + 101.0; x < 4+179; x += 0.5 {
		if r, g, _ := px(x, 96-30); r > 0xa0 && g < 0x80 {
			on++
		} else if g > 0xf0 {
			off++
		}
	}
	if on == 0 || off == 0 {
		t.Errorf("the dashed line: %d red samples, %d gaps", on, off)
	}
	if _, err := maps.Rasterise([]byte("<html>no svg</html>")); err == nil {
		t.Error("a document without <svg> rasterised")
	}
	if !strings.HasPrefix(string(out), "\x89PNG") {
		t.Error("not a PNG")
	}
}
