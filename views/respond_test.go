package views_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
	"github.com/kartlaggning/kartlaggning/store"
	"github.com/kartlaggning/kartlaggning/views"
)

// The unit of the example edition the tests answer for, and forums the
// edition says it takes part in.
const (
	respondUnit  = "mullsjo-forsorjningsstod"
	respondForum = "ARENA Mullsjö"
)

// mustSurvey stores a questionnaire of the kind in the example edition,
// with one question of the editor's own.
func mustSurvey(tb testing.TB, db *store.DB, kind string, ratings bool) survey.Survey {
	tb.Helper()
	sv := survey.New(kind, 2019, time.Now().AddDate(0, 1, 0))
	sv.Ratings = ratings
	sv.Questions = []survey.Question{{ID: "egen-fraga", Text: "Vad mer vill du berätta?"}}
	got, err := db.CreateSurvey(context.Background(), 2019, sv)
	if err != nil {
		tb.Fatal(err)
	}
	return got
}

// inviteLink makes an invitation to the survey for the unit and returns
// its link's token; expires is its last day.
func inviteLink(tb testing.TB, db *store.DB, sv survey.Survey, unit string, expires time.Time) string {
	tb.Helper()
	token, hash, err := survey.NewToken()
	if err != nil {
		tb.Fatal(err)
	}
	inv := survey.Invitation{Year: 2019, Survey: sv.ID, Unit: unit, Hash: hash, Expires: expires.Format(time.DateOnly), Created: time.Now()}
	if err := db.Invite(context.Background(), []survey.Invitation{inv}); err != nil {
		tb.Fatal(err)
	}
	return token
}

// serveRespondent serves the example edition with an enkät of the kind
// (asking for ratings or not), the respondent's unit invited for a month
// and the server generous with its rate limits; link is the unit's.
func serveRespondent(tb testing.TB, kind string, ratings bool) (srv *views.Server, db *store.DB, sv survey.Survey, link string) {
	tb.Helper()
	srv, db = MustServe(tb)
	generous(srv)
	sv = mustSurvey(tb, db, kind, ratings)
	return srv, db, sv, "/enkat/" + inviteLink(tb, db, sv, respondUnit, nextMonth())
}

func nextMonth() time.Time { return time.Now().AddDate(0, 1, 0) }

