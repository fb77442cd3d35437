package kartlaggning_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func unitRef(id string) kartlaggning.Ref {
	return kartlaggning.Ref{Kind: kartlaggning.Units, ID: id}
}

func forumRef(id string) kartlaggning.Ref {
	return kartlaggning.Ref{Kind: kartlaggning.Forums, ID: id}
}

func mustMap(tb testing.TB, x *kartlaggning.Index, req kartlaggning.MapRequest) *kartlaggning.MapGraph {
	tb.Helper()
	g, err := x.Map(req)
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

func edgeSet(g *kartlaggning.MapGraph, kind kartlaggning.MapEdgeKind) map[[2]kartlaggning.Ref]kartlaggning.MapEdge {
	out := map[[2]kartlaggning.Ref]kartlaggning.MapEdge{}
	for _, e := range g.Edges {
		if e.Kind == kind {
			out[[2]kartlaggning.Ref{e.From, e.To}] = e
		}
	}
	return out
}

// The municipality map holds every unit that works there, every forum
// they sit in that passes the filter, a line for each of their seats, the
// members they meet there (a kontakt forum's members meet the convener
// only), and their wishes as dashed lines.
func TestMapMunicipality(t *testing.T) {
	x := kartlaggning.NewIndex(mustDemo(t))
	g := mustMap(t, x, kartlaggning.MapRequest{View: kartlaggning.MapMunicipality, ID: "mullsjo"})
	if g.Title != "Mullsjö" {
		t.Errorf("title %q", g.Title)
	}
	focus := map[kartlaggning.Ref]bool{}
	for _, u := range x.UnitsIn("mullsjo") {
		focus[unitRef(u.ID)] = true
	}
	focus[kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: "mullsjo-kommun"}] = true
	for r := range focus {
		n := g.Node(r)
		if n == nil || !n.Focus {
			t.Errorf("%v is missing or not in focus", r)
		}
	}
	for _, id := range []string{"mullsjo-integration-arbetsmarknad", "mullsjo-forsorjningsstod", "mullsjo-daglig-verksamhet", "enter"} {
		if g.Node(unitRef(id)) == nil {
			t.Errorf("Mullsjö's map lacks %s", id)
		}
	}
	seats := edgeSet(g, kartlaggning.MapMemberEdge)
	for _, f := range x.Doc.Forums {
		var mine []kartlaggning.Ref
		for _, m := range f.Members {
			if focus[m.Ref()] {
				mine = append(mine, m.Ref())
			}
		}
		if len(mine) == 0 {
			if g.Node(forumRef(f.ID)) != nil {
				t.Errorf("forum %s is on the map though no Mullsjö member sits in it", f.ID)
			}
			continue
		}
		for _, m := range f.Members {
			r := m.Ref()
			meets := focus[r]
			for _, me := range mine {
				meets = meets || f.Meets(me, r)
			}
			_, drawn := seats[[2]kartlaggning.Ref{r, forumRef(f.ID)}]
			if drawn != meets {
				t.Errorf("%s: seat of %v drawn=%v, but Mullsjö meets it=%v", f.ID, r, drawn, meets)
			}
			if drawn && seats[[2]kartlaggning.Ref{r, forumRef(f.ID)}].Dashed == f.Formal {
				t.Errorf("%s: a seat in a formal forum is dashed, or one in an informal forum is not", f.ID)
			}
		}
	}
	wishes := edgeSet(g, kartlaggning.MapWishEdge)
	want := 0
	for r := range focus {
		if r.Kind != kartlaggning.Units {
			continue
		}
		for _, w := range x.Units[r.ID].Wishes {
			var target kartlaggning.Ref
			switch {
			case w.Unit != "":
				target = unitRef(w.Unit)
			case w.Organisation != "":
				target = kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: w.Organisation}
			case w.Forum != "":
				target = forumRef(w.Forum)
			default:
				continue
			}
			e, ok := wishes[[2]kartlaggning.Ref{r, target}]
			if !ok || !e.Dashed {
				t.Errorf("the wish of %s for %v is not a dashed line", r.ID, target)
			}
			want++
		}
	}
	if want == 0 || len(wishes) == 0 {
		t.Fatal("the example's Mullsjö units wish for nothing that can be drawn")
	}
	if n := len(g.Wishes); n < len(wishes) {
		t.Errorf("the list of wishes has %d, fewer than the %d drawn", n, len(wishes))
	}
}

