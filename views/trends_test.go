package views_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/views"
)

// threeEditions makes 2020 and 2021 from the example with the API's
// "next year", and ends ARENA Habo in 2021 so that something leaves.
func threeEditions(t *testing.T, srv http.Handler) {
	t.Helper()
	for _, year := range []string{"2019", "2020"} {
		if rec := do(t, srv, http.MethodPost, "/api/v1/editions/"+year+"/next", nil); rec.Code >= 300 {
			t.Fatalf("next from %s: %d %s", year, rec.Code, rec.Body)
		}
	}
	if rec := do(t, srv, http.MethodDelete, "/api/v1/editions/2021/forums/arena-habo", nil); rec.Code >= 300 {
		t.Fatalf("delete ARENA Habo in 2021: %d %s", rec.Code, rec.Body)
	}
}

func TestTrendsOverThreeEditions(t *testing.T) {
	srv, _ := MustServe(t)
	// Two editions are no trend yet: the page says so.
	if rec := do(t, srv, http.MethodPost, "/api/v1/editions/2019/next", nil); rec.Code >= 300 {
		t.Fatalf("next: %d %s", rec.Code, rec.Body)
	}
	few := visible(do(t, srv, http.MethodGet, "/editions/2019/municipalities/habo/trends", nil).Body.String())
	if !strings.Contains(few, "minst 3 kartläggningar; nu finns 2") {
		t.Errorf("with two editions: %.500s", few)
	}
	if rec := do(t, srv, http.MethodPost, "/api/v1/editions/2020/next", nil); rec.Code >= 300 {
		t.Fatalf("next: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, srv, http.MethodDelete, "/api/v1/editions/2021/forums/arena-habo", nil); rec.Code >= 300 {
		t.Fatalf("delete ARENA Habo in 2021: %d %s", rec.Code, rec.Body)
	}

	var years []kartlaggning.TrendYear
	rec := do(t, srv, http.MethodGet, "/api/v1/trends?municipality=habo", nil)
	if err := json.Unmarshal(rec.Body.Bytes(), &years); err != nil || len(years) != 3 {
		t.Fatalf("%d %v %s", rec.Code, err, rec.Body)
	}
	if years[0].Year != 2019 || years[2].Year != 2021 || years[0].Forums == 0 || years[1].Forums != years[0].Forums {
		t.Errorf("Habo's trend: %+v", years)
	}
	if years[2].Forums != years[1].Forums-1 || len(years[2].Left.Forums) != 1 || years[2].Left.Forums[0] != "arena-habo" {
		t.Errorf("ARENA Habo did not leave in 2021: %+v", years[2])
	}
	if err := json.Unmarshal(do(t, srv, http.MethodGet, "/api/v1/trends?unit=habo-forsorjningsstod", nil).Body.Bytes(), &years); err != nil || len(years) != 3 {
		t.Fatalf("a unit's trend: %v %+v", err, years)
	}

	page := do(t, srv, http.MethodGet, "/editions/2021/municipalities/habo/trends", nil)
	if page.Code != http.StatusOK {
		t.Fatalf("trends page: %d %s", page.Code, page.Body)
	}
	html := page.Body.String()
	text := visible(html)
	for _, want := range []string{"Utveckling över åren: Habo", "Habo år för år", "Forum som försvann ARENA Habo", "Samma aktörer och forum som året innan"} {
		if !strings.Contains(text, want) {
			t.Errorf("the trends page lacks %q", want)
		}
	}
	// The chart is drawn by the server, with a title and a description a
	// screen reader reads, and no script from elsewhere.
	for _, want := range []string{`<svg viewBox="0 0 300 150" role="img"`, `<title id="forum-titel">Forum</title>`, `<desc id="forum-beskrivning">Forum: `, "<polyline"} {
		if !strings.Contains(html, want) {
			t.Errorf("the chart lacks %s", want)
		}
	}
	if strings.Contains(html, "https://") {
		t.Error("the trends page loads something from another site")
	}
	unit := do(t, srv, http.MethodGet, "/editions/2021/units/habo-forsorjningsstod/trends", nil)
	if unit.Code != http.StatusOK || !strings.Contains(visible(unit.Body.String()), "Försörjningsstöd (Habo kommun) år för år") {
		t.Errorf("the unit's trends page: %d %.300s", unit.Code, visible(unit.Body.String()))
	}
	if rec := do(t, srv, http.MethodGet, "/editions/2021/units/finns-inte/trends", nil); rec.Code != http.StatusNotFound {
		t.Errorf("an unknown unit's trends: %d", rec.Code)
	}
	// Linked from the municipality's and the unit's pages.
	if !strings.Contains(do(t, srv, http.MethodGet, "/editions/2021/municipalities/habo", nil).Body.String(), `href="/editions/2021/municipalities/habo/trends"`) {
		t.Error("the municipality's page does not link its trends")
	}
}

// A public reader follows only the published editions.
func TestTrendsPublicReaderSeesPublishedOnly(t *testing.T) {
	srv, _ := MustServe(t, func(c *views.Config) { c.PublicRead = true })
	threeEditions(t, srv)
	if rec := do(t, srv, http.MethodPost, "/api/v1/editions/2019/publish", nil); rec.Code != http.StatusOK {
		t.Fatalf("publish: %d %s", rec.Code, rec.Body)
	}
	var years []kartlaggning.TrendYear
	rec := do(t, srv, http.MethodGet, "/api/v1/trends?municipality=habo", nil, "Authorization", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &years); err != nil || len(years) != 1 || years[0].Year != 2019 {
		t.Errorf("a public reader's trend: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, srv, http.MethodGet, "/editions/2021/municipalities/habo/trends", nil, "Authorization", ""); rec.Code == http.StatusOK {
		t.Errorf("a public reader sees the trends page of a draft: %d", rec.Code)
	}
}
