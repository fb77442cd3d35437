package maps_test

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/synthetic"
	"github.com/kartlaggning/kartlaggning/views/maps"
)

// mustSynthetic returns the shared index of a synthetic edition; it
// skips, saying why, without python3 or the generator.
func mustSynthetic(tb testing.TB, preset string) *kartlaggning.Index {
	tb.Helper()
	x, err := synthetic.Index(preset, 2019)
	if errors.Is(err, synthetic.ErrNoGenerator) {
		tb.Skip(err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return x
}

// benchMaps are the maps the render benchmarks lay out.
func benchMaps(b *testing.B) []struct {
	name string
	dot  []byte
} {
	demo := mustIndex(b)
	out := []struct {
		name string
		dot  []byte
	}{
		{"example-overview", mustDOT(b, demo, kartlaggning.MapRequest{View: kartlaggning.MapOverview})},
		{"example-municipality", mustDOT(b, demo, kartlaggning.MapRequest{View: kartlaggning.MapMunicipality, ID: "mullsjo"})},
		{"example-units", mustDOT(b, demo, kartlaggning.MapRequest{View: kartlaggning.MapUnits})},
		{"example-units-habo", mustDOT(b, demo, kartlaggning.MapRequest{View: kartlaggning.MapUnits, Municipality: "habo"})},
		{"example-municipality-habo", mustDOT(b, demo, kartlaggning.MapRequest{View: kartlaggning.MapMunicipality, ID: "habo"})},
		{"example-municipality-habo-page", screenDOT(b, demo, kartlaggning.MapRequest{View: kartlaggning.MapMunicipality, ID: "habo"})},
		{"example-unit", mustDOT(b, demo, kartlaggning.MapRequest{View: kartlaggning.MapUnit, ID: "mullsjo-forsorjningsstod"})},
		{"example-forum", mustDOT(b, demo, kartlaggning.MapRequest{View: kartlaggning.MapForum, ID: "aas"})},
	}
	large := mustSynthetic(b, "large")
	biggest, size := "", 0
	for _, m := range large.Doc.Municipalities {
		if n := len(large.UnitsIn(m.ID)); n > size {
			biggest, size = m.ID, n
		}
	}
	return append(out, []struct {
		name string
		dot  []byte
	}{
		{"large-overview", mustDOT(b, large, kartlaggning.MapRequest{View: kartlaggning.MapOverview})},
		{"large-municipality", mustDOT(b, large, kartlaggning.MapRequest{View: kartlaggning.MapMunicipality, ID: biggest})},
		{"large-units-municipality", mustDOT(b, large, kartlaggning.MapRequest{View: kartlaggning.MapUnits, Municipality: biggest})},
	}...)
}

// BenchmarkRender lays out the same DOT through go-graphviz (one worker
// of the pool, so the time includes the pipe) and through Debian's
// native dot, side by side.
func BenchmarkRender(b *testing.B) {
	cases := benchMaps(b)
	p := mustPool(b, maps.PoolConfig{Size: 1, MaxRenders: 1 << 20})
	native, nativeErr := exec.LookPath("dot")
	for _, c := range cases {
		engine := "dot"
		if i := bytes.Index(c.dot, []byte("layout=")); i >= 0 {
			engine = string(bytes.FieldsFunc(c.dot[i+len("layout="):], func(r rune) bool { return r == ',' || r == ']' })[0])
		}
		b.Run(c.name+"/go-graphviz", func(b *testing.B) {
			for b.Loop() {
				if _, err := p.Render(context.Background(), c.dot, maps.SVG); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/native-"+engine, func(b *testing.B) {
			if nativeErr != nil {
				b.Skip("the side-by-side needs Graphviz's dot (Debian: apt-get install graphviz)")
			}
			for b.Loop() {
				cmd := exec.Command(native, "-K"+engine, "-Tsvg")
				cmd.Stdin = bytes.NewReader(c.dot)
				if out, err := cmd.Output(); err != nil || len(out) == 0 {
					b.Fatalf("native %s: %v", engine, err)
				}
			}
		})
	}
}

func BenchmarkRasterise(b *testing.B) {
	p := mustPool(b, maps.PoolConfig{Size: 1})
	svg, err := p.Render(context.Background(), mustDOT(b, mustIndex(b), kartlaggning.MapRequest{View: kartlaggning.MapMunicipality, ID: "mullsjo"}), maps.SVG)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := maps.Rasterise(svg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGraphAndDOT is what the service does itself for a map: build
// the graph from the index and write DOT.
func BenchmarkGraphAndDOT(b *testing.B) {
	large := mustSynthetic(b, "large")
	for b.Loop() {
		for _, m := range large.Doc.Municipalities[:3] {
			mustDOT(b, large, kartlaggning.MapRequest{View: kartlaggning.MapMunicipality, ID: m.ID})
		}
	}
}

// screenDOT is the DOT of a map as the map page draws it: the key is HTML
// beside the picture, not in it.
func screenDOT(tb testing.TB, x *kartlaggning.Index, req kartlaggning.MapRequest) []byte {
	tb.Helper()
	g, err := x.Map(req)
	if err != nil {
		tb.Fatal(err)
	}
	return maps.DOT(g, maps.Options{Caption: "Karta", NoLegend: true})
}
