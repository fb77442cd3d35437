package views_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/store"
	"github.com/kartlaggning/kartlaggning/views"
)

// mustMapServer is MustServe with the shared pool of real workers.
func mustMapServer(tb testing.TB) (*views.Server, *store.DB) {
	tb.Helper()
	return MustServe(tb, withMaps(mustMapPool(tb)))
}

// svgOf cuts the inline <svg> out of a page.
func svgOf(tb testing.TB, page string) string {
	tb.Helper()
	i, j := strings.Index(page, "<svg"), strings.Index(page, "</svg>")
	if i < 0 || j < i {
		tb.Fatalf("the page holds no inline SVG:\n%s", page)
	}
	return page[i : j+len("</svg>")]
}

// svgAnchors parses an SVG as XML and returns its links' targets and
// tooltips.
func svgAnchors(tb testing.TB, svg string) (hrefs, titles []string) {
	tb.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	dec.Entity = xml.HTMLEntity
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return hrefs, titles
		}
		if err != nil {
			tb.Fatalf("the SVG is not well-formed XML: %v", err)
		}
		if el, ok := tok.(xml.StartElement); ok && el.Name.Local == "a" {
			for _, a := range el.Attr {
				switch a.Name.Local {
				case "href":
					hrefs = append(hrefs, a.Value)
				case "title":
					titles = append(titles, a.Value)
				}
			}
		}
	}
}

