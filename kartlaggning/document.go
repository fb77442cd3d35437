package kartlaggning

import "fmt"

// Format is the value of a document's "format" field.
const Format = "kartlaggning/v1"

// Document is one edition in the interchange format kartlaggning/v1.
type Document struct {
	Format         string         `json:"format"`
	Edition        Edition        `json:"edition"`
	Municipalities []Municipality `json:"municipalities" validate:"dive"`
	Organisations  []Organisation `json:"organisations" validate:"dive"`
	Units          []Unit         `json:"units" validate:"dive"`
	Forums         []Forum        `json:"forums" validate:"dive"`
}

// Counts says how many entities of each kind a document holds.
type Counts struct {
	Municipalities int `json:"municipalities"`
	Organisations  int `json:"organisations"`
	Units          int `json:"units"`
	Forums         int `json:"forums"`
	Members        int `json:"members"`
}

// Counts counts the document's entities and forum members.
func (d *Document) Counts() Counts {
	c := Counts{Municipalities: len(d.Municipalities), Organisations: len(d.Organisations),
		Units: len(d.Units), Forums: len(d.Forums)}
	for _, f := range d.Forums {
		c.Members += len(f.Members)
	}
	return c
}

// Entities returns the document's entities of one kind, in document order.
func (d *Document) Entities(k Kind) []Entity {
	var out []Entity
	switch k {
	case Municipalities:
		for i := range d.Municipalities {
			out = append(out, &d.Municipalities[i])
		}
	case Organisations:
		for i := range d.Organisations {
			out = append(out, &d.Organisations[i])
		}
	case Units:
		for i := range d.Units {
			out = append(out, &d.Units[i])
		}
	case Forums:
		for i := range d.Forums {
			out = append(out, &d.Forums[i])
		}
	}
	return out
}

// Append adds an entity to the collection of its kind.
func (d *Document) Append(e Entity) {
	switch e := e.(type) {
	case *Municipality:
		d.Municipalities = append(d.Municipalities, *e)
	case *Organisation:
		d.Organisations = append(d.Organisations, *e)
	case *Unit:
		d.Units = append(d.Units, *e)
	case *Forum:
		d.Forums = append(d.Forums, *e)
	}
}

// Lookup answers questions about the other entities of an edition while an
// entity is validated: the document's own index on import, the store's
// transaction on a single write.
type Lookup interface {
	// Exists reports whether the entity exists.
	Exists(r Ref) bool
	// Parent returns the parent id of a unit or forum, "" if it has none.
	Parent(r Ref) string
}

// maxFieldErrors bounds the errors reported for one input: a broken
// 50,000-member import should not answer with 50,000 messages.
const maxFieldErrors = 200

// ValidateEntity checks one entity against the rules of the data model and
// against the rest of its edition. Paths in the error are relative to the
// entity ("members[0].unit").
func ValidateEntity(e Entity, look Lookup) error {
	fields := entityProblems(e, look, "")
	if len(fields) == 0 {
		return nil
	}
	return invalid(fields)
}

// ValidateEdition checks an edition's metadata; paths are its fields
// ("title").
func ValidateEdition(ed Edition) error {
	if fields := checkStruct(&ed, ""); len(fields) > 0 {
		return invalid(fields)
	}
	return nil
}

// Validate checks a whole document: the format, every entity, unique ids
// and every reference. Paths in the error are relative to the document
// ("forums[3].members[0].unit").
func (d *Document) Validate() error {
	var fields []FieldError
	if d.Format != Format {
		fields = append(fields, FieldError{Path: "format", Message: fmt.Sprintf("Format måste vara %q.", Format)})
	}
	fields = append(fields, checkStruct(&d.Edition, "edition.")...)

	index := docIndex{exists: map[Ref]bool{}, parent: map[Ref]string{}}
	firstAt := map[Ref]string{}
	for _, k := range Kinds {
		for i, e := range d.Entities(k) {
			r := Ref{Kind: k, ID: e.EntityID()}
			path := fmt.Sprintf("%s[%d]", k, i)
			if prev, dup := firstAt[r]; dup && r.ID != "" {
				fields = append(fields, FieldError{Path: path + ".id",
					Message: fmt.Sprintf("Id %q används redan av %s.", r.ID, prev)})
				continue
			}
			firstAt[r] = path
			index.exists[r] = true
			index.parent[r] = parentOf(e)
		}
	}
	for _, k := range Kinds {
		for i, e := range d.Entities(k) {
			if len(fields) >= maxFieldErrors {
				break
			}
			fields = append(fields, entityProblems(e, index, fmt.Sprintf("%s[%d].", k, i))...)
		}
	}
	if len(fields) == 0 {
		return nil
	}
	if len(fields) > maxFieldErrors {
		fields = fields[:maxFieldErrors]
	}
	return invalid(fields)
}

