package maps_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
)

type svgText struct {
	s      string
	x      float64
	size   float64
	anchor string
}

// svgNode is a node or cluster of a Graphviz SVG: the horizontal extent
// of its shapes and its texts.
type svgNode struct {
	class      string
	minX, maxX float64
	texts      []svgText
}

func numbers(s string) []float64 {
	var out []float64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r >= 'A' && r <= 'Z' }) {
		if v, err := strconv.ParseFloat(f, 64); err == nil {
			out = append(out, v)
		}
	}
	return out
}

func svgNodes(tb testing.TB, svg []byte) []svgNode {
	tb.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Entity = xml.HTMLEntity
	var nodes []svgNode
	var cur *svgNode
	depth, curDepth := 0, 0
	var text *svgText
	attr := func(el xml.StartElement, name string) string {
		for _, a := range el.Attr {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	widen := func(xs ...float64) {
		for _, x := range xs {
			cur.minX, cur.maxX = math.Min(cur.minX, x), math.Max(cur.maxX, x)
		}
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nodes
		}
		if err != nil {
			tb.Fatalf("the SVG is not well-formed: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			c := attr(t, "class")
			if t.Name.Local == "g" && (c == "node" || c == "cluster") {
				nodes = append(nodes, svgNode{class: c, minX: math.Inf(1), maxX: math.Inf(-1)})
				cur, curDepth = &nodes[len(nodes)-1], depth
			}
			if cur == nil {
				continue
			}
			switch t.Name.Local {
			case "polygon", "polyline":
				p := numbers(attr(t, "points"))
				for i := 0; i+1 < len(p); i += 2 {
					widen(p[i])
				}
			case "ellipse":
				cx, _ := strconv.ParseFloat(attr(t, "cx"), 64)
				rx, _ := strconv.ParseFloat(attr(t, "rx"), 64)
				widen(cx-rx, cx+rx)
			case "path":
				p := numbers(attr(t, "d"))
				for i := 0; i+1 < len(p); i += 2 {
					widen(p[i])
				}
			case "text":
				x, _ := strconv.ParseFloat(attr(t, "x"), 64)
				size, _ := strconv.ParseFloat(attr(t, "font-size"), 64)
				text = &svgText{x: x, size: size, anchor: attr(t, "text-anchor")}
			}
		case xml.CharData:
			if text != nil {
				text.s += string(t)
			}
		case xml.EndElement:
			if t.Name.Local == "text" && text != nil && cur != nil {
				if strings.TrimSpace(text.s) != "" {
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

func mustDecodePNG(tb testing.TB, data []byte) image.Image {
	tb.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("not a PNG: %v", err)
	}
	return img
}
