package survey_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

func TestCarry(t *testing.T) {
	x := mustDemo(t)
	prev := survey.Answer{
		Description:  "Uppdraget.",
		TargetGroups: []string{"nyanlända"},
		WorksWell:    "Samlokaliseringen.",
		Forums: []survey.ForumAnswer{
			{Forum: "beredningsgruppen", Role: "ledamot", Still: "ja", Parties: []string{"af", "nedlagd-myndighet"}},
			{Forum: "arena-mullsjo", Still: "nej"},                             // left last year
			{Forum: "nedlagt-forum"},                                           // gone, no name
			{Forum: "nedlagt-forum-2", Name: "Nätverket som försvann"},         // gone, named: kept as text
			{Name: "ARENA-gruppen Habo", Kind: "arena", Convener: "borta-org"}, // now in the edition
			{Name: "Nätverk för KAA-samordnare", Kind: "natverk",
				Frequency: &kartlaggning.Frequency{Min: ptr(4), Max: ptr(4)}},
		},
		Wishes:  []survey.WishAnswer{{Organisation: "fk", Text: "FK"}, {Unit: "nedlagd-enhet", Text: "Enheten"}},
		Ratings: []survey.Rating{{Organisation: "af", Level: 3}},
		Custom:  map[string]string{"lokaler": "Ja"},
	}
	got := survey.Carry(prev, x)
	want := survey.Answer{
		Description:  "Uppdraget.",
		TargetGroups: []string{"nyanlända"},
		WorksWell:    "Samlokaliseringen.",
		Forums: []survey.ForumAnswer{
			{Forum: "beredningsgruppen", Role: "ledamot", Parties: []string{"af"}},
			{Name: "Nätverket som försvann"},
			{Forum: "arena-habo", Kind: "arena"},
			{Name: "Nätverk för KAA-samordnare", Kind: "natverk", Frequency: &kartlaggning.Frequency{Min: ptr(4), Max: ptr(4)}},
		},
		Wishes: []survey.WishAnswer{{Organisation: "fk", Text: "FK"}, {Text: "Enheten"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("carried:\n got %+v\nwant %+v", got, want)
	}
	// The carried answer is a valid start for next year's chef survey.
	s := survey.New(survey.Chef, 2020, time.Date(2020, 3, 31, 0, 0, 0, 0, time.UTC))
	if err := survey.ValidateAnswer(s, got); err != nil {
		t.Errorf("carried answer: %v", err)
	}
	if fields := survey.CheckRefs(got, x); len(fields) > 0 {
		t.Errorf("carried answer refers to what is gone: %v", fields)
	}
	// Carrying does not change last year's answer.
	if prev.Forums[0].Still != "ja" || len(prev.Forums[0].Parties) != 2 {
		t.Errorf("last year's answer changed: %+v", prev.Forums[0])
	}
}
