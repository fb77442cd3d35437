package kartlaggning

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
)

// Kind names a collection of entities inside an edition. Its value is the
// collection's name in the document and in URLs.
type Kind string

const (
	Municipalities Kind = "municipalities"
	Organisations  Kind = "organisations"
	Units          Kind = "units"
	Forums         Kind = "forums"
)

// Kinds lists the collections in document order.
var Kinds = []Kind{Municipalities, Organisations, Units, Forums}

// ParseKind accepts a collection name from a URL.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", Errorf(ENOTFOUND, "Okänd typ %q.", s)
}

// New returns a pointer to a zero entity of the kind, for decoding.
func (k Kind) New() Entity {
	switch k {
	case Municipalities:
		return &Municipality{}
	case Organisations:
		return &Organisation{}
	case Units:
		return &Unit{}
	case Forums:
		return &Forum{}
	}
	panic(fmt.Sprintf("kartlaggning: unknown kind %q", k))
}

// Singular is the Swedish name of one entity of the kind, lower case.
func (k Kind) Singular() string {
	return map[Kind]string{Municipalities: "kommun", Organisations: "organisation", Units: "enhet", Forums: "forum"}[k]
}

// Plural is the Swedish name of the collection, capitalised.
func (k Kind) Plural() string {
	return map[Kind]string{Municipalities: "Kommuner", Organisations: "Organisationer", Units: "Enheter", Forums: "Forum"}[k]
}

// Words are the Swedish forms of a noun that messages need: "en enhet",
// "ingen enhet", "enheten", "den" (forum is neuter: "inget forum").
type Words struct {
	A, None, The, It string
}

// EditionWords are the Words of an edition.
var EditionWords = Words{"en kartläggning", "ingen kartläggning", "kartläggningen", "den"}

// Words returns the Swedish forms of one entity of the kind.
func (k Kind) Words() Words {
	return map[Kind]Words{
		Municipalities: {"en kommun", "ingen kommun", "kommunen", "den"},
		Organisations:  {"en organisation", "ingen organisation", "organisationen", "den"},
		Units:          {"en enhet", "ingen enhet", "enheten", "den"},
		Forums:         {"ett forum", "inget forum", "forumet", "det"},
	}[k]
}

// Entity is any of the four kinds of entity an edition holds.
type Entity interface {
	EntityKind() Kind
	EntityID() string
	EntityName() string
	// Refs lists the entity's references to other entities, each with the
	// JSON path of the field that holds it, relative to the entity.
	Refs() []FieldRef
}

// Ref points at one entity of an edition.
type Ref struct {
	Kind Kind
	ID   string
}

func (r Ref) String() string { return string(r.Kind) + "/" + r.ID }

// FieldRef is a reference held in a field: Path is relative to the entity
// ("members[2].unit").
type FieldRef struct {
	Path string
	To   Ref
}

func (m *Municipality) EntityKind() Kind   { return Municipalities }
func (m *Municipality) EntityID() string   { return m.ID }
func (m *Municipality) EntityName() string { return m.Name }
func (m *Municipality) Refs() []FieldRef   { return nil }

func (o *Organisation) EntityKind() Kind   { return Organisations }
func (o *Organisation) EntityID() string   { return o.ID }
func (o *Organisation) EntityName() string { return o.Name }
func (o *Organisation) Refs() []FieldRef {
	var refs refList
	refs.add("municipality", Municipalities, o.Municipality)
	return refs
}

func (u *Unit) EntityKind() Kind   { return Units }
func (u *Unit) EntityID() string   { return u.ID }
func (u *Unit) EntityName() string { return u.Name }
func (u *Unit) Refs() []FieldRef {
	var refs refList
	refs.add("organisation", Organisations, u.Organisation)
	refs.add("parent", Units, u.Parent)
	for i, m := range u.Municipalities {
		refs.add(fmt.Sprintf("municipalities[%d]", i), Municipalities, m)
	}
	for i, w := range u.Wishes {
		refs.add(fmt.Sprintf("wishes[%d].organisation", i), Organisations, w.Organisation)
		refs.add(fmt.Sprintf("wishes[%d].unit", i), Units, w.Unit)
		refs.add(fmt.Sprintf("wishes[%d].forum", i), Forums, w.Forum)
	}
	return refs
}

func (f *Forum) EntityKind() Kind   { return Forums }
func (f *Forum) EntityID() string   { return f.ID }
func (f *Forum) EntityName() string { return f.Name }
func (f *Forum) Refs() []FieldRef {
	var refs refList
	if f.Convener != nil {
		refs.add("convener.organisation", Organisations, f.Convener.Organisation)
		refs.add("convener.unit", Units, f.Convener.Unit)
	}
	for i, m := range f.Municipalities {
		refs.add(fmt.Sprintf("municipalities[%d]", i), Municipalities, m)
	}
	refs.add("parent", Forums, f.Parent)
	for i, m := range f.Members {
		refs.add(fmt.Sprintf("members[%d].unit", i), Units, m.Unit)
		refs.add(fmt.Sprintf("members[%d].organisation", i), Organisations, m.Organisation)
	}
	return refs
}

type refList []FieldRef

func (l *refList) add(path string, kind Kind, id string) {
	if id != "" {
		*l = append(*l, FieldRef{Path: path, To: Ref{Kind: kind, ID: id}})
	}
}

// CompareReferrers orders the entities that refer to one: by kind in
// document order, then id, then field, the field's indexes compared as
// numbers so that members[2] comes before members[10].
func CompareReferrers(a, b Referrer) int {
	return cmp.Or(
		cmp.Compare(slices.Index(Kinds, a.Kind), slices.Index(Kinds, b.Kind)),
		cmp.Compare(a.ID, b.ID),
		comparePaths(a.Field, b.Field),
	)
}

func comparePaths(a, b string) int {
	for a != "" && b != "" {
		if isDigit(a[0]) && isDigit(b[0]) {
			na, ra := leadingNumber(a)
			nb, rb := leadingNumber(b)
			if c := cmp.Compare(na, nb); c != 0 {
				return c
			}
			a, b = ra, rb
			continue
		}
		if c := cmp.Compare(a[0], b[0]); c != 0 {
			return c
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func leadingNumber(s string) (int, string) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	n, err := strconv.Atoi(s[:i])
	if err != nil {
		n = int(^uint(0) >> 1) // absurdly long: sort last
	}
	return n, s[i:]
}
