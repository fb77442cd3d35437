package exports_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/exports"
)

// The files are read back with the test's own idea of the formats, not
// the writer's structs.
type graphmlFile struct {
	XMLName xml.Name `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
	Keys    []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string        `xml:"id,attr"`
			Data []graphmlData `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			Source string        `xml:"source,attr"`
			Target string        `xml:"target,attr"`
			Data   []graphmlData `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

type graphmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type gexfFile struct {
	XMLName xml.Name `xml:"http://www.gexf.net/1.2draft gexf"`
	Version string   `xml:"version,attr"`
	Graph   struct {
		DefaultEdgeType string `xml:"defaultedgetype,attr"`
		Attributes      []struct {
			Class string `xml:"class,attr"`
			Attrs []struct {
				ID    string `xml:"id,attr"`
				Title string `xml:"title,attr"`
				Type  string `xml:"type,attr"`
			} `xml:"attribute"`
		} `xml:"attributes"`
		Nodes []struct {
			ID     string      `xml:"id,attr"`
			Label  string      `xml:"label,attr"`
			Values []gexfValue `xml:"attvalues>attvalue"`
		} `xml:"nodes>node"`
		Edges []struct {
			ID     string      `xml:"id,attr"`
			Source string      `xml:"source,attr"`
			Target string      `xml:"target,attr"`
			Values []gexfValue `xml:"attvalues>attvalue"`
		} `xml:"edges>edge"`
	} `xml:"graph"`
}

type gexfValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

// graphSize is what the graph must hold: a node per organisation, unit
// and forum; an edge per unit (to its organisation) and per member.
func graphSize(doc *kartlaggning.Document) (nodes, edges int) {
	nodes = len(doc.Organisations) + len(doc.Units) + len(doc.Forums)
	edges = len(doc.Units)
	for _, f := range doc.Forums {
		edges += len(f.Members)
	}
	return nodes, edges
}

const checkedForum = "forums/chefsnatverk-arbete-delaktighet"

func TestGraphML(t *testing.T) {
	doc := mustDemo(t)
	var buf bytes.Buffer
	if err := exports.WriteGraphML(&buf, doc); err != nil {
		t.Fatal(err)
	}
	var g graphmlFile
	if err := xml.Unmarshal(buf.Bytes(), &g); err != nil {
		t.Fatalf("the GraphML does not parse: %v", err)
	}
	wantNodes, wantEdges := graphSize(doc)
	if len(g.Graph.Nodes) != wantNodes || len(g.Graph.Edges) != wantEdges || g.Graph.EdgeDefault != "undirected" {
		t.Fatalf("%d nodes, %d edges, %q; want %d, %d, undirected", len(g.Graph.Nodes), len(g.Graph.Edges), g.Graph.EdgeDefault, wantNodes, wantEdges)
	}
	keys := map[string]string{} // id → "for/name/type"
	for _, k := range g.Keys {
		keys[k.ID] = k.For + "/" + k.Name + "/" + k.Type
	}
	nodes := map[string]map[string]string{}
	for _, n := range g.Graph.Nodes {
		attrs := map[string]string{}
		for _, d := range n.Data {
			def, ok := keys[d.Key]
			if !ok {
				t.Fatalf("node %s uses undeclared key %q", n.ID, d.Key)
			}
			attrs[def] = d.Value
		}
		nodes[n.ID] = attrs
	}
	for i, e := range g.Graph.Edges {
		if nodes[e.Source] == nil || nodes[e.Target] == nil {
			t.Fatalf("edge %d joins %s and %s, which are not both nodes", i, e.Source, e.Target)
		}
		for _, d := range e.Data {
			if def := keys[d.Key]; len(def) < 5 || def[:5] != "edge/" {
				t.Fatalf("edge %d uses key %q declared as %q", i, d.Key, def)
			}
		}
	}
	f := nodes[checkedForum]
	for def, want := range map[string]string{"node/label/string": "Chefsnätverk för arbete och delaktighet", "node/type/string": "forum",
		"node/level/string": "strategisk", "node/frequency_min/int": "6", "node/frequency_max/int": "8", "node/formal/boolean": "true"} {
		if f[def] != want {
			t.Errorf("%s %s = %q, want %q", checkedForum, def, f[def], want)
		}
	}
	if fk := nodes["organisations/fk"]; fk["node/party/boolean"] != "true" || fk["node/kind/string"] != "myndighet" {
		t.Errorf("organisations/fk: %v", fk)
	}
}

func TestGEXF(t *testing.T) {
	doc := mustDemo(t)
	var buf bytes.Buffer
	if err := exports.WriteGEXF(&buf, doc); err != nil {
		t.Fatal(err)
	}
	var g gexfFile
	if err := xml.Unmarshal(buf.Bytes(), &g); err != nil {
		t.Fatalf("the GEXF does not parse: %v", err)
	}
	wantNodes, wantEdges := graphSize(doc)
	if g.Version != "1.2" || len(g.Graph.Nodes) != wantNodes || len(g.Graph.Edges) != wantEdges {
		t.Fatalf("version %q, %d nodes, %d edges; want 1.2, %d, %d", g.Version, len(g.Graph.Nodes), len(g.Graph.Edges), wantNodes, wantEdges)
	}
	declared := map[string]map[string]string{} // class → id → type
	for _, a := range g.Graph.Attributes {
		declared[a.Class] = map[string]string{}
		for _, at := range a.Attrs {
			declared[a.Class][at.ID] = at.Type
		}
	}
	ids := map[string]bool{}
	for _, n := range g.Graph.Nodes {
		ids[n.ID] = true
		if n.Label == "" {
			t.Errorf("node %s has no label", n.ID)
		}
		for _, v := range n.Values {
			if declared["node"][v.For] == "" {
				t.Fatalf("node %s has a value for undeclared attribute %q", n.ID, v.For)
			}
			if declared["node"][v.For] == "integer" && v.Value != "0" && (v.Value[0] < '1' || v.Value[0] > '9') {
				t.Errorf("node %s: %s = %q is not an integer", n.ID, v.For, v.Value)
			}
		}
		if n.ID == checkedForum {
			got := map[string]string{}
			for _, v := range n.Values {
				got[v.For] = v.Value
			}
			if got["level"] != "strategisk" || got["frequency_min"] != "6" || got["type"] != "forum" {
				t.Errorf("%s: %v", checkedForum, got)
			}
		}
	}
	for _, e := range g.Graph.Edges {
		if !ids[e.Source] || !ids[e.Target] {
			t.Fatalf("edge %s joins %s and %s, which are not both nodes", e.ID, e.Source, e.Target)
		}
		for _, v := range e.Values {
			if declared["edge"][v.For] == "" {
				t.Fatalf("edge %s has a value for undeclared attribute %q", e.ID, v.For)
			}
		}
	}
}

// networkx is what the analysts who asked for these files use: both must
// open in it with every node, edge and typed attribute.
func TestGraphFilesOpenInNetworkx(t *testing.T) {
	python := networkxPython(t)
	doc := mustDemo(t)
	dir := t.TempDir()
	for name, write := range map[string]func(*bytes.Buffer, *kartlaggning.Document) error{
		"g.graphml": func(b *bytes.Buffer, d *kartlaggning.Document) error { return exports.WriteGraphML(b, d) },
		"g.gexf":    func(b *bytes.Buffer, d *kartlaggning.Document) error { return exports.WriteGEXF(b, d) },
	} {
		var buf bytes.Buffer
		if err := write(&buf, doc); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	const script = `
import json, sys, networkx as nx
out = {}
for name, g in (("graphml", nx.read_graphml(sys.argv[1])), ("gexf", nx.read_gexf(sys.argv[2]))):
    f = g.nodes[sys.argv[3]]
    out[name] = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "directed": g.is_directed(),
                 "label": f.get("label"), "level": f.get("level"), "frequency_min": f.get("frequency_min"),
                 "formal": f.get("formal"), "members": sum(1 for _, _, d in g.edges(sys.argv[3], data=True) if d.get("relation") == "member")}
