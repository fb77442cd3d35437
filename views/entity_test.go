package views_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/store"
	"github.com/kartlaggning/kartlaggning/views"
)

// app is the whole server over a real store holding the demo edition.
type app struct {
	t   *testing.T
	db  *store.DB
	srv *views.Server
}

func newApp(t *testing.T) *app {
	t.Helper()
	srv, db := MustServe(t)
	return &app{t: t, db: db, srv: srv}
}

// response is what a user gets: the status, the HTML, and the text they
// read (tags removed, entities decoded, spaces collapsed).
type response struct {
	Status   int
	Location string
	HTML     string
	Text     string
	Cookies  []*http.Cookie
}

var (
	tags   = regexp.MustCompile(`<[^>]*>`)
	spaces = regexp.MustCompile(`\s+`)
)

func visible(s string) string {
	s = spaces.ReplaceAllString(html.UnescapeString(tags.ReplaceAllString(s, " ")), " ")
	return strings.TrimSpace(strings.ReplaceAll(s, " ,", ","))
}

func (a *app) do(req *http.Request) response {
	a.t.Helper()
	rec := httptest.NewRecorder()
	asAdmin(a.srv).ServeHTTP(rec, req)
	body := rec.Body.String()
	return response{Status: rec.Code, Location: rec.Header().Get("Location"), HTML: body, Text: visible(body), Cookies: rec.Result().Cookies()}
}

func (a *app) get(path string) response {
	a.t.Helper()
	return a.do(httptest.NewRequest(http.MethodGet, path, nil))
}

// post submits a form the way a browser does from one of our pages.
func (a *app) post(path string, form url.Values) response {
	a.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return a.do(req)
}

// follow gets the page a POST redirected to, with the flash cookie.
func (a *app) follow(r response) response {
	a.t.Helper()
	if r.Status != http.StatusSeeOther {
		a.t.Fatalf("status %d, want 303; page: %s", r.Status, r.Text)
	}
	// A browser keeps the fragment to itself.
	location, _, _ := strings.Cut(r.Location, "#")
	req := httptest.NewRequest(http.MethodGet, location, nil)
	for _, c := range r.Cookies {
		req.AddCookie(c)
	}
	return a.do(req)
}

func (a *app) forum(id string) (*kartlaggning.Forum, int64) {
	a.t.Helper()
	v, err := a.db.Get(context.Background(), 2019, kartlaggning.Forums, id)
	if err != nil {
		a.t.Fatal(err)
	}
	return v.Entity.(*kartlaggning.Forum), v.Version
}

func (a *app) unit(id string) (*kartlaggning.Unit, int64) {
	a.t.Helper()
	v, err := a.db.Get(context.Background(), 2019, kartlaggning.Units, id)
	if err != nil {
		a.t.Fatal(err)
	}
	return v.Entity.(*kartlaggning.Unit), v.Version
}

func (a *app) count(k kartlaggning.Kind) int {
	a.t.Helper()
	l, err := a.db.List(context.Background(), 2019, k)
	if err != nil {
		a.t.Fatal(err)
	}
	return len(l)
}

func wantStatus(t *testing.T, r response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; page: %.2000s", r.Status, status, r.Text)
	}
}

func wantText(t *testing.T, r response, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if !strings.Contains(r.Text, s) {
			t.Errorf("page does not say %q; it says: %.3000s", s, r.Text)
		}
	}
}

// row returns the text of the first table row that mentions needle.
func row(t *testing.T, r response, needle string) string {
	t.Helper()
	for _, tr := range strings.Split(r.HTML, "<tr>")[1:] {
		tr, _, _ = strings.Cut(tr, "</tr>")
		if text := visible(tr); strings.Contains(text, needle) {
			return text
		}
	}
	t.Fatalf("no table row mentions %q", needle)
	return ""
}

