package maps_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/views/maps"
	"github.com/kartlaggning/kartlaggning/views/maps/maptest"
)

// readableRequests are the maps a reader opens in an edition: the
// overviews, every kommun's maps, and the unit and forum maps of the
// busiest units and forums (the others are smaller versions of them),
// each plain and with every filter the form offers.
func readableRequests(x *kartlaggning.Index, every bool) []kartlaggning.MapRequest {
	base := []kartlaggning.MapRequest{{View: kartlaggning.MapOverview}, {View: kartlaggning.MapUnits}}
	munis := x.Doc.Municipalities
	if !every {
		// The kommun with the most units stands for the others.
		best := 0
		for i := range munis {
			if len(x.UnitsIn(munis[i].ID)) > len(x.UnitsIn(munis[best].ID)) {
				best = i
			}
		}
		munis = munis[best : best+1]
	}
	for _, m := range munis {
		base = append(base, kartlaggning.MapRequest{View: kartlaggning.MapMunicipality, ID: m.ID},
			kartlaggning.MapRequest{View: kartlaggning.MapUnits, Municipality: m.ID})
	}
	busiest := func(kind kartlaggning.Kind, ids []string, n int) []string {
		var out []string
		for len(out) < n && len(ids) > 0 {
			bi := 0
			for i, id := range ids {
				if len(x.ForumsOf[kartlaggning.Ref{Kind: kind, ID: id}]) > len(x.ForumsOf[kartlaggning.Ref{Kind: kind, ID: ids[bi]}]) {
					bi = i
				}
			}
			out = append(out, ids[bi])
			ids = append(ids[:bi:bi], ids[bi+1:]...)
		}
		return out
	}
	var units []string
	for _, u := range x.Doc.Units {
		units = append(units, u.ID)
	}
	for _, id := range busiest(kartlaggning.Units, units, 2) {
		base = append(base, kartlaggning.MapRequest{View: kartlaggning.MapUnit, ID: id})
	}
	biggest := 0
	for i := range x.Doc.Forums {
		if len(x.Doc.Forums[i].Members) > len(x.Doc.Forums[biggest].Members) {
			biggest = i
		}
	}
	base = append(base, kartlaggning.MapRequest{View: kartlaggning.MapForum, ID: x.Doc.Forums[biggest].ID})
	yes, no := true, false
	filters := []kartlaggning.MapFilter{{}, {Level: "individ"}, {Level: "operativ"}, {Level: "strategisk"}, {Formal: &yes}, {Formal: &no}, {Kind: "natverk"}}
	var out []kartlaggning.MapRequest
	for _, r := range base {
		for _, f := range filters {
			r.Filter = f
			out = append(out, r)
		}
		if !r.ShowWishes() {
			r.Filter, r.Wishes = kartlaggning.MapFilter{}, &yes
			out = append(out, r)
		}
	}
	return out
}

// checkReadable renders every map and reports what a reader would
// stumble on: text over text, labels outside their shapes, a drawing out
// of proportion.
func checkReadable(t *testing.T, x *kartlaggning.Index, reqs []kartlaggning.MapRequest) {
	p := mustPool(t, maps.PoolConfig{Size: 2})
	var wg sync.WaitGroup
	var mu sync.Mutex
	todo := make(chan kartlaggning.MapRequest)
	checked := 0
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for req := range todo {
				name := fmt.Sprintf("%s %s%s filter=%+v wishes=%v", req.View, req.ID, req.Municipality, req.Filter, req.ShowWishes())
				g, err := x.Map(req)
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				if len(g.Nodes) == 0 {
					continue
				}
				svg, err := p.Render(context.Background(), maps.DOT(g, maps.Options{Caption: "Samverkanskarta 2019 – " + name}), maps.SVG)
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				problems := maptest.Readability(svg)
				mu.Lock()
				checked++
				for i, pr := range problems {
					if i == 5 {
						t.Errorf("%s: and %d more", name, len(problems)-5)
						break
					}
					t.Errorf("%s: %s", name, pr)
				}
				mu.Unlock()
			}
		}()
	}
	for _, r := range reqs {
		todo <- r
	}
	close(todo)
	wg.Wait()
	if checked < len(reqs)/2 {
		t.Errorf("only %d of %d maps had anything to check", checked, len(reqs))
	}
}

func TestExampleMapsAreReadable(t *testing.T) {
	x := mustIndex(t)
	checkReadable(t, x, readableRequests(x, true))
}

func TestLargeMapsAreReadable(t *testing.T) {
	if testing.Short() {
		t.Skip("renders the large edition's maps")
	}
	x := mustSynthetic(t, "large")
	checkReadable(t, x, readableRequests(x, false))
}
