package views_test

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/synthetic"
	"github.com/kartlaggning/kartlaggning/store"
	"github.com/kartlaggning/kartlaggning/views"
	"github.com/kartlaggning/kartlaggning/views/maps"
)

// syntheticDoc generates an edition with the project's generator
// (shared/tools/gen-synthetic.py beside the project); it skips, saying
// why, without python3 or the generator.
func syntheticDoc(tb testing.TB, preset string, year int) *kartlaggning.Document {
	tb.Helper()
	doc, err := synthetic.Edition(preset, year)
	if errors.Is(err, synthetic.ErrNoGenerator) {
		tb.Skip(err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

// mustLargeServer serves the large synthetic edition (year 2031) beside
// the example, with its own pool.
func mustLargeServer(tb testing.TB, cfg maps.PoolConfig) (*views.Server, *store.DB, *kartlaggning.Document) {
	tb.Helper()
	doc := syntheticDoc(tb, "large", 2031)
	db, err := store.Open(filepath.Join(tb.TempDir(), "large.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Import(context.Background(), doc, false); err != nil {
		tb.Fatal(err)
	}
	var r maps.Renderer = mustMapPool(tb)
	if cfg.Command != "" {
		p := maps.NewPool(cfg)
		tb.Cleanup(func() { p.Close() })
		r = p
	}
	return mustServer(tb, db, withMaps(r)), db, doc
}

// raceSlowdown is how much longer the server side may take under the race
// detector (see race_test.go); the workers are never instrumented.
var raceSlowdown = 1

// On the large synthetic edition (334 units, 624 forums) no map takes over
// 2 s cold: the overview and the units map show organisations, the rest
// are drawn in detail.
func TestMapLargeEditionIsFast(t *testing.T) {
	srv, _, doc := mustLargeServer(t, maps.PoolConfig{})
	limit := 2 * time.Second * time.Duration(raceSlowdown)
	var paths []string
	paths = append(paths, "/api/v1/editions/2031/maps/overview.svg", "/api/v1/editions/2031/maps/units.svg")
	for _, m := range doc.Municipalities {
		paths = append(paths, "/api/v1/editions/2031/maps/municipality/"+m.ID+".svg",
			"/api/v1/editions/2031/maps/units.svg?municipality="+m.ID)
	}
	// The units and forums with the most seats make the largest ego maps.
	x := kartlaggning.NewIndex(doc)
	units := slices.Clone(doc.Units)
	slices.SortFunc(units, func(a, b kartlaggning.Unit) int {
		return len(x.ForumsOf[kartlaggning.Ref{Kind: kartlaggning.Units, ID: b.ID}]) - len(x.ForumsOf[kartlaggning.Ref{Kind: kartlaggning.Units, ID: a.ID}])
	})
	for _, u := range units[:3] {
		paths = append(paths, "/api/v1/editions/2031/maps/unit/"+u.ID+".svg")
	}
	forums := slices.Clone(doc.Forums)
	slices.SortFunc(forums, func(a, b kartlaggning.Forum) int { return len(b.Members) - len(a.Members) })
	paths = append(paths, "/api/v1/editions/2031/maps/forum/"+forums[0].ID+".svg", "/editions/2031/maps", "/editions/2031/maps/municipality/"+doc.Municipalities[0].ID)

	var worst time.Duration
	for _, p := range paths {
		start := time.Now()
		rec := do(t, srv, http.MethodGet, p, nil)
		d := time.Since(start)
		worst = max(worst, d)
		if rec.Code != http.StatusOK {
			t.Errorf("%s: status %d: %.200s", p, rec.Code, rec.Body)
			continue
		}
		if d > limit {
			t.Errorf("%s took %v cold, over %v", p, d, limit)
		}
		if strings.HasPrefix(p, "/api/v1/editions/2031/maps/overview") && !strings.Contains(rec.Body.String(), "organisationer") {
			t.Errorf("the large overview is not the organisations' map")
		}
	}
	t.Logf("%d maps of the large edition, slowest %v cold", len(paths), worst)
}
