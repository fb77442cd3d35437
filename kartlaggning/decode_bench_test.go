package kartlaggning_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// nationalJSON is the national synthetic edition in the generator's own
// layout (one-space indent, 12.6 MB), as an import receives it.
func nationalJSON(b *testing.B) []byte {
	b.Helper()
	x := mustSynthetic(b, "national")
	data, err := json.MarshalIndent(x.Doc, "", " ")
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkDecodeJSONNational times the strict decoder on the largest
// edition: every import and restore pays it.
func BenchmarkDecodeJSONNational(b *testing.B) {
	data := nationalJSON(b)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		var doc kartlaggning.Document
		if err := kartlaggning.DecodeJSON(data, &doc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStrictPassNational times the pass DecodeJSON adds to
// encoding/json for duplicate keys and broken UTF-8, on its own.
func BenchmarkStrictPassNational(b *testing.B) {
	data := nationalJSON(b)
	b.SetBytes(int64(len(data)))
	t := reflect.TypeFor[*kartlaggning.Document]()
	for b.Loop() {
		if fields := kartlaggning.CheckStrict(data, t); len(fields) > 0 {
			b.Fatal(fields)
		}
	}
}

// BenchmarkValidateNational times the validation of the largest edition.
func BenchmarkValidateNational(b *testing.B) {
	doc := mustSynthetic(b, "national").Doc
	for b.Loop() {
		if err := doc.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}
