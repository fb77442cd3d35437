package kartlaggning_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func TestNextEdition(t *testing.T) {
	doc := mustDemo(t)
	doc.Units[0].Review = &kartlaggning.Review{Status: "confirmed", Comment: "Stämmer.", At: "2019-03-01T10:00:00+01:00"}
	before, _ := json.Marshal(doc)

	next, err := kartlaggning.NextEdition(doc)
	if err != nil {
		t.Fatal(err)
	}
	if next.Edition.Year != 2020 || next.Edition.Status != "draft" {
		t.Errorf("next edition: year %d status %q, want 2020 draft", next.Edition.Year, next.Edition.Status)
	}
	if err := next.Validate(); err != nil {
		t.Errorf("the next edition is not valid: %v", err)
	}
	if got, _ := json.Marshal(doc); string(got) != string(before) {
		t.Fatal("NextEdition changed the document it started from")
	}
	if r := next.Units[0].Review; r == nil || *r != (kartlaggning.Review{Status: "not-sent"}) {
		t.Errorf("review %+v, want reset to not-sent without comment or time", r)
	}
	if next.Units[1].Review != nil {
		t.Errorf("a unit without a review got %+v", next.Units[1].Review)
	}
	for i, f := range next.Forums {
		if f.Held != nil {
			t.Errorf("forums[%d].held = %d, want unknown in the new year", i, *f.Held)
		}
	}
	// Everything else is the same, ids included, and shares no memory.
	same := *doc
	same.Edition.Year, same.Edition.Status = 2020, "draft"
	same.Units = append([]kartlaggning.Unit(nil), doc.Units...)
	same.Units[0].Review = next.Units[0].Review
	same.Forums = append([]kartlaggning.Forum(nil), doc.Forums...)
	for i := range same.Forums {
		same.Forums[i].Held = nil
	}
	if !reflect.DeepEqual(next, &same) {
		t.Error("the next edition differs from the old one in more than year, status, reviews and meetings held")
	}
	next.Forums[0].Members[0].Role = "ordforande"
	next.Units[2].TargetGroups = append(next.Units[2].TargetGroups[:0], "ändrad")
	if doc.Forums[0].Members[0].Role == "ordforande" || (len(doc.Units[2].TargetGroups) > 0 && doc.Units[2].TargetGroups[0] == "ändrad") {
		t.Error("the next edition shares lists with the old one")
	}
	if d := kartlaggning.CompareEditions(doc, next); len(d.Added.Forums)+len(d.Removed.Forums)+len(d.Members.Added) != 0 {
		t.Errorf("comparing with the next edition: %+v", d)
	}
}

func TestNextEditionAfter2100(t *testing.T) {
	doc := mustDemo(t)
	doc.Edition.Year = 2100
	_, err := kartlaggning.NextEdition(doc)
	if kartlaggning.ErrorCode(err) != kartlaggning.EINVALID {
		t.Fatalf("NextEdition(2100) = %v, want invalid", err)
	}
	fieldMessage(t, err, "edition.year")
}
