package maps

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"io"
	"math"
	"strconv"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// Rasterising. go-graphviz's own PNG leaves out box outlines and cluster
// frames and fills edges (goccy/go-graphviz#106), and the Go SVG
// rasterisers at hand either skip <text> (srwiley/oksvg) or cannot be
// fetched here (tdewolff/canvas). So PNG reads back the SVG that Graphviz
// wrote — a small, known subset: groups with translate/scale, polygons,
// polylines, ellipses, paths of M/L/C/Z, and text — and draws it with
// golang.org/x/image/vector and the same Go font the labels were measured
// in.

// PNGScale is pixels per SVG point: 2 makes a map sharp when printed.
const PNGScale = 2.0

// maxPixels bounds the image of a very large map (32 MB of RGBA).
const maxPixels = 8 << 20

// Rasterise draws an SVG written by Graphviz as a PNG image.
func Rasterise(svg []byte) ([]byte, error) { return RasteriseWithin(svg, 0, 0) }

// RasteriseWithin draws the SVG within maxWidth × maxHeight pixels (0: no
// bound but maxPixels), for a picture placed at a known size: a map in a
// Word document is at most 170 × 225 mm, and drawing it larger only made
// the document slower to build (1 s a map) and larger (4 MB a map).
func RasteriseWithin(svg []byte, maxWidth, maxHeight int) ([]byte, error) {
	r := &rasteriser{faces: map[float64]font.Face{}, maxWidth: maxWidth, maxHeight: maxHeight}
	if err := r.read(svg); err != nil {
		return nil, fmt.Errorf("rasterising the map: %w", err)
	}
	if r.img == nil {
		return nil, errors.New("rasterising the map: no <svg> element")
	}
	return EncodePNG(r.img)
}

// affine maps user units to pixels: x' = a*x + c, y' = b*y + d (Graphviz
// only translates and scales).
type affine struct{ a, b, c, d float64 }

func (t affine) apply(x, y float64) (float64, float64) { return t.a*x + t.c, t.b*y + t.d }

func (t affine) then(u affine) affine {
	// u applied first, then t.
	return affine{a: t.a * u.a, b: t.b * u.b, c: t.a*u.c + t.c, d: t.b*u.d + t.d}
}

type rasteriser struct {
	img                 *image.RGBA
	maxWidth, maxHeight int
	painted             bool
	stack               []affine
	faces               map[float64]font.Face
	vr                  vector.Rasterizer
}

func (r *rasteriser) read(svg []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = false
	// Graphviz declares a DOCTYPE; nothing external is ever fetched.
	dec.Entity = xml.HTMLEntity
	var text *xml.StartElement
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := r.start(t); err != nil {
				return err
			}
			if t.Name.Local == "text" {
				el := t.Copy()
				text = &el
			}
		case xml.CharData:
			if text != nil {
				r.text(*text, string(t))
			}
		case xml.EndElement:
			if t.Name.Local == "text" {
				text = nil
			}
			if t.Name.Local == "g" || t.Name.Local == "svg" {
				r.stack = r.stack[:len(r.stack)-1]
			}
		}
	}
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (r *rasteriser) top() affine { return r.stack[len(r.stack)-1] }

func (r *rasteriser) start(e xml.StartElement) error {
	switch e.Name.Local {
	case "svg":
		box := strings.Fields(strings.ReplaceAll(attr(e, "viewBox"), ",", " "))
		if len(box) != 4 {
			return errors.New("the <svg> element has no viewBox")
		}
		w, h := parseFloat(box[2]), parseFloat(box[3])
		scale := PNGScale
		if w*h*scale*scale > maxPixels {
			scale = math.Sqrt(maxPixels / (w * h))
		}
		if r.maxWidth > 0 && w*scale > float64(r.maxWidth) {
			scale = float64(r.maxWidth) / w
		}
		if r.maxHeight > 0 && h*scale > float64(r.maxHeight) {
			scale = float64(r.maxHeight) / h
		}
		pw, ph := int(math.Ceil(w*scale)), int(math.Ceil(h*scale))
		if pw <= 0 || ph <= 0 {
			return errors.New("the map is empty")
		}
		r.img = image.NewRGBA(image.Rect(0, 0, pw, ph))
		draw.Draw(r.img, r.img.Bounds(), image.White, image.Point{}, draw.Src)
		r.stack = append(r.stack, affine{a: scale, b: scale, c: -parseFloat(box[0]) * scale, d: -parseFloat(box[1]) * scale})
	case "g":
		if r.img == nil {
			return errors.New("a <g> outside <svg>")
		}
		r.stack = append(r.stack, r.top().then(parseTransform(attr(e, "transform"))))
	case "polygon", "polyline":
		pts := parsePoints(attr(e, "points"))
		if len(pts) < 2 {
			return nil
		}
		var p path
		p.moveTo(pts[0])
		for _, q := range pts[1:] {
			p.lineTo(q)
		}
		if e.Name.Local == "polygon" {
			p.close()
		}
		r.paint(e, p)
	case "ellipse":
		cx, cy := parseFloat(attr(e, "cx")), parseFloat(attr(e, "cy"))
		rx, ry := parseFloat(attr(e, "rx")), parseFloat(attr(e, "ry"))
		var p path
		const k = 0.5522847498 // control distance of a quarter circle
		p.moveTo(pt{cx + rx, cy})
		p.cubeTo(pt{cx + rx, cy + k*ry}, pt{cx + k*rx, cy + ry}, pt{cx, cy + ry})
		p.cubeTo(pt{cx - k*rx, cy + ry}, pt{cx - rx, cy + k*ry}, pt{cx - rx, cy})
		p.cubeTo(pt{cx - rx, cy - k*ry}, pt{cx - k*rx, cy - ry}, pt{cx, cy - ry})
		p.cubeTo(pt{cx + k*rx, cy - ry}, pt{cx + rx, cy - k*ry}, pt{cx + rx, cy})
		p.close()
		r.paint(e, p)
	case "path":
		p, err := parsePathData(attr(e, "d"))
		if err != nil {
			return err
		}
		r.paint(e, p)
	}
	return nil
}

