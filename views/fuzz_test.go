package views_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
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

// FuzzSignInForms: whatever anyone posts to the forms that need no
// account, the answer is one of the form's own (never a 5xx), and a
// successful sign-in sends the browser only to a page of this site.
func FuzzSignInForms(f *testing.F) {
	f.Add("chef@mullsjo.se", "en lång lösenfras", "/editions/2019", false)
	f.Add("chef@mullsjo.se", "en lång lösenfras", "/\t/evil.example/x", false)
	f.Add("chef@mullsjo.se", "en lång lösenfras", "https://evil.example", false)
	f.Add(strings.Repeat("a", 300)+"@x.se", "x", "//evil", false)
	f.Add("admin@forbundet.se", strings.Repeat("ö", 600), "", true)
	f.Add("\x00@\u202e.se", "\xff\xfe", "/\\evil", true)
	srv, db := MustServe(f)
	hash, _ := auth.HashPassword("en lång lösenfras")
	if err := db.CreateUser(context.Background(), kartlaggning.User{Email: "chef@mullsjo.se", Role: kartlaggning.RoleReader}, hash); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, email, password, next string, setup bool) {
		path := "/login"
		if setup {
			path = "/setup"
		}
		form := url.Values{"email": {email}, "password": {password}, "next": {next}, "name": {email}}
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Host, req.RemoteAddr = "localhost:8080", "127.0.0.1:40000"
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusSeeOther:
			loc := rec.Header().Get("Location")
			if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.ContainsAny(loc, "\\\t\n\r\x0b") {
				t.Fatalf("%s sends the browser to %q", path, loc)
			}
		case http.StatusUnauthorized, http.StatusNotFound, http.StatusConflict, http.StatusRequestEntityTooLarge,
			http.StatusUnprocessableEntity, http.StatusTooManyRequests:
		default:
			t.Fatalf("%s with %q / %q: %d", path, email, password, rec.Code)
		}
	})
}
