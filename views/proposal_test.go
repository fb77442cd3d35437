package views_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/survey"
	"github.com/kartlaggning/kartlaggning/store"
	"github.com/kartlaggning/kartlaggning/views"
)

// proposalOut is a proposal as the API lists it.
type proposalOut struct {
	ID       string           `json:"id"`
	Unit     string           `json:"unit"`
	Response string           `json:"response"`
	Op       string           `json:"op"`
	Target   kartlaggning.Ref `json:"target"`
	Field    string           `json:"field"`
	Before   json.RawMessage  `json:"before"`
	After    json.RawMessage  `json:"after"`
	Match    string           `json:"match"`
	Status   string           `json:"status"`
	State    string           `json:"state"`
}

// mustChefSurvey makes a chef questionnaire in the example edition.
func mustChefSurvey(tb testing.TB, db *store.DB, title string) survey.Survey {
	tb.Helper()
	sv, err := db.CreateSurvey(context.Background(), 2019, survey.Survey{Kind: survey.Chef, Title: title, Closes: "2019-12-31"})
	if err != nil {
		tb.Fatal(err)
	}
	return sv
}

// mustSubmit stores a chef's submitted answer, as the respondent's form
// does when the chef presses "Skicka in".
func mustSubmit(tb testing.TB, db *store.DB, sv survey.Survey, unit string, a survey.Answer) survey.Response {
	tb.Helper()
	now := time.Now()
	r, err := db.SaveResponse(context.Background(), survey.Response{Year: 2019, Survey: sv.ID, Unit: unit, Status: survey.Submitted,
		Answer: a, Started: now, Updated: now, Submitted: now})
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// habosAnswer is the chef of Integration och flyktingenheten in Habo: the
// unit sits in Folkhälsorådet (not recorded), DUA's regional styrgrupp
// meets six times a year (recorded: four), a group named in free text
// that may be ARENA Habo by another name, and what works well.
func habosAnswer() survey.Answer {
	return survey.Answer{
		Forums: []survey.ForumAnswer{
			{Forum: "habo-folkhalsorad", Role: "ledamot"},
			{Forum: "dua-regional-styrgrupp", Frequency: &kartlaggning.Frequency{Min: intp(6), Max: intp(6), Text: "6 gånger per år"}},
			{Name: "ARENA-gruppen Habo", Kind: "arena", Level: "individ", Parties: []string{"af", "fk"}},
		},
		WorksWell: "Samarbetet med Arbetsförmedlingen i DUA fungerar bra.",
	}
}

func listProposals(tb testing.TB, h http.Handler, query string, header ...string) []proposalOut {
	tb.Helper()
	rec := do(tb, h, "GET", "/api/v1/editions/2019/proposals"+query, nil, header...)
	if rec.Code != http.StatusOK {
		tb.Fatalf("listing proposals: %d %s", rec.Code, rec.Body)
	}
	var out []proposalOut
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		tb.Fatal(err)
	}
	return out
}

func findOp(list []proposalOut, op string) proposalOut {
	for _, p := range list {
		if p.Op == op {
			return p
		}
	}
	return proposalOut{}
}

func forumOf(tb testing.TB, db *store.DB, id string) *kartlaggning.Forum {
	tb.Helper()
	v, err := db.Get(context.Background(), 2019, kartlaggning.Forums, id)
	if err != nil {
		tb.Fatal(err)
	}
	return v.Entity.(*kartlaggning.Forum)
}

func hasMember(f *kartlaggning.Forum, unit string) bool {
	return slices.ContainsFunc(f.Members, func(m kartlaggning.Member) bool { return m.Unit == unit })
}

