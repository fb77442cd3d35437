package maptest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/kartlaggning/kartlaggning/views/maps"
)

// What a reader checks on a map: no text over other text, every label
// inside its shape, and a drawing neither much taller nor much wider than
// a screen or a page.

// MaxAspect is how much longer than the other a side of a map may be.
const MaxAspect = 2.5

// MaxSmall is the longest side, in points, of a map small enough to read
// whatever its shape: it fits a screen unscaled.
const MaxSmall = 1000.0

// Box is a rectangle in the SVG's points, y growing downwards.
type Box struct{ X0, Y0, X1, Y1 float64 }

func (b Box) overlaps(c Box, slack float64) bool {
	return b.X0+slack < c.X1 && c.X0+slack < b.X1 && b.Y0+slack < c.Y1 && c.Y0+slack < b.Y1
}

func (b Box) contains(c Box, margin float64) bool {
	return c.X0 >= b.X0+margin && c.X1 <= b.X1-margin && c.Y0 >= b.Y0+margin && c.Y1 <= b.Y1-margin
}

func (b *Box) widen(x, y float64) {
	b.X0, b.X1 = math.Min(b.X0, x), math.Max(b.X1, x)
	b.Y0, b.Y1 = math.Min(b.Y0, y), math.Max(b.Y1, y)
}

// Text is one line of text of a map and the box it covers, measured in
// the map font as the browser and the PNG draw it.
type Text struct {
	S      string
	Anchor string
	Size   float64
	Box    Box
	Owner  string // the node, frame or line it belongs to: "node3", "clust1", "edge12"
}

// svgGroup is a node, frame or line of Graphviz's SVG.
type svgGroup struct {
	id, class string
	shape     Box
	shaped    bool
	texts     []Text
}

var pointsRE = regexp.MustCompile(`-?[0-9]+(?:\.[0-9]+)?`)

// Texts returns the map's texts, and its width and height in points.
func Texts(svg []byte) (texts []Text, width, height float64, err error) {
	groups, width, height, err := parseGroups(svg)
	for _, g := range groups {
		texts = append(texts, g.texts...)
	}
	return texts, width, height, err
}

func parseGroups(svg []byte) (groups []*svgGroup, width, height float64, err error) {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Entity = xml.HTMLEntity
	var cur *svgGroup
	depth, curDepth := 0, 0
	var text *Text
	var anchor string
	var tx, ty float64
	attr := func(el xml.StartElement, name string) string {
		for _, a := range el.Attr {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	pts := func(s string) []float64 {
		var out []float64
		for _, m := range pointsRE.FindAllString(s, -1) {
			v, _ := strconv.ParseFloat(m, 64)
			out = append(out, v)
		}
		return out
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return groups, width, height, nil
		}
		if err != nil {
			return nil, 0, 0, fmt.Errorf("the SVG is not well-formed: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if t.Name.Local == "svg" {
				width, _ = strconv.ParseFloat(strings.TrimSuffix(attr(t, "width"), "pt"), 64)
				height, _ = strconv.ParseFloat(strings.TrimSuffix(attr(t, "height"), "pt"), 64)
			}
			c := attr(t, "class")
			if t.Name.Local == "g" && (c == "node" || c == "cluster" || c == "edge") {
				cur = &svgGroup{id: attr(t, "id"), class: c, shape: Box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}}
				groups = append(groups, cur)
				curDepth = depth
			}
			if cur == nil {
				continue
			}
			switch t.Name.Local {
			case "polygon", "polyline", "path":
				if cur.class == "edge" {
					continue
				}
				src := attr(t, "points")
				if t.Name.Local == "path" {
					src = attr(t, "d")
				}
				p := pts(src)
				for i := 0; i+1 < len(p); i += 2 {
					cur.shape.widen(p[i], p[i+1])
					cur.shaped = true
				}
			case "ellipse":
				cx, _ := strconv.ParseFloat(attr(t, "cx"), 64)
				cy, _ := strconv.ParseFloat(attr(t, "cy"), 64)
				rx, _ := strconv.ParseFloat(attr(t, "rx"), 64)
				ry, _ := strconv.ParseFloat(attr(t, "ry"), 64)
				cur.shape.widen(cx-rx, cy-ry)
				cur.shape.widen(cx+rx, cy+ry)
				cur.shaped = true
			case "text":
				tx, _ = strconv.ParseFloat(attr(t, "x"), 64)
				ty, _ = strconv.ParseFloat(attr(t, "y"), 64)
				size, _ := strconv.ParseFloat(attr(t, "font-size"), 64)
				anchor = attr(t, "text-anchor")
				text = &Text{Size: size, Owner: cur.id, Anchor: anchor}
			}
		case xml.CharData:
			if text != nil {
				text.S += string(t)
			}
		case xml.EndElement:
			if t.Name.Local == "text" && text != nil && cur != nil {
				if strings.TrimSpace(text.S) != "" {
					w := maps.TextWidth(text.S, text.Size)
					x0 := tx - w/2
					switch anchor {
					case "start":
						x0 = tx
					case "end":
						x0 = tx - w
					}
					// Capital letters and descenders of the Go font.
					text.Box = Box{x0, ty - 0.73*text.Size, x0 + w, ty + 0.21*text.Size}
					cur.texts = append(cur.texts, *text)
				}
				text = nil
			}
			if cur != nil && depth == curDepth && t.Name.Local == "g" {
				cur = nil
			}
			depth--
		}
	}
}

// Readability returns what a reader would stumble on in the map, in words;
// none for a readable map.
func Readability(svg []byte) []string {
	groups, width, height, err := parseGroups(svg)
	if err != nil {
		return []string{err.Error()}
	}
	var problems []string
	if width <= 0 || height <= 0 {
		return []string{"the SVG has no size"}
	}
	if r := math.Max(width/height, height/width); r > MaxAspect {
		problems = append(problems, fmt.Sprintf("the drawing is %.0f×%.0f pt, %.2f:1, beyond %.1f:1", width, height, r, MaxAspect))
	}
	// The drawing itself, without the white a small map is padded with:
	// past a screen's size it must not be a long strip either.
	content := Box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, g := range groups {
		if g.shaped {
			content.widen(g.shape.X0, g.shape.Y0)
			content.widen(g.shape.X1, g.shape.Y1)
		}
	}
	if cw, ch := content.X1-content.X0, content.Y1-content.Y0; cw > 0 && ch > 0 && math.Max(cw, ch) > MaxSmall {
		if r := math.Max(cw/ch, ch/cw); r > MaxAspect {
			problems = append(problems, fmt.Sprintf("the nodes and frames cover %.0f×%.0f pt, %.2f:1, beyond %.1f:1", cw, ch, r, MaxAspect))
		}
	}
	var all []Text
	for _, g := range groups {
		for _, t := range g.texts {
			all = append(all, t)
			// A left-aligned text in a node is a cell of the legend's
			// table, which frames it with no shape of its own.
			if g.class == "edge" || !g.shaped || g.class == "node" && t.Anchor == "start" {
				continue
			}
			if !g.shape.contains(t.Box, 0.5) {
				problems = append(problems, fmt.Sprintf("%q spills out of its shape (%s): text %v, shape %v", t.S, g.id, t.Box, g.shape))
			}
		}
	}
	for i := range all {
		for j := i + 1; j < len(all); j++ {
			if all[i].Box.overlaps(all[j].Box, 0.5) {
				problems = append(problems, fmt.Sprintf("%q (%s) and %q (%s) overlap", all[i].S, all[i].Owner, all[j].S, all[j].Owner))
			}
		}
	}
	return problems
}