func invalid(fields []FieldError) *Error {
	msg := "Uppgifterna innehåller ett fel."
	if len(fields) > 1 {
		msg = fmt.Sprintf("Uppgifterna innehåller %d fel.", len(fields))
	}
	return &Error{Code: EINVALID, Message: msg, Fields: fields}
}

type docIndex struct {
	exists map[Ref]bool
	parent map[Ref]string
}

func (x docIndex) Exists(r Ref) bool   { return x.exists[r] }
func (x docIndex) Parent(r Ref) string { return x.parent[r] }

func parentOf(e Entity) string {
	switch e := e.(type) {
	case *Unit:
		return e.Parent
	case *Forum:
		return e.Parent
	}
	return ""
}

// entityProblems runs the tag rules, the references and the rules that span
// several fields of one entity.
func entityProblems(e Entity, look Lookup, prefix string) []FieldError {
	fields := checkStruct(e, prefix)
	bad := map[string]bool{}
	for _, f := range fields {
		bad[f.Path] = true
	}
	for _, r := range e.Refs() {
		if bad[prefix+r.Path] || !slugPattern.MatchString(r.To.ID) {
			continue // already reported as malformed
		}
		if r.To.Kind == e.EntityKind() && r.To.ID == e.EntityID() {
			fields = append(fields, FieldError{Path: prefix + r.Path,
				Message: fmt.Sprintf("%s kan inte hänvisa till sig själv.", Label(r.Path))})
			continue
		}
		if !look.Exists(r.To) {
			fields = append(fields, FieldError{Path: prefix + r.Path,
				Message: fmt.Sprintf("Det finns %s med id %q.", r.To.Kind.Words().None, r.To.ID)})
		}
	}
	if p := parentOf(e); p != "" && p != e.EntityID() && look.Exists(Ref{e.EntityKind(), p}) {
		if cycle(e, look) {
			fields = append(fields, FieldError{Path: prefix + "parent",
				Message: fmt.Sprintf("Överordnad %q skulle ge en cirkel: %q ligger redan under %s.",
					p, p, e.EntityKind().Words().The)})
		}
	}
	if f, ok := e.(*Forum); ok {
		fields = append(fields, forumProblems(f, prefix)...)
	}
	return fields
}

// cycle walks up from e's parent and reports whether it comes back to e.
func cycle(e Entity, look Lookup) bool {
	seen := map[string]bool{}
	for id := parentOf(e); id != ""; id = look.Parent(Ref{e.EntityKind(), id}) {
		if id == e.EntityID() {
			return true
		}
		if seen[id] {
			return false // a cycle above e that e is not part of
		}
		seen[id] = true
	}
	return false
}

func forumProblems(f *Forum, prefix string) []FieldError {
	var fields []FieldError
	seen := map[Ref]int{}
	for i, m := range f.Members {
		r := m.Ref()
		if r.ID == "" {
			continue
		}
		if j, dup := seen[r]; dup {
			fields = append(fields, FieldError{Path: fmt.Sprintf("%smembers[%d].%s", prefix, i, memberField(r)),
				Message: fmt.Sprintf("%q är redan deltagare (members[%d]).", r.ID, j)})
			continue
		}
		seen[r] = i
	}
	if f.Kind == "kontakt" {
		// A kontakt forum is a star around its convener (see the spec).
		if f.Convener == nil || f.Convener.Unit == "" {
			fields = append(fields, FieldError{Path: prefix + "convener.unit",
				Message: "Ett forum av typen kontakt måste ha en sammankallande enhet: den enhet vars kontakter det beskriver."})
		} else if _, ok := seen[Ref{Units, f.Convener.Unit}]; !ok {
			fields = append(fields, FieldError{Path: prefix + "convener.unit",
				Message: fmt.Sprintf("Den sammankallande enheten %q måste också vara deltagare i ett forum av typen kontakt.", f.Convener.Unit)})
		}
	}
	return fields
}

func memberField(r Ref) string {
	if r.Kind == Units {
		return "unit"
	}
	return "organisation"
}

// WithoutReviews returns a copy of the document without its units'
// påseende: the state and comments of a review are between the editor
// and the unit, not for the public readers of a published edition.
func (d *Document) WithoutReviews() *Document {
	out := *d
	out.Units = make([]Unit, len(d.Units))
	copy(out.Units, d.Units)
	for i := range out.Units {
		out.Units[i].Review = nil
	}
	return &out
}
