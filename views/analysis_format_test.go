package views

import (
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func TestAnalysisFormats(t *testing.T) {
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
