package views_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The search over names works without JavaScript: ?q= on an index page.
func TestEntityIndexSearch(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	for _, tt := range []struct {
		name, path   string
		want, absent []string
	}{
		{"OK", "/editions/2019/units?q=" + url.QueryEscape("STÖD"),
			[]string{"Enheter som matchar ”STÖD”", "Försörjningsstöd", " av 31 enheter", `value="STÖD"`, `href="?"`},
			[]string{"Aktivitetsersättning", "Arbetsterapienheten"}},
		{"NoHit", "/editions/2019/forums?q=zzzz",
			[]string{"Inga forum har ”zzzz” i namnet", "Visa alla 83"},
			[]string{"<table"}},
		{"Whole list", "/editions/2019/units",
			[]string{"31 enheter, <span data-order>i bokstavsordning</span>", `aria-sort="ascending"`, "Sök enheter efter namn"},
			[]string{"Visa alla"}},
		{"Query is escaped", "/editions/2019/units?q=" + url.QueryEscape(`<b>"x"`),
			[]string{"&lt;b&gt;"},
			[]string{"<b>"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, srv, http.MethodGet, tt.path, nil)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			body := rec.Body.String()
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("the page does not contain %q", w)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(body, a) {
					t.Errorf("the page contains %q", a)
				}
			}
		})
	}
}

// Error pages say what to do and link the nearest pages that exist.
func TestErrorPageLinks(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	for _, tt := range []struct {
		name, path string
		status     int
		want       []string
	}{
		{"Unknown unit", "/editions/2019/units/finns-inte", http.StatusNotFound,
			[]string{"<h1>Sidan finns inte</h1>", `href="/editions/2019/units">Alla enheter 2019`, `href="/editions/2019">Kartläggningen 2019`, `href="/">Alla kartläggningar`, "Felkod 404"}},
		{"Unknown edition", "/editions/1999/units", http.StatusNotFound,
			[]string{"Det finns ingen kartläggning för år ", `href="/">Alla kartläggningar`}},
		{"Unknown address", "/finns/inte", http.StatusNotFound,
			[]string{"Adressen kan vara felskriven", `href="/">Alla kartläggningar`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, srv, http.MethodGet, tt.path, nil)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			body := rec.Body.String()
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("the page does not contain %q", w)
				}
			}
			if tt.name == "Unknown edition" && strings.Contains(body, "Kartläggningen 1999") {
				t.Errorf("the page links the edition that does not exist")
			}
		})
	}
}

// The accessibility statement has what DOS-lagen asks for.
func TestAccessibilityStatement(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	rec := do(t, srv, http.MethodGet, "/tillganglighet", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	body := rec.Body.String()
	for _, w := range []string{
		"<h1>Tillgänglighetsredogörelse</h1>",
		"<strong>delvis förenlig</strong>",
		`id="kanda-brister"`,
		`id="rapportera"`,
		`href="https://www.digg.se/analys-och-uppfoljning/lagen-om-tillganglighet-till-digital-offentlig-service-dos-lagen/anmal-bristande-tillganglighet"`,
		"--contact",
	} {
		if !strings.Contains(body, w) {
			t.Errorf("the statement does not contain %q", w)
		}
	}
	srv, _ = MustServe(t, withContact("tillganglighet@example.se"))
	if body := do(t, srv, http.MethodGet, "/tillganglighet", nil).Body.String(); !strings.Contains(body, `<a href="mailto:tillganglighet@example.se">tillganglighet@example.se</a>`) {
		t.Errorf("the configured contact is not linked")
	}
}

// A failure inside the service gets the Swedish 500 page with the time to
// quote, not Echo's text.
func TestErrorPageInternal(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	db.Close() // every read now fails, as with a broken disk
	rec := do(t, srv, http.MethodGet, "/editions/2019/units", nil)
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", rec.Code)
	}
	body := rec.Body.String()
	for _, w := range []string{"<h1>Något gick fel</h1>", "Felet ligger hos tjänsten", " kl. ", `href="/">Alla kartläggningar`, "Felkod 500"} {
		if !strings.Contains(body, w) {
			t.Errorf("the page does not contain %q", w)
		}
	}
}
