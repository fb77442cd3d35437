package maps

import "math"

// The map's visual vocabulary. Nothing is said by colour alone: a forum's
// level is its fill and also its border width, and every node's kind and
// level are in its tooltip, the legend and the table beside the map.

// forumShapes gives each kind of forum its own Graphviz shape.
var forumShapes = map[string]string{
	"natverk":         "ellipse",
	"styrgrupp":       "hexagon",
	"ledningsgrupp":   "octagon",
	"beredningsgrupp": "pentagon",
	"arbetsgrupp":     "box3d",
	"referensgrupp":   "note",
	"arendeforum":     "diamond",
	"arena":           "Mdiamond",
	"strategimote":    "doubleoctagon",
	"rad":             "septagon",
	"samverkansdag":   "tab",
	"projekt":         "folder",
	"kontakt":         "cds",
	"annan":           "component",
}

func forumShape(kind string) string {
	if s, ok := forumShapes[kind]; ok {
		return s
	}
	return "component"
}

// levelStyles are the fill and border width of each level.
var levelStyles = map[string]struct {
	Fill     string
	PenWidth float64
}{
	"strategisk": {"#f7c68f", 2.6},
	"operativ":   {"#a9dbb1", 1.6},
	"individ":    {"#c3cff5", 1},
}

const (
	colourLine     = "#4a5563"
	colourWish     = "#c62828"
	colourUnit     = "#ffffff"
	colourFocus    = "#fff0a0"
	colourOrg      = "#e4e7eb"
	colourCluster  = "#f4f6f9"
	colourFrame    = "#8a96a3"
	colourAggOrg   = "#dde8f6"
	fontSizeNode   = 12.0
	fontSizeEdge   = 11.0
	fontSizeFrame  = 13.0
	fontSizeTitle  = 16.0
	nodeMarginX    = 0.11 * 72 // Graphviz's default node margin, in points
	nodeMarginY    = 0.055 * 72
	fallbackSlack  = 1.06 // a fallback font may be a little wider than Go
	lineSpacing    = 1.2  // Graphviz's line height, in font sizes
	boxSlackY      = 4.0  // points added to the height of a box-like shape
	wrapAt         = 26   // characters per label line
	pointsPerInch  = 72.0
	maxPenWidth    = 5.0
	wishPenWidth   = 1.6
	parentPenWidth = 1.2
)

// shapeFactor is how much larger than its label Graphviz makes a shape:
// boxes fit exactly, other polygons get √2 and then 1/cos(π/sides) so that
// the label's box fits inside (lib/common/shapes.c, poly_init).
func shapeFactor(shape string) float64 {
	switch shape {
	case "box", "rect", "rectangle", "note", "tab", "folder", "box3d", "component", "cds", "plaintext", "plain", "none":
		return 1
	case "ellipse", "oval", "circle":
		return math.Sqrt2
	}
	sides := map[string]float64{"hexagon": 6, "octagon": 8, "doubleoctagon": 8, "pentagon": 5, "septagon": 7,
		"diamond": 4, "Mdiamond": 4}[shape]
	if sides == 0 {
		sides = 4
	}
	return math.Sqrt2 / math.Cos(math.Pi/sides)
}
