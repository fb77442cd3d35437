package views_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/store"
	"github.com/kartlaggning/kartlaggning/views"
	"github.com/kartlaggning/kartlaggning/views/maps"
)

// mustLargeTwoYears serves the large synthetic edition (2031) and a 2032
// started from it. 2031 gets an association that 2032 no longer has;
// in 2032 five forums are gone and a new company meets two units in a new
// forum.
func mustLargeTwoYears(tb testing.TB, cfg maps.PoolConfig) (*views.Server, *store.DB) {
	tb.Helper()
	srv, db, doc := mustLargeServer(tb, cfg)
	first, last := doc.Units[0], doc.Units[len(doc.Units)-1]
	for _, post := range []struct{ kind, body string }{
		{"organisations", `{"id": "gamla-foreningen", "name": "Gamla föreningen", "kind": "ideell", "party": false}`},
		{"units", `{"id": "gamla-foreningen-stod", "organisation": "gamla-foreningen", "name": "Stödet"}`},
		{"forums", `{"id": "gamla-gruppen", "name": "Gamla gruppen", "kind": "natverk", "level": "operativ", "formal": true,
			"members": [{"unit": "gamla-foreningen-stod"}, {"unit": "` + first.ID + `"}]}`},
	} {
		if rec := do(tb, srv, http.MethodPost, "/api/v1/editions/2031/"+post.kind, []byte(post.body)); rec.Code != http.StatusCreated {
			tb.Fatalf("%s: %d %s", post.kind, rec.Code, rec.Body)
		}
	}
	next, err := kartlaggning.NextEdition(doc)
	if err != nil {
		tb.Fatal(err)
	}
	referred := map[string]bool{}
	for _, f := range next.Forums {
		referred[f.Parent] = true
	}
	for _, u := range next.Units {
		for _, w := range u.Wishes {
			referred[w.Forum] = true
		}
	}
	gone := 0
	next.Forums = slices.DeleteFunc(next.Forums, func(f kartlaggning.Forum) bool {
		if gone < 5 && !referred[f.ID] {
			gone++
			return true
		}
		return false
	})
	next.Organisations = append(next.Organisations, kartlaggning.Organisation{ID: "nytt-bolag", Name: "Nytt bolag", Kind: "kommunalt-bolag"})
	next.Units = append(next.Units, kartlaggning.Unit{ID: "nytt-bolag-enhet", Organisation: "nytt-bolag", Name: "Bolagets enhet"})
	next.Forums = append(next.Forums, kartlaggning.Forum{ID: "nytt-samarbete", Name: "Nytt samarbete", Kind: "natverk", Level: "operativ",
		Formal: true, Members: []kartlaggning.Member{{Unit: first.ID}, {Unit: last.ID}, {Unit: "nytt-bolag-enhet"}}})
	if _, err := db.Import(context.Background(), next, false); err != nil {
		tb.Fatal(err)
	}
	return srv, db
}

// The large comparison is drawn as organisations, as the large overview
// is, and comes within the overview's time.
func TestDiffMapLargeIsFast(t *testing.T) {
	srv, _ := mustLargeTwoYears(t, maps.PoolConfig{})
	limit := 2 * time.Second * time.Duration(raceSlowdown)
	for _, path := range []string{"/api/v1/editions/2031/diff/2032/map.svg", "/editions/2031/diff/2032"} {
		start := time.Now()
		rec := do(t, srv, http.MethodGet, path, nil)
		took := time.Since(start)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d: %.300s", path, rec.Code, rec.Body)
		}
		if took > limit {
			t.Errorf("%s took %v cold, over %v", path, took, limit)
		}
		body := rec.Body.String()
		if strings.HasPrefix(path, "/api") {
			if !strings.Contains(body, "jämförd med 2031 – översikt – organisationer") {
				t.Error("the large comparison map is not the organisations' map")
			}
			items := svgItems(t, body)
			fresh := findItem(items, func(i svgItem) bool { return i.href == "/editions/2032/organisations/nytt-bolag" })
			if fresh == nil || !strings.HasPrefix(fresh.title, "Ny 2032 (fanns inte 2031): Nytt bolag") || !slices.Contains(fresh.texts, "Ny") {
				t.Errorf("the new company is not marked new: %+v", fresh)
			}
			gone := findItem(items, func(i svgItem) bool { return i.href == "/editions/2031/organisations/gamla-foreningen" })
			if gone == nil || !gone.dashed || !slices.Contains(gone.texts, "Borttagen") {
				t.Errorf("the association gone since 2031 is not drawn faded: %+v", gone)
			}
		}
		if !strings.HasPrefix(path, "/api") && !strings.Contains(body, "så kartan visar organisationer") {
			t.Error("the comparison page does not say that its map shows organisations")
		}
		t.Logf("%s: %v cold", path, took)
	}
}

// BenchmarkDiffMapCold draws comparison maps that are not in the cache
// (after a write to the later year), with warm workers: the example
// against a changed 2020, and the large synthetic edition.
func BenchmarkDiffMapCold(b *testing.B) {
	run := func(b *testing.B, srv *views.Server, db *store.DB, later int, path string) {
		var times []time.Duration
		for b.Loop() {
			b.StopTimer()
			touch(b, db, later)
			b.StartTimer()
			start := time.Now()
			if rec := do(b, srv, http.MethodGet, path, nil); rec.Code != http.StatusOK {
				b.Fatalf("status %d: %.300s", rec.Code, rec.Body)
			}
			times = append(times, time.Since(start))
		}
		reportMedian(b, times)
	}
	b.Run("example", func(b *testing.B) {
		srv, db := mustTwoYears(b)
		for _, path := range []string{"/api/v1/editions/2019/diff/2020/map.svg", "/api/v1/editions/2019/diff/2020/map.png", "/editions/2019/diff/2020"} {
			b.Run(path, func(b *testing.B) { run(b, srv, db, 2020, path) })
		}
	})
	b.Run("large", func(b *testing.B) {
		srv, db := mustLargeTwoYears(b, mapPoolConfig(b))
		for _, path := range []string{"/api/v1/editions/2031/diff/2032/map.svg", "/api/v1/editions/2031/diff/2032/map.png", "/editions/2031/diff/2032"} {
			b.Run(path, func(b *testing.B) { run(b, srv, db, 2032, path) })
		}
	})
}
