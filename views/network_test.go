package views_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// The new analyses answer bad parameters with a status and the field.
func TestActorAnalysisAPIBadParameters(t *testing.T) {
	srv, _ := MustServe(t)
	for _, tc := range []struct {
		name, path string
		status     int
		field      string
	}{
		{"NetworkOK", "/api/v1/editions/2019/network", http.StatusOK, ""},
		{"NetworkUnknownMunicipality", "/api/v1/editions/2019/network?municipality=atlantis", http.StatusNotFound, "municipality"},
		{"NetworkUnknownYear", "/api/v1/editions/2042/network", http.StatusNotFound, ""},
		{"CoverageOK", "/api/v1/editions/2019/coverage", http.StatusOK, ""},
		{"CoverageUnknownMunicipality", "/api/v1/editions/2019/coverage?municipality=atlantis", http.StatusNotFound, "municipality"},
		{"GroupsOK", "/api/v1/editions/2019/overlaps?group=true", http.StatusOK, ""},
		{"GroupsMinNaN", "/api/v1/editions/2019/overlaps?group=true&min=NaN", http.StatusBadRequest, "min"},
		{"GroupsMinTwo", "/api/v1/editions/2019/overlaps?group=true&min=2", http.StatusBadRequest, "min"},
		{"GroupsMinNegative", "/api/v1/editions/2019/overlaps?group=true&min=-0.1", http.StatusBadRequest, "min"},
		{"GroupsUnknownMunicipality", "/api/v1/editions/2019/overlaps?group=true&municipality=atlantis", http.StatusNotFound, "municipality"},
		{"GroupNotABool", "/api/v1/editions/2019/overlaps?group=kanske", http.StatusBadRequest, "group"},
		{"PairsMinNaN", "/api/v1/editions/2019/overlaps?min=NaN", http.StatusBadRequest, "min"},
		{"TrendsNoScope", "/api/v1/trends", http.StatusBadRequest, "municipality"},
		{"TrendsTwoScopes", "/api/v1/trends?municipality=habo&unit=enter", http.StatusBadRequest, "unit"},
		{"TrendsUnknownMunicipality", "/api/v1/trends?municipality=atlantis", http.StatusNotFound, "municipality"},
		{"TrendsUnknownUnit", "/api/v1/trends?unit=finns-inte", http.StatusNotFound, "unit"},
		{"CoveragePageBadLevel", "/editions/2019/analysis/coverage?level=global", http.StatusBadRequest, ""},
		{"NetworkPageUnknownMunicipality", "/editions/2019/analysis/network?municipality=atlantis", http.StatusNotFound, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(t, srv, http.MethodGet, tc.path, nil)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %.300s", rec.Code, tc.status, rec.Body)
			}
			if tc.field == "" {
				return
			}
			body := decodeError(t, rec)
			if !slices.ContainsFunc(body.Error.Fields, func(f kartlaggning.FieldError) bool { return f.Path == tc.field }) {
				t.Errorf("the error does not name %q: %+v", tc.field, body.Error)
			}
			if strings.Contains(tc.path, "atlantis") && !strings.Contains(body.Error.Message, "atlantis") {
				t.Errorf("the message does not say which municipality: %q", body.Error.Message)
			}
		})
	}
}

// Habo's network hangs on its Försörjningsstöd (the only tie to Enter and
// to the housing company) and its Daglig verksamhet (the only tie to the
// local employers): written by hand from the example edition.
func TestNetworkHabo(t *testing.T) {
	srv, _ := MustServe(t)
	rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/network?municipality=habo", nil)
	var n kartlaggning.Network
	if err := json.Unmarshal(rec.Body.Bytes(), &n); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("%d %v %s", rec.Code, err, rec.Body)
	}
	var cut []string
	for _, a := range n.ArticulationPoints {
		cut = append(cut, a.Ref().ID)
	}
	if !slices.Equal(cut, []string{"habo-forsorjningsstod", "habo-daglig-verksamhet"}) {
		t.Errorf("Habo's articulation points are %v", cut)
	}
	if n.Components != 1 || len(n.Isolates) != 0 {
		t.Errorf("Habo's network: %d components, isolates %v", n.Components, n.Isolates)
	}

	page := do(t, srv, http.MethodGet, "/editions/2019/analysis/network?municipality=habo", nil)
	if page.Code != http.StatusOK {
		t.Fatalf("page: %d %s", page.Code, page.Body)
	}
	text := visible(page.Body.String())
	section := text[strings.Index(text, "Bärande aktörer Om en av dessa"):]
	section = section[:strings.Index(section, "Bärande band")]
	for _, want := range []string{"Försörjningsstöd (Habo kommun)", "Daglig verksamhet (Habo kommun)"} {
		if !strings.Contains(section, want) {
			t.Errorf("the bärande aktörer do not name %q: %s", want, section)
		}
	}
	for _, want := range []string{"Nätverket i Habo", "Täthet", "Centralisering", "Delar", "hela organisationen"} {
		if !strings.Contains(text, want) {
			t.Errorf("the network page lacks %q", want)
		}
	}
	if !strings.Contains(page.Body.String(), `href="/editions/2019/units/habo-forsorjningsstod"`) {
		t.Error("the bärande aktör is not a link to its page")
	}
	// The edition's network counts Arbetsförmedlingen as one actor.
	whole := visible(do(t, srv, http.MethodGet, "/editions/2019/analysis/network", nil).Body.String())
	if !strings.Contains(whole, "Nätverket som helhet") || !strings.Contains(whole, "Aktörer utan kontakter") {
		t.Errorf("the edition's network page: %.400s", whole)
	}
}

