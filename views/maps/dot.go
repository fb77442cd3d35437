// Package maps draws the samverkanskartor: it writes a domain map graph
// as Graphviz DOT, renders DOT to SVG in worker processes (go-graphviz is
// neither safe for concurrent use nor able to give memory back), rasterises
// the SVG to PNG and caches the results. The views know only Renderer.
package maps

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// Linker returns the relative address a node links to, "" for none. Only
// addresses the service builds itself may come out of it: Graphviz passes
// any URL through, javascript: included.
type Linker func(n *kartlaggning.MapNode) string

// Options are what the views add to a graph: where nodes link and the
// caption printed above the map.
type Options struct {
	Link    Linker
	Caption string
	// Print lays the map out for a landscape page, with a compact legend
	// of the lines and fills only.
	Print bool
	// NoLegend leaves the key out of the drawing: the map page writes it
	// in HTML beside the picture (Legend), where it costs the map no room
	// when fitted to the screen. Downloads and print keep it inside.
	NoLegend bool
}

// DOT writes g in Graphviz's language. The output depends only on g and
// opts, so the same data gives the same bytes.
func DOT(g *kartlaggning.MapGraph, opts Options) []byte {
	w := &dotWriter{g: g, opts: opts, engine: Engine(g)}
	w.write()
	return w.buf.Bytes()
}

// Engine picks the layout: dot's layered drawing for maps of seats in
// forums (members left, forums right), fdp's springs for who-meets-whom
// maps, which have no direction.
func Engine(g *kartlaggning.MapGraph) string {
	switch {
	case g.Aggregated && g.Request.Municipality == "":
		return "circo" // organisations in a ring: every line stays visible
	case g.Aggregated:
		return "neato" // no frames to keep, and faster than fdp
	case g.Request.View == kartlaggning.MapUnits:
		return "fdp" // keeps the organisations' frames
	case g.Request.View == kartlaggning.MapForum:
		return "twopi" // the forum in the middle, its members in a ring
	}
	return "dot"
}

// curvedLimit is the most lines drawn as curves around nodes in a spring
// layout: routing them costs time that grows fast with their number.
const curvedLimit = 150

// polylineFrom is the most lines a map of columns draws as curves.
const polylineFrom = 300

type dotWriter struct {
	g                    *kartlaggning.MapGraph
	opts                 Options
	engine               string
	buf                  bytes.Buffer
	maxForums, minForums int
	// column is each node's column in a banded layout (bands).
	column map[kartlaggning.Ref]int
	// wishes are the wish lines of each unit, drawn as a note (wishNote).
	wishes map[kartlaggning.Ref][]*kartlaggning.MapEdge
	marks  map[kartlaggning.Ref]kartlaggning.MapMark // of a comparison map's nodes
}

// denseLines is the number of lines past which lines are drawn see-through,
// so that crossings do not blacken the map.
const denseLines = 60

func (w *dotWriter) printf(format string, args ...any) { fmt.Fprintf(&w.buf, format, args...) }

