package kartlaggning_test

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func unitActor(id string) kartlaggning.Actor { return kartlaggning.Actor{Unit: id} }
func orgActor(id string) kartlaggning.Actor  { return kartlaggning.Actor{Organisation: id} }

// tiny is an edition of a few units of one kommun and the forums given;
// "org:" members are organisation-level seats.
func tiny(units []string, forums ...kartlaggning.Forum) *kartlaggning.Index {
	doc := &kartlaggning.Document{Format: kartlaggning.Format, Edition: kartlaggning.Edition{Year: 2020, Title: "Liten", Status: "draft"},
		Municipalities: []kartlaggning.Municipality{{ID: "a", Name: "Aby"}},
		Organisations: []kartlaggning.Organisation{
			{ID: "fk", Name: "Försäkringskassan", Kind: "myndighet", Party: true},
			{ID: "af", Name: "Arbetsförmedlingen", Kind: "myndighet", Party: true},
			{ID: "region", Name: "Regionen", Kind: "region", Party: true},
			{ID: "kommun-a", Name: "Aby kommun", Kind: "kommun", Municipality: "a", Party: true},
		}}
	for _, u := range units {
		doc.Units = append(doc.Units, kartlaggning.Unit{ID: u, Organisation: "kommun-a", Name: u})
	}
	doc.Forums = forums
	return kartlaggning.NewIndex(doc)
}

func seats(ids ...string) []kartlaggning.Member {
	var out []kartlaggning.Member
	for _, id := range ids {
		if len(id) > 4 && id[:4] == "org:" {
			out = append(out, kartlaggning.Member{Organisation: id[4:]})
		} else {
			out = append(out, kartlaggning.Member{Unit: id})
		}
	}
	return out
}

var (
	star = kartlaggning.Forum{ID: "kontakter", Name: "Kontakter", Kind: "kontakt", Level: "individ",
		Convener: &kartlaggning.Convener{Unit: "hub"}, Members: seats("hub", "u1", "u2", "org:af")}
	meeting = kartlaggning.Forum{ID: "natverk", Name: "Nätverk", Kind: "natverk", Level: "operativ",
		Members: seats("hub", "u1", "u2", "org:af")}
)

func TestNetwork(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    *kartlaggning.Index
		want kartlaggning.Network
	}{
		{"empty edition", tiny(nil), kartlaggning.Network{Isolates: []kartlaggning.Actor{},
			ArticulationPoints: []kartlaggning.Actor{}, Bridges: [][2]kartlaggning.Actor{}}},
		{"one actor", tiny([]string{"solo"}), kartlaggning.Network{Actors: 1, Components: 1, Isolates: []kartlaggning.Actor{unitActor("solo")},
			ArticulationPoints: []kartlaggning.Actor{}, Bridges: [][2]kartlaggning.Actor{}}},
		// Degrees 3, 1, 1, 1: Σ(3 − d) = 6 over (n-1)(n-2) = 6.
		{"kontakt star", tiny([]string{"hub", "u1", "u2"}, star), kartlaggning.Network{Actors: 4, Ties: 3, Density: 0.5, Components: 1,
			Isolates: []kartlaggning.Actor{}, AverageDegree: 1.5, Centralization: 1,
			ArticulationPoints: []kartlaggning.Actor{unitActor("hub")},
			Bridges:            [][2]kartlaggning.Actor{{unitActor("hub"), unitActor("u1")}, {unitActor("hub"), unitActor("u2")}, {unitActor("hub"), orgActor("af")}}}},
		{"the same seats meeting", tiny([]string{"hub", "u1", "u2"}, meeting), kartlaggning.Network{Actors: 4, Ties: 6, Density: 1, Components: 1,
			Isolates: []kartlaggning.Actor{}, AverageDegree: 3, ArticulationPoints: []kartlaggning.Actor{}, Bridges: [][2]kartlaggning.Actor{}}},
		// The edges of TestMetricsHandMade: 13 ties among 10 actors.
		// fk-1 hangs on a-fs alone; a-int holds the triangle a-int,
		// multi, kommun-b to the clique a-fs, a-int, af, reg-1; multi
		// holds b-fs and fk. Degrees 4, 5, 0, 1, 3, 4, 2, 2, 3, 2:
		// Σ(5 − d) = 24 over 9·8.
		{"hand-made", handMade(), kartlaggning.Network{Actors: 10, Ties: 13, Density: 26.0 / 90, Components: 2,
			Isolates: []kartlaggning.Actor{unitActor("a-lonely")}, AverageDegree: 2.6, Centralization: 24.0 / 72,
			ArticulationPoints: []kartlaggning.Actor{unitActor("a-fs"), unitActor("a-int"), unitActor("multi")},
			Bridges:            [][2]kartlaggning.Actor{{unitActor("a-fs"), unitActor("fk-1")}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.x.Network("")
			if err != nil {
				t.Fatal(err)
			}
			assertNetwork(t, got, &tc.want)
		})
	}
}

