package kartlaggning_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// handMade is a small edition built to exercise every definition:
// organisation-level members, a kontakt star, a unit with no forums, a
// forum with one member, a frequency with one bound, a unit serving two
// municipalities and a unit that inherits its organisation's.
func handMade() *kartlaggning.Index {
	n := func(v int) *int { return &v }
	u := func(id string) kartlaggning.Member { return kartlaggning.Member{Unit: id} }
	o := func(id string) kartlaggning.Member { return kartlaggning.Member{Organisation: id} }
	doc := &kartlaggning.Document{
		Format:         kartlaggning.Format,
		Edition:        kartlaggning.Edition{Year: 2020, Title: "Handgjord", Status: "draft"},
		Municipalities: []kartlaggning.Municipality{{ID: "a", Name: "Aby"}, {ID: "b", Name: "Bro"}},
		Organisations: []kartlaggning.Organisation{
			{ID: "fk", Name: "Försäkringskassan", Kind: "myndighet", Party: true},
			{ID: "af", Name: "Arbetsförmedlingen", Kind: "myndighet", Party: true},
			{ID: "region", Name: "Regionen", Kind: "region", Party: true},
			{ID: "kommun-a", Name: "Aby kommun", Kind: "kommun", Municipality: "a", Party: true},
			{ID: "kommun-b", Name: "Bro kommun", Kind: "kommun", Municipality: "b", Party: true},
			{ID: "ideell", Name: "Föreningen", Kind: "ideell"},
		},
		Units: []kartlaggning.Unit{
			{ID: "a-fs", Organisation: "kommun-a", Name: "Försörjningsstöd"},
			{ID: "a-int", Organisation: "kommun-a", Name: "Integration",
				WorksWell: "Samarbetet med AF.", Wishes: []kartlaggning.Wish{{Organisation: "fk", Text: "Träffa FK."}}},
			{ID: "a-lonely", Organisation: "kommun-a", Name: "Ensam"},
			{ID: "fk-1", Organisation: "fk", Name: "Sjukpenning"},
			{ID: "reg-1", Organisation: "region", Name: "Psykiatrin"},
			{ID: "multi", Organisation: "ideell", Name: "Gemensam", Municipalities: []string{"a", "b"}},
			{ID: "b-fs", Organisation: "kommun-b", Name: "Försörjningsstöd"},
		},
		Forums: []kartlaggning.Forum{
			{ID: "f1", Name: "Nätverk", Kind: "natverk", Level: "operativ", Scope: "kommun",
				Frequency:    &kartlaggning.Frequency{Min: n(4), Max: n(6)},
				TargetGroups: []string{"unga", "nyanlända"},
				Members:      []kartlaggning.Member{u("a-fs"), u("a-int"), o("af")}},
			{ID: "f2", Name: "Kontakter", Kind: "kontakt", Level: "individ",
				Convener: &kartlaggning.Convener{Unit: "a-fs"},
				Members:  []kartlaggning.Member{u("a-fs"), u("fk-1"), u("a-int"), u("reg-1")}},
			{ID: "f3", Name: "ARENA", Kind: "arena", Level: "individ",
				Frequency: &kartlaggning.Frequency{Text: "regelbundet"},
				Members:   []kartlaggning.Member{u("a-int")}},
			{ID: "f4", Name: "Styrgrupp", Kind: "styrgrupp", Level: "strategisk", Scope: "flera-kommuner",
				Frequency: &kartlaggning.Frequency{Min: n(12)},
				Members:   []kartlaggning.Member{u("a-int"), u("multi"), o("kommun-b"), u("a-int")}},
			{ID: "f5", Name: "Bros grupp", Kind: "arbetsgrupp", Level: "operativ",
				Frequency: &kartlaggning.Frequency{Min: n(2), Max: n(2)},
				Members:   []kartlaggning.Member{u("b-fs"), u("multi"), o("fk")}},
			{ID: "f6", Name: "Nätverkets tvilling", Kind: "natverk", Level: "operativ",
				TargetGroups: []string{"nyanlända"},
				Members:      []kartlaggning.Member{u("a-int"), o("af"), u("a-fs"), u("reg-1")}},
		},
	}
	return kartlaggning.NewIndex(doc)
}

func unitSummary(t *testing.T, s *kartlaggning.Summary, id string) kartlaggning.UnitSummary {
	t.Helper()
	for _, u := range s.Units {
		if u.ID == id {
			return u
		}
	}
	t.Fatalf("summary of %s lacks unit %s", s.Municipality.ID, id)
	return kartlaggning.UnitSummary{}
}

