package exports

import (
	"encoding/xml"
	"fmt"
	"io"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// GraphMLContentType is the media type of GraphML.
const GraphMLContentType = "application/graphml+xml"

const graphmlNS = "http://graphml.graphdrawing.org/xmlns"

type graphmlDoc struct {
	XMLName xml.Name     `xml:"graphml"`
	NS      string       `xml:"xmlns,attr"`
	Keys    []graphmlKey `xml:"key"`
	Graph   graphmlGraph `xml:"graph"`
}

type graphmlKey struct {
	ID       string `xml:"id,attr"`
	For      string `xml:"for,attr"`
	AttrName string `xml:"attr.name,attr"`
	AttrType string `xml:"attr.type,attr"`
}

type graphmlGraph struct {
	ID          string        `xml:"id,attr"`
	EdgeDefault string        `xml:"edgedefault,attr"`
	Nodes       []graphmlNode `xml:"node"`
	Edges       []graphmlEdge `xml:"edge"`
}

type graphmlNode struct {
	ID   string        `xml:"id,attr"`
	Data []graphmlData `xml:"data"`
}

type graphmlEdge struct {
	ID     string        `xml:"id,attr"`
	Source string        `xml:"source,attr"`
	Target string        `xml:"target,attr"`
	Data   []graphmlData `xml:"data"`
}

type graphmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

// WriteGraphML writes the collaboration graph (see buildGraph) as GraphML,
// an undirected graph that Gephi, yEd and networkx read. Node labels are
// the attribute "label".
func WriteGraphML(w io.Writer, doc *kartlaggning.Document) error {
	nodes, edges := buildGraph(doc)
	return writeGraphML(w, fmt.Sprintf("kartlaggning-%d", doc.Edition.Year), nodes, edges, nodeAttrs, edgeAttrs)
}

// WriteActorGraphML writes the actor graph (see buildActorGraph) as
// GraphML: who meets whom, for the tools that measure networks.
func WriteActorGraphML(w io.Writer, doc *kartlaggning.Document) error {
	nodes, edges := buildActorGraph(doc)
	return writeGraphML(w, fmt.Sprintf("aktorer-%d", doc.Edition.Year), nodes, edges, actorNodeAttrs, actorEdgeAttrs)
}

func writeGraphML(w io.Writer, id string, nodes []graphNode, edges []graphEdge, nodeAttrs, edgeAttrs []attr) error {
	g := graphmlDoc{NS: graphmlNS, Graph: graphmlGraph{ID: id, EdgeDefault: "undirected"}}
	nodeKey, edgeKey := map[string]string{}, map[string]string{}
	for i, a := range nodeAttrs {
		nodeKey[a.Name] = fmt.Sprintf("n%d", i)
		g.Keys = append(g.Keys, graphmlKey{ID: nodeKey[a.Name], For: "node", AttrName: a.Name, AttrType: a.Type})
	}
	for i, a := range edgeAttrs {
		edgeKey[a.Name] = fmt.Sprintf("e%d", i)
		g.Keys = append(g.Keys, graphmlKey{ID: edgeKey[a.Name], For: "edge", AttrName: a.Name, AttrType: a.Type})
	}
	g.Graph.Nodes = make([]graphmlNode, len(nodes))
	for i, n := range nodes {
		data := []graphmlData{{Key: nodeKey["label"], Value: n.Label}}
		for _, a := range nodeAttrs {
			if v, ok := n.Attrs[a.Name]; ok {
				data = append(data, graphmlData{Key: nodeKey[a.Name], Value: v})
			}
		}
		g.Graph.Nodes[i] = graphmlNode{ID: n.ID, Data: data}
	}
	g.Graph.Edges = make([]graphmlEdge, len(edges))
	for i, e := range edges {
		var data []graphmlData
		for _, a := range edgeAttrs {
			if v, ok := e.Attrs[a.Name]; ok {
				data = append(data, graphmlData{Key: edgeKey[a.Name], Value: v})
			}
		}
		g.Graph.Edges[i] = graphmlEdge{ID: fmt.Sprintf("e%d", i), Source: e.Source, Target: e.Target, Data: data}
	}
	return writeXML(w, g)
}

func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
