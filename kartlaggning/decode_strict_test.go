package kartlaggning_test

import (
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// encoding/json lets the last of two equal keys win, matches keys without
// regard to case, and replaces broken UTF-8 and lone surrogates with
// U+FFFD: a document would import as something other than what it says.
// The strict decoder names the path of each instead.
func TestDecodeJSONRejectsDuplicatesAndBrokenText(t *testing.T) {
	const (
		twice   = "Fältet förekommer två gånger."
		badUTF8 = "Texten är inte giltig UTF-8."
	)
	for _, tc := range []struct {
		name, json string
		path, text string
	}{
		{"duplicate key", `{"format": "kartlaggning/v1", "format": "x"}`, "format", twice},
		{"duplicate nested key", `{"forums": [{}, {}, {}, {"id": "a", "name": "A", "name": "B"}]}`, "forums[3].name", twice},
		{"duplicate object", `{"edition": {"year": 2019}, "edition": {"title": "T"}}`, "edition", twice},
		{"duplicate spelled with an escape", `{"units": [{"name": "A", "n\u0061me": "B"}]}`, "units[0].name", twice},
		{"duplicate in another case", `{"forums": [{"name": "A", "Name": "B"}]}`, "forums[0].Name", "Okänt fält"},
		{"key in another case", `{"edition": {"TITLE": "T"}}`, "edition.TITLE", "Okänt fält"},
		{"invalid UTF-8", "{\"forums\": [{}, {}, {}, {\"name\": \"Arena \xff\"}]}", "forums[3].name", badUTF8},
		{"Latin-1 å", "{\"units\": [{\"name\": \"V\xe5rd\"}]}", "units[0].name", badUTF8},
		{"invalid UTF-8 in a list", "{\"units\": [{\"target_groups\": [\"unga\", \"\xc3\"]}]}", "units[0].target_groups[1]", badUTF8},
		{"encoded surrogate", "{\"edition\": {\"title\": \"\xed\xa0\x80\"}}", "edition.title", badUTF8},
		{"lone high surrogate", `{"edition": {"title": "a\ud800b"}}`, "edition.title", badUTF8},
		{"lone low surrogate", `{"edition": {"title": "\udc00"}}`, "edition.title", badUTF8},
		{"high surrogate at the end", `{"units": [{"wishes": [{"text": "x\uD83D"}]}]}`, "units[0].wishes[0].text", badUTF8},
		{"reversed pair", `{"edition": {"title": "\ude00\ud83d"}}`, "edition.title", badUTF8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var doc kartlaggning.Document
			err := kartlaggning.DecodeJSON([]byte(tc.json), &doc)
			if got := kartlaggning.ErrorCode(err); got != kartlaggning.EINVALID {
				t.Fatalf("code %q, want %q (%v)", got, kartlaggning.EINVALID, err)
			}
			if msg := fieldMessage(t, err, tc.path); !strings.Contains(msg, tc.text) {
				t.Errorf("message %q does not say %q", msg, tc.text)
			}
		})
	}
}

// What is legal stays legal: escapes, pairs of surrogates, å ä ö written
// out or escaped, and the same key in different objects.
func TestDecodeJSONAcceptsWellFormedText(t *testing.T) {
	data := `{"edition": {"title": "Sm\u00e5 \ud83d\ude00 \"citat\" \\N", "period": "Hösten 2018 – Våren 2019"},
		"forums": [{"id": "a", "name": "A", "members": [{"unit": "x", "note": "rad 1\nrad 2"}]}, {"id": "b", "name": "B"}]}`
	var doc kartlaggning.Document
	if err := kartlaggning.DecodeJSON([]byte(data), &doc); err != nil {
		t.Fatal(err)
	}
	if want := "Små 😀 \"citat\" \\N"; doc.Edition.Title != want {
		t.Errorf("title %q, want %q", doc.Edition.Title, want)
	}
	if doc.Forums[1].Name != "B" || doc.Forums[0].Members[0].Note != "rad 1\nrad 2" {
		t.Errorf("forums %+v", doc.Forums)
	}
}