// paint fills, then strokes, a shape as SVG says (fill defaults to black,
// stroke to none).
func (r *rasteriser) paint(e xml.StartElement, p path) {
	t := r.top()
	first := !r.painted
	r.painted = true
	if fill, ok := parseColour(attr(e, "fill"), color.RGBA{A: 255}, attr(e, "fill-opacity")); ok {
		// Graphviz starts with a white background over the whole page,
		// which the image already is.
		if !(first && fill == (color.RGBA{255, 255, 255, 255})) {
			r.fill(p.flatten(t), fill)
		}
	}
	stroke, ok := parseColour(attr(e, "stroke"), color.RGBA{}, attr(e, "stroke-opacity"))
	if !ok {
		return
	}
	width := 1.0
	if s := attr(e, "stroke-width"); s != "" {
		width = parseFloat(s)
	}
	lines := p.flatten(t)
	if dashes := parseDashes(attr(e, "stroke-dasharray")); len(dashes) > 0 {
		for i := range dashes {
			dashes[i] *= t.a
		}
		lines = dash(lines, dashes)
	}
	r.fillChunked(strokeOutline(lines, width*t.a), stroke)
}

// fillChunked fills a stroke's pieces in runs whose bounding box stays
// close to their own size: a long curved edge has a bounding box of half
// the map, and rasterising that whole box per edge would dominate.
func (r *rasteriser) fillChunked(polys [][]pt, c color.RGBA) {
	// px² a run may waste: every run costs its box, and 4096 let the
	// thin edges of a large map waste more than they drew (its PNG 14 %
	// slower than with 512).
	const slack = 512
	start := 0
	var minX, minY, maxX, maxY, own float64
	for i, poly := range polys {
		x0, y0, x1, y1 := bounds(poly)
		if i > start {
			ux0, uy0, ux1, uy1 := math.Min(minX, x0), math.Min(minY, y0), math.Max(maxX, x1), math.Max(maxY, y1)
			if (ux1-ux0)*(uy1-uy0) > 2*(own+(x1-x0)*(y1-y0))+slack {
				r.fill(polys[start:i], c)
				start, own = i, 0
				minX, minY, maxX, maxY = x0, y0, x1, y1
			} else {
				minX, minY, maxX, maxY = ux0, uy0, ux1, uy1
			}
		} else {
			minX, minY, maxX, maxY = x0, y0, x1, y1
		}
		own += (x1 - x0) * (y1 - y0)
	}
	if start < len(polys) {
		r.fill(polys[start:], c)
	}
}

func bounds(poly []pt) (minX, minY, maxX, maxY float64) {
	minX, minY, maxX, maxY = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, q := range poly {
		minX, minY, maxX, maxY = math.Min(minX, q.x), math.Min(minY, q.y), math.Max(maxX, q.x), math.Max(maxY, q.y)
	}
	return
}

// fill draws closed polygons with the non-zero rule, only over their
// bounding box so that a small shape costs little on a large map.
func (r *rasteriser) fill(polys [][]pt, c color.RGBA) {
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, poly := range polys {
		for _, q := range poly {
			minX, minY, maxX, maxY = math.Min(minX, q.x), math.Min(minY, q.y), math.Max(maxX, q.x), math.Max(maxY, q.y)
		}
	}
	box := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX))+1, int(math.Ceil(maxY))+1).Intersect(r.img.Bounds())
	if box.Empty() {
		return
	}
	r.vr.Reset(box.Dx(), box.Dy())
	r.vr.DrawOp = draw.Over
	ox, oy := float64(box.Min.X), float64(box.Min.Y)
	for _, poly := range polys {
		if len(poly) < 3 {
			continue
		}
		r.vr.MoveTo(float32(poly[0].x-ox), float32(poly[0].y-oy))
		for _, q := range poly[1:] {
			r.vr.LineTo(float32(q.x-ox), float32(q.y-oy))
		}
		r.vr.ClosePath()
	}
	r.vr.Draw(r.img, box, image.NewUniform(c), image.Point{})
}

