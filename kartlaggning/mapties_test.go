package kartlaggning_test

import (
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// In the large edition every organisation meets every other: a map of
// all 120 lines is a grey disc. By default it keeps the strongest ties,
// about two lines per organisation; minforum=1 brings back every line and
// a higher threshold keeps only pairs sharing that many forums.
func TestMapOfOrganisationsKeepsTheStrongestTies(t *testing.T) {
	x := mustSynthetic(t, "large")
	all := mustMap(t, x, kartlaggning.MapRequest{View: kartlaggning.MapOverview, MinForums: 1})
	lines := func(g *kartlaggning.MapGraph) []kartlaggning.MapEdge {
		var out []kartlaggning.MapEdge
		for _, e := range g.Edges {
			if e.Kind == kartlaggning.MapMeetsEdge {
				out = append(out, e)
			}
		}
		return out
	}
	if !all.Aggregated || all.MinForums != 0 || len(lines(all)) != all.AllLines || all.AllLines < 100 {
		t.Fatalf("minforum=1: aggregated %v, MinForums %d, %d of %d lines; want every line of a dense map",
			all.Aggregated, all.MinForums, len(lines(all)), all.AllLines)
	}
	def := mustMap(t, x, kartlaggning.MapRequest{View: kartlaggning.MapOverview})
	if def.MinForums < 2 || len(lines(def)) > 2*len(def.Nodes) || len(lines(def)) == 0 {
		t.Errorf("by default: MinForums %d, %d lines for %d organisations", def.MinForums, len(lines(def)), len(def.Nodes))
	}
	if len(def.Nodes) != len(all.Nodes) {
		t.Errorf("leaving out lines dropped organisations: %d, want %d", len(def.Nodes), len(all.Nodes))
	}
	for _, e := range lines(def) {
		if e.Forums < def.MinForums {
			t.Errorf("%s–%s share %d forums, under the threshold %d", e.From, e.To, e.Forums, def.MinForums)
		}
	}
	high := mustMap(t, x, kartlaggning.MapRequest{View: kartlaggning.MapOverview, MinForums: all.MaxForums})
	for _, e := range lines(high) {
		if e.Forums != all.MaxForums {
			t.Errorf("minforum=%d kept a line of %d forums", all.MaxForums, e.Forums)
		}
	}
	if len(lines(high)) == 0 {
		t.Error("the strongest tie is gone at its own threshold")
	}
	for _, bad := range []string{"0", "-1", "två", "1.5"} {
		_, err := kartlaggning.ParseMapMinForums(bad)
		if e, ok := kartlaggning.AsError(err); !ok || len(e.Fields) != 1 || e.Fields[0].Path != "minforum" {
			t.Errorf("minforum=%s: %v, want an error naming the field", bad, err)
		}
	}
}
