package maps_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/views/maps"
)

// svgObject is a graph, cluster, node or edge of a Graphviz SVG: what a
// reader sees of it.
type svgObject struct {
	class, id string
	title     string
	texts     []string
	tooltips  []string // the xlink:title of its links
	links     []string
}

// text is the object's visible text, its lines joined by spaces.
func (o svgObject) text() string { return strings.Join(o.texts, " ") }

// svgObjects parses an SVG as strict XML, failing the test if it is not
// well-formed, and returns its objects in document order, the graph first.
func svgObjects(tb testing.TB, svg []byte) []svgObject {
	tb.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	var objs []svgObject
	var open []int // indexes into objs of the enclosing objects
	var depths []int
	depth := 0
	var chars *strings.Builder
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return objs
		}
		if err != nil {
			tb.Fatalf("the SVG is not well-formed XML: %v\n%s", err, svg)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			var class, id string
			for _, a := range t.Attr {
				switch a.Name.Local {
				case "class":
					class = a.Value
				case "id":
					id = a.Value
				}
			}
			if t.Name.Local == "g" && (class == "graph" || class == "cluster" || class == "node" || class == "edge") {
				objs = append(objs, svgObject{class: class, id: id})
				open, depths = append(open, len(objs)-1), append(depths, depth)
				continue
			}
			if len(open) == 0 {
				continue
			}
			cur := &objs[open[len(open)-1]]
			switch t.Name.Local {
			case "title", "text":
				chars = &strings.Builder{}
			case "a":
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "title":
						cur.tooltips = append(cur.tooltips, a.Value)
					case "href":
						cur.links = append(cur.links, a.Value)
					}
				}
			}
		case xml.CharData:
			if chars != nil {
				chars.Write(t)
			}
		case xml.EndElement:
			if len(open) > 0 && chars != nil {
				cur := &objs[open[len(open)-1]]
				switch t.Name.Local {
				case "title":
					cur.title = chars.String()
				case "text":
					cur.texts = append(cur.texts, chars.String())
				}
				chars = nil
			}
			if len(depths) > 0 && depths[len(depths)-1] == depth && t.Name.Local == "g" {
				open, depths = open[:len(open)-1], depths[:len(depths)-1]
			}
			depth--
		}
	}
}

// sameText compares texts as a reader sees them: Graphviz breaks lines
// and writes runs of spaces as no-break spaces.
func sameText(a, b string) bool {
	norm := func(s string) string { return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ") }
	return norm(a) == norm(b)
}

// textGraph is a small map with text in every place the writer puts
// text: the caption, a frame's label and tooltip, a node's label and
// tooltip, a line's label and tooltip.
func textGraph(s string) (*kartlaggning.MapGraph, maps.Options) {
	unit := kartlaggning.Ref{Kind: kartlaggning.Units, ID: "u"}
	other := kartlaggning.Ref{Kind: kartlaggning.Units, ID: "v"}
	g := &kartlaggning.MapGraph{Request: kartlaggning.MapRequest{View: kartlaggning.MapUnits},
		Clusters: []kartlaggning.MapCluster{{Ref: kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: "o"}, Label: "Org " + s, Tooltip: "Ram " + s}},
		Nodes: []kartlaggning.MapNode{
			{Ref: unit, Kind: kartlaggning.MapUnitNode, Label: "Enhet " + s, Tooltip: "Tips " + s, Cluster: "o"},
			{Ref: other, Kind: kartlaggning.MapUnitNode, Label: "Annan", Tooltip: "Enhet"},
		},
		Edges: []kartlaggning.MapEdge{{From: unit, To: other, Kind: kartlaggning.MapMeetsEdge, Forums: 1, Meetings: 4,
			Label: "Linje " + s, Tooltip: "Möts " + s}},
	}
	return g, maps.Options{Caption: "Karta " + s, Link: func(n *kartlaggning.MapNode) string {
		return "/editions/2019/units/" + n.Ref.ID
	}}
}

