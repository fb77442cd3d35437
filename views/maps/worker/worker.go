// Package worker is the render worker: the only code that runs
// go-graphviz. A worker process serves one render at a time on its stdin
// and stdout (see maps.ServeWorker); the service itself never loads a
// graph into the WebAssembly module, whose memory only grows.
//
// go-graphviz is patched (views/maps/third_party/go-graphviz) to compile its module
// only when Load is called, so that linking this package costs the other
// commands of the binary nothing; Run loads it.
package worker

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/goccy/go-graphviz"

	"github.com/kartlaggning/kartlaggning/views/maps"
)

// Run compiles the WebAssembly module, with the cache directory the pool
// passed in maps.WorkerCacheEnv, then serves render requests on stdin and
// stdout until stdin closes.
func Run() error {
	if err := load(context.Background(), os.Getenv(maps.WorkerCacheEnv), os.Stderr); err != nil {
		return err
	}
	return maps.ServeWorker(os.Stdin, os.Stdout, Render)
}

// RunIfChild makes a test binary a render worker when a Pool started it
// (maps.WorkerEnv is set): call it first thing in TestMain. Otherwise it
// does nothing.
func RunIfChild() {
	if os.Getenv(maps.WorkerEnv) != "1" {
		return
	}
	if err := Run(); err != nil {
		fmt.Fprintln(os.Stderr, "render worker:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// load compiles the module, caching its machine code in dir when dir is
// private to this user. A cache that is not private, or that does not
// load (a corrupt or truncated entry), is never fatal: the worker warns
// on stderr, which the pool logs, and compiles in memory.
func load(ctx context.Context, dir string, warn io.Writer) error {
	if dir != "" {
		err := privateDir(dir)
		if err == nil {
			if err = graphviz.Load(ctx, dir); err != nil {
				// The bad entry would fail every later start too; the next
				// worker writes a sound one.
				err = fmt.Errorf("%w (cleared)", err)
				clearDir(dir)
			}
		}
		if err == nil {
			return nil
		}
		fmt.Fprintf(warn, "render worker: compiling without the cache %s: %v\n", dir, err)
	}
	return graphviz.Load(ctx, "")
}

// clearDir removes what dir holds; dir itself is known to be ours.
func clearDir(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.RemoveAll(dir + string(os.PathSeparator) + e.Name())
	}
}

// Render lays out dot with the engine its layout attribute names and
// draws it as SVG, or as PNG rasterised from that SVG. It is not safe for
// concurrent use: the WebAssembly module is process-global. Run loads the
// module; Render loads it without a cache if nobody did.
func Render(dot []byte, format maps.Format) ([]byte, error) {
	if _, ok := maps.ParseFormat(string(format)); !ok {
		return nil, fmt.Errorf("unknown format %q", format)
	}
	ctx := context.Background()
	gv, err := instance(ctx)
	if err != nil {
		return nil, err
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

// gv is the process's one Graphviz context; Render runs one at a time.
var gv *graphviz.Graphviz

func instance(ctx context.Context) (*graphviz.Graphviz, error) {
	if gv != nil {
		return gv, nil
	}
	if err := graphviz.Load(ctx, ""); err != nil {
		return nil, err
	}
	g, err := graphviz.New(ctx)
	if err != nil {
		return nil, err
	}
	gv = g
	return gv, nil
}
