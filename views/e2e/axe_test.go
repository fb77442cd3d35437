package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// pageType is one kind of page the service has. Add a row for every new
// page type: the test opens it, checks its status and runs axe-core on it.
type pageType struct {
	name   string
	path   string // with {year}, {unit}, … from the demo edition (see ids)
	status int    // of the page that is checked; 0 means 200
	h1     string // the page's heading, when the test should check it
	// then leads from the page at path to the one that is checked (a form
	// submitted with errors, a stale version); it returns the steps that
	// end in the navigation.
	then func(t *testing.T, ctx context.Context) []chromedp.Action[chromedp.Void]
	// as is who looks at the page: the admin (""), someone not signed in
	// (anonymous) or the manager of the unit under review (manager).
	as string
	// before prepares what the page shows, through the API.
	before func(t *testing.T, s *suite)
}

// Who looks at a page, besides the admin.
const (
	anonymous = "anonym"
	manager   = "enhetschef"
)

// kinds are the entities of an edition, with the placeholder of the record
// whose pages are checked.
var kinds = []struct{ plural, id string }{
	{"municipalities", "{municipality}"},
	{"organisations", "{organisation}"},
	{"units", "{unit}"},
	{"forums", "{forum}"},
}

func pageTypes() []pageType {
	pages := []pageType{
		{name: "Kartläggningar", path: "/"},
		{name: "Ny kartläggning", path: "/editions/new"},
		{name: "Ny kartläggning med fel", path: "/editions/new", status: http.StatusUnprocessableEntity, then: submitEmpty},
		{name: "Kartläggning", path: "/editions/{year}"},
		{name: "Redigera kartläggning", path: "/editions/{year}/edit"},
		{name: "Tillgänglighet", path: "/tillganglighet", h1: "Tillgänglighetsredogörelse"},
		{name: "Sidan finns inte", path: "/editions/{year}/units/finns-inte", status: http.StatusNotFound, h1: "Sidan finns inte"},
		{name: "Okänd adress", path: "/finns/inte", status: http.StatusNotFound, h1: "Sidan finns inte"},
		{name: "Åtkomst nekad", path: "/editions/{year}/units/{unit}/delete", status: http.StatusForbidden, then: submitFromOtherSite, h1: "Åtkomst nekad"},
		{name: "Konflikt", path: "/editions/{year}/units/{unit}/edit", status: http.StatusPreconditionFailed, then: submitStale, h1: "Någon annan har ändrat uppgifterna"},
		{name: "Ändra deltagare", path: "/editions/{year}/forums/{forum}/members/0/edit"},
		{name: "Sök enheter", path: "/editions/{year}/units?q=st%C3%B6d"},
		{name: "Sök forum utan träff", path: "/editions/{year}/forums?q=zzzz"},
		{name: "Analys", path: "/editions/{year}/analysis"},
		{name: "Överlappande forum", path: "/editions/{year}/analysis/overlaps"},
		{name: "Partnermatris", path: "/editions/{year}/analysis/matrix"},
		{name: "Nyckeltal", path: "/editions/{year}/analysis/metrics"},
		{name: "Kommunens sammanställning", path: "/editions/{year}/municipalities/{municipality}/summary"},
		{name: "Jämför, välj år", path: "/editions/{year}/diff"},
		{name: "Jämförelse", path: "/editions/{year}/diff/{next}"},
		{name: "Nästa års kartläggning", path: "/editions/{next}"},
		{name: "Karta", path: "/editions/{year}/maps"},
		{name: "Filtrerad karta", path: "/editions/{year}/maps?level=operativ&formal=true"},
		{name: "Enheternas karta", path: "/editions/{year}/maps/units"},
		{name: "Välj kommun för karta", path: "/editions/{year}/maps/municipality"},
		{name: "Välj enhet för karta", path: "/editions/{year}/maps/unit"},
		{name: "Välj forum för karta", path: "/editions/{year}/maps/forum"},
		{name: "Kommunens karta", path: "/editions/{year}/maps/municipality/{municipality}"},
		{name: "Enhetens karta", path: "/editions/{year}/maps/unit/{unit}"},
		{name: "Forumets karta", path: "/editions/{year}/maps/forum/{forum}"},
		{name: "Kommunens karta för A4", path: "/editions/{year}/maps/municipality/{municipality}?utskrift=a4"},
		{name: "Översikten som matris", path: "/editions/{year}/maps?visa=matris"},
		{name: "Rapport", path: "/editions/{year}/rapport"},
		{name: "Logga in", path: "/login?next=%2Feditions%2F{year}", as: anonymous, h1: "Logga in"},
		{name: "Logga in med fel", path: "/login", as: anonymous, status: http.StatusUnauthorized, then: submitWrongPassword},
		{name: "Konton", path: "/users", h1: "Konton och API-token"},
		{name: "Ny token", path: "/users", then: submitNewToken},
		{name: "Nytt konto", path: "/users/new", h1: "Nytt konto"},
		{name: "Nytt konto med fel", path: "/users/new", status: http.StatusUnprocessableEntity, then: submitEmpty},
		{name: "Redigera konto", path: "/users/" + adminEmail},
		{name: "Påseende", path: "/editions/{year}/review", h1: "Påseende"},
		{name: "Enhetens påseende", path: "/editions/{year}/units/{review}/review", as: manager},
		{name: "Enhetens påseende med fel", path: "/editions/{year}/units/{review}/review", as: manager, status: http.StatusUnprocessableEntity, then: submitChangesWithoutComment},
		{name: "Kartläggning som enhetschef", path: "/editions/{year}", as: manager},
		{name: "Åtkomst nekad för enhetschef", path: "/editions/{year}/forums/{forum}/edit", as: manager, status: http.StatusForbidden, h1: "Åtkomst nekad"},
		{name: "Ändringslogg", path: "/editions/{year}/history", h1: "Ändringslogg"},
		{name: "Filtrerad ändringslogg", path: "/editions/{year}/history?actor=system&from=2000-01-01&to=2000-01-02"},
		{name: "Postens historik", path: "/editions/{year}/units/{unit}/history", before: saveUnitUnchanged},
		{name: "Postens tomma historik", path: "/editions/{year}/organisations/{organisation}/history"},
		{name: "Tom kartläggning", path: "/editions/{empty}"},
		{name: "Tom karta", path: "/editions/{empty}/maps"},
		{name: "Tom lista", path: "/editions/{empty}/forums", h1: "Forum"},
		{name: "Tom analys", path: "/editions/{empty}/analysis"},
		{name: "Tom partnermatris", path: "/editions/{empty}/analysis/matrix"},
		{name: "Nätverket som helhet", path: "/editions/{year}/analysis/network", h1: "Nätverket som helhet"},
		{name: "Kommunens nätverk", path: "/editions/{year}/analysis/network?municipality={municipality}"},
		{name: "Tomt nätverk", path: "/editions/{empty}/analysis/network"},
		{name: "Parter som saknas", path: "/editions/{year}/analysis/coverage", h1: "Parter som saknas i forumen"},
		{name: "Parter som saknas, alla på en nivå", path: "/editions/{year}/analysis/coverage?all=true&level=operativ&sort=forum"},
		{name: "Tom täckning", path: "/editions/{empty}/analysis/coverage"},
		{name: "Överlappande forum som par", path: "/editions/{year}/analysis/overlaps?group=false"},
		{name: "Överlappande forum med fel", path: "/editions/{year}/analysis/overlaps?min=2", status: http.StatusBadRequest},
		{name: "Kommunens utveckling", path: "/editions/{year}/municipalities/{municipality}/trends"},
		{name: "Enhetens utveckling", path: "/editions/{year}/units/{unit}/trends"},
	}
	for _, k := range kinds {
		base := "/editions/{year}/" + k.plural
		pages = append(pages,
			pageType{name: k.plural + " lista", path: base},
			pageType{name: k.plural + " visa", path: base + "/" + k.id},
			pageType{name: k.plural + " ny", path: base + "/new"},
			pageType{name: k.plural + " ny med fel", path: base + "/new", status: http.StatusUnprocessableEntity, then: submitEmpty},
			pageType{name: k.plural + " redigera", path: base + "/" + k.id + "/edit"},
			pageType{name: k.plural + " ta bort", path: base + "/" + k.id + "/delete"},
		)
	}
	return pages
}

