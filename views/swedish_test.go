package views_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
)

// examplePages is every page of the example edition a reader sees: the
// edition, the report, each municipality's summary, each unit and forum,
// the analysis and the accounts.
func examplePages(t *testing.T, doc *kartlaggning.Document) []string {
	paths := []string{"/editions/2019", "/editions/2019/rapport", "/editions/2019/analysis/matrix", "/users"}
	for _, m := range doc.Municipalities {
		paths = append(paths, "/editions/2019/municipalities/"+m.ID, "/editions/2019/municipalities/"+m.ID+"/summary")
	}
	for _, u := range doc.Units {
		paths = append(paths, "/editions/2019/units/"+u.ID)
	}
	for _, f := range doc.Forums {
		paths = append(paths, "/editions/2019/forums/"+f.ID)
	}
	return paths
}

// TestSwedishWording reads every page of the example for the slips a
// Swedish reader stops at: a count with the plural of one ("1 möten",
// "1 konton"), "individ nivå" in two words, a sentence said twice.
func TestSwedishWording(t *testing.T) {
	srv, db := mustMapServer(t) // the report draws its maps
	ctx := context.Background()
	if err := db.CreateUser(ctx, kartlaggning.User{Email: "ensam@example.se", Role: kartlaggning.RoleReader}, []byte("x")); err != nil {
		t.Fatal(err)
	}
	one := 1
	// A forum that meets once a year, as in the seed's "1 gång per år".
	if _, err := db.Create(ctx, 2019, &kartlaggning.Forum{ID: "arlig-traff", Name: "Årlig träff", Kind: "natverk", Level: "individ",
		Frequency: &kartlaggning.Frequency{Min: &one, Max: &one, Text: "1 gång per år"},
		Members:   []kartlaggning.Member{{Unit: "fk-sjukpenning"}, {Unit: "region-rehabkoordinatorer"}}}); err != nil {
		t.Fatal(err)
	}
	doc, err := db.Export(ctx, 2019)
	if err != nil {
		t.Fatal(err)
	}
	singularSlip := regexp.MustCompile(`(?:^|[^0-9,–])1 (möten|konton|gånger|enheter|parter)\b`)
	for _, path := range examplePages(t, doc) {
		rec := do(t, srv, "GET", path, nil)
		if rec.Code != 200 {
			t.Errorf("%s: %d", path, rec.Code)
			continue
		}
		body := rec.Body.String()
		if m := singularSlip.FindString(body); m != "" {
			t.Errorf("%s says %q: one takes the singular", path, strings.TrimSpace(m))
		}
		if strings.Contains(strings.ToLower(body), "individ nivå") {
			t.Errorf("%s writes \"individ nivå\", Swedish writes individnivå", path)
		}
		for _, sentence := range []string{"På diagonalen står partens egna forum."} {
			if n := strings.Count(body, sentence); n > 1 {
				t.Errorf("%s says %q %d times", path, sentence, n)
			}
		}
	}
	forum := do(t, srv, "GET", "/editions/2019/forums/arlig-traff", nil).Body.String()
	for _, want := range []string{"1 gång per år (1 möte/år)", "individnivå"} {
		if !strings.Contains(forum, want) {
			t.Errorf("the forum page lacks %q", want)
		}
	}
	if users := do(t, srv, "GET", "/users", nil).Body.String(); !strings.Contains(users, ">1 konto<") {
		t.Error("the accounts table does not count its accounts")
	}
}

// TestFavicon: the pages link to an icon and /favicon.ico answers, so a
// fresh page logs no 404.
func TestFavicon(t *testing.T) {
	srv, _ := MustServe(t)
	page := do(t, srv, "GET", "/editions/2019", nil).Body.String()
	m := regexp.MustCompile(`<link rel="icon" href="([^"]+)" type="image/svg\+xml">`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the layout links no icon")
	}
	for _, path := range []string{strings.ReplaceAll(m[1], "&amp;", "&"), "/favicon.ico"} {
		rec := do(t, srv, "GET", path, nil)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/svg+xml" || !strings.Contains(rec.Body.String(), "<svg") {
			t.Errorf("%s: %d %s", path, rec.Code, rec.Header().Get("Content-Type"))
		}
	}
}