// fieldError returns the message shown beside an input.
func fieldError(r response, id string) string {
	m := regexp.MustCompile(`<span class="field-error" id="` + regexp.QuoteMeta(id) + `-fel">([^<]*)</span>`).FindStringSubmatch(r.HTML)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

func v(version int64) string { return strconv.FormatInt(version, 10) }

func TestEveryPageOfTheDemoRenders(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ctx := context.Background()
	for _, k := range kartlaggning.Kinds {
		list, err := a.db.List(ctx, 2019, k)
		if err != nil {
			t.Fatal(err)
		}
		paths := []string{fmt.Sprintf("/editions/2019/%s", k), fmt.Sprintf("/editions/2019/%s/new", k)}
		for _, e := range list {
			base := fmt.Sprintf("/editions/2019/%s/%s", k, e.Entity.EntityID())
			paths = append(paths, base, base+"/edit", base+"/delete")
			if f, ok := e.Entity.(*kartlaggning.Forum); ok {
				for i := range f.Members {
					paths = append(paths, fmt.Sprintf("%s/members/%d/edit", base, i))
				}
			}
		}
		for _, p := range paths {
			r := a.get(p)
			if r.Status != http.StatusOK {
				t.Errorf("GET %s: status %d: %.500s", p, r.Status, r.Text)
			}
		}
	}
}

func TestIndexes(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	r := a.get("/editions/2019/municipalities")
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "Habo", "0643", "Ny kommun")
	if i, j := strings.Index(r.Text, "Jönköping"), strings.Index(r.Text, "Mullsjö"); i < 0 || j < 0 || i > j {
		t.Errorf("Jönköping should come before Mullsjö: %s", r.Text)
	}

	r = a.get("/editions/2019/forums")
	wantStatus(t, r, http.StatusOK)
	if got := row(t, r, "Chefsnätverk för arbete och delaktighet"); !strings.Contains(got, "Nätverk Strategisk") || !strings.Contains(got, "6–8 möten/år") {
		t.Errorf("forum row: %s", got)
	}
	r = a.get("/editions/2019/units")
	if got := row(t, r, "Rehabkoordinatorer"); !strings.Contains(got, "Region Jönköpings län") {
		t.Errorf("unit row: %s", got)
	}
	r = a.get("/editions/2019/organisations")
	if got := row(t, r, "Försäkringskassan"); !strings.Contains(got, "FK Myndighet Part i förbundet") {
		t.Errorf("organisation row: %s", got)
	}

	// An edition without forums says so and offers to add the first.
	if _, err := a.db.CreateEdition(context.Background(), kartlaggning.Edition{Year: 2020, Title: "Tom", Status: "draft"}); err != nil {
		t.Fatal(err)
	}
	r = a.get("/editions/2020/forums")
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "Inga forum ännu — lägg till det första.", "Nytt forum")

	wantStatus(t, a.get("/editions/2019/forums/finns-inte"), http.StatusNotFound)
	wantStatus(t, a.get("/editions/1999/forums"), http.StatusNotFound)
}

func TestUnitPage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	r := a.get("/editions/2019/units/mullsjo-forsorjningsstod")
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "Försörjningsstöd", "Mullsjö kommun", "Vad fungerar bra idag?", "Vad behöver utvecklas?",
		"Mullsjö (organisationens kommun)", "personer som saknar SGI", "Saknar en bostadskoordinator")
	if got := row(t, r, "ARENA Mullsjö"); !strings.Contains(got, "ARENA-grupp Individ") || !strings.Contains(got, "Ledamot") {
		t.Errorf("ARENA Mullsjö row: %s", got)
	}
	if got := row(t, r, "Styrgrupp för ENTER"); !strings.Contains(got, "Försörjningsstöd (Habo kommun)") ||
		!strings.Contains(got, "Försörjningsstöd (Jönköpings kommun)") {
		t.Errorf("the ENTER row should name the other members: %s", got)
	}
	// The unit is the convener of its contacts and meets them all.
	if got := row(t, r, "Samverkan i enskilda ärenden – Försörjningsstöd Mullsjö"); !strings.Contains(got, "Kronofogdemyndigheten (hela organisationen)") {
		t.Errorf("kontakt row: %s", got)
	}
	// The wish names a unit, linked.
	if !strings.Contains(r.HTML, `href="/editions/2019/units/jonkoping-ama"`) {
		t.Error("the wish about AMA is not linked")
	}

	// A member of someone else's contacts meets only that unit.
	r = a.get("/editions/2019/units/enter")
	if got := row(t, r, "Samverkan i enskilda ärenden – Försörjningsstöd Mullsjö"); strings.Contains(got, "Kronofogdemyndigheten") ||
		!strings.Contains(got, "Försörjningsstöd (Mullsjö kommun)") {
		t.Errorf("a kontakt member should meet only the convener: %s", got)
	}

	r = a.get("/editions/2019/units/jonkoping-forsorjningsstod")
	wantText(t, r, "Enheter under Försörjningsstöd", "Lokalkontor Råslätt")
}

