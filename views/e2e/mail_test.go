package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/quotedprintable"
	"net/http"
	netmail "net/mail"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestMailInvitationByKeyboard: the editor mails a unit its invitation
// from the enkät's e-mail page, by keyboard only; the service started
// with --smtp-url sends it through a real SMTP server on this machine,
// and the page is axe-clean before, with an error, and after.
func TestMailInvitationByKeyboard(t *testing.T) {
	s := start(t)
	year, unit := s.ids["year"], s.ids["unit"]
	closes := time.Now().AddDate(0, 0, 30).Format("2006-01-02")
	resp, err := s.request(http.MethodPost, "/api/v1/editions/"+year+"/surveys",
		strings.NewReader(fmt.Sprintf(`{"kind": "chef", "closes": %q}`, closes)))
	if err != nil {
		t.Fatal(err)
	}
	var sv struct{ ID string }
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(body, &sv) != nil {
		t.Fatalf("creating a survey: %s %s", resp.Status, body)
	}
	before := len(s.mail.Messages())

	tab := s.axeTab(t, "")
	ctx, cancel := context.WithTimeout(tab, pageTimeout)
	defer cancel()
	page := s.url("/editions/{year}/enkater/" + sv.ID + "/epost")
	open(t, ctx, page, http.StatusOK)
	if v := s.axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("the mail page: %d axe violations:\n%s", len(v), v)
	}
	checkbox, email := "#skicka-"+unit, "#email-"+unit
	// Tick the unit with the space bar, type a wrong address, send with
	// Enter: the page comes back with the message beside the field.
	submit(t, ctx, http.StatusUnprocessableEntity,
		chromedp.Focus(chromedp.CSS(checkbox)), chromedp.KeyEvent(" "),
		chromedp.Focus(chromedp.CSS(email)), chromedp.KeyEvent("inte en adress"+kb.Enter))
	if msg := text(t, ctx, email+"-fel"); !strings.Contains(msg, "inte en e-postadress") {
		t.Errorf("the message beside the address: %q", msg)
	}
	if v := s.axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("the mail page with an error: %d axe violations:\n%s", len(v), v)
	}
	if n := len(s.mail.Messages()); n != before {
		t.Fatalf("a wrong address sent %d mails", n-before)
	}
	// The box stays ticked; the address is corrected.
	if !eval[bool](t, ctx, `document.querySelector("`+checkbox+`").checked`) {
		t.Fatal("the unit is no longer ticked")
	}
	eval[string](t, ctx, `document.querySelector("`+email+`").value = ""`)
	submit(t, ctx, http.StatusOK,
		chromedp.Focus(chromedp.CSS(email)), chromedp.KeyEvent("chef@e2e.example.se"+kb.Enter))
	if flash := text(t, ctx, "main"); !strings.Contains(flash, "1 inbjudan skickades.") {
		t.Errorf("after sending the page says: %.500s", flash)
	}
	if v := s.axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("the mail page after sending: %d axe violations:\n%s", len(v), v)
	}

	// On a phone the table scrolls inside the page, and stays axe-clean.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, page, http.StatusOK)
	if wide := eval[int](t, ctx, `document.documentElement.scrollWidth`); wide > 390 {
		t.Errorf("at 390 px the page is %d px wide", wide)
	}
	if v := s.axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("the mail page on a phone: %d axe violations:\n%s", len(v), v)
	}

	got := s.mail.Wait(t, before+1)[before]
	if len(got.To) != 1 || got.To[0] != "chef@e2e.example.se" {
		t.Fatalf("mailed to %v", got.To)
	}
	m, err := netmail.ReadMessage(bytes.NewReader(got.Data))
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(quotedprintable.NewReader(m.Body))
	link := regexp.MustCompile(`http://\S+/enkat/\S+`).FindString(string(text))
	if !strings.HasPrefix(link, s.base+"/enkat/") {
		t.Fatalf("the letter's link %q does not lead to this service:\n%s", link, text)
	}
	// The invitation is recorded as mailed.
	var statuses []struct {
		Unit string
		Sent time.Time
	}
	if err := s.getJSON("/api/v1/editions/"+year+"/surveys/"+sv.ID+"/invitations", &statuses); err != nil {
		t.Fatal(err)
	}
	if len(statuses) != 1 || statuses[0].Unit != unit || statuses[0].Sent.IsZero() {
		t.Errorf("invitations %+v", statuses)
	}
}