// respondent sends a request as a respondent's browser does: no account,
// from the page itself (Sec-Fetch-Site), from its own address.
func respondent(tb testing.TB, h http.Handler, method, target, contentType, body string, header ...string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if method == http.MethodPost {
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "RemoteAddr" {
			req.RemoteAddr = header[i+1]
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

const formType = "application/x-www-form-urlencoded"

// responsesOf returns the survey's stored answers.
func responsesOf(tb testing.TB, db *store.DB, sv survey.Survey) []survey.Response {
	tb.Helper()
	rs, err := db.Responses(context.Background(), 2019, sv.ID)
	if err != nil {
		tb.Fatal(err)
	}
	return rs
}

// generous lets the tests send more than a person would.
func generous(srv *views.Server) {
	l := auth.Limits{Window: time.Nanosecond, MaxRecords: 1 << 20}
	views.SetLinkLimits(srv, l, l)
}

func TestRespondChefForm(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	generous(srv)
	sv := mustSurvey(t, db, survey.Chef, true)
	token := inviteLink(t, db, sv, respondUnit, nextMonth())
	link := "/enkat/" + token

	rec := respondent(t, srv, "GET", link, "", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET the link: %d\n%s", rec.Code, rec.Body)
	}
	page := rec.Body.String()
	for _, want := range []string{"Försörjningsstöd", respondForum, "Stämmer detta fortfarande?", "Beskriv kort enhetens uppdrag.",
		"Samverkansnivå", "Känner till varandra", "Vad mer vill du berätta?", "Spara och fortsätt senare", "Skicka in",
		"Lägg till fler forum", `name="forums[5].name"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the form does not show %q", want)
		}
	}
	// Nothing of the edition beyond names: no navigation, no sign-in.
	for _, unwanted := range []string{"/editions/2019", "Logga in", "Kommuner</a>"} {
		if strings.Contains(page, unwanted) {
			t.Errorf("the respondent's page shows %q", unwanted)
		}
	}
	if got := rec.Header().Get("Referrer-Policy"); got != "no-referrer" {
		t.Errorf("Referrer-Policy %q", got)
	}
	if got := rec.Header().Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control %q", got)
	}
	invs, err := db.Invitations(context.Background(), 2019, sv.ID)
	if err != nil || len(invs) != 1 || invs[0].Opened.IsZero() {
		t.Errorf("the first GET did not mark the link opened: %+v %v", invs, err)
	}

	// A draft: the prefilled forums, a forum added by name, and a text.
	form := url.Values{"action": {"save"}, "forums_rows": {"7"}, "wishes_rows": {"2"},
		"description": {"Vi ger försörjningsstöd.\n\nOch råd."}, "target_groups": {"Unga vuxna\nNyanlända"},
		"forums[0].forum": {"arena-mullsjo"}, "forums[0].still": {"ja"}, "forums[0].kind": {"arena"}, "forums[0].level": {"operativ"},
		"forums[0].frequency.choice": {"1 gång per månad"}, "forums[0].parties": {"af", "fk"},
		"forums[5].name":    {"Nätverket för ekonomi"},
		"ratings[af].level": {"3"}, "ratings[af].value": {"4"}, "custom.egen-fraga": {"Inget mer."}}
	rec = respondent(t, srv, "POST", link, formType, form.Encode())
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != link {
		t.Fatalf("saving a draft: %d %q\n%s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	rs := responsesOf(t, db, sv)
	if len(rs) != 1 || rs[0].Status != survey.Draft || rs[0].Unit != respondUnit {
		t.Fatalf("stored after a draft: %+v", rs)
	}
	a := rs[0].Answer
	if a.Description != "Vi ger försörjningsstöd.\n\nOch råd." || len(a.TargetGroups) != 2 || len(a.Forums) != 2 ||
		a.Forums[0].Frequency == nil || *a.Forums[0].Frequency.Min != 12 || a.Forums[1].Name != "Nätverket för ekonomi" ||
		len(a.Ratings) != 1 || a.Ratings[0].Level != 3 || a.Custom["egen-fraga"] != "Inget mer." {
		t.Errorf("the stored draft: %+v", a)
	}

	// Coming back shows the draft as saved.
	page = respondent(t, srv, "GET", link, "", "").Body.String()
	for _, want := range []string{"Vi ger försörjningsstöd.", `value="Nätverket för ekonomi"`, `value="1 gång per månad" selected`} {
		if !strings.Contains(page, want) {
			t.Errorf("the draft shown again lacks %q", want)
		}
	}

	// Sending in a new forum without its kind and level: the form again,
	// everything typed kept, the message beside the field, nothing saved.
	form.Set("action", "submit")
	form.Set("description", "Ändrad text som inte får sparas")
	rec = respondent(t, srv, "POST", link, formType, form.Encode())
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("sending in an incomplete answer: %d", rec.Code)
	}
	page = rec.Body.String()
	for _, want := range []string{"Välj vilken sorts forum det är.", `id="f-forums-1-kind-fel"`, "Ändrad text som inte får sparas",
		`value="Nätverket för ekonomi"`, `href="#f-forums-1-kind"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the refused answer's page lacks %q", want)
		}
	}
	if rs := responsesOf(t, db, sv); rs[0].Status != survey.Draft || rs[0].Answer.Description != a.Description {
		t.Errorf("a refused answer changed what was stored: %+v", rs[0])
	}

	// Complete, sent in, locked.
	form.Set("forums[5].kind", "natverk")
	form.Set("forums[5].level", "operativ")
	rec = respondent(t, srv, "POST", link, formType, form.Encode())
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("sending in: %d\n%s", rec.Code, rec.Body)
	}
	if rs := responsesOf(t, db, sv); rs[0].Status != survey.Submitted || rs[0].Answer.Description != "Ändrad text som inte får sparas" {
		t.Errorf("stored after sending in: %+v", rs[0])
	}
	page = respondent(t, srv, "GET", link, "", "", "Cookie", "flash="+url.QueryEscape("Tack! Ditt svar är inskickat.")).Body.String()
	for _, want := range []string{"Tack! Ditt svar är inskickat", "kan öppna svaret igen", "disabled", "Ändrad text som inte får sparas"} {
		if !strings.Contains(page, want) {
			t.Errorf("the receipt lacks %q", want)
		}
	}
	if strings.Contains(page, `value="submit"`) {
		t.Error("a sent-in answer still offers to send it")
	}
	form.Set("description", "Efter inskick")
	rec = respondent(t, srv, "POST", link, formType, form.Encode())
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "redan inskickat") {
		t.Errorf("changing a sent-in answer: %d", rec.Code)
	}
	if rs := responsesOf(t, db, sv); rs[0].Answer.Description != "Ändrad text som inte får sparas" {
		t.Errorf("a locked answer changed: %q", rs[0].Answer.Description)
	}

	// The förbund reopens it: the same link edits it again.
	if err := db.Reopen(context.Background(), 2019, responsesOf(t, db, sv)[0].ID); err != nil {
		t.Fatal(err)
	}
	page = respondent(t, srv, "GET", link, "", "").Body.String()
	if strings.Contains(page, "Tack! Ditt svar är inskickat") || !strings.Contains(page, `value="submit"`) {
		t.Error("a reopened answer is still shown locked")
	}
	form.Set("action", "save")
	if rec := respondent(t, srv, "POST", link, formType, form.Encode()); rec.Code != http.StatusSeeOther {
		t.Errorf("saving a reopened answer: %d", rec.Code)
	}
	if rs := responsesOf(t, db, sv); rs[0].Answer.Description != "Efter inskick" || rs[0].Status != survey.Draft {
		t.Errorf("the reopened answer as stored: %+v", rs[0])
	}
}

