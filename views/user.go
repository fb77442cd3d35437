package views

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
)

type userIndexPage struct {
	page
	Users     []kartlaggning.User
	Tokens    []kartlaggning.Token
	NewSecret string // a token just created, shown this once
	TokenForm *form
}

func (s *Server) usersPage(c echo.Context, title string, more ...crumb) page {
	crumbs := append([]crumb{{"Kartläggningar", "/"}, {"Konton", "/users"}}, more...)
	if len(more) == 0 {
		crumbs[len(crumbs)-1].URL = ""
	}
	return s.basePage(c, title, crumbs...)
}

func (s *Server) handleUserIndex(c echo.Context) error {
	return s.renderUserIndex(c, "")
}

func (s *Server) renderUserIndex(c echo.Context, secret string) error {
	ctx := c.Request().Context()
	users, err := s.Store.Users(ctx)
	if err != nil {
		return err
	}
	tokens, err := s.Store.Tokens(ctx)
	if err != nil {
		return err
	}
	f := newForm("/tokens")
	f.add("name", "", label("Vad token används till"))
	f.add("role", kartlaggning.RoleReader, required, label("Roll"), options(kartlaggning.UserRoles))
	f.add("units", "", label("Enheter (för en enhetschef)"), hint("Enheternas id, ett per rad."))
	return c.Render(http.StatusOK, "users", userIndexPage{page: s.usersPage(c, "Konton och API-token"),
		Users: users, Tokens: tokens, NewSecret: secret, TokenForm: f})
}

type userFormPage struct {
	page
	Form  *form
	IsNew bool
	Email string
}

// unitOptions offers the units of every edition, newest first: ids stay
// the same from year to year, so a manager's binding carries over. Only
// the newest would offer nothing when it is a new, empty edition, and
// saving the form would then unbind every manager.
func (s *Server) unitOptions(c echo.Context) []kartlaggning.Option {
	ctx := c.Request().Context()
	list, err := s.Store.Editions(ctx)
	if err != nil {
		return nil
	}
	var out []kartlaggning.Option
	seen := map[string]bool{}
	for _, e := range list {
		d, err := s.edition(ctx, e.Year)
		if err != nil {
			return nil
		}
		for _, o := range d.options(kartlaggning.Units, "") {
			if !seen[o.Value] {
				seen[o.Value] = true
				out = append(out, o)
			}
		}
	}
	return out
}

func (s *Server) userForm(c echo.Context, action string, u kartlaggning.User, isNew bool) *form {
	f := newForm(action)
	f.add("email", u.Email, required).ReadOnly = !isNew
	f.add("name", u.Name, label("Namn"), hint("Syns bara för administratörer."))
	f.add("role", u.Role, required, label("Roll"), options(kartlaggning.UserRoles))
	f.add("units", "", label("Enheter"), options(s.unitOptions(c)), values(u.Units),
		hint("För en enhetschef: de enheter hen svarar för."))
	f.add("disabled", fmt.Sprint(u.Disabled), label("Kontot är avstängt"))
	pw := f.add("password", "", label("Lösenord"), hint(fmt.Sprintf("Minst %d tecken. Lämna tomt för att behålla det nuvarande.", auth.MinPasswordLength)))
	if isNew {
		pw.Hint = fmt.Sprintf("Minst %d tecken. Lämna det till personen på ett säkert sätt.", auth.MinPasswordLength)
		pw.Required = true
	}
	return f
}

func readUserForm(c echo.Context) kartlaggning.User {
	r := &formReader{c: c}
	return kartlaggning.User{Email: kartlaggning.NormaliseEmail(r.text("email")), Name: r.text("name"),
		Role: r.text("role"), Units: r.list("units"), Disabled: r.bool("disabled")}
}

func (s *Server) handleUserNew(c echo.Context) error {
	p := s.usersPage(c, "Nytt konto", crumb{"Nytt konto", ""})
	return c.Render(http.StatusOK, "user_form", userFormPage{page: p, Form: s.userForm(c, "/users", kartlaggning.User{Role: kartlaggning.RoleReader}, true), IsNew: true})
}

