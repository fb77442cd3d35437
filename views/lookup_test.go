package views_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
)

func TestSnapshotFollowsWrites(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	ctx := context.Background()
	first, rev1, err := srv.Snapshot(ctx, 2019)
	if err != nil {
		t.Fatal(err)
	}
	again, rev2, _ := srv.Snapshot(ctx, 2019)
	if again != first || rev2 != rev1 {
		t.Error("an unchanged edition was loaded again")
	}
	if _, err := db.Create(ctx, 2019, &kartlaggning.Municipality{ID: "vetlanda", Name: "Vetlanda"}); err != nil {
		t.Fatal(err)
	}
	after, rev3, _ := srv.Snapshot(ctx, 2019)
	if rev3 == rev1 || after.Municipalities["vetlanda"] == nil {
		t.Error("the snapshot does not show a write")
	}
	if _, _, err := srv.Snapshot(ctx, 2031); kartlaggning.ErrorCode(err) != kartlaggning.ENOTFOUND {
		t.Errorf("snapshot of a missing edition: %v", err)
	}
}

// Pages come from the page cache until the edition changes: a write shows
// on the next view, each browser gets its own CSRF token in the forms of
// a cached page, and a page with a flash message is not kept.
func TestPageCacheFollowsWrites(t *testing.T) {
	t.Parallel()
	srv, db := MustServe(t)
	ctx := context.Background()
	hash, _ := auth.HashPassword("en lång lösenfras")
	if err := db.CreateUser(ctx, kartlaggning.User{Email: "red@example.se", Role: kartlaggning.RoleEditor}, hash); err != nil {
		t.Fatal(err)
	}
	signIn := func() *browser {
		b := &browser{t: t, h: srv, cookies: map[string]*http.Cookie{}, old: true}
		b.get("/login")
		if rec := b.post("/login", url.Values{"email": {"red@example.se"}, "password": {"en lång lösenfras"}, "_csrf": {b.cookies["_csrf"].Value}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("signing in: %d", rec.Code)
		}
		return b
	}
	first, second := signIn(), signIn()
	const page = "/editions/2019/forums/arena-mullsjo"
	for _, b := range []*browser{first, second, first} {
		rec := b.get(page)
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(body, "ARENA Mullsjö") {
			t.Fatalf("the forum page: %d", rec.Code)
		}
		if tok := b.cookies["_csrf"].Value; !strings.Contains(body, `value="`+tok+`"`) || strings.Contains(body, "\x00") {
			t.Errorf("the forms of the page do not carry this browser's CSRF token")
		}
	}
	v, err := db.Get(ctx, 2019, kartlaggning.Forums, "arena-mullsjo")
	if err != nil {
		t.Fatal(err)
	}
	f := v.Entity.(*kartlaggning.Forum)
	f.Name = "ARENA Mullsjö och Habo"
	version, err := db.Update(ctx, 2019, f, v.Version)
	if err != nil {
		t.Fatal(err)
	}
	if body := first.get(page).Body.String(); !strings.Contains(body, "ARENA Mullsjö och Habo") {
		t.Error("the page does not show the write")
	}
	// A form's answer is shown once, then the page is as before.
	rec := first.post("/editions/2019/forums/arena-mullsjo", url.Values{"_csrf": {first.cookies["_csrf"].Value}, "name": {"ARENA Mullsjö"},
		"kind": {f.Kind}, "level": {f.Level}, "_version": {fmt.Sprint(version)}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("saving the forum: %d %s", rec.Code, rec.Body)
	}
	if body := first.get(page).Body.String(); !strings.Contains(body, "Ändringarna är sparade.") {
		t.Error("the flash message is not shown")
	}
	if body := first.get(page).Body.String(); strings.Contains(body, "Ändringarna är sparade.") {
		t.Error("the flash message is shown twice")
	}
}
