package views_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
)

// browser posts forms and keeps cookies, as a person's browser does.
type browser struct {
	t       *testing.T
	h       http.Handler
	cookies map[string]*http.Cookie
	addr    string // the browser's address; a documentation address if empty
	// old browsers send no Sec-Fetch-Site: their forms need the CSRF token
	old bool
}

func (b *browser) send(req *http.Request) *httptest.ResponseRecorder {
	b.t.Helper()
	req.Header.Set("Authorization", "") // no token: this is a person
	if !b.old {
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	req.RemoteAddr = "192.0.2.7:5000"
	if b.addr != "" {
		req.RemoteAddr = b.addr
		if strings.HasPrefix(b.addr, "127.") {
			req.Host = "localhost:8080" // a browser on the machine itself
		}
	}
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	asAdmin(b.h).ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return rec
}

func (b *browser) get(path string) *httptest.ResponseRecorder {
	return b.send(httptest.NewRequest("GET", path, nil))
}

func (b *browser) post(path string, form url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.send(req)
}

func TestLoginLogout(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	hash, _ := auth.HashPassword("en lång lösenfras")
	if err := db.CreateUser(context.Background(), kartlaggning.User{Email: "chef@mullsjo.se", Role: kartlaggning.RoleManager,
		Units: []string{"mullsjo-forsorjningsstod"}}, hash); err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, h: srv, cookies: map[string]*http.Cookie{}}

	rec := b.get("/editions/2019")
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login?next=%2Feditions%2F2019" {
		t.Fatalf("a page without signing in: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	rec = b.post("/login", url.Values{"email": {"chef@mullsjo.se"}, "password": {"fel lösenord!"}, "next": {"/editions/2019"}})
	if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "Fel e-postadress eller lösenord.") {
		t.Fatalf("a wrong password: %d", rec.Code)
	}
	rec = b.post("/login", url.Values{"email": {"Chef@Mullsjo.se"}, "password": {"en lång lösenfras"}, "next": {"/editions/2019"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/editions/2019" || b.cookies["session"] == nil {
		t.Fatalf("signing in: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if c := b.cookies["session"]; !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
		t.Errorf("the session cookie is not HttpOnly and SameSite=Lax: %+v", c)
	}
	rec = b.get("/editions/2019")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "chef@mullsjo.se") {
		t.Fatalf("a page when signed in: %d", rec.Code)
	}
	// A manager reads everything but may not edit forums.
	if rec := b.get("/editions/2019/forums/arena-mullsjo/edit"); rec.Code != http.StatusForbidden {
		t.Errorf("a manager opening a forum's edit form: %d, want 403", rec.Code)
	}
	if rec := b.get("/editions/2019/units/mullsjo-forsorjningsstod/review"); rec.Code != http.StatusOK {
		t.Errorf("a manager opening their unit's review: %d", rec.Code)
	}

	rec = b.post("/logout", url.Values{})
	if rec.Code != http.StatusSeeOther || b.cookies["session"] != nil {
		t.Fatalf("signing out: %d, cookie %v", rec.Code, b.cookies["session"])
	}
	if rec := b.get("/editions/2019"); rec.Code != http.StatusSeeOther {
		t.Errorf("a page after signing out: %d", rec.Code)
	}
	// The next parameter never leads off the site.
	rec = b.post("/login", url.Values{"email": {"chef@mullsjo.se"}, "password": {"en lång lösenfras"}, "next": {"//evil.example/"}})
	if rec.Header().Get("Location") != "/" {
		t.Errorf("next=//evil.example/ redirected to %q", rec.Header().Get("Location"))
	}
}

func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	b := &browser{t: t, h: srv, cookies: map[string]*http.Cookie{}}
	// The first two mistakes cost nothing; the third makes the next wait.
	for i := 0; i < 2; i++ {
		if rec := b.post("/login", url.Values{"email": {"a@x.se"}, "password": {"gissning nummer " + string(rune('0'+i))}}); rec.Code != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i+1, rec.Code)
		}
	}
	// Then the waits grow (2 s, 10 s, 1 min; bcrypt under the race
	// detector may outlast the first): by the sixth attempt from the
	// address, another account too, the answer is to wait, in Swedish.
	waitText := regexp.MustCompile(`Försök igen om \d+ (sekund|sekunder|minut|minuter)\.`)
	for i := 3; ; i++ {
		rec := b.post("/login", url.Values{"email": {"annan@x.se"}, "password": {"från samma adress"}})
		if rec.Code == http.StatusTooManyRequests {
			if !waitText.MatchString(rec.Body.String()) {
				t.Errorf("attempt %d was refused without saying how long to wait", i)
			}
			break
		}
		if rec.Code != http.StatusUnauthorized || i == 6 {
			t.Fatalf("attempt %d from the address: %d, want 429 by the sixth", i, rec.Code)
		}
	}
	// X-Forwarded-For does not let a client dodge the throttle.
	req := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"email": {"a@x.se"}, "password": {"x"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", "203.0.113.9")
	if rec := b.send(req); rec.Code != http.StatusTooManyRequests {
		t.Errorf("with a forged X-Forwarded-For: %d, want 429", rec.Code)
	}
}

