package kartlaggning

import "fmt"

// MapMark says how a node, line or frame of a comparison map stands to
// the edition it is compared with. The zero mark is "in both".
type MapMark string

const (
	// MapNew marks what the earlier edition did not have.
	MapNew MapMark = "new"
	// MapGone marks what the earlier edition had and this one has not,
	// drawn in from the earlier edition, and a forum marked ended since
	// (with its seats).
	MapGone MapMark = "gone"
)

// MapComparison names the editions of a comparison map: it draws To and
// marks what changed since From. From may be the later year, as a
// comparison runs either way.
type MapComparison struct{ From, To int }

// CompareMap builds the map of x with what is new since earlier marked
// new, and what earlier had and x has not drawn in and marked gone. Ids
// stay the same from year to year, so the same id is the same thing.
//
// Only the unfiltered overview compares: under a filter, a forum that
// changed level would look new in one year and gone in the other. Both
// editions are drawn alike, with organisations for units when either one,
// or the two together, pass MapDetailLimit.
func (x *Index) CompareMap(earlier *Index, req MapRequest) (*MapGraph, error) {
	if req.View != MapOverview || req.ID != "" || req.Municipality != "" || !req.Filter.IsZero() {
		return nil, &Error{Code: EMALFORMED, Message: "Jämförelsekartan finns bara som översikt, utan filter.",
			Fields: []FieldError{{Path: "view", Message: "Bara översikten utan filter kan jämföras."}}}
	}
	aggregated := false
	for {
		later := newMapBuilder(x, req)
		later.aggregated = aggregated
		later.overview()
		before := newMapBuilder(earlier, req)
		before.aggregated = aggregated
		before.overview()
		if !aggregated && (later.g.Aggregated || before.g.Aggregated) {
			aggregated = true
			continue
		}
		c := &mapComparer{b: later, before: before, from: earlier.Doc.Edition.Year, to: x.Doc.Edition.Year}
		c.mark()
		if !aggregated && len(later.g.Nodes)+len(later.g.Edges) > MapDetailLimit {
			aggregated = true
			continue
		}
		later.finish()
		c.frames()
		later.g.Compared = &MapComparison{From: c.from, To: c.to}
		if req.OnlyChanges {
			onlyChanges(later.g)
		}
		return later.g, nil
	}
}

// mapComparer marks the map of one edition against the same map of
// another.
type mapComparer struct {
	b        *mapBuilder // the edition drawn
	before   *mapBuilder // the edition compared with
	from, to int
}

func (c *mapComparer) mark() {
	g, x, earlier := c.b.g, c.b.x, c.before.x
	for i := range g.Nodes {
		n := &g.Nodes[i]
		switch {
		case !earlier.Has(n.Ref):
			n.Mark, n.Change = MapNew, c.newWords(n.Ref.Kind)
		case n.Ref.Kind == Forums && x.Forums[n.Ref.ID].Status == "ended" && earlier.Forums[n.Ref.ID].Status != "ended":
			n.Mark, n.Change = MapGone, fmt.Sprintf("Markerat som avslutat %d", c.to)
		}
	}
	had := map[mapEdgeKey]bool{}
	for _, e := range c.before.g.Edges {
		had[mapCompareKey(e)] = true
	}
	have := map[mapEdgeKey]bool{}
	for i := range g.Edges {
		e := &g.Edges[i]
		have[mapCompareKey(*e)] = true
		if !had[mapCompareKey(*e)] {
			e.Mark, e.Change = MapNew, c.newWords("")
			continue
		}
		// The seats of a forum marked ended end with it.
		for _, r := range []Ref{e.From, e.To} {
			if n := g.Nodes[c.b.nodes[r]]; n.Mark == MapGone {
				e.Mark, e.Change = MapGone, n.Change
			}
		}
	}

	// What only the earlier edition has, after everything of this one.
	offset := len(x.Doc.Units) + len(x.Doc.Organisations) + len(x.Doc.Forums)
	for _, n := range c.before.g.Nodes {
		if x.Has(n.Ref) {
			continue
		}
		n.Mark, n.Change = MapGone, c.goneWords()
		n.Expand, n.Focus = nil, false
		if u := earlier.Units[n.Ref.ID]; n.Ref.Kind == Units && u != nil {
			n.Cluster = u.Organisation
		}
		c.b.order[n.Ref] = offset + c.before.order[n.Ref]
		c.b.nodes[n.Ref] = len(g.Nodes)
		g.Nodes = append(g.Nodes, n)
	}
	for _, e := range c.before.g.Edges {
		if have[mapCompareKey(e)] {
			continue
		}
		// An end that this edition has but does not draw (an organisation
		// that no longer holds a seat of its own) is drawn for the line.
		if _, ok := c.b.node(e.From); !ok {
			continue
		}
		if _, ok := c.b.node(e.To); !ok {
			continue
		}
		e.Mark, e.Change = MapGone, c.goneWords()
		c.b.edge(e)
	}
}

