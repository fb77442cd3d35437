package store_test

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func hasReferrer(refs []kartlaggning.Referrer, kind kartlaggning.Kind, id, field string) bool {
	return slices.ContainsFunc(refs, func(r kartlaggning.Referrer) bool {
		return r.Kind == kind && r.ID == id && r.Field == field
	})
}

func equalReferrers(a, b []kartlaggning.Referrer) bool { return slices.Equal(a, b) }

func itoa(n int) string { return strconv.Itoa(n) }

func TestReferrers(t *testing.T) {
	db := MustImportExample(t)
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// jonkoping-forsorjningsstod is the parent of units and a member of
		// many forums, some more than once (convener and member).
		refs, err := db.Referrers(ctx, 2019, kartlaggning.Ref{Kind: kartlaggning.Units, ID: "jonkoping-forsorjningsstod"})
		if err != nil {
			t.Fatal(err)
		}
		if !hasReferrer(refs, kartlaggning.Units, "jonkoping-fs-raslatt", "parent") ||
			!hasReferrer(refs, kartlaggning.Forums, "jonkoping-fs-individsamverkan", "convener.unit") ||
			!hasReferrer(refs, kartlaggning.Forums, "jonkoping-fs-individsamverkan", "members[0].unit") {
			t.Errorf("referrers lack expected rows: %+v", refs)
		}
		// Units (third kind) before forums (fourth), then by id and field.
		sorted := slices.IsSortedFunc(refs, func(a, b kartlaggning.Referrer) int {
			ka, kb := slices.Index(kartlaggning.Kinds, a.Kind), slices.Index(kartlaggning.Kinds, b.Kind)
			if ka != kb {
				return ka - kb
			}
			if a.ID != b.ID {
				if a.ID < b.ID {
					return -1
				}
				return 1
			}
			return 0
		})
		if !sorted {
			t.Errorf("referrers not sorted by kind and id: %+v", refs)
		}
		for _, r := range refs {
			if r.Name == "" {
				t.Errorf("referrer without a name: %+v", r)
			}
		}
	})

	t.Run("NumericFieldOrder", func(t *testing.T) {
		// A unit that wishes for enter in wishes[1] and wishes[10]: as text,
		// "wishes[10]" would sort first.
		u := &kartlaggning.Unit{ID: "onskar", Organisation: "fk", Name: "Önskar"}
		for i := range 11 {
			w := kartlaggning.Wish{Organisation: "af", Text: "Mer."}
			if i == 1 || i == 10 {
				w = kartlaggning.Wish{Unit: "enter", Text: "Mer."}
			}
			u.Wishes = append(u.Wishes, w)
		}
		if _, err := db.Create(ctx, 2019, u); err != nil {
			t.Fatal(err)
		}
		refs, err := db.Referrers(ctx, 2019, kartlaggning.Ref{Kind: kartlaggning.Units, ID: "enter"})
		if err != nil {
			t.Fatal(err)
		}
		var fields []string
		for _, r := range refs {
			if r.ID == "onskar" {
				fields = append(fields, r.Field)
			}
		}
		if !slices.Equal(fields, []string{"wishes[1].unit", "wishes[10].unit"}) {
			t.Errorf("fields %v, want wishes[1] before wishes[10]", fields)
		}
		checkIndex(t, db, 2019)
	})

	t.Run("None", func(t *testing.T) {
		refs, err := db.Referrers(ctx, 2019, kartlaggning.Ref{Kind: kartlaggning.Forums, ID: "arena-habo"})
		if err != nil || refs == nil || len(refs) != 0 {
			t.Errorf("Referrers(arena-habo) = %#v, %v; want an empty list", refs, err)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := db.Referrers(ctx, 2019, kartlaggning.Ref{Kind: kartlaggning.Units, ID: "x"})
		wantCode(t, err, kartlaggning.ENOTFOUND)
		_, err = db.Referrers(ctx, 2018, kartlaggning.Ref{Kind: kartlaggning.Units, ID: "enter"})
		wantCode(t, err, kartlaggning.ENOTFOUND)
		_, err = db.Referrers(ctx, 2019, kartlaggning.Ref{Kind: "people", ID: "enter"})
		wantCode(t, err, kartlaggning.ENOTFOUND)
	})
}
