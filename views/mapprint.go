package views

import (
	"context"
	"fmt"
	"html/template"
	"regexp"
	"strconv"

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
	no := false
	m.req.Wishes = &no // on paper the list beside the map carries them
	m.print = true
	whole, ok, err := s.printMap(ctx, m)
	if err != nil || whole == nil {
		return nil, err
	}
	if ok {
		return []reportMapFigure{{SVG: whole.svg, Caption: "Samverkanskarta: enheterna och de forum de deltar i.", req: m.req, fits: true}}, nil
	}
	// Only a kommun's and a unit's map can be split within a level.
	maxParts := printMaxParts
	if m.req.View != kartlaggning.MapMunicipality && m.req.View != kartlaggning.MapUnit {
		maxParts = 1
	}
	var out []reportMapFigure
	for _, level := range kartlaggning.Levels {
		lm := m
		lm.req.Filter.Level = level.Value
		what := kartlaggning.LevelPhrase(level.Value)
		// A level too large for its page is split in two maps or more,
		// each of every second (third …) of its forums.
		for parts := 1; parts <= maxParts; parts++ {
			var figs []reportMapFigure
			fits := true
			for part := 0; part < parts; part++ {
				pm := lm
				pm.req.Part, pm.req.Parts = part, parts
				g, err := pm.graph()
				if err != nil {
					return nil, err
				}
				if !hasForum(g) {
					continue
				}
				fig, ok, err := s.printMap(ctx, pm)
				if err != nil {
					return nil, err
				}
				if fig == nil {
					continue
				}
				fits = fits && ok
				caption := "Samverkanskarta, " + what + ": enheterna och de forum på den nivån de deltar i."
				if parts > 1 {
					caption = fmt.Sprintf("Samverkanskarta, %s, del %d av %d: enheterna och en del av forumen på den nivån de deltar i.", what, part+1, parts)
				}
				figs = append(figs, reportMapFigure{SVG: fig.svg, Caption: caption, req: pm.req, fits: ok})
			}
			if fits || parts == maxParts {
				out = append(out, figs...)
				break
			}
		}
	}
	return out, nil
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

type printedMap struct{ svg template.HTML }

// printMap draws m and sizes it for its page: as large as fits, never
// larger than drawn; ok is false when it had to shrink below
// printMinScale (it is then sized at that scale and may not fit).
func (s *Server) printMap(ctx context.Context, m mapQuery) (*printedMap, bool, error) {
	svg, err := s.mapImage(ctx, m, maps.SVG)
	if e, ok := kartlaggning.AsError(err); ok && e.Code == kartlaggning.ETOOLARGE {
		return nil, true, nil
	}
	if err != nil {
		return nil, false, err
	}
	inline := maps.InlineSVG(svg)
	sized, ok := sizeForPrint(inline)
	// Graphviz escapes the texts it writes and every link is ours.
	return &printedMap{svg: template.HTML(sized)}, ok, nil
}

var svgPointSize = regexp.MustCompile(`^<svg width="([0-9.]+)pt" height="([0-9.]+)pt"`)

// sizeForPrint rewrites the <svg>'s size to what its page can hold.
func sizeForPrint(svg []byte) ([]byte, bool) {
	m := svgPointSize.FindSubmatchIndex(svg)
	if m == nil {
		return svg, false
	}
	w, _ := strconv.ParseFloat(string(svg[m[2]:m[3]]), 64)
	h, _ := strconv.ParseFloat(string(svg[m[4]:m[5]]), 64)
	if w <= 0 || h <= 0 {
		return svg, false
	}
	scale := min(1, printWidth/w, printHeight/h)
	ok := scale >= printMinScale
	scale = max(scale, printMinScale)
	head := fmt.Sprintf(`<svg width="%.1fpt" height="%.1fpt"`, w*scale, h*scale)
	out := make([]byte, 0, len(svg))
	out = append(out, head...)
	return append(out, svg[m[1]:]...), ok
}
