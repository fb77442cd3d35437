package views

import (
	"slices"
	"strings"
	"testing"
)

func TestCompareSwedish(t *testing.T) {
	want := []string{"Ekerö", "eksjö", "Ésbjerg", "Zaragoza", "Åre", "Älmhult", "Ängelholm", "Örebro", "Östersund"}
	got := slices.Clone(want)
	slices.Reverse(got)
	slices.SortFunc(got, compareSwedish)
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if compareSwedish("Habo", "habo") == 0 || compareSwedish("ARENA", "ARENA Habo") >= 0 {
		t.Error("the order must be total: case breaks ties, a prefix comes first")
	}
}

func TestSlugify(t *testing.T) {
	for name, want := range map[string]string{
		"ARENA Mullsjö":                        "arena-mullsjo",
		"  Försörjningsstöd – Habo! ":          "forsorjningsstod-habo",
		"Café Ågården/DUA":                     "cafe-agarden-dua",
		"—":                                    "",
		strings.Repeat("Styrgrupp ", 10) + "X": "styrgrupp-styrgrupp-styrgrupp-styrgrupp-styrgrupp-styrgrupp-styr",
		strings.Repeat("a", 63) + " b":         strings.Repeat("a", 63),
	} {
		if got := slugify(name); got != want {
			t.Errorf("slugify(%q) = %q, want %q", name, got, want)
		}
	}
}
