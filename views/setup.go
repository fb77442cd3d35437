package views

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
)

// The first run: a new installation has no accounts, and nobody can sign
// in. Until the first admin exists, a person at the machine itself (a
// request from a loopback address) may create it in the browser; the
// command `kartlaggning user add` does the same without one.

type setupPage struct {
	page
	Form *form
}

func setupForm(email, name string) *form {
	f := newForm("/setup")
	f.add("email", email, required)
	f.add("name", name, label("Namn"), hint("Valfritt. Syns bara för administratörer."))
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
	return c.Render(http.StatusOK, "setup", setupPage{page: s.basePage(c, "Kom igång"), Form: setupForm("", "")})
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
		// One transaction that refuses if any account exists: two
		// requests at once cannot both pass canSetUp's check and create two.
		err = s.Store.CreateFirstUser(c.Request().Context(), u, hash)
	}
	if err != nil {
		f := setupForm(clip(u.Email), u.Name) // what was typed stays, but the password
		if !f.setErrors(err) {
			return err
		}
		return c.Render(formStatus(err), "setup", setupPage{page: s.basePage(c, "Kom igång"), Form: f})
	}
	secret, idHash := auth.NewSecret("")
	if err := s.Store.CreateSession(c.Request().Context(), idHash, u.Email, s.now()); err != nil {
		return err
	}
	s.setSessionCookie(c, secret)
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