print(json.dumps(out))
`
	out, err := exec.Command(python, "-c", script, filepath.Join(dir, "g.graphml"), filepath.Join(dir, "g.gexf"), checkedForum).CombinedOutput()
	if err != nil {
		t.Fatalf("networkx could not read the files: %v\n%s", err, out)
	}
	var got map[string]struct {
		Nodes, Edges int
		Directed     bool
		Label, Level string
		FrequencyMin any `json:"frequency_min"`
		Formal       any
		Members      int
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	wantNodes, wantEdges := graphSize(doc)
	var members int
	for _, f := range doc.Forums {
		if "forums/"+f.ID == checkedForum {
			members = len(f.Members)
		}
	}
	for _, format := range []string{"graphml", "gexf"} {
		g := got[format]
		if g.Nodes != wantNodes || g.Edges != wantEdges || g.Directed {
			t.Errorf("%s in networkx: %d nodes, %d edges, directed %v; want %d, %d, undirected", format, g.Nodes, g.Edges, g.Directed, wantNodes, wantEdges)
		}
		// Typed: the number is a number and the boolean a boolean.
		if g.Label != "Chefsnätverk för arbete och delaktighet" || g.Level != "strategisk" || g.FrequencyMin != float64(6) || g.Formal != true || g.Members != members {
			t.Errorf("%s in networkx, %s: %+v", format, checkedForum, g)
		}
	}
}

// networkxPython returns a python3 that has networkx, or skips saying
// why; CI installs networkx and fails rather than skips without it, as
// the browser tests do without Chromium.
func networkxPython(t *testing.T) string {
	t.Helper()
	// Debian's python3-networkx belongs to /usr/bin/python3, which need not
	// be the python3 first on PATH (pyenv and the like).
	for _, candidate := range []string{"/usr/bin/python3", "python3"} {
		if p, err := exec.LookPath(candidate); err == nil && exec.Command(p, "-c", "import networkx").Run() == nil {
			return p
		}
	}
	msg := "SKIPPED: no python3 with networkx, so the graph files are not read with it (apt-get install python3-networkx)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// TestActorGraphAgreesWithNetworkx: the network figures the service
// computes (Metrics, Network) are what networkx computes on the actor
// graph the service exports, for the example edition, whose
// organisation-level actors (Arbetsförmedlingen) are nodes.
func TestActorGraphAgreesWithNetworkx(t *testing.T) {
	python := networkxPython(t)
	t.Run("example", func(t *testing.T) { compareWithNetworkx(t, python, mustDemo(t), true) })
	// Generated: kontakt stars, organisation-level seats and twins.
	t.Run("synthetic small", func(t *testing.T) { compareWithNetworkx(t, python, mustSynthetic(t, "small"), false) })
}

func compareWithNetworkx(t *testing.T, python string, doc *kartlaggning.Document, example bool) {
	x := kartlaggning.NewIndex(doc)
	dir := t.TempDir()
	for name, write := range map[string]func(*bytes.Buffer, *kartlaggning.Document) error{
		"a.graphml": func(b *bytes.Buffer, d *kartlaggning.Document) error { return exports.WriteActorGraphML(b, d) },
		"a.gexf":    func(b *bytes.Buffer, d *kartlaggning.Document) error { return exports.WriteActorGEXF(b, d) },
	} {
		var buf bytes.Buffer
		if err := write(&buf, doc); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	const script = `
