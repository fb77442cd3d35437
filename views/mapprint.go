package views

import (
	"context"
	"encoding/base64"
	"fmt"
	"html/template"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/views/maps"
)

// Maps on paper. A map is printed on a landscape A4 page (report.css) at
// a scale that keeps its smallest text at printMinPoints or more; a map
// that does not fit its page at that scale is printed as small multiples,
// one map per level, as people draw samverkan by hand.

// reportMapFigure is one printed map.
type reportMapFigure struct {
	SVG     template.HTML
	Caption string
	// req is what the figure draws, for its A4 download (mapa4.go); fits
	// is false when it is printed under printMinPoints all the same.
	req  kartlaggning.MapRequest
	fits bool
}

const (
	// printMinPoints is the smallest text a printed map may have.
	printMinPoints = 7.0
	// mapSmallestFont is the smallest font size in a map's SVG (the lines'
	// and legend's text).
	mapSmallestFont = 11.0
	// printWidth and printHeight are the room for a map on a landscape A4
	// page with 10 mm margins, less its caption, in points.
	printWidth  = 785.0
	printHeight = 505.0
)

// printMinScale is the smallest scale at which a map keeps its texts
// legible on paper.
const printMinScale = printMinPoints / mapSmallestFont

// printMaps returns the map of m sized for print, or, when it would have
// to shrink below printMinScale to fit its page, one map per level.
func (s *Server) printMaps(ctx context.Context, m mapQuery) ([]reportMapFigure, error) {
	m = printQuery(m)
	whole, err := s.printMap(ctx, m)
	if err != nil || whole == nil {
		return nil, err
	}
	if whole.fits() {
		return []reportMapFigure{{SVG: whole.svg, Caption: "Samverkanskarta: enheterna och de forum de deltar i.", req: m.req, fits: true}}, nil
	}
	// Only a kommun's and a unit's map can be split within a level.
	maxParts := printMaxParts
	if m.req.View != kartlaggning.MapMunicipality && m.req.View != kartlaggning.MapUnit {
		maxParts = 1
	}
	levels := make([][]reportMapFigure, len(kartlaggning.Levels))
	err = eachParallel(len(levels), func(i int) error {
		lm := m
		lm.req.Filter.Level = kartlaggning.Levels[i].Value
		var err error
		levels[i], err = s.printLevel(ctx, lm, maxParts)
		return err
	})
	if err != nil {
		return nil, err
	}
	var out []reportMapFigure
	for _, figs := range levels {
		out = append(out, figs...)
	}
	return out, nil
}

// printSheets cuts each map that does not fit its page at a legible
// size into overlapping sheets, as the A4 page offers it for download,
// so that no printed map runs off its page: of the large edition's 233
// print maps, 140 did not fit even split six ways.
func printSheets(figs []reportMapFigure) []reportMapFigure {
	out := make([]reportMapFigure, 0, len(figs))
	for _, f := range figs {
		g, ok := a4Grid([]byte(f.SVG))
		if f.fits || !ok || g.sheets() <= 1 {
			out = append(out, f)
			continue
		}
		for k := 1; k <= g.sheets(); k++ {
			svg, _ := g.sheet([]byte(f.SVG), k)
			sheet := f
			// Graphviz escapes the texts it writes and every link is ours.
			sheet.SVG = template.HTML(svg)
			sheet.Caption = fmt.Sprintf("%s Ark %d av %d (rad %d, kolumn %d).", f.Caption, k, g.sheets(), (k-1)/g.cols+1, (k-1)%g.cols+1)
			sheet.fits = true
			out = append(out, sheet)
		}
	}
	return out
}

// tooLargeMaps remembers the print maps too large to draw in time, each
// for the revision it was tried at and for tooLargeRetry: the map cache
// keeps only maps that were drawn, and each Word document and report of
// the large edition waited out the same timeouts again (17–45 s). A map
// may have timed out only because the machine was busy, so it is tried
// again after a while, and at once in a later revision.
type tooLargeMaps struct {
	mu  sync.Mutex
	now func() time.Time
	m   map[string]tooLargeEntry
}

type tooLargeEntry struct {
	revision uint64
	at       time.Time
}

// tooLargeRetry is how long a map that timed out is left out.
const tooLargeRetry = 10 * time.Minute

func newTooLargeMaps(now func() time.Time) *tooLargeMaps {
	return &tooLargeMaps{now: now, m: map[string]tooLargeEntry{}}
}