func TestSummaryUnits(t *testing.T) {
	s, err := handMade().Summarise("a")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, u := range s.Units {
		ids = append(ids, u.ID)
	}
	// a-fs inherits its organisation's kommun; multi names two.
	if want := []string{"a-fs", "a-int", "a-lonely", "multi"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("units of Aby %v, want %v", ids, want)
	}
	for _, tc := range []struct {
		unit                string
		forums              []string
		load                kartlaggning.MeetingLoad
		met, gaps, internal []string
	}{
		// Meets a-int and AF in f1; as the convener of the kontakt f2 it
		// meets FK's and the Region's units.
		{"a-fs", []string{"f1", "f2", "f6"}, kartlaggning.MeetingLoad{Min: 4, Max: 6, Unknown: 2},
			[]string{"af", "fk", "region"}, []string{"kommun-b"}, []string{"a-int"}},
		// In the kontakt forum f2 a-int meets only the convener, so neither
		// FK nor the Region through it; it meets the Region in f6, and Bro
		// kommun as an organisation-level member of f4. f4 has one bound,
		// 12, which stands for both; a-int sits twice in f4 but it is one forum.
		{"a-int", []string{"f1", "f2", "f3", "f4", "f6"}, kartlaggning.MeetingLoad{Min: 16, Max: 18, Unknown: 3},
			[]string{"af", "kommun-b", "region"}, []string{"fk"}, []string{"a-fs"}},
		{"a-lonely", []string{}, kartlaggning.MeetingLoad{},
			[]string{}, []string{"af", "fk", "kommun-b", "region"}, []string{}},
		// A unit of a non-party: every party is someone else's.
		{"multi", []string{"f4", "f5"}, kartlaggning.MeetingLoad{Min: 14, Max: 14},
			[]string{"fk", "kommun-a", "kommun-b"}, []string{"af", "region"}, []string{}},
	} {
		t.Run(tc.unit, func(t *testing.T) {
			u := unitSummary(t, s, tc.unit)
			if !reflect.DeepEqual(u.Forums, tc.forums) {
				t.Errorf("forums %v, want %v", u.Forums, tc.forums)
			}
			if u.MeetingsPerYear != tc.load {
				t.Errorf("meetings per year %+v, want %+v", u.MeetingsPerYear, tc.load)
			}
			if !reflect.DeepEqual(u.PartiesMet, tc.met) {
				t.Errorf("parties met %v, want %v", u.PartiesMet, tc.met)
			}
			if !reflect.DeepEqual(u.PartyGaps, tc.gaps) {
				t.Errorf("party gaps %v, want %v", u.PartyGaps, tc.gaps)
			}
			if !reflect.DeepEqual(u.InternalUnitsMet, tc.internal) {
				t.Errorf("internal units met %v, want %v", u.InternalUnitsMet, tc.internal)
			}
		})
	}
	if w := unitSummary(t, s, "a-int").Wishes; len(w) != 1 || w[0].Text != "Träffa FK." {
		t.Errorf("wishes are not as stored: %+v", w)
	}
}

func TestSummaryTotals(t *testing.T) {
	x := handMade()
	s, err := x.Summarise("a")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"f1", "f2", "f3", "f4", "f5", "f6"}; !reflect.DeepEqual(s.Forums, want) {
		t.Errorf("forums %v, want the union over the units %v", s.Forums, want)
	}
	tot := s.Totals
	if tot.Units != 4 || tot.Forums != 6 {
		t.Errorf("totals %d units, %d forums; want 4 and 6", tot.Units, tot.Forums)
	}
	if want := map[string]int{"strategisk": 1, "operativ": 3, "individ": 2}; !reflect.DeepEqual(tot.ByLevel, want) {
		t.Errorf("by level %v, want %v", tot.ByLevel, want)
	}
	if want := map[string]int{"kommun": 1, "flera-kommuner": 1, "forbund": 0, "lan": 0, "nationell": 0, kartlaggning.ScopeUnknown: 4}; !reflect.DeepEqual(tot.ByScope, want) {
		t.Errorf("by scope %v, want %v", tot.ByScope, want)
	}
	// f1 4–6, f4 12, f5 2: each forum once, however many units sit in it.
	if want := (kartlaggning.MeetingRange{Min: 18, Max: 20}); tot.MeetingsPerYear != want {
		t.Errorf("meetings per year %+v, want %+v", tot.MeetingsPerYear, want)
	}
	want := []kartlaggning.IncompleteForum{
		{Forum: "f2", Missing: []string{"frequency"}},
		{Forum: "f3", Missing: []string{"frequency", "members"}}, // "regelbundet" is no number
		{Forum: "f6", Missing: []string{"frequency"}},
	}
	if !reflect.DeepEqual(s.Incomplete, want) {
		t.Errorf("incomplete %+v, want %+v", s.Incomplete, want)
	}

	b, err := x.Summarise("b")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, u := range b.Units {
		ids = append(ids, u.ID)
	}
	if want := []string{"multi", "b-fs"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("units of Bro %v, want %v (a unit serving two kommuner is in both)", ids, want)
	}

	if _, err := x.Summarise("nowhere"); kartlaggning.ErrorCode(err) != kartlaggning.ENOTFOUND {
		t.Errorf("unknown municipality: %v, want not found", err)
	}
}

