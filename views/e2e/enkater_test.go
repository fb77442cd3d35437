package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// shotsEnv names a directory for the enkät pages' screenshots, to look
// at them; without it they go to a temporary directory.
const shotsEnv = "KARTLAGGNING_ENKAT_SHOTS"

// TestEnkaterPages opens the editor's enkät pages in Chromium at desktop
// and phone width: axe-core finds no WCAG A/AA violation, nothing but a
// table is wider than the phone, and the links page is reached the way
// an editor reaches it, by ticking "Alla enheter" and "Skapa länkar".
func TestEnkaterPages(t *testing.T) {
	s := start(t)
	resp, err := s.request(http.MethodPost, s.ids.expand("/api/v1/editions/{year}/surveys"), strings.NewReader(`{"kind":"chef"}`))
	if err != nil {
		t.Fatal(err)
	}
	var created struct{ ID string }
	json.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || created.ID == "" {
		t.Fatalf("creating the survey: %s", resp.Status)
	}
	base := "/editions/{year}/enkater/" + created.ID
	dir := os.Getenv(shotsEnv)
	if dir == "" {
		dir = t.TempDir()
	}
	createLinks := func(t *testing.T, ctx context.Context) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Click(chromedp.CSS(`#f-all`))); err != nil {
			t.Fatal(err)
		}
		submit(t, ctx, http.StatusOK, chromedp.Click(chromedp.CSS(`main form.enkat-invite .actions button[type=submit]`)))
	}
	emptyTitle := func(t *testing.T, ctx context.Context) {
		t.Helper()
		eval[chromedp.Void](t, ctx, `document.querySelector("#f-title").value = ""`)
		submit(t, ctx, http.StatusUnprocessableEntity, chromedp.Click(chromedp.CSS(`main form .actions button[value=save]`)))
	}
	for _, p := range []struct {
		name, path, h1 string
		then           func(*testing.T, context.Context)
	}{
		{"enkater", "/editions/{year}/enkater", "Enkäter", nil},
		{"enkat", base, "Chefsenkät {year}", nil},
		{"enkat-fel", base, "Chefsenkät {year}", emptyTitle},
		{"inbjudningar", base + "/inbjudningar", "Inbjudningar: Chefsenkät {year}", nil},
		{"lankar", base + "/inbjudningar", "Nya länkar: Chefsenkät {year}", createLinks},
		{"svar", base + "/svar", "Svar: Chefsenkät {year}", nil},
	} {
		for _, width := range []int64{1280, 390} {
			t.Run(fmt.Sprintf("%s-%d", p.name, width), func(t *testing.T) {
				ctx := s.tab(t)
				var opts []chromedp.EmulateViewportOption
				if width < 500 {
					opts = append(opts, chromedp.EmulateMobile)
				}
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900, opts...)); err != nil {
					t.Fatal(err)
				}
				open(t, ctx, s.url(p.path), http.StatusOK)
				if p.then != nil {
					p.then(t, ctx)
				}
				if h1 := text(t, ctx, "h1"); h1 != s.ids.expand(p.h1) {
					t.Errorf("heading %q, want %q", h1, s.ids.expand(p.h1))
				}
				if v := s.axeViolations(t, ctx); len(v) > 0 {
					t.Errorf("%d axe violations:\n%s", len(v), v)
				}
				wide := eval[[]string](t, ctx, `(() => {
  const w = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= w) return [];
  return [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest(".skip-link") && !e.closest(".table-wrap") && !e.closest(".visually-hidden"))
    .map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "") + ": " + (e.textContent || "").trim().slice(0, 40));
})()`)
				if len(wide) > 0 {
					t.Errorf("the page is wider than %d px because of:\n%s", width, strings.Join(wide, "\n"))
				}
				img, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", p.name, width)), img, 0o644); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

// TestEnkatFormEnterSaves: Enter in a text field of the enkät form saves
// it, and does not press the first "Ta bort" of the own questions.
func TestEnkatFormEnterSaves(t *testing.T) {
	s := start(t)
	body := `{"kind":"personal","questions":[{"text":"Första egna frågan"},{"text":"Andra egna frågan"}]}`
	resp, err := s.request(http.MethodPost, s.ids.expand("/api/v1/editions/{year}/surveys"), strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var created struct{ ID string }
	json.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("creating the survey: %s", resp.Status)
	}
	ctx := s.tab(t)
	open(t, ctx, s.url("/editions/{year}/enkater/"+created.ID), http.StatusOK)
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#f-title"), "Personalenkät med Enter")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#f-title"))); err != nil {
		t.Fatal(err)
	}
	pressEnter(t, ctx, http.StatusOK) // the redirect's page
	if flash := text(t, ctx, ".flash"); flash != "Enkäten är sparad." {
		t.Errorf("after Enter: %q", flash)
	}
	if h1 := text(t, ctx, "h1"); h1 != "Personalenkät med Enter" {
		t.Errorf("heading %q", h1)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("button[name=remove]").length`); n != 2 {
		t.Errorf("%d own questions left, want 2", n)
	}
}
