package kartlaggning

import (
	"fmt"
	"slices"
	"sort"
)

// Overlap is two forums whose members are largely the same: candidates
// for merging ("djungeln av samverkansforum").
type Overlap struct {
	A       string  `json:"a"`
	B       string  `json:"b"`
	Jaccard float64 `json:"jaccard"`
	// Shared are the members both forums have, keyed "unit:ID" or
	// "org:ID", sorted.
	Shared             []string `json:"shared"`
	SharedTargetGroups []string `json:"shared_target_groups"`
	SameLevel          bool     `json:"same_level"`
}

// MinSharedMembers is how many members two forums must share to overlap:
// one shared seat is not an overlap.
const MinSharedMembers = 2

// MemberKey keys a member for overlaps: "unit:ID" or "org:ID".
func MemberKey(r Ref) string {
	if r.Kind == Units {
		return "unit:" + r.ID
	}
	return "org:" + r.ID
}

// FindOverlaps returns the pairs of forums that share at least
// MinSharedMembers members and whose Jaccard index over their member keys
// is at least min, sorted by Jaccard descending, then by A and B (A < B).
//
// It never compares all pairs: an inverted index from member to forums
// yields, for each forum, only the forums that share a member with it,
// with the number shared, so the work grows with the pairs that share
// members rather than with the square of the number of forums.
func FindOverlaps(forums []*Forum, min float64) []Overlap {
	keyID := map[string]int32{}
	sets := make([][]int32, len(forums)) // each forum's member keys, sorted
	keys := []string{}
	for i, f := range forums {
		for _, s := range f.seats() {
			k := MemberKey(s)
			id, ok := keyID[k]
			if !ok {
				id = int32(len(keys))
				keyID[k] = id
				keys = append(keys, k)
			}
			sets[i] = append(sets[i], id)
		}
		slices.Sort(sets[i])
	}
	forumsWith := make([][]int32, len(keys)) // ascending forum positions
	for i, set := range sets {
		for _, k := range set {
			forumsWith[k] = append(forumsWith[k], int32(i))
		}
	}

	out := []Overlap{}
	shared := make([]int32, len(forums))
	var touched []int32
	for i, set := range sets {
		if len(set) < MinSharedMembers {
			continue
		}
		touched = touched[:0]
		for _, k := range set {
			list := forumsWith[k]
			// Only later forums: each pair is counted from its first forum.
			at, _ := slices.BinarySearch(list, int32(i)+1)
			for _, j := range list[at:] {
				if shared[j] == 0 {
					touched = append(touched, j)
				}
				shared[j]++
			}
		}
		for _, j := range touched {
			n := int(shared[j])
			shared[j] = 0
			if n < MinSharedMembers {
				continue
			}
			jaccard := float64(n) / float64(len(set)+len(sets[j])-n)
			if jaccard < min {
				continue
			}
			out = append(out, newOverlap(forums[i], forums[j], sets[i], sets[j], keys, jaccard))
		}
	}
	sortOverlaps(out)
	return out
}

func newOverlap(a, b *Forum, setA, setB []int32, keys []string, jaccard float64) Overlap {
	if b.ID < a.ID {
		a, b = b, a
	}
	o := Overlap{A: a.ID, B: b.ID, Jaccard: jaccard, SameLevel: a.Level == b.Level,
		Shared: []string{}, SharedTargetGroups: []string{}}
	for _, k := range setA {
		if _, found := slices.BinarySearch(setB, k); found {
			o.Shared = append(o.Shared, keys[k])
		}
	}
	sort.Strings(o.Shared)
	for _, g := range a.TargetGroups {
		if slices.Contains(b.TargetGroups, g) && !slices.Contains(o.SharedTargetGroups, g) {
			o.SharedTargetGroups = append(o.SharedTargetGroups, g)
		}
	}
	sort.Strings(o.SharedTargetGroups)
	return o
}

func sortOverlaps(list []Overlap) {
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.Jaccard != b.Jaccard {
			return a.Jaccard > b.Jaccard
		}
		if a.A != b.A {
			return a.A < b.A
		}
		return a.B < b.B
	})
}

// Overlaps finds the overlapping forums of the edition (FindOverlaps).
// With a municipality, it keeps the pairs where at least one of the two
// forums is one of the municipality's forums (as in its Summary: a forum
// where one of its units is a member); ENOTFOUND if there is no such
// municipality.
func (x *Index) Overlaps(min float64, municipality string) ([]Overlap, error) {
	forums := make([]*Forum, len(x.Doc.Forums))
	for i := range x.Doc.Forums {
		forums[i] = &x.Doc.Forums[i]
	}
	all := FindOverlaps(forums, min)
	if municipality == "" {
		return all, nil
	}
	return x.OverlapsIn(all, municipality)
}

// OverlapsIn keeps the overlaps that concern a municipality (see Overlaps).
func (x *Index) OverlapsIn(list []Overlap, municipality string) ([]Overlap, error) {
	mine, err := x.MunicipalityForums(municipality)
	if err != nil {
		return nil, err
	}
	out := []Overlap{}
	for _, o := range list {
		if mine[o.A] || mine[o.B] {
			out = append(out, o)
		}
	}
	return out, nil
}

// MunicipalityForums returns the set of forums where at least one unit
// of the municipality is a member.
func (x *Index) MunicipalityForums(municipality string) (map[string]bool, error) {
	if x.Municipalities[municipality] == nil {
		return nil, unknownMunicipality(municipality)
	}
	mine := map[string]bool{}
	for _, u := range x.UnitsIn(municipality) {
		for _, f := range x.ForumsOf[Ref{Units, u.ID}] {
			mine[f.ID] = true
		}
	}
	return mine, nil
}

