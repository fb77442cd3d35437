package views_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// FuzzAPIEntityBody: whatever a client sends as an entity, the API
// answers with a status below 500 and, for an error, the JSON error shape.
func FuzzAPIEntityBody(f *testing.F) {
	f.Add(uint8(0), []byte(`{"id":"vetlanda","name":"Vetlanda","code":"0685"}`))
	f.Add(uint8(3), []byte(`{"id":"f","name":"F","kind":"kontakt","level":"individ","formal":false,"convener":{"unit":"enter"},"members":[{"unit":"enter"}],"frequency":{"min":2,"max":1}}`))
	f.Add(uint8(2), []byte(`{"id":"x","organisation":"af","name":"X","wishes":[{"text":"t","forum":"nope"}],"review":{"status":"sent","at":"igår"}}`))
	f.Add(uint8(1), []byte(`{"id":"Ö","kind":[],"party":"ja"}`))
	f.Add(uint8(3), []byte(`{"members":[{"unit":{}}]}`))
	srv, _ := MustServe(f)
	kinds := []string{"municipalities", "organisations", "units", "forums"}
	f.Fuzz(func(t *testing.T, kind uint8, body []byte) {
		k := kinds[int(kind)%len(kinds)]
		for _, req := range []struct{ method, path string }{
			{"POST", "/api/v1/editions/2019/" + k},
			{"PUT", "/api/v1/editions/2019/units/enter"},
		} {
			rec := do(t, srv, req.method, req.path, body)
			if rec.Code >= 500 {
				t.Fatalf("%s %s with %q: %d %s", req.method, req.path, body, rec.Code, rec.Body)
			}
			if rec.Code >= 400 && !strings.Contains(rec.Body.String(), `"error":{"code":`) {
				t.Fatalf("%s %s: %d without the error shape: %s", req.method, req.path, rec.Code, rec.Body)
			}
		}
	})
}

// FuzzForumForm: whatever a browser posts to the forum form, the page
// answers below 500.
func FuzzForumForm(f *testing.F) {
	f.Add("Nytt nätverk", "natverk", "operativ", "4", "2", "", "enter")
	f.Add("", "kontakt", "individ", "x", "-1", "mullsjo", "")
	f.Add("ÅÄÖ\x00", "", "hög", "99999999999999999999", "1.5", "\u202e", "finns-inte")
	srv, _ := MustServe(f)
	f.Fuzz(func(t *testing.T, name, kind, level, min, max, municipality, convener string) {
		form := url.Values{"name": {name}, "kind": {kind}, "level": {level}, "frequency.min": {min},
			"frequency.max": {max}, "municipalities": {municipality}, "convener.unit": {convener}, "formal": {"true"}}
		rec := do(t, srv, "POST", "/editions/2019/forums", []byte(form.Encode()),
			"Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "same-origin")
		if rec.Code >= 500 {
			t.Fatalf("form %v: %d", form, rec.Code)
		}
		if rec.Code != http.StatusSeeOther && rec.Code != http.StatusUnprocessableEntity && rec.Code != http.StatusConflict {
			t.Fatalf("form %v: %d, want 303, 409 or 422", form, rec.Code)
		}
	})
}
