package views_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/demo"
	"github.com/kartlaggning/kartlaggning/store"
)

func TestAPIBasics(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	for _, tc := range []struct {
		name, method, path string
		body               string
		wantStatus         int
		wantInBody         string
	}{
		{"health", "GET", "/healthz", "", 200, "ok"},
		{"editions", "GET", "/api/v1/editions", "", 200, `"year":2019`},
		{"list forums", "GET", "/api/v1/editions/2019/forums", "", 200, `"id":"arena-mullsjo"`},
		{"one unit", "GET", "/api/v1/editions/2019/units/mullsjo-forsorjningsstod", "", 200, `"name":"Försörjningsstöd"`},
		{"unknown unit", "GET", "/api/v1/editions/2019/units/finns-inte", "", 404, `"code":"not_found"`},
		{"unknown kind", "GET", "/api/v1/editions/2019/bananas", "", 404, `"code":"not_found"`},
		{"unknown year", "GET", "/api/v1/editions/1999/forums", "", 404, `"code":"not_found"`},
		{"missing edition", "GET", "/api/v1/editions/2030/export", "", 404, "2030"},
		{"unknown API path", "GET", "/api/v1/nothing/here/at/all/x", "", 404, `"code":"not_found"`},
		{"wrong method", "PATCH", "/api/v1/editions", "", 405, `"error"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var body []byte
			if tc.body != "" {
				body = []byte(tc.body)
			}
			rec := do(t, srv, tc.method, tc.path, body)
			if rec.Code != tc.wantStatus || !strings.Contains(rec.Body.String(), tc.wantInBody) {
				t.Fatalf("%s %s: got %d %s, want %d containing %s", tc.method, tc.path, rec.Code, rec.Body, tc.wantStatus, tc.wantInBody)
			}
		})
	}
}

func TestAPIEntityLifecycle(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	base := "/api/v1/editions/2019/forums"
	forum := `{"id":"nytt-natverk","name":"Nytt nätverk för unga","kind":"natverk","level":"operativ","formal":true,
		"frequency":{"min":4,"max":6,"text":"2-3 gånger per termin"},
		"members":[{"unit":"mullsjo-forsorjningsstod","role":"sammankallande"},{"organisation":"af","role":"ledamot"}]}`

	rec := do(t, srv, "POST", base, []byte(forum))
	if rec.Code != http.StatusCreated || rec.Header().Get("ETag") != `"1"` || rec.Header().Get("Location") != base+"/nytt-natverk" {
		t.Fatalf("create: %d %q %q %s", rec.Code, rec.Header().Get("ETag"), rec.Header().Get("Location"), rec.Body)
	}
	if rec := do(t, srv, "POST", base, []byte(forum)); rec.Code != http.StatusConflict {
		t.Fatalf("create twice: %d, want 409", rec.Code)
	}

	rec = do(t, srv, "GET", base+"/nytt-natverk", nil)
	if rec.Code != 200 || rec.Header().Get("ETag") != `"1"` || !strings.Contains(rec.Body.String(), "Nytt nätverk för unga") {
		t.Fatalf("get: %d %q %s", rec.Code, rec.Header().Get("ETag"), rec.Body)
	}

	changed := strings.Replace(forum, `"level":"operativ"`, `"level":"strategisk"`, 1)
	rec = do(t, srv, "PUT", base+"/nytt-natverk", []byte(changed), "If-Match", `"1"`)
	if rec.Code != 200 || rec.Header().Get("ETag") != `"2"` {
		t.Fatalf("update: %d %q %s", rec.Code, rec.Header().Get("ETag"), rec.Body)
	}
	if rec := do(t, srv, "GET", base+"/nytt-natverk", nil); !strings.Contains(rec.Body.String(), `"level":"strategisk"`) {
		t.Fatalf("update not stored: %s", rec.Body)
	}

	rec = do(t, srv, "PUT", base+"/annat-id", []byte(changed))
	if body := decodeError(t, rec); rec.Code != 422 || len(body.Error.Fields) == 0 || body.Error.Fields[0].Path != "id" {
		t.Fatalf("id mismatch: %d %s", rec.Code, rec.Body)
	}

	if rec := do(t, srv, "DELETE", base+"/nytt-natverk", nil, "If-Match", `"1"`); rec.Code != http.StatusPreconditionFailed {
		t.Fatalf("stale delete: %d, want 412", rec.Code)
	}
	if rec := do(t, srv, "DELETE", base+"/nytt-natverk", nil, "If-Match", `"2"`); rec.Code != http.StatusNoContent {
		t.Fatalf("delete: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, srv, "GET", base+"/nytt-natverk", nil); rec.Code != 404 {
		t.Fatalf("after delete: %d, want 404", rec.Code)
	}
}

func TestAPIDeleteReferencedIsRefused(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	before := exportJSON(t, srv, "2019")
	rec := do(t, srv, "DELETE", "/api/v1/editions/2019/units/mullsjo-forsorjningsstod", nil)
	body := decodeError(t, rec)
	if rec.Code != http.StatusConflict || body.Error.Code != "conflict" {
		t.Fatalf("got %d %s, want 409 conflict", rec.Code, rec.Body)
	}
	var forums []string
	for _, r := range body.Error.Referrers {
		if r.Kind == "forums" {
			forums = append(forums, r.ID)
		}
	}
	if !slices.Contains(forums, "arena-mullsjo") {
		t.Errorf("referrers %v do not name the forum arena-mullsjo", forums)
	}
	if after := exportJSON(t, srv, "2019"); string(after) != string(before) {
		t.Error("a refused delete changed the database")
	}
}

// TestAPIRoundTrip: export → import → export gives the same document, and
// the first export is the example file itself.
func TestAPIRoundTrip(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	first := exportJSON(t, srv, "2019")
	var got, want any
	if err := json.Unmarshal(first, &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(demo.JSON(), &want); err != nil {
		t.Fatal(err)
	}
	want.(map[string]any)["edition"].(map[string]any)["status"] = "draft" // as MustServe imports it
	if !reflect.DeepEqual(got, want) {
		t.Error("the export of the demo edition differs from the example file")
	}
	rec := do(t, srv, "POST", "/api/v1/editions/import?replace=true", first)
	if rec.Code != http.StatusCreated || !strings.Contains(rec.Body.String(), `"forums":83`) {
		t.Fatalf("re-import: %d %s", rec.Code, rec.Body)
	}
	if second := exportJSON(t, srv, "2019"); string(second) != string(first) {
		t.Error("export → import → export changed the document")
	}
}

func TestAPIImportConflict(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	rec := do(t, srv, "POST", "/api/v1/editions/import", demo.JSON())
	if rec.Code != http.StatusConflict {
		t.Fatalf("import of an existing year: %d, want 409", rec.Code)
	}
	doc := strings.Replace(string(demo.JSON()), `"year": 2019`, `"year": 2020`, 1)
	rec = do(t, srv, "POST", "/api/v1/editions/import", []byte(doc))
	if rec.Code != http.StatusCreated {
		t.Fatalf("import of a new year: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, srv, "GET", "/api/v1/editions", nil); !strings.Contains(rec.Body.String(), `"year":2020`) {
		t.Fatalf("editions after import: %s", rec.Body)
	}
}

// mutateDemo returns the example document changed by f, as JSON.
func mutateDemo(t *testing.T, f func(doc map[string]any)) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(demo.JSON(), &doc); err != nil {
		t.Fatal(err)
	}
	f(doc)
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func at(doc map[string]any, kind string, i int) map[string]any {
	return doc[kind].([]any)[i].(map[string]any)
}

// TestAPIBadImport: every class of bad input gets its status and a message
// naming the field, and the database stays as it was.
func TestAPIBadImport(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	before := exportJSON(t, srv, "2019")
	big := append([]byte(`{"format":"kartlaggning/v1","edition":{"year":2019,"title":"`), make([]byte, 33<<20)...)
	for _, tc := range []struct {
		name       string
		body       []byte
		wantStatus int
		wantPath   string
		wantWords  string
	}{
		{"malformed JSON", []byte(`{"format": "kartlaggning/v1", "edition": {`), 400, "", "Ogiltig JSON"},
		{"unknown field", mutateDemo(t, func(d map[string]any) { at(d, "forums", 3)["colour"] = "red" }), 422, "forums[3].colour", "Okänt fält"},
		{"bad enum", mutateDemo(t, func(d map[string]any) { at(d, "forums", 2)["level"] = "hög" }), 422, "forums[2].level", "strategisk, operativ, individ"},
		{"bad id", mutateDemo(t, func(d map[string]any) { at(d, "units", 0)["id"] = "Mullsjö Försörjning" }), 422, "units[0].id", "a–z"},
		{"dangling reference", mutateDemo(t, func(d map[string]any) {
			at(d, "forums", 3)["members"].([]any)[0].(map[string]any)["unit"] = "finns-inte"
			delete(at(d, "forums", 3)["members"].([]any)[0].(map[string]any), "organisation")
		}), 422, "forums[3].members[0].unit", `"finns-inte"`},
		{"duplicate id", mutateDemo(t, func(d map[string]any) { at(d, "forums", 1)["id"] = at(d, "forums", 0)["id"] }), 422, "forums[1].id", "används redan"},
		{"min greater than max", mutateDemo(t, func(d map[string]any) {
			at(d, "forums", 2)["frequency"] = map[string]any{"min": 12, "max": 4}
		}), 422, "forums[2].frequency.max", "mindre än"},
		{"wrong type", mutateDemo(t, func(d map[string]any) { at(d, "forums", 4)["formal"] = "ja" }), 422, "forums[4].formal", "true eller false"},
		{"oversized body", big, 413, "", "för stort"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(t, srv, "POST", "/api/v1/editions/import?replace=true", tc.body)
			body := decodeError(t, rec)
			if rec.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.wantStatus, rec.Body)
			}
			text := body.Error.Message
			if tc.wantPath != "" {
				var paths []string
				for _, f := range body.Error.Fields {
					paths = append(paths, f.Path)
					if f.Path == tc.wantPath {
						text = f.Message
					}
				}
				if !slices.Contains(paths, tc.wantPath) {
					t.Fatalf("fields %v do not name %s", paths, tc.wantPath)
				}
			}
			if !strings.Contains(text, tc.wantWords) {
				t.Errorf("message %q does not say %q", text, tc.wantWords)
			}
			if after := exportJSON(t, srv, "2019"); string(after) != string(before) {
				t.Error("bad input changed the database")
			}
		})
	}
}

// TestAPIBadEntity: the same classes on single-entity writes.
func TestAPIBadEntity(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	before := exportJSON(t, srv, "2019")
	for _, tc := range []struct {
		name, method, path, body string
		wantStatus               int
		wantPath                 string
	}{
		{"unknown field", "POST", "/api/v1/editions/2019/municipalities", `{"id":"vetlanda","name":"Vetlanda","population":27000}`, 422, "population"},
		{"missing name", "POST", "/api/v1/editions/2019/municipalities", `{"id":"vetlanda"}`, 422, "name"},
		{"bad code", "POST", "/api/v1/editions/2019/municipalities", `{"id":"vetlanda","name":"Vetlanda","code":"68"}`, 422, "code"},
		{"bad role", "POST", "/api/v1/editions/2019/forums", `{"id":"f","name":"F","kind":"natverk","level":"operativ","formal":true,"members":[{"unit":"enter","role":"chef"}]}`, 422, "members[0].role"},
		{"kontakt without convener", "POST", "/api/v1/editions/2019/forums", `{"id":"f","name":"F","kind":"kontakt","level":"individ","formal":false,"members":[{"unit":"enter"}]}`, 422, "convener.unit"},
		{"member both unit and organisation", "POST", "/api/v1/editions/2019/forums", `{"id":"f","name":"F","kind":"natverk","level":"operativ","formal":true,"members":[{"unit":"enter","organisation":"af"}]}`, 422, "members[0].unit"},
		{"dangling organisation", "PUT", "/api/v1/editions/2019/units/enter", `{"id":"enter","organisation":"finns-inte","name":"ENTER"}`, 422, "organisation"},
		{"parent cycle", "PUT", "/api/v1/editions/2019/units/jonkoping-forsorjningsstod", `{"id":"jonkoping-forsorjningsstod","organisation":"jonkopings-kommun","name":"FS","parent":"jonkoping-fs-raslatt"}`, 422, "parent"},
		{"malformed", "PUT", "/api/v1/editions/2019/units/enter", `{"id":`, 400, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(t, srv, tc.method, tc.path, []byte(tc.body))
			body := decodeError(t, rec)
			if rec.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.wantStatus, rec.Body)
			}
			if tc.wantPath != "" && (len(body.Error.Fields) == 0 || !slices.ContainsFunc(body.Error.Fields, func(f kartlaggning.FieldError) bool {
				return f.Path == tc.wantPath
			})) {
				t.Fatalf("fields do not name %s: %s", tc.wantPath, rec.Body)
			}
		})
	}
	if after := exportJSON(t, srv, "2019"); string(after) != string(before) {
		t.Error("bad input changed the database")
	}
}