func (t *tooLargeMaps) has(key string, revision uint64) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.m[key]
	return ok && e.revision == revision && t.now().Sub(e.at) < tooLargeRetry
}

func (t *tooLargeMaps) add(key string, revision uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	// One entry per map, whatever the number of revisions: the key
	// names the map without its revision; and none kept past its time.
	for k, e := range t.m {
		if t.now().Sub(e.at) >= tooLargeRetry {
			delete(t.m, k)
		}
	}
	t.m[key] = tooLargeEntry{revision: revision, at: t.now()}
}

// printQuery is m as printed: styled for paper, without the wishes (on
// paper the list beside the map carries them).
func printQuery(m mapQuery) mapQuery {
	no := false
	m.req.Wishes = &no
	m.print = true
	return m
}

// printLevel draws one level of a map for print. A level too large for
// its page is split in two maps or more, each of every second (third …)
// of its forums. The number of parts is not found by trying one more at
// a time (the large edition's report drew 800 maps that way) but from
// how much the last try overshot its page: a map that must shrink to 60 %
// of the legible scale is split in two, at 30 % in four.
func (s *Server) printLevel(ctx context.Context, lm mapQuery, maxParts int) ([]reportMapFigure, error) {
	what := kartlaggning.LevelPhrase(lm.req.Filter.Level)
	parts := 1
	for {
		figs := make([]reportMapFigure, parts)
		drawn := make([]*printedMap, parts)
		err := eachParallel(parts, func(part int) error {
			pm := lm
			pm.req.Part, pm.req.Parts = part, parts
			g, err := pm.graph()
			if err != nil || !hasForum(g) {
				return err
			}
			drawn[part], err = s.printMap(ctx, pm)
			figs[part].req = pm.req
			return err
		})
		if err != nil {
			return nil, err
		}
		over := 1.0 // how many times too large the largest part is
		var out []reportMapFigure
		for part, d := range drawn {
			if d == nil {
				continue
			}
			if d.scale > 0 {
				over = max(over, printMinScale/d.scale)
			} else {
				over = float64(maxParts) // no size to go by
			}
			caption := "Samverkanskarta, " + what + ": enheterna och de forum på den nivån de deltar i."
			if parts > 1 {
				caption = fmt.Sprintf("Samverkanskarta, %s, del %d av %d: enheterna och en del av forumen på den nivån de deltar i.", what, part+1, parts)
			}
			out = append(out, reportMapFigure{SVG: d.svg, Caption: caption, req: figs[part].req, fits: d.fits()})
		}
		if over <= 1 || parts >= maxParts {
			return out, nil
		}
		parts = min(maxParts, max(parts+1, int(math.Ceil(float64(parts)*over))))
	}
}

// printMaxParts is the most maps one level of a kommun is split into.
const printMaxParts = 6

func hasForum(g *kartlaggning.MapGraph) bool {
	for _, n := range g.Nodes {
		if n.Kind == kartlaggning.MapForumNode {
			return true
		}
	}
	return false
}

// printedMap is a map drawn for print; scale is what it had to shrink to
// fit its page (1 when it fits as drawn).
type printedMap struct {
	svg   template.HTML
	scale float64
}

// fits reports whether the map fits its page with legible text.
func (p *printedMap) fits() bool { return p.scale >= printMinScale }

