package survey_test

import (
	"errors"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
	"github.com/kartlaggning/kartlaggning/kartlaggning/synthetic"
)

// TestCompileApplyCompileMany accepts the proposals of many answers in
// turn, as an editor working through a year's answers, and checks after
// each answer that compiling it again proposes nothing, and at the end
// that the edition is still valid.
func TestCompileApplyCompileMany(t *testing.T) {
	for _, preset := range []string{"example", "small"} {
		t.Run(preset, func(t *testing.T) {
			var doc *kartlaggning.Document
			if preset == "example" {
				doc = mustDemo(t).Doc
			} else {
				d, err := synthetic.Edition(preset, 2019)
				if errors.Is(err, synthetic.ErrNoGenerator) {
					t.Skip(err)
				}
				if err != nil {
					t.Fatal(err)
				}
				doc = d
			}
			x := kartlaggning.NewIndex(doc)
			rs := chefAnswers(x, 80)
			s := survey.New(survey.Chef, 2019, made)
			proposed, accepted := 0, 0
			for _, r := range rs {
				if err := survey.ValidateAnswer(s, r.Answer); err != nil {
					t.Fatalf("%s: the fixture's answer is not valid: %v", r.ID, err)
				}
				if fields := survey.CheckRefs(r.Answer, x); len(fields) > 0 {
					t.Fatalf("%s: %v", r.ID, fields)
				}
				ps := survey.Compile(x, r, made)
				proposed += len(ps)
				for _, p := range ps {
					if survey.State(p, x) != survey.StateApplicable {
						continue
					}
					e, err := survey.Apply(p, x)
					if kartlaggning.ErrorCode(err) == kartlaggning.EINVALID {
						continue // e.g. the hub of a kontakt forum leaving it: the editor must decide
					}
					if err != nil {
						t.Fatalf("%s %s %s: %v", r.ID, p.Op, p.Target, err)
					}
					x = write(x, e)
					accepted++
				}
				for _, p := range survey.Compile(x, r, made) {
					if survey.State(p, x) != survey.StateApplicable {
						t.Errorf("%s: after accepting, a proposal that is %s: %s %s", r.ID, survey.State(p, x), p.Op, p.Target)
						continue
					}
					if _, err := survey.Apply(p, x); kartlaggning.ErrorCode(err) != kartlaggning.EINVALID {
						t.Errorf("%s: after accepting, still proposed: %s %s %s (%v)", r.ID, p.Op, p.Target, p.Field, err)
					}
				}
			}
			if err := x.Doc.Validate(); err != nil {
				t.Errorf("the edition after accepting: %v", err)
			}
			t.Logf("%d answers: %d proposals, %d accepted", len(rs), proposed, accepted)
			if accepted < len(rs) {
				t.Errorf("only %d proposals accepted for %d answers", accepted, len(rs))
			}
		})
	}
}