// TestSummaryAgreesWithMeets checks parties_met and internal_units_met on
// the example edition against the slow definition: any two seats of any
// forum that Forum.Meets says meet.
func TestSummaryAgreesWithMeets(t *testing.T) {
	x := kartlaggning.NewIndex(mustDemo(t))
	for _, m := range x.Doc.Municipalities {
		s, err := x.Summarise(m.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, us := range s.Units {
			self := kartlaggning.Ref{Kind: kartlaggning.Units, ID: us.ID}
			met, internal := map[string]bool{}, map[string]bool{}
			for i := range x.Doc.Forums {
				f := &x.Doc.Forums[i]
				for _, mem := range f.Members {
					if !f.Meets(self, mem.Ref()) {
						continue
					}
					org := x.OrganisationOf(mem.Ref())
					if org == us.Organisation {
						if mem.Unit != "" {
							internal[mem.Unit] = true
						}
					} else if x.Organisations[org].Party {
						met[org] = true
					}
				}
			}
			if got := setOf(us.PartiesMet); !reflect.DeepEqual(got, met) {
				t.Errorf("%s meets parties %v, Meets says %v", us.ID, us.PartiesMet, met)
			}
			if got := setOf(us.InternalUnitsMet); !reflect.DeepEqual(got, internal) {
				t.Errorf("%s meets own units %v, Meets says %v", us.ID, us.InternalUnitsMet, internal)
			}
			if !slices.IsSorted(us.PartiesMet) || !slices.IsSorted(us.PartyGaps) || !slices.IsSorted(us.InternalUnitsMet) {
				t.Errorf("%s: lists not sorted by id", us.ID)
			}
		}
	}
}

func setOf(list []string) map[string]bool {
	out := map[string]bool{}
	for _, s := range list {
		out[s] = true
	}
	return out
}

// TestHaboIntegrationGaps is what the seed kartläggning found: Habo's
// integration unit has no arena in common with Försäkringskassan or the
// Region (it sits in Habo försörjningsstöd's case contacts with FK, but
// there the members meet the convener, not each other).
func TestHaboIntegrationGaps(t *testing.T) {
	s, err := kartlaggning.NewIndex(mustDemo(t)).Summarise("habo")
	if err != nil {
		t.Fatal(err)
	}
	u := unitSummary(t, s, "habo-integration")
	for _, p := range []string{"fk", "region"} {
		if !slices.Contains(u.PartyGaps, p) || slices.Contains(u.PartiesMet, p) {
			t.Errorf("habo-integration: gaps %v, met %v; want %s among the gaps", u.PartyGaps, u.PartiesMet, p)
		}
	}
	if !slices.Contains(u.PartiesMet, "af") {
		t.Errorf("habo-integration meets AF in many forums; met %v", u.PartiesMet)
	}
}

// TestMetByAgreesWithMeets: MetBy lists exactly the members Meets says a
// member meets, in every forum of the example edition and the hand-made
// one (kontakt stars, organisation-level members, a seat listed twice).
func TestMetByAgreesWithMeets(t *testing.T) {
	for _, x := range []*kartlaggning.Index{kartlaggning.NewIndex(mustDemo(t)), handMade()} {
		for i := range x.Doc.Forums {
			f := &x.Doc.Forums[i]
			for _, m := range f.Members {
				got := setOfRefs(f.MetBy(m.Ref()))
				want := map[kartlaggning.Ref]bool{}
				for _, other := range f.Members {
					if f.Meets(m.Ref(), other.Ref()) {
						want[other.Ref()] = true
					}
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: %v meets %v, Meets says %v", f.ID, m.Ref(), got, want)
				}
			}
		}
	}
	if got := handMade().Forums["f1"].MetBy(kartlaggning.Ref{Kind: kartlaggning.Units, ID: "fk-1"}); len(got) != 0 {
		t.Errorf("a non-member meets %v", got)
	}
}

func setOfRefs(list []kartlaggning.Ref) map[kartlaggning.Ref]bool {
	out := map[kartlaggning.Ref]bool{}
	for _, r := range list {
		out[r] = true
	}
	return out
}
