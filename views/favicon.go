package views

import (
	"io/fs"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/assets"
)

// handleFavicon answers the browser's own request for /favicon.ico with
// the SVG icon the pages link to: without it every fresh page logs a 404.
// Browsers read the type from the header, not from the name.
func (s *Server) handleFavicon(c echo.Context) error {
	data, err := fs.ReadFile(assets.FS, "img/favicon.svg")
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=86400")
	return c.Blob(http.StatusOK, "image/svg+xml", data)
}
