package kartlaggning

import (
	"slices"
	"sort"
)

// Summary is a municipality's part of the kartläggning ("Sammanställning
// för Mullsjö"): per unit, where it meets whom and whom it never meets.
type Summary struct {
	Year         int              `json:"year"`
	Municipality MunicipalityName `json:"municipality"`
	Units        []UnitSummary    `json:"units"`
	// Forums is the union of the units' forums, sorted by id.
	Forums     []string          `json:"forums"`
	Totals     SummaryTotals     `json:"totals"`
	Incomplete []IncompleteForum `json:"incomplete"`
}

// MunicipalityName names the municipality of a summary.
type MunicipalityName struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// UnitSummary is one unit of a municipality's summary.
type UnitSummary struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Organisation string `json:"organisation"`
	// Forums are the forums the unit is a member of, in document order.
	Forums          []string    `json:"forums"`
	MeetingsPerYear MeetingLoad `json:"meetings_per_year"`
	// PartiesMet are the parties other than the unit's own organisation
	// that it meets in at least one forum; PartyGaps the ones it never
	// meets. Both sorted by id.
	PartiesMet []string `json:"parties_met"`
	PartyGaps  []string `json:"party_gaps"`
	// InternalUnitsMet are units of its own organisation that it meets,
	// sorted by id.
	InternalUnitsMet []string `json:"internal_units_met"`
	Wishes           []Wish   `json:"wishes"`
}

// MeetingLoad sums the frequencies of a set of forums: Min and Max over
// those with a known number of meetings, Unknown counts the others.
type MeetingLoad struct {
	Min     int `json:"min"`
	Max     int `json:"max"`
	Unknown int `json:"unknown"`
}

// SummaryTotals counts a municipality's units and forums. Forums without
// a scope are counted under ScopeUnknown.
type SummaryTotals struct {
	Units           int            `json:"units"`
	Forums          int            `json:"forums"`
	ByLevel         map[string]int `json:"by_level"`
	ByScope         map[string]int `json:"by_scope"`
	MeetingsPerYear MeetingRange   `json:"meetings_per_year"`
}

// ScopeUnknown is the by_scope key of forums that do not state a scope.
const ScopeUnknown = "unknown"

// MeetingRange is a sum of meetings per year, from the forums' min to max.
type MeetingRange struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

// IncompleteForum is a forum the kartläggning knows too little about.
// Missing holds "frequency" (no min or max) and "members" (fewer than
// two distinct members).
type IncompleteForum struct {
	Forum   string   `json:"forum"`
	Missing []string `json:"missing"`
}

// Summarise builds the summary of a municipality; ENOTFOUND if the
// edition has no such municipality. A unit belongs to a municipality when
// its municipalities include it or, if it lists none, when its
// organisation's municipality is it (UnitsIn).
func (x *Index) Summarise(municipality string) (*Summary, error) {
	m := x.Municipalities[municipality]
	if m == nil {
		return nil, Errorf(ENOTFOUND, "Det finns ingen kommun med id %q i kartläggningen.", municipality)
	}
	s := &Summary{Year: x.Doc.Edition.Year, Municipality: MunicipalityName{m.ID, m.Name},
		Units: []UnitSummary{}, Forums: []string{}, Incomplete: []IncompleteForum{}}
	parties := x.parties()
	forums := map[string]*Forum{}
	for _, u := range x.UnitsIn(municipality) {
		us := x.summariseUnit(u, parties)
		for _, f := range x.forumsOf(Ref{Units, u.ID}) {
			forums[f.ID] = f
		}
		s.Units = append(s.Units, us)
	}
	for id := range forums {
		s.Forums = append(s.Forums, id)
	}
	sort.Strings(s.Forums)

	t := &s.Totals
	t.Units, t.Forums = len(s.Units), len(s.Forums)
	t.ByLevel = map[string]int{}
	for _, o := range Levels {
		t.ByLevel[o.Value] = 0
	}
	t.ByScope = map[string]int{ScopeUnknown: 0}
	for _, o := range Scopes {
		t.ByScope[o.Value] = 0
	}
	var load meetingLoad
	for _, id := range s.Forums {
		f := forums[id]
		t.ByLevel[f.Level]++
		if f.Scope == "" {
			t.ByScope[ScopeUnknown]++
		} else {
			t.ByScope[f.Scope]++
		}
		load.add(f)
		if missing := incompleteness(f); len(missing) > 0 {
			s.Incomplete = append(s.Incomplete, IncompleteForum{Forum: id, Missing: missing})
		}
	}
	t.MeetingsPerYear = MeetingRange{load.min, load.max}
	return s, nil
}

func incompleteness(f *Forum) []string {
	var missing []string
	if _, _, known := f.MeetingsPerYear(); !known {
		missing = append(missing, "frequency")
	}
	if len(f.seats()) < 2 {
		missing = append(missing, "members")
	}
	return missing
}

// parties returns the ids of the organisations that are parties of the
// förbund, sorted.
func (x *Index) parties() []string {
	var out []string
	for _, o := range x.Doc.Organisations {
		if o.Party {
			out = append(out, o.ID)
		}
	}
	sort.Strings(out)
	return out
}

func (x *Index) summariseUnit(u *Unit, parties []string) UnitSummary {
	self := Ref{Units, u.ID}
	us := UnitSummary{ID: u.ID, Name: u.Name, Organisation: u.Organisation, Forums: []string{},
		PartiesMet: []string{}, PartyGaps: []string{}, InternalUnitsMet: []string{}, Wishes: u.Wishes}
	if us.Wishes == nil {
		us.Wishes = []Wish{}
	}
	met := map[string]bool{}
	internal := map[string]bool{}
	var load meetingLoad
	for _, f := range x.forumsOf(self) {
		us.Forums = append(us.Forums, f.ID)
		load.add(f)
		for _, other := range f.MetBy(self) {
			org := x.OrganisationOf(other)
			if org == u.Organisation {
				if other.Kind == Units {
					internal[other.ID] = true
				}
				continue
			}
			met[org] = true
		}
	}
	us.MeetingsPerYear = MeetingLoad{load.min, load.max, load.unknown}
	for _, p := range parties {
		switch {
		case p == u.Organisation:
		case met[p]:
			us.PartiesMet = append(us.PartiesMet, p)
		default:
			us.PartyGaps = append(us.PartyGaps, p)
		}
	}
	for id := range internal {
		us.InternalUnitsMet = append(us.InternalUnitsMet, id)
	}
	slices.Sort(us.InternalUnitsMet)
	return us
}

// UnitSummary summarises one unit as Summarise does for each unit of a
// municipality; the unit must exist.
func (x *Index) UnitSummary(id string) UnitSummary {
	return x.summariseUnit(x.Units[id], x.parties())
}
