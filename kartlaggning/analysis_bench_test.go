package kartlaggning_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/synthetic"
)

// mustSynthetic returns the shared index of a synthetic edition; it
// skips, saying why, without python3 or the generator.
func mustSynthetic(tb testing.TB, preset string) *kartlaggning.Index {
	tb.Helper()
	x, err := synthetic.Index(preset, 2019)
	if errors.Is(err, synthetic.ErrNoGenerator) {
		tb.Skip(err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return x
}

// TestOverlapsFindTwins: the generator makes a near-twin of every 25th
// forum (the same members, one fewer when it has more than three). Each
// twin of a forum with at least two members must come out as an overlap
// with its original at the default threshold.
func TestOverlapsFindTwins(t *testing.T) {
	x := mustSynthetic(t, "small")
	list, err := x.Overlaps(0.5, "")
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, o := range list {
		found[o.A+" "+o.B] = true
	}
	twins := 0
	for _, f := range x.Doc.Forums {
		original, ok := strings.CutSuffix(f.ID, "-tvilling")
		if !ok {
			continue
		}
		twins++
		if len(x.Forums[original].Members) < 2 {
			continue
		}
		if !found[original+" "+f.ID] {
			t.Errorf("twin %s of %s is not found as an overlap", f.ID, original)
		}
	}
	if twins == 0 {
		t.Fatal("the small preset has no twins: has the generator changed?")
	}
}

func benchmarkPresets(b *testing.B, run func(b *testing.B, x *kartlaggning.Index)) {
	for _, preset := range []string{"large", "national"} {
		b.Run(preset, func(b *testing.B) {
			x := mustSynthetic(b, preset)
			b.ResetTimer()
			run(b, x)
		})
	}
}

// BenchmarkSummary summarises the first municipality (each has the same
// number of units in the synthetic data).
func BenchmarkSummary(b *testing.B) {
	benchmarkPresets(b, func(b *testing.B, x *kartlaggning.Index) {
		for b.Loop() {
			if _, err := x.Summarise(x.Doc.Municipalities[0].ID); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkOverlaps(b *testing.B) {
	benchmarkPresets(b, func(b *testing.B, x *kartlaggning.Index) {
		var n int
		for b.Loop() {
			list, err := x.Overlaps(0.5, "")
			if err != nil {
				b.Fatal(err)
			}
			n = len(list)
		}
		b.ReportMetric(float64(n), "overlaps")
	})
}

func BenchmarkMatrix(b *testing.B) {
	benchmarkPresets(b, func(b *testing.B, x *kartlaggning.Index) {
		for b.Loop() {
			x.Matrix()
		}
	})
}

func BenchmarkMetrics(b *testing.B) {
	benchmarkPresets(b, func(b *testing.B, x *kartlaggning.Index) {
		for b.Loop() {
			x.Metrics()
		}
	})
}

func BenchmarkNetwork(b *testing.B) {
	benchmarkPresets(b, func(b *testing.B, x *kartlaggning.Index) {
		for b.Loop() {
			if _, err := x.Network(""); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkNetworkMunicipality takes the first municipality's part.
func BenchmarkNetworkMunicipality(b *testing.B) {
	benchmarkPresets(b, func(b *testing.B, x *kartlaggning.Index) {
		for b.Loop() {
			if _, err := x.Network(x.Doc.Municipalities[0].ID); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkCoverage(b *testing.B) {
	benchmarkPresets(b, func(b *testing.B, x *kartlaggning.Index) {
		for b.Loop() {
			if _, err := x.Coverage(""); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkOverlapGroups(b *testing.B) {
	benchmarkPresets(b, func(b *testing.B, x *kartlaggning.Index) {
		var n int
		for b.Loop() {
			list, err := x.OverlapGroups(kartlaggning.DefaultGroupMin, "")
			if err != nil {
				b.Fatal(err)
			}
			n = len(list)
		}
		b.ReportMetric(float64(n), "groups")
	})
}

func BenchmarkCompareEditions(b *testing.B) {
	x := mustSynthetic(b, "large")
	next, err := kartlaggning.NextEdition(x.Doc)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		kartlaggning.CompareEditions(x.Doc, next)
	}
}

// BenchmarkTrends follows the first municipality and its first unit
// through five editions of the large preset.
func BenchmarkTrends(b *testing.B) {
	var editions []*kartlaggning.Index
	for year := 2019; year < 2024; year++ {
		x, err := synthetic.Index("large", year)
		if errors.Is(err, synthetic.ErrNoGenerator) {
			b.Skip(err)
		}
		if err != nil {
			b.Fatal(err)
		}
		editions = append(editions, x)
	}
	first := editions[0].Doc
	for _, scope := range []kartlaggning.Ref{{Kind: kartlaggning.Municipalities, ID: first.Municipalities[0].ID}, {Kind: kartlaggning.Units, ID: first.Units[0].ID}} {
		b.Run(string(scope.Kind), func(b *testing.B) {
			for b.Loop() {
				if _, err := kartlaggning.Trends(editions, scope); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
