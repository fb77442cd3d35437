package survey_test

import (
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

// TestMatchForum checks the threshold on names a chef might write for
// the example edition's forums: the same forum written otherwise must be
// found, a different forum with words in common must not.
func TestMatchForum(t *testing.T) {
	forums := mustDemo(t).Doc.Forums
	cases := []struct{ name, want string }{
		// The same forum, written otherwise.
		{"ARENA-gruppen Habo", "arena-habo"},
		{"Arena Habo", "arena-habo"},
		{"ARENA i Habo", "arena-habo"},
		{"Folkhälsorådet Habo", "habo-folkhalsorad"},
		{"Styrgrupp ENTER", "enter-styrgrupp"},
		{"Chefsnätverk försörjningsstöd", "chefsnatverk-forsorjningsstod"},
		{"Chefsnätverket inom försörjningsstödet", "chefsnatverk-forsorjningsstod"},
		{"ärendeforum (jönköping)", "jonkoping-arendeforum"},
		{"DUA styrgrupp Habo Mullsjö", "dua-lokal-styrgrupp-habo-mullsjo"},
		{"Närvarogruppen", "habo-narvarogrupp"},
		{"Arbetsmarknadsgrupp Habo", "habo-arbetsmarknadsgrupp"},
		{"Integrationschefsträffar", "integrationschefer-habo-mullsjo-jonkoping"},
		{"ARENA-grupperna i Jönköpings kommun", "arena-jonkoping"},
		// Different forums.
		{"ARENA Vaggeryds kommun", "arena-vaggeryd"}, // the place decides, not the words around it
		{"ARENA Gislaved", ""},
		{"Folkhälsorådet i Mullsjö", ""},
		{"Samverkan i enskilda ärenden – Försörjningsstöd Vaggeryd", ""},
		{"Nätverk för KAA-samordnare", ""},
		{"Beredningsgruppen", ""},
		{"Ledningsgrupp", ""},
		{"Råd", ""},
		{"Rad", ""},
		{"---", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id, score := survey.MatchForum(c.name, forums)
			if id != c.want {
				t.Errorf("MatchForum(%q) = %q (%.2f), want %q", c.name, id, score, c.want)
			}
		})
	}
	t.Run("DifferentPlaces", func(t *testing.T) {
		// Everything but the place is the same: still two forums.
		fs := []kartlaggning.Forum{
			{ID: "habo-fs", Name: "Samverkan i enskilda ärenden – Försörjningsstöd Habo", Municipalities: []string{"habo"}},
			{ID: "mullsjo-fs", Name: "Samverkan i enskilda ärenden – Försörjningsstöd Mullsjö", Municipalities: []string{"mullsjo"}},
		}
		if id, _ := survey.MatchForum("Samverkan i enskilda ärenden, försörjningsstöd Mullsjö", fs); id != "mullsjo-fs" {
			t.Errorf("got %q", id)
		}
		if id, s := survey.MatchForum("Samverkan i enskilda ärenden – Försörjningsstöd Jönköping", append(fs,
			kartlaggning.Forum{ID: "x", Name: "X", Municipalities: []string{"jonkoping"}})); id != "" {
			t.Errorf("got %q (%.2f)", id, s)
		}
	})
}
