package views

import (
	"context"
	"io/fs"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/kartlaggning/kartlaggning/assets"
	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// htmlRoutes registers the pages. Forms use GET and POST only, with a
// CSRF token; a POST that succeeds redirects (post/redirect/get).
func (s *Server) htmlRoutes(e *echo.Echo) {
	e.GET("/assets/*", s.handleAsset)

	// The sign-in forms are bounded before the CSRF check reads them.
	e.Use(limitSignInForms)
	// CSRF is checked for every request outside the API, registered on the
	// instance rather than a group: a group's middleware would catch every
	// unknown path and method, hiding 404 and 405.
	e.Use(middleware.CSRFWithConfig(middleware.CSRFConfig{
		Skipper: func(c echo.Context) bool {
			p := c.Request().URL.Path
			return strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/assets/") || p == "/healthz"
		},
		TokenLookup:    "form:_csrf",
		CookieName:     "_csrf",
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSameSite: http.SameSiteLaxMode,
		// A missing token is as much a refusal as a wrong one (Echo says 400).
		ErrorHandler: func(error, echo.Context) error { return echo.ErrForbidden },
	}))
	// Who is asking, and may they? For the API and the pages alike.
	e.Use(s.access)
	g := e.Group("")
	g.GET("/setup", s.handleSetupShow)
	g.POST("/setup", s.handleSetup)
	g.GET("/login", s.handleLoginShow)
	g.POST("/login", s.handleLogin)
	g.POST("/logout", s.handleLogout)
	s.userRoutes(g)
	g.GET("/", s.handleEditionIndex)
	g.GET("/editions/new", s.handleEditionNew)
	g.POST("/editions", s.handleEditionCreate)
	g.POST("/editions/import", s.handleEditionImport)
	g.GET("/editions/:year", s.handleEditionShow)
	g.GET("/editions/:year/edit", s.handleEditionEdit)
	g.POST("/editions/:year", s.handleEditionUpdate)
	s.entityRoutes(g)
	s.mapRoutes(g)
	s.analysisRoutes(g)
	s.annualRoutes(g)
	g.GET("/editions/:year/rapport", s.handleReport)
	s.reviewRoutes(g)
	s.historyRoutes(g)
	s.siteRoutes(g)
}

func (s *Server) handleAsset(c echo.Context) error {
	name := strings.TrimPrefix(c.Param("*"), "/")
	data, err := fs.ReadFile(assets.FS, name)
	if err != nil {
		return echo.ErrNotFound
	}
	if c.QueryParam("v") != "" && c.QueryParam("v") == assets.Sum(name) {
		c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	ctype := "application/octet-stream"
	switch {
	case strings.HasSuffix(name, ".css"):
		ctype = "text/css; charset=utf-8"
	case strings.HasSuffix(name, ".js"):
		ctype = "text/javascript; charset=utf-8"
	case strings.HasSuffix(name, ".svg"):
		ctype = "image/svg+xml"
	case strings.HasSuffix(name, ".png"):
		ctype = "image/png"
	case strings.HasSuffix(name, ".ttf"):
		ctype = "font/ttf"
	}
	return c.Blob(http.StatusOK, ctype, data)
}

// editionInfo finds the edition of a page, for the navigation and the
// Exempeldata notice.
func (s *Server) editionInfo(ctx context.Context, year int) (*kartlaggning.EditionInfo, error) {
	list, err := s.Store.Editions(ctx)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].Year == year {
			return &list[i], nil
		}
	}
	return nil, kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns ingen kartläggning för år %d.", year)
}

// editionPage starts the data of a page inside an edition: it checks the
// year and fills the navigation.
func (s *Server) editionPage(c echo.Context, title string, crumbs ...crumb) (page, int, error) {
	year, err := yearParam(c)
	if err != nil {
		return page{}, 0, err
	}
	info, err := s.editionInfo(c.Request().Context(), year)
	if err != nil {
		return page{}, 0, err
	}
	all := append([]crumb{{Label: "Kartläggningar", URL: "/"}, {Label: itoaYear(year), URL: joinPath("editions", year)}}, crumbs...)
	if len(crumbs) == 0 {
		all[len(all)-1].URL = ""
	}
	p := s.basePage(c, title, all...)
	p.Edition = info
	// The route says which kind the page is about: /editions/:year/<kind>/…
	if parts := strings.Split(c.Path(), "/"); len(parts) > 3 {
		p.Section = parts[3]
	}
	return p, year, nil
}