func TestMapOverview(t *testing.T) {
	x := kartlaggning.NewIndex(mustDemo(t))
	g := mustMap(t, x, kartlaggning.MapRequest{View: kartlaggning.MapOverview})
	for _, u := range x.Doc.Units {
		n := g.Node(unitRef(u.ID))
		if n == nil {
			t.Errorf("unit %s is missing", u.ID)
			continue
		}
		if n.Cluster != u.Organisation {
			t.Errorf("unit %s is framed in %q, want its organisation %q", u.ID, n.Cluster, u.Organisation)
		}
	}
	seats := edgeSet(g, kartlaggning.MapMemberEdge)
	for _, f := range x.Doc.Forums {
		if n := g.Node(forumRef(f.ID)); n == nil || n.ForumKind != f.Kind || n.Level != f.Level || n.Formal != f.Formal {
			t.Errorf("forum %s is missing or mislabelled: %+v", f.ID, n)
		}
		for _, m := range f.Members {
			// An organisation-level seat starts at the organisation's node.
			if _, ok := seats[[2]kartlaggning.Ref{m.Ref(), forumRef(f.ID)}]; !ok {
				t.Errorf("no line from %v to %s", m.Ref(), f.ID)
			}
		}
		if f.Parent != "" {
			if _, ok := edgeSet(g, kartlaggning.MapParentEdge)[[2]kartlaggning.Ref{forumRef(f.ID), forumRef(f.Parent)}]; !ok {
				t.Errorf("no line from %s to its parent %s", f.ID, f.Parent)
			}
		}
	}
	clusters := map[string]bool{}
	for _, c := range g.Clusters {
		clusters[c.Ref.ID] = true
	}
	for _, u := range x.Doc.Units {
		if !clusters[u.Organisation] {
			t.Errorf("no frame for %s", u.Organisation)
		}
	}
	// Wishes ran across the whole overview: there they are listed, and
	// drawn only when asked for.
	if n := len(edgeSet(g, kartlaggning.MapWishEdge)); n != 0 {
		t.Errorf("the overview draws %d wishes by default", n)
	}
	if len(g.Wishes) == 0 {
		t.Error("the overview lists no wishes")
	}
	yes := true
	g = mustMap(t, x, kartlaggning.MapRequest{View: kartlaggning.MapOverview, Wishes: &yes})
	if len(edgeSet(g, kartlaggning.MapWishEdge)) == 0 {
		t.Error("the overview draws no wishes when asked to")
	}
}

func TestMapWishesDefaultAndSwitch(t *testing.T) {
	x := kartlaggning.NewIndex(mustDemo(t))
	no := false
	for _, tc := range []struct {
		name string
		req  kartlaggning.MapRequest
		want bool
	}{
		{"kommun", kartlaggning.MapRequest{View: kartlaggning.MapMunicipality, ID: "habo"}, true},
		{"kommun, hidden", kartlaggning.MapRequest{View: kartlaggning.MapMunicipality, ID: "habo", Wishes: &no}, false},
		{"overview", kartlaggning.MapRequest{View: kartlaggning.MapOverview}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := x.Map(tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(edgeSet(g, kartlaggning.MapWishEdge)) > 0; got != tc.want {
				t.Errorf("wishes drawn: %v, want %v", got, tc.want)
			}
			if len(g.Wishes) == 0 {
				t.Error("the wishes are not listed")
			}
		})
	}
	for _, bad := range []string{"kanske", "1"} {
		_, err := kartlaggning.ParseMapWishes(bad)
		e, ok := kartlaggning.AsError(err)
		if !ok || len(e.Fields) != 1 || e.Fields[0].Path != "wishes" {
			t.Errorf("wishes=%s: %v, want an error naming the field", bad, err)
		}
	}
}

func TestMapFilters(t *testing.T) {
	x := kartlaggning.NewIndex(mustDemo(t))
	no := false
	for _, tc := range []struct {
		name   string
		filter kartlaggning.MapFilter
	}{
		{"individ", kartlaggning.MapFilter{Level: "individ"}},
		{"informal", kartlaggning.MapFilter{Formal: &no}},
		{"natverk", kartlaggning.MapFilter{Kind: "natverk"}},
		{"one municipality", kartlaggning.MapFilter{Scope: "kommun", Level: "strategisk"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, req := range []kartlaggning.MapRequest{
				{View: kartlaggning.MapOverview, Filter: tc.filter},
				{View: kartlaggning.MapMunicipality, ID: "habo", Filter: tc.filter},
				{View: kartlaggning.MapUnit, ID: "jonkoping-forsorjningsstod", Filter: tc.filter},
			} {
				g := mustMap(t, x, req)
				kept := 0
				for _, n := range g.Nodes {
					if n.Kind != kartlaggning.MapForumNode {
						continue
					}
					if !tc.filter.Keeps(x.Forums[n.Ref.ID]) {
						t.Errorf("%s: forum %s does not pass the filter", req.View, n.Ref.ID)
					}
					kept++
				}
				for _, e := range g.Edges {
					if e.Kind == kartlaggning.MapMemberEdge && g.Node(e.To) == nil {
						t.Errorf("%s: a seat in %v, which is not on the map", req.View, e.To)
					}
				}
				// The filtered overview keeps exactly the forums that pass.
				if req.View == kartlaggning.MapOverview {
					want := 0
					for i := range x.Doc.Forums {
						if tc.filter.Keeps(&x.Doc.Forums[i]) {
							want++
						}
					}
					if kept != want || want == 0 {
						t.Errorf("overview keeps %d forums, %d pass the filter", kept, want)
					}
				}
			}
		})
	}
}

