package views

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

func (s *Server) apiRoutes(g *echo.Group) {
	g.GET("/backup", s.handleAPIBackup)
	g.GET("/editions", s.handleAPIEditionIndex)
	g.POST("/editions/import", s.handleAPIImport)
	g.GET("/editions/:year", s.handleAPIEditionShow)
	g.DELETE("/editions/:year", s.handleAPIEditionDelete)
	g.GET("/editions/:year/export", s.handleAPIExport)
	g.GET("/editions/:year/:kind", s.handleAPIEntityIndex)
	g.POST("/editions/:year/:kind", s.handleAPIEntityCreate)
	g.GET("/editions/:year/:kind/:id", s.handleAPIEntityShow)
	g.PUT("/editions/:year/:kind/:id", s.handleAPIEntityUpdate)
	g.DELETE("/editions/:year/:kind/:id", s.handleAPIEntityDelete)
	s.mapAPIRoutes(g)
	s.analysisAPIRoutes(g)
	s.annualAPIRoutes(g)
}

// readBody reads at most limit bytes of the request body.
func readBody(c echo.Context, limit int64) ([]byte, error) {
	data, err := io.ReadAll(http.MaxBytesReader(c.Response(), c.Request().Body, limit))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, kartlaggning.Errorf(kartlaggning.ETOOLARGE, "Innehållet är för stort: högst %d MiB.", limit>>20)
	}
	var he *echo.HTTPError // from the BodyLimit middleware
	if errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge {
		return nil, kartlaggning.Errorf(kartlaggning.ETOOLARGE, "Innehållet är för stort: högst %d MiB.", limit>>20)
	}
	return data, err
}

// decodeBody reads a JSON body into v with the domain's strict decoder.
func decodeBody(c echo.Context, limit int64, v any) error {
	if ct := c.Request().Header.Get(echo.HeaderContentType); ct != "" && !strings.HasPrefix(ct, echo.MIMEApplicationJSON) {
		return &echo.HTTPError{Code: http.StatusUnsupportedMediaType}
	}
	data, err := readBody(c, limit)
	if err != nil {
		return err
	}
	return kartlaggning.DecodeJSON(data, v)
}

// yearParam parses the :year path parameter.
func yearParam(c echo.Context) (int, error) {
	y, err := strconv.Atoi(c.Param("year"))
	if err != nil || y < 2000 || y > 2100 {
		return 0, kartlaggning.Errorf(kartlaggning.ENOTFOUND, "Det finns ingen kartläggning för år %q.", c.Param("year"))
	}
	return y, nil
}

func etag(version int64) string { return fmt.Sprintf(`"%d"`, version) }

// ifMatch returns the version the client had (If-Match), or AnyVersion
// when the header is absent or "*".
func ifMatch(c echo.Context) (int64, error) {
	h := strings.TrimSpace(c.Request().Header.Get("If-Match"))
	if h == "" || h == "*" {
		return kartlaggning.AnyVersion, nil
	}
	h = strings.TrimPrefix(h, "W/")
	v, err := strconv.ParseInt(strings.Trim(h, `"`), 10, 64)
	if err != nil || v < 1 {
		return 0, kartlaggning.Errorf(kartlaggning.EPRECONDITION, "If-Match %q är inte en version som servern har gett ut.", h)
	}
	return v, nil
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
	if c.QueryParam("download") != "" {
		c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="kartlaggning-%d.json"`, year))
	}
	return c.JSONPretty(http.StatusOK, doc, "  ")
}

func entityParams(c echo.Context) (int, kartlaggning.Kind, error) {
	year, err := yearParam(c)
	if err != nil {
		return 0, "", err
	}
	kind, err := kartlaggning.ParseKind(c.Param("kind"))
	return year, kind, err
}

func (s *Server) handleAPIEntityIndex(c echo.Context) error {
	year, kind, err := entityParams(c)
	if err != nil {
		return err
	}
	list, err := s.Store.List(c.Request().Context(), year, kind)
	if err != nil {
		return err
	}
	out := make([]kartlaggning.Entity, len(list))
	for i, v := range list {
		out[i] = v.Entity
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) handleAPIEntityShow(c echo.Context) error {
	year, kind, err := entityParams(c)
	if err != nil {
		return err
	}
	v, err := s.Store.Get(c.Request().Context(), year, kind, c.Param("id"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(v.Version))
	return c.JSON(http.StatusOK, v.Entity)
}

func (s *Server) handleAPIEntityCreate(c echo.Context) error {
	year, kind, err := entityParams(c)
	if err != nil {
		return err
	}
	e := kind.New()
	if err := decodeBody(c, bodyLimit, e); err != nil {
		return err
	}
	version, err := s.Store.Create(c.Request().Context(), year, e)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("ETag", etag(version))
	h.Set(echo.HeaderLocation, fmt.Sprintf("/api/v1/editions/%d/%s/%s", year, kind, e.EntityID()))
	return c.JSON(http.StatusCreated, e)
}

func (s *Server) handleAPIEntityUpdate(c echo.Context) error {
	year, kind, err := entityParams(c)
	if err != nil {
		return err
	}
	want, err := ifMatch(c)
	if err != nil {
		return err
	}
	e := kind.New()
	if err := decodeBody(c, bodyLimit, e); err != nil {
		return err
	}
	if id := e.EntityID(); id != c.Param("id") {
		return &kartlaggning.Error{Code: kartlaggning.EINVALID, Message: "Id i innehållet stämmer inte med adressen; ett id kan inte ändras.",
			Fields: []kartlaggning.FieldError{{Path: "id", Message: fmt.Sprintf("Id måste vara %q (som i adressen).", c.Param("id"))}}}
	}
	if principal(c).Role == kartlaggning.RoleManager {
		stored, err := s.Store.Get(c.Request().Context(), year, kind, e.EntityID())
		if err != nil {
			return err
		}
		e = restrictToRole(c, stored.Entity, e)
	}
	version, err := s.Store.Update(c.Request().Context(), year, e, want)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(version))
	return c.JSON(http.StatusOK, e)
}

func (s *Server) handleAPIEntityDelete(c echo.Context) error {
	year, kind, err := entityParams(c)
	if err != nil {
		return err
	}
	want, err := ifMatch(c)
	if err != nil {
		return err
	}
	if err := s.Store.Delete(c.Request().Context(), year, kind, c.Param("id"), want); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// handleAPIBackup streams a consistent copy of the database file (a hot
// backup: the service keeps running).
func (s *Server) handleAPIBackup(c echo.Context) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "application/octet-stream")
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="kartlaggning-%s.db"`, now().Format("2006-01-02-150405")))
	_, err := s.Store.Backup(c.Response(), func(n int64) {
		h.Set(echo.HeaderContentLength, strconv.FormatInt(n, 10))
		c.Response().WriteHeader(http.StatusOK)
	})
	return err
}
