package kartlaggning

import (
	"runtime"
	"slices"
	"sync"
)

// Actor is one node of the actor graph, keyed as a member is: a unit, or
// an organisation recorded as a member without a unit (Arbetsförmedlingen
// in the example edition, whose units the seed never names). Exactly one
// of the fields is set.
type Actor struct {
	Unit         string `json:"unit,omitempty"`
	Organisation string `json:"organisation,omitempty"`
}

// NewActor keys a unit or organisation reference as an actor.
func NewActor(r Ref) Actor {
	if r.Kind == Units {
		return Actor{Unit: r.ID}
	}
	return Actor{Organisation: r.ID}
}

// Ref returns the unit or organisation the actor is.
func (a Actor) Ref() Ref {
	if a.Unit != "" {
		return Ref{Units, a.Unit}
	}
	return Ref{Organisations, a.Organisation}
}

// ActorGraph is the network of actors: a node per unit and per
// organisation that sits in some forum without a unit, an edge between
// two actors that meet in at least one forum (by the rule of Forum.Pairs:
// a kontakt forum is a star around its convener). Counting units alone
// left out every organisation recorded only as a whole, however many
// forums it sits in.
type ActorGraph struct {
	// Actors are the units in document order, then the organisation-level
	// members in document order; node i is Actors[i].
	Actors []Ref
	// Adj lists each node's neighbours, ascending, without duplicates.
	Adj [][]int32
}

// Ties is the number of edges.
func (g *ActorGraph) Ties() int {
	n := 0
	for _, l := range g.Adj {
		n += len(l)
	}
	return n / 2
}

// actors returns the edition's actors in node order (see ActorGraph).
func (x *Index) actors() []Ref {
	out := make([]Ref, 0, len(x.Doc.Units))
	for _, u := range x.Doc.Units {
		out = append(out, Ref{Units, u.ID})
	}
	for _, o := range x.Doc.Organisations {
		if r := (Ref{Organisations, o.ID}); len(x.ForumsOf[r]) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// ActorGraph builds the edition's actor graph.
func (x *Index) ActorGraph() *ActorGraph {
	actors := x.actors()
	g := &ActorGraph{Actors: actors, Adj: make([][]int32, len(actors))}
	node := make(map[Ref]int32, len(actors))
	for i, r := range actors {
		node[r] = int32(i)
	}
	// The rule of Forum.Pairs, without its sorted list of pairs per
	// forum: neighbour lists are sorted and compacted once at the end.
	var seats []int32
	for fi := range x.Doc.Forums {
		f := &x.Doc.Forums[fi]
		seats = seats[:0]
		for _, s := range f.seats() {
			if v, ok := node[s]; ok {
				seats = append(seats, v)
			}
		}
		if f.Kind == "kontakt" {
			if f.Convener == nil || f.Convener.Unit == "" {
				continue
			}
			hub, ok := node[Ref{Units, f.Convener.Unit}]
			if !ok {
				continue
			}
			for _, s := range seats {
				if s != hub {
					g.Adj[hub] = append(g.Adj[hub], s)
					g.Adj[s] = append(g.Adj[s], hub)
				}
			}
			continue
		}
		for i, a := range seats {
			for _, b := range seats[i+1:] {
				g.Adj[a] = append(g.Adj[a], b)
				g.Adj[b] = append(g.Adj[b], a)
			}
		}
	}
	for i, list := range g.Adj {
		slices.Sort(list)
		g.Adj[i] = slices.Clip(slices.Compact(list))
	}
	return g
}

// betweennessChunk is how many sources one task of Betweenness handles.
// It depends on nothing but itself, so that the floating-point sums, and
// with them the order of units with nearly equal scores, are the same on
// every machine whatever its number of cores.
const betweennessChunk = 64

// Betweenness returns each node's betweenness centrality, normalised as
// networkx's betweenness_centrality does by default for undirected
// graphs: the share of shortest paths between other pairs of nodes that
// pass through the node, summed over the pairs and divided by the
// (n-1)(n-2)/2 pairs there are (0 for all when n ≤ 2). It is Brandes'
// algorithm (2001) for unweighted graphs, run over chunks of sources in
// parallel.
func (g *ActorGraph) Betweenness() []float64 {
	n := len(g.Adj)
	out := make([]float64, n)
	if n <= 2 {
		return out
	}
	// One flat array of neighbours keeps the breadth-first searches in
	// cache: on the national fixture there are 5 000 of them over 10⁵
	// ties.
	g2 := newCSR(g.Adj)
	chunks := (n + betweennessChunk - 1) / betweennessChunk
	partial := make([][]float64, chunks)
	next := make(chan int, chunks)
	for c := range chunks {
		next <- c
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), chunks) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := newBrandes(n, len(g2.edges))
			for c := range next {
				sum := make([]float64, n)
				for s := c * betweennessChunk; s < min(n, (c+1)*betweennessChunk); s++ {
					b.accumulate(g2, int32(s), sum)
				}
				partial[c] = sum
			}
		}()
	}
	wg.Wait()
	for _, sum := range partial {
		for v, d := range sum {
			out[v] += d
		}
	}
	// Every unordered pair was counted from both ends.
	scale := 1 / float64((n-1)*(n-2))
	for v := range out {
		out[v] *= scale
	}
	return out
}