func TestParseMapFilter(t *testing.T) {
	f, err := kartlaggning.ParseMapFilter("strategisk", "natverk", "lan", "false")
	if err != nil {
		t.Fatal(err)
	}
	if f.Level != "strategisk" || f.Kind != "natverk" || f.Scope != "lan" || f.Formal == nil || *f.Formal {
		t.Errorf("parsed %+v", f)
	}
	if d := f.Describe(); d != "strategisk nivå, Nätverk, omfattning: länet, informella forum" {
		t.Errorf("described as %q", d)
	}
	_, err = kartlaggning.ParseMapFilter("hög", "fika", "världen", "kanske")
	e, ok := kartlaggning.AsError(err)
	if !ok || e.Code != kartlaggning.EMALFORMED {
		t.Fatalf("got %v, want EMALFORMED", err)
	}
	var paths []string
	for _, f := range e.Fields {
		paths = append(paths, f.Path)
	}
	if !reflect.DeepEqual(paths, []string{"level", "kind", "scope", "formal"}) {
		t.Errorf("fields %v, want each bad parameter named", paths)
	}
}

func TestMapUnknownIDs(t *testing.T) {
	x := kartlaggning.NewIndex(mustDemo(t))
	for _, req := range []kartlaggning.MapRequest{
		{View: kartlaggning.MapMunicipality, ID: "ingen"},
		{View: kartlaggning.MapUnit, ID: "ingen"},
		{View: kartlaggning.MapForum, ID: "ingen"},
		{View: kartlaggning.MapUnits, Municipality: "ingen"},
		{View: "karta"},
	} {
		if _, err := x.Map(req); kartlaggning.ErrorCode(err) != kartlaggning.ENOTFOUND {
			t.Errorf("%+v: %v, want ENOTFOUND", req, err)
		}
	}
}

// The units map ("vem möter vem") draws a line for each pair of actors
// sharing a forum (a kontakt forum joins the convener to each member
// only), labelled with the number of forums they share. Actors are units
// and organisations seated without a unit, such as Arbetsförmedlingen.
func TestMapUnits(t *testing.T) {
	x := kartlaggning.NewIndex(mustDemo(t))
	g := mustMap(t, x, kartlaggning.MapRequest{View: kartlaggning.MapUnits})
	shared := map[[2]kartlaggning.Ref]int{}
	for i := range x.Doc.Forums {
		for _, p := range x.Doc.Forums[i].Pairs() {
			shared[[2]kartlaggning.Ref{p.A, p.B}]++
		}
	}
	got := map[[2]kartlaggning.Ref]int{}
	for _, e := range g.Edges {
		if e.Kind != kartlaggning.MapMeetsEdge {
			t.Errorf("a %s line on the units map", e.Kind)
			continue
		}
		a, b := e.From, e.To
		if _, ok := shared[[2]kartlaggning.Ref{a, b}]; !ok {
			a, b = b, a
		}
		got[[2]kartlaggning.Ref{a, b}] = e.Forums
		if e.Label != fmt.Sprint(e.Forums) {
			t.Errorf("%v–%v labelled %q, want %d", a, b, e.Label, e.Forums)
		}
	}
	if !reflect.DeepEqual(got, shared) {
		t.Errorf("lines %v\nwant %v", got, shared)
	}
	actors := map[kartlaggning.Ref]bool{}
	for _, r := range x.ActorGraph().Actors {
		actors[r] = true
	}
	for _, n := range g.Nodes {
		if !actors[n.Ref] {
			t.Errorf("%v on the units map is not an actor", n.Ref)
		}
	}
	if len(g.Nodes) != len(actors) || g.Node(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: "af"}) == nil {
		t.Errorf("%d actors drawn, the edition has %d; Arbetsförmedlingen drawn: %v", len(g.Nodes), len(actors),
			g.Node(kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: "af"}) != nil)
	}

	habo := mustMap(t, x, kartlaggning.MapRequest{View: kartlaggning.MapUnits, Municipality: "habo"})
	mine := map[kartlaggning.Ref]bool{}
	for _, u := range x.UnitsIn("habo") {
		mine[unitRef(u.ID)] = true
	}
	for _, o := range x.Doc.Organisations {
		if o.Municipality == "habo" {
			mine[kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: o.ID}] = true
		}
	}
	for _, e := range habo.Edges {
		if !mine[e.From] && !mine[e.To] {
			t.Errorf("Habo's units map has a line between %v and %v, neither in Habo", e.From, e.To)
		}
	}
}

