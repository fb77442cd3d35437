package maps

import (
	"bytes"
	"regexp"
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
	return bytes.ReplaceAll(svg, svgFont, []byte(`font-family="`+fontFallback+`"`))
}

// InlineSVG returns the <svg> element alone, for embedding in a page.
func InlineSVG(svg []byte) []byte {
	if i := bytes.Index(svg, []byte("<svg")); i >= 0 {
		return svg[i:]
	}
	return nil
}
