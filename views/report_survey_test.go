package views_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
)

// TestReportSurveys: with the edition's enkäter, the report has the
// questionnaires as bilaga 1 and 2, the response rate in the method
// chapter and the ratings matrix with only the cells that three answers
// or more stand behind; so has the Word document.
func TestReportSurveys(t *testing.T) {
	srv, db := mustMapServer(t)
	ctx := context.Background()
	ids := map[string]string{}
	for _, kind := range []string{"personal", "chef"} { // made out of order: the report puts the chefsenkät first
		rec := do(t, srv, http.MethodPost, "/api/v1/editions/2019/surveys", []byte(`{"kind":"`+kind+`"}`))
		if rec.Code != http.StatusCreated {
			t.Fatalf("create %s: %d %s", kind, rec.Code, rec.Body)
		}
		ids[kind] = strings.Trim(strings.TrimPrefix(strings.TrimSpace(rec.Body.String()), `{"id":`), `"}`)
	}
	sv, err := db.Survey(ctx, 2019, ids["personal"])
	if err != nil {
		t.Fatal(err)
	}
	sv.Ratings = true
	sv.Intro = "Enkäten ingår i **kartläggningen** av samverkan."
	if err := db.UpdateSurvey(ctx, 2019, sv); err != nil {
		t.Fatal(err)
	}
	doc, err := db.Export(ctx, 2019)
	if err != nil {
		t.Fatal(err)
	}
	// Personalenkäten goes to four units and three answer: each rates
	// Försäkringskassan; only one rates Arbetsförmedlingen.
	var units []string
	for _, u := range doc.Units {
		if strings.HasPrefix(u.ID, "jonkoping-") && len(units) < 4 {
			units = append(units, u.ID)
		}
	}
	body := `{"units":["` + strings.Join(units, `","`) + `"]}`
	if rec := do(t, srv, http.MethodPost, "/api/v1/editions/2019/surveys/"+ids["personal"]+"/invitations", []byte(body)); rec.Code != http.StatusCreated {
		t.Fatalf("invite: %d %s", rec.Code, rec.Body)
	}
	// A report seen before the answers came in is not kept: answers are
	// no new revision of the edition.
	if before := do(t, srv, "GET", "/editions/2019/rapport", nil).Body.String(); !strings.Contains(before, "Bilaga 2: Personalenkät 2019") {
		t.Error("the report lacks the questionnaires before any answer")
	}
	for i, u := range units[:3] {
		ratings := []survey.Rating{{Organisation: "fk", Level: 2 + i%2, Value: 3, Trust: 3}}
		if i == 0 {
			ratings = append(ratings, survey.Rating{Organisation: "af", Level: 4, Value: 4, Trust: 4})
		}
		if _, err := db.SaveResponse(ctx, survey.Response{ID: survey.HashToken(fmt.Sprint("svar-", i)), Year: 2019, Survey: ids["personal"], Unit: u,
			Status: survey.Submitted, Answer: survey.Answer{Ratings: ratings}}); err != nil {
			t.Fatal(err)
		}
	}
	page := do(t, srv, "GET", "/editions/2019/rapport", nil).Body.String()
	for _, want := range []string{
		"Personalenkäten skickades till 4 enheter; 3 svarade (75 %).",
		"Bilaga 1: Chefsenkät 2019", "Bilaga 2: Personalenkät 2019", "Bilaga 3: Register över samverkansforum",
		"I vilka samverkansforum deltar enheten?", "Med vilka parter samverkar du kring enskilda klienter?",
		"Hur upplever du samverkan med de parter du möter?", "<strong>kartläggningen</strong>",
		"Samverkansnivå: 1 Känner till varandra, 2 Utbyter information",
		"Hur samverkan upplevs", `<th scope="col">Försäkringskassan</th>`, `<th scope="row">Jönköpings kommun</th><td>–</td><td>2,3 (n = 3)</td>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Index(page, "Bilaga 1: Chefsenkät") > strings.Index(page, "Bilaga 2: Personalenkät") {
		t.Error("the chefsenkät is not bilaga 1")
	}
	// One answer about Arbetsförmedlingen is not shown: it would say who answered.
	if strings.Contains(page, "4,0 (n = 1)") {
		t.Error("the ratings show a cell with one answer")
	}
	if strings.Contains(page, "Chefsenkäten skickades") {
		t.Error("the chefsenkät was sent to nobody, yet the report gives its response rate")
	}

	if _, err := exec.LookPath("pandoc"); err != nil {
		t.Skip("SKIPPED the Word document: needs pandoc")
	}
	rec := do(t, srv, "GET", "/editions/2019/rapport.docx", nil)
	f := filepath.Join(t.TempDir(), "rapport.docx")
	if err := os.WriteFile(f, rec.Body.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	md, err := exec.Command("pandoc", "-f", "docx", "-t", "markdown", "--wrap=none", f).CombinedOutput()
	if err != nil {
		t.Fatalf("pandoc: %v\n%s", err, md)
	}
	for _, want := range []string{"# Bilaga 1: Chefsenkät 2019", "# Bilaga 2: Personalenkät 2019", "# Bilaga 3: Register över samverkansforum",
		"Personalenkäten skickades till 4 enheter; 3 svarade (75 %).", "I vilka samverkansforum deltar enheten?", "2,3 (n = 3)"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("the Word document lacks %q", want)
		}
	}
}
