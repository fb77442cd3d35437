package store_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/store"
)

func ids(list []kartlaggning.Versioned) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = v.Entity.EntityID()
	}
	return out
}

func mustGet(tb testing.TB, db *store.DB, kind kartlaggning.Kind, id string) kartlaggning.Versioned {
	tb.Helper()
	v, err := db.Get(context.Background(), 2019, kind, id)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func TestList(t *testing.T) {
	db := MustImportExample(t)
	ctx := context.Background()
	doc := exampleDoc(t)

	t.Run("OK", func(t *testing.T) {
		for _, k := range kartlaggning.Kinds {
			list, err := db.List(ctx, 2019, k)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, e := range doc.Entities(k) {
				want = append(want, e.EntityID())
			}
			if got := ids(list); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s in order %v, want document order %v", k, got, want)
			}
		}
	})
	t.Run("Empty", func(t *testing.T) {
		if _, err := db.CreateEdition(ctx, kartlaggning.Edition{Year: 2020, Title: "Tom", Status: "draft"}); err != nil {
			t.Fatal(err)
		}
		list, err := db.List(ctx, 2020, kartlaggning.Units)
		if err != nil || list == nil || len(list) != 0 {
			t.Errorf("List of an empty kind = %#v, %v; want an empty, non-nil list", list, err)
		}
	})
	t.Run("ErrNoEdition", func(t *testing.T) {
		_, err := db.List(ctx, 2018, kartlaggning.Units)
		wantCode(t, err, kartlaggning.ENOTFOUND)
	})
	t.Run("ErrUnknownKind", func(t *testing.T) {
		_, err := db.List(ctx, 2019, "people")
		wantCode(t, err, kartlaggning.ENOTFOUND)
	})
}

func TestGet(t *testing.T) {
	db := MustImportExample(t)
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		v := mustGet(t, db, kartlaggning.Forums, "aas")
		f, ok := v.Entity.(*kartlaggning.Forum)
		if !ok || f.Parent != "gps" || v.Version != 1 {
			t.Errorf("Get(forums/aas) = %#v version %d", v.Entity, v.Version)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := db.Get(ctx, 2019, kartlaggning.Units, "x")
		e := wantCode(t, err, kartlaggning.ENOTFOUND)
		if e.Message != `Det finns ingen enhet med id "x" i 2019.` {
			t.Errorf("message %q", e.Message)
		}
		_, err = db.Get(ctx, 2019, kartlaggning.Forums, "x")
		if e := wantCode(t, err, kartlaggning.ENOTFOUND); e.Message != `Det finns inget forum med id "x" i 2019.` {
			t.Errorf("message %q", e.Message)
		}
	})
	t.Run("ErrNoEdition", func(t *testing.T) {
		_, err := db.Get(ctx, 2018, kartlaggning.Units, "enter")
		e := wantCode(t, err, kartlaggning.ENOTFOUND)
		if e.Message != "Det finns ingen kartläggning för år 2018." {
			t.Errorf("message %q", e.Message)
		}
	})
}

