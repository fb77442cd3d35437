package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// respondLink makes a chefsenkät that asks for ratings and invites one
// unit of the demo edition (not one the other tests edit); it returns
// the link's address and the survey's id.
func (s *suite) respondLink(t *testing.T) (string, string) {
	t.Helper()
	closes := time.Now().AddDate(0, 1, 0).Format(time.DateOnly)
	resp, err := s.request(http.MethodPost, s.ids.expand("/api/v1/editions/{year}/surveys"),
		strings.NewReader(fmt.Sprintf(`{"kind":"chef","title":"Chefsenkät i webbläsaren","closes":%q,"ratings":true}`, closes)))
	if err != nil {
		t.Fatal(err)
	}
	var created struct{ ID string }
	err = json.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || err != nil {
		t.Fatalf("creating a survey: %s %v", resp.Status, err)
	}
	var units []struct {
		ID string `json:"id"`
	}
	if err := s.getJSON(s.ids.expand("/api/v1/editions/{year}/units"), &units); err != nil {
		t.Fatal(err)
	}
	unit := ""
	for _, u := range units {
		if u.ID != s.ids["unit"] && u.ID != s.ids["review"] {
			unit = u.ID
		}
	}
	resp, err = s.request(http.MethodPost, s.ids.expand("/api/v1/editions/{year}/surveys/"+created.ID+"/invitations"),
		strings.NewReader(fmt.Sprintf(`{"units":[%q]}`, unit)))
	if err != nil {
		t.Fatal(err)
	}
	var links []struct{ URL string }
	err = json.NewDecoder(resp.Body).Decode(&links)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || err != nil || len(links) != 1 {
		t.Fatalf("inviting: %s %v %v", resp.Status, err, links)
	}
	_, token, _ := strings.Cut(links[0].URL, "/enkat/")
	return s.base + "/enkat/" + token, created.ID
}

// tabUntil presses Tab until the focus is on what is wanted; a chef's
// questionnaire has a few hundred stops. Every stop must show its focus.
func tabUntil(t *testing.T, ctx context.Context, what string, want func(focused) bool) {
	t.Helper()
	for range 800 {
		press(t, ctx, kb.Tab)
		f := activeElement(t, ctx)
		if f.Tag != "body" && (!f.Visible || !f.InView) {
			t.Errorf("focus cannot be seen on %s (indicator drawn: %v, on screen: %v)", f, f.Visible, f.InView)
		}
		if want(f) {
			return
		}
	}
	t.Fatalf("Tab never reached %s", what)
}

// TestRespondByKeyboard: a chef opens the link of an invitation on a
// phone, without an account, answers with the keyboard only, saves a
// draft, comes back to it later and sends it in.
func TestRespondByKeyboard(t *testing.T) {
	s := start(t)
	link, _ := s.respondLink(t)
	ctx := s.freshTab(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, link, http.StatusOK)
	if h1 := text(t, ctx, "h1"); h1 != "Chefsenkät i webbläsaren" {
		t.Fatalf("the link opens %q", h1)
	}
	prefilled := eval[int](t, ctx, `document.querySelectorAll("fieldset.respond-forum input[type=hidden][name$='.forum']").length`)

	const uppdrag = "Vi stöttar unga vuxna till arbete"
	tabUntil(t, ctx, "the uppdrag", byID("f-description"))
	typeText(t, ctx, uppdrag)
	if prefilled > 0 {
		// "Stämmer detta fortfarande?" of the first forum the edition
		// knows: Tab reaches the radio group, Space answers ja.
		tabUntil(t, ctx, "the first forum's question", byID("f-forums-0-still-0"))
		press(t, ctx, " ")
	}
	newRow := fmt.Sprintf("f-forums-%d-", prefilled)
	const forum = "Frukostnätverket i webbläsaren"
	tabUntil(t, ctx, "the first empty forum row's name", byID(newRow+"name"))
	typeText(t, ctx, forum)
	tabUntil(t, ctx, "its kind", byID(newRow+"kind"))
	choose(t, ctx, "natverk")
	tabUntil(t, ctx, "its level", byID(newRow+"level"))
	choose(t, ctx, "operativ")
	tabUntil(t, ctx, "its frequency", byID(newRow+"frequency-choice"))
	choose(t, ctx, "1 gång per månad")
	tabUntil(t, ctx, "the button Spara och fortsätt senare", byText("Spara och fortsätt senare"))
	pressEnter(t, ctx, http.StatusOK)
	if flash := text(t, ctx, ".flash"); !strings.Contains(flash, "utkast är sparat") {
		t.Errorf("after saving: %q", flash)
	}

	// Later, in another browser: the draft is there as it was left.
	ctx = s.freshTab(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, link, http.StatusOK)
	if got := eval[string](t, ctx, `document.getElementById("f-description").value`); got != uppdrag {
		t.Errorf("the draft's uppdrag is %q", got)
	}
	if got := eval[string](t, ctx, fmt.Sprintf(`document.getElementById(%q).value`, newRow+"name")); got != forum {
		t.Errorf("the draft's new forum is %q", got)
	}
	if prefilled > 0 && !eval[bool](t, ctx, `document.getElementById("f-forums-0-still-0").checked`) {
		t.Error("the draft lost the answer ja")
	}
	tabUntil(t, ctx, "the button Skicka in", byText("Skicka in"))
	pressEnter(t, ctx, http.StatusOK)
	if h1 := text(t, ctx, "h1"); h1 != "Tack! Ditt svar är inskickat" {
		t.Errorf("after sending in the page is %q", h1)
	}
	if eval[bool](t, ctx, `!!document.querySelector("button[value=submit]")`) {
		t.Error("a sent-in answer can be sent again")
	}
	if !strings.Contains(text(t, ctx, ".respond-receipt"), "öppna svaret igen") {
		t.Error("the receipt does not say the förbund can reopen the answer")
	}
}

