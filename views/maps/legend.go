package maps

import (
	"fmt"
	"strings"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// legend draws the key inside the image, so that it survives download and
// printing. It explains only what this map shows.
func (w *dotWriter) legend() {
	k := w.key()
	if w.engine == "dot" {
		w.legendFrame(k)
	} else {
		w.legendTable(k)
	}
}

// key is what a map's legend must explain.
type key struct {
	unit, org, focus, informal bool
	kinds, levels              map[string]bool
	edges                      map[string]bool
	marks                      map[string]bool // "node/new", "edge/gone" …
}

func (w *dotWriter) key() key {
	k := key{kinds: map[string]bool{}, levels: map[string]bool{}, edges: map[string]bool{}, marks: map[string]bool{}}
	for _, n := range w.g.Nodes {
		switch n.Kind {
		case kartlaggning.MapUnitNode:
			k.unit = true
		case kartlaggning.MapOrganisationNode:
			k.org = true
		case kartlaggning.MapForumNode:
			k.kinds[n.ForumKind], k.levels[n.Level] = true, true
			k.informal = k.informal || !n.Formal
		}
		k.focus = k.focus || n.Focus
		if n.Mark != "" {
			k.marks["node/"+string(n.Mark)] = true
		}
	}
	for _, c := range w.g.Clusters {
		if c.Mark != "" {
			k.marks["node/"+string(c.Mark)] = true
		}
	}
	for _, e := range w.g.Edges {
		switch {
		case e.Kind == kartlaggning.MapMemberEdge && e.Hub:
			k.edges["hub"] = true
		case e.Kind == kartlaggning.MapMemberEdge && e.Dashed:
			k.edges["informal"] = true
		default:
			k.edges[string(e.Kind)] = true
		}
		if e.Mark != "" {
			k.marks["edge/"+string(e.Mark)] = true
		}
	}
	return k
}

func (w *dotWriter) focusWords() string {
	switch w.g.Request.View {
	case kartlaggning.MapMunicipality, kartlaggning.MapUnits:
		return "Kommunens egna"
	case kartlaggning.MapForum:
		return "Kartans forum"
	}
	return "Kartans enhet"
}

// legendFrame frames the key table and, for the forum kinds on the map,
// real samples of their shapes, in a second column.
func (w *dotWriter) legendFrame(k key) {
	w.printf("\tsubgraph \"cluster_legend\" {\n")
	w.printf("\t\tlabel=%s; style=\"rounded\"; color=%s; fontsize=%s; tooltip=\"Teckenförklaring\";\n",
		frameLabel("Teckenförklaring", fontSizeFrame), quoteID(colourFrame), num(fontSizeFrame))
	w.printf("\t\t%s\n", w.legendTableNode(k, false))
	var kinds []string
	for _, o := range kartlaggning.ForumKinds {
		// On paper the register names each forum's kind: the samples
		// would take a third of the page.
		if !k.kinds[o.Value] || w.opts.Print {
			continue
		}
		id, shape := "legend/kind/"+o.Value, forumShape(o.Value)
		width, height := nodeSize([]string{o.Label}, fontSizeEdge, shape)
		w.printf("\t\t%s [label=%s, shape=%s, style=filled, fillcolor=white, fontsize=%s, width=%s, height=%s, tooltip=%s];\n",
			quoteID(id), quoteText(o.Label), shape, num(fontSizeEdge), num(width), num(height), quoteTooltip("Forumtyp: "+o.Label))
		kinds = append(kinds, id)
	}
	// The shapes stand in columns of at most five beside the table, each
	// column centred on the one before it.
	prev := "legend"
	for len(kinds) > 0 {
		col := kinds[:min(5, len(kinds))]
		kinds = kinds[len(col):]
		w.printf("\t\t{rank=same; %s}\n", quoteAll(col))
		w.printf("\t\t%s -> %s [style=invis];\n", quoteID(prev), quoteID(col[len(col)/2]))
		prev = col[len(col)/2]
	}
	w.printf("\t}\n")
}

// legendTable draws the key as one table node, for layouts without
// layers.
func (w *dotWriter) legendTable(k key) {
	w.printf("\t%s\n", w.legendTableNode(k, true))
}

// LegendRow is one row of a map's key: a sample and what it means. The
// same rows make the key inside the image (a table node) and the one the
// map page writes in HTML beside the picture.
type LegendRow struct {
	Sample LegendSample
	Text   string
}

// LegendSample is how a row's sample is drawn: a swatch of a node's fill
// and border, a line, or a forum kind's shape.
type LegendSample struct {
	Line   bool   // a line in Colour, Border wide, in Style
	Shape  string // a forum kind's Graphviz shape; "" for a swatch or line
	Fill   string
	Colour string
	Border float64
	// Style is "solid", "dashed", "dotted" or (a swatch) "rounded".
	Style string
}

// Legend returns the key of the map that DOT(g, opts) draws: only what
// that map shows, with a row per forum kind on it unless withKinds is
// false.
func Legend(g *kartlaggning.MapGraph, opts Options, withKinds bool) []LegendRow {
	w := &dotWriter{g: g, opts: opts, engine: Engine(g)}
	k := w.key()
	rows := w.legendRows(k)
	if withKinds {
		for _, o := range kartlaggning.ForumKinds {
			if k.kinds[o.Value] {
				rows = append(rows, LegendRow{Sample: LegendSample{Shape: forumShape(o.Value), Fill: "#ffffff", Colour: colourLine, Border: 1, Style: "solid"}, Text: o.Label})
			}
		}
	}
	return rows
}

// legendRows are the key's rows of swatches and lines.
func (w *dotWriter) legendRows(k key) []LegendRow {
	var rows []LegendRow
	row := func(s LegendSample, text string) { rows = append(rows, LegendRow{Sample: s, Text: text}) }
	swatch := func(fill string, border float64, style string) LegendSample {
		return LegendSample{Fill: fill, Colour: colourLine, Border: border, Style: style}
	}
	line := func(colour string, border float64, style string) LegendSample {
		return LegendSample{Line: true, Colour: colour, Border: border, Style: style}
	}
	if k.unit {
		row(swatch(colourUnit, 1, "rounded"), "Enhet")
	}
	if k.org {
		if w.g.Aggregated {
			row(swatch(colourAggOrg, 1, "rounded"), "Organisation med alla sina enheter")
		} else {
			row(swatch(colourOrg, 2, "solid"), "Hela organisationen, ingen viss enhet")
		}
	}
	if k.focus {
		row(swatch(colourFocus, 2, "rounded"), w.focusWords()+" (gul, tjock ram)")
	}
	for _, o := range kartlaggning.Levels {
		if k.levels[o.Value] {
			st := levelStyles[o.Value]
			row(swatch(st.Fill, float64(int(st.PenWidth+0.5)), "solid"), "Forum på "+kartlaggning.LevelPhrase(o.Value)+" (färg och ram)")
		}
	}
	if k.informal {
		row(swatch("white", 1, "dashed"), "Informellt forum (streckad ram)")
	}
	if k.edges[string(kartlaggning.MapMemberEdge)] {
		row(line(colourLine, 1, "solid"), "Deltar i forumet")
	}
	if k.edges["informal"] {
		row(line(colourLine, 1, "dashed"), "Deltar i informellt forum")
	}
	if k.edges["hub"] {
		row(line(colourLine, 3, "solid"), "Sammankallar kontakter i enskilda ärenden")
	}
	if k.edges[string(kartlaggning.MapParentEdge)] {
		row(line(colourLine, 1, "dotted"), "Ingår i forumet som pilen pekar på")
	}
	if k.edges[string(kartlaggning.MapMeetsEdge)] {
		row(line(colourLine, 3, "solid"), "Möts; ju tjockare linje, desto fler gemensamma forum")
	}
	if k.edges[string(kartlaggning.MapWishEdge)] {
		row(line(colourWish, 1, "dashed"), "Önskad samverkan som saknas idag (röd rad i enhetens ruta)")
	}
	w.markRows(k, row)
	return rows
}

// legendTableNode is a table of samples: swatches with the nodes' fills
// and borders, and cell borders drawn in the lines' styles.
func (w *dotWriter) legendTableNode(k key, titled bool) string {
	var rows []string
	for _, r := range w.legendRows(k) {
		s := r.Sample
		var sample string
		if s.Line {
			sample = fmt.Sprintf(`SIDES="B" BORDER="%d" COLOR="%s" STYLE="%s">`, int(s.Border), s.Colour, s.Style)
		} else {
			sample = fmt.Sprintf(`BGCOLOR="%s" BORDER="%d" COLOR="%s" STYLE="%s">`, s.Fill, int(s.Border), s.Colour, s.Style)
		}
		width := textWidth(r.Text, fontSizeEdge)*fallbackSlack + 6
		rows = append(rows, fmt.Sprintf(`<TR><TD WIDTH="46" HEIGHT="16" FIXEDSIZE="TRUE" %s</TD><TD ALIGN="LEFT" WIDTH="%s">%s</TD></TR>`,
			sample, num(float64(int(width+1))), htmlText(r.Text)))
	}
	title := ""
	if titled {
		title = fmt.Sprintf(`<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT POINT-SIZE="%s">Teckenförklaring</FONT></TD></TR>`, num(fontSizeFrame))
	}
	border := "0"
	if titled {
		border = "1"
	}
	return fmt.Sprintf(`"legend" [shape=plaintext, margin=0, fontsize=%s, tooltip="Teckenförklaring", label=<<TABLE BORDER="%s" COLOR="%s" STYLE="rounded" CELLBORDER="0" CELLSPACING="5" CELLPADDING="1">%s%s</TABLE>>];`,
		num(fontSizeEdge), border, colourFrame, title, strings.Join(rows, ""))
}

func quoteAll(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = quoteID(id)
	}
	return strings.Join(q, "; ")
}
