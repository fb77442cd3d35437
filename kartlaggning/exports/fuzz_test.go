package exports_test

import (
	"bytes"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/exports"
)

// FuzzReadXLSX: any file either reads as a document or gives a
// *kartlaggning.Error; nothing panics. The seeds are a real workbook and
// pieces of one (testdata/fuzz holds more the fuzzer found).
func FuzzReadXLSX(f *testing.F) {
	var book bytes.Buffer
	small := &kartlaggning.Document{Format: kartlaggning.Format,
		Edition:        kartlaggning.Edition{Year: 2019, Title: "T", Status: "draft"},
		Municipalities: []kartlaggning.Municipality{{ID: "mullsjo", Name: "Mullsjö", Code: "0642"}}}
	if err := exports.WriteXLSX(&book, small); err != nil {
		f.Fatal(err)
	}
	f.Add(book.Bytes())
	f.Add(book.Bytes()[:len(book.Bytes())/2])
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := exports.ReadXLSX(bytes.NewReader(data))
		if err == nil {
			if doc == nil {
				t.Fatal("no document and no error")
			}
			return
		}
		if _, ok := kartlaggning.AsError(err); !ok {
			t.Fatalf("%T %v is not a *kartlaggning.Error", err, err)
		}
	})
}
