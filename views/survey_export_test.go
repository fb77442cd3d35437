package views_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
	"github.com/kartlaggning/kartlaggning/store"
)

// personalAnswers stores three submitted personal answers, two from
// Mullsjö's försörjningsstöd and one from Habo's, and returns their ids.
func personalAnswers(t *testing.T, db *store.DB, id string) []string {
	t.Helper()
	var ids []string
	for _, a := range []struct{ unit, obstacles, org string }{
		{"mullsjo-forsorjningsstod", "Sekretessen mellan myndigheterna hindrar oss", "fk"},
		{"habo-forsorjningsstod", "För lite tid för gemensam planering", "region"},
		{"mullsjo-forsorjningsstod", "Långa väntetider på Arbetsförmedlingen", "af"},
	} {
		key, _, _ := survey.NewToken()
		rid := survey.HashToken("draft:" + key)
		r, err := db.SaveResponse(context.Background(), survey.Response{ID: rid, Year: 2019, Survey: id, Unit: a.unit, Status: survey.Submitted,
			Answer: survey.Answer{Obstacles: a.obstacles, Ideas: "Gemensamma utbildningsdagar för älvdalens handläggare",
				Collaborations: []survey.Collaboration{{Organisation: a.org, Forms: []string{"sip"}, Works: 3}}}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	return ids
}

func TestResponsesXLSXHoldsTheAnswersAndNoPersonalIDs(t *testing.T) {
	srv, db := MustServe(t)
	id := mailSurvey(t, srv, survey.Personal, closesIn(30))
	ids := personalAnswers(t, db, id)

	rec := do(t, srv, "GET", "/api/v1/editions/2019/surveys/"+id+"/responses.xlsx", nil)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("%d %s %.300s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, `filename="svar-`+id+`-2019.xlsx"`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Svar")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want a header and 3 answers: %q", len(rows), rows)
	}
	var text strings.Builder
	for _, sheet := range f.GetSheetList() {
		all, _ := f.GetRows(sheet)
		for _, r := range all {
			text.WriteString(strings.Join(r, "|") + "\n")
		}
	}
	got := text.String()
	for _, want := range []string{"Sekretessen mellan myndigheterna hindrar oss", "För lite tid för gemensam planering",
		"Långa väntetider på Arbetsförmedlingen", "Gemensamma utbildningsdagar för älvdalens handläggare", "Försäkringskassan|SIP|3 – bra"} {
		if !strings.Contains(got, want) {
			t.Errorf("the workbook does not hold %q:\n%s", want, got)
		}
	}
	for _, rid := range ids {
		if strings.Contains(got, rid[:16]) {
			t.Errorf("the workbook shows the personal answer id %s", rid)
		}
	}
	if regexp.MustCompile(`\d\d:\d\d`).MatchString(got) || !strings.Contains(got, "Inskickad|"+time.Now().In(survey.Stockholm).Format("2006-01-02")) {
		t.Errorf("the workbook shows a time of day, or not the day:\n%s", got)
	}
	// Habo before Mullsjö, whatever order they came in.
	if !strings.HasPrefix(rows[1][1], "Habo") || !strings.HasPrefix(rows[2][1], "Mullsjö") {
		t.Errorf("rows are not in the order of their units: %q", rows[1:])
	}
}

func TestResponsesJSONByRole(t *testing.T) {
	srv, db := MustServe(t)
	personal := mailSurvey(t, srv, survey.Personal, closesIn(30))
	ids := personalAnswers(t, db, personal)
	chef := mailSurvey(t, srv, survey.Chef, closesIn(30))
	for _, unit := range []string{"mullsjo-forsorjningsstod", "habo-integration"} {
		if _, err := db.SaveResponse(context.Background(), survey.Response{Year: 2019, Survey: chef, Unit: unit, Status: survey.Draft,
			Answer: survey.Answer{WorksWell: "Samverkan med " + unit}}); err != nil {
			t.Fatal(err)
		}
	}
	// auth "" sends the tests' admin token.
	get := func(path, auth string) (int, []survey.Response, string) {
		t.Helper()
		var header []string
		if auth != "" {
			header = []string{"Authorization", auth}
		}
		rec := do(t, srv, "GET", path, nil, header...)
		var rs []survey.Response
		if rec.Code == http.StatusOK {
			if err := json.Unmarshal(rec.Body.Bytes(), &rs); err != nil {
				t.Fatalf("%v: %s", err, rec.Body)
			}
		}
		return rec.Code, rs, rec.Body.String()
	}
	base := "/api/v1/editions/2019/surveys/"

	// The editor sees every personal answer, without its id and with
	// nothing finer than the day.
	code, rs, body := get(base+personal+"/responses", "")
	if code != http.StatusOK || len(rs) != 3 {
		t.Fatalf("%d %s", code, body)
	}
	for _, r := range rs {
		if r.ID != "" || r.Submitted.IsZero() || r.Submitted.Hour() != 0 || r.Submitted.Minute() != 0 || r.Updated.Second() != 0 {
			t.Errorf("a personal answer as the API shows it: %+v", r)
		}
	}
	for _, rid := range ids {
		if strings.Contains(body, rid) {
			t.Errorf("the answers show the id %s", rid)
		}
	}
	// Chef answers name their unit and keep their ids.
	code, rs, body = get(base+chef+"/responses", "")
	if code != http.StatusOK || len(rs) != 2 || rs[0].ID == "" {
		t.Fatalf("%d %s", code, body)
	}

	// A manager sees their own unit's answers only; a reader none; the
	// workbook is the editor's.
	manager := "Bearer " + token(t, db, kartlaggning.RoleManager, "mullsjo-forsorjningsstod")
	code, rs, body = get(base+chef+"/responses", manager)
	if code != http.StatusOK || len(rs) != 1 || rs[0].Unit != "mullsjo-forsorjningsstod" {
		t.Errorf("the manager's chef answers: %d %s", code, body)
	}
	code, rs, body = get(base+personal+"/responses", manager)
	if code != http.StatusOK || len(rs) != 2 || rs[0].Unit != "mullsjo-forsorjningsstod" || rs[0].ID != "" {
		t.Errorf("the manager's personal answers: %d %s", code, body)
	}
	reader := "Bearer " + token(t, db, kartlaggning.RoleReader)
	if code, _, body = get(base+chef+"/responses", reader); code != http.StatusForbidden {
		t.Errorf("a reader: %d %s, want 403", code, body)
	}
	if code, _, _ = get(base+chef+"/responses.xlsx", manager); code != http.StatusForbidden {
		t.Errorf("a manager's workbook: %d", code)
	}
	if code, _, _ = get(base+chef+"/responses", ""); code != http.StatusOK {
		t.Errorf("%d", code)
	}
	if code, _, _ = get(base+"finns-inte/responses", ""); code != http.StatusNotFound {
		t.Errorf("an unknown survey: %d", code)
	}
}
