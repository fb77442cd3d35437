package kartlaggning_test

import (
	"fmt"
	"maps"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// compareEditions are two small hand-made years. From 2019 to 2020: Vera
// (a new unit) joins Nätverket, which Barn (a unit that stays) leaves;
// Gamla gruppen ends and is gone, and with it Gamla föreningen and its
// only unit; Arenan is still there but marked ended; Nya nätverket starts
// with Barn and FK's unit.
func compareEditions(t *testing.T) (earlier, later *kartlaggning.Index) {
	t.Helper()
	unit := func(org, id, name string) kartlaggning.Unit {
		return kartlaggning.Unit{ID: id, Organisation: org, Name: name}
	}
	forum := func(id, name string, members ...kartlaggning.Member) kartlaggning.Forum {
		return kartlaggning.Forum{ID: id, Name: name, Kind: "natverk", Level: "operativ", Formal: true, Members: members}
	}
	u := func(id string) kartlaggning.Member { return kartlaggning.Member{Unit: id} }
	doc := func(year int) *kartlaggning.Document {
		return &kartlaggning.Document{Format: kartlaggning.Format,
			Edition:        kartlaggning.Edition{Year: year, Title: fmt.Sprint("Kartläggning ", year), Status: "draft"},
			Municipalities: []kartlaggning.Municipality{{ID: "by", Name: "Byn"}},
			Organisations: []kartlaggning.Organisation{
				{ID: "kommunen", Name: "Byns kommun", Kind: "kommun", Municipality: "by", Party: true},
				{ID: "fk", Name: "Försäkringskassan", Kind: "myndighet", Party: true},
			}}
	}
	d19 := doc(2019)
	d19.Organisations = append(d19.Organisations, kartlaggning.Organisation{ID: "gamla", Name: "Gamla föreningen", Kind: "ideell"})
	d19.Units = []kartlaggning.Unit{unit("kommunen", "vuxen", "Vuxen"), unit("kommunen", "barn", "Barn"),
		unit("fk", "fk-sjuk", "Sjukpenning"), unit("gamla", "gamla-stod", "Stödet")}
	d19.Forums = []kartlaggning.Forum{
		forum("natverket", "Nätverket", u("vuxen"), u("barn"), u("fk-sjuk")),
		forum("styrgruppen", "Styrgruppen", u("vuxen"), kartlaggning.Member{Organisation: "fk"}),
		forum("gamla-gruppen", "Gamla gruppen", u("barn"), u("gamla-stod")),
		forum("arenan", "Arenan", u("vuxen")),
	}
	d20 := doc(2020)
	d20.Units = []kartlaggning.Unit{unit("kommunen", "vuxen", "Vuxen"), unit("kommunen", "barn", "Barn"),
		unit("fk", "fk-sjuk", "Sjukpenning"), unit("kommunen", "vera", "Vera")}
	ended := forum("arenan", "Arenan", u("vuxen"))
	ended.Status = "ended"
	d20.Forums = []kartlaggning.Forum{
		forum("natverket", "Nätverket", u("vuxen"), u("fk-sjuk"), u("vera")),
		forum("styrgruppen", "Styrgruppen", u("vuxen"), kartlaggning.Member{Organisation: "fk"}),
		ended,
		forum("nya-natverket", "Nya nätverket", u("barn"), u("fk-sjuk")),
	}
	for _, d := range []*kartlaggning.Document{d19, d20} {
		if err := d.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	return kartlaggning.NewIndex(d19), kartlaggning.NewIndex(d20)
}

func orgRef(id string) kartlaggning.Ref {
	return kartlaggning.Ref{Kind: kartlaggning.Organisations, ID: id}
}

func TestCompareMapMarks(t *testing.T) {
	earlier, later := compareEditions(t)
	g, err := later.CompareMap(earlier, kartlaggning.MapRequest{View: kartlaggning.MapOverview})
	if err != nil {
		t.Fatal(err)
	}
	if g.Aggregated || g.Compared == nil || *g.Compared != (kartlaggning.MapComparison{From: 2019, To: 2020}) {
		t.Fatalf("aggregated %v, compared %+v", g.Aggregated, g.Compared)
	}

	nodes := map[kartlaggning.Ref]kartlaggning.MapMark{}
	for _, n := range g.Nodes {
		nodes[n.Ref] = n.Mark
	}
	wantNodes := map[kartlaggning.Ref]kartlaggning.MapMark{
		unitRef("vuxen"): "", unitRef("barn"): "", unitRef("fk-sjuk"): "", orgRef("fk"): "",
		forumRef("natverket"): "", forumRef("styrgruppen"): "",
		unitRef("vera"): kartlaggning.MapNew, forumRef("nya-natverket"): kartlaggning.MapNew,
		forumRef("gamla-gruppen"): kartlaggning.MapGone, unitRef("gamla-stod"): kartlaggning.MapGone,
		forumRef("arenan"): kartlaggning.MapGone,
	}
	if !maps.Equal(nodes, wantNodes) {
		t.Errorf("nodes:\n got %v\nwant %v", nodes, wantNodes)
	}

	seat := func(member kartlaggning.Ref, forum string) [2]kartlaggning.Ref {
		return [2]kartlaggning.Ref{member, forumRef(forum)}
	}
	edges := map[[2]kartlaggning.Ref]kartlaggning.MapMark{}
	for _, e := range g.Edges {
		if e.Kind != kartlaggning.MapMemberEdge {
			t.Errorf("unexpected %s line %v → %v", e.Kind, e.From, e.To)
		}
		edges[[2]kartlaggning.Ref{e.From, e.To}] = e.Mark
	}
	wantEdges := map[[2]kartlaggning.Ref]kartlaggning.MapMark{
		seat(unitRef("vuxen"), "natverket"): "", seat(unitRef("fk-sjuk"), "natverket"): "",
		seat(unitRef("vuxen"), "styrgruppen"): "", seat(orgRef("fk"), "styrgruppen"): "",
		// Vera joined, Barn left.
		seat(unitRef("vera"), "natverket"): kartlaggning.MapNew,
		seat(unitRef("barn"), "natverket"): kartlaggning.MapGone,
		// A new forum's seats are new, a gone forum's are gone.
		seat(unitRef("barn"), "nya-natverket"): kartlaggning.MapNew, seat(unitRef("fk-sjuk"), "nya-natverket"): kartlaggning.MapNew,
		seat(unitRef("barn"), "gamla-gruppen"): kartlaggning.MapGone, seat(unitRef("gamla-stod"), "gamla-gruppen"): kartlaggning.MapGone,
		// The seat in a forum marked ended ends with it.
		seat(unitRef("vuxen"), "arenan"): kartlaggning.MapGone,
	}
	if !maps.Equal(edges, wantEdges) {
		t.Errorf("lines:\n got %v\nwant %v", edges, wantEdges)
	}

	// Why, in words, for the tooltips.
	for _, tc := range []struct {
		ref  kartlaggning.Ref
		want string
	}{
		{forumRef("nya-natverket"), "Nytt 2020 (fanns inte 2019)"},
		{unitRef("vera"), "Ny 2020 (fanns inte 2019)"},
		{forumRef("gamla-gruppen"), "Fanns 2019, inte 2020"},
		{forumRef("arenan"), "Markerat som avslutat 2020"},
	} {
		if n := g.Node(tc.ref); n == nil || n.Change != tc.want {
			t.Errorf("%v: change %q, want %q", tc.ref, n.Change, tc.want)
		}
	}

	// Gone units stay in their organisation's frame, which is gone too.
	if n := g.Node(unitRef("gamla-stod")); n.Cluster != "gamla" || n.Label != "Stödet" {
		t.Errorf("the gone unit: cluster %q, label %q", n.Cluster, n.Label)
	}
	frames := map[string]kartlaggning.MapMark{}
	for _, c := range g.Clusters {
		frames[c.Ref.ID] = c.Mark
	}
	if want := map[string]kartlaggning.MapMark{"kommunen": "", "fk": "", "gamla": kartlaggning.MapGone}; !maps.Equal(frames, want) {
		t.Errorf("frames %v, want %v", frames, want)
	}
	// What is gone comes after what is there, so the later year's map
	// keeps its order.
	if last := g.Nodes[len(g.Nodes)-1]; last.Mark != kartlaggning.MapGone {
		t.Errorf("the last node is %v (%q), want a gone one", last.Ref, last.Mark)
	}
}

// Compared the other way, what was new is gone and what was gone is new.
func TestCompareMapBackwards(t *testing.T) {
	earlier, later := compareEditions(t)
	g, err := earlier.CompareMap(later, kartlaggning.MapRequest{View: kartlaggning.MapOverview})
	if err != nil {
		t.Fatal(err)
	}
	for ref, want := range map[kartlaggning.Ref]kartlaggning.MapMark{
		unitRef("vera"): kartlaggning.MapGone, forumRef("nya-natverket"): kartlaggning.MapGone,
		forumRef("gamla-gruppen"): kartlaggning.MapNew, unitRef("gamla-stod"): kartlaggning.MapNew,
		forumRef("arenan"): "", unitRef("barn"): "",
	} {
		if n := g.Node(ref); n == nil || n.Mark != want {
			t.Errorf("%v: %+v, want mark %q", ref, n, want)
		}
	}
}

// When either edition is too large for a detailed overview, both are
// drawn as organisations, and the lines between organisations are marked.
func TestCompareMapAggregates(t *testing.T) {
	earlier, later := compareEditions(t)
	big := *later.Doc
	big.Organisations = append(big.Organisations[:len(big.Organisations):len(big.Organisations)],
		kartlaggning.Organisation{ID: "nya", Name: "Nya bolaget", Kind: "kommunalt-bolag"})
	big.Units = append([]kartlaggning.Unit(nil), big.Units...)
	seats := []kartlaggning.Member{{Unit: "vuxen"}}
	for i := range kartlaggning.MapDetailLimit {
		id := fmt.Sprintf("nya-%d", i)
		big.Units = append(big.Units, kartlaggning.Unit{ID: id, Organisation: "nya", Name: id})
		if i < 3 {
			seats = append(seats, kartlaggning.Member{Unit: id})
		}
	}
	big.Forums = append(big.Forums[:len(big.Forums):len(big.Forums)], kartlaggning.Forum{ID: "bolagsforum", Name: "Bolagsforum",
		Kind: "natverk", Level: "operativ", Formal: true, Members: seats})
	if err := big.Validate(); err != nil {
		t.Fatal(err)
	}
	g, err := kartlaggning.NewIndex(&big).CompareMap(earlier, kartlaggning.MapRequest{View: kartlaggning.MapOverview})
	if err != nil {
		t.Fatal(err)
	}
	if !g.Aggregated {
		t.Fatal("not aggregated")
	}
	for _, n := range g.Nodes {
		if n.Kind != kartlaggning.MapOrganisationNode {
			t.Errorf("%v on an aggregated map", n.Ref)
		}
	}
	for ref, want := range map[kartlaggning.Ref]kartlaggning.MapMark{
		orgRef("nya"): kartlaggning.MapNew, orgRef("gamla"): kartlaggning.MapGone, orgRef("kommunen"): "", orgRef("fk"): "",
	} {
		if n := g.Node(ref); n == nil || n.Mark != want {
			t.Errorf("%v: %+v, want mark %q", ref, n, want)
		}
	}
	lines := map[kartlaggning.Pair]kartlaggning.MapMark{}
	for _, e := range g.Edges {
		lines[kartlaggning.Pair{A: e.From, B: e.To}] = e.Mark
		lines[kartlaggning.Pair{A: e.To, B: e.From}] = e.Mark
	}
	for _, tc := range []struct {
		a, b string
		want kartlaggning.MapMark
	}{
		{"kommunen", "fk", ""},                      // they meet in Nätverket both years
		{"kommunen", "nya", kartlaggning.MapNew},    // in Bolagsforum, new
		{"kommunen", "gamla", kartlaggning.MapGone}, // in Gamla gruppen, gone
	} {
		if got, ok := lines[kartlaggning.Pair{A: orgRef(tc.a), B: orgRef(tc.b)}]; !ok || got != tc.want {
			t.Errorf("%s–%s: drawn %v, mark %q; want mark %q", tc.a, tc.b, ok, got, tc.want)
		}
	}
	if _, err := later.CompareMap(earlier, kartlaggning.MapRequest{View: kartlaggning.MapUnit, ID: "vuxen"}); kartlaggning.ErrorCode(err) != kartlaggning.EMALFORMED {
		t.Errorf("a unit's comparison map: %v, want malformed", err)
	}
}

// BenchmarkCompareMap builds the comparison of the large synthetic
// edition with its next year, in which five forums are gone: the domain's
// part of every comparison map, cached or not.
func BenchmarkCompareMap(b *testing.B) {
	earlier := mustSynthetic(b, "large")
	next, err := kartlaggning.NextEdition(earlier.Doc)
	if err != nil {
		b.Fatal(err)
	}
	next.Forums = next.Forums[5:]
	later := kartlaggning.NewIndex(next)
	for b.Loop() {
		if _, err := later.CompareMap(earlier, kartlaggning.MapRequest{View: kartlaggning.MapOverview}); err != nil {
			b.Fatal(err)
		}
	}
}

// "Bara ändringar": what changed and what it touches stays; an unchanged
// forum whose members are all unchanged goes.
func TestCompareMapOnlyChanges(t *testing.T) {
	earlier, later := compareEditions(t)
	all, err := later.CompareMap(earlier, kartlaggning.MapRequest{View: kartlaggning.MapOverview})
	if err != nil {
		t.Fatal(err)
	}
	g, err := later.CompareMap(earlier, kartlaggning.MapRequest{View: kartlaggning.MapOverview, OnlyChanges: true})
	if err != nil {
		t.Fatal(err)
	}
	has := map[kartlaggning.Ref]bool{}
	for _, n := range g.Nodes {
		has[n.Ref] = true
	}
	forum := func(id string) kartlaggning.Ref { return kartlaggning.Ref{Kind: kartlaggning.Forums, ID: id} }
	unit := func(id string) kartlaggning.Ref { return kartlaggning.Ref{Kind: kartlaggning.Units, ID: id} }
	for _, r := range []kartlaggning.Ref{unit("vera"), forum("natverket"), forum("nya-natverket"), forum("gamla-gruppen"), unit("barn")} {
		if !has[r] {
			t.Errorf("%s changed or touches a change, and is missing", r)
		}
	}
	if has[forum("styrgruppen")] {
		t.Error("Styrgruppen, unchanged with unchanged members, is drawn")
	}
	changed := 0
	for _, n := range all.Nodes {
		if n.Mark != "" {
			changed++
			if !has[n.Ref] {
				t.Errorf("%s changed and is missing", n.Ref)
			}
		}
	}
	for _, e := range all.Edges {
		if e.Mark != "" && (!has[e.From] || !has[e.To]) {
			t.Errorf("the changed line %s–%s lost an end", e.From, e.To)
		}
	}
	for _, e := range g.Edges {
		if !has[e.From] || !has[e.To] {
			t.Errorf("the line %s–%s has an end that is not drawn", e.From, e.To)
		}
	}
	if len(g.Nodes) >= len(all.Nodes) || changed == 0 {
		t.Errorf("%d of %d nodes kept, %d changed", len(g.Nodes), len(all.Nodes), changed)
	}
}
