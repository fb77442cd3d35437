package views_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
	"github.com/kartlaggning/kartlaggning/views"
)

// The editor's side of the enkäter, through the real server and store.

// Days ahead of today, in Stockholm where the links expire: the tests'
// dates must stay in the future whenever they run.
var d18, d20, d31, d46 = day(18), day(20), day(31), day(46)

func day(n int) string {
	return time.Now().In(survey.Stockholm).AddDate(0, 0, n).Format(time.DateOnly)
}

func swedishDay(n int) string {
	return survey.SwedishDate(time.Now().In(survey.Stockholm).AddDate(0, 0, n))
}

type issued struct {
	Unit    string `json:"unit"`
	URL     string `json:"url"`
	Expires string `json:"expires"`
}

func mustInvite(t *testing.T, srv *views.Server, id, body string) []issued {
	t.Helper()
	rec := do(t, srv, http.MethodPost, "/api/v1/editions/2019/surveys/"+id+"/invitations", []byte(body))
	if rec.Code != http.StatusCreated {
		t.Fatalf("invite: %d %s", rec.Code, rec.Body)
	}
	var links []issued
	if err := json.Unmarshal(rec.Body.Bytes(), &links); err != nil {
		t.Fatal(err)
	}
	return links
}

// tokenOf is the secret at the end of a link.
func tokenOf(t *testing.T, link string) string {
	t.Helper()
	i := strings.LastIndex(link, "/enkat/")
	if i < 0 {
		t.Fatalf("link %q does not lead to /enkat/", link)
	}
	return link[i+len("/enkat/"):]
}

func wantFieldError(t *testing.T, body apiErrorBody, path, contains string) {
	t.Helper()
	for _, f := range body.Error.Fields {
		if f.Path == path {
			if !strings.Contains(f.Message, contains) {
				t.Errorf("%s: %q, want it to say %q", path, f.Message, contains)
			}
			return
		}
	}
	t.Errorf("no error for %s in %+v", path, body.Error.Fields)
}

