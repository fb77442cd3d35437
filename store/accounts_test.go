package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func TestUsers(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	u := kartlaggning.User{Email: " Chef@Mullsjo.se ", Role: kartlaggning.RoleManager, Units: []string{"mullsjo-forsorjningsstod"}}
	if err := db.CreateUser(ctx, u, []byte("hash1")); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUser(ctx, u, []byte("hash2")); kartlaggning.ErrorCode(err) != kartlaggning.ECONFLICT {
		t.Errorf("the same address twice: %v", err)
	}
	if err := db.CreateUser(ctx, kartlaggning.User{Email: "x@y.se", Role: kartlaggning.RoleManager}, nil); kartlaggning.ErrorCode(err) != kartlaggning.EINVALID {
		t.Errorf("a manager without units: %v", err)
	}
	got, hash, err := db.User(ctx, "chef@mullsjo.se")
	if err != nil || got.Role != kartlaggning.RoleManager || string(hash) != "hash1" {
		t.Fatalf("User = %+v %q %v", got, hash, err)
	}

	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	if err := db.CreateSession(ctx, []byte("s1"), "chef@mullsjo.se", now); err != nil {
		t.Fatal(err)
	}
	if who, err := db.Session(ctx, []byte("s1"), now.Add(10*time.Minute), time.Hour); err != nil || who.Email != "chef@mullsjo.se" {
		t.Fatalf("Session = %+v %v", who, err)
	}
	// Used at +10 min, so it is alive at +69 min and dead at +2 h.
	if _, err := db.Session(ctx, []byte("s1"), now.Add(69*time.Minute), time.Hour); err != nil {
		t.Errorf("a session used within the idle time: %v", err)
	}
	if _, err := db.Session(ctx, []byte("s1"), now.Add(4*time.Hour), time.Hour); kartlaggning.ErrorCode(err) != kartlaggning.EUNAUTHORIZED {
		t.Errorf("an idle session: %v", err)
	}
	if _, err := db.Session(ctx, []byte("s1"), now.Add(4*time.Hour), 24*time.Hour); kartlaggning.ErrorCode(err) != kartlaggning.EUNAUTHORIZED {
		t.Errorf("an expired session came back: %v", err)
	}

	db.CreateSession(ctx, []byte("s2"), "chef@mullsjo.se", now)
	if err := db.SetPassword(ctx, "chef@mullsjo.se", []byte("hash3")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Session(ctx, []byte("s2"), now, time.Hour); kartlaggning.ErrorCode(err) != kartlaggning.EUNAUTHORIZED {
		t.Errorf("a session survived a new password: %v", err)
	}
	db.CreateSession(ctx, []byte("s3"), "chef@mullsjo.se", now)
	got.Disabled = true
	if err := db.UpdateUser(ctx, got); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Session(ctx, []byte("s3"), now, time.Hour); kartlaggning.ErrorCode(err) != kartlaggning.EUNAUTHORIZED {
		t.Errorf("a disabled account's session: %v", err)
	}
	if err := db.DeleteUser(ctx, "chef@mullsjo.se"); err != nil {
		t.Fatal(err)
	}
	if users, _ := db.Users(ctx); len(users) != 0 {
		t.Errorf("users after delete: %v", users)
	}
}

func TestTokens(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	tok := kartlaggning.Token{ID: "t1", Name: "Import", Role: kartlaggning.RoleEditor, Created: time.Now().UTC()}
	if err := db.CreateToken(ctx, tok, []byte("secret-hash")); err != nil {
		t.Fatal(err)
	}
	if got, err := db.TokenBySecret(ctx, []byte("secret-hash")); err != nil || got.ID != "t1" {
		t.Fatalf("TokenBySecret = %+v %v", got, err)
	}
	if _, err := db.TokenBySecret(ctx, []byte("other")); kartlaggning.ErrorCode(err) != kartlaggning.EUNAUTHORIZED {
		t.Errorf("an unknown secret: %v", err)
	}
	if err := db.RevokeToken(ctx, "t1"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.TokenBySecret(ctx, []byte("secret-hash")); kartlaggning.ErrorCode(err) != kartlaggning.EUNAUTHORIZED {
		t.Errorf("a revoked token: %v", err)
	}
	if list, _ := db.Tokens(ctx); len(list) != 1 || !list[0].Revoked {
		t.Errorf("Tokens = %+v", list)
	}
}

// The first-run setup page may be posted many times at once; exactly one
// of them may create the first admin.
func TestCreateFirstUser(t *testing.T) {
	ctx := context.Background()

	t.Run("Concurrent", func(t *testing.T) {
		db := MustOpen(t)
		const n = 20
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				u := kartlaggning.User{Email: fmt.Sprintf("admin%d@forbundet.se", i), Role: kartlaggning.RoleAdmin}
				errs[i] = db.CreateFirstUser(ctx, u, []byte("hash"))
			}()
		}
		close(start)
		wg.Wait()
		ok := 0
		for i, err := range errs {
			switch {
			case err == nil:
				ok++
			case kartlaggning.ErrorCode(err) != kartlaggning.ECONFLICT:
				t.Errorf("request %d: %v, want ECONFLICT", i, err)
			}
		}
		users, err := db.Users(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ok != 1 || len(users) != 1 {
			t.Fatalf("%d of %d requests succeeded and there are %d accounts, want exactly 1", ok, n, len(users))
		}
		if users[0].Role != kartlaggning.RoleAdmin {
			t.Errorf("the first account is %+v, want an admin", users[0])
		}
	})

	t.Run("ErrAccountExists", func(t *testing.T) {
		db := MustOpen(t)
		if err := db.CreateUser(ctx, kartlaggning.User{Email: "läsare@forbundet.se", Role: kartlaggning.RoleReader}, []byte("h")); err != nil {
			t.Fatal(err)
		}
		err := db.CreateFirstUser(ctx, kartlaggning.User{Email: "admin@forbundet.se", Role: kartlaggning.RoleAdmin}, []byte("h"))
		e := wantCode(t, err, kartlaggning.ECONFLICT)
		if !strings.Contains(e.Message, "finns redan") {
			t.Errorf("message %q does not say that an account exists", e.Message)
		}
		if _, _, err := db.User(ctx, "admin@forbundet.se"); kartlaggning.ErrorCode(err) != kartlaggning.ENOTFOUND {
			t.Errorf("the refused admin was created: %v", err)
		}
	})

	t.Run("ErrNotAdmin", func(t *testing.T) {
		db := MustOpen(t)
		err := db.CreateFirstUser(ctx, kartlaggning.User{Email: "chef@forbundet.se", Role: kartlaggning.RoleReader}, []byte("h"))
		e := wantCode(t, err, kartlaggning.EINVALID)
		if len(e.Fields) != 1 || e.Fields[0].Path != "role" {
			t.Errorf("fields %+v, want one at role", e.Fields)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		db := MustOpen(t)
		err := db.CreateFirstUser(ctx, kartlaggning.User{Email: "inte en adress", Role: kartlaggning.RoleAdmin}, []byte("h"))
		e := wantCode(t, err, kartlaggning.EINVALID)
		if len(e.Fields) == 0 || e.Fields[0].Path != "email" {
			t.Errorf("fields %+v, want one at email", e.Fields)
		}
	})
}
