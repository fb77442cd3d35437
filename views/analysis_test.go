package views_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/synthetic"
)

// elementText returns the visible text of the element with the id, up to
// the next element of the same tag at the same level (good enough for
// the flat sections of our pages).
func elementText(t *testing.T, page, tag, id string) string {
	t.Helper()
	start := strings.Index(page, `<`+tag+` class="summary-unit" id="`+id+`"`)
	if start < 0 {
		start = strings.Index(page, `<`+tag+` id="`+id+`"`)
	}
	if start < 0 {
		t.Fatalf("no <%s id=%q> on the page", tag, id)
	}
	end := strings.Index(page[start:], "</"+tag+">")
	return visible(page[start : start+end])
}

func TestSummaryHabo(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	r := a.get("/editions/2019/municipalities/habo/summary")
	if r.Status != http.StatusOK {
		t.Fatalf("status %d: %s", r.Status, r.Text)
	}
	if !strings.Contains(r.Text, "Sammanställning för Habo") {
		t.Errorf("the page does not say whose summary it is: %.300s", r.Text)
	}
	// The seed kartläggning: Habo's integration unit has no arena in
	// common with Försäkringskassan or the Region.
	integration := elementText(t, r.HTML, "section", "enhet-habo-integration")
	for _, want := range []string{
		"Ingen gemensam arena med Försäkringskassan.",
		"Ingen gemensam arena med Region Jönköpings län.",
		"Vad fungerar bra idag?", "Vad behöver utvecklas?", "Önskad samverkan",
		"DUA regional styrgrupp", // one of its forums
	} {
		if !strings.Contains(integration, want) {
			t.Errorf("Habo integration's part lacks %q:\n%s", want, integration)
		}
	}
	// It meets Arbetsförmedlingen: no gap stated for it.
	if strings.Contains(integration, "Ingen gemensam arena med Arbetsförmedlingen") {
		t.Error("a gap is stated for AF, which the unit meets in many forums")
	}
	// The definitions are on the page.
	for _, want := range []string{"Så räknar vi", "möter den sammankallande enheten varje deltagare"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// Every Habo unit has its part, and only they.
	for _, id := range []string{"habo-integration", "habo-ungdomscoach", "habo-forsorjningsstod", "habo-daglig-verksamhet", "enter"} {
		if !strings.Contains(r.HTML, `id="enhet-`+id+`"`) {
			t.Errorf("no part for %s", id)
		}
	}
	if strings.Contains(r.HTML, `id="enhet-mullsjo-forsorjningsstod"`) {
		t.Error("a Mullsjö unit in Habo's summary")
	}
}

func TestSummaryAPI(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/municipalities/habo/summary", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var s kartlaggning.Summary
	if err := json.Unmarshal(rec.Body.Bytes(), &s); err != nil {
		t.Fatal(err)
	}
	if s.Year != 2019 || s.Municipality.ID != "habo" || s.Municipality.Name != "Habo" {
		t.Errorf("header %d %+v", s.Year, s.Municipality)
	}
	var unit *kartlaggning.UnitSummary
	for i := range s.Units {
		if s.Units[i].ID == "habo-integration" {
			unit = &s.Units[i]
		}
	}
	if unit == nil {
		t.Fatalf("no habo-integration in %s", rec.Body)
	}
	if !slices.Contains(unit.PartyGaps, "fk") || !slices.Contains(unit.PartyGaps, "region") {
		t.Errorf("habo-integration's gaps %v lack fk and region", unit.PartyGaps)
	}
	if s.Totals.Forums != len(s.Forums) || s.Totals.Units != len(s.Units) || !slices.IsSorted(s.Forums) {
		t.Errorf("totals %+v disagree with the lists", s.Totals)
	}
	// The JSON names are the issue's.
	for _, key := range []string{`"meetings_per_year":{"min":`, `"parties_met":[`, `"party_gaps":[`, `"internal_units_met":[`,
		`"by_level":{`, `"by_scope":{`, `"incomplete":[`, `"wishes":[`} {
		if !strings.Contains(rec.Body.String(), key) {
			t.Errorf("the summary lacks %s", key)
		}
	}
}

func TestAnalysisBadInput(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	for _, tc := range []struct {
		name, path string
		status     int
		field      string
	}{
		{"min not a number", "/api/v1/editions/2019/overlaps?min=mycket", 400, "min"},
		{"min above one", "/api/v1/editions/2019/overlaps?min=1.5", 400, "min"},
		{"min below zero", "/api/v1/editions/2019/overlaps?min=-0.1", 400, "min"},
		{"unknown municipality", "/api/v1/editions/2019/overlaps?municipality=atlantis", 404, "municipality"},
		{"summary of an unknown municipality", "/api/v1/editions/2019/municipalities/atlantis/summary", 404, ""},
		{"unknown year", "/api/v1/editions/2031/matrix", 404, ""},
		{"metrics of a year that is no number", "/api/v1/editions/nu/metrics", 404, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(t, srv, http.MethodGet, tc.path, nil)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			body := decodeError(t, rec)
			if body.Error.Message == "" {
				t.Error("no message")
			}
			if tc.field != "" && (len(body.Error.Fields) == 0 || body.Error.Fields[0].Path != tc.field) {
				t.Errorf("the error does not name %q: %+v", tc.field, body.Error)
			}
		})
	}
	// A Swedish decimal comma is a number too.
	if rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/overlaps?min=0,75", nil); rec.Code != http.StatusOK {
		t.Errorf("min=0,75: %d %s", rec.Code, rec.Body)
	}
	// The page shows the form again with the message beside the field.
	a := newApp(t)
	r := a.get("/editions/2019/analysis/overlaps?min=2")
	if r.Status != http.StatusBadRequest || !strings.Contains(r.HTML, `id="min-fel"`) || !strings.Contains(r.Text, "från 0 till 1") {
		t.Errorf("overlaps page with min=2: %d %.400s", r.Status, r.Text)
	}
	if r := a.get("/editions/2019/analysis/matrix?format=xml"); r.Status != http.StatusBadRequest {
		t.Errorf("matrix in an unknown format: %d", r.Status)
	}
	if r := a.get("/editions/2019/municipalities/atlantis/summary"); r.Status != http.StatusNotFound {
		t.Errorf("summary page of an unknown municipality: %d", r.Status)
	}
}