// printMap draws m and sizes it for its page: as large as fits, never
// larger than drawn, never smaller than printMinScale (a map that does
// not fit at that scale is sized at it and may not fit). It is nil when
// the map is too large to draw at all.
func (s *Server) printMap(ctx context.Context, m mapQuery) (*printedMap, error) {
	// The map's name without its revision (tooLargeMaps keeps that).
	key := fmt.Sprint(m.year, strings.TrimPrefix(m.key(string(maps.SVG)), q(m.year, m.revision)))
	if s.tooLarge.has(key, m.revision) {
		return nil, nil
	}
	svg, err := s.mapImage(ctx, m, maps.SVG)
	if e, ok := kartlaggning.AsError(err); ok && e.Code == kartlaggning.ETOOLARGE {
		s.tooLarge.add(key, m.revision)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	inline := maps.InlineSVG(svg)
	sized, scale := sizeForPrint(inline)
	// Graphviz escapes the texts it writes and every link is ours.
	return &printedMap{svg: template.HTML(sized), scale: scale}, nil
}

var svgPointSize = regexp.MustCompile(`^<svg width="([0-9.]+)pt" height="([0-9.]+)pt"`)

// sizeForPrint rewrites the <svg>'s size to what its page can hold and
// returns the scale that would fit it (0 when the SVG has no size); the
// size written is never below printMinScale.
func sizeForPrint(svg []byte) ([]byte, float64) {
	m := svgPointSize.FindSubmatchIndex(svg)
	if m == nil {
		return svg, 0
	}
	w, _ := strconv.ParseFloat(string(svg[m[2]:m[3]]), 64)
	h, _ := strconv.ParseFloat(string(svg[m[4]:m[5]]), 64)
	if w <= 0 || h <= 0 {
		return svg, 0
	}
	fit := min(1, printWidth/w, printHeight/h)
	scale := max(fit, printMinScale)
	head := fmt.Sprintf(`<svg width="%.1fpt" height="%.1fpt"`, w*scale, h*scale)
	out := make([]byte, 0, len(svg))
	out = append(out, head...)
	return append(out, svg[m[1]:]...), fit
}

// Maps cut into sheets: a map too large for its page at a legible size
// is printed, and offered for A4, as overlapping sheets of it.

var svgBox = regexp.MustCompile(`<svg width="([0-9.]+)pt" height="([0-9.]+)pt"\s+viewBox="([-0-9.]+) ([-0-9.]+) ([0-9.]+) ([0-9.]+)"`)

// a4Sheets is how an SVG sized for print is cut into sheets of A4: its
// viewBox, the points per unit, and the sheets' size and steps in units.
type a4Sheets struct {
	start        [2]int // the viewBox in the SVG (byte offsets)
	vx, vy       float64
	scale        float64
	tileW, tileH float64
	stepX, stepY float64
	cols, rows   int
}

func (g a4Sheets) sheets() int { return g.cols * g.rows }

// sheetOverlap is how much of a sheet the next one repeats at least, so
// that a node cut at an edge is whole on one of them.
const sheetOverlap = 0.05

// a4Grid reads an SVG sized by sizeForPrint and cuts it into sheets of
// the print room (printWidth × printHeight).
func a4Grid(svg []byte) (a4Sheets, bool) {
	m := svgBox.FindSubmatchIndex(svg)
	if m == nil {
		return a4Sheets{}, false
	}
	f := func(i int) float64 { v, _ := strconv.ParseFloat(string(svg[m[2*i]:m[2*i+1]]), 64); return v }
	w, vx, vy, vw, vh := f(1), f(3), f(4), f(5), f(6)
	if w <= 0 || vw <= 0 || vh <= 0 {
		return a4Sheets{}, false
	}
	g := a4Sheets{start: [2]int{m[0], m[1]}, vx: vx, vy: vy, scale: w / vw}
	g.tileW, g.tileH = min(vw, printWidth/g.scale), min(vh, printHeight/g.scale)
	cut := func(total, tile float64) (int, float64) {
		if total <= tile+0.5/g.scale {
			return 1, 0
		}
		n := int(math.Ceil(total / (tile * (1 - sheetOverlap))))
		return n, (total - tile) / float64(n-1)
	}
	g.cols, g.stepX = cut(vw, g.tileW)
	g.rows, g.stepY = cut(vh, g.tileH)
	return g, true
}

// sheet returns the k-th sheet (from 1) of an SVG sized for print: the
// same drawing with its viewBox on the sheet's part and its size in
// points; and that part in units, for the PNG.
func (g a4Sheets) sheet(svg []byte, k int) ([]byte, [4]float64) {
	r, c := (k-1)/g.cols, (k-1)%g.cols
	box := [4]float64{g.vx + float64(c)*g.stepX, g.vy + float64(r)*g.stepY, g.tileW, g.tileH}
	head := fmt.Sprintf(`<svg width="%.1fpt" height="%.1fpt" viewBox="%.2f %.2f %.2f %.2f"`, g.tileW*g.scale, g.tileH*g.scale, box[0], box[1], box[2], box[3])
	out := make([]byte, 0, len(svg))
	out = append(out, svg[:g.start[0]]...)
	out = append(out, head...)
	return append(out, svg[g.start[1]:]...), box
}

// DataURI is the map as an image of the report page. Inline, the
// example's 22 maps were 5 000 of the page's 8 000 elements, which
// Paged.js laid out one by one (7.4 s of the 9.5 s printing took); as
// images they are one element each (4.4 s), and Chromium still prints
// their texts as text.
func (f reportMapFigure) DataURI() template.URL {
	return template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(f.SVG)))
}