func TestOtherPages(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	r := a.get("/editions/2019/forums/arena-mullsjo")
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "ARENA-grupp", "Individ", "Hållna möten 5", "Mötesfrekvens saknas.", "Färre än två kända deltagare.",
		"Lägg till deltagare", "Välj en enhet, eller en organisation när enheten inte är känd")
	if got := row(t, r, "Försörjningsstöd"); !strings.Contains(got, "Mullsjö kommun") || !strings.Contains(got, "Ledamot") {
		t.Errorf("member row: %s", got)
	}

	r = a.get("/editions/2019/forums/beredningsgruppen")
	if got := row(t, r, "Samordningsförbundet Södra Vätterbygden"); !strings.Contains(got, "(hela organisationen)") || !strings.Contains(got, "Sammankallande") {
		t.Errorf("organisation member row: %s", got)
	}

	r = a.get("/editions/2019/municipalities/mullsjo")
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "Mullsjö bostäder", "ARENA Mullsjö", "Organisationens kommun", "ENTER")

	// "Ny enhet inom …" on an organisation's page starts the form with it.
	r = a.get("/editions/2019/units/new?organisation=af")
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.HTML, `<option value="af" selected>`) {
		t.Error("the organisation is not chosen in the new unit's form")
	}

	r = a.get("/editions/2019/organisations/fk")
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "Aktivitetsersättning", "Sjukpenning", "Ja, en av förbundets parter",
		"Samverkan i enskilda ärenden – Försörjningsstöd Mullsjö")
}