// On the example edition, Mullsjö's map shows every unit that works in
// Mullsjö (the kommun's three and ENTER, which names Mullsjö among its
// municipalities), every forum they sit in, and their wishes as dashed
// red lines.
func TestMapPageMullsjo(t *testing.T) {
	t.Parallel()
	srv, db := mustMapServer(t)
	rec := do(t, srv, http.MethodGet, "/editions/2019/maps/municipality/mullsjo", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	page := rec.Body.String()
	svg := svgOf(t, page)
	hrefs, _ := svgAnchors(t, svg)
	doc, err := db.Export(context.Background(), 2019)
	if err != nil {
		t.Fatal(err)
	}
	x := kartlaggning.NewIndex(doc)
	mine := map[kartlaggning.Ref]bool{}
	for _, u := range x.UnitsIn("mullsjo") {
		mine[kartlaggning.Ref{Kind: kartlaggning.Units, ID: u.ID}] = true
	}
	for _, want := range []string{"mullsjo-integration-arbetsmarknad", "mullsjo-forsorjningsstod", "mullsjo-daglig-verksamhet", "enter"} {
		if !mine[kartlaggning.Ref{Kind: kartlaggning.Units, ID: want}] {
			t.Fatalf("the example data changed: %s no longer works in Mullsjö", want)
		}
	}
	for r := range mine {
		if !slicesContains(hrefs, "/editions/2019/units/"+r.ID) {
			t.Errorf("the map has no link to Mullsjö's unit %s", r.ID)
		}
	}
	// Every forum a Mullsjö unit sits in is on the map, linked, and named in
	// the table.
	for _, f := range doc.Forums {
		sits := false
		for _, m := range f.Members {
			sits = sits || mine[m.Ref()]
		}
		if !sits {
			continue
		}
		if !slicesContains(hrefs, "/editions/2019/forums/"+f.ID) {
			t.Errorf("the map lacks forum %s", f.ID)
		}
	}
	// Wishes that name a party are named in red in the unit's box: every
	// unit and party wished for.
	wished := map[[2]string]bool{}
	for r := range mine {
		for _, w := range x.Units[r.ID].Wishes {
			switch {
			case w.Unit != "":
				wished[[2]string{r.ID, "units/" + w.Unit}] = true
			case w.Organisation != "":
				wished[[2]string{r.ID, "organisations/" + w.Organisation}] = true
			case w.Forum != "":
				wished[[2]string{r.ID, "forums/" + w.Forum}] = true
			}
		}
	}
	if len(wished) == 0 {
		t.Fatal("Mullsjö's units wish for nothing")
	}
	boxes := map[string]string{}
	for _, m := range regexp.MustCompile(`(?s)<g id="n:units/([^"]+)" class="node">(.*?)</g>\n</g>`).FindAllStringSubmatch(svg, -1) {
		boxes[html.UnescapeString(m[1])] = html.UnescapeString(m[2])
	}
	for w := range wished {
		box := boxes[w[0]]
		_, row, _ := strings.Cut(box, `fill="#c62828"`)
		name := x.Name(kartlaggning.Ref{Kind: kartlaggning.Kind(strings.SplitN(w[1], "/", 2)[0]), ID: strings.SplitN(w[1], "/", 2)[1]})
		if !strings.Contains(box, "Önskar samverkan med:") || !strings.Contains(row, strings.Fields(name)[0]) {
			t.Errorf("the box of %s does not name %s (%s) in red among its wishes", w[0], w[1], name)
		}
	}
	for _, want := range []string{"Teckenförklaring", "Önskad samverkan", "Kartan som tabell", `scope="col"`, "Funktionshinderomsorg"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(svg, " style=") {
		t.Error("the inline SVG has style attributes, which the Content-Security-Policy blocks")
	}
}

// The partners drawn are the ones the focus really meets: ENTER sits in
// Habo's kontakt forum, where it meets only the convener, not the other
// members.
func TestMapPartnersFollowTheKontaktRule(t *testing.T) {
	t.Parallel()
	srv, _ := mustMapServer(t)
	rec := do(t, srv, http.MethodGet, "/editions/2019/maps/unit/enter", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	hrefs, _ := svgAnchors(t, svgOf(t, rec.Body.String()))
	if !slicesContains(hrefs, "/editions/2019/units/habo-forsorjningsstod") {
		t.Error("ENTER's map lacks the convener of Habo's kontakt forum")
	}
	if slicesContains(hrefs, "/editions/2019/units/habo-integration") {
		t.Error("ENTER's map shows Habo's integration unit, which ENTER does not meet (kontakt forums are stars)")
	}
}

func TestMapPagesAndFiles(t *testing.T) {
	t.Parallel()
	srv, _ := mustMapServer(t)
	for _, tc := range []struct {
		path, wantType string
		wantStatus     int
	}{
		{"/editions/2019/maps", "text/html", 200},
		{"/editions/2019/maps/units", "text/html", 200},
		{"/editions/2019/maps/units?municipality=habo", "text/html", 200},
		{"/editions/2019/maps/unit/mullsjo-forsorjningsstod", "text/html", 200},
		{"/editions/2019/maps/forum/aas", "text/html", 200},
		{"/editions/2019/maps?level=individ&formal=false", "text/html", 200},
		{"/api/v1/editions/2019/maps/overview.svg", "image/svg+xml", 200},
		{"/api/v1/editions/2019/maps/overview.png", "image/png", 200},
		{"/api/v1/editions/2019/maps/overview.dot", "text/vnd.graphviz", 200},
		{"/api/v1/editions/2019/maps/units.svg?municipality=mullsjo", "image/svg+xml", 200},
		{"/api/v1/editions/2019/maps/municipality/mullsjo.png", "image/png", 200},
		{"/api/v1/editions/2019/maps/unit/enter.dot", "text/vnd.graphviz", 200},
		{"/api/v1/editions/2019/maps/forum/gps.svg?level=operativ", "image/svg+xml", 200},
		// Unknown ids are 404, bad filters 400.
		{"/editions/2019/maps/unit/ingen-sadan", "text/html", 404},
		{"/api/v1/editions/2019/maps/unit/ingen-sadan.svg", "application/json", 404},
		{"/api/v1/editions/2019/maps/municipality/ingen.png", "application/json", 404},
		{"/api/v1/editions/2019/maps/forum/ingen.dot", "application/json", 404},
		{"/api/v1/editions/2019/maps/units.svg?municipality=ingen", "application/json", 404},
		{"/api/v1/editions/2019/maps/karta.svg", "application/json", 404},
		{"/api/v1/editions/2019/maps/overview.pdf", "application/json", 404},
		{"/api/v1/editions/1999/maps/overview.svg", "application/json", 404},
		{"/api/v1/editions/2042/maps/overview.svg", "application/json", 404},
		{"/api/v1/editions/2019/maps/overview.svg?level=hog", "application/json", 400},
		{"/editions/2019/maps?formal=kanske", "text/html", 400},
	} {
		t.Run(tc.path, func(t *testing.T) {
			rec := do(t, srv, http.MethodGet, tc.path, nil)
			if rec.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d: %.300s", rec.Code, tc.wantStatus, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tc.wantType) {
				t.Errorf("Content-Type %q, want %s", ct, tc.wantType)
			}
			body := rec.Body.Bytes()
			switch {
			case tc.wantStatus != 200:
			case tc.wantType == "image/png" && !bytes.HasPrefix(body, []byte("\x89PNG\r\n\x1a\n")):
				t.Error("not a PNG")
			case tc.wantType == "image/svg+xml":
				svgAnchors(t, string(body))
			case tc.wantType == "text/vnd.graphviz" && !bytes.HasPrefix(body, []byte("digraph ")):
				t.Errorf("not DOT: %.100s", body)
			}
		})
	}
}

func TestMapBadFiltersNameTheParameter(t *testing.T) {
	t.Parallel()
	srv, _ := mustMapServer(t)
	rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/maps/overview.svg?level=hog&kind=fika&scope=varlden&formal=kanske", nil)
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("status %d", rec.Code)
	}
	body := decodeError(t, rec)
	if body.Error.Code != "invalid" {
		t.Errorf("code %q", body.Error.Code)
	}
	var paths []string
	for _, f := range body.Error.Fields {
		paths = append(paths, f.Path)
	}
	if strings.Join(paths, ",") != "level,kind,scope,formal" {
		t.Errorf("fields %v, want every bad parameter named", paths)
	}
}

func TestMapDownloadsAndConditionalGet(t *testing.T) {
	t.Parallel()
	srv, _ := mustMapServer(t)
	rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/maps/municipality/mullsjo.svg?download=1", nil)
	if cd := rec.Header().Get("Content-Disposition"); cd != `attachment; filename="samverkanskarta-2019-municipality-mullsjo.svg"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	tag := rec.Header().Get("ETag")
	if tag == "" {
		t.Fatal("no ETag")
	}
	again := do(t, srv, http.MethodGet, "/api/v1/editions/2019/maps/municipality/mullsjo.svg", nil, "If-None-Match", tag)
	if again.Code != http.StatusNotModified {
		t.Errorf("status %d for an unchanged map, want 304", again.Code)
	}
	// The page offers the same downloads, filters kept.
	page := do(t, srv, http.MethodGet, "/editions/2019/maps/municipality/mullsjo?level=strategisk", nil).Body.String()
	for _, ext := range []string{"svg", "png", "dot"} {
		want := "/api/v1/editions/2019/maps/municipality/mullsjo." + ext + "?level=strategisk&amp;download=1"
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks the download %s", want)
		}
	}
}

// A write gives the edition a new revision; the next map shows it.
func TestMapCacheFollowsWrites(t *testing.T) {
	t.Parallel()
	srv, db := mustMapServer(t)
	ctx := context.Background()
	const path = "/api/v1/editions/2019/maps/unit/mullsjo-forsorjningsstod.svg"
	before := do(t, srv, http.MethodGet, path, nil)
	if before.Code != http.StatusOK {
		t.Fatalf("status %d", before.Code)
	}
	v, err := db.Get(ctx, 2019, kartlaggning.Units, "mullsjo-forsorjningsstod")
	if err != nil {
		t.Fatal(err)
	}
	u := *v.Entity.(*kartlaggning.Unit)
	u.Name = "Ekonomiskt bistånd Mullsjö"
	if _, err := db.Update(ctx, 2019, &u, v.Version); err != nil {
		t.Fatal(err)
	}
	after := do(t, srv, http.MethodGet, path, nil)
	if !strings.Contains(after.Body.String(), "Ekonomiskt bistånd Mullsjö") {
		t.Error("the map still shows the old name after the unit was renamed")
	}
	if after.Header().Get("ETag") == before.Header().Get("ETag") {
		t.Error("the map kept its ETag across a write")
	}
}

// Many clients at once, through the real pool: each gets its own map.
func TestMapConcurrentRequests(t *testing.T) {
	t.Parallel()
	srv, db := mustMapServer(t)
	doc, err := db.Export(context.Background(), 2019)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, u := range doc.Units {
		paths = append(paths, "/api/v1/editions/2019/maps/unit/"+u.ID+".svg", "/api/v1/editions/2019/maps/unit/"+u.ID+".svg?level=operativ")
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(paths)*2)
	for range 2 {
		for _, p := range paths {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rec := do(t, srv, http.MethodGet, p, nil)
				id := strings.TrimSuffix(strings.TrimPrefix(p, "/api/v1/editions/2019/maps/unit/"), ".svg")
				id, _, _ = strings.Cut(id, ".svg")
				switch {
				case rec.Code != http.StatusOK:
					errs <- fmt.Errorf("%s: status %d", p, rec.Code)
				case !strings.Contains(rec.Body.String(), `href="/editions/2019/units/`+id+`"`):
					errs <- fmt.Errorf("%s: not this unit's map", p)
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
