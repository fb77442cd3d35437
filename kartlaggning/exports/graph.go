package exports

import (
	"strconv"
	"strings"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// The collaboration graph as the network tools see it: organisations,
// units and forums are nodes; a forum's members are edges from the member
// to the forum, and each unit has an edge to its organisation. Which is
// which is the edge's "relation", so that a tool can filter one or the
// other, or project the forums away to get who meets whom.
//
// Attribute names and values are those of kartlaggning/v1
// (kartlaggning/data-model.md); lists are joined with "; ".

// attr is one attribute of the nodes or the edges.
type attr struct {
	Name string
	Type string // GraphML's type: string, int or boolean
}

var nodeAttrs = []attr{
	{"label", "string"}, {"type", "string"}, {"kind", "string"}, {"short", "string"}, {"party", "boolean"},
	{"organisation", "string"}, {"parent", "string"}, {"municipality", "string"}, {"municipalities", "string"},
	{"target_groups", "string"}, {"level", "string"}, {"formal", "boolean"}, {"frequency_min", "int"},
	{"frequency_max", "int"}, {"frequency_text", "string"}, {"held", "int"}, {"scope", "string"},
	{"status", "string"}, {"convener", "string"}, {"agreement", "string"},
}

var edgeAttrs = []attr{{"relation", "string"}, {"role", "string"}, {"representative", "string"}}

// Edge relations.
const (
	relationMember       = "member"
	relationOrganisation = "organisation"
)

type graphNode struct {
	ID, Label string
	Attrs     map[string]string
}

type graphEdge struct {
	Source, Target string
	Attrs          map[string]string
}

// nodeID is a node's id in the files: the kind and the id, as the store's
// reference index writes them ("units/mullsjo-fs").
func nodeID(r kartlaggning.Ref) string { return r.String() }

// buildGraph lays out the nodes (organisations, units, forums, each in
// document order) and the edges (units to organisations, then members).
func buildGraph(doc *kartlaggning.Document) ([]graphNode, []graphEdge) {
	x := kartlaggning.NewIndex(doc)
	nodes := make([]graphNode, 0, len(doc.Organisations)+len(doc.Units)+len(doc.Forums))
	var edges []graphEdge
	for _, o := range doc.Organisations {
		nodes = append(nodes, graphNode{ID: nodeID(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: o.ID}), Label: o.Name,
			Attrs: attrs("type", "organisation", "kind", o.Kind, "short", o.Short, "party", strconv.FormatBool(o.Party),
				"municipality", o.Municipality)})
	}
	for i := range doc.Units {
		u := &doc.Units[i]
		id := nodeID(kartlaggning.Ref{Kind: kartlaggning.Units, ID: u.ID})
		nodes = append(nodes, graphNode{ID: id, Label: u.Name,
			Attrs: attrs("type", "unit", "organisation", u.Organisation, "parent", u.Parent,
				"municipalities", strings.Join(x.UnitMunicipalities(u), "; "), "target_groups", strings.Join(u.TargetGroups, "; "))})
		edges = append(edges, graphEdge{Source: id, Target: nodeID(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: u.Organisation}),
			Attrs: attrs("relation", relationOrganisation)})
	}
	for _, f := range doc.Forums {
		id := nodeID(kartlaggning.Ref{Kind: kartlaggning.Forums, ID: f.ID})
		a := attrs("type", "forum", "kind", f.Kind, "level", f.Level, "formal", strconv.FormatBool(f.Formal),
			"scope", f.Scope, "status", f.Status, "parent", f.Parent, "agreement", f.Agreement,
			"municipalities", strings.Join(f.Municipalities, "; "), "target_groups", strings.Join(f.TargetGroups, "; "),
			"held", intText(f.Held))
		if fr := f.Frequency; fr != nil {
			a["frequency_min"], a["frequency_max"], a["frequency_text"] = intText(fr.Min), intText(fr.Max), fr.Text
		}
		if c := f.Convener; c != nil {
			if c.Unit != "" {
				a["convener"] = nodeID(kartlaggning.Ref{Kind: kartlaggning.Units, ID: c.Unit})
			} else if c.Organisation != "" {
				a["convener"] = nodeID(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: c.Organisation})
			}
		}
		nodes = append(nodes, graphNode{ID: id, Label: f.Name, Attrs: prune(a)})
		for _, m := range f.Members {
			edges = append(edges, graphEdge{Source: nodeID(m.Ref()), Target: id,
				Attrs: attrs("relation", relationMember, "role", m.Role, "representative", m.Representative)})
		}
	}
	return nodes, edges
}

// attrs builds an attribute map from name, value pairs, leaving out the
// empty values: a missing attribute is unknown, not "".
func attrs(kv ...string) map[string]string {
	m := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			m[kv[i]] = kv[i+1]
		}
	}
	return m
}

func prune(m map[string]string) map[string]string {
	for k, v := range m {
		if v == "" {
			delete(m, k)
		}
	}
	return m
}

func intText(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// The actor graph (kartlaggning.ActorGraph) as the network tools see it:
// a node per actor, a unit or an organisation recorded as a member
// without a unit, and an edge "meets" between two actors that meet in at
// least one forum, weighted by the number of such forums. The projection
// of the collaboration graph does not give it: there a kontakt forum's
// members would all meet each other, and it is a star.
var actorNodeAttrs = []attr{
	{"label", "string"}, {"type", "string"}, {"organisation", "string"}, {"kind", "string"}, {"party", "boolean"},
	{"municipality", "string"}, {"municipalities", "string"},
}

var actorEdgeAttrs = []attr{{"relation", "string"}, {"forums", "int"}}

const relationMeets = "meets"

// buildActorGraph lays out the actors in the actor graph's order and the
// ties, each from the earlier actor, in that order.
func buildActorGraph(doc *kartlaggning.Document) ([]graphNode, []graphEdge) {
	x := kartlaggning.NewIndex(doc)
	g := x.ActorGraph()
	shared := map[kartlaggning.Pair]int{}
	for i := range doc.Forums {
		for _, p := range doc.Forums[i].Pairs() {
			shared[p]++
		}
	}
	nodes := make([]graphNode, len(g.Actors))
	for i, r := range g.Actors {
		n := graphNode{ID: nodeID(r), Label: x.Name(r)}
		if r.Kind == kartlaggning.Units {
			u := x.Units[r.ID]
			n.Attrs = attrs("type", "unit", "organisation", u.Organisation, "municipalities", strings.Join(x.UnitMunicipalities(u), "; "))
		} else {
			o := x.Organisations[r.ID]
			n.Attrs = attrs("type", "organisation", "organisation", o.ID, "kind", o.Kind, "party", strconv.FormatBool(o.Party),
				"municipality", o.Municipality)
		}
		nodes[i] = n
	}
	var edges []graphEdge
	for i, adj := range g.Adj {
		for _, j := range adj {
			if int(j) < i {
				continue
			}
			a, b := g.Actors[i], g.Actors[j]
			weight := shared[kartlaggning.Pair{A: a, B: b}] + shared[kartlaggning.Pair{A: b, B: a}]
			edges = append(edges, graphEdge{Source: nodeID(a), Target: nodeID(b),
				Attrs: attrs("relation", relationMeets, "forums", strconv.Itoa(weight))})
		}
	}
	return nodes, edges
}
