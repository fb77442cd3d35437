package exports

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// maxErrors bounds the problems reported for one workbook, as the
// domain does for a document.
const maxErrors = 200

// ReadXLSX reads a workbook in the shape WriteXLSX writes (as a user has
// edited it) into a document and validates it, all or nothing. Every
// problem names its sheet, row and column. Codes and their Swedish labels
// are both accepted in the columns with fixed values; unknown sheets and
// columns are errors, not silently dropped.
func ReadXLSX(rd io.Reader) (*kartlaggning.Document, error) {
	data, err := readLimited(rd)
	if err != nil {
		return nil, err
	}
	if err := checkZip(data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true, UnzipSizeLimit: maxWorkbookBytes})
	if err != nil {
		return nil, kartlaggning.Errorf(kartlaggning.EMALFORMED,
			"Filen kunde inte läsas som en Excel-arbetsbok (.xlsx). Spara den i formatet Excel-arbetsbok och försök igen.")
	}
	defer f.Close()
	r := &xlsxReader{f: f, at: map[string]place{}, cols: map[string]map[string]int{}, editionRow: map[string]int{},
		unitAt: map[string]int{}, forumAt: map[string]int{},
		doc: &kartlaggning.Document{Format: kartlaggning.Format, Municipalities: []kartlaggning.Municipality{},
			Organisations: []kartlaggning.Organisation{}, Units: []kartlaggning.Unit{}, Forums: []kartlaggning.Forum{}}}
	if err := r.read(); err != nil {
		return nil, err
	}
	// Validate even when cells could not be read, so that one round of
	// corrections fixes the whole workbook; a cell already reported is
	// not reported again for the zero value it was left with.
	reported := map[string]bool{}
	for _, fe := range r.fields {
		reported[fe.Path] = true
	}
	if err := r.doc.Validate(); err != nil {
		e, ok := kartlaggning.AsError(err)
		if !ok {
			return nil, err
		}
		for _, fe := range e.Fields {
			if at := r.locate(fe.Path); !reported[at] {
				r.fail(at, fe.Message)
			}
		}
	}
	if len(r.fields) > 0 {
		return nil, r.invalid(r.fields)
	}
	return r.doc, nil
}

// place is where an entity, a member or a wish came from.
type place struct {
	sheet *sheet
	row   int
}

type xlsxReader struct {
	f      *excelize.File
	doc    *kartlaggning.Document
	fields []kartlaggning.FieldError
	// at maps the document path of an entity, member or wish
	// ("forums[3].members[0]") to its row.
	at map[string]place
	// cols maps, per sheet, a column's path to its column number in the
	// file (1 = A).
	cols       map[string]map[string]int
	editionRow map[string]int // edition field → row on the Kartläggning sheet
	// unitAt and forumAt find a unit or forum by id, for wishes and members.
	unitAt, forumAt map[string]int
}

func (r *xlsxReader) fail(at, msg string) {
	if len(r.fields) < maxErrors {
		r.fields = append(r.fields, kartlaggning.FieldError{Path: at, Message: msg})
	}
}

func (r *xlsxReader) invalid(fields []kartlaggning.FieldError) error {
	msg := "Arbetsboken innehåller ett fel."
	if len(fields) > 1 {
		msg = fmt.Sprintf("Arbetsboken innehåller %d fel.", len(fields))
	}
	return &kartlaggning.Error{Code: kartlaggning.EINVALID, Message: msg, Fields: fields}
}

