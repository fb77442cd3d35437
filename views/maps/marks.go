package maps

import (
	"fmt"
	"strings"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// How a comparison map (kartlaggning.CompareMap) draws what is new and
// what is gone. Neither is said by colour alone: what is new has a thick
// border and the word "Ny"/"Nytt" in its label; what is gone has a dashed
// border, a pale fill and the word "Avslutat"/"Borttagen"; lines that
// ended are dashed with a bar at the end. Every tooltip starts with what
// changed.

const (
	colourNew      = "#1b7f3b" // 5:1 on white
	colourGone     = "#8a939e" // 3:1 on white, enough for a line
	colourGoneText = "#4f5864" // 6:1 on the pale fill: faded, still legible
	colourGoneFill = "#f1f3f5"
	newPenExtra    = 2.0
	newLinePen     = 2.6
)

// markWord is the word added under a marked node's name.
func markWord(kind kartlaggning.MapNodeKind, mark kartlaggning.MapMark) string {
	switch {
	case mark == kartlaggning.MapNew && kind == kartlaggning.MapForumNode:
		return "Nytt"
	case mark == kartlaggning.MapNew:
		return "Ny"
	case kind == kartlaggning.MapForumNode:
		return "Avslutat"
	}
	return "Borttagen"
}

// nodeLook is what a node is drawn with.
type nodeLook struct {
	style, fill string
	pen         float64
	lines       []string
	tooltip     string
	extra       []string
}

// mark restyles a marked node.
func (l *nodeLook) mark(n *kartlaggning.MapNode) {
	l.lines = append(l.lines, markWord(n.Kind, n.Mark))
	l.tooltip = n.Change + ": " + l.tooltip
	switch n.Mark {
	case kartlaggning.MapNew:
		l.pen += newPenExtra
		l.extra = append(l.extra, "color="+quoteID(colourNew))
	case kartlaggning.MapGone:
		l.style += ",dashed"
		l.fill, l.pen = colourGoneFill, 1
		l.extra = append(l.extra, "color="+quoteID(colourGone), "fontcolor="+quoteID(colourGoneText))
	}
}

// markEdge restyles a marked line. A line between two ends that are not
// themselves new (or gone) says so in words: that is who joined or left.
func (w *dotWriter) markEdge(e *kartlaggning.MapEdge, attrs []string) []string {
	attrs = setAttr(attrs, "tooltip", quoteTooltip(e.Change+": "+e.Tooltip))
	ends := w.nodeMark(e.From) != e.Mark && w.nodeMark(e.To) != e.Mark
	word := ""
	switch e.Mark {
	case kartlaggning.MapNew:
		if e.Kind != kartlaggning.MapWishEdge { // a wish keeps its red
			attrs = setAttr(attrs, "color", quoteID(colourNew))
		}
		pen := newLinePen
		if e.Kind == kartlaggning.MapMeetsEdge {
			pen = w.meetsWidth(e.Forums) + 1.5
		}
		attrs = setAttr(attrs, "penwidth", num(pen))
		if ends {
			word = "ny"
		}
	case kartlaggning.MapGone:
		attrs = setAttr(attrs, "color", quoteID(colourGone))
		attrs = setAttr(attrs, "fontcolor", quoteID(colourGoneText))
		attrs = setAttr(attrs, "style", "dashed")
		attrs = setAttr(attrs, "penwidth", "1.4")
		if e.Kind == kartlaggning.MapMemberEdge || e.Kind == kartlaggning.MapMeetsEdge {
			attrs = setAttr(attrs, "dir", "forward")
			attrs = setAttr(attrs, "arrowhead", "tee")
		}
		if ends {
			word = "upphört"
			if e.Kind == kartlaggning.MapMemberEdge {
				word = "lämnat"
			}
		}
	}
	switch {
	case word == "":
	case e.Kind == kartlaggning.MapMeetsEdge:
		attrs = setAttr(attrs, "label", quoteText(word))
	default:
		// Beside the forum rather than mid-line, where lines bunch up.
		attrs = setAttr(attrs, "headlabel", quoteText(word))
		attrs = setAttr(attrs, "labeldistance", "2.2")
	}
	if word != "" && e.Mark == kartlaggning.MapNew {
		attrs = setAttr(attrs, "fontcolor", quoteID(colourNew))
	}
	return attrs
}

// nodeMark returns the mark of the node of r.
func (w *dotWriter) nodeMark(r kartlaggning.Ref) kartlaggning.MapMark {
	if w.marks == nil {
		w.marks = map[kartlaggning.Ref]kartlaggning.MapMark{}
		for _, n := range w.g.Nodes {
			w.marks[n.Ref] = n.Mark
		}
	}
	return w.marks[r]
}

// setAttr sets a DOT attribute in a list, replacing an earlier value.
func setAttr(attrs []string, key, value string) []string {
	for i, a := range attrs {
		if strings.HasPrefix(a, key+"=") {
			attrs[i] = key + "=" + value
			return attrs
		}
	}
	return append(attrs, key+"="+value)
}

// frameLook is what an organisation's frame is drawn with.
type frameLook struct {
	label, tooltip, style, colour, extra string
}

func clusterLook(c kartlaggning.MapCluster) frameLook {
	l := frameLook{label: c.Label, tooltip: c.Label + " – " + c.Tooltip, style: "rounded,filled", colour: colourFrame}
	switch c.Mark {
	case kartlaggning.MapNew:
		l.label += " (ny)"
		l.colour = colourNew
		l.extra = fmt.Sprintf(" penwidth=%s;", num(1+newPenExtra))
	case kartlaggning.MapGone:
		l.label += " (borttagen)"
		l.style += ",dashed"
		l.colour = colourGone
		l.extra = fmt.Sprintf(" fontcolor=%s;", quoteID(colourGoneText))
	}
	return l
}

// markRows are the legend's rows for a comparison map.
func (w *dotWriter) markRows(k key, row func(s LegendSample, text string)) {
	c := w.g.Compared
	if c == nil {
		return
	}
	if k.marks["node/new"] {
		row(LegendSample{Fill: "white", Border: 3, Colour: colourNew, Style: "rounded"},
			fmt.Sprintf("Ny %d, fanns inte %d (tjock grön ram, märkt Ny/Nytt)", c.To, c.From))
	}
	if k.marks["node/gone"] {
		row(LegendSample{Fill: colourGoneFill, Border: 1, Colour: colourGone, Style: "dashed"},
			fmt.Sprintf("Fanns %d men inte %d, eller avslutat (grå streckad ram, märkt Avslutat/Borttagen)", c.From, c.To))
	}
	if k.marks["edge/new"] {
		row(LegendSample{Line: true, Border: 3, Colour: colourNew, Style: "solid"},
			fmt.Sprintf("Ny koppling %d (grön, tjock; ”ny” när båda ändarna fanns %d)", c.To, c.From))
	}
	if k.marks["edge/gone"] {
		row(LegendSample{Line: true, Border: 1, Colour: colourGone, Style: "dashed"},
			fmt.Sprintf("Koppling som fanns %d men inte %d (grå, streckad, tvärstreck i änden)", c.From, c.To))
	}
}
