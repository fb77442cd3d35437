package kartlaggning

import "sort"

// ActorMetric is an actor's place in the network of actors (ActorGraph):
// a unit, or an organisation recorded as a member without a unit, keyed
// as members are ("unit" or "organisation").
type ActorMetric struct {
	Actor
	// Partners is the number of other actors it meets: its degree.
	Partners int `json:"partners"`
	// Forums is the number of forums it is a member of.
	Forums int `json:"forums"`
	// Betweenness is its betweenness centrality (ActorGraph.Betweenness):
	// high for the actors that hold the network together.
	Betweenness float64 `json:"betweenness"`
}

// Metrics returns every actor's metrics, sorted by betweenness, then
// partners (both descending), then units before organisations, then id.
func (x *Index) Metrics() []ActorMetric {
	g := x.ActorGraph()
	bc := g.Betweenness()
	out := make([]ActorMetric, len(g.Actors))
	for i, r := range g.Actors {
		out[i] = ActorMetric{Actor: NewActor(r), Partners: len(g.Adj[i]), Forums: len(x.forumsOf(r)), Betweenness: bc[i]}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Betweenness != b.Betweenness {
			return a.Betweenness > b.Betweenness
		}
		if a.Partners != b.Partners {
			return a.Partners > b.Partners
		}
		return less(a.Ref(), b.Ref())
	})
	return out
}