// submitEmpty empties the form's required text inputs and submits it.
func submitEmpty(t *testing.T, ctx context.Context) []chromedp.Action[chromedp.Void] {
	eval[chromedp.Void](t, ctx, `document.querySelectorAll("main form input[required]").forEach(i => i.value = "")`)
	return []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.CSS(`main form button[type=submit]`))}
}

// submitFromOtherSite posts the page's form from another site, as a forged
// form does; the service must refuse it.
func submitFromOtherSite(t *testing.T, ctx context.Context) []chromedp.Action[chromedp.Void] {
	action := eval[string](t, ctx, `document.querySelector("main form[method=post]").action`)
	forger := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="sv"><title>Annan webbplats</title>
<form method="post" action="%s"><input type="hidden" name="_version" value="1"><button type="submit">Skicka</button></form>`, html.EscapeString(action))
	}))
	t.Cleanup(forger.Close)
	open(t, ctx, forger.URL, http.StatusOK)
	return []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.CSS(`form button[type=submit]`))}
}

// submitStale saves a form opened at a version someone has since changed.
func submitStale(t *testing.T, ctx context.Context) []chromedp.Action[chromedp.Void] {
	eval[chromedp.Void](t, ctx, `document.querySelector("input[name=_version]").value = "999999"`)
	return []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.CSS(`main form button[type=submit]`))}
}

// submitWrongPassword tries to log in with a password that is wrong.
func submitWrongPassword(t *testing.T, ctx context.Context) []chromedp.Action[chromedp.Void] {
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-email"), "ingen-sadan@example.se"),
		chromedp.SendKeys(chromedp.ID("f-password"), "fel lösenord"),
	); err != nil {
		t.Fatal(err)
	}
	return []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.CSS(`main form button[type=submit]`))}
}

// submitNewToken creates an API token, whose secret the page shows once.
func submitNewToken(t *testing.T, ctx context.Context) []chromedp.Action[chromedp.Void] {
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("f-name"), "Granskning med axe")); err != nil {
		t.Fatal(err)
	}
	return []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.Search(`//main//button[normalize-space()="Skapa token"]`))}
}

