package kartlaggning_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func TestOverlapsHandMade(t *testing.T) {
	x := handMade()
	got, err := x.Overlaps(0, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []kartlaggning.Overlap{
		// f1 and its near-twin f6: 3 shared of 4 members in all.
		{A: "f1", B: "f6", Jaccard: 0.75, Shared: []string{"org:af", "unit:a-fs", "unit:a-int"},
			SharedTargetGroups: []string{"nyanlända"}, SameLevel: true},
		{A: "f2", B: "f6", Jaccard: 0.6, Shared: []string{"unit:a-fs", "unit:a-int", "unit:reg-1"},
			SharedTargetGroups: []string{}, SameLevel: false},
		{A: "f1", B: "f2", Jaccard: 0.4, Shared: []string{"unit:a-fs", "unit:a-int"},
			SharedTargetGroups: []string{}, SameLevel: false},
		// f4 and f5 share one seat (multi): not an overlap at any min.
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("overlaps\n got %+v\nwant %+v", got, want)
	}
	for _, tc := range []struct {
		min  float64
		want int
	}{{0.4, 3}, {0.41, 2}, {0.6, 2}, {0.75, 1}, {0.76, 0}, {1, 0}} {
		got, _ := x.Overlaps(tc.min, "")
		if len(got) != tc.want {
			t.Errorf("min %v: %d overlaps, want %d", tc.min, len(got), tc.want)
		}
	}
	// Bro's forums are f4 (through multi) and f5: neither overlaps.
	if got, err := x.Overlaps(0, "b"); err != nil || len(got) != 0 {
		t.Errorf("overlaps in Bro: %v %v, want none", got, err)
	}
	if _, err := x.Overlaps(0.5, "nowhere"); kartlaggning.ErrorCode(err) != kartlaggning.ENOTFOUND {
		t.Errorf("unknown municipality: %v", err)
	}
}

// TestOverlapsBruteForce compares the inverted-index search with the
// definition applied to every pair, on random editions.
func TestOverlapsBruteForce(t *testing.T) {
	rnd := rand.New(rand.NewPCG(4, 2019))
	for round := range 40 {
		var forums []*kartlaggning.Forum
		pool := 3 + rnd.IntN(12)
		for i := range 2 + rnd.IntN(40) {
			f := &kartlaggning.Forum{ID: fmt.Sprintf("f%03d", rnd.IntN(1000)*100+i), Level: []string{"operativ", "individ"}[rnd.IntN(2)]}
			for range rnd.IntN(7) {
				n := rnd.IntN(pool)
				if n%3 == 0 {
					f.Members = append(f.Members, kartlaggning.Member{Organisation: fmt.Sprint("o", n)})
				} else {
					f.Members = append(f.Members, kartlaggning.Member{Unit: fmt.Sprint("u", n)}) // may repeat
				}
			}
			if rnd.IntN(2) == 0 {
				f.TargetGroups = []string{"unga"}
			}
			forums = append(forums, f)
		}
		for _, min := range []float64{0, 0.3, 0.5, 2.0 / 3, 1} {
			got := kartlaggning.FindOverlaps(forums, min)
			want := bruteOverlaps(forums, min)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d, min %v:\n got %+v\nwant %+v", round, min, got, want)
			}
		}
	}
}

func bruteOverlaps(forums []*kartlaggning.Forum, min float64) []kartlaggning.Overlap {
	keys := func(f *kartlaggning.Forum) map[string]bool {
		out := map[string]bool{}
		for _, m := range f.Members {
			out[kartlaggning.MemberKey(m.Ref())] = true
		}
		return out
	}
	out := []kartlaggning.Overlap{}
	for i, a := range forums {
		for _, b := range forums[i+1:] {
			ka, kb := keys(a), keys(b)
			shared := []string{}
			union := map[string]bool{}
			for k := range ka {
				union[k] = true
				if kb[k] {
					shared = append(shared, k)
				}
			}
			for k := range kb {
				union[k] = true
			}
			j := float64(len(shared)) / float64(len(union))
			if len(shared) < 2 || j < min {
				continue
			}
			sort.Strings(shared)
			first, second := a, b
			if second.ID < first.ID {
				first, second = second, first
			}
			groups := []string{}
			if slices.Contains(a.TargetGroups, "unga") && slices.Contains(b.TargetGroups, "unga") {
				groups = []string{"unga"}
			}
			out = append(out, kartlaggning.Overlap{A: first.ID, B: second.ID, Jaccard: j, Shared: shared,
				SharedTargetGroups: groups, SameLevel: a.Level == b.Level})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Jaccard != out[j].Jaccard {
			return out[i].Jaccard > out[j].Jaccard
		}
		if out[i].A != out[j].A {
			return out[i].A < out[j].A
		}
		return out[i].B < out[j].B
	})
	return out
}

