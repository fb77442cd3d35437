package views

import (
	"bytes"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// The page cache keeps the HTML of the pages that show an edition's
// content, per revision of the edition: every write gives the edition a
// new revision, so a cached page is never stale, and a page of 334 units
// is rendered once instead of on every request. A page is cached per
// reader (the header names them, and what a page offers depends on
// their role); the one part of it that differs per request, the CSRF
// token in its forms, is stored as a marker and put back when served.

// pageCacheBytes bounds the pages kept in memory.
const pageCacheBytes = 32 << 20

// csrfMarker stands for the request's CSRF token in a cached page. The
// tokens are letters and digits only, so the marker cannot be one.
var csrfMarker = []byte("\x00csrf\x00")

// errAnswered says that a page builder answered the request itself (a
// redirect, a file, a form shown again): there is nothing to cache.
var errAnswered = errors.New("views: answered by the page builder")

// cachedPage answers a GET of an edition's page from the cache, or builds
// it with build (which returns the template and its data) and keeps it.
// A builder that answers by itself returns no template name. A page with
// a flash message is shown once and never cached.
func (s *Server) cachedPage(c echo.Context, build func() (string, any, error)) error {
	return s.cachedPageVariant(c, "", build)
}

// cachedPageVariant is cachedPage for a page that also shows something
// kept outside the edition (so not in its revision): variant names it,
// and a page is kept per variant.
func (s *Server) cachedPageVariant(c echo.Context, variant string, build func() (string, any, error)) error {
	render := func() error {
		name, data, err := build()
		if err != nil || name == "" {
			return err
		}
		return c.Render(http.StatusOK, name, data)
	}
	if ck, err := c.Cookie(flashCookie); c.Request().Method != http.MethodGet || (err == nil && ck.Value != "") {
		return render()
	}
	l, err := s.editionOf(c)
	if err != nil {
		return err
	}
	year := l.year
	pc := s.pageCache
	pc.advance(year, l.revision)
	group := q(year, l.revision)
	p := principal(c)
	key := strings.Join([]string{group, c.Request().URL.RequestURI(), p.Name(), p.Role, strings.Join(p.Units, ","), variant}, "\x00")
	token, _ := c.Get(middleware.DefaultCSRFConfig.ContextKey).(string)
	built := false
	html, err := pc.Get(group, key, func() ([]byte, error) {
		built = true
		name, data, err := build()
		if err != nil {
			return nil, err
		}
		if name == "" {
			return nil, errAnswered
		}
		var buf bytes.Buffer
		if err := s.pages.Render(&buf, name, data, c); err != nil {
			return nil, err
		}
		if token == "" {
			return buf.Bytes(), nil
		}
		return bytes.ReplaceAll(buf.Bytes(), []byte(token), csrfMarker), nil
	})
	if errors.Is(err, errAnswered) {
		if !built { // another request's builder answered that request
			return render()
		}
		return nil
	}
	if err != nil {
		return err
	}
	return c.HTMLBlob(http.StatusOK, bytes.ReplaceAll(html, csrfMarker, []byte(token)))
}
