package views

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/exports"
)

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

func (s *Server) handleAPIEditionNext(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	next, counts, err := kartlaggning.StartNextEdition(c.Request().Context(), s.Store, year)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, fmt.Sprintf("/api/v1/editions/%d", next))
	return c.JSON(http.StatusCreated, map[string]any{"year": next, "counts": counts})
}

func (s *Server) handleAPIEditionIndex(c echo.Context) error {
	list, err := s.Store.Editions(c.Request().Context())
	if err != nil {
		return err
	}
	list = visibleEditions(c, list)
	if list == nil {
		list = []kartlaggning.EditionInfo{}
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) handleAPIEditionShow(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	ed, version, err := s.Store.Edition(c.Request().Context(), year)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(version))
	return c.JSON(http.StatusOK, ed)
}

func (s *Server) handleAPIEditionDelete(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	want, err := ifMatch(c)
	if err != nil {
		return err
	}
	if err := s.Store.DeleteEdition(c.Request().Context(), year, want); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) handleAPIImport(c echo.Context) error {
	if isXLSX(c) {
		return s.handleAPIImportXLSX(c)
	}
	var doc kartlaggning.Document
	if err := decodeBody(c, importBodyLimit, &doc); err != nil {
		return err
	}
	replace, _ := strconv.ParseBool(c.QueryParam("replace"))
	counts, err := s.Store.Import(c.Request().Context(), &doc, replace)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, fmt.Sprintf("/api/v1/editions/%d", doc.Edition.Year))
	return c.JSON(http.StatusCreated, map[string]any{"year": doc.Edition.Year, "counts": counts})
}

func (s *Server) handleAPIExport(c echo.Context) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	doc, err := s.Store.Export(c.Request().Context(), year)
	if err != nil {
		return err
	}
	if principal(c).Anonymous() {
		doc = doc.WithoutReviews()
	}
	if c.QueryParam("download") != "" {
		c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="kartlaggning-%d.json"`, year))
	}
	return c.JSONPretty(http.StatusOK, doc, "  ")
}

// handleAPIBackup streams a consistent copy of the database file (a hot
// backup: the service keeps running).
func (s *Server) handleAPIBackup(c echo.Context) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "application/octet-stream")
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="kartlaggning-%s.db"`, s.now().Format("2006-01-02-150405")))
	_, err := s.Store.Backup(c.Response(), func(n int64) {
		h.Set(echo.HeaderContentLength, strconv.FormatInt(n, 10))
		c.Response().WriteHeader(http.StatusOK)
	})
	return err
}

// handleAPIImportXLSX imports a workbook: the same all-or-nothing import
// as a kartlaggning/v1 document, with errors that name sheet, row and
// column.
func (s *Server) handleAPIImportXLSX(c echo.Context) error {
	data, err := readBody(c, importBodyLimit)
	if err != nil {
		return err
	}
	doc, err := exports.ReadXLSX(bytes.NewReader(data))
	if err != nil {
		return err
	}
	replace, _ := strconv.ParseBool(c.QueryParam("replace"))
	counts, err := s.Store.Import(c.Request().Context(), doc, replace)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, fmt.Sprintf("/api/v1/editions/%d", doc.Edition.Year))
	return c.JSON(http.StatusCreated, map[string]any{"year": doc.Edition.Year, "counts": counts})
}