// The forums of Jönköping's local agreement (and two more) all have
// the same four members: each pair is a perfect overlap.
func TestOverlapsDemo(t *testing.T) {
	x := kartlaggning.NewIndex(mustDemo(t))
	got, err := x.Overlaps(1, "jonkoping")
	if err != nil {
		t.Fatal(err)
	}
	lok := []string{"jonkoping-arendeforum", "jonkoping-arbetsgrupp-etablering", "jonkoping-lok-chefsgrupp", "jonkoping-lok-handlaggartraffar",
		"jonkoping-lok-informationsmote", "jonkoping-lok-strategimote", "jonkoping-lok-studiebesok"}
	slices.Sort(lok)
	found := map[string]bool{}
	for _, o := range got {
		if o.Jaccard != 1 || o.A >= o.B {
			t.Errorf("bad pair %+v", o)
		}
		found[o.A+" "+o.B] = true
	}
	for i, a := range lok {
		for _, b := range lok[i+1:] {
			if !found[a+" "+b] {
				t.Errorf("missing perfect overlap %s – %s in %v", a, b, got)
			}
		}
	}
	// Habo has no forum among these: with the filter, none of them is listed.
	habo, _ := x.Overlaps(1, "habo")
	for _, o := range habo {
		if slices.Contains(lok, o.A) && slices.Contains(lok, o.B) {
			t.Errorf("Habo's overlaps list a Jönköping pair %+v", o)
		}
	}
}

func TestOverlapGroups(t *testing.T) {
	twin := star
	twin.ID = "kontakter-igen"
	for _, tc := range []struct {
		name string
		x    *kartlaggning.Index
		min  float64
		want []kartlaggning.OverlapGroup
	}{
		{"empty edition", tiny(nil), 0, []kartlaggning.OverlapGroup{}},
		{"one actor", tiny([]string{"solo"}, kartlaggning.Forum{ID: "ensam", Name: "Ensam", Kind: "arena", Level: "individ", Members: seats("solo")},
			kartlaggning.Forum{ID: "ensam-igen", Name: "Ensam igen", Kind: "arena", Level: "individ", Members: seats("solo")}), 0,
			[]kartlaggning.OverlapGroup{}},
		{"kontakt star and its twin", tiny([]string{"hub", "u1", "u2"}, star, twin), kartlaggning.DefaultGroupMin,
			[]kartlaggning.OverlapGroup{{Forums: []string{"kontakter", "kontakter-igen"}, Shared: []string{"org:af", "unit:hub", "unit:u1", "unit:u2"},
				MinJaccard: 1, SameLevel: true, SharedTargetGroups: []string{}}}},
		// The pairs f1–f6 (0.75), f2–f6 (0.6) and f1–f2 (0.4) of
		// TestOverlapsHandMade are one group; f1 and f2 share a-fs and
		// a-int with f6 too.
		{"hand-made, every pair", handMade(), 0, []kartlaggning.OverlapGroup{{Forums: []string{"f1", "f2", "f6"},
			Shared: []string{"unit:a-fs", "unit:a-int"}, MinJaccard: 0.4, SameLevel: false, SharedTargetGroups: []string{}}}},
		{"hand-made at 0.75", handMade(), 0.75, []kartlaggning.OverlapGroup{{Forums: []string{"f1", "f6"},
			Shared: []string{"org:af", "unit:a-fs", "unit:a-int"}, MinJaccard: 0.75, SameLevel: true, SharedTargetGroups: []string{"nyanlända"}}}},
		{"hand-made at the default", handMade(), kartlaggning.DefaultGroupMin, []kartlaggning.OverlapGroup{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.x.OverlapGroups(tc.min, "")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("groups\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestOverlapGroupsExample: the noisy overlap list was 21 pairs
// among seven Jönköping forums with the same four seats (AF and three of
// Jönköping's units); they are one group.
func TestOverlapGroupsExample(t *testing.T) {
	x := kartlaggning.NewIndex(mustDemo(t))
	groups, err := x.OverlapGroups(kartlaggning.DefaultGroupMin, "jonkoping")
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) == 0 {
		t.Fatal("no overlap groups in Jönköping")
	}
	want := []string{"jonkoping-arbetsgrupp-etablering", "jonkoping-arendeforum", "jonkoping-lok-chefsgrupp", "jonkoping-lok-handlaggartraffar",
		"jonkoping-lok-informationsmote", "jonkoping-lok-strategimote", "jonkoping-lok-studiebesok"}
	g := groups[0]
	if !reflect.DeepEqual(g.Forums, want) || g.MinJaccard != 1 ||
		!reflect.DeepEqual(g.Shared, []string{"org:af", "unit:jonkoping-ama", "unit:jonkoping-forsorjningsstod", "unit:jonkoping-vuxenutbildningen"}) {
		t.Errorf("the largest group: %+v, want the seven forums sharing af, ama, försörjningsstöd and vuxenutbildningen", g)
	}
	for _, other := range groups[1:] {
		for _, id := range other.Forums {
			if slices.Contains(want, id) {
				t.Errorf("%s is in two groups", id)
			}
		}
	}
	if _, err := x.OverlapGroups(0.8, "okand"); kartlaggning.ErrorCode(err) != kartlaggning.ENOTFOUND {
		t.Errorf("unknown municipality: %v, want ENOTFOUND", err)
	} else {
		fieldMessage(t, err, "municipality")
	}
	for _, min := range []float64{-0.1, 1.5, math.NaN()} {
		if _, err := x.OverlapGroups(min, ""); kartlaggning.ErrorCode(err) != kartlaggning.EINVALID {
			t.Errorf("min %v: %v, want EINVALID", min, err)
		} else {
			fieldMessage(t, err, "min")
		}
	}
}
