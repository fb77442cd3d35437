package views

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

// A published edition is locked (the store refuses every write to it);
// reopening is the one way back, and an admin's to take.

func (s *Server) handleEditionPublish(c echo.Context) error {
	return s.setStatusAndRedirect(c, "published", "Kartläggningen för %d är publicerad och låst för ändringar.")
}

func (s *Server) handleEditionReopen(c echo.Context) error {
	return s.setStatusAndRedirect(c, "draft", "Kartläggningen för %d är öppen för ändringar igen.")
}

func (s *Server) setStatusAndRedirect(c echo.Context, status, done string) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	if _, err := s.Store.SetEditionStatus(c.Request().Context(), year, status, kartlaggning.AnyVersion); err != nil {
		return err
	}
	return redirectWithFlash(c, joinPath("editions", year), fmt.Sprintf(done, year))
}

func (s *Server) handleAPIEditionPublish(c echo.Context) error {
	return s.setStatusAPI(c, "published")
}

func (s *Server) handleAPIEditionReopen(c echo.Context) error {
	return s.setStatusAPI(c, "draft")
}

// setStatusAPI answers with the edition as GET does; If-Match guards
// against publishing an edition someone changed since it was read.
func (s *Server) setStatusAPI(c echo.Context, status string) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	want, err := ifMatch(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := s.Store.SetEditionStatus(ctx, year, status, want); err != nil {
		return err
	}
	ed, version, err := s.Store.Edition(ctx, year)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(version))
	return c.JSON(http.StatusOK, ed)
}
