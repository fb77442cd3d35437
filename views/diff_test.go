package views_test

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/store"
	"github.com/kartlaggning/kartlaggning/views"
)

// mustTwoYears starts 2020 from the example's 2019 through the API and
// changes it as a processutvecklare would: a new network, an ended one, a
// unit that leaves a styrgrupp and one that joins another.
func mustTwoYears(t testing.TB) (*views.Server, *store.DB) {
	t.Helper()
	srv, db := mustMapServer(t)
	if rec := do(t, srv, http.MethodPost, "/api/v1/editions/2019/next", nil); rec.Code != http.StatusCreated {
		t.Fatalf("next: %d %s", rec.Code, rec.Body)
	}
	created := do(t, srv, http.MethodPost, "/api/v1/editions/2020/forums", []byte(`{"id": "unga-vuxna", "name": "Nätverket för unga vuxna",
		"kind": "natverk", "level": "operativ", "formal": true,
		"members": [{"unit": "habo-ungdomscoach"}, {"unit": "jonkoping-forsorjningsstod"}]}`))
	if created.Code != http.StatusCreated {
		t.Fatalf("new forum: %d %s", created.Code, created.Body)
	}
	if rec := do(t, srv, http.MethodDelete, "/api/v1/editions/2020/forums/asi-natverk", nil); rec.Code != http.StatusNoContent {
		t.Fatalf("delete: %d %s", rec.Code, rec.Body)
	}
	changeMembers := func(forum string, change func([]kartlaggning.Member) []kartlaggning.Member) {
		t.Helper()
		rec := do(t, srv, http.MethodGet, "/api/v1/editions/2020/forums/"+forum, nil)
		var f kartlaggning.Forum
		if err := json.Unmarshal(rec.Body.Bytes(), &f); err != nil {
			t.Fatalf("%s: %v %s", forum, err, rec.Body)
		}
		f.Members = change(f.Members)
		body, _ := json.Marshal(f)
		if rec := do(t, srv, http.MethodPut, "/api/v1/editions/2020/forums/"+forum, body); rec.Code != http.StatusOK {
			t.Fatalf("update %s: %d %s", forum, rec.Code, rec.Body)
		}
	}
	changeMembers("dua-regional-styrgrupp", func(ms []kartlaggning.Member) []kartlaggning.Member {
		return slices.DeleteFunc(ms, func(m kartlaggning.Member) bool { return m.Unit == "habo-ungdomscoach" })
	})
	changeMembers("enter-styrgrupp", func(ms []kartlaggning.Member) []kartlaggning.Member {
		return append(ms, kartlaggning.Member{Unit: "region-psykiatri"})
	})
	return srv, db
}

// svgItem is one node or line of a map, with its link and how it is
// drawn.
type svgItem struct {
	href, title string
	strokes     []string // stroke colours of its shapes
	dashed      bool     // a shape of it is dashed
	texts       []string // its label, and a line's label beside it
}

// svgItems parses an SVG as XML and returns its nodes and lines.
func svgItems(t *testing.T, svg string) []svgItem {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	dec.Entity = xml.HTMLEntity
	var items []svgItem
	var cur *svgItem
	depth, itemDepth := 0, 0
	inText := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return items
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			attr := func(name string) string {
				for _, a := range el.Attr {
					if a.Name.Local == name {
						return a.Value
					}
				}
				return ""
			}
			switch el.Name.Local {
			case "g":
				depth++
				if class := attr("class"); cur == nil && (class == "node" || class == "edge") {
					items = append(items, svgItem{})
					cur, itemDepth = &items[len(items)-1], depth
				}
			case "a":
				if cur != nil && cur.title == "" {
					cur.href, cur.title = attr("href"), attr("title")
				}
			case "polygon", "ellipse", "path", "polyline":
				if cur != nil {
					if s := attr("stroke"); s != "" && s != "none" && s != "transparent" {
						cur.strokes = append(cur.strokes, s)
					}
					cur.dashed = cur.dashed || attr("stroke-dasharray") != ""
				}
			case "text":
				inText = true
			}
		case xml.EndElement:
			switch el.Name.Local {
			case "g":
				if cur != nil && depth == itemDepth {
					cur = nil
				}
				depth--
			case "text":
				inText = false
			}
		case xml.CharData:
			if cur != nil && inText {
				cur.texts = append(cur.texts, string(el))
			}
		}
	}
}