func TestSurveyAPICreateUpdateDelete(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	id := mustCreateSurvey(t, srv, `{"kind":"chef","closes":"`+d18+`"}`)

	rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/surveys/"+id, nil)
	var sv survey.Survey
	if err := json.Unmarshal(rec.Body.Bytes(), &sv); err != nil {
		t.Fatal(err)
	}
	// Missing title and intro take the domain's defaults; the sheet names
	// the closing day asked for.
	if sv.Title != "Chefsenkät 2019" || sv.Kind != survey.Chef || sv.Closes != d18 {
		t.Errorf("created %+v", sv)
	}
	if !strings.Contains(sv.Intro, swedishDay(18)) {
		t.Errorf("intro does not name the closing day: %q", sv.Intro)
	}

	body := `{"title":"Chefsenkät om samverkan","intro":"Hej!","closes":"` + d20 + `","ratings":true,
		"scale":["Ett","Två","Tre","Fyra"],"off":["wishes"],"questions":[{"text":"Vad önskar ni av förbundet?"}]}`
	rec = do(t, srv, http.MethodPut, "/api/v1/editions/2019/surveys/"+id, []byte(body))
	if rec.Code != http.StatusOK {
		t.Fatalf("update: %d %s", rec.Code, rec.Body)
	}
	sv = survey.Survey{}
	json.Unmarshal(rec.Body.Bytes(), &sv)
	if sv.Title != "Chefsenkät om samverkan" || !sv.Ratings || len(sv.Scale) != 4 || sv.Scale[3] != "Fyra" ||
		len(sv.Off) != 1 || len(sv.Questions) != 1 || sv.Questions[0].ID == "" {
		t.Errorf("updated %+v", sv)
	}

	rec = do(t, srv, http.MethodGet, "/api/v1/editions/2019/surveys", nil)
	var list []survey.Survey
	if json.Unmarshal(rec.Body.Bytes(), &list); len(list) != 1 || list[0].ID != id {
		t.Errorf("list: %s", rec.Body)
	}

	if rec := do(t, srv, http.MethodDelete, "/api/v1/editions/2019/surveys/"+id, nil); rec.Code != http.StatusNoContent {
		t.Fatalf("delete: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/surveys/"+id, nil); rec.Code != http.StatusNotFound {
		t.Errorf("after delete: %d", rec.Code)
	}
}

func TestSurveyAPIValidationNamesTheField(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	for _, tc := range []struct {
		name, body, path, says string
	}{
		{"unknown kind", `{"kind":"chefer"}`, "kind", "chef"},
		{"empty title", `{"kind":"chef","title":""}`, "title", ""},
		{"date", `{"kind":"personal","closes":"31/12/2026"}`, "closes", ""},
		{"three steps", `{"kind":"chef","scale":["a","b","c"]}`, "scale", ""},
		{"own question without text", `{"kind":"chef","questions":[{"text":""}]}`, "questions[0].text", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(t, srv, http.MethodPost, "/api/v1/editions/2019/surveys", []byte(tc.body))
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("%d %s", rec.Code, rec.Body)
			}
			wantFieldError(t, decodeError(t, rec), tc.path, tc.says)
		})
	}
	id := mustCreateSurvey(t, srv, `{"kind":"chef"}`)
	rec := do(t, srv, http.MethodPut, "/api/v1/editions/2019/surveys/"+id, []byte(`{"kind":"personal","title":"Byte"}`))
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("changing the kind: %d %s", rec.Code, rec.Body)
	}
	wantFieldError(t, decodeError(t, rec), "kind", "kan inte ändras")
	if rec := do(t, srv, http.MethodPut, "/api/v1/editions/2019/surveys/"+id, []byte(`{"titel":"Stavfel"}`)); rec.Code/100 != 4 {
		t.Errorf("an unknown field: %d", rec.Code)
	}
	if sv, _ := srv.Surveys.Survey(context.Background(), 2019, id); sv.Title != "Chefsenkät 2019" || sv.Kind != survey.Chef {
		t.Errorf("a refused update changed the survey: %+v", sv)
	}
	do(t, srv, http.MethodDelete, "/api/v1/editions/2019/surveys/"+id, nil)
	if rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/surveys", nil); rec.Body.String() != "[]\n" && rec.Body.String() != "[]" {
		t.Errorf("a refused survey was kept: %s", rec.Body)
	}
}

func TestSurveyDeleteRefusedWithAnswers(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	id := mustCreateSurvey(t, srv, `{"kind":"chef"}`)
	if _, err := db.SaveResponse(context.Background(), survey.Response{Year: 2019, Survey: id, Unit: "habo-forsorjningsstod",
		Status: survey.Draft, Answer: survey.Answer{WorksWell: "Mycket."}}); err != nil {
		t.Fatal(err)
	}
	rec := do(t, srv, http.MethodDelete, "/api/v1/editions/2019/surveys/"+id, nil)
	if rec.Code != http.StatusConflict {
		t.Fatalf("delete with an answer: %d %s", rec.Code, rec.Body)
	}
	if msg := decodeError(t, rec).Error.Message; !strings.Contains(msg, "har svar") {
		t.Errorf("message %q", msg)
	}
	if _, err := db.Survey(context.Background(), 2019, id); err != nil {
		t.Errorf("the survey is gone: %v", err)
	}

	// The page offers no delete button and says why.
	a := &app{t: t, db: db, srv: srv}
	r := a.get("/editions/2019/enkater/" + id)
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "Enkäten har 1 svar och kan inte tas bort.")
	if strings.Contains(r.HTML, "/delete") {
		t.Error("a delete form is offered for a survey with answers")
	}
}