func (w *dotWriter) write() {
	w.printf("digraph %s {\n", quoteID(w.opts.Caption))
	w.printf("\tgraph [layout=%s, fontname=%s, fontsize=%s, bgcolor=white, pad=0.3, labelloc=t, labeljust=l, outputorder=edgesfirst",
		w.engine, quoteID(FontFamily), num(fontSizeTitle))
	if w.engine == "dot" {
		ranksep := bandRankSep
		if w.opts.Print {
			ranksep = printRankSep // paper is narrower than the lines need on screen
		}
		w.printf(", rankdir=LR, nodesep=0.06, ranksep=\"%s\", newrank=true, compound=true", num(ranksep))
		if len(w.g.Edges) > curvedLimit {
			// Lines that cross columns pass as hidden nodes through every
			// column between: on a large map the crossing and placing
			// passes took 8 s. A few passes give nearly the same picture.
			w.printf(", mclimit=0.3, nslimit=1, nslimit1=1, remincross=false")
		}
		if len(w.g.Edges) > polylineFrom {
			// Curves through hundreds of lines took a third of the
			// layout of a large kommun's map; straight pieces routed
			// around the nodes read as well at that density.
			w.printf(", splines=polyline")
		}
	} else {
		splines := "true"
		if len(w.g.Edges) > curvedLimit {
			splines = "line"
		}
		// start=1 seeds the layout, so the same graph is drawn the same way.
		w.printf(", overlap=false, splines=%s, sep=\"+12\", start=1", splines)
		if w.engine == "fdp" {
			w.printf(", K=1.2, maxiter=400")
		}
		if w.engine == "twopi" {
			if root := w.root(); root != "" {
				w.printf(", root=%s, ranksep=\"1.4\"", quoteID(root))
			}
		}
	}
	if w.opts.Caption != "" {
		w.printf(", label=%s", frameLabel(w.opts.Caption, fontSizeTitle))
	}
	w.printf("];\n")
	w.printf("\tnode [fontname=%s, fontsize=%s, color=%s, penwidth=1];\n", quoteID(FontFamily), num(fontSizeNode), quoteID(colourLine))
	w.printf("\tedge [fontname=%s, fontsize=%s, color=%s, dir=none, arrowsize=0.8];\n", quoteID(FontFamily), num(fontSizeEdge), quoteID(colourLine))

	w.collectWishes()
	byCluster := map[string][]*kartlaggning.MapNode{}
	for i := range w.g.Nodes {
		n := &w.g.Nodes[i]
		byCluster[n.Cluster] = append(byCluster[n.Cluster], n)
	}
	for _, c := range w.g.Clusters {
		l := clusterLook(c)
		w.printf("\tsubgraph %s {\n", quoteID("cluster_"+c.Ref.ID))
		w.printf("\t\tlabel=%s; tooltip=%s; style=%s; fillcolor=%s; color=%s; fontsize=%s;%s\n",
			frameLabel(l.label, fontSizeFrame), quoteTooltip(l.tooltip), quoteID(l.style), quoteID(colourCluster), quoteID(l.colour), num(fontSizeFrame), l.extra)
		for _, n := range byCluster[c.Ref.ID] {
			w.node(n, "\t\t")
		}
		w.printf("\t}\n")
	}
	for _, n := range byCluster[""] {
		w.node(n, "\t")
	}
	bands := w.bands()
	w.column = map[kartlaggning.Ref]int{}
	for i, col := range bands {
		for _, r := range col {
			w.column[r] = i
		}
		w.printf("\t{rank=same; %s}\n", quoteRefs(col))
	}
	// Invisible links keep the columns in their order even where no line
	// joins two neighbours.
	for i := 1; i < len(bands); i++ {
		w.printf("\t%s -> %s [style=invis];\n", quoteID(bands[i-1][0].String()), quoteID(bands[i][0].String()))
	}
	for i := range w.g.Edges {
		w.edge(&w.g.Edges[i])
	}
	if !w.opts.NoLegend {
		w.legend()
	}
	w.printf("}\n")
}

func (w *dotWriter) node(n *kartlaggning.MapNode, indent string) {
	look, shape := w.look(n)
	width, height := nodeSize(look.lines, fontSizeNode, shape)
	label := strings.Join(look.lines, "\n")
	if label == "" {
		label = " " // Graphviz draws an empty label as the node's id
	}
	label = quoteText(label)
	if names := w.wishNames(n); len(names) > 0 {
		lines := []string{"Önskar samverkan med:"}
		for _, name := range names {
			lines = append(lines, wrap(cleanText(name), wrapAt)...)
		}
		label, width, height = w.wishLabel(look.lines, lines, width, height)
		look.tooltip += " – önskar samverkan med " + strings.Join(names, ", ")
	}
	// The id names the node in the SVG, for the explorer (assets/js/map.js).
	w.printf("%s%s [id=%s, label=%s, shape=%s, style=%s, fillcolor=%s, penwidth=%s, width=%s, height=%s, tooltip=%s",
		indent, quoteID(n.Ref.String()), quoteID("n:"+n.Ref.String()), label, shape, quoteID(look.style), quoteID(look.fill), num(look.pen),
		num(width), num(height), quoteTooltip(look.tooltip))
	if w.opts.Link != nil {
		if href := w.opts.Link(n); href != "" {
			w.printf(", URL=%s, target=_top", quoteText(href))
		}
	}
	for _, e := range look.extra {
		w.printf(", %s", e)
	}
	w.printf("];\n")
}

