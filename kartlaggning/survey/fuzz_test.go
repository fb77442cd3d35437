package survey_test

import (
	"encoding/json"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

// FuzzAnswer sends whatever a stranger could post as an answer through
// the checks, and what passes them through compiling and applying: none
// may panic, and every entity Apply returns is valid.
func FuzzAnswer(f *testing.F) {
	for _, a := range []survey.Answer{chefAnswer(), personalAnswer(), mullsjoResponse().Answer} {
		b, _ := json.Marshal(a)
		f.Add(b)
	}
	f.Add([]byte(`{"forums":[{"name":"ARENA Habo","parties":["af","af"],"frequency":{"min":3,"max":2}}]}`))
	f.Add([]byte(`{"forums":[{"forum":"arena-habo","still":"nej"},{"name":"arena habo"}],"custom":{"lokaler":"\u0000"}}`))
	x := mustDemo(f)
	s := chefSurvey()
	s.Ratings = true
	f.Fuzz(func(t *testing.T, data []byte) {
		var a survey.Answer
		if json.Unmarshal(data, &a) != nil {
			return
		}
		if survey.ValidateAnswer(s, a) != nil || len(survey.CheckRefs(a, x)) > 0 {
			return
		}
		r := survey.Response{ID: "f", Year: 2019, Unit: mullsjo, Status: survey.Submitted, Answer: a}
		for _, p := range survey.Compile(x, r, made) {
			_ = survey.Describe(p, x)
			e, err := survey.Apply(p, x)
			if err != nil {
				if c := kartlaggning.ErrorCode(err); c != kartlaggning.EINVALID && c != kartlaggning.ECONFLICT {
					t.Fatalf("%s: %v", p.Op, err)
				}
				continue
			}
			if err := kartlaggning.ValidateEntity(e, x); err != nil {
				t.Fatalf("%s gave an invalid entity: %v", p.Op, err)
			}
		}
		_ = survey.Carry(a, x)
	})
}
