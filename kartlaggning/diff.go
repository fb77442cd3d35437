package kartlaggning

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// Diff is what changed from one edition to another. Ids stay the same
// from year to year, so an entity is "the same" in both when its kind and
// id are.
type Diff struct {
	From    int        `json:"from"`
	To      int        `json:"to"`
	Added   IDSets     `json:"added"`
	Removed IDSets     `json:"removed"`
	Changed []Change   `json:"changed"`
	Members MemberDiff `json:"members"`
	// Reset are the entities whose fields that belong to one year
	// (YearFields) differ: NextEdition clears them, so they are no change
	// in the samverkan and are listed apart (ResetLabel).
	Reset []Change `json:"reset"`
}

// ResetLabel is the heading of Diff.Reset on the page.
const ResetLabel = "Nollställt inför det nya året"

// YearFields are the fields, of any kind, that describe one year rather
// than the samverkan being mapped, and that NextEdition resets: a
// forum's meetings held that year, a unit's påseende.
var YearFields = map[string]bool{"held": true, "review": true}

// IDSets lists ids per kind, in document order.
type IDSets struct {
	Municipalities []string `json:"municipalities"`
	Organisations  []string `json:"organisations"`
	Units          []string `json:"units"`
	Forums         []string `json:"forums"`
}

// Of returns the ids of one kind.
func (s *IDSets) Of(k Kind) []string {
	switch k {
	case Municipalities:
		return s.Municipalities
	case Organisations:
		return s.Organisations
	case Units:
		return s.Units
	case Forums:
		return s.Forums
	}
	return nil
}

func (s *IDSets) add(k Kind, id string) {
	switch k {
	case Municipalities:
		s.Municipalities = append(s.Municipalities, id)
	case Organisations:
		s.Organisations = append(s.Organisations, id)
	case Units:
		s.Units = append(s.Units, id)
	case Forums:
		s.Forums = append(s.Forums, id)
	}
}

// Change is an entity in both editions whose fields differ; Fields are the
// JSON names of the fields that changed, in the entity's field order.
type Change struct {
	Kind   string   `json:"kind"` // "municipality", "organisation", "unit" or "forum"
	ID     string   `json:"id"`
	Fields []string `json:"fields"`
}

// Has reports whether the field changed.
func (c Change) Has(field string) bool { return slices.Contains(c.Fields, field) }

// MemberDiff is who joined and who left the forums that exist in both
// editions; the members of a new or removed forum come and go with it.
type MemberDiff struct {
	Added   []MemberChange `json:"added"`
	Removed []MemberChange `json:"removed"`
}

// MemberChange is one seat in a forum: a unit, or an organisation when
// only that is known.
type MemberChange struct {
	Forum      string `json:"forum"`
	Member     string `json:"member"`
	MemberKind string `json:"member_kind"` // "unit" or "organisation"
}

// Ref returns the member's target.
func (m MemberChange) Ref() Ref {
	if m.MemberKind == "organisation" {
		return Ref{Kind: Organisations, ID: m.Member}
	}
	return Ref{Kind: Units, ID: m.Member}
}

// ChangeKind is the word a Change uses for a kind.
func ChangeKind(k Kind) string {
	return map[Kind]string{Municipalities: "municipality", Organisations: "organisation", Units: "unit", Forums: "forum"}[k]
}

// CompareEditions returns what changed from one edition to another. Lists
// whose order carries no meaning (municipalities, target groups, wishes,
// members) are compared as sets, so reordering is no change.
func CompareEditions(from, to *Document) *Diff {
	d := &Diff{From: from.Edition.Year, To: to.Edition.Year, Changed: []Change{}, Reset: []Change{},
		Members: MemberDiff{Added: []MemberChange{}, Removed: []MemberChange{}}}
	for _, k := range Kinds {
		before := entitiesByID(from, k)
		after := entitiesByID(to, k)
		for _, e := range to.Entities(k) {
			old, ok := before[e.EntityID()]
			if !ok {
				d.Added.add(k, e.EntityID())
				continue
			}
			fields := changedFields(old, e)
			var real, year []string
			for _, f := range fields {
				if YearFields[f] {
					year = append(year, f)
				} else {
					real = append(real, f)
				}
			}
			if len(real) > 0 {
				d.Changed = append(d.Changed, Change{Kind: ChangeKind(k), ID: e.EntityID(), Fields: real})
			}
			if len(year) > 0 {
				d.Reset = append(d.Reset, Change{Kind: ChangeKind(k), ID: e.EntityID(), Fields: year})
			}
		}
		for _, e := range from.Entities(k) {
			if _, ok := after[e.EntityID()]; !ok {
				d.Removed.add(k, e.EntityID())
			}
		}
	}
	d.Added.nonNil()
	d.Removed.nonNil()

	fromForums := entitiesByID(from, Forums)
	for i := range to.Forums {
		f := &to.Forums[i]
		if old, ok := fromForums[f.ID]; ok {
			d.Members.Added = append(d.Members.Added, seatsNotIn(f, old.(*Forum))...)
		}
	}
	toForums := entitiesByID(to, Forums)
	for i := range from.Forums {
		f := &from.Forums[i]
		if now, ok := toForums[f.ID]; ok {
			d.Members.Removed = append(d.Members.Removed, seatsNotIn(f, now.(*Forum))...)
		}
	}
	return d
}

func (s *IDSets) nonNil() {
	for _, l := range []*[]string{&s.Municipalities, &s.Organisations, &s.Units, &s.Forums} {
		if *l == nil {
			*l = []string{}
		}
	}
}

func entitiesByID(d *Document, k Kind) map[string]Entity {
	list := d.Entities(k)
	m := make(map[string]Entity, len(list))
	for _, e := range list {
		m[e.EntityID()] = e
	}
	return m
}

// seatsNotIn returns f's members that other has not, in f's order.
func seatsNotIn(f, other *Forum) []MemberChange {
	have := make(map[Ref]bool, len(other.Members))
	for _, m := range other.Members {
		have[m.Ref()] = true
	}
	var out []MemberChange
	for _, m := range f.Members {
		r := m.Ref()
		if have[r] {
			continue
		}
		kind := "unit"
		if r.Kind == Organisations {
			kind = "organisation"
		}
		out = append(out, MemberChange{Forum: f.ID, Member: r.ID, MemberKind: kind})
	}
	return out
}

// changedFields compares two entities of the same kind field by field.
func changedFields(a, b Entity) []string {
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	t := va.Type()
	var out []string
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" || name == "id" {
			continue
		}
		if !sameValue(va.Field(i), vb.Field(i)) {
			out = append(out, name)
		}
	}
	return out
}

// sameValue is reflect.DeepEqual, except that slices are compared as
// multisets and an empty slice equals a missing one.
func sameValue(a, b reflect.Value) bool {
	if a.Kind() != reflect.Slice {
		return reflect.DeepEqual(a.Interface(), b.Interface())
	}
	if a.Len() != b.Len() {
		return false
	}
	return slices.Equal(elementKeys(a), elementKeys(b))
}

// elementKeys renders each element of a slice of strings or of flat
// structs (members, wishes) as text and sorts them.
func elementKeys(v reflect.Value) []string {
	out := make([]string, v.Len())
	for i := range out {
		out[i] = fmt.Sprintf("%#v", v.Index(i).Interface())
	}
	slices.Sort(out)
	return out
}