// brandes holds one worker's arrays, reused from source to source.
type brandes struct {
	dist  []int32
	sigma []float64 // shortest paths from the source
	// pull sums the gains of a node's successors; its dependency δ is
	// σ times that (Brandes' δ(v) = Σ σ(v)/σ(w)·(1+δ(w))).
	pull []float64
	// gain is (1+δ)/σ of a node whose δ is final: what each of its
	// shortest paths passes on to a predecessor.
	gain []float64
	// order lists the nodes by distance; level d is
	// order[levels[d]:levels[d+1]].
	order  []int32
	levels []int32
	// The shortest-path DAG's edges v→w, grouped by the level of v: the
	// group of level d is dag[arcs[d]:arcs[d+1]]. One array of pairs
	// rather than two of ends: the searches write, and the sums read,
	// one stream instead of two.
	dag  []arc
	arcs []int32
	// up says which levels were searched bottom up: their arcs come
	// grouped by w, a top-down level's by v.
	up   []bool
	rest []int32 // nodes not yet reached, for bottom-up steps
}

func newBrandes(n, edges int) *brandes {
	b := &brandes{dist: make([]int32, n), sigma: make([]float64, n), pull: make([]float64, n), gain: make([]float64, n),
		order: make([]int32, 0, n), dag: make([]arc, edges+1)}
	for i := range b.dist {
		b.dist[i] = -1
	}
	return b
}

// csr is a graph's adjacency in compressed sparse rows: the neighbours of
// v are edges[start[v]:start[v+1]]. It also knows its connected
// components, for the bottom-up steps of the searches.
type csr struct {
	start []int32
	edges []int32
	// The nodes of component c are members[first[c]:first[c+1]]; comp
	// is each node's component, degree the sum of its nodes' degrees.
	comp    []int32
	members []int32
	first   []int32
	degree  []int64
}

func newCSR(adj [][]int32) csr {
	g := csr{start: make([]int32, len(adj)+1)}
	for v, list := range adj {
		g.start[v+1] = g.start[v] + int32(len(list))
	}
	g.edges = make([]int32, 0, g.start[len(adj)])
	for _, list := range adj {
		g.edges = append(g.edges, list...)
	}
	g.comp = make([]int32, len(adj))
	for v := range g.comp {
		g.comp[v] = -1
	}
	for root := range int32(len(adj)) {
		if g.comp[root] >= 0 {
			continue
		}
		c := int32(len(g.first))
		g.first = append(g.first, int32(len(g.members)))
		g.degree = append(g.degree, 0)
		g.comp[root] = c
		g.members = append(g.members, root)
		for i := int(g.first[c]); i < len(g.members); i++ { // breadth first
			v := g.members[i]
			g.degree[c] += int64(g.start[v+1] - g.start[v])
			for _, w := range g.edges[g.start[v]:g.start[v+1]] {
				if g.comp[w] < 0 {
					g.comp[w] = c
					g.members = append(g.members, w)
				}
			}
		}
	}
	g.first = append(g.first, int32(len(g.members)))
	return g
}

