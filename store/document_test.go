package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/synthetic"
	"github.com/kartlaggning/kartlaggning/store"
)

func mustJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// firstDiff shows where two texts part.
func firstDiff(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return "got:  …" + string(got[from:min(len(got), i+80)]) + "\nwant: …" + string(want[from:min(len(want), i+80)])
}

func mustExport(tb testing.TB, db *store.DB, year int) []byte {
	tb.Helper()
	doc, err := db.Export(context.Background(), year)
	if err != nil {
		tb.Fatal(err)
	}
	return mustJSON(tb, doc)
}

func TestImport(t *testing.T) {
	ctx := context.Background()

	t.Run("RoundTrip", func(t *testing.T) {
		db := MustOpen(t)
		doc := exampleDoc(t)
		counts, err := db.Import(ctx, doc, false)
		if err != nil {
			t.Fatal(err)
		}
		want := kartlaggning.Counts{Municipalities: 4, Organisations: 26, Units: 31, Forums: 83, Members: doc.Counts().Members}
		if counts != want {
			t.Errorf("counts %+v, want %+v", counts, want)
		}
		got := mustExport(t, db, 2019)
		if want := mustJSON(t, exampleDoc(t)); !bytes.Equal(got, want) {
			t.Fatalf("export differs from the imported document:\n%s", firstDiff(got, want))
		}
		// And the example file itself, apart from indentation.
		src, err := os.ReadFile(exampleFile)
		if err != nil {
			t.Fatal(err)
		}
		var compact, exported bytes.Buffer
		json.Compact(&compact, src)
		json.Compact(&exported, got)
		if !bytes.Equal(compact.Bytes(), exported.Bytes()) {
			t.Errorf("export differs from %s beyond whitespace:\n%s", exampleFile, firstDiff(exported.Bytes(), compact.Bytes()))
		}
		checkIndex(t, db, 2019)
		for _, k := range kartlaggning.Kinds {
			list, err := db.List(ctx, 2019, k)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range list {
				if v.Version != 1 {
					t.Fatalf("%s/%s has version %d after import, want 1", k, v.Entity.EntityID(), v.Version)
				}
			}
		}
	})

	t.Run("ErrExists", func(t *testing.T) {
		db := MustImportExample(t)
		before := mustExport(t, db, 2019)
		doc := exampleDoc(t)
		doc.Edition.Title = "Något annat"
		doc.Forums = doc.Forums[1:] // beredningsgruppen, which nothing refers to
		_, err := db.Import(ctx, doc, false)
		e := wantCode(t, err, kartlaggning.ECONFLICT)
		if e.Message != "Det finns redan en kartläggning för 2019. Välj att ersätta den." {
			t.Errorf("message %q", e.Message)
		}
		if !bytes.Equal(mustExport(t, db, 2019), before) {
			t.Error("a refused import changed the stored edition")
		}
	})

	t.Run("Replace", func(t *testing.T) {
		db := MustImportExample(t)
		// Bump one unit to version 2 so that the replace must go past it.
		v, err := db.Get(ctx, 2019, kartlaggning.Units, "enter")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Update(ctx, 2019, v.Entity, v.Version); err != nil {
			t.Fatal(err)
		}
		doc := exampleDoc(t)
		doc.Edition.Title = "Ersatt"
		// The test writes to it afterwards, so not published as in the file.
		doc.Edition.Status = "draft"
		doc.Forums = doc.Forums[1:] // beredningsgruppen, which nothing refers to
		doc.Forums = append(doc.Forums, kartlaggning.Forum{ID: "nytt-forum", Name: "Nytt forum", Kind: "natverk",
			Level: "operativ", Members: []kartlaggning.Member{{Unit: "enter"}}})
		counts, err := db.Import(ctx, doc, true)
		if err != nil {
			t.Fatal(err)
		}
		if counts.Forums != 83 {
			t.Errorf("counts %+v, want 83 forums", counts)
		}
		if !bytes.Equal(mustExport(t, db, 2019), mustJSON(t, doc)) {
			t.Error("export after replace differs from the new document")
		}
		checkIndex(t, db, 2019)
		ed, edVersion, err := db.Edition(ctx, 2019)
		if err != nil {
			t.Fatal(err)
		}
		if ed.Title != "Ersatt" || edVersion != 2 {
			t.Errorf("edition %q version %d, want Ersatt version 2", ed.Title, edVersion)
		}
		for id, want := range map[string]int64{"enter": 3, "fk-sjukpenning": 2} {
			v, err := db.Get(ctx, 2019, kartlaggning.Units, id)
			if err != nil {
				t.Fatal(err)
			}
			if v.Version != want {
				t.Errorf("units/%s version %d after replace, want %d", id, v.Version, want)
			}
		}
		if v, err := db.Get(ctx, 2019, kartlaggning.Forums, "nytt-forum"); err != nil || v.Version != 1 {
			t.Errorf("new forum: version %d, %v; want 1", v.Version, err)
		}
		if _, err := db.Get(ctx, 2019, kartlaggning.Forums, "beredningsgruppen"); err == nil {
			t.Error("a forum left out of the replacing document is still there")
		}
		// Create appends after the imported entities.
		if _, err := db.Create(ctx, 2019, &kartlaggning.Forum{ID: "sist", Name: "Sist", Kind: "natverk", Level: "operativ"}); err != nil {
			t.Fatal(err)
		}
		list, err := db.List(ctx, 2019, kartlaggning.Forums)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(list); n != 84 || list[0].Entity.EntityID() != "lansstyrelsen-integrationsnatverk" ||
			list[n-2].Entity.EntityID() != "nytt-forum" || list[n-1].Entity.EntityID() != "sist" {
			t.Errorf("forums after replace and create: %v", ids(list))
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		db := MustOpen(t)
		doc := exampleDoc(t)
		doc.Forums[18].Members[0].Unit = "finns-inte"
		_, err := db.Import(ctx, doc, false)
		e := wantCode(t, err, kartlaggning.EINVALID)
		if len(e.Fields) != 1 || e.Fields[0].Path != "forums[18].members[0].unit" {
			t.Errorf("fields %+v, want one at forums[18].members[0].unit", e.Fields)
		}
		if eds, err := db.Editions(ctx); err != nil || len(eds) != 0 {
			t.Errorf("an invalid import stored %v, %v", eds, err)
		}
	})

	t.Run("ErrInvalidReplace", func(t *testing.T) {
		db := MustImportExample(t)
		before := mustExport(t, db, 2019)
		doc := exampleDoc(t)
		doc.Units[0].Organisation = "finns-inte"
		_, err := db.Import(ctx, doc, true)
		wantCode(t, err, kartlaggning.EINVALID)
		if !bytes.Equal(mustExport(t, db, 2019), before) {
			t.Error("an invalid replace changed the stored edition")
		}
	})

	t.Run("Empty", func(t *testing.T) {
		db := MustOpen(t)
		doc := &kartlaggning.Document{Format: kartlaggning.Format,
			Edition: kartlaggning.Edition{Year: 2020, Title: "Tom", Status: "draft"}}
		if _, err := db.Import(ctx, doc, false); err != nil {
			t.Fatal(err)
		}
		got, err := db.Export(ctx, 2020)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := json.Marshal(got)
		want := `{"format":"kartlaggning/v1","edition":{"year":2020,"title":"Tom","status":"draft"},` +
			`"municipalities":[],"organisations":[],"units":[],"forums":[]}`
		if string(data) != want {
			t.Errorf("export of an empty edition:\n got %s\nwant %s", data, want)
		}
	})
}

func TestExport(t *testing.T) {
	db := MustImportExample(t)
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := db.Export(context.Background(), 2018)
		e := wantCode(t, err, kartlaggning.ENOTFOUND)
		if e.Message != "Det finns ingen kartläggning för år 2018." {
			t.Errorf("message %q", e.Message)
		}
	})
	t.Run("Canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := db.Export(ctx, 2019); err != context.Canceled {
			t.Errorf("got %v, want context.Canceled", err)
		}
	})
}

func BenchmarkImportExample(b *testing.B) {
	data, err := os.ReadFile(exampleFile)
	if err != nil {
		b.Fatal(err)
	}
	benchmarkImport(b, data)
}

// BenchmarkImportNational imports the largest synthetic edition: 5,146
// units, 8,320 forums and 50,310 memberships.
func BenchmarkImportNational(b *testing.B) {
	doc, err := synthetic.Edition("national", 2019)
	if errors.Is(err, synthetic.ErrNoGenerator) {
		b.Skip(err)
	}
	if err != nil {
		b.Fatal(err)
	}
	data, err := json.Marshal(doc)
	if err != nil {
		b.Fatal(err)
	}
	benchmarkImport(b, data)
}

// benchmarkImport times Import alone, each time into a new file, and
// reports the file's size.
func benchmarkImport(b *testing.B, data []byte) {
	var doc kartlaggning.Document
	if err := kartlaggning.DecodeJSON(data, &doc); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(data)), "bytes-json")
	var size int64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "kartlaggning.db")
		db, err := store.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := db.Import(context.Background(), &doc, false); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		size = fi.Size()
		b.StartTimer()
	}
	b.ReportMetric(float64(size), "bytes-db")
}