func TestCreate(t *testing.T) {
	ctx := context.Background()
	unit := func() *kartlaggning.Unit {
		return &kartlaggning.Unit{ID: "habo-ny-enhet", Organisation: "habo-kommun", Name: "Ny enhet",
			Parent: "habo-integration", Municipalities: []string{"habo"}}
	}

	t.Run("OK", func(t *testing.T) {
		db := MustImportExample(t)
		v, err := db.Create(ctx, 2019, unit())
		if err != nil {
			t.Fatal(err)
		}
		if v != 1 {
			t.Errorf("version %d, want 1", v)
		}
		got := mustGet(t, db, kartlaggning.Units, "habo-ny-enhet")
		if !bytes.Equal(mustJSON(t, got.Entity), mustJSON(t, unit())) || got.Version != 1 {
			t.Errorf("stored %s version %d", mustJSON(t, got.Entity), got.Version)
		}
		list, err := db.List(ctx, 2019, kartlaggning.Units)
		if err != nil {
			t.Fatal(err)
		}
		if last := list[len(list)-1].Entity.EntityID(); last != "habo-ny-enhet" {
			t.Errorf("the new unit is not last but %q", last)
		}
		checkIndex(t, db, 2019)
		refs, err := db.Referrers(ctx, 2019, kartlaggning.Ref{Kind: kartlaggning.Units, ID: "habo-integration"})
		if err != nil {
			t.Fatal(err)
		}
		if !hasReferrer(refs, kartlaggning.Units, "habo-ny-enhet", "parent") {
			t.Errorf("referrers of habo-integration lack the new unit: %+v", refs)
		}
	})

	t.Run("InEmptyEdition", func(t *testing.T) {
		db := MustOpen(t)
		if _, err := db.CreateEdition(ctx, kartlaggning.Edition{Year: 2020, Title: "Ny", Status: "draft"}); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"b", "a", "c"} {
			if _, err := db.Create(ctx, 2020, &kartlaggning.Municipality{ID: id, Name: strings.ToUpper(id)}); err != nil {
				t.Fatal(err)
			}
		}
		list, err := db.List(ctx, 2020, kartlaggning.Municipalities)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(ids(list), " "); got != "b a c" {
			t.Errorf("order %q, want the order of creation: b a c", got)
		}
	})

	t.Run("ErrExists", func(t *testing.T) {
		db := MustImportExample(t)
		u := unit()
		u.ID = "enter"
		_, err := db.Create(ctx, 2019, u)
		e := wantCode(t, err, kartlaggning.ECONFLICT)
		if e.Message != `Det finns redan en enhet med id "enter".` {
			t.Errorf("message %q", e.Message)
		}
		if len(e.Fields) != 1 || e.Fields[0].Path != "id" {
			t.Errorf("fields %+v, want one at id", e.Fields)
		}
		if got := mustGet(t, db, kartlaggning.Units, "enter"); got.Entity.EntityName() != "ENTER" || got.Version != 1 {
			t.Errorf("the existing unit changed: %+v", got)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		db := MustImportExample(t)
		u := unit()
		u.Name = ""
		u.Wishes = []kartlaggning.Wish{{Forum: "finns-inte", Text: "Mer samverkan."}}
		_, err := db.Create(ctx, 2019, u)
		e := wantCode(t, err, kartlaggning.EINVALID)
		paths := map[string]bool{}
		for _, f := range e.Fields {
			paths[f.Path] = true
		}
		if !paths["name"] || !paths["wishes[0].forum"] {
			t.Errorf("fields %+v, want name and wishes[0].forum", e.Fields)
		}
		if _, err := db.Get(ctx, 2019, kartlaggning.Units, u.ID); err == nil {
			t.Error("an invalid unit was stored")
		}
		checkIndex(t, db, 2019)
	})

	t.Run("ErrNoEdition", func(t *testing.T) {
		db := MustImportExample(t)
		_, err := db.Create(ctx, 2018, unit())
		wantCode(t, err, kartlaggning.ENOTFOUND)
	})
}