// text draws a label in the Go font, anchored as SVG says.
func (r *rasteriser) text(e xml.StartElement, s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	t := r.top()
	size := 14.0
	if v := attr(e, "font-size"); v != "" {
		size = parseFloat(v)
	}
	face := r.face(size * t.a)
	c, ok := parseColour(attr(e, "fill"), color.RGBA{A: 255}, "")
	if !ok {
		return
	}
	x, y := t.apply(parseFloat(attr(e, "x")), parseFloat(attr(e, "y")))
	d := font.Drawer{Dst: r.img, Src: image.NewUniform(c), Face: face}
	width := float64(d.MeasureString(s)) / 64
	switch attr(e, "text-anchor") {
	case "middle":
		x -= width / 2
	case "end":
		x -= width
	}
	d.Dot = fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.Int26_6(math.Round(y * 64))}
	d.DrawString(s)
}

func (r *rasteriser) face(px float64) font.Face {
	px = math.Round(px*4) / 4
	if f, ok := r.faces[px]; ok {
		return f
	}
	f, err := opentype.NewFace(goRegular, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic("maps: " + err.Error())
	}
	r.faces[px] = f
	return f
}

func parseFloat(s string) float64 {
	v, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, "pt")), 64)
	return v
}

// parseTransform reads the transforms Graphviz writes: scale, rotate(0)
// and translate, applied right to left as SVG does.
func parseTransform(s string) affine {
	t := affine{a: 1, b: 1}
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		open, end := strings.IndexByte(s, '('), strings.IndexByte(s, ')')
		if open < 0 || end < open {
			break
		}
		name := strings.TrimSpace(s[:open])
		args := strings.Fields(strings.ReplaceAll(s[open+1:end], ",", " "))
		s = s[end+1:]
		var u affine
		switch {
		case name == "scale" && len(args) >= 1:
			sx := parseFloat(args[0])
			sy := sx
			if len(args) > 1 {
				sy = parseFloat(args[1])
			}
			u = affine{a: sx, b: sy}
		case name == "translate" && len(args) >= 1:
			u = affine{a: 1, b: 1, c: parseFloat(args[0])}
			if len(args) > 1 {
				u.d = parseFloat(args[1])
			}
		default: // rotate(0), and anything Graphviz does not write for us
			continue
		}
		t = t.then(u)
	}
	return t
}

func parsePoints(s string) []pt {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' })
	var out []pt
	for i := 0; i+1 < len(f); i += 2 {
		out = append(out, pt{parseFloat(f[i]), parseFloat(f[i+1])})
	}
	return out
}

func parseDashes(s string) []float64 {
	if s == "" || s == "none" {
		return nil
	}
	var out []float64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		if v := parseFloat(f); v > 0 {
			out = append(out, v)
		}
	}
	if len(out)%2 == 1 {
		out = append(out, out...)
	}
	return out
}

var namedColours = map[string]color.RGBA{
	"black": {0, 0, 0, 255}, "white": {255, 255, 255, 255}, "red": {255, 0, 0, 255},
	"gray": {128, 128, 128, 255}, "grey": {128, 128, 128, 255}, "lightgrey": {211, 211, 211, 255},
	"blue": {0, 0, 255, 255}, "green": {0, 128, 0, 255},
}

// parseColour reads a paint; ok is false for none and transparent. The
// result is premultiplied, as image/color wants.
func parseColour(s string, def color.RGBA, opacity string) (color.RGBA, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	c := def
	switch {
	case s == "":
		if def.A == 0 {
			return c, false
		}
	case s == "none" || s == "transparent":
		return c, false
	case strings.HasPrefix(s, "#") && len(s) == 7:
		v, err := strconv.ParseUint(s[1:], 16, 32)
		if err != nil {
			return c, false
		}
		c = color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
	default:
		named, ok := namedColours[s]
		if !ok {
			named = color.RGBA{0, 0, 0, 255}
		}
		c = named
	}
	if opacity != "" {
		a := math.Max(0, math.Min(1, parseFloat(opacity)))
		c = color.RGBA{uint8(float64(c.R) * a), uint8(float64(c.G) * a), uint8(float64(c.B) * a), uint8(255 * a)}
	}
	return c, c.A > 0
}
