package kartlaggning_test

import (
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// The matrix of parties and kommuner counts, for each party and kommun,
// the forums that concern the kommun (named, or through their members)
// and seat the party; a kommun's own organisations count together in one
// row, each only in its own kommun's column; filters narrow it; a forum
// of no kommun is counted apart.
func TestPlaceMatrix(t *testing.T) {
	doc := &kartlaggning.Document{
		Municipalities: []kartlaggning.Municipality{{ID: "habo", Name: "Habo"}, {ID: "mullsjo", Name: "Mullsjö"}},
		Organisations: []kartlaggning.Organisation{
			{ID: "habo-kommun", Name: "Habo kommun", Kind: "kommun", Municipality: "habo", Party: true},
			{ID: "mullsjo-kommun", Name: "Mullsjö kommun", Kind: "kommun", Municipality: "mullsjo", Party: true},
			{ID: "af", Name: "Arbetsförmedlingen", Kind: "myndighet", Party: true},
			{ID: "polisen", Name: "Polisen", Kind: "myndighet"},
		},
		Units: []kartlaggning.Unit{
			{ID: "habo-fs", Name: "Försörjningsstöd", Organisation: "habo-kommun"},
			{ID: "af-habo", Name: "AF Habo", Organisation: "af", Municipalities: []string{"habo"}},
		},
		Forums: []kartlaggning.Forum{
			// Named for both kommuner: Habo's unit counts in Habo only.
			{ID: "a", Name: "A", Kind: "natverk", Level: "strategisk", Municipalities: []string{"habo", "mullsjo"},
				Members: []kartlaggning.Member{{Unit: "habo-fs"}, {Organisation: "af"}}},
			// No kommun named: the members' kommuner (AF Habo works in Habo).
			{ID: "b", Name: "B", Kind: "natverk", Level: "operativ",
				Members: []kartlaggning.Member{{Unit: "af-habo"}, {Organisation: "polisen"}}},
			// Mullsjö kommun itself, with the police.
			{ID: "c", Name: "C", Kind: "natverk", Level: "operativ",
				Members: []kartlaggning.Member{{Organisation: "mullsjo-kommun"}, {Organisation: "polisen"}}},
			// Nobody placed: counted apart.
			{ID: "d", Name: "D", Kind: "natverk", Level: "operativ", Members: []kartlaggning.Member{{Organisation: "polisen"}}},
		},
	}
	x := kartlaggning.NewIndex(doc)
	cells := func(m *kartlaggning.PlaceMatrix) map[string][2]int {
		out := map[string][2]int{}
		for i, r := range m.Rows {
			name := "egna"
			if !r.Own {
				name = r.Organisation.ID
			}
			out[name] = [2]int{m.Cells[i][0], m.Cells[i][1]}
		}
		return out
	}
	m := x.PlaceMatrix(kartlaggning.MapFilter{})
	want := map[string][2]int{"egna": {1, 1}, "af": {2, 1}, "polisen": {1, 1}}
	if got := cells(m); len(got) != len(want) || got["egna"] != want["egna"] || got["af"] != want["af"] || got["polisen"] != want["polisen"] {
		t.Errorf("cells (Habo, Mullsjö) %v, want %v", got, want)
	}
	if m.Unplaced != 1 {
		t.Errorf("%d forums of no kommun, want 1", m.Unplaced)
	}
	if m.Columns[0].ID != "habo" || m.Columns[1].ID != "mullsjo" {
		t.Errorf("columns %v", m.Columns)
	}
	strategic := cells(x.PlaceMatrix(kartlaggning.MapFilter{Level: "strategisk"}))
	if strategic["af"] != [2]int{1, 1} || strategic["egna"] != [2]int{1, 0} || strategic["polisen"] != [2]int{} {
		t.Errorf("strategic forums only: %v", strategic)
	}
}