// frames marks the organisations' frames: new ones, and the frames of
// organisations gone since, which hold units that went with them.
func (c *mapComparer) frames() {
	g := c.b.g
	if g.Aggregated {
		return
	}
	framed := map[string]bool{}
	for i := range g.Clusters {
		cl := &g.Clusters[i]
		framed[cl.Ref.ID] = true
		if !c.before.x.Has(cl.Ref) {
			cl.Mark = MapNew
		}
	}
	missing := map[string]bool{}
	for _, n := range g.Nodes {
		if n.Cluster != "" && !framed[n.Cluster] {
			missing[n.Cluster] = true
		}
	}
	for i := range c.before.x.Doc.Organisations {
		if o := &c.before.x.Doc.Organisations[i]; missing[o.ID] {
			g.Clusters = append(g.Clusters, MapCluster{Ref: Ref{Organisations, o.ID}, Label: o.Name,
				Tooltip: OptionLabel(OrganisationKinds, o.Kind) + " · " + c.goneWords(), Mark: MapGone})
		}
	}
}

// newWords says that something is new; a forum is "nytt", everything
// else on a map ("enhet", "organisation", "linje") is "ny".
func (c *mapComparer) newWords(k Kind) string {
	word := "Ny"
	if k == Forums {
		word = "Nytt"
	}
	return fmt.Sprintf("%s %d (fanns inte %d)", word, c.to, c.from)
}

func (c *mapComparer) goneWords() string { return fmt.Sprintf("Fanns %d, inte %d", c.from, c.to) }

// mapCompareKey identifies a line across editions. A meets line has no
// direction, and its ends are ordered by each edition's document order,
// which may differ.
func mapCompareKey(e MapEdge) mapEdgeKey {
	if e.Kind == MapMeetsEdge && less(e.To, e.From) {
		return mapEdgeKey{e.To, e.From, e.Kind}
	}
	return mapEdgeKey{e.From, e.To, e.Kind}
}

// Has reports whether the edition has the entity.
func (x *Index) Has(r Ref) bool {
	switch r.Kind {
	case Units:
		return x.Units[r.ID] != nil
	case Organisations:
		return x.Organisations[r.ID] != nil
	case Forums:
		return x.Forums[r.ID] != nil
	case Municipalities:
		return x.Municipalities[r.ID] != nil
	}
	return false
}

// onlyChanges narrows a comparison map to what changed, the ends of every
// changed line and the nodes next to a changed node, with the lines
// between them: five changes are not hunted for in a drawing of hundreds
// of nodes.
func onlyChanges(g *MapGraph) {
	changed := map[Ref]bool{}
	for _, n := range g.Nodes {
		if n.Mark != "" {
			changed[n.Ref] = true
		}
	}
	keep := map[Ref]bool{}
	for r := range changed {
		keep[r] = true
	}
	for _, e := range g.Edges {
		if e.Mark != "" || changed[e.From] || changed[e.To] {
			keep[e.From], keep[e.To] = true, true
		}
	}
	nodes := g.Nodes[:0]
	for _, n := range g.Nodes {
		if keep[n.Ref] {
			nodes = append(nodes, n)
		}
	}
	g.Nodes = nodes
	edges := g.Edges[:0]
	for _, e := range g.Edges {
		if keep[e.From] && keep[e.To] && (e.Mark != "" || changed[e.From] || changed[e.To]) {
			edges = append(edges, e)
		}
	}
	g.Edges = edges
	framed := map[string]bool{}
	for _, n := range g.Nodes {
		framed[n.Cluster] = true
	}
	clusters := g.Clusters[:0]
	for _, c := range g.Clusters {
		if framed[c.Ref.ID] {
			clusters = append(clusters, c)
		}
	}
	g.Clusters = clusters
}
