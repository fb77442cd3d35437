package views

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

func (s *Server) handleAPISummary(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	l, err := s.edition(c.Request().Context(), year)
	if err != nil {
		return err
	}
	summary, err := l.x.Summarise(c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, summary)
}

func (s *Server) handleAPIOverlaps(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	min, err := overlapMin(c)
	if err != nil {
		return err
	}
	l, err := s.edition(c.Request().Context(), year)
	if err != nil {
		return err
	}
	x := l.x
	list, err := overlapsFor(x, min, c.QueryParam("municipality"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) handleAPIMatrix(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	l, err := s.edition(c.Request().Context(), year)
	if err != nil {
		return err
	}
	if strings.Contains(c.Request().Header.Get(echo.HeaderAccept), "text/csv") {
		return writeMatrixCSV(c, l.Matrix())
	}
	return c.JSON(http.StatusOK, l.Matrix())
}

func (s *Server) handleAPIMetrics(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	l, err := s.edition(c.Request().Context(), year)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, l.Metrics())
}