func TestCreateForum(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	before := a.count(kartlaggning.Forums)

	r := a.post("/editions/2019/forums", url.Values{"name": {""}, "kind": {"natverk"}, "level": {"operativ"}, "frequency.min": {"fyra"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := fieldError(r, "f-name"); got != "Namn måste anges." {
		t.Errorf("beside the name: %q", got)
	}
	if got := fieldError(r, "f-frequency-min"); !strings.Contains(got, "heltal") {
		t.Errorf("beside the number: %q", got)
	}
	if fieldError(r, "f-id") != "" {
		t.Error("an empty id is derived from the name; it should not be an error of its own")
	}
	wantText(t, r, "Det finns 2 fel att rätta")
	if !strings.Contains(r.HTML, `value="fyra"`) || !strings.Contains(r.HTML, `<option value="operativ" selected>`) {
		t.Error("the values typed are not kept")
	}
	if a.count(kartlaggning.Forums) != before {
		t.Fatal("an invalid forum was stored")
	}

	r = a.post("/editions/2019/forums", url.Values{"name": {"Nätverk för Åsas öppna frågor"}, "kind": {"natverk"},
		"level": {"operativ"}, "formal": {"true"}, "frequency.min": {"4"}, "frequency.max": {"6"},
		"municipalities": {"habo", "mullsjo"}, "target_groups": {"unga\r\n\r\nnyanlända\r\n"}, "convener.organisation": {"af"}})
	if r.Location != "/editions/2019/forums/natverk-for-asas-oppna-fragor" {
		t.Fatalf("redirected to %q (status %d): %.1000s", r.Location, r.Status, r.Text)
	}
	r = a.follow(r)
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "Forumet är skapat.", "4–6 möten/år", "Habo, Mullsjö", "unga, nyanlända", "Arbetsförmedlingen")
	f, _ := a.forum("natverk-for-asas-oppna-fragor")
	if f.Members == nil || len(f.Members) != 0 || !f.Formal {
		t.Errorf("stored %+v", f)
	}

	// The same id again is refused beside the id.
	r = a.post("/editions/2019/forums", url.Values{"id": {"arena-mullsjo"}, "name": {"X"}, "kind": {"arena"}, "level": {"individ"}})
	wantStatus(t, r, http.StatusConflict)
	if got := fieldError(r, "f-id"); !strings.Contains(got, "arena-mullsjo") {
		t.Errorf("beside the id: %q", got)
	}

	// A kontakt forum seats its convener, as the data model requires.
	r = a.post("/editions/2019/forums", url.Values{"name": {"Kontakter – AMA"}, "kind": {"kontakt"}, "level": {"individ"},
		"convener.unit": {"jonkoping-ama"}})
	wantStatus(t, r, http.StatusSeeOther)
	f, _ = a.forum("kontakter-ama")
	if len(f.Members) != 1 || f.Members[0].Unit != "jonkoping-ama" {
		t.Errorf("members of a new kontakt forum: %+v", f.Members)
	}
}

func TestUpdateKeepsWhatTheFormDoesNotEdit(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ctx := context.Background()

	f, version := a.forum("beredningsgruppen")
	members := len(f.Members)
	r := a.get("/editions/2019/forums/beredningsgruppen/edit")
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.HTML, `name="_version" value="`+v(version)+`"`) || !strings.Contains(r.HTML, "readonly") {
		t.Error("the edit form carries no version or lets the id change")
	}
	r = a.post("/editions/2019/forums/beredningsgruppen", url.Values{"_version": {v(version)}, "name": {"Beredningsgruppen"},
		"kind": {"beredningsgrupp"}, "level": {"strategisk"}, "frequency.text": {"var 6:e vecka"}})
	wantText(t, a.follow(r), "Ändringarna är sparade.", "var 6:e vecka", "Beredningsgruppen")
	if f, _ = a.forum("beredningsgruppen"); len(f.Members) != members {
		t.Errorf("members: %d, want %d", len(f.Members), members)
	}

	// A unit keeps its review; wish rows left empty are dropped.
	u, version := a.unit("habo-ungdomscoach")
	u.Review = &kartlaggning.Review{Status: "confirmed", Comment: "Stämmer."}
	if version, _ = a.db.Update(ctx, 2019, u, version); version == 0 {
		t.Fatal("no version")
	}
	r = a.get("/editions/2019/units/habo-ungdomscoach/edit")
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.HTML, `name="wishes[2].text"`) || strings.Contains(r.HTML, `name="wishes[3].text"`) {
		t.Error("the form should show the 2 wishes and one empty row")
	}
	r = a.post("/editions/2019/units/habo-ungdomscoach", url.Values{"_version": {v(version)}, "name": {u.Name},
		"organisation": {"habo-kommun"}, "target_groups": {"unga 16–20 år"},
		"wishes[0].text": {""}, "wishes[1].text": {"Mer samverkan med AF."}, "wishes[1].organisation": {"af"},
		"wishes[2].text": {""}, "wishes[2].unit": {""}})
	r = a.follow(r)
	wantText(t, r, "Bekräftad", "Stämmer.", "Mer samverkan med AF. Gäller: Arbetsförmedlingen")
	u, _ = a.unit("habo-ungdomscoach")
	if len(u.Wishes) != 1 || u.Wishes[0].Organisation != "af" || u.Review == nil {
		t.Errorf("stored %+v", u)
	}

	// An error in a wish comes back beside that row's input.
	_, version = a.unit("habo-ungdomscoach")
	r = a.post("/editions/2019/units/habo-ungdomscoach", url.Values{"_version": {v(version)}, "name": {u.Name},
		"organisation": {"habo-kommun"}, "wishes[0].text": {""}, "wishes[0].forum": {"gps"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := fieldError(r, "f-wishes-0-text"); got == "" {
		t.Errorf("no error beside the wish; page: %s", r.Text)
	}
}

func TestStaleVersion(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	_, version := a.forum("gps")
	r := a.post("/editions/2019/forums/gps", url.Values{"_version": {v(version)}, "name": {"GPS"}, "kind": {"natverk"}, "level": {"strategisk"}})
	wantStatus(t, r, http.StatusSeeOther)

	// Every form opened at the old version is refused and changes nothing.
	before, _ := a.forum("gps")
	stale := url.Values{"_version": {v(version)}, "name": {"Något annat"}, "kind": {"natverk"}, "level": {"strategisk"}, "unit": {"enter"}}
	for _, path := range []string{"/editions/2019/forums/gps", "/editions/2019/forums/gps/members", "/editions/2019/forums/gps/members/0",
		"/editions/2019/forums/gps/members/0/delete", "/editions/2019/forums/gps/delete"} {
		r = a.post(path, stale)
		wantStatus(t, r, http.StatusPreconditionFailed)
		wantText(t, r, "Någon annan har ändrat uppgifterna", "inte sparats")
	}
	// A form without a version cannot show that it is fresh.
	stale.Del("_version")
	wantStatus(t, a.post("/editions/2019/forums/gps", stale), http.StatusPreconditionFailed)
	if after, _ := a.forum("gps"); after.Name != "GPS" || !reflect.DeepEqual(after.Members, before.Members) {
		t.Errorf("the forum changed: %+v", after)
	}
}

func TestMembers(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	_, version := a.forum("arena-mullsjo")

	// Both a unit and an organisation: the error is beside the unit.
	r := a.post("/editions/2019/forums/arena-mullsjo/members", url.Values{"_version": {v(version)}, "unit": {"enter"}, "organisation": {"af"}, "role": {"ledamot"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := fieldError(r, "f-unit"); !strings.Contains(got, "antingen en enhet eller en organisation") {
		t.Errorf("beside the unit: %q; page %s", got, r.Text)
	}
	if !strings.Contains(r.HTML, `<option value="af" selected>`) {
		t.Error("the organisation chosen is not kept")
	}

	r = a.post("/editions/2019/forums/arena-mullsjo/members", url.Values{"_version": {v(version)}, "organisation": {"af"},
		"role": {"adjungerad"}, "representative": {"arbetsförmedlare"}})
	r = a.follow(r)
	wantText(t, r, "”Arbetsförmedlingen (hela organisationen)” är tillagd som deltagare.")
	if got := row(t, r, "Arbetsförmedlingen"); !strings.Contains(got, "Adjungerad arbetsförmedlare") {
		t.Errorf("new member row: %s", got)
	}
	if strings.Contains(r.Text, "Färre än två kända deltagare.") {
		t.Error("the forum has two members now")
	}

	f, version := a.forum("arena-mullsjo")
	r = a.get("/editions/2019/forums/arena-mullsjo/members/1/edit")
	wantStatus(t, r, http.StatusOK)
	r = a.post("/editions/2019/forums/arena-mullsjo/members/1", url.Values{"_version": {v(version)}, "organisation": {"af"}, "role": {"ordforande"}})
	wantText(t, a.follow(r), "Deltagaren ”Arbetsförmedlingen (hela organisationen)” är ändrad.", "Ordförande")

	// A duplicate seat comes back on the edit page, beside the input.
	_, version = a.forum("arena-mullsjo")
	r = a.post("/editions/2019/forums/arena-mullsjo/members/1", url.Values{"_version": {v(version)}, "unit": {"mullsjo-forsorjningsstod"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := fieldError(r, "f-unit"); !strings.Contains(got, "redan deltagare") {
		t.Errorf("beside the unit: %q", got)
	}

	r = a.post("/editions/2019/forums/arena-mullsjo/members/1/delete", url.Values{"_version": {v(version)}})
	wantText(t, a.follow(r), "”Arbetsförmedlingen (hela organisationen)” är borttagen ur forumet.")
	if f, _ = a.forum("arena-mullsjo"); len(f.Members) != 1 {
		t.Errorf("members %+v", f.Members)
	}
	wantStatus(t, a.post("/editions/2019/forums/arena-mullsjo/members/5/delete", url.Values{"_version": {"1"}}), http.StatusNotFound)

	// The convener of a kontakt forum cannot leave it.
	_, version = a.forum("mullsjo-fs-individsamverkan")
	r = a.post("/editions/2019/forums/mullsjo-fs-individsamverkan/members/0/delete", url.Values{"_version": {v(version)}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	wantText(t, r, "måste också vara deltagare")
}

func TestDelete(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	_, version := a.unit("mullsjo-forsorjningsstod")
	r := a.get("/editions/2019/units/mullsjo-forsorjningsstod/delete")
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "kan inte tas bort förrän", "ARENA Mullsjö", "Deltagare")

	r = a.post("/editions/2019/units/mullsjo-forsorjningsstod/delete", url.Values{"_version": {v(version)}})
	wantStatus(t, r, http.StatusConflict)
	wantText(t, r, "Det gick inte att ta bort", "ARENA Mullsjö", "Styrgrupp för ENTER", "Sammankallande")
	if !strings.Contains(r.HTML, `href="/editions/2019/forums/arena-mullsjo"`) {
		t.Error("the forums are not linked")
	}

	// A forum takes its members with it.
	f, version := a.forum("asi-natverk")
	r = a.get("/editions/2019/forums/asi-natverk/delete")
	wantText(t, r, fmt.Sprintf("Forumets %d deltagare tas bort tillsammans med det", len(f.Members)), "Regionförbundet")
	r = a.post("/editions/2019/forums/asi-natverk/delete", url.Values{"_version": {v(version)}})
	if r.Location != "/editions/2019/forums" {
		t.Fatalf("redirected to %q", r.Location)
	}
	wantText(t, a.follow(r), "Forumet ”ASI-nätverk” är borttaget.")
	wantStatus(t, a.get("/editions/2019/forums/asi-natverk"), http.StatusNotFound)
}

func TestCSRF(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	form := url.Values{"name": {"Utan token"}, "kind": {"natverk"}, "level": {"operativ"}}
	req := httptest.NewRequest(http.MethodPost, "/editions/2019/forums", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	wantStatus(t, a.do(req), http.StatusForbidden)

	// The token of the form, with its cookie, is accepted.
	page := a.get("/editions/2019/forums/new")
	m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(page.HTML)
	if m == nil {
		t.Fatal("no token in the form")
	}
	form.Set("_csrf", m[1])
	req = httptest.NewRequest(http.MethodPost, "/editions/2019/forums", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range page.Cookies {
		req.AddCookie(c)
	}
	wantStatus(t, a.do(req), http.StatusSeeOther)
}

func TestOtherKindsCreateAndDelete(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	r := a.post("/editions/2019/municipalities", url.Values{"name": {"Vetlanda"}, "code": {"68"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := fieldError(r, "f-code"); !strings.Contains(got, "fyra siffror") {
		t.Errorf("beside the code: %q", got)
	}
	r = a.post("/editions/2019/municipalities", url.Values{"name": {"Vetlanda"}, "code": {"0685"}})
	wantText(t, a.follow(r), "Kommunen är skapad.", "0685")

	r = a.post("/editions/2019/organisations", url.Values{"name": {"Vetlanda kommun"}, "kind": {"kommun"}, "municipality": {"vetlanda"}, "party": {"true"}})
	wantText(t, a.follow(r), "Organisationen är skapad.", "Ja, en av förbundets parter")

	r = a.post("/editions/2019/units", url.Values{"name": {"Socialtjänst"}, "organisation": {"vetlanda-kommun"}})
	wantText(t, a.follow(r), "Enheten är skapad.", "Vetlanda (organisationens kommun)")

	r = a.get("/editions/2019/municipalities/vetlanda")
	wantText(t, r, "Vetlanda kommun", "Socialtjänst")
	r = a.post("/editions/2019/municipalities/vetlanda/delete", url.Values{"_version": {"1"}})
	wantStatus(t, r, http.StatusConflict)
	wantText(t, r, "Vetlanda kommun")

	wantStatus(t, a.post("/editions/2019/units/socialtjanst/delete", url.Values{"_version": {"1"}}), http.StatusSeeOther)
	wantStatus(t, a.post("/editions/2019/organisations/vetlanda-kommun/delete", url.Values{"_version": {"1"}}), http.StatusSeeOther)
	wantText(t, a.follow(a.post("/editions/2019/municipalities/vetlanda/delete", url.Values{"_version": {"1"}})), "Kommunen ”Vetlanda” är borttagen.")
}

func TestNavigationMarksSection(t *testing.T) {
	t.Parallel()
	srv, _ := MustServe(t)
	rec := do(t, srv, "GET", "/editions/2019/forums/arena-mullsjo", nil)
	if !strings.Contains(rec.Body.String(), `href="/editions/2019/forums" aria-current="true"`) {
		t.Error("the forum page does not mark Forum in the navigation")
	}
	if strings.Contains(rec.Body.String(), `href="/editions/2019/units" aria-current`) {
		t.Error("the forum page marks Enheter in the navigation")
	}
}