// The seven Jönköping forums under the same local agreement, with the
// same four members, are one group, not 21 pairs.
func TestOverlapGroupsJonkoping(t *testing.T) {
	srv, _ := MustServe(t)
	rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/overlaps?group=true", nil)
	var groups []kartlaggning.OverlapGroup
	if err := json.Unmarshal(rec.Body.Bytes(), &groups); err != nil || len(groups) == 0 {
		t.Fatalf("%d %v %s", rec.Code, err, rec.Body)
	}
	g := groups[0]
	if len(g.Forums) != 7 || !slices.Contains(g.Forums, "jonkoping-lok-chefsgrupp") || len(g.Shared) != 4 || !slices.Contains(g.Shared, "org:af") {
		t.Errorf("the largest group: %+v", g)
	}
	// Pairs stay as they were without group.
	var pairs []kartlaggning.Overlap
	if err := json.Unmarshal(do(t, srv, http.MethodGet, "/api/v1/editions/2019/overlaps", nil).Body.Bytes(), &pairs); err != nil || len(pairs) < 21 {
		t.Fatalf("pairs: %v, %d", err, len(pairs))
	}
	// At 0.5 the chains join more forums into the largest group.
	var loose []kartlaggning.OverlapGroup
	json.Unmarshal(do(t, srv, http.MethodGet, "/api/v1/editions/2019/overlaps?group=true&min=0.5", nil).Body.Bytes(), &loose)
	if len(loose) == 0 || len(loose[0].Forums) <= 7 {
		t.Errorf("groups at 0.5: %+v", loose)
	}

	page := do(t, srv, http.MethodGet, "/editions/2019/analysis/overlaps", nil)
	html := page.Body.String()
	text := visible(html)
	for _, want := range []string{"Grupp 1: 7 forum", "En grupp är forum som hänger ihop", "Visa de 21 paren i gruppen", "Arbetsförmedlingen (hela organisationen)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the overlaps page lacks %q", want)
		}
	}
	if !strings.Contains(html, "<details>") || !strings.Contains(html, `value="0,8"`) {
		t.Error("the groups page has no <details> for the pairs, or its threshold is not 0,8")
	}
	// Pairs on request, at 0.5 as before.
	pairsPage := visible(do(t, srv, http.MethodGet, "/editions/2019/analysis/overlaps?group=false", nil).Body.String())
	if strings.Contains(pairsPage, "Grupp 1") || !strings.Contains(pairsPage, "par av forum") {
		t.Errorf("the pairs page: %.500s", pairsPage)
	}
	bad := do(t, srv, http.MethodGet, "/editions/2019/analysis/overlaps?min=2", nil)
	if bad.Code != http.StatusBadRequest || !strings.Contains(visible(bad.Body.String()), "Gränsen min måste vara ett tal från 0 till 1") {
		t.Errorf("min=2 on the page: %d", bad.Code)
	}
}

