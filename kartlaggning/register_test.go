package kartlaggning_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// answerLike stands for another domain package's type: its long text
// may hold newlines once registered, its title may not.
type answerLike struct {
	Title string   `json:"title" validate:"required"`
	Story string   `json:"story_text"`
	Steps []string `json:"steps" validate:"omitempty,len=2"`
	Day   string   `json:"day" validate:"omitempty,datetime=2006-01-02"`
}

func init() {
	kartlaggning.RegisterMultiline(reflect.TypeFor[answerLike](), "story_text")
	kartlaggning.RegisterLabels(map[string]string{"story_text": "Berättelse", "title": "Rubrik"})
}

func TestRegisterForAnotherPackage(t *testing.T) {
	if got := kartlaggning.Check(&answerLike{Title: "T", Story: "Rad ett\r\nRad två\tmed tabb"}, "answer."); len(got) != 0 {
		t.Errorf("a registered long text with newlines: %v", got)
	}
	got := kartlaggning.Check(&answerLike{Title: "T\nU", Steps: []string{"a"}, Day: "2019-02-30"}, "answer.")
	want := map[string]string{
		// "title" keeps the edition's label: a package may add labels, not change them.
		"answer.title": "Titel får inte innehålla radbrytningar eller tabbtecken.",
		"answer.steps": "steps måste ha exakt 2 värden.",
		"answer.day":   "day ska vara ett datum, t.ex. 2019-03-01.",
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for _, f := range got {
		if want[f.Path] != f.Message {
			t.Errorf("%s: %q, want %q", f.Path, f.Message, want[f.Path])
		}
	}
	if fe, ok := kartlaggning.CheckText("answer.story_text", "Hej\x00", true); ok || !strings.HasPrefix(fe.Message, "Berättelse innehåller ett otillåtet styrtecken (U+0000)") {
		t.Errorf("CheckText: %v %+v", ok, fe)
	}
	if _, ok := kartlaggning.CheckText("answer.story_text", "Hej\nhopp", true); !ok {
		t.Error("CheckText refused a newline in a long text")
	}
	if fe, ok := kartlaggning.CheckText("x.title", "Hej\nhopp", false); ok || fe.Path != "x.title" {
		t.Errorf("CheckText let a newline into a one-line text: %+v", fe)
	}
}