func (r *xlsxReader) read() error {
	known := map[string]bool{editionSheet: true}
	names := []string{editionSheet}
	for _, s := range sheets {
		known[s.Name] = true
		names = append(names, s.Name)
	}
	present := map[string]bool{}
	for _, name := range r.f.GetSheetList() {
		present[name] = true
		if !known[name] {
			r.fail(fmt.Sprintf("Bladet ”%s”", name), fmt.Sprintf("Bladet känns inte igen. En arbetsbok för kartläggningen har bladen %s.", strings.Join(names, ", ")))
		}
	}
	if !present[editionSheet] {
		r.fail(fmt.Sprintf("Bladet ”%s”", editionSheet), "Bladet saknas: det anger kartläggningens år, titel och texter.")
	} else if err := r.readEdition(); err != nil {
		return err
	}
	// Members and wishes refer to forums and units: read those first,
	// whatever the order of the sheets in the file.
	for i := range sheets {
		if present[sheets[i].Name] {
			if err := r.readSheet(&sheets[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *xlsxReader) readEdition() error {
	return r.eachRow(editionSheet, func(num int, row []string) {
		label, value := cell(row, 0), cell(row, 1)
		if strings.TrimSpace(label) == "" && strings.TrimSpace(value) == "" {
			return
		}
		if num == 1 && strings.EqualFold(strings.TrimSpace(label), "Uppgift") {
			return // the header
		}
		c, ok := findColumn(editionRows, label)
		if !ok {
			r.fail(position(editionSheet, num, 1, ""), fmt.Sprintf("Okänd uppgift %q. Uppgifterna är: %s.", strings.TrimSpace(label), headers(editionRows)))
			return
		}
		if prev, dup := r.editionRow[c.Path]; dup {
			r.fail(position(editionSheet, num, 1, ""), fmt.Sprintf("Uppgiften %q finns redan på rad %d.", c.Header, prev))
			return
		}
		r.editionRow[c.Path] = num
		r.checkUnread(editionSheet, num, row, []string{"Uppgift", "Värde"}, make([]*column, 2))
		if msg := setCell(&r.doc.Edition, c, value); msg != "" {
			r.fail(position(editionSheet, num, 2, c.Header), msg)
		}
	})
}

// readSheet streams a sheet: the first row holds the headers, each
// further row becomes an entity, a member or a wish.
func (r *xlsxReader) readSheet(s *sheet) error {
	var header []string
	var byCol []*column
	cols := map[string]int{}
	r.cols[s.Name] = cols
	return r.eachRow(s.Name, func(rowNum int, cells []string) {
		if rowNum == 1 {
			header, byCol = cells, r.readHeader(s, cells, cols)
			return
		}
		r.checkUnread(s.Name, rowNum, cells, header, byCol)
		if blank(cells, byCol) {
			return
		}
		row := newRow(s)
		for j, c := range byCol {
			if c != nil {
				if msg := setCell(row, *c, cell(cells, j)); msg != "" {
					r.fail(position(s.Name, rowNum, j+1, c.Header), msg)
				}
			}
		}
		r.add(s, row, rowNum)
	})
}

// readHeader finds the columns by their headers, so they may be moved.
func (r *xlsxReader) readHeader(s *sheet, header []string, cols map[string]int) []*column {
	byCol := make([]*column, len(header))
	for j, h := range header {
		if strings.TrimSpace(h) == "" {
			continue
		}
		c, ok := findColumn(s.Columns, h)
		if !ok {
			r.fail(position(s.Name, 1, j+1, ""), fmt.Sprintf("Okänd kolumn %q. Kolumnerna på bladet är: %s.", strings.TrimSpace(h), headers(s.Columns)))
			continue
		}
		if prev, dup := cols[c.Path]; dup {
			name, _ := excelize.ColumnNumberToName(prev)
			r.fail(position(s.Name, 1, j+1, ""), fmt.Sprintf("Kolumnen %q finns redan i kolumn %s.", c.Header, name))
			continue
		}
		cols[c.Path] = j + 1
		byCol[j] = &c
	}
	return byCol
}

func newRow(s *sheet) any {
	switch s.Name {
	case municipalitySheet:
		return &kartlaggning.Municipality{}
	case organisationSheet:
		return &kartlaggning.Organisation{}
	case unitSheet:
		return &kartlaggning.Unit{}
	case wishSheet:
		return &wishRow{}
	case forumSheet:
		return &kartlaggning.Forum{Members: []kartlaggning.Member{}}
	case memberSheet:
		return &memberRow{}
	}
	panic("exports: unknown sheet " + s.Name)
}

// add puts a row's entity into the document and remembers where it was.
func (r *xlsxReader) add(s *sheet, row any, rowNum int) {
	d := r.doc
	at := place{sheet: s, row: rowNum}
	switch v := row.(type) {
	case *kartlaggning.Municipality:
		r.at[fmt.Sprintf("municipalities[%d]", len(d.Municipalities))] = at
		d.Municipalities = append(d.Municipalities, *v)
	case *kartlaggning.Organisation:
		r.at[fmt.Sprintf("organisations[%d]", len(d.Organisations))] = at
		d.Organisations = append(d.Organisations, *v)
	case *kartlaggning.Unit:
		r.at[fmt.Sprintf("units[%d]", len(d.Units))] = at
		firstIndex(r.unitAt, v.ID, len(d.Units))
		d.Units = append(d.Units, *v)
	case *kartlaggning.Forum:
		r.at[fmt.Sprintf("forums[%d]", len(d.Forums))] = at
		firstIndex(r.forumAt, v.ID, len(d.Forums))
		d.Forums = append(d.Forums, *v)
	case *wishRow:
		i, ok := r.owner(s, rowNum, "unit", v.Unit, unitSheet, r.unitAt)
		if ok {
			r.at[fmt.Sprintf("units[%d].wishes[%d]", i, len(d.Units[i].Wishes))] = at
			d.Units[i].Wishes = append(d.Units[i].Wishes, v.Wish)
		}
	case *memberRow:
		i, ok := r.owner(s, rowNum, "forum", v.Forum, forumSheet, r.forumAt)
		if ok {
			r.at[fmt.Sprintf("forums[%d].members[%d]", i, len(d.Forums[i].Members))] = at
			d.Forums[i].Members = append(d.Forums[i].Members, v.Member)
		}
	}
}

// firstIndex remembers where an id first occurs: the document's own
// duplicate check keeps the first of two equal ids too.
func firstIndex(m map[string]int, id string, i int) {
	if _, dup := m[id]; !dup {
		m[id] = i
	}
}

// owner finds the unit or forum a wish or member row belongs to.
func (r *xlsxReader) owner(s *sheet, rowNum int, path, id, ownerSheet string, index map[string]int) (int, bool) {
	c, _ := findColumnByPath(s.Columns, path)
	where := r.cell(s, rowNum, path, c.Header)
	if id == "" {
		r.fail(where, fmt.Sprintf("%s måste anges: vem raden hör till.", c.Header))
		return 0, false
	}
	if i, ok := index[id]; ok {
		return i, true
	}
	r.fail(where, fmt.Sprintf("Det finns ingen rad med id %q på bladet ”%s”.", id, ownerSheet))
	return 0, false
}

// cell names a cell by its sheet, row and the column of a path.
func (r *xlsxReader) cell(s *sheet, rowNum int, path, header string) string {
	if col := r.cols[s.Name][path]; col > 0 {
		return position(s.Name, rowNum, col, header)
	}
	if header == "" {
		return position(s.Name, rowNum, 0, "")
	}
	return fmt.Sprintf("Bladet ”%s”, rad %d (kolumnen ”%s” saknas)", s.Name, rowNum, header)
}

var indexSuffix = regexp.MustCompile(`\[\d+\]`)

// locate turns a document path from the validation into the cell it came
// from ("forums[3].members[0].unit" → Deltagare, its row, column Enhet).
func (r *xlsxReader) locate(path string) string {
	if field, ok := strings.CutPrefix(path, "edition."); ok {
		c, found := findColumnByPath(editionRows, field)
		row := r.editionRow[field]
		switch {
		case !found:
			return fmt.Sprintf("Bladet ”%s”", editionSheet)
		case row == 0:
			return fmt.Sprintf("Bladet ”%s” (raden ”%s” saknas)", editionSheet, c.Header)
		}
		return position(editionSheet, row, 2, c.Header)
	}
	for i := len(path); i > 0; i-- {
		if i < len(path) && path[i] != '.' {
			continue
		}
		p, ok := r.at[path[:i]]
		if !ok {
			continue
		}
		rest := ""
		if i < len(path) {
			rest = indexSuffix.ReplaceAllString(path[i+1:], "")
		}
		if rest == "" {
			return position(p.sheet.Name, p.row, 0, "")
		}
		c, found := findColumnByPath(p.sheet.Columns, p.sheet.ErrPrefix+rest)
		if !found {
			return position(p.sheet.Name, p.row, 0, "") + " (" + kartlaggning.Label(rest) + ")"
		}
		return r.cell(p.sheet, p.row, c.Path, c.Header)
	}
	return path
}

func findColumn(cols []column, header string) (column, bool) {
	header = strings.TrimSpace(header)
	for _, c := range cols {
		if strings.EqualFold(c.Header, header) {
			return c, true
		}
	}
	return column{}, false
}

func findColumnByPath(cols []column, path string) (column, bool) {
	for _, c := range cols {
		if c.Path == path {
			return c, true
		}
	}
	return column{}, false
}

func headers(cols []column) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Header
	}
	return strings.Join(out, ", ")
}

func cell(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

// checkUnread reports text in a column without a header: nothing would
// read it, and an import must not drop what a user wrote.
func (r *xlsxReader) checkUnread(sheetName string, rowNum int, cells, header []string, byCol []*column) {
	for j := len(byCol); j < len(cells) || j < len(header); j++ {
		byCol = append(byCol, nil)
	}
	for j, v := range cells {
		if strings.TrimSpace(v) != "" && strings.TrimSpace(cell(header, j)) == "" && byCol[j] == nil {
			r.fail(position(sheetName, rowNum, j+1, ""), "Cellen har ett innehåll men kolumnen saknar rubrik, så det skulle inte läsas. Ge kolumnen en rubrik från bladets första rad eller töm cellen.")
		}
	}
}

// blank reports whether a row has nothing in the columns that are read.
func blank(cells []string, byCol []*column) bool {
	for j, c := range byCol {
		if c != nil && strings.TrimSpace(cell(cells, j)) != "" {
			return false
		}
	}
	return true
}
