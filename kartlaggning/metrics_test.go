package kartlaggning_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func TestMetricsHandMade(t *testing.T) {
	x := handMade()
	got := map[kartlaggning.Actor]kartlaggning.ActorMetric{}
	for _, m := range x.Metrics() {
		got[m.Actor] = m
	}
	// Actor edges: organisation-level members are actors too (fk, af,
	// kommun-b), so the figures differ from the units-only ones.
	//   f1: a-fs, a-int, af meet; f2 (kontakt, convener a-fs): a-fs–fk-1,
	//   a-fs–a-int, a-fs–reg-1; f4: a-int, multi, kommun-b meet; f5: b-fs,
	//   multi, fk meet; f6: a-int, af, a-fs, reg-1 meet.
	// a-fs, a-int, af, reg-1 are a clique with fk-1 hanging off a-fs;
	// a-int joins it to multi and kommun-b; multi to b-fs and fk.
	// Pairs with a unique shortest path through a node:
	//   a-fs: fk-1 to a-int, af, reg-1 (3) and fk-1 to the 4 beyond a-int
	//   (4): 7. a-int: a-fs, af, reg-1, fk-1 to multi, kommun-b, b-fs, fk
	//   (16). multi: kommun-b to b-fs, fk; a-int, a-fs, af, reg-1, fk-1 to
	//   b-fs, fk (2 + 10 = 12). With n = 10 there are 36 pairs to divide by.
	unit := func(id string) kartlaggning.Actor { return kartlaggning.Actor{Unit: id} }
	org := func(id string) kartlaggning.Actor { return kartlaggning.Actor{Organisation: id} }
	for _, tc := range []struct {
		actor            kartlaggning.Actor
		partners, forums int
		betweenness      float64
	}{
		{unit("a-int"), 5, 5, 16.0 / 36},
		{unit("a-fs"), 4, 3, 7.0 / 36},
		{unit("multi"), 4, 2, 12.0 / 36},
		{unit("fk-1"), 1, 1, 0},
		{unit("a-lonely"), 0, 0, 0},
		{org("af"), 3, 2, 0},
		{org("fk"), 2, 1, 0},
		{org("kommun-b"), 2, 1, 0},
	} {
		m := got[tc.actor]
		if m.Partners != tc.partners || m.Forums != tc.forums || math.Abs(m.Betweenness-tc.betweenness) > 1e-12 {
			t.Errorf("%+v: %+v, want %d partners, %d forums, betweenness %v", tc.actor, m, tc.partners, tc.forums, tc.betweenness)
		}
	}
	if len(got) != len(x.Doc.Units)+3 {
		t.Errorf("%d metrics for %d units and 3 organisation-level members: every actor is a node", len(got), len(x.Doc.Units))
	}
}

// TestMetricsCountOrganisationLevelActors: Arbetsförmedlingen is recorded
// only as a whole organisation in the example edition, yet sits in 27
// forums (the partner matrix's diagonal). It must have a row of its own,
// keyed "organisation" as its seats are. Its partners, read from the
// example by hand: the units mullsjo-integration-arbetsmarknad,
// mullsjo-forsorjningsstod and mullsjo-daglig-verksamhet (the last two
// as conveners of kontakt forums), habo-integration, habo-ungdomscoach,
// habo-forsorjningsstod, habo-daglig-verksamhet, jonkoping-ama,
// jonkoping-forsorjningsstod, jonkoping-vuxenutbildningen and
// jonkoping-fs-ifs (11), and the organisations lansstyrelsen,
// mullsjo-kommun, jonkopings-kommun, samordningsforbundet, region, fk,
// mullsjo-utveckling, habo-kommun and migrationsverket (9): 20.
func TestMetricsCountOrganisationLevelActors(t *testing.T) {
	x := kartlaggning.NewIndex(mustDemo(t))
	// Through JSON, as the API serves the rows.
	data, err := json.Marshal(x.Metrics())
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(data, &rows); err != nil {
		t.Fatal(err)
	}
	var af map[string]any
	for _, r := range rows {
		if r["organisation"] == "af" {
			af = r
		}
		if (r["unit"] == nil) == (r["organisation"] == nil) {
			t.Errorf("row %v has not exactly one of unit and organisation", r)
		}
	}
	if af == nil {
		t.Fatalf("Arbetsförmedlingen has no metrics row among %d", len(rows))
	}
	if af["partners"] != float64(24) || af["forums"] != float64(36) {
		t.Errorf("Arbetsförmedlingen: %v, want 24 partners in 36 forums", af)
	}
	if b, _ := af["betweenness"].(float64); b <= 0 {
		t.Errorf("Arbetsförmedlingen's betweenness is %v: it links three municipalities", af["betweenness"])
	}
}