// Wishes. A line from a unit to each party it wishes to work with ran
// across the whole map, around the forums between them: the layered
// layout cannot route a line that must not move the columns any shorter,
// and a note beside the unit joined by a short line still looped when dot
// ordered the column. So a unit's wishes are part of its box: a red
// dashed row under its name that names the parties. The table and the
// list under the map keep who wishes what, with the wish's text.

// collectWishes gathers the wish lines by unit, in the graph's order.
func (w *dotWriter) collectWishes() {
	w.wishes = map[kartlaggning.Ref][]*kartlaggning.MapEdge{}
	for i := range w.g.Edges {
		if e := &w.g.Edges[i]; e.Kind == kartlaggning.MapWishEdge {
			w.wishes[e.From] = append(w.wishes[e.From], e)
		}
	}
}

// wishNames are the parties n wishes to work with, each once; nil when n
// has no wishes on the map.
func (w *dotWriter) wishNames(n *kartlaggning.MapNode) []string {
	wishes := w.wishes[n.Ref]
	if len(wishes) == 0 {
		return nil
	}
	var names []string
	seen := map[kartlaggning.Ref]bool{}
	for _, e := range wishes {
		if seen[e.To] {
			continue
		}
		seen[e.To] = true
		name := e.To.ID
		if t := w.g.Node(e.To); t != nil {
			name = t.Label
		}
		names = append(names, name)
	}
	return names
}

// wishLabel is a node's label with its wish row under its name, and the
// node's size with the row.
func (w *dotWriter) wishLabel(name, wishes []string, width, height float64) (string, float64, float64) {
	ww, wh := nodeSize(wishes, fontSizeEdge, "box")
	html := func(lines []string) string {
		out := make([]string, len(lines))
		for i, l := range lines {
			out[i] = htmlText(l)
		}
		return strings.Join(out, "<BR/>")
	}
	label := fmt.Sprintf(`<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2"><TR><TD>%s</TD></TR>`+
		`<TR><TD BORDER="1" SIDES="T" STYLE="dashed" COLOR="%s"><FONT COLOR="%s" POINT-SIZE="%s">%s</FONT></TD></TR></TABLE>>`,
		html(name), colourWish, colourWish, num(fontSizeEdge), html(wishes))
	return label, round2(math.Max(width, ww)), round2(height + wh)
}

// look is how a node is drawn, and its shape.
func (w *dotWriter) look(n *kartlaggning.MapNode) (nodeLook, string) {
	var shape, style, fill string
	pen := 1.0
	var extra []string
	switch n.Kind {
	case kartlaggning.MapUnitNode:
		shape, style, fill = "box", "rounded,filled", colourUnit
	case kartlaggning.MapOrganisationNode:
		shape, style, fill = "box", "filled", colourOrg
		if w.g.Aggregated {
			style, fill = "rounded,filled", colourAggOrg
		} else {
			extra = append(extra, "peripheries=2")
		}
	case kartlaggning.MapForumNode:
		shape, style = forumShape(n.ForumKind), "filled"
		fill, pen = levelStyles[n.Level].Fill, levelStyles[n.Level].PenWidth
		if !n.Formal {
			style += ",dashed"
		}
	}
	if n.Focus {
		pen += 1.2
		if n.Kind != kartlaggning.MapForumNode {
			fill = colourFocus
		}
	}
	look := nodeLook{style: style, fill: fill, pen: pen, lines: wrap(cleanText(n.Label), wrapAt), tooltip: n.Label + " – " + n.Tooltip, extra: extra}
	if n.Mark != "" {
		look.mark(n)
	}
	return look, shape
}

// nodeSize returns the width and height in inches that a label needs in a
// shape, measured in the map font.
func nodeSize(lines []string, size float64, shape string) (float64, float64) {
	var text float64
	for _, l := range lines {
		text = math.Max(text, textWidth(l, size))
	}
	f := shapeFactor(shape)
	width := (text*fallbackSlack + 2*nodeMarginX) * f / pointsPerInch
	height := (float64(len(lines))*size*lineSpacing + 2*nodeMarginY) * f
	if f == 1 {
		// Graphviz sets the lines closer to the border than its margin
		// says: in a cds three lines touched it.
		height += boxSlackY
	}
	height /= pointsPerInch
	return round2(width), round2(height)
}

