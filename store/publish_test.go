package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/store"
)

// mustPublish publishes the edition and returns its new version.
func mustPublish(tb testing.TB, db *store.DB, year int) int64 {
	tb.Helper()
	v, err := db.SetEditionStatus(context.Background(), year, "published", kartlaggning.AnyVersion)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func TestSetEditionStatus(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		db := MustImportExample(t)
		_, v, _ := db.Edition(ctx, 2019)
		rev, _ := db.Revision(ctx, 2019)
		nv, err := db.SetEditionStatus(ctx, 2019, "published", v)
		if err != nil || nv != v+1 {
			t.Fatalf("SetEditionStatus(published) = %d, %v; want %d", nv, err, v+1)
		}
		ed, gv, _ := db.Edition(ctx, 2019)
		if ed.Status != "published" || gv != nv {
			t.Errorf("after publishing: status %q version %d", ed.Status, gv)
		}
		if eds, _ := db.Editions(ctx); len(eds) != 1 || eds[0].Status != "published" {
			t.Errorf("Editions() = %+v, want 2019 published", eds)
		}
		// The snapshot caches must see the new status.
		if nrev, _ := db.Revision(ctx, 2019); nrev == rev {
			t.Error("publishing kept the edition's revision")
		}
		// Publishing again writes nothing.
		if again, err := db.SetEditionStatus(ctx, 2019, "published", kartlaggning.AnyVersion); err != nil || again != nv {
			t.Errorf("publishing twice = %d, %v; want %d, nil", again, err, nv)
		}
		reopened, err := db.SetEditionStatus(ctx, 2019, "draft", nv)
		if err != nil || reopened != nv+1 {
			t.Fatalf("SetEditionStatus(draft) = %d, %v", reopened, err)
		}
		if ed, _, _ := db.Edition(ctx, 2019); ed.Status != "draft" || ed.Title != exampleDoc(t).Edition.Title {
			t.Errorf("after reopening: %+v", ed)
		}
	})

	t.Run("ErrStale", func(t *testing.T) {
		db := MustImportExample(t)
		_, err := db.SetEditionStatus(ctx, 2019, "published", 7)
		wantCode(t, err, kartlaggning.EPRECONDITION)
		if ed, _, _ := db.Edition(ctx, 2019); ed.Status != "draft" {
			t.Errorf("a stale publish changed the status to %q", ed.Status)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		db := MustImportExample(t)
		e := wantCode(t, func() error { _, err := db.SetEditionStatus(ctx, 2019, "locked", 0); return err }(), kartlaggning.EINVALID)
		if len(e.Fields) != 1 || e.Fields[0].Path != "status" {
			t.Errorf("fields %+v, want one at status", e.Fields)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		db := MustOpen(t)
		_, err := db.SetEditionStatus(ctx, 2019, "published", 0)
		wantCode(t, err, kartlaggning.ENOTFOUND)
	})
}

// Every write to a published edition is refused with a message that says
// why and how to reopen it, and changes nothing; after reopening, the same
// writes go through.
func TestPublishedEditionIsLocked(t *testing.T) {
	ctx := context.Background()
	newForum := &kartlaggning.Forum{ID: "nytt", Name: "Nytt", Kind: "natverk", Level: "operativ", Members: []kartlaggning.Member{}}
	writes := []struct {
		name  string
		write func(db *store.DB) error
	}{
		{"Create", func(db *store.DB) error { _, err := db.Create(ctx, 2019, newForum); return err }},
		{"Update", func(db *store.DB) error {
			v, err := db.Get(ctx, 2019, kartlaggning.Units, "enter")
			if err != nil {
				return err
			}
			v.Entity.(*kartlaggning.Unit).Name = "Ändrad"
			_, err = db.Update(ctx, 2019, v.Entity, v.Version)
			return err
		}},
		{"Delete", func(db *store.DB) error {
			return db.Delete(ctx, 2019, kartlaggning.Forums, "beredningsgruppen", kartlaggning.AnyVersion)
		}},
		{"UpdateEdition", func(db *store.DB) error {
			ed, v, err := db.Edition(ctx, 2019)
			if err != nil {
				return err
			}
			ed.Title = "Ny titel"
			_, err = db.UpdateEdition(ctx, ed, v)
			return err
		}},
		{"DeleteEdition", func(db *store.DB) error { return db.DeleteEdition(ctx, 2019, kartlaggning.AnyVersion) }},
		{"ImportReplace", func(db *store.DB) error {
			doc := exampleDoc(t)
			doc.Edition.Status = "draft"
			doc.Edition.Title = "Ersatt"
			_, err := db.Import(ctx, doc, true)
			return err
		}},
	}
	for _, w := range writes {
		t.Run(w.name, func(t *testing.T) {
			db := MustImportExample(t)
			mustPublish(t, db, 2019)
			before := mustExport(t, db, 2019)
			rev, _ := db.Revision(ctx, 2019)

			e := wantCode(t, w.write(db), kartlaggning.ECONFLICT)
			for _, want := range []string{"2019 är publicerad", "Öppna för ändringar igen", "/api/v1/editions/2019/reopen"} {
				if !strings.Contains(e.Message, want) {
					t.Errorf("message %q lacks %q", e.Message, want)
				}
			}
			if !bytes.Equal(mustExport(t, db, 2019), before) {
				t.Error("a refused write changed the edition")
			}
			if nrev, _ := db.Revision(ctx, 2019); nrev != rev {
				t.Error("a refused write changed the revision")
			}

			if _, err := db.SetEditionStatus(ctx, 2019, "draft", kartlaggning.AnyVersion); err != nil {
				t.Fatal(err)
			}
			if err := w.write(db); err != nil {
				t.Errorf("after reopening: %v", err)
			}
		})
	}
}

// A published edition can be imported as it is (a restore), and an
// ordinary import keeps the status the document has.
func TestImportKeepsPublishedStatus(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	if _, err := db.Import(ctx, exampleDoc(t), false); err != nil {
		t.Fatal(err)
	}
	if ed, _, _ := db.Edition(ctx, 2019); ed.Status != "published" {
		t.Errorf("imported status %q, want published as in the file", ed.Status)
	}
	if !bytes.Equal(mustExport(t, db, 2019), mustJSON(t, exampleDoc(t))) {
		t.Error("export differs from the imported published document")
	}
}
