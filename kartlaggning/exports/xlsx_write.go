package exports

import (
	"fmt"
	"io"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// XLSXContentType is the media type of an Excel workbook.
const XLSXContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// maxCellChars is what one Excel cell holds, in UTF-16 units; excelize
// would cut a longer text short without a word.
const maxCellChars = 32767

// validationRows is how far down the drop-down lists reach: to the last
// row Excel has, so that every row a user adds gets them too.
const validationRows = 1048576

// WriteXLSX writes the edition as a workbook: the edition's fields on the
// first sheet, then one sheet per entity (and one each for forum members
// and wishes), with Swedish headers. ReadXLSX reads it back to the same
// document.
func WriteXLSX(w io.Writer, doc *kartlaggning.Document) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", editionSheet); err != nil {
		return err
	}
	if err := writeEditionSheet(f, st, &doc.Edition); err != nil {
		return err
	}
	for i := range sheets {
		if _, err := f.NewSheet(sheets[i].Name); err != nil {
			return err
		}
		if err := writeSheet(f, st, &sheets[i], sheetRows(doc, &sheets[i])); err != nil {
			return err
		}
	}
	// The first sheet is the active one already; SetActiveSheet would read
	// every streamed sheet back in (half the time of a large workbook).
	return f.Write(w)
}

type styles struct{ header, wrap, text int }

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	var err error
	st.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE6F0"}},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return st, err
	}
	st.wrap, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return st, err
	}
	// Number format 49 is "@", text: a kommunkod typed later keeps its zero.
	st.text, err = f.NewStyle(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top"}})
	return st, err
}

func writeEditionSheet(f *excelize.File, st styles, ed *kartlaggning.Edition) error {
	sw, err := f.NewStreamWriter(editionSheet)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 1, 28); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 2, 100); err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.header, Value: "Uppgift"},
		excelize.Cell{StyleID: st.header, Value: "Värde"}}); err != nil {
		return err
	}
	for i, c := range editionRows {
		v := labelled(cellValue(ed, c), c)
		if err := checkLength(v, editionSheet, i+2, 2, c.Header); err != nil {
			return err
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{excelize.Cell{StyleID: st.header, Value: c.Header},
			excelize.Cell{StyleID: st.wrap, Value: v}}); err != nil {
			return err
		}
	}
	// The lists go in before Flush, which writes them out with the sheet.
	for i, c := range editionRows {
		if c.Options != nil {
			if err := addDropDown(f, editionSheet, fmt.Sprintf("B%d", i+2), c.Options); err != nil {
				return err
			}
		}
	}
	return sw.Flush()
}

func writeSheet(f *excelize.File, st styles, s *sheet, rows []any) error {
	sw, err := f.NewStreamWriter(s.Name)
	if err != nil {
		return err
	}
	for i, c := range s.Columns {
		if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(s.Columns))
	for i, c := range s.Columns {
		header[i] = excelize.Cell{StyleID: st.header, Value: c.Header}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	values := make([]any, len(s.Columns))
	for r, row := range rows {
		for i, c := range s.Columns {
			v := labelled(cellValue(row, c), c)
			if err := checkLength(v, s.Name, r+2, i+1, c.Header); err != nil {
				return err
			}
			style := 0
			switch {
			case c.Wrap:
				style = st.wrap
			case c.Kommunkod:
				style = st.text
			}
			values[i] = excelize.Cell{StyleID: style, Value: v}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, values); err != nil {
			return err
		}
	}
	for i, c := range s.Columns {
		if c.Options == nil {
			continue
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := addDropDown(f, s.Name, fmt.Sprintf("%s2:%s%d", col, col, validationRows), c.Options); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// labelled writes an enumerated value as its Swedish label ("Nätverk",
// "Aktivt"), as a reader of the workbook expects; the import takes labels
// and codes alike (optionValue), so the round trip stays lossless.
func labelled(v any, c column) any {
	s, ok := v.(string)
	if !ok || c.Options == nil {
		return v
	}
	for _, o := range c.Options {
		if o.Value == s {
			return o.Label
		}
	}
	return v
}

// addDropDown offers the Swedish labels of an enumerated column as a
// list. Other text only gets a warning: the import also accepts the codes.
func addDropDown(f *excelize.File, sheetName, sqref string, options []kartlaggning.Option) error {
	codes := make([]string, len(options))
	for i, o := range options {
		codes[i] = o.Label
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	if err := dv.SetDropList(codes); err != nil {
		return err
	}
	dv.SetError(excelize.DataValidationErrorStyleWarning, "Okänt värde", "Välj ett av värdena i listan.")
	return f.AddDataValidation(sheetName, dv)
}

// checkLength refuses a text that one cell cannot hold rather than let it
// be cut short: an export must not lose anything. A string has no more
// UTF-16 units than bytes, so most need no counting.
func checkLength(v any, sheetName string, row, col int, header string) error {
	s, ok := v.(string)
	if !ok || len(s) <= maxCellChars || len(utf16.Encode([]rune(s))) <= maxCellChars {
		return nil
	}
	at := position(sheetName, row, col, header)
	msg := fmt.Sprintf("Texten är längre än de %d tecken som en cell i Excel rymmer. Exportera kartläggningen som JSON i stället, eller korta texten.", maxCellChars)
	return &kartlaggning.Error{Code: kartlaggning.EINVALID,
		Message: "Kartläggningen ryms inte i en Excel-arbetsbok: " + at + ". " + msg,
		Fields:  []kartlaggning.FieldError{{Path: at, Message: msg}}}
}

// position names a cell the way a user finds it in Excel.
func position(sheetName string, row, col int, header string) string {
	if col == 0 {
		return fmt.Sprintf("Bladet ”%s”, rad %d", sheetName, row)
	}
	name, _ := excelize.ColumnNumberToName(col)
	if header == "" {
		return fmt.Sprintf("Bladet ”%s”, rad %d, kolumn %s", sheetName, row, name)
	}
	return fmt.Sprintf("Bladet ”%s”, rad %d, kolumn %s (%s)", sheetName, row, name, header)
}
