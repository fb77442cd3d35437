package views

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func (s *Server) handleAPISummary(c echo.Context) error {
	l, err := s.editionOf(c)
	if err != nil {
		return err
	}
	summary, err := l.x.Summarise(c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, summary)
}

// handleAPIOverlaps lists overlapping pairs of forums, or with
// ?group=true the groups they form (default min 0.8 instead of 0.5: see
// kartlaggning.DefaultGroupMin).
func (s *Server) handleAPIOverlaps(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	group, err := boolParam(c, "group")
	if err != nil {
		return err
	}
	def := defaultOverlapMin
	if group {
		def = kartlaggning.DefaultGroupMin
	}
	min, err := overlapMinOr(c, def)
	if err != nil {
		return err
	}
	l, err := s.edition(c.Request().Context(), year)
	if err != nil {
		return err
	}
	x := l.x
	if group {
		groups, err := x.OverlapGroups(min, c.QueryParam("municipality"))
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, groups)
	}
	list, err := overlapsFor(x, min, c.QueryParam("municipality"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) handleAPIMatrix(c echo.Context) error {
	l, err := s.editionOf(c)
	if err != nil {
		return err
	}
	if strings.Contains(c.Request().Header.Get(echo.HeaderAccept), "text/csv") {
		return writeMatrixCSV(c, l.Matrix())
	}
	return c.JSON(http.StatusOK, l.Matrix())
}

func (s *Server) handleAPIMetrics(c echo.Context) error {
	l, err := s.editionOf(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, l.Metrics())
}
