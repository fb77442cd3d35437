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

// Node returns the node of an actor, or -1.
func (g *ActorGraph) Node(r Ref) int32 {
	for i, a := range g.Actors {
		if a == r {
			return int32(i)
		}
	}
	return -1
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
	// Not Forum.Pairs: it sorts refs by id for each forum, which on the
	// national fixture costs more than everything else here. Neighbour
	// lists are sorted and compacted once at the end instead.
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
	// cache: on the national fixture they visit 2·10⁹ edges.
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
			b := newBrandes(n)
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
	sigma []float64
	delta []float64
	order []int32
}

func newBrandes(n int) *brandes {
	b := &brandes{dist: make([]int32, n), sigma: make([]float64, n), delta: make([]float64, n), order: make([]int32, 0, n)}
	for i := range b.dist {
		b.dist[i] = -1
	}
	return b
}

// csr is a graph's adjacency in compressed sparse rows: the neighbours of
// v are edges[start[v]:start[v+1]].
type csr struct {
	start []int32
	edges []int32
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
	return g
}

// accumulate adds the dependencies of every node on source s to sum.
func (b *brandes) accumulate(g csr, s int32, sum []float64) {
	dist, sigma, delta := b.dist, b.sigma, b.delta
	order := append(b.order[:0], s)
	dist[s], sigma[s] = 0, 1
	for i := 0; i < len(order); i++ { // breadth first; order doubles as the queue
		v := order[i]
		next, sv := dist[v]+1, sigma[v]
		for _, w := range g.edges[g.start[v]:g.start[v+1]] {
			dw := dist[w]
			if dw < 0 {
				dist[w], dw = next, next
				order = append(order, w)
			}
			if dw == next {
				sigma[w] += sv
			}
		}
	}
	for i := len(order) - 1; i > 0; i-- { // farthest first
		w := order[i]
		prev, coeff := dist[w]-1, (1+delta[w])/sigma[w]
		for _, v := range g.edges[g.start[w]:g.start[w+1]] {
			if dist[v] == prev {
				delta[v] += sigma[v] * coeff
			}
		}
		sum[w] += delta[w]
	}
	for _, v := range order {
		dist[v], sigma[v], delta[v] = -1, 0, 0
	}
	b.order = order
}
