package store_test

import (
	"context"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/store"
)

func TestEditions(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	eds, err := db.Editions(ctx)
	if err != nil || eds == nil || len(eds) != 0 {
		t.Fatalf("Editions() of a new file = %#v, %v; want an empty list", eds, err)
	}
	for _, y := range []int{2019, 2021, 2020} {
		if _, err := db.CreateEdition(ctx, kartlaggning.Edition{Year: y, Title: "Kartläggning", Status: "draft"}); err != nil {
			t.Fatal(err)
		}
	}
	eds, err = db.Editions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []kartlaggning.EditionInfo{
		{Year: 2021, Title: "Kartläggning", Status: "draft"},
		{Year: 2020, Title: "Kartläggning", Status: "draft"},
		{Year: 2019, Title: "Kartläggning", Status: "draft"},
	}
	if len(eds) != len(want) {
		t.Fatalf("Editions() = %+v, want %+v", eds, want)
	}
	for i := range want {
		if eds[i] != want[i] {
			t.Errorf("Editions()[%d] = %+v, want %+v", i, eds[i], want[i])
		}
	}
}

func TestCreateEdition(t *testing.T) {
	ctx := context.Background()
	ed := kartlaggning.Edition{Year: 2020, Title: "Kartläggning 2020", Federation: "Förbundet", Status: "draft"}

	t.Run("OK", func(t *testing.T) {
		db := MustOpen(t)
		v, err := db.CreateEdition(ctx, ed)
		if err != nil || v != 1 {
			t.Fatalf("CreateEdition = %d, %v; want 1", v, err)
		}
		got, v, err := db.Edition(ctx, 2020)
		if err != nil || got != ed || v != 1 {
			t.Errorf("Edition(2020) = %+v, %d, %v", got, v, err)
		}
		doc, err := db.Export(ctx, 2020)
		if err != nil || len(doc.Forums) != 0 || doc.Forums == nil {
			t.Errorf("Export of a new edition = %+v, %v", doc, err)
		}
	})

	t.Run("ErrExists", func(t *testing.T) {
		db := MustImportExample(t)
		_, err := db.CreateEdition(ctx, kartlaggning.Edition{Year: 2019, Title: "Igen", Status: "draft"})
		e := wantCode(t, err, kartlaggning.ECONFLICT)
		if len(e.Fields) != 1 || e.Fields[0].Path != "year" {
			t.Errorf("fields %+v, want one at year", e.Fields)
		}
		if got, _, _ := db.Edition(ctx, 2019); got.Title == "Igen" {
			t.Error("the existing edition was overwritten")
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		db := MustOpen(t)
		_, err := db.CreateEdition(ctx, kartlaggning.Edition{Year: 1999, Status: "klar"})
		e := wantCode(t, err, kartlaggning.EINVALID)
		paths := map[string]bool{}
		for _, f := range e.Fields {
			paths[f.Path] = true
		}
		if len(e.Fields) != 3 || !paths["year"] || !paths["title"] || !paths["status"] {
			t.Errorf("fields %+v, want year, title and status without the edition. prefix", e.Fields)
		}
		if eds, _ := db.Editions(ctx); len(eds) != 0 {
			t.Errorf("an invalid edition was stored: %+v", eds)
		}
	})
}

func TestUpdateEdition(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		db := MustImportExample(t)
		ed, v, err := db.Edition(ctx, 2019)
		if err != nil {
			t.Fatal(err)
		}
		ed.Status = "draft"
		nv, err := db.UpdateEdition(ctx, ed, v)
		if err != nil || nv != v+1 {
			t.Fatalf("UpdateEdition = %d, %v; want %d", nv, err, v+1)
		}
		if got, gv, _ := db.Edition(ctx, 2019); got != ed || gv != nv {
			t.Errorf("Edition(2019) = %+v version %d", got, gv)
		}
		// The entities are untouched.
		if list, err := db.List(ctx, 2019, kartlaggning.Forums); err != nil || len(list) != 83 {
			t.Errorf("forums after UpdateEdition: %d, %v", len(list), err)
		}
	})

	t.Run("ErrStale", func(t *testing.T) {
		db := MustImportExample(t)
		ed, _, _ := db.Edition(ctx, 2019)
		ed.Title = "Ny titel"
		_, err := db.UpdateEdition(ctx, ed, 5)
		e := wantCode(t, err, kartlaggning.EPRECONDITION)
		if e.Message != "Någon annan har ändrat kartläggningen sedan du hämtade den (version 1 finns nu)." {
			t.Errorf("message %q", e.Message)
		}
		if got, _, _ := db.Edition(ctx, 2019); got.Title == "Ny titel" {
			t.Error("a stale update was written")
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		db := MustImportExample(t)
		ed, v, _ := db.Edition(ctx, 2019)
		ed.Title = ""
		_, err := db.UpdateEdition(ctx, ed, v)
		e := wantCode(t, err, kartlaggning.EINVALID)
		if len(e.Fields) != 1 || e.Fields[0].Path != "title" {
			t.Errorf("fields %+v, want one at title", e.Fields)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		db := MustImportExample(t)
		_, err := db.UpdateEdition(ctx, kartlaggning.Edition{Year: 2020, Title: "x", Status: "draft"}, kartlaggning.AnyVersion)
		wantCode(t, err, kartlaggning.ENOTFOUND)
	})
}

func TestDeleteEdition(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		db := MustImportExample(t)
		if err := db.DeleteEdition(ctx, 2019, 1); err != nil {
			t.Fatal(err)
		}
		_, _, err := db.Edition(ctx, 2019)
		wantCode(t, err, kartlaggning.ENOTFOUND)
		// The year is free again, with nothing left over.
		if _, err := db.Import(ctx, exampleDoc(t), false); err != nil {
			t.Fatal(err)
		}
		checkIndex(t, db, 2019)
	})

	t.Run("ErrStale", func(t *testing.T) {
		db := MustImportExample(t)
		err := db.DeleteEdition(ctx, 2019, 2)
		wantCode(t, err, kartlaggning.EPRECONDITION)
		if _, _, err := db.Edition(ctx, 2019); err != nil {
			t.Error(err)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		db := MustOpen(t)
		err := db.DeleteEdition(ctx, 2019, kartlaggning.AnyVersion)
		wantCode(t, err, kartlaggning.ENOTFOUND)
	})
}

