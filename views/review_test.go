package views_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
)

// The påseende from both sides: the editor sends a unit its section, the
// unit's manager reads it and asks for changes, then confirms; the
// editor sees each answer on the dashboard, and it is in the export.
func TestReviewWorkflow(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	ctx := context.Background()
	hash, _ := auth.HashPassword("chefens lösenord")
	db.CreateUser(ctx, kartlaggning.User{Email: "chef@mullsjo.se", Role: kartlaggning.RoleManager, Units: []string{"mullsjo-forsorjningsstod"}}, hash)

	editorForm := func(path string, form url.Values) int {
		rec := do(t, srv, "POST", path, []byte(form.Encode()), "Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "same-origin")
		return rec.Code
	}
	if code := editorForm("/editions/2019/review/send", url.Values{"units": {"mullsjo-forsorjningsstod", "enter"}}); code != http.StatusSeeOther {
		t.Fatalf("sending: %d", code)
	}
	dash := do(t, srv, "GET", "/editions/2019/review", nil).Body.String()
	if strings.Count(dash, "Skickad för påseende") < 2 {
		t.Error("the dashboard does not show the two units as sent")
	}

	chef := &browser{t: t, h: srv, cookies: map[string]*http.Cookie{}}
	chef.post("/login", url.Values{"email": {"chef@mullsjo.se"}, "password": {"chefens lösenord"}})
	page := chef.get("/editions/2019/units/mullsjo-forsorjningsstod/review")
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "Vad fungerar bra idag?") ||
		!strings.Contains(page.Body.String(), "ARENA Mullsjö") {
		t.Fatalf("the manager's review page: %d", page.Code)
	}
	if rec := chef.get("/editions/2019/units/enter/review"); rec.Code != http.StatusForbidden {
		t.Errorf("another unit's review: %d, want 403", rec.Code)
	}
	v, _ := db.Get(ctx, 2019, kartlaggning.Units, "mullsjo-forsorjningsstod")
	version := url.Values{"_version": {itoa(v.Version)}}
	ask := url.Values{"action": {"changes"}, "comment": {""}, "_version": version["_version"]}
	if rec := chef.post("/editions/2019/units/mullsjo-forsorjningsstod/review", ask); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("asking for changes without saying which: %d, want 422", rec.Code)
	}
	ask.Set("comment", "ARENA-gruppen träffas sex gånger per år.")
	if rec := chef.post("/editions/2019/units/mullsjo-forsorjningsstod/review", ask); rec.Code != http.StatusSeeOther {
		t.Fatalf("asking for changes: %d", rec.Code)
	}
	dash = do(t, srv, "GET", "/editions/2019/review", nil).Body.String()
	if !strings.Contains(dash, "Ändringar begärda") || !strings.Contains(dash, "ARENA-gruppen träffas sex gånger per år.") {
		t.Error("the dashboard does not show the request and its comment")
	}
	v, _ = db.Get(ctx, 2019, kartlaggning.Units, "mullsjo-forsorjningsstod")
	if rec := chef.post("/editions/2019/units/mullsjo-forsorjningsstod/review", url.Values{"action": {"confirm"}, "_version": {itoa(v.Version)}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("confirming: %d", rec.Code)
	}
	if !strings.Contains(do(t, srv, "GET", "/editions/2019/review", nil).Body.String(), "Bekräftad") {
		t.Error("the dashboard does not show the confirmation")
	}
	if !strings.Contains(string(exportJSON(t, srv, "2019")), `"status": "confirmed"`) {
		t.Error("the review is not in the export")
	}
	// The change log says who did it.
	hist := do(t, srv, "GET", "/editions/2019/units/mullsjo-forsorjningsstod/history", nil).Body.String()
	if !strings.Contains(hist, "chef@mullsjo.se") || !strings.Contains(hist, "Påseende") {
		t.Error("the unit's history does not show the manager's answer")
	}
	log := do(t, srv, "GET", "/editions/2019/history?actor=chef%40mullsjo.se", nil).Body.String()
	if strings.Count(log, "<td>chef@mullsjo.se</td>") != 2 {
		t.Errorf("the change log filtered by the manager shows %d entries, want 2", strings.Count(log, "<td>chef@mullsjo.se</td>"))
	}
	if rec := do(t, srv, "GET", "/editions/2019/history?from=igår", nil); rec.Code != http.StatusBadRequest {
		t.Errorf("a bad date: %d, want 400", rec.Code)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