// The analysis routes sit beside the generic /editions/:year/:kind ones:
// both must still answer.
func TestAnalysisRoutesBesideCRUD(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/forums", nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"id":"arena-mullsjo"`) {
		t.Errorf("listing forums: %d %.200s", rec.Code, rec.Body)
	}
	rec = do(t, srv, http.MethodGet, "/api/v1/editions/2019/municipalities/habo", nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"name":"Habo"`) {
		t.Errorf("one municipality: %d %.200s", rec.Code, rec.Body)
	}
	rec = do(t, srv, http.MethodGet, "/api/v1/editions/2019/overlaps", nil)
	var list []kartlaggning.Overlap
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &list) != nil {
		t.Fatalf("overlaps: %d %.200s", rec.Code, rec.Body)
	}
	for i, o := range list {
		if o.A >= o.B || o.Jaccard < 0.5 || len(o.Shared) < 2 {
			t.Errorf("overlap %+v breaks the definition (default min 0.5)", o)
		}
		if i > 0 && o.Jaccard > list[i-1].Jaccard {
			t.Errorf("not sorted by jaccard: %v after %v", o.Jaccard, list[i-1].Jaccard)
		}
	}
	if rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/bananas", nil); rec.Code != http.StatusNotFound {
		t.Errorf("an unknown kind: %d", rec.Code)
	}
}

func TestOverlapsAPIMatchesDomain(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	x, _, err := srv.Snapshot(context.Background(), 2019)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []struct {
		query        string
		min          float64
		municipality string
	}{{"min=0", 0, ""}, {"min=1&municipality=jonkoping", 1, "jonkoping"}, {"min=0.3&municipality=habo", 0.3, "habo"}} {
		want, err := x.Overlaps(q.min, q.municipality)
		if err != nil {
			t.Fatal(err)
		}
		rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/overlaps?"+q.query, nil)
		var got []kartlaggning.Overlap
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatalf("%s: %v %s", q.query, err, rec.Body)
		}
		if len(got) != len(want) || len(got) == 0 {
			t.Errorf("%s: %d overlaps, want %d (and some)", q.query, len(got), len(want))
		}
	}
}

func TestMatrixFormats(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/matrix", nil)
	var m kartlaggning.Matrix
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &m) != nil {
		t.Fatalf("matrix: %d %.200s", rec.Code, rec.Body)
	}
	if len(m.Parties) != 7 || len(m.Cells) != 7 {
		t.Fatalf("the example has 7 parties: %+v", m.Parties)
	}
	for _, path := range []string{"/api/v1/editions/2019/matrix.csv", "/editions/2019/analysis/matrix.csv", "/editions/2019/analysis/matrix?format=csv"} {
		t.Run(path, func(t *testing.T) { checkMatrixCSV(t, do(t, srv, http.MethodGet, path, nil).Body.Bytes(), &m) })
	}
	t.Run("Accept: text/csv", func(t *testing.T) {
		rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/matrix", nil, "Accept", "text/csv")
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("content type %q", ct)
		}
		checkMatrixCSV(t, rec.Body.Bytes(), &m)
	})
}

// checkMatrixCSV reads the file the way Swedish Excel does: a UTF-8 byte
// order mark, semicolons; the first block must be the JSON's forum counts.
func checkMatrixCSV(t *testing.T, data []byte, m *kartlaggning.Matrix) {
	t.Helper()
	rest, ok := bytes.CutPrefix(data, []byte("\xEF\xBB\xBF"))
	if !ok {
		t.Fatalf("no byte order mark: %.60q", data)
	}
	r := csv.NewReader(bytes.NewReader(rest))
	r.Comma = ';'
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 1+len(m.Parties) || rows[0][0] != "Gemensamma forum" || rows[0][1] != "FK" {
		t.Fatalf("heading row %q", rows[0])
	}
	for i := range m.Parties {
		row := rows[1+i]
		if row[0] != m.Parties[i].Name {
			t.Errorf("row %d is %q, want %q", i, row[0], m.Parties[i].Name)
		}
		for j := range m.Parties {
			if n, _ := strconv.Atoi(row[1+j]); n != m.Cells[i][j].Forums {
				t.Errorf("%s × %s: CSV %q, JSON %d", m.Parties[i].ID, m.Parties[j].ID, row[1+j], m.Cells[i][j].Forums)
			}
		}
	}
	if !strings.Contains(string(rest), "Försäkringskassan") {
		t.Error("the names are not UTF-8")
	}
}

func TestMatrixPage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	r := a.get("/editions/2019/analysis/matrix")
	if r.Status != http.StatusOK {
		t.Fatalf("status %d", r.Status)
	}
	for _, want := range []string{"Partnermatris", "Försäkringskassan", "Ladda ner för Excel", "Så räknar vi", "möten/år"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("the matrix page lacks %q", want)
		}
	}
	if !strings.Contains(r.HTML, `<th scope="col"><abbr title="Försäkringskassan">FK</abbr></th>`) {
		t.Error("the columns are not headed by the parties")
	}
}

func TestMatrixFollowsWrites(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	cell := func() int {
		var m kartlaggning.Matrix
		json.Unmarshal(do(t, srv, http.MethodGet, "/api/v1/editions/2019/matrix", nil).Body.Bytes(), &m)
		for i, p := range m.Parties {
			for j, q := range m.Parties {
				if p.ID == "fk" && q.ID == "region" {
					return m.Cells[i][j].Forums
				}
			}
		}
		t.Fatal("no fk × region cell")
		return 0
	}
	before := cell()
	f := &kartlaggning.Forum{ID: "ny-rehabgrupp", Name: "Ny rehabgrupp", Kind: "arbetsgrupp", Level: "operativ",
		Members: []kartlaggning.Member{{Unit: "fk-sjukpenning"}, {Unit: "region-rehabkoordinatorer"}}}
	if _, err := db.Create(context.Background(), 2019, f); err != nil {
		t.Fatal(err)
	}
	if after := cell(); after != before+1 {
		t.Errorf("FK × Region: %d forums after adding one, %d before", after, before)
	}
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/metrics", nil)
	var list []kartlaggning.ActorMetric
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &list) != nil {
		t.Fatalf("metrics: %d %.200s", rec.Code, rec.Body)
	}
	x, _, _ := srv.Snapshot(context.Background(), 2019)
	if len(list) != len(x.ActorGraph().Actors) {
		t.Errorf("%d metrics for %d actors", len(list), len(x.ActorGraph().Actors))
	}
	for i, m := range list {
		if m.Betweenness < 0 || m.Betweenness > 1 {
			t.Errorf("%s: betweenness %v outside 0..1", m.Unit, m.Betweenness)
		}
		if i > 0 && m.Betweenness > list[i-1].Betweenness {
			t.Errorf("not sorted: %s after %s", m.Unit, list[i-1].Unit)
		}
	}
	if !strings.Contains(rec.Body.String(), `"partners":`) || !strings.Contains(rec.Body.String(), `"betweenness":`) {
		t.Errorf("field names: %.200s", rec.Body)
	}

	a := newApp(t)
	r := a.get("/editions/2019/analysis/metrics")
	if r.Status != http.StatusOK || !strings.Contains(r.Text, "spindeln i nätet") || !strings.Contains(r.Text, "Mellanhet") {
		t.Errorf("metrics page: %d %.300s", r.Status, r.Text)
	}
	// The unit with the highest betweenness is the first row.
	first := x.Name(list[0].Ref())
	if i := strings.Index(r.HTML, "<tbody>"); i < 0 || !strings.Contains(visible(r.HTML[i:i+600]), first) {
		t.Errorf("the first row is not %s", first)
	}
}

func TestAnalysisLinks(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	r := a.get("/editions/2019/analysis")
	if r.Status != http.StatusOK {
		t.Fatalf("hub: %d", r.Status)
	}
	for _, href := range []string{"/editions/2019/analysis/overlaps", "/editions/2019/analysis/matrix", "/editions/2019/analysis/metrics",
		"/editions/2019/municipalities/habo/summary", "/editions/2019/municipalities/mullsjo/summary"} {
		if !strings.Contains(r.HTML, `href="`+href+`"`) {
			t.Errorf("the hub does not link %s", href)
		}
		if href != "/editions/2019/analysis" && a.get(href).Status != http.StatusOK {
			t.Errorf("%s does not answer", href)
		}
	}
	if r := a.get("/editions/2019/municipalities/habo"); !strings.Contains(r.Text, "Sammanställning för Habo") ||
		!strings.Contains(r.HTML, `href="/editions/2019/municipalities/habo/summary"`) {
		t.Error("the municipality's page does not link its summary")
	}
	if r := a.get("/editions/2019"); !strings.Contains(r.HTML, `href="/editions/2019/analysis/matrix"`) {
		t.Error("the edition's page does not list the analyses")
	}
}

// The unit's page tells where it already meets the same parties: Jönköping
// försörjningsstöd sits in several forums of the local agreement with the
// very same members.
func TestUnitPageOverlaps(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	r := a.get("/editions/2019/units/jonkoping-ama")
	if r.Status != http.StatusOK {
		t.Fatalf("status %d", r.Status)
	}
	if !strings.Contains(r.Text, "Här möter ni redan samma parter i") {
		t.Fatalf("no overlaps on the unit's page: %s", r.Text)
	}
	for _, name := range []string{"Strategimöte enligt den lokala överenskommelsen (Jönköping)", "Ärendeforum (Jönköping)"} {
		if !strings.Contains(r.Text, name+" (100\u00a0% samma deltagare)") {
			t.Errorf("the unit's page does not name %q as an overlap", name)
		}
	}
	// For every unit, the page names exactly the overlaps the analysis
	// finds between two of the unit's own forums.
	x, _, _ := a.srv.Snapshot(context.Background(), 2019)
	list, _ := x.Overlaps(0.5, "")
	without := 0
	for _, u := range x.Doc.Units {
		mine := map[string]bool{}
		for _, f := range x.ForumsOf[kartlaggning.Ref{Kind: kartlaggning.Units, ID: u.ID}] {
			mine[f.ID] = true
		}
		n := 0
		for _, o := range list {
			if mine[o.A] && mine[o.B] {
				n++
			}
		}
		r := a.get("/editions/2019/units/" + u.ID)
		if got := strings.Count(r.Text, "samma deltagare)"); got != n {
			t.Errorf("%s: the page names %d overlaps, the analysis has %d", u.ID, got, n)
		}
		if n == 0 {
			without++
			if strings.Contains(r.Text, "Här möter ni redan") {
				t.Errorf("%s: overlaps shown for a unit without any", u.ID)
			}
		}
	}
	if without == 0 {
		t.Error("every unit of the example has overlapping forums: the test shows nothing")
	}
}

// The overlaps page finds the synthetic data's near-twins: the generator
// copies every 25th forum with one member fewer.
func TestOverlapsPageFindsTwins(t *testing.T) {
	t.Parallel()
	doc, err := synthetic.Edition("small", 2030)
	if errors.Is(err, synthetic.ErrNoGenerator) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	a := newApp(t)
	if _, err := a.db.Import(context.Background(), doc, false); err != nil {
		t.Fatal(err)
	}
	r := a.get("/editions/2030/analysis/overlaps")
	if r.Status != http.StatusOK {
		t.Fatalf("status %d", r.Status)
	}
	twins := 0
	for _, f := range doc.Forums {
		original, ok := strings.CutSuffix(f.ID, "-tvilling")
		if !ok || len(f.Members) < 2 {
			continue
		}
		twins++
		paired := false
		for _, row := range strings.Split(r.HTML, "<tr>") {
			paired = paired || strings.Contains(row, `href="/editions/2030/forums/`+original+`"`) &&
				strings.Contains(row, `href="/editions/2030/forums/`+f.ID+`"`)
		}
		if !paired {
			t.Errorf("the twin %s of %s is not on the page beside it", f.ID, original)
		}
	}
	if twins == 0 {
		t.Fatal("no twins in the synthetic edition")
	}
}

// TestMatrixManyParties: a national edition has hundreds of parties; the
// page keeps to the ones that are not kommuner as columns, every party a
// row, while the CSV has them all, names safe from Excel's formulas.
func TestMatrixManyParties(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	doc := &kartlaggning.Document{Format: kartlaggning.Format,
		Edition: kartlaggning.Edition{Year: 2040, Title: "Många parter", Status: "draft"},
		Organisations: []kartlaggning.Organisation{
			{ID: "fk", Name: "Försäkringskassan", Short: "FK", Kind: "myndighet", Party: true},
			{ID: "af", Name: "Arbetsförmedlingen", Short: "AF", Kind: "myndighet", Party: true},
			{ID: "region", Name: "Regionen", Kind: "region", Party: true}}}
	for i := range 30 {
		id := "kommun-" + strconv.Itoa(i)
		name := "Kommun " + strconv.Itoa(i)
		if i == 0 {
			name = "=SUMMA(A1:A9)"
		}
		doc.Municipalities = append(doc.Municipalities, kartlaggning.Municipality{ID: id, Name: "K" + strconv.Itoa(i)})
		doc.Organisations = append(doc.Organisations, kartlaggning.Organisation{ID: id + "-org", Name: name, Kind: "kommun", Municipality: id, Party: true})
		doc.Units = append(doc.Units, kartlaggning.Unit{ID: id + "-fs", Organisation: id + "-org", Name: "Försörjningsstöd"})
		doc.Forums = append(doc.Forums, kartlaggning.Forum{ID: id + "-arena", Name: "ARENA " + strconv.Itoa(i), Kind: "arena", Level: "individ",
			Members: []kartlaggning.Member{{Unit: id + "-fs"}, {Organisation: "fk"}}})
	}
	if _, err := a.db.Import(context.Background(), doc, false); err != nil {
		t.Fatal(err)
	}
	r := a.get("/editions/2040/analysis/matrix")
	if r.Status != http.StatusOK {
		t.Fatalf("status %d", r.Status)
	}
	if got := strings.Count(r.HTML, `<th scope="col">`); got != 3 {
		t.Errorf("%d columns, want the 3 parties that are not kommuner", got)
	}
	if got := strings.Count(r.HTML, `<th scope="row">`); got != 33 {
		t.Errorf("%d rows, want all 33 parties", got)
	}
	if !strings.Contains(r.Text, "Kartläggningen har 33 parter") {
		t.Error("the page does not say that columns are left out")
	}
	csvFile := do(t, a.srv, http.MethodGet, "/editions/2040/analysis/matrix.csv", nil).Body.String()
	if !strings.Contains(csvFile, "\r\n'=SUMMA(A1:A9);1;0;0;") {
		t.Errorf("the CSV lacks the whole row, or lets Excel run a name as a formula:\n%.600s", csvFile)
	}
	if lines := strings.Split(csvFile, "\r\n"); len(strings.Split(lines[0], ";")) != 34 {
		t.Errorf("the CSV heading has %d fields, want 34", len(strings.Split(lines[0], ";")))
	}
}