func findItem(items []svgItem, match func(svgItem) bool) *svgItem {
	for i := range items {
		if match(items[i]) {
			return &items[i]
		}
	}
	return nil
}

// The comparison page of 2019 and the changed 2020 embeds the 2020 map
// with the new network marked new and the ended one drawn faded, linked
// to its 2019 page; the unit that left and the one that joined are lines
// that say so.
func TestDiffPageMap(t *testing.T) {
	t.Parallel()
	srv, _ := mustTwoYears(t)
	rec := do(t, srv, http.MethodGet, "/editions/2019/diff/2020", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	page := rec.Body.String()
	for _, want := range []string{`<h2 id="karta">Kartan 2020 med förändringarna</h2>`, `href="#nya-forum"`, `href="#lamnat"`,
		`href="/api/v1/editions/2019/diff/2020/map.svg?download=1"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	svg := svgOf(t, page)
	if strings.Contains(svg, " style=") {
		t.Error("the inline SVG has style attributes, which the Content-Security-Policy blocks")
	}
	items := svgItems(t, svg)

	fresh := findItem(items, func(i svgItem) bool { return i.href == "/editions/2020/forums/unga-vuxna" })
	if fresh == nil {
		t.Fatal("the map has no link to the new forum")
	}
	if !strings.HasPrefix(fresh.title, "Nytt 2020 (fanns inte 2019): Nätverket för unga vuxna") ||
		!slices.Contains(fresh.texts, "Nytt") || !slices.Contains(fresh.strokes, "#1b7f3b") || fresh.dashed {
		t.Errorf("the new forum is not marked new: %+v", *fresh)
	}

	// Gone from 2020, the network is drawn from 2019 and links there.
	gone := findItem(items, func(i svgItem) bool { return i.href == "/editions/2019/forums/asi-natverk" })
	if gone == nil {
		t.Fatal("the map does not show the ended forum")
	}
	if !strings.HasPrefix(gone.title, "Fanns 2019, inte 2020: ASI-nätverk") || !slices.Contains(gone.texts, "Avslutat") ||
		!gone.dashed || !slices.Contains(gone.strokes, "#8a939e") {
		t.Errorf("the ended forum is not drawn faded: %+v", *gone)
	}
	if findItem(items, func(i svgItem) bool { return i.href == "/editions/2020/forums/asi-natverk" }) != nil {
		t.Error("the ended forum links to 2020, where it does not exist")
	}

	left := findItem(items, func(i svgItem) bool {
		return strings.HasPrefix(i.title, "Fanns 2019, inte 2020: Ungdomscoach/DUA/KAA deltar i DUA regional styrgrupp")
	})
	if left == nil || !left.dashed || !slices.Contains(left.texts, "lämnat") {
		t.Errorf("the unit that left is not a dashed line marked lämnat: %+v", left)
	}
	joined := findItem(items, func(i svgItem) bool {
		return strings.HasPrefix(i.title, "Ny 2020 (fanns inte 2019): Psykiatrin deltar i Styrgrupp för ENTER")
	})
	if joined == nil || joined.dashed || !slices.Contains(joined.texts, "ny") || !slices.Contains(joined.strokes, "#1b7f3b") {
		t.Errorf("the unit that joined is not a green line marked ny: %+v", joined)
	}
	// Forums in both years are drawn as they are.
	same := findItem(items, func(i svgItem) bool { return i.href == "/editions/2020/forums/arena-mullsjo" })
	if same == nil || same.dashed || slices.Contains(same.texts, "Nytt") || strings.Contains(same.title, "2019") {
		t.Errorf("a forum of both years is marked: %+v", same)
	}
	for _, want := range []string{"Ny 2020, fanns inte 2019", "Fanns 2019 men inte 2020", "Ny koppling 2020", "Koppling som fanns 2019 men inte 2020"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the legend lacks %q", want)
		}
	}
}

func TestDiffMapFile(t *testing.T) {
	t.Parallel()
	srv, _ := mustTwoYears(t)
	for _, tc := range []struct {
		path, wantType string
		wantStatus     int
	}{
		{"/api/v1/editions/2019/diff/2020/map.svg", "image/svg+xml", 200},
		{"/api/v1/editions/2019/diff/2020/map.png", "image/png", 200},
		{"/api/v1/editions/2019/diff/2020/map.dot", "text/vnd.graphviz", 200},
		{"/api/v1/editions/2020/diff/2019/map.svg", "image/svg+xml", 200},
		{"/api/v1/editions/2019/diff/2020", "application/json", 200}, // the comparison itself is still there
		{"/api/v1/editions/2019/diff/2042/map.svg", "application/json", 404},
		{"/api/v1/editions/2042/diff/2020/map.svg", "application/json", 404},
		{"/api/v1/editions/2019/diff/2020/karta.svg", "application/json", 404},
		{"/api/v1/editions/2019/diff/2020/map.pdf", "application/json", 400},
		{"/api/v1/editions/2019/diff/2020/map", "application/json", 400},
	} {
		t.Run(tc.path, func(t *testing.T) {
			rec := do(t, srv, http.MethodGet, tc.path, nil)
			if rec.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d: %.300s", rec.Code, tc.wantStatus, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tc.wantType) {
				t.Errorf("Content-Type %q, want %s", ct, tc.wantType)
			}
			body := rec.Body.String()
			switch {
			case tc.wantStatus == 400:
				if e := decodeError(t, rec); len(e.Error.Fields) == 0 || e.Error.Fields[0].Path != "file" {
					t.Errorf("the error does not name the file: %s", body)
				}
			case tc.wantType == "image/svg+xml":
				items := svgItems(t, body)
				if len(items) < 50 {
					t.Errorf("only %d links in the map", len(items))
				}
				if !strings.Contains(body, "jämförd med") {
					t.Error("the map has no caption saying what it compares")
				}
			case tc.wantType == "image/png":
				if !strings.HasPrefix(body, "\x89PNG") {
					t.Error("not a PNG")
				}
			}
		})
	}

	// Backwards, the new forum is the one gone, and links to 2020.
	rec := do(t, srv, http.MethodGet, "/api/v1/editions/2020/diff/2019/map.svg", nil)
	back := findItem(svgItems(t, rec.Body.String()), func(i svgItem) bool { return i.href == "/editions/2020/forums/unga-vuxna" })
	if back == nil || !back.dashed || !strings.HasPrefix(back.title, "Fanns 2020, inte 2019") {
		t.Errorf("backwards, the 2020 forum is not drawn as gone: %+v", back)
	}

	// The file can be cached, and a write to either year makes a new one.
	first := do(t, srv, http.MethodGet, "/api/v1/editions/2019/diff/2020/map.svg", nil)
	tag := first.Header().Get("ETag")
	if rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/diff/2020/map.svg", nil, "If-None-Match", tag); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match with the current tag: %d", rec.Code)
	}
	if rec := do(t, srv, http.MethodDelete, "/api/v1/editions/2020/forums/arena-mullsjo", nil); rec.Code != http.StatusNoContent {
		t.Fatalf("delete: %d %s", rec.Code, rec.Body)
	}
	after := do(t, srv, http.MethodGet, "/api/v1/editions/2019/diff/2020/map.svg", nil)
	if after.Header().Get("ETag") == tag {
		t.Error("the ETag did not change after a write")
	}
	if !strings.Contains(after.Body.String(), "/editions/2019/forums/arena-mullsjo") {
		t.Error("the forum deleted from 2020 is not on the new map as gone")
	}
}
