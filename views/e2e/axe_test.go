package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
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
}

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
		{name: "Rapport", path: "/editions/{year}/rapport"},
		{name: "Tom kartläggning", path: "/editions/{empty}"},
		{name: "Tom karta", path: "/editions/{empty}/maps"},
		{name: "Tom lista", path: "/editions/{empty}/forums", h1: "Forum"},
		{name: "Tom analys", path: "/editions/{empty}/analysis"},
		{name: "Tom partnermatris", path: "/editions/{empty}/analysis/matrix"},
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

// TestAccessibility runs axe-core with the WCAG 2.0 and 2.1 A and AA rules
// on every page type and fails on any violation.
func TestAccessibility(t *testing.T) {
	s := start(t)
	// One tab that gets axe-core in every page it loads: sending the 650 kB
	// script once instead of once a page saves a good part of the run.
	tab := s.longTab(t)
	if err := chromedp.Do(tab, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: s.axe})
		return err
	})); err != nil {
		t.Fatalf("adding axe-core to the tab: %v", err)
	}
	for _, p := range pageTypes() {
		t.Run(p.name, func(t *testing.T) {
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