func assertNetwork(t *testing.T, got, want *kartlaggning.Network) {
	t.Helper()
	for name, pair := range map[string][2]float64{"density": {got.Density, want.Density}, "average_degree": {got.AverageDegree, want.AverageDegree},
		"centralization": {got.Centralization, want.Centralization}} {
		if math.Abs(pair[0]-pair[1]) > 1e-12 {
			t.Errorf("%s %v, want %v", name, pair[0], pair[1])
		}
	}
	g, w := *got, *want
	g.Density, g.AverageDegree, g.Centralization = 0, 0, 0
	w.Density, w.AverageDegree, w.Centralization = 0, 0, 0
	if !reflect.DeepEqual(g, w) {
		t.Errorf("network\n got %+v\nwant %+v", g, w)
	}
}

// TestNetworkHabo: Habo's part of the example edition, read from the data
// by hand. Its own actors are the units habo-integration, -ungdomscoach,
// -forsorjningsstod, -daglig-verksamhet and enter (which serves all four
// municipalities), and the organisation-level habo-kommun,
// habo-bostadsbolag and habo-foretag; the organisation-level actors they
// meet are samordningsforbundet, lansstyrelsen, af, kommunal-utveckling,
// mullsjo-kommun, jonkopings-kommun, region, fk, skl, migrationsverket
// and polisen: 19 actors. enter meets no Habo actor but
// habo-forsorjningsstod (in its kontakt forum; in Mullsjö's kontakt
// forums enter meets only Mullsjö's conveners), nor does
// habo-bostadsbolag; habo-foretag meets only habo-daglig-verksamhet (in
// its kontakt forum). Everyone else sits in at least two forums with
// the dense core (habo-arbetsmarknadsgrupp, the DUA groups, AAS). So
// the network hangs on habo-forsorjningsstod and
// habo-daglig-verksamhet, by three bridges.
func TestNetworkHabo(t *testing.T) {
	x := kartlaggning.NewIndex(mustDemo(t))
	got, err := x.Network("habo")
	if err != nil {
		t.Fatal(err)
	}
	if got.Actors != 19 || got.Components != 1 || len(got.Isolates) != 0 {
		t.Errorf("Habo: %d actors, %d components, isolates %v; want 19, 1, none", got.Actors, got.Components, got.Isolates)
	}
	wantCut := []kartlaggning.Actor{unitActor("habo-forsorjningsstod"), unitActor("habo-daglig-verksamhet")}
	if !reflect.DeepEqual(got.ArticulationPoints, wantCut) {
		t.Errorf("Habo's articulation points %v, want %v", got.ArticulationPoints, wantCut)
	}
	wantBridges := [][2]kartlaggning.Actor{{unitActor("habo-forsorjningsstod"), unitActor("enter")},
		{unitActor("habo-forsorjningsstod"), orgActor("habo-bostadsbolag")}, {unitActor("habo-daglig-verksamhet"), orgActor("habo-foretag")}}
	if !reflect.DeepEqual(got.Bridges, wantBridges) {
		t.Errorf("Habo's bridges %v, want %v", got.Bridges, wantBridges)
	}
	if _, err := x.Network("okand"); kartlaggning.ErrorCode(err) != kartlaggning.ENOTFOUND {
		t.Errorf("unknown municipality: %v, want ENOTFOUND", err)
	} else {
		fieldMessage(t, err, "municipality")
	}
	// The keys an API reader sees.
	data, _ := json.Marshal(got)
	var keys map[string]any
	_ = json.Unmarshal(data, &keys)
	for _, k := range []string{"actors", "ties", "density", "components", "isolates", "average_degree", "centralization", "articulation_points", "bridges"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("the network's JSON lacks %q: %s", k, data)
		}
	}
}