// submitChangesWithoutComment asks for changes without saying which.
func submitChangesWithoutComment(t *testing.T, ctx context.Context) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.Search(`//main//button[normalize-space()="Begär ändringar"]`))}
}

// saveUnitUnchanged saves the unit as it is, so that its history has a row.
func saveUnitUnchanged(t *testing.T, s *suite) {
	path := s.ids.expand("/api/v1/editions/{year}/units/{unit}")
	resp, err := s.request(http.MethodGet, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	put, err := http.NewRequest(http.MethodPut, s.base+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	put.Header.Set("Authorization", "Bearer "+s.token)
	put.Header.Set("Content-Type", "application/json")
	put.Header.Set("If-Match", resp.Header.Get("ETag"))
	saved, err := http.DefaultClient.Do(put)
	if err != nil {
		t.Fatal(err)
	}
	saved.Body.Close()
	if saved.StatusCode != http.StatusOK {
		t.Fatalf("saving the unit: %s", saved.Status)
	}
}

// axeTab opens a tab that gets axe-core in every page it loads: sending
// the 650 kB script once instead of once a page saves a good part of the
// run. A tab for someone else than the admin has a browser context of its
// own, signed in as that person.
func (s *suite) axeTab(t *testing.T, as string) context.Context {
	t.Helper()
	var tab context.Context
	if as == "" {
		tab = s.longTab(t)
	} else {
		tab = s.longTab(t, chromedp.WithNewBrowserContext())
	}
	if err := chromedp.Do(tab, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: s.axe})
		return err
	})); err != nil {
		t.Fatalf("adding axe-core to the tab: %v", err)
	}
	if as == manager {
		s.manager(t)
		ctx, cancel := context.WithTimeout(tab, pageTimeout)
		defer cancel()
		if err := s.signIn(ctx, managerEmail, managerPassword); err != nil {
			t.Fatal(err)
		}
	}
	return tab
}

// TestAccessibility runs axe-core with the WCAG 2.0 and 2.1 A and AA rules
// on every page type and fails on any violation.
func TestAccessibility(t *testing.T) {
	s := start(t)
	pages := pageTypes()
	tabs := map[string]context.Context{}
	for _, p := range pages {
		if _, ok := tabs[p.as]; !ok {
			tabs[p.as] = s.axeTab(t, p.as)
		}
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			tab := tabs[p.as]
			if p.before != nil {
				p.before(t, s)
			}
			ctx, cancel := context.WithTimeout(tab, pageTimeout)
			defer cancel()
			want := p.status
			if want == 0 {
				want = http.StatusOK
			}
			if p.then == nil {
				open(t, ctx, s.url(p.path), want)
			} else {
				open(t, ctx, s.url(p.path), http.StatusOK)
				submit(t, ctx, want, p.then(t, ctx)...)
			}
			if p.h1 != "" {
				if h1 := text(t, ctx, "h1"); h1 != p.h1 {
					t.Errorf("the page's heading is %q, want %q", h1, p.h1)
				}
			}
			if v := s.axeViolations(t, ctx); len(v) > 0 {
				t.Errorf("%s (%s): %d axe violations:\n%s", p.name, p.path, len(v), v)
			}
		})
	}
}

// violation is what axe reports about one rule.
type violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	URL    string `json:"helpUrl"`
	Nodes  []struct {
		Target  string `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

type violations []violation

func (vs violations) String() string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "- %s (%s): %s\n  %s\n", v.ID, v.Impact, v.Help, v.URL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "    at %s: %s\n      %s\n", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      "))
		}
	}
	return b.String()
}

const axeRun = `(async () => {
  const r = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    resultTypes: ["violations"],
  });
  return JSON.stringify(r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html, summary: n.failureSummary})),
  })));
})()`

// axeViolations runs axe-core in the page, injecting it first unless the
// tab already adds it to every page.
func (s *suite) axeViolations(t *testing.T, ctx context.Context) violations {
	t.Helper()
	if !eval[bool](t, ctx, `typeof axe === "object"`) {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](s.axe)); err != nil {
			t.Fatalf("injecting axe-core: %v", err)
		}
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running axe-core: %v", err)
	}
	var vs violations
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatalf("reading axe-core's result: %v", err)
	}
	return vs
}
