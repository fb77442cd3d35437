package exports

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// CSVContentType is the media type of the CSV files.
const CSVContentType = "text/csv; charset=utf-8"

// byteOrderMark makes Excel read the file as UTF-8: without it, a Swedish
// Excel guesses Windows-1252 and å, ä and ö come out wrong.
const byteOrderMark = "\uFEFF"

// CSVFileName returns the Swedish file name part of a table ("enheter"),
// and whether there is such a table.
func CSVFileName(table string) (string, bool) {
	for _, s := range sheets {
		if s.Slug == table {
			return s.File, true
		}
	}
	return "", false
}

// TableTitle returns the Swedish name of a table, as its sheet in the
// workbook is called ("Önskad samverkan").
func TableTitle(table string) string {
	for _, s := range sheets {
		if s.Slug == table {
			return s.Name
		}
	}
	return table
}

// WriteCSV writes one table of the workbook (Sheets names them) as CSV for
// the Swedish Excel: semicolons between fields (the comma is the decimal
// sign), UTF-8 with a byte order mark, CRLF line ends. Lists are one item
// per line inside a quoted field.
func WriteCSV(w io.Writer, doc *kartlaggning.Document, table string) error {
	var s *sheet
	for i := range sheets {
		if sheets[i].Slug == table {
			s = &sheets[i]
		}
	}
	if s == nil {
		return kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns ingen tabell %q. Tabellerna är: %s.", table, strings.Join(Sheets(), ", "))
	}
	if _, err := io.WriteString(w, byteOrderMark); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	record := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		record[i] = c.Header
	}
	if err := cw.Write(record); err != nil {
		return err
	}
	for _, row := range sheetRows(doc, s) {
		for i, c := range s.Columns {
			record[i] = defuse(cellText(row, c))
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// defuse keeps Excel from running a text as a formula (CSV injection): a
// field that starts like one gets a leading apostrophe. The workbook
// needs no such care, its cells are typed as text.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
