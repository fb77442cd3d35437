package maps

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
)

var (
	svgComment = regexp.MustCompile(`(?s)<!--.*?-->\n?`)
	svgTitle   = regexp.MustCompile(`<title>[^<]*</title>\n?`)
	svgFont    = []byte(`font-family="` + FontFamily + `"`)
)

// TidySVG readies Graphviz's SVG for people: it drops the comments and the
// <title> of every node and edge (their DOT names, like "units/x", are
// noise to a screen reader and as tooltips; each link carries its own
// tooltip), keeps the map's title, and names fallback fonts of about the
// Go font's width for a downloaded file.
func TidySVG(svg []byte) []byte {
	svg = svgComment.ReplaceAll(svg, nil)
	first := true
	svg = svgTitle.ReplaceAllFunc(svg, func(t []byte) []byte {
		if first {
			first = false
			return t
		}
		return nil
	})
	svg = bytes.ReplaceAll(svg, svgFont, []byte(`font-family="`+fontFallback+`"`))
	return padAspect(svg)
}

// maxAspect is how much longer one side of a drawing may be than the
// other; padAspect pads to a little less.
const (
	maxAspect   = 2.5
	padToAspect = 2.4
)

var svgSize = regexp.MustCompile(`<svg width="([0-9.]+)pt" height="([0-9.]+)pt"\s+viewBox="([-0-9.]+) ([-0-9.]+) ([0-9.]+) ([0-9.]+)"`)

// padAspect centres a drawing far wider than tall (or taller than wide)
// on a white page of at most maxAspect: a map of two nodes under a wide
// legend would otherwise shrink to a strip when fitted to a screen or a
// page. The banded layouts keep large maps in proportion themselves.
func padAspect(svg []byte) []byte {
	m := svgSize.FindSubmatchIndex(svg)
	if m == nil {
		return svg
	}
	f := func(i int) float64 { v, _ := strconv.ParseFloat(string(svg[m[2*i]:m[2*i+1]]), 64); return v }
	w, h, x0, y0, vw, vh := f(1), f(2), f(3), f(4), f(5), f(6)
	if w <= 0 || h <= 0 || vw <= 0 || vh <= 0 {
		return svg
	}
	nw, nh := w, h
	switch {
	case w/h > maxAspect:
		nh = w / padToAspect
	case h/w > maxAspect:
		nw = h / padToAspect
	default:
		return svg
	}
	// The viewBox grows by the same factor, in its own units.
	nvw, nvh := vw*nw/w, vh*nh/h
	nx0, ny0 := x0-(nvw-vw)/2, y0-(nvh-vh)/2
	head := fmt.Sprintf(`<svg width="%.0fpt" height="%.0fpt" viewBox="%.2f %.2f %.2f %.2f"`, nw, nh, nx0, ny0, nvw, nvh)
	out := make([]byte, 0, len(svg)+16)
	out = append(out, svg[:m[0]]...)
	out = append(out, head...)
	return append(out, svg[m[1]:]...)
}

// InlineSVG returns the <svg> element alone, for embedding in a page.
func InlineSVG(svg []byte) []byte {
	if i := bytes.Index(svg, []byte("<svg")); i >= 0 {
		return svg[i:]
	}
	return nil
}