func TestInvitationsOneLinkPerUnit(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	ctx := context.Background()
	id := mustCreateSurvey(t, srv, `{"kind":"chef","closes":"`+d18+`"}`)
	links := mustInvite(t, srv, id, `{"units":["habo-forsorjningsstod","mullsjo-forsorjningsstod"],"expires":"`+d31+`"}`)
	if len(links) != 2 {
		t.Fatalf("%d links", len(links))
	}
	for _, l := range links {
		tok := tokenOf(t, l.URL)
		if !survey.ValidToken(tok) || l.Expires != d31 {
			t.Errorf("link %+v", l)
		}
		// The link opens its own unit's questionnaire, no other.
		inv, err := db.InvitationByHash(ctx, survey.HashToken(tok))
		if err != nil || inv.Unit != l.Unit || inv.Survey != id || inv.Revoked {
			t.Errorf("link of %s finds %+v, %v", l.Unit, inv, err)
		}
	}
	if links[0].URL == links[1].URL {
		t.Error("two units share a link")
	}

	// Statuses, never a token.
	rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/surveys/"+id+"/invitations", nil)
	for _, l := range links {
		if strings.Contains(rec.Body.String(), tokenOf(t, l.URL)) {
			t.Fatal("the status list shows a token")
		}
	}
	var st []struct{ Unit, Status string }
	json.Unmarshal(rec.Body.Bytes(), &st)
	if len(st) != 2 || st[0].Status != "invited" || st[1].Status != "invited" {
		t.Errorf("statuses %s", rec.Body)
	}

	// Revoking: the link stops working; a new one replaces it and the
	// old hash is gone.
	old := survey.HashToken(tokenOf(t, links[0].URL))
	if rec := do(t, srv, http.MethodDelete, "/api/v1/editions/2019/surveys/"+id+"/invitations/"+links[0].Unit, nil); rec.Code != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", rec.Code, rec.Body)
	}
	if inv, err := db.InvitationByHash(ctx, old); err == nil && !inv.Revoked {
		t.Error("a revoked link still works")
	}
	rec = do(t, srv, http.MethodGet, "/api/v1/editions/2019/surveys/"+id+"/invitations", nil)
	if !strings.Contains(rec.Body.String(), `"status":"revoked"`) {
		t.Errorf("after revoking: %s", rec.Body)
	}
	again := mustInvite(t, srv, id, `{"units":["`+links[0].Unit+`"]}`)
	if _, err := db.InvitationByHash(ctx, old); kartlaggning.ErrorCode(err) != kartlaggning.ENOTFOUND {
		t.Errorf("the replaced link's hash: %v", err)
	}
	if again[0].Expires != d18 {
		t.Errorf("without expires the link should last until the survey closes: %s", again[0].Expires)
	}
}

func TestInvitationsBadInput(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	id := mustCreateSurvey(t, srv, `{"kind":"chef"}`)
	for _, tc := range []struct{ name, body, path, says string }{
		{"unknown unit", `{"units":["habo-forsorjningsstod","finns-inte"]}`, "units[1]", "finns-inte"},
		{"no unit", `{"units":[]}`, "units", "minst en"},
		{"unknown municipality", `{"municipality":"ankeborg"}`, "municipality", "ankeborg"},
		{"unknown organisation", `{"organisation":"ankeborgs-kommun"}`, "organisation", "ankeborgs-kommun"},
		{"bad date", `{"all":true,"expires":"31 december"}`, "expires", "ÅÅÅÅ-MM-DD"},
		{"past date", `{"all":true,"expires":"2001-01-01"}`, "expires", "passerat"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(t, srv, http.MethodPost, "/api/v1/editions/2019/surveys/"+id+"/invitations", []byte(tc.body))
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("%d %s", rec.Code, rec.Body)
			}
			wantFieldError(t, decodeError(t, rec), tc.path, tc.says)
		})
	}
	rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/surveys/"+id+"/invitations", nil)
	if strings.TrimSpace(rec.Body.String()) != "[]" {
		t.Errorf("refused requests made invitations: %s", rec.Body)
	}
}