func TestBetweennessKnownGraphs(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edges [][2]int
		n     int
		want  []float64
	}{
		// networkx: betweenness_centrality(path_graph(3)) == {0: 0, 1: 1, 2: 0}
		{"path of three", [][2]int{{0, 1}, {1, 2}}, 3, []float64{0, 1, 0}},
		// star_graph(4): the centre lies on all 6 leaf pairs; 6 / (4·3/2) = 1
		{"star", [][2]int{{0, 1}, {0, 2}, {0, 3}, {0, 4}}, 5, []float64{1, 0, 0, 0, 0}},
		// cycle_graph(4): each node on half the paths between its neighbours: 0.5 / 3
		{"square", [][2]int{{0, 1}, {1, 2}, {2, 3}, {3, 0}}, 4, []float64{1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6}},
		{"two nodes", [][2]int{{0, 1}}, 2, []float64{0, 0}},
		{"isolated nodes count in n", [][2]int{{0, 1}, {1, 2}}, 5, []float64{0, 2.0 / 12, 0, 0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := graphOf(tc.n, tc.edges).Betweenness()
			for i := range tc.want {
				if math.Abs(got[i]-tc.want[i]) > 1e-12 {
					t.Fatalf("betweenness %v, want %v", got, tc.want)
				}
			}
		})
	}
}

func graphOf(n int, edges [][2]int) *kartlaggning.ActorGraph {
	g := &kartlaggning.ActorGraph{Actors: make([]kartlaggning.Ref, n), Adj: make([][]int32, n)}
	for i := range n {
		g.Actors[i] = kartlaggning.Ref{Kind: kartlaggning.Units, ID: fmt.Sprint("u", i)}
	}
	for _, e := range edges {
		g.Adj[e[0]] = append(g.Adj[e[0]], int32(e[1]))
		g.Adj[e[1]] = append(g.Adj[e[1]], int32(e[0]))
	}
	for _, l := range g.Adj {
		slices.Sort(l)
	}
	return g
}

// TestBetweennessBruteForce compares Brandes with the definition on
// random small graphs: enumerate every simple path between every pair,
// keep the shortest, and give each inner node its share.
func TestBetweennessBruteForce(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 2019))
	for round := range 60 {
		n := 1 + rnd.IntN(9)
		p := rnd.Float64()
		var edges [][2]int
		for a := range n {
			for b := a + 1; b < n; b++ {
				if rnd.Float64() < p {
					edges = append(edges, [2]int{a, b})
				}
			}
		}
		g := graphOf(n, edges)
		got, want := g.Betweenness(), bruteBetweenness(g)
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-9 {
				t.Fatalf("round %d, %d nodes, edges %v:\n got %v\nwant %v", round, n, edges, got, want)
			}
		}
	}
	// Big enough for several parallel chunks of sources.
	n := 150
	var edges [][2]int
	for a := range n {
		for range 2 {
			if b := rnd.IntN(n); b != a {
				edges = append(edges, [2]int{min(a, b), max(a, b)})
			}
		}
	}
	slices.SortFunc(edges, func(a, b [2]int) int { return (a[0]-b[0])*1000 + a[1] - b[1] })
	edges = slices.Compact(edges)
	g := graphOf(n, edges)
	got, want := g.Betweenness(), pathCountBetweenness(g)
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-9 {
			t.Fatalf("150 nodes: node %d got %v, want %v", i, got[i], want[i])
		}
	}
}

