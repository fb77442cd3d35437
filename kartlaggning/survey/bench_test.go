package survey_test

import (
	"errors"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
	"github.com/kartlaggning/kartlaggning/kartlaggning/synthetic"
)

func benchIndex(b *testing.B, preset string) *kartlaggning.Index {
	if preset == "example" {
		return mustDemo(b)
	}
	x, err := synthetic.Index(preset, 2019)
	if errors.Is(err, synthetic.ErrNoGenerator) {
		b.Skip(err)
	}
	if err != nil {
		b.Fatal(err)
	}
	return x
}

// BenchmarkCompile compiles 300 chef answers (one op is all 300), the
// issue's target being 1 s: one by one as a page compiles each answer
// when it is submitted, and at once as the proposals page recompiles
// an edition's answers.
func BenchmarkCompile(b *testing.B) {
	for _, preset := range []string{"example", "large"} {
		x := benchIndex(b, preset)
		rs := chefAnswers(x, 300)
		b.Run(preset+"/one-by-one", func(b *testing.B) {
			n := 0
			for b.Loop() {
				for _, r := range rs {
					n += len(survey.Compile(x, r, made))
				}
			}
			b.ReportMetric(float64(n)/float64(b.N), "proposals/op")
		})
		b.Run(preset+"/all", func(b *testing.B) {
			for b.Loop() {
				survey.CompileAll(x, rs, made)
			}
		})
	}
}
