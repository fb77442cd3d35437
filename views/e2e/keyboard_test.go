package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// focused describes the element that has the focus.
type focused struct {
	Tag     string `json:"tag"`
	ID      string `json:"id"`
	Text    string `json:"text"`
	Visible bool   `json:"visible"` // a focus indicator is drawn
	InView  bool   `json:"inView"`  // the element is on screen
	InMain  bool   `json:"inMain"`
}

func (f focused) String() string {
	return fmt.Sprintf("<%s id=%q> %q", f.Tag, f.ID, f.Text)
}

// focusJS reads the focused element and whether its focus can be seen: an
// outline of at least 2px or a box shadow, on an element that is on screen.
const focusJS = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return JSON.stringify({tag: "body"});
  const cs = getComputedStyle(e);
  const clear = c => c === "transparent" || c === "rgba(0, 0, 0, 0)";
  const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2 && !clear(cs.outlineColor);
  const shadow = cs.boxShadow !== "none";
  const r = e.getBoundingClientRect();
  return JSON.stringify({
    tag: e.tagName.toLowerCase(), id: e.id,
    text: (e.innerText || e.value || e.getAttribute("aria-label") || "").replace(/\s+/g, " ").trim().slice(0, 80),
    visible: outline || shadow,
    inView: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
    inMain: !!e.closest("main"),
  });
})()`

func activeElement(t *testing.T, ctx context.Context) focused {
	t.Helper()
	var f focused
	if err := json.Unmarshal([]byte(eval[string](t, ctx, focusJS)), &f); err != nil {
		t.Fatal(err)
	}
	return f
}

func press(t *testing.T, ctx context.Context, key string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(key)); err != nil {
		t.Fatalf("pressing %q: %v", key, err)
	}
}

// tabTo presses Tab until the focused element is the one wanted, as a
// keyboard user does, and checks on the way that every stop shows its focus.
func tabTo(t *testing.T, ctx context.Context, what string, want func(focused) bool) focused {
	t.Helper()
	var seen []string
	for range 150 {
		press(t, ctx, kb.Tab)
		f := activeElement(t, ctx)
		if f.Tag != "body" && (!f.Visible || !f.InView) {
			t.Errorf("focus cannot be seen on %s (indicator drawn: %v, on screen: %v)", f, f.Visible, f.InView)
		}
		if want(f) {
			return f
		}
		seen = append(seen, f.String())
	}
	t.Fatalf("Tab never reached %s; it went through:\n%s", what, strings.Join(seen, "\n"))
	return focused{}
}

func byID(id string) func(focused) bool { return func(f focused) bool { return f.ID == id } }

func byText(text string) func(focused) bool { return func(f focused) bool { return f.Text == text } }

// choose picks an option of the focused select with the arrow keys, which
// change a closed select's value without opening it.
func choose(t *testing.T, ctx context.Context, value string) {
	t.Helper()
	for range 300 {
		if eval[string](t, ctx, `document.activeElement.value`) == value {
			return
		}
		press(t, ctx, kb.ArrowDown)
	}
	t.Fatalf("the arrow keys never selected %q in %s", value, activeElement(t, ctx))
}

// typeText types into the focused input as a keyboard does.
func typeText(t *testing.T, ctx context.Context, s string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(s)); err != nil {
		t.Fatalf("typing %q: %v", s, err)
	}
}

// followLink presses Enter on a focused link that stays on the page. A
// link acts on the key's keydown; Chrome then drops the key's keypress,
// which chromedp's KeyEvent would send as a char event of its own to
// whatever the link moved the focus to (submitting that field's form).
func followLink(t *testing.T, ctx context.Context) {
	t.Helper()
	key := input.DispatchKeyEventParams{Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		down, up := key, key
		down.Type, up.Type = input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp
		if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, down); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, up)
		return err
	})); err != nil {
		t.Fatalf("pressing Enter: %v", err)
	}
}

// pressEnter presses Enter on what has the focus and waits for the page it
// leads to.
func pressEnter(t *testing.T, ctx context.Context, want int) {
	t.Helper()
	submit(t, ctx, want, chromedp.KeyEvent(kb.Enter))
}

// TestKeyboardForumWithMembers records a forum and two of its members with
// Tab, the arrow keys, typing and Enter only.
func TestKeyboardForumWithMembers(t *testing.T) {
	s := start(t)
	ctx := s.tab(t)
	var units []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	if err := s.getJSON(s.ids.expand("/api/v1/editions/{year}/units"), &units); err != nil {
		t.Fatal(err)
	}
	if len(units) < 2 {
		t.Fatalf("the demo edition has %d units, want 2 or more", len(units))
	}
	first, second := units[0], units[len(units)-1]

	open(t, ctx, s.url("/editions/{year}/forums"), http.StatusOK)
	tabTo(t, ctx, "the link Nytt forum", byText("Nytt forum"))
	pressEnter(t, ctx, http.StatusOK)

	// The name is forgotten at first: the form comes back with the errors
	// first, what was chosen kept, and a link that leads to the field.
	const name = "Tangentbordsnätverket för unga vuxna"
	tabTo(t, ctx, "the kind select", byID("f-kind"))
	choose(t, ctx, "natverk")
	tabTo(t, ctx, "the level select", byID("f-level"))
	choose(t, ctx, "operativ")
	tabTo(t, ctx, "the button Skapa", byText("Skapa"))
	pressEnter(t, ctx, http.StatusUnprocessableEntity)
	if f := activeElement(t, ctx); !strings.Contains(f.Text, "fel att rätta") {
		t.Errorf("after the failed save the focus is on %s, want the error summary", f)
	}
	if kind, level := eval[string](t, ctx, `document.getElementById("f-kind").value`), eval[string](t, ctx, `document.getElementById("f-level").value`); kind != "natverk" || level != "operativ" {
		t.Errorf("the form lost the choices: kind %q, level %q", kind, level)
	}
	tabTo(t, ctx, "the summary's link to Namn", func(f focused) bool { return f.Tag == "a" && strings.Contains(f.Text, "Namn") })
	followLink(t, ctx)
	if f := activeElement(t, ctx); f.ID != "f-name" {
		t.Fatalf("the summary's link led to %s, want the name input", f)
	}
	typeText(t, ctx, name)
	tabTo(t, ctx, "the button Skapa", byText("Skapa"))
	pressEnter(t, ctx, http.StatusOK)
	if h1 := text(t, ctx, "h1"); h1 != name {
		t.Fatalf("after Skapa the page is %q, want the new forum %q", h1, name)
	}
	if flash := text(t, ctx, ".flash"); flash != "Forumet är skapat." {
		t.Errorf("flash = %q", flash)
	}

	for i, u := range []struct{ id, name, representative string }{
		{first.ID, first.Name, "Enhetschef"},
		{second.ID, second.Name, "Handläggare"},
	} {
		tabTo(t, ctx, "the member's unit select", byID("f-unit"))
		choose(t, ctx, u.id)
		tabTo(t, ctx, "the role select", byID("f-role"))
		choose(t, ctx, "ledamot")
		tabTo(t, ctx, "the representative input", byID("f-representative"))
		typeText(t, ctx, u.representative)
		tabTo(t, ctx, "the button Lägg till deltagare", byText("Lägg till deltagare"))
		pressEnter(t, ctx, http.StatusOK)
		rows := eval[[]string](t, ctx, `[...document.querySelectorAll("#deltagare ~ .table-wrap tbody tr")].map(r => r.innerText.replace(/\s+/g, " "))`)
		if len(rows) != i+1 {
			t.Fatalf("after adding member %d the table has %d rows: %q", i+1, len(rows), rows)
		}
		if row := rows[i]; !strings.Contains(row, u.name) || !strings.Contains(row, "Ledamot") || !strings.Contains(row, u.representative) {
			t.Errorf("member row %d = %q, want %s, Ledamot, %s", i+1, row, u.name, u.representative)
		}
	}
}

// TestSkipLink checks on each kind of page that the first Tab reaches a
// visible skip link and that Enter on it moves the focus to the content.
func TestSkipLink(t *testing.T) {
	s := start(t)
	for _, path := range []string{"/", "/editions/{year}", "/editions/{year}/units/{unit}", "/editions/{year}/forums/{forum}/edit", "/tillganglighet"} {
		t.Run(path, func(t *testing.T) {
			ctx := s.tab(t)
			open(t, ctx, s.url(path), http.StatusOK)
			press(t, ctx, kb.Tab)
			f := activeElement(t, ctx)
			if f.Text != "Hoppa till innehållet" {
				t.Fatalf("the first Tab focuses %s, want the skip link", f)
			}
			if !f.Visible || !f.InView {
				t.Errorf("the focused skip link cannot be seen (indicator: %v, on screen: %v)", f.Visible, f.InView)
			}
			followLink(t, ctx)
			if f := activeElement(t, ctx); f.ID != "innehall" {
				t.Fatalf("after Enter on the skip link the focus is on %s, want main#innehall", f)
			}
			press(t, ctx, kb.Tab)
			if f := activeElement(t, ctx); !f.InMain {
				t.Errorf("the Tab after the skip link focuses %s, outside the content", f)
			}
		})
	}
}
