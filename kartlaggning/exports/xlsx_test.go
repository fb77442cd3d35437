package exports_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/exports"
)

func mustXLSX(tb testing.TB, doc *kartlaggning.Document) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := exports.WriteXLSX(&buf, doc); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// Export → import → export gives the same document, lists sorted by id.
func TestXLSXRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		name string
		doc  func(testing.TB) *kartlaggning.Document
	}{
		{"example", mustDemo},
		{"large", func(tb testing.TB) *kartlaggning.Document { return mustSynthetic(tb, "large") }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc := tt.doc(t)
			first, err := exports.ReadXLSX(bytes.NewReader(mustXLSX(t, doc)))
			if err != nil {
				t.Fatal(err)
			}
			if a, b := canonical(t, doc), canonical(t, first); a != b {
				t.Fatalf("export → import changed the document: %s", firstDifference(a, b))
			}
			second, err := exports.ReadXLSX(bytes.NewReader(mustXLSX(t, first)))
			if err != nil {
				t.Fatal(err)
			}
			if a, b := canonical(t, first), canonical(t, second); a != b {
				t.Fatalf("export → import → export changed the document: %s", firstDifference(a, b))
			}
		})
	}
}

// What a user sees on opening the workbook: the sheets in order, Swedish
// headers, and cells of the right type.
func TestXLSXLayout(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(mustXLSX(t, mustDemo(t))))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Kartläggning", "Kommuner", "Organisationer", "Enheter", "Önskad samverkan", "Forum", "Deltagare"}
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("sheets %v, want %v", got, want)
	}
	cells := []struct{ sheet, cell, want string }{
		{"Kartläggning", "A2", "År"},
		{"Kartläggning", "B2", "2019"},
		{"Kartläggning", "A3", "Titel"},
		{"Kommuner", "A1", "Id"},
		{"Kommuner", "C1", "Kommunkod"},
		{"Kommuner", "C2", "0643"},
		{"Enheter", "H1", "Vad fungerar bra idag?"},
		{"Forum", "D1", "Nivå"},
		{"Forum", "F1", "Möten per år, minst"},
		{"Forum", "A4", "chefsnatverk-arbete-delaktighet"},
		{"Forum", "F4", "6"},
		{"Forum", "G4", "8"},
		// Enumerations read as Swedish, with å, ä and ö (the import takes
		// the codes too).
		{"Forum", "E2", "Ja"},
		{"Forum", "C2", "Beredningsgrupp"},
		{"Forum", "D2", "Strategisk"},
		{"Deltagare", "A2", "beredningsgruppen"},
		{"Deltagare", "C2", "samordningsforbundet"},
		{"Deltagare", "B3", "mullsjo-integration-arbetsmarknad"},
		{"Deltagare", "E3", "integrationschef"},
		{"Önskad samverkan", "A2", "mullsjo-integration-arbetsmarknad"},
		{"Önskad samverkan", "B2", "fk"},
	}
	for _, c := range cells {
		if got, err := f.GetCellValue(c.sheet, c.cell); err != nil || got != c.want {
			t.Errorf("%s!%s = %q, %v; want %q", c.sheet, c.cell, got, err, c.want)
		}
	}
	// Numbers are numbers (Excel can sum them; a cell without a type is
	// one), the kommunkod is text.
	if typ, err := f.GetCellType("Forum", "F4"); err != nil || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
		t.Errorf("Forum!F4 has type %v, want a number", typ)
	}
	if typ, err := f.GetCellType("Kommuner", "C2"); err != nil || typ != excelize.CellTypeInlineString {
		t.Errorf("Kommuner!C2 has type %v, want text", typ)
	}
	dvs, err := f.GetDataValidations("Forum")
	if err != nil || len(dvs) == 0 {
		t.Fatalf("Forum has no drop-down lists: %v", err)
	}
	found := false
	for _, dv := range dvs {
		if strings.HasPrefix(dv.Sqref, "D2:") && strings.Contains(dv.Formula1, "Strategisk,Operativ,Individ") {
			found = true
		}
	}
	if !found {
		t.Errorf("no drop-down of levels on Forum column D: %+v", dvs[0])
	}
}

