// Package worker is the render worker: the only code that runs
// go-graphviz. A worker process serves one render at a time on its stdin
// and stdout (see maps.ServeWorker); the service itself never loads a
// graph into the WebAssembly module, whose memory only grows.
package worker

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/goccy/go-graphviz"

	"github.com/kartlaggning/kartlaggning/views/maps"
)

// Run serves render requests on stdin and stdout until stdin closes.
func Run() error {
	return maps.ServeWorker(os.Stdin, os.Stdout, Render)
}

// RunIfChild makes a test binary a worker when a Pool started it: call it
// first thing in TestMain. Otherwise it notes that this executable can
// serve as a worker, so that a server without a configured renderer may
// start its own pool.
func RunIfChild() {
	if os.Getenv(maps.WorkerEnv) != "1" {
		maps.MarkSelfWorker()
		return
	}
	if err := Run(); err != nil {
		fmt.Fprintln(os.Stderr, "render worker:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

var (
	gvOnce sync.Once
	gv     *graphviz.Graphviz
	gvErr  error
)

// Render lays out dot with the engine its layout attribute names and
// draws it as SVG, or as PNG rasterised from that SVG. It is not safe for
// concurrent use: the WebAssembly module is process-global.
func Render(dot []byte, format maps.Format) ([]byte, error) {
	if _, ok := maps.ParseFormat(string(format)); !ok {
		return nil, fmt.Errorf("unknown format %q", format)
	}
	ctx := context.Background()
	gvOnce.Do(func() { gv, gvErr = graphviz.New(ctx) })
	if gvErr != nil {
		return nil, gvErr
	}
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("parsing DOT: %w", err)
	}
	defer g.Close()
	engine := g.GetStr("layout")
	if !maps.Engines[engine] {
		engine = "dot"
	}
	gv.SetLayout(graphviz.Layout(engine))
	var buf bytes.Buffer
	// Into a buffer: RenderFilename writes empty files.
	if err := gv.Render(ctx, g, graphviz.SVG, &buf); err != nil {
		return nil, fmt.Errorf("rendering: %w", err)
	}
	svg := maps.TidySVG(buf.Bytes())
	if format == maps.PNG {
		return maps.Rasterise(svg)
	}
	return svg, nil
}
