package kartlaggning_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func TestTrendsOneEdition(t *testing.T) {
	none := kartlaggning.TrendChange{Actors: []kartlaggning.Actor{}, Forums: []string{}}
	unit := func(id string) kartlaggning.Ref { return kartlaggning.Ref{Kind: kartlaggning.Units, ID: id} }
	for _, tc := range []struct {
		name  string
		x     *kartlaggning.Index
		scope kartlaggning.Ref
		want  kartlaggning.TrendYear
	}{
		{"empty edition", tiny(nil), kartlaggning.Ref{Kind: kartlaggning.Municipalities, ID: "a"}, kartlaggning.TrendYear{Year: 2020}},
		// Never meeting anyone, it misses every party but its own kommun.
		{"one actor", tiny([]string{"solo"}), unit("solo"), kartlaggning.TrendYear{Year: 2020, Gaps: 3}},
		// In a kontakt forum a member meets only the convener, the
		// convener everyone; af is a party met, u1 and u2 are its own.
		{"kontakt star, a member", tiny([]string{"hub", "u1", "u2"}, star), unit("u1"),
			kartlaggning.TrendYear{Year: 2020, Forums: 1, Partners: 1, Meetings: kartlaggning.MeetingLoad{Unknown: 1}, Gaps: 3}},
		{"kontakt star, the convener", tiny([]string{"hub", "u1", "u2"}, star), unit("hub"),
			kartlaggning.TrendYear{Year: 2020, Forums: 1, Partners: 3, Meetings: kartlaggning.MeetingLoad{Unknown: 1}, Gaps: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := kartlaggning.Trends([]*kartlaggning.Index{tc.x}, tc.scope)
			if err != nil {
				t.Fatal(err)
			}
			tc.want.Joined, tc.want.Left = none, none
			if !reflect.DeepEqual(got, []kartlaggning.TrendYear{tc.want}) {
				t.Errorf("trend\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestTrendsOverYears follows Aby of the hand-made edition over two
// years. 2020: its actors a-fs, a-int, a-lonely and multi sit in f1–f6
// and meet af, fk-1, reg-1, kommun-b, b-fs and fk; the known frequencies
// are f1 4–6, f4 12 and f5 2, f2, f3 and f6 unknown; the gaps are
// a-fs: kommun-b; a-int: fk; a-lonely: fk, af, region, kommun-b; multi:
// af, region (8). In 2021 f5 has ended (b-fs and fk go with it) and
// a-lonely has found the Region in a new forum f7.
func TestTrendsOverYears(t *testing.T) {
	first := handMade()
	doc, err := kartlaggning.NextEdition(first.Doc)
	if err != nil {
		t.Fatal(err)
	}
	doc.Forums = slices.DeleteFunc(doc.Forums, func(f kartlaggning.Forum) bool { return f.ID == "f5" })
	doc.Forums = append(doc.Forums, kartlaggning.Forum{ID: "f7", Name: "Ny", Kind: "natverk", Level: "operativ",
		Members: []kartlaggning.Member{{Unit: "a-lonely"}, {Organisation: "region"}}})
	second := kartlaggning.NewIndex(doc)

	got, err := kartlaggning.Trends([]*kartlaggning.Index{second, first}, kartlaggning.Ref{Kind: kartlaggning.Municipalities, ID: "a"})
	if err != nil {
		t.Fatal(err)
	}
	none := kartlaggning.TrendChange{Actors: []kartlaggning.Actor{}, Forums: []string{}}
	want := []kartlaggning.TrendYear{
		{Year: 2020, Forums: 6, Partners: 6, Meetings: kartlaggning.MeetingLoad{Min: 18, Max: 20, Unknown: 3}, Gaps: 8, Joined: none, Left: none},
		// a-lonely now meets the Region (its gaps fall from 4 to 3), but
		// multi has lost fk with f5 (its gaps rise from 2 to 3).
		{Year: 2021, Forums: 6, Partners: 5, Meetings: kartlaggning.MeetingLoad{Min: 16, Max: 18, Unknown: 4}, Gaps: 8,
			Joined: kartlaggning.TrendChange{Actors: []kartlaggning.Actor{orgActor("region")}, Forums: []string{"f7"}},
			Left:   kartlaggning.TrendChange{Actors: []kartlaggning.Actor{unitActor("b-fs"), orgActor("fk")}, Forums: []string{"f5"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Aby's trend\n got %+v\nwant %+v", got, want)
	}

	for _, tc := range []struct {
		name     string
		editions []*kartlaggning.Index
		scope    kartlaggning.Ref
		code     string
		field    string
	}{
		{"a forum is no scope", []*kartlaggning.Index{first}, kartlaggning.Ref{Kind: kartlaggning.Forums, ID: "f1"}, kartlaggning.EINVALID, "scope"},
		{"two of one year", []*kartlaggning.Index{first, first}, kartlaggning.Ref{Kind: kartlaggning.Units, ID: "a-fs"}, kartlaggning.EINVALID, "editions"},
		{"unknown unit", []*kartlaggning.Index{first, second}, kartlaggning.Ref{Kind: kartlaggning.Units, ID: "okand"}, kartlaggning.ENOTFOUND, ""},
	} {
		_, err := kartlaggning.Trends(tc.editions, tc.scope)
		if kartlaggning.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
			continue
		}
		if tc.field != "" {
			fieldMessage(t, err, tc.field)
		}
	}
}
