package exports

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// Limits of a workbook that is read, checked before anything is unpacked
// (sizes) or while a sheet is streamed (rows, cells), so that a small
// file cannot take the memory, the disk or minutes of the service (a zip
// bomb). The national synthetic edition (5,146 units, 8,320 forums,
// 50,310 members) unpacks to 25 MB; its largest sheet, Deltagare, is
// 13 MB with 50,311 rows and 201,246 cells, and Forum has 149,778 cells.
// The limits leave room for four times that, and for Excel's own way of
// saving (shared strings, styles).
const (
	maxWorkbookBytes = 64 << 20 // the file, and all its parts unpacked
	maxPartBytes     = 32 << 20 // one part unpacked, e.g. a sheet's XML
	maxParts         = 1000     // a workbook has about twenty
	maxSheetRows     = 200_000  // filled rows of a sheet
	maxSheetCells    = 1_000_000
)

// readLimited reads the whole file, refusing one over the limit.
func readLimited(rd io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(rd, maxWorkbookBytes+1))
	if err != nil {
		return nil, kartlaggning.Errorf(kartlaggning.EMALFORMED, "Filen kunde inte läsas: %v", err)
	}
	if len(data) > maxWorkbookBytes {
		return nil, tooLarge("Arbetsboken", fmt.Sprintf("Filen är större än %d MiB, mer än någon kartläggning behöver.", maxWorkbookBytes>>20))
	}
	return data, nil
}

// checkZip checks the zip's central directory before anything is
// unpacked: the number of parts, the size of each and their total. The
// sizes are those the directory declares; archive/zip refuses a part
// that unpacks to more than its declared size, so they cannot lie. A
// file that is not a zip is left to the reader's usual message.
func checkZip(data []byte) error {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil
	}
	if len(z.File) > maxParts {
		return tooLarge("Arbetsboken", fmt.Sprintf("Arbetsboken består av %s delar; högst %s läses. En arbetsbok för kartläggningen har ett tjugotal.",
			grouped(uint64(len(z.File))), grouped(maxParts)))
	}
	sheets := sheetParts(z)
	var fields []kartlaggning.FieldError
	var total uint64
	for _, f := range z.File {
		total += f.UncompressedSize64
		if f.UncompressedSize64 <= maxPartBytes {
			continue
		}
		where, what := "Arbetsboken", fmt.Sprintf("Delen %s", f.Name)
		if name, ok := sheets[f.Name]; ok {
			where, what = fmt.Sprintf("Bladet ”%s”", name), "Bladet"
		}
		fields = append(fields, kartlaggning.FieldError{Path: where, Message: fmt.Sprintf(
			"%s packas upp till %s MiB; högst %d MiB läses. Ta bort det som inte hör till kartläggningen, eller dela upp den.",
			what, grouped(f.UncompressedSize64>>20), maxPartBytes>>20)})
	}
	if total > maxWorkbookBytes {
		fields = append(fields, kartlaggning.FieldError{Path: "Arbetsboken", Message: fmt.Sprintf(
			"Arbetsboken packas upp till %s MiB; högst %d MiB läses.", grouped(total>>20), maxWorkbookBytes>>20)})
	}
	if len(fields) == 0 {
		return nil
	}
	return &kartlaggning.Error{Code: kartlaggning.EINVALID, Message: "Arbetsboken är för stor.", Fields: fields}
}

func tooLarge(where, msg string) error {
	return &kartlaggning.Error{Code: kartlaggning.EINVALID, Message: "Arbetsboken är för stor.",
		Fields: []kartlaggning.FieldError{{Path: where, Message: msg}}}
}

// sheetParts maps the parts of the worksheets to their sheets' names, as
// far as the workbook's small index parts tell; for naming a sheet in a
// message only.
func sheetParts(z *zip.Reader) map[string]string {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if !decodePart(z, "xl/workbook.xml", &wb) || !decodePart(z, "xl/_rels/workbook.xml.rels", &rels) {
		return nil
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	out := map[string]string{}
	for _, s := range wb.Sheets {
		if t, ok := target[s.ID]; ok {
			out[t] = s.Name
		}
	}
	return out
}

// decodePart decodes a small part of the zip (at most 1 MiB is read).
func decodePart(z *zip.Reader, name string, v any) bool {
	for _, f := range z.File {
		if !strings.EqualFold(f.Name, name) {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return false
		}
		defer rc.Close()
		return xml.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(v) == nil
	}
	return false
}

// grouped writes a number with Swedish digit grouping: 200 000.
func grouped(n uint64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + " " + s[i:]
	}
	return s
}

// eachRow streams a sheet's rows to fn, numbered from 1, without holding
// more than one row: a sheet with more filled rows or cells than
// maxSheetRows or maxSheetCells is refused when it gets there, naming the
// sheet. Empty rows are skipped, as GetRows would leave them empty.
func (r *xlsxReader) eachRow(sheet string, fn func(num int, cells []string)) error {
	rows, err := r.f.Rows(sheet)
	if err != nil {
		return kartlaggning.Errorf(kartlaggning.EMALFORMED, "Bladet ”%s” kunde inte läsas.", sheet)
	}
	defer rows.Close()
	filled, cells := 0, 0
	for num := 1; rows.Next(); num++ {
		row, err := rows.Columns()
		if err != nil {
			return &kartlaggning.Error{Code: kartlaggning.EINVALID, Message: "Arbetsboken kunde inte läsas.",
				Fields: []kartlaggning.FieldError{{Path: position(sheet, num, 0, ""), Message: "Raden kunde inte läsas."}}}
		}
		if len(row) == 0 {
			continue
		}
		filled++
		cells += len(row)
		if filled > maxSheetRows {
			return tooLarge(fmt.Sprintf("Bladet ”%s”", sheet), fmt.Sprintf(
				"Bladet har fler än %s ifyllda rader; högst så många läses. Ta bort tomma eller överflödiga rader.", grouped(maxSheetRows)))
		}
		if cells > maxSheetCells {
			return tooLarge(fmt.Sprintf("Bladet ”%s”", sheet), fmt.Sprintf(
				"Bladet har fler än %s celler fram till radernas sista ifyllda cell; högst så många läses. Töm celler långt till höger om tabellen.", grouped(maxSheetCells)))
		}
		fn(num, row)
	}
	if err := rows.Error(); err != nil {
		return kartlaggning.Errorf(kartlaggning.EMALFORMED, "Bladet ”%s” kunde inte läsas.", sheet)
	}
	return nil
}