// accumulate adds the dependencies of every node on source s to sum.
//
// The breadth-first search goes level by level, each level either top
// down (scan the edges of the level's nodes) or bottom up (scan the
// edges of the nodes not yet reached, looking for neighbours on the
// level), whichever has fewer edges to scan (Beamer, Asanović and
// Patterson's direction-optimising search). Unlike theirs, a bottom-up
// step looks at every neighbour, because Brandes needs every shortest-
// path predecessor, not one parent. The actor graph is a small world of
// overlapping forums: from most sources nearly all edges lie on the last
// two levels, where a top-down step finds the few nodes left far more
// slowly than they find themselves. Both steps count the shortest paths
// as they go and record the DAG's edges, over which alone the
// dependencies are then summed. The scans are written without
// data-dependent branches on the distances, which mispredict too often
// to pay.
func (b *brandes) accumulate(g csr, s int32, sum []float64) {
	dist, sigma, pull, gain, dag := b.dist, b.sigma, b.pull, b.gain, b.dag
	order := append(b.order[:0], s)
	levels := append(b.levels[:0], 0)
	arcs := append(b.arcs[:0], 0)
	up := b.up[:0]
	c := g.comp[s]
	rest := b.rest[:0]
	restReady := false
	dist[s], sigma[s] = 0, 1
	left := g.degree[c] - int64(g.start[s+1]-g.start[s]) // edges of the nodes not yet reached
	k := int32(0)
	for d := int32(0); ; d++ {
		lo, hi := levels[d], int32(len(order))
		if lo == hi {
			break
		}
		levels = append(levels, hi)
		var here int64
		for _, v := range order[lo:hi] {
			here += int64(g.start[v+1] - g.start[v])
		}
		next := d + 1
		bottomUp := left + int64(len(rest)) // the edges a bottom-up step scans
		if !restReady {
			bottomUp = left + int64(g.first[c+1]-g.first[c])
		}
		up = append(up, bottomUp < here)
		if bottomUp < here {
			if !restReady {
				for _, v := range g.members[g.first[c]:g.first[c+1]] {
					if dist[v] < 0 {
						rest = append(rest, v)
					}
				}
				restReady = true
			}
			kept := rest[:0]
			for _, u := range rest {
				before, paths := k, 0.0
				for _, x := range g.edges[g.start[u]:g.start[u+1]] {
					dag[k] = arc{x, u}
					on := b2i(dist[x] == d)
					k += int32(on)
					paths += sigma[x] * float64(on)
				}
				if k == before {
					kept = append(kept, u)
					continue
				}
				sigma[u] = paths
				dist[u] = next
				order = append(order, u)
				left -= int64(g.start[u+1] - g.start[u])
			}
			rest = kept
		} else {
			for _, v := range order[lo:hi] {
				sv := sigma[v]
				for _, w := range g.edges[g.start[v]:g.start[v+1]] {
					dw := dist[w]
					if dw < 0 { // once per node: well predicted
						dist[w], dw = next, next
						order = append(order, w)
						left -= int64(g.start[w+1] - g.start[w])
					}
					dag[k] = arc{v, w}
					on := b2i(dw == next)
					k += int32(on)
					sigma[w] += sv * float64(on)
				}
			}
			if restReady {
				rest = slices.DeleteFunc(rest, func(u int32) bool { return dist[u] >= 0 })
			}
		}
		arcs = append(arcs, k)
	}
	// Farthest first: the nodes of level d+1 are final once every arc
	// leaving them has been summed; then the arcs into them.
	for d := len(levels) - 3; d >= 0; d-- {
		for _, w := range order[levels[d+1]:levels[d+2]] {
			dw := sigma[w] * pull[w]
			sum[w] += dw
			gain[w] = (1 + dw) / sigma[w]
		}
		if up[d] {
			for _, a := range dag[arcs[d]:arcs[d+1]] {
				pull[a.v] += gain[a.w]
			}
			continue
		}
		// A top-down level's arcs come in runs of one v: sum a run in a
		// register rather than through pull[v] in memory, arc by arc.
		run := dag[arcs[d]:arcs[d+1]]
		for len(run) > 0 {
			v, acc, i := run[0].v, 0.0, 0
			for ; i < len(run) && run[i].v == v; i++ {
				acc += gain[run[i].w]
			}
			pull[v] += acc
			run = run[i:]
		}
	}
	for _, v := range order {
		dist[v], sigma[v], pull[v], gain[v] = -1, 0, 0, 0
	}
	b.order, b.levels, b.arcs, b.rest, b.up = order, levels, arcs, rest, up
}

// arc is an edge v→w of the shortest-path DAG.
type arc struct{ v, w int32 }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
