package e2e_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The manager (enhetschef) of the unit under review, {review}.
const (
	managerEmail    = "e2e-chef@example.se"
	managerPassword = "chefens eget långa lösenord"
)

// manager makes the manager's account, once, as an admin does: with the
// form on /users/new, binding it to the unit under review.
func (s *suite) manager(t *testing.T) {
	t.Helper()
	s.managerOnce.Do(func() {
		s.managerErr = errors.New("making the manager's account failed in an earlier test")
		s.createManager(t)
		s.managerErr = nil
	})
	if s.managerErr != nil {
		t.Fatal(s.managerErr)
	}
}

func (s *suite) createManager(t *testing.T) {
	t.Helper()
	ctx := s.tab(t)
	open(t, ctx, s.url("/users"), http.StatusOK)
	submit(t, ctx, http.StatusOK, chromedp.Click(chromedp.Search(`//main//a[normalize-space()="Nytt konto"]`)))
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-email"), managerEmail),
		chromedp.SendKeys(chromedp.ID("f-name"), "Enhetschef för testerna"),
		chromedp.SetValue(chromedp.ID("f-role"), "manager"),
		chromedp.Click(chromedp.CSS(`main input[name=units][value="`+s.ids["review"]+`"]`)),
		chromedp.SendKeys(chromedp.ID("f-password"), managerPassword),
	); err != nil {
		t.Fatalf("filling in the new account's form: %v", err)
	}
	submit(t, ctx, http.StatusOK, chromedp.Click(chromedp.CSS(`main form button[type=submit]`)))
	if flash := text(t, ctx, ".flash"); flash != "Kontot "+managerEmail+" är skapat." {
		t.Fatalf("after creating the account the flash says %q", flash)
	}
	row := eval[string](t, ctx, `(() => {
  const r = [...document.querySelectorAll("main table tbody tr")].find(r => r.cells[0].textContent.trim() === `+jsString(managerEmail)+`);
  return r ? r.innerText.replace(/\s+/g, " ") : "";
})()`)
	if !strings.Contains(row, "Enhetschef") || !strings.Contains(row, s.ids["review"]) {
		t.Fatalf("the list of accounts shows the new manager as %q, want the role Enhetschef and the unit %s", row, s.ids["review"])
	}
}

