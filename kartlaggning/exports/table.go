// Package exports turns an edition into the files people open in the
// tools they already use, and back: an Excel workbook (read and written),
// semicolon-separated CSV for the Swedish Excel, and the collaboration
// graph as GraphML and GEXF for Gephi and networkx.
//
// The workbook and the CSV files share one description of the sheets
// (this file): a column is a Swedish header and the JSON path of the
// field it holds, so that writing, reading and naming the cell of a
// validation error all follow from the same table.
package exports

import (
	"reflect"
	"strings"
	"sync"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// column is one column of a sheet.
type column struct {
	Header string
	// Path is the JSON path of the field in the sheet's row struct
	// ("frequency.min").
	Path string
	// Options are the codes an enumerated field allows; a cell may hold
	// the code or its Swedish label.
	Options []kartlaggning.Option
	// ID marks an id or a reference: surrounding spaces are dropped.
	ID bool
	// Kommunkod marks SCB's four-digit code, which Excel likes to turn
	// into a number without its leading zero.
	Kommunkod bool
	Width     float64
	Wrap      bool // long text or a list: wrap in the cell
}

// sheet is one sheet of the workbook, or one CSV file.
type sheet struct {
	Name string // the sheet's Swedish name
	Slug string // the CSV's name in URLs ("units")
	File string // the CSV's Swedish file name ("enheter")
	// ErrPrefix turns a path relative to the entity a validation error
	// names into the row struct's path ("unit" → "member.unit").
	ErrPrefix string
	Columns   []column
}

// Sheet names. The edition sheet comes first: it says which year the
// workbook is.
const (
	editionSheet      = "Kartläggning"
	municipalitySheet = "Kommuner"
	organisationSheet = "Organisationer"
	unitSheet         = "Enheter"
	wishSheet         = "Önskad samverkan"
	forumSheet        = "Forum"
	memberSheet       = "Deltagare"
)

// memberRow is one row of the Deltagare sheet: a seat and its forum.
type memberRow struct {
	Forum  string              `json:"forum"`
	Member kartlaggning.Member `json:"member"`
}

// wishRow is one row of the Önskad samverkan sheet: a wish and the unit
// that has it.
type wishRow struct {
	Unit string            `json:"unit"`
	Wish kartlaggning.Wish `json:"wish"`
}

var yesNo = []kartlaggning.Option{{Value: "ja", Label: "Ja"}, {Value: "nej", Label: "Nej"}}

// editionRows are the rows of the Kartläggning sheet: one field each,
// label in column A, value in column B.
var editionRows = []column{
	{Header: "År", Path: "year"},
	{Header: "Titel", Path: "title"},
	{Header: "Förbund", Path: "federation"},
	{Header: "Period", Path: "period"},
	{Header: "Författare", Path: "author"},
	{Header: "Status", Path: "status", Options: kartlaggning.EditionStatuses},
	{Header: "Bakgrund", Path: "background"},
	{Header: "Syfte", Path: "purpose"},
	{Header: "Genomförande och metod", Path: "method"},
	{Header: "Sammanfattande reflektion", Path: "reflection"},
	{Header: "Avslutande kommentar", Path: "closing"},
}

// Column widths in Excel's units (characters).
const (
	idWidth   = 30
	nameWidth = 40
	textWidth = 60
	listWidth = 30
	enumWidth = 18
)

// sheets are the entity sheets in workbook order. The CSV files are the
// same tables.
var sheets = []sheet{
	{Name: municipalitySheet, Slug: "municipalities", File: "kommuner", Columns: []column{
		{Header: "Id", Path: "id", ID: true, Width: idWidth},
		{Header: "Namn", Path: "name", Width: nameWidth},
		{Header: "Kommunkod", Path: "code", Kommunkod: true, Width: 12},
	}},
	{Name: organisationSheet, Slug: "organisations", File: "organisationer", Columns: []column{
		{Header: "Id", Path: "id", ID: true, Width: idWidth},
		{Header: "Namn", Path: "name", Width: nameWidth},
		{Header: "Förkortning", Path: "short", Width: 12},
		{Header: "Typ", Path: "kind", Options: kartlaggning.OrganisationKinds, Width: enumWidth},
		{Header: "Kommun", Path: "municipality", ID: true, Width: idWidth},
		{Header: "Part", Path: "party", Options: yesNo, Width: 8},
	}},
	{Name: unitSheet, Slug: "units", File: "enheter", Columns: []column{
		{Header: "Id", Path: "id", ID: true, Width: idWidth},
		{Header: "Organisation", Path: "organisation", ID: true, Width: idWidth},
		{Header: "Namn", Path: "name", Width: nameWidth},
		{Header: "Överordnad enhet", Path: "parent", ID: true, Width: idWidth},
		{Header: "Uppdrag", Path: "description", Width: textWidth, Wrap: true},
		{Header: "Kommuner", Path: "municipalities", ID: true, Width: listWidth, Wrap: true},
		{Header: "Målgrupper", Path: "target_groups", Width: listWidth, Wrap: true},
		{Header: "Vad fungerar bra idag?", Path: "works_well", Width: textWidth, Wrap: true},
		{Header: "Vad behöver utvecklas?", Path: "needs_development", Width: textWidth, Wrap: true},
		{Header: "Påseende", Path: "review.status", Options: kartlaggning.ReviewStatuses, Width: enumWidth},
		{Header: "Påseende, kommentar", Path: "review.comment", Width: textWidth, Wrap: true},
		{Header: "Påseende, tidpunkt", Path: "review.at", Width: 26},
	}},
	{Name: wishSheet, Slug: "wishes", File: "onskad-samverkan", ErrPrefix: "wish.", Columns: []column{
		{Header: "Enhet", Path: "unit", ID: true, Width: idWidth},
		{Header: "Med organisation", Path: "wish.organisation", ID: true, Width: idWidth},
		{Header: "Med enhet", Path: "wish.unit", ID: true, Width: idWidth},
		{Header: "I forum", Path: "wish.forum", ID: true, Width: idWidth},
		{Header: "Önskemål", Path: "wish.text", Width: textWidth, Wrap: true},
	}},
	{Name: forumSheet, Slug: "forums", File: "forum", Columns: []column{
		{Header: "Id", Path: "id", ID: true, Width: idWidth},
		{Header: "Namn", Path: "name", Width: nameWidth},
		{Header: "Typ", Path: "kind", Options: kartlaggning.ForumKinds, Width: enumWidth},
		{Header: "Nivå", Path: "level", Options: kartlaggning.Levels, Width: enumWidth},
		{Header: "Formellt forum", Path: "formal", Options: yesNo, Width: 10},
		{Header: "Möten per år, minst", Path: "frequency.min", Width: 12},
		{Header: "Möten per år, högst", Path: "frequency.max", Width: 12},
		{Header: "Mötesfrekvens (text)", Path: "frequency.text", Width: nameWidth, Wrap: true},
		{Header: "Hållna möten", Path: "held", Width: 12},
		{Header: "Sammankallande organisation", Path: "convener.organisation", ID: true, Width: idWidth},
		{Header: "Sammankallande enhet", Path: "convener.unit", ID: true, Width: idWidth},
		{Header: "Omfattning", Path: "scope", Options: kartlaggning.Scopes, Width: enumWidth},
		{Header: "Kommuner", Path: "municipalities", ID: true, Width: listWidth, Wrap: true},
		{Header: "Målgrupper", Path: "target_groups", Width: listWidth, Wrap: true},
		{Header: "Syfte", Path: "purpose", Width: textWidth, Wrap: true},
		{Header: "Överordnat forum", Path: "parent", ID: true, Width: idWidth},
		{Header: "Överenskommelse", Path: "agreement", Width: nameWidth},
		{Header: "Status", Path: "status", Options: kartlaggning.Statuses, Width: enumWidth},
	}},
	{Name: memberSheet, Slug: "members", File: "deltagare", ErrPrefix: "member.", Columns: []column{
		{Header: "Forum", Path: "forum", ID: true, Width: idWidth},
		{Header: "Enhet", Path: "member.unit", ID: true, Width: idWidth},
		{Header: "Organisation", Path: "member.organisation", ID: true, Width: idWidth},
		{Header: "Roll", Path: "member.role", Options: kartlaggning.Roles, Width: enumWidth},
		{Header: "Representant (befattning)", Path: "member.representative", Width: nameWidth},
		{Header: "Anteckning", Path: "member.note", Width: textWidth, Wrap: true},
	}},
}

// Sheets returns the CSV names of the entity tables, in workbook order.
func Sheets() []string {
	out := make([]string, len(sheets))
	for i, s := range sheets {
		out[i] = s.Slug
	}
	return out
}

// sheetRows returns the rows of a sheet: pointers to the entities, or to
// the rows of members and wishes.
func sheetRows(doc *kartlaggning.Document, s *sheet) []any {
	var out []any
	switch s.Name {
	case municipalitySheet:
		for i := range doc.Municipalities {
			out = append(out, &doc.Municipalities[i])
		}
	case organisationSheet:
		for i := range doc.Organisations {
			out = append(out, &doc.Organisations[i])
		}
	case unitSheet:
		for i := range doc.Units {
			out = append(out, &doc.Units[i])
		}
	case wishSheet:
		for _, u := range doc.Units {
			for _, w := range u.Wishes {
				out = append(out, &wishRow{Unit: u.ID, Wish: w})
			}
		}
	case forumSheet:
		for i := range doc.Forums {
			out = append(out, &doc.Forums[i])
		}
	case memberSheet:
		for _, f := range doc.Forums {
			for _, m := range f.Members {
				out = append(out, &memberRow{Forum: f.ID, Member: m})
			}
		}
	}
	return out
}

// fieldAt walks a JSON path through structs. With alloc it creates the
// nil pointers on the way (for setting); without, it reports false at a
// nil pointer (an empty cell).
func fieldAt(v reflect.Value, path string, alloc bool) (reflect.Value, bool) {
	for _, i := range fieldIndexes(v.Type(), path) {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !alloc {
					return reflect.Value{}, false
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(i)
	}
	return v, true
}

type fieldKey struct {
	t    reflect.Type
	path string
}

// fieldCache keeps the field indexes of each path: a large workbook has
// tens of thousands of cells and only a few dozen paths.
var fieldCache sync.Map // fieldKey → []int

func fieldIndexes(t reflect.Type, path string) []int {
	key := fieldKey{t, path}
	if idx, ok := fieldCache.Load(key); ok {
		return idx.([]int)
	}
	var idx []int
	for _, name := range strings.Split(path, ".") {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		i, ok := structField(t, name)
		if !ok {
			panic("exports: no field " + path + " in " + key.t.String())
		}
		idx = append(idx, i)
		t = t.Field(i).Type
	}
	fieldCache.Store(key, idx)
	return idx
}

// structField finds a struct field by its JSON name.
func structField(t reflect.Type, name string) (int, bool) {
	for i := 0; i < t.NumField(); i++ {
		if n, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); n == name {
			return i, true
		}
	}
	return 0, false
}