// OverlapGroup is a set of forums held together by overlaps: the
// connected parts of the graph whose edges are the overlapping pairs.
// Seven forums with the same four seats are one group, not 21 pairs.
type OverlapGroup struct {
	// Forums are the group's forums, sorted by id.
	Forums []string `json:"forums"`
	// Shared are the member keys (MemberKey) every forum of the group
	// has, sorted; a chain of overlaps may share none.
	Shared []string `json:"shared"`
	// MinJaccard is the lowest Jaccard index among the group's
	// overlapping pairs: how alike its least alike neighbours are.
	MinJaccard float64 `json:"min_jaccard"`
	// SameLevel is whether all its forums have the same level.
	SameLevel bool `json:"same_level"`
	// SharedTargetGroups are the target groups every forum names, sorted.
	SharedTargetGroups []string `json:"shared_target_groups"`
}

// DefaultGroupMin is the Jaccard threshold of overlap groups when none is
// asked for. It is stricter than the one for pairs: at 0.5 a chain of
// half-alike forums would join unlike ends into one group.
const DefaultGroupMin = 0.8

// GroupOverlaps joins overlapping pairs into groups, largest first, then
// by MinJaccard descending, then by their first forum. forums must hold
// every forum the pairs name.
func GroupOverlaps(pairs []Overlap, forums map[string]*Forum) []OverlapGroup {
	parent := map[string]string{}
	var find func(string) string
	find = func(id string) string {
		p, ok := parent[id]
		if !ok || p == id {
			return id
		}
		root := find(p)
		parent[id] = root
		return root
	}
	for _, o := range pairs {
		a, b := find(o.A), find(o.B)
		parent[a], parent[b] = a, a
	}
	byRoot := map[string]*OverlapGroup{}
	for _, o := range pairs {
		g := byRoot[find(o.A)]
		if g == nil {
			g = &OverlapGroup{MinJaccard: o.Jaccard}
			byRoot[find(o.A)] = g
		}
		g.MinJaccard = min(g.MinJaccard, o.Jaccard)
	}
	for id := range parent {
		g := byRoot[find(id)]
		g.Forums = append(g.Forums, id)
	}
	out := make([]OverlapGroup, 0, len(byRoot))
	for _, g := range byRoot {
		sort.Strings(g.Forums)
		g.fill(forums)
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if len(a.Forums) != len(b.Forums) {
			return len(a.Forums) > len(b.Forums)
		}
		if a.MinJaccard != b.MinJaccard {
			return a.MinJaccard > b.MinJaccard
		}
		return a.Forums[0] < b.Forums[0]
	})
	return out
}

// fill sets what the group's forums have in common.
func (g *OverlapGroup) fill(forums map[string]*Forum) {
	first := forums[g.Forums[0]]
	g.SameLevel = true
	g.Shared, g.SharedTargetGroups = []string{}, []string{}
	for _, s := range first.seats() {
		g.Shared = append(g.Shared, MemberKey(s))
	}
	for _, t := range first.TargetGroups {
		if !slices.Contains(g.SharedTargetGroups, t) {
			g.SharedTargetGroups = append(g.SharedTargetGroups, t)
		}
	}
	for _, id := range g.Forums[1:] {
		f := forums[id]
		g.SameLevel = g.SameLevel && f.Level == first.Level
		keys := map[string]bool{}
		for _, s := range f.seats() {
			keys[MemberKey(s)] = true
		}
		g.Shared = slices.DeleteFunc(g.Shared, func(k string) bool { return !keys[k] })
		g.SharedTargetGroups = slices.DeleteFunc(g.SharedTargetGroups, func(t string) bool { return !slices.Contains(f.TargetGroups, t) })
	}
	sort.Strings(g.Shared)
	sort.Strings(g.SharedTargetGroups)
}

// OverlapGroups groups the edition's overlapping forums (FindOverlaps,
// GroupOverlaps). With a municipality, it keeps the groups with at least
// one of the municipality's forums (MunicipalityForums), whole: the
// groups are found over the edition first, so that a municipality sees
// the same groups as the förbund does. ENOTFOUND if there is no such
// municipality.
func (x *Index) OverlapGroups(min float64, municipality string) ([]OverlapGroup, error) {
	if !(min >= 0 && min <= 1) {
		msg := fmt.Sprintf("Gränsen min måste vara ett tal från 0 till 1 (fick %v).", min)
		return nil, &Error{Code: EINVALID, Message: msg, Fields: []FieldError{{Path: "min", Message: msg}}}
	}
	pairs, err := x.Overlaps(min, "")
	if err != nil {
		return nil, err
	}
	groups := GroupOverlaps(pairs, x.Forums)
	if municipality == "" {
		return groups, nil
	}
	mine, err := x.MunicipalityForums(municipality)
	if err != nil {
		return nil, err
	}
	out := []OverlapGroup{}
	for _, g := range groups {
		if slices.ContainsFunc(g.Forums, func(id string) bool { return mine[id] }) {
			out = append(out, g)
		}
	}
	return out, nil
}

// unknownMunicipality is the error for a municipality parameter naming no
// municipality of the edition.
func unknownMunicipality(id string) *Error {
	msg := fmt.Sprintf("Det finns ingen kommun med id %q i kartläggningen.", id)
	return &Error{Code: ENOTFOUND, Message: msg, Fields: []FieldError{{Path: "municipality", Message: msg}}}
}