import json, sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
h = nx.read_gexf(sys.argv[2])
print(json.dumps({
    "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
    "gexf_nodes": h.number_of_nodes(), "gexf_edges": h.number_of_edges(),
    "af_forums_to_ama": g.edges["organisations/af", "units/jonkoping-ama"].get("forums") if g.has_edge("organisations/af", "units/jonkoping-ama") else None,
    "betweenness": nx.betweenness_centrality(g),
    "density": nx.density(g),
    "articulation_points": sorted(nx.articulation_points(g)),
    "bridges": sorted(sorted(b) for b in nx.bridges(g)),
    "components": sorted(len(c) for c in nx.connected_components(g)),
    "isolates": sorted(nx.isolates(g)),
}))
`
	out, err := exec.Command(python, "-c", script, filepath.Join(dir, "a.graphml"), filepath.Join(dir, "a.gexf")).CombinedOutput()
	if err != nil {
		t.Fatalf("networkx could not read the actor graph: %v\n%s", err, out)
	}
	var nx struct {
		Nodes, Edges       int
		GEXFNodes          int `json:"gexf_nodes"`
		GEXFEdges          int `json:"gexf_edges"`
		AFForumsToAMA      any `json:"af_forums_to_ama"`
		Betweenness        map[string]float64
		Density            float64
		ArticulationPoints []string   `json:"articulation_points"`
		Bridges            [][]string `json:"bridges"`
		Components         []int
		Isolates           []string
	}
	if err := json.Unmarshal(out, &nx); err != nil {
		t.Fatalf("%v: %s", err, out)
	}

	g := x.ActorGraph()
	network, err := x.Network("")
	if err != nil {
		t.Fatal(err)
	}
	if nx.Nodes != len(g.Actors) || nx.Edges != network.Ties || nx.GEXFNodes != nx.Nodes || nx.GEXFEdges != nx.Edges {
		t.Errorf("networkx: %d nodes, %d edges (GEXF %d, %d); the service: %d actors, %d ties", nx.Nodes, nx.Edges, nx.GEXFNodes, nx.GEXFEdges, len(g.Actors), network.Ties)
	}
	// Arbetsförmedlingen and jonkoping-ama sit together in the five LOK
	// forums, the working group on etablering, the ärendeforum,
	// DUA's operative group and HPE.
	if example && nx.AFForumsToAMA != float64(9) {
		t.Errorf("af – jonkoping-ama: %v shared forums, want 9", nx.AFForumsToAMA)
	}
	key := func(a kartlaggning.Actor) string { return a.Ref().String() }
	metrics := x.Metrics()
	if len(metrics) != len(nx.Betweenness) {
		t.Errorf("%d metrics rows, networkx has %d nodes", len(metrics), len(nx.Betweenness))
	}
	for _, m := range metrics {
		want, ok := nx.Betweenness[key(m.Actor)]
		if !ok || math.Abs(m.Betweenness-want) > 1e-9 {
			t.Errorf("%s: betweenness %v, networkx %v", key(m.Actor), m.Betweenness, want)
		}
	}
	if math.Abs(network.Density-nx.Density) > 1e-12 {
		t.Errorf("density %v, networkx %v", network.Density, nx.Density)
	}
	var cut []string
	for _, a := range network.ArticulationPoints {
		cut = append(cut, key(a))
	}
	slices.Sort(cut)
	if !slices.Equal(cut, nx.ArticulationPoints) {
		t.Errorf("articulation points\n%v\nnetworkx\n%v", cut, nx.ArticulationPoints)
	}
	bridges := [][]string{}
	for _, b := range network.Bridges {
		pair := []string{key(b[0]), key(b[1])}
		slices.Sort(pair)
		bridges = append(bridges, pair)
	}
	slices.SortFunc(bridges, func(a, b []string) int { return strings.Compare(a[0]+" "+a[1], b[0]+" "+b[1]) })
	if !reflect.DeepEqual(bridges, nx.Bridges) {
		t.Errorf("bridges\n%v\nnetworkx\n%v", bridges, nx.Bridges)
	}
	var isolates []string
	for _, a := range network.Isolates {
		isolates = append(isolates, key(a))
	}
	slices.Sort(isolates)
	if network.Components != len(nx.Components) || !slices.Equal(isolates, nx.Isolates) {
		t.Errorf("%d components, isolates %v; networkx %d components (sizes %v), isolates %v", network.Components, isolates, len(nx.Components), nx.Components, nx.Isolates)
	}
}
