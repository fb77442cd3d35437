package auth_test

import (
	"testing"
	"time"

	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
)

func TestPasswords(t *testing.T) {
	if _, err := auth.HashPassword("kort"); err != auth.ErrShortPassword {
		t.Errorf("a short password: %v", err)
	}
	hash, err := auth.HashPassword("en lång lösenfras")
	if err != nil {
		t.Fatal(err)
	}
	if !auth.CheckPassword(hash, "en lång lösenfras") {
		t.Error("the right password was refused")
	}
	if auth.CheckPassword(hash, "en lång lösenfraS") || auth.CheckPassword(nil, "en lång lösenfras") {
		t.Error("a wrong password or a missing account was accepted")
	}
}

func TestSecrets(t *testing.T) {
	a, ha := auth.NewSecret("kl_")
	b, _ := auth.NewSecret("kl_")
	if a == b || len(a) < 40 || a[:3] != "kl_" {
		t.Errorf("secrets %q %q", a, b)
	}
	if string(auth.HashSecret(a)) != string(ha) {
		t.Error("the hash of a secret is not stable")
	}
}

func TestThrottle(t *testing.T) {
	th := auth.NewThrottle()
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for i := 0; i < 4; i++ {
		th.Fail(now.Add(time.Duration(i)*time.Minute), "konto:a@x.se", "ip:10.0.0.1")
	}
	if w := th.Wait(now.Add(5*time.Minute), "konto:a@x.se"); w != 0 {
		t.Errorf("blocked after 4 failures: %v", w)
	}
	th.Fail(now.Add(5*time.Minute), "konto:a@x.se", "ip:10.0.0.1")
	if w := th.Wait(now.Add(6*time.Minute), "konto:b@x.se", "ip:10.0.0.1"); w != 14*time.Minute {
		t.Errorf("the address is not blocked for 14 more minutes: %v", w)
	}
	if w := th.Wait(now.Add(21*time.Minute), "konto:a@x.se"); w != 0 {
		t.Errorf("still blocked after the block: %v", w)
	}
	th.Fail(now, "konto:c@x.se")
	th.Succeed("konto:c@x.se")
	if w := th.Wait(now, "konto:c@x.se"); w != 0 {
		t.Error("a success did not clear the failures")
	}
}
