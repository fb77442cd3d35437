package views_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
	"github.com/kartlaggning/kartlaggning/views"
)

// Regression tests of the hardening: each reproduces what an attacker or
// a bad day did to the service before it was fixed.

// signedIn returns a browser signed in as an editor.
func signedIn(t *testing.T, h http.Handler, db interface {
	CreateUser(context.Context, kartlaggning.User, []byte) error
}) *browser {
	t.Helper()
	hash, _ := auth.HashPassword("en lång lösenfras")
	if err := db.CreateUser(context.Background(), kartlaggning.User{Email: "red@example.se", Role: kartlaggning.RoleEditor}, hash); err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, h: h, cookies: map[string]*http.Cookie{}}
	if rec := b.post("/login", url.Values{"email": {"red@example.se"}, "password": {"en lång lösenfras"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("signing in: %d", rec.Code)
	}
	return b
}

// A page on another port of the same host (the same site, so the Lax
// session cookie goes along) could replace an edition through the API.
// Writes with the session cookie must come from our own pages.
func TestCrossSiteAPIWriteIsRefused(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	b := signedIn(t, srv, db)
	doc := exportJSON(t, srv, "2019")
	send := func(fetchSite, origin, ctype string) int {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/editions/import?replace=true", strings.NewReader(string(doc)))
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		req.Header.Set("Authorization", "")
		for _, c := range b.cookies {
			req.AddCookie(c)
		}
		if fetchSite != "" {
			req.Header.Set("Sec-Fetch-Site", fetchSite)
		}
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec.Code
	}
	for _, tc := range []struct {
		name, fetchSite, origin, ctype string
		want                           int
	}{
		{"no-cors fetch with a Blob from another port", "same-site", "http://example.com:8081", "", http.StatusForbidden},
		{"JSON from another port", "same-site", "http://example.com:8081", "application/json", http.StatusForbidden},
		{"from another site", "cross-site", "https://evil.example", "application/json", http.StatusForbidden},
		{"an old browser from another port", "", "http://example.com:8081", "application/json", http.StatusForbidden},
		{"neither header", "", "", "application/json", http.StatusForbidden},
		{"our own page without a JSON type", "same-origin", "", "", http.StatusUnsupportedMediaType},
		{"our own page", "same-origin", "", "application/json", http.StatusCreated},
	} {
		if got := send(tc.fetchSite, tc.origin, tc.ctype); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
	// An API client with a token is not a browser: no origin needed, but
	// the body must say it is JSON.
	for ctype, want := range map[string]int{"": http.StatusUnsupportedMediaType, "application/jsonfoo": http.StatusUnsupportedMediaType,
		"text/plain": http.StatusUnsupportedMediaType, "application/json; charset=utf-8": http.StatusOK} {
		rec := do(t, srv, http.MethodPut, "/api/v1/editions/2019/municipalities/habo", []byte(`{"id":"habo","name":"Habo","code":"0643"}`),
			"Content-Type", ctype)
		if ctype == "" {
			req := httptest.NewRequest(http.MethodPut, "/api/v1/editions/2019/municipalities/habo", strings.NewReader(`{"id":"habo","name":"Habo"}`))
			rec = httptest.NewRecorder()
			asAdmin(srv).ServeHTTP(rec, req)
		}
		if rec.Code != want {
			t.Errorf("a token's PUT with Content-Type %q: %d, want %d", ctype, rec.Code, want)
		}
	}
}

// Lenient parameters: years with a sign or a leading zero, a NaN limit.
func TestStrictParameters(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	for path, want := range map[string]int{
		"/api/v1/editions/+2019":                   http.StatusNotFound,
		"/api/v1/editions/02019":                   http.StatusNotFound,
		"/api/v1/editions/2019/overlaps?min=NaN":   http.StatusBadRequest,
		"/api/v1/editions/2019/overlaps?min=-0.1":  http.StatusBadRequest,
		"/api/v1/editions/2019/overlaps?min=Inf":   http.StatusBadRequest,
		"/api/v1/editions/2019/overlaps?min=0,8":   http.StatusOK,
		"/api/v1/editions/2019/diff/+2019":         http.StatusNotFound,
		"/editions/2019/analysis/overlaps?min=NaN": http.StatusBadRequest,
	} {
		rec := do(t, srv, http.MethodGet, path, nil)
		if rec.Code != want {
			t.Errorf("%s: %d, want %d", path, rec.Code, want)
		}
		if want == http.StatusBadRequest && strings.HasPrefix(path, "/api/") {
			if body := decodeError(t, rec); len(body.Error.Fields) == 0 || body.Error.Fields[0].Path != "min" {
				t.Errorf("%s: the error does not name min: %+v", path, body.Error)
			}
		}
	}
}

// After signing in, a browser goes only to a page of this site.
func TestSafeNext(t *testing.T) {
	t.Parallel()
	for next, want := range map[string]string{
		"/editions/2019/units?q=a": "/editions/2019/units?q=a",
		"/\t/evil.example/x":       "/",
		"/\x0b/evil.example/x":     "/",
		"/\n/evil.example":         "/",
		"//evil.example":           "/",
		"/\\evil.example":          "/",
		"/a\\b":                    "/",
		"https://evil.example/":    "/",
		"evil.example":             "/",
		"":                         "/",
		"/%2F/evil.example":        "/", // decoded, it starts with two slashes: refused to be safe
	} {
		if got := views.SafeNext(next); got != want {
			t.Errorf("SafeNext(%q) = %q, want %q", next, got, want)
		}
	}
}

// The first-run setup answers only a browser on the machine itself that
// asked for the machine by a loopback name, from our own page, and
// creates one admin however many ask at once.
func TestSetupRefusesRebindingAndRaces(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	form := url.Values{"email": {"admin@forbundet.se"}, "password": {"ett långt lösenord"}}.Encode()
	post := func(host, fetchSite, origin string) int {
		req := httptest.NewRequest(http.MethodPost, "/setup", strings.NewReader(form))
		req.Host, req.RemoteAddr = host, "127.0.0.1:40000"
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if fetchSite != "" {
			req.Header.Set("Sec-Fetch-Site", fetchSite)
		}
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec.Code
	}
	if got := post("rebind.evil.example", "same-origin", ""); got != http.StatusNotFound {
		t.Errorf("a DNS-rebinding page: %d, want 404", got)
	}
	if got := post("localhost:8080", "", "http://rebind.evil.example"); got != http.StatusNotFound && got != http.StatusForbidden {
		t.Errorf("a post from another origin: %d, want 404 or 403", got)
	}
	var wg sync.WaitGroup
	codes := make(chan int, 10)
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- post("localhost:8080", "same-origin", "")
		}()
	}
	wg.Wait()
	close(codes)
	created := 0
	for c := range codes {
		if c == http.StatusSeeOther {
			created++
		}
	}
	users, err := db.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if created != 1 || len(users) != 1 {
		t.Errorf("10 setups at once: %d answered as created, %d accounts; want 1 and 1", created, len(users))
	}
}

