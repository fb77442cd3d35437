package maps_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/demo"
	"github.com/kartlaggning/kartlaggning/views/maps"
	"github.com/kartlaggning/kartlaggning/views/maps/maptest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	maptest.Cleanup()
	os.Exit(code)
}

func mustIndex(tb testing.TB) *kartlaggning.Index {
	tb.Helper()
	doc, err := demo.Document()
	if err != nil {
		tb.Fatal(err)
	}
	return kartlaggning.NewIndex(doc)
}

func mustDOT(tb testing.TB, x *kartlaggning.Index, req kartlaggning.MapRequest) []byte {
	tb.Helper()
	g, err := x.Map(req)
	if err != nil {
		tb.Fatal(err)
	}
	return maps.DOT(g, maps.Options{Caption: "Karta", Link: func(n *kartlaggning.MapNode) string {
		return "/editions/2019/" + string(n.Ref.Kind) + "/" + n.Ref.ID
	}})
}

func mustPool(tb testing.TB, cfg maps.PoolConfig) *maps.Pool {
	tb.Helper()
	return maptest.Pool(tb, cfg)
}

// svgLinks parses an SVG as XML and returns the targets of its links.
func svgLinks(tb testing.TB, svg []byte) []string {
	tb.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	var links []string
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() == "EOF" {
				return links
			}
			tb.Fatalf("the SVG is not well-formed XML: %v", err)
		}
		if el, ok := tok.(xml.StartElement); ok && el.Name.Local == "a" {
			for _, a := range el.Attr {
				if a.Name.Local == "href" {
					links = append(links, a.Value)
				}
			}
		}
	}
}

func TestPoolRendersSVGAndPNG(t *testing.T) {
	p := mustPool(t, maps.PoolConfig{Size: 1})
	x := mustIndex(t)
	dot := mustDOT(t, x, kartlaggning.MapRequest{View: kartlaggning.MapMunicipality, ID: "mullsjo"})

	svg, err := p.Render(context.Background(), dot, maps.SVG)
	if err != nil {
		t.Fatal(err)
	}
	links := svgLinks(t, svg)
	for _, want := range []string{"/editions/2019/units/mullsjo-forsorjningsstod", "/editions/2019/forums/arena-mullsjo"} {
		if !contains(links, want) {
			t.Errorf("the SVG has no link to %s; links: %v", want, links)
		}
	}
	if !bytes.Contains(svg, []byte("Försörjningsstöd")) {
		t.Error("the SVG lost the Swedish letters of Försörjningsstöd")
	}
	if bytes.Contains(svg, []byte("<title>units/")) {
		t.Error("node titles (DOT names) were left in the SVG")
	}

	png, err := p.Render(context.Background(), dot, maps.PNG)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("not a PNG: % x", png[:min(8, len(png))])
	}
}

func TestPoolRefusesUnknownFormats(t *testing.T) {
	p := mustPool(t, maps.PoolConfig{Size: 1})
	if _, err := p.Render(context.Background(), []byte("digraph{a}"), maps.Format("pdf")); err == nil {
		t.Fatal("pdf was accepted; go-graphviz renders it wrong and breaks the next render")
	}
}

// A bad DOT file is an error, and the worker that saw it is replaced, so
// the next render is sound (go-graphviz leaks parse errors into the next
// parse).
func TestPoolSurvivesBadDOT(t *testing.T) {
	p := mustPool(t, maps.PoolConfig{Size: 1})
	ctx := context.Background()
	if _, err := p.Render(ctx, []byte("digraph { a -> }"), maps.SVG); err == nil {
		t.Fatal("a broken DOT file rendered")
	}
	svg, err := p.Render(ctx, []byte(`digraph { "Åsa" -> "Örjan" }`), maps.SVG)
	if err != nil {
		t.Fatalf("the render after a bad one failed: %v", err)
	}
	if !bytes.Contains(svg, []byte("Örjan")) {
		t.Error("the render after a bad one is wrong")
	}
	if s := p.Stats(); s.Recycled != 1 {
		t.Errorf("recycled %d workers, want the one that saw the bad file", s.Recycled)
	}
}

// slowDOT takes dot minutes: random edges across clusters of a thousand
// nodes.
func slowDOT() []byte {
	var b strings.Builder
	b.WriteString("digraph { layout=dot;\n")
	for c := range 20 {
		fmt.Fprintf(&b, "subgraph cluster_%d { label=\"Kluster %d\";", c, c)
		for n := range 50 {
			fmt.Fprintf(&b, " n%d;", c*50+n)
		}
		b.WriteString(" }\n")
	}
	seed := uint32(1)
	next := func() uint32 { seed = seed*1664525 + 1013904223; return seed >> 8 }
	for range 3000 {
		fmt.Fprintf(&b, "n%d -> n%d;\n", next()%1000, next()%1000)
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

func TestPoolKillsARenderPastItsTimeLimit(t *testing.T) {
	p := mustPool(t, maps.PoolConfig{Size: 1, Timeout: 300 * time.Millisecond})
	ctx := context.Background()
	start := time.Now()
	_, err := p.Render(ctx, slowDOT(), maps.SVG)
	if !errors.Is(err, maps.ErrTooLarge) || !errors.Is(err, maps.ErrTimeout) {
		t.Fatalf("got %v, want ErrTooLarge and ErrTimeout", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the request hung for %v", d)
	}
	if s := p.Stats(); s.Killed != 1 {
		t.Errorf("killed %d workers, want 1", s.Killed)
	}
	// The pool stays healthy.
	if _, err := p.Render(ctx, []byte("digraph { a -> b }"), maps.SVG); err != nil {
		t.Fatalf("render after a kill: %v", err)
	}
}

func TestPoolRecyclesWorkers(t *testing.T) {
	p := mustPool(t, maps.PoolConfig{Size: 1, MaxRenders: 3})
	for i := range 7 {
		if _, err := p.Render(context.Background(), []byte(fmt.Sprintf("digraph { a -> b%d }", i)), maps.SVG); err != nil {
			t.Fatal(err)
		}
	}
	if s := p.Stats(); s.Recycled != 2 {
		t.Errorf("recycled %d workers after 7 renders at 3 each, want 2", s.Recycled)
	}
}

// Many goroutines render at once through the real pool; each must get
// its own map back, whole.
func TestPoolConcurrentRenders(t *testing.T) {
	p := mustPool(t, maps.PoolConfig{Size: 2})
	x := mustIndex(t)
	var units []string
	dots := map[string][]byte{}
	for _, u := range x.Doc.Units {
		units = append(units, u.ID)
		dots[u.ID] = mustDOT(t, x, kartlaggning.MapRequest{View: kartlaggning.MapUnit, ID: u.ID})
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(units)*2)
	for round := range 2 {
		for _, id := range units {
			wg.Add(1)
			go func() {
				defer wg.Done()
				dot := dots[id]
				format := maps.SVG
				if round == 1 {
					format = maps.PNG
				}
				out, err := p.Render(context.Background(), dot, format)
				switch {
				case err != nil:
					errs <- fmt.Errorf("%s: %w", id, err)
				case format == maps.SVG && !bytes.Contains(out, []byte("/units/"+id+"\"")):
					errs <- fmt.Errorf("%s: the SVG is not this unit's map", id)
				case format == maps.PNG && !bytes.HasPrefix(out, []byte("\x89PNG")):
					errs <- fmt.Errorf("%s: not a PNG", id)
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
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
