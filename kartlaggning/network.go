package kartlaggning

import "slices"

// Network describes the actor graph as a whole: how dense it is, whether
// it hangs together, and which actors and ties it hangs on. Actors are
// keyed as in the metrics rows.
type Network struct {
	Actors int `json:"actors"`
	Ties   int `json:"ties"`
	// Density is the share of possible ties that exist: 2·ties / n(n-1).
	Density float64 `json:"density"`
	// Components counts the connected parts, each isolate being one.
	Components int     `json:"components"`
	Isolates   []Actor `json:"isolates"`
	// AverageDegree is the mean number of partners: 2·ties / n.
	AverageDegree float64 `json:"average_degree"`
	// Centralization is Freeman's degree centralisation: how far the
	// network is from a star (1) towards everyone equally tied (0),
	// Σ(max degree − degree) / (n-1)(n-2).
	Centralization float64 `json:"centralization"`
	// ArticulationPoints are the actors whose absence splits a part of
	// the network ("bärande aktörer"), in node order.
	ArticulationPoints []Actor `json:"articulation_points"`
	// Bridges are the ties whose absence splits a part of the network,
	// each in node order.
	Bridges [][2]Actor `json:"bridges"`
}

// Network describes the edition's actor graph, or a municipality's part
// of it; ENOTFOUND if there is no such municipality.
//
// A municipality's part is the graph between the actors that belong to
// it and the organisation-level actors they meet. Its own actors are the
// units that serve it (UnitsIn) and the organisation-level members whose
// organisation is located in it (the kommun as a whole, a local bolag).
// Organisations recorded only as a whole (Arbetsförmedlingen, FK) are
// part of it where they meet one of those actors, because otherwise a
// kommun whose units meet the state only through them would look
// fragmented. Units of other municipalities are left out: they belong to
// their own municipality's network, and including them would pull in the
// whole förbund through the shared forums.
func (x *Index) Network(municipality string) (*Network, error) {
	g := x.ActorGraph()
	if municipality != "" {
		if x.Municipalities[municipality] == nil {
			return nil, unknownMunicipality(municipality)
		}
		g = g.induced(x.municipalityActors(g, municipality))
	}
	return g.Network(), nil
}

// municipalityActors marks the nodes of a municipality's part of the
// actor graph (see Network).
func (x *Index) municipalityActors(g *ActorGraph, municipality string) []bool {
	keep := make([]bool, len(g.Actors))
	own := map[Ref]bool{}
	for _, u := range x.UnitsIn(municipality) {
		own[Ref{Units, u.ID}] = true
	}
	for i, r := range g.Actors {
		if r.Kind == Organisations {
			if o := x.Organisations[r.ID]; o != nil && o.Municipality == municipality {
				own[r] = true
			}
		}
		keep[i] = own[r]
	}
	for i, r := range g.Actors {
		if !keep[i] || !own[r] {
			continue
		}
		for _, w := range g.Adj[i] {
			if g.Actors[w].Kind == Organisations {
				keep[w] = true
			}
		}
	}
	return keep
}

// induced returns the subgraph of the kept nodes, in the same order.
func (g *ActorGraph) induced(keep []bool) *ActorGraph {
	at := make([]int32, len(g.Actors))
	sub := &ActorGraph{}
	for i, r := range g.Actors {
		at[i] = -1
		if keep[i] {
			at[i] = int32(len(sub.Actors))
			sub.Actors = append(sub.Actors, r)
		}
	}
	sub.Adj = make([][]int32, len(sub.Actors))
	for i, list := range g.Adj {
		if at[i] < 0 {
			continue
		}
		var adj []int32
		for _, w := range list {
			if at[w] >= 0 {
				adj = append(adj, at[w]) // ascending: at keeps the order
			}
		}
		sub.Adj[at[i]] = adj
	}
	return sub
}

// Network describes the graph (see Network).
func (g *ActorGraph) Network() *Network {
	n := len(g.Actors)
	m := g.Ties()
	out := &Network{Actors: n, Ties: m, Isolates: []Actor{}, ArticulationPoints: []Actor{}, Bridges: [][2]Actor{}}
	if n > 0 {
		out.AverageDegree = 2 * float64(m) / float64(n)
	}
	if n > 1 {
		out.Density = 2 * float64(m) / float64(n*(n-1))
	}
	if n > 2 {
		top := 0
		for _, l := range g.Adj {
			top = max(top, len(l))
		}
		sum := 0
		for _, l := range g.Adj {
			sum += top - len(l)
		}
		out.Centralization = float64(sum) / float64((n-1)*(n-2))
	}
	for i, l := range g.Adj {
		if len(l) == 0 {
			out.Isolates = append(out.Isolates, NewActor(g.Actors[i]))
		}
	}
	cut, bridges, components := g.cuts()
	out.Components = components
	for i, c := range cut {
		if c {
			out.ArticulationPoints = append(out.ArticulationPoints, NewActor(g.Actors[i]))
		}
	}
	for _, b := range bridges {
		out.Bridges = append(out.Bridges, [2]Actor{NewActor(g.Actors[b[0]]), NewActor(g.Actors[b[1]])})
	}
	return out
}

// cuts finds the articulation points and bridges (Hopcroft and Tarjan's
// depth-first search with low points) and counts the components. The
// search keeps its own stack: a national edition's chains of actors are
// deeper than recursion should go. Bridges come sorted by their nodes.
func (g *ActorGraph) cuts() (cut []bool, bridges [][2]int32, components int) {
	n := len(g.Adj)
	cut = make([]bool, n)
	disc := make([]int32, n) // discovery time from 1; 0 is not yet seen
	low := make([]int32, n)
	parent := make([]int32, n)
	next := make([]int32, n) // the next neighbour to look at
	var stack []int32
	var clock int32
	for root := range int32(n) {
		if disc[root] != 0 {
			continue
		}
		components++
		clock++
		disc[root], low[root], parent[root] = clock, clock, -1
		children := 0
		stack = append(stack[:0], root)
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			if int(next[v]) < len(g.Adj[v]) {
				w := g.Adj[v][next[v]]
				next[v]++
				switch {
				case disc[w] == 0:
					clock++
					disc[w], low[w], parent[w] = clock, clock, v
					stack = append(stack, w)
					if v == root {
						children++
					}
				case w != parent[v]: // the graph is simple: no second tie to the parent
					low[v] = min(low[v], disc[w])
				}
				continue
			}
			stack = stack[:len(stack)-1]
			p := parent[v]
			if p < 0 {
				continue
			}
			low[p] = min(low[p], low[v])
			if low[v] > disc[p] {
				bridges = append(bridges, [2]int32{min(p, v), max(p, v)})
			}
			if p != root && low[v] >= disc[p] {
				cut[p] = true
			}
		}
		cut[root] = children > 1
	}
	sortPairs(bridges)
	return cut, bridges, components
}

func sortPairs(list [][2]int32) {
	slices.SortFunc(list, func(a, b [2]int32) int {
		if a[0] != b[0] {
			return int(a[0] - b[0])
		}
		return int(a[1] - b[1])
	})
}