func TestInvitationsCSVForMailMerge(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	id := mustCreateSurvey(t, srv, `{"kind":"personal"}`)
	rec := do(t, srv, http.MethodPost, "/api/v1/editions/2019/surveys/"+id+"/invitations", []byte(`{"municipality":"mullsjo"}`), "Accept", "text/csv")
	if rec.Code != http.StatusCreated || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
		t.Fatalf("%d %s %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	if rec.Header().Get("Cache-Control") != "no-store" {
		t.Error("links may be cached")
	}
	data := rec.Body.Bytes()
	if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		t.Fatal("no byte order mark: Excel would read å, ä, ö wrong")
	}
	r := csv.NewReader(bytes.NewReader(data[3:]))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], "|") != "enhet|organisation|kommun|länk|giltig till" {
		t.Errorf("header %q", rows[0])
	}
	x, _, err := srv.Snapshot(context.Background(), 2019)
	if err != nil {
		t.Fatal(err)
	}
	want := len(x.UnitsIn("mullsjo"))
	if want == 0 || len(rows)-1 != want {
		t.Fatalf("%d rows, want one per unit of Mullsjö (%d)", len(rows)-1, want)
	}
	seen := map[string]bool{}
	for _, row := range rows[1:] {
		if !strings.Contains(row[2], "Mullsjö") {
			t.Errorf("row %q: kommun", row)
		}
		inv, err := db.InvitationByHash(context.Background(), survey.HashToken(tokenOf(t, row[3])))
		if err != nil || seen[inv.Unit] {
			t.Errorf("row %q: %v", row, err)
		}
		seen[inv.Unit] = true
	}
	if !strings.Contains(string(data), "Mullsjö kommun") {
		t.Error("the organisation's name is not in the file as written")
	}
}

func TestSurveysForEditorsOnly(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	id := mustCreateSurvey(t, srv, `{"kind":"chef"}`)
	manager := token(t, db, kartlaggning.RoleManager, "habo-forsorjningsstod")
	reader := token(t, db, kartlaggning.RoleReader)
	for _, who := range []string{manager, reader} {
		for _, req := range []struct{ method, path, body string }{
			{http.MethodGet, "/api/v1/editions/2019/surveys", ""},
			{http.MethodPost, "/api/v1/editions/2019/surveys", `{"kind":"chef"}`},
			{http.MethodGet, "/api/v1/editions/2019/surveys/" + id, ""},
			{http.MethodPut, "/api/v1/editions/2019/surveys/" + id, `{"title":"x"}`},
			{http.MethodDelete, "/api/v1/editions/2019/surveys/" + id, ""},
			{http.MethodPost, "/api/v1/editions/2019/surveys/" + id + "/invitations", `{"all":true}`},
			{http.MethodGet, "/api/v1/editions/2019/surveys/" + id + "/invitations", ""},
			{http.MethodDelete, "/api/v1/editions/2019/surveys/" + id + "/invitations/habo-forsorjningsstod", ""},
			{http.MethodGet, "/editions/2019/enkater", ""},
			{http.MethodGet, "/editions/2019/enkater/" + id, ""},
			{http.MethodGet, "/editions/2019/enkater/" + id + "/inbjudningar", ""},
		} {
			var body []byte
			if req.body != "" {
				body = []byte(req.body)
			}
			if rec := do(t, srv, req.method, req.path, body, "Authorization", "Bearer "+who); rec.Code != http.StatusForbidden {
				t.Errorf("%s %s: %d, want 403", req.method, req.path, rec.Code)
			}
		}
	}
	if rec := do(t, srv, http.MethodGet, "/api/v1/editions/2019/surveys/"+id+"/invitations", nil); strings.TrimSpace(rec.Body.String()) != "[]" {
		t.Errorf("someone without the right made invitations: %s", rec.Body)
	}
}

