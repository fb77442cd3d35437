package views

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kartlaggning/kartlaggning/kartlaggning"
)

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
		out[i] = forReader(c, v.Entity)
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
	return c.JSON(http.StatusOK, forReader(c, v.Entity))
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