// A chef's answer becomes proposals; accepting one writes it through the
// store with the answer named in the change log; a proposal whose target
// changed since is refused and nothing is written; accept-all reports
// each; rejecting leaves the edition as it was.
func TestProposalsAPI(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	ctx := context.Background()
	sv := mustChefSurvey(t, db, "Chefsenkät 2019")
	mustSubmit(t, db, sv, "habo-integration", habosAnswer())

	list := listProposals(t, srv, "")
	ops := map[string]proposalOut{}
	for _, p := range list {
		if p.Unit != "habo-integration" || p.Status != survey.Open || p.State != "applicable" {
			t.Errorf("proposal %s %s: unit %q status %q state %q", p.Op, p.Target.ID, p.Unit, p.Status, p.State)
		}
		key := p.Op + " " + p.Target.ID
		if p.Op == survey.OpSetUnitField {
			key = p.Op + " " + p.Field
		}
		ops[key] = p
	}
	for _, want := range []string{"add-member habo-folkhalsorad", "set-frequency dua-regional-styrgrupp", "set-unit-field works_well"} {
		if _, ok := ops[want]; !ok {
			t.Errorf("no proposal %q among %v", want, keys(ops))
		}
	}
	newForum := findOp(list, survey.OpAddForum)
	if newForum.ID == "" || newForum.Match != "arena-habo" {
		t.Errorf("the free-text forum: %+v, want a new forum matched to arena-habo", newForum)
	}
	if again := listProposals(t, srv, ""); len(again) != len(list) {
		t.Errorf("reading again gives %d proposals, was %d", len(again), len(list))
	}

	// Accepting the membership writes it, with the answer as the source.
	member := ops["add-member habo-folkhalsorad"]
	rec := do(t, srv, "POST", "/api/v1/editions/2019/proposals/"+member.ID+"/accept", nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"status":"accepted"`) {
		t.Fatalf("accepting the membership: %d %s", rec.Code, rec.Body)
	}
	if f := forumOf(t, db, "habo-folkhalsorad"); !hasMember(f, "habo-integration") {
		t.Errorf("Folkhälsorådet's members after accepting: %+v", f.Members)
	}
	log, err := db.History(ctx, 2019, kartlaggning.HistoryFilter{Kind: kartlaggning.Forums, ID: "habo-folkhalsorad"})
	if err != nil || len(log) == 0 {
		t.Fatalf("Folkhälsorådet's change log: %v %v", log, err)
	}
	if want := "enkätsvar: Chefsenkät 2019, Integration och flyktingenheten/DUA"; log[0].Source != want || log[0].Action != "update" {
		t.Errorf("the change log entry: %s by %q from %q, want the source %q", log[0].Action, log[0].Actor, log[0].Source, want)
	}
	if rec := do(t, srv, "POST", "/api/v1/editions/2019/proposals/"+member.ID+"/accept", nil); rec.Code != http.StatusConflict {
		t.Errorf("accepting twice: %d, want 409", rec.Code)
	}

	// The editor changes the frequency by hand; the answer's frequency is
	// then a conflict, and accepting it writes nothing.
	fv, _ := db.Get(ctx, 2019, kartlaggning.Forums, "dua-regional-styrgrupp")
	f := fv.Entity.(*kartlaggning.Forum)
	f.Frequency = &kartlaggning.Frequency{Min: intp(10), Max: intp(10), Text: "varje månad utom sommaren"}
	body, _ := json.Marshal(f)
	if rec := do(t, srv, "PUT", "/api/v1/editions/2019/forums/dua-regional-styrgrupp", body); rec.Code != http.StatusOK {
		t.Fatalf("editing the forum: %d %s", rec.Code, rec.Body)
	}
	freq := ops["set-frequency dua-regional-styrgrupp"]
	if st := findID(listProposals(t, srv, ""), freq.ID).State; st != "conflict" {
		t.Errorf("the frequency's state after the edit: %q, want conflict", st)
	}
	rec = do(t, srv, "POST", "/api/v1/editions/2019/proposals/"+freq.ID+"/accept", nil)
	if rec.Code != http.StatusConflict || !strings.Contains(decodeError(t, rec).Error.Message, "Ändrat sedan svaret kom in") {
		t.Errorf("accepting the conflict: %d %s", rec.Code, rec.Body)
	}
	if got := forumOf(t, db, "dua-regional-styrgrupp").Frequency; got == nil || got.Text != "varje månad utom sommaren" {
		t.Errorf("the frequency after the refused proposal: %+v", got)
	}

	// Accept-all: the text is accepted, the conflict and an unknown id
	// are reported.
	works := ops["set-unit-field works_well"]
	ids, _ := json.Marshal(map[string][]string{"ids": {works.ID, freq.ID, "finns-inte"}})
	rec = do(t, srv, "POST", "/api/v1/editions/2019/proposals/accept", ids)
	var res struct {
		Accepted []string `json:"accepted"`
		Refused  []struct{ ID, Code, Message string }
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &res) != nil {
		t.Fatalf("accepting a list: %d %s", rec.Code, rec.Body)
	}
	if !slices.Equal(res.Accepted, []string{works.ID}) || len(res.Refused) != 2 || res.Refused[0].ID != freq.ID || res.Refused[0].Code != "conflict" {
		t.Errorf("accepting a list: %+v", res)
	}
	uv, _ := db.Get(ctx, 2019, kartlaggning.Units, "habo-integration")
	if u := uv.Entity.(*kartlaggning.Unit); u.WorksWell != "Samarbetet med Arbetsförmedlingen i DUA fungerar bra." {
		t.Errorf("works_well after accepting: %q", u.WorksWell)
	}

	// Rejecting the new forum creates nothing.
	before := len(exportJSON(t, srv, "2019"))
	if rec := do(t, srv, "POST", "/api/v1/editions/2019/proposals/"+newForum.ID+"/reject", nil); rec.Code != http.StatusOK {
		t.Fatalf("rejecting: %d %s", rec.Code, rec.Body)
	}
	if after := len(exportJSON(t, srv, "2019")); after != before {
		t.Errorf("the edition changed by a rejection: %d → %d bytes", before, after)
	}
	if p := findID(listProposals(t, srv, ""), newForum.ID); p.Status != survey.Rejected {
		t.Errorf("the rejected proposal: %+v", p)
	}
	if rec := do(t, srv, "POST", "/api/v1/editions/2019/proposals/finns-inte/reject", nil); rec.Code != http.StatusNotFound {
		t.Errorf("rejecting an unknown proposal: %d", rec.Code)
	}
	if rec := do(t, srv, "POST", "/api/v1/editions/2019/proposals/accept", []byte(`{"ids": []}`)); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("accepting an empty list: %d", rec.Code)
	}
}

func findID(list []proposalOut, id string) proposalOut {
	for _, p := range list {
		if p.ID == id {
			return p
		}
	}
	return proposalOut{}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// A free-text forum accepted as the existing forum it resembles makes the
// unit a member of that forum, and no new forum.
func TestProposalAsMember(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	sv := mustChefSurvey(t, db, "Chefsenkät 2019")
	mustSubmit(t, db, sv, "habo-integration", survey.Answer{Forums: []survey.ForumAnswer{{Name: "ARENA-gruppen Habo", Kind: "arena", Level: "individ"}}})
	p := findOp(listProposals(t, srv, ""), survey.OpAddForum)
	if p.Match != "arena-habo" {
		t.Fatalf("the free-text forum: %+v", p)
	}
	forums := len(mustList(t, db, kartlaggning.Forums))
	if rec := do(t, srv, "POST", "/api/v1/editions/2019/proposals/"+p.ID+"/accept", []byte(`{"as_member_of": "finns-inte"}`)); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("as a member of an unknown forum: %d %s", rec.Code, rec.Body)
	}
	rec := do(t, srv, "POST", "/api/v1/editions/2019/proposals/"+p.ID+"/accept", []byte(`{"as_member_of": "arena-habo"}`))
	if rec.Code != http.StatusOK {
		t.Fatalf("accepting as ARENA Habo: %d %s", rec.Code, rec.Body)
	}
	if !hasMember(forumOf(t, db, "arena-habo"), "habo-integration") || len(mustList(t, db, kartlaggning.Forums)) != forums {
		t.Error("accepting as ARENA Habo did not make the unit a member, or made a forum")
	}
}

// serveHabosAnswer serves the example edition with a chef enkät that
// Habo integration has answered (habosAnswer), its proposals open.
func serveHabosAnswer(t *testing.T) (*views.Server, *store.DB, survey.Survey) {
	t.Helper()
	srv, db := MustServe(t)
	sv := mustChefSurvey(t, db, "Chefsenkät 2019")
	mustSubmit(t, db, sv, "habo-integration", habosAnswer())
	return srv, db, sv
}

func mustList(tb testing.TB, db *store.DB, k kartlaggning.Kind) []kartlaggning.Versioned {
	tb.Helper()
	list, err := db.List(context.Background(), 2019, k)
	if err != nil {
		tb.Fatal(err)
	}
	return list
}

// A published edition is locked: accepting and rejecting are refused
// with the Swedish message, and nothing is decided.
func TestProposalsPublishLock(t *testing.T) {
	t.Parallel()
	srv, db, _ := serveHabosAnswer(t)
	p := findOp(listProposals(t, srv, ""), survey.OpAddMember)
	if rec := do(t, srv, "POST", "/api/v1/editions/2019/publish", nil); rec.Code != http.StatusOK {
		t.Fatalf("publishing: %d %s", rec.Code, rec.Body)
	}
	for _, path := range []string{"/proposals/" + p.ID + "/accept", "/proposals/" + p.ID + "/reject"} {
		rec := do(t, srv, "POST", "/api/v1/editions/2019"+path, nil)
		if rec.Code != http.StatusConflict || !strings.Contains(decodeError(t, rec).Error.Message, "publicerad") {
			t.Errorf("%s on a published edition: %d %s", path, rec.Code, rec.Body)
		}
	}
	page := do(t, srv, "GET", "/editions/2019/forslag", nil).Body.String()
	if !strings.Contains(page, "Folkhälsorådet i Habo") || strings.Contains(page, "/godkann") || strings.Contains(page, "/avvisa") {
		t.Error("the page of a published edition lacks the proposals or offers to decide them")
	}
	form := url.Values{"enhet": {"habo-integration"}}
	if rec := do(t, srv, "POST", "/editions/2019/forslag/"+p.ID+"/godkann", []byte(form.Encode()), "Content-Type", "application/x-www-form-urlencoded",
		"Sec-Fetch-Site", "same-origin"); rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "publicerad") {
		t.Errorf("the page's accept on a published edition: %d", rec.Code)
	}
	ids, _ := json.Marshal(map[string][]string{"ids": {p.ID}})
	if rec := do(t, srv, "POST", "/api/v1/editions/2019/proposals/accept", ids); rec.Code != http.StatusConflict {
		t.Errorf("accepting a list on a published edition: %d", rec.Code)
	}
	if hasMember(forumOf(t, db, "habo-folkhalsorad"), "habo-integration") {
		t.Error("a published edition was changed")
	}
	if st := findID(listProposals(t, srv, ""), p.ID).Status; st != survey.Open {
		t.Errorf("the proposal after the refusals: %q, want open", st)
	}
}

// Managers read their own units' proposals and decide nothing; readers
// see none; nobody signed in is asked to.
func TestProposalsAccess(t *testing.T) {
	t.Parallel()
	srv, db, sv := serveHabosAnswer(t)
	mustSubmit(t, db, sv, "vaggeryd-ame", survey.Answer{WorksWell: "Mötesplatsen fungerar bra."})
	all := listProposals(t, srv, "")
	if units := unitsOf(all); !slices.Equal(units, []string{"habo-integration", "vaggeryd-ame"}) {
		t.Fatalf("the editor sees proposals of %v", units)
	}
	if units := unitsOf(listProposals(t, srv, "?unit=vaggeryd-ame")); !slices.Equal(units, []string{"vaggeryd-ame"}) {
		t.Errorf("?unit=vaggeryd-ame lists %v", units)
	}

	manager := "Bearer " + token(t, db, kartlaggning.RoleManager, "habo-integration")
	if units := unitsOf(listProposals(t, srv, "", "Authorization", manager)); !slices.Equal(units, []string{"habo-integration"}) {
		t.Errorf("the manager of habo-integration sees proposals of %v", units)
	}
	if rec := do(t, srv, "GET", "/api/v1/editions/2019/proposals?unit=vaggeryd-ame", nil, "Authorization", manager); rec.Code != http.StatusForbidden {
		t.Errorf("a manager asking for another unit: %d", rec.Code)
	}
	p := findOp(all, survey.OpAddMember)
	if rec := do(t, srv, "POST", "/api/v1/editions/2019/proposals/"+p.ID+"/accept", nil, "Authorization", manager); rec.Code != http.StatusForbidden {
		t.Errorf("a manager accepting: %d", rec.Code)
	}
	page := do(t, srv, "GET", "/editions/2019/forslag", nil, "Authorization", manager)
	if body := page.Body.String(); page.Code != http.StatusOK || !strings.Contains(body, "Folkhälsorådet i Habo") ||
		strings.Contains(body, "Mötesplatsen fungerar bra.") || strings.Contains(body, ">Godkänn<") {
		t.Errorf("the manager's proposals page: %d, shows other units or offers decisions", page.Code)
	}

	reader := "Bearer " + token(t, db, kartlaggning.RoleReader)
	for _, path := range []string{"/api/v1/editions/2019/proposals", "/editions/2019/forslag"} {
		if rec := do(t, srv, "GET", path, nil, "Authorization", reader); rec.Code != http.StatusForbidden {
			t.Errorf("a reader on %s: %d, want 403", path, rec.Code)
		}
		if rec := do(t, srv, "GET", path, nil, "Authorization", ""); rec.Code != http.StatusUnauthorized && rec.Code != http.StatusSeeOther {
			t.Errorf("nobody on %s: %d", path, rec.Code)
		}
	}
	if rec := do(t, srv, "POST", "/api/v1/editions/2019/proposals/"+p.ID+"/accept", nil, "Authorization", reader); rec.Code != http.StatusForbidden {
		t.Errorf("a reader accepting: %d", rec.Code)
	}
}

func unitsOf(list []proposalOut) []string {
	var out []string
	for _, p := range list {
		if !slices.Contains(out, p.Unit) {
			out = append(out, p.Unit)
		}
	}
	slices.Sort(out)
	return out
}

// The page shows each proposal in Swedish beside what the edition says,
// offers "Är det samma som ARENA Habo?" for the free-text forum, and its
// forms decide without JavaScript; the unit's page tells of the open
// proposals until they are decided.
func TestProposalPage(t *testing.T) {
	t.Parallel()
	srv, db, _ := serveHabosAnswer(t)

	unitPage := do(t, srv, "GET", "/editions/2019/units/habo-integration", nil).Body.String()
	if !strings.Contains(unitPage, "att gå igenom") || !strings.Contains(unitPage, "/editions/2019/forslag?enhet=habo-integration") {
		t.Error("the unit's page does not tell of its open proposals")
	}
	if other := do(t, srv, "GET", "/editions/2019/units/vaggeryd-ame", nil).Body.String(); strings.Contains(other, "att gå igenom") {
		t.Error("a unit without answers tells of proposals")
	}

	body := do(t, srv, "GET", "/editions/2019/forslag?enhet=habo-integration", nil).Body.String()
	for _, want := range []string{
		"Lägg till Integration och flyktingenheten/DUA som ledamot i Folkhälsorådet i Habo",
		"I kartläggningen i dag", "Enligt enkätsvaret",
		"Ändra hur ofta DUA regional styrgrupp träffas", "4 gånger per år", "6 gånger per år",
		"Är det samma som <a href=\"/editions/2019/forums/arena-habo\">ARENA Habo</a>?", "Ja, lägg till enheten i ARENA Habo", "Nej, skapa ett nytt forum",
		"Samarbetet med Arbetsförmedlingen i DUA fungerar bra.",
		"Godkänn alla för",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the proposals page does not say %q", want)
		}
	}
	if rec := do(t, srv, "GET", "/editions/2019/forslag?enhet=finns-inte", nil); rec.Code != http.StatusNotFound {
		t.Errorf("the page of an unknown unit: %d", rec.Code)
	}

	form := func(path string, v url.Values) *http.Response {
		rec := do(t, srv, "POST", path, []byte(v.Encode()), "Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "same-origin")
		return rec.Result()
	}
	list := listProposals(t, srv, "")
	// A conflict is marked and offers no accept button.
	fv, _ := db.Get(context.Background(), 2019, kartlaggning.Forums, "dua-regional-styrgrupp")
	f := fv.Entity.(*kartlaggning.Forum)
	f.Frequency = &kartlaggning.Frequency{Min: intp(2), Max: intp(2), Text: "2 gånger per år"}
	if _, err := db.Update(context.Background(), 2019, f, fv.Version); err != nil {
		t.Fatal(err)
	}
	body = do(t, srv, "GET", "/editions/2019/forslag?enhet=habo-integration", nil).Body.String()
	freq := findOp(list, survey.OpSetFrequency)
	item := between(body, `id="forslag-`+freq.ID+`"`, "</li>")
	if !strings.Contains(item, "Ändrat sedan svaret kom in — kontrollera") || strings.Contains(item, "/godkann") {
		t.Errorf("the conflict's row: %s", item)
	}

	// "Godkänn alla" accepts what can be accepted and says what could not.
	res := form("/editions/2019/forslag/godkann", url.Values{"enhet": {"habo-integration"},
		"ids": {findOp(list, survey.OpAddMember).ID, findOp(list, survey.OpSetUnitField).ID, freq.ID}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/editions/2019/forslag?enhet=habo-integration" {
		t.Fatalf("accepting all: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if flash := flashOf(res); !strings.Contains(flash, "2 förslag är godkända") || !strings.Contains(flash, "1 förslag kunde inte godkännas") {
		t.Errorf("the message after accepting all: %q", flash)
	}
	if !hasMember(forumOf(t, db, "habo-folkhalsorad"), "habo-integration") {
		t.Error("accepting all did not add the membership")
	}

	// The free-text forum accepted as a new forum.
	p := findOp(list, survey.OpAddForum)
	res = form("/editions/2019/forslag/"+p.ID+"/godkann", url.Values{"enhet": {"habo-integration"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accepting the new forum: %d", res.StatusCode)
	}
	var made *kartlaggning.Forum
	for _, v := range mustList(t, db, kartlaggning.Forums) {
		if fo := v.Entity.(*kartlaggning.Forum); fo.Name == "ARENA-gruppen Habo" {
			made = fo
		}
	}
	if made == nil || !hasMember(made, "habo-integration") {
		t.Fatalf("the new forum: %+v", made)
	}
	// The conflict rejected.
	res = form("/editions/2019/forslag/"+freq.ID+"/avvisa", url.Values{"enhet": {"habo-integration"}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(flashOf(res), "avvisat") {
		t.Errorf("rejecting: %d %q", res.StatusCode, flashOf(res))
	}
	unitPage = do(t, srv, "GET", "/editions/2019/units/habo-integration", nil).Body.String()
	if strings.Contains(unitPage, "att gå igenom") || !strings.Contains(unitPage, "ARENA-gruppen Habo") {
		t.Error("the unit's page after deciding: still tells of proposals, or lacks the new forum")
	}
	body = do(t, srv, "GET", "/editions/2019/forslag?enhet=habo-integration", nil).Body.String()
	if !strings.Contains(body, "4 beslutade förslag") {
		t.Error("the page does not list the decided proposals")
	}
	// The change log page names the answer.
	hist := do(t, srv, "GET", "/editions/2019/history", nil).Body.String()
	if !strings.Contains(hist, "Källa: enkätsvar: Chefsenkät 2019, Integration och flyktingenheten/DUA") {
		t.Error("the change log page does not name the answer as the source")
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

func flashOf(res *http.Response) string {
	for _, c := range res.Cookies() {
		if c.Name == "flash" {
			v, _ := url.QueryUnescape(c.Value)
			return v
		}
	}
	return ""
}

// submitManyChefAnswers submits 300 chef answers, ten questionnaires to
// 30 units, each a little different, and returns how many it submitted.
func submitManyChefAnswers(tb testing.TB, db *store.DB) int {
	tb.Helper()
	units := mustList(tb, db, kartlaggning.Units)
	n := 0
	for i := range 10 {
		sv := mustChefSurvey(tb, db, fmt.Sprintf("Chefsenkät %d", i+1))
		for _, u := range units[:30] {
			a := habosAnswer()
			a.WorksWell = fmt.Sprintf("Svar %d från %s.", i, u.Entity.EntityID())
			mustSubmit(tb, db, sv, u.Entity.EntityID(), a)
			n++
		}
	}
	return n
}

// BenchmarkCompileProposals is the first read of the proposals after 300
// chef answers came in (ten questionnaires to 30 units): every answer is
// compiled and stored. Target: ≤ 1 s.
func BenchmarkCompileProposals(b *testing.B) {
	for range b.N {
		b.StopTimer()
		srv, db := MustServe(b)
		n := submitManyChefAnswers(b, db)
		b.StartTimer()
		rec := do(b, srv, "GET", "/api/v1/editions/2019/proposals", nil)
		b.StopTimer()
		if rec.Code != http.StatusOK || n != 300 {
			b.Fatalf("%d answers, listing: %d", n, rec.Code)
		}
		b.StartTimer()
	}
}

// The personal's answers are summarised on the unit's proposals page for
// the editor, and only from three answers: fewer could be read back to a
// person.
func TestPersonalSummary(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	ctx := context.Background()
	sv, err := db.CreateSurvey(ctx, 2019, survey.Survey{Kind: survey.Personal, Title: "Personalenkät 2019", Closes: "2019-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	answer := func(n int, a survey.Answer) {
		now := time.Now()
		if _, err := db.SaveResponse(ctx, survey.Response{ID: survey.HashToken(fmt.Sprintf("utkast-%d", n)), Year: 2019, Survey: sv.ID,
			Unit: "habo-integration", Status: survey.Submitted, Answer: a, Started: now, Updated: now, Submitted: now}); err != nil {
			t.Fatal(err)
		}
	}
	const page = "/editions/2019/forslag?enhet=habo-integration"
	answer(1, survey.Answer{Collaborations: []survey.Collaboration{{Organisation: "af", Forms: []string{"sip", "kontakter"}, Works: 4}},
		Obstacles: "Långa väntetider hos psykiatrin."})
	answer(2, survey.Answer{Collaborations: []survey.Collaboration{{Organisation: "af", Forms: []string{"kontakter"}, Works: 3},
		{Organisation: "fk", Forms: []string{"sip"}, Works: 2}}, Obstacles: "Väntetider och sekretess."})
	body := do(t, srv, "GET", page, nil).Body.String()
	if !strings.Contains(body, "Färre än tre av enhetens personal har svarat") || strings.Contains(body, "Samverkan per part") {
		t.Error("two personal answers are summarised")
	}
	answer(3, survey.Answer{Collaborations: []survey.Collaboration{{Organisation: "af", Forms: []string{"arendeforum"}, Works: 3}},
		Ideas: "Kortare väntetider med gemensamma möten."})
	body = do(t, srv, "GET", page, nil).Body.String()
	table := between(body, "Samverkan per part", "</table>")
	for _, want := range []string{"Arbetsförmedlingen</a></th><td>3</td><td>SIP: 1, Ärendeforum: 1, Personliga kontakter: 2</td><td>3,3 av 4</td>",
		"Försäkringskassan</a></th><td>1</td>"} {
		if !strings.Contains(table, want) {
			t.Errorf("the parties' table lacks %q:\n%s", want, table)
		}
	}
	if !strings.Contains(body, "3,0 av 4") || !strings.Contains(body, "3 inskickade svar") {
		t.Error("the page lacks the mean or the number of answers")
	}
	if themes := between(body, "Teman i fritextsvaren", "</ul>"); !strings.Contains(themes, "väntetider") {
		t.Errorf("the themes: %s", themes)
	}
	manager := "Bearer " + token(t, db, kartlaggning.RoleManager, "habo-integration")
	if body := do(t, srv, "GET", page, nil, "Authorization", manager).Body.String(); strings.Contains(body, "Personalens svar") {
		t.Error("a manager sees the summary of their personal's answers")
	}
}

// An answer the editor reopens shows no proposals until it is sent
// again; sent again with other words, it is compiled again, and what the
// editor decided stays decided.
func TestProposalsOfAReopenedAnswer(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	ctx := context.Background()
	sv := mustChefSurvey(t, db, "Chefsenkät 2019")
	r := mustSubmit(t, db, sv, "habo-integration", habosAnswer())
	first := listProposals(t, srv, "")
	member := findOp(first, survey.OpAddMember)
	if rec := do(t, srv, "POST", "/api/v1/editions/2019/proposals/"+member.ID+"/reject", nil); rec.Code != http.StatusOK {
		t.Fatalf("rejecting: %d %s", rec.Code, rec.Body)
	}
	if err := db.Reopen(ctx, 2019, r.ID); err != nil {
		t.Fatal(err)
	}
	if list := listProposals(t, srv, ""); len(list) != 0 {
		t.Errorf("a reopened answer shows %d proposals", len(list))
	}
	a := habosAnswer()
	a.WorksWell = "Nu fungerar även samarbetet med Försäkringskassan."
	r.Answer, r.Status = a, survey.Submitted
	if _, err := db.SaveResponse(ctx, r); err != nil {
		t.Fatal(err)
	}
	again := listProposals(t, srv, "")
	if len(again) != len(first) {
		t.Errorf("%d proposals after sending again, were %d", len(again), len(first))
	}
	if p := findID(again, member.ID); p.Status != survey.Rejected {
		t.Errorf("the rejected proposal after sending again: %+v", p)
	}
	works := findOp(again, survey.OpSetUnitField)
	if !strings.Contains(string(works.After), "Försäkringskassan") || works.Status != survey.Open {
		t.Errorf("the text after sending again: %s (%s)", works.After, works.Status)
	}
}

// BenchmarkUnitPageWithAnswers is a unit's page for its editor once 300
// chef answers are in and compiled: the notice of open proposals is
// looked up before the cached page is served.
func BenchmarkUnitPageWithAnswers(b *testing.B) {
	srv, db := MustServe(b)
	submitManyChefAnswers(b, db)
	if rec := do(b, srv, "GET", "/api/v1/editions/2019/proposals", nil); rec.Code != http.StatusOK {
		b.Fatal(rec.Code)
	}
	b.ResetTimer()
	for range b.N {
		rec := do(b, srv, "GET", "/editions/2019/units/habo-integration", nil)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "att gå igenom") {
			b.Fatalf("the unit's page: %d", rec.Code)
		}
	}
}

// Bad requests get a clear Swedish error naming the field, and decide
// nothing.
func TestProposalBadInput(t *testing.T) {
	t.Parallel()
	srv, _, _ := serveHabosAnswer(t)
	list := listProposals(t, srv, "")
	member := findOp(list, survey.OpAddMember)
	many := make([]string, 1001)
	for i := range many {
		many[i] = fmt.Sprintf("p%d", i)
	}
	manyIDs, _ := json.Marshal(map[string][]string{"ids": many})
	for _, tc := range []struct {
		name, path, body string
		status           int
		field            string
	}{
		{"ErrMalformed", "/proposals/" + member.ID + "/accept", `{"as_member_of": `, http.StatusBadRequest, ""},
		{"ErrUnknownField", "/proposals/" + member.ID + "/accept", `{"som": "arena-habo"}`, http.StatusUnprocessableEntity, "som"},
		{"ErrNotANewForum", "/proposals/" + member.ID + "/accept", `{"as_member_of": "arena-habo"}`, http.StatusUnprocessableEntity, "as_member_of"},
		{"ErrTooMany", "/proposals/accept", string(manyIDs), http.StatusUnprocessableEntity, "ids"},
		{"ErrNoIDs", "/proposals/accept", `{}`, http.StatusUnprocessableEntity, "ids"},
		{"ErrTooLarge", "/proposals/accept", `{"ids": ["` + strings.Repeat("x", 70<<10) + `"]}`, http.StatusRequestEntityTooLarge, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(t, srv, "POST", "/api/v1/editions/2019"+tc.path, []byte(tc.body))
			if rec.Code != tc.status {
				t.Fatalf("%d %s, want %d", rec.Code, rec.Body, tc.status)
			}
			e := decodeError(t, rec)
			if e.Error.Message == "" || (tc.field != "" && (len(e.Error.Fields) == 0 || e.Error.Fields[0].Path != tc.field)) {
				t.Errorf("the error: %+v", e.Error)
			}
		})
	}
	if p := findID(listProposals(t, srv, ""), member.ID); p.Status != survey.Open {
		t.Errorf("a bad request decided the proposal: %+v", p)
	}
	if rec := do(t, srv, "POST", "/api/v1/editions/2019/proposals/"+member.ID+"/accept", []byte("as_member_of=x"), "Content-Type", "text/plain"); rec.Code != http.StatusUnsupportedMediaType {
		t.Errorf("a body that is not JSON: %d", rec.Code)
	}
}

// BenchmarkAcceptAll accepts every open proposal of 30 chef answers in
// one request, each written through the store like an edit.
func BenchmarkAcceptAll(b *testing.B) {
	for range b.N {
		b.StopTimer()
		srv, db := MustServe(b)
		sv := mustChefSurvey(b, db, "Chefsenkät 2019")
		for _, u := range mustList(b, db, kartlaggning.Units)[:30] {
			a := habosAnswer()
			a.WorksWell = "Svar från " + u.Entity.EntityID() + "."
			mustSubmit(b, db, sv, u.Entity.EntityID(), a)
		}
		var ids []string
		for _, p := range listProposals(b, srv, "") {
			ids = append(ids, p.ID)
		}
		body, _ := json.Marshal(map[string][]string{"ids": ids})
		b.StartTimer()
		rec := do(b, srv, "POST", "/api/v1/editions/2019/proposals/accept", body)
		b.StopTimer()
		var res struct{ Accepted, Refused []any }
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &res) != nil || len(res.Accepted) == 0 {
			b.Fatalf("accepting all: %d %s", rec.Code, rec.Body)
		}
		b.ReportMetric(float64(len(ids)), "proposals/op")
		b.StartTimer()
	}
}

// Editors accepting the same proposal at once: one of them writes it,
// the others are told it is decided or changed; the unit sits in the
// forum once.
func TestProposalAcceptedOnce(t *testing.T) {
	t.Parallel()
	srv, db, _ := serveHabosAnswer(t)
	p := findOp(listProposals(t, srv, ""), survey.OpAddMember)
	codes := make(chan int, 8)
	for range 8 {
		go func() {
			codes <- do(t, srv, "POST", "/api/v1/editions/2019/proposals/"+p.ID+"/accept", nil).Code
		}()
	}
	ok := 0
	for range 8 {
		switch code := <-codes; code {
		case http.StatusOK:
			ok++
		case http.StatusConflict:
		default:
			t.Errorf("a concurrent accept: %d", code)
		}
	}
	seats := 0
	for _, m := range forumOf(t, db, "habo-folkhalsorad").Members {
		if m.Unit == "habo-integration" {
			seats++
		}
	}
	if ok != 1 || seats != 1 {
		t.Errorf("%d accepts succeeded and the unit has %d seats, want 1 and 1", ok, seats)
	}
}

// BenchmarkCompileProposalsLarge is BenchmarkCompileProposals on the
// large synthetic edition (334 units): one chef questionnaire answered by
// 300 units, each naming two forums it is not in, one frequency, a forum
// in free text and its texts.
func BenchmarkCompileProposalsLarge(b *testing.B) {
	doc := syntheticDoc(b, "large", 2031)
	doc.Edition.Status = "draft"
	for range b.N {
		b.StopTimer()
		db, err := store.Open(filepath.Join(b.TempDir(), "large.db"))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Import(context.Background(), doc, false); err != nil {
			b.Fatal(err)
		}
		srv := mustServer(b, db)
		sv, err := db.CreateSurvey(context.Background(), 2031, survey.Survey{Kind: survey.Chef, Title: "Chefsenkät 2031", Closes: "2031-12-31"})
		if err != nil {
			b.Fatal(err)
		}
		now := time.Now()
		for i, u := range doc.Units[:300] {
			f1, f2 := doc.Forums[(i*7)%len(doc.Forums)], doc.Forums[(i*13+5)%len(doc.Forums)]
			a := survey.Answer{
				Forums: []survey.ForumAnswer{{Forum: f1.ID, Role: "ledamot"}, {Forum: f2.ID, Frequency: &kartlaggning.Frequency{Min: intp(10), Max: intp(10), Text: "10 gånger per år"}},
					{Name: f1.Name + " (arbetsgrupp)", Kind: "arbetsgrupp", Level: "operativ"}},
				WorksWell:        fmt.Sprintf("Samverkan fungerar bra för %s.", u.Name),
				NeedsDevelopment: "Mer gemensam planering.",
			}
			if _, err := db.SaveResponse(context.Background(), survey.Response{Year: 2031, Survey: sv.ID, Unit: u.ID, Status: survey.Submitted,
				Answer: a, Started: now, Updated: now, Submitted: now}); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		rec := do(b, srv, "GET", "/api/v1/editions/2031/proposals", nil)
		b.StopTimer()
		var list []proposalOut
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &list) != nil || len(list) < 300 {
			b.Fatalf("listing: %d, %d proposals", rec.Code, len(list))
		}
		b.ReportMetric(float64(len(list)), "proposals/op")
		db.Close()
		b.StartTimer()
	}
}