// editWorkbook writes the demo, applies edits with excelize as a user
// would in Excel, and returns the file.
func editWorkbook(t *testing.T, edit func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(mustXLSX(t, mustDemo(t))))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	edit(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func set(t *testing.T, f *excelize.File, sheet, cell string, v any) {
	t.Helper()
	if err := f.SetCellValue(sheet, cell, v); err != nil {
		t.Fatal(err)
	}
}

// Every error names the sheet, the row and the column, in words a user
// finds the cell by, and the workbook is refused whole.
func TestXLSXErrors(t *testing.T) {
	tests := []struct {
		name      string
		edit      func(t *testing.T, f *excelize.File)
		wantPath  string
		wantInMsg string
	}{
		{"bad level", func(t *testing.T, f *excelize.File) { set(t, f, "Forum", "D3", "hög") },
			"Bladet ”Forum”, rad 3, kolumn D (Nivå)", "strategisk, operativ, individ"},
		{"not a number", func(t *testing.T, f *excelize.File) { set(t, f, "Forum", "I5", "fyra") },
			"Bladet ”Forum”, rad 5, kolumn I (Hållna möten)", "heltal"},
		{"min above max", func(t *testing.T, f *excelize.File) { set(t, f, "Forum", "F4", 9) },
			"Bladet ”Forum”, rad 4, kolumn G (Möten per år, högst)", "inte vara mindre"},
		{"unknown member", func(t *testing.T, f *excelize.File) { set(t, f, "Deltagare", "B3", "finns-inte") },
			"Bladet ”Deltagare”, rad 3, kolumn B (Enhet)", `ingen enhet med id "finns-inte"`},
		{"member of no forum", func(t *testing.T, f *excelize.File) { set(t, f, "Deltagare", "A4", "inget-forum") },
			"Bladet ”Deltagare”, rad 4, kolumn A (Forum)", `"inget-forum" på bladet ”Forum”`},
		{"duplicate id", func(t *testing.T, f *excelize.File) {
			id, _ := f.GetCellValue("Enheter", "A2")
			set(t, f, "Enheter", "A3", id)
		}, "Bladet ”Enheter”, rad 3, kolumn A (Id)", "används redan"},
		{"bad id", func(t *testing.T, f *excelize.File) { set(t, f, "Kommuner", "A2", "Habo kommun") },
			"Bladet ”Kommuner”, rad 2, kolumn A (Id)", "a–z"},
		{"wish for a unit that does not exist", func(t *testing.T, f *excelize.File) { set(t, f, "Önskad samverkan", "C2", "saknas") },
			"Bladet ”Önskad samverkan”, rad 2, kolumn C (Med enhet)", `ingen enhet med id "saknas"`},
		{"year not a number", func(t *testing.T, f *excelize.File) { set(t, f, "Kartläggning", "B2", "tjugo") },
			"Bladet ”Kartläggning”, rad 2, kolumn B (År)", "heltal"},
		{"no title", func(t *testing.T, f *excelize.File) { set(t, f, "Kartläggning", "B3", "") },
			"Bladet ”Kartläggning”, rad 3, kolumn B (Titel)", "måste anges"},
		{"bad boolean", func(t *testing.T, f *excelize.File) { set(t, f, "Organisationer", "F2", "kanske") },
			"Bladet ”Organisationer”, rad 2, kolumn F (Part)", "ja eller nej"},
		{"unknown column", func(t *testing.T, f *excelize.File) { set(t, f, "Forum", "S1", "Färg") },
			"Bladet ”Forum”, rad 1, kolumn S", `Okänd kolumn "Färg"`},
		{"text without a header", func(t *testing.T, f *excelize.File) { set(t, f, "Kommuner", "E3", "anteckning") },
			"Bladet ”Kommuner”, rad 3, kolumn E", "saknar rubrik"},
		{"unknown sheet", func(t *testing.T, f *excelize.File) { f.NewSheet("Anteckningar") },
			"Bladet ”Anteckningar”", "känns inte igen"},
		{"no edition sheet", func(t *testing.T, f *excelize.File) {
			if err := f.SetSheetName("Kartläggning", "Blad1"); err != nil {
				t.Fatal(err)
			}
		}, "Bladet ”Kartläggning”", "saknas"},
		{"moved column", func(t *testing.T, f *excelize.File) {
			// Columns are found by header: move Nivå to the end, then break a level.
			if err := f.InsertCols("Forum", "D", 1); err != nil {
				t.Fatal(err)
			}
			set(t, f, "Forum", "D2", "")
			set(t, f, "Forum", "D1", "")
			set(t, f, "Forum", "E3", "låg")
		}, "Bladet ”Forum”, rad 3, kolumn E (Nivå)", "strategisk"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // excelize is slow under the race detector
			data := editWorkbook(t, func(f *excelize.File) { tt.edit(t, f) })
			doc, err := exports.ReadXLSX(bytes.NewReader(data))
			if doc != nil {
				t.Error("a workbook with an error gave a document")
			}
			e, ok := kartlaggning.AsError(err)
			if !ok || e.Code != kartlaggning.EINVALID {
				t.Fatalf("error %v, want invalid", err)
			}
			for _, fe := range e.Fields {
				if fe.Path == tt.wantPath {
					if !strings.Contains(fe.Message, tt.wantInMsg) {
						t.Errorf("message %q lacks %q", fe.Message, tt.wantInMsg)
					}
					return
				}
			}
			t.Errorf("no error at %q; got %+v", tt.wantPath, e.Fields)
		})
	}
}