func bruteBetweenness(g *kartlaggning.ActorGraph) []float64 {
	n := len(g.Adj)
	out := make([]float64, n)
	if n <= 2 {
		return out
	}
	for s := range n {
		for t := s + 1; t < n; t++ {
			var shortest [][]int
			var walk func(path []int, seen []bool)
			walk = func(path []int, seen []bool) {
				v := path[len(path)-1]
				if v == t {
					switch {
					case len(shortest) == 0 || len(path) < len(shortest[0]):
						shortest = [][]int{slices.Clone(path)}
					case len(path) == len(shortest[0]):
						shortest = append(shortest, slices.Clone(path))
					}
					return
				}
				for _, w := range g.Adj[v] {
					if !seen[w] {
						seen[w] = true
						walk(append(path, int(w)), seen)
						seen[w] = false
					}
				}
			}
			seen := make([]bool, n)
			seen[s] = true
			walk([]int{s}, seen)
			for _, path := range shortest {
				for _, v := range path[1 : len(path)-1] {
					out[v] += 1 / float64(len(shortest))
				}
			}
		}
	}
	for v := range out {
		out[v] *= 2 / float64((n-1)*(n-2))
	}
	return out
}

// pathCountBetweenness is the definition by counting: σ_st(v) = σ_sv·σ_vt
// when v lies on a shortest s–t path, with distances and counts from a
// breadth-first search per node. Slower than Brandes, independent of it.
func pathCountBetweenness(g *kartlaggning.ActorGraph) []float64 {
	n := len(g.Adj)
	dist := make([][]int, n)
	sigma := make([][]float64, n)
	for s := range n {
		dist[s], sigma[s] = make([]int, n), make([]float64, n)
		for i := range dist[s] {
			dist[s][i] = -1
		}
		dist[s][s], sigma[s][s] = 0, 1
		queue := []int{s}
		for len(queue) > 0 {
			v := queue[0]
			queue = queue[1:]
			for _, w := range g.Adj[v] {
				if dist[s][w] < 0 {
					dist[s][w] = dist[s][v] + 1
					queue = append(queue, int(w))
				}
				if dist[s][w] == dist[s][v]+1 {
					sigma[s][w] += sigma[s][v]
				}
			}
		}
	}
	out := make([]float64, n)
	for s := range n {
		for t := s + 1; t < n; t++ {
			if dist[s][t] < 0 {
				continue
			}
			for v := range n {
				if v != s && v != t && dist[s][v] > 0 && dist[v][t] > 0 && dist[s][v]+dist[v][t] == dist[s][t] {
					out[v] += sigma[s][v] * sigma[v][t] / sigma[s][t]
				}
			}
		}
	}
	for v := range out {
		out[v] *= 2 / float64((n-1)*(n-2))
	}
	return out
}

// TestActorGraphAgreesWithMeets checks the example edition's actor graph
// against the definition: two actors are neighbours when Forum.Meets says
// they meet in some forum.
func TestActorGraphAgreesWithMeets(t *testing.T) {
	x := kartlaggning.NewIndex(mustDemo(t))
	g := x.ActorGraph()
	orgs := 0
	for i, a := range g.Actors {
		if a.Kind == kartlaggning.Organisations {
			orgs++
		}
		for j, b := range g.Actors {
			if i == j {
				continue
			}
			meet := false
			for fi := range x.Doc.Forums {
				meet = meet || x.Doc.Forums[fi].Meets(a, b)
			}
			if _, edge := slices.BinarySearch(g.Adj[i], int32(j)); edge != meet {
				t.Errorf("%s – %s: edge %v, Meets says %v", a, b, edge, meet)
			}
		}
	}
	if orgs == 0 || len(g.Actors) != len(x.Doc.Units)+orgs {
		t.Errorf("%d actors, %d of them organisations, for %d units", len(g.Actors), orgs, len(x.Doc.Units))
	}
}

// TestBetweennessOfLargeEdition checks Brandes against the path-counting
// definition on the large synthetic edition's actor graph: a small world
// of overlapping forums where most searches turn bottom up for their last
// levels, which the small random graphs above rarely make them do.
func TestBetweennessOfLargeEdition(t *testing.T) {
	if testing.Short() {
		t.Skip("path counting on the large edition takes a few seconds")
	}
	g := mustSynthetic(t, "large").ActorGraph()
	got, want := g.Betweenness(), pathCountBetweenness(g)
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-9 {
			t.Fatalf("%s: got %v, want %v", g.Actors[i], got[i], want[i])
		}
	}
}