// With --public-read, a public reader sees published content only: no
// change log, no påseende, no drafts.
func TestPublicReadShowsContentOnly(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t, func(c *views.Config) { c.PublicRead = true })
	ctx := context.Background()
	if err := db.SetReviews(ctx, 2019, []string{"mullsjo-forsorjningsstod"}, kartlaggning.Review{Status: "changes-requested", Comment: "Hemligt förslag"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateEdition(ctx, kartlaggning.Edition{Year: 2020, Title: "Hemligt utkast 2020", Status: "draft"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetEditionStatus(ctx, 2019, "published", kartlaggning.AnyVersion); err != nil {
		t.Fatal(err)
	}
	anonymous := func(path string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec
	}
	if rec := anonymous("/editions/2019/units/mullsjo-forsorjningsstod"); rec.Code != http.StatusOK {
		t.Fatalf("a published unit: %d", rec.Code)
	}
	for _, path := range []string{"/editions/2019/units/mullsjo-forsorjningsstod/history", "/editions/2019/history", "/editions/2019/review", "/editions/2020"} {
		if rec := anonymous(path); rec.Code == http.StatusOK {
			t.Errorf("%s is open to a public reader", path)
		}
	}
	for _, path := range []string{"/editions/2019/units/mullsjo-forsorjningsstod", "/api/v1/editions/2019/units/mullsjo-forsorjningsstod",
		"/api/v1/editions/2019/units", "/api/v1/editions/2019/export", "/editions/2019/diff", "/api/v1/editions/2019/export/units.csv", "/"} {
		body := anonymous(path).Body.String()
		for _, secret := range []string{"Hemligt förslag", "changes-requested", "Hemligt utkast", "Begärt ändringar"} {
			if strings.Contains(body, secret) {
				t.Errorf("%s shows %q to a public reader", path, secret)
			}
		}
	}
}

// A client that sends its body a byte at a time loses the connection
// instead of holding it.
func TestSlowBodyIsCut(t *testing.T) {
	srv, _ := MustServe(t, func(c *views.Config) { c.BodyTimeout = 500 * time.Millisecond })
	ts := httptest.NewServer(srv)
	defer ts.Close()
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /login HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ne", ts.Listener.Addr())
	start := time.Now()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	for range 20 { // a byte every 200 ms: the whole body would take 20 s
		time.Sleep(200 * time.Millisecond)
		if _, err := conn.Write([]byte("m")); err != nil {
			break
		}
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	// The server either answers early or closes the connection; it must
	// not wait for the trickle to end.
	if took := time.Since(start); took > 3*time.Second && err == nil && resp.StatusCode == http.StatusOK {
		t.Errorf("a trickled body was read for %s", took)
	}
	if _, err := conn.Read(make([]byte, 1)); err == nil {
		t.Error("the connection is still open after the body deadline")
	}
}

// Heavy work runs a few at a time: the next request is told to come back
// later instead of adding to the load.
func TestHeavyWorkIsBounded(t *testing.T) {
	srv, _ := MustServe(t, func(c *views.Config) { c.HeavySlots, c.HeavyWait = 1, 200*time.Millisecond })
	ts := httptest.NewServer(asAdmin(srv))
	defer ts.Close()
	// An import whose body never ends holds the one slot.
	pr, pw := io.Pipe()
	defer pw.Close()
	holding := make(chan struct{})
	go func() {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/v1/editions/import", pr)
		req.Header.Set("Content-Type", "application/json")
		close(holding)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	<-holding
	pw.Write([]byte(`{"format":`))
	time.Sleep(300 * time.Millisecond)
	resp, err := http.Get(ts.URL + "/api/v1/editions/2019/export.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "Försök igen om en stund") {
		t.Errorf("a second heavy request while the slot is held: %d %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	pw.CloseWithError(io.ErrUnexpectedEOF)
	// Light pages are not held up.
	if resp, err := http.Get(ts.URL + "/api/v1/editions/2019"); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("a light request: %v %v", err, resp)
	}
}

// Signing in gives the browser a new CSRF token; with
// --behind-https-proxy the cookies are Secure.
func TestSignInRotatesCSRFAndSecureCookies(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t, func(c *views.Config) { c.BehindHTTPSProxy = true })
	hash, _ := auth.HashPassword("en lång lösenfras")
	if err := db.CreateUser(context.Background(), kartlaggning.User{Email: "red@example.se", Role: kartlaggning.RoleEditor}, hash); err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, h: srv, cookies: map[string]*http.Cookie{}, old: true}
	b.get("/login")
	before := b.cookies["_csrf"]
	if before == nil {
		t.Fatal("no CSRF cookie before signing in")
	}
	rec := b.post("/login", url.Values{"email": {"red@example.se"}, "password": {"en lång lösenfras"}, "_csrf": {before.Value}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("signing in: %d", rec.Code)
	}
	after := b.cookies["_csrf"]
	if after == nil || after.Value == before.Value {
		t.Error("the CSRF token is the same after signing in")
	}
	for _, name := range []string{"session", "_csrf"} {
		if c := b.cookies[name]; c == nil || !c.Secure {
			t.Errorf("the %s cookie is not Secure behind an HTTPS proxy: %+v", name, c)
		}
	}
}