// The pages, as an editor's browser uses them.

func TestSurveyPagesCreateAndEdit(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	r := a.get("/editions/2019/enkater")
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "Det finns inga enkäter för 2019 ännu.", "Skapa chefsenkät", "Skapa personalenkät")
	if !strings.Contains(a.get("/editions/2019").HTML, `href="/editions/2019/enkater"`) {
		t.Error("the edition's page does not link to the enkäter")
	}

	r = a.follow(a.post("/editions/2019/enkater", url.Values{"kind": {"personal"}}))
	wantText(t, r, "Personalenkät 2019 är skapad", "Dina svar är anonyma")
	id := regexp.MustCompile(`action="/editions/2019/enkater/([^"/]+)"`).FindStringSubmatch(r.HTML)
	if id == nil {
		t.Fatalf("no edit form: %s", r.HTML)
	}
	edit := "/editions/2019/enkater/" + id[1]
	if !strings.Contains(r.HTML, `href="`+edit+`/forhandsgranska"`) {
		t.Error("no link to the preview")
	}
	standard := survey.Standard(survey.Personal)
	form := url.Values{"title": {"Personalenkät hösten 2019"}, "intro": {"Hej!\r\n\r\nTack för att du svarar."}, "closes": {d18},
		"scale[0]": {"Känner till"}, "scale[1]": {survey.DefaultScale[1]}, "scale[2]": {survey.DefaultScale[2]}, "scale[3]": {survey.DefaultScale[3]},
		"ratings": {"true"}, "new_question": {"Vad vill du säga till förbundet?"}, "action": {"add"}}
	for _, q := range standard[1:] { // the first one switched off
		form.Add("ask", q.ID)
	}
	r = a.post(edit, form)
	wantStatus(t, r, http.StatusSeeOther)
	if !strings.HasSuffix(r.Location, "#egna-fragor") {
		t.Errorf("adding a question goes back to %q", r.Location)
	}
	wantText(t, a.follow(r), "Frågan är tillagd.")
	sv, err := a.db.Survey(context.Background(), 2019, id[1])
	if err != nil {
		t.Fatal(err)
	}
	if sv.Title != "Personalenkät hösten 2019" || sv.Intro != "Hej!\n\nTack för att du svarar." || !sv.Ratings ||
		len(sv.Off) != 1 || sv.Off[0] != standard[0].ID || len(sv.Scale) != 4 || sv.Scale[0] != "Känner till" ||
		len(sv.Questions) != 1 || sv.Questions[0].Text != "Vad vill du säga till förbundet?" {
		t.Fatalf("saved %+v", sv)
	}

	// The page shows what was saved; removing the question keeps the rest.
	r = a.get(edit)
	if !strings.Contains(r.HTML, `value="Vad vill du säga till förbundet?"`) || strings.Contains(r.HTML, `id="fraga-`+standard[0].ID+`" name="ask" value="`+standard[0].ID+`" checked`) {
		t.Errorf("the form does not show the saved questions")
	}
	form.Del("new_question")
	form.Del("action")
	form.Set("questions[0].id", sv.Questions[0].ID)
	form.Set("questions[0].text", sv.Questions[0].Text)
	form.Set("remove", sv.Questions[0].ID)
	wantText(t, a.follow(a.post(edit, form)), "Frågan är borttagen.")
	if sv, _ = a.db.Survey(context.Background(), 2019, id[1]); len(sv.Questions) != 0 || sv.Title != "Personalenkät hösten 2019" {
		t.Errorf("after removing: %+v", sv)
	}

	// Bad input: the form again, the message beside the field, nothing lost.
	form.Del("remove")
	form.Set("title", "")
	form.Set("closes", "18 december")
	form.Set("new_question", "En fråga till")
	r = a.post(edit, form)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if fieldError(r, "f-title") == "" || fieldError(r, "f-closes") == "" {
		t.Errorf("beside title: %q, closes: %q", fieldError(r, "f-title"), fieldError(r, "f-closes"))
	}
	if !strings.Contains(r.HTML, `value="En fråga till"`) || !strings.Contains(r.HTML, "Tack för att du svarar.") {
		t.Error("the form lost what was typed")
	}
	if sv, _ = a.db.Survey(context.Background(), 2019, id[1]); sv.Title != "Personalenkät hösten 2019" {
		t.Errorf("a refused form was saved: %+v", sv)
	}

	// A new question too long for the domain: the message beside its row.
	form.Set("title", "Personalenkät")
	form.Set("closes", d18)
	form.Set("new_question", strings.Repeat("Varför? ", 200))
	r = a.post(edit, form)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if fieldError(r, "f-new-question") == "" {
		t.Errorf("nothing beside the new question: %v", r.Text[:min(len(r.Text), 1500)])
	}

	// Lägg till fråga without a question says so.
	form.Set("title", "Personalenkät")
	form.Set("closes", d18)
	form.Set("new_question", "")
	form.Set("action", "add")
	r = a.post(edit, form)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(fieldError(r, "f-new-question"), "Skriv frågan") {
		t.Errorf("beside the new question: %q", fieldError(r, "f-new-question"))
	}

	// Deleting a survey without answers.
	r = a.follow(a.post(edit+"/delete", url.Values{}))
	wantText(t, r, "är borttagen", "Det finns inga enkäter för 2019 ännu.")
}