// ImportDemo loads the example only into a file that has never held an
// edition, marks it Demo, and the mark survives edits but not a replace.
func TestImportDemo(t *testing.T) {
	ctx := context.Background()
	demoFlag := func(db *store.DB) bool {
		t.Helper()
		eds, err := db.Editions(ctx)
		if err != nil || len(eds) != 1 {
			t.Fatalf("Editions() = %+v, %v", eds, err)
		}
		return eds[0].Demo
	}

	db := MustOpen(t)
	if loaded, err := db.ImportDemo(ctx, exampleDoc(t)); !loaded || err != nil {
		t.Fatalf("ImportDemo on a new file = %v, %v", loaded, err)
	}
	if !demoFlag(db) {
		t.Fatal("the demo edition is not marked Demo")
	}
	ed, v, _ := db.Edition(ctx, 2019)
	// The file says published; the demo must be open for a new user to try.
	if ed.Status != "draft" {
		t.Fatalf("the demo edition has status %q, want draft", ed.Status)
	}
	ed.Title = "Vår egen titel"
	if _, err := db.UpdateEdition(ctx, ed, v); err != nil {
		t.Fatal(err)
	}
	if !demoFlag(db) {
		t.Error("editing the demo's metadata removed the Demo mark")
	}
	doc := exampleDoc(t)
	doc.Units[0].Name = "Egen enhet"
	doc.Edition.Status = "draft" // it is deleted below
	if _, err := db.Import(ctx, doc, true); err != nil {
		t.Fatal(err)
	}
	if demoFlag(db) {
		t.Error("a user's own document replacing the demo is marked Demo")
	}

	// A removed demo stays removed.
	_, v, _ = db.Edition(ctx, 2019)
	if err := db.DeleteEdition(ctx, 2019, v); err != nil {
		t.Fatal(err)
	}
	if loaded, err := db.ImportDemo(ctx, exampleDoc(t)); loaded || err != nil {
		t.Errorf("ImportDemo into a used file = %v, %v; want false, nil", loaded, err)
	}

	// Importing the example file by hand is a user's own import.
	other := MustOpen(t)
	if _, err := other.Import(ctx, exampleDoc(t), false); err != nil {
		t.Fatal(err)
	}
	if demoFlag(other) {
		t.Error("an ordinary import is marked Demo")
	}
}
