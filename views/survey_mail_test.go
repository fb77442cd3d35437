package views_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/http/httptest"
	netmail "net/mail"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
	"github.com/kartlaggning/kartlaggning/views"
	"github.com/kartlaggning/kartlaggning/views/mail"
	"github.com/kartlaggning/kartlaggning/views/mail/mailtest"
)

func withMailer(m mail.Mailer) option { return func(c *views.Config) { c.Mailer = m } }

// muteMailer mails through a server that accepts connections and never
// answers: each mail ends at the mailer's timeout.
func muteMailer(t *testing.T, timeout string) *mail.SMTP {
	t.Helper()
	mute, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mute.Close() })
	go func() {
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			c, err := mute.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	m, err := mail.Parse("smtp://" + mute.Addr().String() + "?from=kartlaggning@sodravatterbygden.se&timeout=" + timeout)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// mailServer starts a real SMTP server and a mailer that sends to it.
func mailServer(t *testing.T) (*mailtest.Server, *mail.SMTP) {
	t.Helper()
	ms := mailtest.Start(t, mailtest.Options{})
	m, err := mail.Parse(ms.URL("kartlaggning@sodravatterbygden.se"))
	if err != nil {
		t.Fatal(err)
	}
	return ms, m
}

// closesIn is a closing day n days from now, as the API takes it.
func closesIn(n int) string { return time.Now().AddDate(0, 0, n).Format("2006-01-02") }

// mailSurvey creates an enkät of a kind through the API and returns its id.
func mailSurvey(tb testing.TB, srv http.Handler, kind, closes string) string {
	tb.Helper()
	return mustCreateSurvey(tb, srv, fmt.Sprintf(`{"kind": %q, "closes": %q}`, kind, closes))
}

type mailReportBody struct {
	Sent, Failed, Skipped []struct {
		Unit, Name, Email, Expires, Error string
	}
}

func mailReportOf(t *testing.T, rec interface {
	Result() *http.Response
}) mailReportBody {
	t.Helper()
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	var r mailReportBody
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return r
}

// letter is one received mail, decoded as a mail client shows it.
type letter struct {
	To, Subject, Body, Link string
}

var linkPattern = regexp.MustCompile(`http://[^\s]+/enkat/[^\s]+`)

func readLetter(t *testing.T, r mailtest.Received) letter {
	t.Helper()
	m, err := netmail.ReadMessage(bytes.NewReader(r.Data))
	if err != nil {
		t.Fatalf("%v\n%s", err, r.Data)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	if ct := m.Header.Get("Content-Type"); !strings.Contains(ct, "utf-8") {
		t.Errorf("Content-Type %q", ct)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(m.Body))
	if err != nil {
		t.Fatal(err)
	}
	l := letter{To: m.Header.Get("To"), Subject: subject, Body: strings.ReplaceAll(string(body), "\r\n", "\n")}
	l.Link = linkPattern.FindString(l.Body)
	return l
}

func letterTo(t *testing.T, got []mailtest.Received, to string) letter {
	t.Helper()
	for _, r := range got {
		if len(r.To) == 1 && r.To[0] == to {
			return readLetter(t, r)
		}
	}
	t.Fatalf("no mail to %s among %d", to, len(got))
	return letter{}
}

// tokenHash is the store's key of a link's token (survey.Invitation.Hash).
func tokenHash(token string) string { return survey.HashToken(token) }

func TestMailInvitationsThroughARealSMTPServer(t *testing.T) {
	ms, m := mailServer(t)
	srv, db := MustServe(t, withMailer(m))
	closes := closesIn(30)
	id := mailSurvey(t, srv, survey.Chef, closes)

	rec := do(t, srv, "POST", "/api/v1/editions/2019/surveys/"+id+"/invitations/mail", []byte(`{
		"units": ["mullsjo-forsorjningsstod", "habo-integration"],
		"emails": {"mullsjo-forsorjningsstod": "forsorjningsstod@mullsjo.se", "habo-integration": " integration@habo.se "}}`))
	report := mailReportOf(t, rec)
	if len(report.Sent) != 2 || len(report.Failed) != 0 {
		t.Fatalf("report %+v", report)
	}
	got := ms.Wait(t, 2)
	l := letterTo(t, got, "forsorjningsstod@mullsjo.se")
	if l.Subject != "Enkät: Chefsenkät 2019 – Försörjningsstöd" {
		t.Errorf("subject %q", l.Subject)
	}
	closesText := dayInSwedish(t, closes)
	var sv survey.Survey
	if err := json.Unmarshal(do(t, srv, "GET", "/api/v1/editions/2019/surveys/"+id, nil).Body.Bytes(), &sv); err != nil || sv.Intro == "" {
		t.Fatalf("the survey: %v %+v", err, sv)
	}
	introStart, _, _ := strings.Cut(sv.Intro, "\n\n")
	for _, want := range []string{
		"Samordningsförbundet Södra Vätterbygden ber dig som är chef för Försörjningsstöd (Mullsjö kommun) att svara på enkäten ”Chefsenkät 2019”.",
		introStart, // the information sheet's first lines
		"Sista dag att svara är " + closesText + ".",
		"Länken är personlig för Försörjningsstöd",
		"Med vänliga hälsningar\nSamordningsförbundet Södra Vätterbygden",
	} {
		if !strings.Contains(l.Body, want) {
			t.Errorf("the letter does not say %q:\n%s", want, l.Body)
		}
	}
	if l.Link == "" {
		t.Fatalf("no link in the letter:\n%s", l.Body)
	}
	// The link is the unit's own: its token's hash finds the unit's
	// invitation, which remembers the address and the sending.
	inv, err := db.InvitationByHash(context.Background(), tokenHash(tokenOf(t, l.Link)))
	if err != nil {
		t.Fatalf("the mailed link is not an invitation: %v", err)
	}
	if inv.Unit != "mullsjo-forsorjningsstod" || inv.Survey != id || inv.Email != "forsorjningsstod@mullsjo.se" || inv.Sent.IsZero() || inv.Revoked {
		t.Errorf("invitation %+v", inv)
	}
	if !survey.Usable(inv, time.Now()) || inv.Expires != closes {
		t.Errorf("the link does not work until the closing day: %+v", inv)
	}
	habo := letterTo(t, got, "integration@habo.se")
	if habo.Link == l.Link || !strings.Contains(habo.Body, "chef för Integration och flyktingenheten/DUA (Habo kommun)") {
		t.Errorf("the Habo letter:\n%s", habo.Body)
	}
	// The invitations list says they were sent.
	rec = do(t, srv, "GET", "/api/v1/editions/2019/surveys/"+id+"/invitations", nil)
	var statuses []struct {
		Unit string
		Sent time.Time
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &statuses); err != nil || len(statuses) != 2 {
		t.Fatalf("%v %s", err, rec.Body)
	}
	for _, st := range statuses {
		if st.Sent.IsZero() {
			t.Errorf("%s: not marked as sent", st.Unit)
		}
	}
}

// dayInSwedish writes a YYYY-MM-DD day as the letters do.
func dayInSwedish(t *testing.T, day string) string {
	t.Helper()
	d, err := time.Parse("2006-01-02", day)
	if err != nil {
		t.Fatal(err)
	}
	return survey.SwedishDate(d)
}

func TestRemindReissuesOnlyToUnitsThatHaveNotAnswered(t *testing.T) {
	ms, m := mailServer(t)
	srv, db := MustServe(t, withMailer(m))
	id := mailSurvey(t, srv, survey.Chef, closesIn(20))
	base := "/api/v1/editions/2019/surveys/" + id + "/invitations"
	mailReportOf(t, do(t, srv, "POST", base+"/mail", []byte(`{"emails": {
		"mullsjo-forsorjningsstod": "a@mullsjo.se", "habo-integration": "b@habo.se", "habo-forsorjningsstod": "c@habo.se"}}`)))
	first := ms.Wait(t, 3)
	oldMullsjo := letterTo(t, first, "a@mullsjo.se").Link
	// A unit invited with a link only (no address) cannot be reminded by mail.
	if rec := do(t, srv, "POST", base, []byte(`{"units": ["vaggeryd-ame"]}`)); rec.Code != http.StatusCreated {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	// Habo's integration unit has answered.
	ctx := context.Background()
	if _, err := db.SaveResponse(ctx, survey.Response{Year: 2019, Survey: id, Unit: "habo-integration", Status: survey.Submitted,
		Answer: survey.Answer{WorksWell: "Samarbetet med Arbetsförmedlingen"}}); err != nil {
		t.Fatal(err)
	}
	// Habo's försörjningsstöd was stopped on purpose.
	if rec := do(t, srv, "DELETE", base+"/habo-forsorjningsstod", nil); rec.Code != http.StatusNoContent {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}

	report := mailReportOf(t, do(t, srv, "POST", base+"/remind", nil))
	if len(report.Sent) != 1 || report.Sent[0].Unit != "mullsjo-forsorjningsstod" || len(report.Failed) != 0 ||
		len(report.Skipped) != 1 || report.Skipped[0].Unit != "vaggeryd-ame" {
		t.Fatalf("report %+v", report)
	}
	all := ms.Wait(t, 4)
	if len(all) != 4 {
		t.Fatalf("%d mails, want the 3 invitations and 1 reminder", len(all))
	}
	rem := readLetter(t, all[3])
	if rem.To != "a@mullsjo.se" || !strings.HasPrefix(rem.Subject, "Påminnelse: Chefsenkät 2019") ||
		!strings.Contains(rem.Body, "den länk ni fick tidigare fungerar inte längre") {
		t.Errorf("reminder to %s %q:\n%s", rem.To, rem.Subject, rem.Body)
	}
	// The old link is dead, the new one works.
	if _, err := db.InvitationByHash(ctx, tokenHash(tokenOf(t, oldMullsjo))); kartlaggning.ErrorCode(err) != kartlaggning.ENOTFOUND {
		t.Errorf("the old link still finds an invitation: %v", err)
	}
	inv, err := db.InvitationByHash(ctx, tokenHash(tokenOf(t, rem.Link)))
	if err != nil || inv.Unit != "mullsjo-forsorjningsstod" || inv.Email != "a@mullsjo.se" || inv.Sent.IsZero() {
		t.Errorf("the reminder's link: %+v %v", inv, err)
	}
}

func TestMailToADeadServerNamesTheUnitAndKeepsTheOldLink(t *testing.T) {
	srv, db := MustServe(t, withMailer(muteMailer(t, "300ms")))
	id := mailSurvey(t, srv, survey.Chef, closesIn(30))
	base := "/api/v1/editions/2019/surveys/" + id + "/invitations"
	// Mullsjö already has a link, handed out by hand.
	rec := do(t, srv, "POST", base, []byte(`{"units": ["mullsjo-forsorjningsstod"]}`))
	var links []struct{ URL string }
	if err := json.Unmarshal(rec.Body.Bytes(), &links); err != nil || len(links) != 1 {
		t.Fatalf("%v %s", err, rec.Body)
	}

	start := time.Now()
	report := mailReportOf(t, do(t, srv, "POST", base+"/mail", []byte(`{"emails": {
		"mullsjo-forsorjningsstod": "a@mullsjo.se", "habo-integration": "b@habo.se"}}`)))
	took := time.Since(start)
	if took > 3*time.Second {
		t.Errorf("two mails to a mute server took %s", took)
	}
	if len(report.Sent) != 0 || len(report.Failed) != 2 {
		t.Fatalf("report %+v", report)
	}
	for _, f := range report.Failed {
		if !strings.Contains(f.Error, "svarade inte inom 300ms") || f.Name == "" || f.Email == "" {
			t.Errorf("failure of %s: %+v", f.Unit, f)
		}
	}
	ctx := context.Background()
	// Mullsjö keeps the link it had; Habo's undelivered link is revoked.
	inv, err := db.InvitationByHash(ctx, tokenHash(tokenOf(t, links[0].URL)))
	if err != nil || inv.Revoked || !survey.Usable(inv, time.Now()) {
		t.Errorf("Mullsjö's earlier link: %+v %v", inv, err)
	}
	invs, err := db.Invitations(ctx, 2019, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, inv := range invs {
		if inv.Unit == "habo-integration" && !inv.Revoked {
			t.Errorf("Habo's undelivered link still works: %+v", inv)
		}
		if !inv.Sent.IsZero() {
			t.Errorf("%s is marked as sent", inv.Unit)
		}
	}

	// A port where nothing listens: the error says so, at once.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := ln.Addr().String()
	ln.Close()
	m2, _ := mail.Parse("smtp://" + dead + "?from=kartlaggning@sodravatterbygden.se")
	srv2 := mustServer(t, db, withMailer(m2))
	report = mailReportOf(t, do(t, srv2, "POST", base+"/mail", []byte(`{"emails": {"mullsjo-forsorjningsstod": "a@mullsjo.se"}}`)))
	if len(report.Failed) != 1 || !strings.Contains(report.Failed[0].Error, "kunde inte ansluta till e-postservern "+dead) ||
		report.Failed[0].Name != "Försörjningsstöd" {
		t.Errorf("report %+v", report)
	}
}

func TestMailRefusesBadAddressesAndSendsNothing(t *testing.T) {
	ms, m := mailServer(t)
	srv, db := MustServe(t, withMailer(m))
	id := mailSurvey(t, srv, survey.Chef, closesIn(30))
	path := "/api/v1/editions/2019/surveys/" + id + "/invitations/mail"
	for _, tc := range []struct{ body, field string }{
		{`{"emails": {"mullsjo-forsorjningsstod": "a@mullsjo.se\r\nBcc: offer@example.se"}}`, "emails.mullsjo-forsorjningsstod"},
		{`{"emails": {"mullsjo-forsorjningsstod": "a@mullsjo.se, offer@example.se"}}`, "emails.mullsjo-forsorjningsstod"},
		{`{"emails": {"mullsjo-forsorjningsstod": ""}}`, "emails.mullsjo-forsorjningsstod"},
		{`{"units": ["mullsjo-forsorjningsstod"]}`, "emails.mullsjo-forsorjningsstod"},
		{`{"emails": {"finns-inte": "a@b.se"}}`, "emails.finns-inte"},
	} {
		rec := do(t, srv, "POST", path, []byte(tc.body))
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %s", tc.body, rec.Code, rec.Body)
			continue
		}
		found := false
		for _, f := range decodeError(t, rec).Error.Fields {
			found = found || f.Path == tc.field
		}
		if !found {
			t.Errorf("%s: no error on %s: %s", tc.body, tc.field, rec.Body)
		}
	}
	if n := len(ms.Messages()); n != 0 {
		t.Errorf("%d mails were sent", n)
	}
	if invs, _ := db.Invitations(context.Background(), 2019, id); len(invs) != 0 {
		t.Errorf("refused mailings made invitations: %+v", invs)
	}
}

func TestMailPage(t *testing.T) {
	ms, m := mailServer(t)
	srv, db := MustServe(t, withMailer(m))
	a := &app{t: t, db: db, srv: srv}
	id := mailSurvey(t, srv, survey.Personal, closesIn(30))
	page := "/editions/2019/enkater/" + id + "/epost"

	r := a.get(page)
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "Skicka enkäten med e-post", "Personalenkät 2019", "Skicka inbjudan till markerade enheter")
	if !strings.HasSuffix(row(t, r, "Försörjningsstöd (Mullsjö kommun)"), "–") {
		t.Errorf("row: %s", row(t, r, "Försörjningsstöd (Mullsjö kommun)"))
	}

	// A ticked unit without an address: the page again, the message beside
	// that unit's field, what was typed kept, and nothing sent.
	form := url.Values{"units": {"mullsjo-forsorjningsstod", "habo-integration"},
		"email-mullsjo-forsorjningsstod": {"personal@mullsjo.se"}, "email-habo-integration": {"inte en adress"}}
	r = a.post(page, form)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if msg := fieldError(r, "email-habo-integration"); !strings.Contains(msg, "Integration och flyktingenheten/DUA (Habo kommun)") || !strings.Contains(msg, "inte en e-postadress") {
		t.Errorf("the message beside Habo's field: %q", msg)
	}
	if !strings.Contains(r.HTML, `value="personal@mullsjo.se"`) || !strings.Contains(r.HTML, `value="inte en adress"`) {
		t.Error("the typed addresses are lost")
	}
	if len(ms.Messages()) != 0 {
		t.Fatal("a mail was sent")
	}

	form.Set("email-habo-integration", "personal@habo.se")
	r = a.follow(a.post(page, form))
	wantText(t, r, "2 inbjudningar skickades.")
	// The day it was mailed.
	if !strings.HasSuffix(row(t, r, "Försörjningsstöd (Mullsjö kommun)"), survey.SwedishDate(time.Now())) {
		t.Errorf("row: %s", row(t, r, "Försörjningsstöd (Mullsjö kommun)"))
	}
	l := letterTo(t, ms.Wait(t, 2), "personal@mullsjo.se")
	if !strings.Contains(l.Body, "ber er som arbetar på Försörjningsstöd (Mullsjö kommun)") || !strings.Contains(l.Body, "varje svar är anonymt") {
		t.Errorf("the personal's letter:\n%s", l.Body)
	}
	// The addresses stay for the reminder.
	r = a.get(page)
	wantText(t, r, "2 enheter har fått en inbjudan men inte skickat in något svar", "Skicka påminnelse med ny länk till 2 enheter", "den tidigare länken slutar fungera")
	r = a.follow(a.post("/editions/2019/enkater/"+id+"/paminn", url.Values{}))
	wantText(t, r, "2 påminnelser skickades.")
	if got := ms.Wait(t, 4); len(got) != 4 {
		t.Errorf("%d mails", len(got))
	}
}

func TestWithoutMailTheButtonsAreAbsent(t *testing.T) {
	srv, db := MustServe(t)
	a := &app{t: t, db: db, srv: srv}
	id := mailSurvey(t, srv, survey.Chef, closesIn(30))
	r := a.get("/editions/2019/enkater/" + id + "/epost")
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "E-post är inte inställd", "--smtp-url", "ladda ner dem som CSV")
	if strings.Contains(r.HTML, "<button") && strings.Contains(r.Text, "Skicka inbjudan") || strings.Contains(r.Text, "Skicka påminnelse") {
		t.Error("the page offers to send")
	}
	rec := do(t, srv, "POST", "/api/v1/editions/2019/surveys/"+id+"/invitations/mail", []byte(`{"emails": {"mullsjo-forsorjningsstod": "a@mullsjo.se"}}`))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "--smtp-url") {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
}

// BenchmarkMailAllUnits mails an invitation to every unit of the example
// edition (31) through a real SMTP server on localhost: issuing each
// link, sending it and recording the sending, one unit after another.
func BenchmarkMailAllUnits(b *testing.B) {
	ms := mailtest.Start(b, mailtest.Options{})
	m, err := mail.Parse(ms.URL("kartlaggning@sodravatterbygden.se"))
	if err != nil {
		b.Fatal(err)
	}
	srv, db := MustServe(b, withMailer(m))
	id := mailSurvey(b, srv, survey.Chef, closesIn(30))
	units, err := db.List(context.Background(), 2019, kartlaggning.Units)
	if err != nil {
		b.Fatal(err)
	}
	emails := map[string]string{}
	for _, u := range units {
		emails[u.Entity.EntityID()] = "chef." + u.Entity.EntityID() + "@example.se"
	}
	body, _ := json.Marshal(map[string]any{"emails": emails})
	b.ResetTimer()
	for range b.N {
		rec := do(b, srv, "POST", "/api/v1/editions/2019/surveys/"+id+"/invitations/mail", body)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"failed":[]`) {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*len(units)), "ms/mail")
}

// The mailed link opens the unit's own questionnaire, as a respondent
// without an account gets it. It needs the respondent's form (GET
// /enkat/:token), and skips, saying so, on a server without it.
func TestMailedLinkOpensTheUnitsQuestionnaire(t *testing.T) {
	ms, m := mailServer(t)
	srv, _ := MustServe(t, withMailer(m))
	served := false
	for _, r := range srv.Echo().Routes() {
		served = served || r.Method == http.MethodGet && r.Path == "/enkat/:token"
	}
	if !served {
		t.Skip("this server has no respondent's form (GET /enkat/:token) yet")
	}
	id := mailSurvey(t, srv, survey.Chef, closesIn(30))
	mailReportOf(t, do(t, srv, "POST", "/api/v1/editions/2019/surveys/"+id+"/invitations/mail",
		[]byte(`{"emails": {"mullsjo-forsorjningsstod": "a@mullsjo.se", "habo-integration": "b@habo.se"}}`)))
	l := letterTo(t, ms.Wait(t, 2), "a@mullsjo.se")
	u, err := url.Parse(l.Link)
	if err != nil {
		t.Fatal(err)
	}
	// Nobody signed in: the link is all the respondent has.
	rec := do(t, srv, "GET", u.Path, nil, "Authorization", "")
	text := visible(rec.Body.String())
	if rec.Code != http.StatusOK || !strings.Contains(text, "Försörjningsstöd") || strings.Contains(text, "Integration och flyktingenheten") {
		t.Fatalf("the mailed link answered %d: %.1500s", rec.Code, text)
	}
}

// Two editors pressing at once would give each unit two links, the first
// dead on arrival: while one mailing runs, another is told to wait.
func TestOneMailingAtATime(t *testing.T) {
	mute, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mute.Close() })
	accepted := make(chan net.Conn, 10)
	go func() {
		for {
			c, err := mute.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	m, err := mail.Parse("smtp://" + mute.Addr().String() + "?from=kartlaggning@sodravatterbygden.se&timeout=2s")
	if err != nil {
		t.Fatal(err)
	}
	srv, _ := MustServe(t, withMailer(m))
	id := mailSurvey(t, srv, survey.Chef, closesIn(30))
	path := "/api/v1/editions/2019/surveys/" + id + "/invitations/mail"
	first := make(chan *httptest.ResponseRecorder, 1)
	go func() {
		req := httptest.NewRequest("POST", path, strings.NewReader(`{"emails": {"mullsjo-forsorjningsstod": "a@mullsjo.se"}}`))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		asAdmin(srv).ServeHTTP(rec, req)
		first <- rec
	}()
	select {
	case c := <-accepted: // the first mailing is talking to the server
		defer c.Close()
	case <-time.After(5 * time.Second):
		t.Fatal("the first mailing never reached the server")
	}
	rec := do(t, srv, "POST", path, []byte(`{"emails": {"habo-integration": "b@habo.se"}}`))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "Ett annat utskick pågår") {
		t.Errorf("a second mailing meanwhile: %d %s", rec.Code, rec.Body)
	}
	if r := mailReportOf(t, <-first); len(r.Failed) != 1 {
		t.Errorf("the first mailing: %+v", r)
	}
	// Once it is over, the next may start.
	go func() {
		for c := range accepted {
			c.Close()
		}
	}()
	if r := mailReportOf(t, do(t, srv, "POST", path, []byte(`{"emails": {"habo-integration": "b@habo.se"}}`))); len(r.Failed) != 1 {
		t.Errorf("a later mailing: %+v", r)
	}
}

// The summary of a mailing that failed for many units still fits in the
// flash cookie (4 KiB, URL-escaped), so the editor is told.
func TestMailSummaryFitsInACookie(t *testing.T) {
	failed := make([]views.MailResult, 300)
	for i := range failed {
		failed[i] = views.MailResult{Unit: fmt.Sprint("enhet-", i), Name: "Försörjningsstöd och ärendehantering för långtidsarbetslösa",
			Email: "försörjningsstöd@mullsjö.se", Error: "Brevet kunde inte skickas: e-postservern svarade inte inom 30 s. Den tidigare länken gäller fortfarande."}
	}
	msg := views.MailSummary(failed)
	if n := len(url.QueryEscape(msg)); n > 3800 {
		t.Errorf("the flash is %d bytes escaped", n)
	}
	if !strings.Contains(msg, "300 kunde inte skickas") || !strings.Contains(msg, "och 29") && !strings.Contains(msg, "… och") {
		t.Errorf("summary %q", msg)
	}
}

// A mailing ends at its deadline however slow the server: the units not
// yet reached are reported, their links untouched.
func TestMailingEndsAtItsDeadline(t *testing.T) {
	srv, db := MustServe(t, withMailer(muteMailer(t, "400ms")))
	views.SetMailTimeout(srv, 600*time.Millisecond)
	id := mailSurvey(t, srv, survey.Chef, closesIn(30))
	start := time.Now()
	report := mailReportOf(t, do(t, srv, "POST", "/api/v1/editions/2019/surveys/"+id+"/invitations/mail", []byte(`{"emails": {
		"habo-forsorjningsstod": "a@habo.se", "habo-integration": "b@habo.se", "mullsjo-forsorjningsstod": "c@mullsjo.se", "vaggeryd-ame": "d@vaggeryd.se"}}`)))
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the mailing took %s, past its deadline of 600ms", took)
	}
	if len(report.Sent) != 0 || len(report.Failed) != 4 {
		t.Fatalf("report %+v", report)
	}
	late := 0
	for _, f := range report.Failed {
		if strings.Contains(f.Error, "Skickades inte: ett utskick får ta högst 600ms") {
			late++
		}
	}
	if late < 2 {
		t.Errorf("%d units reported as not reached: %+v", late, report.Failed)
	}
	// No unit is left with a link nobody got.
	invs, _ := db.Invitations(context.Background(), 2019, id)
	for _, inv := range invs {
		if survey.Usable(inv, time.Now()) {
			t.Errorf("%s has a working link that was never mailed", inv.Unit)
		}
	}
}
