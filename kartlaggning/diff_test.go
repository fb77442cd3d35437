package kartlaggning_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func TestCompareEditions(t *testing.T) {
	from := mustDemo(t)
	unchanged := kartlaggning.CompareEditions(from, mustDemo(t))
	data, _ := json.Marshal(unchanged)
	const empty = `{"from":2019,"to":2019,"added":{"municipalities":[],"organisations":[],"units":[],"forums":[]},` +
		`"removed":{"municipalities":[],"organisations":[],"units":[],"forums":[]},"changed":[],"members":{"added":[],"removed":[]},"reset":[]}`
	if string(data) != empty {
		t.Errorf("an edition compared with itself:\n%s\nwant\n%s", data, empty)
	}

	to := mustDemo(t)
	to.Edition.Year = 2020
	// forums[0] beredningsgruppen: one member leaves, an organisation joins.
	left := to.Forums[0].Members[1]
	to.Forums[0].Members = append(to.Forums[0].Members[:1], to.Forums[0].Members[2:]...)
	to.Forums[0].Members = append(to.Forums[0].Members, kartlaggning.Member{Organisation: "af"})
	// forums[3]: another frequency; forums[4]: ended; forums[2]: lists reordered only.
	to.Forums[3].Frequency = &kartlaggning.Frequency{Min: ptr(12), Max: ptr(12), Text: "en gång i månaden"}
	to.Forums[4].Status = "ended"
	to.Forums[2].Members[0], to.Forums[2].Members[1] = to.Forums[2].Members[1], to.Forums[2].Members[0]
	// A review is one year's påseende: not a change in the samverkan.
	to.Units[0].Review = &kartlaggning.Review{Status: "sent"}
	to.Units[1].Name = "Nytt namn"
	removed := to.Forums[5].ID
	to.Forums = append(to.Forums[:5], to.Forums[6:]...)
	to.Forums = append(to.Forums, kartlaggning.Forum{ID: "nytt-natverk", Name: "Nytt nätverk", Kind: "natverk", Level: "operativ",
		Members: []kartlaggning.Member{{Unit: to.Units[0].ID}}})
	to.Municipalities = append(to.Municipalities, kartlaggning.Municipality{ID: "tranas", Name: "Tranås"})
	if err := to.Validate(); err != nil {
		t.Fatal(err)
	}

	d := kartlaggning.CompareEditions(from, to)
	if d.From != 2019 || d.To != 2020 {
		t.Errorf("years %d → %d", d.From, d.To)
	}
	tests := []struct {
		name      string
		got, want any
	}{
		{"added forums", d.Added.Forums, []string{"nytt-natverk"}},
		{"added municipalities", d.Added.Municipalities, []string{"tranas"}},
		{"removed forums", d.Removed.Forums, []string{removed}},
		{"removed units", d.Removed.Units, []string{}},
		{"changed", d.Changed, []kartlaggning.Change{
			{Kind: "unit", ID: to.Units[1].ID, Fields: []string{"name"}},
			{Kind: "forum", ID: to.Forums[0].ID, Fields: []string{"members"}},
			{Kind: "forum", ID: to.Forums[3].ID, Fields: []string{"frequency"}},
			{Kind: "forum", ID: to.Forums[4].ID, Fields: []string{"status"}},
		}},
		// The review sent is the year's påseende: listed apart.
		{"reset", d.Reset, []kartlaggning.Change{{Kind: "unit", ID: to.Units[0].ID, Fields: []string{"review"}}}},
		{"members added", d.Members.Added, []kartlaggning.MemberChange{{Forum: to.Forums[0].ID, Member: "af", MemberKind: "organisation"}}},
		{"members removed", d.Members.Removed, []kartlaggning.MemberChange{{Forum: to.Forums[0].ID, Member: left.Ref().ID, MemberKind: "unit"}}},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s: %+v, want %+v", tt.name, tt.got, tt.want)
		}
	}

	// The other way round, added and removed swap.
	back := kartlaggning.CompareEditions(to, from)
	if !reflect.DeepEqual(back.Added.Forums, []string{removed}) || !reflect.DeepEqual(back.Removed.Forums, []string{"nytt-natverk"}) ||
		!reflect.DeepEqual(back.Members.Added, d.Members.Removed) {
		t.Errorf("reversed: added %v removed %v members %+v", back.Added.Forums, back.Removed.Forums, back.Members)
	}
}

func TestChangeHas(t *testing.T) {
	c := kartlaggning.Change{Kind: "forum", ID: "x", Fields: []string{"frequency", "members"}}
	if !c.Has("frequency") || c.Has("name") {
		t.Errorf("Has: %+v", c)
	}
}

// TestNextEditionThenDiffShowsNoChanges: starting next year's edition
// empties what belongs to the year (meetings held, the påseende); nobody
// changed the samverkan, so the comparison must report no changes, and
// list the year's fields apart.
func TestNextEditionThenDiffShowsNoChanges(t *testing.T) {
	from := mustDemo(t)
	from.Units[0].Review = &kartlaggning.Review{Status: "confirmed", At: "2019-03-01T10:00:00+01:00"}
	next, err := kartlaggning.NextEdition(from)
	if err != nil {
		t.Fatal(err)
	}
	// Through JSON, as the diff page and API read it.
	data, _ := json.Marshal(kartlaggning.CompareEditions(from, next))
	var d struct {
		Changed []struct {
			Kind, ID string
			Fields   []string
		}
		Reset []struct {
			Kind, ID string
			Fields   []string
		}
	}
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Changed) != 0 {
		t.Errorf("next edition, then diff: %d changes, want none: %+v", len(d.Changed), d.Changed)
	}
	held := 0
	for _, f := range from.Forums {
		if f.Held != nil {
			held++
		}
	}
	reset := map[string][]string{}
	for _, r := range d.Reset {
		reset[r.Kind+"/"+r.ID] = r.Fields
	}
	if len(d.Reset) != held+1 || !reflect.DeepEqual(reset["unit/"+from.Units[0].ID], []string{"review"}) {
		t.Errorf("reset: %+v, want the %d forums with meetings held and %s's review", d.Reset, held, from.Units[0].ID)
	}
}
