package auth_test

import (
	"testing"

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