func TestRespondMoreForumRows(t *testing.T) {
	t.Parallel()
	srv, db, sv, link := serveRespondent(t, survey.Chef, false)
	form := url.Values{"action": {"more"}, "forums_rows": {"3"}, "forums[0].name": {"Mitt nya forum"}, "description": {"Kvar"}}
	rec := respondent(t, srv, "POST", link, formType, form.Encode())
	if rec.Code != http.StatusOK {
		t.Fatalf("more rows: %d", rec.Code)
	}
	page := rec.Body.String()
	// One row filled, two empty ones, three more.
	if !strings.Contains(page, `name="forums[5].name"`) || strings.Contains(page, `name="forums[6].name"`) ||
		!strings.Contains(page, `value="Mitt nya forum"`) || !strings.Contains(page, ">Kvar</textarea>") {
		t.Errorf("the form with more rows does not have six rows with the typed values")
	}
	if len(responsesOf(t, db, sv)) != 0 {
		t.Error("asking for more rows saved the answer")
	}
	if strings.Contains(page, "Samverkansnivå") {
		t.Error("a survey without ratings asks for them")
	}
}

func TestRespondPersonalJSON(t *testing.T) {
	t.Parallel()
	srv, db, sv, link := serveRespondent(t, survey.Personal, true)
	accept := []string{"Accept", "application/json"}

	rec := respondent(t, srv, "GET", link, "", "", accept...)
	var form struct {
		Survey struct {
			Kind      string        `json:"kind"`
			Questions []survey.Item `json:"questions"`
			Scale     []string      `json:"scale"`
		} `json:"survey"`
		Unit          struct{ Name string } `json:"unit"`
		Organisations []struct {
			ID    string `json:"id"`
			Party bool   `json:"party"`
		} `json:"organisations"`
		Response struct {
			Status string        `json:"status"`
			Answer survey.Answer `json:"answer"`
		} `json:"response"`
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &form) != nil {
		t.Fatalf("GET as JSON: %d %s", rec.Code, rec.Body)
	}
	if form.Survey.Kind != survey.Personal || len(form.Survey.Questions) != 5 || form.Unit.Name == "" ||
		len(form.Survey.Scale) != 4 || len(form.Organisations) != 26 || form.Response.Status != "" {
		t.Errorf("the questionnaire as JSON: %+v", form)
	}

	body := `{"answer":{"collaborations":[{"organisation":"fk","forms":["sip"],"works":3}],"obstacles":"Sekretessen."},"submit":false}`
	rec = respondent(t, srv, "POST", link, "application/json", body, accept...)
	var saved struct {
		Status, Utkast, URL string
	}
	if rec.Code != http.StatusCreated || json.Unmarshal(rec.Body.Bytes(), &saved) != nil || saved.Status != survey.Draft ||
		len(saved.Utkast) != 26 || saved.URL != link+"?utkast="+saved.Utkast {
		t.Fatalf("a personal draft: %d %s", rec.Code, rec.Body)
	}
	// A second respondent on the same link starts an answer of their own.
	rec = respondent(t, srv, "POST", link, "application/json", `{"answer":{"ideas":"Fler träffar."}}`, accept...)
	if rec.Code != http.StatusCreated {
		t.Fatalf("a second respondent: %d %s", rec.Code, rec.Body)
	}
	if rs := responsesOf(t, db, sv); len(rs) != 2 {
		t.Fatalf("%d answers stored, want 2", len(rs))
	}

	// The draft key finds the draft again; without it, nothing shows.
	rec = respondent(t, srv, "GET", saved.URL, "", "", accept...)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Sekretessen.") {
		t.Errorf("the draft by its key: %d %s", rec.Code, rec.Body)
	}
	if strings.Contains(respondent(t, srv, "GET", link, "", "", accept...).Body.String(), "Sekretessen.") {
		t.Error("the link without the key shows another respondent's draft")
	}

	// Invalid: a field-named Swedish message, nothing saved.
	rec = respondent(t, srv, "POST", saved.URL, "application/json",
		`{"answer":{"collaborations":[{"organisation":"fk","works":7}],"obstacles":"Ny"},"submit":true}`, accept...)
	if rec.Code != http.StatusUnprocessableEntity || decodeError(t, rec).Error.Fields[0].Path != "answer.collaborations[0].works" {
		t.Errorf("an invalid answer: %d %s", rec.Code, rec.Body)
	}
	rec = respondent(t, srv, "POST", saved.URL, "application/json",
		`{"answer":{"collaborations":[{"organisation":"finns-inte"}]}}`, accept...)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "answer.collaborations[0].organisation") {
		t.Errorf("an answer naming an unknown organisation: %d %s", rec.Code, rec.Body)
	}

	rec = respondent(t, srv, "POST", saved.URL, "application/json",
		`{"answer":{"collaborations":[{"organisation":"fk","forms":["sip","kontakter"],"works":4}],"obstacles":"Sekretessen."},"submit":true}`, accept...)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"status":"submitted"`) {
		t.Fatalf("sending in: %d %s", rec.Code, rec.Body)
	}
	rec = respondent(t, srv, "POST", saved.URL, "application/json", `{"answer":{"obstacles":"Efteråt"}}`, accept...)
	if rec.Code != http.StatusConflict {
		t.Errorf("changing a sent-in answer: %d %s", rec.Code, rec.Body)
	}
	var mine *survey.Response
	for _, r := range responsesOf(t, db, sv) {
		if r.Answer.Obstacles != "" {
			mine = &r
		}
	}
	if mine == nil || mine.Status != survey.Submitted || mine.Answer.Obstacles != "Sekretessen." || len(mine.Answer.Collaborations[0].Forms) != 2 {
		t.Errorf("the sent-in answer as stored: %+v", mine)
	}

	// The HTML side of a personal link: the anonymity promise and, after
	// a save, the address to bookmark.
	page := respondent(t, srv, "GET", link, "", "").Body.String()
	for _, want := range []string{"Ditt svar är anonymt", "minst 3 svar", "Försäkringskassan", "SIP (samordnad individuell plan)"} {
		if !strings.Contains(page, want) {
			t.Errorf("the personal form lacks %q", want)
		}
	}
	rec = respondent(t, srv, "POST", link, formType, url.Values{"action": {"save"}, "collaborations[af].works": {"2"}}.Encode())
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, link+"?utkast=") {
		t.Fatalf("a personal draft from the form: %d %q", rec.Code, loc)
	}
	page = respondent(t, srv, "GET", loc, "", "").Body.String()
	if !strings.Contains(page, "Spara den här adressen") || !strings.Contains(page, `href="`+loc+`"`) ||
		!strings.Contains(page, `value="2" checked`) {
		t.Errorf("the draft page does not offer its address to bookmark, or lost the answer")
	}
}

// Every link that does not work gets the same answer, byte for byte:
// nothing tells a guesser whether a token exists.
func TestRespondNotFoundIsTheSame(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	generous(srv)
	chef := mustSurvey(t, db, survey.Chef, false)
	personal := mustSurvey(t, db, survey.Personal, false)
	revoked := inviteLink(t, db, chef, "habo-integration", nextMonth())
	if err := db.Revoke(context.Background(), 2019, chef.ID, "habo-integration"); err != nil {
		t.Fatal(err)
	}
	expired := inviteLink(t, db, chef, "habo-ungdomscoach", time.Now().AddDate(0, 0, -2))
	unknown, _, _ := survey.NewToken()
	// A personal answer's draft key works only with its own unit's link.
	other := inviteLink(t, db, personal, "habo-forsorjningsstod", nextMonth())
	rec := respondent(t, srv, "POST", "/enkat/"+other, "application/json", `{"answer":{"ideas":"x"}}`)
	var saved struct{ Utkast string }
	if rec.Code != http.StatusCreated || json.Unmarshal(rec.Body.Bytes(), &saved) != nil {
		t.Fatalf("a draft on another unit's link: %d %s", rec.Code, rec.Body)
	}
	mine := inviteLink(t, db, personal, respondUnit, nextMonth())

	cases := map[string]string{
		"unknown":              "/enkat/" + unknown,
		"revoked":              "/enkat/" + revoked,
		"expired":              "/enkat/" + expired,
		"malformed":            "/enkat/" + strings.Repeat("x", 20),
		"malformed, long":      "/enkat/" + strings.Repeat("A", 400),
		"another unit's draft": "/enkat/" + mine + "?utkast=" + saved.Utkast,
		"a made-up draft":      "/enkat/" + mine + "?utkast=" + strings.Repeat("A", 26),
	}
	var first *httptest.ResponseRecorder
	var firstName string
	for name, path := range cases {
		rec := respondent(t, srv, "GET", path, "", "")
		if rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", name, rec.Code)
			continue
		}
		if first == nil {
			first, firstName = rec, name
			if !strings.Contains(rec.Body.String(), "Länken fungerar inte") || rec.Header().Get("Cache-Control") != "no-store" ||
				rec.Header().Get("Referrer-Policy") != "no-referrer" {
				t.Errorf("the 404 page: %v\n%s", rec.Header(), rec.Body)
			}
			continue
		}
		if rec.Body.String() != first.Body.String() {
			t.Errorf("%s and %s get different pages", name, firstName)
		}
		if fmt.Sprint(rec.Header()) != fmt.Sprint(first.Header()) {
			t.Errorf("%s and %s get different headers:\n%v\n%v", name, firstName, rec.Header(), first.Header())
		}
		// Posting to it is as much a 404, and saves nothing.
		if rec := respondent(t, srv, "POST", path, formType, "action=save&description=x"); rec.Code != http.StatusNotFound ||
			rec.Body.String() != first.Body.String() {
			t.Errorf("POST %s: %d", name, rec.Code)
		}
	}
	if rs := responsesOf(t, db, chef); len(rs) != 0 {
		t.Errorf("posts to links that do not work stored %d answers", len(rs))
	}
}

func TestRespondThrottle(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	sv := mustSurvey(t, db, survey.Chef, false)
	link := "/enkat/" + inviteLink(t, db, sv, respondUnit, nextMonth())

	// Guessing from one address: a few tries, then 429 with Retry-After,
	// for a real link too, and without looking anything up.
	refused := 0
	for i := 0; i < 8; i++ {
		guess, _, _ := survey.NewToken()
		rec := respondent(t, srv, "GET", "/enkat/"+guess, "", "", "RemoteAddr", "198.51.100.9:1234")
		if rec.Code == http.StatusTooManyRequests {
			refused = i
			if rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "För många försök") {
				t.Errorf("429 without Retry-After or a Swedish message: %v", rec.Header())
			}
			break
		}
	}
	if refused == 0 || refused > auth.MaxFailures {
		t.Fatalf("guesses were refused after %d tries", refused)
	}
	if rec := respondent(t, srv, "GET", link, "", "", "RemoteAddr", "198.51.100.9:1234"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("a guessing address still reaches a link: %d", rec.Code)
	}
	// Another address is not held up.
	if rec := respondent(t, srv, "GET", link, "", "", "RemoteAddr", "198.51.100.10:1234"); rec.Code != http.StatusOK {
		t.Errorf("another address: %d", rec.Code)
	}

	// One link used many times at once, from many addresses: refused
	// after a few in the same second.
	codes := map[int]int{}
	began := time.Now()
	for i := 0; i < 12; i++ {
		rec := respondent(t, srv, "GET", link, "", "", "RemoteAddr", fmt.Sprintf("203.0.113.%d:1000", i+1))
		codes[rec.Code]++
		if rec.Code == http.StatusTooManyRequests && rec.Header().Get("Retry-After") != "1" {
			t.Errorf("Retry-After %q for a link's rate", rec.Header().Get("Retry-After"))
		}
	}
	if took := time.Since(began); took > 900*time.Millisecond {
		t.Logf("twelve requests took %v, more than the link's window: %v", took, codes)
	} else if codes[http.StatusTooManyRequests] == 0 || codes[http.StatusOK] == 0 || codes[http.StatusOK] > auth.MaxFailures {
		t.Errorf("twelve requests of one link within a second: %v", codes)
	}
	// The rest does not depend on the machine's speed: the link rests an hour.
	views.SetLinkLimits(srv, auth.Limits{Window: time.Nanosecond, MaxRecords: 1 << 20}, auth.Limits{Window: time.Hour, MaxRecords: 1 << 20})
	for i := 0; i < auth.MaxFailures; i++ {
		respondent(t, srv, "GET", link, "", "", "RemoteAddr", "203.0.113.98:1000")
	}

	// A form sent while the link rests comes back with what was typed:
	// the browser would not keep it (the page is not cached).
	rec := respondent(t, srv, "POST", link, formType, url.Values{"action": {"submit"}, "description": {"Allt jag skrev"}}.Encode(),
		"RemoteAddr", "203.0.113.99:1000")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" ||
		!strings.Contains(rec.Body.String(), ">Allt jag skrev</textarea>") || !strings.Contains(rec.Body.String(), "Det du har skrivit finns kvar") {
		t.Errorf("a form sent to a resting link: %d", rec.Code)
	}
	if len(responsesOf(t, db, sv)) != 0 {
		t.Error("a form sent to a resting link was saved")
	}
}

// safeBuffer is a log the server writes to from its goroutines.
type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRespondTokenNotLogged(t *testing.T) {
	t.Parallel()
	var logs safeBuffer
	srv, db := MustServe(t, func(c *views.Config) { c.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	generous(srv)
	sv := mustSurvey(t, db, survey.Personal, false)
	token := inviteLink(t, db, sv, respondUnit, nextMonth())
	link := "/enkat/" + token
	respondent(t, srv, "GET", link, "", "")
	rec := respondent(t, srv, "POST", link, formType, "action=save&ideas=Mer+tid")
	loc := rec.Header().Get("Location")
	key := strings.TrimPrefix(loc, link+"?utkast=")
	if rec.Code != http.StatusSeeOther || key == loc {
		t.Fatalf("saving: %d %q", rec.Code, loc)
	}
	respondent(t, srv, "GET", loc+"&x=1", "", "")
	respondent(t, srv, "GET", "/%65nkat/"+token, "", "")
	respondent(t, srv, "GET", "/ENKAT/"+token+"?UTKAST="+key, "", "")
	respondent(t, srv, "POST", link+"?utkast="+key, "application/json", `{"answer":`) // malformed

	out := logs.String()
	if !strings.Contains(out, "uri=/enkat/…") {
		t.Fatalf("the requests were not logged, or not as /enkat/…:\n%s", out)
	}
	if strings.Contains(out, "remote=") {
		t.Errorf("the log has a respondent's address beside the time of an answer:\n%s", out)
	}
	for _, secret := range []string{token, key, survey.HashToken(token)[:16]} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds a secret %q:\n%s", secret, out)
		}
	}
}

func TestRespondRefusesOtherSites(t *testing.T) {
	t.Parallel()
	srv, db, sv, link := serveRespondent(t, survey.Chef, false)
	for name, header := range map[string][]string{
		"cross-site":   {"Sec-Fetch-Site", "cross-site"},
		"same-site":    {"Sec-Fetch-Site", "same-site"},
		"other origin": {"Sec-Fetch-Site", "", "Origin", "https://evil.example"},
	} {
		rec := respondent(t, srv, "POST", link, formType, "action=save&description=Planterat", header...)
		if rec.Code != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, rec.Code)
		}
	}
	if rs := responsesOf(t, db, sv); len(rs) != 0 {
		t.Errorf("a post from another site was stored: %+v", rs)
	}
	// A form may not stand in for JSON either, nor anything else.
	if rec := respondent(t, srv, "POST", link, "text/plain", `{"answer":{}}`); rec.Code != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain: %d", rec.Code)
	}
	big := "action=save&description=" + strings.Repeat("a", 300<<10)
	if rec := respondent(t, srv, "POST", link, formType, big); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 300 KiB answer: %d", rec.Code)
	}
	// Without Content-Length (chunked), the limit holds while reading.
	req := httptest.NewRequest("POST", link, io.MultiReader(strings.NewReader("action=save&description="), strings.NewReader(strings.Repeat("b", 300<<10))))
	req.ContentLength = -1
	req.Header.Set("Content-Type", formType)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a chunked 300 KiB answer: %d", rec.Code)
	}
	if rs := responsesOf(t, db, sv); len(rs) != 0 {
		t.Errorf("an over-large answer was stored")
	}
}

func TestSurveyPreview(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	sv := mustSurvey(t, db, survey.Chef, true)
	path := "/editions/2019/enkater/" + sv.ID + "/forhandsgranska"
	rec := do(t, srv, "GET", path+"?enhet="+respondUnit, nil)
	page := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(page, "Förhandsgranskning") || !strings.Contains(page, respondForum) ||
		!strings.Contains(page, "disabled") || strings.Contains(page, `value="submit"`) {
		t.Errorf("the preview: %d", rec.Code)
	}
	if !strings.Contains(page, `<option value="`+respondUnit+`" selected>`) || !strings.Contains(page, `href="/editions/2019/enkater/`+sv.ID+`"`) {
		t.Error("the preview does not offer its units and the way back")
	}
	if rec := do(t, srv, "GET", path, nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Enhetens namn") {
		t.Errorf("the preview without a unit: %d", rec.Code)
	}
	if rec := do(t, srv, "GET", "/editions/2019/enkater/finns-inte/forhandsgranska", nil); rec.Code != http.StatusNotFound {
		t.Errorf("the preview of no survey: %d", rec.Code)
	}
	reader := token(t, db, kartlaggning.RoleReader)
	if rec := do(t, srv, "GET", path, nil, "Authorization", "Bearer "+reader); rec.Code != http.StatusForbidden {
		t.Errorf("a reader previews: %d", rec.Code)
	}
	if len(responsesOf(t, db, sv)) != 0 {
		t.Error("the preview stored an answer")
	}
}

// Next year's chefsenkät starts from last year's answer: the chef
// confirms rather than writes again.
func TestRespondCarriesLastYear(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	generous(srv)
	ctx := context.Background()
	last := mustSurvey(t, db, survey.Chef, false)
	link := "/enkat/" + inviteLink(t, db, last, respondUnit, nextMonth())
	body := `{"answer":{"description":"Förra årets uppdrag.","forums":[` +
		`{"forum":"arena-mullsjo","still":"ja","kind":"arena","level":"operativ"},` +
		`{"forum":"asi-natverk","still":"nej"},` +
		`{"name":"Frukostmöte med polisen","kind":"natverk","level":"operativ"}]},"submit":true}`
	if rec := respondent(t, srv, "POST", link, "application/json", body); rec.Code != http.StatusCreated {
		t.Fatalf("last year's answer: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, srv, "POST", "/api/v1/editions/2019/next", nil); rec.Code != http.StatusCreated {
		t.Fatalf("next edition: %d %s", rec.Code, rec.Body)
	}
	sv := survey.New(survey.Chef, 2020, time.Now().AddDate(0, 1, 0))
	sv, err := db.CreateSurvey(ctx, 2020, sv)
	if err != nil {
		t.Fatal(err)
	}
	token, hash, _ := survey.NewToken()
	if err := db.Invite(ctx, []survey.Invitation{{Year: 2020, Survey: sv.ID, Unit: respondUnit, Hash: hash,
		Expires: nextMonth().Format(time.DateOnly), Created: time.Now()}}); err != nil {
		t.Fatal(err)
	}
	rec := respondent(t, srv, "GET", "/enkat/"+token, "", "", "Accept", "application/json")
	var got struct {
		Response struct{ Answer survey.Answer } `json:"response"`
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &got) != nil {
		t.Fatalf("this year's form: %d %s", rec.Code, rec.Body)
	}
	a := got.Response.Answer
	if a.Description != "Förra årets uppdrag." {
		t.Errorf("the uppdrag was not carried: %q", a.Description)
	}
	forums := map[string]survey.ForumAnswer{}
	for _, f := range a.Forums {
		forums[f.Forum+f.Name] = f
	}
	if f, ok := forums["arena-mullsjo"]; !ok || f.Still != "" {
		t.Errorf("a confirmed forum is not asked again: %+v", forums)
	}
	if _, ok := forums["Frukostmöte med polisen"]; !ok {
		t.Errorf("a forum named last year is not carried: %+v", forums)
	}
	// The unit said it had left the ASI network; the edition still has
	// it as a member (nobody has accepted the proposal), so it is
	// offered again from the edition, to be confirmed.
	if len(a.Forums) < 3 {
		t.Errorf("carried forums: %+v", a.Forums)
	}
	page := respondent(t, srv, "GET", "/enkat/"+token, "", "").Body.String()
	if !strings.Contains(page, "Förra årets uppdrag.") || !strings.Contains(page, `value="Frukostmöte med polisen"`) ||
		!strings.Contains(page, "Stämmer detta fortfarande?") {
		t.Error("the page does not start from last year's answer")
	}
}

// Guessing draft keys on a real link counts against the address as
// guessing links does.
func TestRespondThrottlesDraftKeys(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	sv := mustSurvey(t, db, survey.Personal, false)
	link := "/enkat/" + inviteLink(t, db, sv, respondUnit, nextMonth())
	for i := 0; i < 8; i++ {
		rec := respondent(t, srv, "GET", link+"?utkast="+strings.Repeat("A", 25)+string(rune('B'+i)), "", "", "RemoteAddr", "198.51.100.20:1234")
		if rec.Code == http.StatusTooManyRequests {
			if i > auth.MaxFailures {
				t.Errorf("refused only after %d wrong keys", i)
			}
			return
		}
		if rec.Code != http.StatusNotFound {
			t.Fatalf("a wrong draft key: %d", rec.Code)
		}
		time.Sleep(250 * time.Millisecond) // within the link's own rate
	}
	t.Error("wrong draft keys are never refused")
}

// A forum picked among the suggestions, by its name, is the edition's
// forum, not a new one of the same name.
func TestRespondNamesAnExistingForum(t *testing.T) {
	t.Parallel()
	srv, db, sv, link := serveRespondent(t, survey.Chef, false)
	page := respondent(t, srv, "GET", link, "", "").Body.String()
	if !strings.Contains(page, `<datalist id="forumnamn">`) || !strings.Contains(page, `<option value="Chefsnätverk inom försörjningsstöd">`) {
		t.Fatal("the form does not suggest the edition's forums")
	}
	form := url.Values{"action": {"save"}, "forums_rows": {"3"},
		"forums[0].name": {"chefsnätverk inom försörjningsstöd"}, "forums[1].name": {"Ett alldeles nytt forum"}}
	if rec := respondent(t, srv, "POST", link, formType, form.Encode()); rec.Code != http.StatusSeeOther {
		t.Fatalf("saving: %d %s", rec.Code, rec.Body)
	}
	rs := responsesOf(t, db, sv)
	if len(rs) != 1 || len(rs[0].Answer.Forums) != 2 {
		t.Fatalf("stored: %+v", rs)
	}
	if f := rs[0].Answer.Forums[0]; f.Forum != "chefsnatverk-forsorjningsstod" || f.Name != "" {
		t.Errorf("a suggested forum was stored as %+v", f)
	}
	if f := rs[0].Answer.Forums[1]; f.Forum != "" || f.Name != "Ett alldeles nytt forum" {
		t.Errorf("a new forum was stored as %+v", f)
	}
}