// The coverage page shows, by default, the forums where at least two
// parties meet and one is missing; the switch shows all.
func TestCoveragePage(t *testing.T) {
	srv, _ := MustServe(t)
	var list []kartlaggning.ForumCoverage
	if err := json.Unmarshal(do(t, srv, http.MethodGet, "/api/v1/editions/2019/coverage", nil).Body.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	twoOrMore, missing := 0, 0
	for _, c := range list {
		if len(c.Missing) > 0 {
			missing++
			if len(c.Present) >= 2 {
				twoOrMore++
			}
		}
	}
	if twoOrMore == 0 || twoOrMore == missing {
		t.Fatalf("the example should have forums with and without two parties: %d of %d", twoOrMore, missing)
	}
	rows := func(path string) int {
		rec := do(t, srv, http.MethodGet, path, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
		table := rec.Body.String()
		if i := strings.Index(table, "<tbody>"); i >= 0 {
			table = table[i:strings.Index(table, "</tbody>")]
		} else {
			return 0
		}
		return strings.Count(table, "<tr>")
	}
	if got := rows("/editions/2019/analysis/coverage"); got != twoOrMore {
		t.Errorf("default rows %d, want %d", got, twoOrMore)
	}
	if got := rows("/editions/2019/analysis/coverage?all=true"); got != missing {
		t.Errorf("all rows %d, want %d", got, missing)
	}
	strategic := rows("/editions/2019/analysis/coverage?all=true&level=strategisk")
	if strategic == 0 || strategic >= missing {
		t.Errorf("strategic rows %d of %d", strategic, missing)
	}
	byName := do(t, srv, http.MethodGet, "/editions/2019/analysis/coverage?sort=forum", nil).Body.String()
	if !strings.Contains(byName, `<option value="forum" selected>`) {
		t.Error("the chosen order is not kept in the form")
	}
	text := visible(do(t, srv, http.MethodGet, "/editions/2019/analysis/coverage", nil).Body.String())
	for _, want := range []string{"Parter som saknas i forumen", "Arbetsförmedlingen", "Försäkringskassan", "Visa alla forum där en part saknas"} {
		if !strings.Contains(text, want) {
			t.Errorf("the coverage page lacks %q", want)
		}
	}
}

// The metrics count Arbetsförmedlingen, recorded only as a whole, and
// the page says what that means.
func TestMetricsCountOrganisationActors(t *testing.T) {
	srv, _ := MustServe(t)
	var rows []kartlaggning.ActorMetric
	if err := json.Unmarshal(do(t, srv, http.MethodGet, "/api/v1/editions/2019/metrics", nil).Body.Bytes(), &rows); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rows, func(m kartlaggning.ActorMetric) bool { return m.Organisation == "af" })
	if i < 0 || rows[i].Forums == 0 || rows[i].Unit != "" {
		t.Fatalf("no organisation row for Arbetsförmedlingen: %+v", rows)
	}
	// The actors' graph export has the same actors, for checking the
	// figures in networkx.
	graphml := do(t, srv, http.MethodGet, "/api/v1/editions/2019/export.actors.graphml", nil).Body.String()
	if n := strings.Count(graphml, "<node "); n != len(rows) || !strings.Contains(graphml, "Arbetsförmedlingen") {
		t.Errorf("the actor graph export has %d nodes for %d metrics rows", n, len(rows))
	}
	text := visible(do(t, srv, http.MethodGet, "/editions/2019/analysis/metrics", nil).Body.String())
	for _, want := range []string{"Arbetsförmedlingen (hela organisationen)", "En aktör är en enhet, eller en hel organisation"} {
		if !strings.Contains(text, want) {
			t.Errorf("the metrics page lacks %q", want)
		}
	}
}

// Starting next year's edition changes nothing in the samverkan: the
// comparison shows no changes, and lists the emptied meetings apart.
func TestNextEditionDiffShowsNoChanges(t *testing.T) {
	srv, _ := MustServe(t)
	if rec := do(t, srv, http.MethodPost, "/api/v1/editions/2019/next", nil); rec.Code != http.StatusCreated && rec.Code != http.StatusOK {
		t.Fatalf("next: %d %s", rec.Code, rec.Body)
	}
	var d kartlaggning.Diff
	if err := json.Unmarshal(do(t, srv, http.MethodGet, "/api/v1/editions/2019/diff/2020", nil).Body.Bytes(), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Changed) != 0 || len(d.Reset) == 0 {
		t.Errorf("diff after next: changed %+v, reset %+v", d.Changed, d.Reset)
	}
	page := visible(do(t, srv, http.MethodGet, "/editions/2019/diff/2020", nil).Body.String())
	changes := page[strings.Index(page, "Alla ändrade uppgifter"):]
	reset := changes[strings.Index(changes, kartlaggning.ResetLabel):]
	changes = changes[:strings.Index(changes, kartlaggning.ResetLabel)]
	if !strings.Contains(changes, "Inga poster har ändrade uppgifter") || strings.Contains(changes, "ARENA") {
		t.Errorf("the changes list something: %s", changes)
	}
	for _, want := range []string{"ARENA Mullsjö", "ARENA Habo", "Hållna möten"} {
		if !strings.Contains(reset, want) {
			t.Errorf("%q is not under %q: %.600s", want, kartlaggning.ResetLabel, reset)
		}
	}
	if !strings.Contains(page, "har samma kommuner, organisationer, enheter och forum") {
		t.Error("the comparison does not say that nothing changed")
	}
}
