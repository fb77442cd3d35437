package views

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
	"github.com/kartlaggning/kartlaggning/kartlaggning/exports"
)

// isXLSX tells a workbook from JSON by its content type.
func isXLSX(c echo.Context) bool {
	return strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), exports.XLSXContentType)
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

// zipMagic starts every .xlsx file (a zip archive).
var zipMagic = []byte("PK\x03\x04")

// decodeUpload reads an uploaded file: an Excel workbook by its name or
// its first bytes, else a kartlaggning/v1 document.
func decodeUpload(name string, data []byte) (*kartlaggning.Document, error) {
	if strings.HasSuffix(strings.ToLower(name), ".xlsx") || bytes.HasPrefix(data, zipMagic) {
		return exports.ReadXLSX(bytes.NewReader(data))
	}
	var doc kartlaggning.Document
	if err := kartlaggning.DecodeJSON(data, &doc); err != nil {
		return nil, err
	}
	return &doc, nil
}
