package views

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/auth"
)

// Sessions and sign-in: the cookies of a signed-in browser, proof that a
// request comes from our own pages, the first-run check, and the bounds
// of the forms that anyone may post.

// setSessionCookie starts a browser's session. The CSRF token is
// rotated with it, so that a token planted before sign-in is worthless
// after it.
func (s *Server) setSessionCookie(c echo.Context, value string) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: value, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(c)})
	s.setCSRFCookie(c, randomToken())
}

func (s *Server) clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(c)})
	s.setCSRFCookie(c, "")
}

// csrfCookie is the cookie of the CSRF token (see NewServer).
const csrfCookie = "_csrf"

func (s *Server) setCSRFCookie(c echo.Context, token string) {
	ck := &http.Cookie{Name: csrfCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(c)}
	if token == "" {
		ck.MaxAge = -1
	}
	c.SetCookie(ck)
}

// secure says whether cookies must only travel over HTTPS: when the
// request came over TLS, or always behind an HTTPS proxy (the proxy
// speaks plain HTTP to us).
func (s *Server) secure(c echo.Context) bool { return c.IsTLS() || s.behindHTTPS }

// randomToken is a new CSRF token: 26 letters and digits, 130 bits.
func randomToken() string { return rand.Text() }

// canSetUp reports whether the first admin may be created by this request:
// only while no account exists, and only by a person at the machine
// itself. The peer must be loopback, and so must the address the browser
// asked for: a page elsewhere whose name resolves to 127.0.0.1 (DNS
// rebinding) reaches this service from the machine too, but asks for its
// own host name. A form must come from our own page.
func (s *Server) canSetUp(c echo.Context) (bool, error) {
	ip := net.ParseIP(c.RealIP())
	if ip == nil || !ip.IsLoopback() || !loopbackHost(c.Request().Host) {
		return false, nil
	}
	if c.Request().Method != http.MethodGet && !sameOrigin(c) {
		return false, nil
	}
	users, err := s.Store.Users(c.Request().Context())
	return len(users) == 0, err
}

// loopbackHost reports whether a Host header names this machine:
// localhost or a loopback address, with or without a port.
func loopbackHost(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sameOrigin reports whether a browser sent the request from one of our
// own pages: Sec-Fetch-Site says so, or (in a browser without it) the
// Origin is this service's own. A request that says neither is refused.
func sameOrigin(c echo.Context) bool {
	r := c.Request()
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin":
		return true
	case "":
	default:
		return false
	}
	origin := r.Header.Get(echo.HeaderOrigin)
	if origin == "" {
		return false
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host && (u.Scheme == "http" || u.Scheme == "https")
}

// passwordHash hashes a password typed in a form, or reports it beside the
// password field.
func passwordHash(password string) ([]byte, error) {
	hash, err := auth.HashPassword(password)
	if err != nil {
		return nil, &kartlaggning.Error{Code: kartlaggning.EINVALID, Message: "Lösenordet är för kort.",
			Fields: []kartlaggning.FieldError{{Path: "password", Message: fmt.Sprintf("Lösenordet måste ha minst %d tecken.", auth.MinPasswordLength)}}}
	}
	return hash, nil
}

// safeMethod reports whether a method only reads.
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
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
