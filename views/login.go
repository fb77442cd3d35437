package views

import (
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
)

type loginPage struct {
	page
	Form *form
	Next string
}

func (s *Server) loginForm(email string) *form {
	f := newForm("/login")
	f.add("email", email, required)
	f.add("password", "", required, label("Lösenord"))
	return f
}

func (s *Server) handleLoginShow(c echo.Context) error {
	p := s.basePage(c, "Logga in")
	return c.Render(http.StatusOK, "login", loginPage{page: p, Form: s.loginForm(""), Next: safeNext(c.QueryParam("next"))})
}

func (s *Server) handleLogin(c echo.Context) error {
	email := kartlaggning.NormaliseEmail(c.FormValue("email"))
	password := c.FormValue("password")
	next := safeNext(c.FormValue("next"))
	if err := checkSignInFields(c); err != nil {
		f := s.loginForm(clip(email))
		f.setErrors(err)
		return c.Render(http.StatusUnprocessableEntity, "login", loginPage{page: s.basePage(c, "Logga in"), Form: f, Next: next})
	}
	fail := func(status int, msg string) error {
		f := s.loginForm(email)
		f.Errors = append(f.Errors, formError{ID: f.Fields["email"].ID, Message: msg})
		return c.Render(status, "login", loginPage{page: s.basePage(c, "Logga in"), Form: f, Next: next})
	}
	// The attempt is reserved before the password is checked, so that
	// attempts sent at once cannot all pass the throttle.
	attempt, wait := s.throttle.Begin(s.now(), email, throttleAddress(c.RealIP()))
	if wait > 0 {
		return fail(http.StatusTooManyRequests, "För många misslyckade inloggningar. Försök igen om "+auth.WaitText(wait)+".")
	}
	u, hash, err := s.Store.User(c.Request().Context(), email)
	if err != nil && kartlaggning.ErrorCode(err) != kartlaggning.ENOTFOUND {
		// Counted as a failure: an error must not open a way around
		// the throttle.
		attempt.Done(false)
		return err
	}
	ok := auth.CheckPassword(hash, password) && !u.Disabled
	attempt.Done(ok)
	if !ok {
		// The same answer whether the account exists or not.
		return fail(http.StatusUnauthorized, "Fel e-postadress eller lösenord.")
	}
	secret, idHash := auth.NewSecret("")
	if err := s.Store.CreateSession(c.Request().Context(), idHash, u.Email, s.now()); err != nil {
		return err
	}
	s.setSessionCookie(c, secret)
	return redirectWithFlash(c, next, "Du är inloggad som "+u.Email+".")
}

func (s *Server) handleLogout(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
		if err := s.Store.DeleteSession(c.Request().Context(), auth.HashSecret(ck.Value)); err != nil {
			return err
		}
	}
	s.clearSessionCookie(c)
	return redirectWithFlash(c, "/login", "Du är utloggad.")
}

// safeNext keeps a redirect after login inside this site: a path of
// ours, with no scheme or host, no control characters (browsers drop a
// tab, so "/\t/evil.example" would become "//evil.example") and no
// backslash (which browsers read as a slash).
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsRune(next, '\\') ||
		strings.ContainsFunc(next, unicode.IsControl) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return next
}
