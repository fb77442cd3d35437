package exports_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/demo"
	"github.com/kartlaggning/kartlaggning/kartlaggning/synthetic"
)

func mustDemo(tb testing.TB) *kartlaggning.Document {
	tb.Helper()
	doc, err := demo.Document()
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

// mustSynthetic generates a synthetic edition with the shared generator;
// it skips, saying why, where the generator or python3 is missing.
func mustSynthetic(tb testing.TB, preset string) *kartlaggning.Document {
	tb.Helper()
	doc, err := synthetic.Edition(preset, 2019)
	if errors.Is(err, synthetic.ErrNoGenerator) {
		tb.Skip(err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

// canonical is a document as JSON with every list sorted by id (members
// and wishes keep their order inside their owner), so that two documents
// that hold the same entities compare equal.
func canonical(tb testing.TB, doc *kartlaggning.Document) string {
	tb.Helper()
	d := *doc
	d.Municipalities = slices.Clone(d.Municipalities)
	slices.SortFunc(d.Municipalities, func(a, b kartlaggning.Municipality) int { return strings.Compare(a.ID, b.ID) })
	d.Organisations = slices.Clone(d.Organisations)
	slices.SortFunc(d.Organisations, func(a, b kartlaggning.Organisation) int { return strings.Compare(a.ID, b.ID) })
	d.Units = slices.Clone(d.Units)
	slices.SortFunc(d.Units, func(a, b kartlaggning.Unit) int { return strings.Compare(a.ID, b.ID) })
	d.Forums = slices.Clone(d.Forums)
	slices.SortFunc(d.Forums, func(a, b kartlaggning.Forum) int { return strings.Compare(a.ID, b.ID) })
	data, err := json.MarshalIndent(&d, "", " ")
	if err != nil {
		tb.Fatal(err)
	}
	return string(data)
}

// firstDifference shows where two long texts part, for a failure message.
func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + strings.TrimSpace(al[i]) + " ≠ " + strings.TrimSpace(bl[i])
		}
	}
	return "lengths differ"
}