// Over-long fields of the sign-in forms are refused, naming the field,
// before the throttle, the store or bcrypt see them; a body over 16 KiB
// is refused unread.
func TestLoginSetupFieldLimits(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	b := &browser{t: t, h: srv, cookies: map[string]*http.Cookie{}}
	long := strings.Repeat("a", 250) + "@x.se"
	rec := b.post("/login", url.Values{"email": {long}, "password": {"ett lösenord"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "E-postadressen är för lång: högst 254 tecken.") {
		t.Errorf("a 255-character e-mail address: %d", rec.Code)
	}
	rec = b.post("/login", url.Values{"email": {"a@x.se"}, "password": {strings.Repeat("ö", 513)}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Lösenordet är för långt: högst 1024 byte") {
		t.Errorf("a password of 1026 bytes: %d", rec.Code)
	}
	// Refused fields are not failures: the next attempts are not slowed.
	for i := 0; i < 2; i++ {
		if rec := b.post("/login", url.Values{"email": {"a@x.se"}, "password": {"gissning"}}); rec.Code != http.StatusUnauthorized {
			t.Fatalf("a wrong password after the refusals: %d", rec.Code)
		}
	}
	rec = b.post("/login", url.Values{"email": {"a@x.se"}, "password": {strings.Repeat("x", 20<<10)}})
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "Formuläret är för stort: högst 16 KiB.") {
		t.Errorf("a 20 KiB login form: %d", rec.Code)
	}

	local := &browser{t: t, h: srv, cookies: map[string]*http.Cookie{}, addr: "127.0.0.1:40000"}
	local.get("/setup")
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"email", url.Values{"email": {long}, "password": {"ett långt lösenord"}}, "E-postadressen är för lång: högst 254 tecken."},
		{"name", url.Values{"email": {"admin@x.se"}, "name": {strings.Repeat("n", 201)}, "password": {"ett långt lösenord"}}, "Namn"},
		{"password", url.Values{"email": {"admin@x.se"}, "password": {strings.Repeat("å", 37)}}, "Lösenordet är för långt: högst 72 byte"},
		{"password1k", url.Values{"email": {"admin@x.se"}, "password": {strings.Repeat("x", 1025)}}, "Lösenordet är för långt: högst 1024 byte"},
	} {
		rec := local.post("/setup", tc.form)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), tc.want) {
			t.Errorf("setup with a too long %s: %d, want 422 with %q", tc.name, rec.Code, tc.want)
		}
	}
	if rec := local.post("/setup", url.Values{"email": {"admin@x.se"}, "password": {strings.Repeat("x", 20<<10)}}); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 20 KiB setup form: %d", rec.Code)
	}
	// Nothing was stored: the first admin can still be created.
	if rec := local.post("/setup", url.Values{"email": {"admin@x.se"}, "password": {"ett långt lösenord"}}); rec.Code != http.StatusSeeOther {
		t.Errorf("creating the first admin after the refusals: %d", rec.Code)
	}
}

func TestUserAdministration(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	b := &browser{t: t, h: srv, cookies: map[string]*http.Cookie{}}
	// The admin token of MustServe stands in for a signed-in admin here.
	send := func(form url.Values) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/users", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		rec := httptest.NewRecorder()
		asAdmin(srv).ServeHTTP(rec, req)
		return rec
	}
	rec := send(url.Values{"email": {"ny@forbundet.se"}, "role": {"manager"}, "password": {"kort"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Lösenordet måste ha minst 10 tecken.") {
		t.Fatalf("a short password: %d", rec.Code)
	}
	rec = send(url.Values{"email": {"ny@forbundet.se"}, "role": {"editor"}, "password": {"ett riktigt lösenord"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("creating an account: %d %s", rec.Code, rec.Body)
	}
	rec = b.post("/login", url.Values{"email": {"ny@forbundet.se"}, "password": {"ett riktigt lösenord"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("the new account signing in: %d", rec.Code)
	}
	if rec := b.get("/users"); rec.Code != http.StatusForbidden {
		t.Errorf("an editor opening the accounts: %d, want 403", rec.Code)
	}
}

// A new installation has no account: a person at the machine creates the
// first admin in the browser; nobody else can, and nobody can afterwards.
func TestFirstRunSetup(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	remote := &browser{t: t, h: srv, cookies: map[string]*http.Cookie{}}
	if rec := remote.get("/setup"); rec.Code != http.StatusNotFound {
		t.Errorf("setup from another machine: %d, want 404", rec.Code)
	}
	local := &browser{t: t, h: srv, cookies: map[string]*http.Cookie{}, addr: "127.0.0.1:40000"}
	if rec := local.get("/"); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/setup" {
		t.Fatalf("the first visit: %d %q, want the setup page", rec.Code, rec.Header().Get("Location"))
	}
	if rec := local.post("/setup", url.Values{"email": {"admin@forbundet.se"}, "password": {"kort"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("a short password: %d", rec.Code)
	}
	rec := local.post("/setup", url.Values{"email": {"admin@forbundet.se"}, "password": {"ett långt lösenord"}})
	if rec.Code != http.StatusSeeOther || local.cookies["session"] == nil {
		t.Fatalf("creating the first admin: %d", rec.Code)
	}
	if rec := local.get("/users"); rec.Code != http.StatusOK {
		t.Errorf("the new admin opening the accounts: %d", rec.Code)
	}
	other := &browser{t: t, h: srv, cookies: map[string]*http.Cookie{}, addr: "127.0.0.1:40001"}
	if rec := other.get("/setup"); rec.Code != http.StatusNotFound {
		t.Errorf("setup once an account exists: %d, want 404", rec.Code)
	}
}
