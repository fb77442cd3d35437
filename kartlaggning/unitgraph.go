package kartlaggning

import (
	"runtime"
	"sync"
)

// UnitGraph is the network of units: a node per unit, an edge between two
// units that meet in at least one forum (by the rule of Forum.Pairs: a
// kontakt forum is a star around its convener). Organisation-level
// members are not nodes: the graph is about units.
type UnitGraph struct {
	// Units are the unit ids in document order; node i is Units[i].
	Units []string
	// Adj lists each node's neighbours, ascending, without duplicates.
	Adj [][]int32
}

// UnitGraph builds the edition's unit graph.
func (x *Index) UnitGraph() *UnitGraph {
	g := &UnitGraph{Units: make([]string, len(x.Doc.Units)), Adj: make([][]int32, len(x.Doc.Units))}
	node := make(map[string]int32, len(x.Doc.Units))
	for i, u := range x.Doc.Units {
		g.Units[i] = u.ID
		node[u.ID] = int32(i)
	}
	type edge struct{ a, b int32 }
	seen := map[edge]bool{}
	for i := range x.Doc.Forums {
		for _, p := range x.Doc.Forums[i].Pairs() {
			if p.A.Kind != Units || p.B.Kind != Units {
				continue
			}
			a, okA := node[p.A.ID]
			b, okB := node[p.B.ID]
			if !okA || !okB || a == b {
				continue
			}
			if b < a {
				a, b = b, a
			}
			if e := (edge{a, b}); !seen[e] {
				seen[e] = true
				g.Adj[a] = append(g.Adj[a], b)
				g.Adj[b] = append(g.Adj[b], a)
			}
		}
	}
	for _, list := range g.Adj {
		sortInt32(list)
	}
	return g
}

func sortInt32(list []int32) {
	// Insertion sort: neighbour lists are short and mostly in order.
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && list[j] < list[j-1]; j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
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
func (g *UnitGraph) Betweenness() []float64 {
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