func TestMapForum(t *testing.T) {
	x := kartlaggning.NewIndex(mustDemo(t))
	g := mustMap(t, x, kartlaggning.MapRequest{View: kartlaggning.MapForum, ID: "aas"})
	if n := g.Node(forumRef("aas")); n == nil || !n.Focus {
		t.Fatal("the forum itself is missing")
	}
	if _, ok := edgeSet(g, kartlaggning.MapParentEdge)[[2]kartlaggning.Ref{forumRef("aas"), forumRef("gps")}]; !ok {
		t.Error("no line to the parent forum")
	}
	seats := edgeSet(g, kartlaggning.MapMemberEdge)
	if len(seats) != len(x.Forums["aas"].Members) {
		t.Errorf("%d seats drawn, the forum has %d members", len(seats), len(x.Forums["aas"].Members))
	}
}

// The same data gives the same graph, every time.
func TestMapIsDeterministic(t *testing.T) {
	for _, req := range []kartlaggning.MapRequest{{View: kartlaggning.MapOverview}, {View: kartlaggning.MapUnits},
		{View: kartlaggning.MapMunicipality, ID: "jonkoping"}} {
		a := mustMap(t, kartlaggning.NewIndex(mustDemo(t)), req)
		b := mustMap(t, kartlaggning.NewIndex(mustDemo(t)), req)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: two builds differ", req.View)
		}
	}
}

// An edition too large to draw unit by unit gets an overview of
// organisations whose lines count the forums their units share.
func TestMapAggregatesLargeEditions(t *testing.T) {
	doc := &kartlaggning.Document{Format: "kartlaggning/v1", Edition: kartlaggning.Edition{Year: 2030, Title: "Stor", Status: "draft"}}
	orgs := []string{"a", "b", "c", "d"}
	for _, o := range orgs {
		doc.Organisations = append(doc.Organisations, kartlaggning.Organisation{ID: o, Name: "Organisation " + o, Kind: "annan"})
		for i := range 160 {
			doc.Units = append(doc.Units, kartlaggning.Unit{ID: fmt.Sprintf("%s-%d", o, i), Organisation: o, Name: fmt.Sprintf("Enhet %s%d", o, i)})
		}
	}
	for i := range 200 {
		f := kartlaggning.Forum{ID: fmt.Sprintf("f%d", i), Name: fmt.Sprintf("Forum %d", i), Kind: "natverk", Level: "operativ", Formal: true}
		// Forum i joins three units of organisations i%4 and (i+1)%4.
		a, b := orgs[i%4], orgs[(i+1)%4]
		for _, u := range []string{fmt.Sprintf("%s-%d", a, i%60), fmt.Sprintf("%s-%d", b, i*7%60), fmt.Sprintf("%s-%d", a, (i+30)%60)} {
			f.Members = append(f.Members, kartlaggning.Member{Unit: u})
		}
		doc.Forums = append(doc.Forums, f)
	}
	x := kartlaggning.NewIndex(doc)
	for _, view := range []kartlaggning.MapView{kartlaggning.MapOverview, kartlaggning.MapUnits} {
		g := mustMap(t, x, kartlaggning.MapRequest{View: view})
		if !g.Aggregated {
			t.Fatalf("%s: %d nodes and %d lines drawn in detail", view, len(g.Nodes), len(g.Edges))
		}
		if len(g.Nodes) != len(orgs) {
			t.Errorf("%s: %d nodes, want one per organisation", view, len(g.Nodes))
		}
		for _, e := range g.Edges {
			if e.Forums != 50 {
				t.Errorf("%s: %v–%v share %d forums, want 50", view, e.From, e.To, e.Forums)
			}
		}
		if len(g.Edges) != 4 {
			t.Errorf("%s: %d lines, want 4 (a–b, b–c, c–d, d–a)", view, len(g.Edges))
		}
	}
}
