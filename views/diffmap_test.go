package views_test

import (
	"net/http"
	"strings"
	"testing"
)

// "Bara ändringar" on the comparison page: a link turns it on, the map
// then holds the new forum but far fewer nodes than the whole map, and a
// link turns it off again; the download follows.
func TestDiffMapOnlyChanges(t *testing.T) {
	srv, _ := mustTwoYears(t)
	whole := do(t, srv, http.MethodGet, "/editions/2019/diff/2020", nil)
	if whole.Code != http.StatusOK || !strings.Contains(whole.Body.String(), `href="/editions/2019/diff/2020?andringar=bara#karta">Bara ändringar</a>`) {
		t.Fatalf("status %d; the page has no link Bara ändringar", whole.Code)
	}
	rec := do(t, srv, http.MethodGet, "/editions/2019/diff/2020?andringar=bara", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	page := rec.Body.String()
	for _, want := range []string{`href="/editions/2019/diff/2020#karta">Visa hela kartan</a>`,
		`href="/api/v1/editions/2019/diff/2020/map.svg?download=1&amp;andringar=bara"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	all, some := svgItems(t, svgOf(t, whole.Body.String())), svgItems(t, svgOf(t, page))
	if findItem(some, func(i svgItem) bool { return i.href == "/editions/2020/forums/unga-vuxna" }) == nil {
		t.Error("the new forum is not on the map of changes")
	}
	if len(some) >= len(all)/2 {
		t.Errorf("the map of changes has %d items, the whole map %d", len(some), len(all))
	}
	t.Logf("whole map %d items, only changes %d", len(all), len(some))
}
