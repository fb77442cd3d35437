package views

import (
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/assets"
)

// accessibilityReviewed is when the statement below was last checked
// against the service; change it with the statement.
var accessibilityReviewed = time.Date(2026, time.November, 22, 0, 0, 0, 0, time.UTC)

// diggComplaintURL is DIGG's form for reporting a public body's digital
// service as inaccessible, which the law requires the statement to link.
const diggComplaintURL = "https://www.digg.se/analys-och-uppfoljning/lagen-om-tillganglighet-till-digital-offentlig-service-dos-lagen/anmal-bristande-tillganglighet"

type accessibilityPage struct {
	page
	Reviewed   time.Time
	Contact    string // as configured: an e-mail address, a web address or a text
	ContactURL string // mailto: or http(s): for Contact, "" for plain text
	DiggURL    string
}

// handleAccessibility is the tillgänglighetsredogörelse that DOS-lagen
// requires of a public body's digital service.
func (s *Server) handleAccessibility(c echo.Context) error {
	p := s.basePage(c, "Tillgänglighetsredogörelse", crumb{Label: "Kartläggningar", URL: "/"}, crumb{Label: "Tillgänglighet"})
	data := accessibilityPage{page: p, Reviewed: accessibilityReviewed, Contact: strings.TrimSpace(s.Contact), DiggURL: diggComplaintURL}
	switch {
	case strings.HasPrefix(data.Contact, "http://"), strings.HasPrefix(data.Contact, "https://"):
		data.ContactURL = data.Contact
	case strings.Contains(data.Contact, "@") && !strings.ContainsAny(data.Contact, " <>"):
		data.ContactURL = "mailto:" + data.Contact
	}
	return c.Render(http.StatusOK, "accessibility", data)
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

func (s *Server) handleHealth(c echo.Context) error { return c.String(http.StatusOK, "ok") }
