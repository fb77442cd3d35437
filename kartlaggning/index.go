package kartlaggning

import "sort"

// Index answers the questions every analysis and map asks of an edition:
// what has this id, where does a unit sit, who meets whom. It is built
// once per document and read-only afterwards, so it can be shared.
type Index struct {
	Doc            *Document
	Municipalities map[string]*Municipality
	Organisations  map[string]*Organisation
	Units          map[string]*Unit
	Forums         map[string]*Forum
	// ForumsOf lists, for a unit or an organisation-level member, the
	// forums it sits in, in document order.
	ForumsOf map[Ref][]*Forum
}

// NewIndex indexes a document; the document must not change afterwards.
func NewIndex(d *Document) *Index {
	x := &Index{Doc: d,
		Municipalities: make(map[string]*Municipality, len(d.Municipalities)),
		Organisations:  make(map[string]*Organisation, len(d.Organisations)),
		Units:          make(map[string]*Unit, len(d.Units)),
		Forums:         make(map[string]*Forum, len(d.Forums)),
		ForumsOf:       map[Ref][]*Forum{},
	}
	for i := range d.Municipalities {
		x.Municipalities[d.Municipalities[i].ID] = &d.Municipalities[i]
	}
	for i := range d.Organisations {
		x.Organisations[d.Organisations[i].ID] = &d.Organisations[i]
	}
	for i := range d.Units {
		x.Units[d.Units[i].ID] = &d.Units[i]
	}
	for i := range d.Forums {
		f := &d.Forums[i]
		x.Forums[f.ID] = f
		for _, m := range f.Members {
			x.ForumsOf[m.Ref()] = append(x.ForumsOf[m.Ref()], f)
		}
	}
	return x
}

// UnitMunicipalities returns the municipalities a unit serves: its own
// list, or else its organisation's municipality (see the data model).
func (x *Index) UnitMunicipalities(u *Unit) []string {
	if len(u.Municipalities) > 0 {
		return u.Municipalities
	}
	if o := x.Organisations[u.Organisation]; o != nil && o.Municipality != "" {
		return []string{o.Municipality}
	}
	return nil
}

// UnitsIn returns the units that belong to a municipality, in document
// order.
func (x *Index) UnitsIn(municipality string) []*Unit {
	var out []*Unit
	for i := range x.Doc.Units {
		u := &x.Doc.Units[i]
		for _, m := range x.UnitMunicipalities(u) {
			if m == municipality {
				out = append(out, u)
				break
			}
		}
	}
	return out
}

// OrganisationOf returns the organisation a member belongs to: the unit's
// organisation, or the organisation itself.
func (x *Index) OrganisationOf(r Ref) string {
	if r.Kind == Units {
		if u := x.Units[r.ID]; u != nil {
			return u.Organisation
		}
		return ""
	}
	return r.ID
}

// Name returns the display name of a unit, organisation, forum or
// municipality, or its id when it is unknown.
func (x *Index) Name(r Ref) string {
	switch r.Kind {
	case Units:
		if u := x.Units[r.ID]; u != nil {
			return u.Name
		}
	case Organisations:
		if o := x.Organisations[r.ID]; o != nil {
			return o.Name
		}
	case Forums:
		if f := x.Forums[r.ID]; f != nil {
			return f.Name
		}
	case Municipalities:
		if m := x.Municipalities[r.ID]; m != nil {
			return m.Name
		}
	}
	return r.ID
}

// Pair is two members of a forum that meet there; A sorts before B.
type Pair struct{ A, B Ref }

func less(a, b Ref) bool {
	if a.Kind != b.Kind {
		return a.Kind > b.Kind // units before organisations
	}
	return a.ID < b.ID
}

func makePair(a, b Ref) Pair {
	if less(b, a) {
		a, b = b, a
	}
	return Pair{a, b}
}

// Pairs returns who meets whom in the forum. In every kind of forum all
// members meet each other, except kontakt: one unit's case-by-case
// contacts, a star where the convener meets each member and the members
// meet only the convener (see the data model).
func (f *Forum) Pairs() []Pair {
	seats := make([]Ref, 0, len(f.Members))
	seen := map[Ref]bool{}
	for _, m := range f.Members {
		if r := m.Ref(); r.ID != "" && !seen[r] {
			seen[r] = true
			seats = append(seats, r)
		}
	}
	var out []Pair
	if f.Kind == "kontakt" {
		if f.Convener == nil || f.Convener.Unit == "" {
			return nil
		}
		hub := Ref{Units, f.Convener.Unit}
		for _, s := range seats {
			if s != hub {
				out = append(out, makePair(hub, s))
			}
		}
	} else {
		for i := range seats {
			for j := i + 1; j < len(seats); j++ {
				out = append(out, makePair(seats[i], seats[j]))
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].A != out[j].A {
			return less(out[i].A, out[j].A)
		}
		return less(out[i].B, out[j].B)
	})
	return out
}

// Meets reports whether two members of the forum meet there.
func (f *Forum) Meets(a, b Ref) bool {
	if a == b {
		return false
	}
	in := func(r Ref) bool {
		for _, m := range f.Members {
			if m.Ref() == r {
				return true
			}
		}
		return false
	}
	if !in(a) || !in(b) {
		return false
	}
	if f.Kind == "kontakt" {
		if f.Convener == nil {
			return false
		}
		hub := Ref{Units, f.Convener.Unit}
		return a == hub || b == hub
	}
	return true
}

// MeetingsPerYear returns the forum's frequency bounds; known is false when
// the kartläggning does not say. A lone bound stands for both.
func (f *Forum) MeetingsPerYear() (min, max int, known bool) {
	if f.Frequency == nil || (f.Frequency.Min == nil && f.Frequency.Max == nil) {
		return 0, 0, false
	}
	switch {
	case f.Frequency.Min == nil:
		return *f.Frequency.Max, *f.Frequency.Max, true
	case f.Frequency.Max == nil:
		return *f.Frequency.Min, *f.Frequency.Min, true
	}
	return *f.Frequency.Min, *f.Frequency.Max, true
}

// Exists and Parent make an index the Lookup that validates an entity
// against the indexed edition.
func (x *Index) Exists(r Ref) bool {
	switch r.Kind {
	case Municipalities:
		return x.Municipalities[r.ID] != nil
	case Organisations:
		return x.Organisations[r.ID] != nil
	case Units:
		return x.Units[r.ID] != nil
	case Forums:
		return x.Forums[r.ID] != nil
	}
	return false
}

// Parent returns the parent of a unit or forum of the edition, "" if it
// has none or is not there.
func (x *Index) Parent(r Ref) string {
	switch r.Kind {
	case Units:
		if u := x.Units[r.ID]; u != nil {
			return u.Parent
		}
	case Forums:
		if f := x.Forums[r.ID]; f != nil {
			return f.Parent
		}
	}
	return ""
}