func TestUpdate(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		db := MustImportExample(t)
		v := mustGet(t, db, kartlaggning.Units, "enter")
		u := v.Entity.(*kartlaggning.Unit)
		u.Name = "Enter (nytt namn)"
		u.Parent = "jonkoping-ama"
		version, err := db.Update(ctx, 2019, u, v.Version)
		if err != nil {
			t.Fatal(err)
		}
		if version != 2 {
			t.Errorf("version %d, want 2", version)
		}
		got := mustGet(t, db, kartlaggning.Units, "enter")
		if got.Entity.EntityName() != "Enter (nytt namn)" || got.Version != 2 {
			t.Errorf("stored %q version %d", got.Entity.EntityName(), got.Version)
		}
		// The unit keeps its place in the document.
		doc, err := db.Export(ctx, 2019)
		if err != nil {
			t.Fatal(err)
		}
		if doc.Units[len(doc.Units)-1].ID != "enter" {
			t.Error("the updated unit moved")
		}
		checkIndex(t, db, 2019)

		if version, err = db.Update(ctx, 2019, u, kartlaggning.AnyVersion); err != nil || version != 3 {
			t.Errorf("Update with AnyVersion = %d, %v; want 3", version, err)
		}
	})

	t.Run("RemoveMember", func(t *testing.T) {
		db := MustImportExample(t)
		psykosteamet := kartlaggning.Ref{Kind: kartlaggning.Units, ID: "region-psykosteamet"}
		refs, err := db.Referrers(ctx, 2019, psykosteamet)
		if err != nil {
			t.Fatal(err)
		}
		if len(refs) != 1 || refs[0].ID != "mullsjo-psykosteamet" || refs[0].Field != "members[1].unit" {
			t.Fatalf("referrers before %+v", refs)
		}
		v := mustGet(t, db, kartlaggning.Forums, "mullsjo-psykosteamet")
		f := v.Entity.(*kartlaggning.Forum)
		f.Members = f.Members[:1]
		if _, err := db.Update(ctx, 2019, f, v.Version); err != nil {
			t.Fatal(err)
		}
		checkIndex(t, db, 2019)
		if refs, err := db.Referrers(ctx, 2019, psykosteamet); err != nil || len(refs) != 0 {
			t.Fatalf("referrers after removing the member: %+v, %v", refs, err)
		}
		if err := db.Delete(ctx, 2019, kartlaggning.Units, "region-psykosteamet", 1); err != nil {
			t.Errorf("a unit nothing refers to any longer cannot be deleted: %v", err)
		}
	})

	t.Run("ErrStale", func(t *testing.T) {
		db := MustImportExample(t)
		v := mustGet(t, db, kartlaggning.Forums, "gps")
		f := v.Entity.(*kartlaggning.Forum)
		f.Name = "Först"
		if _, err := db.Update(ctx, 2019, f, 1); err != nil {
			t.Fatal(err)
		}
		f.Name = "Sist"
		_, err := db.Update(ctx, 2019, f, 1)
		e := wantCode(t, err, kartlaggning.EPRECONDITION)
		if e.Message != "Någon annan har ändrat forumet sedan du hämtade det (version 2 finns nu)." {
			t.Errorf("message %q", e.Message)
		}
		if got := mustGet(t, db, kartlaggning.Forums, "gps"); got.Entity.EntityName() != "Först" || got.Version != 2 {
			t.Errorf("after a stale update: %q version %d", got.Entity.EntityName(), got.Version)
		}
	})

	t.Run("ErrCycle", func(t *testing.T) {
		db := MustImportExample(t)
		v := mustGet(t, db, kartlaggning.Units, "region-psykiatri")
		u := v.Entity.(*kartlaggning.Unit)
		u.Parent = "region-oppenpsykiatrin" // which lies under region-psykiatri
		_, err := db.Update(ctx, 2019, u, v.Version)
		e := wantCode(t, err, kartlaggning.EINVALID)
		if len(e.Fields) != 1 || e.Fields[0].Path != "parent" {
			t.Errorf("fields %+v, want one at parent", e.Fields)
		}
		checkIndex(t, db, 2019)
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		db := MustImportExample(t)
		v := mustGet(t, db, kartlaggning.Forums, "arena-mullsjo")
		f := v.Entity.(*kartlaggning.Forum)
		f.Members = append(f.Members, kartlaggning.Member{Unit: "finns-inte"})
		_, err := db.Update(ctx, 2019, f, v.Version)
		e := wantCode(t, err, kartlaggning.EINVALID)
		if len(e.Fields) != 1 || e.Fields[0].Path != "members[1].unit" {
			t.Errorf("fields %+v, want one at members[1].unit", e.Fields)
		}
		if got := mustGet(t, db, kartlaggning.Forums, "arena-mullsjo"); got.Version != 1 {
			t.Errorf("version %d after a refused update", got.Version)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		db := MustImportExample(t)
		_, err := db.Update(ctx, 2019, &kartlaggning.Municipality{ID: "tranas", Name: "Tranås"}, kartlaggning.AnyVersion)
		e := wantCode(t, err, kartlaggning.ENOTFOUND)
		if e.Message != `Det finns ingen kommun med id "tranas" i 2019.` {
			t.Errorf("message %q", e.Message)
		}
		_, err = db.Update(ctx, 2018, &kartlaggning.Municipality{ID: "habo", Name: "Habo"}, kartlaggning.AnyVersion)
		wantCode(t, err, kartlaggning.ENOTFOUND)
	})

	// Two writers with the same version: bbolt serialises them, and the
	// second sees the first one's version.
	t.Run("Concurrent", func(t *testing.T) {
		db := MustImportExample(t)
		const writers = 2
		var wg sync.WaitGroup
		errs := make([]error, writers)
		for i := range writers {
			wg.Go(func() {
				f := mustGet(t, db, kartlaggning.Forums, "dialogen").Entity.(*kartlaggning.Forum)
				f.Purpose = strings.Repeat("x", i+1)
				_, errs[i] = db.Update(ctx, 2019, f, 1)
			})
		}
		wg.Wait()
		var ok, stale int
		for _, err := range errs {
			switch kartlaggning.ErrorCode(err) {
			case "":
				ok++
			case kartlaggning.EPRECONDITION:
				stale++
			default:
				t.Errorf("unexpected error %v", err)
			}
		}
		if ok != 1 || stale != 1 {
			t.Errorf("%d succeeded and %d were stale, want 1 and 1", ok, stale)
		}
		if v := mustGet(t, db, kartlaggning.Forums, "dialogen").Version; v != 2 {
			t.Errorf("version %d, want 2", v)
		}
	})
}