func (w *dotWriter) edge(e *kartlaggning.MapEdge) {
	from, to := e.From, e.To
	// In an ego map the partners sit right of the forums, so their seats
	// point from the forum; in the forum map, members and children sit
	// right of the forum and the parent left of it.
	if e.Kind == kartlaggning.MapMemberEdge && w.partner(from) {
		from, to = to, from
	}
	// In bands a line runs left to right, so that dot ranks its ends in
	// their columns; an arrow then points back.
	back := false
	if cf, ok := w.column[from]; ok {
		if ct, ok := w.column[to]; ok && cf > ct {
			from, to, back = to, from, true
		}
	}
	// The id names both ends in the SVG, for the explorer.
	attrs := []string{"id=" + quoteID("e:"+e.From.String()+" "+e.To.String()+" "+string(e.Kind)), "tooltip=" + quoteTooltip(e.Tooltip)}
	switch e.Kind {
	case kartlaggning.MapMemberEdge:
		if e.Dashed {
			attrs = append(attrs, "style=dashed")
		}
		if e.Hub {
			attrs = append(attrs, "penwidth=2.4")
		}
	case kartlaggning.MapParentEdge:
		attrs = append(attrs, "style=dotted", "penwidth="+num(parentPenWidth))
		if back {
			attrs = append(attrs, "dir=back", "arrowtail=empty")
		} else {
			attrs = append(attrs, "dir=forward", "arrowhead=empty")
		}
	case kartlaggning.MapWishEdge:
		return // a note beside the unit (wishNote)
	case kartlaggning.MapMeetsEdge:
		// The count of shared forums is the line's width and in its
		// tooltip: numbers on the lines piled up where lines meet.
		attrs = append(attrs, "penwidth="+num(w.meetsWidth(e.Forums)))
		if len(w.g.Edges) > denseLines {
			attrs = append(attrs, "color="+quoteID(colourLine+"99"))
		}
		if e.Forums > 1 {
			attrs = append(attrs, "weight="+strconv.Itoa(e.Forums))
		}
	}
	if e.Mark != "" {
		attrs = w.markEdge(e, attrs)
	}
	w.printf("\t%s -> %s [%s];\n", quoteID(from.String()), quoteID(to.String()), strings.Join(attrs, ", "))
}

// partner reports whether a member sits right of the forums: someone the
// focus meets, in a map about a unit, a municipality or a forum.
func (w *dotWriter) partner(r kartlaggning.Ref) bool {
	switch w.g.Request.View {
	case kartlaggning.MapMunicipality, kartlaggning.MapUnit:
		n := w.g.Node(r)
		return n != nil && !n.Focus
	case kartlaggning.MapForum:
		return true
	}
	return false
}

// meetsWidth draws more shared forums as a thicker line, from the fewest
// to the most on the map and on a square-root scale, so that one pair in
// every forum does not drown everything else, and a map of only the
// strongest ties still tells them apart.
func (w *dotWriter) meetsWidth(forums int) float64 {
	if w.maxForums == 0 {
		w.minForums = math.MaxInt
		for _, e := range w.g.Edges {
			if e.Kind == kartlaggning.MapMeetsEdge {
				w.maxForums = max(w.maxForums, e.Forums)
				w.minForums = min(w.minForums, e.Forums)
			}
		}
		w.maxForums = max(w.maxForums, 1)
		w.minForums = min(w.minForums, w.maxForums)
	}
	span := float64(w.maxForums - w.minForums + 1)
	return round2(0.8 + (maxPenWidth-0.8)*math.Sqrt(float64(forums-w.minForums+1)/span))
}

// root is the node a radial layout puts in the middle: the map's focus.
func (w *dotWriter) root() string {
	for _, n := range w.g.Nodes {
		if n.Focus {
			return n.Ref.String()
		}
	}
	return ""
}

func quoteRefs(refs []kartlaggning.Ref) string {
	q := make([]string, len(refs))
	for i, r := range refs {
		q[i] = quoteID(r.String())
	}
	return strings.Join(q, "; ")
}

// frameLabel is a left-aligned HTML label whose cell is as wide as the
// text in the map font: Graphviz sizes frames by its own narrower metrics.
func frameLabel(text string, size float64) string {
	text = cleanText(text) // measured as it will be drawn
	width := math.Ceil(textWidth(text, size)*fallbackSlack) + 4
	return fmt.Sprintf("<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLPADDING=\"2\" CELLSPACING=\"0\"><TR><TD ALIGN=\"LEFT\" WIDTH=\"%s\">%s</TD></TR></TABLE>>",
		num(width), htmlText(text))
}