func TestSurveyPageMovesTheClosingDayInTheSheet(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := mustCreateSurvey(t, a.srv, `{"kind":"chef","closes":"`+d18+`"}`)
	sv, _ := a.db.Survey(context.Background(), 2019, id)
	form := url.Values{"title": {sv.Title}, "intro": {sv.Intro}, "closes": {d46}}
	for _, q := range survey.Standard(survey.Chef) {
		form.Add("ask", q.ID)
	}
	for i, s := range survey.DefaultScale {
		form.Set("scale["+string(rune('0'+i))+"]", s)
	}
	wantStatus(t, a.post("/editions/2019/enkater/"+id, form), http.StatusSeeOther)
	sv, _ = a.db.Survey(context.Background(), 2019, id)
	if !strings.Contains(sv.Intro, swedishDay(46)) || strings.Contains(sv.Intro, swedishDay(18)) || len(sv.Off) != 0 || sv.Scale != nil {
		t.Errorf("after moving the day: %+v", sv)
	}
}

func TestInvitationPagesShowLinksOnce(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := mustCreateSurvey(t, a.srv, `{"kind":"chef","closes":"`+d18+`"}`)
	base := "/editions/2019/enkater/" + id + "/inbjudningar"
	r := a.get(base)
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "Habo kommun", "Försörjningsstöd", "Ej skickad", "Skapa länkar")

	// Nothing chosen: said beside the list, nothing made.
	r = a.post(base, url.Values{"expires": {d18}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	wantText(t, r, "Välj minst en enhet att bjuda in.")

	r = a.post(base, url.Values{"organisation": {"habo-kommun"}, "units": {"mullsjo-forsorjningsstod"}, "expires": {d31}})
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "Länkarna visas bara nu", swedishDay(31), "Ladda ner som CSV")
	tokens := regexp.MustCompile(`name="token" value="([^"]+)"`).FindAllStringSubmatch(r.HTML, -1)
	x, _, _ := a.srv.Snapshot(context.Background(), 2019)
	want := 1
	for _, u := range x.Doc.Units {
		if u.Organisation == "habo-kommun" {
			want++
		}
	}
	if len(tokens) != want {
		t.Fatalf("%d links, want %d", len(tokens), want)
	}
	for _, m := range tokens {
		if !strings.Contains(r.Text, "/enkat/"+m[1]) {
			t.Errorf("link with token %s… not shown", m[1][:6])
		}
	}

	// The CSV repeats the same links.
	form := url.Values{}
	for _, m := range tokens {
		form.Add("token", m[1])
	}
	req := a.post(base+"/csv", form)
	if req.Status != http.StatusOK || !strings.HasPrefix(req.HTML, "\uFEFFenhet;organisation;kommun;länk;giltig till") {
		t.Fatalf("csv: %d %.200s", req.Status, req.HTML)
	}
	for _, m := range tokens {
		if !strings.Contains(req.HTML, "/enkat/"+m[1]) {
			t.Error("the CSV lacks a link of the page")
		}
	}
	// A made-up token gets no CSV.
	if r := a.post(base+"/csv", url.Values{"token": {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}); r.Status != http.StatusConflict {
		t.Errorf("a made-up token: %d", r.Status)
	}

	// The list shows the status, never a token; revoking from the page.
	r = a.get(base)
	for _, m := range tokens {
		if strings.Contains(r.HTML, m[1]) {
			t.Fatal("the invitations page shows a token")
		}
	}
	wantText(t, r, "Skickad")
	r = a.follow(a.post(base+"/mullsjo-forsorjningsstod/revoke", url.Values{}))
	wantText(t, r, "Länken till Försörjningsstöd är återkallad", "Återkallad")
	// The page's CSV refuses the revoked link.
	if r := a.post(base+"/csv", form); r.Status != http.StatusConflict {
		t.Errorf("csv with a revoked link: %d", r.Status)
	}

	// "Ny länk" on a row makes that unit's link alone.
	r = a.post(base, url.Values{"only": {"mullsjo-forsorjningsstod"}, "units": {"habo-forsorjningsstod"}, "expires": {d18}})
	wantStatus(t, r, http.StatusOK)
	if n := len(regexp.MustCompile(`name="token"`).FindAllString(r.HTML, -1)); n != 1 {
		t.Errorf("%d links for one row's button", n)
	}
}

func TestSurveyDashboardCountsAnswers(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ctx := context.Background()
	id := mustCreateSurvey(t, a.srv, `{"kind":"personal"}`)
	mustInvite(t, a.srv, id, `{"municipality":"habo"}`)
	x, _, _ := a.srv.Snapshot(ctx, 2019)
	invited := len(x.UnitsIn("habo"))
	// Two personal answers at Försörjningsstöd in Habo (one submitted, one
	// draft), one draft at the integration unit.
	save := func(unit, key, status string) {
		t.Helper()
		if _, err := a.db.SaveResponse(ctx, survey.Response{ID: survey.HashToken(key), Year: 2019, Survey: id, Unit: unit, Status: status,
			Answer: survey.Answer{Ideas: "Fler gemensamma träffar."}}); err != nil {
			t.Fatal(err)
		}
	}
	save("habo-forsorjningsstod", "a", survey.Submitted)
	save("habo-forsorjningsstod", "b", survey.Draft)
	save("habo-integration", "c", survey.Draft)

	r := a.get("/editions/2019/enkater/" + id + "/svar")
	wantStatus(t, r, http.StatusOK)
	rate := swedishPercent(1, invited)
	wantText(t, r, "1 av "+strconv.Itoa(invited)+" inbjudna enheter har skickat in ("+rate+")", "med sammanlagt 1 inskickat svar")
	// Per municipality every unit serving Habo; per organisation the
	// municipality's own four (Enheter, Ej skickad, Skickad, Öppnad,
	// Påbörjad, Inskickad, Svarsfrekvens).
	if got := row(t, r, "Habo "+strconv.Itoa(invited)+" "); got != "Habo "+strconv.Itoa(invited)+" 0 "+strconv.Itoa(invited-2)+" 0 1 1 "+rate {
		t.Errorf("Habo's row: %q", got)
	}
	if got := row(t, r, "Habo kommun 4"); got != "Habo kommun 4 0 2 0 1 1 25 %" {
		t.Errorf("Habo kommun's row: %q", got)
	}
	if got := row(t, r, "Försörjningsstöd Habo kommun"); !strings.HasPrefix(got, "Försörjningsstöd Habo kommun Inskickad 1 1 ") {
		t.Errorf("the unit's row: %q (status, submitted, drafts)", got)
	}
	wantText(t, r, "Att påminna", "Integration och flyktingenheten/DUA (Habo kommun) – Påbörjad")
	remind := r.HTML[strings.Index(r.HTML, "Att påminna"):strings.Index(r.HTML, "Per kommun")]
	if strings.Contains(remind, "Försörjningsstöd") && strings.Contains(remind, "Habo kommun) – Inskickad") {
		t.Error("a unit that has answered is to be reminded")
	}
	if strings.Contains(remind, "Mullsjö") {
		t.Error("a unit never invited is to be reminded")
	}

	// A manager sees their own unit's row and nothing of the others.
	manager := token(t, a.db, kartlaggning.RoleManager, "habo-forsorjningsstod")
	rec := do(t, a.srv, http.MethodGet, "/editions/2019/enkater/"+id+"/svar", nil, "Authorization", "Bearer "+manager)
	if rec.Code != http.StatusOK {
		t.Fatalf("manager: %d", rec.Code)
	}
	page := visible(rec.Body.String())
	if !strings.Contains(page, "Försörjningsstöd") || strings.Contains(page, "Integration och flyktingenheten") || strings.Contains(page, "Per kommun") {
		t.Errorf("a manager sees: %.1500s", page)
	}
	reader := token(t, a.db, kartlaggning.RoleReader)
	if rec := do(t, a.srv, http.MethodGet, "/editions/2019/enkater/"+id+"/svar", nil, "Authorization", "Bearer "+reader); rec.Code != http.StatusForbidden {
		t.Errorf("reader: %d", rec.Code)
	}
}

// swedishPercent writes a share the way the dashboard does: "33 %".
func swedishPercent(n, of int) string {
	return strconv.Itoa(int(float64(n)/float64(of)*100+0.5)) + " %"
}

func TestSurveyReopenChefAnswer(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ctx := context.Background()
	id := mustCreateSurvey(t, a.srv, `{"kind":"chef"}`)
	mustInvite(t, a.srv, id, `{"units":["habo-forsorjningsstod"]}`)
	saved, err := a.db.SaveResponse(ctx, survey.Response{Year: 2019, Survey: id, Unit: "habo-forsorjningsstod", Status: survey.Submitted,
		Answer: survey.Answer{WorksWell: "Samarbetet med Arbetsförmedlingen."}})
	if err != nil {
		t.Fatal(err)
	}
	dash := "/editions/2019/enkater/" + id + "/svar"
	r := a.get(dash)
	if !strings.Contains(r.HTML, `formaction="`+dash+`/habo-forsorjningsstod/oppna-igen"`) {
		t.Fatal("no Öppna igen for a submitted chef answer")
	}
	r = a.follow(a.post(dash+"/habo-forsorjningsstod/oppna-igen", url.Values{}))
	wantText(t, r, "Svaret från Försörjningsstöd är öppnat igen")
	if got, _ := a.db.Response(ctx, 2019, saved.ID); got.Status != survey.Draft || got.Answer.WorksWell == "" {
		t.Errorf("after reopening: %+v", got)
	}
	if r := a.post(dash+"/habo-forsorjningsstod/oppna-igen", url.Values{}); r.Status != http.StatusNotFound {
		t.Errorf("reopening a draft: %d", r.Status)
	}
	personal := mustCreateSurvey(t, a.srv, `{"kind":"personal"}`)
	if r := a.post("/editions/2019/enkater/"+personal+"/svar/habo-forsorjningsstod/oppna-igen", url.Values{}); r.Status != http.StatusConflict {
		t.Errorf("reopening an anonymous answer: %d", r.Status)
	}
}
