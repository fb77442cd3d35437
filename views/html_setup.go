package views

import (
	"fmt"
	"net"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
)

// The first run: a new installation has no accounts, and nobody can sign
// in. Until the first admin exists, a person at the machine itself (a
// request from a loopback address) may create it in the browser; the
// command `kartlaggning user add` does the same without one.

// canSetUp reports whether the first admin may be created by this request.
func (s *Server) canSetUp(c echo.Context) (bool, error) {
	ip := net.ParseIP(c.RealIP())
	if ip == nil || !ip.IsLoopback() {
		return false, nil
	}
	users, err := s.Store.Users(c.Request().Context())
	return len(users) == 0, err
}

type setupPage struct {
	page
	Form *form
}

func setupForm(email string) *form {
	f := newForm("/setup")
	f.add("email", email, required)
	f.add("name", "", label("Namn"), hint("Valfritt. Syns bara för administratörer."))
	f.add("password", "", required, label("Lösenord"), hint("Minst 10 tecken."))
	return f
}

func (s *Server) handleSetupShow(c echo.Context) error {
	ok, err := s.canSetUp(c)
	if err != nil {
		return err
	}
	if !ok {
		return echo.ErrNotFound
	}
	return c.Render(http.StatusOK, "setup", setupPage{page: s.basePage(c, "Kom igång"), Form: setupForm("")})
}

func (s *Server) handleSetup(c echo.Context) error {
	ok, err := s.canSetUp(c)
	if err != nil {
		return err
	}
	if !ok {
		return echo.ErrNotFound
	}
	r := &formReader{c: c}
	u := kartlaggning.User{Email: kartlaggning.NormaliseEmail(r.text("email")), Name: r.text("name"), Role: kartlaggning.RoleAdmin}
	// Over-long fields are refused before the password is hashed or
	// anything is stored; the name's bound is the domain's.
	err = checkSignInFields(c)
	if err == nil {
		err = checkSetupPassword(c.FormValue("password"))
	}
	var hash []byte
	if err == nil {
		hash, err = passwordHash(c.FormValue("password"))
	}
	if err == nil {
		err = s.Store.CreateUser(c.Request().Context(), u, hash)
	}
	if err != nil {
		f := setupForm(clip(u.Email))
		if !f.setErrors(err) {
			return err
		}
		return c.Render(http.StatusUnprocessableEntity, "setup", setupPage{page: s.basePage(c, "Kom igång"), Form: f})
	}
	secret, idHash := auth.NewSecret("")
	if err := s.Store.CreateSession(c.Request().Context(), idHash, u.Email, now()); err != nil {
		return err
	}
	setSessionCookie(c, secret)
	return redirectWithFlash(c, "/", "Välkommen! Ditt administratörskonto är skapat och du är inloggad.")
}

// checkSetupPassword refuses a password that bcrypt would not take
// whole: it reads at most 72 bytes, and refuses to hash more.
func checkSetupPassword(password string) error {
	if len(password) <= auth.MaxPasswordBytes {
		return nil
	}
	return &kartlaggning.Error{Code: kartlaggning.EINVALID, Message: "Lösenordet är för långt.",
		Fields: []kartlaggning.FieldError{{Path: "password", Message: fmt.Sprintf(
			"Lösenordet är för långt: högst %d byte (%d tecken utan å, ä och ö, färre med dem).", auth.MaxPasswordBytes, auth.MaxPasswordBytes)}}}
}
