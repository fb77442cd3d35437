package exports_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/exports"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

// readSheets reads every sheet of a workbook back as rows of cells.
func readSheets(t *testing.T, b []byte) map[string][][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][][]string{}
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = rows
	}
	return out
}

func writeResponses(t *testing.T, sv survey.Survey, rs []survey.Response) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := exports.WriteResponsesXLSX(&buf, sv, rs, kartlaggning.NewIndex(mustDemo(t))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

func personalResponses() []survey.Response {
	mk := func(id, unit, submitted, obstacles string, cs ...survey.Collaboration) survey.Response {
		return survey.Response{ID: id, Year: 2019, Survey: "p1", Unit: unit, Status: survey.Submitted,
			Started: at(submitted).Add(-time.Hour), Updated: at(submitted), Submitted: at(submitted),
			Answer: survey.Answer{Collaborations: cs, Obstacles: obstacles, Ideas: "Gemensam utbildning för åtta handläggare",
				Ratings: []survey.Rating{{Organisation: "fk", Level: 2, Value: 3, Trust: 4}}}}
	}
	return []survey.Response{
		mk("9f1c0a7e5d3b2a1f9f1c0a7e5d3b2a1f9f1c0a7e5d3b2a1f9f1c0a7e5d3b2a1f", "mullsjo-forsorjningsstod", "2026-11-03T08:15:42.123Z",
			"Sekretessen mellan myndigheterna",
			survey.Collaboration{Organisation: "fk", Forms: []string{"sip", "kontakter"}, Works: 3, Note: "Bra kontakt med handläggaren"}),
		mk("0b2d4f6a8c0e1b3d5f7a9c1e3b5d7f9a0b2d4f6a8c0e1b3d5f7a9c1e3b5d7f9a", "mullsjo-forsorjningsstod", "2026-11-04T16:59:01Z",
			"Långa väntetider hos Arbetsförmedlingen",
			survey.Collaboration{Organisation: "af", Forms: []string{"arendeforum"}, Works: 1}),
		mk("a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1", "habo-forsorjningsstod", "2026-11-02T10:00:00Z",
			"Ingen tid för möten",
			survey.Collaboration{Organisation: "region", Forms: []string{"sip"}, Works: 2}),
		{ID: "d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4", Year: 2019, Survey: "p1", Unit: "habo-forsorjningsstod",
			Status: survey.Draft, Started: at("2026-11-05T09:00:00Z"), Updated: at("2026-11-05T09:30:00Z"),
			Answer: survey.Answer{Obstacles: "Halvfärdigt svar", Custom: map[string]string{"borttagen": "Svar på en fråga som togs bort"}}},
	}
}

func TestResponsesXLSXPersonalIsAnonymous(t *testing.T) {
	sv := survey.Survey{ID: "p1", Year: 2019, Kind: survey.Personal, Title: "Personalenkät 2026", Closes: "2026-12-31", Ratings: true,
		Questions: []survey.Question{{ID: "utbildning", Text: "Vilken utbildning saknar du?"}}}
	rs := personalResponses()
	b := writeResponses(t, sv, rs)
	sheets := readSheets(t, b)

	for _, name := range []string{"Svar", "Samverkan", "Skattningar", "Om exporten"} {
		if _, ok := sheets[name]; !ok {
			t.Fatalf("no sheet %q: %v", name, slices.Collect(func(yield func(string) bool) {
				for k := range sheets {
					yield(k)
				}
			}))
		}
	}
	answers := sheets["Svar"]
	wantHeader := []string{"Enhet", "Enhetens organisation", "Samverkar kring enskilda med", "Hinder", "Idéer", "Vilken utbildning saknar du?", "Borttagen fråga (borttagen)", "Status", "Datum"}
	if !slices.Equal(answers[0], wantHeader) {
		t.Errorf("header %q\nwant %q", answers[0], wantHeader)
	}
	if len(answers) != 5 {
		t.Fatalf("%d rows, want a header and 4 answers", len(answers))
	}
	// Sorted by unit, then content: Habo before Mullsjö, whatever the
	// order of the answers or the times they came in.
	var units, obstacles []string
	for _, row := range answers[1:] {
		units = append(units, row[1])
		obstacles = append(obstacles, row[3])
	}
	wantObstacles := []string{"Halvfärdigt svar", "Ingen tid för möten", "Långa väntetider hos Arbetsförmedlingen", "Sekretessen mellan myndigheterna"}
	if !slices.Equal(obstacles, wantObstacles) {
		t.Errorf("obstacles in the order %q, want %q", obstacles, wantObstacles)
	}
	if !slices.Equal(units, []string{"Habo kommun", "Habo kommun", "Mullsjö kommun", "Mullsjö kommun"}) {
		t.Errorf("units in the order %q", units)
	}
	// Each cell a user can see: no answer id, no time of day.
	for name, rows := range sheets {
		for _, row := range rows {
			for _, cell := range row {
				for _, r := range rs {
					if strings.Contains(cell, r.ID[:12]) {
						t.Errorf("sheet %s shows the answer id %s: %q", name, r.ID, cell)
					}
				}
				if strings.Contains(cell, "08:15") || strings.Contains(cell, "T16") || strings.Contains(cell, "16:59") {
					t.Errorf("sheet %s shows a time of day: %q", name, cell)
				}
			}
		}
	}
	joined := func(rows [][]string) string {
		var b strings.Builder
		for _, r := range rows {
			b.WriteString(strings.Join(r, "|") + "\n")
		}
		return b.String()
	}
	if got := joined(answers); !strings.Contains(got, "Försörjningsstöd|Mullsjö kommun|Försäkringskassan|Sekretessen mellan myndigheterna|Gemensam utbildning för åtta handläggare|||Inskickad|2026-11-03") ||
		!strings.Contains(got, "Försörjningsstöd|Habo kommun||Halvfärdigt svar|||Svar på en fråga som togs bort|Utkast|2026-11-05") {
		t.Errorf("answers sheet:\n%s", got)
	}
	if got := joined(sheets["Samverkan"]); !strings.Contains(got, "Försörjningsstöd|Mullsjö kommun|Försäkringskassan|SIP, Personliga kontakter|3 – bra|Bra kontakt med handläggaren") ||
		!strings.Contains(got, "Försörjningsstöd|Habo kommun|Region Jönköpings län|SIP|2 – mindre bra") {
		t.Errorf("collaborations sheet:\n%s", got)
	}
	if got := joined(sheets["Skattningar"]); strings.Count(got, "kommun|Försäkringskassan|Utbyter information|3|4") != 3 {
		t.Errorf("ratings sheet:\n%s", got)
	}
	if got := joined(sheets["Om exporten"]); !strings.Contains(got, "Antal svar|4") || !strings.Contains(got, "Varav inskickade|3") || !strings.Contains(got, "anonyma") {
		t.Errorf("about sheet:\n%s", got)
	}

	// The same answers in another order give the same workbook content:
	// the order of rows says nothing about when anyone answered.
	for range 5 {
		shuffled := slices.Clone(rs)
		rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		again := readSheets(t, writeResponses(t, sv, shuffled))
		for name := range sheets {
			if joined(again[name]) != joined(sheets[name]) {
				t.Fatalf("sheet %s depends on the order of the answers:\n%s\nvs\n%s", name, joined(again[name]), joined(sheets[name]))
			}
		}
	}
}

func TestResponsesXLSXChef(t *testing.T) {
	sv := survey.Survey{ID: "c1", Year: 2019, Kind: survey.Chef, Title: "Chefsenkät 2026", Closes: "2026-12-31",
		Scale: []string{"Vet om", "Informerar", "Samordnar", "Integrerat"}}
	freq := kartlaggning.Frequency{Text: "1 gång per månad"}
	rs := []survey.Response{{ID: "c-resp-1", Year: 2019, Survey: "c1", Unit: "habo-integration", Status: survey.Submitted,
		Updated: at("2026-11-10T12:00:00Z"), Submitted: at("2026-11-10T12:00:00Z"),
		Answer: survey.Answer{
			Description: "Mottagande av nyanlända i Habo", TargetGroups: []string{"Nyanlända", "Unga vuxna"},
			WorksWell: "Kontakten med Arbetsförmedlingen", NeedsDevelopment: "Samverkan med vården",
			Forums: []survey.ForumAnswer{
				{Forum: "beredningsgruppen", Role: "ledamot", Still: "ja"},
				{Name: "Integrationsrådet i Habo", Kind: "rad", Level: "strategisk", Frequency: &freq, Convener: "habo-kommun",
					Parties: []string{"af", "region"}, Role: "sammankallande", Note: "Nytt i år"},
			},
			Wishes:  []survey.WishAnswer{{Organisation: "region", Text: "Träffa vårdcentralen oftare"}},
			Ratings: []survey.Rating{{Organisation: "af", Level: 4, Value: 4, Trust: 3}},
		}}}
	sheets := readSheets(t, writeResponses(t, sv, rs))
	answers := sheets["Svar"]
	want := []string{"Integration och flyktingenheten/DUA", "Habo kommun", "Mottagande av nyanlända i Habo", "Nyanlända\nUnga vuxna",
		"Kontakten med Arbetsförmedlingen", "Samverkan med vården", "Region Jönköpings län: Träffa vårdcentralen oftare", "Inskickad", "2026-11-10"}
	if len(answers) != 2 || !slices.Equal(answers[1], want) {
		t.Fatalf("answers %q\nwant %q", answers, want)
	}
	forums := sheets["Forum"]
	if len(forums) != 3 {
		t.Fatalf("forums %q", forums)
	}
	wantNew := []string{"Integration och flyktingenheten/DUA", "Habo kommun", "Integrationsrådet i Habo", "Råd", "Strategisk", "1 gång per månad", "Habo kommun",
		"Arbetsförmedlingen\nRegion Jönköpings län", "Sammankallande", "", "Nytt i år"}
	wantOld := []string{"Integration och flyktingenheten/DUA", "Habo kommun", "Samordningsförbundet Södra Vätterbygdens beredningsgrupp", "", "", "", "", "", "Ledamot", "Ja"}
	if !slices.Equal(forums[1], wantNew) || !slices.Equal(forums[2], wantOld) {
		t.Errorf("forum rows\n%q\n%q", forums[1], forums[2])
	}
	// The editor's own names of the scale's steps.
	if r := sheets["Skattningar"]; len(r) != 2 || r[1][3] != "Integrerat" {
		t.Errorf("ratings %q", r)
	}
}

func TestResponsesXLSXRefusesWhatACellCannotHold(t *testing.T) {
	sv := survey.Survey{ID: "c1", Kind: survey.Chef, Title: "Chefsenkät", Closes: "2026-12-31"}
	long := strings.Repeat("å", 20000)
	rs := []survey.Response{{ID: "x", Unit: "habo-integration", Status: survey.Draft,
		Answer: survey.Answer{TargetGroups: []string{long, long}}}}
	var buf bytes.Buffer
	err := exports.WriteResponsesXLSX(&buf, sv, rs, kartlaggning.NewIndex(mustDemo(t)))
	if kartlaggning.ErrorCode(err) != kartlaggning.EINVALID || !strings.Contains(err.Error(), "Målgrupper") {
		t.Errorf("err = %v", err)
	}
}

// BenchmarkResponsesXLSX300 writes the workbook of 300 personal answers,
// each with three collaborations, three ratings and texts.
func BenchmarkResponsesXLSX300(b *testing.B) {
	sv := survey.Survey{ID: "p1", Year: 2019, Kind: survey.Personal, Title: "Personalenkät", Closes: "2026-12-31", Ratings: true}
	x := kartlaggning.NewIndex(mustDemo(b))
	units := []string{"mullsjo-forsorjningsstod", "habo-forsorjningsstod", "habo-integration", "vaggeryd-ame"}
	rs := make([]survey.Response, 300)
	for i := range rs {
		rs[i] = survey.Response{ID: fmt.Sprintf("%064x", i), Unit: units[i%len(units)], Status: survey.Submitted,
			Submitted: at("2026-11-03T08:15:42Z").Add(time.Duration(i) * time.Minute),
			Answer: survey.Answer{Obstacles: strings.Repeat("Sekretess och långa väntetider. ", 20), Ideas: "Gemensamma utbildningsdagar",
				Collaborations: []survey.Collaboration{{Organisation: "fk", Forms: []string{"sip"}, Works: 3}, {Organisation: "af", Works: 2}, {Organisation: "region", Works: 4}},
				Ratings:        []survey.Rating{{Organisation: "fk", Level: 2, Value: 3, Trust: 4}, {Organisation: "af", Level: 1}, {Organisation: "region", Level: 3}}}}
	}
	var size int
	for range b.N {
		var buf bytes.Buffer
		if err := exports.WriteResponsesXLSX(&buf, sv, rs, x); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1024, "KiB")
}
