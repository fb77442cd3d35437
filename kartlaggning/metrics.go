package kartlaggning

import "sort"

// UnitMetric is a unit's place in the network of units (UnitGraph).
type UnitMetric struct {
	Unit string `json:"unit"`
	// Partners is the number of other units it meets: its degree.
	Partners int `json:"partners"`
	// Forums is the number of forums it is a member of.
	Forums int `json:"forums"`
	// Betweenness is its betweenness centrality (UnitGraph.Betweenness):
	// high for the units that hold the network together.
	Betweenness float64 `json:"betweenness"`
}

// Metrics returns every unit's metrics, sorted by betweenness, then
// partners (both descending), then unit id.
func (x *Index) Metrics() []UnitMetric {
	g := x.UnitGraph()
	bc := g.Betweenness()
	out := make([]UnitMetric, len(g.Units))
	for i, id := range g.Units {
		out[i] = UnitMetric{Unit: id, Partners: len(g.Adj[i]), Forums: len(x.forumsOf(Ref{Units, id})), Betweenness: bc[i]}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Betweenness != b.Betweenness {
			return a.Betweenness > b.Betweenness
		}
		if a.Partners != b.Partners {
			return a.Partners > b.Partners
		}
		return a.Unit < b.Unit
	})
	return out
}
