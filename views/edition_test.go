package views_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/store"
)

func TestAPINextEdition(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	ctx := context.Background()
	u, _ := db.Get(ctx, 2019, kartlaggning.Units, "enter")
	u.Entity.(*kartlaggning.Unit).Review = &kartlaggning.Review{Status: "confirmed", Comment: "Ok"}
	if _, err := db.Update(ctx, 2019, u.Entity, u.Version); err != nil {
		t.Fatal(err)
	}

	rec := do(t, srv, "POST", "/api/v1/editions/2019/next", nil)
	if rec.Code != http.StatusCreated || rec.Header().Get("Location") != "/api/v1/editions/2020" {
		t.Fatalf("next: %d %s (Location %q)", rec.Code, rec.Body, rec.Header().Get("Location"))
	}
	var body struct {
		Year   int
		Counts kartlaggning.Counts
	}
	json.Unmarshal(rec.Body.Bytes(), &body)
	if body.Year != 2020 || body.Counts.Forums != 83 {
		t.Errorf("next answered %+v", body)
	}
	next, err := db.Export(ctx, 2020)
	if err != nil {
		t.Fatal(err)
	}
	if next.Edition.Status != "draft" || len(next.Forums) != 83 || next.Forums[0].ID != "beredningsgruppen" {
		t.Errorf("2020: status %q, %d forums", next.Edition.Status, len(next.Forums))
	}
	for _, u := range next.Units {
		if u.ID == "enter" && (u.Review == nil || u.Review.Status != "not-sent" || u.Review.Comment != "") {
			t.Errorf("the review was not reset: %+v", u.Review)
		}
	}

	rec = do(t, srv, "POST", "/api/v1/editions/2019/next", nil)
	if rec.Code != http.StatusConflict || !strings.Contains(decodeError(t, rec).Error.Message, "finns redan en kartläggning för 2020") {
		t.Errorf("next again: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, srv, "POST", "/api/v1/editions/2031/next", nil); rec.Code != http.StatusNotFound {
		t.Errorf("next of a missing year: %d", rec.Code)
	}
}

func TestAPIPublishLocks(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	rec := do(t, srv, "POST", "/api/v1/editions/2019/publish", nil, "If-Match", `"7"`)
	if rec.Code != http.StatusPreconditionFailed {
		t.Errorf("publish with a stale If-Match: %d", rec.Code)
	}
	rec = do(t, srv, "POST", "/api/v1/editions/2019/publish", nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"status":"published"`) || rec.Header().Get("ETag") == "" {
		t.Fatalf("publish: %d %s", rec.Code, rec.Body)
	}

	forum := []byte(`{"id":"nytt","name":"Nytt","kind":"natverk","level":"operativ","members":[]}`)
	writes := []struct{ method, path string }{
		{"POST", "/api/v1/editions/2019/forums"},
		{"PUT", "/api/v1/editions/2019/forums/beredningsgruppen"},
		{"DELETE", "/api/v1/editions/2019/forums/beredningsgruppen"},
		{"DELETE", "/api/v1/editions/2019"},
	}
	for _, w := range writes {
		body := forum
		if w.method == "DELETE" {
			body = nil
		} else if w.method == "PUT" {
			body = []byte(strings.Replace(string(forum), `"nytt"`, `"beredningsgruppen"`, 1))
		}
		rec := do(t, srv, w.method, w.path, body)
		if rec.Code != http.StatusConflict {
			t.Errorf("%s %s on a published edition: %d, want 409", w.method, w.path, rec.Code)
			continue
		}
		msg := decodeError(t, rec).Error.Message
		if !strings.Contains(msg, "publicerad") || !strings.Contains(msg, "Öppna för ändringar igen") {
			t.Errorf("%s %s: message %q does not say it is published and how to reopen", w.method, w.path, msg)
		}
	}
	doc := exportJSON(t, srv, "2019")
	rec = do(t, srv, "POST", "/api/v1/editions/import?replace=true", []byte(strings.Replace(string(doc), `"published"`, `"draft"`, 1)))
	if rec.Code != http.StatusConflict {
		t.Errorf("replacing a published edition: %d", rec.Code)
	}

	rec = do(t, srv, "POST", "/api/v1/editions/2019/reopen", nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"status":"draft"`) {
		t.Fatalf("reopen: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, srv, "POST", "/api/v1/editions/2019/forums", forum); rec.Code != http.StatusCreated {
		t.Errorf("create after reopening: %d %s", rec.Code, rec.Body)
	}
}

// changeNextYear starts 2020 from 2019 and changes what a year brings:
// a new forum, an ended one, a member who leaves, one who joins, a forum
// that meets more often.
func changeNextYear(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	doc, _ := db.Export(ctx, 2019)
	next, err := kartlaggning.NextEdition(doc)
	if err != nil {
		t.Fatal(err)
	}
	f := &next.Forums[0] // beredningsgruppen
	f.Members = append(f.Members[:2], f.Members[3:]...)
	f.Members = append(f.Members, kartlaggning.Member{Organisation: "af", Role: "ledamot"})
	for i := range next.Forums {
		switch next.Forums[i].ID {
		case "chefsnatverk-forsorjningsstod":
			next.Forums[i].Frequency = &kartlaggning.Frequency{Min: intp(10), Max: intp(10), Text: "varje månad utom sommaren"}
		case "dua-regional-styrgrupp":
			next.Forums[i].Status = "ended"
		}
	}
	next.Forums = append(next.Forums, kartlaggning.Forum{ID: "unga-vuxna-natverk", Name: "Nätverket för unga vuxna", Kind: "natverk",
		Level: "operativ", Members: []kartlaggning.Member{{Unit: "enter"}, {Organisation: "af"}}})
	if _, err := db.Import(ctx, next, false); err != nil {
		t.Fatal(err)
	}
	// A forum that ended before 2020 is gone from it.
	if err := db.Delete(ctx, 2020, kartlaggning.Forums, "enter-styrgrupp", kartlaggning.AnyVersion); err != nil {
		t.Fatal(err)
	}
}

func intp(n int) *int { return &n }

func TestAPIDiff(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	changeNextYear(t, db)
	rec := do(t, srv, "GET", "/api/v1/editions/2019/diff/2020", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("diff: %d %s", rec.Code, rec.Body)
	}
	var d struct {
		Added   map[string][]string `json:"added"`
		Removed map[string][]string `json:"removed"`
		Changed []struct {
			Kind, ID string
			Fields   []string
		} `json:"changed"`
		Members struct {
			Added, Removed []map[string]string
		} `json:"members"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d.Added["forums"], []string{"unga-vuxna-natverk"}) || !reflect.DeepEqual(d.Removed["forums"], []string{"enter-styrgrupp"}) ||
		len(d.Added["units"]) != 0 || d.Added["municipalities"] == nil {
		t.Errorf("added %v, removed %v", d.Added, d.Removed)
	}
	changed := map[string][]string{}
	for _, c := range d.Changed {
		changed[c.Kind+"/"+c.ID] = c.Fields
	}
	// Meetings held count one year's meetings: the next year starts
	// without, which is no change but listed apart as reset.
	want := map[string][]string{"forum/beredningsgruppen": {"members"}, "forum/chefsnatverk-forsorjningsstod": {"frequency"},
		"forum/dua-regional-styrgrupp": {"status"}}
	if !reflect.DeepEqual(changed, want) {
		t.Errorf("changed %v, want %v", changed, want)
	}
	if !strings.Contains(rec.Body.String(), `"reset":[{"kind":"forum","id":"arena-mullsjo","fields":["held"]},{"kind":"forum","id":"arena-habo","fields":["held"]}]`) {
		t.Errorf("reset: %s", rec.Body)
	}
	if len(d.Members.Added) != 1 || d.Members.Added[0]["forum"] != "beredningsgruppen" || d.Members.Added[0]["member"] != "af" ||
		len(d.Members.Removed) != 1 || d.Members.Removed[0]["member"] != "mullsjo-forsorjningsstod" {
		t.Errorf("members %+v", d.Members)
	}
	if rec := do(t, srv, "GET", "/api/v1/editions/2019/diff/2031", nil); rec.Code != http.StatusNotFound {
		t.Errorf("diff with a missing year: %d", rec.Code)
	}
}

// The year as a processutvecklare lives it, through the pages: start 2020
// from 2019, publish 2019, find it locked, compare the years, reopen.
func TestAnnualCyclePages(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	page := a.get("/editions/2019")
	wantText(t, page, "Starta nästa års kartläggning (2020)", "Publicera", "Jämför med …", "Excel-arbetsbok (.xlsx)", "GraphML", "GEXF", "CSV: Deltagare")
	for _, form := range []string{`action="/editions/2019/next"`, `action="/editions/2019/publish"`} {
		if !strings.Contains(page.HTML, form) {
			t.Errorf("the edition page has no form %s", form)
		}
	}

	r := a.follow(a.post("/editions/2019/next", url.Values{}))
	wantText(t, r, "Kartläggningen för 2020 är startad från 2019", "Utkast")
	wantStatus(t, a.post("/editions/2019/next", url.Values{}), http.StatusConflict)

	r = a.follow(a.post("/editions/2019/publish", url.Values{}))
	wantText(t, r, "Kartläggningen för 2019 är publicerad och låst för ändringar.", "Öppna för ändringar igen")
	if strings.Contains(r.HTML, `href="/editions/2019/edit"`) {
		t.Error("a published edition offers to edit its texts")
	}
	// Every page of the edition says it is locked; a save is refused and
	// says how to reopen.
	wantText(t, a.get("/editions/2019/forums/beredningsgruppen"), "publicerad och låst för ändringar")
	forum, version := a.forum("beredningsgruppen")
	r = a.post("/editions/2019/forums/beredningsgruppen", url.Values{"_version": {v(version)}, "name": {"Nytt namn"},
		"kind": {forum.Kind}, "level": {forum.Level}})
	if r.Status < 400 || !strings.Contains(r.Text, "publicerad") {
		t.Errorf("saving in a published edition: %d %.300s", r.Status, r.Text)
	}
	if f, _ := a.forum("beredningsgruppen"); f.Name != forum.Name {
		t.Error("a published forum was changed")
	}

	changeNextYearPages(t, a)
	r = a.get("/editions/2019/diff")
	wantText(t, r, "Jämför 2019 med")
	if r = a.get("/editions/2020/diff?with=2019"); r.Status != http.StatusSeeOther || r.Location != "/editions/2019/diff/2020" {
		t.Fatalf("choosing 2019 from 2020: %d → %q", r.Status, r.Location)
	}
	r = a.get("/editions/2019/diff/2020")
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "Vad har ändrats från 2019 till 2020?",
		"Från 2019 till 2020: 1 nytt forum, 2 avslutade forum, 1 ny deltagare, 1 deltagare som lämnat, 1 ändrad mötesfrekvens")
	if got := row(t, r, "Nätverket för unga vuxna"); !strings.Contains(got, "Nätverk") || !strings.Contains(got, "Arbetsförmedlingen") {
		t.Errorf("new forum row %q", got)
	}
	if got := row(t, r, "Finns inte med 2020"); !strings.Contains(got, "Styrgrupp för ENTER") {
		t.Errorf("removed forum row %q", got)
	}
	if got := row(t, r, "Markerat som avslutat"); !strings.Contains(got, "DUA regional styrgrupp") {
		t.Errorf("ended forum row %q", got)
	}
	if got := row(t, r, "varje månad utom sommaren"); !strings.Contains(got, "4-6 gånger per år") {
		t.Errorf("frequency row %q, want before and after", got)
	}
	joined := textBetween(r.Text, "Deltagare som har gått med", "Deltagare som har lämnat")
	left := textBetween(r.Text, "Deltagare som har lämnat", "Ändrade mötesfrekvenser")
	if !strings.Contains(joined, "Arbetsförmedlingen") || !strings.Contains(left, "Försörjningsstöd") {
		t.Errorf("joined %q, left %q", joined, left)
	}
	wantText(t, a.get("/editions/2020/diff/2019"), "Vad har ändrats från 2020 till 2019?", "1 nytt forum")

	r = a.follow(a.post("/editions/2019/reopen", url.Values{}))
	wantText(t, r, "Kartläggningen för 2019 är öppen för ändringar igen.", "Publicera")
}

// changeNextYearPages makes the changes of changeNextYear to the 2020
// that the pages started.
func changeNextYearPages(t *testing.T, a *app) {
	t.Helper()
	ctx := context.Background()
	if err := a.db.DeleteEdition(ctx, 2020, kartlaggning.AnyVersion); err != nil {
		t.Fatal(err)
	}
	changeNextYear(t, a.db)
}

// textBetween returns the text between two headings.
func textBetween(text, from, to string) string {
	_, after, _ := strings.Cut(text, from)
	before, _, _ := strings.Cut(after, to)
	return before
}

func TestDiffChooseWithoutOthers(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	wantText(t, a.get("/editions/2019/diff"), "Det finns ingen annan kartläggning att jämföra med")
	wantText(t, a.get("/editions/2019/diff/2019"), "Från 2019 till 2019: inga nya eller avslutade forum",
		"har samma kommuner, organisationer, enheter och forum", "Inga nya forum.")
	wantStatus(t, a.get("/editions/2019/diff/2031"), http.StatusNotFound)
}
