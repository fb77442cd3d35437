package views

import (
	"slices"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func TestSwedishNumber(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   any
		want string
	}{
		{0, "0"},
		{999, "999"},
		{1234, "1\u00a0234"},
		{1234567, "1\u00a0234\u00a0567"},
		{int64(-12345), "−12\u00a0345"},
		{1234.5, "1\u00a0234,5"},
		{2.0, "2"},
		{0.25, "0,2"}, // one decimal, rounded half to even as strconv does
		{"x", "x"},
	} {
		if got := swedishNumber(tt.in); got != tt.want {
			t.Errorf("swedishNumber(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCompareSwedish(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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

func TestAnalysisFormats(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ got, want string }{
		{swedishNumber(0), "0"},
		{swedishNumber(999), "999"},
		{swedishNumber(1234), "1\u00a0234"},
		{swedishNumber(1234567), "1\u00a0234\u00a0567"},
		{swedishNumber(-1234), "−1\u00a0234"},
		{swedishDecimal(0.8333, 2), "0,83"},
		{swedishDecimal(0.0004, 3), "0,000"},
		{swedishDecimal(1234.5, 1), "1\u00a0234,5"},
		{swedishPercent(2.0 / 3), "67\u00a0%"},
		{shortDecimal(0.5), "0,5"},
		{shortDecimal(1), "1"},
		{shortDecimal(0), "0"},
		{shortDecimal(0.125), "0,125"},
		{meetingRange(4, 6), "4–6"},
		{meetingRange(12, 12), "12"},
		{meetingLoadText(kartlaggning.MeetingLoad{Min: 16, Max: 18, Unknown: 3}, 5), "16–18 möten per år, och 3 forum med okänt antal möten"},
		{meetingLoadText(kartlaggning.MeetingLoad{Min: 4, Max: 4}, 1), "4 möten per år"},
		{meetingLoadText(kartlaggning.MeetingLoad{Unknown: 1}, 1), "Okänd: forumet anger inte antal möten"},
		{meetingLoadText(kartlaggning.MeetingLoad{Unknown: 3}, 3), "Okänd: inget av de 3 forumen anger antal möten"},
		{meetingLoadText(kartlaggning.MeetingLoad{Min: 0, Max: 0, Unknown: 1}, 2), "0 möten per år, och 1 forum med okänt antal möten"},
		{meetingLoadText(kartlaggning.MeetingLoad{}, 0), "Inga forum, inga möten"},
		{spreadsheetText("=1+1"), "'=1+1"},
		{spreadsheetText("-x"), "'-x"},
		{spreadsheetText("Försäkringskassan"), "Försäkringskassan"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