func TestAPIStaleIfMatch(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	path := "/api/v1/editions/2019/municipalities/habo"
	if rec := do(t, srv, "PUT", path, []byte(`{"id":"habo","name":"Habo kommun","code":"0643"}`), "If-Match", `"1"`); rec.Code != 200 {
		t.Fatalf("first update: %d %s", rec.Code, rec.Body)
	}
	rec := do(t, srv, "PUT", path, []byte(`{"id":"habo","name":"Habo!","code":"0643"}`), "If-Match", `"1"`)
	if body := decodeError(t, rec); rec.Code != http.StatusPreconditionFailed || body.Error.Code != "precondition_failed" {
		t.Fatalf("stale update: %d %s, want 412 precondition_failed", rec.Code, rec.Body)
	}
	if rec := do(t, srv, "GET", path, nil); !strings.Contains(rec.Body.String(), `"Habo kommun"`) || rec.Header().Get("ETag") != `"2"` {
		t.Fatalf("after the stale update: %s %s", rec.Header().Get("ETag"), rec.Body)
	}
}

// TestAPIConcurrentUpdates: two clients update from the same version over
// real HTTP; one wins and the other is told, so no update is lost.
func TestAPIConcurrentUpdates(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	ts := httptest.NewServer(asAdmin(srv))
	defer ts.Close()
	for round := 1; round <= 10; round++ {
		version := fmt.Sprintf(`"%d"`, round)
		statuses := make([]int, 2)
		var wg sync.WaitGroup
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				body := fmt.Sprintf(`{"id":"mullsjo","name":"Mullsjö %d-%d","code":"0642"}`, round, i)
				req, _ := http.NewRequest("PUT", ts.URL+"/api/v1/editions/2019/municipalities/mullsjo", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("If-Match", version)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				statuses[i] = resp.StatusCode
			}()
		}
		wg.Wait()
		slices.Sort(statuses)
		if statuses[0] != 200 || statuses[1] != 412 {
			t.Fatalf("round %d: statuses %v, want one 200 and one 412", round, statuses)
		}
	}
}

// The hot backup is a database file that opens and holds the edition.
func TestAPIBackup(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	rec := do(t, srv, "GET", "/api/v1/backup", nil)
	if rec.Code != 200 || rec.Header().Get("Content-Length") != fmt.Sprint(rec.Body.Len()) {
		t.Fatalf("backup: %d, Content-Length %q for %d bytes", rec.Code, rec.Header().Get("Content-Length"), rec.Body.Len())
	}
	path := filepath.Join(t.TempDir(), "kopia.db")
	if err := os.WriteFile(path, rec.Body.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	copy, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer copy.Close()
	doc, err := copy.Export(context.Background(), 2019)
	if err != nil || len(doc.Forums) != 83 {
		t.Fatalf("the backup's edition: %v", err)
	}
}