// checkTextGraph renders textGraph(s) through the real workers and checks
// that every text of it reads want.
func checkTextGraph(t *testing.T, p *maps.Pool, s, want string) {
	t.Helper()
	g, opts := textGraph(s)
	dot := maps.DOT(g, opts)
	svg, err := p.Render(context.Background(), dot, maps.SVG)
	if err != nil {
		t.Fatalf("%v\n%s", err, dot)
	}
	objs := svgObjects(t, svg)
	find := func(class, prefix string) svgObject {
		t.Helper()
		for _, o := range objs {
			if o.class == class && strings.HasPrefix(o.text(), prefix) {
				return o
			}
		}
		t.Fatalf("no %s with a text starting %q in\n%s", class, prefix, svg)
		return svgObject{}
	}
	check := func(where, got, want string) {
		t.Helper()
		if !sameText(got, want) {
			t.Errorf("%s reads %q, want %q", where, got, want)
		}
	}
	check("the caption", find("graph", "Karta").text(), "Karta "+want)
	frame := find("cluster", "Org")
	check("the frame", frame.text(), "Org "+want)
	check("the frame's tooltip", strings.Join(frame.tooltips, ""), "Org "+want+" – Ram "+want)
	node := find("node", "Enhet")
	check("the node", node.text(), "Enhet "+want)
	check("the node's tooltip", strings.Join(node.tooltips, ""), "Enhet "+want+" – Tips "+want)
	// A line carries no label (its count is its width); its tooltip says it.
	var tips []string
	for _, o := range objs {
		if o.class == "edge" {
			tips = append(tips, strings.Join(o.tooltips, ""))
		}
	}
	if !containsText(tips, "Möts "+want) {
		t.Errorf("no line with the tooltip %q among %q", "Möts "+want, tips)
	}
}

// Names are data. Graphviz reads escapes (\N, \G, \l …) and entities in
// labels and tooltips, and reads tooltips twice; XML cannot hold control
// characters. Whatever a name holds must come out as the text it is, or,
// for what no SVG can show, as U+FFFD, and never break the map.
func TestDOTKeepsTextAsWritten(t *testing.T) {
	p := mustPool(t, maps.PoolConfig{Size: 1})
	for _, tc := range []struct {
		name, text, want string
	}{
		{"node name", `a\Nb`, `a\Nb`},
		{"graph name", `a\Gb`, `a\Gb`},
		{"edge name", `a\Eb`, `a\Eb`},
		{"tail", `a\Tb`, `a\Tb`},
		{"head", `a\Hb`, `a\Hb`},
		{"label", `a\Lb`, `a\Lb`},
		{"newline", `a\nb`, `a\nb`},
		{"left line", `a\lb`, `a\lb`},
		{"right line", `a\rb`, `a\rb`},
		{"backslash", `a\\b \`, `a\\b \`},
		{"backslash quote", `a\"b" \"`, `a\"b" \"`},
		{"all at once", `\N\G\l`, `\N\G\l`},
		{"markup", `<b>x</b> & y > z "q"`, `<b>x</b> & y > z "q"`},
		{"entities", `&amp; &lt; &#92;G &#x41; &auml; &nbsp;`, `&amp; &lt; &#92;G &#x41; &auml; &nbsp;`},
		{"Swedish", "Åsa – Örjan €", "Åsa – Örjan €"},
		{"NUL", "a\x00b", "a\uFFFDb"},
		{"control characters", "a\x01b\x0bc\x1bd\x7fe\u0085f", "a\uFFFDb c\uFFFDd\uFFFDe\uFFFDf"},
		{"tab and CR", "a\tb\rc", "a b c"},
		{"noncharacters", "a\uFFFEb\uFFFFc\uFDD0d\U0001FFFEe", "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe"},
		{"broken UTF-8", "a\xffb\xed\xa0\x80c", "a\uFFFDb\uFFFD\uFFFD\uFFFDc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkTextGraph(t, p, tc.text, tc.want)
		})
	}
}
