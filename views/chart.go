package views

import (
	"fmt"
	"strconv"
	"strings"
)

// A small line chart drawn by the server as SVG: no script and no CDN,
// so it shows without JavaScript and offline. Each figure gets a chart of
// its own rather than sharing an axis, because forums (a handful) and
// meetings (hundreds) on one scale would flatten the small figures. The
// chart scales to its container (viewBox, width 100 %), so at 320 px it
// shrinks instead of scrolling sideways; its text is the figure's
// <title> and <desc>, and the page gives the same figures in a table.

const (
	chartWidth, chartHeight = 300, 150
	chartLeft, chartRight   = 24, 24 // room for the first and last value
	chartTop, chartBottom   = 24, 26 // room for values above, years below
)

type chartPoint struct {
	X, Y   string // coordinates in the viewBox
	Year   string
	Value  string
	ValueY string // where the value is written, above the point
}

type lineChart struct {
	ID       string // for aria-labelledby
	Title    string
	Desc     string
	Width    int
	Height   int
	Baseline string // y of the x axis
	Right    int    // x where the axis ends
	Line     string // the polyline's points
	Points   []chartPoint
}

// newLineChart draws values over years (oldest first); desc names the
// figure in a sentence, e.g. "Antal forum".
func newLineChart(id, title, unit string, years []int, values []int) lineChart {
	ch := lineChart{ID: id, Title: title, Width: chartWidth, Height: chartHeight, Right: chartWidth - chartRight/2,
		Baseline: coord(float64(chartHeight - chartBottom))}
	top := 0
	for _, v := range values {
		top = max(top, v)
	}
	span := float64(chartWidth - chartLeft - chartRight)
	var line []string
	for i, v := range values {
		x := float64(chartLeft)
		if len(values) > 1 {
			x += span * float64(i) / float64(len(values)-1)
		}
		y := float64(chartHeight - chartBottom)
		if top > 0 {
			y -= float64(chartHeight-chartTop-chartBottom) * float64(v) / float64(top)
		}
		p := chartPoint{X: coord(x), Y: coord(y), Year: strconv.Itoa(years[i]), Value: swedishNumber(v), ValueY: coord(y - 8)}
		ch.Points = append(ch.Points, p)
		line = append(line, p.X+","+p.Y)
	}
	ch.Line = strings.Join(line, " ")
	if len(values) > 0 {
		ch.Desc = fmt.Sprintf("%s: %s %s år %d och %s %s år %d.", title, swedishNumber(values[0]), unit, years[0],
			swedishNumber(values[len(values)-1]), unit, years[len(years)-1])
	}
	if len(values) > 2 {
		var all []string
		for i, v := range values {
			all = append(all, fmt.Sprintf("%d: %s", years[i], swedishNumber(v)))
		}
		ch.Desc += " År för år: " + strings.Join(all, ", ") + "."
	}
	return ch
}

func coord(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