func TestDelete(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		db := MustImportExample(t)
		if err := db.Delete(ctx, 2019, kartlaggning.Units, "fk-sjukpenning", 1); err != nil {
			t.Fatal(err)
		}
		_, err := db.Get(ctx, 2019, kartlaggning.Units, "fk-sjukpenning")
		wantCode(t, err, kartlaggning.ENOTFOUND)
		checkIndex(t, db, 2019)
	})

	t.Run("ErrReferredUnit", func(t *testing.T) {
		db := MustImportExample(t)
		before := mustExport(t, db, 2019)
		err := db.Delete(ctx, 2019, kartlaggning.Units, "region-psykosteamet", kartlaggning.AnyVersion)
		e := wantCode(t, err, kartlaggning.ECONFLICT)
		if e.Message != "Enheten kan inte tas bort: den används av 1 annan post." {
			t.Errorf("message %q", e.Message)
		}
		want := []kartlaggning.Referrer{{Kind: kartlaggning.Forums, ID: "mullsjo-psykosteamet",
			Name: "Träffar med psykosteamet (Mullsjö daglig verksamhet)", Field: "members[1].unit"}}
		if !equalReferrers(e.Referrers, want) {
			t.Errorf("referrers %+v, want %+v", e.Referrers, want)
		}
		if !bytes.Equal(mustExport(t, db, 2019), before) {
			t.Error("a refused delete changed the edition")
		}
	})

	t.Run("ErrReferredMany", func(t *testing.T) {
		db := MustImportExample(t)
		err := db.Delete(ctx, 2019, kartlaggning.Units, "habo-integration", kartlaggning.AnyVersion)
		e := wantCode(t, err, kartlaggning.ECONFLICT)
		refs, err := db.Referrers(ctx, 2019, kartlaggning.Ref{Kind: kartlaggning.Units, ID: "habo-integration"})
		if err != nil {
			t.Fatal(err)
		}
		if !equalReferrers(e.Referrers, refs) {
			t.Errorf("the error's referrers differ from Referrers():\n%+v\n%+v", e.Referrers, refs)
		}
		distinct := map[string]bool{}
		for _, r := range refs {
			distinct[string(r.Kind)+"/"+r.ID] = true
		}
		if want := "den används av " + itoa(len(distinct)) + " andra poster"; !strings.Contains(e.Message, want) {
			t.Errorf("message %q lacks %q", e.Message, want)
		}
		if !hasReferrer(e.Referrers, kartlaggning.Forums, "dua-regional-styrgrupp", "members[1].unit") ||
			!hasReferrer(e.Referrers, kartlaggning.Forums, "habo-fs-individsamverkan", "members[1].unit") {
			t.Errorf("referrers lack the forums: %+v", e.Referrers)
		}
	})

	t.Run("ErrReferredForum", func(t *testing.T) {
		db := MustImportExample(t)
		err := db.Delete(ctx, 2019, kartlaggning.Forums, "habo-arbetsmarknadsgrupp", kartlaggning.AnyVersion)
		e := wantCode(t, err, kartlaggning.ECONFLICT)
		if e.Message != "Forumet kan inte tas bort: det används av 1 annan post." {
			t.Errorf("message %q", e.Message)
		}
		if len(e.Referrers) != 1 || e.Referrers[0].ID != "habo-daglig-verksamhet" || e.Referrers[0].Field != "wishes[0].forum" {
			t.Errorf("referrers %+v", e.Referrers)
		}
		err = db.Delete(ctx, 2019, kartlaggning.Forums, "gps", kartlaggning.AnyVersion)
		e = wantCode(t, err, kartlaggning.ECONFLICT)
		if len(e.Referrers) != 1 || e.Referrers[0].ID != "aas" || e.Referrers[0].Field != "parent" {
			t.Errorf("referrers %+v", e.Referrers)
		}
	})

	// A forum's members go with it, and then the unit they named is free.
	t.Run("ForumThenUnit", func(t *testing.T) {
		db := MustImportExample(t)
		err := db.Delete(ctx, 2019, kartlaggning.Units, "region-arbetsterapienheten", kartlaggning.AnyVersion)
		wantCode(t, err, kartlaggning.ECONFLICT)
		if err := db.Delete(ctx, 2019, kartlaggning.Forums, "jonkoping-arbetsterapi-traffar", 1); err != nil {
			t.Fatal(err)
		}
		checkIndex(t, db, 2019)
		if err := db.Delete(ctx, 2019, kartlaggning.Units, "region-arbetsterapienheten", 1); err != nil {
			t.Fatal(err)
		}
		checkIndex(t, db, 2019)
		// The forum's references to the organisations went too.
		refs, err := db.Referrers(ctx, 2019, kartlaggning.Ref{Kind: kartlaggning.Units, ID: "jonkoping-forsorjningsstod"})
		if err != nil {
			t.Fatal(err)
		}
		if hasReferrer(refs, kartlaggning.Forums, "jonkoping-arbetsterapi-traffar", "members[0].unit") {
			t.Error("the deleted forum still refers to jonkoping-forsorjningsstod")
		}
	})

	t.Run("ErrStale", func(t *testing.T) {
		db := MustImportExample(t)
		err := db.Delete(ctx, 2019, kartlaggning.Units, "fk-sjukpenning", 7)
		e := wantCode(t, err, kartlaggning.EPRECONDITION)
		if e.Message != "Någon annan har ändrat enheten sedan du hämtade den (version 1 finns nu)." {
			t.Errorf("message %q", e.Message)
		}
		mustGet(t, db, kartlaggning.Units, "fk-sjukpenning")
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		db := MustImportExample(t)
		err := db.Delete(ctx, 2019, kartlaggning.Organisations, "x", kartlaggning.AnyVersion)
		e := wantCode(t, err, kartlaggning.ENOTFOUND)
		if e.Message != `Det finns ingen organisation med id "x" i 2019.` {
			t.Errorf("message %q", e.Message)
		}
		err = db.Delete(ctx, 2018, kartlaggning.Organisations, "fk", kartlaggning.AnyVersion)
		wantCode(t, err, kartlaggning.ENOTFOUND)
	})
}
