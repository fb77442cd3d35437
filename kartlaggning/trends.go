package kartlaggning

import (
	"fmt"
	"slices"
	"sort"
)

// TrendYear is one year of a municipality's or a unit's samverkan, and
// what changed since the year before it in the list.
type TrendYear struct {
	Year int `json:"year"`
	// Forums counts the forums where the scope's actors sit.
	Forums int `json:"forums"`
	// Partners counts the actors outside the scope that they meet.
	Partners int `json:"partners"`
	// Meetings sums those forums' meetings per year (as MeetingLoad).
	Meetings MeetingLoad `json:"meetings"`
	// Gaps counts the parties the scope's units never meet, summed over
	// the units (each unit's PartyGaps, as in the summary).
	Gaps int `json:"gaps"`
	// Joined and Left are the actors (the scope's own and their partners)
	// and forums that are there this year and not the year before, and
	// the other way round; empty in the first year.
	Joined TrendChange `json:"joined"`
	Left   TrendChange `json:"left"`
}

// TrendChange is actors and forums that came or went, actors units
// first, each sorted by id.
type TrendChange struct {
	Actors []Actor  `json:"actors"`
	Forums []string `json:"forums"`
}

// Trends follows a municipality (Ref{Municipalities, id}) or a unit
// (Ref{Units, id}) through several editions, oldest first, whatever
// order they come in. A municipality's actors are its units (UnitsIn)
// and the organisation-level members located in it, as in its Network.
// A year where the scope does not exist has zero figures, and what it
// had the year before has left. EINVALID for another kind of scope or two
// editions of the same year; ENOTFOUND if no edition has the scope.
func Trends(editions []*Index, scope Ref) ([]TrendYear, error) {
	if scope.Kind != Municipalities && scope.Kind != Units {
		return nil, &Error{Code: EINVALID, Message: "En trend gäller en kommun eller en enhet.",
			Fields: []FieldError{{Path: "scope", Message: fmt.Sprintf("Trender finns för kommuner och enheter, inte för %q.", scope.Kind)}}}
	}
	list := slices.Clone(editions)
	slices.SortFunc(list, func(a, b *Index) int { return a.Doc.Edition.Year - b.Doc.Edition.Year })
	out := make([]TrendYear, 0, len(list))
	found := false
	var prevActors map[Ref]bool
	var prevForums map[string]bool
	for i, x := range list {
		if i > 0 && x.Doc.Edition.Year == list[i-1].Doc.Edition.Year {
			return nil, &Error{Code: EINVALID, Message: fmt.Sprintf("Två kartläggningar för %d: en trend behöver ett år per kartläggning.", x.Doc.Edition.Year),
				Fields: []FieldError{{Path: "editions", Message: fmt.Sprintf("Året %d finns två gånger.", x.Doc.Edition.Year)}}}
		}
		own := x.scopeActors(scope)
		found = found || len(own) > 0 || (scope.Kind == Municipalities && x.Municipalities[scope.ID] != nil)
		ty, actors, forums := x.trendYear(own)
		if i > 0 {
			ty.Joined = trendChange(actors, prevActors, forums, prevForums)
			ty.Left = trendChange(prevActors, actors, prevForums, forums)
		}
		prevActors, prevForums = actors, forums
		out = append(out, ty)
	}
	if !found {
		return nil, Errorf(ENOTFOUND, "%s finns inte i någon av kartläggningarna.", scopeName(scope))
	}
	return out, nil
}

func scopeName(r Ref) string {
	if r.Kind == Municipalities {
		return fmt.Sprintf("Kommunen %q", r.ID)
	}
	return fmt.Sprintf("Enheten %q", r.ID)
}

// scopeActors returns a scope's own actors in the edition.
func (x *Index) scopeActors(scope Ref) []Ref {
	if scope.Kind == Units {
		if x.Units[scope.ID] == nil {
			return nil
		}
		return []Ref{scope}
	}
	var out []Ref
	for _, u := range x.UnitsIn(scope.ID) {
		out = append(out, Ref{Units, u.ID})
	}
	for _, o := range x.Doc.Organisations {
		if r := (Ref{Organisations, o.ID}); o.Municipality == scope.ID && len(x.ForumsOf[r]) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// trendYear computes one year's figures for the own actors, and returns
// the actors around them (own and partners) and their forums.
func (x *Index) trendYear(own []Ref) (TrendYear, map[Ref]bool, map[string]bool) {
	ty := TrendYear{Year: x.Doc.Edition.Year, Joined: emptyChange(), Left: emptyChange()}
	actors := make(map[Ref]bool, len(own))
	for _, r := range own {
		actors[r] = true
	}
	forums := map[string]bool{}
	var load meetingLoad
	var parties []string
	for _, r := range own {
		for _, f := range x.forumsOf(r) {
			if !forums[f.ID] {
				forums[f.ID] = true
				load.add(f)
			}
			for _, other := range f.MetBy(r) {
				if !actors[other] {
					actors[other] = true
					ty.Partners++
				}
			}
		}
		if r.Kind == Units {
			if parties == nil {
				parties = x.parties()
			}
			ty.Gaps += len(x.summariseUnit(x.Units[r.ID], parties).PartyGaps)
		}
	}
	ty.Forums = len(forums)
	ty.Meetings = MeetingLoad{load.min, load.max, load.unknown}
	return ty, actors, forums
}

func emptyChange() TrendChange { return TrendChange{Actors: []Actor{}, Forums: []string{}} }

// trendChange lists what a has and b has not.
func trendChange(a, b map[Ref]bool, fa, fb map[string]bool) TrendChange {
	c := emptyChange()
	var refs []Ref
	for r := range a {
		if !b[r] {
			refs = append(refs, r)
		}
	}
	sort.Slice(refs, func(i, j int) bool { return less(refs[i], refs[j]) })
	for _, r := range refs {
		c.Actors = append(c.Actors, NewActor(r))
	}
	for id := range fa {
		if !fb[id] {
			c.Forums = append(c.Forums, id)
		}
	}
	sort.Strings(c.Forums)
	return c
}