func (s *Server) handleUserCreate(c echo.Context) error {
	u := readUserForm(c)
	hash, err := passwordHash(c.FormValue("password"))
	if err == nil {
		err = s.Store.CreateUser(c.Request().Context(), u, hash)
	}
	if err != nil {
		f := s.userForm(c, "/users", u, true)
		if !f.setErrors(err) {
			return err
		}
		p := s.usersPage(c, "Nytt konto", crumb{"Nytt konto", ""})
		return c.Render(formStatus(err), "user_form", userFormPage{page: p, Form: f, IsNew: true})
	}
	return redirectWithFlash(c, "/users", fmt.Sprintf("Kontot %s är skapat.", u.Email))
}

func (s *Server) handleUserEdit(c echo.Context) error {
	u, _, err := s.Store.User(c.Request().Context(), c.Param("email"))
	if err != nil {
		return err
	}
	p := s.usersPage(c, "Konto: "+u.Email, crumb{u.Email, ""})
	return c.Render(http.StatusOK, "user_form", userFormPage{page: p, Form: s.userForm(c, "/users/"+u.Email, u, false), Email: u.Email})
}

func (s *Server) handleUserUpdate(c echo.Context) error {
	ctx := c.Request().Context()
	stored, _, err := s.Store.User(ctx, c.Param("email"))
	if err != nil {
		return err
	}
	u := readUserForm(c)
	u.Email = stored.Email
	me := principal(c)
	if u.Email == me.Email && (u.Role != kartlaggning.RoleAdmin || u.Disabled) {
		err = &kartlaggning.Error{Code: kartlaggning.EINVALID, Message: "Du kan inte ta bort din egen administratörsroll.",
			Fields: []kartlaggning.FieldError{{Path: "role", Message: "Du kan inte ta bort din egen administratörsroll eller stänga av ditt eget konto."}}}
	}
	if err == nil {
		err = s.Store.UpdateUser(ctx, u)
	}
	if err == nil && c.FormValue("password") != "" {
		var hash []byte
		if hash, err = passwordHash(c.FormValue("password")); err == nil {
			err = s.Store.SetPassword(ctx, u.Email, hash)
		}
	}
	if err != nil {
		f := s.userForm(c, "/users/"+u.Email, u, false)
		if !f.setErrors(err) {
			return err
		}
		p := s.usersPage(c, "Konto: "+u.Email, crumb{u.Email, ""})
		return c.Render(formStatus(err), "user_form", userFormPage{page: p, Form: f, Email: u.Email})
	}
	return redirectWithFlash(c, "/users", fmt.Sprintf("Kontot %s är sparat.", u.Email))
}

func (s *Server) handleUserDelete(c echo.Context) error {
	email := kartlaggning.NormaliseEmail(c.Param("email"))
	if email == principal(c).Email {
		return kartlaggning.Errorf(kartlaggning.ECONFLICT, "Du kan inte ta bort ditt eget konto.")
	}
	if err := s.Store.DeleteUser(c.Request().Context(), email); err != nil {
		return err
	}
	return redirectWithFlash(c, "/users", fmt.Sprintf("Kontot %s är borttaget.", email))
}

func (s *Server) handleTokenCreate(c echo.Context) error {
	r := &formReader{c: c}
	secret, hash := auth.NewSecret("kl_")
	t := kartlaggning.Token{ID: fmt.Sprintf("%x", hash[:6]), Name: r.text("name"), Role: r.text("role"),
		Units: r.lines("units"), Created: s.now().UTC()}
	if err := s.Store.CreateToken(c.Request().Context(), t, hash); err != nil {
		return err
	}
	// The secret is shown on this response only: it is not stored.
	return s.renderUserIndex(c, secret)
}

func (s *Server) handleTokenRevoke(c echo.Context) error {
	id := c.Param("id")
	tokens, err := s.Store.Tokens(c.Request().Context())
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(tokens, func(t kartlaggning.Token) bool { return t.ID == id }) {
		return kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns ingen token med id %q.", id)
	}
	if err := s.Store.RevokeToken(c.Request().Context(), id); err != nil {
		return err
	}
	return redirectWithFlash(c, "/users", fmt.Sprintf("Token %s är återkallad.", id))
}