func TestCoverage(t *testing.T) {
	all := []string{"fk", "af", "region", "kommun-a"}
	for _, tc := range []struct {
		name string
		x    *kartlaggning.Index
		want []kartlaggning.ForumCoverage
	}{
		{"empty edition", tiny(nil), []kartlaggning.ForumCoverage{}},
		{"one actor", tiny([]string{"solo"}, kartlaggning.Forum{ID: "ensam", Name: "Ensam", Kind: "arena", Level: "individ", Members: seats("solo")}),
			[]kartlaggning.ForumCoverage{{Forum: "ensam", Present: []string{"kommun-a"}, Missing: []string{"fk", "af", "region"}}}},
		// In a kontakt forum the members meet only the convener, but they
		// all take part: coverage is about seats.
		{"kontakt star", tiny([]string{"hub", "u1", "u2"}, star),
			[]kartlaggning.ForumCoverage{{Forum: "kontakter", Present: []string{"af", "kommun-a"}, Missing: []string{"fk", "region"}}}},
		{"everyone", tiny([]string{"u1"}, kartlaggning.Forum{ID: "alla", Name: "Alla", Kind: "styrgrupp", Level: "strategisk",
			Municipalities: []string{"a"}, Members: seats("org:fk", "org:af", "org:region", "u1")}),
			[]kartlaggning.ForumCoverage{{Forum: "alla", Present: all, Missing: []string{}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.x.Coverage("")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("coverage\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestCoverageExample: a forum naming its municipalities expects only
// those kommuner; one naming none expects every party kommun.
func TestCoverageExample(t *testing.T) {
	x := kartlaggning.NewIndex(mustDemo(t))
	list, err := x.Coverage("habo")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]kartlaggning.ForumCoverage{}
	for _, c := range list {
		got[c.Forum] = c
	}
	for _, want := range []kartlaggning.ForumCoverage{
		// habo-forsorjningsstod's contacts: FK and AF as organisations,
		// Habo through the unit; the Region is missing.
		{Forum: "habo-fs-individsamverkan", Present: []string{"fk", "af", "habo-kommun"}, Missing: []string{"region"}},
		{Forum: "ratt-stod-ratt-forsorjning", Present: []string{"fk", "af", "region", "habo-kommun", "vaggeryds-kommun", "jonkopings-kommun"},
			Missing: []string{"mullsjo-kommun"}},
	} {
		if !reflect.DeepEqual(got[want.Forum], want) {
			t.Errorf("%s: %+v, want %+v", want.Forum, got[want.Forum], want)
		}
	}
	if _, ok := got["jonkoping-lok-chefsgrupp"]; ok {
		t.Error("Habo's coverage lists a forum without Habo's units")
	}
	if _, err := x.Coverage("okand"); kartlaggning.ErrorCode(err) != kartlaggning.ENOTFOUND {
		t.Errorf("unknown municipality: %v, want ENOTFOUND", err)
	} else {
		fieldMessage(t, err, "municipality")
	}
}

func TestMetricsTable(t *testing.T) {
	row := func(a kartlaggning.Actor, partners, forums int, betweenness float64) kartlaggning.ActorMetric {
		return kartlaggning.ActorMetric{Actor: a, Partners: partners, Forums: forums, Betweenness: betweenness}
	}
	for _, tc := range []struct {
		name string
		x    *kartlaggning.Index
		want []kartlaggning.ActorMetric
	}{
		{"empty edition", tiny(nil), []kartlaggning.ActorMetric{}},
		{"one actor", tiny([]string{"solo"}), []kartlaggning.ActorMetric{row(unitActor("solo"), 0, 0, 0)}},
		// The convener lies on the one shortest path between each two of
		// the three others: 3 of 3 pairs.
		{"kontakt star", tiny([]string{"hub", "u1", "u2"}, star), []kartlaggning.ActorMetric{row(unitActor("hub"), 3, 1, 1),
			row(unitActor("u1"), 1, 1, 0), row(unitActor("u2"), 1, 1, 0), row(orgActor("af"), 1, 1, 0)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.x.Metrics(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("metrics\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}
