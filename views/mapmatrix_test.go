package views_test

import (
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

var (
	placeHeads = regexp.MustCompile(`<th scope="col"><a href="[^"]*">([^<]+)</a></th>`)
	placeRow   = regexp.MustCompile(`(?s)<tr>\s*<th scope="row">(?:<a href="[^"]*">)?([^<]+)(?:</a>)?</th>(.*?)</tr>`)
	placeCell  = regexp.MustCompile(`<td class="([^"]+)" title="([^"]*)"><span class="forums">([0-9 ]+)</span></td>`)
)

// The overview offers itself as a matrix of parties and kommuner: a row
// per party, a column per kommun, and in each cell the number of forums of
// that kommun the party sits in, counted here again from the edition; the
// shade grows with the number; the map's filters narrow it; no drawing is
// made for it.
func TestOverviewAsMatrix(t *testing.T) {
	t.Parallel()
	srv, db := mustMapServer(t)
	page := do(t, srv, http.MethodGet, "/editions/2019/maps", nil).Body.String()
	if !strings.Contains(page, `href="/editions/2019/maps?visa=matris"`) {
		t.Fatal("the overview does not offer the matrix")
	}
	doc, err := db.Export(t.Context(), 2019)
	if err != nil {
		t.Fatal(err)
	}
	x := kartlaggning.NewIndex(doc)
	check := func(query string, keep func(*kartlaggning.Forum) bool) {
		rec := do(t, srv, http.MethodGet, "/editions/2019/maps?visa=matris"+query, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d", query, rec.Code)
		}
		body := rec.Body.String()
		if strings.Contains(body, `<div class="map-scroll"`) {
			t.Errorf("%s: the matrix page still draws the map", query)
		}
		if !strings.Contains(body, `name="visa" value="matris"`) {
			t.Errorf("%s: the filter form leaves the matrix", query)
		}
		var kommuner []string
		for _, h := range placeHeads.FindAllStringSubmatch(body, -1) {
			kommuner = append(kommuner, html.UnescapeString(h[1]))
		}
		if len(kommuner) != len(doc.Municipalities) {
			t.Fatalf("%s: %d kommuner as columns, want %d", query, len(kommuner), len(doc.Municipalities))
		}
		byName := map[string]string{}
		for _, o := range doc.Organisations {
			byName[o.Name] = o.ID
		}
		muni := map[string]string{}
		for _, m := range doc.Municipalities {
			muni[m.Name] = m.ID
		}
		checked, shades := 0, map[int]int{}
		for _, r := range placeRow.FindAllStringSubmatch(body, -1) {
			org, ok := byName[html.UnescapeString(r[1])]
			if !ok {
				continue // the kommuner's own row
			}
			cells := placeCell.FindAllStringSubmatch(r[2], -1)
			if len(cells) != len(kommuner) {
				t.Fatalf("%s: the row of %s has %d cells", query, org, len(cells))
			}
			for j, c := range cells {
				got, _ := strconv.Atoi(strings.ReplaceAll(c[3], " ", ""))
				want := 0
				for i := range doc.Forums {
					f := &doc.Forums[i]
					if keep(f) && seats(x, f, org) && serves(x, f, muni[kommuner[j]]) {
						want++
					}
				}
				if got != want {
					t.Errorf("%s: %s in %s: %d forum, want %d", query, org, kommuner[j], got, want)
				}
				heat, _ := strconv.Atoi(strings.TrimPrefix(c[1], "heat-"))
				if (got == 0) != (heat == 0) {
					t.Errorf("%s: %s in %s: %d forum shaded %s", query, org, kommuner[j], got, c[1])
				}
				if prev, ok := shades[got]; ok && prev != heat {
					t.Errorf("%s: %d forum shaded both heat-%d and heat-%d", query, got, prev, heat)
				}
				shades[got] = heat
				checked++
			}
		}
		if checked == 0 {
			t.Fatalf("%s: no party's row in the matrix", query)
		}
	}
	check("", func(*kartlaggning.Forum) bool { return true })
	check("&level=strategisk", func(f *kartlaggning.Forum) bool { return f.Level == "strategisk" })
	if rec := do(t, srv, http.MethodGet, "/editions/2019/maps?visa=tabell", nil); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "karta eller matris") {
		t.Errorf("visa=tabell: %d", rec.Code)
	}
}

// seats reports whether the forum seats the organisation or one of its
// units.
func seats(x *kartlaggning.Index, f *kartlaggning.Forum, org string) bool {
	for _, m := range f.Members {
		if m.Organisation == org {
			return true
		}
		if u := x.Units[m.Unit]; u != nil && u.Organisation == org {
			return true
		}
	}
	return false
}

// serves reports whether the forum concerns the kommun: it names it, or,
// naming none, a member works there.
func serves(x *kartlaggning.Index, f *kartlaggning.Forum, kommun string) bool {
	if len(f.Municipalities) > 0 {
		for _, m := range f.Municipalities {
			if m == kommun {
				return true
			}
		}
		return false
	}
	for _, m := range f.Members {
		if u := x.Units[m.Unit]; u != nil {
			for _, k := range x.UnitMunicipalities(u) {
				if k == kommun {
					return true
				}
			}
		}
		if o := x.Organisations[m.Organisation]; o != nil && m.Unit == "" && o.Municipality == kommun {
			return true
		}
	}
	return false
}