// TestIDsOnlyForImport: a unit's, forum's, organisation's or
// municipality's page shows its id only folded away under "Id för
// import", not as if it were content.
func TestIDsOnlyForImport(t *testing.T) {
	srv, _ := MustServe(t)
	for path, id := range map[string]string{"/editions/2019/units/habo-integration": "habo-integration",
		"/editions/2019/forums/arena-habo": "arena-habo", "/editions/2019/organisations/fk": "fk",
		"/editions/2019/municipalities/habo": "habo"} {
		page := do(t, srv, "GET", path, nil).Body.String()
		if strings.Contains(page, "<dt>Id</dt>") {
			t.Errorf("%s shows the id among the facts", path)
		}
		want := `<details class="import-id"><summary>Id för import</summary><p>Arbetsboken och JSON-filen hänvisar hit med id <code>` + id + `</code>.</p></details>`
		if !strings.Contains(page, want) {
			t.Errorf("%s has no folded \"Id för import\" with %s", path, id)
		}
	}
}

// TestFrequencyChoice: picking "var 6:e vecka" in the forum form fills
// the meetings per year and the description; typed text wins, and the
// numbers stay empty for "vid behov".
func TestFrequencyChoice(t *testing.T) {
	a := newApp(t)
	form := a.get("/editions/2019/forums/new")
	for _, want := range []string{`<option value="1 gång per vecka">`, `<option value="varannan vecka">`, `<option value="var 6:e vecka">`,
		`<option value="1 gång per kvartal">`, `<option value="2 gånger per år">`, `<option value="vid behov">`, "Vanlig frekvens"} {
		if !strings.Contains(form.HTML, want) {
			t.Errorf("the forum form lacks %s", want)
		}
	}
	for _, c := range []struct {
		name, choice, text, min string
		want                    string
	}{
		{"Sexveckorsgruppen", "var 6:e vecka", "", "", "var 6:e vecka (8–9 möten/år)"},
		{"Egen formulering", "1 gång per månad", "första tisdagen i månaden", "", "första tisdagen i månaden (12 möten/år)"},
		{"Egna siffror", "1 gång per månad", "", "10", "1 gång per månad (minst 10 möten/år)"},
		{"Vid behov-gruppen", "vid behov", "", "", "vid behov"},
	} {
		r := a.post("/editions/2019/forums", url.Values{"name": {c.name}, "kind": {"natverk"}, "level": {"operativ"},
			"frequency.choice": {c.choice}, "frequency.text": {c.text}, "frequency.min": {c.min}})
		if r.Location == "" {
			t.Fatalf("%s: not saved (status %d): %.600s", c.name, r.Status, r.Text)
		}
		r = a.follow(r)
		wantText(t, r, c.want)
	}
	r := a.post("/editions/2019/forums", url.Values{"name": {"X"}, "kind": {"natverk"}, "level": {"operativ"}, "frequency.choice": {"var 7:e vecka"}})
	if got := fieldError(r, "f-frequency-choice"); !strings.Contains(got, "Vanlig frekvens") {
		t.Errorf("an unknown choice: %d, beside the field %q", r.Status, got)
	}
}

// TestManagerStartPage: a manager who signs in lands on the list of
// editions, and it names the sections that wait for their review.
func TestManagerStartPage(t *testing.T) {
	srv, db := MustServe(t)
	ctx := context.Background()
	hash, _ := auth.HashPassword("en lång lösenfras")
	if err := db.CreateUser(ctx, kartlaggning.User{Email: "chef@mullsjo.se", Role: kartlaggning.RoleManager,
		Units: []string{"mullsjo-forsorjningsstod", "mullsjo-daglig-verksamhet"}}, hash); err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, h: srv, cookies: map[string]*http.Cookie{}}
	if rec := b.post("/login", url.Values{"email": {"chef@mullsjo.se"}, "password": {"en lång lösenfras"}, "next": {"/"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("signing in: %d", rec.Code)
	}
	if page := b.get("/").Body.String(); strings.Contains(page, "Väntar på ditt påseende") {
		t.Error("the start page says a section waits before any was sent")
	}
	v, err := db.Get(ctx, 2019, kartlaggning.Units, "mullsjo-forsorjningsstod")
	if err != nil {
		t.Fatal(err)
	}
	u := v.Entity.(*kartlaggning.Unit)
	u.Review = &kartlaggning.Review{Status: "sent"}
	if _, err := db.Update(ctx, 2019, u, v.Version); err != nil {
		t.Fatal(err)
	}
	page := b.get("/").Body.String()
	for _, want := range []string{"Väntar på ditt påseende", "Processutvecklaren har skickat ett avsnitt till dig.",
		`<a href="/editions/2019/units/mullsjo-forsorjningsstod/review">Försörjningsstöd</a>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the manager's start page lacks %s", want)
		}
	}
	if strings.Contains(page, "mullsjo-daglig-verksamhet/review") {
		t.Error("a unit not sent for review is listed")
	}
}
