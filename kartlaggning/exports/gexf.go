package exports

import (
	"encoding/xml"
	"fmt"
	"io"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// GEXFContentType is the media type of GEXF.
const GEXFContentType = "application/gexf+xml"

// GEXF 1.2 is what Gephi writes and networkx reads by default.
const gexfNS = "http://www.gexf.net/1.2draft"

type gexfDoc struct {
	XMLName xml.Name  `xml:"gexf"`
	NS      string    `xml:"xmlns,attr"`
	Version string    `xml:"version,attr"`
	Meta    gexfMeta  `xml:"meta"`
	Graph   gexfGraph `xml:"graph"`
}

type gexfMeta struct {
	Creator     string `xml:"creator"`
	Description string `xml:"description"`
}

type gexfGraph struct {
	Mode            string           `xml:"mode,attr"`
	DefaultEdgeType string           `xml:"defaultedgetype,attr"`
	Attributes      []gexfAttributes `xml:"attributes"`
	Nodes           []gexfNode       `xml:"nodes>node"`
	Edges           []gexfEdge       `xml:"edges>edge"`
}

type gexfAttributes struct {
	Class string          `xml:"class,attr"`
	Attrs []gexfAttribute `xml:"attribute"`
}

type gexfAttribute struct {
	ID    string `xml:"id,attr"`
	Title string `xml:"title,attr"`
	Type  string `xml:"type,attr"`
}

type gexfNode struct {
	ID     string      `xml:"id,attr"`
	Label  string      `xml:"label,attr"`
	Values []gexfValue `xml:"attvalues>attvalue"`
}

type gexfEdge struct {
	ID     string      `xml:"id,attr"`
	Source string      `xml:"source,attr"`
	Target string      `xml:"target,attr"`
	Values []gexfValue `xml:"attvalues>attvalue"`
}

type gexfValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

// gexfType maps GraphML's attribute types to GEXF's.
var gexfType = map[string]string{"string": "string", "int": "integer", "boolean": "boolean"}

// WriteGEXF writes the collaboration graph (see buildGraph) as GEXF 1.2,
// Gephi's own format, which networkx also reads.
func WriteGEXF(w io.Writer, doc *kartlaggning.Document) error {
	nodes, edges := buildGraph(doc)
	return writeGEXF(w, fmt.Sprintf("Samverkansarenor %d: %s", doc.Edition.Year, doc.Edition.Title), nodes, edges, nodeAttrs, edgeAttrs)
}

// WriteActorGEXF writes the actor graph (see buildActorGraph) as GEXF 1.2.
func WriteActorGEXF(w io.Writer, doc *kartlaggning.Document) error {
	nodes, edges := buildActorGraph(doc)
	return writeGEXF(w, fmt.Sprintf("Vem möter vem %d: %s", doc.Edition.Year, doc.Edition.Title), nodes, edges, actorNodeAttrs, actorEdgeAttrs)
}

func writeGEXF(w io.Writer, description string, nodes []graphNode, edges []graphEdge, nodeAttrs, edgeAttrs []attr) error {
	g := gexfDoc{NS: gexfNS, Version: "1.2",
		Meta:  gexfMeta{Creator: "Kartläggning", Description: description},
		Graph: gexfGraph{Mode: "static", DefaultEdgeType: "undirected"}}
	nodeAttrIDs, edgeAttrIDs := map[string]string{}, map[string]string{}
	nodeClass := gexfAttributes{Class: "node"}
	for _, a := range nodeAttrs[1:] { // the label is the node's own
		nodeAttrIDs[a.Name] = a.Name
		nodeClass.Attrs = append(nodeClass.Attrs, gexfAttribute{ID: a.Name, Title: a.Name, Type: gexfType[a.Type]})
	}
	edgeClass := gexfAttributes{Class: "edge"}
	for _, a := range edgeAttrs {
		edgeAttrIDs[a.Name] = a.Name
		edgeClass.Attrs = append(edgeClass.Attrs, gexfAttribute{ID: a.Name, Title: a.Name, Type: gexfType[a.Type]})
	}
	g.Graph.Attributes = []gexfAttributes{nodeClass, edgeClass}
	g.Graph.Nodes = make([]gexfNode, len(nodes))
	for i, n := range nodes {
		var values []gexfValue
		for _, a := range nodeAttrs[1:] {
			if v, ok := n.Attrs[a.Name]; ok {
				values = append(values, gexfValue{For: nodeAttrIDs[a.Name], Value: v})
			}
		}
		g.Graph.Nodes[i] = gexfNode{ID: n.ID, Label: n.Label, Values: values}
	}
	g.Graph.Edges = make([]gexfEdge, len(edges))
	for i, e := range edges {
		var values []gexfValue
		for _, a := range edgeAttrs {
			if v, ok := e.Attrs[a.Name]; ok {
				values = append(values, gexfValue{For: edgeAttrIDs[a.Name], Value: v})
			}
		}
		g.Graph.Edges[i] = gexfEdge{ID: fmt.Sprintf("%d", i), Source: e.Source, Target: e.Target, Values: values}
	}
	return writeXML(w, g)
}
