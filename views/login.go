package views

import (
	"bytes"
	"fmt"
	"io"
	"net"
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

// Bounds of the sign-in forms (login and first-run setup). An e-mail
// address has at most 254 characters (RFC 5321); no one types a password
// of 1 KiB. The whole body is bounded before the CSRF check reads it, so
// that nothing the size of what a client sends is parsed, logged,
// hashed or kept.
const (
	maxEmailBytes    = 254
	maxPasswordBytes = 1 << 10
	signInBodyLimit  = 16 << 10
)

// limitSignInForms bounds the body of the sign-in forms. It must run
// before the CSRF middleware, which parses the form to find its token: a
// limit on the route would come too late. A body within the limit is read
// into memory (at most 16 KiB), so that the form parses as usual.
func limitSignInForms(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Method != http.MethodPost || (c.Path() != "/login" && c.Path() != "/setup") {
			return next(c)
		}
		tooLarge := kartlaggning.Errorf(kartlaggning.ETOOLARGE,
			"Formuläret är för stort: högst %d KiB. Kontrollera e-postadressen och lösenordet och försök igen.", signInBodyLimit>>10)
		if r.ContentLength > signInBodyLimit {
			return tooLarge
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, signInBodyLimit+1))
		if err != nil || len(body) > signInBodyLimit {
			return tooLarge
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		return next(c)
	}
}

// checkSignInFields refuses an over-long e-mail address or password,
// naming the field, before anything else happens to them.
func checkSignInFields(c echo.Context) error {
	var fields []kartlaggning.FieldError
	if len(c.FormValue("email")) > maxEmailBytes {
		fields = append(fields, kartlaggning.FieldError{Path: "email",
			Message: fmt.Sprintf("E-postadressen är för lång: högst %d tecken.", maxEmailBytes)})
	}
	if len(c.FormValue("password")) > maxPasswordBytes {
		fields = append(fields, kartlaggning.FieldError{Path: "password",
			Message: fmt.Sprintf("Lösenordet är för långt: högst %d byte (ungefär så många tecken).", maxPasswordBytes)})
	}
	if len(fields) == 0 {
		return nil
	}
	return &kartlaggning.Error{Code: kartlaggning.EINVALID, Message: "Uppgifterna är för långa.", Fields: fields}
}

// clip shortens an over-long e-mail address shown again in the form.
func clip(s string) string {
	if len(s) > maxEmailBytes {
		return strings.ToValidUTF8(s[:maxEmailBytes], "")
	}
	return s
}

// throttleAddress is the address a login is counted against: an IPv4
// address, or the /64 network of an IPv6 address, since one subscriber
// usually has a whole /64 to pick addresses from.
func throttleAddress(ip string) string {
	a := net.ParseIP(ip)
	if a == nil || a.To4() != nil {
		return ip
	}
	return a.Mask(net.CIDRMask(64, 128)).String() + "/64"
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
