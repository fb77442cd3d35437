package kartlaggning_test

import (
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func TestMatrixHandMade(t *testing.T) {
	m := handMade().Matrix()
	var ids []string
	for _, p := range m.Parties {
		ids = append(ids, p.ID)
	}
	want := []string{"fk", "af", "region", "kommun-a", "kommun-b"} // document order; the ideell is no party
	if len(ids) != len(want) {
		t.Fatalf("parties %v, want %v", ids, want)
	}
	at := map[string]int{}
	for i, id := range ids {
		if id != want[i] {
			t.Fatalf("parties %v, want %v", ids, want)
		}
		at[id] = i
	}
	cell := func(a, b string) kartlaggning.MatrixCell { return m.Cells[at[a]][at[b]] }
	for _, tc := range []struct {
		a, b     string
		forums   int
		min, max int
		unknown  int
	}{
		// Aby kommun and FK meet only in the kontakt f2 (a-fs, the convener,
		// meets fk-1); in f5 FK sits with Bro and multi, not with Aby.
		{"kommun-a", "fk", 1, 0, 0, 1},
		// Aby and the Region: f2 (the convener meets reg-1) and f6.
		{"kommun-a", "region", 2, 0, 0, 2},
		// In the kontakt f2, fk-1 and reg-1 meet only the convener.
		{"fk", "region", 0, 0, 0, 0},
		{"kommun-a", "af", 2, 4, 6, 1},         // f1 (4–6) and f6 (unknown)
		{"kommun-a", "kommun-b", 1, 12, 12, 0}, // f4, Bro as an organisation-level member
		{"kommun-b", "fk", 1, 2, 2, 0},         // f5
		{"af", "region", 1, 0, 0, 1},           // f6
		// The diagonal: the forums a party takes part in.
		{"kommun-a", "kommun-a", 5, 16, 18, 3}, // f1, f2, f3, f4, f6
		{"fk", "fk", 2, 2, 2, 1},               // f2, f5
		{"kommun-b", "kommun-b", 2, 14, 14, 0}, // f4, f5
	} {
		c := cell(tc.a, tc.b)
		wantCell := kartlaggning.MatrixCell{Forums: tc.forums, MeetingsPerYear: kartlaggning.MeetingLoad{Min: tc.min, Max: tc.max, Unknown: tc.unknown}}
		if c != wantCell {
			t.Errorf("%s × %s = %+v, want %+v", tc.a, tc.b, c, wantCell)
		}
		if back := cell(tc.b, tc.a); back != c {
			t.Errorf("%s × %s = %+v but %s × %s = %+v", tc.a, tc.b, c, tc.b, tc.a, back)
		}
	}
}

// TestMatrixAgreesWithMeets checks every cell of the example edition's
// matrix against the definition: off the diagonal, the forums where some
// member of one party meets some member of the other (Forum.Meets).
func TestMatrixAgreesWithMeets(t *testing.T) {
	x := kartlaggning.NewIndex(mustDemo(t))
	m := x.Matrix()
	for i, p := range m.Parties {
		for j, q := range m.Parties {
			n := 0
			for fi := range x.Doc.Forums {
				f := &x.Doc.Forums[fi]
				if sharesForum(x, f, p.ID, q.ID) {
					n++
				}
			}
			if m.Cells[i][j].Forums != n {
				t.Errorf("%s × %s: %d forums, Meets says %d", p.ID, q.ID, m.Cells[i][j].Forums, n)
			}
		}
	}
}

func sharesForum(x *kartlaggning.Index, f *kartlaggning.Forum, p, q string) bool {
	for _, a := range f.Members {
		if x.OrganisationOf(a.Ref()) != p {
			continue
		}
		if p == q {
			return true
		}
		for _, b := range f.Members {
			if x.OrganisationOf(b.Ref()) == q && f.Meets(a.Ref(), b.Ref()) {
				return true
			}
		}
	}
	return false
}
