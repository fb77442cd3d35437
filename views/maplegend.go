package views

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"

	"github.com/kartlaggning/kartlaggning/views/maps"
)

// The key of a map on screen: HTML beside the picture, each row with a
// small drawing of its sample, so that the key takes no room from the map
// fitted to the screen and stays readable at any zoom. Downloads and print
// draw the same rows inside the image (maps.Legend).

// mapLegendRow is one row of the key on the page.
type mapLegendRow struct {
	Sample template.HTML
	Text   string
}

// mapLegend returns the key's rows with their samples drawn as SVG.
func mapLegend(rows []maps.LegendRow) []mapLegendRow {
	out := make([]mapLegendRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, mapLegendRow{Sample: legendSample(r.Sample), Text: r.Text})
	}
	return out
}

const (
	sampleWidth  = 46.0
	sampleHeight = 22.0
)

// legendSample draws a sample in a small SVG. Colours come from the map's
// own styles; they are escaped all the same.
func legendSample(s maps.LegendSample) template.HTML {
	line := fmt.Sprintf(`stroke="%s" stroke-width="%s"%s`, attr(s.Colour, "#4a5563"), fmtNum(max(s.Border, 0.5)), dashes(s.Style, s.Border))
	stroke := fmt.Sprintf(`fill="%s" `, attr(s.Fill, "none")) + line
	var body string
	const x0, y0, x1, y1 = 3.0, 4.0, sampleWidth - 3, sampleHeight - 4
	switch {
	case s.Line:
		body = `<line x1="2" y1="11" x2="44" y2="11" ` + line + `/>`
	case s.Shape != "":
		body = shapeSample(s.Shape, stroke, line)
	default:
		rx := 0.0
		if s.Style == "rounded" {
			rx = 4
		}
		body = fmt.Sprintf(`<rect x="%s" y="%s" width="%s" height="%s" rx="%s" %s/>`, fmtNum(x0), fmtNum(y0), fmtNum(x1-x0), fmtNum(y1-y0), fmtNum(rx), stroke)
	}
	return template.HTML(fmt.Sprintf(`<svg class="legend-sample" width="%d" height="%d" viewBox="0 0 %d %d" aria-hidden="true" focusable="false">%s</svg>`,
		int(sampleWidth), int(sampleHeight), int(sampleWidth), int(sampleHeight), body))
}

func attr(v, fallback string) string {
	if v == "" {
		v = fallback
	}
	return html.EscapeString(v)
}

func dashes(style string, width float64) string {
	switch style {
	case "dashed":
		return fmt.Sprintf(` stroke-dasharray="%s,%s"`, fmtNum(5*max(width, 1)), fmtNum(3*max(width, 1)))
	case "dotted":
		return fmt.Sprintf(` stroke-dasharray="1,%s"`, fmtNum(2.5*max(width, 1)))
	}
	return ""
}

func fmtNum(f float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", f), "0"), ".")
}

// shapeSample draws a forum kind's Graphviz shape, small: polygons as
// Graphviz draws them (flat side down), the box-like shapes as a box with
// the mark that tells them apart.
func shapeSample(shape, stroke, line string) string {
	const cx, cy, rx, ry = sampleWidth / 2, sampleHeight / 2, 19.0, 8.0
	poly := func(pts [][2]float64) string {
		var b strings.Builder
		for i, p := range pts {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(fmtNum(p[0]) + "," + fmtNum(p[1]))
		}
		return fmt.Sprintf(`<polygon points="%s" %s/>`, b.String(), stroke)
	}
	regular := func(sides int, r float64) [][2]float64 {
		var pts [][2]float64
		for k := 0; k < sides; k++ {
			a := -math.Pi/2 + math.Pi/float64(sides) + 2*math.Pi*float64(k)/float64(sides)
			pts = append(pts, [2]float64{cx + rx*r*math.Cos(a), cy + ry*r*math.Sin(a)})
		}
		return pts
	}
	diamond := [][2]float64{{cx - rx, cy}, {cx, cy - ry}, {cx + rx, cy}, {cx, cy + ry}}
	const l, t, r, b = cx - rx, cy - ry, cx + rx, cy + ry
	box := fmt.Sprintf(`<rect x="%s" y="%s" width="%s" height="%s" %s/>`, fmtNum(l), fmtNum(t), fmtNum(r-l), fmtNum(b-t), stroke)
	path := func(d string) string { return fmt.Sprintf(`<path d="%s" fill="none" %s/>`, d, line) }
	switch shape {
	case "ellipse":
		return fmt.Sprintf(`<ellipse cx="%s" cy="%s" rx="%s" ry="%s" %s/>`, fmtNum(cx), fmtNum(cy), fmtNum(rx), fmtNum(ry), stroke)
	case "hexagon":
		return poly(regular(6, 1))
	case "octagon":
		return poly(regular(8, 1))
	case "doubleoctagon":
		return poly(regular(8, 1)) + poly(regular(8, 0.72))
	case "pentagon":
		return poly(regular(5, 1))
	case "septagon":
		return poly(regular(7, 1))
	case "diamond":
		return poly(diamond)
	case "Mdiamond":
		return poly(diamond) + path(fmt.Sprintf("M%s,%s l4,-2 M%s,%s l-4,-2 M%s,%s l4,2 M%s,%s l-4,2",
			fmtNum(l+4), fmtNum(cy+2), fmtNum(r-4), fmtNum(cy+2), fmtNum(l+4), fmtNum(cy-2), fmtNum(r-4), fmtNum(cy-2)))
	case "box3d":
		return box + path(fmt.Sprintf("M%s,%s l3,-3 h%s v%s l-3,3 M%s,%s l3,-3", fmtNum(l), fmtNum(t), fmtNum(r-l), fmtNum(b-t), fmtNum(r), fmtNum(t)))
	case "note":
		return poly([][2]float64{{l, t}, {r - 6, t}, {r, t + 6}, {r, b}, {l, b}}) + path(fmt.Sprintf("M%s,%s v6 h6", fmtNum(r-6), fmtNum(t)))
	case "tab":
		return box + path(fmt.Sprintf("M%s,%s v-3 h8 v3", fmtNum(l+2), fmtNum(t)))
	case "folder":
		return box + path(fmt.Sprintf("M%s,%s l2,-3 h8 l2,3", fmtNum(r-14), fmtNum(t)))
	case "cds":
		return poly([][2]float64{{l, t}, {r - 6, t}, {r, cy}, {r - 6, b}, {l, b}})
	case "component":
		return box + fmt.Sprintf(`<rect x="%s" y="%s" width="6" height="3" %s/><rect x="%s" y="%s" width="6" height="3" %s/>`,
			fmtNum(l-3), fmtNum(t+3), stroke, fmtNum(l-3), fmtNum(b-6), stroke)
	}
	return box
}