// wrap breaks a label into lines of at most n characters at spaces, and
// after a slash within a word ("nyanlända/arbetsmarknadsavdelningen/DUA"
// made one box 300 pt wide); a longer piece keeps its own line.
func wrap(s string, n int) []string {
	type piece struct {
		text  string
		space bool // a space stands before it
	}
	var pieces []piece
	for _, word := range strings.Fields(s) {
		for i, part := range strings.SplitAfter(word, "/") {
			if part != "" {
				pieces = append(pieces, piece{part, i == 0})
			}
		}
	}
	if len(pieces) == 0 {
		return []string{""}
	}
	var lines []string
	line := pieces[0].text
	for _, p := range pieces[1:] {
		sep := ""
		if p.space {
			sep = " "
		}
		if len([]rune(line))+len(sep)+len([]rune(p.text)) > n {
			lines = append(lines, line)
			line = p.text
		} else {
			line += sep + p.text
		}
	}
	return append(lines, line)
}

// Graphviz reads a string in one of four ways, depending on where it goes,
// and each way has its own escaping function here; every string the
// writer prints goes through the one for its place. Names are data: none
// of Graphviz's escapes (\N \G \E \T \H \L, and \n \l \r in labels) or
// entities may reach it from them.
//
//   - quoteID: identifiers (the graph's, nodes', frames') and attribute
//     values Graphviz takes as written (colours, styles, fonts). The parser
//     keeps "\\" as two backslashes, so the graph's name, shown only as the
//     SVG's <title>, has its backslashes doubled: the price of a string the
//     parser can never end early.
//   - quoteText: labels and URLs. Graphviz replaces \N, \G … in them and
//     then reads \\ as one backslash, and entities (&amp;) in labels.
//   - quoteTooltip: tooltips, which Graphviz reads twice: once for the
//     escapes \n \l \r \\ and entities, then again for \N, \G … and \\.
//     A name once wrote the graph's name into every tooltip through \G.
//   - htmlText: the text of an HTML-like label, which is XML to Graphviz and
//     then read once for \N, \G … and \\.
//
// All of them first pass the text through cleanText: Graphviz cannot parse
// a NUL, and XML cannot hold other control characters or noncharacters,
// so the writer is safe even with text that validation did not check.

func quoteID(s string) string { return idString.quote(s) }

func quoteText(s string) string { return textString.quote(s) }

func quoteTooltip(s string) string { return tooltipString.quote(s) }

// dotString is how Graphviz reads one kind of quoted string: what stands
// for a backslash and a newline in it.
type dotString struct{ backslash, newline string }

var (
	idString      = dotString{backslash: `\\`, newline: " "}
	textString    = dotString{backslash: `\\`, newline: `\n`}
	tooltipString = dotString{backslash: `\\\\`, newline: `\n`}
)

// quote writes s as a DOT string of the kind. Quotes are escaped, and &
// is written as an entity: Graphviz reads entities in labels and
// tooltips, and writes an entity-like name (&auml;) into the SVG's <title>
// as it is, which is not XML.
func (k dotString) quote(s string) string {
	s = cleanText(s)
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(k.backslash)
		case r == '\n':
			b.WriteString(k.newline)
		case r == '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// htmlText escapes text for an HTML-like label; a newline becomes a space.
func htmlText(s string) string {
	s = cleanText(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cleanText makes s fit for Graphviz and XML: a tab, carriage return,
// vertical tab or form feed becomes a space; any other control character
// (C0, DEL, C1), a noncharacter (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF) and each
// byte that is not UTF-8 becomes U+FFFD, so that a reader sees that
// something was there. Newlines stay for the quoting to write.
func cleanText(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\n') || c >= 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\n':
		case r == '\t' || r == '\r' || r == '\v' || r == '\f':
			r = ' '
		case r < 0x20 || (r >= 0x7f && r <= 0x9f), r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe:
			r = utf8.RuneError
		}
		b.WriteRune(r) // utf8.RuneError for a byte that is not UTF-8
	}
	return b.String()
}

// num writes a number the same way every time, without exponents.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func round2(v float64) float64 { return math.Round(v*100) / 100 }