// TestRespondAccessible runs axe-core on the questionnaire, the form
// shown again with errors, and the receipt, at a desk's and a phone's
// width, and checks that nothing is wider than a 360 px phone.
func TestRespondAccessible(t *testing.T) {
	s := start(t)
	link, id := s.respondLink(t)
	t.Run("preview", func(t *testing.T) {
		ctx := s.tab(t) // the editor, signed in
		open(t, ctx, s.url("/editions/{year}/enkater/"+id+"/forhandsgranska?enhet={unit}"), http.StatusOK)
		if v := s.axeViolations(t, ctx); len(v) > 0 {
			t.Errorf("the preview: %d axe violations:\n%s", len(v), v)
		}
		if eval[bool](t, ctx, `!!document.querySelector("button[value=submit]")`) {
			t.Error("the preview can be sent")
		}
	})
	for _, width := range []int64{1280, 390, 360} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			ctx := s.freshTab(t)
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 844, chromedp.EmulateMobile)); err != nil {
				t.Fatal(err)
			}
			check := func(what string) {
				if v := s.axeViolations(t, ctx); len(v) > 0 {
					t.Errorf("%s at %d px: %d axe violations:\n%s", what, width, len(v), v)
				}
				wide := eval[[]string](t, ctx, `(() => {
  const w = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= w) return [];
  return [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest(".skip-link"))
    .map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "") + ": " + (e.textContent || "").trim().slice(0, 40));
})()`)
				if len(wide) > 0 {
					t.Errorf("%s is wider than %d px because of:\n%s", what, width, strings.Join(wide, "\n"))
				}
			}
			open(t, ctx, link, http.StatusOK)
			check("the questionnaire")
			if width != 1280 {
				// One column on a phone: the labels above their fields.
				if eval[bool](t, ctx, `(() => { const l = document.querySelector("label[for=f-description]"), f = document.getElementById("f-description");
  return l.getBoundingClientRect().bottom > f.getBoundingClientRect().top; })()`) {
					t.Error("the label is not above its field")
				}
				if h := eval[float64](t, ctx, `document.querySelector(".respond-choice label").getBoundingClientRect().height`); h < 44 {
					t.Errorf("a choice is %.0f px high, want a target of at least 44", h)
				}
			}
			if width != 390 {
				return
			}
			// A new forum without kind and level, sent in: the errors.
			submit(t, ctx, http.StatusUnprocessableEntity,
				chromedp.SetValue(chromedp.CSS(`input[name$=".name"]`), "Ett forum utan typ"),
				chromedp.Click(chromedp.CSS(`button[value=submit]`)))
			check("the questionnaire with errors")
			if got := eval[string](t, ctx, `(() => { const e = document.querySelector('input[name$=".name"][aria-invalid], input[name$=".name"]'); const v = e.value; e.value = ""; return v; })()`); got != "Ett forum utan typ" {
				t.Errorf("the form shown again has %q for the forum's name", got)
			}
			submit(t, ctx, http.StatusOK, chromedp.Click(chromedp.CSS(`button[value=submit]`)))
			check("the receipt")
		})
	}
}

// TestRespondEnterSaves: Enter in a text field saves the draft, as a
// person expects, rather than pressing the first button on the page
// (which adds forum rows).
func TestRespondEnterSaves(t *testing.T) {
	s := start(t)
	link, _ := s.respondLink(t)
	ctx := s.freshTab(t)
	open(t, ctx, link, http.StatusOK)
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`input[name$=".name"]`))); err != nil {
		t.Fatal(err)
	}
	typeText(t, ctx, "Nätverket som sparas med Enter")
	pressEnter(t, ctx, http.StatusOK)
	if flash := text(t, ctx, ".flash"); !strings.Contains(flash, "utkast är sparat") {
		t.Errorf("Enter in a field led to %q, want the draft saved", flash)
	}
	if eval[string](t, ctx, `[...document.querySelectorAll('input[name$=".name"]')].map(e => e.value).join("|")`) == "" {
		t.Error("the saved draft lost the forum's name")
	}
}