// What Excel users type is read the way they mean it: labels for codes,
// a kommunkod that lost its zero, Ja for true, rows in any order.
func TestXLSXLenientInput(t *testing.T) {
	data := editWorkbook(t, func(f *excelize.File) {
		set(t, f, "Forum", "C2", "Styrgrupp")   // label
		set(t, f, "Forum", "D2", " Operativ ")  // label with spaces
		set(t, f, "Forum", "C3", "arendeforum") // the code, as older workbooks have it
		set(t, f, "Forum", "D3", "individ")
		set(t, f, "Kommuner", "C2", 643) // a number, as Excel makes it
		set(t, f, "Organisationer", "F2", "Nej")
		set(t, f, "Kartläggning", "B7", "Utkast")
		set(t, f, "Enheter", "F2", "habo\r\n mullsjo \n\n")
	})
	doc, err := exports.ReadXLSX(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	got := []string{doc.Forums[0].Kind, doc.Forums[0].Level, doc.Municipalities[0].Code, doc.Edition.Status, strings.Join(doc.Units[0].Municipalities, ","),
		doc.Forums[1].Kind, doc.Forums[1].Level}
	want := []string{"styrgrupp", "operativ", "0643", "draft", "habo,mullsjo", "arendeforum", "individ"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("read %q, want %q", got, want)
	}
	if doc.Organisations[0].Party {
		t.Error("Part Nej read as true")
	}
}

func TestXLSXNotAWorkbook(t *testing.T) {
	_, err := exports.ReadXLSX(strings.NewReader(`{"format": "kartlaggning/v1"}`))
	if kartlaggning.ErrorCode(err) != kartlaggning.EMALFORMED || !strings.Contains(err.Error(), "Excel-arbetsbok") {
		t.Errorf("error %v, want malformed naming Excel", err)
	}
}

// A text longer than a cell holds is refused, naming the cell, rather
// than cut short.
func TestXLSXRefusesTooLongText(t *testing.T) {
	doc := mustDemo(t)
	doc.Units[2].Description = strings.Repeat("å", 32768)
	err := exports.WriteXLSX(&bytes.Buffer{}, doc)
	e, ok := kartlaggning.AsError(err)
	if !ok || len(e.Fields) != 1 || e.Fields[0].Path != "Bladet ”Enheter”, rad 4, kolumn E (Uppdrag)" {
		t.Fatalf("error %v, want one naming Enheter row 4 column E", err)
	}
	doc.Units[2].Description = strings.Repeat("å", 32767)
	if err := exports.WriteXLSX(&bytes.Buffer{}, doc); err != nil {
		t.Errorf("a text that fits: %v", err)
	}
}

// BenchmarkWriteXLSXLarge times the workbook of the large synthetic
// edition (13 kommuner, 334 units, 624 forums, 3,963 members).
func BenchmarkWriteXLSXLarge(b *testing.B) {
	doc := mustSynthetic(b, "large")
	var size int
	for i := 0; i < b.N; i++ {
		var buf bytes.Buffer
		if err := exports.WriteXLSX(&buf, doc); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "bytes-xlsx")
}

// BenchmarkReadXLSXLarge times reading that workbook back, validation
// included.
func BenchmarkReadXLSXLarge(b *testing.B) {
	data := mustXLSX(b, mustSynthetic(b, "large"))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := exports.ReadXLSX(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