// jsString quotes a Go string as a JavaScript string literal.
func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// TestKeyboardLoginLogout signs in and out with Tab, typing and Enter: a
// page asked for leads to the login form, a wrong password is reported
// with the focus on the error, the right one leads to the page asked for,
// and after logging out the session is gone.
func TestKeyboardLoginLogout(t *testing.T) {
	s := start(t)
	ctx := s.freshTab(t)
	asked := s.ids.expand("/editions/{year}/units")
	open(t, ctx, s.base+asked, http.StatusOK)
	if loc := eval[string](t, ctx, `location.pathname + location.search`); loc != "/login?next="+url.QueryEscape(asked) {
		t.Fatalf("without signing in, %s led to %s, want the login page with next", asked, loc)
	}
	if h1 := text(t, ctx, "h1"); h1 != "Logga in" {
		t.Fatalf("the login page's heading is %q", h1)
	}

	loginButton := func(f focused) bool { return f.InMain && f.Tag == "button" && f.Text == "Logga in" }
	tabTo(t, ctx, "the e-mail input", byID("f-email"))
	typeText(t, ctx, adminEmail)
	tabTo(t, ctx, "the password input", byID("f-password"))
	typeText(t, ctx, "inte mitt lösenord")
	tabTo(t, ctx, "the button Logga in", loginButton)
	pressEnter(t, ctx, http.StatusUnauthorized)
	if summary := text(t, ctx, ".error-summary"); !strings.Contains(summary, "Fel e-postadress eller lösenord.") {
		t.Errorf("a wrong password is reported as %q", summary)
	}
	if f := activeElement(t, ctx); !strings.Contains(f.Text, "fel att rätta") {
		t.Errorf("after the failed login the focus is on %s, want the error summary", f)
	}
	if v := eval[string](t, ctx, `document.getElementById("f-email").value`); v != adminEmail {
		t.Errorf("the form lost the e-mail address: %q", v)
	}
	if v := eval[string](t, ctx, `document.getElementById("f-password").value`); v != "" {
		t.Errorf("the form sends the wrong password back into the page")
	}

	tabTo(t, ctx, "the password input", byID("f-password"))
	typeText(t, ctx, adminPassword)
	pressEnter(t, ctx, http.StatusOK) // Enter in the field sends the form
	if loc := eval[string](t, ctx, `location.pathname`); loc != asked {
		t.Fatalf("after logging in the page is %s, want the page asked for, %s", loc, asked)
	}
	if flash := text(t, ctx, ".flash"); flash != "Du är inloggad som "+adminEmail+"." {
		t.Errorf("flash = %q", flash)
	}
	if who := eval[string](t, ctx, signedInJS); who != adminEmail {
		t.Errorf("the header names %q as signed in, want %s", who, adminEmail)
	}
	session := sessionCookie(t, ctx)
	if session == nil {
		t.Fatal("after logging in the browser has no session cookie")
	}
	if !session.HTTPOnly || session.SameSite != network.CookieSameSiteLax {
		t.Errorf("the session cookie is HttpOnly=%v SameSite=%q, want HttpOnly and Lax", session.HTTPOnly, session.SameSite)
	}

	tabTo(t, ctx, "the button Logga ut", func(f focused) bool { return f.Tag == "button" && f.Text == "Logga ut" })
	pressEnter(t, ctx, http.StatusOK)
	if loc := eval[string](t, ctx, `location.pathname`); loc != "/login" {
		t.Errorf("after logging out the page is %s, want /login", loc)
	}
	if flash := text(t, ctx, ".flash"); flash != "Du är utloggad." {
		t.Errorf("flash = %q", flash)
	}
	if who := eval[string](t, ctx, signedInJS); who != "" {
		t.Errorf("after logging out the header still names %q", who)
	}
	open(t, ctx, s.base+asked, http.StatusOK)
	if loc := eval[string](t, ctx, `location.pathname`); loc != "/login" {
		t.Errorf("after logging out %s opens as %s, want the login page", asked, loc)
	}

	// The old cookie, had someone kept it, no longer opens anything.
	req, err := http.NewRequest(http.MethodGet, s.base+asked, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.AddCookie(&http.Cookie{Name: session.Name, Value: session.Value})
	resp, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
		t.Errorf("the logged-out session's cookie still opens %s: %s, Location %q", asked, resp.Status, loc)
	}
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// sessionCookie is the browser's session cookie for the service, or nil.
func sessionCookie(t *testing.T, ctx context.Context) *network.Cookie {
	t.Helper()
	res, err := chromedp.Run(ctx, chromedp.Action[network.GetCookiesResult](func(ctx context.Context, tg *chromedp.Target) (network.GetCookiesResult, error) {
		return cdp.Call(ctx, tg, network.GetCookies, network.GetCookiesParams{})
	}))
	if err != nil {
		t.Fatalf("reading the cookies: %v", err)
	}
	for _, c := range res.Cookies {
		if c.Name == "session" {
			return c
		}
	}
	return nil
}

// TestReviewConfirm is the påseende: the editor sends a unit its section;
// the unit's manager, in a browser of their own, reads it and confirms it;
// the editor, signing in again, sees the confirmation on the dashboard.
func TestReviewConfirm(t *testing.T) {
	s := start(t)
	s.manager(t)
	unit := s.ids["review"]
	var info struct {
		Name string `json:"name"`
	}
	if err := s.getJSON(s.ids.expand("/api/v1/editions/{year}/units/{review}"), &info); err != nil {
		t.Fatal(err)
	}
	status := func(ctx context.Context) string {
		t.Helper()
		return eval[string](t, ctx, `(() => {
  const box = document.getElementById(`+jsString("skicka-"+unit)+`);
  return box ? box.closest("tr").querySelector(".badge").textContent.trim() : "(no row)";
})()`)
	}

	editor := s.tab(t)
	open(t, editor, s.url("/editions/{year}/review"), http.StatusOK)
	if got := status(editor); got != "Ej skickad" {
		t.Fatalf("before sending, the dashboard says %q for %s", got, unit)
	}
	if err := chromedp.Do(editor, chromedp.Click(chromedp.ID("skicka-"+unit))); err != nil {
		t.Fatal(err)
	}
	submit(t, editor, http.StatusOK, chromedp.Click(chromedp.Search(`//main//button[normalize-space()="Skicka valda för påseende"]`)))
	if flash := text(t, editor, ".flash"); flash != "1 avsnitt är skickat för påseende." {
		t.Errorf("flash = %q", flash)
	}
	if got := status(editor); got != "Skickad för påseende" {
		t.Fatalf("after sending, the dashboard says %q for %s", got, unit)
	}

	manager := s.tabAs(t, managerEmail, managerPassword)
	// Signing in lands on the list of editions: it names the section that
	// waits, linked to its review page, and passes axe.
	open(t, manager, s.url("/"), http.StatusOK)
	if box := text(t, manager, "main .pending-review"); !strings.Contains(box, "Väntar på ditt påseende") || !strings.Contains(box, info.Name) {
		t.Errorf("the manager's start page says %q, want the section of %q waiting", box, info.Name)
	}
	if href := eval[string](t, manager, `document.querySelector("main .pending-review a").getAttribute("href")`); href != s.ids.expand("/editions/{year}/units/{review}/review") {
		t.Errorf("the waiting section links to %q", href)
	}
	if vs := s.axeViolations(t, manager); len(vs) > 0 {
		t.Errorf("axe on the manager's start page:\n%s", vs)
	}
	open(t, manager, s.url("/editions/{year}/units/{review}/review"), http.StatusOK)
	if h2 := text(t, manager, "main .review-preview h2"); h2 != info.Name {
		t.Errorf("the section to review is headed %q, want the unit %q", h2, info.Name)
	}
	if notice := text(t, manager, "main p.notice:not(:has(.badge))"); !strings.Contains(notice, "Skickad för påseende") {
		t.Errorf("the manager is told %q, want that the section is sent for påseende", notice)
	}
	submit(t, manager, http.StatusOK, chromedp.Click(chromedp.Search(`//main//button[normalize-space()="Bekräfta avsnittet"]`)))
	if flash := text(t, manager, ".flash"); flash != "Tack! Avsnittet är bekräftat." {
		t.Errorf("flash = %q", flash)
	}
	if notice := text(t, manager, "main p.notice:not(:has(.badge))"); !strings.Contains(notice, "Bekräftad") {
		t.Errorf("after confirming, the manager is told %q", notice)
	}

	again := s.freshTab(t)
	open(t, again, s.url("/editions/{year}/review"), http.StatusOK)
	after, err := fillLogin(again, adminEmail, adminPassword)
	if err != nil {
		t.Fatal(err)
	}
	if loc := eval[string](t, again, `location.pathname`); after.Status != http.StatusOK || loc != s.ids.expand("/editions/{year}/review") {
		t.Fatalf("logging in from the dashboard's address ended at %s (%d)", loc, after.Status)
	}
	if got := status(again); got != "Bekräftad" {
		t.Errorf("after the manager confirmed, the dashboard says %q for %s", got, unit)
	}

	// The unit's history says who confirmed it.
	open(t, again, s.url("/editions/{year}/units/{review}/history"), http.StatusOK)
	latest := eval[[]string](t, again, `[...(document.querySelector("main table tbody tr") || {cells: []}).cells].map(c => c.textContent.trim())`)
	if len(latest) < 3 || latest[1] != managerEmail || latest[2] != "Ändrade" {
		t.Errorf("the unit's latest change reads %q, want %s, Ändrade", latest, managerEmail)
	}
}

// TestManagerPermissions: a manager edits their own unit, nothing else;
// a form they may not use answers with a Swedish 403 page.
func TestManagerPermissions(t *testing.T) {
	s := start(t)
	s.manager(t)
	ctx := s.tabAs(t, managerEmail, managerPassword)

	open(t, ctx, s.url("/editions/{year}/forums/{forum}/edit"), http.StatusForbidden)
	if h1 := text(t, ctx, "h1"); h1 != "Åtkomst nekad" {
		t.Errorf("the 403 page's heading is %q", h1)
	}
	if lead := text(t, ctx, "main .lead"); lead != "Du har inte behörighet att ändra i kartläggningen." {
		t.Errorf("the 403 page says %q", lead)
	}
	if body := text(t, ctx, "main"); strings.Contains(body, "Ladda om sidan") {
		t.Errorf("the 403 page tells a manager without the right to reload the page:\n%s", body)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("main form input[name=name]").length`); n != 0 {
		t.Errorf("the 403 page shows the forum's form")
	}
	if who := eval[string](t, ctx, signedInJS); who != managerEmail {
		t.Errorf("the 403 page's header names %q as signed in", who)
	}

	open(t, ctx, s.url("/editions/{year}/units/{unit}/edit"), http.StatusForbidden)
	open(t, ctx, s.url("/editions/{year}/review"), http.StatusForbidden)
	open(t, ctx, s.url("/editions/{year}/units/{review}/edit"), http.StatusOK)
	if n := eval[int](t, ctx, `document.querySelectorAll("header .account a[href='/users']").length`); n != 0 {
		t.Errorf("the header offers a manager the administration of accounts")
	}
}

// TestFirstRunSetup starts the service on a new, empty database as a new
// user would: the first page is the setup form, which passes axe, and the
// admin it creates is signed in at once.
func TestFirstRunSetup(t *testing.T) {
	s := start(t)
	base, err := s.launch(filepath.Join(s.dir, "kartlaggning"), filepath.Join(s.dir, "forsta.db"), filepath.Join(s.dir, "forsta.log"))
	if err != nil {
		t.Fatal(err)
	}
	tab := s.freshTab(t)
	ctx, cancel := context.WithTimeout(tab, pageTimeout)
	defer cancel()
	var at string
	if _, err := chromedp.Run(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	at = eval[string](t, ctx, `location.pathname`)
	if at != "/setup" {
		t.Fatalf("the first page of a new installation is %s, want /setup", at)
	}
	if vs := s.axeViolations(t, ctx); len(vs) > 0 {
		t.Errorf("axe on the setup page: %v", vs)
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`main input[name=email]`), "forsta@forbundet.se"),
		chromedp.SendKeys(chromedp.CSS(`main input[name=password]`), "ett första långt lösenord"),
	); err != nil {
		t.Fatal(err)
	}
	after, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`main form button[type=submit]`)))
	if err != nil {
		t.Fatal(err)
	}
	if after.Status != 200 || eval[string](t, ctx, signedInJS) != "forsta@forbundet.se" {
		t.Fatalf("after the setup: %d at %s, signed in as %q", after.Status, after.URL, eval[string](t, ctx, signedInJS))
	}
	if !strings.Contains(text(t, ctx, "main"), "Exempeldata") {
		t.Error("the new admin does not see the demo edition")
	}
}
